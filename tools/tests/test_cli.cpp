// SPDX-License-Identifier: GPL-2.0
// The command line is parsed into a Request without touching the kernel;
// these tests check the Request, and that bad input yields none.
#include <sstream>

#include <gtest/gtest.h>

#include <linux/mvlan.h>

#include "cli.hpp"

using namespace mvlan;

namespace {

struct Parsed {
	ParseOutcome outcome;
	std::string out;
	std::string err;
};

Parsed parse(std::vector<std::string> args)
{
	args.insert(args.begin(), "mvlanctl");
	Cli cli;
	std::ostringstream out, err;
	Parsed p{ cli.parse(args, out, err), "", "" };
	p.out = out.str();
	p.err = err.str();
	return p;
}

template <typename T>
T request_of(const std::vector<std::string> &args)
{
	const Parsed p = parse(args);
	EXPECT_EQ(p.err, "");
	EXPECT_TRUE(p.outcome.request.has_value());
	if (!p.outcome.request || !std::holds_alternative<T>(*p.outcome.request)) {
		ADD_FAILURE() << "wrong or no request";
		return T{};
	}
	return std::get<T>(*p.outcome.request);
}

// A usage error: exit 2, no request, exactly one line on stderr.
void expect_usage_error(const std::vector<std::string> &args, const std::string &needle)
{
	const Parsed p = parse(args);
	std::string joined;
	for (const auto &a : args)
		joined += a + " ";
	SCOPED_TRACE(joined);
	EXPECT_FALSE(p.outcome.request.has_value());
	EXPECT_EQ(p.outcome.exit_code, kExitUsage);
	EXPECT_EQ(p.out, "");
	ASSERT_FALSE(p.err.empty());
	EXPECT_EQ(p.err.rfind("mvlanctl: ", 0), 0u) << p.err;
	EXPECT_EQ(p.err.find('\n'), p.err.size() - 1) << p.err;
	EXPECT_NE(p.err.find(needle), std::string::npos) << p.err;
}

const Mac kMac{ 0x02, 0, 0, 0, 0, 0x01 };

}  // namespace

TEST(CliCreate, MinimalLeavesDefaultsToTheKernel)
{
	const auto req = request_of<CreateRequest>({ "create", "mv0", "--link", "eth0" });
	CreateRequest expected;
	expected.name = "mv0";
	expected.link = "eth0";
	EXPECT_EQ(req, expected);
}

TEST(CliCreate, AllOptions)
{
	const auto req = request_of<CreateRequest>(
		{ "create", "mv0", "--link", "eth0", "--mode", "source", "--mac",
		  "02:00:00:00:00:01", "--mtu", "1400", "--nopromisc", "--nodst",
		  "--bc-queue-len", "0", "--bc-cutoff", "-1", "--netns", "blue" });
	EXPECT_EQ(req.name, "mv0");
	EXPECT_EQ(req.link, "eth0");
	EXPECT_EQ(req.mode, MVLAN_MODE_SOURCE);
	EXPECT_EQ(req.mac, kMac);
	EXPECT_EQ(req.mtu, 1400u);
	EXPECT_EQ(req.flags, static_cast<std::uint32_t>(MVLAN_FLAG_NOPROMISC | MVLAN_FLAG_NODST));
	EXPECT_EQ(req.bc_queue_len, 0u);
	EXPECT_EQ(req.bc_cutoff, -1);
	EXPECT_EQ(req.netns, "blue");
	EXPECT_FALSE(req.count);
}

TEST(CliCreate, Tap)
{
	EXPECT_FALSE(request_of<CreateRequest>({ "create", "t0", "--link", "eth0" }).tap);
	const auto req = request_of<CreateRequest>(
		{ "create", "t0", "--link", "eth0", "--tap", "--mode", "bridge" });
	EXPECT_TRUE(req.tap);
	EXPECT_EQ(req.mode, MVLAN_MODE_BRIDGE);
	expect_usage_error({ "create", "t0", "--link", "eth0", "--tap=maybe" }, "--tap");
}

