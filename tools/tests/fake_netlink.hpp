// SPDX-License-Identifier: GPL-2.0
// A scripted netlink peer for the unit tests: messages built as the kernel
// builds them, and a Transport that hands them out datagram by datagram.
#pragma once

#include <cerrno>
#include <cstring>
#include <deque>
#include <functional>
#include <variant>
#include <vector>

#include <linux/mvlan.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "nl.hpp"

namespace fake {

using Bytes = std::vector<std::uint8_t>;

inline Bytes bytes_of(const nlmsghdr *nlh)
{
	const auto *p = reinterpret_cast<const std::uint8_t *>(nlh);
	return Bytes(p, p + NLMSG_ALIGN(nlh->nlmsg_len));
}

// A DEV_GET-shaped message for child @name/@ifindex.
inline Bytes device(std::uint8_t cmd, const char *name, std::uint32_t ifindex,
		    std::uint32_t seq = 0, int flags = 0)
{
	mvlan::nl::MsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, seq, 0x20, 0, flags, cmd, MVLAN_FAMILY_VERSION);
	nla_put_u32(msg.get(), MVLAN_A_IFINDEX, ifindex);
	nla_put_string(msg.get(), MVLAN_A_IFNAME, name);
	return bytes_of(nlmsg_hdr(msg.get()));
}

// A PORT_GET-shaped message for lower @name/@ifindex with host access @host.
inline Bytes port(std::uint8_t cmd, const char *name, std::uint32_t ifindex, bool host)
{
	mvlan::nl::MsgPtr msg(nlmsg_alloc());
	genlmsg_put(msg.get(), 0, 0, 0x20, 0, 0, cmd, MVLAN_FAMILY_VERSION);
	nla_put_u32(msg.get(), MVLAN_A_LINK, ifindex);
	nla_put_string(msg.get(), MVLAN_A_LINK_NAME, name);
	nla_put_u8(msg.get(), MVLAN_A_PORT_HOST_ACCESS, host ? 1 : 0);
	return bytes_of(nlmsg_hdr(msg.get()));
}

inline Bytes control(std::uint16_t type, int error, std::uint32_t seq, int flags = 0)
{
	const std::size_t payload = type == NLMSG_ERROR ? sizeof(nlmsgerr) : sizeof(int);
	Bytes buf(NLMSG_SPACE(payload));
	nlmsghdr hdr{};
	hdr.nlmsg_len = static_cast<std::uint32_t>(NLMSG_LENGTH(payload));
	hdr.nlmsg_type = type;
	hdr.nlmsg_flags = static_cast<std::uint16_t>(flags);
	hdr.nlmsg_seq = seq;
	std::memcpy(buf.data(), &hdr, sizeof(hdr));
	std::memcpy(buf.data() + NLMSG_HDRLEN, &error, sizeof(error));
	return buf;
}

inline Bytes done(std::uint32_t seq, int flags = NLM_F_MULTI)
{
	return control(NLMSG_DONE, 0, seq, flags);
}

inline Bytes ack(std::uint32_t seq, int error = 0)
{
	return control(NLMSG_ERROR, error, seq);
}

inline Bytes concat(std::initializer_list<Bytes> parts)
{
	Bytes out;
	for (const auto &p : parts)
		out.insert(out.end(), p.begin(), p.end());
	return out;
}

// Replies to requests come from @respond (called with the request's
// sequence number); anything queued by hand is read first. An int in the
// queue is what receive() returns (-ENOBUFS, ...); an empty queue reads
// as -EAGAIN, a non-blocking socket with nothing left.
class Transport : public mvlan::nl::Transport {
public:
	using Item = std::variant<int, Bytes>;
	std::function<std::vector<Item>(std::uint32_t seq, int attempt)> respond;
	std::deque<Item> queue;
	std::vector<Bytes> sent;

	void send(const nlmsghdr *nlh) override
	{
		sent.push_back(bytes_of(nlh));
		if (respond)
			for (auto &item : respond(nlh->nlmsg_seq, static_cast<int>(sent.size())))
				queue.push_back(std::move(item));
	}

	int receive(Bytes &buf) override
	{
		if (queue.empty())
			return -EAGAIN;
		Item item = std::move(queue.front());
		queue.pop_front();
		if (const int *err = std::get_if<int>(&item))
			return *err;
		buf = std::get<Bytes>(item);
		return 0;
	}
};

}  // namespace fake
