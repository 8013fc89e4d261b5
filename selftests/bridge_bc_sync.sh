#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 11 (a): a bridge-mode child's own broadcast reaches its bridge-mode
# siblings whatever the broadcast queue says, as with in-tree macvlan, which
# clones it to them synchronously on transmit (macvlan-behaviour.md §1.5).
# Only frames from outside go through the queue.
#
#   ua (dummy) -- a1 bridge 10.8.0.1 (here), a2 bridge 10.8.0.2 (na)  queue 0
#   kl (dummy) -- k1 macvlan bridge 10.8.0.1 (nk1), k2 10.8.0.2 (nk2) queue 0
#   ub (dummy) -- b1 bridge (here), b2 bridge (nb)                  queue 1
#   ql (dummy) -- q1 macvlan bridge (here), q2 macvlan bridge (nq)  queue 1
source ./lib.sh

mvlan_test_begin
N=200

cleanup() {
	cleanup_ns
	ip link del ua
	ip link del kl
	ip link del ub
	ip link del ql
	no_ipv6_undo
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

setup_ns na nk1 nk2 nb nq
no_ipv6 na nk1 nk2 nb nq
for l in ua kl ub ql; do
	if ! ip link add $l up type dummy; then ktap_exit_fail_msg "cannot create $l"; fi
done
if ! "$MV" create a1 --link ua --mode bridge --bc-queue-len 0 ||
	! "$MV" create a2 --link ua --mode bridge --bc-queue-len 0 --netns na ||
	! ip link add k1 link kl type macvlan mode bridge bcqueuelen 0 ||
	! ip link add k2 link kl type macvlan mode bridge bcqueuelen 0 ||
	! ip link set k1 netns nk1 || ! ip link set k2 netns nk2 ||
	! "$MV" create b1 --link ub --mode bridge --bc-queue-len 1 ||
	! "$MV" create b2 --link ub --mode bridge --bc-queue-len 1 --netns nb ||
	! ip link add q1 link ql type macvlan mode bridge bcqueuelen 1 ||
	! ip link add q2 link ql type macvlan mode bridge bcqueuelen 1 ||
	! ip link set q2 netns nq; then
	ktap_exit_fail_msg "cannot create the children"
fi
ip addr add 10.8.0.1/24 dev a1 && ip link set a1 up
ip -n na addr add 10.8.0.2/24 dev a2 && ip -n na link set a2 up
ip -n nk1 addr add 10.8.0.1/24 dev k1 && ip -n nk1 link set k1 up
ip -n nk2 addr add 10.8.0.2/24 dev k2 && ip -n nk2 link set k2 up
ip link set b1 up && ip -n nb link set b2 up
ip link set q1 up && ip -n nq link set q2 up

# --- queue length 0 on every child: ARP still resolves, ping works --------------
check "mvlan: the port's broadcast queue is 0" eq used "$(port_get ua bc_queue_len_used)" 0
check "macvlan: the port's broadcast queue is 0" \
	eq usedbcqueuelen "$(link_attr -n nk1 k1 usedbcqueuelen)" 0
check "macvlan: bridge siblings with a 0 queue ping each other" ping_ok nk1 10.8.0.2
snap_b ua
check "mvlan: bridge siblings with a 0 queue ping each other" \
	ping -q -c 1 -W 1 -w 2 10.8.0.2
snap_a ua
log "mvlan: a1 tx $(dc a1 tx_packets), a2 rx_multicast $(dc a2 rx_multicast)," \
	"port bc_overflow +$(dp bc_overflow)"
check "mvlan: the ARP request reached the sibling" test "$(dc a2 rx_multicast)" != 0

# --- a burst of broadcasts through a queue of 1: every one reaches the sibling --
# burst LOWER SENDER NS SIBLING: pktgen sends N broadcasts from SENDER; print
# how many SIBLING (in NS) received, once that stopped changing.
rx_of() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_packets"; }
burst() {
	local r0 r1 r2
	r0=$(rx_of "$3" "$4")
	pktgen_send "$2" ff:ff:ff:ff:ff:ff $N || { echo "pktgen failed"; return; }
	# Delivery may trail the sender (backlog, workqueue): poll until all
	# arrived, or until the count holds still for a second.
	r1=$(rx_of "$3" "$4")
	while [ $((r1 - r0)) -lt $N ]; do
		nap 1
		r2=$(rx_of "$3" "$4")
		[ "$r2" = "$r1" ] && break
		r1=$r2
	done
	echo $((r1 - r0))
}
got=$(burst ql q1 nq q2)
check "macvlan: queue 1, all $N broadcasts of a bridge child reach its sibling" eq "q2 rx" "$got" $N
snap_b ub
got=$(burst ub b1 nb b2)
snap_a ub
log "mvlan: port bc_overflow +$(dp bc_overflow), b1 tx $(dc b1 tx_packets)"
check "mvlan: queue 1, all $N broadcasts of a bridge child reach its sibling" eq "b2 rx" "$got" $N

finish