TEST(CliCreate, Batch)
{
	const auto req = request_of<CreateRequest>(
		{ "create", "--count", "4096", "--prefix", "mvb", "--link", "eth0", "-m", "bridge" });
	EXPECT_EQ(req.name, "mvb");
	EXPECT_EQ(req.count, 4096u);
	EXPECT_EQ(req.mode, MVLAN_MODE_BRIDGE);
}

TEST(CliCreate, Rejections)
{
	expect_usage_error({ "create", "mv0" }, "--link is required");
	expect_usage_error({ "create", "--link", "eth0" }, "NAME");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--mode", "bridged" },
			   "unknown mode 'bridged'");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--mac", "01:00:5e:00:00:01" },
			   "multicast");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--mac", "00:00:00:00:00:00" },
			   "00:00:00:00:00:00");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--mac", "02:00:00:00:00" },
			   "invalid MAC address");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--mtu", "67" }, "out of range");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--mtu", "65536" },
			   "out of range");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--mtu", "1e3" },
			   "not a whole number");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--bc-queue-len", "65537" },
			   "out of range");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--bc-queue-len", "-1" },
			   "out of range");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--bc-cutoff", "2147483648" },
			   "out of range");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--netns", ".." },
			   "network namespace");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--source", "02:00:00:00:00:01" },
			   "--mode source");
	expect_usage_error({ "create", "mv0", "--link", "eth0", "--mode", "source", "--source",
			     "01:00:00:00:00:01" },
			   "multicast");
	expect_usage_error({ "create", "a234567890123456", "--link", "eth0" }, "too long");
	expect_usage_error({ "create", "mv0", "--link", "a234567890123456" }, "too long");
}

TEST(CliCreate, BatchRejections)
{
	expect_usage_error({ "create", "--count", "3", "--link", "eth0" }, "--prefix");
	expect_usage_error({ "create", "--prefix", "p", "--link", "eth0" }, "--count");
	expect_usage_error({ "create", "--count", "0", "--prefix", "p", "--link", "eth0" },
			   "out of range");
	expect_usage_error({ "create", "--count", "4097", "--prefix", "p", "--link", "eth0" },
			   "out of range");
	expect_usage_error({ "create", "mv0", "--count", "3", "--prefix", "p", "--link", "eth0" },
			   "not both");
	// 11 + 4 digits ("4095") = 15 fits; 12 + 4 does not.
	EXPECT_EQ(request_of<CreateRequest>({ "create", "--count", "4096", "--prefix",
					      "abcdefghijk", "--link", "eth0" })
			  .count,
		  4096u);
	expect_usage_error({ "create", "--count", "4096", "--prefix", "abcdefghijkl", "--link",
			     "eth0" },
			   "abcdefghijkl4095");
	expect_usage_error({ "create", "--count", "2", "--prefix", "p", "--link", "eth0", "--mac",
			     "02:00:00:00:00:01" },
			   "--mac");
}

TEST(CliDelete, OneOrMany)
{
	EXPECT_EQ(request_of<DeleteRequest>({ "delete", "mv0" }).names,
		  std::vector<std::string>{ "mv0" });
	EXPECT_EQ(request_of<DeleteRequest>({ "delete", "mv0", "mv1", "mv2" }).names,
		  (std::vector<std::string>{ "mv0", "mv1", "mv2" }));
	expect_usage_error({ "delete" }, "required");
	expect_usage_error({ "delete", "mv0", "mv0" }, "twice");
	expect_usage_error({ "delete", "a234567890123456" }, "too long");
}

