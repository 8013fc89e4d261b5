// SPDX-License-Identifier: GPL-2.0
// Batch mode (-b FILE): one command per line, as after "mvlanctl".
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "request.hpp"

namespace mvlan {

// The words of one batch line: blanks separate, '...' and "..." quote,
// a '#' at the start of a word begins a comment. Empty: nothing to run.
// Returns nullopt (and sets @error) for an unterminated quote.
std::optional<std::vector<std::string>> split_line(const std::string &line, std::string &error);

// Runs every line of @in (named @name in messages) through @run, with
// @globals' -j/-p applied. A line that fails prints one line on @err,
// "mvlanctl: NAME:LINE: ...", and stops the batch unless @globals.force.
// Returns the exit status: 0 if every line succeeded, else the first
// failure's (2 for a usage error, 1 for a refusal).
int run_batch(std::istream &in, const std::string &name, const Globals &globals,
	      const std::function<int(const Request &, std::ostream &err)> &run,
	      std::ostream &out, std::ostream &err);

}  // namespace mvlan
