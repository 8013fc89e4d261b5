// SPDX-License-Identifier: GPL-2.0
#include "nl.hpp"

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>

#include <linux/mvlan.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/socket.h>
#include <sys/socket.h>

#include "error.hpp"

namespace mvlan::nl {

namespace {

// Big enough for a 4096-entry batch or source list in one request.
constexpr std::size_t kRequestSize = 64 * 1024;
// The kernel's doc recommends 32 KiB receive buffers for dumps; events may
// come in bursts (batch create), so the monitor socket gets more.
constexpr int kMonitorRcvbuf = 1024 * 1024;
constexpr int kDumpAttempts = 5;

std::string libnl_error(int err)
{
	return nl_geterror(err);
}

void check_put(int ret)
{
	if (ret < 0)
		throw Error("netlink request too large");
}

// State of one request while its replies are read.
struct Transaction {
	const ReplyHandler *on_reply = nullptr;
	bool done = false;
	int error = 0;			// positive errno from the kernel
	ExtAck ext;
	bool interrupted = false;	// NLM_F_DUMP_INTR seen
	std::exception_ptr exception;	// thrown by on_reply; libnl is C
};

int on_valid(nl_msg *msg, void *arg)
{
	auto *t = static_cast<Transaction *>(arg);

	if (t->exception)
		return NL_SKIP;
	try {
		if (t->on_reply && *t->on_reply)
			(*t->on_reply)(nlmsg_hdr(msg));
	} catch (...) {
		t->exception = std::current_exception();
	}
	return NL_OK;
}

int on_ack(nl_msg *msg, void *arg)
{
	auto *t = static_cast<Transaction *>(arg);

	t->done = true;
	t->ext = parse_extack(nlmsg_hdr(msg));	// a warning, if anything
	return NL_STOP;
}

int on_finish(nl_msg *msg, void *arg)
{
	auto *t = static_cast<Transaction *>(arg);
	const nlmsghdr *nlh = nlmsg_hdr(msg);

	t->done = true;
	// A dump that fails part-way ends with NLMSG_DONE carrying the error.
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
		int err;
		std::memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
		if (err < 0) {
			t->error = -err;
			t->ext = parse_extack(nlh);
		}
	}
	return NL_STOP;
}

int on_error(sockaddr_nl *, nlmsgerr *err, void *arg)
{
	auto *t = static_cast<Transaction *>(arg);
	// libnl hands us the payload; the header sits right before it.
	const auto *nlh = reinterpret_cast<const nlmsghdr *>(err) - 1;

	t->done = true;
	t->error = -err->error;
	t->ext = parse_extack(nlh);
	return NL_STOP;
}

int on_dump_intr(nl_msg *, void *arg)
{
	static_cast<Transaction *>(arg)->interrupted = true;
	return NL_OK;
}

std::string describe(const Transaction &t)
{
	if (!t.ext.message.empty())
		return t.ext.message;
	std::string msg = std::strerror(t.error);
	if (t.ext.missing_type >= 0)
		msg += " (missing attribute " + attr_name(t.ext.missing_type) + ")";
	return msg;
}

void enable_ext_ack(nl_sock *sock)
{
	const int one = 1;
	const int fd = nl_socket_get_fd(sock);

	// Both exist since Linux 4.12; without them we fall back to strerror.
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
}

void run_transaction(nl_sock *sock, nl_msg *msg, Transaction &t)
{
	CbPtr cb(nl_cb_clone(nl_socket_get_cb(sock)));
	if (!cb)
		throw std::bad_alloc();
	nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb.get(), NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb.get(), NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, &t);
	nl_cb_err(cb.get(), NL_CB_CUSTOM, on_error, &t);

	int ret = nl_send_auto(sock, msg);
	if (ret < 0)
		throw Error("cannot send netlink request: " + libnl_error(ret));

	while (!t.done) {
		ret = nl_recvmsgs(sock, cb.get());
		if (t.exception || t.done)
			break;
		if (ret < 0)
			throw Error("cannot read netlink reply: " + libnl_error(ret));
	}
	if (t.exception)
		std::rethrow_exception(t.exception);
	if (t.error)
		throw KernelError(t.error, describe(t));
	if (!t.ext.message.empty())
		std::cerr << "mvlanctl: warning: " << t.ext.message << std::endl;
}

