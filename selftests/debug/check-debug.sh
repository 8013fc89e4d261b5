#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check-debug`: the whole selftest suite on a debug kernel (KASAN,
# lockdep + PROVE_RCU, kmemleak, UBSAN, DEBUG_LIST, debugobjects), booted with
# panic_on_warn=1. Builds or reuses the kernel (build-kernel.sh), builds
# mvlan.ko against it with the W=1 zero-warning rule, runs the suite in the
# VM harness, then a kmemleak scan (selftests/vm/init). Any sanitizer report
# fails the run and is printed. Ends with "N passed, N failed[, N skipped]".
#
# Usage: check-debug.sh [--build DIR] [--kmod-flags 'VAR=VAL ...']
#                       [--kmod-src DIR] [TEST...]
# --kmod-src builds the module from another copy of kmod/ (a scratch patch).
# The tool, kselftest helpers and C selftests must already be in DIR
# (the Makefile's check-debug target builds them first).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
# The kernel and module builds get exactly the flags given here.
unset MAKEFLAGS MFLAGS MAKELEVEL

build=build kmod_src=kmod kmod_flags=() tests=()
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift ;;
	--kmod-flags) read -ra kmod_flags <<<"$2"; shift ;;
	--kmod-src) kmod_src=$2; shift ;;
	*) tests+=("$1") ;;
	esac
	shift
done
build=$(mkdir -p "$build" && cd "$build" && pwd)
logs=$build/check-debug
rm -rf "$logs" && mkdir -p "$logs"
t0=$(date +%s)

# --- kernel -------------------------------------------------------------------
start=$(date +%s)
kernel=$(selftests/debug/build-kernel.sh | tail -n1) || {
	echo "check-debug: the debug kernel did not build"
	echo "0 passed, 1 failed"
	exit 1
}
read -r krel tree mods <<<"$kernel"
kernel_secs=$(($(date +%s) - start))

# --- mvlan.ko for it, as the top-level Makefile builds it per kernel -----------
start=$(date +%s)
kbuild=$build/$krel/kmod
rm -rf "$kbuild" && mkdir -p "$kbuild"
cp -a "$kmod_src/." "$kbuild/"
echo "  KMOD    $krel ${kmod_flags[*]}"
if ! "$kmod_src/probe.sh" "$tree" "$kbuild" ||
	! make -s -C "$tree" M="$kbuild" W=1 "${kmod_flags[@]}" modules \
		>"$kbuild/build.log" 2>&1; then
	cat "$kbuild/build.log"
	echo "check-debug: mvlan.ko did not build against $krel"
	echo "0 passed, 1 failed"
	exit 1
fi
if grep -E 'warning:|error:' "$kbuild/build.log"; then
	echo "check-debug: mvlan.ko built with warnings against $krel"
	echo "0 passed, 1 failed"
	exit 1
fi
cp "$kbuild/mvlan.ko" "$build/$krel/mvlan.ko"
kmod_secs=$(($(date +%s) - start))

# --- the suite in the VM ---------------------------------------------------------
# KASAN's shadow and kmemleak's metadata need memory; everything is several
# times slower than on the distribution kernels. Under TCG on a loaded host a
# debug kernel can spend 20s in one non-preemptible loop, so the soft lockup
# and RCU stall detectors wait 120s / 100s instead of 20s, and the per-test
# and hung task timeouts are stretched (init: mvlan.timeout_scale).
# acpi=noirq: ACPI's interpreter is so slow here that evaluating QEMU's PCI
# routing (_PRT) hits the 30s AML loop timeout; the BIOS $PIR table is enough.
echo "======== selftests on $krel (debug) ========"
start=$(date +%s)
cmdline="panic_on_warn=1 watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=100"
cmdline+=" acpi=noirq mvlan.timeout_scale=${DEBUG_TIMEOUT_SCALE:-4}"
# smp_* tests run apart, in a 4-vCPU VM (as in scripts/check.sh).
suite=() smp=()
for t in "${tests[@]}"; do
	case "$t" in smp_*) smp+=("$t") ;; *) suite+=("$t") ;; esac
done
if [ ${#tests[@]} -eq 0 ]; then
	for t in selftests/smp_*.sh; do [ -e "$t" ] && smp+=("$(basename "$t")"); done
fi
debug_vm() { # VCPUS TEST...
	local vcpus=$1
	shift
	VM_SMP=$vcpus VM_MEM=${DEBUG_VM_MEM:-3072} \
	VM_CMDLINE_EXTRA="$cmdline ${VM_CMDLINE_EXTRA:-}" \
		selftests/vm/run.sh --krel "$krel" --build "$build" \
		--kernel "$tree/arch/x86/boot/bzImage" --modules-dir "$mods" \
		--timeout "${DEBUG_VM_TIMEOUT:-3600}" "$@"
}
rc=0
: >"$logs/vm.log"
if [ ${#tests[@]} -eq 0 ] || [ ${#suite[@]} -gt 0 ]; then
	debug_vm 1 "${suite[@]}" 2>&1 | tee -a "$logs/vm.log"
	rc=${PIPESTATUS[0]}
fi
console=$build/$krel/vm/console.log
cp "$console" "$logs/console-suite.log" 2>/dev/null
if [ ${#smp[@]} -gt 0 ]; then
	debug_vm 4 "${smp[@]}" 2>&1 | tee -a "$logs/vm.log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
	cat "$console" >>"$logs/console-suite.log" 2>/dev/null
fi
vm_secs=$(($(date +%s) - start))

# Reports run.sh's splat patterns miss: lockdep's non-WARN messages, RCU
# stalls, debugobjects and netdev refcount trackers.
console=$logs/console-suite.log
extra='INFO: trying to register non-static key|detected stalls? on CPU|self-detected stall|DEBUG_LOCKS_WARN_ON|ODEBUG:|ref_tracker:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage'
extra_fail=0
if grep -Eq "$extra" "$console"; then
	echo "# debug: report in the guest log on $krel:"
	grep -E -B2 -A30 "$extra" "$console" | head -n 100 | sed 's/^/# /'
	echo "not ok - debug kernel log clean on $krel"
	extra_fail=1
fi

# shellcheck source=scripts/ktap-count.sh
source scripts/ktap-count.sh
read -r pass fail skip < <(count_ktap "$logs/vm.log" "$rc")
fail=$((fail + extra_fail))

echo
echo "======== summary (debug kernel $krel) ========"
printf '%-28s %ds\n' "debug kernel (build/reuse)" "$kernel_secs" \
	"mvlan.ko" "$kmod_secs"
printf '%-28s %4d passed, %d failed, %d skipped (%ds)\n' \
	"selftests $krel" "$pass" "$fail" "$skip" "$vm_secs"
echo "total $(($(date +%s) - t0))s"
line="$pass passed, $fail failed"
[ "$skip" -gt 0 ] && line+=", $skip skipped"
echo "$line"
[ "$fail" -eq 0 ]
