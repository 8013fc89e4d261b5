#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the debug kernel for `make check-debug`: Debian's 6.12
# source, x86_64 allnoconfig + selftests/debug/debug.config, KASAN, lockdep,
# kmemleak, UBSAN. The tree lives outside the repository, in
#   ${MVLAN_DEBUG_CACHE:-~/.cache/mvlan/debug-kernel}/<hash>/
# where <hash> covers the fragment, the source tarball, this script and the
# compiler, so any change to them rebuilds from scratch. Older trees are
# removed after a successful build.
#
# Usage: build-kernel.sh [--tarball PATH] [--jobs N]
# Prints, on the last line of stdout, three words: the kernel release, the
# built tree (for `make -C TREE M=...` and its bzImage) and the modules root
# (for `modprobe -d`). Progress goes to stderr.
set -euo pipefail
# A fresh make, whatever make (and -j) runs this script.
unset MAKEFLAGS MFLAGS MAKELEVEL

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug.config
tarball=${SRC_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
jobs=${DEBUG_KERNEL_JOBS:-2}
cache=${MVLAN_DEBUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mvlan/debug-kernel}
while [ $# -gt 0 ]; do
	case "$1" in
	--tarball) tarball=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	*) echo "build-kernel.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[ -r "$tarball" ] || { echo "build-kernel.sh: no kernel source $tarball (make deps)" >&2; exit 2; }
log() { echo "  DEBUGK  $*" >&2; }

# Hashing the 150 MB tarball takes about a second.
tar_sha=$(sha256sum "$tarball" | cut -d' ' -f1)
hash=$({
	cat "$fragment" "$0"
	echo "$tar_sha"
	gcc --version | head -n1
} | sha256sum | cut -c1-16)
dir=$cache/$hash
tree=$dir/src
mods=$dir/mod

mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9

if [ -f "$dir/.done" ]; then
	log "reusing $dir ($(cat "$dir/build-time.txt" 2>/dev/null || echo '?'))"
	echo "$(cat "$dir/.done") $tree $mods"
	exit 0
fi

start=$(date +%s)
rm -rf "$dir"
mkdir -p "$tree"
log "extracting $(basename "$tarball") into $dir"
tar -xJf "$tarball" -C "$tree" --strip-components=1
echo "$tar_sha  $tarball" >"$dir/tarball.sha256"
cp "$fragment" "$dir/debug.config"

kmake() { make --no-print-directory -C "$tree" ARCH=x86_64 "$@"; }
log "configuring: allnoconfig + debug.config"
kmake -s allnoconfig >&2
(cd "$tree" && ARCH=x86_64 scripts/kconfig/merge_config.sh -n .config "$fragment") \
	>"$dir/merge_config.log" 2>&1 || { cat "$dir/merge_config.log" >&2; exit 1; }
kmake -s olddefconfig >&2

# Every option of the fragment must be in the final .config as written.
missing=()
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$tree/.config" || missing+=("$line") ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }; sym=${sym%% *}
		grep -q "^$sym=" "$tree/.config" && missing+=("$line") ;;
	esac
done <"$fragment"
if [ ${#missing[@]} -gt 0 ]; then
	echo "build-kernel.sh: these debug.config options did not take effect:" >&2
	for line in "${missing[@]}"; do
		sym=${line#\# }; sym=${sym%%[= ]*}
		echo "  wanted: $line   got: $(grep -E "^$sym=|^# $sym is not set" \
			"$tree/.config" || echo "(absent: unknown or unmet dependencies)")" >&2
	done
	exit 1
fi

log "building bzImage + modules (nice -n 19 make -j$jobs), log in $dir/build.log"
if ! nice -n 19 make -C "$tree" ARCH=x86_64 -j"$jobs" all >"$dir/build.log" 2>&1; then
	tail -n 40 "$dir/build.log" >&2
	exit 1
fi
# modules.builtin.bin lets `modprobe -d $mods` answer "builtin" for the
# drivers the harness would otherwise insmod.
kmake -s INSTALL_MOD_PATH="$mods" modules_install >"$dir/modules_install.log" 2>&1 ||
	{ cat "$dir/modules_install.log" >&2; exit 1; }
krel=$(kmake -s kernelrelease)

secs=$(($(date +%s) - start))
echo "built in ${secs}s wall, -j$jobs, $(date -u +%FT%TZ)" >"$dir/build-time.txt"
log "built $krel in ${secs}s"
echo "$krel" >"$dir/.done"

# Keep only this tree: each one is a few GB.
for old in "$cache"/*/; do
	old=${old%/}
	[ "$old" = "$dir" ] && continue
	[[ $(basename "$old") =~ ^[0-9a-f]{16}$ ]] && rm -rf "$old"
done
echo "$krel $tree $mods"
