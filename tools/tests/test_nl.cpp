// SPDX-License-Identifier: GPL-2.0
// Message parsing, on messages built here instead of received from a kernel.
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include <linux/mvlan.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "error.hpp"
#include "nl.hpp"

using namespace mvlan;

namespace {

constexpr int kFamily = 0x20;

// A reply as the kernel would send it, built with libnl.
nl::MsgPtr reply(std::uint8_t cmd)
{
	nl::MsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 1, kFamily, 0, 0, cmd, MVLAN_FAMILY_VERSION);
	return msg;
}

// An NLMSG_ERROR with optional echoed request and extack TLVs.
std::vector<std::uint8_t> error_message(int error, bool capped, const char *text,
					int miss_type = -1)
{
	nlmsghdr request{};
	request.nlmsg_len = NLMSG_LENGTH(12);	// a 12-byte request payload
	request.nlmsg_type = kFamily;

	std::vector<std::uint8_t> buf(NLMSG_HDRLEN + sizeof(nlmsgerr));
	if (!capped)
		buf.resize(buf.size() + 12);	// the echoed payload
	buf.resize(NLMSG_ALIGN(buf.size()));
	auto put_attr = [&](int type, const void *data, std::size_t len) {
		const std::size_t at = buf.size();
		buf.resize(at + NLA_ALIGN(NLA_HDRLEN + len));
		nlattr attr{ static_cast<std::uint16_t>(NLA_HDRLEN + len),
			     static_cast<std::uint16_t>(type) };
		std::memcpy(&buf[at], &attr, sizeof(attr));
		std::memcpy(&buf[at + NLA_HDRLEN], data, len);
	};
	if (text)
		put_attr(NLMSGERR_ATTR_MSG, text, std::strlen(text) + 1);
	if (miss_type >= 0) {
		const std::uint32_t t = miss_type;
		put_attr(NLMSGERR_ATTR_MISS_TYPE, &t, sizeof(t));
	}

	nlmsghdr hdr{};
	hdr.nlmsg_len = static_cast<std::uint32_t>(buf.size());
	hdr.nlmsg_type = NLMSG_ERROR;
	hdr.nlmsg_flags = (capped ? NLM_F_CAPPED : 0) |
			  (text || miss_type >= 0 ? NLM_F_ACK_TLVS : 0);
	std::memcpy(buf.data(), &hdr, sizeof(hdr));
	nlmsgerr err{};
	err.error = error;
	err.msg = request;
	std::memcpy(&buf[NLMSG_HDRLEN], &err, sizeof(err));
	return buf;
}

const nlmsghdr *hdr(const std::vector<std::uint8_t> &buf)
{
	return reinterpret_cast<const nlmsghdr *>(buf.data());
}

}  // namespace

TEST(ExtAck, CappedMessage)
{
	const auto buf = error_message(-EINVAL, true, "MTU 9000 is above the lower's MTU 1500");
	EXPECT_EQ(nl::parse_extack(hdr(buf)).message, "MTU 9000 is above the lower's MTU 1500");
}

TEST(ExtAck, SkipsTheEchoedRequestWhenNotCapped)
{
	const auto buf = error_message(-EBUSY, false, "lower is busy");
	EXPECT_EQ(nl::parse_extack(hdr(buf)).message, "lower is busy");
}

TEST(ExtAck, MissingAttributeWithoutMessage)
{
	const auto buf = error_message(-EINVAL, true, nullptr, MVLAN_A_LINK);
	const auto ext = nl::parse_extack(hdr(buf));
	EXPECT_EQ(ext.message, "");
	EXPECT_EQ(ext.missing_type, MVLAN_A_LINK);
}

TEST(ExtAck, NoTlvs)
{
	const auto buf = error_message(-ENOENT, true, nullptr);
	const auto ext = nl::parse_extack(hdr(buf));
	EXPECT_EQ(ext.message, "");
	EXPECT_EQ(ext.missing_type, -1);
}

