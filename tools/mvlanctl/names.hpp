// SPDX-License-Identifier: GPL-2.0
// Names and text forms of the values in <linux/mvlan.h>: MAC addresses,
// modes, flags, drop reasons, forwarding paths. No netlink here, so unit
// tests use it freely.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace mvlan {

using Mac = std::array<std::uint8_t, 6>;

// Parses xx:xx:xx:xx:xx:xx (also '-' separated, any case). Only syntax.
std::optional<Mac> parse_mac(std::string_view text);
// Lower-case colon form, as ip(8) prints it.
std::string format_mac(const Mac &mac);
// Empty when @text is a unicast, non-zero address; otherwise why it is not.
std::string check_unicast_mac(std::string_view text);

// enum mvlan_mode <-> "private", "vepa", "bridge", "passthru", "source".
std::optional<std::uint32_t> mode_from_name(std::string_view name);
// Unknown values come back as "mode<N>" so a newer kernel still prints.
std::string mode_name(std::uint32_t mode);
const std::vector<std::string> &mode_names();

// enum mvlan_flags as strings, lowest bit first; unknown bits as "flag0x..".
std::vector<std::string> flag_names(std::uint32_t flags);

// enum mvlan_drop_reason as used for JSON keys: "no_child", ...
constexpr std::size_t kDropReasons = 5;
const std::array<std::string_view, kDropReasons> &drop_reason_names();

// enum mvlan_fwd_path as used for JSON keys: "inline", "backlog", "lower".
constexpr std::size_t kFwdPaths = 3;
const std::array<std::string_view, kFwdPaths> &fwd_path_names();

// MVLAN_A_* name for error messages ("ifindex"); "attribute <N>" if unknown.
std::string attr_name(int type);

constexpr std::size_t kIfNameSize = 16;  // IFNAMSIZ, with the NUL
// Empty when @name can be an interface name; otherwise why not.
std::string check_ifname(std::string_view name);

// CLI11 validators built on the checks above, so bad input is refused
// while parsing, before anything is sent. They add no text to --help:
// each option names its own type.
struct UnicastMacValidator : CLI::Validator {
	UnicastMacValidator();
};
struct ModeValidator : CLI::Validator {
	ModeValidator();
};
struct IfNameValidator : CLI::Validator {
	IfNameValidator();
};
// A network namespace as -n and --netns take it: a name under /run/netns,
// a PID, or a path (anything with a '/').
struct NetnsSpecValidator : CLI::Validator {
	NetnsSpecValidator();
};
// An integer in [lo, hi]; --help shows "N:lo..hi".
struct IntRange : CLI::Validator {
	IntRange(long long lo, long long hi);
};

}  // namespace mvlan
