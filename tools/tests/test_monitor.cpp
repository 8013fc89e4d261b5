// SPDX-License-Identifier: GPL-2.0
// The monitor loop on a fake socket: every queued datagram per wakeup, an
// empty socket is the normal end of a wakeup, losses are in-band events
// (with resync), and a closed output ends the monitor.
#include <sstream>

#include <gtest/gtest.h>

#include "error.hpp"
#include "fake_netlink.hpp"
#include "monitor.hpp"

using namespace mvlan;

namespace {

std::vector<std::string> lines(const std::string &text)
{
	std::vector<std::string> out;
	std::istringstream in(text);
	for (std::string l; std::getline(in, l);)
		out.push_back(l);
	return out;
}

// The lines a JSON monitor prints for everything queued on @peer.
std::vector<std::string> drain_json(fake::Transport &peer, std::uint64_t *losses = nullptr)
{
	std::ostringstream out;
	MonitorOptions opts;
	opts.json = true;
	MonitorLoop loop(peer, out, opts);
	loop.drain();
	if (losses)
		*losses = loop.losses();
	return lines(out.str());
}

}  // namespace

TEST(MonitorLoop, ReadsEverythingQueuedPerWakeupAndEmptyIsNotAnError)
{
	fake::Transport peer;
	peer.queue = {
		fake::concat({ fake::device(MVLAN_CMD_DEV_NEW_NTF, "a", 1),
			       fake::device(MVLAN_CMD_DEV_DEL_NTF, "a", 1) }),
		fake::device(MVLAN_CMD_DEV_NEW_NTF, "b", 2),
		-EINTR,
		fake::device(MVLAN_CMD_DEV_CHANGE_NTF, "b", 2),
	};
	std::ostringstream out;
	MonitorLoop loop(peer, out, MonitorOptions{});
	loop.drain();
	EXPECT_TRUE(peer.queue.empty());
	EXPECT_EQ(loop.events(), 4u);
	const auto got = lines(out.str());
	ASSERT_EQ(got.size(), 4u);
	EXPECT_EQ(got[0].rfind("new a ", 0), 0u) << got[0];
	EXPECT_EQ(got[1], "del a");
	EXPECT_EQ(got[3].rfind("change b ", 0), 0u) << got[3];

	loop.drain();	// nothing queued: returns at once
	EXPECT_EQ(loop.events(), 4u);
}

TEST(MonitorLoop, UnknownCommandsAndControlMessagesAreSkipped)
{
	fake::Transport peer;
	peer.queue = { fake::concat({ fake::device(200, "future", 9), fake::done(0),
				      fake::device(MVLAN_CMD_DEV_CARRIER_NTF, "c", 3) }) };
	std::ostringstream out;
	MonitorLoop loop(peer, out, MonitorOptions{});
	loop.drain();
	EXPECT_EQ(out.str(), "carrier c\n");
}

TEST(MonitorLoop, PortChangeIsAPortEvent)
{
	fake::Transport peer;
	peer.queue = { fake::port(MVLAN_CMD_PORT_CHANGE_NTF, "eth0", 2, true),
		       fake::port(MVLAN_CMD_PORT_CHANGE_NTF, "eth0", 2, false) };
	std::ostringstream out;
	MonitorLoop loop(peer, out, MonitorOptions{});
	loop.drain();
	EXPECT_EQ(out.str(), "port-change eth0 host-access on\nport-change eth0 host-access off\n");

	peer.queue = { fake::port(MVLAN_CMD_PORT_CHANGE_NTF, "eth0", 2, true) };
	const auto got = drain_json(peer);
	ASSERT_EQ(got.size(), 1u);
	EXPECT_EQ(got[0].rfind(R"({"event":"port-change","lower":"eth0","ifname":"eth0","ifindex":2,)",
			       0),
		  0u)
		<< got[0];
	EXPECT_NE(got[0].find(R"("host_access":true)"), std::string::npos) << got[0];
}

