// SPDX-License-Identifier: GPL-2.0
#pragma once

#include <stdexcept>
#include <string>

namespace mvlan {

// A failure whose message is complete: main prints "mvlanctl: <what()>".
class Error : public std::runtime_error {
public:
	using std::runtime_error::runtime_error;
};

// The kernel refused a request. what() is its extack message, or strerror
// when it gave none; commands prefix it with what they were doing.
class KernelError : public std::runtime_error {
public:
	KernelError(int err, const std::string &message)
		: std::runtime_error(message), err_(err)
	{
	}
	int error() const { return err_; }	// positive errno

private:
	int err_;
};

}  // namespace mvlan