template <typename T>
T get_fixed(const nlattr *attr)
{
	T value;
	if (nla_len(attr) < static_cast<int>(sizeof(T)))
		throw Error("malformed reply from the kernel: attribute too short");
	std::memcpy(&value, nla_data(attr), sizeof(T));
	return value;
}

// The kernel's uint/u64 counters may be 4 or 8 bytes.
std::uint64_t get_counter(const nlattr *attr)
{
	if (nla_len(attr) == sizeof(std::uint32_t))
		return get_fixed<std::uint32_t>(attr);
	return get_fixed<std::uint64_t>(attr);
}

std::string get_string(const nlattr *attr)
{
	const auto *data = static_cast<const char *>(nla_data(attr));
	return std::string(data, strnlen(data, nla_len(attr)));
}

Mac get_mac(const nlattr *attr)
{
	Mac mac;
	if (nla_len(attr) != static_cast<int>(mac.size()))
		throw Error("malformed reply from the kernel: MAC attribute of " +
			    std::to_string(nla_len(attr)) + " bytes");
	std::memcpy(mac.data(), nla_data(attr), mac.size());
	return mac;
}

using Attrs = std::array<nlattr *, MVLAN_A_MAX + 1>;

Attrs parse_top(const nlmsghdr *nlh)
{
	Attrs tb{};
	// No policy: attributes from a newer kernel above MVLAN_A_MAX are skipped.
	if (genlmsg_parse(const_cast<nlmsghdr *>(nlh), 0, tb.data(), MVLAN_A_MAX,
			  nullptr) < 0)
		throw Error("malformed reply from the kernel");
	return tb;
}

void parse_stats(nlattr *nest, Stats &stats)
{
	std::array<nlattr *, MVLAN_STATS_A_MAX + 1> tb{};
	if (nla_parse_nested(tb.data(), MVLAN_STATS_A_MAX, nest, nullptr) < 0)
		throw Error("malformed statistics from the kernel");

	const auto counter = [&](int type) -> std::uint64_t {
		return tb[type] ? get_counter(tb[type]) : 0;
	};
	stats.rx_packets = counter(MVLAN_STATS_A_RX_PACKETS);
	stats.rx_bytes = counter(MVLAN_STATS_A_RX_BYTES);
	stats.rx_multicast = counter(MVLAN_STATS_A_RX_MULTICAST);
	stats.rx_dropped = counter(MVLAN_STATS_A_RX_DROPPED);
	stats.tx_packets = counter(MVLAN_STATS_A_TX_PACKETS);
	stats.tx_bytes = counter(MVLAN_STATS_A_TX_BYTES);
	stats.tx_dropped = counter(MVLAN_STATS_A_TX_DROPPED);
	stats.drops[MVLAN_DROP_NO_CHILD] = counter(MVLAN_STATS_A_DROP_NO_CHILD);
	stats.drops[MVLAN_DROP_CHILD_DOWN] = counter(MVLAN_STATS_A_DROP_CHILD_DOWN);
	stats.drops[MVLAN_DROP_BC_OVERFLOW] = counter(MVLAN_STATS_A_DROP_BC_OVERFLOW);
	stats.drops[MVLAN_DROP_SOURCE_FILTER] = counter(MVLAN_STATS_A_DROP_SOURCE_FILTER);
	stats.drops[MVLAN_DROP_PRIVATE] = counter(MVLAN_STATS_A_DROP_PRIVATE);
	stats.fwd[MVLAN_FWD_INLINE] = counter(MVLAN_STATS_A_FWD_INLINE);
	stats.fwd[MVLAN_FWD_BACKLOG] = counter(MVLAN_STATS_A_FWD_BACKLOG);
	stats.fwd[MVLAN_FWD_LOWER] = counter(MVLAN_STATS_A_FWD_LOWER);
}

}  // namespace

