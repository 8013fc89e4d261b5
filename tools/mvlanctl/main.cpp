// SPDX-License-Identifier: GPL-2.0
// mvlanctl: configure mvlan children over generic netlink.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "error.hpp"

int main(int argc, char **argv)
{
	mvlan::Cli cli;
	const std::vector<std::string> args(argv, argv + argc);
	const mvlan::ParseOutcome parsed = cli.parse(args, std::cout, std::cerr);
	if (!parsed.request)
		return parsed.exit_code;

	try {
		std::visit([](const auto &req) { mvlan::run(req); }, *parsed.request);
	} catch (const std::exception &e) {
		// Error, or a KernelError outside any context: one line either way.
		std::cerr << "mvlanctl: " << e.what() << std::endl;
		return mvlan::kExitFailure;
	}
	return mvlan::kExitOk;
}
