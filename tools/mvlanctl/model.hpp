// SPDX-License-Identifier: GPL-2.0
// What the kernel reports about a child (Device) and a lower (Port). The
// netlink layer fills these, the print layer renders them as text or JSON.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "names.hpp"

namespace mvlan {

struct Stats {
	std::uint64_t rx_packets = 0;
	std::uint64_t rx_bytes = 0;
	std::uint64_t rx_multicast = 0;
	std::uint64_t rx_dropped = 0;
	std::uint64_t tx_packets = 0;
	std::uint64_t tx_bytes = 0;
	std::uint64_t tx_dropped = 0;
	// Indexed by enum mvlan_drop_reason.
	std::array<std::uint64_t, kDropReasons> drops{};
	// Indexed by enum mvlan_fwd_path: bridge-mode unicast to a sibling,
	// counted on the sender. Children only.
	std::array<std::uint64_t, kFwdPaths> fwd{};
};

struct Device {
	std::string name;
	std::uint32_t ifindex = 0;
	std::uint32_t link = 0;		// ifindex of the lower
	std::string link_name;		// empty when the kernel did not say
	std::optional<std::int32_t> link_netnsid;	// lower not in our netns
	std::uint32_t mode = 0;
	std::uint32_t flags = 0;
	Mac mac{};
	std::uint32_t mtu = 0;
	// The kernel reports how many; the list itself comes from a separate
	// SOURCE_GET dump (show fills it), so it may be shorter than the count.
	std::uint32_t source_count = 0;
	std::vector<Mac> source_macs;
	std::uint32_t bc_queue_len = 0;
	std::int32_t bc_cutoff = 0;
	bool carrier = false;
	bool oper_up = false;
	std::optional<std::int32_t> netnsid;	// only when not in our netns
	Stats stats;
};

struct Port {
	std::string lower;		// empty when the kernel did not say
	std::uint32_t ifindex = 0;
	std::uint32_t children = 0;
	bool passthru = false;
	std::uint32_t promiscuity = 0;
	std::uint32_t bc_queue_len_used = 0;
	std::uint32_t bc_queue_qlen = 0;
	std::int32_t bc_cutoff = 0;
	std::array<std::uint64_t, kDropReasons> drops{};
};

enum class EventKind { New, Del, Change, Carrier };

// One multicast notification from the "monitor" group.
struct Event {
	EventKind kind;
	Device device;
};

}  // namespace mvlan
