// SPDX-License-Identifier: GPL-2.0
// The JSON schema is an interface: exact keys, order and types.
#include <gtest/gtest.h>

#include <linux/mvlan.h>

#include "print.hpp"

using namespace mvlan;

namespace {

std::vector<std::string> keys_of(const Json &j)
{
	std::vector<std::string> keys;
	for (const auto &item : j.items())
		keys.push_back(item.key());
	return keys;
}

Device sample_device()
{
	Device d;
	d.name = "mv0";
	d.ifindex = 7;
	d.link = 2;
	d.link_name = "eth0";
	d.mode = MVLAN_MODE_SOURCE;
	d.flags = MVLAN_FLAG_NODST;
	d.mac = { 0x02, 0, 0, 0, 0, 0x01 };
	d.mtu = 1500;
	d.source_macs = { { 0x02, 0, 0, 0, 0, 0xaa }, { 0x02, 0, 0, 0, 0, 0xbb } };
	d.bc_queue_len = 1000;
	d.bc_cutoff = -1;
	d.carrier = true;
	d.oper_up = true;
	d.stats.rx_packets = 10;
	d.stats.rx_bytes = 1000;
	d.stats.rx_multicast = 2;
	d.stats.rx_dropped = 1;
	d.stats.tx_packets = 20;
	d.stats.tx_bytes = 2000;
	d.stats.tx_dropped = 3;
	d.stats.drops[MVLAN_DROP_SOURCE_FILTER] = 5;
	d.stats.drops[MVLAN_DROP_PRIVATE] = 6;
	d.stats.fwd[MVLAN_FWD_INLINE] = 7;
	d.stats.fwd[MVLAN_FWD_BACKLOG] = 8;
	d.stats.fwd[MVLAN_FWD_LOWER] = 9;
	return d;
}

Port sample_port()
{
	Port p;
	p.lower = "eth0";
	p.ifindex = 2;
	p.children = 3;
	p.passthru = false;
	p.promiscuity = 1;
	p.bc_queue_len_used = 1000;
	p.bc_queue_qlen = 4;
	p.bc_cutoff = 1;
	p.host_access = true;
	p.drops[MVLAN_DROP_NO_CHILD] = 100;
	p.drops[MVLAN_DROP_BC_OVERFLOW] = 7;
	return p;
}

const std::vector<std::string> kDropKeys = { "no_child", "child_down", "bc_overflow",
					     "source_filter", "private" };
const std::vector<std::string> kFwdKeys = { "inline", "backlog", "lower" };

}  // namespace

