// SPDX-License-Identifier: GPL-2.0
/*
 * rtnl_macvlan: one RTM_NEWLINK of kind "macvlan" carrying raw
 * IFLA_MACVLAN_* attributes, for the requests ip(8) cannot make (an
 * output-only attribute, undefined bits or modes, a short attribute,
 * BC_CUTOFF from an old iproute2). Used by iplink.sh, in the caller's
 * network namespace.
 *
 *   rtnl_macvlan.bin add NAME LOWER [ATTR...]   create NAME on LOWER
 *   rtnl_macvlan.bin set NAME [ATTR...]         change NAME
 *   ATTR: TYPE=u32:N | TYPE=u16:N | TYPE=s32:N | TYPE=mac:XX:XX:XX:XX:XX:XX
 *         (TYPE is the IFLA_MACVLAN_* number)
 *
 * Prints "ok" or the errno's name and the kernel's extack message if any;
 * exits 0 when the kernel accepted the request, 1 when it refused it, 2 on
 * a usage or socket error.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_SIZE 4096

struct req {
	char *buf;
	size_t len;
};

static struct nlattr *attr_put(struct req *r, unsigned short type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(r->buf + r->len);

	if (r->len + NLA_HDRLEN + NLA_ALIGN(len) > BUF_SIZE) {
		fprintf(stderr, "rtnl_macvlan: request too long\n");
		exit(2);
	}
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->len += NLA_HDRLEN + NLA_ALIGN(len);
	return a;
}

static void nest_end(struct req *r, struct nlattr *nest)
{
	nest->nla_len = r->buf + r->len - (char *)nest;
}

/* One ATTR argument into the request; 0 on success. */
static int put_arg(struct req *r, const char *arg)
{
	char *end, *val;
	unsigned long type = strtoul(arg, &end, 0);
	unsigned char mac[6];

	if (end == arg || *end != '=')
		return -1;
	val = end + 1;
	if (!strncmp(val, "u32:", 4)) {
		uint32_t v = strtoul(val + 4, NULL, 0);

		attr_put(r, type, &v, sizeof(v));
	} else if (!strncmp(val, "u16:", 4)) {
		uint16_t v = strtoul(val + 4, NULL, 0);

		attr_put(r, type, &v, sizeof(v));
	} else if (!strncmp(val, "s32:", 4)) {
		int32_t v = strtol(val + 4, NULL, 0);

		attr_put(r, type, &v, sizeof(v));
	} else if (!strncmp(val, "mac:", 4)) {
		if (sscanf(val + 4, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
			   &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
			return -1;
		attr_put(r, type, mac, sizeof(mac));
	} else {
		return -1;
	}
	return 0;
}

/* The extack message of an NLMSG_ERROR, or NULL. */
static const char *extack_msg(struct nlmsghdr *h)
{
	struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = sizeof(*e);
	struct nlattr *a;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	while (NLMSG_HDRLEN + off + NLA_HDRLEN <= h->nlmsg_len) {
		a = (struct nlattr *)((char *)e + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == NLMSGERR_ATTR_MSG)
			return (const char *)a + NLA_HDRLEN;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: rtnl_macvlan.bin add NAME LOWER [ATTR...] | set NAME [ATTR...]\n"
		"ATTR: TYPE=u32:N | TYPE=u16:N | TYPE=s32:N | TYPE=mac:XX:XX:XX:XX:XX:XX\n");
	return 2;
}

int main(int argc, char **argv)
{
	static char buf[BUF_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	static char ans[BUF_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct req r = { .buf = buf };
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct ifinfomsg *ifi;
	struct nlattr *linkinfo, *data;
	int add, first, one = 1, fd, i, err;
	unsigned int lower;
	const char *msg;
	ssize_t n;

	if (argc < 3)
		return usage();
	add = !strcmp(argv[1], "add");
	if (!add && strcmp(argv[1], "set"))
		return usage();
	if (add && argc < 4)
		return usage();

	h->nlmsg_type = RTM_NEWLINK;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = 1;
	r.len = NLMSG_HDRLEN;
	ifi = (struct ifinfomsg *)(buf + r.len);
	r.len += NLMSG_ALIGN(sizeof(*ifi));
	if (add) {
		h->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
		lower = if_nametoindex(argv[3]);
		if (!lower) {
			fprintf(stderr, "rtnl_macvlan: no device %s\n", argv[3]);
			return 2;
		}
		attr_put(&r, IFLA_IFNAME, argv[2], strlen(argv[2]) + 1);
		attr_put(&r, IFLA_LINK, &lower, sizeof(lower));
		first = 4;
	} else {
		ifi->ifi_index = if_nametoindex(argv[2]);
		if (!ifi->ifi_index) {
			fprintf(stderr, "rtnl_macvlan: no device %s\n", argv[2]);
			return 2;
		}
		first = 3;
	}
	linkinfo = attr_put(&r, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0);
	attr_put(&r, IFLA_INFO_KIND, "macvlan", sizeof("macvlan"));
	data = attr_put(&r, IFLA_INFO_DATA | NLA_F_NESTED, NULL, 0);
	for (i = first; i < argc; i++) {
		if (put_arg(&r, argv[i])) {
			fprintf(stderr, "rtnl_macvlan: bad attribute %s\n", argv[i]);
			return usage();
		}
	}
	nest_end(&r, data);
	nest_end(&r, linkinfo);
	h->nlmsg_len = r.len;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 || setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    sendto(fd, buf, r.len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		perror("rtnl_macvlan");
		return 2;
	}
	for (;;) {
		n = recv(fd, ans, sizeof(ans), 0);
		if (n < 0) {
			perror("rtnl_macvlan: recv");
			return 2;
		}
		for (h = (struct nlmsghdr *)ans; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq != 1)
				continue;
			err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (!err) {
				printf("ok\n");
				return 0;
			}
			msg = extack_msg(h);
			printf("%s%s%s\n", strerrorname_np(-err), msg ? ": " : "", msg ? msg : "");
			return 1;
		}
	}
}
