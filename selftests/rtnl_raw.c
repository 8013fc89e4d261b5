// SPDX-License-Identifier: GPL-2.0
/*
 * The IFLA_MACVLAN_* contract of the kind "mvlan" spoken raw over
 * rtnetlink: what ip cannot send for a kind it does not know (read-only
 * attributes, bad values, BC_CUTOFF on 6.1), the exact layout of what
 * fill_info returns (CNI reads MODE as four bytes), and that a refused
 * change changes nothing.
 *
 * Needs root and mvlan.ko loaded.
 */
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

/* The 6.12 harness has an unused parameter; -Wextra must not fail on it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop

/* Room for a MACADDR_DATA of 3000 MACs. */
#define NLMSG_REQ_SIZE	65536
#include "nlmsg.h"

#define LOWER	"mvrtl0"
#define CHILD	"mvrtl1"
/* 6.1's uapi stops before it; the number is fixed by later ones. */
#define MV_BC_CUTOFF	(IFLA_MACVLAN_BC_QUEUE_LEN_USED + 1)

static const unsigned char src_a[6] = { 0x02, 0xaa, 0, 0, 0, 0x0a };
static const unsigned char src_b[6] = { 0x02, 0xaa, 0, 0, 0, 0x0b };

FIXTURE(rt) {
	int fd;
	int lower;
	struct req r;
	struct answer ans;
	struct nlattr *linkinfo, *data;
};

FIXTURE_SETUP(rt)
{
	self->fd = nl_open_proto(NETLINK_ROUTE);
	ASSERT_LE(0, self->fd);
	sh("link del " LOWER " >/dev/null 2>&1");
	ASSERT_EQ(0, sh("link add " LOWER " type dummy"));
	self->lower = if_nametoindex(LOWER);
	ASSERT_LT(0, self->lower);
}

FIXTURE_TEARDOWN(rt)
{
	sh("link del " LOWER " >/dev/null 2>&1");
	close(self->fd);
}

/* RTM_NEWLINK for kind mvlan; IFLA_INFO_DATA stays open for attributes. */
static void newlink(struct req *r, int lower, __u16 flags, struct nlattr **li,
		    struct nlattr **data)
{
	req_start(r, RTM_NEWLINK, flags, sizeof(struct ifinfomsg));
	req_str(r, IFLA_IFNAME, CHILD);
	if (lower)
		req_u32(r, IFLA_LINK, lower);
	*li = nest_start(r, IFLA_LINKINFO);
	req_str(r, IFLA_INFO_KIND, "mvlan");
	*data = nest_start(r, IFLA_INFO_DATA);
}

static void end_data(struct req *r, struct nlattr *li, struct nlattr *data)
{
	nest_end(r, data);
	nest_end(r, li);
}

#define CREATE()	newlink(&self->r, self->lower, NLM_F_CREATE | NLM_F_EXCL, \
				&self->linkinfo, &self->data)
#define CHANGE()	newlink(&self->r, 0, 0, &self->linkinfo, &self->data)
#define SEND()		do {						\
	end_data(&self->r, self->linkinfo, self->data);			\
	talk(self->fd, &self->r, &self->ans);				\
} while (0)
#define PUT(type, ptr, len)	req_put(&self->r, (type), (ptr), (len))

#define EXPECT_REJECT(errno_, text) do {				\
	TH_LOG("errno %d, extack \"%s\"", -self->ans.err, self->ans.msg); \
	ASSERT_EQ(-(errno_), self->ans.err);				\
	ASSERT_NE(NULL, strstr(self->ans.msg, (text)));			\
} while (0)

/* The child's IFLA_INFO_DATA from RTM_GETLINK, into @buf; returns its length. */
static int info_data(int fd, char *buf, int size)
{
	const struct nlattr *li, *data;
	struct answer ans;
	struct req r;
	int len;

	req_start(&r, RTM_GETLINK, 0, sizeof(struct ifinfomsg));
	req_str(&r, IFLA_IFNAME, CHILD);
	talk(fd, &r, &ans);
	if (ans.err || !ans.replies)
		return -1;
	li = attr_find(ans.first, ans.first_len, IFLA_LINKINFO);
	if (!li)
		return -1;
	data = attr_find(attr_data(li), li->nla_len - NLA_HDRLEN, IFLA_INFO_DATA);
	if (!data)
		return -1;
	len = data->nla_len - NLA_HDRLEN;
	if (len > size)
		return -1;
	memcpy(buf, attr_data(data), len);
	return len;
}