TEST(JsonDevice, KeysAndTypes)
{
	const Json j = to_json(sample_device());
	EXPECT_EQ(keys_of(j),
		  (std::vector<std::string>{ "name", "ifname", "ifindex", "link", "link_ifindex",
					     "mode", "mac", "address", "mtu", "flags",
					     "source_count", "source_macs", "bc_queue_len",
					     "bc_cutoff", "carrier", "oper_up", "operstate",
					     "tap", "tap_device", "stats" }));
	// Schema 2: ip(8)'s keys beside the old ones, same values.
	EXPECT_EQ(j["ifname"], j["name"]);
	EXPECT_EQ(j["address"], j["mac"]);
	EXPECT_EQ(j["operstate"], "UP");
	EXPECT_EQ(j["name"], "mv0");
	EXPECT_TRUE(j["ifindex"].is_number_unsigned());
	EXPECT_EQ(j["ifindex"], 7);
	EXPECT_EQ(j["link"], "eth0");
	EXPECT_EQ(j["link_ifindex"], 2);
	EXPECT_EQ(j["mode"], "source");
	EXPECT_EQ(j["mac"], "02:00:00:00:00:01");
	EXPECT_EQ(j["mtu"], 1500);
	EXPECT_EQ(j["flags"], Json::array({ "nodst" }));
	EXPECT_EQ(j["source_count"], 2);
	EXPECT_EQ(j["source_macs"], Json::array({ "02:00:00:00:00:aa", "02:00:00:00:00:bb" }));
	EXPECT_EQ(j["bc_queue_len"], 1000);
	EXPECT_TRUE(j["bc_cutoff"].is_number_integer());
	EXPECT_EQ(j["bc_cutoff"], -1);
	EXPECT_TRUE(j["carrier"].is_boolean());
	EXPECT_EQ(j["carrier"], true);
	EXPECT_EQ(j["oper_up"], true);

	const Json &s = j["stats"];
	EXPECT_EQ(keys_of(s),
		  (std::vector<std::string>{ "rx_packets", "rx_bytes", "rx_multicast", "rx_dropped",
					     "tx_packets", "tx_bytes", "tx_dropped", "drops",
					     "fwd" }));
	EXPECT_EQ(s["rx_packets"], 10);
	EXPECT_EQ(s["rx_bytes"], 1000);
	EXPECT_EQ(s["rx_multicast"], 2);
	EXPECT_EQ(s["rx_dropped"], 1);
	EXPECT_EQ(s["tx_packets"], 20);
	EXPECT_EQ(s["tx_bytes"], 2000);
	EXPECT_EQ(s["tx_dropped"], 3);
	EXPECT_EQ(keys_of(s["drops"]), kDropKeys);
	EXPECT_EQ(s["drops"]["source_filter"], 5);
	EXPECT_EQ(s["drops"]["private"], 6);
	EXPECT_EQ(s["drops"]["no_child"], nullptr);	// not sent: null, not 0
	EXPECT_EQ(keys_of(s["fwd"]), kFwdKeys);
	EXPECT_EQ(s["fwd"]["inline"], 7);
	EXPECT_EQ(s["fwd"]["backlog"], 8);
	EXPECT_EQ(s["fwd"]["lower"], 9);
}

TEST(JsonDevice, AbsentValuesAreNullListsStayArraysNetnsidOnlyWhenPresent)
{
	Device d;
	const Json j = to_json(d);
	for (const char *key : { "ifindex", "link", "mode", "mac", "address", "mtu", "flags",
				 "source_count", "bc_queue_len", "bc_cutoff", "carrier",
				 "oper_up", "operstate" })
		EXPECT_TRUE(j[key].is_null()) << key;
	EXPECT_TRUE(j["stats"]["rx_packets"].is_null());
	EXPECT_TRUE(j["stats"]["fwd"]["inline"].is_null());
	EXPECT_TRUE(j["source_macs"].is_array());
	EXPECT_TRUE(j["source_macs"].empty());
	EXPECT_FALSE(j.contains("netnsid"));
	EXPECT_FALSE(j.contains("link_netnsid"));
	d.link = 4;
	EXPECT_EQ(to_json(d)["link"], "if4");	// kernel gave no name
	d.flags = 0;
	EXPECT_EQ(to_json(d)["flags"], Json::array());

	d.netnsid = 3;
	d.link_netnsid = 0;
	const Json k = to_json(d);
	ASSERT_TRUE(k.contains("netnsid"));
	EXPECT_EQ(k["netnsid"], 3);
	EXPECT_EQ(k["link_netnsid"], 0);
	EXPECT_EQ(keys_of(k)[5], "link_netnsid");	// right after link_ifindex
}

TEST(JsonDevice, LargeCountersKeepFullWidth)
{
	Device d;
	d.stats.rx_bytes = 0xffffffffffffffffull;
	const Json j = to_json(d);
	EXPECT_EQ(j["stats"]["rx_bytes"].get<std::uint64_t>(), 0xffffffffffffffffull);
	EXPECT_NE(j.dump().find("18446744073709551615"), std::string::npos);
}