TEST(CliSet, FlagsAndValues)
{
	auto req = request_of<SetRequest>({ "set", "mv0", "--nopromisc" });
	EXPECT_EQ(req.promisc, false);
	EXPECT_FALSE(req.dst);
	EXPECT_TRUE(req.changes_flags());

	req = request_of<SetRequest>({ "set", "mv0", "--promisc", "--nodst" });
	EXPECT_EQ(req.promisc, true);
	EXPECT_EQ(req.dst, false);

	req = request_of<SetRequest>({ "set", "mv0", "--mode", "private", "--bc-cutoff", "3" });
	EXPECT_EQ(req.mode, MVLAN_MODE_PRIVATE);
	EXPECT_EQ(req.bc_cutoff, 3);
	EXPECT_FALSE(req.changes_flags());

	req = request_of<SetRequest>({ "set", "mv0", "--mac", "02:00:00:00:00:01",
				       "--bc-queue-len", "4000" });
	EXPECT_EQ(req.mac, kMac);
	EXPECT_EQ(req.bc_queue_len, 4000u);
}

TEST(CliSet, Rejections)
{
	expect_usage_error({ "set", "mv0" }, "nothing to change");
	expect_usage_error({ "set", "mv0", "--promisc", "--nopromisc" }, "excludes");
	expect_usage_error({ "set", "mv0", "--dst", "--nodst" }, "excludes");
	expect_usage_error({ "set", "mv0", "--mode", "nat" }, "unknown mode");
	expect_usage_error({ "set", "--mode", "vepa" }, "required");
}

TEST(CliShow, NameAndJson)
{
	EXPECT_EQ(request_of<ShowRequest>({ "show" }), ShowRequest{});
	const auto req = request_of<ShowRequest>({ "show", "mv0", "--json" });
	EXPECT_EQ(req.name, "mv0");
	EXPECT_TRUE(req.json);
	expect_usage_error({ "show", "mv0", "mv1" }, "not expected");
}

TEST(CliSource, Operations)
{
	auto req = request_of<SourceRequest>(
		{ "source", "mv0", "add", "02:00:00:00:00:01", "02:00:00:00:00:02" });
	EXPECT_EQ(req.name, "mv0");
	EXPECT_EQ(req.op, static_cast<std::uint32_t>(MVLAN_SOURCE_ADD));
	ASSERT_EQ(req.macs.size(), 2u);
	EXPECT_EQ(req.macs[0], kMac);

	EXPECT_EQ(request_of<SourceRequest>({ "source", "mv0", "del", "02:00:00:00:00:01" }).op,
		  static_cast<std::uint32_t>(MVLAN_SOURCE_DEL));
	EXPECT_EQ(request_of<SourceRequest>({ "source", "mv0", "set", "02:00:00:00:00:01" }).op,
		  static_cast<std::uint32_t>(MVLAN_SOURCE_SET));
	req = request_of<SourceRequest>({ "source", "mv0", "flush" });
	EXPECT_EQ(req.op, static_cast<std::uint32_t>(MVLAN_SOURCE_FLUSH));
	EXPECT_TRUE(req.macs.empty());
}

TEST(CliSource, Rejections)
{
	expect_usage_error({ "source", "mv0", "add" }, "at least one MAC");
	expect_usage_error({ "source", "mv0", "set" }, "flush");
	expect_usage_error({ "source", "mv0", "flush", "02:00:00:00:00:01" }, "no MAC");
	expect_usage_error({ "source", "mv0", "add", "01:00:00:00:00:01" }, "multicast");
	expect_usage_error({ "source", "mv0", "replace", "02:00:00:00:00:01" },
			   "unknown operation 'replace'");
	expect_usage_error({ "source" }, "required");
}

