// SPDX-License-Identifier: GPL-2.0
// mvlanctl port show [LOWER]
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

}  // namespace

void register_port(CLI::App &app, RequestSink &sink)
{
	CLI::App *port = app.add_subcommand("port", "Inspect lower devices that carry children");
	port->require_subcommand(1);
	port->footer("Example:\n"
		     "  mvlanctl port show eth0\n\n"
		     "Run 'mvlanctl port show --help' for details.");

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

}  // namespace mvlan
