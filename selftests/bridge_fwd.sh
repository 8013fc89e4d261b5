#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bridge-mode unicast between siblings: which way it travels (inline in the
# sender's context, through the backlog, or through the lower's receive path
# while something watches the lower), that the way taken is counted, and that
# every frame arrives, in order and intact, in both directions at once.
#
#   fl (dummy) --+-- c1 bridge 10.3.0.1 (here)   c1.100 10.4.0.1
#                +-- c2 bridge 10.3.0.2 (fb)     c2.100 10.4.0.2
#   ml (dummy) --+-- m1 macvlan bridge (here), m2 macvlan bridge (fb)
source ./lib.sh

mvlan_test_begin

TRAFFIC=$PWD/traffic.bin
PG=/proc/net/pktgen
M1=02:00:00:03:00:01 M2=02:00:00:03:00:02 MM2=02:00:00:03:01:02
N=2000

cleanup() {
	cleanup_ns
	ip link del fl
	ip link del ml
	no_ipv6_undo
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

[ -d $PG ] || ktap_exit_fail_msg "pktgen is not available"
setup_ns fb
no_ipv6 fb
if ! ip link add fl type dummy || ! ip link set fl up ||
	! ip link add ml type dummy || ! ip link set ml up ||
	! "$MV" create c1 --link fl --mode bridge --mac $M1 ||
	! "$MV" create c2 --link fl --mode bridge --mac $M2 --netns fb ||
	! ip link add m1 link ml type macvlan mode bridge ||
	! ip link add m2 link ml address $MM2 type macvlan mode bridge ||
	! ip link set m2 netns fb; then
	ktap_exit_fail_msg "cannot create the children"
fi
# sibling_setup NS DEV ADDR VLAN_ADDR PEER_ADDR PEER_VLAN_ADDR PEER_MAC MACVLAN
sibling_setup() {
	in_ns "$1" ip -batch - <<EOF
addr add $3/24 dev $2
link set $2 up
neigh add $5 lladdr $7 dev $2
link add link $2 name $2.100 type vlan id 100
addr add $4/24 dev $2.100
link set $2.100 up
neigh add $6 lladdr $7 dev $2.100
link set $8 up
EOF
}
sibling_setup "" c1 10.3.0.1 10.4.0.1 10.3.0.2 10.4.0.2 $M2 m1
sibling_setup fb c2 10.3.0.2 10.4.0.2 10.3.0.1 10.4.0.1 $M1 m2

# fwd CHILD PATH: the change of CHILD's bridge forwarding counter PATH
# (inline, backlog, lower) between snap_b and snap_a.
fwd_of() {
	local re='"fwd"[[:space:]]*:[[:space:]]*\{[^}]*\}' o
	o=$(jobj "$1" "$3") && [[ $o =~ $re ]] && jv "$2" "${BASH_REMATCH[0]}"
}
fwd() { sub "$(fwd_of "$1" "$2" "$A")" "$(fwd_of "$1" "$2" "$B")"; }
# rx_fb: c2's rx_packets (it lives in fb).
rx_fb() { ip netns exec fb cat /sys/class/net/c2/statistics/rx_packets; }

# --- nothing watches the lower: inline -----------------------------------------
snap_b fl
rx0=$(rx_fb)
check "pktgen c1 -> c2: $N frames sent" pktgen_send c1 $M2 $N
snap_a fl
check "c2 received all $N" eq "c2 rx" "$(($(rx_fb) - rx0))" $N
# PREEMPT_RT hides held locks from preempt_count(): never inline there.
if preempt_rt; then WAY=backlog OTHER=inline; else WAY=inline OTHER=backlog; fi
check "c1 counted $N frames forwarded $WAY" eq "$WAY" "$(fwd c1 $WAY)" $N
check "none through the $OTHER or the lower" \
	eq "$OTHER+lower" "$(($(fwd c1 $OTHER) + $(fwd c1 lower)))" 0
check "c1 counted $N sent" eq "c1 tx" "$(dc c1 tx_packets)" $N

# --- a packet tap on the lower: through the lower, as with macvlan -------------
snap_b fl
rx0=$(rx_fb)
seen=$("$TRAFFIC" tap fl $M2 -- bash -c "$(declare -f pktgen_send log); pktgen_send c1 $M2 $N")
snap_a fl
check "with a tap on the lower, the tap sees all $N" eq "tap" "$seen" $N
check "c2 still received all $N" eq "c2 rx" "$(($(rx_fb) - rx0))" $N
check "c1 counted them forwarded through the lower" eq "lower" "$(fwd c1 lower)" $N
seen=$("$TRAFFIC" tap ml $MM2 -- bash -c "$(declare -f pktgen_send log); pktgen_send m1 $MM2 $N")
check "in-tree macvlan: a tap on the lower sees them too" eq "macvlan tap" "$seen" $N

# --- sockets: replies come from softirq context, always through the backlog -----
snap_b fl
check "c1 pings c2 5 times" ping -q -c 5 -i 0.05 -W 2 10.3.0.2
snap_a fl
check "c2's 5 replies went through the backlog" eq "c2 backlog" "$(fwd c2 backlog)" 5
check "and none inline" eq "c2 inline" "$(fwd c2 inline)" 0
check "c1's 5 requests went inline or through the backlog" \
	eq "c1 inline+backlog" "$(($(fwd c1 inline) + $(fwd c1 backlog)))" 5
log "c1's requests: $(fwd c1 inline) inline, $(fwd c1 backlog) backlog"

# --- VLAN-tagged frames take the lower's path (its VLAN devices come first) ----
snap_b fl
check "c1.100 pings c2.100 3 times" ping -q -c 3 -i 0.05 -W 2 10.4.0.2
snap_a fl
check "the 3 tagged requests went through the lower" eq "c1 lower" "$(fwd c1 lower)" 3
check "the 3 tagged replies went through the lower" eq "c2 lower" "$(fwd c2 lower)" 3

# --- TCP in both directions at once, on both CPUs -------------------------------
BYTES=4000000
tcp_both_ways() {
	local sa sb ra rb
	ip netns exec fb "$TRAFFIC" serve 5001 >/tmp/bf.srv1 & sa=$!
	"$TRAFFIC" serve 5002 >/tmp/bf.srv2 & sb=$!
	serving /tmp/bf.srv1 /tmp/bf.srv2 || return 1	# cleanup reaps them
	timeout 60 "$TRAFFIC" send 10.3.0.2 5001 $BYTES & ra=$!
	ip netns exec fb timeout 60 "$TRAFFIC" send 10.3.0.1 5002 $BYTES & rb=$!
	wait $ra && wait $rb && wait $sa && wait $sb
}
snap_b fl
check "TCP: $BYTES bytes each way at once arrive intact" tcp_both_ways
snap_a fl
log "c1 -> c2: $(fwd c1 inline) inline, $(fwd c1 backlog) backlog; c2 -> c1: $(fwd c2 inline) inline, $(fwd c2 backlog) backlog"
check "both directions were forwarded between the siblings" \
	test "$(($(fwd c1 inline) + $(fwd c1 backlog)))" -gt 0 -a \
	"$(($(fwd c2 inline) + $(fwd c2 backlog)))" -gt 0
check "nothing dropped on the way" \
	eq "drops" "$(($(dc c1 tx_dropped) + $(dc c2 rx_dropped)))" 0
rm -f /tmp/bf.srv1 /tmp/bf.srv2

# --- sibling down: dropped and counted, as the rx_handler does -----------------
ip -n fb link set c2 down
snap_b fl
check "pktgen c1 -> c2 while c2 is down" pktgen_send c1 $M2 100
snap_a fl
check "c2 counted 100 child-down drops" eq "child_down" "$(dc c2 child_down)" 100
check "c1 counted 100 sent" eq "c1 tx" "$(dc c1 tx_packets)" 100
check "and none forwarded" eq "inline" "$(fwd c1 inline)" 0

finish
