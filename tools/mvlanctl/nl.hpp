// SPDX-License-Identifier: GPL-2.0
// A small layer over libnl-genl-3 for the mvlan family: RAII ownership,
// requests that wait for the ACK and report the kernel's extack message,
// dumps, and attribute parsing into Device/Port.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "model.hpp"

namespace mvlan::nl {

struct SockDeleter {
	void operator()(nl_sock *sock) const { nl_socket_free(sock); }
};
struct MsgDeleter {
	void operator()(nl_msg *msg) const { nlmsg_free(msg); }
};
struct CbDeleter {
	void operator()(nl_cb *cb) const { nl_cb_put(cb); }
};
using SockPtr = std::unique_ptr<nl_sock, SockDeleter>;
using MsgPtr = std::unique_ptr<nl_msg, MsgDeleter>;
using CbPtr = std::unique_ptr<nl_cb, CbDeleter>;

// Called for every reply message other than the final ACK/DONE.
using ReplyHandler = std::function<void(const nlmsghdr *)>;

// A request builder: genl header plus typed puts that throw when full.
class Message {
public:
	Message(int family, std::uint8_t cmd, int flags);
	void put_u8(int type, std::uint8_t value);
	void put_u32(int type, std::uint32_t value);
	void put_s32(int type, std::int32_t value);
	void put_string(int type, const std::string &value);
	void put_mac(int type, const Mac &mac);
	// Opens a nest; close it with end_nest() once its members are in.
	nlattr *start_nest(int type);
	void end_nest(nlattr *nest);
	nl_msg *get() const { return msg_.get(); }

private:
	MsgPtr msg_;
};

// One generic netlink socket talking to the mvlan family.
class Socket {
public:
	// Throws Error when the family is not registered (module not loaded).
	static Socket connect();

	Message request(std::uint8_t cmd, int flags = 0) const
	{
		return Message(family_, cmd, flags);
	}

	// Sends @msg with NLM_F_ACK and waits for the ACK (or the end of a dump),
	// passing every reply to @on_reply. Throws KernelError when the kernel
	// refuses, carrying its extack message.
	void transact(const Message &msg, const ReplyHandler &on_reply = {});

	// A dump of @cmd (optionally filtered by @build), restarted when the
	// kernel reports that the set changed underneath it.
	void dump(std::uint8_t cmd, const ReplyHandler &on_reply,
		  const std::function<void(Message &)> &build = {});

	// Multicast group id of @group in the mvlan family.
	int resolve_group(const char *group);

	nl_sock *get() const { return sock_.get(); }
	int family() const { return family_; }

private:
	Socket(SockPtr sock, int family) : sock_(std::move(sock)), family_(family) {}
	SockPtr sock_;
	int family_;
};

// A socket that only receives the family's multicast notifications.
class MonitorSocket {
public:
	explicit MonitorSocket(int group);
	int fd() const;
	// Reads whatever is queued without blocking, @on_msg for each message.
	// Returns false when notifications were lost (receive buffer overrun).
	bool drain(const ReplyHandler &on_msg);

private:
	SockPtr sock_;
	CbPtr cb_;
};

// Attribute parsing. Throws Error on a malformed message.
Device parse_device(const nlmsghdr *nlh);
Port parse_port(const nlmsghdr *nlh);
// The generic netlink command of @nlh (MVLAN_CMD_*).
std::uint8_t genl_cmd(const nlmsghdr *nlh);

// The extack message of an NLMSG_ERROR (or NLMSG_DONE) message, empty when
// the kernel gave none. Exposed for the unit tests.
struct ExtAck {
	std::string message;
	int missing_type = -1;		// NLMSGERR_ATTR_MISS_TYPE
};
ExtAck parse_extack(const nlmsghdr *nlh);

}  // namespace mvlan::nl
