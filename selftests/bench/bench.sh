#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: measures mvlan next to the in-tree macvlan,
# ipvlan l2, a Linux bridge with veth pairs and the in-tree macvtap, all in
# one boot, each on its own dummy lower, and prints one machine-readable line per figure:
#
#   BENCH case=<case> impl=<impl> key=value ...
#
# Meant to run under QEMU -icount shift=0,sleep=off on one vCPU, where guest
# time counts instructions (1 ns each), so every figure repeats run to run.
# Rates come from pktgen's result line; times from the guest clock.
#
# Arguments (from run.sh, no spaces): count=N (packets per rate case),
# bcast=N (frames per broadcast case), reps=N (repeat each rate case),
# the case groups to run: ctl rx bridge bcast floor hostacc tap (default:
# all), and the profiles ctlprof, dpprof, hostprof and tapprof (not run by
# default). hostacc: host_warm=0 skips its warm-up connection,
# host_order=shim measures the shim first.
set -u

COUNT=100000
BCAST_FRAMES=2000
BCAST_TX_FRAMES=50
REPS=1
HOST_WARM=1
HOST_ORDER=mvlan
CASES=()
for arg in "$@"; do
	case "$arg" in
	count=*) COUNT=${arg#count=} ;;
	bcast=*) BCAST_FRAMES=${arg#bcast=} ;;
	bcast_tx=*) BCAST_TX_FRAMES=${arg#bcast_tx=} ;;
	reps=*) REPS=${arg#reps=} ;;
	host_warm=*) HOST_WARM=${arg#host_warm=} ;;
	host_order=*) HOST_ORDER=${arg#host_order=} ;;
	*) CASES+=("$arg") ;;
	esac
