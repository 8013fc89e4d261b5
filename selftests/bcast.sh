#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Broadcast and multicast: delivery from the wire to each mode, the queue
# length (the port uses the children's maximum) and cutoff (< 0: synchronous,
# nothing queued), a bridge-mode broadcast reaching 200 siblings, and every
# overflow counted.
#
#   vb 10.3.0.254 --- va: pv private, vp vepa, brc bridge, so source
#   xb --- xa: sx bridge 10.4.0.1, s0..s199 bridge (queue length 1)
# All in one namespace: children count frames whether or not they have an
# address, and joining all-hosts needs none.
# shellcheck disable=SC2016 # one-line case bodies are single-quoted for eval
source ./lib.sh

mvlan_test_begin
NSIB=200

cleanup() {
	ip link del va
	ip link del xa
	no_ipv6_undo
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

no_ipv6
if ! veth_pair va vb || ! veth_pair xa xb; then ktap_exit_fail_msg "veth setup failed"; fi
VB_MAC=$(sysfs vb address)
if ! "$MV" create pv --link va --mode private || ! "$MV" create vp --link va --mode vepa ||
	! "$MV" create brc --link va --mode bridge || ! "$MV" create so --link va --mode source; then
	ktap_exit_fail_msg "cannot create the children"
fi
ip -batch - <<EOF
link set pv up
link set vp up
link set brc up
link set so up
addr add 10.3.0.254/24 dev vb
route add 224.0.0.0/4 dev vb
EOF

wire() { ping -q -I vb -c "$1" -i 0.05 -W 1 "${@:2}" >/dev/null 2>&1; }
# three_each N CHILD...: after waiting for the queue, each CHILD got N multicast.
got_each() {
	local n=$1 c
	shift
	snap_a
	for c in "$@"; do [ "$(dc "$c" rx_multicast)" = "$n" ] || return 1; done
}
each_ok() {
	local n=$1 c ok=0
	shift
	wait_for 5 got_each "$n" "$@"
	for c in "$@"; do delta_ok "$c rx_multicast" "$(dc "$c" rx_multicast)" "$n" || ok=1; done
	return $ok
}

# --- from the wire --------------------------------------------------------------
snap_b
wire 3 -b 10.3.0.255
check "wire broadcast reaches the private child" each_ok 3 pv
check "wire broadcast reaches the vepa child" each_ok 3 vp
check "wire broadcast reaches the bridge child" each_ok 3 brc
check "wire broadcast skips a source child whose list is empty" delta_ok "so rx" "$(dc so rx_packets)" 0
pp "$MV" source so add "$VB_MAC"
snap_b
wire 3 -b 10.3.0.255
check "a source child gets broadcasts from a listed sender" eval 'wait_for 5 got_each 3 so pv vp brc;
	delta_ok "so rx" "$(dc so rx_packets)" 3'
pp "$MV" source so flush
snap_b
wire 3 224.0.0.1
check "multicast to a joined group (all-hosts) reaches every IPv4 child" each_ok 3 pv vp brc
snap_b
wire 3 239.1.2.3
nap 0.5
snap_a
check "multicast to a group nobody joined reaches nobody" eval \
	'delta_ok pv "$(dc pv rx_multicast)" 0 && delta_ok vp "$(dc vp rx_multicast)" 0 &&
	delta_ok brc "$(dc brc rx_multicast)" 0'

log "at ${SECONDS}s"
# --- queue length and cutoff ----------------------------------------------------
check "default queue length used by the port: 1000" eq used "$(port_get va bc_queue_len_used)" 1000
check "one child asks for 3000: the port uses 3000" eval \
	'"$MV" set vp --bc-queue-len 3000 && eq used "$(port_get va bc_queue_len_used)" 3000'
check "it asks for 100 again: the port uses the others' 1000" eval \
	'"$MV" set vp --bc-queue-len 100 && eq used "$(port_get va bc_queue_len_used)" 1000'
check "the requests stay per child" eval 'mv_is vp bc_queue_len 100 && mv_is so bc_queue_len 1000'
"$MV" set pv --bc-queue-len 0
"$MV" set vp --bc-queue-len 0
"$MV" set brc --bc-queue-len 0
"$MV" set so --bc-queue-len 0
check "every child asks for 0: the port uses 0" eq used "$(port_get va bc_queue_len_used)" 0
check "bc-cutoff -1 through one child is the port's cutoff" eval \
	'"$MV" set brc --bc-cutoff -1 && eq cutoff "$(port_get va bc_cutoff)" -1'
snap_b
wire 3 -b 10.3.0.255
check "cutoff -1: broadcasts delivered synchronously despite a 0 queue" each_ok 3 pv vp brc
check "cutoff -1: nothing queued, nothing dropped" delta_ok bc_overflow "$(dp bc_overflow)" 0
pp "$MV" set so --bc-cutoff 1
snap_b
wire 4 -b 10.3.0.255
nap 0.5
snap_a
check "cutoff 1 and a 0 queue: every broadcast dropped and counted" delta_ok bc_overflow \
	"$(dp bc_overflow)" 4
check "cutoff 1 and a 0 queue: no child got them" eval \
	'delta_ok pv "$(dc pv rx_multicast)" 0 && delta_ok brc "$(dc brc rx_multicast)" 0'

log "at ${SECONDS}s"
# --- bridge-mode broadcast to 200 siblings ---------------------------------------
t_siblings() {
	"$MV" create --count $NSIB --prefix s --link xa --mode bridge --bc-queue-len 1 &&
		"$MV" create sx --link xa --mode bridge --bc-queue-len 1 || return 1
	local i cmds=''
	for ((i = 0; i < NSIB; i++)); do cmds+="link set s$i up"$'\n'; done
	cmds+="addr add 10.4.0.1/24 dev sx"$'\n'"link set sx up"$'\n'
	ip -batch - <<<"$cmds"
}
check "$NSIB bridge siblings and a sender, queue length 1" t_siblings
# sib_rx: every sibling's rx_packets, space-separated (no process).
sib_rx() {
	local i v out=''
	for ((i = 0; i < NSIB; i++)); do
		read -r v <"/sys/class/net/s$i/statistics/rx_packets" || v=x
		out+="$v "
	done
	echo "$out"
}
# sib_delta BEFORE AFTER: "MIN MAX" of the per-sibling differences.
sib_delta() {
	local -a b a
	local i d min=999999 max=-1
	read -ra b <<<"$1"
	read -ra a <<<"$2"
	for ((i = 0; i < NSIB; i++)); do
		d=$((${a[i]:-0} - ${b[i]:-0}))
		((d < min)) && min=$d
		((d > max)) && max=$d
	done
	echo "$min $max"
}
all_got() { [ "$(sib_delta "$R0" "$(sib_rx)")" = "$1 $1" ]; }

log "at ${SECONDS}s"
R0=$(sib_rx)
X0=$(stat_of xb rx_packets)
ping -q -I sx -b -c 3 -i 0.5 10.4.0.255 >/dev/null 2>&1
wait_for 10 all_got 3
check "a bridge child's broadcasts reach all $NSIB siblings (3 each)" eq "min max" \
	"$(sib_delta "$R0" "$(sib_rx)")" "3 3"
check "and the wire once each" delta_ok "xb rx" "$(($(stat_of xb rx_packets) - X0))" 3

log "at ${SECONDS}s"
snap_b xa
R0=$(sib_rx)
X0=$(stat_of xb rx_packets)
ping -q -I sx -b -c 60 -i 0.002 10.4.0.255 >/dev/null 2>&1
nap 1
snap_a xa
R1=$(sib_rx)
t_burst_accounting() {
	local mm min max o
	mm=$(sib_delta "$R0" "$R1")
	min=${mm% *} max=${mm#* }
	o=$(dp bc_overflow)
	log "burst of 60: each sibling got $min..$max, port bc_overflow +$o"
	[ "$min" = "$max" ] && [[ $o =~ ^[0-9]+$ ]] && delta_ok "delivered + overflow" $((min + o)) 60
}
check "burst of 60 with a queue of 1: every sibling got the same, delivered + overflow = sent" \
	t_burst_accounting
check "burst of 60: all of them went to the wire" delta_ok "xb rx" "$(($(stat_of xb rx_packets) - X0))" 60
log "elapsed ${SECONDS}s"
finish