Message::Message(int family, std::uint8_t cmd, int flags)
	: msg_(nlmsg_alloc_size(kRequestSize))
{
	if (!msg_)
		throw std::bad_alloc();
	// NLM_F_ACK always: errors and warnings come back as extack.
	if (!genlmsg_put(msg_.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			 flags | NLM_F_ACK, cmd, MVLAN_FAMILY_VERSION))
		throw Error("netlink request too large");
}

void Message::put_u8(int type, std::uint8_t value)
{
	check_put(nla_put_u8(msg_.get(), type, value));
}

void Message::put_u32(int type, std::uint32_t value)
{
	check_put(nla_put_u32(msg_.get(), type, value));
}

void Message::put_s32(int type, std::int32_t value)
{
	check_put(nla_put_s32(msg_.get(), type, value));
}

void Message::put_string(int type, const std::string &value)
{
	check_put(nla_put_string(msg_.get(), type, value.c_str()));
}

void Message::put_mac(int type, const Mac &mac)
{
	check_put(nla_put(msg_.get(), type, static_cast<int>(mac.size()), mac.data()));
}

nlattr *Message::start_nest(int type)
{
	nlattr *nest = nla_nest_start(msg_.get(), type);
	if (!nest)
		throw Error("netlink request too large");
	return nest;
}

void Message::end_nest(nlattr *nest)
{
	check_put(nla_nest_end(msg_.get(), nest));
}

Socket Socket::connect()
{
	SockPtr sock(nl_socket_alloc());
	if (!sock)
		throw std::bad_alloc();
	int ret = genl_connect(sock.get());
	if (ret < 0)
		throw Error("cannot open a generic netlink socket: " + libnl_error(ret));
	enable_ext_ack(sock.get());

	const int family = genl_ctrl_resolve(sock.get(), MVLAN_FAMILY_NAME);
	if (family == -NLE_OBJ_NOTFOUND)
		throw Error("generic netlink family " MVLAN_FAMILY_NAME
			    " not found (is mvlan.ko loaded?)");
	if (family < 0)
		throw Error("cannot resolve generic netlink family " MVLAN_FAMILY_NAME ": " +
			    libnl_error(family));
	return Socket(std::move(sock), family);
}

void Socket::transact(const Message &msg, const ReplyHandler &on_reply)
{
	Transaction t;
	t.on_reply = &on_reply;
	run_transaction(sock_.get(), msg.get(), t);
}

void Socket::dump(std::uint8_t cmd, const ReplyHandler &on_reply,
		  const std::function<void(Message &)> &build)
{
	// Keep the replies until the dump is known to be consistent, so the
	// caller never sees a half-old, half-new set.
	std::vector<std::vector<std::uint8_t>> replies;
	const ReplyHandler keep = [&](const nlmsghdr *nlh) {
		const auto *p = reinterpret_cast<const std::uint8_t *>(nlh);
		replies.emplace_back(p, p + nlh->nlmsg_len);
	};

	for (int attempt = 1;; attempt++) {
		Message msg = request(cmd, NLM_F_DUMP);
		if (build)
			build(msg);
		Transaction t;
		t.on_reply = &keep;
		replies.clear();
		run_transaction(sock_.get(), msg.get(), t);
		// Devices came or went while the kernel walked its lists. Retry a
		// few times; after that, a slightly stale listing beats none.
		if (!t.interrupted || attempt == kDumpAttempts)
			break;
	}
	for (const auto &r : replies)
		on_reply(reinterpret_cast<const nlmsghdr *>(r.data()));
}

int Socket::resolve_group(const char *group)
{
	const int id = genl_ctrl_resolve_grp(sock_.get(), MVLAN_FAMILY_NAME, group);
	if (id < 0)
		throw Error(std::string("cannot find multicast group ") + group +
			    " of family " MVLAN_FAMILY_NAME ": " + libnl_error(id));
	return id;
}