TEST(CliPort, Show)
{
	EXPECT_EQ(request_of<PortShowRequest>({ "port", "show" }), PortShowRequest{});
	const auto req = request_of<PortShowRequest>({ "port", "show", "eth0", "-j" });
	EXPECT_EQ(req.lower, "eth0");
	EXPECT_TRUE(req.json);
	expect_usage_error({ "port" }, "required");
	EXPECT_EQ(request_of<PortShowRequest>({ "port", "ls" }), PortShowRequest{});
	EXPECT_EQ(request_of<PortShowRequest>({ "port", "list" }), PortShowRequest{});
	expect_usage_error({ "port", "frob" }, "subcommand is required");
}

TEST(CliPort, Set)
{
	auto req = request_of<PortSetRequest>({ "port", "set", "eth0", "--host-access", "on" });
	EXPECT_EQ(req.lower, "eth0");
	EXPECT_EQ(req.host_access, true);
	req = request_of<PortSetRequest>({ "port", "set", "eth0", "--host-access=off" });
	EXPECT_EQ(req.host_access, false);
	expect_usage_error({ "port", "set", "eth0" }, "nothing to change");
	expect_usage_error({ "port", "set", "eth0", "--host-access", "yes" }, "host-access");
	expect_usage_error({ "port", "set", "eth0", "--host-access" }, "host-access");
	expect_usage_error({ "port", "set", "--host-access", "on" }, "lower");
}

TEST(CliMonitor, Json)
{
	EXPECT_FALSE(request_of<MonitorRequest>({ "monitor" }).json);
	EXPECT_TRUE(request_of<MonitorRequest>({ "monitor", "--json" }).json);
}

TEST(CliTop, HelpVersionAndUnknown)
{
	Parsed p = parse({ "--help" });
	EXPECT_EQ(p.outcome.exit_code, kExitOk);
	EXPECT_FALSE(p.outcome.request);
	EXPECT_NE(p.out.find("create"), std::string::npos);

	p = parse({ "create", "--help" });
	EXPECT_EQ(p.outcome.exit_code, kExitOk);
	EXPECT_FALSE(p.outcome.request);
	EXPECT_NE(p.out.find("Examples:"), std::string::npos);
	EXPECT_NE(p.out.find("--bc-cutoff"), std::string::npos);

	for (const char *sub : { "delete", "set", "show", "source", "monitor" }) {
		p = parse({ sub, "--help" });
		EXPECT_NE(p.out.find("Examples:"), std::string::npos) << sub;
	}
	p = parse({ "port", "show", "--help" });
	EXPECT_NE(p.out.find("Examples:"), std::string::npos);

	p = parse({ "--version" });
	EXPECT_EQ(p.outcome.exit_code, kExitOk);
	EXPECT_NE(p.out.find("mvlanctl "), std::string::npos);

	expect_usage_error({}, "subcommand is required");
	expect_usage_error({ "frobnicate" }, "unknown command 'frobnicate'");
	expect_usage_error({ "show", "--frob" }, "--frob");
}

// iproute2 conventions: aliases, global options before or after the command.
TEST(CliConventions, Aliases)
{
	EXPECT_EQ(request_of<CreateRequest>({ "add", "mv0", "--link", "eth0" }),
		  request_of<CreateRequest>({ "create", "mv0", "--link", "eth0" }));
	EXPECT_EQ(request_of<DeleteRequest>({ "del", "mv0" }).names,
		  std::vector<std::string>{ "mv0" });
	EXPECT_EQ(request_of<SetRequest>({ "change", "mv0", "--mode", "private" }).mode,
		  static_cast<std::uint32_t>(MVLAN_MODE_PRIVATE));
	for (const char *verb : { "show", "list", "ls" })
		EXPECT_EQ(request_of<ShowRequest>({ verb }), ShowRequest{}) << verb;
	EXPECT_EQ(request_of<VersionRequest>({ "version" }), VersionRequest{});
}

