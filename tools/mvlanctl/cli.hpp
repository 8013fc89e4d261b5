// SPDX-License-Identifier: GPL-2.0
// The whole command line: builds the CLI11 app and turns argv into a Request.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace mvlan {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;	// the kernel or the system said no
constexpr int kExitUsage = 2;	// the command line is wrong

struct ParseOutcome {
	std::optional<Request> request;	// set when there is one command to run
	Globals globals;		// -j -p -n -b -force
	int exit_code = kExitOk;	// no request and no batch: exit with this
	bool has_work() const { return request || globals.batch; }
};

class Cli {
public:
	Cli();
	Cli(const Cli &) = delete;
	Cli &operator=(const Cli &) = delete;

	// @args includes the program name. Help and --version go to @out; a
	// usage error is one line on @err. Nothing is sent to the kernel.
	// @in_batch: a line of a batch file, where -b, -n and -force are not
	// allowed.
	ParseOutcome parse(const std::vector<std::string> &args, std::ostream &out,
			   std::ostream &err, bool in_batch = false);

	CLI::App &app() { return app_; }

private:
	CLI::App app_;
	RequestSink request_;
	Globals globals_;
	CLI::App *help_ = nullptr;
	std::vector<std::string> help_topic_;
};

}  // namespace mvlan
