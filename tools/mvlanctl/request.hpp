// SPDX-License-Identifier: GPL-2.0
// What a command line asks for, before any name is resolved or anything is
// sent. Parsing produces exactly one of these; unit tests inspect it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "names.hpp"

namespace mvlan {

struct CreateRequest {
	std::string name;			// child name, or the batch prefix
	std::optional<std::uint32_t> count;	// batch: name0 .. name(count-1)
	std::string link;
	std::optional<std::uint32_t> mode;
	std::optional<Mac> mac;
	std::optional<std::uint32_t> mtu;
	std::uint32_t flags = 0;		// MVLAN_FLAG_*
	std::optional<std::uint32_t> bc_queue_len;
	std::optional<std::int32_t> bc_cutoff;
	std::optional<std::string> netns;	// name under /run/netns
	bool operator==(const CreateRequest &) const = default;
};

struct DeleteRequest {
	std::vector<std::string> names;
	bool operator==(const DeleteRequest &) const = default;
};

struct SetRequest {
	std::string name;
	std::optional<std::uint32_t> mode;
	std::optional<Mac> mac;
	std::optional<bool> promisc;	// clears/sets MVLAN_FLAG_NOPROMISC
	std::optional<bool> dst;	// clears/sets MVLAN_FLAG_NODST
	std::optional<std::uint32_t> bc_queue_len;
	std::optional<std::int32_t> bc_cutoff;
	// Flags are sent as a full set, so changing one needs the current set.
	bool changes_flags() const { return promisc || dst; }
	bool operator==(const SetRequest &) const = default;
};

struct ShowRequest {
	std::optional<std::string> name;	// none: dump every child
	bool json = false;
	bool operator==(const ShowRequest &) const = default;
};

struct SourceRequest {
	std::string name;
	std::uint32_t op = 0;		// enum mvlan_source_op
	std::vector<Mac> macs;
	bool operator==(const SourceRequest &) const = default;
};

struct PortShowRequest {
	std::optional<std::string> lower;	// none: dump every port
	bool json = false;
	bool operator==(const PortShowRequest &) const = default;
};

struct MonitorRequest {
	bool json = false;
	bool operator==(const MonitorRequest &) const = default;
};

using Request = std::variant<CreateRequest, DeleteRequest, SetRequest, ShowRequest,
			     SourceRequest, PortShowRequest, MonitorRequest>;

}  // namespace mvlan
