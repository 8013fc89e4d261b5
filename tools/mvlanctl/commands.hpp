// SPDX-License-Identifier: GPL-2.0
// The subcommands. Each group registers its CLI11 subcommands, whose callbacks
// store a Request, and runs that Request against the kernel.
#pragma once

#include <iosfwd>
#include <optional>

#include <CLI/CLI.hpp>

#include "request.hpp"

namespace mvlan {

// Where a subcommand callback puts what the command line asked for.
using RequestSink = std::optional<Request>;

void register_dev(CLI::App &app, RequestSink &sink);	// create delete set show
void register_source(CLI::App &app, RequestSink &sink);
void register_port(CLI::App &app, RequestSink &sink);
void register_monitor(CLI::App &app, RequestSink &sink);

void run(const CreateRequest &req);
void run(const DeleteRequest &req);
void run(const SetRequest &req);
void run(const ShowRequest &req);
void run(const SourceRequest &req);
void run(const PortShowRequest &req);
void run(const PortSetRequest &req);
void run(const MonitorRequest &req);
void run(const VersionRequest &req);

// Runs one request; returns the exit status, after printing one line on
// @err when it failed.
int run_request(const Request &req, std::ostream &err);

}  // namespace mvlan
