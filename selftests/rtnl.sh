#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The drop-in kind: mvlan loaded with macvlan_compat=1 owns "macvlan". One
# state for both control planes (a child made by ip is listed, changed and
# deleted by mvlanctl and the other way round), events from both planes for
# changes made by either, refusals with a message that names the problem,
# and the load refused while the in-tree macvlan holds the kind.
#
#   va (lower) --- vb (nw)
source ./lib.sh

ktap_print_header
MV=$(command -v "$MVLANCTL") || ktap_exit_fail_msg "$MVLANCTL not found"
OUT=/tmp/rtnl.$$
MON_PIDS=()

cleanup() {
	for p in "${MON_PIDS[@]}"; do kill "$p"; done
	cleanup_ns
	ip link del va
	rm -f "$OUT".*
	compat_unload
} >/dev/null 2>&1
trap cleanup EXIT

if intree_macvlan_builtin; then
	ktap_skip_all "the in-tree macvlan is built into this kernel: the kind cannot be taken"
	exit 4
fi

# --- loading -------------------------------------------------------------------
mvlan_unload
grep -q '^macvlan ' /proc/modules || insmod "$(intree_macvlan_ko)"
dmesg -c >/dev/null
t_load_refused() {
	if insmod "$MVLAN_KO" macvlan_compat=1 2>/dev/null; then
		log "loaded although the in-tree macvlan holds the kind"
		rmmod mvlan
		return 1
	fi
	dmesg | grep -q 'kind "macvlan" is taken.*modprobe -r macvtap macvlan' ||
		{ log "dmesg: $(dmesg | tail -n 3)"; return 1; }
}
check "compat load refused while the in-tree macvlan is loaded, dmesg says what to do" \
	t_load_refused
check "compat load with the in-tree macvlan unloaded" compat_load
t_intree_refused() { ! insmod "$(intree_macvlan_ko)" 2>/dev/null; }
check "the in-tree macvlan cannot load while mvlan owns the kind" t_intree_refused

veth_pair va vb || ktap_exit_fail_msg "veth setup failed"
setup_ns nw c1ns
ip link set vb netns nw && ip -n nw link set vb up

# ipd DEV [NS]: `ip -d -j link show DEV` in NS.
ipd() { in_ns "${2:-}" ip -d -j link show dev "$1"; }

# --- one state, two control planes ---------------------------------------------
pp ip link add link va name m1 type macvlan mode bridge
t_ip_child_in_tool() {
	local o
	o=$(jobj m1 "$("$MV" show --json)") || { log "m1 not listed by mvlanctl"; return 1; }
	eq "mode" "$(jv mode "$o")" bridge
}
check "a child made by ip link is listed by mvlanctl" t_ip_child_in_tool
t_kind() { eq "info_kind of $1" "$(jv info_kind "$(ipd "$1")")" "$2"; }
check "ip shows it as kind macvlan" t_kind m1 macvlan
pp "$MV" set m1 --mode private
t_mode_ip() { eq "ip mode of $1" "$(jv mode "$(ipd "$1" "${3:-}")")" "$2"; }
check "mvlanctl set changes what ip shows" t_mode_ip m1 private
pp ip link set m1 type macvlan mode vepa
t_mode_tool() { eq "mvlanctl mode of $1" "$(jv mode "$(jobj "$1" "$("$MV" show --json)")")" "$2"; }
check "ip link set changes what mvlanctl shows" t_mode_tool m1 vepa
pp "$MV" create m2 --link va --mode bridge >/dev/null
check "a child made by mvlanctl is kind mvlan to ip" t_kind m2 mvlan
t_tool_deletes() { "$MV" delete m1 && ! dev_exists m1; }
check "mvlanctl deletes a child made by ip" t_tool_deletes
check "ip deletes a child made by mvlanctl" eval 'ip link del m2 && ! dev_exists m2'

# --- events from both planes -----------------------------------------------------
pp ip link add link va name m3 type macvlan mode bridge
ip monitor link >"$OUT.rtnl" 2>&1 &
MON_PIDS+=($!)
"$MV" monitor --json >"$OUT.genl" 2>&1 &
MON_PIDS+=($!)
# Both monitors listen once a change made now reaches them.
ready() { grep -q m3 "$OUT.rtnl" && grep -q '"m3"' "$OUT.genl"; }
for _ in 1 2 3 4 5 6 7 8 9 10; do
	ip link set m3 mtu 1400
	ip link set m3 mtu 1500
	wait_for 1 ready && break
