#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for mvlan selftests (sourced, run under bash as root in the
# test VM). Output is KTAP via the kernel's ktap_helpers.sh.

KSFT_HELPERS=${KSFT_HELPERS:-/ksft/ktap_helpers.sh}
if [ ! -r "$KSFT_HELPERS" ]; then
	echo "1..0 # SKIP kselftest ktap_helpers.sh not found"
	exit 4
fi
# shellcheck source=/dev/null
source "$KSFT_HELPERS"

MVLAN_KO=${MVLAN_KO:-/lib/mvlan/mvlan.ko}
MVLANCTL=${MVLANCTL:-mvlanctl}
NS_LIST=()

# Print a diagnostic line (KTAP comment).
log() { echo "# $*"; }

# Run a command, logging it first, so the output is a replayable transcript.
pp() { log "+ $*"; "$@"; }

# sleep without an external binary dependency
nap() { read -r -t "$1" -N 1 </dev/zero 2>/dev/null || true; }

mvlan_load() {
	grep -q '^mvlan ' /proc/modules || insmod "$MVLAN_KO"
}

mvlan_unload() {
	if grep -q '^mvlan ' /proc/modules; then
		rmmod mvlan
	fi
}

# setup_ns NAME...: create fresh namespaces with lo up, remembered for cleanup.
setup_ns() {
	local ns
	for ns in "$@"; do
		ip netns del "$ns" 2>/dev/null
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		NS_LIST+=("$ns")
	done
}

cleanup_ns() {
	local ns
	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NS_LIST=()
}

# wait_for TIMEOUT_SEC CMD...: poll CMD until it succeeds.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -ge "$deadline" ] && return 1
		nap 0.1
	done
}

# ping_ok [NS] ADDR: one echo reply within the deadline.
ping_ok() {
	local ns=$1 addr=$2
	ip netns exec "$ns" ping -c 1 -W 1 -w 2 -q "$addr" >/dev/null 2>&1
}

ping_fails() { ! ping_ok "$@"; }

# check DESCRIPTION CMD...: one KTAP case.
check() {
	local desc=$1
	shift
	if "$@"; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
	fi
}

# expect_fail DESCRIPTION PATTERN CMD...: the command must fail and its stderr
# must match PATTERN (grep -E).
expect_fail() {
	local desc=$1 pattern=$2 err
	shift 2
	if err=$("$@" 2>&1 >/dev/null); then
		log "unexpected success: $*"
		ktap_test_fail "$desc"
	elif ! grep -Eq -- "$pattern" <<<"$err"; then
		log "stderr was: $err"
		ktap_test_fail "$desc"
	else
		ktap_test_pass "$desc"
	fi
}

# counter DEV STAT: a statistics counter from sysfs (DEV may be NS/DEV).
counter() {
	local dev=$1 ns=
	if [[ $dev == */* ]]; then ns=${dev%%/*}; dev=${dev#*/}; fi
	if [ -n "$ns" ]; then
		ip netns exec "$ns" cat "/sys/class/net/$dev/statistics/$2"
	else
		cat "/sys/class/net/$dev/statistics/$2"
	fi
}

# Print the plan from the number of cases run and exit with the KTAP verdict.
finish() {
	ktap_set_plan "$((KTAP_TESTNO - 1))"
	ktap_finished
}
