#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Netlink fuzzer (helpers/nlfuzz.c): three processes in three namespaces
# send random and mutated genl requests of every command and RTM_NEWLINK /
# SETLINK / DELLINK / GETLINK with random IFLA_MACVLAN_* for the kind mvlan
# (and macvlan, where macvlan_compat=1 can load), while traffic flows on the
# lower, the lowers flap and children move between namespaces. Then: no
# finding (a refusal without an extack message, a request without an
# answer, a refused request that changed its device), every lower's
# promiscuity, allmulti and unicast and multicast lists as at the start,
# no port left, rmmod clean, kernel log clean (kmemleak: the debug tier
# scans after the suite).
#
# NLFUZZ_SEED (default: 1) and NLFUZZ_BUDGET (messages over the three
# processes; default 12000 on the debug kernel, 63000 elsewhere: with the
# three test kernels, CI sends 201,000) replay a
# run; a finding prints its seed, process id and request number, and
#   nlfuzz.bin --seed S --trace N-N ... (the line the test logs)
# prints that request again.
#
#   init ns: fzlow0 (veth, peer fzpeer0 in fp: 10.9.0.254), fzdum0 (dummy)
#            anchors pa (ta, 10.9.0.1) and pb (tb, 10.9.0.2) on fzlow0
#   f1: fzlow1 (dummy)   f2: fzlow2 (veth, peer fzpeer2 in f2)
source ./lib.sh

mvlan_test_begin
SEED=${NLFUZZ_SEED:-1}
if [ -n "${NLFUZZ_BUDGET:-}" ]; then
	BUDGET=$NLFUZZ_BUDGET
elif grep -q mvlan-debug /proc/version; then
	BUDGET=12000	# ~45 messages/s there: about 4.5 minutes
else
	BUDGET=63000	# 550 to 950 messages/s: 1 to 2 minutes
fi
FUZZ=./nlfuzz.bin
DIR=/tmp/nlfuzz.$$
BG=()
IPS=()
COMPAT=0

