#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# iproute2 drives every macvlan option of `man ip-link` twice in the same
# boot: first against the in-tree macvlan, then against mvlan loaded with
# macvlan_compat=1 (compat_load), which then owns the rtnl kind "macvlan".
# Every step is one `ip` command; after it the whole of namespace ipl (the
# lowers and children) and, once used, namespace iplx are dumped with
# `ip -d -j link show`. One KTAP case per step passes when mvlan gives the
# same exit status as the in-tree driver (and the same errno, read from the
# NLMSG_ERROR with strace, for steps that are refused: mvlan adds extack
# text where the in-tree driver has none, so ip's messages differ), the
# in-tree driver gives the status the step expects, and both dumps are
# equal after normalise() below.
source ./lib.sh

A=ipl X=iplx
RAW=$PWD/rtnl_macvlan.bin
WORK=/tmp/iplink
# Lowers: dummies with fixed MACs, the same names in both runs.
LOWERS="il0=02:00:00:00:00:a0 il1=02:00:00:00:00:a1 il2=02:00:00:00:00:a2"
P=02:00:00:00:01 # children's MACs
S=02:00:00:00:02 # source-list MACs

# STEPS: "EXPECT|ARGS" where ARGS are ip(8)'s arguments and EXPECT is the
# result of both, ok or fail, or "IN-TREE/MVLAN" for a deliberate
# difference (Documentation/admin-guide.rst), each checked against its own
# and the errnos not compared: mvlan refuses a duplicate MAC at creation
# (EADDRINUSE), the in-tree driver accepts it and refuses `up`. Device md
# exists only in those steps, and NORM drops it.
STEPS=(
	# every mode at create, the default mode, random and given MACs
	"ok|-n $A link add link il0 name m0 address $P:00 type macvlan"
	"ok|-n $A link add link il0 name m1 address $P:01 type macvlan mode private"
	"ok|-n $A link add link il0 name m2 address $P:02 type macvlan mode vepa"
	"ok|-n $A link add link il0 name r3 type macvlan mode bridge"
	"ok|-n $A link add link il0 name ms address $P:04 type macvlan mode source"
	"ok|-n $A link add link il0 name mn address $P:05 type macvlan mode source nodst"
	"ok|-n $A link add link il1 name mp type macvlan mode passthru"
	"ok|-n $A link add link il2 name mq type macvlan mode passthru nopromisc"
	# bcqueuelen: the port uses the largest request; mtu and txqueuelen
	"ok|-n $A link add link il0 name mb address $P:06 mtu 1400 txqueuelen 0 type macvlan mode bridge bcqueuelen 5000"
	"ok|-n $A link set mb type macvlan bcqueuelen 100"
	# up: operstate; passthru's promiscuity on the lower, nopromisc's none
	"ok|-n $A link set m0 up"
	"ok|-n $A link set mp up"
	"ok|-n $A link set mq up"
	"ok|-n $A link set mp type macvlan mode passthru nopromisc"
	# refusals: into and out of passthru, nopromisc without passthru
	# (ip refuses that itself), passthru beside children, a second child
	# on a passthru lower, an MTU above the lower's
	"fail|-n $A link set m1 type macvlan mode passthru"
	"fail|-n $A link set mp type macvlan mode bridge"
	"fail|-n $A link add link il0 name mx type macvlan mode bridge nopromisc"
	"fail|-n $A link add link il0 name mx type macvlan mode passthru"
	"fail|-n $A link add link il1 name mx type macvlan"
	"fail|-n $A link add link il0 name mx mtu 9000 type macvlan"
	# what ip(8) cannot send (helpers/rtnl_macvlan.c, in ns ipl): the
	# output-only BC_QUEUE_LEN_USED (8) and MACADDR_COUNT (6), a FLAGS bit
	# outside NOPROMISC|NODST, MODE 0, two MODE bits, a MODE shorter than
	# u32, MACADDR_MODE beyond SET, ADD without MACADDR, a zero MACADDR;
	# BC_CUTOFF (9), which bookworm's ip cannot send (ignored by 6.1's
	# in-tree driver, whose maxtype is 8)
	"fail|@raw add mz il0 8=u32:10"
	"fail|@raw add mz il0 6=u32:1"
	"fail|@raw add mz il0 2=u16:4"
	"fail|@raw add mz il0 1=u32:0"
	"fail|@raw add mz il0 1=u32:6"
	"fail|@raw add mz il0 1=u16:2"
	"fail|@raw set ms 3=u32:4"
	"fail|@raw set ms 3=u32:0"
	"fail|@raw set ms 3=u32:0 4=mac:00:00:00:00:00:00"
	"ok|@raw set mb 9=s32:10"
	"ok|@raw set mb 9=s32:1"
	# the source list: add, duplicate add and missing del are no-ops, del,
	# set, empty set, flush; a multicast MAC is refused
	"ok|-n $A link set ms type macvlan macaddr add $S:01"
	"ok|-n $A link set ms type macvlan macaddr add $S:02"
	"ok|-n $A link set ms type macvlan macaddr add $S:01"
	"ok|-n $A link set ms type macvlan macaddr del $S:01"
	"ok|-n $A link set ms type macvlan macaddr del $S:01"
	"ok|-n $A link set ms type macvlan macaddr set $S:03 $S:04 $S:05"
	"ok|-n $A link set ms type macvlan macaddr set"
	"ok|-n $A link set ms type macvlan macaddr set $S:06 $S:07"
	"fail|-n $A link set ms type macvlan macaddr add 01:00:5e:00:00:01"
	"ok|-n $A link set mn type macvlan macaddr add $S:08"
	"ok|-n $A link set ms type macvlan macaddr flush"
	# the list belongs to source mode: refused on a vepa child, at create
	# of a vepa child; given at create of a source child
	"fail|-n $A link set m2 type macvlan macaddr add $S:09"
	"fail|-n $A link add link il0 name mx type macvlan mode vepa macaddr add $S:09"
	"ok|-n $A link add link il0 name mt address $P:07 type macvlan mode source macaddr add $S:0a"
	# mode changes, through source and back (the list stays), flags kept
	# when not sent, nodst set by a change
	"ok|-n $A link set m1 type macvlan mode bridge"
	"ok|-n $A link set m2 type macvlan mode source"
	"ok|-n $A link set m2 type macvlan macaddr add $S:0b"
	"ok|-n $A link set m2 type macvlan mode vepa"
	"fail|-n $A link set m2 type macvlan macaddr flush"
	"ok|-n $A link set mn type macvlan mode source"
	"ok|-n $A link set ms type macvlan mode source nodst"
	# created directly in another namespace, changed and brought up there
	"ok|-n $A link add link il0 name mx netns $X address $P:08 type macvlan mode bridge"
	"ok|-n $X link set mx type macvlan mode private"
	"ok|-n $X link set mx up"
	# a duplicate of an up sibling's MAC (deliberate difference)
	"ok/fail|-n $A link add link il0 name md address $P:00 type macvlan"
	"fail/fail|-n $A link set md up"
	"ok/fail|-n $A link del md"
	# delete a child; delete the lowers (their children go with them)
	"ok|-n $A link del m1"
	"ok|-n $A link del il1"
	"ok|-n $A link del il0"
)
# BC_CUTOFF needs iproute2 6.4 (bookworm's 6.1 cannot send it);
# BC_QUEUE_LEN_USED is output only and no ip(8) sends it.
if ip link help macvlan 2>&1 | grep -q bclim; then
	STEPS+=(
		"ok|-n $A link add link il0 name mc address $P:09 type macvlan bclim 10"
		"ok|-n $A link set mc type macvlan bclim -1"
	)
