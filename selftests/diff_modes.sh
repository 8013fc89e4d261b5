#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# The forwarding truth table (macvlan-behaviour.md §2) for private, vepa and
# bridge, differential: macvlan and mvlan each on their own lower, behind a
# Linux bridge whose port toward the lower has hairpin off, then on (a VEPA
# reflective relay). Two children A and B of the same mode, the lower's own
# stack L and a wire host E. Unicast is first observed one way with static
# neighbours, so it is independent of ARP (broadcast) rules; then ARP+ping
# round trips show what users see.
source ./difflib.sh

# truth MODE HAIRPIN KEY: the reference's answer, into REPLY (yes/no).
truth() {
	local mode=$1 hp=no
	[ "$2" = on ] && hp=yes
	case "$3" in
	# to the wire, and from the wire: every mode
	uAE | uEA | bAE | bEA | bEB | bEL | mAE | dAE | dEA | bLE) REPLY=yes ;;
	# the lower's stack reaches children only through the switch (HP)
	uLB | bLA | bLB) REPLY=$hp ;;
	# child -> lower's stack, unicast: HP in every mode
	uAL) REPLY=$hp ;;
	uAB | dAB)
		if [ "$mode" = bridge ]; then REPLY=yes
		elif [ "$mode" = private ] && [ "$3" = dAB ]; then REPLY=no	# ARP dropped
		else REPLY=$hp
		fi ;;
	bAB | mAB)
		case "$mode" in
		bridge) REPLY=yes ;;	# DIRECT clone, reflection adds no copy
		private) REPLY=no ;;	# reflected: back to A only
		*) REPLY=$hp ;;
		esac ;;
	bAL | mAL | dAL)
		if [ "$mode" = private ]; then REPLY=no; else REPLY=$hp; fi ;;
	*) REPLY="?" ;;
	esac
}

ROWS=(
	"uAB|unicast A->B"
	"uAL|unicast A->lower stack"
	"uAE|unicast A->wire"
	"uEA|unicast wire->A"
	"uLB|unicast lower stack->B"
	"bAB|broadcast A->B"
	"bAL|broadcast A->lower stack"
	"bAE|broadcast A->wire"
	"bEA|broadcast wire->A"
	"bEB|broadcast wire->B"
	"bEL|broadcast wire->lower stack"
	"mAB|multicast 224.0.0.1 A->B"
	"mAL|multicast 224.0.0.1 A->lower stack"
	"mAE|multicast 224.0.0.1 A->wire"
	"bLA|broadcast lower stack->A"
	"bLB|broadcast lower stack->B"
	"bLE|broadcast lower stack->wire"
	"dAB|ARP+ping A->B"
	"dAL|ARP+ping A->lower stack"
	"dAE|ARP+ping A->wire"
	"dEA|ARP+ping wire->A"
)

# step_rows IMPL N: the receivers of step N, "recv=key".
step_rows() {
	topo_names "$1"
	case $2 in
	1) REPLY="$NSB=uAB $H=uAL $EXT=uAE" ;;
	2) REPLY="$NSA=uEA $NSB=uLB" ;;
	3) REPLY="$NSB=bAB $H=bAL $EXT=bAE" ;;
	4) REPLY="$NSA=bEA $NSB=bEB $H=bEL" ;;
	5) REPLY="$NSB=mAB $H=mAL $EXT=mAE" ;;
	6) REPLY="$NSA=bLA $NSB=bLB $EXT=bLE" ;;
	esac
}

# step_probes IMPL N: send the probes of step N.
step_probes() {
	topo_names "$1"
	case $2 in
	1) probe "$NSA" "$NET.12"; probe "$NSA" "$NET.1"; probe "$NSA" "$NET.100" ;;
	2) probe "$EXT" "$NET.11"; probe "$H" "$NET.12" ;;
	3) probe "$NSA" "$NET.255" ;;
	4) probe "$EXT" "$NET.255" ;;
	5) probe "$NSA" -I "$CA" 224.0.0.1 ;;
	6) probe "$H" -I "$L" "$NET.255" ;;
	esac
}

# run_step MODE HP N: one observation step for every implementation.
run_step() {
	STEP_MODE=$1 STEP_HP=$2 STEP_N=$3
	multi_step step_rows_n step_probes_n step_truth
}
step_rows_n() { step_rows "$1" "$STEP_N"; }
step_probes_n() { step_probes "$1" "$STEP_N"; }
step_truth() { truth "$STEP_MODE" "$STEP_HP" "$1"; }