TEST(JsonPort, KeysAndTypes)
{
	const Json j = to_json(sample_port());
	EXPECT_EQ(keys_of(j),
		  (std::vector<std::string>{ "lower", "ifname", "ifindex", "children", "passthru",
					     "promiscuity", "bc_queue_len_used", "bc_queue_qlen",
					     "bc_cutoff", "host_access", "drops" }));
	EXPECT_EQ(j["lower"], "eth0");
	EXPECT_EQ(j["ifindex"], 2);
	EXPECT_EQ(j["children"], 3);
	EXPECT_TRUE(j["passthru"].is_boolean());
	EXPECT_EQ(j["promiscuity"], 1);
	EXPECT_EQ(j["bc_queue_len_used"], 1000);
	EXPECT_EQ(j["bc_queue_qlen"], 4);
	EXPECT_EQ(j["bc_cutoff"], 1);
	EXPECT_EQ(j["host_access"], true);
	EXPECT_EQ(keys_of(j["drops"]), kDropKeys);
	EXPECT_EQ(j["drops"]["no_child"], 100);
	EXPECT_EQ(j["drops"]["bc_overflow"], 7);
}

TEST(JsonEvent, ShapesPerKind)
{
	const Device d = sample_device();
	Json j = to_json(Event(EventKind::New, d));
	EXPECT_EQ(j["event"], "new");
	EXPECT_EQ(keys_of(j).front(), "event");
	EXPECT_EQ(j["name"], "mv0");
	EXPECT_EQ(j["mode"], "source");
	EXPECT_TRUE(j["stats"].is_object());

	j = to_json(Event(EventKind::Change, d));
	EXPECT_EQ(j["event"], "change");
	EXPECT_EQ(j["flags"], Json::array({ "nodst" }));

	j = to_json(Event(EventKind::Del, d));
	EXPECT_EQ(keys_of(j),
		  (std::vector<std::string>{ "event", "name", "ifname", "ifindex", "link" }));
	EXPECT_EQ(j["event"], "del");

	j = to_json(Event(EventKind::Carrier, d));
	EXPECT_EQ(keys_of(j), (std::vector<std::string>{ "event", "name", "ifname", "ifindex",
							 "carrier", "link" }));
	// Events carry the namespace ids when the child is elsewhere.
	Device away = d;
	away.netnsid = 2;
	away.link_netnsid = 0;
	j = to_json(Event(EventKind::Del, away));
	EXPECT_EQ(j["netnsid"], 2);
	EXPECT_EQ(j["link_netnsid"], 0);
	EXPECT_EQ(render_event(Event(EventKind::Del, away)), "del mv0 netnsid 2");
	j = to_json(Event(EventKind::Carrier, d));
	EXPECT_EQ(j["carrier"], true);
}

TEST(Text, EventLines)
{
	Device d = sample_device();
	d.mode = MVLAN_MODE_BRIDGE;
	d.flags = 0;
	EXPECT_EQ(render_event(Event(EventKind::New, d)),
		  "new mv0 link eth0 mode bridge mac 02:00:00:00:00:01 mtu 1500");
	d.flags = MVLAN_FLAG_NOPROMISC;
	d.netnsid = 1;
	EXPECT_EQ(render_event(Event(EventKind::Change, d)),
		  "change mv0 link eth0 mode bridge mac 02:00:00:00:00:01 mtu 1500 "
		  "flags nopromisc netnsid 1");
	EXPECT_EQ(render_event(Event(EventKind::Del, d)), "del mv0 netnsid 1");
	EXPECT_EQ(render_event(Event(EventKind::Carrier, d)), "carrier mv0 up netnsid 1");
	d.carrier = false;
	d.netnsid.reset();
	EXPECT_EQ(render_event(Event(EventKind::Carrier, d)), "carrier mv0 down");
	d.carrier.reset();
	EXPECT_EQ(render_event(Event(EventKind::Carrier, d)), "carrier mv0");
}