/* Attribute @type of the child's info data: its payload length, or -1. */
static int data_attr(int fd, int type, void *val, int size)
{
	static char buf[8192];
	const struct nlattr *a;
	int len = info_data(fd, buf, sizeof(buf)), plen;

	if (len < 0)
		return -1;
	a = attr_find(buf, len, type);
	if (!a)
		return -1;
	plen = a->nla_len - NLA_HDRLEN;
	if (val)
		memcpy(val, attr_data(a), plen < size ? plen : size);
	return plen;
}

TEST_F(rt, fill_info_layout)
{
	__u32 u32v = 0, qlen = 77;
	__s32 cutoff = -1, s32v = 0;
	__u16 u16v = 1;

	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
	req_u32(&self->r, IFLA_MACVLAN_BC_QUEUE_LEN, qlen);
	PUT(MV_BC_CUTOFF, &cutoff, sizeof(cutoff));
	SEND();
	ASSERT_EQ(0, self->ans.err);

	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_MODE, &u32v, 4));
	EXPECT_EQ((__u32)MACVLAN_MODE_BRIDGE, u32v);
	ASSERT_EQ(2, data_attr(self->fd, IFLA_MACVLAN_FLAGS, &u16v, 2));
	EXPECT_EQ(0U, u16v);
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_MACADDR_COUNT, &u32v, 4));
	EXPECT_EQ(0U, u32v);
	EXPECT_EQ(-1, data_attr(self->fd, IFLA_MACVLAN_MACADDR_DATA, NULL, 0));
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_BC_QUEUE_LEN, &u32v, 4));
	EXPECT_EQ(qlen, u32v);
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_BC_QUEUE_LEN_USED, &u32v, 4));
	EXPECT_EQ(qlen, u32v);
	ASSERT_EQ(4, data_attr(self->fd, MV_BC_CUTOFF, &s32v, 4));
	EXPECT_EQ(cutoff, s32v);

	/* Back to the default: macvlan leaves BC_CUTOFF out when it is 1. */
	CHANGE();
	cutoff = 1;
	PUT(MV_BC_CUTOFF, &cutoff, sizeof(cutoff));
	SEND();
	ASSERT_EQ(0, self->ans.err);
	EXPECT_EQ(-1, data_attr(self->fd, MV_BC_CUTOFF, NULL, 0));
}

TEST_F(rt, default_mode_is_vepa)
{
	__u32 mode = 0;

	CREATE();
	SEND();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_MODE, &mode, 4));
	EXPECT_EQ((__u32)MACVLAN_MODE_VEPA, mode);
}

TEST_F(rt, read_only_queue_len_used)
{
	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_BC_QUEUE_LEN_USED, 5);
	SEND();
	EXPECT_REJECT(EINVAL, "read-only");
	EXPECT_EQ(0U, if_nametoindex(CHILD));
}

TEST_F(rt, read_only_macaddr_count)
{
	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_MACADDR_COUNT, 5);
	SEND();
	EXPECT_REJECT(EINVAL, "read-only");
}

TEST_F(rt, bad_mode)
{
	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE | MACVLAN_MODE_VEPA);
	SEND();
	EXPECT_REJECT(EINVAL, "mode 6 is not");
}

TEST_F(rt, bad_flags)
{
	__u16 flags = 4;

	CREATE();
	PUT(IFLA_MACVLAN_FLAGS, &flags, sizeof(flags));
	SEND();
	EXPECT_REJECT(EINVAL, "only 1 nopromisc and 2 nodst");
}

TEST_F(rt, bad_macaddr_mode)
{
	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_SOURCE);
	req_u32(&self->r, IFLA_MACVLAN_MACADDR_MODE, 7);
	SEND();
	EXPECT_REJECT(EINVAL, "MACADDR_MODE 7");
}

TEST_F(rt, macaddr_data_holds_only_macaddr)
{
	struct nlattr *list;

	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_SOURCE);
	req_u32(&self->r, IFLA_MACVLAN_MACADDR_MODE, MACVLAN_MACADDR_SET);
	list = nest_start(&self->r, IFLA_MACVLAN_MACADDR_DATA);
	PUT(IFLA_MACVLAN_MACADDR, src_a, 6);
	req_u32(&self->r, IFLA_MACVLAN_MODE, 1);
	nest_end(&self->r, list);
	SEND();
	EXPECT_REJECT(EINVAL, "only MACADDR");
}

TEST_F(rt, short_source_mac)
{
	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_SOURCE);
	req_u32(&self->r, IFLA_MACVLAN_MACADDR_MODE, MACVLAN_MACADDR_ADD);
	PUT(IFLA_MACVLAN_MACADDR, src_a, 5);
	SEND();
	EXPECT_REJECT(EINVAL, "6 bytes");
}

