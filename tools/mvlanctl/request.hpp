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
	std::optional<std::string> netns;	// name, PID or path (see NetnsSpec)
	std::vector<Mac> sources;		// source mode: the first list
	bool tap = false;			// a tap child: /dev/tapN for a VM
	bool json = false;			// print the kernel's reply
	bool pretty = false;
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
	std::optional<std::string> link;	// dump: only children of this lower
	bool json = false;
	bool pretty = false;
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
	bool pretty = false;
	bool operator==(const PortShowRequest &) const = default;
};

struct PortSetRequest {
	std::string lower;
	std::optional<bool> host_access;	// --host-access on|off
	bool operator==(const PortSetRequest &) const = default;
};

struct MonitorRequest {
	bool json = false;
	bool pretty = false;
	bool timestamps = false;		// -t
	bool resync = false;			// list the children again after a loss
	std::optional<int> rcvbuf;		// bytes; default MonitorOptions::rcvbuf
	bool operator==(const MonitorRequest &) const = default;
};

struct VersionRequest {
	bool json = false;
	bool pretty = false;
	bool operator==(const VersionRequest &) const = default;
};

using Request = std::variant<CreateRequest, DeleteRequest, SetRequest, ShowRequest,
			     SourceRequest, PortShowRequest, PortSetRequest, MonitorRequest,
			     VersionRequest>;

// Options before the command, for every command (iproute2's -j -p -n -b).
struct Globals {
	bool json = false;			// -j, --json
	bool pretty = false;			// -p, --pretty
	std::optional<std::string> netns;	// -n NETNS: run in this namespace
	std::optional<std::string> batch;	// -b FILE ("-": standard input)
	bool force = false;			// -force: go on after a failed line
	bool operator==(const Globals &) const = default;
};

// -j and -p reach the request of every command that prints.
void apply_globals(Request &req, const Globals &globals);

}  // namespace mvlan
