// SPDX-License-Identifier: GPL-2.0
// mvlanctl port show [LOWER], mvlanctl port set LOWER --host-access on|off
#include <iostream>
#include <memory>

#include <linux/mvlan.h>

#include "commands.hpp"
#include "common.hpp"
#include "nl.hpp"
#include "print.hpp"

namespace mvlan {

namespace {

struct PortShowOptions {
	std::string lower;
	bool json = false;
};

struct PortSetOptions {
	std::string lower;
	std::string host_access;	// "on", "off", or empty: unchanged
};

void register_port_set(CLI::App *port, RequestSink &sink)
{
	auto o = std::make_shared<PortSetOptions>();
	CLI::App *set = port->add_subcommand("set", "Change a port's settings");
	set->add_option("lower", o->lower, "The lower device")
		->required()
		->type_name("LOWER")
		->check(IfNameValidator());
	set->add_option("--host-access", o->host_access,
			"on: the lower's own stack and its bridge-mode children reach each "
			"other directly; off (default): only through the wire, as macvlan")
		->type_name("on|off")
		->check(CLI::IsMember({ "on", "off" }));
	set->footer("Example:\n"
		    "  mvlanctl port set eth0 --host-access on");
	set->callback([o, &sink] {
		if (o->host_access.empty())
			throw CLI::ValidationError("nothing to change: give --host-access on|off");
		PortSetRequest req;
		req.lower = o->lower;
		req.host_access = o->host_access == "on";
		sink = req;
	});
}

}  // namespace

void register_port(CLI::App &app, RequestSink &sink)
{
	CLI::App *port = app.add_subcommand("port", "Inspect and configure lower devices that carry children");
	port->require_subcommand(1);
	port->footer("Examples:\n"
		     "  mvlanctl port show eth0\n"
		     "  mvlanctl port set eth0 --host-access on\n\n"
		     "Run 'mvlanctl port show --help' or 'mvlanctl port set --help' for details.");

	auto o = std::make_shared<PortShowOptions>();
	CLI::App *show = port->add_subcommand("show", "List ports, or show one in detail");
	show->alias("list")->alias("ls");
	show->add_option("lower", o->lower, "Only this lower device, with drop reasons")
		->type_name("LOWER")
		->check(IfNameValidator());
	show->add_flag("--json,-j", o->json, "Print a JSON array (see mvlanctl(8))");
	show->footer("Examples:\n"
		     "  mvlanctl port show\n"
		     "  mvlanctl port show eth0 --json");
	show->callback([o, &sink] {
		PortShowRequest req;
		if (!o->lower.empty())
			req.lower = o->lower;
		req.json = o->json;
		sink = req;
	});
	register_port_set(port, sink);
}

void run(const PortShowRequest &req)
{
	const std::string what = req.lower ? "port show " + *req.lower : "port show";
	std::optional<std::uint32_t> link;
	if (req.lower)
		link = resolve_ifindex(what, *req.lower);

	nl::Socket sock = nl::Socket::connect();
	std::vector<Port> ports;
	const auto collect = [&](const nlmsghdr *nlh) { ports.push_back(nl::parse_port(nlh)); };
	with_context(what, [&] {
		if (link) {
			nl::Message msg = sock.request(MVLAN_CMD_PORT_GET);
			msg.put_u32(MVLAN_A_LINK, *link);
			sock.transact(msg, collect);
		} else {
			sock.dump(MVLAN_CMD_PORT_GET, collect);
		}
	});

	if (req.json) {
		Json out = Json::array();
		for (const auto &port : ports)
			out.push_back(to_json(port));
		std::cout << dump_json(out, req.pretty) << std::endl;
	} else if (!ports.empty()) {
		std::cout << render_ports(ports, req.lower.has_value()) << std::flush;
	}
}

void run(const PortSetRequest &req)
{
	const std::string what = "port set " + req.lower;
	const std::uint32_t link = resolve_ifindex(what, req.lower);

	nl::Socket sock = nl::Socket::connect();
	nl::Message msg = sock.request(MVLAN_CMD_PORT_SET);
	msg.put_u32(MVLAN_A_LINK, link);
	if (req.host_access)
		msg.put_u8(MVLAN_A_PORT_HOST_ACCESS, *req.host_access ? 1 : 0);
	with_context(what, [&] { sock.transact(msg); });
}

}  // namespace mvlan
