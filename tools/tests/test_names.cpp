// SPDX-License-Identifier: GPL-2.0
#include <gtest/gtest.h>

#include <linux/mvlan.h>

#include "names.hpp"

using namespace mvlan;

TEST(Mac, ParsesColonAndDashForms)
{
	const Mac expected{ 0x02, 0x00, 0xab, 0xcd, 0xef, 0x01 };
	EXPECT_EQ(parse_mac("02:00:ab:cd:ef:01"), expected);
	EXPECT_EQ(parse_mac("02:00:AB:CD:EF:01"), expected);
	EXPECT_EQ(parse_mac("02-00-ab-cd-ef-01"), expected);
}

TEST(Mac, RejectsBadSyntax)
{
	for (const char *bad : { "", "02:00:00:00:00", "02:00:00:00:00:00:00", "2:0:0:0:0:1",
				 "02:00:00:00:00:0g", "02:00-00:00:00:01", "02.00.00.00.00.01",
				 "0200:0000:0001", " 02:00:00:00:00:01", "02:00:00:00:00:01 " })
		EXPECT_FALSE(parse_mac(bad)) << bad;
}

TEST(Mac, FormatsLowerCaseColon)
{
	EXPECT_EQ(format_mac({ 0x02, 0x00, 0xAB, 0xcd, 0x0e, 0xf1 }), "02:00:ab:cd:0e:f1");
	EXPECT_EQ(format_mac({}), "00:00:00:00:00:00");
}

TEST(Mac, RoundTrips)
{
	const std::string text = "8e:1f:00:7a:3b:c4";
	EXPECT_EQ(format_mac(*parse_mac(text)), text);
}

TEST(Mac, UnicastCheckExplainsRejections)
{
	EXPECT_EQ(check_unicast_mac("02:00:00:00:00:01"), "");
	EXPECT_NE(check_unicast_mac("01:00:5e:00:00:01").find("multicast"), std::string::npos);
	EXPECT_NE(check_unicast_mac("ff:ff:ff:ff:ff:ff").find("multicast"), std::string::npos);
	EXPECT_NE(check_unicast_mac("00:00:00:00:00:00").find("00:00:00:00:00:00"),
		  std::string::npos);
	EXPECT_NE(check_unicast_mac("nonsense").find("invalid MAC address 'nonsense'"),
		  std::string::npos);
}

TEST(Mode, NamesAndValuesMatchTheUapi)
{
	EXPECT_EQ(mode_from_name("private"), MVLAN_MODE_PRIVATE);
	EXPECT_EQ(mode_from_name("vepa"), MVLAN_MODE_VEPA);
	EXPECT_EQ(mode_from_name("bridge"), MVLAN_MODE_BRIDGE);
	EXPECT_EQ(mode_from_name("passthru"), MVLAN_MODE_PASSTHRU);
	EXPECT_EQ(mode_from_name("source"), MVLAN_MODE_SOURCE);
	EXPECT_FALSE(mode_from_name("Bridge"));
	EXPECT_FALSE(mode_from_name(""));
	for (const auto &name : mode_names())
		EXPECT_EQ(mode_name(*mode_from_name(name)), name);
	EXPECT_EQ(mode_name(64), "mode64");
	EXPECT_EQ(mode_names().size(), 5u);
}

TEST(Flags, NamesInBitOrderAndUnknownBitsShown)
{
	EXPECT_TRUE(flag_names(0).empty());
	EXPECT_EQ(flag_names(MVLAN_FLAG_NOPROMISC), std::vector<std::string>{ "nopromisc" });
	EXPECT_EQ(flag_names(MVLAN_FLAG_NODST), std::vector<std::string>{ "nodst" });
	EXPECT_EQ(flag_names(MVLAN_FLAG_NOPROMISC | MVLAN_FLAG_NODST),
		  (std::vector<std::string>{ "nopromisc", "nodst" }));
	EXPECT_EQ(flag_names(0x10), std::vector<std::string>{ "flag0x10" });
}

TEST(DropReasons, OneNamePerUapiReason)
{
	const auto &names = drop_reason_names();
	ASSERT_EQ(names.size(), static_cast<std::size_t>(__MVLAN_DROP_MAX));
	EXPECT_EQ(names[MVLAN_DROP_NO_CHILD], "no_child");
	EXPECT_EQ(names[MVLAN_DROP_CHILD_DOWN], "child_down");
	EXPECT_EQ(names[MVLAN_DROP_BC_OVERFLOW], "bc_overflow");
	EXPECT_EQ(names[MVLAN_DROP_SOURCE_FILTER], "source_filter");
	EXPECT_EQ(names[MVLAN_DROP_PRIVATE], "private");
}

TEST(FwdPaths, OneNamePerUapiPath)
{
	const auto &names = fwd_path_names();
	ASSERT_EQ(names.size(), static_cast<std::size_t>(__MVLAN_FWD_MAX));
	EXPECT_EQ(names[MVLAN_FWD_INLINE], "inline");
	EXPECT_EQ(names[MVLAN_FWD_BACKLOG], "backlog");
	EXPECT_EQ(names[MVLAN_FWD_LOWER], "lower");
}

TEST(IfName, LengthAndCharacters)
{
	EXPECT_EQ(check_ifname("mv0"), "");
	EXPECT_EQ(check_ifname("a23456789012345"), "");	// 15: the most IFNAMSIZ allows
	EXPECT_NE(check_ifname("a234567890123456"), "");
	EXPECT_NE(check_ifname(""), "");
	EXPECT_NE(check_ifname("."), "");
	EXPECT_NE(check_ifname(".."), "");
	EXPECT_NE(check_ifname("a/b"), "");
	EXPECT_NE(check_ifname("a b"), "");
	EXPECT_NE(check_ifname("a:1"), "");
}

TEST(AttrName, NamesRequestAttributes)
{
	EXPECT_EQ(attr_name(MVLAN_A_IFINDEX), "ifindex");
	EXPECT_EQ(attr_name(MVLAN_A_LINK), "link");
	EXPECT_EQ(attr_name(999), "attribute 999");
}