done
[ ${#CASES[@]} -eq 0 ] && CASES=(ctl rx bridge bcast floor hostacc tap)

HERE=$(cd "$(dirname "$0")" && pwd)
MVLAN_KO=${MVLAN_KO:-/lib/mvlan/mvlan.ko}
FLOOR_KO=${FLOOR_KO:-$HERE/mvlan-floor.ko}
PG=/proc/net/pktgen
DST_IP=198.18.0.1		# owned by the receiving device of every case
SRC_IP=198.18.1.1
CHILD_STEPS=(1 64 1024 2048 4096)
declare -A BROKEN=()		# impl -> why it is skipped from now on

want() { [[ " ${CASES[*]} " == *" $1 "* ]]; }
log() { echo "# $*" >&2; }
bench() { echo "BENCH $*"; }
now_us() { echo "${EPOCHREALTIME/./}"; }

# Guest nanoseconds the CPU spent idle (tick-sched accounting, exact).
idle_ns() {
	awk '/idle_sleeptime/ { s += $3 } END { printf "%.0f\n", s }' /proc/timer_list
}

# Let deferred work (linkwatch, RCU callbacks, workqueues) finish so that
# it is not charged to the next measurement: wait until the CPU was idle
# for at least 99 % of two seconds (at most two minutes).
settle() {
	local i0 t0 i1 t1 tries=0
	sleep "${1:-1}"
	# The probe itself (sleep, awk) costs about 6 ms of the 2 s window.
	while [ $tries -lt 60 ]; do
		i0=$(idle_ns); t0=$(now_us)
		sleep 2
		i1=$(idle_ns); t1=$(now_us)
		[ $(((i1 - i0) * 100)) -ge $(((t1 - t0) * 99000)) ] && return 0
		tries=$((tries + 1))
	done
	log "settle: still busy after $tries windows of 2 s"
}

# Deterministic MACs: 02:<impl>:00:00:<index>.
mac() { printf '02:%02x:00:00:%02x:%02x' "$1" $(($2 >> 8)) $(($2 & 255)); }

stat_of() { local v; read -r v <"/sys/class/net/$1/statistics/$2" && echo "$v"; }

# Sum a counter over devices PREFIX0 .. PREFIX(N-1), skipping index SKIP.
stat_sum() {
	local prefix=$1 n=$2 stat=$3 skip=${4:--1} i v sum=0
	for ((i = 0; i < n; i++)); do
		[ "$i" -eq "$skip" ] && continue
		read -r v <"/sys/class/net/$prefix$i/statistics/$stat" || continue
		sum=$((sum + v))
	done
	echo "$sum"
}

ip_in_receives() {
	awk '/^Ip: [0-9]/ { print $4 }' /proc/net/snmp
}

broken() {
	local impl=$1
	shift
	if [ -z "${BROKEN[$impl]:-}" ]; then
		BROKEN[$impl]="$*"
		log "$impl: $* -- its remaining cases are skipped"
	fi
}
ok() { [ -z "${BROKEN[$1]:-}" ]; }
skip_line() { bench "$* status=skip reason=\"${BROKEN[${impl:-x}]:-n/a}\""; }

# --- pktgen ----------------------------------------------------------------

pg_set() {
	local file=$1 cmd=$2 res
	if ! echo "$cmd" >"$file" 2>/dev/null; then
		log "pktgen: '$cmd' > $file failed"
		return 1
	fi
	res=$(grep -m1 '^Result:' "$file" 2>/dev/null)
	case "$res" in
	""|"Result: OK"*) return 0 ;;
	esac
	log "pktgen: '$cmd': $res"
	return 1
}

# pg_prepare DEV MODE DSTMAC COUNT [DSTIP]: configure one pktgen run on DEV;
# `echo start >$PG/pgctrl` runs it (blocking), pg_result DEV reads it.
pg_prepare() {
	local dev=$1 mode=$2 dstmac=$3 count=$4 dstip=${5:-$DST_IP}
	local f=$PG/$dev
	pg_set $PG/kpktgend_0 rem_device_all || return 1
	pg_set $PG/kpktgend_0 "add_device $dev" || return 1
	pg_set "$f" "xmit_mode $mode" &&
		pg_set "$f" "count $count" &&
		pg_set "$f" "pkt_size 60" &&
		pg_set "$f" "flag !SHARED" &&
		pg_set "$f" "delay 0" &&
		pg_set "$f" "dst_mac $dstmac" &&
		pg_set "$f" "dst $dstip" &&
		pg_set "$f" "src_min $SRC_IP" &&
		pg_set "$f" "src_max $SRC_IP"
}

# pg_result DEV: prints "pps=.. usec=.. sent=.. errors=.." of DEV's last run.
pg_result() {
	local f=$PG/$1 res pps usec sent errors
	res=$(sed -n '/^Result: OK:/,$p' "$f")
	[ -n "$res" ] || { log "pktgen: no result: $(grep Result "$f")"; return 1; }
	usec=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' <<<"$res")
	sent=$(sed -n 's/^Result: OK: [^,]*, \([0-9]*\) .*/\1/p' <<<"$res")
	pps=$(sed -n 's/.* \([0-9]*\)pps .*/\1/p' <<<"$res")
	errors=$(grep -o 'errors: [0-9]*' <<<"$res" | grep -o '[0-9]*$')
	pg_set $PG/kpktgend_0 rem_device_all
	echo "pps=$pps usec=$usec sent=$sent errors=$errors"
}

# pg_run DEV MODE DSTMAC COUNT [DSTIP]: one pktgen run on DEV, blocking;
# prints what pg_result does.
pg_run() {
	pg_prepare "$@" && echo start >$PG/pgctrl && pg_result "$1"
}

ns_per_pkt() { awk -v p="$1" 'BEGIN { printf "%.1f", (p > 0) ? 1e9 / p : 0 }'; }

# received RXDEV: RXDEV's rx_packets, or with "@ip" the IPv4 packets this
# namespace's stack received.
received() {
	if [ "$1" = @ip ]; then ip_in_receives; else stat_of "$1" rx_packets; fi
}

# rate CASE-FIELDS DEV MODE DSTMAC RXDEV [DSTIP]: a rate case; RXDEV's
# rx_packets (see received) must grow by every frame sent ("-" to not check).
rate() {
	local fields=$1 dev=$2 mode=$3 dstmac=$4 rxdev=$5 dstip=${6:-$DST_IP}
	local r rep rx0=0 rx1=0 out
	for ((rep = 0; rep < REPS; rep++)); do
		settle
		[ "$rxdev" != - ] && rx0=$(received "$rxdev")
		if ! out=$(pg_run "$dev" "$mode" "$dstmac" "$COUNT" "$dstip"); then
			bench "$fields rep=$rep status=fail reason=pktgen"
			return 1
		fi
		eval "$out"
		[ "$rxdev" != - ] && rx1=$(received "$rxdev")
		r="$fields rep=$rep pps=$pps ns_per_pkt=$(ns_per_pkt "$pps") sent=$sent"
		r+=" errors=$errors"
		[ "$rxdev" != - ] && r+=" delivered=$((rx1 - rx0))"
		bench "$r"
	done
}

# --- the implementations -----------------------------------------------------

add_dummy() {	# NAME IMPL-ID
	ip link add "$1" address "$(mac "$2" 65535)" type dummy &&
		ip link set "$1" up
}

mvlan_loaded() { grep -q '^mvlan ' /proc/modules; }

load_mvlan() {	# KO
	mvlan_loaded && return 0
	insmod "$1"
}

# grow_IMPL LOWER PREFIX ID FROM TO MODE: children FROM..TO-1, up, bridge
# mode; child 0 owns DST_IP.
grow_macvlan() {
	local lower=$1 prefix=$2 id=$3 from=$4 to=$5 i
	{
		for ((i = from; i < to; i++)); do
			echo "link add link $lower name $prefix$i address $(mac "$id" "$i") type macvlan mode bridge"
			echo "link set $prefix$i up"
		done
		[ "$from" -eq 0 ] && echo "addr add $DST_IP/32 dev ${prefix}0"
	} >/tmp/batch
	ip -batch /tmp/batch
}

# ipvlan children share the lower's MAC and are told apart by IP address;
# all but child 0 live in the "crowd" namespace so that the receiving
# namespace's routing table is the same size for every implementation.
grow_ipvlan() {
	local lower=$1 prefix=$2 id=$3 from=$4 to=$5 i
	local first=$from
	{
		if [ "$from" -eq 0 ]; then
			echo "link add link $lower name ${prefix}0 type ipvlan mode l2"
			echo "addr add $DST_IP/32 dev ${prefix}0"
			echo "link set ${prefix}0 up"
			first=1
		fi
		for ((i = first; i < to; i++)); do
			echo "link add link $lower name $prefix$i netns crowd type ipvlan mode l2"
		done
	} >/tmp/batch
	ip -batch /tmp/batch || return 1
	{
		for ((i = first; i < to; i++)); do
			echo "addr add 198.19.$((i >> 8)).$((i & 255))/32 dev $prefix$i"
			echo "link set $prefix$i up"
		done
	} >/tmp/batch
	ip -n crowd -batch /tmp/batch
}

# mvlan: one batch create, then the same names and MACs as every run
# (batch children get random MACs) with one ip -batch.
grow_mvlan() {
	local lower=$1 prefix=$2 id=$3 from=$4 to=$5 i
	mvlanctl create --count $((to - from)) --prefix mvt \
		--link "$lower" --mode bridge || return 1
	{
		for ((i = from; i < to; i++)); do
			echo "link set mvt$((i - from)) name $prefix$i address $(mac "$id" "$i")"
			echo "link set $prefix$i up"
		done
		[ "$from" -eq 0 ] && echo "addr add $DST_IP/32 dev ${prefix}0"
	} >/tmp/batch
	ip -batch /tmp/batch
}

grow() {	# IMPL LOWER PREFIX ID FROM TO
	local impl=$1
	shift
	ok "$impl" || return 1
	if ! "grow_$impl" "$@" >/tmp/grow.log 2>&1; then
		broken "$impl" "creating children $4..$(($5 - 1)) failed: $(tail -n 3 /tmp/grow.log | tr '\n"' ' ')"
		return 1
	fi
}

# --- cases -------------------------------------------------------------------

# Control plane: create and delete 1000 children in one command each, and
# the growth from 1024 to 4096 children.
case_ctl() {
	local n t0 t1 t2 i names
	add_dummy cpmv 9 && add_dummy cpmac 10 || return 1
	for n in 1000 1024 4096; do
		impl=mvlan
		if ok mvlan; then
			settle
			t0=$(now_us)
			mvlanctl create --count "$n" --prefix cm --link cpmv >/tmp/ctl.log 2>&1
			local rc=$?
			t1=$(now_us)
			names=()
			for ((i = 0; i < n; i++)); do names+=("cm$i"); done
			if [ $rc -ne 0 ] || [ ! -e /sys/class/net/cm$((n - 1)) ]; then
				broken mvlan "mvlanctl create --count $n failed: $(head -c 300 /tmp/ctl.log | tr '\n"' ' ')"
				skip_line "case=ctl impl=mvlan op=create n=$n"
			else
				bench "case=ctl impl=mvlan op=create n=$n us=$((t1 - t0))"
				settle
				t1=$(now_us)
				mvlanctl delete "${names[@]}" >/tmp/ctl.log 2>&1
				rc=$?
				t2=$(now_us)
				if [ $rc -ne 0 ] || [ -e /sys/class/net/cm0 ]; then
					bench "case=ctl impl=mvlan op=delete n=$n status=fail reason=\"$(head -c 300 /tmp/ctl.log | tr '\n"' ' ')\""
					ip link del cpmv; add_dummy cpmv 9
				else
					bench "case=ctl impl=mvlan op=delete n=$n us=$((t2 - t1))"
				fi
			fi
		else
			skip_line "case=ctl impl=mvlan op=create n=$n"
		fi

		for ((i = 0; i < n; i++)); do
			echo "link add link cpmac name cc$i type macvlan"
		done >/tmp/batch.add
		for ((i = 0; i < n; i++)); do
			echo "link del cc$i"
		done >/tmp/batch.del
		settle
		t0=$(now_us)
		ip -batch /tmp/batch.add
		t1=$(now_us)
		bench "case=ctl impl=macvlan op=create n=$n us=$((t1 - t0))"
		settle
		t1=$(now_us)
		ip -batch /tmp/batch.del
		t2=$(now_us)
		bench "case=ctl impl=macvlan op=delete n=$n us=$((t2 - t1))"
	done
	ip link del cpmv
	ip link del cpmac
}

# Profile of creation (not in the default run): where the guest time of
# one child goes, varying one thing at a time. All on fresh lowers, n=1000.
case_ctlprof() {
	local n=1000 t0 t1 i
	add_dummy pfmv 11 && add_dummy pfrt 12 && add_dummy pfmac 13 || return 1
	timed() {	# LABEL CMD...: one timed command, then settle
		settle
		t0=$(now_us)
		"${@:2}" >/tmp/prof.log 2>&1 || log "$1: $(head -c 200 /tmp/prof.log)"
		t1=$(now_us)
		bench "case=ctlprof what=$1 n=$n us=$((t1 - t0))"
	}
	for ((i = 0; i < n; i++)); do echo "link add name pd$i type dummy"; done >/tmp/b.dummy
	for ((i = 0; i < n; i++)); do echo "link add link pfrt name pr$i type mvlan"; done >/tmp/b.rt
	for ((i = 0; i < n; i++)); do echo "link add link pfmac name pc$i type macvlan mode bridge"; done >/tmp/b.mac
	for ((i = 0; i < n; i++)); do echo "link add link pfmac name pm$i type macvlan mode bridge"; done >/tmp/b.mac2
	timed dummy-ip-batch ip -batch /tmp/b.dummy
	timed mvlan-ip-batch ip -batch /tmp/b.rt
	timed macvlan-ip-batch ip -batch /tmp/b.mac
	timed mvlan-genl-batch mvlanctl create --count $n --prefix pg --link pfmv --mode bridge
	timed macvlan-ip-batch-second-1000 ip -batch /tmp/b.mac2
	timed mvlan-genl-batch-second-1000 mvlanctl create --count $n --prefix ph --link pfmv --mode bridge
	# growth of plain device registration, for the 4096/1024 ratio
	local m
	for m in 1024 4096; do
		for ((i = 0; i < m; i++)); do echo "link add name pe$i type dummy"; done >/tmp/b.g
		n=$m timed dummy-ip-batch-$m ip -batch /tmp/b.g
		ip link del pfmv
		add_dummy pfmv 11
		for ((i = 0; i < m; i++)); do echo "link del pe$i"; done >/tmp/b.g
		ip -batch /tmp/b.g
		n=$m timed mvlan-genl-batch-$m mvlanctl create --count $m --prefix pq --link pfmv --mode bridge
		ip link del pfmv
		add_dummy pfmv 11
	done
	n=1000
	t0=$(now_us); mvlanctl show >/dev/null; t1=$(now_us)
	bench "case=ctlprof what=mvlanctl-show-2000 n=2000 us=$((t1 - t0))"
	t0=$(now_us); mvlanctl --version >/dev/null; t1=$(now_us)
	bench "case=ctlprof what=mvlanctl-exec n=1 us=$((t1 - t0))"
	for d in pfmv pfrt pfmac; do ip link del $d; done
	for ((i = 0; i < n; i++)); do echo "link del pd$i"; done >/tmp/b.dummy
	ip -batch /tmp/b.dummy
	settle
}

# Datapath profile (not in the default run): a direct veth hand-off as the
# reference for bridge mode, and mvlan's broadcast burst with the port's
# queue and cutoff settings varied one at a time.
case_dpprof() {
	impl=mvlan
	ip link add va2 address "$(mac 15 1)" type veth peer name vb2 address "$(mac 15 0)" &&
		ip addr add $DST_IP/32 dev vb2 &&
		ip link set va2 up && ip link set vb2 up &&
		rate "case=dpprof what=veth-direct" va2 start_xmit "$(mac 15 0)" vb2
	ip link del va2
	ok mvlan || return
	add_dummy lbp 14
	grow mvlan lbp bp 14 0 64 || return
	bcast_rx mvlan lbp bp 64 "what=default"
	mvlanctl set bp0 --bc-queue-len 4096 && bcast_rx mvlan lbp bp 64 "what=queue-4096"
	mvlanctl set bp0 --bc-queue-len 1000 && mvlanctl set bp0 --bc-cutoff -1 &&
		bcast_rx mvlan lbp bp 64 "what=cutoff-1"
	ip link del lbp
	settle
}

# Receive demux: frames injected into each lower (netif_receive), addressed
# to child 0, for a growing number of children; then a MAC nobody owns.
# Broadcast cases run when the sweep passes 64 and 2048 children.
case_rx() {
	local n have=0 impl
	add_dummy lbare 1 && ip addr add $DST_IP/32 dev lbare
	ip netns add crowd
	# sysctls are per namespace: IPv6 would make every child of the crowd
	# multicast to all others (MLD, DAD), quadratic in their number.
	ip netns exec crowd sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	add_dummy lmv 2
	add_dummy lmac 3
	add_dummy lipv 4
	for n in "${CHILD_STEPS[@]}"; do
		log "growing to $n children"
		grow mvlan lmv mv 2 "$have" "$n"
		grow macvlan lmac mc 3 "$have" "$n"
		if want rx; then
			grow ipvlan lipv iv 4 "$have" "$n"
		fi
		have=$n
		if want rx; then
			rate "case=rx children=$n impl=bare" lbare netif_receive "$(mac 1 65535)" -
			for impl in mvlan macvlan; do
				local id=2 p=mv l=lmv
				[ $impl = macvlan ] && id=3 p=mc l=lmac
				if ok $impl; then
					rate "case=rx children=$n impl=$impl" $l netif_receive "$(mac $id 0)" "${p}0"
				else
					skip_line "case=rx children=$n impl=$impl"
				fi
			done
			impl=ipvlan
			if ok ipvlan; then
				rate "case=rx children=$n impl=ipvlan" lipv netif_receive "$(mac 4 65535)" iv0
			else
				skip_line "case=rx children=$n impl=ipvlan"
			fi
		fi
		if want bcast && [ "$n" -eq 64 ]; then
			bcast_rx mvlan lmv mv 64
			bcast_rx macvlan lmac mc 64
		fi
		if want bcast && [ "$n" -eq 2048 ]; then
			bcast_tx mvlan mv 2048
			bcast_tx macvlan mc 2048
		fi
	done
	if want rx; then
		# miss: a unicast MAC no child owns; the frame ends on the lower
		# as PACKET_OTHERHOST, so the bare lower's own miss is the baseline.
		rate "case=miss children=4096 impl=bare" lbare netif_receive 02:01:00:ff:ff:fe -
		impl=mvlan
		if ok mvlan; then
			rate "case=miss children=4096 impl=mvlan" lmv netif_receive 02:02:00:ff:ff:fe -
		else
			skip_line "case=miss children=4096 impl=mvlan"
		fi
		rate "case=miss children=4096 impl=macvlan" lmac netif_receive 02:03:00:ff:ff:fe -
	fi
	# Deleting a lower deletes its children in one batch.
	ip link del lbare
	ip link del lmv
	ip link del lmac
	ip link del lipv 2>/dev/null
	ip netns del crowd
	settle
}

# Broadcast into the lower: a burst of BCAST_FRAMES broadcast frames while
# N children listen. Cost per copy is the guest's busy time (elapsed minus
# idle) from the start of the burst until the broadcast queue drained.
bcast_rx() {
	local impl=$1 lower=$2 prefix=$3 n=$4 tag=${5:+ $5}
	local rx0 rx1 ip0 ip1 drop0 drop1 t0 t1 i0 i1 busy out prev cur
	if ! ok "$impl"; then
		skip_line "case=bcast-rx impl=$impl children=$n"
		return
	fi
	settle
	rx0=$(stat_sum "$prefix" "$n" rx_packets)
	drop0=$(stat_of "$lower" rx_dropped)
	ip0=$(ip_in_receives)
	i0=$(idle_ns)
	t0=$(now_us)
	out=$(pg_run "$lower" netif_receive ff:ff:ff:ff:ff:ff "$BCAST_FRAMES" 255.255.255.255) || {
		bench "case=bcast-rx impl=$impl children=$n status=fail reason=pktgen"
		return
	}
	eval "$out"
	# Wait until the children's counters stop moving.
	prev=-1
	cur=$(stat_sum "$prefix" "$n" rx_packets)
	while [ "$cur" != "$prev" ]; do
		sleep 0.2
		prev=$cur
		cur=$(stat_sum "$prefix" "$n" rx_packets)
	done
	t1=$(now_us)
	i1=$(idle_ns)
	rx1=$cur
	drop1=$(stat_of "$lower" rx_dropped)
	ip1=$(ip_in_receives)
	busy=$(((t1 - t0) * 1000 - (i1 - i0)))
	bench "case=bcast-rx impl=$impl children=$n$tag frames=$sent expected=$((sent * n))" \
		"copies=$((rx1 - rx0)) lower_rx_dropped=$((drop1 - drop0))" \
		"ip_in=$((ip1 - ip0)) busy_ns=$busy" \
		"ns_per_copy=$(awk -v b="$busy" -v c="$((rx1 - rx0))" 'BEGIN { printf "%.1f", c ? b / c : 0 }')" \
		"inject_pps=$pps"
}

# Broadcast by one bridge-mode child (child 1) to its N-1 siblings.
bcast_tx() {
	local impl=$1 prefix=$2 n=$3
	local rx0 rx1 t0 t1 i0 i1 busy out copies
	if ! ok "$impl"; then
		skip_line "case=bcast-tx impl=$impl siblings=$((n - 1))"
		return
	fi
	settle
	rx0=$(stat_sum "$prefix" "$n" rx_packets 1)
	i0=$(idle_ns)
	t0=$(now_us)
	out=$(pg_run "${prefix}1" start_xmit ff:ff:ff:ff:ff:ff "$BCAST_TX_FRAMES" 255.255.255.255) || {
		bench "case=bcast-tx impl=$impl siblings=$((n - 1)) status=fail reason=pktgen"
		return
	}
	eval "$out"
	settle 1
	t1=$(now_us)
	i1=$(idle_ns)
	rx1=$(stat_sum "$prefix" "$n" rx_packets 1)
	copies=$((rx1 - rx0))
	busy=$(((t1 - t0) * 1000 - (i1 - i0)))
	bench "case=bcast-tx impl=$impl siblings=$((n - 1)) frames=$sent" \
		"expected=$((sent * (n - 1))) copies=$copies" \
		"copies_per_frame=$(awk -v c="$copies" -v f="$sent" 'BEGIN { printf "%.1f", f ? c / f : 0 }')" \
		"busy_ns=$busy" \
		"ns_per_copy=$(awk -v b="$busy" -v c="$copies" 'BEGIN { printf "%.1f", c ? b / c : 0 }')"
}

# fwd_counts CHILD: "inline=N backlog=N lower=N", how CHILD's bridge-mode
# unicast reached its siblings.
fwd_counts() {
	local j k out='' re='"fwd"[[:space:]]*:[[:space:]]*\{([^}]*)\}'
	j=$(mvlanctl show "$1" --json) && [[ $j =~ $re ]] || return 1
	j=${BASH_REMATCH[1]}
	for k in inline backlog lower; do
		re="\"$k\"[[:space:]]*:[[:space:]]*([0-9]+)"
		[[ $j =~ $re ]] && out+=" $k=${BASH_REMATCH[1]}"
	done
	echo "${out# }"
}

# Bridge-mode child to sibling: pktgen transmits on child A (the child's
# ndo_start_xmit) to sibling B's MAC; B must receive every frame.
case_bridge() {
	local impl
	add_dummy lmvb 6
	add_dummy lmacb 7
	impl=mvlan
	if ok mvlan && grow mvlan lmvb mb 6 0 2; then
		# child 0 receives (owns DST_IP), child 1 sends
		rate "case=bridge impl=mvlan" mb1 start_xmit "$(mac 6 0)" mb0 &&
			bench "case=bridge-path impl=mvlan $(fwd_counts mb1)"
	else
		skip_line "case=bridge impl=mvlan"
	fi
	grow macvlan lmacb cb 7 0 2 &&
		rate "case=bridge impl=macvlan" cb1 start_xmit "$(mac 7 0)" cb0
	# Through dev_queue_xmit(): BH is then disabled twice, the way a nested
	# or softirq sender looks, so mvlan takes the backlog.
	if ok mvlan; then
		rate "case=bridge-queue impl=mvlan" mb1 queue_xmit "$(mac 6 0)" mb0 &&
			bench "case=bridge-queue-path impl=mvlan $(fwd_counts mb1)"
	fi
	rate "case=bridge-queue impl=macvlan" cb1 queue_xmit "$(mac 7 0)" cb0

	# Linux bridge, two veth pairs: va <-> vap [br0] vbp <-> vb
	ip link add br0 type bridge &&
		ip link add va address "$(mac 8 1)" type veth peer name vap &&
		ip link add vb address "$(mac 8 0)" type veth peer name vbp &&
		ip link set vap master br0 && ip link set vbp master br0 &&
		ip addr add $DST_IP/32 dev vb &&
		for d in br0 va vap vb vbp; do ip link set "$d" up; done &&
		bridge fdb add "$(mac 8 0)" dev vbp master static &&
		rate "case=bridge impl=bridge-veth" va start_xmit "$(mac 8 0)" vb
	ip link del lmvb
	ip link del lmacb
	ip link del br0
	ip link del va
	ip link del vb
	settle
}

# The MVLAN_BENCH_FLOOR build: every frame to the first child, no lookup.
case_floor() {
	impl=floor
	if [ ! -r "$FLOOR_KO" ]; then
		broken floor "no $FLOOR_KO"
	elif mvlan_loaded && ! rmmod mvlan; then
		broken floor "rmmod mvlan failed"
	elif ! insmod "$FLOOR_KO"; then
		broken floor "insmod $FLOOR_KO failed"
	fi
	add_dummy lbare 1 && ip addr add $DST_IP/32 dev lbare
	add_dummy lfl 5
	if ok floor && grow_mvlan lfl fl 5 0 1 >/tmp/grow.log 2>&1; then
		rate "case=rx children=1 impl=bare run=floor" lbare netif_receive "$(mac 1 65535)" -
		rate "case=rx children=1 impl=floor" lfl netif_receive "$(mac 5 0)" fl0
	else
		ok floor && broken floor "creating a child failed: $(tail -n 2 /tmp/grow.log | tr '\n"' ' ')"
		skip_line "case=rx children=1 impl=floor"
	fi
	ip link del lfl
	ip link del lbare
	settle
	rmmod mvlan 2>/dev/null
	load_mvlan "$MVLAN_KO"
}

# --- host access ---------------------------------------------------------------

HOST_TCP_BYTES=8000000
TRAFFIC=$HERE/../traffic.bin

# nsdo NS CMD...: CMD in namespace NS, or here for "-".
nsdo() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then "$@"; else ip netns exec "$ns" "$@"; fi
}

