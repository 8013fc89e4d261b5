// SPDX-License-Identifier: GPL-2.0
// mvlanctl monitor: print the family's notifications until SIGINT/SIGTERM,
// or until nobody reads them.
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <memory>

#include <poll.h>
#include <sys/signalfd.h>

#include <linux/mvlan.h>

#include "commands.hpp"
#include "common.hpp"
#include "monitor.hpp"
#include "nl.hpp"
#include "print.hpp"

namespace mvlan {

void register_monitor(CLI::App &app, RequestSink &sink)
{
	auto req = std::make_shared<MonitorRequest>();
	CLI::App *sub = app.add_subcommand(
		"monitor", "Print child events (new, del, change, carrier) until interrupted");

	sub->add_flag("--json,-j", req->json, "One JSON object per line");
	sub->add_flag("--timestamp,-t", req->timestamps,
		      "Prefix each event with the time it was read");
	sub->add_flag("--resync", req->resync,
		      "After lost events, print every child as a 'state' event, then 'resynced'");
	sub->add_option("--rcvbuf", req->rcvbuf,
			"Socket receive buffer in bytes (default 4 MiB); a smaller grant is "
			"warned about")
		->type_name("BYTES")
		->check(IntRange(4096, 1 << 30));
	sub->footer("Examples:\n"
		    "  mvlanctl monitor -t\n"
		    "  mvlanctl -j monitor --resync | jq -c 'select(.event == \"carrier\")'");
	sub->callback([req, &sink] { sink = *req; });
}

void run(const MonitorRequest &req)
{
	int group;
	{
		nl::Socket ctl = nl::Socket::connect();
		group = ctl.resolve_group(MVLAN_MCGRP_MONITOR);
	}

	// Take SIGINT/SIGTERM through a descriptor, so that the loop ends
	// between two events, never inside one.
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, nullptr) < 0)
		throw Error(std::string("monitor: cannot block signals: ") + std::strerror(errno));
	Fd signals(signalfd(-1, &mask, SFD_CLOEXEC));
	if (signals.get() < 0)
		throw Error(std::string("monitor: signalfd: ") + std::strerror(errno));
	// A closed pipe is seen as a failed write (EPIPE), which ends the
	// monitor with one line, whether or not SIGPIPE was ignored by our
	// parent.
	std::signal(SIGPIPE, SIG_IGN);

	MonitorOptions opts;
	opts.json = req.json;
	opts.pretty = req.pretty;
	opts.timestamps = req.timestamps;
	opts.resync = req.resync;
	if (req.rcvbuf)
		opts.rcvbuf = *req.rcvbuf;

	nl::MonitorSocket mon(group, opts.rcvbuf, std::cerr);
	// Join first, list second: a change in between shows up twice, never
	// not at all.
	const ResyncFn resync = [] {
		nl::Socket sock = nl::Socket::connect();
		std::vector<Device> devs;
		with_context("monitor: resync", [&] {
			sock.dump(MVLAN_CMD_DEV_GET, [&](const nlmsghdr *nlh) {
				devs.push_back(nl::parse_device(nlh));
			});
		});
		return devs;
	};
	MonitorLoop loop(mon, std::cout, opts, resync);

	pollfd fds[] = {
		{ .fd = mon.fd(), .events = POLLIN, .revents = 0 },
		{ .fd = signals.get(), .events = POLLIN, .revents = 0 },
	};
	for (;;) {
		if (poll(fds, std::size(fds), -1) < 0) {
			if (errno == EINTR)
				continue;
			throw Error(std::string("monitor: poll: ") + std::strerror(errno));
		}
		if (fds[1].revents)
			return;		// SIGINT or SIGTERM: a normal end
		if (fds[0].revents & (POLLIN | POLLERR))
			loop.drain();
	}
}

}  // namespace mvlan