fi

# What must differ between the runs, and nothing else:
# - ifindex, link_index: allocated by the core; a create refused after
#   register_netdevice (by one driver only) uses an index up. Devices are
#   compared by name, and a child's lower by its name ("link").
# - the address of r3, made without one: random (checked apart: unicast,
#   locally administered).
# - the order of macaddr_data: the in-tree driver lists its hash buckets;
#   the list is a set.
# - device md: the deliberate duplicate-MAC difference (see STEPS).
# Stats are not dumped (no -s); the namespaces are fresh, so no altnames.
# shellcheck disable=SC2016 # jq program
NORM='map(select(.ifname != "md") | del(.ifindex, .link_index)
	| if .ifname == "r3" then .address = "random" else . end
	| if .linkinfo.info_data.macaddr_data then
		.linkinfo.info_data.macaddr_data |= sort else . end)
	| sort_by(.ifname)'

# setup: fresh namespaces, the lowers up.
setup() {
	local l
	setup_ns "$A" "$X" || return 1
	for l in $LOWERS; do
		ip -n "$A" link add "${l%%=*}" address "${l#*=}" type dummy || return 1
		ip -n "$A" link set "${l%%=*}" up || return 1
	done
}

# oper_settled NS: no device that is up still has operstate "down"
# (linkwatch sets a new device's operstate asynchronously).
oper_settled() {
	! ip -n "$1" -o link show up 2>/dev/null | grep -q 'state DOWN'
}

