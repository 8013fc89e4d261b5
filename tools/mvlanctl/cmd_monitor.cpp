// SPDX-License-Identifier: GPL-2.0
// mvlanctl monitor: print the family's notifications until SIGINT/SIGTERM.
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
#include "nl.hpp"
#include "print.hpp"

namespace mvlan {

namespace {

std::optional<EventKind> event_kind(std::uint8_t cmd)
{
	switch (cmd) {
	case MVLAN_CMD_DEV_NEW_NTF:
		return EventKind::New;
	case MVLAN_CMD_DEV_DEL_NTF:
		return EventKind::Del;
	case MVLAN_CMD_DEV_CHANGE_NTF:
		return EventKind::Change;
	case MVLAN_CMD_DEV_CARRIER_NTF:
		return EventKind::Carrier;
	default:
		return std::nullopt;	// from a newer kernel: skip
	}
}

}  // namespace

void register_monitor(CLI::App &app, RequestSink &sink)
{
	auto json = std::make_shared<bool>(false);
	CLI::App *sub = app.add_subcommand(
		"monitor", "Print child events (new, del, change, carrier) until interrupted");

	sub->add_flag("--json,-j", *json, "One JSON object per line");
	sub->footer("Examples:\n"
		    "  mvlanctl monitor\n"
		    "  mvlanctl monitor --json | jq -c 'select(.event == \"carrier\")'");
	sub->callback([json, &sink] { sink = MonitorRequest{ *json }; });
}

void run(const MonitorRequest &req)
{
	int group;
	{
		nl::Socket ctl = nl::Socket::connect();
		group = ctl.resolve_group(MVLAN_MCGRP_MONITOR);
	}

	// Take SIGINT/SIGTERM through a descriptor: libnl retries reads on
	// EINTR, so a plain handler could not end a blocking receive.
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, nullptr) < 0)
		throw Error(std::string("monitor: cannot block signals: ") + std::strerror(errno));
	Fd signals(signalfd(-1, &mask, SFD_CLOEXEC));
	if (signals.get() < 0)
		throw Error(std::string("monitor: signalfd: ") + std::strerror(errno));

	nl::MonitorSocket mon(group);
	const nl::ReplyHandler print_event = [&](const nlmsghdr *nlh) {
		const auto kind = event_kind(nl::genl_cmd(nlh));
		if (!kind)
			return;
		const Event event{ *kind, nl::parse_device(nlh) };
		if (req.json)
			std::cout << to_json(event).dump() << '\n';
		else
			std::cout << render_event(event) << '\n';
		std::cout.flush();
	};

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
		if (fds[0].revents && !mon.drain(print_event))
			std::cerr << "mvlanctl: monitor: events were lost (receive buffer overrun)"
				  << std::endl;
	}
}

}  // namespace mvlan
