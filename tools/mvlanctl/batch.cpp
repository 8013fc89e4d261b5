// SPDX-License-Identifier: GPL-2.0
#include "batch.hpp"

#include <istream>
#include <sstream>

#include "cli.hpp"

namespace mvlan {

std::optional<std::vector<std::string>> split_line(const std::string &line, std::string &error)
{
	std::vector<std::string> words;
	std::string word;
	bool in_word = false;
	char quote = 0;

	for (const char c : line) {
		if (quote) {
			if (c == quote)
				quote = 0;
			else
				word += c;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			if (in_word)
				words.push_back(std::move(word));
			word.clear();
			in_word = false;
			continue;
		}
		if (c == '#' && !in_word)
			break;
		if (c == '\'' || c == '"')
			quote = c;
		else
			word += c;
		in_word = true;
	}
	if (quote) {
		error = std::string("unterminated ") + quote + " quote";
		return std::nullopt;
	}
	if (in_word)
		words.push_back(std::move(word));
	return words;
}

int run_batch(std::istream &in, const std::string &name, const Globals &globals,
	      const std::function<int(const Request &, std::ostream &err)> &run,
	      std::ostream &out, std::ostream &err)
{
	int status = kExitOk;
	std::string line;

	for (unsigned int lineno = 1; std::getline(in, line); lineno++) {
		const std::string where = name + ":" + std::to_string(lineno) + ": ";
		// Every message of this line is "mvlanctl: FILE:N: ...".
		std::ostringstream line_err;
		int ret;

		std::string error;
		const auto words = split_line(line, error);
		if (!words) {
			line_err << "mvlanctl: " << error << std::endl;
			ret = kExitUsage;
		} else if (words->empty()) {
			continue;
		} else {
			std::vector<std::string> args{ "mvlanctl" };
			args.insert(args.end(), words->begin(), words->end());
			Cli cli;
			ParseOutcome parsed = cli.parse(args, out, line_err, true);
			if (parsed.request) {
				apply_globals(*parsed.request, globals);
				ret = run(*parsed.request, line_err);
			} else {
				ret = parsed.exit_code;
			}
		}
		std::istringstream lines(line_err.str());
		for (std::string msg; std::getline(lines, msg);) {
			constexpr std::string_view prefix = "mvlanctl: ";
			if (msg.rfind(prefix, 0) == 0)
				msg = std::string(prefix) + where + msg.substr(prefix.size());
			err << msg << std::endl;
		}
		if (ret != kExitOk) {
			if (status == kExitOk)
				status = ret;
			if (!globals.force)
				break;
		}
	}
	return status;
}

}  // namespace mvlan
