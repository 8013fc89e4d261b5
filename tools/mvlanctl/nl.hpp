// SPDX-License-Identifier: GPL-2.0
// A small layer for the mvlan family: libnl-genl-3 builds requests,
// resolves the family and parses attributes; the reply loop is ours (one
// Transport interface, so the unit tests drive it with a fake socket):
// requests that wait for the ACK and report the kernel's extack message,
// dumps with NLM_F_DUMP_INTR retries, and parsing into Device/Port.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <sys/socket.h>

#include "model.hpp"

namespace mvlan::nl {

struct SockDeleter {
	void operator()(nl_sock *sock) const { nl_socket_free(sock); }
};
struct MsgDeleter {
	void operator()(nl_msg *msg) const { nlmsg_free(msg); }
};
using SockPtr = std::unique_ptr<nl_sock, SockDeleter>;
using MsgPtr = std::unique_ptr<nl_msg, MsgDeleter>;

// Called for every reply message other than the final ACK/DONE.
using ReplyHandler = std::function<void(const nlmsghdr *)>;

// A request builder: genl header plus typed puts that throw when full.
class Message {
public:
	Message(int family, std::uint8_t cmd, int flags);
	void put_flag(int type);
	void put_u8(int type, std::uint8_t value);
	void put_u32(int type, std::uint32_t value);
	void put_s32(int type, std::int32_t value);
	void put_string(int type, const std::string &value);
	void put_mac(int type, const Mac &mac);
	// Opens a nest; close it with end_nest() once its members are in.
	nlattr *start_nest(int type);
	void end_nest(nlattr *nest);
	nl_msg *get() const { return msg_.get(); }
	nlmsghdr *header() const { return nlmsg_hdr(msg_.get()); }

private:
	MsgPtr msg_;
};

// Where requests go and replies come from: a netlink socket, or a fake in
// the unit tests.
class Transport {
public:
	virtual ~Transport() = default;
	// Sends one request. Throws Error.
	virtual void send(const nlmsghdr *nlh) = 0;
	// One datagram into @buf (resized to what was read); 0 or -errno
	// (-EAGAIN when a non-blocking socket is empty, -ENOBUFS when the
	// kernel dropped messages for lack of receive buffer).
	virtual int receive(std::vector<std::uint8_t> &buf) = 0;
};

// The replies to one request, as datagrams arrive: every message but the
// final ACK/DONE goes to the handler; NLM_F_DUMP_INTR is remembered; an
// error ends it with KernelError.
class ReplyReader {
public:
	ReplyReader(std::uint32_t seq, const ReplyHandler &on_reply)
		: seq_(seq), on_reply_(on_reply)
	{
	}
	// Returns true once the request is finished. Throws KernelError.
	bool feed(const std::uint8_t *data, std::size_t len);
	bool interrupted() const { return interrupted_; }
	// A warning the kernel attached to a successful request.
	const std::string &warning() const { return warning_; }

private:
	std::uint32_t seq_;
	const ReplyHandler &on_reply_;
	bool interrupted_ = false;
	std::string warning_;
};

// One generic netlink socket talking to the mvlan family.
class Socket {
public:
	// Throws Error when the family is not registered (module not loaded).
	static Socket connect();
	// @ctrl: the libnl socket that resolved the family (for groups);
	// @transport may use its descriptor: ctrl_ is declared first, so it
	// outlives the transport.
	Socket(std::unique_ptr<Transport> transport, int family, SockPtr ctrl = {})
		: ctrl_(std::move(ctrl)), transport_(std::move(transport)), family_(family)
	{
	}

	Message request(std::uint8_t cmd, int flags = 0) const
	{
		return Message(family_, cmd, flags);
	}

	// Sends @msg with NLM_F_ACK and waits for the ACK (or the end of a dump),
	// passing every reply to @on_reply. Throws KernelError when the kernel
	// refuses, carrying its extack message. Returns whether the kernel
	// marked the replies NLM_F_DUMP_INTR.
	bool transact(const Message &msg, const ReplyHandler &on_reply = {});

	// A dump of @cmd (optionally filtered by @build), restarted when the
	// kernel reports that the set changed underneath it; after the last
	// attempt, the replies are passed on and a warning goes to @warn.
	void dump(std::uint8_t cmd, const ReplyHandler &on_reply,
		  const std::function<void(Message &)> &build = {});

	// Multicast group id of @group in the mvlan family.
	int resolve_group(const char *group);

	// Where warnings go (std::cerr unless a test says otherwise).
	void set_warnings(std::ostream &warn) { warn_ = &warn; }

	int family() const { return family_; }

	static constexpr int kDumpAttempts = 5;

private:
	SockPtr ctrl_;
	std::unique_ptr<Transport> transport_;
	int family_;
	std::uint32_t seq_ = 0;
	std::ostream *warn_ = nullptr;
};

// SO_RCVBUFFORCE, else SO_RCVBUF: the latter is silently capped at
// net.core.rmem_max. Returns a warning when the buffer is smaller than
// asked for, empty otherwise. @setopt is setsockopt(2) unless a test
// replaces it.
using SetSockOpt = std::function<int(int, int, int, const void *, socklen_t)>;
std::string set_receive_buffer(int fd, int bytes, const SetSockOpt &setopt = {});

// A socket that only receives the family's multicast notifications.
class MonitorSocket : public Transport {
public:
	// @rcvbuf: bytes of receive buffer; a warning goes to @warn when the
	// kernel does not grant them.
	MonitorSocket(int group, int rcvbuf, std::ostream &warn);
	int fd() const;
	void send(const nlmsghdr *nlh) override;
	// Non-blocking: -EAGAIN once everything queued was read.
	int receive(std::vector<std::uint8_t> &buf) override;

private:
	SockPtr sock_;
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
