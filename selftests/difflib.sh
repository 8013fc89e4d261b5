#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# Differential scenario framework: every scenario is written once and run
# against both implementations, the in-tree macvlan ("macvlan") and mvlan
# ("mvlan"), each on its OWN lower (both take the lower's rx_handler, so they
# cannot share one). One KTAP case per scenario row passes only when mvlan's
# result equals macvlan's AND both equal the reference's expected result
# (/work/shared/reference/macvlan-behaviour.md §2/§3), so a bug common to both
# is still caught.
#
# Per implementation I (tag t = k for macvlan, m for mvlan) the topology is:
#
#   host ns H: ${t}l0 = L (10.N.0.1)        ns ${t}sw: Linux bridge br0
#            veth ${t}l0 <-----------------> ${t}p0 (hairpin on|off)
#            children of L, moved to          ${t}ep <------> ns ${t}ext: ext0
#            ns ${t}a (.11) and ${t}b (.12)                    (.100, the wire host)
#
# H is the root namespace for mvlan (mvlanctl runs there) and namespace khost
# for macvlan, so the lowers' own stacks are told apart and both
# implementations run every observation step at the same time (process
# start-up dominates under TCG). N is 1 for macvlan and 2 for mvlan; MACs are
# 02:0N:00:00:00:<host>.
# Delivery is observed with per-namespace ICMP echo-request counters
# (/proc/<anchor>/net/snmp, read without forking) and, where a frame does not
# reach an IP stack, with device rx counters (/proc/<anchor>/net/dev).
#
# Generic helpers that could move to lib.sh: dns_add (namespace with an
# anchor process), snmp_get/rx_get, ipn, wait_for-based step machinery.
#
# Two passes (diff_run): the first as above, mvlan driven by mvlanctl; the
# second with mvlan loaded as the drop-in (compat_load: it owns the rtnl
# kind "macvlan", so the in-tree driver is unloaded) and driven by
# `ip link ... type macvlan` like the in-tree one. The in-tree driver cannot
# run in the second pass: its rows there compare mvlan with the in-tree
# token the first pass recorded for the same row (and the reference), under
# the same description with " (ip link)" appended. DIFF_COMPAT=0 skips it.

source ./lib.sh

# shellcheck disable=SC2034 # used by the scenario files
IMPLS=(macvlan mvlan)
declare -A TAG=([macvlan]=k [mvlan]=m)
declare -A HNS=([macvlan]=khost [mvlan]=root)
declare -A NETP=([macvlan]=10.1.0 [mvlan]=10.2.0)
declare -A MACP=([macvlan]=02:01:00:00:00 [mvlan]=02:02:00:00:00)
declare -A NS_PID=()
MVLAN_OK=0
# PASS: "genl" (in-tree + mvlanctl) or "ip" (mvlan alone, through ip link).
PASS=genl
# In-tree tokens of the first pass, by row description.
declare -A KTOK=()
# Upper bounds for one observation step. Waits end early when every expected
# delivery has been seen; SETTLE is how long unexpected copies get to show up.
DIFF_WAIT=${DIFF_WAIT:-3}
DIFF_SETTLE=${DIFF_SETTLE:-0.3}

# ---------------------------------------------------------------------------
# Deliberate differences between mvlan and macvlan. They are documented in
# Documentation/admin-guide.rst; a test that touches one asserts each
# implementation's own result from this one table.
#   key | macvlan result | mvlan result | reason
DELIBERATE=(
	"dup-mac|accepted|refused|mvlan refuses a MAC already used by the lower or a sibling (up or down) when it is assigned, at create and at MAC change, naming the conflict; macvlan accepts it and fails only when the second device comes up (EADDRINUSE)"
	"down-child-drop-counted|uncounted|counted|unicast for a child that is down is lost with both (macvlan: passthru drops it, other modes pass it to the lower, which drops it as not for the host), but mvlan counts it (drop reason child_down, and the child's rx_dropped)"
)

