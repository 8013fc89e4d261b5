// SPDX-License-Identifier: GPL-2.0
// Request building, the reply loop and dumps (multi-part, interrupted)
// against a scripted netlink peer; namespace and receive buffer helpers.
#include <sstream>

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "common.hpp"
#include "error.hpp"
#include "fake_netlink.hpp"

using namespace mvlan;

namespace {

struct Fixture {
	fake::Transport *peer;
	std::unique_ptr<nl::Socket> sock;
	std::ostringstream warnings;

	Fixture()
	{
		auto t = std::make_unique<fake::Transport>();
		peer = t.get();
		sock = std::make_unique<nl::Socket>(std::move(t), 0x20);
		sock->set_warnings(warnings);
	}
};

std::vector<std::string> names_of_dump(Fixture &f)
{
	std::vector<std::string> names;
	f.sock->dump(MVLAN_CMD_DEV_GET,
		     [&](const nlmsghdr *nlh) { names.push_back(nl::parse_device(nlh).name); });
	return names;
}

}  // namespace

TEST(Request, HeaderFlagsSequenceAndAttributes)
{
	Fixture f;
	f.peer->respond = [](std::uint32_t seq, int) {
		return std::vector<fake::Transport::Item>{ fake::ack(seq) };
	};
	nl::Message msg = f.sock->request(MVLAN_CMD_DEV_DEL);
	msg.put_u32(MVLAN_A_IFINDEX, 7);
	EXPECT_FALSE(f.sock->transact(msg));
	nl::Message again = f.sock->request(MVLAN_CMD_DEV_DEL);
	f.sock->transact(again);

	ASSERT_EQ(f.peer->sent.size(), 2u);
	const auto *nlh = reinterpret_cast<const nlmsghdr *>(f.peer->sent[0].data());
	EXPECT_EQ(nlh->nlmsg_type, 0x20);
	EXPECT_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	EXPECT_EQ(nl::genl_cmd(nlh), MVLAN_CMD_DEV_DEL);
	EXPECT_EQ(nl::parse_device(nlh).ifindex, 7u);
	const auto *second = reinterpret_cast<const nlmsghdr *>(f.peer->sent[1].data());
	EXPECT_NE(second->nlmsg_seq, nlh->nlmsg_seq);
}

TEST(Request, KernelErrorCarriesErrno)
{
	Fixture f;
	f.peer->respond = [](std::uint32_t seq, int) {
		return std::vector<fake::Transport::Item>{ fake::ack(seq, -ENODEV) };
	};
	try {
		f.sock->transact(f.sock->request(MVLAN_CMD_DEV_DEL));
		FAIL() << "no KernelError";
	} catch (const KernelError &e) {
		EXPECT_EQ(e.error(), ENODEV);
		EXPECT_STREQ(e.what(), std::strerror(ENODEV));
	}
}

TEST(Request, StaleRepliesOfOtherSequencesAreSkipped)
{
	Fixture f;
	f.peer->respond = [](std::uint32_t seq, int) {
		return std::vector<fake::Transport::Item>{ fake::concat(
			{ fake::device(MVLAN_CMD_DEV_GET, "old", 1, seq - 1), fake::ack(seq - 1),
			  fake::device(MVLAN_CMD_DEV_GET, "mv0", 5, seq), fake::ack(seq) }) };
	};
	std::vector<std::string> names;
	f.sock->transact(f.sock->request(MVLAN_CMD_DEV_GET), [&](const nlmsghdr *nlh) {
		names.push_back(nl::parse_device(nlh).name);
	});
	EXPECT_EQ(names, std::vector<std::string>{ "mv0" });
}

TEST(Dump, MultiPartAcrossDatagrams)
{
	Fixture f;
	f.peer->respond = [](std::uint32_t seq, int) {
		return std::vector<fake::Transport::Item>{
			fake::concat({ fake::device(MVLAN_CMD_DEV_GET, "a", 1, seq, NLM_F_MULTI),
				       fake::device(MVLAN_CMD_DEV_GET, "b", 2, seq, NLM_F_MULTI) }),
			fake::device(MVLAN_CMD_DEV_GET, "c", 3, seq, NLM_F_MULTI),
			fake::done(seq),
		};
	};
	EXPECT_EQ(names_of_dump(f), (std::vector<std::string>{ "a", "b", "c" }));
	ASSERT_EQ(f.peer->sent.size(), 1u);
	const auto *nlh = reinterpret_cast<const nlmsghdr *>(f.peer->sent[0].data());
	EXPECT_TRUE(nlh->nlmsg_flags & NLM_F_DUMP);
	EXPECT_EQ(f.warnings.str(), "");
}

