// SPDX-License-Identifier: GPL-2.0
// What the kernel reports about a child (Device) and a lower (Port). The
// netlink layer fills these, the print layer renders them as text or JSON.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "names.hpp"

namespace mvlan {

// Every value is optional: an attribute the kernel did not send is absent
// (printed as "-" or JSON null), never a made-up 0.
using Counter = std::optional<std::uint64_t>;

struct Stats {
	Counter rx_packets;
	Counter rx_bytes;
	Counter rx_multicast;
	Counter rx_dropped;
	Counter tx_packets;
	Counter tx_bytes;
	Counter tx_dropped;
	// Indexed by enum mvlan_drop_reason.
	std::array<Counter, kDropReasons> drops{};
	// Indexed by enum mvlan_fwd_path: bridge-mode unicast to a sibling,
	// counted on the sender. Children only.
	std::array<Counter, kFwdPaths> fwd{};
};

struct Device {
	std::string name;		// empty when the kernel did not say
	std::optional<std::uint32_t> ifindex;
	std::optional<std::uint32_t> link;	// ifindex of the lower
	std::string link_name;		// empty when the kernel did not say
	std::optional<std::int32_t> link_netnsid;	// lower not in our netns
	std::optional<std::uint32_t> mode;
	std::optional<std::uint32_t> flags;
	std::optional<Mac> mac;
	std::optional<std::uint32_t> mtu;
	// The kernel reports how many; the list itself comes from a separate
	// SOURCE_GET dump (show fills it), so it may be shorter than the count.
	std::optional<std::uint32_t> source_count;
	std::vector<Mac> source_macs;
	std::optional<std::uint32_t> bc_queue_len;
	std::optional<std::int32_t> bc_cutoff;
	std::optional<bool> carrier;
	std::optional<bool> oper_up;
	std::optional<std::int32_t> netnsid;	// only when not in our netns
	bool tap = false;		// a tap child (/dev/tap<ifindex>)
	Stats stats;
};

struct Port {
	std::string lower;		// empty when the kernel did not say
	std::optional<std::uint32_t> ifindex;
	std::optional<std::uint32_t> children;
	std::optional<bool> passthru;
	std::optional<std::uint32_t> promiscuity;
	std::optional<std::uint32_t> bc_queue_len_used;
	std::optional<std::uint32_t> bc_queue_qlen;
	std::optional<std::int32_t> bc_cutoff;
	std::optional<bool> host_access;	// the lower's stack reaches bridge children
	std::array<Counter, kDropReasons> drops{};
};

// Notifications of the "monitor" group, and the monitor's own: lost (the
// kernel dropped notifications), state (a child listed after a loss, with
// --resync) and resynced (the end of that listing). PortChange is about a
// port (its settings), every other kind about a child.
enum class EventKind { New, Del, Change, Carrier, Lost, State, Resynced, PortChange };

struct Event {
	explicit Event(EventKind k, Device dev = {}, std::size_t n = 0)
		: kind(k), device(std::move(dev)), count(n)
	{
	}
	Event(EventKind k, Port p) : kind(k), port(std::move(p)) {}
	EventKind kind;
	Device device;
	Port port;			// PortChange only
	std::string timestamp;		// -t: when it was read, else empty
	std::size_t count = 0;		// resynced: how many state events
};

}  // namespace mvlan
