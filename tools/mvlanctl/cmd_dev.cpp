// SPDX-License-Identifier: GPL-2.0
// mvlanctl create | delete | set | show
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include <linux/mvlan.h>

#include "commands.hpp"
#include "common.hpp"
#include "nl.hpp"
#include "print.hpp"

namespace mvlan {

namespace {

// Options shared by "create NAME" and "create --count N --prefix P".
struct CreateOptions {
	std::string name;
	std::string link;
	std::string mode;
	std::string mac;
	std::optional<std::uint32_t> mtu;
	bool nopromisc = false;
	bool nodst = false;
	std::optional<std::uint32_t> bc_queue_len;
	std::optional<std::int32_t> bc_cutoff;
	std::string netns;
	std::optional<std::uint32_t> count;
	std::string prefix;
	std::vector<std::string> sources;
	bool tap = false;
};

struct SetOptions {
	std::string name;
	std::string mode;
	std::string mac;
	bool promisc = false;
	bool nopromisc = false;
	bool dst = false;
	bool nodst = false;
	std::optional<std::uint32_t> bc_queue_len;
	std::optional<std::int32_t> bc_cutoff;
};

struct ShowOptions {
	std::string name;
	std::string link;
	bool json = false;
};

std::optional<std::uint32_t> mode_option(const std::string &text)
{
	if (text.empty())
		return std::nullopt;
	return mode_from_name(text);	// already checked by ModeValidator
}

std::optional<Mac> mac_option(const std::string &text)
{
	if (text.empty())
		return std::nullopt;
	return parse_mac(text);		// already checked by UnicastMacValidator
}

CreateRequest make_create(const CreateOptions &o)
{
	CreateRequest req;

	if (o.count) {
		if (!o.name.empty())
			throw CLI::ValidationError(
				"give either NAME or --count with --prefix, not both");
		// The kernel names them prefix0 .. prefix<count-1>.
		const std::string last = o.prefix + std::to_string(*o.count - 1);
		if (last.size() >= kIfNameSize)
			throw CLI::ValidationError(fmt::format(
				"--prefix: batch names up to '{}' would be {} characters, at most {}",
				last, last.size(), kIfNameSize - 1));
		req.name = o.prefix;
		req.count = o.count;
	} else {
		if (o.name.empty())
			throw CLI::ValidationError("a NAME (or --count with --prefix) is required");
		req.name = o.name;
	}
	req.link = o.link;
	req.mode = mode_option(o.mode);
	req.mac = mac_option(o.mac);
	if (req.mac && req.count)
		throw CLI::ValidationError("--mac: one address cannot be given to a batch");
	req.mtu = o.mtu;
	req.flags = (o.nopromisc ? MVLAN_FLAG_NOPROMISC : 0) | (o.nodst ? MVLAN_FLAG_NODST : 0);
	req.bc_queue_len = o.bc_queue_len;
	req.bc_cutoff = o.bc_cutoff;
	req.tap = o.tap;
	if (!o.netns.empty())
		req.netns = o.netns;
	for (const auto &text : o.sources)
		req.sources.push_back(*parse_mac(text));	// checked by the validator
	if (req.sources.size() > MVLAN_SOURCES_MAX)
		throw CLI::ValidationError("--source: at most " +
					   std::to_string(MVLAN_SOURCES_MAX) + " MAC addresses");
	if (!req.sources.empty() && req.mode != MVLAN_MODE_SOURCE)
		throw CLI::ValidationError("--source: source MACs are for --mode source");
	return req;
}

SetRequest make_set(const SetOptions &o)
{
	SetRequest req;

	req.name = o.name;
	req.mode = mode_option(o.mode);
	req.mac = mac_option(o.mac);
	if (o.promisc || o.nopromisc)
		req.promisc = o.promisc;
	if (o.dst || o.nodst)
		req.dst = o.dst;
	req.bc_queue_len = o.bc_queue_len;
	req.bc_cutoff = o.bc_cutoff;
	if (!req.mode && !req.mac && !req.changes_flags() && !req.bc_queue_len && !req.bc_cutoff)
		throw CLI::ValidationError("nothing to change: give at least one option");
	return req;
}

void add_bc_options(CLI::App *sub, std::optional<std::uint32_t> &queue_len,
		    std::optional<std::int32_t> &cutoff)
{
	sub->add_option("--bc-queue-len", queue_len,
			"Broadcast queue length this child asks for; the port uses the largest "
			"request (default 1000)")
		->type_name("N")
		->check(IntRange(0, MVLAN_BC_QUEUE_LEN_MAX));
	sub->add_option("--bc-cutoff", cutoff,
			"Port-wide: multicast groups joined by more than N children (and "
			"broadcast) go through the broadcast queue; negative delivers everything "
			"at once, without the queue (default 1)")
		->type_name("N")
		->check(IntRange(INT32_MIN, INT32_MAX).description(""));
}

void register_create(CLI::App &app, RequestSink &sink)
{
	auto o = std::make_shared<CreateOptions>();
	CLI::App *sub = app.add_subcommand("create", "Create a child (or a batch of children)");
	sub->alias("add");

	sub->add_option("name", o->name, "Name of the new child")
		->type_name("NAME")
		->check(IfNameValidator());
	sub->add_option("--link,-l", o->link, "Lower Ethernet device")
		->required()
		->type_name("LOWER")
		->check(IfNameValidator());
	sub->add_option("--mode,-m", o->mode, "private, vepa (default), bridge, passthru or source")
		->type_name("MODE")
		->check(ModeValidator());
	sub->add_option("--mac", o->mac, "Unicast MAC address (default: random)")
		->type_name("MAC")
		->check(UnicastMacValidator());
	sub->add_option("--mtu", o->mtu, "MTU, at most the lower's (default: the lower's)")
		->type_name("N")
		->check(IntRange(68, 65535));
	sub->add_flag("--nopromisc", o->nopromisc,
		      "passthru: do not put the lower into promiscuous mode");
	sub->add_flag("--nodst", o->nodst,
		      "source: only deliver frames from the allowed source MACs");
	add_bc_options(sub, o->bc_queue_len, o->bc_cutoff);
	sub->add_flag("--tap", o->tap,
		      "A tap child for a virtual machine: frames are read and written "
		      "through /dev/tapN (N = its ifindex), as with macvtap");
	sub->add_option("--netns", o->netns,
			"Create the child in network namespace NETNS: a name under /run/netns, "
			"a PID, or a path such as /proc/PID/ns/net")
		->type_name("NETNS")
		->check(NetnsSpecValidator());
	sub->add_option("--source,-s", o->sources,
			"source: the first allowed source MACs (repeat, or separate with ',')")
		->type_name("MAC")
		->delimiter(',')
		->check(UnicastMacValidator());
	CLI::Option *count =
		sub->add_option("--count", o->count, "Batch: create N children PREFIX0 .. PREFIX<N-1>")
			->type_name("N")
			->check(IntRange(1, MVLAN_BATCH_MAX));
	CLI::Option *prefix = sub->add_option("--prefix", o->prefix, "Batch: name prefix")
				      ->type_name("PREFIX")
				      ->check(IfNameValidator());
	count->needs(prefix);
	prefix->needs(count);
	sub->footer("Examples:\n"
		    "  mvlanctl create mv0 --link eth0 --mode bridge\n"
		    "  mvlanctl create mv1 --link eth0 --mode bridge --netns blue --mac 02:00:00:00:00:01\n"
		    "  mvlanctl create --count 100 --prefix mvb --link eth0   # mvb0 .. mvb99\n"
		    "  mvlanctl add snoop0 --link eth0 --mode source --source 02:00:00:00:00:0a\n"
		    "  mvlanctl -j add mv2 --link eth0 --netns 4242   # print the new child; netns of PID 4242");
	sub->callback([o, &sink] { sink = make_create(*o); });
}

void register_delete(CLI::App &app, RequestSink &sink)
{
	auto names = std::make_shared<std::vector<std::string>>();
	CLI::App *sub = app.add_subcommand(
		"delete", "Delete children; several names are deleted all or nothing");
	sub->alias("del");

	sub->add_option("name", *names, "Children to delete")
		->required()
		->type_name("NAME")
		->check(IfNameValidator());
	sub->footer("Examples:\n"
		    "  mvlanctl delete mv0\n"
		    "  mvlanctl delete mv0 mv1 mv2");
	sub->callback([names, &sink] {
		std::set<std::string> seen;
		for (const auto &n : *names)
			if (!seen.insert(n).second)
				throw CLI::ValidationError("'" + n + "' is given twice");
		sink = DeleteRequest{ *names };
	});
}

void register_set(CLI::App &app, RequestSink &sink)
{
	auto o = std::make_shared<SetOptions>();
	CLI::App *sub = app.add_subcommand("set", "Change a child");
	sub->alias("change");

	sub->add_option("name", o->name, "The child")
		->required()
		->type_name("NAME")
		->check(IfNameValidator());
	sub->add_option("--mode,-m", o->mode, "private, vepa, bridge, passthru or source")
		->type_name("MODE")
		->check(ModeValidator());
	sub->add_option("--mac", o->mac, "New unicast MAC address")
		->type_name("MAC")
		->check(UnicastMacValidator());
	CLI::Option *promisc = sub->add_flag("--promisc", o->promisc,
					     "passthru: make the lower promiscuous (default)");
	CLI::Option *nopromisc = sub->add_flag("--nopromisc", o->nopromisc,
					       "passthru: leave the lower's promiscuity alone");
	CLI::Option *dst = sub->add_flag("--dst", o->dst,
					 "source: also deliver frames by destination MAC");
	CLI::Option *nodst = sub->add_flag("--nodst", o->nodst,
					   "source: only deliver frames from allowed source MACs");
	promisc->excludes(nopromisc);
	dst->excludes(nodst);
	add_bc_options(sub, o->bc_queue_len, o->bc_cutoff);
	sub->footer("Examples:\n"
		    "  mvlanctl set mv0 --mode private\n"
		    "  mvlanctl set mv0 --nopromisc\n"
		    "  mvlanctl set mv0 --bc-queue-len 4000 --bc-cutoff -1");
	sub->callback([o, &sink] { sink = make_set(*o); });
}

void register_show(CLI::App &app, RequestSink &sink)
{
	auto o = std::make_shared<ShowOptions>();
	CLI::App *sub = app.add_subcommand("show", "List children, or show one in detail");
	sub->alias("list")->alias("ls");

	CLI::Option *name = sub->add_option("name", o->name, "Only this child, with details")
				    ->type_name("NAME")
				    ->check(IfNameValidator());
	sub->add_option("--link,-l", o->link, "Only the children of this lower device")
		->type_name("LOWER")
		->check(IfNameValidator())
		->excludes(name);
	sub->add_flag("--json,-j", o->json, "Print a JSON array (see mvlanctl(8))");
	sub->footer("Examples:\n"
		    "  mvlanctl show\n"
		    "  mvlanctl show mv0\n"
		    "  mvlanctl ls --link eth0\n"
		    "  mvlanctl -j show | jq '.[].stats.drops'");
	sub->callback([o, &sink] {
		ShowRequest req;
		if (!o->name.empty())
			req.name = o->name;
		if (!o->link.empty())
			req.link = o->link;
		req.json = o->json;
		sink = req;
	});
}

std::vector<Device> get_devices(nl::Socket &sock, std::optional<std::uint32_t> ifindex,
				std::optional<std::uint32_t> link = std::nullopt)
{
	std::vector<Device> devs;
	const auto collect = [&](const nlmsghdr *nlh) { devs.push_back(nl::parse_device(nlh)); };

	if (ifindex) {
		nl::Message msg = sock.request(MVLAN_CMD_DEV_GET);
		msg.put_u32(MVLAN_A_IFINDEX, *ifindex);
		sock.transact(msg, collect);
	} else {
		// The kernel filters the dump by lower when LINK is given.
		sock.dump(MVLAN_CMD_DEV_GET, collect, [&](nl::Message &msg) {
			if (link)
				msg.put_u32(MVLAN_A_LINK, *link);
		});
	}
	return devs;
}

// Source lists are not in DEV_GET (they may be long): one paged SOURCE_GET
// dump per child that has any. Only children in this namespace can be
// named by ifindex; the others keep just their count.
void fill_sources(nl::Socket &sock, std::vector<Device> &devs)
{
	for (auto &dev : devs) {
		if (!dev.source_count.value_or(0) || dev.netnsid || !dev.ifindex)
			continue;
		std::vector<Mac> macs;
		const auto collect = [&](const nlmsghdr *nlh) {
			const Device page = nl::parse_device(nlh);
			macs.insert(macs.end(), page.source_macs.begin(), page.source_macs.end());
		};
		sock.dump(MVLAN_CMD_SOURCE_GET, collect,
			  [&](nl::Message &msg) { msg.put_u32(MVLAN_A_IFINDEX, *dev.ifindex); });
		dev.source_macs = std::move(macs);
	}
}

}  // namespace

void register_dev(CLI::App &app, RequestSink &sink)
{
	register_create(app, sink);
	register_delete(app, sink);
	register_set(app, sink);
	register_show(app, sink);
}

void run(const CreateRequest &req)
{
	const std::string what =
		req.count ? fmt::format("create {}0..{}{}", req.name, req.name, *req.count - 1)
			  : "create " + req.name;
	const std::uint32_t link = resolve_ifindex(what, req.link);
	std::optional<Fd> netns;
	if (req.netns)
		netns = open_netns(what, *req.netns);

	nl::Socket sock = nl::Socket::connect();
	nl::Message msg = sock.request(MVLAN_CMD_DEV_NEW);
	msg.put_string(MVLAN_A_IFNAME, req.name);
	if (req.count)
		msg.put_u32(MVLAN_A_COUNT, *req.count);
	msg.put_u32(MVLAN_A_LINK, link);
	if (req.mode)
		msg.put_u32(MVLAN_A_MODE, *req.mode);
	if (req.flags)
		msg.put_u32(MVLAN_A_FLAGS, req.flags);
	if (req.mac)
		msg.put_mac(MVLAN_A_MAC, *req.mac);
	if (req.mtu)
		msg.put_u32(MVLAN_A_MTU, *req.mtu);
	if (req.bc_queue_len)
		msg.put_u32(MVLAN_A_BC_QUEUE_LEN, *req.bc_queue_len);
	if (req.bc_cutoff)
		msg.put_s32(MVLAN_A_BC_CUTOFF, *req.bc_cutoff);
	if (netns)
		msg.put_u32(MVLAN_A_NETNS_FD, static_cast<std::uint32_t>(netns->get()));
	if (req.tap)
		msg.put_flag(MVLAN_A_TAP);
	if (!req.sources.empty()) {
		nlattr *nest = msg.start_nest(MVLAN_A_SOURCE_MACS);
		for (const auto &mac : req.sources)
			msg.put_mac(MVLAN_A_MAC, mac);
		msg.end_nest(nest);
	}
	// The kernel replies with the (first) new child: its MAC, its ifindex.
	std::vector<Device> created;
	with_context(what, [&] {
		sock.transact(msg, [&](const nlmsghdr *nlh) {
			created.push_back(nl::parse_device(nlh));
		});
	});
	if (req.json) {
		Json out = Json::array();
		for (const auto &dev : created)
			out.push_back(to_json(dev));
		std::cout << dump_json(out, req.pretty) << std::endl;
	}
}

void run(const DeleteRequest &req)
{
	const std::string what = describe_names("delete", req.names);
	std::vector<std::uint32_t> ifindexes;
	for (const auto &name : req.names)
		ifindexes.push_back(resolve_ifindex(what, name));

	nl::Socket sock = nl::Socket::connect();
	nl::Message msg = sock.request(MVLAN_CMD_DEV_DEL);
	if (ifindexes.size() == 1) {
		msg.put_u32(MVLAN_A_IFINDEX, ifindexes.front());
	} else {
		// One request: the kernel deletes all of them or none.
		nlattr *batch = msg.start_nest(MVLAN_A_BATCH);
		for (const auto ifindex : ifindexes)
			msg.put_u32(MVLAN_A_IFINDEX, ifindex);
		msg.end_nest(batch);
	}
	with_context(what, [&] { sock.transact(msg); });
}

void run(const SetRequest &req)
{
	const std::string what = "set " + req.name;
	const std::uint32_t ifindex = resolve_ifindex(what, req.name);

	nl::Socket sock = nl::Socket::connect();
	std::optional<std::uint32_t> flags;
	if (req.changes_flags()) {
		// MVLAN_A_FLAGS replaces the whole set, so start from the current
		// one. A concurrent change in between is lost, as with ip(8).
		const auto devs = with_context(what, [&] { return get_devices(sock, ifindex); });
		if (devs.size() != 1)
			throw Error(what + ": the kernel did not report the child's flags");
		if (!devs.front().flags)
			throw Error(what + ": the kernel did not report the child's flags");
		flags = *devs.front().flags;
		if (req.promisc)
			*flags = *req.promisc ? *flags & ~MVLAN_FLAG_NOPROMISC
					      : *flags | MVLAN_FLAG_NOPROMISC;
		if (req.dst)
			*flags = *req.dst ? *flags & ~MVLAN_FLAG_NODST : *flags | MVLAN_FLAG_NODST;
	}

	nl::Message msg = sock.request(MVLAN_CMD_DEV_SET);
	msg.put_u32(MVLAN_A_IFINDEX, ifindex);
	if (req.mode)
		msg.put_u32(MVLAN_A_MODE, *req.mode);
	if (flags)
		msg.put_u32(MVLAN_A_FLAGS, *flags);
	if (req.mac)
		msg.put_mac(MVLAN_A_MAC, *req.mac);
	if (req.bc_queue_len)
		msg.put_u32(MVLAN_A_BC_QUEUE_LEN, *req.bc_queue_len);
	if (req.bc_cutoff)
		msg.put_s32(MVLAN_A_BC_CUTOFF, *req.bc_cutoff);
	with_context(what, [&] { sock.transact(msg); });
}

void run(const ShowRequest &req)
{
	const std::string what = req.name ? "show " + *req.name
				 : req.link ? "show --link " + *req.link
					    : "show";
	std::optional<std::uint32_t> ifindex, link;
	if (req.name)
		ifindex = resolve_ifindex(what, *req.name);
	if (req.link)
		link = resolve_ifindex(what, *req.link);

	nl::Socket sock = nl::Socket::connect();
	const auto devs = with_context(what, [&] {
		auto found = get_devices(sock, ifindex, link);
		fill_sources(sock, found);
		return found;
	});

	if (req.json) {
		Json out = Json::array();
		for (const auto &dev : devs)
			out.push_back(to_json(dev));
		std::cout << dump_json(out, req.pretty) << std::endl;
	} else if (!devs.empty()) {
		std::cout << render_devices(devs, req.name.has_value()) << std::flush;
	}
}

}  // namespace mvlan