# set_neigh static|flush: neighbour tables of every stack of every
# implementation (in parallel: each ip(8) costs a lot under TCG).
set_neigh() {
	local impl
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		if [ "$1" = static ]; then
			spawn neigh_static "$NSA" "$CA" "$NET.12=$MP:12" "$NET.1=$MP:01" "$NET.100=$MP:64"
			spawn neigh_static "$NSB" "$CB" "$NET.11=$MP:11" "$NET.1=$MP:01" "$NET.100=$MP:64"
			spawn neigh_static "$EXT" ext0 "$NET.11=$MP:11" "$NET.12=$MP:12" "$NET.1=$MP:01"
			spawn neigh_static "$H" "$L" "$NET.11=$MP:11" "$NET.12=$MP:12" "$NET.100=$MP:64"
		else
			spawn neigh_flush "$NSA" "$CA"; spawn neigh_flush "$NSB" "$CB"
			spawn neigh_flush "$EXT" ext0; spawn neigh_flush "$H" "$L"
		fi
	done
	reap
}

set_hairpin() {
	local impl
	for impl in "${ACTIVE[@]}"; do spawn hairpin "$impl" "$1"; done
	reap
}

# run_dynamic: ARP + ping round trips from empty neighbour tables.
run_dynamic() {
	local impl k
	rt_begin
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		rt "$impl:dAB" "$NSA" "$NET.12"; rt "$impl:dAL" "$NSA" "$NET.1"
		rt "$impl:dAE" "$NSA" "$NET.100"; rt "$impl:dEA" "$EXT" "$NET.11"
	done
	rt_end
	for k in "${!TOK[@]}"; do RES[$k]=${TOK[$k]}; done
}

report() {
	local mode=$1 hp=$2 row key
	for row in "${ROWS[@]}"; do
		key=${row%%|*}
		case "$key:$3" in
		d*:static | [ubm]*:dynamic) continue ;;
		esac
		mv_ip && [[ $key != [ubm]A[BLE] ]] && continue
		truth "$mode" "$hp" "$key"
		res_row "$mode hairpin=$hp ${row#*|}" "$REPLY" "$hp:$key"
	done
}

# mk_pair IMPL: children A and B in mode $PAIR_MODE, in their namespaces.
mk_pair() {
	topo_names "$1"
	mkchild "$1" "$L" "$CA" "$PAIR_MODE" "mac=$MP:11" &&
		mkchild "$1" "$L" "$CB" "$PAIR_MODE" "mac=$MP:12" &&
		place "$1" "$CA" "$NSA" "$NET.11" && place "$1" "$CB" "$NSB" "$NET.12"
}

# scenarios: every mode, for the active implementations (see diff_run).
# The second pass (mvlan through ip link, see difflib.sh) checks that
# `ip link ... mode X` gives each mode: it runs the steps whose reference
# answers depend on the mode (1, 3 and 5: what child A sends) and reports
# their rows only. The other steps and the ARP round trips exercise the
# datapath the first pass already compared for mvlan, whichever plane made
# the children.
scenarios() {
	local impl mode hp k all
	local -a steps=(1 2 3 4 5 6)
	mv_ip && steps=(1 3 5)
	for impl in "${ACTIVE[@]}"; do
		topo_up "$impl" || log "$impl: topology setup failed"
	done

	for mode in private vepa bridge; do
		all=("${ACTIVE[@]}")
		PAIR_MODE=$mode par_each mk_pair
		declare -A R=()
		# static neighbours, hairpin off then on; then ARP, hairpin on then off
		set_neigh static
		for hp in off on; do
			RES=()
			set_hairpin "$hp"
			for n in "${steps[@]}"; do run_step "$mode" "$hp" "$n"; done
			for k in "${!RES[@]}"; do R[${k%%:*}:$hp:${k#*:}]=${RES[$k]}; done
		done
		set_neigh flush
		for hp in on off; do
			mv_ip && break
			RES=()
			set_hairpin "$hp"
			run_dynamic
			for k in "${!RES[@]}"; do R[${k%%:*}:$hp:${k#*:}]=${RES[$k]}; done
		done
		RES=()
		for k in "${!R[@]}"; do RES[$k]=${R[$k]}; done
		for hp in off on; do report "$mode" "$hp" static; report "$mode" "$hp" dynamic; done
		unset R
		rm_pairs
		ACTIVE=("${all[@]}")
	done

	for impl in "${ACTIVE[@]}"; do topo_down "$impl"; done
}

diff_run scenarios