# tcp_serve NS: the checking server in NS ("-": here), listening; its pid
# in srv, which the caller waits for.
tcp_serve() {
	local i
	nsdo "$1" "$TRAFFIC" serve 5201 >/tmp/tcp.srv 2>&1 &
	srv=$!
	for ((i = 0; i < 100; i++)); do
		grep -q listening /tmp/tcp.srv && break
		sleep 0.1
	done
}

# tcp_rate CASE-FIELDS FROM TO ADDR: HOST_TCP_BYTES over one TCP connection
# from namespace FROM to a server in TO at ADDR, checked by the server;
# the rate in guest time.
tcp_rate() {
	local fields=$1 from=$2 to=$3 addr=$4 rep srv t0 t1
	for ((rep = 0; rep < REPS; rep++)); do
		settle
		tcp_serve "$to"
		t0=$(now_us)
		if ! nsdo "$from" "$TRAFFIC" send "$addr" 5201 $HOST_TCP_BYTES >/dev/null; then
			kill "$srv" 2>/dev/null
			wait "$srv"
			bench "$fields rep=$rep status=fail reason=tcp"
			return 1
		fi
		t1=$(now_us)
		wait "$srv"
		bench "$fields rep=$rep bytes=$HOST_TCP_BYTES usec=$((t1 - t0))" \
			"mbit_s=$(awk -v b=$HOST_TCP_BYTES -v u=$((t1 - t0)) 'BEGIN { printf "%.1f", b * 8 / u }')"
	done
}

