// SPDX-License-Identifier: GPL-2.0
// mvlanctl version, and running one request.
#include <iostream>

#include <linux/mvlan.h>

#include "cli.hpp"
#include "commands.hpp"
#include "print.hpp"
#include "version.hpp"

namespace mvlan {

void run(const VersionRequest &req)
{
	if (!req.json) {
		std::cout << "mvlanctl " << kVersion << " (generic netlink family "
			  << MVLAN_FAMILY_NAME << " version " << MVLAN_FAMILY_VERSION
			  << ", JSON schema " << kJsonSchema << ")" << std::endl;
		return;
	}
	Json j;
	j["version"] = kVersion;
	j["family"] = MVLAN_FAMILY_NAME;
	j["family_version"] = MVLAN_FAMILY_VERSION;
	j["json_schema"] = kJsonSchema;
	std::cout << dump_json(j, req.pretty) << std::endl;
}

int run_request(const Request &req, std::ostream &err)
{
	try {
		std::visit([](const auto &r) { run(r); }, req);
	} catch (const std::exception &e) {
		// Error, or a KernelError outside any context: one line either way.
		err << "mvlanctl: " << e.what() << std::endl;
		return kExitFailure;
	}
	return kExitOk;
}

}  // namespace mvlan