# deliberate KEY IMPL: the documented result of IMPL for KEY, into REPLY.
deliberate() {
	local row key mk mv
	for row in "${DELIBERATE[@]}"; do
		IFS='|' read -r key mk mv _ <<<"$row"
		[ "$key" = "$1" ] || continue
		if [ "$2" = macvlan ]; then REPLY=$mk; else REPLY=$mv; fi
		return 0
	done
	REPLY="?"
	return 1
}

# deliberate_log KEY: print the table row as a diagnostic.
deliberate_log() {
	local row
	for row in "${DELIBERATE[@]}"; do
		[ "${row%%|*}" = "$1" ] && log "deliberate difference: $row"
	done
	return 0
}

# ---------------------------------------------------------------------------
# Setup

# The first KTAP case of every differential file: mvlan loads and answers.
# When it does not, this case fails with the reason, and every later row shows
# mvlan=n/a and fails too: nothing is skipped silently.
diff_init() {
	local err desc="mvlan available (module loads, mvlanctl answers)"
	ktap_print_header
	# the in-tree driver owns the kind, even after a test killed under
	# compat_load
	compat_unload || log "cannot put the in-tree macvlan back"
	echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
	dns_add khost || log "cannot create namespace khost"
	if [ ! -s "$MVLAN_KO" ]; then
		log "mvlan.ko missing or empty at $MVLAN_KO"
		ktap_test_fail "$desc"
	elif ! err=$(mvlan_load 2>&1); then
		log "insmod $MVLAN_KO failed: $err"
		ktap_test_fail "$desc"
	elif ! err=$("$MVLANCTL" show 2>&1); then
		log "mvlanctl show failed: $err"
		ktap_test_fail "$desc"
	else
		MVLAN_OK=1
		ktap_test_pass "$desc"
	fi
	ACTIVE=(macvlan)
	[ "$MVLAN_OK" = 1 ] && ACTIVE+=(mvlan)
	return 0
}

impl_ok() {
	if [ "$1" = macvlan ]; then [ "$PASS" = genl ]; else [ "$MVLAN_OK" = 1 ]; fi
}

# mv_ip: mvlan is driven through ip link (the second pass).
mv_ip() { [ "$PASS" = ip ]; }

# diff_run SCENARIO-FN: diff_init, the scenarios, and the second pass (see
# the top of this file); then the KTAP plan and verdict.
diff_run() {
	local t0=$SECONDS
	diff_init
	"$1"
	dns_cleanup
	mvlan_unload
	log "first pass (in-tree, mvlanctl): $((SECONDS - t0)) s"
	if intree_macvlan_builtin; then
		ktap_test_skip "second pass: the in-tree macvlan is built into this kernel, the kind cannot be taken"
	elif [ "${DIFF_COMPAT:-1}" = 1 ]; then
		t0=$SECONDS
		diff_compat_init
		"$1"
		dns_cleanup
		compat_unload || log "compat_unload failed"
		log "second pass (mvlan through ip link): $((SECONDS - t0)) s"
	fi
	finish
}

# The second pass's first case: mvlan owns the kind "macvlan".
diff_compat_init() {
	local desc="mvlan owns the rtnl kind macvlan (compat_load); rows again through ip link"
	PASS=ip MVLAN_OK=0
	if ! compat_load; then
		log "compat_load failed"
	elif [ -d /sys/module/macvlan ]; then
		log "the in-tree macvlan is still loaded"
	elif ! [[ $(cat /sys/module/mvlan/parameters/macvlan_compat 2>/dev/null) =~ ^(1|Y)$ ]]; then
		log "mvlan is not loaded with macvlan_compat=1"
	else
		MVLAN_OK=1
	fi
	if [ "$MVLAN_OK" = 1 ]; then ktap_test_pass "$desc"; else ktap_test_fail "$desc"; fi
	ACTIVE=()
	[ "$MVLAN_OK" = 1 ] && ACTIVE=(mvlan)
	return 0
}