TEST(ParseDevice, AllAttributes)
{
	nl::MsgPtr msg = reply(MVLAN_CMD_DEV_GET);
	nl_msg *m = msg.get();
	const std::uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
	const std::uint8_t src[6] = { 2, 0, 0, 0, 0, 0xaa };
	nla_put_u32(m, MVLAN_A_IFINDEX, 7);
	nla_put_string(m, MVLAN_A_IFNAME, "mv0");
	nla_put_u32(m, MVLAN_A_LINK, 2);
	nla_put_string(m, MVLAN_A_LINK_NAME, "eth0");
	nla_put_u32(m, MVLAN_A_MODE, MVLAN_MODE_SOURCE);
	nla_put_u32(m, MVLAN_A_FLAGS, MVLAN_FLAG_NODST);
	nla_put(m, MVLAN_A_MAC, 6, mac);
	nla_put_u32(m, MVLAN_A_MTU, 1500);
	nla_put_u32(m, MVLAN_A_BC_QUEUE_LEN, 1000);
	nla_put_s32(m, MVLAN_A_BC_CUTOFF, -1);
	nla_put_u8(m, MVLAN_A_CARRIER, 1);
	nla_put_u8(m, MVLAN_A_OPER_UP, 0);
	nla_put_s32(m, MVLAN_A_NETNSID, 4);
	nla_put_s32(m, MVLAN_A_LINK_NETNSID, 0);
	nla_put_u32(m, MVLAN_A_SOURCE_COUNT, 3000);
	nla_put_flag(m, MVLAN_A_TAP);
	nlattr *macs = nla_nest_start(m, MVLAN_A_SOURCE_MACS);
	nla_put(m, MVLAN_A_MAC, 6, src);
	nla_nest_end(m, macs);
	nlattr *stats = nla_nest_start(m, MVLAN_A_STATS);
	nla_put_u64(m, MVLAN_STATS_A_RX_PACKETS, 1ull << 40);
	nla_put_u32(m, MVLAN_STATS_A_TX_PACKETS, 9);	// a 4-byte "uint"
	nla_put_u64(m, MVLAN_STATS_A_DROP_PRIVATE, 5);
	nla_put_u64(m, MVLAN_STATS_A_FWD_INLINE, 11);
	nla_put_u64(m, MVLAN_STATS_A_FWD_BACKLOG, 12);
	nla_put_u64(m, MVLAN_STATS_A_FWD_LOWER, 1ull << 33);
	nla_nest_end(m, stats);
	nla_put_u32(m, MVLAN_A_MAX + 5, 1);	// from a newer kernel: ignored

	const Device d = nl::parse_device(nlmsg_hdr(m));
	EXPECT_EQ(nl::genl_cmd(nlmsg_hdr(m)), MVLAN_CMD_DEV_GET);
	EXPECT_EQ(d.ifindex, 7u);
	EXPECT_EQ(d.name, "mv0");
	EXPECT_EQ(d.link, 2u);
	EXPECT_EQ(d.link_name, "eth0");
	EXPECT_EQ(d.mode, static_cast<std::uint32_t>(MVLAN_MODE_SOURCE));
	EXPECT_EQ(d.flags, static_cast<std::uint32_t>(MVLAN_FLAG_NODST));
	EXPECT_EQ(d.mac, (Mac{ 2, 0, 0, 0, 0, 1 }));
	EXPECT_EQ(d.mtu, 1500u);
	EXPECT_EQ(d.bc_queue_len, 1000u);
	EXPECT_EQ(d.bc_cutoff, -1);
	EXPECT_EQ(d.carrier, true);
	EXPECT_EQ(d.oper_up, false);
	EXPECT_EQ(d.netnsid, 4);
	EXPECT_EQ(d.link_netnsid, 0);
	EXPECT_EQ(d.source_count, 3000u);
	EXPECT_TRUE(d.tap);
	ASSERT_EQ(d.source_macs.size(), 1u);
	EXPECT_EQ(d.source_macs[0], (Mac{ 2, 0, 0, 0, 0, 0xaa }));
	EXPECT_EQ(d.stats.rx_packets, 1ull << 40);
	EXPECT_EQ(d.stats.tx_packets, 9u);
	EXPECT_EQ(d.stats.drops[MVLAN_DROP_PRIVATE], 5u);
	EXPECT_EQ(d.stats.fwd[MVLAN_FWD_INLINE], 11u);
	EXPECT_EQ(d.stats.fwd[MVLAN_FWD_BACKLOG], 12u);
	EXPECT_EQ(d.stats.fwd[MVLAN_FWD_LOWER], 1ull << 33);
}