# run_steps IMPL: every step, results into RC, ERRNO, OUT (keyed IMPL:N)
# and the dumps into $WORK/IMPL.dump (one line per step: ns ipl, then iplx).
run_steps() {
	local impl=$1 i expect args rc errno xused=0 t0=$SECONDS
	local -a argv
	: >"$WORK/$impl.dump"
	for i in "${!STEPS[@]}"; do
		expect=${STEPS[$i]%%|*} args=${STEPS[$i]#*|}
		read -ra argv <<<"$args"
		[[ $args == *" $X "* || $args == "-n $X "* ]] && xused=1
		errno=
		if [ "${argv[0]}" = @raw ]; then
			ip netns exec "$A" "$RAW" "${argv[@]:1}" >"$WORK/out" 2>&1
			rc=$?
			if [ "$rc" = 1 ]; then
				read -r errno <"$WORK/out"
				errno=${errno%%[: ]*}
			fi
		elif [ "$expect" = ok ]; then
			ip "${argv[@]}" >"$WORK/out" 2>&1
			rc=$?
		else
			strace -f -qq -e trace=recvmsg -e signal=none -o "$WORK/strace" \
				ip "${argv[@]}" >"$WORK/out" 2>&1
			rc=$?
			errno=$(grep -o 'error=-E[A-Z0-9]*' "$WORK/strace" | tail -n1)
			errno=${errno#error=-}
			[ "$rc" = 0 ] && errno=
		fi
		RC[$impl:$i]=$rc ERRNO[$impl:$i]=${errno:-none}
		OUT[$impl:$i]=$(tr '\n' ' ' <"$WORK/out")
		wait_for 5 oper_settled "$A"
		[ "$xused" = 1 ] && wait_for 5 oper_settled "$X"
		{
			ip -n "$A" -d -j link show
			if [ "$xused" = 1 ]; then ip -n "$X" -d -j link show; else echo '[]'; fi
		} >>"$WORK/$impl.dump"
	done
	log "$impl: ${#STEPS[@]} steps in $((SECONDS - t0)) s"
}

# normalise IMPL: the dumps normalised, one line per step, into NORMED.
normalise() {
	local -a lines
	mapfile -t lines < <(jq -c -S "$NORM" "$WORK/$1.dump")
	local i
	for i in "${!STEPS[@]}"; do
		NORMED[$1:$i]="${lines[$((2 * i))]}"$'\n'"${lines[$((2 * i + 1))]}"
	done
}

# step_of TEXT: the number (0-based) of the first step whose command ends
# with TEXT, into REPLY.
step_of() {
	local i
	for i in "${!STEPS[@]}"; do
		[[ ${STEPS[$i]} == *"$1" ]] && REPLY=$i && return 0
	done
	return 1
}

# dump_line IMPL TEXT: IMPL's dump of ns ipl after the step step_of TEXT.
dump_line() {
	step_of "$2" && sed -n "$((2 * REPLY + 1))p" "$WORK/$1.dump"
}

# dump_has TEXT JQ-FILTER: the in-tree dump of ns ipl after the step
# step_of TEXT passes JQ-FILTER, so the comparison compares the details.
dump_has() {
	jq -e "$2" <<<"$(dump_line macvlan "$1")" >/dev/null && return 0
	log "after step '$1': not $2"
	return 1
}

# random_mac_ok IMPL: r3's MAC (after its step) is unicast and locally
# administered.
random_mac_ok() {
	local mac
	mac=$(jq -r '.[] | select(.ifname == "r3") | .address' <<<"$R3_DUMP")
	[[ $mac =~ ^[0-9a-f]([26ae]):([0-9a-f]{2}:){4}[0-9a-f]{2}$ ]] && return 0
	log "$1: r3's random MAC '$mac' is not unicast and locally administered"
	return 1
}

declare -A RC=() ERRNO=() OUT=() NORMED=()
ktap_print_header
if intree_macvlan_builtin; then
	ktap_skip_all "the in-tree macvlan is built into this kernel: the kind cannot be taken"
	exit 4
fi
mkdir -p "$WORK"

# the in-tree half
compat_unload || log "cannot put the in-tree macvlan back"
check "the in-tree macvlan owns the kind (macvlan.ko loaded)" \
	grep -q '^macvlan ' /proc/modules
setup || log "in-tree: setup failed"
run_steps macvlan
R3_DUMP=$(dump_line macvlan "name r3 type macvlan mode bridge")
check "in-tree: random MAC of a child made without one" random_mac_ok macvlan
check "in-tree dumps carry info_data: bcqueuelen, usedbcqueuelen" dump_has "bcqueuelen 5000" \
	'.[] | select(.ifname == "mb") | .linkinfo.info_data |
	.mode == "bridge" and .bcqueuelen == 5000 and .usedbcqueuelen == 5000'
check "in-tree dumps carry info_data: the source list" dump_has "set $S:03 $S:04 $S:05" \
	'.[] | select(.ifname == "ms") | .linkinfo.info_data | .macaddr_count == 3'
cleanup_ns

# the mvlan half
MV_OK=0
if compat_load; then
	if [ -d /sys/module/macvlan ]; then
		log "macvlan.ko is still loaded"
	elif [[ $(cat /sys/module/mvlan/parameters/macvlan_compat 2>/dev/null) =~ ^(1|Y)$ ]]; then
		MV_OK=1
	else
		log "mvlan has no macvlan_compat=1 parameter"
	fi
else
	log "compat_load failed"
fi
if [ "$MV_OK" = 1 ]; then ktap_test_pass "mvlan owns the kind (compat_load)"
else ktap_test_fail "mvlan owns the kind (compat_load)"; fi
if [ "$MV_OK" = 1 ]; then
	setup || log "mvlan: setup failed"
	run_steps mvlan
	R3_DUMP=$(dump_line mvlan "name r3 type macvlan mode bridge")
	check "mvlan: random MAC of a child made without one" random_mac_ok mvlan
	cleanup_ns
fi
compat_unload || log "compat_unload failed"

normalise macvlan
[ "$MV_OK" = 1 ] && normalise mvlan

# one case per step
for i in "${!STEPS[@]}"; do
	expect=${STEPS[$i]%%|*} args=${STEPS[$i]#*|}
	ek=${expect%/*} em=${expect#*/}
	desc="step $((i + 1)): ip $args"
	[[ $args == @raw* ]] && desc="step $((i + 1)): rtnl_macvlan ${args#@raw }"
	ok=1
	rk=${RC[macvlan:$i]} rm=${RC[mvlan:$i]:-n/a}
	if { [ "$ek" = ok ] && [ "$rk" != 0 ]; } || { [ "$ek" = fail ] && [ "$rk" = 0 ]; }; then
		log "in-tree: exit $rk, want $ek: ${OUT[macvlan:$i]}"
		ok=0
	fi
	if [ "$MV_OK" != 1 ]; then
		ok=0
	elif [[ $expect != */* ]]; then
		if [ "$rk" != "$rm" ] || [ "${ERRNO[macvlan:$i]}" != "${ERRNO[mvlan:$i]}" ]; then
			log "exit/errno: in-tree $rk/${ERRNO[macvlan:$i]} (${OUT[macvlan:$i]})," \
				"mvlan $rm/${ERRNO[mvlan:$i]} (${OUT[mvlan:$i]})"
			ok=0
		fi
	elif { [ "$em" = ok ] && [ "$rm" != 0 ]; } || { [ "$em" = fail ] && [ "$rm" = 0 ]; }; then
		log "mvlan: exit $rm/${ERRNO[mvlan:$i]}, want $em (deliberate difference): ${OUT[mvlan:$i]}"
		ok=0
	fi
	if [ "$MV_OK" = 1 ] && [ "${NORMED[macvlan:$i]}" != "${NORMED[mvlan:$i]}" ]; then
		log "ip -d -j link show differs after the step:"
		diff <(jq -S . <<<"${NORMED[macvlan:$i]%%$'\n'*}") <(jq -S . <<<"${NORMED[mvlan:$i]%%$'\n'*}") |
			sed 's/^/#   /'
		diff <(jq -S . <<<"${NORMED[macvlan:$i]#*$'\n'}") <(jq -S . <<<"${NORMED[mvlan:$i]#*$'\n'}") |
			sed 's/^/#   /'
		ok=0
	fi
	[[ $expect == */* ]] && log "deliberate difference: in-tree $ek (${ERRNO[macvlan:$i]}), mvlan $em (${ERRNO[mvlan:$i]:-n/a})"
	if [ "$ok" = 1 ]; then ktap_test_pass "$desc"; else ktap_test_fail "$desc"; fi
done
rm -rf "$WORK"
finish
