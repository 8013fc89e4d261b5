#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MAC and MTU rules: random locally administered default MACs, explicit
# MACs, MAC changes by ip and by mvlanctl (and the lower's unicast list
# following them), duplicates refused naming the holder, MTU defaulting to
# and capped by the lower's.
#
#   vb --- va (lower, mtu 1400): m1, m2, m3
# shellcheck disable=SC2016 # one-line case bodies are single-quoted for eval
source ./lib.sh

mvlan_test_begin

cleanup() {
	ip link del va
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

# rtnl_refused DESCRIPTION PATTERN CMD...: an ip(8) request that must fail.
rtnl_refused() {
	local desc=$1 pat=$2 err
	shift 2
	if err=$("$@" 2>&1); then
		log "unexpected success: $*"
		ktap_test_fail "$desc"
	elif ! [[ ${err,,} =~ ${pat,,} ]]; then
		log "stderr '$err' does not match /$pat/"
		ktap_test_fail "$desc"
	else
		log "refused: $err"
		ktap_test_pass "$desc"
	fi
}
# uc_has DEV MAC / uc_lacks DEV MAC: MAC is (not) in DEV's unicast list.
uc_has() {
	local l
	l=$(uc_entries "$1")
	[[ " $l " == *" $2 "* ]] && return 0
	log "$1 unicast list [$l] lacks $2"
	return 1
}
uc_lacks() {
	local l
	l=$(uc_entries "$1")
	[[ " $l " != *" $2 "* ]] && return 0
	log "$1 unicast list [$l] still has $2"
	return 1
}

veth_pair va vb || ktap_exit_fail_msg "veth setup failed"
ip link set va mtu 1400
VA_MAC=$(sysfs va address)
if ! "$MV" create m1 --link va || ! "$MV" create m2 --link va; then
	ktap_exit_fail_msg "cannot create the children"
fi
M1=$(sysfs m1 address) M2=$(sysfs m2 address)
log "default MACs: m1 $M1, m2 $M2; lower $VA_MAC"

# --- MACs -----------------------------------------------------------------------
t_random_mac() {
	local o=$((16#${M1:0:2}))
	[[ $M1 =~ ^([0-9a-f]{2}:){5}[0-9a-f]{2}$ ]] && [ $((o & 1)) -eq 0 ] && [ $((o & 2)) -eq 2 ]
}
check "default MAC is unicast and locally administered" t_random_mac
check "default MACs differ between children and from the lower" eval \
	'[ "$M1" != "$M2" ] && [ "$M1" != "$VA_MAC" ] && [ "$M1" != 00:00:00:00:00:00 ]'
check "explicit --mac is used" eval '"$MV" create m3 --link va --mac 02:00:00:00:ee:03 &&
	eq m3 "$(sysfs m3 address)" 02:00:00:00:ee:03'
refused "a child with the lower's MAC is refused" 'in use|already|va|lower' m4 \
	"$MV" create m4 --link va --mac "$VA_MAC"

ip link set m1 up && ip link set m2 up
check "an up child's MAC is in the lower's unicast list" uc_has va "$M1"
check "ip link set address on an up child" eval 'ip link set m1 address 02:00:00:00:ee:11 &&
	eq m1 "$(sysfs m1 address)" 02:00:00:00:ee:11 && mv_is m1 mac 02:00:00:00:ee:11'
check "the lower's unicast list has the new MAC and not the old" eval \
	'uc_has va 02:00:00:00:ee:11 && uc_lacks va "$M1"'
check "mvlanctl set --mac on an up child" eval '"$MV" set m1 --mac 02:00:00:00:ee:12 &&
	eq m1 "$(sysfs m1 address)" 02:00:00:00:ee:12'
check "the lower's unicast list follows mvlanctl set --mac" eval \
	'uc_has va 02:00:00:00:ee:12 && uc_lacks va 02:00:00:00:ee:11'
check "ip link set address on a down child" eval 'ip link set m3 address 02:00:00:00:ee:13 &&
	eq m3 "$(sysfs m3 address)" 02:00:00:00:ee:13'
check "a down child's MAC is not in the lower's list" uc_lacks va 02:00:00:00:ee:13

refused "duplicate MAC by mvlanctl set: refused naming the holder" 'm1' "" \
	"$MV" set m2 --mac 02:00:00:00:ee:12
rtnl_refused "duplicate MAC by ip link set: address in use" 'already used by m1' \
	ip link set m2 address 02:00:00:00:ee:12
check "m2 kept its MAC" eq m2 "$(sysfs m2 address)" "$M2"
rtnl_refused "the lower's MAC by ip link set: refused" 'is the MAC of lower va' ip link set m2 address "$VA_MAC"
refused "the lower's MAC by mvlanctl set: refused" 'in use|already|va|lower' "" \
	"$MV" set m2 --mac "$VA_MAC"
rtnl_refused "multicast MAC by ip link set: refused" 'address|invalid|cannot' \
	ip link set m2 address 01:00:5e:00:00:05
check "m2 still has its MAC after the refusals" eq m2 "$(sysfs m2 address)" "$M2"
check "a MAC freed by a change can be taken by a sibling" eval \
	'"$MV" set m2 --mac 02:00:00:00:ee:11 && eq m2 "$(sysfs m2 address)" 02:00:00:00:ee:11'

# --- MTU ------------------------------------------------------------------------
check "default MTU is the lower's" eval 'eq m1 "$(sysfs m1 mtu)" 1400 && mv_is m2 mtu 1400'
refused "--mtu above the lower's: refused naming the largest allowed (1400)" '1400' m5 \
	"$MV" create m5 --link va --mtu 1401
refused "--mtu below the minimum: refused" 'mtu|68|small|minimum|range' m5 \
	"$MV" create m5 --link va --mtu 67
check "--mtu below the lower's is used" eval '"$MV" create m5 --link va --mtu 1000 &&
	eq m5 "$(sysfs m5 mtu)" 1000'
rtnl_refused "ip link set mtu above the lower's: refused" 'invalid|argument|mtu|1400' \
	ip link set m1 mtu 1401
check "m1 MTU unchanged" eq m1 "$(sysfs m1 mtu)" 1400
# rtnetlink gives ndo_change_mtu no extack: the reason is in the log.
check "the kernel log says why the MTU was refused" eval \
	'dmesg | grep -qE "(^|\] )mvlan: m1: MTU 1401 refused, above the MTU 1400 of its lower va$"'
check "ip link set mtu below the lower's" eval 'ip link set m1 mtu 1280 && eq m1 "$(sysfs m1 mtu)" 1280'
rtnl_refused "ip link set mtu below 68: refused" 'mtu|invalid|minimum|less' ip link set m1 mtu 67
check "ip link set mtu equal to the lower's" eval 'ip link set m1 mtu 1400 && eq m1 "$(sysfs m1 mtu)" 1400'
check "raised lower MTU lets a child go higher" eval 'ip link set va mtu 9000 &&
	ip link set m1 mtu 9000 && eq m1 "$(sysfs m1 mtu)" 9000'

# --- deletion -------------------------------------------------------------------
check "a deleted child's MAC leaves the lower's unicast list" eval '"$MV" delete m1 &&
	uc_lacks va 02:00:00:00:ee:12'
log "elapsed ${SECONDS}s"
finish