TEST(Dump, InterruptedOnceIsRetriedAndOnlyTheConsistentSetShown)
{
	Fixture f;
	f.peer->respond = [](std::uint32_t seq, int attempt) {
		const int intr = attempt == 1 ? NLM_F_DUMP_INTR : 0;
		return std::vector<fake::Transport::Item>{
			fake::device(MVLAN_CMD_DEV_GET, attempt == 1 ? "old" : "new", 1, seq,
				     NLM_F_MULTI | intr),
			fake::done(seq, NLM_F_MULTI | intr),
		};
	};
	EXPECT_EQ(names_of_dump(f), std::vector<std::string>{ "new" });
	EXPECT_EQ(f.peer->sent.size(), 2u);
	EXPECT_EQ(f.warnings.str(), "");
}

TEST(Dump, InterruptedEveryTimeWarnsLikeIp)
{
	Fixture f;
	f.peer->respond = [](std::uint32_t seq, int attempt) {
		return std::vector<fake::Transport::Item>{
			fake::device(MVLAN_CMD_DEV_GET, attempt == nl::Socket::kDumpAttempts ? "last" : "x",
				     1, seq, NLM_F_MULTI | NLM_F_DUMP_INTR),
			fake::done(seq),
		};
	};
	EXPECT_EQ(names_of_dump(f), std::vector<std::string>{ "last" });
	EXPECT_EQ(f.peer->sent.size(), static_cast<std::size_t>(nl::Socket::kDumpAttempts));
	EXPECT_NE(f.warnings.str().find("mvlanctl: warning: the dump was interrupted"),
		  std::string::npos);
	EXPECT_EQ(f.warnings.str().find('\n'), f.warnings.str().size() - 1);
}

TEST(Dump, ErrorInDoneThrows)
{
	Fixture f;
	f.peer->respond = [](std::uint32_t seq, int) {
		return std::vector<fake::Transport::Item>{
			fake::device(MVLAN_CMD_DEV_GET, "a", 1, seq, NLM_F_MULTI),
			fake::control(NLMSG_DONE, -EMSGSIZE, seq, NLM_F_MULTI),
		};
	};
	EXPECT_THROW(names_of_dump(f), KernelError);
}

TEST(Dump, ReadErrorIsOneError)
{
	Fixture f;
	f.peer->respond = [](std::uint32_t, int) {
		return std::vector<fake::Transport::Item>{ -EIO };
	};
	EXPECT_THROW(names_of_dump(f), Error);
}

TEST(Netns, NamePidOrPath)
{
	const auto none = [](const std::string &) { return false; };
	const auto all = [](const std::string &) { return true; };
	EXPECT_EQ(netns_path("blue", none), "/run/netns/blue");
	EXPECT_EQ(netns_path("4242", none), "/proc/4242/ns/net");
	EXPECT_EQ(netns_path("4242", all), "/run/netns/4242");	// a name made of digits
	EXPECT_EQ(netns_path("/var/run/docker/netns/abc", none), "/var/run/docker/netns/abc");
	EXPECT_EQ(netns_path("./ns", none), "./ns");
}

TEST(ReceiveBuffer, ForceFirstThenWarnWhenCapped)
{
	int fds[2];
	ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, fds), 0);
	std::vector<int> asked;
	// No CAP_NET_ADMIN: SO_RCVBUFFORCE fails, SO_RCVBUF is capped.
	const nl::SetSockOpt capped = [&](int fd, int level, int name, const void *,
					  socklen_t len) {
		asked.push_back(name);
		if (name == SO_RCVBUFFORCE) {
			errno = EPERM;
			return -1;
		}
		const int small = 4096;
		return setsockopt(fd, level, name, &small, len);
	};
	const std::string warning = nl::set_receive_buffer(fds[0], 1 << 20, capped);
	EXPECT_EQ(asked, (std::vector<int>{ SO_RCVBUFFORCE, SO_RCVBUF }));
	EXPECT_NE(warning.find("not 1048576"), std::string::npos) << warning;
	EXPECT_NE(warning.find("SO_RCVBUFFORCE"), std::string::npos) << warning;

	asked.clear();
	const nl::SetSockOpt granted = [&](int, int, int name, const void *, socklen_t) {
		asked.push_back(name);
		return 0;
	};
	EXPECT_EQ(nl::set_receive_buffer(fds[0], 1 << 20, granted), "");
	EXPECT_EQ(asked, std::vector<int>{ SO_RCVBUFFORCE });
	close(fds[0]);
	close(fds[1]);
}
