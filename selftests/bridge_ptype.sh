#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 11 (f): a packet socket bound to the lower for ONE protocol (the
# lower's ptype_specific list, not a tap on every protocol) sees bridge-mode
# sibling unicast as with in-tree macvlan, which sends such frames through
# the lower's receive path (macvlan-behaviour.md §1.5): both count 50 of 50.
# Everything is in one namespace: the packet socket is handed the frame with
# the sibling as its device, and a socket sees only devices of its own
# namespace (with the sibling elsewhere, macvlan's socket sees none either).
#
#   fl (dummy) -- c1 bridge, c2 bridge
#   ml (dummy) -- m1 macvlan bridge, m2 macvlan bridge
source ./lib.sh

mvlan_test_begin
TRAFFIC=$PWD/traffic.bin
M2=02:00:00:0a:00:02 MM2=02:00:00:0a:01:02
N=50

cleanup() {
	ip link del fl
	ip link del ml
	no_ipv6_undo
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

no_ipv6
if ! ip link add fl up type dummy || ! ip link add ml up type dummy ||
	! "$MV" create c1 --link fl --mode bridge ||
	! "$MV" create c2 --link fl --mode bridge --mac $M2 ||
	! ip link add m1 link ml type macvlan mode bridge ||
	! ip link add m2 link ml address $MM2 type macvlan mode bridge; then
	ktap_exit_fail_msg "cannot create the children"
fi
ip -batch - <<EOF
link set c1 up
link set c2 up
link set m1 up
link set m2 up
EOF

# seen LOWER SENDER DSTMAC SIBLING: N IPv4 frames SENDER -> DSTMAC (pktgen)
# with an ETH_P_IP packet socket bound to LOWER; prints "TAPPED RECEIVED".
seen() {
	local r0 t
	r0=$(stat_of "$4" rx_packets)
	t=$("$TRAFFIC" ptap "$1" "$3" 0x0800 -- \
		bash -c "$(declare -f pktgen_send log); pktgen_send $2 $3 $N") || t="pktgen failed"
	echo "$t $(($(stat_of "$4" rx_packets) - r0))"
}
read -r kt kr <<<"$(seen ml m1 $MM2 m2)"
check "macvlan: the sibling received all $N" eq "m2 rx" "$kr" $N
check "macvlan: an ETH_P_IP socket on the lower saw all $N" eq "macvlan ptype_specific" "$kt" $N
read -r mt mr <<<"$(seen fl c1 $M2 c2)"
check "mvlan: the sibling received all $N" eq "c2 rx" "$mr" $N
check "mvlan: an ETH_P_IP socket on the lower saw as many as macvlan's" \
	eq "mvlan ptype_specific" "$mt" "$kt"

finish