/* Created with a list, then a change that must fail changes nothing. */
TEST_F(rt, source_list_and_atomic_change)
{
	struct nlattr *list;
	char macs[64];
	__u32 count = 0, mode = 0;

	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_SOURCE);
	req_u32(&self->r, IFLA_MACVLAN_MACADDR_MODE, MACVLAN_MACADDR_SET);
	list = nest_start(&self->r, IFLA_MACVLAN_MACADDR_DATA);
	PUT(IFLA_MACVLAN_MACADDR, src_a, 6);
	PUT(IFLA_MACVLAN_MACADDR, src_b, 6);
	nest_end(&self->r, list);
	SEND();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_MACADDR_COUNT, &count, 4));
	EXPECT_EQ(2U, count);
	/* Two nested MACADDR attributes of 6 bytes, each padded to 12. */
	ASSERT_EQ(24, data_attr(self->fd, IFLA_MACVLAN_MACADDR_DATA, macs, sizeof(macs)));
	EXPECT_EQ(0, memcmp(macs + NLA_HDRLEN, src_a, 6));
	EXPECT_EQ(0, memcmp(macs + 12 + NLA_HDRLEN, src_b, 6));

	/* Bridge mode and a source edit: refused, mode and list as they were. */
	CHANGE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
	req_u32(&self->r, IFLA_MACVLAN_MACADDR_MODE, MACVLAN_MACADDR_FLUSH);
	SEND();
	EXPECT_REJECT(EINVAL, "needs mode source");
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_MODE, &mode, 4));
	EXPECT_EQ((__u32)MACVLAN_MODE_SOURCE, mode);
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_MACADDR_COUNT, &count, 4));
	EXPECT_EQ(2U, count);

	/* Leaving source mode empties the list. */
	CHANGE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
	SEND();
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_MACADDR_COUNT, &count, 4));
	EXPECT_EQ(0U, count);
}

TEST_F(rt, lower_named_in_callers_namespace)
{
	CREATE();
	/* Rewrite IFLA_LINK to an ifindex nobody has. */
	((__u32 *)attr_data(attr_find(self->r.buf + NLMSG_LENGTH(sizeof(struct ifinfomsg)),
				      self->r.nlh.nlmsg_len -
				      NLMSG_LENGTH(sizeof(struct ifinfomsg)),
				      IFLA_LINK)))[0] = 0x7ffffff0;
	SEND();
	EXPECT_REJECT(ENODEV, "not found in the caller's namespace");
}

/* RTM_SETLINK of the child with one attribute: the core's own path. */
static void setlink(struct req *r, __u16 type, const void *data, int len)
{
	struct ifinfomsg *ifm;

	req_start(r, RTM_SETLINK, 0, sizeof(*ifm));
	ifm = NLMSG_DATA(&r->nlh);
	ifm->ifi_index = if_nametoindex(CHILD);
	req_put(r, type, data, len);
}

/* The child's MTU as sysfs has it, or -1. */
static int child_mtu(void)
{
	FILE *f = fopen("/sys/class/net/" CHILD "/mtu", "r");
	int mtu = -1;

	if (f) {
		if (fscanf(f, "%d", &mtu) != 1)
			mtu = -1;
		fclose(f);
	}
	return mtu;
}

/*
 * An MTU above the lower's. Neither ndo_change_mtu nor NETDEV_PRECHANGEMTU
 * carries an extack, and max_mtu must stay the lower's max_mtu (ip -d link
 * shows it, equal to in-tree), so the refusal is a bare EINVAL whose reason
 * goes to the kernel log (rate-limited, so not asserted here). A lower
 * raised first lets the child follow.
 */
TEST_F(rt, setlink_mtu_above_lower)
{
	__u32 mtu = 1501;

	CREATE();
	SEND();
	ASSERT_EQ(0, self->ans.err);
	setlink(&self->r, IFLA_MTU, &mtu, sizeof(mtu));
	talk(self->fd, &self->r, &self->ans);
	ASSERT_EQ(-EINVAL, self->ans.err);
	ASSERT_EQ(1500, child_mtu());
	ASSERT_EQ(0, sh("link set " LOWER " mtu 9000"));
	mtu = 9000;
	setlink(&self->r, IFLA_MTU, &mtu, sizeof(mtu));
	talk(self->fd, &self->r, &self->ans);
	ASSERT_EQ(0, self->ans.err);
	ASSERT_EQ(9000, child_mtu());
	ASSERT_EQ(0, sh("link set " LOWER " mtu 1500"));
	ASSERT_EQ(1500, child_mtu());
	mtu = 1501;
	setlink(&self->r, IFLA_MTU, &mtu, sizeof(mtu));
	talk(self->fd, &self->r, &self->ans);
	ASSERT_EQ(-EINVAL, self->ans.err);
	ASSERT_EQ(1500, child_mtu());
}

