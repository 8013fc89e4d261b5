#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Namespaces: children created in one (--netns) or moved there work; deleting
# a namespace deletes its children and gives the lower back its filter state;
# moving the lower keeps its children attached, and deleting the lower's new
# namespace deletes them.
#
#   nw: vb 10.6.0.254 --- va (lower): c1 (n1) 10.6.0.1, c2 (n2) 10.6.0.2
#   wb --- wa (lower): k1 (n4), k2 (n5)
# shellcheck disable=SC2016 # one-line case bodies are single-quoted for eval
source ./lib.sh

mvlan_test_begin

cleanup() {
	cleanup_ns
	ip link del va
	ip link del wa
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

setup_ns nw n1 n2 n3 n4 n5
if ! veth_pair va vb nw || ! veth_pair wa wb; then ktap_exit_fail_msg "veth setup failed"; fi
ip -n nw addr add 10.6.0.254/24 dev vb
VA_IDX=$(sysfs va ifindex)

# absent_everywhere NAME: the tool (from here) and ip no longer see NAME.
tool_lacks() { [[ $("$MV" show --json) != *"\"$1\""* ]]; }

# --- create in a namespace, move into one ----------------------------------------
check "create --netns n1: the child is there" eval \
	'"$MV" create c1 --link va --mode bridge --netns n1 && dev_exists -n n1 c1 && ! dev_exists c1'
ip -n n1 addr add 10.6.0.1/24 dev c1 && ip -n n1 link set c1 up
check "a child created in a namespace works (ping from the wire)" ping_ok nw 10.6.0.1
t_seen_from_lower_ns() {
	local o
	o=$(jobj c1 "$("$MV" show --json)") || { log "c1 not listed"; return 1; }
	[[ $o == *'"netnsid"'* ]] && eq "c1 link" "$(jv link_ifindex "$o")" "$VA_IDX"
}
check "the lower's namespace lists the child with its netnsid" t_seen_from_lower_ns
check "the child's namespace sees it through the tool" mv_is -n n1 c1 mode bridge

check "create here, then ip link set netns n2" eval '"$MV" create c2 --link va --mode bridge &&
	ip link set c2 netns n2 && dev_exists -n n2 c2 && ! dev_exists c2'
ip -n n2 addr add 10.6.0.2/24 dev c2 && ip -n n2 link set c2 up
check "a moved child is still attached to its lower" eq "c2 link" \
	"$(jv link_ifindex "$(jobj c2 "$("$MV" show --json)")")" "$VA_IDX"
check "a moved child works (ping from the wire)" ping_ok nw 10.6.0.2
check "children in two namespaces reach each other (bridge mode)" ping_ok n1 10.6.0.2
check "moved twice (n2 -> n3 -> n2) it still works" eval 'ip -n n2 link set c2 netns n3 &&
	ip -n n3 link set c2 netns n2 && ip -n n2 addr add 10.6.0.2/24 dev c2 &&
	ip -n n2 link set c2 up && ping_ok nw 10.6.0.2'

# --- deleting namespaces ----------------------------------------------------------
check "deleting n1 deletes its child" eval 'ip netns del n1 && wait_for 10 tool_lacks c1'
check "the survivor in n2 still works" ping_ok nw 10.6.0.2

P0=$(link_attr wa promiscuity) U0=$(uc_entries wa)
log "wa before: promiscuity $P0, unicast [$U0]"
"$MV" create k1 --link wa --netns n4 && "$MV" create k2 --link wa --mode bridge --netns n5
ip -n n4 link set k1 up
ip -n n5 link set k2 up
t_uc_has_k1() {
	local k1
	k1=$(jv mac "$(jobj k1 "$("$MV" show --json)")")
	[[ -n $k1 && " $(uc_entries wa) " == *" $k1 "* ]]
}
check "up children in namespaces are in the lower's unicast list" t_uc_has_k1
check "deleting n4 and n5 deletes their children" eval 'ip netns del n4 && ip netns del n5 &&
	wait_for 10 tool_lacks k1 && wait_for 10 tool_lacks k2'
check "the lower's promiscuity is back to its value before" eq "wa promiscuity" \
	"$(link_attr wa promiscuity)" "$P0"
check "the lower's unicast list is back to its value before" eq "wa unicast" "$(uc_entries wa)" "$U0"
check "no port left on the lower" no_port wa

# --- moving the lower -----------------------------------------------------------
check "the lower moves to n3" eval 'ip link set va netns n3 && ip -n n3 link set va up'
check "its child in n2 still exists" dev_exists -n n2 c2
check "the port moved with the lower" eq "children" "$(port_get -n n3 va children)" 1
check "the child works through the moved lower" eval 'wait_for 5 ping_ok nw 10.6.0.2'
check "deleting the lower's namespace deletes the lower's children" eval \
	'ip netns del n3 && wait_for 10 eval "! dev_exists -n n2 c2"'
check "the tool sees no child left anywhere" eval '[ "$(jcount name "$("$MV" show --json)")" = 0 ]'
check "the module unloads" eval 'rmmod mvlan'
log "elapsed ${SECONDS}s"
finish