TEST(MonitorLoop, LossIsAnInBandEventAndTheLoopGoesOn)
{
	fake::Transport peer;
	peer.queue = { fake::device(MVLAN_CMD_DEV_NEW_NTF, "a", 1), -ENOBUFS,
		       fake::device(MVLAN_CMD_DEV_NEW_NTF, "b", 2) };
	std::uint64_t losses = 0;
	const auto got = drain_json(peer, &losses);
	ASSERT_EQ(got.size(), 3u);
	EXPECT_EQ(got[1], R"({"event":"lost"})");
	EXPECT_EQ(got[2].rfind(R"({"event":"new","name":"b")", 0), 0u) << got[2];
	EXPECT_EQ(losses, 1u);
}

TEST(MonitorLoop, ResyncListsTheChildrenAfterALoss)
{
	fake::Transport peer;
	peer.queue = { -ENOBUFS };
	std::ostringstream out;
	MonitorOptions opts;
	opts.resync = true;
	int dumps = 0;
	MonitorLoop loop(peer, out, opts, [&] {
		dumps++;
		Device a, b;
		a.name = "a";
		b.name = "b";
		return std::vector<Device>{ a, b };
	});
	loop.drain();
	EXPECT_EQ(dumps, 1);
	const auto got = lines(out.str());
	ASSERT_EQ(got.size(), 4u);
	EXPECT_EQ(got[0], "lost");
	EXPECT_EQ(got[1].rfind("state a ", 0), 0u) << got[1];
	EXPECT_EQ(got[2].rfind("state b ", 0), 0u) << got[2];
	EXPECT_EQ(got[3], "resynced 2");
}

TEST(MonitorLoop, WithoutResyncNoListing)
{
	fake::Transport peer;
	peer.queue = { -ENOBUFS };
	std::ostringstream out;
	int dumps = 0;
	MonitorLoop loop(peer, out, MonitorOptions{}, [&] {
		dumps++;
		return std::vector<Device>{};
	});
	loop.drain();
	EXPECT_EQ(dumps, 0);
	EXPECT_EQ(out.str(), "lost\n");
}

TEST(MonitorLoop, ClosedOutputEndsIt)
{
	fake::Transport peer;
	peer.queue = { fake::device(MVLAN_CMD_DEV_NEW_NTF, "a", 1),
		       fake::device(MVLAN_CMD_DEV_NEW_NTF, "b", 2) };
	std::ostringstream out;
	out.setstate(std::ios::badbit);		// as std::cout after EPIPE
	MonitorLoop loop(peer, out, MonitorOptions{});
	EXPECT_THROW(loop.drain(), Error);
	EXPECT_EQ(peer.queue.size(), 1u);	// stopped at the first write
}

TEST(MonitorLoop, OtherReadErrorsAreFatal)
{
	fake::Transport peer;
	peer.queue = { -EBADF };
	std::ostringstream out;
	MonitorLoop loop(peer, out, MonitorOptions{});
	EXPECT_THROW(loop.drain(), Error);
}

TEST(MonitorLoop, TimestampsInTextAndJson)
{
	fake::Transport peer;
	peer.queue = { fake::device(MVLAN_CMD_DEV_DEL_NTF, "a", 1) };
	std::ostringstream out;
	MonitorOptions opts;
	opts.timestamps = true;
	MonitorLoop text(peer, out, opts, {}, [] { return std::string("T0"); });
	text.drain();
	EXPECT_EQ(out.str(), "[T0] del a\n");

	peer.queue = { fake::device(MVLAN_CMD_DEV_DEL_NTF, "a", 1) };
	out.str("");
	opts.json = true;
	MonitorLoop json(peer, out, opts, {}, [] { return std::string("T1"); });
	json.drain();
	EXPECT_EQ(out.str(), R"({"event":"del","timestamp":"T1","name":"a","ifname":"a","ifindex":1})"
			     "\n");
}

TEST(MonitorLoop, TimestampFormat)
{
	const std::string t = timestamp_now();
	// 2026-12-01T05:47:10.123456+0000
	ASSERT_EQ(t.size(), 31u) << t;
	EXPECT_EQ(t[10], 'T');
	EXPECT_EQ(t[19], '.');
}
