#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Counters: per-child rx/tx packets and bytes match the traffic sent, and
# every drop reason counts exactly the frames it dropped.
#
#   sw: vb 10.1.0.254 --- va (lower) --+-- c1 bridge 10.1.0.1 (sa)
#                                      +-- c2 bridge 10.1.0.2 (sb)
#                                      +-- c3 vepa, down;  s1 source
#   sw2: br2 (hairpin) -- xb --- xa (lower) -- p1 private 10.2.0.1 (sp), v2 vepa
# Static neighbours everywhere: no ARP, and IPv6 is off, so the only frames
# are the ones the test sends.
source ./lib.sh

mvlan_test_begin

cleanup() {
	cleanup_ns
	ip link del va
	ip link del xa
	no_ipv6_undo
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

setup_ns sw sa sb sw2 sp
no_ipv6 sw sa sb sw2 sp
if ! veth_pair va vb sw || ! veth_pair xa xb sw2; then ktap_exit_fail_msg "veth setup failed"; fi
VB_MAC=$(ip netns exec sw cat /sys/class/net/vb/address)
M1=02:00:00:01:00:01 M2=02:00:00:01:00:02 M3=02:00:00:01:00:03 M99=02:00:00:01:00:99
if ! "$MV" create c1 --link va --mode bridge --netns sa --mac $M1 ||
	! "$MV" create c2 --link va --mode bridge --netns sb --mac $M2 ||
	! "$MV" create c3 --link va --mac $M3 ||
	! "$MV" create p1 --link xa --mode private --netns sp ||
	! "$MV" create v2 --link xa; then
	ktap_exit_fail_msg "cannot create the children"
fi
ip link set v2 up
ip -n sw -batch - <<EOF
addr add 10.1.0.254/24 dev vb
neigh add 10.1.0.1 lladdr $M1 dev vb
neigh add 10.1.0.2 lladdr $M2 dev vb
neigh add 10.1.0.3 lladdr $M3 dev vb
neigh add 10.1.0.99 lladdr $M99 dev vb
EOF
ip -n sa -batch - <<EOF
addr add 10.1.0.1/24 dev c1
link set c1 up
neigh add 10.1.0.254 lladdr $VB_MAC dev c1
neigh add 10.1.0.2 lladdr $M2 dev c1
EOF
ip -n sb -batch - <<EOF
addr add 10.1.0.2/24 dev c2
link set c2 up
neigh add 10.1.0.254 lladdr $VB_MAC dev c2
neigh add 10.1.0.1 lladdr $M1 dev c2
EOF
ip -n sw2 -batch - <<EOF
link add br2 type bridge
link set xb master br2
link set br2 up
addr add 10.2.0.254/24 dev br2
EOF
bridge -n sw2 link set dev xb hairpin on
ip -n sp -batch - <<EOF
addr add 10.2.0.1/24 dev p1
link set p1 up
EOF

# dcp CHILD KEY: the change of a drop reason counted on the child or the port.
dcp() {
	local c p
	c=$(dc "$1" "$2")
	p=$(dp "$2")
	sub "$((${c/\?/0} + ${p/\?/0}))" 0
}
pingn() { ip netns exec "$1" ping -q -c "$2" -i 0.05 -W 1 "${@:3}" >/dev/null 2>&1; }

# --- unicast from the wire ------------------------------------------------------
snap_b
check "wire -> c1: 5 pings answered" pingn sw 5 10.1.0.1
snap_a
check "c1 rx_packets +5" delta_ok "c1 rx_packets" "$(dc c1 rx_packets)" 5
check "c1 tx_packets +5" delta_ok "c1 tx_packets" "$(dc c1 tx_packets)" 5
check "c1 rx_bytes +5*98" delta_ok "c1 rx_bytes" "$(dc c1 rx_bytes)" 490
check "c1 tx_bytes +5*98" delta_ok "c1 tx_bytes" "$(dc c1 tx_bytes)" 490
check "c2 saw none of it" delta_ok "c2 rx_packets" "$(dc c2 rx_packets)" 0
t_kernel_view() {
	eq "rx_packets (kernel vs tool)" "$(sysfs -n sa c1 statistics/rx_packets)" \
		"$(jv rx_packets "$(jobj c1 "$A")")" &&
		eq "tx_packets (kernel vs tool)" "$(sysfs -n sa c1 statistics/tx_packets)" \
			"$(jv tx_packets "$(jobj c1 "$A")")"
}
check "the kernel's link stats of c1 equal the tool's" t_kernel_view

# --- bridge-mode siblings -------------------------------------------------------
snap_b
tx0=$(stat_of va tx_packets)
check "c1 -> c2 (bridge siblings): 4 pings answered" pingn sa 4 10.1.0.2
snap_a
t_sibling_counts() {
	delta_ok "c1 tx" "$(dc c1 tx_packets)" 4 && delta_ok "c2 rx" "$(dc c2 rx_packets)" 4 &&
		delta_ok "c2 tx" "$(dc c2 tx_packets)" 4 && delta_ok "c1 rx" "$(dc c1 rx_packets)" 4
}
check "sibling rx/tx counters +4 each way" t_sibling_counts
check "bridge-mode sibling traffic never reaches the wire" delta_ok "va tx_packets" \
	"$(($(stat_of va tx_packets) - tx0))" 0

# --- no_child -------------------------------------------------------------------
snap_b
pingn sw 3 10.1.0.99
snap_a
check "no_child: 3 frames to an unknown MAC counted on the port" delta_ok "port no_child" \
	"$(dp no_child)" 3
none_to_c12() { delta_ok "c1 rx" "$(dc c1 rx_packets)" 0 && delta_ok "c2 rx" "$(dc c2 rx_packets)" 0; }
check "no_child: no child received them" none_to_c12

# --- child_down -----------------------------------------------------------------
snap_b
pingn sw 3 10.1.0.3
snap_a
check "child_down: 3 frames to a child that is down" delta_ok "child_down (child+port)" \
	"$(dcp c3 child_down)" 3
check "child_down frames are not no_child" delta_ok "port no_child" "$(dp no_child)" 0
check "the down child received nothing" delta_ok "c3 rx" "$(dc c3 rx_packets)" 0

# --- broadcast, delivered -------------------------------------------------------
snap_b
pingn sw 3 -b 10.1.0.255
mc_both() {
	snap_a
	[ "$(dc c1 rx_multicast)" = 3 ] && [ "$(dc c2 rx_multicast)" = 3 ]
}
wait_for 5 mc_both
check "broadcast from the wire: c1 rx_multicast +3" delta_ok "c1 rx_multicast" "$(dc c1 rx_multicast)" 3
check "broadcast from the wire: c2 rx_multicast +3" delta_ok "c2 rx_multicast" "$(dc c2 rx_multicast)" 3
check "broadcast counted in rx_packets too" delta_ok "c1 rx_packets" "$(dc c1 rx_packets)" 3
check "no overflow with the default queue" delta_ok "port bc_overflow" "$(dp bc_overflow)" 0

# --- bc_overflow ----------------------------------------------------------------
ip netns exec sa "$MV" set c1 --bc-queue-len 0
ip netns exec sb "$MV" set c2 --bc-queue-len 0
"$MV" set c3 --bc-queue-len 0
check "all children ask for queue length 0: the port uses 0" eq bc_queue_len_used \
	"$(port_get va bc_queue_len_used)" 0
rxd0=$(stat_of va rx_dropped)
snap_b
pingn sw 5 -b 10.1.0.255
nap 0.5
snap_a
check "bc_overflow: 5 broadcasts dropped and counted" delta_ok "bc_overflow (child+port)" \
	"$(dcp c1 bc_overflow)" 5
check "bc_overflow: the lower's rx_dropped +5" delta_ok "va rx_dropped" \
	"$(($(stat_of va rx_dropped) - rxd0))" 5
check "bc_overflow: no child got the broadcasts" none_to_c12
ip netns exec sa "$MV" set c1 --bc-queue-len 1000

# --- source_filter (nodst) ------------------------------------------------------
"$MV" create s1 --link va --mode source --nodst && "$MV" source s1 add "$VB_MAC" && ip link set s1 up
snap_b
check "nodst: frames from a listed source do not reach their destination" eval '! pingn sw 3 10.1.0.1'
snap_a
check "nodst: c1 received none" delta_ok "c1 rx" "$(dc c1 rx_packets)" 0
check "source_filter: 3 frames counted" delta_ok "source_filter (child+port)" "$(dcp s1 source_filter)" 3
check "source child got a copy of each" delta_ok "s1 rx_packets" "$(dc s1 rx_packets)" 3
"$MV" set s1 --dst
snap_b
check "--dst: the destination gets them again" pingn sw 2 10.1.0.1
snap_a
t_dst() { delta_ok "s1 rx" "$(dc s1 rx_packets)" 2 && delta_ok "source_filter" "$(dcp s1 source_filter)" 0; }
check "--dst: source child still gets copies, nothing filtered" t_dst

# --- private --------------------------------------------------------------------
snap_b xa
pingn sp 3 -b 10.2.0.255
nap 0.5
snap_a xa
check "private: 3 reflected broadcasts of a private child counted" delta_ok "private (child+port)" \
	"$(dcp p1 private)" 3
check "private: the vepa sibling got none of them" delta_ok "v2 rx" "$(dc v2 rx_packets)" 0
check "private: p1 sent 3" delta_ok "p1 tx" "$(dc p1 tx_packets)" 3

log "elapsed ${SECONDS}s"
finish
