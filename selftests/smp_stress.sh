#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMP stress, on 4 CPUs: four pktgen flows, one per CPU, while children
# are created, deleted, re-moded, re-addressed and moved between namespaces
# and the lower's MTU and MAC change:
#   F0 CPU0: wire -> r1 (receive)        F1 CPU1: r1 -> r2 (bridge sibling)
#   F2 CPU2: wire -> broadcast           F3 CPU3: r2 -> broadcast (bridge)
# and s1 (source mode) listens to the wire's MAC. Every frame sent must be
# received or counted as a drop by the child that should have got it, and a
# TCP transfer between two bridge siblings arrives intact and in order.
# Run in its own 4-vCPU VM (scripts/check.sh); the runner's default list
# leaves smp_* tests out.
#
#   wire: vb --- va (lower): r1 (n1), r2 (n2), v1 vepa (n3), s1 source (n4),
#                            t1 (ta) <TCP> t2 (tb), churn c* (k1 k2)
source ./lib.sh

mvlan_test_begin
# Frames per flow; debug kernels (mvlan.timeout_scale) send fewer.
scale=$(sed -n 's/.*mvlan.timeout_scale=\([0-9]*\).*/\1/p' /proc/cmdline)
N=${N:-$((20000 / ${scale:-1}))}
DIR=/tmp/smp.$$
BG=()
OLD_BACKLOG=$(sysctl -n net.core.netdev_max_backlog)

cleanup() {
	local p
	for p in "${BG[@]}"; do kill "$p"; done
	sysctl -qw net.core.netdev_max_backlog="$OLD_BACKLOG"
	cleanup_ns
	ip link del va
	rm -rf "$DIR"
	no_ipv6_undo
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT
mkdir -p "$DIR"

ncpu=$(nproc)
[ "$ncpu" -ge 4 ] || { ktap_skip_all "needs 4 CPUs, have $ncpu"; exit 4; }

setup_ns wire n1 n2 n3 n4 ta tb k1 k2
no_ipv6 wire n1 n2 n3 n4 ta tb k1 k2
# Every frame fits the backlogs: a drop there would be the kernel's, not
# ours, and could not be told apart per flow.
sysctl -qw net.core.netdev_max_backlog=$((8 * N))
veth_pair va vb wire || ktap_exit_fail_msg "veth setup failed"
VB_MAC=$(ip netns exec wire cat /sys/class/net/vb/address)

# child NAME NS MODE: a child of va in NS, up, with the largest broadcast
# queue (the port uses the largest request: no broadcast overflow).
child() {
	"$MV" create "$1" --link va --mode "$3" --netns "$2" --bc-queue-len 65536 >/dev/null &&
		ip -n "$2" link set "$1" up
}
for spec in "r1 n1 bridge" "r2 n2 bridge" "v1 n3 vepa" "s1 n4 source" "t1 ta bridge" "t2 tb bridge"; do
	# shellcheck disable=SC2086 # NAME NS MODE
	child $spec || ktap_exit_fail_msg "cannot create $spec"
done
ip netns exec n4 "$MV" source s1 add "$VB_MAC" || ktap_exit_fail_msg "cannot list the wire's MAC on s1"
mac_of() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }
R1=$(mac_of n1 r1) R2=$(mac_of n2 r2)

# TCP between t1 and t2, static neighbours: no ARP broadcast reaches the
# counted children.
ip -n ta addr add 10.13.0.1/24 dev t1
ip -n tb addr add 10.13.0.2/24 dev t2
ip -n ta neigh add 10.13.0.2 lladdr "$(mac_of tb t2)" dev t1 nud permanent
ip -n tb neigh add 10.13.0.1 lladdr "$(mac_of ta t1)" dev t2 nud permanent

# got NS DEV: what DEV received plus what it counted as dropped.
got() {
	echo $(($(counter "$1/$2" rx_packets) + $(counter "$1/$2" rx_dropped)))
}
declare -A B
for c in n1/r1 n2/r2 n3/v1 n4/s1; do B[$c]=$(got "${c%/*}" "${c#*/}"); done
BC0=$(port_get va bc_overflow)

# flow NS THREAD DEV DSTMAC: configure one pktgen flow of N frames.
flow() {
	local pg=/proc/net/pktgen t=/proc/net/pktgen/kpktgend_$2
	ip netns exec "$1" bash -c "
		echo rem_device_all >$t && echo 'add_device $3@$2' >$t || exit 1
		for c in 'xmit_mode start_xmit' 'count $N' 'pkt_size 60' 'flag !SHARED' \
			'delay 0' 'dst_mac $4' 'dst 10.3.0.99'; do
			echo \"\$c\" >$pg/$3@$2 || exit 1
		done"
}
if ! flow wire 0 vb "$R1" || ! flow n1 1 r1 "$R2" || ! flow wire 2 vb ff:ff:ff:ff:ff:ff ||
	! flow n2 3 r2 ff:ff:ff:ff:ff:ff; then
	ktap_exit_fail_msg "pktgen setup failed"
fi
# sent NS DEV@T: frames pktgen handed over without an error.
sent() {
	local r re='Result: OK: .*, ([0-9]+) \(60byte.*errors: ([0-9]+)'
	r=$(ip netns exec "$1" cat "/proc/net/pktgen/$2")
	[[ $r =~ $re ]] || { log "pktgen $2: $(grep Result <<<"$r")"; echo 0; return; }
	echo $((BASH_REMATCH[1] - BASH_REMATCH[2]))
}

