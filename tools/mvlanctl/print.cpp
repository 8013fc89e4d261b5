// SPDX-License-Identifier: GPL-2.0
#include "print.hpp"

#include <algorithm>
#include <optional>
#include <type_traits>

#include <fmt/format.h>

#include <linux/mvlan.h>

namespace mvlan {

namespace {

// "if<N>" for a device the kernel did not name; "?" when it sent neither.
std::string label(const std::string &name, const std::optional<std::uint32_t> &ifindex)
{
	if (!name.empty())
		return name;
	return ifindex ? "if" + std::to_string(*ifindex) : "?";
}

std::string device_label(const Device &dev)
{
	return label(dev.name, dev.ifindex);
}

std::string port_label(const Port &port)
{
	return label(port.lower, port.ifindex);
}

// A value the kernel sent, or "-" in text and null in JSON.
template <typename T>
std::string text(const std::optional<T> &value)
{
	if (!value)
		return "-";
	if constexpr (std::is_same_v<T, bool>)
		return *value ? "yes" : "no";
	else
		return fmt::format("{}", *value);
}

template <typename T>
Json json(const std::optional<T> &value)
{
	return value ? Json(*value) : Json(nullptr);
}

// A switch as the command line spells it: on, off, or "-" when not sent.
std::string on_off(const std::optional<bool> &value)
{
	return value ? (*value ? "on" : "off") : "-";
}

std::string mac_text(const std::optional<Mac> &mac)
{
	return mac ? format_mac(*mac) : "-";
}

Json mac_json(const std::optional<Mac> &mac)
{
	return mac ? Json(format_mac(*mac)) : Json(nullptr);
}

std::string mode_text(const std::optional<std::uint32_t> &mode)
{
	return mode ? mode_name(*mode) : "-";
}

Json mode_json(const std::optional<std::uint32_t> &mode)
{
	return mode ? Json(mode_name(*mode)) : Json(nullptr);
}

std::string join(const std::vector<std::string> &items, const char *sep)
{
	std::string out;
	for (const auto &item : items) {
		if (!out.empty())
			out += sep;
		out += item;
	}
	return out;
}

// Counters indexed by a uAPI enum (drop reasons, forwarding paths), keyed
// by @names: {"name": N, ...} and "name N  name N".
template <std::size_t N>
Json counters_json(const std::array<Counter, N> &counters,
		   const std::array<std::string_view, N> &names)
{
	Json out = Json::object();
	for (std::size_t i = 0; i < N; i++)
		out[std::string(names[i])] = json(counters[i]);
	return out;
}

template <std::size_t N>
std::string counters_text(const std::array<Counter, N> &counters,
			  const std::array<std::string_view, N> &names)
{
	std::string out;
	for (std::size_t i = 0; i < N; i++)
		out += fmt::format("{}{} {}", i ? "  " : "", names[i], text(counters[i]));
	return out;
}

std::string state_text(const Device &dev)
{
	if (!dev.oper_up)
		return "-";
	if (*dev.oper_up)
		return "UP";
	return dev.carrier.value_or(true) ? "DOWN" : "NO-CARRIER";
}

// ip(8)'s operstate where ours means the same: UP, or DOWN.
Json operstate_json(const Device &dev)
{
	if (!dev.oper_up)
		return nullptr;
	return *dev.oper_up ? "UP" : "DOWN";
}

std::vector<std::string> flags_of(const Device &dev)
{
	return dev.flags ? flag_names(*dev.flags) : std::vector<std::string>{};
}

// The number of source MACs: the kernel's count, or the list we read.
std::optional<std::uint32_t> source_count(const Device &dev)
{
	if (!dev.source_count && dev.source_macs.empty())
		return std::nullopt;
	return std::max<std::uint32_t>(dev.source_count.value_or(0),
				       static_cast<std::uint32_t>(dev.source_macs.size()));
}

// Sum of counters, absent when none was sent.
Counter sum(std::initializer_list<Counter> counters)
{
	Counter out;
	for (const auto &c : counters)
		if (c)
			out = out.value_or(0) + *c;
	return out;
}

// A table whose columns are as wide as their widest cell.
class Table {
public:
	explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
	void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