cleanup() {
	local p
	for p in "${BG[@]}" "${IPS[@]}"; do kill "$p"; done
	cleanup_ns
	ip link del fzlow0
	ip link del fzdum0
	rm -rf "$DIR"
	[ "$COMPAT" = 1 ] && compat_unload
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT
mkdir -p "$DIR"

# The kind macvlan too where the in-tree driver can make way for it.
KINDS=mvlan
if compat_load >/dev/null 2>&1; then
	COMPAT=1
	KINDS=mvlan,macvlan
else
	mvlan_load || ktap_exit_fail_msg "cannot load mvlan again"
fi
log "seed $SEED, budget $BUDGET, kinds $KINDS"

setup_ns f1 f2 fp ta tb || ktap_exit_fail_msg "namespace setup failed"
veth_pair fzlow0 fzpeer0 fp || ktap_exit_fail_msg "veth setup failed"
ip link add fzdum0 up type dummy
ip -n f1 link add fzlow1 up type dummy
ip -n f2 link add fzlow2 up type veth peer name fzpeer2
ip -n f2 link set fzpeer2 up
ip -n fp addr add 10.9.0.254/24 dev fzpeer0
ip -n f2 addr add 10.10.0.254/24 dev fzpeer2

# The lowers as NS/DEV, and what a lower's state is: promiscuity, allmulti,
# its own unicast and multicast addresses.
LOWERS=(/fzlow0 /fzdum0 f1/fzlow1 f2/fzlow2)
lower_state() {
	local ns=${1%%/*} dev=${1#*/} nsopt=() mc
	[ -n "$ns" ] && nsopt=(-n "$ns")
	mc=$(in_ns "$ns" cat /proc/net/dev_mcast | awk -v d="$dev" '$2 == d { print $5 }' | sort | tr '\n' ' ')
	echo "promiscuity $(link_attr "${nsopt[@]}" "$dev" promiscuity)" \
		"allmulti $(link_attr "${nsopt[@]}" "$dev" allmulti)" \
		"uc [$(uc_entries "${nsopt[@]}" "$dev")] mc [$mc]"
}
declare -A BEFORE
for l in "${LOWERS[@]}"; do
	BEFORE[$l]=$(lower_state "$l")
	log "$l before: ${BEFORE[$l]}"
done

if ! "$MV" create pa --link fzlow0 --mode bridge --netns ta ||
	! "$MV" create pb --link fzlow0 --mode bridge --netns tb; then
	ktap_exit_fail_msg "cannot create the anchors"
fi
ip -n ta addr add 10.9.0.1/24 dev pa && ip -n ta link set pa up
ip -n tb addr add 10.9.0.2/24 dev pb && ip -n tb link set pb up
for ns in ta tb fp f2; do
	ip netns exec "$ns" sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
done
check "the anchors ping each other before the fuzzing" ping_ok ta 10.9.0.2

# Traffic, all the while: unicast between the anchors (bridge mode), to the
# lower's peer, and broadcasts from the peers that every child on fzlow0
# and fzlow2 hears.
ip netns exec ta ping -q -i 0.05 10.9.0.2 >/dev/null 2>&1 &
BG+=($!)
ip netns exec tb ping -q -i 0.05 10.9.0.254 >/dev/null 2>&1 &
BG+=($!)
ip netns exec fp ping -q -b -i 0.05 10.9.0.255 >/dev/null 2>&1 &
BG+=($!)
ip netns exec f2 ping -q -b -i 0.05 10.10.0.255 >/dev/null 2>&1 &
BG+=($!)

# One long-lived ip per namespace reads commands from a fifo (a process per
# command would take a vCPU under TCG): every second a child of the
# fuzzers' pool moves (init -> f1 -> f2 -> init), every third second a lower
# flaps. Both hold RTNL for grace periods, as the fuzzers' own deletions do:
# more would leave the fuzzers waiting for RTNL most of the run.
IPS=()
for ns in "" f1 f2; do
	mkfifo "$DIR/ip$ns"
	ip ${ns:+-n "$ns"} -force -batch "$DIR/ip$ns" >/dev/null 2>&1 &
	IPS+=($!)
done
exec 5>"$DIR/ip" 6>"$DIR/ipf1" 7>"$DIR/ipf2"
mkfifo "$DIR/idle"
exec 9<>"$DIR/idle"
touch "$DIR/run"
churn() {
	local k=0 i
	while [ -e "$DIR/run" ]; do
		i=$((k % 12))
		case $((k % 3)) in
		0) echo "link set nf$i netns f1" >&5 ;;
		1) echo "link set nf$i netns f2" >&6 ;;
		2) echo "link set nf$i netns 1" >&7 ;;
		esac
		case $((k % 9)) in
		0) printf 'link set fzlow0 down\nlink set fzlow0 up\n' >&5 ;;
		3) printf 'link set fzlow1 down\nlink set fzlow1 up\n' >&6 ;;
		6) printf 'link set fzlow2 down\nlink set fzlow2 up\n' >&7 ;;
		esac
		k=$((k + 1))
		read -r -t 1 -u 9 _
	done
	echo "$k moves, $(((k + 2) / 3)) flaps"
}
churn >"$DIR/churn" 2>&1 &
CHURN=$!

PER=$(((BUDGET + 2) / 3))
FUZZ_ARGS=(--budget "$PER" --kinds "$KINDS")
start=$SECONDS
"$FUZZ" "${FUZZ_ARGS[@]}" --id 0 --seed "$SEED" --lower fzlow0,fzdum0 \
	--netns /run/netns/f1 --netns /run/netns/f2 >"$DIR/fuzz0" 2>&1 &
F0=$!
ip netns exec f1 "$FUZZ" "${FUZZ_ARGS[@]}" --id 1 --seed "$((SEED + 1))" --lower fzlow1 \
	--netns /proc/1/ns/net --netns /run/netns/f2 >"$DIR/fuzz1" 2>&1 &
