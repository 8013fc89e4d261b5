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
 * a usage or socket error. Built on ../nlmsg.h.
 */
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "../nlmsg.h"

/* One ATTR argument into the request; 0 on success. */
static int put_arg(struct req *r, const char *arg)
{
	char *end, *val;
	unsigned long type = strtoul(arg, &end, 0);
	unsigned char mac[6];
	__u16 v16;
	__s32 s32;

	if (end == arg || *end != '=')
		return -1;
	val = end + 1;
	if (!strncmp(val, "u32:", 4)) {
		req_u32(r, type, strtoul(val + 4, NULL, 0));
	} else if (!strncmp(val, "u16:", 4)) {
		v16 = strtoul(val + 4, NULL, 0);
		req_put(r, type, &v16, sizeof(v16));
	} else if (!strncmp(val, "s32:", 4)) {
		s32 = strtol(val + 4, NULL, 0);
		req_put(r, type, &s32, sizeof(s32));
	} else if (!strncmp(val, "mac:", 4) &&
		   sscanf(val + 4, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
			  &mac[2], &mac[3], &mac[4], &mac[5]) == 6) {
		req_put(r, type, mac, sizeof(mac));
	} else {
		return -1;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: rtnl_macvlan.bin add NAME LOWER [ATTR...] | set NAME [ATTR...]\n"
		"ATTR: TYPE=u32:N | TYPE=u16:N | TYPE=s32:N | TYPE=mac:XX:XX:XX:XX:XX:XX\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct req r;
	static struct answer ans;
	struct ifinfomsg *ifi;
	struct nlattr *linkinfo, *data;
	int add, first, fd, i;
	__u32 lower;

	if (argc < 3)
		return usage();
	add = !strcmp(argv[1], "add");
	if ((!add && strcmp(argv[1], "set")) || (add && argc < 4))
		return usage();

	req_start(&r, RTM_NEWLINK, add ? NLM_F_CREATE | NLM_F_EXCL : 0, sizeof(*ifi));
	ifi = NLMSG_DATA(&r.nlh);
	if (add) {
		lower = if_nametoindex(argv[3]);
		if (!lower) {
			fprintf(stderr, "rtnl_macvlan: no device %s\n", argv[3]);
			return 2;
		}
		req_str(&r, IFLA_IFNAME, argv[2]);
		req_u32(&r, IFLA_LINK, lower);
		first = 4;
	} else {
		ifi->ifi_index = if_nametoindex(argv[2]);
		if (!ifi->ifi_index) {
			fprintf(stderr, "rtnl_macvlan: no device %s\n", argv[2]);
			return 2;
		}
		first = 3;
	}
	linkinfo = nest_start(&r, IFLA_LINKINFO);
	req_str(&r, IFLA_INFO_KIND, "macvlan");
	data = nest_start(&r, IFLA_INFO_DATA);
	for (i = first; i < argc; i++) {
		if (put_arg(&r, argv[i])) {
			fprintf(stderr, "rtnl_macvlan: bad attribute %s\n", argv[i]);
			return usage();
		}
	}
	nest_end(&r, data);
	nest_end(&r, linkinfo);

	fd = nl_open_proto(NETLINK_ROUTE);
	if (fd < 0) {
		perror("rtnl_macvlan");
		return 2;
	}
	talk(fd, &r, &ans);
	if (ans.err > 0) {
		fprintf(stderr, "rtnl_macvlan: no answer\n");
		return 2;
	}
	if (!ans.err) {
		printf("ok\n");
		return 0;
	}
	printf("%s%s%s\n", strerrorname_np(-ans.err), *ans.msg ? ": " : "", ans.msg);
	return 1;
}
