#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make deb`: build the mvlan-dkms and mvlanctl packages from the tracked
# files of the work tree (what a clean clone has), in OUT/src, and leave the
# .deb files and the lintian report in OUT.
# The unit tests run in make check, not again here (nocheck).
# Usage: deb.sh OUT
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mkdir -p "$1" && cd "$1" && pwd)
src=$out/src
rm -rf "$src" "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$src"
git ls-files -z | xargs -0 cp --parents -t "$src"

echo "  DEB     $(cd "$src" && dpkg-parsechangelog -SVersion)"
if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log"
	echo "deb: dpkg-buildpackage failed, see $out/build.log" >&2
	exit 1
fi
# dpkg-buildpackage writes next to the source tree, that is into $out.
ls "$out"/*.deb

# Errors fail the build; warnings are listed (and explained in the docs).
lintian --fail-on error "$out"/*.changes >"$out/lintian.txt" 2>&1 || {
	cat "$out/lintian.txt"
	echo "deb: lintian found errors" >&2
	exit 1
}
[ -s "$out/lintian.txt" ] && sed 's/^/  lintian: /' "$out/lintian.txt"
exit 0