# dns_add NS...: namespaces with IPv6 off (no ND/MLD noise in the counters)
# and an anchor process, so commands enter them with nsenter and their
# counters are read from /proc/<anchor>/net without a fork.
dns_add() {
	local ns pid comm deadline
	for ns in "$@"; do
		setup_ns "$ns" || return 1
		# shellcheck disable=SC2016 # expanded by the inner shell
		ip netns exec "$ns" sh -c 'for f in all default; do
			echo 1 >/proc/sys/net/ipv6/conf/$f/disable_ipv6; done; exec sleep 100000' &
		NS_PID[$ns]=$!
	done
	for ns in "$@"; do
		pid=${NS_PID[$ns]} deadline=$((SECONDS + 10))
		while :; do
			comm=
			read -r comm <"/proc/$pid/comm" 2>/dev/null
			[ "$comm" = sleep ] && break
			[ "$SECONDS" -ge "$deadline" ] && { log "anchor of $ns did not start"; return 1; }
			nap 0.05
		done
	done
}

dns_cleanup() {
	local pid
	for pid in "${NS_PID[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	NS_PID=()
	cleanup_ns
}

# nsx NS CMD...: run CMD in namespace NS ("root" or "" for ours).
nsx() {
	local ns=$1
	shift
	if [ -z "$ns" ] || [ "$ns" = root ]; then
		"$@"
	elif [ -n "${NS_PID[$ns]:-}" ]; then
		# full path: busybox nsenter prefers its own applets (ping!)
		nsenter -t "${NS_PID[$ns]}" -n "$(type -P "$1")" "${@:2}"
	else
		ip netns exec "$ns" "$@"
	fi
}

# ipn NS ARGS...: ip(8) in namespace NS ("root" or "" for ours).
ipn() {
	local ns=$1
	shift
	if [ -z "$ns" ] || [ "$ns" = root ]; then ip "$@"; else ip -n "$ns" "$@"; fi
}

# hip IMPL ARGS...: ip(8) in IMPL's host namespace (where its lowers live).
hip() {
	local impl=$1
	shift
	ipn "${HNS[$impl]}" "$@"
}

# Names of the pieces of IMPL's topology, as globals: H (host ns), L, SW,
# EXT, NSA, NSB, CA and CB (children's names), NET (first three octets), MP
# (MAC prefix).
topo_names() {
	local t=${TAG[$1]}
	# shellcheck disable=SC2034 # globals for the scenario files
	H=${HNS[$1]} L=${t}l0 SW=${t}sw EXT=${t}ext NSA=${t}a NSB=${t}b CA=${t}va CB=${t}vb
	NET=${NETP[$1]} MP=${MACP[$1]}
}

# topo_up IMPL: lower L in H, its veth peer a port of bridge br0 in ns SW,
# and an external host in ns EXT on the same bridge.
topo_up() {
	local t=${TAG[$1]}
	topo_names "$1"
	dns_add "$SW" "$EXT" "$NSA" "$NSB" || return 1
	hip "$1" -batch - <<-EOF || return 1
		link add $L address $MP:01 type veth peer name ${t}p0 netns $SW
		addr add $NET.1/24 dev $L
		link set $L up
	EOF
	ip -n "$SW" -batch - <<-EOF || return 1
		link add br0 type bridge mcast_snooping 0
		link set ${t}p0 master br0
		link add ${t}ep type veth peer name ext0 netns $EXT
		link set ${t}ep master br0
		link set ${t}p0 up
		link set ${t}ep up
		link set br0 up
	EOF
	ip -n "$EXT" -batch - <<-EOF
		link set ext0 address $MP:64
		addr add $NET.100/24 dev ext0
		link set ext0 up
	EOF
}

# hairpin IMPL on|off: the switch port facing L reflects frames (VEPA relay).
hairpin() {
	ip -n "${TAG[$1]}sw" link set "${TAG[$1]}p0" type bridge_slave hairpin "$2"
}

topo_down() {
	topo_names "$1"
	hip "$1" link del "$L" 2>/dev/null
}

