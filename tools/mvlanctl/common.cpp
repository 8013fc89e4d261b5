// SPDX-License-Identifier: GPL-2.0
#include "common.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <net/if.h>
#include <unistd.h>

namespace mvlan {

std::uint32_t resolve_ifindex(const std::string &what, const std::string &name)
{
	const unsigned int ifindex = if_nametoindex(name.c_str());
	if (ifindex)
		return ifindex;
	if (errno == ENODEV || errno == ENXIO)
		throw Error(what + ": no such device: " + name);
	throw Error(what + ": cannot look up " + name + ": " + std::strerror(errno));
}

Fd &Fd::operator=(Fd &&other) noexcept
{
	if (this != &other) {
		if (fd_ >= 0)
			close(fd_);
		fd_ = std::exchange(other.fd_, -1);
	}
	return *this;
}

Fd::~Fd()
{
	if (fd_ >= 0)
		close(fd_);
}

std::string netns_path(const std::string &spec,
		       const std::function<bool(const std::string &)> &exists)
{
	if (spec.find('/') != std::string::npos)
		return spec;
	const std::string named = "/run/netns/" + spec;
	const auto present = [&](const std::string &path) {
		if (exists)
			return exists(path);
		struct stat st;
		return stat(path.c_str(), &st) == 0;
	};
	const bool digits = !spec.empty() &&
			    spec.find_first_not_of("0123456789") == std::string::npos;
	if (!digits || present(named))
		return named;
	return "/proc/" + spec + "/ns/net";
}

Fd open_netns(const std::string &what, const std::string &spec)
{
	const std::string path = netns_path(spec);
	const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		throw Error(what + ": cannot open network namespace " + spec +
			    (path != spec ? " (" + path + ")" : std::string()) + ": " +
			    std::strerror(errno));
	return Fd(fd);
}

void enter_netns(const std::string &spec)
{
	const Fd fd = open_netns("-n " + spec, spec);
	if (setns(fd.get(), CLONE_NEWNET) < 0)
		throw Error("-n " + spec + ": cannot enter the network namespace: " +
			    std::strerror(errno));
}

std::string describe_names(const std::string &verb, const std::vector<std::string> &names)
{
	constexpr std::size_t kShown = 4;
	std::string out = verb;
	for (std::size_t i = 0; i < names.size() && i < kShown; i++)
		out += " " + names[i];
	if (names.size() > kShown)
		out += " ... (" + std::to_string(names.size()) + " devices)";
	return out;
}

}  // namespace mvlan