# --- the storm ---------------------------------------------------------------------
touch "$DIR/run"
# churn K: children in namespace kK, created, re-moded, re-addressed, moved,
# deleted; each step must succeed.
churn() {
	local ns=k$1 other=k$((3 - $1)) r=0 i name m
	while [ -e "$DIR/run" ]; do
		r=$((r + 1))
		for i in 0 1 2 3; do
			name=c$1x$i
			"$MV" create "$name" --link va --mode bridge --netns "$ns" >/dev/null ||
				{ echo "FAIL create $name round $r"; continue; }
			for m in vepa private source bridge; do
				ip netns exec "$ns" "$MV" set "$name" --mode $m ||
					echo "FAIL set $name $m round $r"
			done
			ip netns exec "$ns" "$MV" set "$name" --mac "02:5$1:00:00:$(printf %02x $((r % 256))):0$i" ||
				echo "FAIL mac $name round $r"
			ip -n "$ns" link set "$name" up
			ip -n "$ns" link set "$name" netns "$other" ||
				echo "FAIL move $name round $r"
			ip -n "$other" link del "$name" || echo "FAIL delete $name round $r"
		done
		echo "ok round $r"
	done
}
# lower: the lower's MTU and MAC change over and over.
lower() {
	local k=0
	while [ -e "$DIR/run" ]; do
		k=$((k + 1))
		ip link set va mtu $((1280 + k % 200)) || echo "FAIL mtu $k"
		ip link set va address "02:77:00:00:$(printf %02x $((k % 256))):01" || echo "FAIL mac $k"
	done
	ip link set va mtu 1500
	echo "$k lower changes"
}
# tcp: 4 MB from t1 to t2 through the storm, the sender hopping CPUs every
# millisecond; the server checks the pattern byte for byte.
TRAFFIC=$PWD/traffic.bin
tcp() {
	ip netns exec tb "$TRAFFIC" serve 5001 &
	local srv=$!
	wait_for "$SERVE_WAIT" eval "ip netns exec tb cat /proc/net/tcp | grep -q ':1389 .* 0A '"
	ip netns exec ta "$TRAFFIC" send 10.13.0.2 5001 4000000 1
	local rc=$?
	wait "$srv"
	echo "send rc $rc"
	return "$rc"
}

OFO0=$(mib -n tb netstat TcpExt TCPOFOQueue)
for k in 1 2; do churn "$k" >"$DIR/churn$k" 2>&1 & BG+=($!); done
lower >"$DIR/lower" 2>&1 &
BG+=($!)
tcp >"$DIR/tcp.log" 2>&1 &
TCP_PID=$!
W=()
for ns in wire n1 n2; do
	ip netns exec "$ns" sh -c 'echo start >/proc/net/pktgen/pgctrl' & W+=($!)
done
for p in "${W[@]}"; do wait "$p"; done
wait "$TCP_PID"
rm -f "$DIR/run"
for p in "${BG[@]}"; do wait "$p"; done
BG=()
for f in churn1 churn2 lower tcp.log; do log "$f: $(tail -n 3 "$DIR/$f" | tr '\n' ';')"; done

# --- the books ---------------------------------------------------------------------
S0=$(sent wire vb@0) S1=$(sent n1 r1@1) S2=$(sent wire vb@2) S3=$(sent n2 r2@3)
log "sent: F0 $S0, F1 $S1, F2 $S2, F3 $S3"
check "pktgen sent every frame of the four flows" eq sent "$S0 $S1 $S2 $S3" "$N $N $N $N"
# Frames settle: the broadcast worker and the inboxes drain.
OV=$(($(port_get va bc_overflow) - BC0))
settled() {
	local c want=$1
	c=$(($(got "$2" "$3") - B[$2/$3] + OV))
	[ "$c" -ge "$want" ]
}
# books NS DEV WANT WHAT: received + dropped by DEV + broadcast overflow.
books() {
	local c
	wait_for 20 settled "$3" "$1" "$2"
	c=$(($(got "$1" "$2") - B[$1/$2] + OV))
	log "$2: rx $(($(counter "$1/$2" rx_packets))), dropped $(counter "$1/$2" rx_dropped), port overflow $OV"
	eq "$2 received or counted" "$c" "$3"
}
check "r1: F0 + F2 + F3 received or counted" books n1 r1 $((S0 + S2 + S3))
check "r2: F1 + F2 received or counted" books n2 r2 $((S1 + S2))
check "v1 (vepa): F2 received or counted" books n3 v1 "$S2"
check "s1 (source): F0 + F2 (the wire's MAC) received or counted" books n4 s1 $((S0 + S2))
check "TCP through the storm arrived intact (the server checked every byte)" \
	grep -q '^send rc 0' "$DIR/tcp.log"
check "TCP arrived in order (receiver queued nothing out of order)" \
	eq TCPOFOQueue "$(mib -n tb netstat TcpExt TCPOFOQueue)" "$OFO0"
t_churn_ok() { ! grep -q FAIL "$DIR/churn1" "$DIR/churn2" && grep -q "ok round" "$DIR/churn1"; }
check "every churn step succeeded" t_churn_ok
check "every lower MTU/MAC change succeeded" eval "! grep -q FAIL $DIR/lower"

# Afterwards nothing of the churn is left and the module unloads.
for c in r1 r2 v1 s1 t1 t2; do
	for ns in n1 n2 n3 n4 ta tb; do ip netns exec "$ns" "$MV" delete "$c" 2>/dev/null; done
done
t_no_child() { local d; for ns in "" n1 n2 n3 n4 ta tb k1 k2; do d+=$(mvlan_devs "$ns"); done; [ -z "$d" ]; }
check "no child left" t_no_child
check "no port left" no_port va
check "rmmod works" rmmod mvlan
finish
