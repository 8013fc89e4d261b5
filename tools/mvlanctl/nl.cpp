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
#include <sys/uio.h>

#include "error.hpp"

namespace mvlan::nl {

namespace {

// Big enough for a 4096-entry batch or source list in one request.
constexpr std::size_t kRequestSize = 64 * 1024;

std::string libnl_error(int err)
{
	return nl_geterror(err);
}

void check_put(int ret)
{
	if (ret < 0)
		throw Error("netlink request too large");
}

std::string describe(int error, const ExtAck &ext)
{
	if (!ext.message.empty())
		return ext.message;
	std::string msg = std::strerror(error);
	if (ext.missing_type >= 0)
		msg += " (missing attribute " + attr_name(ext.missing_type) + ")";
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

// Large enough for any dump message the kernel builds for us.
constexpr std::size_t kReceiveSize = 64 * 1024;

int receive_on(int fd, std::vector<std::uint8_t> &buf, int flags)
{
	buf.resize(kReceiveSize);
	iovec iov{ buf.data(), buf.size() };
	msghdr mh{};
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	const ssize_t n = recvmsg(fd, &mh, flags);
	if (n < 0) {
		buf.clear();
		return -errno;
	}
	if (mh.msg_flags & MSG_TRUNC)
		throw Error("netlink message larger than " + std::to_string(kReceiveSize) +
			    " bytes");
	buf.resize(static_cast<std::size_t>(n));
	return 0;
}

void send_on(int fd, const nlmsghdr *nlh)
{
	sockaddr_nl kernel{};
	kernel.nl_family = AF_NETLINK;
	for (;;) {
		const ssize_t n = sendto(fd, nlh, nlh->nlmsg_len, 0,
					 reinterpret_cast<const sockaddr *>(&kernel),
					 sizeof(kernel));
		if (n >= 0)
			return;
		if (errno != EINTR)
			throw Error(std::string("cannot send netlink request: ") +
				    std::strerror(errno));
	}
}

// A blocking request socket, owned by libnl (which resolved the family).
class SocketTransport : public Transport {
public:
	explicit SocketTransport(int fd) : fd_(fd) {}
	void send(const nlmsghdr *nlh) override { send_on(fd_, nlh); }
	int receive(std::vector<std::uint8_t> &buf) override { return receive_on(fd_, buf, 0); }

private:
	int fd_;
};

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

	const auto counter = [&](int type) -> Counter {
		if (!tb[type])
			return std::nullopt;
		return get_counter(tb[type]);
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

void Message::put_flag(int type)
{
	check_put(nla_put_flag(msg_.get(), type));
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

bool ReplyReader::feed(const std::uint8_t *data, std::size_t len)
{
	auto *nlh = reinterpret_cast<const nlmsghdr *>(data);
	int rem = static_cast<int>(len);
	bool done = false;

	for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem)) {
		// Not ours: a late reply to an earlier request.
		if (nlh->nlmsg_seq != seq_)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			interrupted_ = true;
		if (nlh->nlmsg_type == NLMSG_NOOP)
			continue;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr)))
				throw Error("malformed reply from the kernel");
			const auto *err = static_cast<const nlmsgerr *>(NLMSG_DATA(nlh));
			const ExtAck ext = parse_extack(nlh);
			if (err->error)
				throw KernelError(-err->error, describe(-err->error, ext));
			warning_ = ext.message;
			done = true;
			continue;
		}
		if (nlh->nlmsg_type == NLMSG_DONE) {
			// A dump that fails part-way ends with DONE carrying the error.
			if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
				int err;
				std::memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
				if (err < 0)
					throw KernelError(-err, describe(-err, parse_extack(nlh)));
			}
			done = true;
			continue;
		}
		if (nlh->nlmsg_type == NLMSG_OVERRUN)
			throw Error("netlink reply overrun");
		if (on_reply_)
			on_reply_(nlh);
	}
	if (rem > 0 && !done)
		throw Error("malformed reply from the kernel: truncated message");
	return done;
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
	auto transport = std::make_unique<SocketTransport>(nl_socket_get_fd(sock.get()));
	return Socket(std::move(transport), family, std::move(sock));
}

bool Socket::transact(const Message &msg, const ReplyHandler &on_reply)
{
	nlmsghdr *nlh = msg.header();
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	nlh->nlmsg_seq = ++seq_;
	nlh->nlmsg_pid = 0;
	transport_->send(nlh);

	ReplyReader reader(nlh->nlmsg_seq, on_reply);
	std::vector<std::uint8_t> buf;
	for (bool done = false; !done;) {
		const int ret = transport_->receive(buf);
		if (ret == -EINTR)
			continue;
		if (ret < 0)
			throw Error(std::string("cannot read netlink reply: ") + std::strerror(-ret));
		done = reader.feed(buf.data(), buf.size());
	}
	if (!reader.warning().empty())
		(warn_ ? *warn_ : std::cerr)
			<< "mvlanctl: warning: " << reader.warning() << std::endl;
	return reader.interrupted();
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
		replies.clear();
		// Devices came or went while the kernel walked its lists. Retry a
		// few times; after that, a listing that says it may be stale
		// beats none (as ip(8) does).
		if (!transact(msg, keep))
			break;
		if (attempt == kDumpAttempts) {
			(warn_ ? *warn_ : std::cerr)
				<< "mvlanctl: warning: the dump was interrupted " << kDumpAttempts
				<< " times by concurrent changes and may be inconsistent"
				<< std::endl;
			break;
		}
	}
	for (const auto &r : replies)
		on_reply(reinterpret_cast<const nlmsghdr *>(r.data()));
}