# host_cases IMPL HOSTDEV CHILD CHILDMAC HOSTMAC NET NS: the four figures of
# one implementation. HOSTDEV (the host's device, NET.1) sends to CHILD
# (no address) and back with pktgen; TCP runs between here and NET.3 in NS.
host_cases() {
	local impl=$1 hostdev=$2 child=$3 childmac=$4 hostmac=$5 net=$6 ns=$7
	rate "case=host-rx impl=$impl" "$hostdev" queue_xmit "$childmac" "$child" "$net.2"
	rate "case=host-tx impl=$impl" "$child" start_xmit "$hostmac" @ip "$net.1"
	tcp_rate "case=host-tcp-rx impl=$impl" - "$ns" "$net.3"
	tcp_rate "case=host-tcp-tx impl=$impl" "$ns" - "$net.1"
}

# One untimed connection over loopback before the first figure: the
# boot's first TCP transfer costs about 10 ms of guest time more than any
# later one (hostprof), whichever device carries it, and was charged to the
# implementation measured first.
tcp_warm() {
	local srv
	ip link set lo up
	tcp_serve -
	"$TRAFFIC" send 127.0.0.1 5201 $HOST_TCP_BYTES >/dev/null || log "tcp warm-up failed"
	wait "$srv"
}

hostacc_mvlan() {
	impl=mvlan
	if ok mvlan && mvlanctl create ha0 --link lha --mode bridge --mac "$(mac 9 0)" &&
		mvlanctl create ht0 --link lha --mode bridge --mac "$(mac 9 1)" --netns hc &&
		mvlanctl port set lha --host-access on &&
		ip link set ha0 up && ip addr add 198.18.3.1/24 dev lha &&
		ip -n hc addr add 198.18.3.3/24 dev ht0 && ip -n hc link set ht0 up; then
		host_cases mvlan lha ha0 "$(mac 9 0)" "$(mac 9 65535)" 198.18.3 hc
	else
		skip_line "case=host-rx impl=mvlan"
	fi
}

