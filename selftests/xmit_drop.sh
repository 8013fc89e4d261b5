#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 11 (e): when the lower refuses a frame (its qdisc drops it), the
# sender hears about it, as with in-tree macvlan, whose ndo_start_xmit
# returns what the lower said: a UDP socket with IP_RECVERR gets ENOBUFS from
# sendto, and without it the namespace counts the datagram in Udp
# SndbufErrors and Ip OutDiscards. The child counts it in tx_dropped.
#
#   el (dummy, pfifo limit 0) -- e1 vepa 10.9.0.1 (ne)   peer 10.9.0.2 static
#   kl (dummy, pfifo limit 0) -- k1 macvlan vepa 10.9.0.1 (nk)
source ./lib.sh

mvlan_test_begin
N=20
TRAFFIC=$PWD/traffic.bin
PEER_MAC=02:00:00:09:00:02

cleanup() {
	cleanup_ns
	ip link del el
	ip link del kl
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

# The debug tier's trimmed kernel has no packet scheduler (CONFIG_NET_SCHED):
# the qdisc this test needs cannot exist there.
ip link add xq type dummy || ktap_exit_fail_msg "cannot add a dummy device"
err=$(tc qdisc add dev xq root pfifo limit 0 2>&1)
ip link del xq
if [[ $err == *"Operation not supported"* ]]; then
	ktap_skip_all "no packet scheduler in this kernel: $err"
	exit 4
fi

setup_ns ne nk
no_ipv6 ne nk
for l in el kl; do
	if ! ip link add $l up type dummy || ! tc qdisc add dev $l root pfifo limit 0; then
		ktap_exit_fail_msg "cannot set up $l with a dropping qdisc"
	fi
done
if ! "$MV" create e1 --link el --mode vepa --netns ne ||
	! ip link add k1 link kl type macvlan mode vepa || ! ip link set k1 netns nk; then
	ktap_exit_fail_msg "cannot create the children"
fi
for x in ne/e1 nk/k1; do
	ip -n "${x%/*}" -batch - <<EOF2
addr add 10.9.0.1/24 dev ${x#*/}
link set ${x#*/} up
neigh add 10.9.0.2 lladdr $PEER_MAC dev ${x#*/} nud permanent
EOF2
done

# udp NS [recverr]: N datagrams to the peer; prints "sent S enobufs E other O".
udp() { ip netns exec "$1" "$TRAFFIC" udp 10.9.0.2 9 $N "${@:2}"; }
# run IMPL NS DEV: both halves of the scenario against one implementation.
run() {
	local impl=$1 ns=$2 dev=$3 out d0 s0 o0 t0
	out=$(udp "$ns" recverr)
	log "$impl, IP_RECVERR: $out"
	check "$impl: with IP_RECVERR every sendto fails with ENOBUFS" \
		eq "$impl sendto" "$out" "sent 0 enobufs $N other 0"

	s0=$(mib -n "$ns" snmp Udp SndbufErrors)
	o0=$(mib -n "$ns" snmp Ip OutDiscards)
	d0=$(mib -n "$ns" snmp Udp OutDatagrams)
	t0=$(counter "$ns/$dev" tx_dropped)
	out=$(udp "$ns")
	log "$impl, no IP_RECVERR: $out"
	check "$impl: Udp SndbufErrors counts all $N" \
		eq "$impl SndbufErrors" "$(($(mib -n "$ns" snmp Udp SndbufErrors) - s0))" $N
	check "$impl: Ip OutDiscards counts all $N" \
		eq "$impl OutDiscards" "$(($(mib -n "$ns" snmp Ip OutDiscards) - o0))" $N
	check "$impl: Udp OutDatagrams counts none" \
		eq "$impl OutDatagrams" "$(($(mib -n "$ns" snmp Udp OutDatagrams) - d0))" 0
	check "$impl: the child counts all $N in tx_dropped" \
		eq "$impl tx_dropped" "$(($(counter "$ns/$dev" tx_dropped) - t0))" $N
}
run macvlan nk k1
run mvlan ne e1
log "qdisc drops: el $(tc -s qdisc show dev el | grep -o 'dropped [0-9]*'), kl $(tc -s qdisc show dev kl | grep -o 'dropped [0-9]*')"

finish