	std::string render() const
	{
		std::vector<std::size_t> width(rows_.front().size(), 0);
		for (const auto &row : rows_)
			for (std::size_t c = 0; c < row.size(); c++)
				width[c] = std::max(width[c], row[c].size());
		std::string out;
		for (const auto &row : rows_) {
			std::string line;
			for (std::size_t c = 0; c < row.size(); c++)
				line += fmt::format("{:<{}}  ", row[c], width[c]);
			line.erase(line.find_last_not_of(' ') + 1);
			out += line + "\n";
		}
		return out;
	}

private:
	std::vector<std::vector<std::string>> rows_;
};

std::string device_detail(const Device &dev)
{
	std::string out;
	out += fmt::format("{}:\n", device_label(dev));
	out += fmt::format("    ifindex {}  link {} (ifindex {}", text(dev.ifindex), link_label(dev),
			   text(dev.link));
	if (dev.link_netnsid)
		out += fmt::format(", netnsid {}", *dev.link_netnsid);
	out += ")";
	if (dev.netnsid)
		out += fmt::format("  netnsid {}", *dev.netnsid);
	out += fmt::format("\n    bc_queue_len {}  bc_cutoff {}\n", text(dev.bc_queue_len),
			   text(dev.bc_cutoff));
	if (dev.tap)
		out += fmt::format("    tap {}\n", tap_device(dev).value_or("-"));
	if (dev.mode == MVLAN_MODE_SOURCE || dev.source_count.value_or(0) ||
	    !dev.source_macs.empty()) {
		std::vector<std::string> macs;
		for (const auto &m : dev.source_macs)
			macs.push_back(format_mac(m));
		const std::size_t count = source_count(dev).value_or(0);
		out += fmt::format("    source MACs ({}): {}\n", count,
				   !macs.empty() ? join(macs, " ")
				   : count	 ? "not listed (the child is in another namespace)"
						 : "none");
	}
	const Stats &s = dev.stats;
	out += fmt::format("    rx {} packets  {} bytes  {} multicast  {} dropped\n",
			   text(s.rx_packets), text(s.rx_bytes), text(s.rx_multicast),
			   text(s.rx_dropped));
	out += fmt::format("    tx {} packets  {} bytes  {} dropped\n", text(s.tx_packets),
			   text(s.tx_bytes), text(s.tx_dropped));
	out += "    drops " + counters_text(s.drops, drop_reason_names()) + "\n";
	out += "    bridge fwd " + counters_text(s.fwd, fwd_path_names()) + "\n";
	return out;
}

// Port-level drops that are real losses; a unicast miss is passed to the
// lower, not lost, so it is only listed in the detail.
Counter port_losses(const Port &port)
{
	Counter out;
	for (std::size_t i = 0; i < port.drops.size(); i++)
		if (i != MVLAN_DROP_NO_CHILD && port.drops[i])
			out = out.value_or(0) + *port.drops[i];
	return out;
}

}  // namespace

std::optional<std::string> tap_device(const Device &dev)
{
	if (!dev.tap || !dev.ifindex)
		return std::nullopt;
	return fmt::format("/dev/tap{}", *dev.ifindex);
}

std::string link_label(const Device &dev)
{
	return label(dev.link_name, dev.link);
}

std::string event_name(EventKind kind)
{
	switch (kind) {
	case EventKind::New:
		return "new";
	case EventKind::Del:
		return "del";
	case EventKind::Change:
		return "change";
	case EventKind::Carrier:
		return "carrier";
	case EventKind::Lost:
		return "lost";
	case EventKind::State:
		return "state";
	case EventKind::Resynced:
		return "resynced";
	case EventKind::PortChange:
		return "port-change";
	}
	return "unknown";
}

Json to_json(const Device &dev)
{
	Json j;
	// "name" stays first: schema 1 consumers look for {"name": ...}.
	j["name"] = dev.name;
	j["ifname"] = dev.name;
	j["ifindex"] = json(dev.ifindex);
	j["link"] = dev.link || !dev.link_name.empty() ? Json(link_label(dev)) : Json(nullptr);
	j["link_ifindex"] = json(dev.link);
	if (dev.link_netnsid)
		j["link_netnsid"] = *dev.link_netnsid;
	j["mode"] = mode_json(dev.mode);
	j["mac"] = mac_json(dev.mac);
	j["address"] = mac_json(dev.mac);
	j["mtu"] = json(dev.mtu);
	j["flags"] = dev.flags ? Json(flag_names(*dev.flags)) : Json(nullptr);
	Json macs = Json::array();
	for (const auto &m : dev.source_macs)
		macs.push_back(format_mac(m));
	j["source_count"] = json(source_count(dev));
	j["source_macs"] = std::move(macs);
	j["bc_queue_len"] = json(dev.bc_queue_len);
	j["bc_cutoff"] = json(dev.bc_cutoff);
	j["carrier"] = json(dev.carrier);
	j["oper_up"] = json(dev.oper_up);
	j["operstate"] = operstate_json(dev);
	if (dev.netnsid)
		j["netnsid"] = *dev.netnsid;
	j["tap"] = dev.tap;
	const auto chardev = tap_device(dev);
	j["tap_device"] = chardev ? Json(*chardev) : Json(nullptr);
	const Stats &s = dev.stats;
	j["stats"] = {
		{ "rx_packets", json(s.rx_packets) },
		{ "rx_bytes", json(s.rx_bytes) },
		{ "rx_multicast", json(s.rx_multicast) },
		{ "rx_dropped", json(s.rx_dropped) },
		{ "tx_packets", json(s.tx_packets) },
		{ "tx_bytes", json(s.tx_bytes) },
		{ "tx_dropped", json(s.tx_dropped) },
		{ "drops", counters_json(s.drops, drop_reason_names()) },
		{ "fwd", counters_json(s.fwd, fwd_path_names()) },
	};
	return j;
}

Json to_json(const Port &port)
{
	Json j;
	j["lower"] = port_label(port);
	j["ifname"] = port_label(port);
	j["ifindex"] = json(port.ifindex);
	j["children"] = json(port.children);
	j["passthru"] = json(port.passthru);
	j["promiscuity"] = json(port.promiscuity);
	j["bc_queue_len_used"] = json(port.bc_queue_len_used);
	j["bc_queue_qlen"] = json(port.bc_queue_qlen);
	j["bc_cutoff"] = json(port.bc_cutoff);
	j["host_access"] = json(port.host_access);
	j["drops"] = counters_json(port.drops, drop_reason_names());
	return j;
}

Json to_json(const Event &event)
{
	const Device &dev = event.device;
	Json j;
	j["event"] = event_name(event.kind);
	if (!event.timestamp.empty())
		j["timestamp"] = event.timestamp;
	switch (event.kind) {
	case EventKind::New:
	case EventKind::Change:
	case EventKind::State:
	{
		// The full object, as "show --json" prints it.
		const Json obj = to_json(dev);
		for (const auto &[key, value] : obj.items())
			j[key] = value;
		break;
	}
	case EventKind::Del:
	case EventKind::Carrier:
		j["name"] = dev.name;
		j["ifname"] = dev.name;
		j["ifindex"] = json(dev.ifindex);
		if (event.kind == EventKind::Carrier)
			j["carrier"] = json(dev.carrier);
		if (dev.link || !dev.link_name.empty())
			j["link"] = link_label(dev);
		if (dev.link_netnsid)
			j["link_netnsid"] = *dev.link_netnsid;
		if (dev.netnsid)
			j["netnsid"] = *dev.netnsid;
		break;
	case EventKind::Lost:
		break;
	case EventKind::Resynced:
		j["count"] = event.count;
		break;
	case EventKind::PortChange:
	{
		// The port, as "port show --json" prints it.
		const Json obj = to_json(event.port);
		for (const auto &[key, value] : obj.items())
			j[key] = value;
		break;
	}
	}
	return j;
}

std::string dump_json(const Json &j, bool pretty)
{
	return pretty ? j.dump(2) : j.dump();
}

std::string render_devices(const std::vector<Device> &devs, bool detail)
{
	Table table({ "NAME", "LINK", "MODE", "MAC", "MTU", "FLAGS", "STATE", "RX", "TX",
		      "DROPS" });
	for (const auto &dev : devs) {
		const auto flags = flags_of(dev);
		table.add({ device_label(dev), link_label(dev), mode_text(dev.mode),
			    mac_text(dev.mac), text(dev.mtu),
			    flags.empty() ? "-" : join(flags, ","), state_text(dev),
			    text(dev.stats.rx_packets), text(dev.stats.tx_packets),
			    text(sum({ dev.stats.rx_dropped, dev.stats.tx_dropped })) });
	}
	std::string out = table.render();
	if (detail)
		for (const auto &dev : devs)
			out += device_detail(dev);
	return out;
}

std::string render_ports(const std::vector<Port> &ports, bool detail)
{
	Table table({ "LOWER", "CHILDREN", "PASSTHRU", "PROMISC", "BCQUEUE", "CUTOFF",
		      "HOSTACCESS", "DROPS" });
	for (const auto &port : ports)
		table.add({ port_label(port), text(port.children), text(port.passthru),
			    text(port.promiscuity),
			    fmt::format("{}/{}", text(port.bc_queue_qlen),
					text(port.bc_queue_len_used)),
			    text(port.bc_cutoff), on_off(port.host_access),
			    text(port_losses(port)) });
	std::string out = table.render();
	if (detail)
		for (const auto &port : ports)
			out += fmt::format("{}:\n    drops {}\n", port_label(port),
					   counters_text(port.drops, drop_reason_names()));
	return out;
}

std::string render_event(const Event &event)
{
	const Device &dev = event.device;
	std::string line;
	if (!event.timestamp.empty())
		line = "[" + event.timestamp + "] ";
	line += event_name(event.kind);

	switch (event.kind) {
	case EventKind::New:
	case EventKind::Change:
	case EventKind::State: {
		const auto flags = flags_of(dev);
		line += fmt::format(" {} link {} mode {} mac {} mtu {}", device_label(dev),
				    link_label(dev), mode_text(dev.mode), mac_text(dev.mac),
				    text(dev.mtu));
		if (!flags.empty())
			line += " flags " + join(flags, ",");
		break;
	}
	case EventKind::Del:
		line += " " + device_label(dev);
		break;
	case EventKind::Carrier:
		line += " " + device_label(dev);
		if (dev.carrier)
			line += *dev.carrier ? " up" : " down";
		break;
	case EventKind::Lost:
		return line;
	case EventKind::Resynced:
		return line + " " + std::to_string(event.count);
	case EventKind::PortChange:
		return line + fmt::format(" {} host-access {}", port_label(event.port),
					  on_off(event.port.host_access));
	}
	if (dev.netnsid)
		line += fmt::format(" netnsid {}", *dev.netnsid);
	return line;
}

}  // namespace mvlan