hostacc_shim() {
	impl=shim
	if ip link add hs0 link lsh address "$(mac 10 0)" type macvlan mode bridge &&
		ip link add shim link lsh address "$(mac 10 2)" type macvlan mode bridge &&
		ip link add hs1 link lsh address "$(mac 10 1)" netns sc type macvlan mode bridge &&
		ip link set hs0 up && ip link set shim up && ip addr add 198.18.4.1/24 dev shim &&
		ip -n sc addr add 198.18.4.3/24 dev hs1 && ip -n sc link set hs1 up; then
		host_cases shim shim hs0 "$(mac 10 0)" "$(mac 10 2)" 198.18.4 sc
	else
		broken shim "creating the shim and its children failed"
		skip_line "case=host-rx impl=shim"
	fi
}

# The lower's own stack and a bridge-mode child: mvlan with host access on,
# against the usual workaround, a shim (an in-tree macvlan bridge-mode child
# on the host with its own address). Each side has a child in this namespace
# without an address (pktgen) and one in a namespace of its own (TCP).
case_hostacc() {
	# A dummy is NOARP (its neighbours get its own MAC): not a real NIC's host.
	add_dummy lha 9 && ip link set lha arp on
	add_dummy lsh 10
	ip netns add hc && ip netns add sc && ip -n hc link set lo up && ip -n sc link set lo up
	[ "$HOST_WARM" = 1 ] && tcp_warm
	bench "case=host-order first=$HOST_ORDER warm=$HOST_WARM"
	if [ "$HOST_ORDER" = shim ]; then
		hostacc_shim
		hostacc_mvlan
	else
		hostacc_mvlan
		hostacc_shim
	fi
	ip netns del hc
	ip netns del sc
	ip link del lha
	ip link del lsh
	settle
}

