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
	app_.require_subcommand(1);
	app_.footer("Example:\n"
		    "  mvlanctl create mv0 --link eth0 --mode bridge && mvlanctl show\n\n"
		    "Run 'mvlanctl COMMAND --help' for a command's options and examples.\n"
		    "Exit status: 0 success, 1 the kernel or system refused, 2 usage error.");

	register_dev(app_, request_);
	register_source(app_, request_);
	register_port(app_, request_);
	register_monitor(app_, request_);
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
	if (dynamic_cast<const CLI::RequiredError *>(&e) && !rest.empty() &&
	    !cur->get_subcommands({}).empty() && rest.front().rfind('-', 0) != 0)
		what = "unknown command '" + rest.front() + "'";
	return what + " (see '" + path + " --help')";
}

}  // namespace

ParseOutcome Cli::parse(const std::vector<std::string> &args, std::ostream &out,
			std::ostream &err)
{
	std::vector<const char *> argv;
	for (const auto &a : args)
		argv.push_back(a.c_str());

	request_.reset();
	try {
		app_.parse(static_cast<int>(argv.size()), argv.data());
	} catch (const CLI::CallForHelp &e) {
		return { std::nullopt, app_.exit(e, out, err) };
	} catch (const CLI::CallForAllHelp &e) {
		return { std::nullopt, app_.exit(e, out, err) };
	} catch (const CLI::CallForVersion &e) {
		return { std::nullopt, app_.exit(e, out, err) };
	} catch (const CLI::ParseError &e) {
		// One line, not CLI11's two: scripts read the first line of stderr.
		err << "mvlanctl: " << usage_message(app_, e) << std::endl;
		return { std::nullopt, kExitUsage };
	}
	if (!request_) {
		err << "mvlanctl: nothing to do (see 'mvlanctl --help')" << std::endl;
		return { std::nullopt, kExitUsage };
	}
	return { std::move(request_), kExitOk };
}

}  // namespace mvlan
