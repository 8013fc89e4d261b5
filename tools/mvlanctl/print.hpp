// SPDX-License-Identifier: GPL-2.0
// One rendering path for text and JSON, from the same structs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model.hpp"

namespace mvlan {

// Keys keep the order they are written in, so the output reads like the table.
using Json = nlohmann::ordered_json;

Json to_json(const Device &dev);
Json to_json(const Port &port);
Json to_json(const Event &event);
// One line, or indented with -p.
std::string dump_json(const Json &j, bool pretty);

// The version of the JSON output documented in mvlanctl(8): 2 added the
// ip(8) keys (ifname, address, operstate) beside the old ones and null for
// values the kernel did not send.
inline constexpr int kJsonSchema = 2;

// Aligned tables; @detail adds per-device lines (source MACs, counters).
std::string render_devices(const std::vector<Device> &devs, bool detail);
std::string render_ports(const std::vector<Port> &ports, bool detail);
// One line, no newline: "new mv0 link eth0 mode bridge mac ...".
std::string render_event(const Event &event);

std::string event_name(EventKind kind);
// The lower's name, or "if<N>" when the kernel could not name it.
std::string link_label(const Device &dev);
// The character device of a tap child, "/dev/tapN"; none for other children.
std::optional<std::string> tap_device(const Device &dev);

}  // namespace mvlan
