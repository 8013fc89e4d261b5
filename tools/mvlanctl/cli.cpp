// SPDX-License-Identifier: GPL-2.0
#include "cli.hpp"

#include <ostream>

#include <linux/mvlan.h>

#include "version.hpp"

namespace mvlan {

Cli::Cli() : app_("Configure mvlan virtual NICs (MAC-based VLANs over an Ethernet device).",
		  "mvlanctl")
{
	app_.set_version_flag("--version", std::string("mvlanctl ") + kVersion +
				  " (generic netlink family " MVLAN_FAMILY_NAME " version " +
				  std::to_string(MVLAN_FAMILY_VERSION) + ")");
	app_.require_subcommand(0, 1);
	// Global options may also follow the command, as in "show -j".
	app_.fallthrough();
	app_.add_flag("-j,--json", globals_.json, "JSON output (schema in mvlanctl(8))");
	app_.add_flag("-p,--pretty", globals_.pretty, "Indent JSON output");
	app_.add_option("-n,--namespace", globals_.netns,
			"Run in network namespace NETNS: a name under /run/netns, a PID, "
			"or a path such as /proc/PID/ns/net")
		->type_name("NETNS")
		->check(NetnsSpecValidator());
	app_.add_option("-b,--batch", globals_.batch,
			"Run the commands in FILE ('-': standard input), one per line; "
			"stop at the first failure")
		->type_name("FILE");
	app_.add_flag("-f,--force", globals_.force,
		      "Batch: go on after a failed line (also -force); the exit status is "
		      "the first failure's");
	app_.footer("Commands (aliases in parentheses):\n"
		    "  create (add)  delete (del)  set (change)  show (list, ls)  source\n"
		    "  port show (list, ls)  port set  monitor  version  help [COMMAND]\n\n"
		    "Examples:\n"
		    "  mvlanctl add mv0 --link eth0 --mode bridge && mvlanctl -j -p ls\n"
		    "  mvlanctl -n blue show                 # in namespace blue (name, PID or path)\n"
		    "  mvlanctl -force -b setup.mvlan        # one command per line\n\n"
		    "Run 'mvlanctl COMMAND --help' for a command's options and examples.\n"
		    "Exit status: 0 success, 1 the kernel or system refused, 2 usage error.");

	register_dev(app_, request_);
	register_source(app_, request_);
	register_port(app_, request_);
	register_monitor(app_, request_);

	help_ = app_.add_subcommand("help", "Show the help of mvlanctl or of a command");
	help_->add_option("command", help_topic_, "The command")->type_name("COMMAND");
	CLI::App *version = app_.add_subcommand("version", "Print the version");
	version->callback([this] { request_ = VersionRequest{}; });
}

namespace {

// The deepest subcommand the parser reached, and its "mvlanctl port show".
const CLI::App *deepest(const CLI::App &app, std::string &path)
{
	const CLI::App *cur = &app;
	path = app.get_name();
	for (;;) {
		const auto subs = cur->get_subcommands();
		if (subs.empty())
			return cur;
		cur = subs.front();
		path += " " + cur->get_name();
	}
}

std::string usage_message(const CLI::App &app, const CLI::ParseError &e)
{
	std::string path;
	const CLI::App *cur = deepest(app, path);
	std::string what = e.what();

	// CLI11 says "A subcommand is required" for "mvlanctl frob"; name it.
	const auto rest = cur->remaining();
	if ((dynamic_cast<const CLI::RequiredError *>(&e) ||
	     dynamic_cast<const CLI::ExtrasError *>(&e)) && !rest.empty() &&
	    !cur->get_subcommands({}).empty() && rest.front().rfind('-', 0) != 0)
		what = "unknown command '" + rest.front() + "'";
	return what + " (see '" + path + " --help')";
}

}  // namespace

void apply_globals(Request &req, const Globals &globals)
{
	std::visit(
		[&](auto &r) {
			if constexpr (requires { r.json; })
				r.json = r.json || globals.json;
			if constexpr (requires { r.pretty; })
				r.pretty = r.pretty || globals.pretty;
		},
		req);
}

ParseOutcome Cli::parse(const std::vector<std::string> &args, std::ostream &out,
			std::ostream &err, bool in_batch)
{
	std::vector<const char *> argv;
	for (const auto &a : args)
		// ip(8) spells it -force; CLI11 reads that as -f -o -r -c -e.
		argv.push_back(a == "-force" ? "--force" : a.c_str());

	request_.reset();
	globals_ = Globals{};
	help_topic_.clear();
	try {
		app_.parse(static_cast<int>(argv.size()), argv.data());
	} catch (const CLI::CallForHelp &e) {
		return { std::nullopt, {}, app_.exit(e, out, err) };
	} catch (const CLI::CallForAllHelp &e) {
		return { std::nullopt, {}, app_.exit(e, out, err) };
	} catch (const CLI::CallForVersion &e) {
		return { std::nullopt, {}, app_.exit(e, out, err) };
	} catch (const CLI::ParseError &e) {
		// One line, not CLI11's two: scripts read the first line of stderr.
		err << "mvlanctl: " << usage_message(app_, e) << std::endl;
		return { std::nullopt, {}, kExitUsage };
	}
	const auto usage = [&](const std::string &what) {
		err << "mvlanctl: " << what << " (see 'mvlanctl --help')" << std::endl;
		return ParseOutcome{ std::nullopt, {}, kExitUsage };
	};
	if (help_->parsed()) {
		const CLI::App *topic = &app_;
		for (const auto &word : help_topic_) {
			const auto subs = topic->get_subcommands([&](const CLI::App *sub) {
				return sub->check_name(word);
			});
			if (subs.empty())
				return usage("help: unknown command '" + word + "'");
			topic = subs.front();
		}
		out << topic->help();
		return { std::nullopt, {}, kExitOk };
	}
	if (in_batch && (globals_.batch || globals_.netns || globals_.force))
		return usage("-b, -n and -force are options of the whole batch, not of a line");
	if (globals_.batch && request_)
		return usage("-b FILE takes the commands from FILE, not from the command line");
	if (!globals_.batch && globals_.force)
		return usage("-force is for batch mode (-b FILE)");
	if (!globals_.batch && !request_)
		return usage(app_.get_subcommands().empty() ? "A subcommand is required"
							    : "nothing to do");
	if (request_)
		apply_globals(*request_, globals_);
	return { std::move(request_), globals_, kExitOk };
}

}  // namespace mvlan