MonitorSocket::MonitorSocket(int group) : sock_(nl_socket_alloc())
{
	if (!sock_)
		throw std::bad_alloc();
	// Notifications are unsolicited: sequence numbers mean nothing here.
	nl_socket_disable_seq_check(sock_.get());
	cb_.reset(nl_cb_clone(nl_socket_get_cb(sock_.get())));
	if (!cb_)
		throw std::bad_alloc();
	int ret = genl_connect(sock_.get());
	if (ret < 0)
		throw Error("cannot open a generic netlink socket: " + libnl_error(ret));
	ret = nl_socket_add_membership(sock_.get(), group);
	if (ret < 0)
		throw Error("cannot join the " MVLAN_MCGRP_MONITOR " group: " + libnl_error(ret));
	nl_socket_set_buffer_size(sock_.get(), kMonitorRcvbuf, 0);
	ret = nl_socket_set_nonblocking(sock_.get());
	if (ret < 0)
		throw Error("cannot make the monitor socket non-blocking: " + libnl_error(ret));
}

int MonitorSocket::fd() const
{
	return nl_socket_get_fd(sock_.get());
}

bool MonitorSocket::drain(const ReplyHandler &on_msg)
{
	Transaction t;
	t.on_reply = &on_msg;
	nl_cb_set(cb_.get(), NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);

	int ret;
	// nl_recvmsgs() returns 0 once the non-blocking socket is empty.
	while ((ret = nl_recvmsgs(sock_.get(), cb_.get())) > 0) {
		if (t.exception)
			std::rethrow_exception(t.exception);
	}
	if (t.exception)
		std::rethrow_exception(t.exception);
	if (ret == -NLE_NOMEM)	// ENOBUFS: the kernel dropped notifications
		return false;
	if (ret < 0)
		throw Error("cannot read notifications: " + libnl_error(ret));
	return true;
}

std::uint8_t genl_cmd(const nlmsghdr *nlh)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		throw Error("malformed message from the kernel");
	return static_cast<const genlmsghdr *>(NLMSG_DATA(nlh))->cmd;
}

Device parse_device(const nlmsghdr *nlh)
{
	const Attrs tb = parse_top(nlh);
	Device dev;

	if (tb[MVLAN_A_IFINDEX])
		dev.ifindex = get_fixed<std::uint32_t>(tb[MVLAN_A_IFINDEX]);
	if (tb[MVLAN_A_IFNAME])
		dev.name = get_string(tb[MVLAN_A_IFNAME]);
	if (tb[MVLAN_A_LINK])
		dev.link = get_fixed<std::uint32_t>(tb[MVLAN_A_LINK]);
	if (tb[MVLAN_A_LINK_NAME])
		dev.link_name = get_string(tb[MVLAN_A_LINK_NAME]);
	if (tb[MVLAN_A_MODE])
		dev.mode = get_fixed<std::uint32_t>(tb[MVLAN_A_MODE]);
	if (tb[MVLAN_A_FLAGS])
		dev.flags = get_fixed<std::uint32_t>(tb[MVLAN_A_FLAGS]);
	if (tb[MVLAN_A_MAC])
		dev.mac = get_mac(tb[MVLAN_A_MAC]);
	if (tb[MVLAN_A_MTU])
		dev.mtu = get_fixed<std::uint32_t>(tb[MVLAN_A_MTU]);
	if (tb[MVLAN_A_BC_QUEUE_LEN])
		dev.bc_queue_len = get_fixed<std::uint32_t>(tb[MVLAN_A_BC_QUEUE_LEN]);
	if (tb[MVLAN_A_BC_CUTOFF])
		dev.bc_cutoff = get_fixed<std::int32_t>(tb[MVLAN_A_BC_CUTOFF]);
	if (tb[MVLAN_A_CARRIER])
		dev.carrier = get_fixed<std::uint8_t>(tb[MVLAN_A_CARRIER]);
	if (tb[MVLAN_A_OPER_UP])
		dev.oper_up = get_fixed<std::uint8_t>(tb[MVLAN_A_OPER_UP]);
	if (tb[MVLAN_A_NETNSID])
		dev.netnsid = get_fixed<std::int32_t>(tb[MVLAN_A_NETNSID]);
	if (tb[MVLAN_A_LINK_NETNSID])
		dev.link_netnsid = get_fixed<std::int32_t>(tb[MVLAN_A_LINK_NETNSID]);
	if (tb[MVLAN_A_SOURCE_COUNT])
		dev.source_count = get_fixed<std::uint32_t>(tb[MVLAN_A_SOURCE_COUNT]);
	if (tb[MVLAN_A_SOURCE_MACS]) {
		nlattr *pos;
		int rem;
		nla_for_each_nested(pos, tb[MVLAN_A_SOURCE_MACS], rem)
			if (nla_type(pos) == MVLAN_A_MAC)
				dev.source_macs.push_back(get_mac(pos));
	}
	if (tb[MVLAN_A_STATS])
		parse_stats(tb[MVLAN_A_STATS], dev.stats);
	return dev;
}