TEST(Text, DeviceTableIsAligned)
{
	Device a = sample_device();
	Device b = sample_device();
	b.name = "mvlan-long-name";
	b.flags = 0;
	b.oper_up = false;
	b.carrier = false;
	const std::string out = render_devices({ a, b }, false);
	std::istringstream lines(out);
	std::string header, row1, row2, extra;
	std::getline(lines, header);
	std::getline(lines, row1);
	std::getline(lines, row2);
	EXPECT_FALSE(std::getline(lines, extra));
	EXPECT_EQ(header.rfind("NAME", 0), 0u);
	for (const char *col : { "LINK", "MODE", "MAC", "MTU", "FLAGS", "STATE", "RX", "TX",
				 "DROPS" })
		EXPECT_NE(header.find(col), std::string::npos) << col;
	// Every column starts at the same offset in each line.
	EXPECT_EQ(row1.find("eth0"), header.find("LINK"));
	EXPECT_EQ(row2.find("eth0"), header.find("LINK"));
	EXPECT_EQ(row1.find("nodst"), header.find("FLAGS"));
	EXPECT_EQ(row1.find("UP"), header.find("STATE"));
	EXPECT_EQ(row2.find("NO-CARRIER"), header.find("STATE"));
	// DROPS = rx_dropped + tx_dropped
	EXPECT_EQ(row1.substr(header.find("DROPS")), "4");
}

TEST(Text, DeviceDetailListsSourceMacsAndDropReasons)
{
	const std::string out = render_devices({ sample_device() }, true);
	EXPECT_NE(out.find("source MACs (2): 02:00:00:00:00:aa 02:00:00:00:00:bb"),
		  std::string::npos)
		<< out;
	EXPECT_NE(out.find("source_filter 5"), std::string::npos) << out;
	EXPECT_NE(out.find("bc_cutoff -1"), std::string::npos) << out;
	// The forwarding paths follow the drops line.
	EXPECT_NE(out.find("  private 6\n    bridge fwd inline 7  backlog 8  lower 9\n"),
		  std::string::npos)
		<< out;
}

// Only the count came (a child in another namespace): say so, not "none".
TEST(Text, DeviceDetailSourceCountWithoutList)
{
	Device d = sample_device();
	d.source_macs.clear();
	d.source_count = 3000;
	const std::string out = render_devices({ d }, true);
	EXPECT_NE(out.find("source MACs (3000): not listed"), std::string::npos) << out;
	EXPECT_EQ(to_json(d)["source_count"], 3000);

	d.source_count = 0;
	EXPECT_NE(render_devices({ d }, true).find("source MACs (0): none"), std::string::npos);
}

// A tap child says so and names its character device, in both formats.
TEST(Text, TapChildNamesItsCharDevice)
{
	Device d = sample_device();
	EXPECT_EQ(to_json(d)["tap"], false);
	EXPECT_EQ(to_json(d)["tap_device"], nullptr);
	EXPECT_EQ(render_devices({ d }, true).find("    tap "), std::string::npos);

	d.tap = true;
	const Json j = to_json(d);
	EXPECT_EQ(j["tap"], true);
	EXPECT_EQ(j["tap_device"], "/dev/tap7");
	EXPECT_NE(render_devices({ d }, true).find("\n    tap /dev/tap7\n"), std::string::npos);

	d.ifindex.reset();	// nothing to name it by
	EXPECT_EQ(to_json(d)["tap_device"], nullptr);
	EXPECT_NE(render_devices({ d }, true).find("    tap -\n"), std::string::npos);
}

TEST(Text, PortTable)
{
	const std::string out = render_ports({ sample_port() }, true);
	EXPECT_EQ(out.rfind("LOWER", 0), 0u);
	EXPECT_NE(out.find("4/1000"), std::string::npos) << out;
	EXPECT_NE(out.find("HOSTACCESS"), std::string::npos) << out;
	EXPECT_NE(out.find(" on "), std::string::npos) << out;
	EXPECT_NE(out.find("no_child 100"), std::string::npos) << out;
	EXPECT_EQ(out.find("fwd"), std::string::npos) << out;	// children only
}