int Socket::resolve_group(const char *group)
{
	if (!ctrl_)
		throw Error("no generic netlink control socket");
	const int id = genl_ctrl_resolve_grp(ctrl_.get(), MVLAN_FAMILY_NAME, group);
	if (id < 0)
		throw Error(std::string("cannot find multicast group ") + group +
			    " of family " MVLAN_FAMILY_NAME ": " + libnl_error(id));
	return id;
}

std::string set_receive_buffer(int fd, int bytes, const SetSockOpt &setopt)
{
	const SetSockOpt set = setopt ? setopt : SetSockOpt(::setsockopt);

	// SO_RCVBUFFORCE needs CAP_NET_ADMIN; SO_RCVBUF is capped at
	// net.core.rmem_max without a word.
	if (set(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) == 0)
		return {};
	const int force_errno = errno;
	if (set(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)) < 0)
		return std::string("cannot set the receive buffer: ") + std::strerror(errno);
	int got = 0;
	socklen_t len = sizeof(got);
	// The kernel doubles what it grants (bookkeeping overhead).
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == 0 && got / 2 >= bytes)
		return {};
	return "receive buffer is " + std::to_string(got / 2) + " bytes, not " +
	       std::to_string(bytes) + " (SO_RCVBUFFORCE: " + std::strerror(force_errno) +
	       "; raise net.core.rmem_max): events may be lost";
}

MonitorSocket::MonitorSocket(int group, int rcvbuf, std::ostream &warn)
	: sock_(nl_socket_alloc())
{
	if (!sock_)
		throw std::bad_alloc();
	int ret = genl_connect(sock_.get());
	if (ret < 0)
		throw Error("cannot open a generic netlink socket: " + libnl_error(ret));
	ret = nl_socket_add_membership(sock_.get(), group);
	if (ret < 0)
		throw Error("cannot join the " MVLAN_MCGRP_MONITOR " group: " + libnl_error(ret));
	const std::string warning = set_receive_buffer(fd(), rcvbuf);
	if (!warning.empty())
		warn << "mvlanctl: warning: monitor: " << warning << std::endl;
}

int MonitorSocket::fd() const
{
	return nl_socket_get_fd(sock_.get());
}

void MonitorSocket::send(const nlmsghdr *nlh)
{
	send_on(fd(), nlh);
}

int MonitorSocket::receive(std::vector<std::uint8_t> &buf)
{
	return receive_on(fd(), buf, MSG_DONTWAIT);
}

std::uint8_t genl_cmd(const nlmsghdr *nlh)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		throw Error("malformed message from the kernel");
	return static_cast<const genlmsghdr *>(NLMSG_DATA(nlh))->cmd;
}

// @out = the attribute's value when the kernel sent it; absent stays absent.
template <typename T, typename Out>
void take(const nlattr *attr, std::optional<Out> &out)
{
	if (attr)
		out = static_cast<Out>(get_fixed<T>(attr));
}

Device parse_device(const nlmsghdr *nlh)
{
	const Attrs tb = parse_top(nlh);
	Device dev;

	take<std::uint32_t>(tb[MVLAN_A_IFINDEX], dev.ifindex);
	if (tb[MVLAN_A_IFNAME])
		dev.name = get_string(tb[MVLAN_A_IFNAME]);
	take<std::uint32_t>(tb[MVLAN_A_LINK], dev.link);
	if (tb[MVLAN_A_LINK_NAME])
		dev.link_name = get_string(tb[MVLAN_A_LINK_NAME]);
	take<std::uint32_t>(tb[MVLAN_A_MODE], dev.mode);
	take<std::uint32_t>(tb[MVLAN_A_FLAGS], dev.flags);
	if (tb[MVLAN_A_MAC])
		dev.mac = get_mac(tb[MVLAN_A_MAC]);
	take<std::uint32_t>(tb[MVLAN_A_MTU], dev.mtu);
	take<std::uint32_t>(tb[MVLAN_A_BC_QUEUE_LEN], dev.bc_queue_len);
	take<std::int32_t>(tb[MVLAN_A_BC_CUTOFF], dev.bc_cutoff);
	take<std::uint8_t>(tb[MVLAN_A_CARRIER], dev.carrier);
	take<std::uint8_t>(tb[MVLAN_A_OPER_UP], dev.oper_up);
	take<std::int32_t>(tb[MVLAN_A_NETNSID], dev.netnsid);
	take<std::int32_t>(tb[MVLAN_A_LINK_NETNSID], dev.link_netnsid);
	take<std::uint32_t>(tb[MVLAN_A_SOURCE_COUNT], dev.source_count);
	dev.tap = tb[MVLAN_A_TAP] != nullptr;
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

	take<std::uint32_t>(tb[MVLAN_A_LINK], port.ifindex);
	if (tb[MVLAN_A_LINK_NAME])
		port.lower = get_string(tb[MVLAN_A_LINK_NAME]);
	take<std::uint32_t>(tb[MVLAN_A_PORT_CHILDREN], port.children);
	take<std::uint8_t>(tb[MVLAN_A_PORT_PASSTHRU], port.passthru);
	take<std::uint32_t>(tb[MVLAN_A_PORT_PROMISC], port.promiscuity);
	take<std::uint32_t>(tb[MVLAN_A_PORT_BC_QUEUE_LEN_USED], port.bc_queue_len_used);
	take<std::uint32_t>(tb[MVLAN_A_PORT_BC_QUEUE_QLEN], port.bc_queue_qlen);
	take<std::int32_t>(tb[MVLAN_A_BC_CUTOFF], port.bc_cutoff);
	take<std::uint8_t>(tb[MVLAN_A_PORT_HOST_ACCESS], port.host_access);
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
