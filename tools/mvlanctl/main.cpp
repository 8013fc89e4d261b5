// SPDX-License-Identifier: GPL-2.0
// mvlanctl: configure mvlan children over generic netlink.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "batch.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "error.hpp"

int main(int argc, char **argv)
{
	mvlan::Cli cli;
	const std::vector<std::string> args(argv, argv + argc);
	const mvlan::ParseOutcome parsed = cli.parse(args, std::cout, std::cerr);
	if (!parsed.has_work())
		return parsed.exit_code;

	try {
		// As "ip -n": everything from here on happens in that namespace.
		if (parsed.globals.netns)
			mvlan::enter_netns(*parsed.globals.netns);
	} catch (const std::exception &e) {
		std::cerr << "mvlanctl: " << e.what() << std::endl;
		return mvlan::kExitFailure;
	}
	if (parsed.request)
		return mvlan::run_request(*parsed.request, std::cerr);

	const std::string &file = *parsed.globals.batch;
	std::ifstream in;
	if (file != "-") {
		in.open(file);
		if (!in) {
			std::cerr << "mvlanctl: -b " << file << ": cannot open the batch file"
				  << std::endl;
			return mvlan::kExitFailure;
		}
	}
	return mvlan::run_batch(file == "-" ? std::cin : in, file == "-" ? "stdin" : file,
				parsed.globals,
				[](const mvlan::Request &req, std::ostream &err) {
					return mvlan::run_request(req, err);
				},
				std::cout, std::cerr);
}
