// SPDX-License-Identifier: GPL-2.0
#include "names.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

#include <linux/mvlan.h>

namespace mvlan {

namespace {

int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

struct ModeEntry {
	std::uint32_t value;
	const char *name;
};

constexpr ModeEntry kModes[] = {
	{ MVLAN_MODE_PRIVATE, "private" },
	{ MVLAN_MODE_VEPA, "vepa" },
	{ MVLAN_MODE_BRIDGE, "bridge" },
	{ MVLAN_MODE_PASSTHRU, "passthru" },
	{ MVLAN_MODE_SOURCE, "source" },
};

std::string join(const std::vector<std::string> &items, std::string_view last_sep)
{
	std::string out;
	for (std::size_t i = 0; i < items.size(); i++) {
		if (i)
			out += i + 1 == items.size() ? std::string(last_sep) : std::string(", ");
		out += items[i];
	}
	return out;
}

}  // namespace

std::optional<Mac> parse_mac(std::string_view text)
{
	// Exactly 17 characters: six two-digit groups and five separators.
	if (text.size() != 17)
		return std::nullopt;
	const char sep = text[2];
	if (sep != ':' && sep != '-')
		return std::nullopt;

	Mac mac{};
	for (std::size_t i = 0; i < mac.size(); i++) {
		const std::size_t pos = i * 3;
		if (i && text[pos - 1] != sep)
			return std::nullopt;
		const int hi = hex_value(text[pos]);
		const int lo = hex_value(text[pos + 1]);
		if (hi < 0 || lo < 0)
			return std::nullopt;
		mac[i] = static_cast<std::uint8_t>(hi << 4 | lo);
	}
	return mac;
}

std::string format_mac(const Mac &mac)
{
	static constexpr char digits[] = "0123456789abcdef";
	std::string out;
	out.reserve(17);
	for (std::size_t i = 0; i < mac.size(); i++) {
		if (i)
			out += ':';
		out += digits[mac[i] >> 4];
		out += digits[mac[i] & 0xf];
	}
	return out;
}

std::string check_unicast_mac(std::string_view text)
{
	const auto mac = parse_mac(text);
	if (!mac)
		return "invalid MAC address '" + std::string(text) +
		       "' (expected six hex pairs like 02:00:00:00:00:01)";
	if ((*mac)[0] & 1)
		return "MAC address " + format_mac(*mac) +
		       " is multicast; a device address must be unicast";
	if (std::all_of(mac->begin(), mac->end(), [](auto b) { return b == 0; }))
		return "MAC address 00:00:00:00:00:00 is not a valid device address";
	return {};
}

std::optional<std::uint32_t> mode_from_name(std::string_view name)
{
	for (const auto &m : kModes)
		if (name == m.name)
			return m.value;
	return std::nullopt;
}

std::string mode_name(std::uint32_t mode)
{
	for (const auto &m : kModes)
		if (mode == m.value)
			return m.name;
	return "mode" + std::to_string(mode);
}

const std::vector<std::string> &mode_names()
{
	static const std::vector<std::string> names = [] {
		std::vector<std::string> v;
		for (const auto &m : kModes)
			v.emplace_back(m.name);
		return v;
	}();
	return names;
}

std::vector<std::string> flag_names(std::uint32_t flags)
{
	std::vector<std::string> out;
	if (flags & MVLAN_FLAG_NOPROMISC)
		out.emplace_back("nopromisc");
	if (flags & MVLAN_FLAG_NODST)
		out.emplace_back("nodst");
	for (unsigned int bit = 0; bit < 32; bit++) {
		const std::uint32_t f = 1u << bit;
		if ((flags & f) && !(f & MVLAN_FLAGS_ALL)) {
			char buf[24];
			std::snprintf(buf, sizeof(buf), "flag0x%x", f);
			out.emplace_back(buf);
		}
	}
	return out;
}

const std::array<std::string_view, kDropReasons> &drop_reason_names()
{
	static_assert(kDropReasons == __MVLAN_DROP_MAX,
		      "a drop reason was added to <linux/mvlan.h>; name it here");
	static constexpr std::array<std::string_view, kDropReasons> names = {
		"no_child",		/* MVLAN_DROP_NO_CHILD */
		"child_down",		/* MVLAN_DROP_CHILD_DOWN */
		"bc_overflow",		/* MVLAN_DROP_BC_OVERFLOW */
		"source_filter",	/* MVLAN_DROP_SOURCE_FILTER */
		"private",		/* MVLAN_DROP_PRIVATE */
	};
	return names;
}

const std::array<std::string_view, kFwdPaths> &fwd_path_names()
{
	static_assert(kFwdPaths == __MVLAN_FWD_MAX,
		      "a forwarding path was added to <linux/mvlan.h>; name it here");
	static constexpr std::array<std::string_view, kFwdPaths> names = {
		"inline",		/* MVLAN_FWD_INLINE */
		"backlog",		/* MVLAN_FWD_BACKLOG */
		"lower",		/* MVLAN_FWD_LOWER */
	};
	return names;
}

std::string attr_name(int type)
{
	switch (type) {
	case MVLAN_A_IFINDEX: return "ifindex";
	case MVLAN_A_IFNAME: return "ifname";
	case MVLAN_A_LINK: return "link";
	case MVLAN_A_LINK_NAME: return "link-name";
	case MVLAN_A_MODE: return "mode";
	case MVLAN_A_FLAGS: return "flags";
	case MVLAN_A_MAC: return "mac";
	case MVLAN_A_MTU: return "mtu";
	case MVLAN_A_BC_QUEUE_LEN: return "bc-queue-len";
	case MVLAN_A_BC_CUTOFF: return "bc-cutoff";
	case MVLAN_A_NETNS_FD: return "netns-fd";
	case MVLAN_A_COUNT: return "count";
	case MVLAN_A_BATCH: return "batch";
	case MVLAN_A_SOURCE_OP: return "source-op";
	case MVLAN_A_SOURCE_MACS: return "source-macs";
	default: return "attribute " + std::to_string(type);
	}
}

std::string check_ifname(std::string_view name)
{
	if (name.empty())
		return "interface name is empty";
	if (name.size() >= kIfNameSize)
		return "interface name '" + std::string(name) + "' is too long (" +
		       std::to_string(name.size()) + " characters, at most " +
		       std::to_string(kIfNameSize - 1) + ")";
	if (name == "." || name == "..")
		return "'" + std::string(name) + "' is not a valid interface name";
	// The kernel's dev_valid_name(): no '/', ':' or whitespace.
	for (const char c : name)
		if (c == '/' || c == ':' || std::isspace(static_cast<unsigned char>(c)))
			return "interface name '" + std::string(name) +
			       "' contains '/', ':' or whitespace";
	return {};
}

UnicastMacValidator::UnicastMacValidator()
{
	name_ = "MAC";
	func_ = [](std::string &text) { return check_unicast_mac(text); };
}

ModeValidator::ModeValidator()
{
	name_ = "MODE";
	func_ = [](std::string &text) -> std::string {
		if (mode_from_name(text))
			return {};
		return "unknown mode '" + text + "' (expected " +
		       join(mode_names(), " or ") + ")";
	};
}

IfNameValidator::IfNameValidator()
{
	name_ = "IFNAME";
	func_ = [](std::string &text) { return check_ifname(text); };
}

NetnsSpecValidator::NetnsSpecValidator()
{
	name_ = "NETNS";
	func_ = [](std::string &text) -> std::string {
		if (text.empty() || text == "." || text == "..")
			return "'" + text + "' is not a network namespace name, PID or path";
		return {};
	};
}

IntRange::IntRange(long long lo, long long hi)
	: CLI::Validator(std::to_string(lo) + ".." + std::to_string(hi))
{
	name_ = "RANGE";
	func_ = [lo, hi](std::string &text) -> std::string {
		long long value;
		const char *end = text.data() + text.size();
		const auto [ptr, ec] = std::from_chars(text.data(), end, value);
		if (text.empty() || ec == std::errc::invalid_argument || ptr != end)
			return "'" + text + "' is not a whole number";
		if (ec == std::errc::result_out_of_range || value < lo || value > hi)
			return text + " is out of range (" + std::to_string(lo) + ".." +
			       std::to_string(hi) + ")";
		return {};
	};
}

}  // namespace mvlan