# Profile of host -> child TCP (not in the default run): mvlan with host
# access against the shim, the same 8 MB as hostacc, without the warm-up
# connection, so the first implementation's first run is the boot's first
# TCP transfer. Per implementation: two runs with kprobe hit counts of a
# set of kernel functions and the /proc/vmstat events that changed (cold,
# warm), a plain run with the segments and bytes each side counted, and
# the guest time inside some functions (function_graph at depth 1, one
# function per run, so no tracing is charged to the function measured).
HOSTPROF_COUNT=(tcp_sendmsg __dev_queue_xmit nf_hook_slow mvlan_rx
	__netif_rx netif_receive_skb process_backlog net_rx_action
	tcp_v4_rcv tcp_rcv_established tcp_ack __tcp_transmit_skb
	tcp_write_xmit skb_segment __skb_gso_segment skb_checksum_help
	__skb_checksum_complete csum_partial skb_copy_datagram_iter
	tcp_recvmsg tcp_release_cb dev_forward_skb __dev_forward_skb schedule
	sock_def_readable tcp_rcv_space_adjust __alloc_pages_noprof
	handle_mm_fault skb_page_frag_refill __sk_mem_raise_allocated
	tcp_stream_alloc_skb kmalloc_reserve __kmalloc_large_node_noprof
	___slab_alloc tcp_enter_memory_pressure sk_stream_wait_memory
	mvlan_host_egress mvlan_host_unicast mvlan_bridge_unicast)
HOSTPROF_TIME=(tcp_sendmsg tcp_recvmsg nf_hook_slow)
TRACEFS=/sys/kernel/tracing

snmp_dump() {	# NS: "Proto:Field value" of /proc/net/snmp and netstat
	nsdo "$1" cat /proc/net/snmp /proc/net/netstat | awk '
		NR % 2 == 1 { n = split($0, h, " "); next }
		{ split($0, v, " "); for (i = 2; i <= n; i++) print h[1] h[i], v[i] }'
}

# diff_lines TAG A B: "name value" files, the names whose value changed.
diff_lines() {
	paste -d' ' "$2" "$3" | awk -v tag="$1" '$1 == $3 && $4 != $2 {
		printf "BENCH case=hostprof %s %s=%d\n", tag, $1, $4 - $2 }'
}

# One TCP run from namespace FROM to a server in TO at ADDR ("-": here);
# prints its figures. With HP_GRAPH set, function_graph traces that
# function during the run only.
hostprof_once() {	# TAG FROM TO ADDR
	local tag=$1 from=$2 ns=$3 addr=$4 srv t0 t1 i0 i1
	settle
	if [ -n "${HP_GRAPH:-}" ]; then
		echo "$HP_GRAPH" >$TRACEFS/set_graph_function || log "no graph on $HP_GRAPH"
		echo 1 >$TRACEFS/max_graph_depth
		echo function_graph >$TRACEFS/current_tracer
		echo >$TRACEFS/trace
		echo 1 >$TRACEFS/tracing_on
	fi
	tcp_serve "$ns"
	cat /proc/vmstat >/tmp/vm.0
	i0=$(idle_ns); t0=$(now_us)
	nsdo "$from" "$TRAFFIC" send "$addr" 5201 $HOST_TCP_BYTES >/dev/null ||
		log "hostprof: send failed"
	t1=$(now_us); i1=$(idle_ns)
	cat /proc/vmstat >/tmp/vm.1
	wait "$srv"
	[ -n "${HP_GRAPH:-}" ] && echo 0 >$TRACEFS/tracing_on
	bench "case=hostprof $tag usec=$((t1 - t0)) idle_us=$(((i1 - i0) / 1000))" \
		"mbit_s=$(awk -v b=$HOST_TCP_BYTES -v u=$((t1 - t0)) 'BEGIN { printf "%.1f", b * 8 / u }')"
	diff_lines "$tag vmstat" /tmp/vm.0 /tmp/vm.1
}

hostprof_counted() {	# TAG FROM TO ADDR
	local f v
	echo 0 >$TRACEFS/tracing_on
	echo >$TRACEFS/kprobe_events
	for f in "${HOSTPROF_COUNT[@]}"; do
		echo "p:hp_$f $f" >>$TRACEFS/kprobe_events 2>/dev/null || log "no kprobe on $f"
	done
	for f in "${HOSTPROF_COUNT[@]}"; do
		[ -d "$TRACEFS/events/kprobes/hp_$f" ] &&
			echo 'hist:keys=common_pid' >"$TRACEFS/events/kprobes/hp_$f/trigger"
	done
	echo 1 >$TRACEFS/events/kprobes/enable
	echo 1 >$TRACEFS/tracing_on
	hostprof_once "$1" "$2" "$3" "$4"
	echo 0 >$TRACEFS/tracing_on
	for f in "${HOSTPROF_COUNT[@]}"; do
		[ -d "$TRACEFS/events/kprobes/hp_$f" ] || continue
		v=$(awk '/Hits:/ { print $2; exit }' "$TRACEFS/events/kprobes/hp_$f/hist")
		bench "case=hostprof $1 calls fn=$f n=${v:-0}"
	done
	echo 0 >$TRACEFS/events/kprobes/enable
	for f in "${HOSTPROF_COUNT[@]}"; do
		[ -d "$TRACEFS/events/kprobes/hp_$f" ] &&
			echo '!hist:keys=common_pid' >"$TRACEFS/events/kprobes/hp_$f/trigger"
	done
	echo >$TRACEFS/kprobe_events
}

