#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod with live children in several namespaces and in every mode: it
# succeeds, every child goes, every lower is left exactly as it was (MAC,
# promiscuity, allmulti, unicast list, receive handler free), and the module
# loads and works again.
#
#   va (veth): private (u1), vepa (u2, allmulti), bridge (here)
#   d0 (dummy): passthru, MAC changed through it    d1 (dummy): passthru nopromisc
#   d2 (dummy): two source children with lists      wa (veth): 20 children in u3
# shellcheck disable=SC2016 # one-line case bodies are single-quoted for eval
source ./lib.sh

mvlan_test_begin
LOWERS=(va d0 d1 d2 wa)

cleanup() {
	cleanup_ns
	for d in "${LOWERS[@]}" bru; do ip link del "$d"; done
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

# lstate L: what mvlan must give back: MAC, promiscuity, allmulti, unicast list.
lstate() {
	local out p='' a='' re_p='promiscuity ([0-9]+)' re_a='allmulti ([0-9]+)'
	out=$(ip -d link show "$1" 2>/dev/null)
	[[ $out =~ $re_p ]] && p=${BASH_REMATCH[1]}
	[[ $out =~ $re_a ]] && a=${BASH_REMATCH[1]}
	echo "mac $(sysfs "$1" address) promiscuity $p allmulti $a uc [$(uc_entries "$1")]"
}

setup_ns u1 u2 u3 uw
if ! veth_pair va vb uw || ! veth_pair wa wb; then ktap_exit_fail_msg "veth setup failed"; fi
for d in d0 d1 d2; do ip link add "$d" up type dummy; done
declare -A BEFORE
for l in "${LOWERS[@]}"; do
	BEFORE[$l]=$(lstate "$l")
	log "$l before: ${BEFORE[$l]}"
done

t_populate() {
	"$MV" create up1 --link va --mode private --netns u1 &&
		"$MV" create up2 --link va --netns u2 &&
		"$MV" create ub --link va --mode bridge &&
		"$MV" create pp0 --link d0 --mode passthru &&
		"$MV" create pp1 --link d1 --mode passthru --nopromisc &&
		"$MV" create sr0 --link d2 --mode source --nodst &&
		"$MV" create sr1 --link d2 --mode source &&
		"$MV" source sr0 add 02:00:00:00:50:01 02:00:00:00:50:02 02:00:00:00:50:03 &&
		"$MV" source sr1 set 02:00:00:00:50:01 02:00:00:00:50:04 &&
		"$MV" create --count 20 --prefix uw --link wa --mode bridge --netns u3 --bc-queue-len 5000 || return 1
	ip -n u1 link set up1 up && ip -n u2 link set up2 allmulticast on up && ip link set ub up &&
		ip link set pp0 up && ip link set pp0 address 02:00:00:00:d0:01 && ip link set pp1 up &&
		ip link set sr0 up && ip link set sr1 up || return 1
	ip -n u3 -batch - <<-EOF
		link set uw0 up
		link set uw5 up
		link set uw19 up
	EOF
}
check "children in every mode, in four namespaces, up" t_populate
t_lowers_changed() {
	local d0 va
	d0=$(lstate d0) va=$(lstate va)
	log "d0 with children: $d0"
	log "va with children: $va"
	[ "$d0" != "${BEFORE[d0]}" ] && [ "$va" != "${BEFORE[va]}" ]
}
check "the children changed their lowers (MAC, filters)" t_lowers_changed

check "rmmod with live children succeeds" rmmod mvlan
check "the module is gone" eval '[ -z "$(mod_refcnt)" ] && ! [ -e /sys/module/mvlan ]'
t_no_children() {
	local ns left=''
	for ns in "" u1 u2 u3; do
		left+=$(mvlan_devs "$ns" | tr '\n' ' ')
	done
	[ -z "${left// /}" ] && return 0
	log "children left: $left"
	return 1
}
check "no child is left in any namespace" t_no_children
for l in "${LOWERS[@]}"; do
	check "$l is exactly as before" eq "$l" "$(lstate "$l")" "${BEFORE[$l]}"
done
t_handler_free() {
	local l
	ip link add bru type bridge || return 1
	for l in "${LOWERS[@]}"; do
		ip link set "$l" master bru || { log "$l cannot join a bridge"; return 1; }
		ip link set "$l" nomaster
	done
	ip link del bru
}
check "every lower's receive handler is free (a bridge can take them)" t_handler_free
refused "without the module, the tool says so in one line" 'mvlan|family|module|load|support' "" \
	"$MV" show
check "insmod again" mvlan_load
check "the reloaded module works (create, up, delete)" eval \
	'"$MV" create again --link va && ip link set again up && "$MV" delete again && ! dev_exists again'
check "and unloads again" rmmod mvlan
log "elapsed ${SECONDS}s"
finish
