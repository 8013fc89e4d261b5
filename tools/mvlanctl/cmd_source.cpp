// SPDX-License-Identifier: GPL-2.0
// mvlanctl source NAME add|del|set MAC... | flush
#include <memory>

#include <linux/mvlan.h>

#include "commands.hpp"
#include "common.hpp"
#include "nl.hpp"

namespace mvlan {

namespace {

struct SourceOptions {
	std::string name;
	std::string op;
	std::vector<std::string> macs;
};

struct SourceOp {
	const char *name;
	std::uint32_t value;
};

constexpr SourceOp kOps[] = {
	{ "add", MVLAN_SOURCE_ADD },
	{ "del", MVLAN_SOURCE_DEL },
	{ "set", MVLAN_SOURCE_SET },
	{ "flush", MVLAN_SOURCE_FLUSH },
};

std::optional<std::uint32_t> op_from_name(const std::string &name)
{
	for (const auto &op : kOps)
		if (name == op.name)
			return op.value;
	return std::nullopt;
}

SourceRequest make_source(const SourceOptions &o)
{
	SourceRequest req;

	req.name = o.name;
	req.op = *op_from_name(o.op);
	for (const auto &text : o.macs)
		req.macs.push_back(*parse_mac(text));
	if (req.op == MVLAN_SOURCE_FLUSH && !req.macs.empty())
		throw CLI::ValidationError("flush takes no MAC addresses");
	if (req.op != MVLAN_SOURCE_FLUSH && req.macs.empty())
		throw CLI::ValidationError(o.op + " needs at least one MAC address" +
					   (req.op == MVLAN_SOURCE_SET ? " (use flush to clear the list)"
								       : ""));
	if (req.macs.size() > MVLAN_BATCH_MAX)
		throw CLI::ValidationError("at most " + std::to_string(MVLAN_BATCH_MAX) +
					   " MAC addresses per command");
	return req;
}

}  // namespace

void register_source(CLI::App &app, RequestSink &sink)
{
	auto o = std::make_shared<SourceOptions>();
	CLI::App *sub = app.add_subcommand(
		"source", "Edit the source-MAC allow-list of a source-mode child");

	sub->add_option("name", o->name, "The child (mode source)")
		->required()
		->type_name("NAME")
		->check(IfNameValidator());
	sub->add_option("op", o->op,
			"add: allow MACs; del: remove them; set: replace the list atomically; "
			"flush: empty it")
		->required()
		->type_name("add|del|set|flush")
		->check(CLI::Validator(
			[](std::string &text) -> std::string {
				if (op_from_name(text))
					return {};
				return "unknown operation '" + text +
				       "' (expected add, del, set or flush)";
			},
			""));
	sub->add_option("mac", o->macs, "Source MAC addresses")
		->type_name("MAC")
		->check(UnicastMacValidator());
	sub->footer("Examples:\n"
		    "  mvlanctl source mv0 add 02:00:00:00:00:01 02:00:00:00:00:02\n"
		    "  mvlanctl source mv0 set 02:00:00:00:00:03\n"
		    "  mvlanctl source mv0 flush");
	sub->callback([o, &sink] { sink = make_source(*o); });
}

void run(const SourceRequest &req)
{
	std::string op_name;
	for (const auto &op : kOps)
		if (op.value == req.op)
			op_name = op.name;
	const std::string what = "source " + req.name + " " + op_name;
	const std::uint32_t ifindex = resolve_ifindex(what, req.name);

	nl::Socket sock = nl::Socket::connect();
	nl::Message msg = sock.request(MVLAN_CMD_SOURCE);
	msg.put_u32(MVLAN_A_IFINDEX, ifindex);
	msg.put_u32(MVLAN_A_SOURCE_OP, req.op);
	if (!req.macs.empty()) {
		nlattr *nest = msg.start_nest(MVLAN_A_SOURCE_MACS);
		for (const auto &mac : req.macs)
			msg.put_mac(MVLAN_A_MAC, mac);
		msg.end_nest(nest);
	}
	with_context(what, [&] { sock.transact(msg); });
}

}  // namespace mvlan
