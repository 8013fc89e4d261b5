#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# Passthru and source mode (macvlan-behaviour.md §1.7, §1.8, §2), differential:
# macvlan and mvlan each on their own lower, behind the same kind of switch
# as diff_modes.sh.
#   passthru: one child P only; P inherits L's MAC and L gets it back; every
#     unicast frame reaching L goes to P (L's stack gets none); L's promiscuity
#     with and without nopromisc; frames for a down P are dropped.
#   source: child S gets only clones of frames whose source MAC is on its
#     list; nodst consumes such frames.
source ./difflib.sh

# rx_drop_get NS DEV: DEV's rx dropped counter, into REPLY.
rx_drop_get() { dev_stat_get "$1" "$2" 3; }

# mv_child_down_drops LOWER: mvlan's per-port "child down" drop count.
mv_child_down_drops() {
	REPLY=$("$MVLANCTL" port show "$1" --json 2>/dev/null |
		grep -o '"child_down"[^0-9]*[0-9]*' | grep -o '[0-9]*$' | head -n1)
	REPLY=${REPLY:-0}
}

# drops_total IMPL: every counter that could record a frame dropped for a
# down child: L's and P's rx_dropped, and for mvlan its drop-reason counter.
drops_total() {
	local n
	topo_names "$1"
	rx_drop_get "$H" "$L"; n=$REPLY
	rx_drop_get "$NSA" "$CA"; n=$((n + REPLY))
	if [ "$1" = mvlan ]; then mv_child_down_drops "$L"; n=$((n + REPLY)); fi
	REPLY=$n
}

