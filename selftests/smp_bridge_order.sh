#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 11 (i): bridge-mode sibling delivery keeps each flow in order. TCP
# both ways at once between two bridge-mode siblings, each sender hopping to
# the other CPU every few milliseconds while it writes (needs 2+ vCPUs):
# the data must arrive intact and neither namespace may count reordering
# (TcpExt TCPOFOQueue and the sender-side reorder detections).
#
#   ol (dummy) -- o1 bridge 10.11.0.1 (oa), o2 bridge 10.11.0.2 (ob)
# In-tree macvlan (kl: k1 (ka), k2 (kb)) runs the same transfer once first;
# its figures are logged for comparison, not asserted: its per-CPU backlogs
# reorder too (1 or 2 events in 3 of 6 measured rounds; mvlan today: up to
# 12 in 7 of 10), so only one queue per child in order keeps the promise.
source ./lib.sh

mvlan_test_begin
TRAFFIC=$PWD/traffic.bin
# Measured with 2 vCPUs: these settings made today's inline path reorder in
# 7 of 10 rounds (4 MB, 3 ms hops, default buffers: 0 of 2). A small send
# buffer makes the senders sleep, so ACKs from the peer send from softirq
# (the backlog path) while the woken sender writes inline on another CPU.
BYTES=${BYTES:-8000000}
HOP_MS=${HOP_MS:-1}
ROUNDS=${ROUNDS:-2}	# mvlan rounds; macvlan runs one
GSO_SEGS=${GSO_SEGS:-}	# set: the children's gso_max_segs (more, smaller frames)
export TRAFFIC_SNDBUF=${SNDBUF-16384}	# the senders' SO_SNDBUF ("": default)
[ -n "$TRAFFIC_SNDBUF" ] || unset TRAFFIC_SNDBUF
O1=02:00:00:0b:00:01 O2=02:00:00:0b:00:02
CNT=(TCPOFOQueue TCPSACKReorder TCPTSReorder TCPRenoReorder TCPOFODrop)

cleanup() {
	cleanup_ns
	ip link del ol
	ip link del kl
	no_ipv6_undo
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

ncpu=$(grep -c ^processor /proc/cpuinfo)
[ "$ncpu" -ge 2 ] || { ktap_skip_all "needs 2 CPUs, have $ncpu"; exit 4; }
setup_ns oa ob ka kb
no_ipv6 oa ob ka kb
if ! ip link add ol up type dummy || ! ip link add kl up type dummy ||
	! "$MV" create o1 --link ol --mode bridge --mac $O1 --netns oa ||
	! "$MV" create o2 --link ol --mode bridge --mac $O2 --netns ob ||
	! ip link add k1 link kl address $O1 type macvlan mode bridge ||
	! ip link add k2 link kl address $O2 type macvlan mode bridge ||
	! ip link set k1 netns ka || ! ip link set k2 netns kb; then
	ktap_exit_fail_msg "cannot create the children"
fi
# pair NS1 DEV1 NS2 DEV2: addresses, up, static neighbours.
pair() {
	ip -n "$1" -batch - <<EOF2
addr add 10.11.0.1/24 dev $2
link set $2 up
neigh add 10.11.0.2 lladdr $O2 dev $2 nud permanent
EOF2
	ip -n "$3" -batch - <<EOF2
addr add 10.11.0.2/24 dev $4
link set $4 up
neigh add 10.11.0.1 lladdr $O1 dev $4 nud permanent
EOF2
}
pair oa o1 ob o2
pair ka k1 kb k2
if [ -n "$GSO_SEGS" ]; then
	for x in oa/o1 ob/o2 ka/k1 kb/k2; do
		ip -n "${x%/*}" link set dev "${x#*/}" gso_max_segs "$GSO_SEGS"
	done
fi
log "$BYTES bytes, hop every ${HOP_MS} ms, gso_max_segs ${GSO_SEGS:-default}, sndbuf ${TRAFFIC_SNDBUF:-default}"
# fwd NS DEV: the child's bridge forwarding counters (inline, backlog, lower).
fwd() {
	local re='"fwd"[[:space:]]*:[[:space:]]*\{[^}]*\}'
	[[ $(mv_json -n "$1" "$2") =~ $re ]] && echo "${BASH_REMATCH[0]}"
}

# counts NS: each reorder counter in NS; total NS: their sum.
counts() {
	local c out=''
	for c in "${CNT[@]}"; do out+="$c=$(mib -n "$1" netstat TcpExt "$c") "; done
	echo "$out"
}
total() {
	local c t=0 v
	for c in "${CNT[@]}"; do
		v=$(mib -n "$1" netstat TcpExt "$c")
		t=$((t + ${v:-0}))
	done
	echo $t
}

# both_ways NS1 NS2 PORT: BYTES each way at once, hopping senders.
both_ways() {
	local sa sb ra rb d=/tmp/order.$$
	ip netns exec "$2" "$TRAFFIC" serve "$3" >$d.s1 & sa=$!
	ip netns exec "$1" "$TRAFFIC" serve "$3" >$d.s2 & sb=$!
	# The next round reuses the port: free it now.
	serving $d.s1 $d.s2 || { reap_jobs; return 1; }
	ip netns exec "$1" timeout 120 "$TRAFFIC" send 10.11.0.2 "$3" "$BYTES" "$HOP_MS" 2>$d.e1 & ra=$!
	ip netns exec "$2" timeout 120 "$TRAFFIC" send 10.11.0.1 "$3" "$BYTES" "$HOP_MS" 2>$d.e2 & rb=$!
	wait $ra && wait $rb && wait $sa && wait $sb
	local rc=$?
	log "senders: $(cat $d.e1 $d.e2 | tr '\n' ' ')"
	rm -f $d.*
	return $rc
}

# run IMPL NS1 NS2 PORT ROUND: one transfer; sets REORDER to the reorder count.
run() {
	local b1 b2 a1 a2 start=$SECONDS
	b1=$(total "$2") b2=$(total "$3")
	check "$1 round $5: $BYTES bytes each way, senders hopping CPUs, arrive intact" \
		both_ways "$2" "$3" "$4"
	a1=$(total "$2") a2=$(total "$3")
	log "$1 round $5 ($((SECONDS - start))s): $2 +$((a1 - b1)) [$(counts "$2")]," \
		"$3 +$((a2 - b2)) [$(counts "$3")]"
	REORDER=$((a1 - b1 + a2 - b2))
}

run macvlan ka kb 5100 1
log "macvlan: $REORDER reorder events (not asserted)"
for ((r = 1; r <= ROUNDS; r++)); do
	run mvlan oa ob 5200 "$r"
	log "mvlan round $r: o1 $(fwd oa o1), o2 $(fwd ob o2)"
	check "mvlan round $r: no reordering counted in either namespace" eq reorder "$REORDER" 0
done

finish