# ---------------------------------------------------------------------------
# Children, for both implementations. Options: mac=MAC mtu=N nopromisc nodst.
# These are the only places that know each implementation's syntax.

# mkchild IMPL LOWER NAME MODE [OPT...]  (MODE "" = the default mode). The
# lower is looked up in IMPL's host namespace.
mkchild() {
	local impl=$1 lower=$2 name=$3 mode=$4 o
	shift 4
	local -a dev=() kind=() flags=()
	if [ "$impl" = macvlan ] || mv_ip; then
		for o in "$@"; do
			case "$o" in
			mac=*) dev+=(address "${o#mac=}") ;;
			mtu=*) dev+=(mtu "${o#mtu=}") ;;
			nopromisc | nodst) flags+=("$o") ;;
			esac
		done
		[ -n "$mode" ] && kind=(mode "$mode")
		hip "$impl" link add link "$lower" name "$name" "${dev[@]}" type macvlan \
			"${kind[@]}" "${flags[@]}"
	else
		impl_ok mvlan || { echo "mvlanctl: mvlan is not available" >&2; return 1; }
		for o in "$@"; do
			case "$o" in
			mac=*) dev+=(--mac "${o#mac=}") ;;
			mtu=*) dev+=(--mtu "${o#mtu=}") ;;
			nopromisc | nodst) flags+=("--$o") ;;
			esac
		done
		[ -n "$mode" ] && kind=(--mode "$mode")
		mvctl "${HNS[mvlan]}" create "$name" --link "$lower" "${kind[@]}" "${dev[@]}" "${flags[@]}"
	fi
}

# mvctl NS ARGS...: mvlanctl run in namespace NS ("root" = ours).
mvctl() {
	local ns=$1
	shift
	nsx "$ns" "$MVLANCTL" "$@"
}

# rmchild IMPL NAME [NS]  (NS default: IMPL's host namespace)
rmchild() {
	local ns=${3:-${HNS[$1]}}
	if [ "$1" = macvlan ] || mv_ip; then
		ipn "$ns" link del "$2"
	else
		mvctl "$ns" delete "$2"
	fi
}

# rm_pairs: children A and B of every active implementation, deleted in
# their namespaces.
rm_pairs() {
	local impl
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		spawn rmchild "$impl" "$CA" "$NSA"; spawn rmchild "$impl" "$CB" "$NSB"
	done
	reap
}

# setmode IMPL NAME MODE [NS]
setmode() {
	local ns=${4:-${HNS[$1]}}
	if [ "$1" = macvlan ] || mv_ip; then
		ipn "$ns" link set "$2" type macvlan mode "$3"
	else
		mvctl "$ns" set "$2" --mode "$3"
	fi
}

# srcop IMPL NAME NS add|del|set|flush [MAC...]: the source-mode MAC list.
srcop() {
	local impl=$1 name=$2 ns=${3:-${HNS[$1]}} op=$4 mac
	shift 4
	if [ "$impl" = mvlan ] && ! mv_ip; then
		mvctl "$ns" source "$name" "$op" "$@"
		return
	fi
	case "$op" in
	add | del)
		for mac in "$@"; do
			ipn "$ns" link set "$name" type macvlan macaddr "$op" "$mac" || return
		done ;;
	set) ipn "$ns" link set "$name" type macvlan macaddr set "$@" ;;
	flush) ipn "$ns" link set "$name" type macvlan macaddr flush ;;
	esac
}

# place IMPL NAME NS ADDR: move a child from IMPL's host namespace into NS,
# address it (/24) and bring it up.
place() {
	hip "$1" link set "$2" netns "$3" &&
		ip -n "$3" -batch - <<-EOF
			addr add $4/24 dev $2
			link set $2 up
		EOF
}

# neigh_static NS DEV IP=MAC...: permanent neighbour entries, so unicast
# delivery is observed independently of ARP (broadcast) rules.
neigh_static() {
	local ns=$1 ifc=$2 e
	shift 2
	for e in "$@"; do
		echo "neigh replace ${e%%=*} lladdr ${e#*=} dev $ifc nud permanent"
	done | ipn "$ns" -batch -
}

