// SPDX-License-Identifier: GPL-2.0
// The monitor's receive loop, apart from poll() and signals so the unit
// tests drive it with a fake socket: every queued datagram is read on each
// wakeup, a loss (ENOBUFS) becomes an in-band "lost" event (and, with
// resync, a fresh listing), and a closed output ends it.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "model.hpp"
#include "nl.hpp"

namespace mvlan {

struct MonitorOptions {
	bool json = false;
	bool pretty = false;
	bool timestamps = false;	// -t
	bool resync = false;		// after a loss, list the children again
	int rcvbuf = 4 * 1024 * 1024;	// bytes of socket receive buffer
	bool operator==(const MonitorOptions &) const = default;
};

// The current children, for --resync.
using ResyncFn = std::function<std::vector<Device>()>;
// The timestamp of an event, as printed by -t.
using ClockFn = std::function<std::string()>;

// Local time with microseconds: 2026-12-01T05:47:10.123456+0000.
std::string timestamp_now();

class MonitorLoop {
public:
	MonitorLoop(nl::Transport &source, std::ostream &out, const MonitorOptions &opts,
		    ResyncFn resync = {}, ClockFn clock = timestamp_now);

	// Reads until the socket is empty (-EAGAIN), printing every event.
	// Throws Error when reading fails or the output is closed (EPIPE).
	void drain();

	// Prints one event; the same checks as drain().
	void emit(const Event &event);

	std::uint64_t events() const { return events_; }
	std::uint64_t losses() const { return losses_; }

private:
	void handle(const nlmsghdr *nlh);
	void lost();

	nl::Transport &source_;
	std::ostream &out_;
	MonitorOptions opts_;
	ResyncFn resync_;
	ClockFn clock_;
	std::vector<std::uint8_t> buf_;
	std::uint64_t events_ = 0;
	std::uint64_t losses_ = 0;
};

}  // namespace mvlan
