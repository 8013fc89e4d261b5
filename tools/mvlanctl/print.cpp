// SPDX-License-Identifier: GPL-2.0
#include "print.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include <linux/mvlan.h>

namespace mvlan {

namespace {

std::string device_label(const Device &dev)
{
	return dev.name.empty() ? "if" + std::to_string(dev.ifindex) : dev.name;
}

std::string port_label(const Port &port)
{
	return port.lower.empty() ? "if" + std::to_string(port.ifindex) : port.lower;
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
Json counters_json(const std::array<std::uint64_t, N> &counters,
		   const std::array<std::string_view, N> &names)
{
	Json out = Json::object();
	for (std::size_t i = 0; i < N; i++)
		out[std::string(names[i])] = counters[i];
	return out;
}

template <std::size_t N>
std::string counters_text(const std::array<std::uint64_t, N> &counters,
			  const std::array<std::string_view, N> &names)
{
	std::string out;
	for (std::size_t i = 0; i < N; i++)
		out += fmt::format("{}{} {}", i ? "  " : "", names[i], counters[i]);
	return out;
}

std::string state_text(const Device &dev)
{
	if (dev.oper_up)
		return "UP";
	return dev.carrier ? "DOWN" : "NO-CARRIER";
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
	out += fmt::format("    ifindex {}  link {} (ifindex {}", dev.ifindex, link_label(dev),
			   dev.link);
	if (dev.link_netnsid)
		out += fmt::format(", netnsid {}", *dev.link_netnsid);
	out += ")";
	if (dev.netnsid)
		out += fmt::format("  netnsid {}", *dev.netnsid);
	out += fmt::format("\n    bc_queue_len {}  bc_cutoff {}\n", dev.bc_queue_len,
			   dev.bc_cutoff);
	if (dev.mode == MVLAN_MODE_SOURCE || dev.source_count || !dev.source_macs.empty()) {
		std::vector<std::string> macs;
		for (const auto &m : dev.source_macs)
			macs.push_back(format_mac(m));
		const std::size_t count = std::max<std::size_t>(dev.source_count, macs.size());
		out += fmt::format("    source MACs ({}): {}\n", count,
				   !macs.empty() ? join(macs, " ")
				   : count	 ? "not listed (the child is in another namespace)"
						 : "none");
	}
	const Stats &s = dev.stats;
	out += fmt::format("    rx {} packets  {} bytes  {} multicast  {} dropped\n",
			   s.rx_packets, s.rx_bytes, s.rx_multicast, s.rx_dropped);
	out += fmt::format("    tx {} packets  {} bytes  {} dropped\n", s.tx_packets,
			   s.tx_bytes, s.tx_dropped);
	out += "    drops " + counters_text(s.drops, drop_reason_names()) + "\n";
	out += "    bridge fwd " + counters_text(s.fwd, fwd_path_names()) + "\n";
	return out;
}

// Port-level drops that are real losses; a unicast miss is passed to the
// lower, not lost, so it is only listed in the detail.
std::uint64_t port_losses(const Port &port)
{
	return std::accumulate(port.drops.begin(), port.drops.end(), std::uint64_t{0}) -
	       port.drops[MVLAN_DROP_NO_CHILD];
}

}  // namespace

std::string link_label(const Device &dev)
{
	return dev.link_name.empty() ? "if" + std::to_string(dev.link) : dev.link_name;
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
	}
	return "unknown";
}

Json to_json(const Device &dev)
{
	Json j;
	j["name"] = dev.name;
	j["ifindex"] = dev.ifindex;
	j["link"] = link_label(dev);
	j["link_ifindex"] = dev.link;
	if (dev.link_netnsid)
		j["link_netnsid"] = *dev.link_netnsid;
	j["mode"] = mode_name(dev.mode);
	j["mac"] = format_mac(dev.mac);
	j["mtu"] = dev.mtu;
	j["flags"] = flag_names(dev.flags);
	Json macs = Json::array();
	for (const auto &m : dev.source_macs)
		macs.push_back(format_mac(m));
	j["source_count"] = std::max<std::size_t>(dev.source_count, dev.source_macs.size());
	j["source_macs"] = std::move(macs);
	j["bc_queue_len"] = dev.bc_queue_len;
	j["bc_cutoff"] = dev.bc_cutoff;
	j["carrier"] = dev.carrier;
	j["oper_up"] = dev.oper_up;
	if (dev.netnsid)
		j["netnsid"] = *dev.netnsid;
	const Stats &s = dev.stats;
	j["stats"] = {
		{ "rx_packets", s.rx_packets },
		{ "rx_bytes", s.rx_bytes },
		{ "rx_multicast", s.rx_multicast },
		{ "rx_dropped", s.rx_dropped },
		{ "tx_packets", s.tx_packets },
		{ "tx_bytes", s.tx_bytes },
		{ "tx_dropped", s.tx_dropped },
		{ "drops", counters_json(s.drops, drop_reason_names()) },
		{ "fwd", counters_json(s.fwd, fwd_path_names()) },
	};
	return j;
}

Json to_json(const Port &port)
{
	Json j;
	j["lower"] = port_label(port);
	j["ifindex"] = port.ifindex;
	j["children"] = port.children;
	j["passthru"] = port.passthru;
	j["promiscuity"] = port.promiscuity;
	j["bc_queue_len_used"] = port.bc_queue_len_used;
	j["bc_queue_qlen"] = port.bc_queue_qlen;
	j["bc_cutoff"] = port.bc_cutoff;
	j["drops"] = counters_json(port.drops, drop_reason_names());
	return j;
}

Json to_json(const Event &event)
{
	Json j;
	j["event"] = event_name(event.kind);
	switch (event.kind) {
	case EventKind::New:
	case EventKind::Change:
	{
		// The full object, as "show --json" prints it.
		const Json dev = to_json(event.device);
		for (const auto &[key, value] : dev.items())
			j[key] = value;
		break;
	}
	case EventKind::Del:
		j["name"] = event.device.name;
		j["ifindex"] = event.device.ifindex;
		break;
	case EventKind::Carrier:
		j["name"] = event.device.name;
		j["ifindex"] = event.device.ifindex;
		j["carrier"] = event.device.carrier;
		break;
	}
	return j;
}

std::string render_devices(const std::vector<Device> &devs, bool detail)
{
	Table table({ "NAME", "LINK", "MODE", "MAC", "MTU", "FLAGS", "STATE", "RX", "TX",
		      "DROPS" });
	for (const auto &dev : devs) {
		const auto flags = flag_names(dev.flags);
		table.add({ device_label(dev), link_label(dev), mode_name(dev.mode),
			    format_mac(dev.mac), std::to_string(dev.mtu),
			    flags.empty() ? "-" : join(flags, ","), state_text(dev),
			    std::to_string(dev.stats.rx_packets),
			    std::to_string(dev.stats.tx_packets),
			    std::to_string(dev.stats.rx_dropped + dev.stats.tx_dropped) });
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
		      "DROPS" });
	for (const auto &port : ports)
		table.add({ port_label(port), std::to_string(port.children),
			    port.passthru ? "yes" : "no", std::to_string(port.promiscuity),
			    fmt::format("{}/{}", port.bc_queue_qlen, port.bc_queue_len_used),
			    std::to_string(port.bc_cutoff), std::to_string(port_losses(port)) });
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
	std::string line = event_name(event.kind) + " " + device_label(dev);

	switch (event.kind) {
	case EventKind::New:
	case EventKind::Change: {
		const auto flags = flag_names(dev.flags);
		line += fmt::format(" link {} mode {} mac {} mtu {}", link_label(dev),
				    mode_name(dev.mode), format_mac(dev.mac), dev.mtu);
		if (!flags.empty())
			line += " flags " + join(flags, ",");
		if (dev.netnsid)
			line += fmt::format(" netnsid {}", *dev.netnsid);
		break;
	}
	case EventKind::Del:
		break;
	case EventKind::Carrier:
		line += dev.carrier ? " up" : " down";
		break;
	}
	return line;
}

}  // namespace mvlan
