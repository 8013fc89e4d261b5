// SPDX-License-Identifier: GPL-2.0
// Helpers the subcommands share: name resolution, netns handles, and turning
// a kernel refusal into "<what failed>: <kernel's message>".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "error.hpp"

namespace mvlan {

// if_nametoindex() in our own network namespace. Throws
// Error("<what>: no such device: <name>").
std::uint32_t resolve_ifindex(const std::string &what, const std::string &name);

// An owned file descriptor.
class Fd {
public:
	explicit Fd(int fd) : fd_(fd) {}
	Fd(Fd &&other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
	Fd &operator=(Fd &&other) noexcept;
	Fd(const Fd &) = delete;
	Fd &operator=(const Fd &) = delete;
	~Fd();
	int get() const { return fd_; }

private:
	int fd_;
};

// The file behind a network namespace given as -n/--netns take it: a path
// (anything with a '/') as it is; a name under /run/netns, as ip-netns(8)
// names them; else a number is a PID (/proc/PID/ns/net). @exists tells
// whether /run/netns/NAME exists (stat(2) unless a test says otherwise).
std::string netns_path(const std::string &spec,
		       const std::function<bool(const std::string &)> &exists = {});
Fd open_netns(const std::string &what, const std::string &spec);
// setns(2) into @spec, as "ip -n" does: every later socket and name
// lookup happens there.
void enter_netns(const std::string &spec);

// "delete a b c", shortened when there are many names.
std::string describe_names(const std::string &verb, const std::vector<std::string> &names);

// Runs @fn; a KernelError becomes Error("<what>: <kernel's message>").
template <typename Fn>
auto with_context(const std::string &what, Fn &&fn)
{
	try {
		return fn();
	} catch (const KernelError &e) {
		throw Error(what + ": " + e.what());
	}
}

}  // namespace mvlan
