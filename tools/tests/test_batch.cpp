// SPDX-License-Identifier: GPL-2.0
// Batch mode: lines are parsed like command lines and run in order; the
// first failure stops the batch unless -force.
#include <sstream>

#include <gtest/gtest.h>

#include "batch.hpp"
#include "cli.hpp"

using namespace mvlan;

namespace {

struct Result {
	int status;
	std::vector<Request> ran;
	std::string err;
};

// Runs @text; the fake runner fails every "delete" with one line.
Result batch(const std::string &text, Globals globals = {})
{
	std::istringstream in(text);
	std::ostringstream out, err;
	Result r{ 0, {}, {} };
	r.status = run_batch(in, "f", globals,
			     [&](const Request &req, std::ostream &e) {
				     r.ran.push_back(req);
				     if (std::holds_alternative<DeleteRequest>(req)) {
					     e << "mvlanctl: delete x: No such device" << std::endl;
					     return kExitFailure;
				     }
				     return kExitOk;
			     },
			     out, err);
	r.err = err.str();
	return r;
}

}  // namespace

TEST(Batch, SplitLine)
{
	std::string error;
	EXPECT_EQ(*split_line("  create mv0\t--link eth0  ", error),
		  (std::vector<std::string>{ "create", "mv0", "--link", "eth0" }));
	EXPECT_EQ(*split_line("show # a comment", error), std::vector<std::string>{ "show" });
	EXPECT_TRUE(split_line("# only a comment", error)->empty());
	EXPECT_EQ(*split_line("a 'b c' \"d#e\"", error),
		  (std::vector<std::string>{ "a", "b c", "d#e" }));
	EXPECT_FALSE(split_line("a 'b", error));
	EXPECT_NE(error.find("unterminated"), std::string::npos);
}

TEST(Batch, RunsEveryLineInOrderWithGlobals)
{
	Globals g;
	g.json = true;
	const Result r = batch("create a --link l\n\n# comment\nshow\nport show\n", g);
	EXPECT_EQ(r.status, kExitOk);
	ASSERT_EQ(r.ran.size(), 3u);
	EXPECT_EQ(std::get<CreateRequest>(r.ran[0]).name, "a");
	EXPECT_TRUE(std::get<ShowRequest>(r.ran[1]).json);
	EXPECT_TRUE(std::get<PortShowRequest>(r.ran[2]).json);
	EXPECT_EQ(r.err, "");
}

TEST(Batch, StopsAtTheFirstFailureWithItsLine)
{
	const Result r = batch("show\ndelete x\nshow\n");
	EXPECT_EQ(r.status, kExitFailure);
	EXPECT_EQ(r.ran.size(), 2u);
	EXPECT_EQ(r.err, "mvlanctl: f:2: delete x: No such device\n");
}

TEST(Batch, ForceGoesOnAndKeepsTheFirstStatus)
{
	Globals g;
	g.force = true;
	const Result r = batch("frob\ndelete x\nshow\n", g);
	EXPECT_EQ(r.status, kExitUsage);
	EXPECT_EQ(r.ran.size(), 2u);
	EXPECT_NE(r.err.find("mvlanctl: f:1: unknown command 'frob'"), std::string::npos) << r.err;
	EXPECT_NE(r.err.find("mvlanctl: f:2: delete x"), std::string::npos) << r.err;
}

TEST(Batch, LinesCannotNestBatchOrNamespace)
{
	const Result r = batch("-b other\n");
	EXPECT_EQ(r.status, kExitUsage);
	EXPECT_TRUE(r.ran.empty());
	EXPECT_NE(r.err.find("f:1: -b, -n and -force"), std::string::npos) << r.err;
	EXPECT_EQ(batch("-n blue show\n").status, kExitUsage);
	EXPECT_EQ(batch("show 'unterminated\n").status, kExitUsage);
}