# neigh_flush NS DEV: every entry, permanent ones included.
neigh_flush() { ipn "$1" neigh flush dev "$2" nud all 2>/dev/null || true; }

# dev_mac NS DEV, into REPLY.
dev_mac() {
	REPLY=$(ipn "$1" link show "$2" | sed -n 's|.*link/ether \([0-9a-f:]*\) .*|\1|p')
}

# promiscuity NS DEV: DEV's promiscuity count, into REPLY.
promiscuity() {
	REPLY=$(ipn "$1" -d link show "$2" | sed -n 's/.* promiscuity \([0-9]*\).*/\1/p' | head -n1)
}

# ---------------------------------------------------------------------------
# Counters, read by bash builtins from /proc/<anchor>/net (no fork).

_procnet() {
	if [ "$1" = root ]; then REPLY=/proc/self/net/$2; else REPLY=/proc/${NS_PID[$1]}/net/$2; fi
}

# snmp_get NS FIELD: an Icmp counter (e.g. InEchos) of NS, into REPLY.
snmp_get() {
	local c hdr val i
	local -a h v
	_procnet "$1" snmp
	read -r -d '' c <"$REPLY"
	c=${c#*$'\n'Icmp: }
	hdr=${c%%$'\n'*}
	c=${c#*$'\n'Icmp: }
	val=${c%%$'\n'*}
	read -r -a h <<<"$hdr"
	read -r -a v <<<"$val"
	REPLY=0
	for i in "${!h[@]}"; do
		[ "${h[$i]}" = "$2" ] && REPLY=${v[$i]}
	done
}

# rx_get NS DEV: DEV's rx_packets in NS, into REPLY.
dev_stat_get() { # NS DEV FIELD: column FIELD of DEV's /proc/net/dev line
	local c line name
	local -a v
	_procnet "$1" dev
	read -r -d '' c <"$REPLY"
	REPLY=0
	while IFS= read -r line; do
		name=${line%%:*}
		name=${name// /}
		[ "$name" = "$2" ] || continue
		read -r -a v <<<"${line#*:}"
		REPLY=${v[$3]}
		return 0
	done <<<"$c"
}

rx_get() { dev_stat_get "$1" "$2" 1; }

# A receiver is "NS" (ICMP echo requests received by NS's stack) or "NS/DEV"
# (frames received by DEV in NS).
recv_get() {
	if [[ $1 == */* ]]; then rx_get "${1%%/*}" "${1#*/}"; else snmp_get "$1" InEchos; fi
}

# ---------------------------------------------------------------------------
# Observation steps. Usage:
#   step_begin RECV...            snapshot the receivers
#   probe NS PING-ARGS...         (repeat) send one echo request, background
#   step_end EXPECTED-RECV...     wait until those received (bounded), settle,
#                                 then DELTA[RECV] and TOK[RECV] hold results
declare -A SNAP=() DELTA=() TOK=() SENT=() SENT_WANT=()
PROBES=()
# busybox ping: it starts several times faster than iputils under TCG (no
# shared libraries) and pings a broadcast address without -b.
PING=(busybox ping)

step_begin() {
	local r
	SNAP=() DELTA=() TOK=() PROBES=() SENT=() SENT_WANT=()
	for r in "$@"; do
		recv_get "$r"
		SNAP[$r]=$REPLY
	done
}

probe() {
	local ns=$1
	shift
	if [ -z "${SENT[$ns]:-}" ]; then
		snmp_get "$ns" OutEchos
		SENT[$ns]=$REPLY SENT_WANT[$ns]=$REPLY
	fi
	SENT_WANT[$ns]=$((SENT_WANT[$ns] + 1))
	nsx "$ns" "${PING[@]}" -c 1 -W 1 -q "$@" >/dev/null 2>&1 &
	PROBES+=($!)
}

# count -> token: 0 no, 1 yes, N>1 xN (duplicates are a bug).
count_tok() {
	if [ "$1" -le 0 ]; then REPLY=no
	elif [ "$1" -eq 1 ]; then REPLY=yes
	else REPLY=x$1
	fi
}

_all_sent() {
	local ns
	for ns in "${!SENT_WANT[@]}"; do
		snmp_get "$ns" OutEchos
		[ "$REPLY" -ge "${SENT_WANT[$ns]}" ] || return 1
	done
}

_expected_arrived() {
	local r
	for r in "$@"; do
		recv_get "$r"
		[ "$REPLY" -gt "${SNAP[$r]}" ] || return 1
	done
}

step_end() {
	local r p
	# a "no" only counts once the probe has really left its sender
	wait_for "$DIFF_WAIT" _all_sent || log "some probes were not sent: ${!SENT_WANT[*]}"
	wait_for "$DIFF_WAIT" _expected_arrived "$@"
	nap "$DIFF_SETTLE"
	for r in "${!SNAP[@]}"; do
		recv_get "$r"
		DELTA[$r]=$((REPLY - SNAP[$r]))
		count_tok "${DELTA[$r]}"
		TOK[$r]=$REPLY
	done
	for p in "${PROBES[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PROBES[@]}"; do wait "$p" 2>/dev/null; done
	PROBES=()
}

# multi_step ROWS-FN PROBES-FN TRUTH-FN: one observation step for every
# active implementation at once. ROWS-FN IMPL sets REPLY to "recv=key ...",
# PROBES-FN IMPL sends the probes, TRUTH-FN KEY sets REPLY to the reference's
# yes/no. Results land in RES[impl:key].
declare -A S_MAP=()
multi_step() {
	local impl e r
	local -a exp=()
	S_MAP=()
	for impl in "${ACTIVE[@]}"; do
		"$1" "$impl"
		for e in $REPLY; do S_MAP[${e%%=*}]=$impl:${e#*=}; done
	done
	step_begin "${!S_MAP[@]}"
	for impl in "${ACTIVE[@]}"; do "$2" "$impl"; done
	for r in "${!S_MAP[@]}"; do
		"$3" "${S_MAP[$r]#*:}"
		[ "$REPLY" = yes ] && exp+=("$r")
	done
	step_end "${exp[@]}"
	for r in "${!S_MAP[@]}"; do RES[${S_MAP[$r]}]=${TOK[$r]}; done
}

# Round trips (dynamic neighbours): rt_begin; rt NAME NS PING-ARGS...; rt_end
# leaves yes/no in TOK[NAME].
declare -A RT_PID=()
rt_begin() { RT_PID=() TOK=(); }
rt() {
	local name=$1 ns=$2
	shift 2
	nsx "$ns" "${PING[@]}" -c 1 -W 1 -q "$@" >/dev/null 2>&1 &
	RT_PID[$name]=$!
}
# shellcheck disable=SC2034 # TOK is read by the scenario files
rt_end() {
	local n
	for n in "${!RT_PID[@]}"; do
		if wait "${RT_PID[$n]}"; then TOK[$n]=yes; else TOK[$n]=no; fi
	done
}

# spawn CMD...: run CMD in the background; reap waits for all spawned (not
# for the namespace anchors, which a bare `wait` would block on forever).
BG=()
spawn() {
	"$@" &
	BG+=($!)
}
reap() {
	local p rc=0
	for p in "${BG[@]}"; do wait "$p" || rc=1; done
	BG=()
	return $rc
}

# par_each FN: FN IMPL for every active implementation at once; the ones
# for which it fails are logged and dropped from ACTIVE.
par_each() {
	local impl
	local -a ok=()
	local -A pid=()
	for impl in "${ACTIVE[@]}"; do
		"$1" "$impl" &
		pid[$impl]=$!
	done
	for impl in "${ACTIVE[@]}"; do
		if wait "${pid[$impl]}"; then ok+=("$impl"); else log "$impl: $1 failed"; fi
	done
	ACTIVE=("${ok[@]}")
}

# ---------------------------------------------------------------------------
# Reporting

# diff_row DESC EXPECTED MACVLAN-TOKEN MVLAN-TOKEN: one KTAP case.
diff_row() {
	local k
	kept_ktok "$1" "$3"
	k=$REPLY
	local desc="$1${PASS_SUFFIX[$PASS]}: macvlan=$k mvlan=$4"
	if [ "$k" = "$2" ] && [ "$4" = "$2" ]; then
		ktap_test_pass "$desc"
	else
		log "expected $2 from both (reference), got macvlan=$k mvlan=$4"
		ktap_test_fail "$desc"
	fi
}

# diff_row2 DESC MACVLAN-EXPECTED MVLAN-EXPECTED MACVLAN-TOKEN MVLAN-TOKEN:
# a row of a deliberate difference, each implementation against its own.
diff_row2() {
	local k
	kept_ktok "$1" "$4"
	k=$REPLY
	local desc="$1${PASS_SUFFIX[$PASS]}: macvlan=$k mvlan=$5"
	if [ "$k" = "$2" ] && [ "$5" = "$3" ]; then
		ktap_test_pass "$desc"
	else
		log "expected macvlan=$2 mvlan=$3"
		ktap_test_fail "$desc"
	fi
}

declare -A PASS_SUFFIX=([genl]="" [ip]=" (ip link)")

# kept_ktok DESC TOKEN: the in-tree token of row DESC into REPLY: TOKEN in
# the first pass (and recorded), the recorded one in the second.
kept_ktok() {
	if [ "$PASS" = genl ]; then
		KTOK[$1]=$2
		REPLY=$2
	else
		REPLY=${KTOK[$1]:-n/a}
	fi
}

# Results keyed "impl:key", filled by the scenario code.
declare -A RES=()

# res_row DESC EXPECTED KEY: diff_row on RES[macvlan:KEY] and RES[mvlan:KEY].
res_row() {
	diff_row "$1" "$2" "${RES[macvlan:$3]:-n/a}" "${RES[mvlan:$3]:-n/a}"
}

# shellcheck disable=SC2034 # TRY_ERR is read by the scenario files
# try CMD...: run, "ok" or "failed" into REPLY, stderr kept in TRY_ERR.
try() {
	if TRY_ERR=$("$@" 2>&1 >/dev/null); then REPLY=ok; else REPLY=failed; fi
}

# diff_fail_both DESC MVLAN-STDERR-REGEX MACVLAN-CMD... -- MVLAN-CMD...: an
# error of §3 that both must refuse; mvlan must also say why on stderr, as
# "mvlanctl: ...: <reason>" with the reason matching the regex (grep -Ei).
diff_fail_both() {
	local desc=$1 re=$2 ktok mtok err
	shift 2
	local -a kcmd=() mcmd=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do kcmd+=("$1"); shift; done
	shift
	mcmd=("$@")
	if ! impl_ok macvlan; then
		ktok=n/a
	elif err=$("${kcmd[@]}" 2>&1); then
		ktok=accepted
	else
		ktok=refused
		log "macvlan: ${err//$'\n'/ }"
	fi
	if ! impl_ok mvlan; then
		mtok=n/a
	elif mv_ip; then
		# through ip link: refused is enough (the in-tree driver gives
		# bare errnos, mvlan extack text; both are logged)
		if err=$("${mcmd[@]}" 2>&1); then mtok=accepted; else mtok=refused; fi
		log "mvlan: ${err//$'\n'/ }"
	elif err=$("${mcmd[@]}" 2>&1); then
		mtok=accepted
	elif ! grep -Eiq -- "^mvlanctl: .*($re)" <<<"$err"; then
		log "mvlan stderr does not match /^mvlanctl: .*($re)/: $err"
		mtok=unclear
	else
		log "mvlan: ${err//$'\n'/ }"
		mtok=refused
	fi
	diff_row "$desc" refused "$ktok" "$mtok"
}