/*
 * Nor has ndo_set_mac_address: a MAC a sibling uses, or a multicast one,
 * was refused without words (found by nlfuzz); NETDEV_PRE_CHANGEADDR says
 * why now, and the MAC stays.
 */
TEST_F(rt, setlink_address_refused_with_words)
{
	static const unsigned char mcast[6] = { 0x01, 0, 0x5e, 0, 0, 1 };
	static const unsigned char other[6] = { 0x02, 0xaa, 0, 0, 0, 0x0c };
	char addr[32];
	FILE *f;

	ASSERT_EQ(0, sh("link add link " LOWER " name " CHILD "x address 02:aa:00:00:00:0c type mvlan"));
	ASSERT_EQ(0, sh("link add link " LOWER " name " CHILD " address 02:aa:00:00:00:0d type mvlan"));

	setlink(&self->r, IFLA_ADDRESS, other, 6);
	talk(self->fd, &self->r, &self->ans);
	EXPECT_REJECT(EADDRINUSE, "already used by " CHILD "x");
	setlink(&self->r, IFLA_ADDRESS, mcast, 6);
	talk(self->fd, &self->r, &self->ans);
	EXPECT_REJECT(EADDRNOTAVAIL, "not a valid unicast address");

	f = fopen("/sys/class/net/" CHILD "/address", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(addr, sizeof(addr), f));
	fclose(f);
	EXPECT_STREQ("02:aa:00:00:00:0d\n", addr);
	/* a free one is taken */
	setlink(&self->r, IFLA_ADDRESS, src_a, 6);
	talk(self->fd, &self->r, &self->ans);
	EXPECT_EQ(0, self->ans.err);
}

/*
 * A nested attribute holds at most 5460 MACs (its length is 16 bits) and a
 * link dump buffer 32 KiB: a source list longer than 2048 is left out of
 * link messages, the count stays, and the message is still well formed.
 */
TEST_F(rt, long_source_list_left_out_of_link_messages)
{
	unsigned char mac[6] = { 0x02, 0xbb, 0, 0, 0, 0 };
	struct nlattr *list;
	__u32 count = 0;
	int i, total = 3000;

	CREATE();
	req_u32(&self->r, IFLA_MACVLAN_MODE, MACVLAN_MODE_SOURCE);
	req_u32(&self->r, IFLA_MACVLAN_MACADDR_MODE, MACVLAN_MACADDR_SET);
	list = nest_start(&self->r, IFLA_MACVLAN_MACADDR_DATA);
	for (i = 0; i < total - 1; i++) {
		mac[4] = i >> 8;
		mac[5] = i & 0xff;
		PUT(IFLA_MACVLAN_MACADDR, mac, 6);
	}
	nest_end(&self->r, list);
	SEND();
	ASSERT_EQ(0, self->ans.err);
	for (; i < total; i++) {
		CHANGE();
		req_u32(&self->r, IFLA_MACVLAN_MACADDR_MODE, MACVLAN_MACADDR_ADD);
		mac[4] = i >> 8;
		mac[5] = i & 0xff;
		PUT(IFLA_MACVLAN_MACADDR, mac, 6);
		SEND();
		ASSERT_EQ(0, self->ans.err);
	}
	ASSERT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_MACADDR_COUNT, &count, 4));
	EXPECT_EQ((__u32)total, count);
	EXPECT_EQ(-1, data_attr(self->fd, IFLA_MACVLAN_MACADDR_DATA, NULL, 0));
	/* Well formed: what follows the (absent) list is still there. */
	EXPECT_EQ(4, data_attr(self->fd, IFLA_MACVLAN_BC_QUEUE_LEN_USED, NULL, 0));
	/* And a dump of every link (ip link show) still works. */
	req_start(&self->r, RTM_GETLINK, NLM_F_DUMP, sizeof(struct ifinfomsg));
	talk(self->fd, &self->r, &self->ans);
	TH_LOG("dump: errno %d, %d links", -self->ans.err, self->ans.replies);
	EXPECT_EQ(0, self->ans.err);
	EXPECT_LT(1, self->ans.replies);
}

TEST_HARNESS_MAIN