# IMPL NS ADDR CHILD HOSTADDR
hostprof_impl() {
	local impl=$1 ns=$2 addr=$3 child=$4 hostaddr=$5 f rxp0 rxb0 rxp1 rxb1
	hostprof_counted "impl=$impl what=counted-1" - "$ns" "$addr"
	hostprof_counted "impl=$impl what=counted-2" - "$ns" "$addr"
	hostprof_counted "impl=$impl what=counted-tx" "$ns" - "$hostaddr"
	snmp_dump - >/tmp/snmp.h0; snmp_dump "$ns" >/tmp/snmp.c0
	rxp0=$(nsdo "$ns" cat "/sys/class/net/$child/statistics/rx_packets")
	rxb0=$(nsdo "$ns" cat "/sys/class/net/$child/statistics/rx_bytes")
	hostprof_once "impl=$impl what=plain" - "$ns" "$addr"
	rxp1=$(nsdo "$ns" cat "/sys/class/net/$child/statistics/rx_packets")
	rxb1=$(nsdo "$ns" cat "/sys/class/net/$child/statistics/rx_bytes")
	snmp_dump - >/tmp/snmp.h1; snmp_dump "$ns" >/tmp/snmp.c1
	bench "case=hostprof impl=$impl what=child-rx packets=$((rxp1 - rxp0)) bytes=$((rxb1 - rxb0))"
	diff_lines "impl=$impl what=snmp side=host" /tmp/snmp.h0 /tmp/snmp.h1
	diff_lines "impl=$impl what=snmp side=child" /tmp/snmp.c0 /tmp/snmp.c1
	echo 16384 >$TRACEFS/buffer_size_kb
	for f in "${HOSTPROF_TIME[@]}"; do
		HP_GRAPH=$f hostprof_once "impl=$impl what=traced fn=$f" - "$ns" "$addr"
		# Before the tracer changes: that empties the buffer.
		awk -v f="$f" -v impl="$impl" '
			$0 ~ f "\\(\\);" { for (i = 1; i <= NF; i++) if ($(i + 1) == "us") { s += $i; n++; break } }
			END { printf "BENCH case=hostprof impl=%s what=time fn=%s n=%d us=%.1f\n", impl, f, n, s }
		' "$TRACEFS/trace"
		echo nop >$TRACEFS/current_tracer
	done
	echo >$TRACEFS/set_graph_function
}

hostprof_mvlan() {
	impl=mvlan
	if ok mvlan && mvlanctl create ht0 --link lha --mode bridge --mac "$(mac 9 1)" --netns hc &&
		mvlanctl port set lha --host-access on &&
		ip addr add 198.18.3.1/24 dev lha &&
		ip -n hc addr add 198.18.3.3/24 dev ht0 && ip -n hc link set ht0 up; then
		hostprof_impl mvlan hc 198.18.3.3 ht0 198.18.3.1
	fi
}

hostprof_shim() {
	impl=shim
	if ip link add shim link lsh address "$(mac 10 2)" type macvlan mode bridge &&
		ip link add hs1 link lsh address "$(mac 10 1)" netns sc type macvlan mode bridge &&
		ip link set shim up && ip addr add 198.18.4.1/24 dev shim &&
		ip -n sc addr add 198.18.4.3/24 dev hs1 && ip -n sc link set hs1 up; then
		hostprof_impl shim sc 198.18.4.3 hs1 198.18.4.1
	fi
}

case_hostprof() {
	grep -q " $TRACEFS " /proc/mounts || mount -t tracefs nodev $TRACEFS
	add_dummy lha 9 && ip link set lha arp on
	add_dummy lsh 10
	ip netns add hc && ip netns add sc && ip -n hc link set lo up && ip -n sc link set lo up
	if [ "$HOST_ORDER" = shim ]; then
		hostprof_shim
		hostprof_mvlan
	else
		hostprof_mvlan
		hostprof_shim
	fi
	ip netns del hc
	ip netns del sc
	ip link del lha
	ip link del lsh
	settle
}

# --- tap front-end ---------------------------------------------------------------

TAPBENCH=$HERE/../tapbench.bin
TAP_WIRE_MAC=02:11:00:00:ff:01	# a station behind the lower (no child)

tap_node() { echo "/dev/tap$(cat "/sys/class/net/$1/ifindex")"; }

# per_s FRAMES US: frames per second of guest time.
per_s() { awk -v f="$1" -v u="$2" 'BEGIN { printf "%.0f", (u > 0) ? f * 1e6 / u : 0 }'; }
ns_per() { awk -v f="$1" -v u="$2" 'BEGIN { printf "%.1f", (f > 0) ? u * 1e3 / f : 0 }'; }

# tap_rx CASE IMPL LOWER CHILD MAC QLEN: pktgen injects COUNT frames for
# CHILD into LOWER's receive path (as case_rx does) while `tapbench read`
# drains CHILD's tap file, whose reader queue holds QLEN frames (the tap
# library sizes it by tx_queue_len when the file is opened). Time from
# pktgen's start to the last frame read; a frame not read is in the child's
# rx_dropped (the queue was full).
tap_rx() {
	local case=$1 impl=$2 lower=$3 child=$4 childmac=$5 qlen=$6
	local rep rd i t0 d0 d1 out read last_us pps usec sent errors
	if ! out=$(ip link set "$child" txqueuelen "$qlen" 2>&1); then
		bench "case=$case impl=$impl status=fail reason=\"txqueuelen $qlen: $out\""
		return 1
	fi
	for ((rep = 0; rep < REPS; rep++)); do
		settle
		: >/tmp/tapr.out
		"$TAPBENCH" read "$(tap_node "$child")" "$COUNT" >/tmp/tapr.out 2>&1 &
		rd=$!
		for ((i = 0; i < 100; i++)); do
			grep -q ready /tmp/tapr.out && break
			sleep 0.1
		done
		if [ $i -eq 100 ]; then
			kill $rd 2>/dev/null; wait $rd
			bench "case=$case impl=$impl rep=$rep status=fail" \
				"reason=\"$(head -c 200 /tmp/tapr.out | tr '\n"' ' ')\""
			return 1
		fi
		# Reader start-up off the clock.
		settle
		d0=$(stat_of "$child" rx_dropped)
		if ! pg_prepare "$lower" netif_receive "$childmac" "$COUNT"; then
			kill $rd; wait $rd
			bench "case=$case impl=$impl rep=$rep status=fail reason=pktgen"
			return 1
		fi
		t0=$(now_us)
		echo start >$PG/pgctrl
		out=$(pg_result "$lower") && eval "$out"
		wait $rd
		d1=$(stat_of "$child" rx_dropped)
		read=0 last_us=$t0
		eval "$(grep '^read=' /tmp/tapr.out)"
		bench "case=$case impl=$impl rep=$rep qlen=$qlen sent=${sent:-?} read=$read" \
			"rx_dropped=$((d1 - d0)) us=$((last_us - t0))" \
			"fps=$(per_s "$read" $((last_us - t0)))" \
			"ns_per_frame=$(ns_per "$read" $((last_us - t0)))"
	done
}

# tap_tx IMPL LOWER CHILD MAC: `tapbench write` writes COUNT frames to
# CHILD's tap file for a station behind LOWER; the dummy LOWER's tx_packets
# must grow by every one.
tap_tx() {
	local impl=$1 lower=$2 child=$3 childmac=$4 rep tx0 tx1 d0 d1 out
	local written failed us
	for ((rep = 0; rep < REPS; rep++)); do
		settle
		tx0=$(stat_of "$lower" tx_packets)
		d0=$(stat_of "$child" tx_dropped)
		if ! out=$("$TAPBENCH" write "$(tap_node "$child")" "$COUNT" \
			"$TAP_WIRE_MAC" "$childmac" 2>&1); then
			bench "case=tap-tx impl=$impl rep=$rep status=fail reason=\"$out\""
			return 1
		fi
		eval "$out"
		sleep 0.5	# a qdisc run left to the softirq
		tx1=$(stat_of "$lower" tx_packets)
		d1=$(stat_of "$child" tx_dropped)
		bench "case=tap-tx impl=$impl rep=$rep written=$written failed=$failed" \
			"lower_tx=$((tx1 - tx0)) tx_dropped=$((d1 - d0)) us=$us" \
			"fps=$(per_s "$written" "$us")" \
			"ns_per_frame=$(ns_per "$written" "$us")"
	done
}

