/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw netlink for the C selftests: build a request attribute by attribute
 * (malformed ones too), send it, collect the ACK's errno and extack message
 * and the first reply's attributes. No libnl: the tests must be able to
 * send what a library would refuse to build.
 */
#ifndef MVLAN_SELFTEST_NLMSG_H
#define MVLAN_SELFTEST_NLMSG_H

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

/* ---- requests ------------------------------------------------------------ */

/* A user that sends bigger requests (the fuzzer) defines it first. */
#ifndef NLMSG_REQ_SIZE
#define NLMSG_REQ_SIZE	8192
#endif

struct req {
	union {
		struct nlmsghdr nlh;
		char buf[NLMSG_REQ_SIZE];
	};
	int hdrlen;		/* the family header after nlmsghdr */
};

/* A request of @type with a zeroed family header of @hdrlen bytes. */
static inline void req_start(struct req *r, __u16 type, __u16 flags, int hdrlen)
{
	memset(r, 0, sizeof(*r));
	r->hdrlen = hdrlen;
	r->nlh.nlmsg_len = NLMSG_LENGTH(hdrlen);
	r->nlh.nlmsg_type = type;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
}

static inline struct nlattr *req_put(struct req *r, __u16 type, const void *data,
			      int len)
{
	struct nlattr *a = (void *)(r->buf + NLMSG_ALIGN(r->nlh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static inline void req_u32(struct req *r, __u16 type, __u32 v)
{
	req_put(r, type, &v, sizeof(v));
}

static inline void req_str(struct req *r, __u16 type, const char *s)
{
	req_put(r, type, s, strlen(s) + 1);
}

static inline struct nlattr *nest_start(struct req *r, __u16 type)
{
	return req_put(r, type | NLA_F_NESTED, NULL, 0);
}

static inline void nest_end(struct req *r, struct nlattr *nest)
{
	nest->nla_len = r->buf + r->nlh.nlmsg_len - (char *)nest;
}

/* ---- answers ------------------------------------------------------------- */

struct answer {
	int hdrlen;		/* of the request's family */
	int err;		/* from the ACK or DONE; 1 when nothing came */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" when absent */
	int replies;		/* data messages */
	char first[8192];	/* the first one's attributes */
	int first_len;
};

static inline void parse_tlvs(struct answer *ans, const char *p, int rem)
{
	const struct nlattr *a = (const void *)p;

	while (rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem) {
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			snprintf(ans->msg, sizeof(ans->msg), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN),
				 (const char *)a + NLA_HDRLEN);
		rem -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
}

/* Handles one message; returns 1 when it ended the exchange. */
static inline int take(struct answer *ans, const struct nlmsghdr *nh)
{
	const char *data = NLMSG_DATA(nh);
	int len = nh->nlmsg_len - NLMSG_HDRLEN;

	if (nh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = (const void *)data;
		int off = sizeof(*e);

		ans->err = e->error;
		if (!(nh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
		if (nh->nlmsg_flags & NLM_F_ACK_TLVS)
			parse_tlvs(ans, data + off, len - off);
		return 1;
	}
	if (nh->nlmsg_type == NLMSG_DONE) {
		ans->err = *(const int *)data;
		if (nh->nlmsg_flags & NLM_F_ACK_TLVS)
			parse_tlvs(ans, data + NLMSG_ALIGN(sizeof(int)),
				   len - NLMSG_ALIGN(sizeof(int)));
		return 1;
	}
	/* (a dump's message can be longer than first[]: its head is kept) */
	if (!ans->replies++ && len >= ans->hdrlen) {
		ans->first_len = len - ans->hdrlen;
		if (ans->first_len > (int)sizeof(ans->first))
			ans->first_len = sizeof(ans->first);
		memcpy(ans->first, data + ans->hdrlen, ans->first_len);
	}
	return 0;
}

static inline int nl_open_proto(int proto)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Sends @len bytes of @r (its nlmsg_len when 0) and collects the answer. */
static inline void talk_len(int fd, struct req *r, int len, struct answer *ans,
		     int timeout_ms)
{
	static char buf[65536];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n;

	memset(ans, 0, sizeof(*ans));
	ans->hdrlen = r->hdrlen;
	ans->err = 1;
	r->nlh.nlmsg_seq++;
	if (send(fd, r->buf, len ?: (int)r->nlh.nlmsg_len, 0) < 0) {
		ans->err = -errno;
		return;
	}
	while (poll(&pfd, 1, timeout_ms) == 1) {
		struct nlmsghdr *nh = (void *)buf;

		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			ans->err = -errno;
			return;
		}
		for (; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n))
			if (take(ans, nh))
				return;
	}
}

static inline void talk(int fd, struct req *r, struct answer *ans)
{
	talk_len(fd, r, 0, ans, 5000);
}

static inline const struct nlattr *attr_find(const char *p, int rem, int type)
{
	const struct nlattr *a = (const void *)p;

	while (rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem) {
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		rem -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	return NULL;
}

static inline const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static inline __u32 answer_u32(const struct answer *ans, int type)
{
	const struct nlattr *a = attr_find(ans->first, ans->first_len, type);

	return a ? *(const __u32 *)attr_data(a) : 0;
}

/* Runs `ip ARGS...` (from the usual places) through the shell. */
static inline int sh(const char *fmt, ...)
{
	static const char * const ips[] = {
		"/sbin/ip", "/usr/sbin/ip", "/bin/ip", "/usr/bin/ip",
	};
	const char *ip = "ip";
	char cmd[512];
	va_list ap;
	int len;
	size_t i;

	for (i = 0; i < sizeof(ips) / sizeof(ips[0]); i++) {
		if (!access(ips[i], X_OK)) {
			ip = ips[i];
			break;
		}
	}
	len = snprintf(cmd, sizeof(cmd), "%s ", ip);
	va_start(ap, fmt);
	vsnprintf(cmd + len, sizeof(cmd) - len, fmt, ap);
	va_end(ap);
	return system(cmd);
}

#endif /* MVLAN_SELFTEST_NLMSG_H */