// What the kernel did not send stays absent: never a made-up 0.
TEST(ParseDevice, AbsentAttributesStayAbsent)
{
	nl::MsgPtr msg = reply(MVLAN_CMD_DEV_GET);
	nl_msg *m = msg.get();
	nla_put_u32(m, MVLAN_A_IFINDEX, 7);
	nlattr *stats = nla_nest_start(m, MVLAN_A_STATS);
	nla_put_u64(m, MVLAN_STATS_A_RX_PACKETS, 3);	// an older kernel: no fwd counters
	nla_nest_end(m, stats);

	const Device d = nl::parse_device(nlmsg_hdr(m));
	EXPECT_EQ(d.stats.rx_packets, 3u);
	EXPECT_FALSE(d.stats.tx_packets);
	for (const auto &n : d.stats.drops)
		EXPECT_FALSE(n);
	for (const auto &n : d.stats.fwd)
		EXPECT_FALSE(n);
	EXPECT_FALSE(d.mtu);
	EXPECT_FALSE(d.mac);
	EXPECT_FALSE(d.carrier);
	EXPECT_FALSE(d.mode);
	EXPECT_FALSE(d.source_count);
}

TEST(ParseDevice, RejectsShortMac)
{
	nl::MsgPtr msg = reply(MVLAN_CMD_DEV_GET);
	const std::uint8_t mac[4] = { 2, 0, 0, 0 };
	nla_put(msg.get(), MVLAN_A_MAC, 4, mac);
	EXPECT_THROW(nl::parse_device(nlmsg_hdr(msg.get())), Error);
}

TEST(ParsePort, Attributes)
{
	nl::MsgPtr msg = reply(MVLAN_CMD_PORT_GET);
	nl_msg *m = msg.get();
	nla_put_u32(m, MVLAN_A_LINK, 2);
	nla_put_string(m, MVLAN_A_LINK_NAME, "eth0");
	nla_put_u32(m, MVLAN_A_PORT_CHILDREN, 3);
	nla_put_u8(m, MVLAN_A_PORT_PASSTHRU, 1);
	nla_put_u32(m, MVLAN_A_PORT_PROMISC, 2);
	nla_put_u32(m, MVLAN_A_PORT_BC_QUEUE_LEN_USED, 1000);
	nla_put_u32(m, MVLAN_A_PORT_BC_QUEUE_QLEN, 12);
	nla_put_s32(m, MVLAN_A_BC_CUTOFF, 1);
	nla_put_u8(m, MVLAN_A_PORT_HOST_ACCESS, 1);
	nlattr *stats = nla_nest_start(m, MVLAN_A_STATS);
	nla_put_u64(m, MVLAN_STATS_A_DROP_NO_CHILD, 42);
	nla_nest_end(m, stats);

	const Port p = nl::parse_port(nlmsg_hdr(m));
	EXPECT_EQ(p.ifindex, 2u);
	EXPECT_EQ(p.lower, "eth0");
	EXPECT_EQ(p.children, 3u);
	EXPECT_TRUE(p.passthru);
	EXPECT_EQ(p.promiscuity, 2u);
	EXPECT_EQ(p.bc_queue_len_used, 1000u);
	EXPECT_EQ(p.bc_queue_qlen, 12u);
	EXPECT_EQ(p.bc_cutoff, 1);
	EXPECT_EQ(p.host_access, true);
	EXPECT_EQ(p.drops[MVLAN_DROP_NO_CHILD], 42u);

	// An older kernel without host access: absent, not "off".
	nl::MsgPtr old = reply(MVLAN_CMD_PORT_GET);
	nla_put_u32(old.get(), MVLAN_A_LINK, 2);
	EXPECT_FALSE(nl::parse_port(nlmsg_hdr(old.get())).host_access);
}
