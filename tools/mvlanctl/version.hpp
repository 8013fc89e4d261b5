// SPDX-License-Identifier: GPL-2.0
#pragma once

namespace mvlan {

inline constexpr const char *kVersion = "0.2";

}  // namespace mvlan
