// SPDX-License-Identifier: GPL-2.0
#include "monitor.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>
#include <ostream>

#include <fmt/format.h>
#include <sys/time.h>

#include <linux/mvlan.h>
#include <linux/netlink.h>

#include "error.hpp"
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
	case MVLAN_CMD_PORT_CHANGE_NTF:
		return EventKind::PortChange;
	default:
		return std::nullopt;	// from a newer kernel: skip
	}
}

}  // namespace

std::string timestamp_now()
{
	timeval tv{};
	gettimeofday(&tv, nullptr);
	tm local{};
	localtime_r(&tv.tv_sec, &local);
	char date[32], zone[8];
	std::strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &local);
	std::strftime(zone, sizeof(zone), "%z", &local);
	return fmt::format("{}.{:06}{}", date, tv.tv_usec, zone);
}

MonitorLoop::MonitorLoop(nl::Transport &source, std::ostream &out, const MonitorOptions &opts,
			 ResyncFn resync, ClockFn clock)
	: source_(source), out_(out), opts_(opts), resync_(std::move(resync)),
	  clock_(std::move(clock))
{
}

void MonitorLoop::emit(const Event &event)
{
	errno = 0;
	Event stamped = event;
	if (opts_.timestamps && clock_)
		stamped.timestamp = clock_();
	if (opts_.json)
		out_ << dump_json(to_json(stamped), opts_.pretty) << '\n';
	else
		out_ << render_event(stamped) << '\n';
	out_.flush();
	// Whoever read our output is gone (EPIPE with SIGPIPE ignored, or a
	// full disk): there is no one left to monitor for.
	if (!out_)
		throw Error("monitor: cannot write to standard output" +
			    (errno ? std::string(": ") + std::strerror(errno) : std::string()));
	events_++;
}

void MonitorLoop::lost()
{
	losses_++;
	emit(Event(EventKind::Lost));
	if (!opts_.resync || !resync_)
		return;
	const std::vector<Device> devs = resync_();
	for (const auto &dev : devs)
		emit(Event(EventKind::State, dev));
	emit(Event(EventKind::Resynced, {}, devs.size()));
}

void MonitorLoop::handle(const nlmsghdr *nlh)
{
	if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
		return;		// NOOP, ERROR, DONE: nothing to print
	const auto kind = event_kind(nl::genl_cmd(nlh));
	if (kind == EventKind::PortChange)
		emit(Event(*kind, nl::parse_port(nlh)));
	else if (kind)
		emit(Event(*kind, nl::parse_device(nlh)));
}

void MonitorLoop::drain()
{
	for (;;) {
		const int ret = source_.receive(buf_);
		if (ret == -EAGAIN || ret == -EWOULDBLOCK)
			return;		// everything queued was read
		if (ret == -EINTR)
			continue;
		if (ret == -ENOBUFS) {
			// The kernel dropped notifications; the socket is usable.
			lost();
			continue;
		}
		if (ret < 0)
			throw Error(std::string("monitor: cannot read notifications: ") +
				    std::strerror(-ret));
		auto *nlh = reinterpret_cast<const nlmsghdr *>(buf_.data());
		int rem = static_cast<int>(buf_.size());
		for (; NLMSG_OK(nlh, rem); nlh = NLMSG_NEXT(nlh, rem))
			handle(nlh);
	}
}

}  // namespace mvlan
