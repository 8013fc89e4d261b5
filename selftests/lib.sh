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

# nap SECONDS: sleep (fractions allowed).
nap() { sleep "$1"; }

mvlan_load() {
	grep -q '^mvlan ' /proc/modules || insmod "$MVLAN_KO"
}

# mvlan_test_begin: KTAP header, the module loaded, MV set to the tool's path.
mvlan_test_begin() {
	ktap_print_header
	mvlan_load || ktap_exit_fail_msg "cannot load $MVLAN_KO"
	# shellcheck disable=SC2034 # MV is for the tests that source this file
	MV=$(command -v "$MVLANCTL") || ktap_exit_fail_msg "$MVLANCTL not found"
}

mvlan_unload() {
	if grep -q '^mvlan ' /proc/modules; then
		rmmod mvlan
	fi
}

# The drop-in mode: mvlan loaded with macvlan_compat=1 owns the rtnl kind
# "macvlan", so the in-tree macvlan (and macvtap, its user) must be out
# first. compat_load fails if that is impossible (built in, in use);
# compat_unload puts the in-tree driver back as the VM booted with it.
intree_macvlan_builtin() {
	[ -d /sys/module/macvlan ] && ! grep -q '^macvlan ' /proc/modules
}

compat_load() {
	mvlan_unload || return 1
	if intree_macvlan_builtin; then
		log "the in-tree macvlan is built into this kernel"
		return 1
	fi
	if grep -q '^macvtap ' /proc/modules; then rmmod macvtap || return 1; fi
	if grep -q '^macvlan ' /proc/modules; then rmmod macvlan || return 1; fi
	insmod "$MVLAN_KO" macvlan_compat=1
}

compat_unload() {
	mvlan_unload || return 1
	grep -q '^macvlan ' /proc/modules || intree_macvlan_builtin ||
		modprobe macvlan 2>/dev/null || insmod "$(intree_macvlan_ko)"
}

# The in-tree macvlan.ko the VM image carries (see vm/mkinitramfs.sh).
intree_macvlan_ko() {
	grep -m1 '/macvlan\.ko$' /etc/modules.load
}

# preempt_rt: the running kernel is a PREEMPT_RT one.
preempt_rt() { [[ $(uname -v) == *PREEMPT_RT* ]]; }

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
	reap_jobs
	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NS_LIST=()
}

# Stop what the test left running in the background, such as a server whose
# client never came: it would keep the runner's pipe open and hang the suite.
reap_jobs() {
	local pids
	pids=$(jobs -p)
	[ -n "$pids" ] || return 0
	# shellcheck disable=SC2086 # one word per pid
	kill $pids 2>/dev/null
	# shellcheck disable=SC2086
	wait $pids 2>/dev/null
	return 0
}

# A bound on a server's start, not a timing check: on the debug kernel, with
# the host busy, starting one has taken more than 5 s.
export SERVE_WAIT=60