# The in-tree macvtap: loaded, built in, or on demand (mkinitramfs.sh).
load_macvtap() {
	local path
	[ -d /sys/class/macvtap ] && return 0
	path=$(grep -m1 '/macvtap\.ko' /etc/modules.ondemand | cut -d' ' -f1)
	[ -n "$path" ] && insmod "$path"
}

# tap_cases IMPL LOWER CHILD MAC: both directions through CHILD's tap file.
# Receive twice: with a reader queue of TAP_QLEN frames, longer than what
# pktgen injects in one scheduler slice, so that every frame is read and the
# figure is the cost of a delivered frame; and with the default 500, where
# the reader, scheduled in slices on the one vCPU, cannot keep up with
# pktgen and what is read depends on the scheduler as much as on the code.
TAP_QLEN=10000
tap_cases() {
	local impl=$1 lower=$2 child=$3 mac=$4
	tap_rx tap-rx-default "$impl" "$lower" "$child" "$mac" 500
	tap_rx tap-rx "$impl" "$lower" "$child" "$mac" $TAP_QLEN
	tap_tx "$impl" "$lower" "$child" "$mac"
}

# tap_each FN: FN IMPL LOWER CHILD MAC for a bridge-mode tap child of mvlan
# and one of the in-tree macvtap, each alone on its own dummy lower.
tap_each() {
	local fn=$1 c
	add_dummy ltmv 16 && add_dummy ltmc 17 || return 1
	impl=mvlan
	if ok mvlan && mvlanctl create tmv0 --link ltmv --tap --mode bridge \
		--mac "$(mac 16 0)" >/dev/null && ip link set tmv0 up; then
		"$fn" mvlan ltmv tmv0 "$(mac 16 0)"
	else
		skip_line "case=tap-rx impl=mvlan"
	fi
	impl=macvtap
	if ! load_macvtap; then
		broken macvtap "the in-tree macvtap could not be loaded"
	elif ! ip link add link ltmc name tmc0 address "$(mac 17 0)" type macvtap mode bridge ||
		! ip link set tmc0 up; then
		broken macvtap "ip link add ... type macvtap failed"
	fi
	if ok macvtap; then
		"$fn" macvtap ltmc tmc0 "$(mac 17 0)"
	else
		skip_line "case=tap-rx impl=macvtap"
	fi
	for c in ltmv ltmc; do ip link del $c; done
	settle
}

case_tap() { tap_each tap_cases; }

# Tap profile (not in the default run): the function_graph of one frame
# each way, after a warm-up, printed as "TAPPROF impl=.. fn=.. <line>".
# Durations include the tracer's own cost; the call lists are what compare.
TRACE=/sys/kernel/tracing
trace_one() {	# IMPL FUNC CMD...: FUNC's call graph while CMD runs
	echo nop >$TRACE/current_tracer
	echo "$2" >$TRACE/set_graph_function || return 1
	echo function_graph >$TRACE/current_tracer
	: >$TRACE/trace
	echo 1 >$TRACE/tracing_on
	"${@:3}" >/dev/null
	echo 0 >$TRACE/tracing_on
	grep -v '^ *#' $TRACE/trace | sed "s/^/TAPPROF impl=$1 fn=${2// /+} /"
	echo nop >$TRACE/current_tracer
}

# inject_one LOWER MAC: one frame into LOWER's receive path, and time for
# the reader to take it.
inject_one() { pg_run "$1" netif_receive "$2" 1 >/dev/null; sleep 0.5; }

tap_profile() {
	local impl=$1 lower=$2 child=$3 mac=$4 node rd
	node=$(tap_node "$child")
	"$TAPBENCH" write "$node" 100 "$TAP_WIRE_MAC" "$mac" >/dev/null
	trace_one "$impl" tap_write_iter "$TAPBENCH" write "$node" 1 "$TAP_WIRE_MAC" "$mac"
	# No warm-up frame: the reader would time out while the trace is set up.
	"$TAPBENCH" read "$node" 1 >/tmp/tapr.out 2>&1 &
	rd=$!
	sleep 1
	trace_one "$impl" "netif_receive_skb tap_read_iter" inject_one "$lower" "$mac"
	wait $rd
}

case_tapprof() {
	[ -d $TRACE/events ] || mount -t tracefs tracefs $TRACE || return 1
	tap_each tap_profile
}

# --- main --------------------------------------------------------------------

main() {
	local t_start
	t_start=$(now_us)
	# IPv6 off before any device exists: no DAD, MLD or router solicitations.
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	# No ICMP errors for the UDP frames nobody listens to.
	sysctl -qw net.ipv4.icmp_msgs_per_sec=0 net.ipv4.icmp_msgs_burst=0
	# Many thousands of devices.
	ulimit -n 65536 2>/dev/null

	bench "case=env kernel=$(uname -r) cpus=$(nproc) count=$COUNT reps=$REPS" \
		"bcast_frames=$BCAST_FRAMES bcast_tx_frames=$BCAST_TX_FRAMES" \
		"clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	impl=mvlan
	if ! load_mvlan "$MVLAN_KO" 2>/tmp/insmod.log; then
		broken mvlan "insmod $MVLAN_KO failed: $(tr '\n"' ' ' </tmp/insmod.log)"
	elif ! command -v mvlanctl >/dev/null; then
		broken mvlan "no mvlanctl"
	fi

	if want ctl; then log "control plane"; case_ctl; fi
	if want ctlprof; then log "control plane profile"; case_ctlprof; fi
	if want dpprof; then log "datapath profile"; case_dpprof; fi
	if want rx || want bcast; then log "receive demux, broadcast"; case_rx; fi
	if want bridge; then log "bridge mode child to child"; case_bridge; fi
	if want floor; then log "floor variant"; case_floor; fi
	if want hostacc; then log "host access against a shim"; case_hostacc; fi
	if want hostprof; then log "host access TCP profile"; case_hostprof; fi
	if want tap; then log "tap front-end against the in-tree macvtap"; case_tap; fi
	if want tapprof; then log "tap profile"; case_tapprof; fi

	for impl in "${!BROKEN[@]}"; do
		bench "case=broken impl=$impl reason=\"${BROKEN[$impl]}\""
	done
	bench "case=done guest_s=$(awk -v u="$(($(now_us) - t_start))" 'BEGIN { printf "%.3f", u / 1e6 }')"
	return 0
}

main