Port parse_port(const nlmsghdr *nlh)
{
	const Attrs tb = parse_top(nlh);
	Port port;

	if (tb[MVLAN_A_LINK])
		port.ifindex = get_fixed<std::uint32_t>(tb[MVLAN_A_LINK]);
	if (tb[MVLAN_A_LINK_NAME])
		port.lower = get_string(tb[MVLAN_A_LINK_NAME]);
	if (tb[MVLAN_A_PORT_CHILDREN])
		port.children = get_fixed<std::uint32_t>(tb[MVLAN_A_PORT_CHILDREN]);
	if (tb[MVLAN_A_PORT_PASSTHRU])
		port.passthru = get_fixed<std::uint8_t>(tb[MVLAN_A_PORT_PASSTHRU]);
	if (tb[MVLAN_A_PORT_PROMISC])
		port.promiscuity = get_fixed<std::uint32_t>(tb[MVLAN_A_PORT_PROMISC]);
	if (tb[MVLAN_A_PORT_BC_QUEUE_LEN_USED])
		port.bc_queue_len_used =
			get_fixed<std::uint32_t>(tb[MVLAN_A_PORT_BC_QUEUE_LEN_USED]);
	if (tb[MVLAN_A_PORT_BC_QUEUE_QLEN])
		port.bc_queue_qlen = get_fixed<std::uint32_t>(tb[MVLAN_A_PORT_BC_QUEUE_QLEN]);
	if (tb[MVLAN_A_BC_CUTOFF])
		port.bc_cutoff = get_fixed<std::int32_t>(tb[MVLAN_A_BC_CUTOFF]);
	if (tb[MVLAN_A_STATS]) {
		Stats stats;
		parse_stats(tb[MVLAN_A_STATS], stats);
		port.drops = stats.drops;
	}
	return port;
}

ExtAck parse_extack(const nlmsghdr *nlh)
{
	ExtAck out;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < NLMSG_HDRLEN)
		return out;

	// The TLVs follow the fixed payload: nlmsgerr (plus the echoed request
	// unless NETLINK_CAP_ACK capped it) for an ACK, an int for DONE.
	std::size_t fixed;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr)))
			return out;
		const auto *err = static_cast<const nlmsgerr *>(NLMSG_DATA(nlh));
		fixed = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && err->msg.nlmsg_len > NLMSG_HDRLEN)
			fixed += err->msg.nlmsg_len - NLMSG_HDRLEN;
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		fixed = sizeof(int);
	} else {
		return out;
	}
	fixed = NLMSG_ALIGN(fixed);
	const std::size_t payload = nlh->nlmsg_len - NLMSG_HDRLEN;
	if (fixed >= payload)
		return out;

	auto *attrs = reinterpret_cast<nlattr *>(
		static_cast<char *>(NLMSG_DATA(const_cast<nlmsghdr *>(nlh))) + fixed);
	std::array<nlattr *, NLMSGERR_ATTR_MAX + 1> tb{};
	if (nla_parse(tb.data(), NLMSGERR_ATTR_MAX, attrs, static_cast<int>(payload - fixed),
		      nullptr) < 0)
		return out;
	if (tb[NLMSGERR_ATTR_MSG])
		out.message = get_string(tb[NLMSGERR_ATTR_MSG]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE] && nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) >= 4)
		out.missing_type = static_cast<int>(nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
	return out;
}

}  // namespace mvlan::nl