TEST(CliConventions, GlobalJsonPrettyAnywhere)
{
	ShowRequest want;
	want.json = true;
	EXPECT_EQ(request_of<ShowRequest>({ "-j", "show" }), want);
	EXPECT_EQ(request_of<ShowRequest>({ "show", "-j" }), want);
	EXPECT_EQ(request_of<ShowRequest>({ "--json", "ls" }), want);
	want.pretty = true;
	EXPECT_EQ(request_of<ShowRequest>({ "-j", "-p", "show" }), want);
	EXPECT_TRUE(request_of<PortShowRequest>({ "-j", "port", "show" }).json);
	EXPECT_TRUE(request_of<MonitorRequest>({ "-j", "monitor" }).json);
	EXPECT_TRUE(request_of<CreateRequest>({ "-j", "add", "a", "--link", "b" }).json);
	EXPECT_TRUE(request_of<VersionRequest>({ "-j", "version" }).json);
}

TEST(CliConventions, NamespaceAndBatchGlobals)
{
	Parsed p = parse({ "-n", "blue", "show" });
	EXPECT_EQ(p.outcome.globals.netns, "blue");
	EXPECT_TRUE(p.outcome.request);
	p = parse({ "show", "-n", "/proc/1/ns/net" });
	EXPECT_EQ(p.outcome.globals.netns, "/proc/1/ns/net");

	p = parse({ "-b", "cmds.txt" });
	EXPECT_FALSE(p.outcome.request);
	EXPECT_TRUE(p.outcome.has_work());
	EXPECT_EQ(p.outcome.globals.batch, "cmds.txt");
	EXPECT_FALSE(p.outcome.globals.force);
	p = parse({ "-force", "-b", "-" });
	EXPECT_TRUE(p.outcome.globals.force);
	EXPECT_EQ(p.outcome.globals.batch, "-");

	expect_usage_error({ "-b", "x", "show" }, "from FILE");
	expect_usage_error({ "-force", "show" }, "batch mode");
}

TEST(CliConventions, ShowLinkFilter)
{
	ShowRequest want;
	want.link = "eth0";
	EXPECT_EQ(request_of<ShowRequest>({ "show", "--link", "eth0" }), want);
	EXPECT_EQ(request_of<ShowRequest>({ "ls", "-l", "eth0" }), want);
	expect_usage_error({ "show", "mv0", "--link", "eth0" }, "excludes");
}

TEST(CliConventions, CreateWithSourceMacs)
{
	const auto req = request_of<CreateRequest>({ "create", "s0", "--link", "eth0", "--mode",
						     "source", "--source", "02:00:00:00:00:01",
						     "--source", "02:00:00:00:00:02,02:00:00:00:00:03" });
	ASSERT_EQ(req.sources.size(), 3u);
	EXPECT_EQ(req.sources[0], kMac);
	EXPECT_EQ(req.sources[2], (Mac{ 2, 0, 0, 0, 0, 3 }));
}

TEST(CliConventions, MonitorOptions)
{
	MonitorRequest want;
	want.timestamps = true;
	want.resync = true;
	want.rcvbuf = 65536;
	EXPECT_EQ(request_of<MonitorRequest>({ "monitor", "-t", "--resync", "--rcvbuf", "65536" }),
		  want);
	expect_usage_error({ "monitor", "--rcvbuf", "10" }, "out of range");
}

TEST(CliConventions, HelpCommand)
{
	Parsed p = parse({ "help" });
	EXPECT_EQ(p.outcome.exit_code, kExitOk);
	EXPECT_FALSE(p.outcome.has_work());
	EXPECT_NE(p.out.find("aliases"), std::string::npos);
	p = parse({ "help", "create" });
	EXPECT_NE(p.out.find("--source"), std::string::npos);
	p = parse({ "help", "port", "show" });
	EXPECT_NE(p.out.find("LOWER"), std::string::npos);
	expect_usage_error({ "help", "frob" }, "unknown command 'frob'");
	p = parse({ "--help" });
	for (const char *word : { "-j", "-p", "-n", "-b", "-force" })
		EXPECT_NE(p.out.find(word), std::string::npos) << word;
}