F1=$!
ip netns exec f2 "$FUZZ" "${FUZZ_ARGS[@]}" --id 2 --seed "$((SEED + 2))" --lower fzlow2 \
	--netns /run/netns/f1 >"$DIR/fuzz2" 2>&1 &
F2=$!
RC=()
for p in "$F0" "$F1" "$F2"; do
	wait "$p"
	RC+=($?)
done
fuzz_secs=$((SECONDS - start))
rm -f "$DIR/run"
wait "$CHURN"
# the ip processes end with their input, each lower up again
exec 5>&- 6>&- 7>&- 9>&-
for p in "${IPS[@]}"; do wait "$p"; done
for p in "${BG[@]}"; do kill "$p"; wait "$p"; done 2>/dev/null
BG=()
log "fuzzing took ${fuzz_secs}s; $(cat "$DIR/churn")"
total=0
for i in 0 1 2; do
	sed 's/^/  /' "$DIR/fuzz$i"
	s=$(sed -n 's/.*: \([0-9]*\) sent, .*/\1/p' "$DIR/fuzz$i" | tail -n1)
	total=$((total + ${s:-0}))
done
log "nlfuzz: $total messages sent in ${fuzz_secs}s (seed $SEED)"

for i in 0 1 2; do
	check "fuzzer $i (seed $((SEED + i))): no finding" eq "exit status" "${RC[i]}" 0
done
if [ "${RC[*]}" != "0 0 0" ]; then
	log "replay: VM_CMDLINE_EXTRA='mvlan.env.NLFUZZ_SEED=$SEED mvlan.env.NLFUZZ_BUDGET=$BUDGET'" \
		"make vm KREL=$(uname -r) TESTS=nlfuzz.sh; a finding's request in hex is above"
fi
check "the budget was sent: $BUDGET messages" delta_ok sent "$total" "$BUDGET" "$((BUDGET + 2))"

# Every child goes, in every namespace, by ip (either kind).
del_children() {
	local ns=$1 line re='^[0-9]+: ([^:@]+)[@:].*[[:space:]](mvlan|macvlan)[[:space:]]'
	while IFS= read -r line; do
		[[ $line =~ $re ]] && ip ${ns:+-n "$ns"} link del "${BASH_REMATCH[1]}"
	done <<<"$(ip ${ns:+-n "$ns"} -d -o link show 2>/dev/null)"
}
for ns in "" f1 f2 fp ta tb; do del_children "$ns"; done
t_none_left() {
	local ns left=''
	for ns in "" f1 f2 fp ta tb; do
		left+="$(ip ${ns:+-n "$ns"} -d -o link show | grep -Ec ' (mvlan|macvlan) ') "
	done
	eq "children left per namespace" "$left" "0 0 0 0 0 0 "
}
check "every child deleted" t_none_left
# (IPv6 joins the lowers' solicited-node groups from a work item after up)
lower_same() { [ "$(lower_state "$1")" = "${BEFORE[$1]}" ]; }
t_lower_back() {
	wait_for 10 lower_same "$1" || eq "$1" "$(lower_state "$1")" "${BEFORE[$1]}"
}
for l in "${LOWERS[@]}"; do
	check "lower $l: promiscuity, allmulti, address lists as before" t_lower_back "$l"
done
t_no_port() {
	local js
	js=$(in_ns "$1" "$MV" port show --json) || { log "port show failed"; return 1; }
	[[ $js != *'"lower"'* ]] && return 0
	log "ports left${1:+ in $1}: $js"
	return 1
}
for ns in "" f1 f2; do
	check "no port left${ns:+ in $ns}" t_no_port "$ns"
done
check "module use count 0" eq refcnt "$(mod_refcnt)" 0
check "rmmod works" rmmod mvlan
check "kernel log clean" eval '! dmesg | grep -Eq "WARNING:|BUG:|Oops|refcount_t:|list_(add|del) corruption|UBSAN:|KASAN:|unregister_netdevice: waiting"'
log "elapsed ${SECONDS}s"
finish