yes_truth() { REPLY=yes; }
no_truth() { REPLY=no; }
# truth table of the current step: KEY=yes/no pairs in STEP_TRUTH
step_truth() {
	local e
	REPLY="?"
	for e in $STEP_TRUTH; do [ "${e%%=*}" = "$1" ] && REPLY=${e#*=}; done
}

# ---------------------------------------------------------------------------
# Passthru

pt_promisc() {
	local impl
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		promiscuity "$H" "$L"
		PROMISC[$impl]=$REPLY
	done
}

pt_rows_1() { topo_names "$1"; REPLY="$NSA=pEP $H=pEL"; }
pt_probes_1() { topo_names "$1"; probe "$EXT" "$NET.11"; probe "$EXT" "$NET.1"; }
pt_rows_2() { topo_names "$1"; REPLY="$NSA=pEPx"; }
pt_probes_2() { topo_names "$1"; probe "$EXT" "$NET.12"; }
pt_rows_3() { topo_names "$1"; REPLY="$NSA=pbEP $H=pbEL"; }
pt_probes_3() { topo_names "$1"; probe "$EXT" "$NET.255"; }
pt_rows_4() { topo_names "$1"; REPLY="$H=pPL $EXT=pPE"; }
pt_probes_4() { topo_names "$1"; probe "$NSA" "$NET.1"; probe "$NSA" "$NET.100"; }
pt_rows_5() { topo_names "$1"; REPLY="$H=pbPL $EXT=pbPE"; }
pt_probes_5() { topo_names "$1"; probe "$NSA" -I "$CA" "$NET.255"; }
pt_rows_6() { topo_names "$1"; REPLY="$H=pdEL"; }
pt_probes_6() { topo_names "$1"; probe "$EXT" "$NET.1"; }

# pt_place IMPL: P into ns a with a second address, static neighbours.
pt_place() {
	topo_names "$1"
	place "$1" "$CA" "$NSA" "$NET.11" &&
		ip -n "$NSA" addr add "$NET.12/24" dev "$CA" &&
		neigh_static "$EXT" ext0 "$NET.11=$MP:01" "$NET.1=$MP:01" "$NET.12=$MP:99" &&
		neigh_static "$NSA" "$CA" "$NET.1=$MP:01" "$NET.100=$MP:64" &&
		neigh_static "$H" "$L" "$NET.100=$MP:64"
}

run_passthru() {
	local impl ok=() all=("${ACTIVE[@]}")
	declare -A PROMISC=() P0=()
	pt_promisc
	for impl in "${ACTIVE[@]}"; do P0[$impl]=${PROMISC[$impl]}; done
	RES=()
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		if mkchild "$impl" "$L" "$CA" passthru; then
			ok+=("$impl")
			dev_mac "$H" "$CA"
			[ "$REPLY" = "$MP:01" ] && RES[$impl:mac]=yes || RES[$impl:mac]=no
		else
			RES[$impl:mac]=create-failed
		fi
	done
	res_row "passthru child inherits the lower's MAC" yes mac
	ACTIVE=("${ok[@]}")

	# a second child on a passthru lower, and leaving passthru: refused
	topo_names macvlan; local kl=$L kc=$CA
	topo_names mvlan; local ml=$L mc=$CA
	diff_fail_both "passthru: second child on the lower refused" "passthru" \
		mkchild macvlan "$kl" kx0 vepa -- mkchild mvlan "$ml" mx0 vepa
	diff_fail_both "passthru: mode change passthru->vepa refused" "passthru" \
		setmode macvlan "$kc" vepa -- setmode mvlan "$mc" vepa

	par_each pt_place
	pt_promisc
	RES=()
	for impl in "${ACTIVE[@]}"; do
		RES[$impl:pr]=+$((PROMISC[$impl] - P0[$impl]))
	done
	res_row "passthru up: lower promiscuity" +1 pr

	STEP_TRUTH="pEP=yes pEL=no pEPx=yes pbEP=yes pbEL=yes pPL=no pPE=yes pbPL=no pbPE=yes pdEL=no"
	multi_step pt_rows_1 pt_probes_1 step_truth
	multi_step pt_rows_2 pt_probes_2 step_truth
	multi_step pt_rows_3 pt_probes_3 step_truth
	for impl in "${ACTIVE[@]}"; do spawn hairpin "$impl" on; done; reap
	multi_step pt_rows_4 pt_probes_4 step_truth
	multi_step pt_rows_5 pt_probes_5 step_truth
	res_row "passthru unicast wire->P" yes pEP
	res_row "passthru unicast wire->lower stack (P takes it)" no pEL
	res_row "passthru unicast wire->P to a foreign MAC" yes pEPx
	res_row "passthru broadcast wire->P" yes pbEP
	res_row "passthru broadcast wire->lower stack" yes pbEL
	res_row "passthru hairpin=on unicast P->lower stack" no pPL
	res_row "passthru hairpin=on unicast P->wire" yes pPE
	res_row "passthru hairpin=on broadcast P->lower stack" no pbPL
	res_row "passthru hairpin=on broadcast P->wire" yes pbPE
	for impl in "${ACTIVE[@]}"; do spawn hairpin "$impl" off; done; reap

	# P down: frames are dropped (L's stack does not get them either)
	declare -A D0=()
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		ip -n "$NSA" link set "$CA" down
		drops_total "$impl"; D0[$impl]=$REPLY
	done
	multi_step pt_rows_6 pt_probes_6 step_truth
	res_row "passthru child down: unicast wire->lower stack" no pdEL
	deliberate_log down-child-drop-counted
	for impl in "${ACTIVE[@]}"; do
		drops_total "$impl"
		if [ "$REPLY" -gt "${D0[$impl]}" ]; then RES[$impl:cnt]=counted; else RES[$impl:cnt]=uncounted; fi
	done
	deliberate down-child-drop-counted macvlan; local ek=$REPLY
	deliberate down-child-drop-counted mvlan; local em=$REPLY
	diff_row2 "passthru child down: drop counted" "$ek" "$em" \
		"${RES[macvlan:cnt]:-n/a}" "${RES[mvlan:cnt]:-n/a}"

	for impl in "${ACTIVE[@]}"; do topo_names "$impl"; rmchild "$impl" "$CA" "$NSA"; done
	pt_promisc
	RES=()
	for impl in "${ACTIVE[@]}"; do
		RES[$impl:pr]=+$((PROMISC[$impl] - P0[$impl]))
	done
	res_row "passthru deleted: lower promiscuity back" +0 pr

	# nopromisc, and a MAC change on P that moves L's MAC and is undone on delete
	RES=()
	ok=()
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		if mkchild "$impl" "$L" "$CA" passthru nopromisc && place "$impl" "$CA" "$NSA" "$NET.11"; then
			ok+=("$impl")
		fi
	done
	ACTIVE=("${ok[@]}")
	pt_promisc
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		RES[$impl:pr]=+$((PROMISC[$impl] - P0[$impl]))
		ip -n "$NSA" link set "$CA" address "$MP:77"
		dev_mac "$H" "$L"
		[ "$REPLY" = "$MP:77" ] && RES[$impl:mv]=yes || RES[$impl:mv]=no
		rmchild "$impl" "$CA" "$NSA"
		dev_mac "$H" "$L"
		[ "$REPLY" = "$MP:01" ] && RES[$impl:rs]=yes || RES[$impl:rs]=no
	done
	res_row "passthru nopromisc up: lower promiscuity" +0 pr
	res_row "passthru MAC change moves the lower's MAC" yes mv
	res_row "passthru deleted: lower's MAC restored" yes rs
	ACTIVE=("${all[@]}")
}

# ---------------------------------------------------------------------------
# Source: S (source mode, list LS) in ns a, B (vepa) in ns b.

src_rows_u() { topo_names "$1"; REPLY="$NSA=${SK}u"; }
src_probes_u() { topo_names "$1"; probe "$EXT" "$NET.11"; }
src_rows_b() { topo_names "$1"; REPLY="$NSA=${SK}bS $NSB=${SK}bB $H=${SK}bL"; }
src_probes_b() { topo_names "$1"; probe "$EXT" "$NET.255"; }
src_rows_c() { topo_names "$1"; REPLY="$NSB=${SK}cB $NSA/$CA=${SK}cS"; }
src_probes_c() { topo_names "$1"; probe "$EXT" "$NET.12"; }
src_rows_l() { topo_names "$1"; REPLY="$H=${SK}lL $NSA/$CA=${SK}lS"; }
src_probes_l() { topo_names "$1"; probe "$EXT" "$NET.1"; }
src_rows_s() { topo_names "$1"; REPLY="$H=${SK}sL $EXT=${SK}sE"; }
src_probes_s() { topo_names "$1"; probe "$NSA" "$NET.1"; probe "$NSA" "$NET.100"; }
src_rows_sb() { topo_names "$1"; REPLY="$H=${SK}sbL $EXT=${SK}sbE"; }
src_probes_sb() { topo_names "$1"; probe "$NSA" -I "$CA" "$NET.255"; }

# src_each CMD...: run CMD for every active implementation (after topo_names),
# "ok"/"failed" per implementation into RES[impl:$SK].
src_each() {
	local impl
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		if "$@" "$impl"; then RES[$impl:$SK]=ok; else RES[$impl:$SK]=failed; fi
	done
}
_src_set_ext() { srcop "$1" "$CA" "$NSA" set "$MP:55" "$MP:64"; }
_src_add_ext() { srcop "$1" "$CA" "$NSA" add "$MP:64"; }
_src_del_ext() { srcop "$1" "$CA" "$NSA" del "$MP:64"; }
_src_flush() { srcop "$1" "$CA" "$NSA" flush; }

# src_pair IMPL: S (source, flags SRC_FLAGS) in ns a and B (vepa) in ns b.
src_pair() {
	topo_names "$1"
	mkchild "$1" "$L" "$CA" source "mac=$MP:11" "${SRC_FLAGS[@]}" &&
		mkchild "$1" "$L" "$CB" vepa "mac=$MP:12" &&
		place "$1" "$CA" "$NSA" "$NET.11" && place "$1" "$CB" "$NSB" "$NET.12" &&
		neigh_static "$EXT" ext0 "$NET.11=$MP:11" "$NET.12=$MP:12" "$NET.1=$MP:01" &&
		neigh_static "$NSA" "$CA" "$NET.1=$MP:01" "$NET.100=$MP:64" &&
		neigh_static "$NSB" "$CB" "$NET.100=$MP:64" &&
		neigh_static "$H" "$L" "$NET.100=$MP:64" "$NET.11=$MP:11"
}

run_source() {
	local impl all=("${ACTIVE[@]}") nodst
	local -a fl
	for nodst in "" nodst; do
		fl=()
		[ -n "$nodst" ] && fl=(nodst)
		SRC_FLAGS=("${fl[@]}")
		par_each src_pair
		RES=()
		SK=add; src_each _src_add_ext
		res_row "source${nodst:+ nodst}: add the wire host's MAC to S's list" ok add
		if [ -z "$nodst" ]; then
			# listed: unicast to S, a clone of what goes to B, broadcast
			STEP_TRUTH="Au=yes AbS=yes AbB=yes AbL=yes AcB=yes AcS=yes AlL=yes AlS=yes"
			SK=A
			multi_step src_rows_u src_probes_u step_truth
			multi_step src_rows_b src_probes_b step_truth
			multi_step src_rows_c src_probes_c step_truth
			multi_step src_rows_l src_probes_l step_truth
			res_row "source listed: unicast wire->S" yes Au
			res_row "source listed: broadcast wire->S" yes AbS
			res_row "source listed: broadcast wire->B" yes AbB
			res_row "source listed: broadcast wire->lower stack" yes AbL
			res_row "source listed: unicast wire->B" yes AcB
			res_row "source listed: unicast wire->B cloned to S" yes AcS
			res_row "source listed: unicast wire->lower stack" yes AlL
			res_row "source listed: unicast wire->lower stack cloned to S" yes AlS
			# S's own traffic, through a hairpin switch
			for impl in "${ACTIVE[@]}"; do spawn hairpin "$impl" on; done; reap
			STEP_TRUTH="AsL=yes AsE=yes AsbL=no AsbE=yes"
			multi_step src_rows_s src_probes_s step_truth
			multi_step src_rows_sb src_probes_sb step_truth
			for impl in "${ACTIVE[@]}"; do spawn hairpin "$impl" off; done; reap
			res_row "source hairpin=on unicast S->lower stack" yes AsL
			res_row "source hairpin=on unicast S->wire" yes AsE
			res_row "source hairpin=on broadcast S->lower stack" no AsbL
			res_row "source hairpin=on broadcast S->wire" yes AsbE

			# not listed (deleted), then listed again (set), then flushed
			SK=del; src_each _src_del_ext
			res_row "source: delete the wire host's MAC" ok del
			STEP_TRUTH="Du=no DbS=no DbB=yes DbL=yes"
			SK=D
			multi_step src_rows_u src_probes_u step_truth
			multi_step src_rows_b src_probes_b step_truth
			res_row "source unlisted: unicast wire->S" no Du
			res_row "source unlisted: broadcast wire->S" no DbS
			res_row "source unlisted: broadcast wire->B" yes DbB
			SK="set"; src_each _src_set_ext
			res_row "source: set the list to two MACs" ok set
			STEP_TRUTH="Su=yes"
			SK=S; multi_step src_rows_u src_probes_u step_truth
			res_row "source set: unicast wire->S" yes Su
			SK=flush; src_each _src_flush
			res_row "source: flush the list" ok flush
			STEP_TRUTH="Fu=no"
			SK=F; multi_step src_rows_u src_probes_u step_truth
			res_row "source flushed: unicast wire->S" no Fu

			# the list belongs to source mode only
			topo_names macvlan; local kb=$CB kbn=$NSB
			topo_names mvlan; local mb=$CB mbn=$NSB
			diff_fail_both "source list ops on a vepa child refused" "source" \
				srcop macvlan "$kb" "$kbn" add 02:00:00:00:00:55 -- \
				srcop mvlan "$mb" "$mbn" add 02:00:00:00:00:55
		else
			# nodst: frames from a listed MAC reach S only
			STEP_TRUTH="NcB=no NcS=yes NlL=no NlS=yes NbS=yes NbB=no NbL=no"
			SK=N
			multi_step src_rows_c src_probes_c step_truth
			multi_step src_rows_l src_probes_l step_truth
			multi_step src_rows_b src_probes_b step_truth
			res_row "source nodst: unicast wire->B consumed" no NcB
			res_row "source nodst: unicast wire->B cloned to S" yes NcS
			res_row "source nodst: unicast wire->lower stack consumed" no NlL
			res_row "source nodst: unicast wire->lower stack cloned to S" yes NlS
			res_row "source nodst: broadcast wire->S" yes NbS
			res_row "source nodst: broadcast wire->B consumed" no NbB
			res_row "source nodst: broadcast wire->lower stack consumed" no NbL
		fi
		rm_pairs
		ACTIVE=("${all[@]}")
	done
}

# ---------------------------------------------------------------------------
# A vepa child that is down: unicast for it is lost (counted by mvlan only).

dn_rows() { topo_names "$1"; REPLY="$H=dnL $NSB=dnB"; }
dn_probes() { topo_names "$1"; probe "$EXT" "$NET.12"; }

run_down_child() {
	local impl ok=() all=("${ACTIVE[@]}")
	declare -A D0=()
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		if mkchild "$impl" "$L" "$CB" vepa "mac=$MP:12" && place "$impl" "$CB" "$NSB" "$NET.12"; then
			ok+=("$impl")
			neigh_static "$EXT" ext0 "$NET.12=$MP:12"
			ip -n "$NSB" link set "$CB" down
			rx_drop_get "$H" "$L"; D0[$impl]=$REPLY
			rx_drop_get "$NSB" "$CB"; D0[$impl]=$((D0[$impl] + REPLY))
			if [ "$impl" = mvlan ]; then mv_child_down_drops "$L"; D0[$impl]=$((D0[$impl] + REPLY)); fi
		fi
	done
	ACTIVE=("${ok[@]}")
	RES=()
	STEP_TRUTH="dnL=no dnB=no"
	multi_step dn_rows dn_probes step_truth
	res_row "vepa child down: unicast wire->child" no dnB
	res_row "vepa child down: unicast wire->child reaches the lower stack" no dnL
	deliberate_log down-child-drop-counted
	for impl in "${ACTIVE[@]}"; do
		topo_names "$impl"
		rx_drop_get "$H" "$L"; local n=$REPLY
		rx_drop_get "$NSB" "$CB"; n=$((n + REPLY))
		if [ "$impl" = mvlan ]; then mv_child_down_drops "$L"; n=$((n + REPLY)); fi
		if [ "$n" -gt "${D0[$impl]}" ]; then RES[$impl:cnt]=counted; else RES[$impl:cnt]=uncounted; fi
		rmchild "$impl" "$CB" "$NSB"
	done
	deliberate down-child-drop-counted macvlan; local ek=$REPLY
	deliberate down-child-drop-counted mvlan; local em=$REPLY
	diff_row2 "vepa child down: drop counted" "$ek" "$em" \
		"${RES[macvlan:cnt]:-n/a}" "${RES[mvlan:cnt]:-n/a}"
	ACTIVE=("${all[@]}")
}

scenarios() {
	local impl ok
	ok=()
	for impl in "${ACTIVE[@]}"; do
		if topo_up "$impl"; then ok+=("$impl"); else log "$impl: topology setup failed"; fi
	done
	ACTIVE=("${ok[@]}")
	run_passthru
	run_source
	run_down_child
	for impl in "${ACTIVE[@]}"; do topo_down "$impl"; done
}

diff_run scenarios