done
: >"$OUT.rtnl"
: >"$OUT.genl"
changes() { grep -cE '"event" *: *"change"' "$OUT.genl"; }
# one_change: exactly one genl change event (waiting for the first).
one_change() {
	# shellcheck disable=SC2016 # evaluated by wait_for, each round
	wait_for 5 eval '[ "$(changes)" -ge 1 ]'
	eq "genl change events" "$(changes)" 1
}
rtnl_seen() { grep -q "m3" "$OUT.rtnl"; }
pp "$MV" set m3 --mode private
check "mvlanctl set: rtnetlink announces the link (ip monitor)" wait_for 5 rtnl_seen
check "mvlanctl set: one genl change event" one_change
: >"$OUT.rtnl"
: >"$OUT.genl"
pp ip link set m3 type macvlan mode bridge
check "ip link set: one genl change event" one_change
t_event_mode() { grep -E '"event" *: *"change"' "$OUT.genl" | grep -q '"mode" *: *"bridge"'; }
check "ip link set: the event carries the new mode" t_event_mode
check "ip link set: rtnetlink announces the link" wait_for 5 rtnl_seen
for p in "${MON_PIDS[@]}"; do kill "$p" 2>/dev/null; done
MON_PIDS=()

# --- source lists through MACADDR_MODE --------------------------------------------
S1=02:aa:00:00:00:01 S2=02:aa:00:00:00:02 S3=02:aa:00:00:00:03
pp ip link add link va name s1 type macvlan mode source
pp ip link set s1 type macvlan macaddr add $S1
pp ip link set s1 type macvlan macaddr set $S2 $S3
t_sources() {
	local want=$1 got
	got=$(jarr macaddr_data "$(ipd s1)" 2>/dev/null)
	eq "ip source list" "$got" "$want" &&
		eq "mvlanctl source list" "$(jarr source_macs "$(mv_json s1)")" "$want"
}
check "macaddr add, then set replaces the list" t_sources "$S2 $S3"
pp ip link set s1 type macvlan macaddr del $S2
check "macaddr del removes one" t_sources "$S3"
pp ip link set s1 type macvlan macaddr del $S1
check "macaddr del of an unlisted MAC is a no-op (as in-tree)" t_sources "$S3"
pp ip link set s1 type macvlan macaddr flush
t_no_sources() { [ "$(jv macaddr_count "$(ipd s1)")" = 0 ] && ! jarr macaddr_data "$(ipd s1)" >/dev/null; }
check "macaddr flush empties it (count 0, no list)" t_no_sources
pp "$MV" source s1 add $S1 >/dev/null
check "a source added by mvlanctl shows in ip" t_sources "$S1"

# --- refusals carry a message that names the problem -------------------------------
# ipfail DESC PATTERN CMD...: ip must fail with "Error: ..." matching PATTERN.
ipfail() { expect_fail "$1" "^Error: .*$2" "${@:3}"; }
ipfail "mode change to passthru refused" "cannot change mode to passthru" \
	ip link set s1 type macvlan mode passthru
ipfail "source MACs on a bridge child refused" "needs mode source" \
	ip link add link va name x1 type macvlan mode bridge macaddr add $S1
ipfail "MTU above the lower's refused" "above the lower's MTU 1500" \
	ip link add link va name x1 mtu 9000 type macvlan
ipfail "the lower's own MAC refused" "is the MAC of lower va" \
	ip link add link va name x1 address "$(sysfs va address)" type macvlan
ipfail "a sibling's MAC refused" "already used by s1" \
	ip link add link va name x1 address "$(sysfs s1 address)" type macvlan
pp ip link add link va name p1 type macvlan mode bridge
ipfail "passthru next to other children refused" "passthru must be the only child" \
	ip link add link va name x1 type macvlan mode passthru
ip link add vbr type bridge && ip link add vx type veth peer name vy && ip link set vx master vbr
ipfail "a bridge port as lower refused, naming the bridge" "vbr" \
	ip link add link vx name x1 type macvlan
ip link del vbr
ip link del vx
check "no refused child was left behind" eval '! dev_exists x1'

# --- namespaces: CNI's way, created directly in the container ----------------------
pp ip link add link va name c1 netns c1ns type macvlan mode bridge
t_in_ns() {
	local js
	js=$(ipd c1 c1ns) || return 1
	eq "mode" "$(jv mode "$js")" bridge && [[ $js == *'"link_netnsid"'* ]]
}
check "created in a namespace with the lower named in the caller's" t_in_ns
ip -n c1ns addr add 10.12.0.1/24 dev c1 && ip -n c1ns link set c1 up
ip -n nw addr add 10.12.0.254/24 dev vb
ip link set va up
check "the child in the namespace works (ping from the wire)" ping_ok nw 10.12.0.1

# --- unload with live children of both kinds ---------------------------------------
pp "$MV" create m4 --link va >/dev/null
t_unload() {
	rmmod mvlan || return 1
	! dev_exists s1 && ! dev_exists m4 && ! dev_exists -n c1ns c1
}
check "rmmod with live macvlan- and mvlan-kind children removes them" t_unload
check "the in-tree macvlan loads again afterwards" compat_unload

finish
