// SPDX-License-Identifier: GPL-2.0
/*
 * The mvlan generic netlink family spoken raw, without libnl: malformed and
 * unprivileged requests must fail with the right errno and an extack message
 * a person can act on, and a well-formed create/get/dump/delete must work.
 *
 * Needs root and mvlan.ko loaded; skips when the family does not exist.
 */
#include <errno.h>
#include <grp.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mvlan.h>

/* The 6.12 harness has an unused parameter; -Wextra must not fail on it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop

/* The limit tests send MVLAN_SOURCES_MAX + 1 MACs, MVLAN_BATCH_MAX + 1 ifindexes. */
#define NLMSG_REQ_SIZE	(128 * 1024)
#include "nlmsg.h"

#define LOWER	"mvraw0"

static struct genlmsghdr *req_genl(struct req *r)
{
	return NLMSG_DATA(&r->nlh);
}

static void req_init(struct req *r, __u16 family, __u8 cmd, __u16 flags)
{
	req_start(r, family, flags, GENL_HDRLEN);
	req_genl(r)->cmd = cmd;
	req_genl(r)->version = MVLAN_FAMILY_VERSION;
}

static int nl_open(void)
{
	return nl_open_proto(NETLINK_GENERIC);
}

static int resolve_family(int fd)
{
	const struct nlattr *id;
	struct answer ans;
	struct req r;

	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	req_genl(&r)->version = 2;
	req_str(&r, CTRL_ATTR_FAMILY_NAME, MVLAN_FAMILY_NAME);
	talk(fd, &r, &ans);
	if (ans.err || !ans.replies)
		return -1;
	id = attr_find(ans.first, ans.first_len, CTRL_ATTR_FAMILY_ID);
	return id ? *(const __u16 *)attr_data(id) : -1;
}

/* The id of the monitor group, from the family's description. */
static int resolve_monitor(int fd)
{
	const struct nlattr *grps, *g;
	struct answer ans;
	struct req r;
	int rem;

	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	req_str(&r, CTRL_ATTR_FAMILY_NAME, MVLAN_FAMILY_NAME);
	talk(fd, &r, &ans);
	grps = attr_find(ans.first, ans.first_len, CTRL_ATTR_MCAST_GROUPS);
	if (ans.err || !grps)
		return -1;
	g = attr_data(grps);
	rem = grps->nla_len - NLA_HDRLEN;
	while (rem >= NLA_HDRLEN && g->nla_len >= NLA_HDRLEN && g->nla_len <= rem) {
		const struct nlattr *name, *id;

		name = attr_find(attr_data(g), g->nla_len - NLA_HDRLEN,
				 CTRL_ATTR_MCAST_GRP_NAME);
		id = attr_find(attr_data(g), g->nla_len - NLA_HDRLEN,
			       CTRL_ATTR_MCAST_GRP_ID);
		if (name && id && !strcmp(attr_data(name), MVLAN_MCGRP_MONITOR))
			return *(const __u32 *)attr_data(id);
		rem -= NLA_ALIGN(g->nla_len);
		g = (const void *)((const char *)g + NLA_ALIGN(g->nla_len));
	}
	return -1;
}

/* Next notification: its command, its IFINDEX in *@ifindex; -1 on timeout. */
static int next_event(int fd, __u32 *ifindex, int *has_netnsid)
{
	static char buf[65536];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *nh = (void *)buf;
	const struct genlmsghdr *g;
	const struct nlattr *a;
	int n, len;

	if (poll(&pfd, 1, 3000) != 1)
		return -1;
	/* one message per datagram for multicast */
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < (int)NLMSG_LENGTH(GENL_HDRLEN) || !NLMSG_OK(nh, n))
		return -1;
	g = NLMSG_DATA(nh);
	len = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	a = attr_find((const char *)g + GENL_HDRLEN, len, MVLAN_A_IFINDEX);
	*ifindex = a ? *(const __u32 *)attr_data(a) : 0;
	*has_netnsid = !!attr_find((const char *)g + GENL_HDRLEN, len,
				   MVLAN_A_NETNSID);
	return g->cmd;
}

