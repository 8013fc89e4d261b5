#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stress: three namespaces create and delete 100 children at a time, round
# after round (the last round by deleting the namespace), while two children
# ping each other, the lower flaps and the children are dumped over and over.
# Afterwards nothing may be left: no child, no port, the lower's promiscuity
# and unicast list as before, module use count 0, rmmod works, kernel log
# clean.
#
#   va (lower): t1 (ta) 10.7.0.1 <-> t2 (tb) 10.7.0.2, churn in s1 s2 s3
# shellcheck disable=SC2016 # one-line case bodies are single-quoted for eval
source ./lib.sh

mvlan_test_begin
ROUNDS=${ROUNDS:-4}
PER_NS=${PER_NS:-100}
LIMIT=${LIMIT:-60}	# seconds after which no new round starts
DIR=/tmp/stress.$$
BG=()

cleanup() {
	local p
	for p in "${BG[@]}"; do kill "$p"; done
	cleanup_ns
	ip link del va
	rm -rf "$DIR"
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT
mkdir -p "$DIR"

setup_ns ta tb
veth_pair va vb || ktap_exit_fail_msg "veth setup failed"
P0=$(link_attr va promiscuity) U0=$(uc_entries va)
log "va before: promiscuity $P0, unicast [$U0]"
if ! "$MV" create t1 --link va --mode bridge --netns ta ||
	! "$MV" create t2 --link va --mode bridge --netns tb; then
	ktap_exit_fail_msg "cannot create the ping pair"
fi
ip -n ta addr add 10.7.0.1/24 dev t1 && ip -n ta link set t1 up
ip -n tb addr add 10.7.0.2/24 dev t2 && ip -n tb link set t2 up
check "the ping pair works before the storm" ping_ok ta 10.7.0.2

# churn N: rounds of create/delete of PER_NS children in namespace sN; the
# last one ends by deleting the namespace. Writes "ok"/"FAIL ..." lines.
churn() {
	local n=$1 ns=s$1 r i names=() ups=''
	for ((i = 0; i < PER_NS; i++)); do names+=("c${n}x$i"); done
	for ((i = 0; i < PER_NS; i += 10)); do ups+="link set c${n}x$i up"$'\n'; done
	for ((r = 1; r <= ROUNDS; r++)); do
		[ "$SECONDS" -ge "$LIMIT" ] && { echo "stop at round $r (time)"; break; }
		ip netns add "$ns" || { echo "FAIL netns add round $r"; return; }
		"$MV" create --count "$PER_NS" --prefix "c${n}x" --link va --mode bridge --netns "$ns" ||
			{ echo "FAIL create round $r"; ip netns del "$ns"; return; }
		ip -n "$ns" -batch - <<<"$ups" >/dev/null 2>&1
		if ((r % 2)); then
			ip netns exec "$ns" "$MV" delete "${names[@]}" || echo "FAIL delete round $r"
			ip netns del "$ns"
		else
			ip netns del "$ns" # the children go with it
		fi
		echo "ok round $r"
	done
}

# flap: the lower's peer and then the lower itself go down and up. After
# each flap a quiet window: no further flap until the ping pair answers
# again (bounded by 30 s), so every flap is followed by a round trip while
# the churn goes on, whatever the timing under load.
flap() {
	local k=0 bad=0 tries deadline
	while [ "$SECONDS" -lt "$LIMIT" ] && [ -e "$DIR/run" ]; do
		if ((k++ % 2)); then
			ip link set vb down
			nap 0.2
			ip link set vb up
		else
			ip link set va down
			nap 0.2
			ip link set va up
		fi
		tries=1 deadline=$((SECONDS + 30))
		until ping_ok ta 10.7.0.2; do
			tries=$((tries + 1))
			if [ "$SECONDS" -ge "$deadline" ]; then
				echo "flap $k: no reply in 30 s ($tries tries)"
				bad=$((bad + 1))
				break
			fi
		done
		[ "$tries" -gt 1 ] && echo "flap $k: replied at try $tries"
	done
	echo "$k flaps, $bad without a reply after"
}

# dumps: show and port show again and again, each must succeed.
dumps() {
	local k=0 bad=0
	while [ -e "$DIR/run" ]; do
		"$MV" show --json >/dev/null 2>"$DIR/dump.err" || bad=$((bad + 1))
		"$MV" port show --json >/dev/null 2>>"$DIR/dump.err" || bad=$((bad + 1))
		k=$((k + 1))
	done
	echo "$k dumps, $bad failed"
	[ -s "$DIR/dump.err" ] && head -n 3 "$DIR/dump.err"
}

touch "$DIR/run"
# pinger: one echo at a time while the storm lasts, as load on the pair's
# datapath during the flaps themselves (logged; the replies that prove the
# pair works are the flapper's, in the windows between flaps). (A single
# long ping backs off after the errors of a flap and may send nothing more.)
pinger() {
	local sent=0 received=0
	while [ -e "$DIR/run" ] && [ "$SECONDS" -lt "$LIMIT" ]; do
		sent=$((sent + 1))
		ping_ok ta 10.7.0.2 && received=$((received + 1))
	done
	echo "$sent sent, $received received"
}

pinger >"$DIR/ping" 2>&1 &
BG+=($!)
flap >"$DIR/flap" 2>&1 &
BG+=($!)
dumps >"$DIR/dumps" 2>&1 &
BG+=($!)
W=()
for n in 1 2 3; do
	churn "$n" >"$DIR/churn$n" 2>&1 &
	W+=($!)
done
for p in "${W[@]}"; do wait "$p"; done
log "churn done at ${SECONDS}s"
rm -f "$DIR/run"
for p in "${BG[@]}"; do wait "$p"; done
BG=()
log "background done at ${SECONDS}s"
for f in churn1 churn2 churn3 flap dumps ping; do
	log "$f: $(tr '\n' ';' <"$DIR/$f")"
done

t_churn() {
	local f=$DIR/churn$1
	! grep -q FAIL "$f" && grep -q "ok round 1" "$f"
}
for n in 1 2 3; do
	check "namespace s$n: every round of $PER_NS creates and deletes succeeded" t_churn "$n"
done
check "the lower flapped" grep -qE '^[1-9][0-9]* flaps' "$DIR/flap"
check "every dump during the storm succeeded" grep -qE ' 0 failed' "$DIR/dumps"
check "the ping pair got replies during the storm: after every flap" \
	grep -qE '^[1-9][0-9]* flaps, 0 without a reply after' "$DIR/flap"
ip link set va up
ip link set vb up
check "the ping pair works after the storm" eval 'wait_for 10 ping_ok ta 10.7.0.2'

t_nothing_left() {
	local left ns
	left="$(mvlan_devs | tr '\n' ' ')"
	for ns in s1 s2 s3; do
		ip netns list | grep -qw "$ns" && left+=" ns:$ns"
	done
	[ -z "${left// /}" ] && return 0
	log "left: $left"
	return 1
}
check "no churned child or namespace is left" t_nothing_left
check "the ping pair is all the tool lists" eq children "$(jcount name "$("$MV" show --json)")" 2
ip netns exec ta "$MV" delete t1
ip netns exec tb "$MV" delete t2
check "no port left once the pair is deleted" no_port va
check "the lower's promiscuity is back to $P0" eq promiscuity "$(link_attr va promiscuity)" "$P0"
check "the lower's unicast list is back to before" eq unicast "$(uc_entries va)" "$U0"
check "module use count 0" eq refcnt "$(mod_refcnt)" 0
check "rmmod works" rmmod mvlan
check "kernel log clean" eval '! dmesg | grep -Eq "WARNING:|BUG:|Oops|refcount_t:|list_(add|del) corruption|UBSAN:|KASAN:|unregister_netdevice: waiting"'
log "elapsed ${SECONDS}s"
finish
