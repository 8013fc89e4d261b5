#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What happens to children when their lower changes: carrier and operstate
# follow it, its MTU clamps them, its TSO limits are inherited, its
# unregistration deletes them (in every namespace), a passthru child and its
# lower share one MAC, and a lower in use cannot join a bridge.
#
#   vb --- va (lower): e1 (up), e2 (down, mtu 1400), e3 (up, in ns le1)
#   d1 (dummy): p1 passthru        bf0/bm0 (bridges): fb (mvlan) / mb (macvlan)
# shellcheck disable=SC2016 # one-line case bodies are single-quoted for eval
source ./lib.sh

mvlan_test_begin

cleanup() {
	cleanup_ns
	for d in va d1 bf0 bm0 pf pm brx; do ip link del "$d"; done
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

# is_attr DEV ATTR WANT: /sys/class/net/DEV/ATTR reads WANT.
is_attr() { [ "$(sysfs "$1" "$2")" = "$3" ]; }
wait_attr() {
	wait_for 5 is_attr "$@" && return 0
	log "$1 $2 is '$(sysfs "$1" "$2")', want '$3'"
	return 1
}
# all_json: every child, as the tool sees them from here (all namespaces).
carrier_of() { jv carrier "$(jobj "$1" "$("$MV" show --json)")"; }

setup_ns le1
veth_pair va vb || ktap_exit_fail_msg "veth setup failed"
if ! "$MV" create e1 --link va || ! "$MV" create e2 --link va --mtu 1400 ||
	! "$MV" create e3 --link va --netns le1; then
	ktap_exit_fail_msg "cannot create the children"
fi
ip link set e1 up
ip -n le1 link set e3 up

# --- carrier and operstate ------------------------------------------------------
check "child of a lower with carrier is up" eval 'wait_attr e1 operstate up && is_attr e1 carrier 1'
pp ip link set vb down
check "peer down: child loses carrier" wait_attr e1 carrier 0
check "peer down: child operstate lowerlayerdown" wait_attr e1 operstate lowerlayerdown
check "peer down: the tool reports carrier false (child in another netns)" eq "e3 carrier" \
	"$(carrier_of e3)" false
pp "$MV" create e4 --link va
check "child created while the lower has no carrier starts without it" eval \
	'ip link set e4 up && wait_attr e4 operstate lowerlayerdown'
pp ip link set vb up
check "peer up: child regains carrier" wait_attr e1 carrier 1
check "peer up: child operstate up" wait_attr e1 operstate up
check "peer up: the child created meanwhile comes up too" wait_attr e4 operstate up
check "peer up: the tool reports carrier true" eq "e3 carrier" "$(carrier_of e3)" true
t_admin_untouched() {
	local flags
	flags=$(sysfs e2 flags)
	[ $((flags & 1)) -eq 0 ] && return 0
	log "e2 flags $flags: brought up by a lower event"
	return 1
}
check "a child that is admin down stays down" t_admin_untouched
pp ip link set va down
check "lower admin down: child operstate lowerlayerdown" wait_attr e1 operstate lowerlayerdown
pp ip link set va up
check "lower admin up: child operstate up" wait_attr e1 operstate up

# --- MTU ------------------------------------------------------------------------
pp ip link set va mtu 1300
check "lower MTU 1300: child at 1500 clamped" wait_attr e1 mtu 1300
check "lower MTU 1300: child at 1400 clamped" wait_attr e2 mtu 1300
check "lower MTU 1300: child in another netns clamped" eq "e3 mtu" \
	"$(jv mtu "$(jobj e3 "$("$MV" show --json)")")" 1300
pp ip link set va mtu 1500
check "lower MTU back to 1500: children are not raised" eval 'is_attr e1 mtu 1300 && is_attr e2 mtu 1300'
check "a child can then be raised up to the lower's MTU" eval \
	'ip link set e1 mtu 1500 && is_attr e1 mtu 1500'

# --- features -------------------------------------------------------------------
t_tso_inherit() {
	local lsz csz lsg csg
	lsz=$(link_attr va tso_max_size) csz=$(link_attr e1 tso_max_size)
	lsg=$(link_attr va tso_max_segs) csg=$(link_attr e1 tso_max_segs)
	log "va tso_max_size $lsz segs $lsg, e1 tso_max_size $csz segs $csg"
	[ -n "$lsz" ] && eq tso_max_size "$csz" "$lsz" && eq tso_max_segs "$csg" "$lsg"
}
check "child inherits the lower's TSO limits" t_tso_inherit

# A feature change of the lower: a bridge's TSO limit follows its ports.
# The in-tree macvlan on an identical bridge is the oracle for what changes.
t_feat_change() {
	local f0 m0 f1 m1
	ip link add bf0 up type bridge && ip link add bm0 up type bridge || return 1
	"$MV" create fb --link bf0 && ip link add link bm0 name mb type macvlan || return 1
	f0=$(link_attr fb tso_max_size) m0=$(link_attr mb tso_max_size)
	ip link add pf type veth peer name pf1 && ip link add pm type veth peer name pm1 &&
		ip link set pf master bf0 && ip link set pm master bm0 || return 1
	f1=$(link_attr fb tso_max_size) m1=$(link_attr mb tso_max_size)
	log "tso_max_size: macvlan $m0 -> $m1, mvlan $f0 -> $f1"
	if [ "$m0" = "$m1" ]; then
		FEAT_SKIP="macvlan does not follow this change either ($m0)"
		return 0
	fi
	eq "mvlan child tso_max_size" "$f1" "$m1"
}
FEAT_SKIP=
if t_feat_change; then
	if [ -n "$FEAT_SKIP" ]; then
		ktap_test_skip "lower feature change propagates (like macvlan): $FEAT_SKIP"
	else
		ktap_test_pass "lower feature change propagates (like macvlan)"
	fi
else
	ktap_test_fail "lower feature change propagates (like macvlan)"
fi

# --- a lower in use -------------------------------------------------------------
pp ip link add brx type bridge
t_no_enslave() {
	local err
	if err=$(ip link set va master brx 2>&1); then
		log "va was enslaved to brx while it has children"
		return 1
	fi
	log "refused: $err"
}
check "a lower with children cannot become a bridge port" t_no_enslave
ktap_test_skip "lower type change is vetoed: bonding is not in the test VM"

# --- passthru and the lower's MAC -------------------------------------------------
pp ip link add d1 up type dummy
D1_MAC0=$(sysfs d1 address)
pp "$MV" create p1 --link d1 --mode passthru
ip link set p1 up
check "passthru child takes the lower's MAC" eq "p1 MAC" "$(sysfs p1 address)" "$D1_MAC0"
pp ip link set d1 address 02:00:00:00:d1:01
check "lower's MAC changed: passthru child follows" wait_attr p1 address 02:00:00:00:d1:01
pp ip link set p1 address 02:00:00:00:d1:02
check "passthru child's MAC changed: the lower's changes too" wait_attr d1 address 02:00:00:00:d1:02
pp "$MV" delete p1
check "passthru child deleted: lower's MAC restored" wait_attr d1 address 02:00:00:00:d1:01

# --- unregistering the lower ----------------------------------------------------
pp ip link del va
t_gone() {
	local js left=
	for d in e1 e2 e4; do dev_exists "$d" && left+=" $d"; done
	dev_exists -n le1 e3 && left+=" le1/e3"
	js=$("$MV" show --json)
	for d in e1 e2 e3 e4; do [[ $js == *"\"$d\""* ]] && left+=" tool:$d"; done
	[ -z "$left" ] && return 0
	log "left behind:$left"
	return 1
}
check "lower deleted: every child is deleted, in every namespace" t_gone
check "module still unloads" eval '"$MV" delete fb; rmmod mvlan'
log "elapsed ${SECONDS}s"
finish