/* ---- the system ---------------------------------------------------------- */

/* ---- tests --------------------------------------------------------------- */

FIXTURE(nl) {
	int fd;
	int family;
	int lower;
	struct req r;
	struct answer ans;
};

FIXTURE_SETUP(nl)
{
	self->fd = nl_open();
	ASSERT_LE(0, self->fd);
	self->family = resolve_family(self->fd);
	if (self->family < 0)
		SKIP(return, "generic netlink family mvlan not found (is mvlan.ko loaded?)");
	sh("link del " LOWER " >/dev/null 2>&1");
	ASSERT_EQ(0, sh("link add " LOWER " type dummy"));
	ASSERT_EQ(0, sh("link set " LOWER " up"));
	self->lower = if_nametoindex(LOWER);
	ASSERT_LT(0, self->lower);
}

FIXTURE_TEARDOWN(nl)
{
	if (self->family >= 0)
		sh("link del " LOWER " >/dev/null 2>&1");
	close(self->fd);
}

#define REQ(cmd, flags)	req_init(&self->r, self->family, (cmd), (flags))
#define TALK()		talk(self->fd, &self->r, &self->ans)

/* The request failed with -@errno_ and an extack containing @text. */
#define EXPECT_REJECT(errno_, text) do {				\
	TH_LOG("errno %d, extack \"%s\"", -self->ans.err, self->ans.msg); \
	ASSERT_EQ(-(errno_), self->ans.err);				\
	ASSERT_NE(NULL, strstr(self->ans.msg, (text)));			\
	ASSERT_NE('\0', self->ans.msg[0]);				\
} while (0)

TEST_F(nl, dev_new_without_link)
{
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_str(&self->r, MVLAN_A_IFNAME, "mvraw1");
	TALK();
	EXPECT_REJECT(EINVAL, "LINK");
}

TEST_F(nl, unknown_attribute_type)
{
	REQ(MVLAN_CMD_DEV_GET, 0);
	req_u32(&self->r, MVLAN_A_MAX + 10, 1);
	TALK();
	EXPECT_REJECT(EINVAL, "Unknown attribute");
}

TEST_F(nl, attribute_of_another_command)
{
	REQ(MVLAN_CMD_DEV_GET, 0);
	req_u32(&self->r, MVLAN_A_COUNT, 2);
	TALK();
	EXPECT_REJECT(EINVAL, "Unsupported attribute");
}