# serving FILE...: every `traffic serve` writing to FILE listens, or say which not.
serving() {
	local f
	for f; do
		wait_for "$SERVE_WAIT" grep -q listening "$f" && continue
		log "no server listening after ${SERVE_WAIT}s ($f: $(tr '\n' ' ' <"$f"))"
		return 1
	done
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
# Process start-up is slow under TCG (~0.1 s for busybox, ~0.4 s for ip or
# mvlanctl), so these parse in bash and read sysfs with builtins.

# jv KEY JSON: the first scalar value of "KEY" in JSON, string quotes removed.
jv() {
	local re="\"$1\"[[:space:]]*:[[:space:]]*(\"[^\"]*\"|[^],}[:space:]]+)" v
	[[ $2 =~ $re ]] || return 1
	v=${BASH_REMATCH[1]}
	v=${v#\"}
	printf '%s\n' "${v%\"}"
}

# jarr KEY JSON: the elements of the first array "KEY", space-separated.
jarr() {
	local re="\"$1\"[[:space:]]*:[[:space:]]*\[([^]]*)\]" v
	[[ $2 =~ $re ]] || return 1
	v=${BASH_REMATCH[1]//\"/}
	v=${v//,/ }
	printf '%s\n' "${v//  / }"
}

# jcount KEY JSON: how many times "KEY" is a key in JSON.
jcount() {
	local s=$2 n=0 re="\"$1\"[[:space:]]*:"
	while [[ $s =~ $re ]]; do
		s=${s#*"${BASH_REMATCH[0]}"}
		n=$((n + 1))
	done
	echo "$n"
}

# jobj NAME JSON: the object of child NAME in a `show --json` array (up to
# the next child's object; nested stats included).
jobj() {
	local re="\{[[:space:]]*\"name\"[[:space:]]*:[[:space:]]*\"$1\"" rest
	[[ $2 =~ $re ]] || return 1
	rest=${2#*"${BASH_REMATCH[0]}"}
	rest=${rest%%\{\"name\"*}
	printf '{"name":"%s"%s\n' "$1" "$rest"
}

# json_get KEY: jv on stdin.
json_get() {
	local j
	IFS= read -r -d '' j
	jv "$1" "$j"
}

# in_ns NS CMD...: run CMD in namespace NS, or here when NS is empty.
in_ns() {
	local ns=$1
	shift
	if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

# mv_json [-n NS] NAME: `mvlanctl show NAME --json`.
mv_json() {
	local ns=
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	in_ns "$ns" "$MVLANCTL" show "$1" --json 2>/dev/null
}

# mv_get [-n NS] NAME KEY: field KEY of child NAME.
mv_get() {
	local nsopt=()
	if [ "$1" = -n ]; then nsopt=(-n "$2"); shift 2; fi
	jv "$2" "$(mv_json "${nsopt[@]}" "$1")"
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

# port_get [-n NS] LOWER KEY: field KEY of LOWER from `mvlanctl port show --json`.
port_get() {
	local ns=
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	jv "$2" "$(in_ns "$ns" "$MVLANCTL" port show "$1" --json 2>/dev/null)"
}

# eq NAME GOT WANT: GOT equals WANT; logs if not.
eq() {
	[ "$2" = "$3" ] && return 0
	log "$1: got '$2', want '$3'"
	return 1
}

# delta_ok NAME GOT WANT [MAX]: WANT <= GOT <= MAX (default MAX = WANT).
delta_ok() {
	local max=${4:-$3}
	if [[ $2 =~ ^-?[0-9]+$ ]] && [ "$2" -ge "$3" ] && [ "$2" -le "$max" ]; then
		return 0
	fi
	log "$1: got '$2', want $3${4:+..$max}"
	return 1
}

# link_attr [-n NS] DEV WORD: the value after WORD in `ip -d link show DEV`
# (promiscuity, allmulti, tso_max_size, ...).
link_attr() {
	local ns='' out re
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	out=$(ip ${ns:+-n "$ns"} -d link show "$1" 2>/dev/null)
	re="[[:space:]]$2 ([^[:space:]]+)"
	[[ $out =~ $re ]] && echo "${BASH_REMATCH[1]}"
}

# sysfs [-n NS] DEV ATTR: /sys/class/net/DEV/ATTR.
sysfs() {
	local v
	if [ "$1" = -n ]; then
		ip netns exec "$2" cat "/sys/class/net/$3/$4" 2>/dev/null
		return
	fi
	read -r v 2>/dev/null <"/sys/class/net/$1/$2" && echo "$v"
}

# stat_of DEV NAME: a statistics counter of DEV here (no process).
stat_of() {
	local v
	read -r v <"/sys/class/net/$1/statistics/$2" && echo "$v"
}

# dev_exists [-n NS] DEV
dev_exists() {
	if [ "$1" = -n ]; then
		ip -n "$2" link show dev "$3" >/dev/null 2>&1
	else
		[ -e "/sys/class/net/$1" ]
	fi
}

# net_devs: the names of every device here, space-separated (no process).
net_devs() {
	local d out=
	for d in /sys/class/net/*; do out+="${d##*/} "; done
	echo "$out"
}

# mvlan_devs [NS]: names of the mvlan children in NS (default: here), by kind.
mvlan_devs() {
	local line re='^[0-9]+: ([^:@]+)[@:].*[[:space:]]mvlan[[:space:]]'
	while IFS= read -r line; do
		[[ $line =~ $re ]] && echo "${BASH_REMATCH[1]}"
	done <<<"$(ip ${1:+-n "$1"} -d -o link show 2>/dev/null)"
}

# uc_entries [-n NS] DEV: the unicast addresses in DEV's own address list.
uc_entries() {
	local ns='' line out=''
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	while read -r line; do
		[[ $line =~ ^[0-9a-f][02468ace]:[^[:space:]]+[[:space:]].*self ]] && out+="${line%% *} "
	done <<<"$(bridge ${ns:+-n "$ns"} fdb show dev "$1" 2>/dev/null)"
	echo "$out"
}

# veth_pair A B [NS_B]: a veth pair, both ends up; B optionally in NS_B.
veth_pair() {
	ip link add "$1" up type veth peer name "$2" ${3:+netns "$3"} || return 1
	ip ${3:+-n "$3"} link set "$2" up
}

# no_ipv6 [NS...]: IPv6 off here and in each NS (new devices included), so
# no router solicitation or neighbour discovery disturbs counted traffic.
no_ipv6() {
	local ns
	for ns in "" "$@"; do
		in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
	done
}

no_ipv6_undo() {
	sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0
}

# refused DESCRIPTION PATTERN NAME CMD...: one KTAP case. CMD must fail with
# exactly one stderr line "mvlanctl: ..." matching PATTERN (grep -Ei), leave
# no device NAME behind (unless NAME is empty) and add or remove no device
# here. With WANT_RC set, the exit status must be that.
refused() {
	local desc=$1 pat=$2 name=$3 before after err rc ok=1
	shift 3
	before=$(net_devs)
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	after=$(net_devs)
	if [ "$rc" -eq 0 ]; then
		log "unexpected success: $*"
		ok=0
	elif [ -n "${WANT_RC:-}" ] && [ "$rc" -ne "$WANT_RC" ]; then
		log "exit status $rc, want $WANT_RC: $err"
		ok=0
	elif [[ $err == *$'\n'* ]] || [[ $err != mvlanctl:* ]]; then
		log "stderr is not one 'mvlanctl: ' line: $err"
		ok=0
	elif ! [[ ${err,,} =~ ${pat,,} ]]; then
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
		log "devices changed: before [$before] after [$after]"
		ok=0
	fi
	if [ "$ok" = 1 ]; then ktap_test_pass "$desc"; else ktap_test_fail "$desc"; fi
}

# mod_refcnt: the module's use count from /proc/modules, empty when unloaded.
mod_refcnt() {
	local name size refs rest
	while read -r name size refs rest; do
		[ "$name" = mvlan ] && echo "$refs"
	done </proc/modules
	: "$size" "$rest"
}

# no_port [-n NS] LOWER: `mvlanctl port show --json` works and lists no port
# on LOWER.
no_port() {
	local ns='' js
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	js=$(in_ns "$ns" "$MVLANCTL" port show --json) || { log "port show failed"; return 1; }
	[[ $js != *"\"lower\":\"$1\""* ]] && return 0
	log "port on $1 still listed: $js"
	return 1
}

# Counter deltas from the tool's view: snap_b [LOWER] before and snap_a
# [LOWER] after (every child in every namespace, and the port of LOWER, va by
# default); then dc CHILD KEY / dp KEY print the change of a child's / the
# port's counter, or "?" if one side is missing.
snap_b() { B=$("$MV" show --json); BP=$("$MV" port show "${1:-va}" --json); }
snap_a() { A=$("$MV" show --json); AP=$("$MV" port show "${1:-va}" --json); }
sub() {
	[[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]] && echo $(($1 - $2)) && return
	echo "?"
}
dc() { sub "$(jv "$2" "$(jobj "$1" "$A")")" "$(jv "$2" "$(jobj "$1" "$B")")"; }
dp() { sub "$(jv "$1" "$AP")" "$(jv "$1" "$BP")"; }

# pktgen_send DEV DSTMAC COUNT: pktgen hands COUNT 60-byte UDP frames to
# DSTMAC (IP 10.3.0.99, which nobody owns: no replies) straight to DEV's
# ndo_start_xmit, in this namespace, and checks that all were sent.
pktgen_send() {
	local pg=/proc/net/pktgen c
	local f=$pg/$1
	echo rem_device_all >$pg/kpktgend_0 && echo "add_device $1" >$pg/kpktgend_0 || return 1
	for c in "xmit_mode start_xmit" "count $3" "pkt_size 60" "flag !SHARED" \
		"delay 0" "dst_mac $2" "dst 10.3.0.99"; do
		echo "$c" >"$f" || return 1
	done
	echo start >$pg/pgctrl
	# pgctrl returns early when the pktgen thread had not picked the run
	# up within its 125 ms window (a loaded TCG host): wait for the result.
	for _ in $(seq 300); do
		grep -q "^Result: Starting" "$f" || break
		sleep 0.1
	done
	grep -q "^Result: OK: .*, $3 (60byte" "$f" || { log "pktgen: $(grep Result "$f")"; return 1; }
	echo rem_device_all >$pg/kpktgend_0
}

# mib [-n NS] FILE GROUP FIELD: a counter from /proc/net/FILE (snmp,
# netstat) in NS, e.g. `mib -n a snmp Udp SndbufErrors`, `mib netstat TcpExt
# TCPOFOQueue`. Prints nothing if the field is missing.
mib() {
	local ns='' hdr val i
	if [ "$1" = -n ]; then ns=$2; shift 2; fi
	local -a h v
	while read -r hdr && read -r val; do
		[ "${hdr%%:*}" = "$2" ] || continue
		read -ra h <<<"${hdr#*:}"
		read -ra v <<<"${val#*:}"
		for i in "${!h[@]}"; do
			[ "${h[i]}" = "$3" ] && echo "${v[i]}" && return 0
		done
	done < <(in_ns "$ns" cat "/proc/net/$1")
	return 1
}
