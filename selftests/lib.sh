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

# ---------------------------------------------------------------------------
# Helpers for the per-area tests (tool, monitor, stats, lower events, ...).

# json_get KEY: the first scalar value of "KEY" in the JSON on stdin, with
# string quotes removed. Works on compact and pretty-printed output.
json_get() {
	tr -d '\n' | grep -oE "\"$1\"[[:space:]]*:[[:space:]]*(\"[^\"]*\"|[^],}[:space:]]+)" |
		head -n 1 | sed -E 's/^"[^"]*"[[:space:]]*:[[:space:]]*//; s/^"(.*)"$/\1/'
}

# json_array KEY: the elements of the first array "KEY", one per line.
json_array() {
	tr -d '\n' | grep -oE "\"$1\"[[:space:]]*:[[:space:]]*\[[^]]*\]" | head -n 1 |
		sed -E 's/^[^[]*\[//; s/\]$//' | tr ',' '\n' |
		sed -E 's/^[[:space:]]*"?//; s/"?[[:space:]]*$//' | grep -v '^$'
}

# json_count KEY: how many times "KEY" appears as a key on stdin.
json_count() {
	tr -d '\n' | grep -oE "\"$1\"[[:space:]]*:" | wc -l
}

# in_ns NS CMD...: run CMD in namespace NS, or here when NS is empty.
in_ns() {
	local ns=$1
	shift
	if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

# mv_get [-n NS] NAME KEY: field KEY of child NAME from `mvlanctl show --json`.
mv_get() {
	local ns=
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	in_ns "$ns" "$MVLANCTL" show "$1" --json 2>/dev/null | json_get "$2"
}

# port_get [-n NS] LOWER KEY: field KEY of LOWER from `mvlanctl port show --json`.
port_get() {
	local ns=
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	in_ns "$ns" "$MVLANCTL" port show "$1" --json 2>/dev/null | json_get "$2"
}

# link_attr [-n NS] DEV WORD: the value after WORD in `ip -d link show DEV`
# (promiscuity, allmulti, tso_max_size, gso_max_size, ...).
link_attr() {
	local ns=
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	ip ${ns:+-n "$ns"} -d link show "$1" 2>/dev/null |
		grep -oE "(^|[[:space:]])$2 [^[:space:]]+" | head -n 1 | awk '{ print $2 }'
}

# sysfs [-n NS] DEV ATTR: /sys/class/net/DEV/ATTR.
sysfs() {
	local ns=
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	in_ns "$ns" cat "/sys/class/net/$1/$2" 2>/dev/null
}

# dev_exists [-n NS] DEV
dev_exists() {
	local ns=
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	ip ${ns:+-n "$ns"} link show dev "$1" >/dev/null 2>&1
}

# mvlan_devs [NS]: names of the mvlan children in NS (default: here), by kind.
mvlan_devs() {
	ip ${1:+-n "$1"} -d -o link show 2>/dev/null | grep -E '[[:space:]]mvlan[[:space:]]' |
		awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
}

# mvlan_devs_all: "NS/NAME" of every mvlan child in every namespace.
mvlan_devs_all() {
	local ns d
	for d in $(mvlan_devs); do echo "/$d"; done
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		for d in $(mvlan_devs "$ns"); do echo "$ns/$d"; done
	done
}

# uc_entries [-n NS] DEV: the unicast addresses in DEV's own filter list.
uc_entries() {
	local ns=
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	bridge ${ns:+-n "$ns"} fdb show dev "$1" 2>/dev/null | awk '
		$1 ~ /^[0-9a-f][02468ace]:/ && / self / { print $1 }' | sort
}

# veth_pair A B [NS_B]: a veth pair, both ends up; B optionally in NS_B.
veth_pair() {
	ip link add "$1" type veth peer name "$2" ${3:+netns "$3"} || return 1
	ip link set "$1" up
	ip ${3:+-n "$3"} link set "$2" up
}

# no_ipv6 [NS...]: turn IPv6 off (here and in each NS) so that no router
# solicitations or neighbour discovery disturb counted traffic.
no_ipv6() {
	local ns
	for ns in "" "$@"; do
		in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
	done
}

# expect_err DESCRIPTION PATTERN CMD...: like expect_fail, and the tool's
# error is exactly one stderr line "mvlanctl: ...".
expect_err() {
	local desc=$1 pattern=$2 err rc
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		log "unexpected success: $*"
		ktap_test_fail "$desc"
	elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [[ $err != mvlanctl:* ]]; then
		log "rc $rc, stderr is not one 'mvlanctl: ' line: $err"
		ktap_test_fail "$desc"
	elif ! grep -Eiq -- "$pattern" <<<"$err"; then
		log "rc $rc, stderr was: $err (wanted /$pattern/)"
		ktap_test_fail "$desc"
	else
		log "refused (rc $rc): $err"
		ktap_test_pass "$desc"
	fi
}

# delta_ok NAME GOT WANT [MAX]: GOT == WANT, or WANT <= GOT <= MAX; logs why not.
delta_ok() {
	local name=$1 got=$2 want=$3 max=${4:-$3}
	if [[ $got =~ ^-?[0-9]+$ ]] && [ "$got" -ge "$want" ] && [ "$got" -le "$max" ]; then
		return 0
	fi
	log "$name: got '$got', want $want${4:+..$max}"
	return 1
}

# is_mac STR: a colon-separated MAC address.
is_mac() { [[ ${1,,} =~ ^([0-9a-f]{2}:){5}[0-9a-f]{2}$ ]]; }

# mod_refcnt: the module's use count from /proc/modules, empty when unloaded.
mod_refcnt() { awk '$1 == "mvlan" { print $3 }' /proc/modules; }

# splat_free: the kernel log since the test started has no warning or oops.
splat_free() {
	! dmesg | grep -Eq 'WARNING:|BUG:|Oops|general protection|refcount_t:|list_(add|del) corruption|UBSAN:|KASAN:|unregister_netdevice: waiting'
}

# mv_is [-n NS] NAME KEY WANT: field KEY of child NAME is WANT; logs if not.
mv_is() {
	local nsopt=() got
	if [ "$1" = -n ]; then nsopt=(-n "$2"); shift 2; fi
	got=$(mv_get "${nsopt[@]}" "$1" "$2")
	[ "${got,,}" = "${3,,}" ] && return 0
	log "$1.$2 is '$got', want '$3'"
	return 1
}

# eq NAME GOT WANT: GOT equals WANT; logs if not.
eq() {
	[ "$2" = "$3" ] && return 0
	log "$1: got '$2', want '$3'"
	return 1
}

# refused DESCRIPTION PATTERN NAME CMD...: one KTAP case. CMD must fail with
# exactly one stderr line "mvlanctl: ..." matching PATTERN (grep -Ei), leave
# no device NAME behind (unless NAME is empty) and change no mvlan child in
# any namespace. With WANT_RC set, the exit status must be that.
refused() {
	local desc=$1 pat=$2 name=$3 before after err rc ok=1
	shift 3
	before=$(mvlan_devs_all | sort | tr '\n' ' ')
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	after=$(mvlan_devs_all | sort | tr '\n' ' ')
	if [ "$rc" -eq 0 ]; then
		log "unexpected success: $*"
		ok=0
	elif [ -n "${WANT_RC:-}" ] && [ "$rc" -ne "$WANT_RC" ]; then
		log "exit status $rc, want $WANT_RC: $err"
		ok=0
	elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [[ $err != mvlanctl:* ]]; then
		log "stderr is not one 'mvlanctl: ' line: $err"
		ok=0
	elif ! grep -Eiq -- "$pat" <<<"$err"; then
		log "stderr '$err' does not match /$pat/"
		ok=0
	else
		log "refused (rc $rc): $err"
	fi
	if [ -n "$name" ] && dev_exists "$name"; then
		log "$name was left behind"
		ok=0
	fi
	if [ "$before" != "$after" ]; then
		log "children changed: before [$before] after [$after]"
		ok=0
	fi
	if [ "$ok" = 1 ]; then ktap_test_pass "$desc"; else ktap_test_fail "$desc"; fi
}