TEST_F(nl, mac_too_short)
{
	static const __u8 mac[5] = { 0x02, 1, 2, 3, 4 };

	REQ(MVLAN_CMD_DEV_SET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	req_put(&self->r, MVLAN_A_MAC, mac, sizeof(mac));
	TALK();
	EXPECT_REJECT(ERANGE, "size");
}

TEST_F(nl, mac_too_long)
{
	static const __u8 mac[7] = { 0x02, 1, 2, 3, 4, 5, 6 };

	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_put(&self->r, MVLAN_A_MAC, mac, sizeof(mac));
	TALK();
	EXPECT_REJECT(ERANGE, "size");
}

TEST_F(nl, u32_too_short)
{
	__u16 mode = MVLAN_MODE_BRIDGE;

	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_put(&self->r, MVLAN_A_MODE, &mode, sizeof(mode));
	TALK();
	EXPECT_REJECT(EINVAL, "length");
}

TEST_F(nl, ifname_too_long)
{
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_str(&self->r, MVLAN_A_IFNAME, "mvraw_0123456789");	/* 16 */
	TALK();
	EXPECT_REJECT(EINVAL, "longer than 15");
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_str(&self->r, MVLAN_A_IFNAME,
		"a_name_that_goes_on_and_on_for_far_too_long");
	TALK();
	EXPECT_REJECT(EINVAL, "longer than 15");
}

TEST_F(nl, reply_only_attribute)
{
	__u8 carrier = 1;

	REQ(MVLAN_CMD_DEV_SET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	req_put(&self->r, MVLAN_A_CARRIER, &carrier, sizeof(carrier));
	TALK();
	EXPECT_REJECT(EINVAL, "only sent by the kernel");
}

/* A child's kind is fixed at creation: TAP anywhere but DEV_NEW is refused. */
TEST_F(nl, tap_only_at_creation)
{
	REQ(MVLAN_CMD_DEV_SET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	req_put(&self->r, MVLAN_A_TAP, NULL, 0);
	TALK();
	EXPECT_REJECT(EINVAL, "TAP is given at creation (DEV_NEW)");
}

/* The core answers these before the family runs: no extack text. */
TEST_F(nl, unknown_command)
{
	REQ(MVLAN_CMD_MAX + 20, 0);
	TALK();
	ASSERT_EQ(-EOPNOTSUPP, self->ans.err);
	REQ(MVLAN_CMD_DEV_NEW_NTF, 0);
	TALK();
	ASSERT_EQ(-EOPNOTSUPP, self->ans.err);
}

TEST_F(nl, dump_of_do_only_command)
{
	REQ(MVLAN_CMD_DEV_NEW, NLM_F_DUMP);
	TALK();
	ASSERT_EQ(-EOPNOTSUPP, self->ans.err);
}

TEST_F(nl, reserved_header_byte)
{
	REQ(MVLAN_CMD_DEV_GET, 0);
	req_genl(&self->r)->reserved = 1;
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	TALK();
	EXPECT_REJECT(EINVAL, "reserved");
}

TEST_F(nl, mode_out_of_range)
{
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_u32(&self->r, MVLAN_A_MODE, 3);
	TALK();
	EXPECT_REJECT(EINVAL, "MODE 3");
	REQ(MVLAN_CMD_DEV_SET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	req_u32(&self->r, MVLAN_A_MODE, 12);
	TALK();
	EXPECT_REJECT(EINVAL, "MODE 12");
	REQ(MVLAN_CMD_DEV_SET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	req_u32(&self->r, MVLAN_A_MODE, 0);
	TALK();
	EXPECT_REJECT(ERANGE, "out of range");
}

TEST_F(nl, flags_out_of_range)
{
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_u32(&self->r, MVLAN_A_FLAGS, MVLAN_FLAGS_ALL + 1);
	TALK();
	EXPECT_REJECT(EINVAL, "reserved bit");
}

TEST_F(nl, count_out_of_range)
{
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_u32(&self->r, MVLAN_A_COUNT, 0);
	TALK();
	EXPECT_REJECT(ERANGE, "out of range");
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_u32(&self->r, MVLAN_A_COUNT, MVLAN_BATCH_MAX + 1);
	TALK();
	EXPECT_REJECT(ERANGE, "out of range");
}

TEST_F(nl, bc_queue_len_out_of_range)
{
	REQ(MVLAN_CMD_DEV_SET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	req_u32(&self->r, MVLAN_A_BC_QUEUE_LEN, MVLAN_BC_QUEUE_LEN_MAX + 1);
	TALK();
	EXPECT_REJECT(ERANGE, "out of range");
}

TEST_F(nl, mac_not_unicast)
{
	static const __u8 mcast[6] = { 0x01, 0, 0x5e, 0, 0, 1 };
	static const __u8 zero[6];

	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_put(&self->r, MVLAN_A_MAC, mcast, sizeof(mcast));
	TALK();
	EXPECT_REJECT(EADDRNOTAVAIL, "multicast");
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_put(&self->r, MVLAN_A_MAC, zero, sizeof(zero));
	TALK();
	EXPECT_REJECT(EADDRNOTAVAIL, "all-zero");
}

TEST_F(nl, mac_with_count)
{
	static const __u8 mac[6] = { 0x02, 0, 0, 0, 0, 1 };

	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_u32(&self->r, MVLAN_A_COUNT, 2);
	req_put(&self->r, MVLAN_A_MAC, mac, sizeof(mac));
	TALK();
	EXPECT_REJECT(EINVAL, "COUNT");
}

TEST_F(nl, truncated)
{
	/* nlmsg_len covers only half the genetlink header */
	REQ(MVLAN_CMD_DEV_GET, 0);
	self->r.nlh.nlmsg_len = NLMSG_HDRLEN + 2;
	TALK();
	ASSERT_EQ(-EINVAL, self->ans.err);

	/* the last attribute claims more bytes than the message has */
	REQ(MVLAN_CMD_DEV_GET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	((struct nlattr *)(self->r.buf + NLMSG_LENGTH(GENL_HDRLEN)))->nla_len = 64;
	TALK();
	EXPECT_REJECT(EINVAL, "leftover");

	/* nlmsg_len beyond the datagram: the kernel drops it, no answer */
	REQ(MVLAN_CMD_DEV_GET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, 1);
	talk_len(self->fd, &self->r, self->r.nlh.nlmsg_len - 4, &self->ans, 300);
	ASSERT_EQ(1, self->ans.err);
}

/* Introspection of every policy (the runner fails on any kernel splat). */
TEST_F(nl, policy_dump)
{
	req_init(&self->r, GENL_ID_CTRL, CTRL_CMD_GETPOLICY, NLM_F_DUMP);
	req_str(&self->r, CTRL_ATTR_FAMILY_NAME, MVLAN_FAMILY_NAME);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_LT(0, self->ans.replies);
}

TEST_F(nl, lower_not_found)
{
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, 0x7ffffff0);
	TALK();
	EXPECT_REJECT(ENODEV, "not found");
	REQ(MVLAN_CMD_PORT_GET, 0);
	req_u32(&self->r, MVLAN_A_LINK, 0x7ffffff0);
	TALK();
	EXPECT_REJECT(ENODEV, "not found");
}

TEST_F(nl, not_an_mvlan_device)
{
	REQ(MVLAN_CMD_DEV_GET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, self->lower);
	TALK();
	EXPECT_REJECT(EINVAL, "not an mvlan device");
	REQ(MVLAN_CMD_DEV_DEL, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, self->lower);
	TALK();
	EXPECT_REJECT(EINVAL, "not an mvlan device");
}

TEST_F(nl, dev_del_needs_a_target)
{
	REQ(MVLAN_CMD_DEV_DEL, 0);
	TALK();
	EXPECT_REJECT(EINVAL, "IFINDEX");
}

TEST_F(nl, create_get_dump_delete)
{
	const struct nlattr *a;
	__u32 ifindex;
	int i;

	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_str(&self->r, MVLAN_A_IFNAME, "mvraw1");
	req_u32(&self->r, MVLAN_A_MODE, MVLAN_MODE_BRIDGE);
	TALK();
	TH_LOG("DEV_NEW: errno %d, extack \"%s\"", -self->ans.err, self->ans.msg);
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(1, self->ans.replies);
	ifindex = answer_u32(&self->ans, MVLAN_A_IFINDEX);
	ASSERT_EQ(if_nametoindex("mvraw1"), ifindex);
	ASSERT_EQ((__u32)self->lower, answer_u32(&self->ans, MVLAN_A_LINK));
	ASSERT_EQ((__u32)MVLAN_MODE_BRIDGE, answer_u32(&self->ans, MVLAN_A_MODE));

	REQ(MVLAN_CMD_DEV_GET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(1, self->ans.replies);
	a = attr_find(self->ans.first, self->ans.first_len, MVLAN_A_IFNAME);
	ASSERT_NE(NULL, a);
	ASSERT_STREQ("mvraw1", (const char *)attr_data(a));
	ASSERT_NE(NULL, attr_find(self->ans.first, self->ans.first_len,
				  MVLAN_A_STATS));
	ASSERT_NE(NULL, attr_find(self->ans.first, self->ans.first_len,
				  MVLAN_A_MAC));

	REQ(MVLAN_CMD_DEV_GET, NLM_F_DUMP);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(1, self->ans.replies);

	REQ(MVLAN_CMD_PORT_GET, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(1U, answer_u32(&self->ans, MVLAN_A_PORT_CHILDREN));

	REQ(MVLAN_CMD_DEV_DEL, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(0U, if_nametoindex("mvraw1"));

	REQ(MVLAN_CMD_DEV_GET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
	TALK();
	EXPECT_REJECT(ENODEV, "ifindex");

	/* batch: three children, all or nothing */
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_str(&self->r, MVLAN_A_IFNAME, "mvrawb");
	req_u32(&self->r, MVLAN_A_COUNT, 3);
	TALK();
	TH_LOG("batch DEV_NEW: errno %d, extack \"%s\"", -self->ans.err,
	       self->ans.msg);
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(3U, answer_u32(&self->ans, MVLAN_A_COUNT));
	ASSERT_EQ(if_nametoindex("mvrawb0"),
		  answer_u32(&self->ans, MVLAN_A_IFINDEX));
	ASSERT_NE(0U, if_nametoindex("mvrawb2"));

	REQ(MVLAN_CMD_DEV_DEL, 0);
	a = nest_start(&self->r, MVLAN_A_BATCH);
	req_u32(&self->r, MVLAN_A_IFINDEX, if_nametoindex("mvrawb0"));
	req_u32(&self->r, MVLAN_A_IFINDEX, if_nametoindex("mvrawb0"));
	nest_end(&self->r, (struct nlattr *)a);
	TALK();
	EXPECT_REJECT(EINVAL, "twice");
	ASSERT_NE(0U, if_nametoindex("mvrawb0"));

	REQ(MVLAN_CMD_DEV_DEL, 0);
	a = nest_start(&self->r, MVLAN_A_BATCH);
	for (i = 0; i < 3; i++) {
		char name[IFNAMSIZ];

		snprintf(name, sizeof(name), "mvrawb%d", i);
		req_u32(&self->r, MVLAN_A_IFINDEX, if_nametoindex(name));
	}
	nest_end(&self->r, (struct nlattr *)a);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(0U, if_nametoindex("mvrawb0"));
	ASSERT_EQ(0U, if_nametoindex("mvrawb2"));
}

/* The monitor group sees a child come, change, move away and go. */
TEST_F(nl, notifications)
{
	int mon, grp, nsid;
	__u32 ifindex, got;

	grp = resolve_monitor(self->fd);
	ASSERT_LT(0, grp);
	mon = nl_open();
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, setsockopt(mon, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				&grp, sizeof(grp)));

	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_str(&self->r, MVLAN_A_IFNAME, "mvraw1");
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ifindex = answer_u32(&self->ans, MVLAN_A_IFINDEX);
	ASSERT_EQ(MVLAN_CMD_DEV_NEW_NTF, next_event(mon, &got, &nsid));
	ASSERT_EQ(ifindex, got);

	ASSERT_EQ(0, sh("link set mvraw1 up"));
	ASSERT_EQ(MVLAN_CMD_DEV_CHANGE_NTF, next_event(mon, &got, &nsid));
	ASSERT_EQ(ifindex, got);

	REQ(MVLAN_CMD_DEV_SET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
	req_u32(&self->r, MVLAN_A_MODE, MVLAN_MODE_PRIVATE);
	TALK();
	TH_LOG("DEV_SET: errno %d, extack \"%s\"", -self->ans.err, self->ans.msg);
	ASSERT_EQ(0, self->ans.err);
	/* carrier events from "up" may come first */
	do {
		got = 0;
	} while (next_event(mon, &got, &nsid) == MVLAN_CMD_DEV_CARRIER_NTF);
	ASSERT_EQ(ifindex, got);

	/*
	 * To another namespace: the lower's namespace still sees the child,
	 * so it hears of a change, now with the child's NETNSID.
	 */
	sh("netns del mvrawns >/dev/null 2>&1");
	ASSERT_EQ(0, sh("netns add mvrawns"));
	ASSERT_EQ(0, sh("link set mvraw1 netns mvrawns"));
	for (;;) {
		int cmd = next_event(mon, &got, &nsid);

		ASSERT_NE(-1, cmd);
		ASSERT_NE(MVLAN_CMD_DEV_DEL_NTF, cmd);
		if (cmd == MVLAN_CMD_DEV_CHANGE_NTF && nsid)
			break;
	}

	/* the namespace goes, and the child with it */
	ASSERT_EQ(0, sh("netns del mvrawns"));
	for (;;) {
		int cmd = next_event(mon, &got, &nsid);

		ASSERT_NE(-1, cmd);
		if (cmd == MVLAN_CMD_DEV_DEL_NTF)
			break;
	}
	close(mon);
}

/* Every command, as a process without CAP_NET_ADMIN: -EPERM. */
TEST_F(nl, unprivileged)
{
	static const struct { __u8 cmd; __u16 flags; } cmds[] = {
		{ MVLAN_CMD_DEV_GET, 0 }, { MVLAN_CMD_DEV_GET, NLM_F_DUMP },
		{ MVLAN_CMD_DEV_NEW, 0 }, { MVLAN_CMD_DEV_DEL, 0 },
		{ MVLAN_CMD_DEV_SET, 0 }, { MVLAN_CMD_SOURCE, 0 },
		{ MVLAN_CMD_PORT_GET, 0 }, { MVLAN_CMD_PORT_GET, NLM_F_DUMP },
	};
	int status, fd;
	size_t i;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int bad = 0;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(100);
		fd = nl_open();
		if (fd < 0)
			_exit(101);
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
			REQ(cmds[i].cmd, cmds[i].flags);
			req_u32(&self->r, cmds[i].cmd == MVLAN_CMD_PORT_GET ?
				MVLAN_A_LINK : MVLAN_A_IFINDEX, self->lower);
			talk(fd, &self->r, &self->ans);
			if (self->ans.err != -EPERM) {
				fprintf(stderr, "# cmd %u flags %#x: %d, not -EPERM\n",
					cmds[i].cmd, cmds[i].flags, self->ans.err);
				bad++;
			}
		}
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/* Joining the monitor group needs CAP_NET_ADMIN, as every GET does. */
TEST_F(nl, monitor_unprivileged)
{
	int status, grp;
	pid_t pid;

	grp = resolve_monitor(self->fd);
	ASSERT_LT(0, grp);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int fd, ret;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(100);
		fd = nl_open();
		if (fd < 0)
			_exit(101);
		ret = setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				 &grp, sizeof(grp));
		if (!ret || errno != EPERM) {
			fprintf(stderr, "# join as nobody: %d (%s), not EPERM\n",
				ret, ret ? strerror(errno) : "joined");
			_exit(1);
		}
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/*
 * Formatted extack messages never run out: many distinct ones in a row each
 * name their own ifindex (6.1 once fell back to a generic text after 256).
 */
TEST_F(nl, many_formatted_messages)
{
	char want[32];
	int i;

	for (i = 0; i < 600; i++) {
		__u32 ifindex = 0x7ff00000 + i;

		REQ(MVLAN_CMD_DEV_GET, 0);
		req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
		TALK();
		snprintf(want, sizeof(want), "%u", ifindex);
		if (self->ans.err != -ENODEV || !strstr(self->ans.msg, want))
			TH_LOG("request %d: errno %d, extack \"%s\"", i,
			       -self->ans.err, self->ans.msg);
		ASSERT_EQ(-ENODEV, self->ans.err);
		ASSERT_NE(NULL, strstr(self->ans.msg, want));
	}
}

/*
 * ---- limits: every count a request carries is bounded, at the edge -------
 *
 * What one request can make the module allocate:
 * - source MACs: MVLAN_SOURCES_MAX (8192) per child, ENOSPC beyond (SOURCE,
 *   IFLA_MACVLAN_MACADDR_DATA); one request carries at most what a nest's
 *   u16 length holds (5460 MACs), so the request's own array, sized by
 *   counting first, stays below the E2BIG check at MVLAN_SOURCES_MAX;
 * - children in one request: COUNT within 1..MVLAN_BATCH_MAX (4096, the
 *   policy), BATCH at most MVLAN_BATCH_MAX (E2BIG, counted before the
 *   array is allocated), MVLAN_BATCH_MAX_USERNS (64) without CAP_NET_ADMIN
 *   in the initial user namespace;
 * - the broadcast queue: MVLAN_BC_QUEUE_LEN_MAX (65536) frames (the policy);
 * - the children's MAC table: at most 2^16 buckets (addr_table.c);
 * - formatted extack texts on 6.1: one allocation per refused message,
 *   freed when the sender returns to user space (extack_compat.c).
 * Children per lower are as bounded as any netdev: by memory, charged to
 * the creator's memory cgroup.
 */

/* A SOURCE request for @ifindex with @n MACs 02:5c:00:HH:LL:@tag. */
static void source_req(struct req *r, int family, __u32 ifindex, __u32 op,
		       int n, __u8 tag)
{
	struct nlattr *l;
	int i;

	req_init(r, family, MVLAN_CMD_SOURCE, 0);
	req_u32(r, MVLAN_A_IFINDEX, ifindex);
	req_u32(r, MVLAN_A_SOURCE_OP, op);
	l = nest_start(r, MVLAN_A_SOURCE_MACS);
	for (i = 0; i < n; i++) {
		__u8 mac[6] = { 0x02, 0x5c, 0, i >> 8, i, tag };

		req_put(r, MVLAN_A_MAC, mac, sizeof(mac));
	}
	nest_end(r, l);
}

static __u32 source_count(int fd, int family, __u32 ifindex)
{
	struct answer ans;
	struct req r;

	req_init(&r, family, MVLAN_CMD_DEV_GET, 0);
	req_u32(&r, MVLAN_A_IFINDEX, ifindex);
	talk(fd, &r, &ans);
	return ans.err ? 0xffffffff : answer_u32(&ans, MVLAN_A_SOURCE_COUNT);
}

/*
 * A child lists at most MVLAN_SOURCES_MAX MACs. One request carries at most
 * what a nest's u16 length holds (5460 MACs), so the limit is reached by a
 * SET and an ADD; one more is refused whole.
 */
TEST_F(nl, limit_sources)
{
	const int half = MVLAN_SOURCES_MAX / 2;
	__u32 ifindex;

	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_str(&self->r, MVLAN_A_IFNAME, "mvrawl");
	req_u32(&self->r, MVLAN_A_MODE, MVLAN_MODE_SOURCE);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ifindex = answer_u32(&self->ans, MVLAN_A_IFINDEX);

	source_req(&self->r, self->family, ifindex, MVLAN_SOURCE_SET, half, 1);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	source_req(&self->r, self->family, ifindex, MVLAN_SOURCE_ADD, half + 1, 2);
	TALK();
	EXPECT_REJECT(ENOSPC, "the limit is 8192");
	ASSERT_EQ((__u32)half, source_count(self->fd, self->family, ifindex));
	source_req(&self->r, self->family, ifindex, MVLAN_SOURCE_ADD, half, 2);
	TALK();
	TH_LOG("ADD up to %d: errno %d, extack \"%s\"", MVLAN_SOURCES_MAX,
	       -self->ans.err, self->ans.msg);
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ((__u32)MVLAN_SOURCES_MAX,
		  source_count(self->fd, self->family, ifindex));

	source_req(&self->r, self->family, ifindex, MVLAN_SOURCE_ADD, 1, 3);
	TALK();
	EXPECT_REJECT(ENOSPC, "the limit is 8192");
	ASSERT_EQ((__u32)MVLAN_SOURCES_MAX,
		  source_count(self->fd, self->family, ifindex));

	/* re-adding a listed MAC adds nothing: still within the limit */
	source_req(&self->r, self->family, ifindex, MVLAN_SOURCE_ADD, 1, 1);
	TALK();
	TH_LOG("ADD of a listed MAC: errno %d, extack \"%s\"", -self->ans.err,
	       self->ans.msg);
	ASSERT_EQ((__u32)MVLAN_SOURCES_MAX,
		  source_count(self->fd, self->family, ifindex));

	REQ(MVLAN_CMD_DEV_DEL, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
	TALK();
	ASSERT_EQ(0, self->ans.err);
}

/* A BATCH of MVLAN_BATCH_MAX is looked at; one more is refused unread. */
TEST_F(nl, limit_batch)
{
	struct nlattr *b;
	int i;

	REQ(MVLAN_CMD_DEV_DEL, 0);
	b = nest_start(&self->r, MVLAN_A_BATCH);
	for (i = 0; i <= MVLAN_BATCH_MAX; i++)
		req_u32(&self->r, MVLAN_A_IFINDEX, 0x7fe00000 + i);
	nest_end(&self->r, b);
	TALK();
	EXPECT_REJECT(E2BIG, "at most 4096");

	REQ(MVLAN_CMD_DEV_DEL, 0);
	b = nest_start(&self->r, MVLAN_A_BATCH);
	for (i = 0; i < MVLAN_BATCH_MAX; i++)
		req_u32(&self->r, MVLAN_A_IFINDEX, 0x7fe00000 + i);
	nest_end(&self->r, b);
	TALK();
	EXPECT_REJECT(ENODEV, "2145386496");

	/* COUNT: the policy's range, before anything is allocated */
	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, 0x7fe00000);
	req_u32(&self->r, MVLAN_A_COUNT, MVLAN_BATCH_MAX);
	TALK();
	EXPECT_REJECT(ENODEV, "not found");
}

/* The broadcast queue: MVLAN_BC_QUEUE_LEN_MAX is taken, one more is not. */
TEST_F(nl, limit_bc_queue_len)
{
	__u32 ifindex;

	REQ(MVLAN_CMD_DEV_NEW, 0);
	req_u32(&self->r, MVLAN_A_LINK, self->lower);
	req_str(&self->r, MVLAN_A_IFNAME, "mvrawq");
	req_u32(&self->r, MVLAN_A_BC_QUEUE_LEN, MVLAN_BC_QUEUE_LEN_MAX);
	TALK();
	ASSERT_EQ(0, self->ans.err);
	ifindex = answer_u32(&self->ans, MVLAN_A_IFINDEX);
	ASSERT_EQ((__u32)MVLAN_BC_QUEUE_LEN_MAX,
		  answer_u32(&self->ans, MVLAN_A_BC_QUEUE_LEN));

	REQ(MVLAN_CMD_DEV_SET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
	req_u32(&self->r, MVLAN_A_BC_QUEUE_LEN, MVLAN_BC_QUEUE_LEN_MAX + 1);
	TALK();
	EXPECT_REJECT(ERANGE, "out of range");

	REQ(MVLAN_CMD_DEV_GET, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
	TALK();
	ASSERT_EQ((__u32)MVLAN_BC_QUEUE_LEN_MAX,
		  answer_u32(&self->ans, MVLAN_A_BC_QUEUE_LEN));

	REQ(MVLAN_CMD_DEV_DEL, 0);
	req_u32(&self->r, MVLAN_A_IFINDEX, ifindex);
	TALK();
	ASSERT_EQ(0, self->ans.err);
}

TEST_HARNESS_MAIN
