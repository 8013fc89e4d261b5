#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# Configuration errors (macvlan-behaviour.md §3), differential: each request
# is made of macvlan (ip link, in namespace khost) and of mvlan (mvlanctl, in
# the root namespace), each on its own lowers. Both must refuse it, and
# mvlanctl must say why on stderr ("mvlanctl: <what>: <reason>"). The
# duplicate-MAC rows are a deliberate difference (see DELIBERATE).
source ./difflib.sh

# Lowers per implementation, in its host namespace: ${t}d0 (dummy, children
# e1/e4), ${t}d1 (dummy, passthru p1), ${t}br0 + ${t}bp0 (bridge port).
lowers_up() {
	local t=${TAG[$1]}
	hip "$1" -batch - <<-EOF
		link add ${t}d0 address ${MACP[$1]}:d0 type dummy
		link add ${t}d1 type dummy
		link add ${t}br0 type bridge
		link add ${t}bp0 type dummy
		link set ${t}bp0 master ${t}br0
		link set ${t}d0 up
		link set ${t}d1 up
	EOF
}

# subst IMPL CMD-TEMPLATE...: the template for IMPL, into SUBST: @I is the
# implementation, @t its tag, @M its MAC prefix. The rows below are written
# once for both implementations.
subst() {
	local impl=$1 a
	shift
	SUBST=()
	for a in "$@"; do
		a=${a//@I/$impl}
		a=${a//@t/${TAG[$impl]}}
		a=${a//@M/${MACP[$impl]}}
		SUBST+=("$a")
	done
}

# fail_row DESC REGEX CMD-TEMPLATE...: diff_fail_both with one template.
fail_row() {
	local desc=$1 re=$2
	shift 2
	subst macvlan "$@"; local -a k=("${SUBST[@]}")
	subst mvlan "$@"; local -a m=("${SUBST[@]}")
	diff_fail_both "$desc" "$re" "${k[@]}" -- "${m[@]}"
}

# ok_row DESC CMD-TEMPLATE...: setup both must accept.
ok_row() {
	local desc=$1 impl
	shift
	for impl in macvlan mvlan; do
		if ! impl_ok "$impl"; then RES[$impl:ok]=n/a; continue; fi
		subst "$impl" "$@"
		try "${SUBST[@]}"
		RES[$impl:ok]=$REPLY
		[ "$REPLY" = ok ] || log "$impl: $TRY_ERR"
	done
	res_row "$desc" ok ok
}

# non-Ethernet lower: ipip or tun, whichever the kernel can create
non_ether_row() {
	local impl made=()
	for impl in "${ACTIVE[@]}"; do
		if hip "$impl" link add "${TAG[$impl]}t0" type ipip 2>/dev/null ||
			hip "$impl" tuntap add "${TAG[$impl]}t0" mode tun 2>/dev/null; then
			made+=("$impl")
		fi
	done
	if [ ${#made[@]} -eq 0 ]; then
		log "cannot create an ipip or tun device (modules ipip/tun not in the test VM)"
		ktap_test_skip "non-Ethernet lower refused (no ipip or tun in this kernel image)"
		return
	fi
	fail_row "non-Ethernet lower (ipip/tun) refused" "ethernet|not supported|type" \
		mkchild @I @tt0 @te9 vepa
}

scenarios() {
	local impl t mp ek em d
	for impl in "${ACTIVE[@]}"; do lowers_up "$impl" || log "$impl: lowers setup failed"; done

	fail_row "unknown lower refused" "nosuch0|no such|not found|unknown" \
		mkchild @I nosuch0 @te9 vepa
	fail_row "loopback lower refused" "loopback|ethernet" \
		mkchild @I lo @te9 vepa
	non_ether_row
	fail_row "bridge-port lower refused (rx_handler busy)" "bridge|busy|in use|handler|used by|port of" \
		mkchild @I @tbp0 @te9 vepa
	fail_row "MTU above the lower's refused at create" "mtu" \
		mkchild @I @td0 @te9 vepa mtu=9000
	fail_row "MTU below 68 refused at create" "mtu|range|68" \
		mkchild @I @td0 @te9 vepa mtu=60
	fail_row "multicast MAC refused at create" "mac|address|unicast|multicast" \
		mkchild @I @td0 @te9 vepa mac=01:00:5e:00:00:01

	ok_row "create vepa child e1 (setup)" mkchild @I @td0 @te1 vepa mac=@M:e1
	ok_row "bring e1 up (setup)" hip @I link set @te1 up
	fail_row "passthru on a lower that has children refused" "passthru|children|child" \
		mkchild @I @td0 @te9 passthru
	fail_row "mode change vepa->passthru refused" "passthru" \
		setmode @I @te1 passthru
	fail_row "source list op on a vepa child refused" "source" \
		srcop @I @te1 "" add 02:00:00:00:00:55
	RES=()
	for impl in "${ACTIVE[@]}"; do
		try hip "$impl" link set "${TAG[$impl]}e1" mtu 9000
		[ "$REPLY" = failed ] && RES[$impl:m]=refused || RES[$impl:m]=accepted
	done
	res_row "MTU above the lower's refused at change (ip link set mtu)" refused m
	fail_row "change of a device that is not a child refused" "not an mvlan|not a child|not supported|mvlan" \
		setmode @I @td1 bridge
	fail_row "delete of an unknown device refused" "nosuch0|no such|not found|unknown" \
		rmchild @I nosuch0

	# passthru: a second child, and leaving passthru
	ok_row "create passthru child p1 (setup)" mkchild @I @td1 @tp1 passthru
	fail_row "second child on a passthru lower refused" "passthru" \
		mkchild @I @td1 @te9 vepa
	fail_row "mode change passthru->bridge refused" "passthru" \
		setmode @I @tp1 bridge

	# duplicate MACs: a deliberate difference at create and at MAC change
	deliberate_log dup-mac
	deliberate dup-mac macvlan; ek=$REPLY
	deliberate dup-mac mvlan; em=$REPLY
	RES=()
	for impl in macvlan mvlan; do
		impl_ok "$impl" || continue
		t=${TAG[$impl]} mp=${MACP[$impl]}
		try mkchild "$impl" "${t}d0" "${t}e2" vepa "mac=$mp:e1"
		[ "$REPLY" = ok ] && RES[$impl:c]=accepted || RES[$impl:c]=refused
		[ "$impl" = mvlan ] && log "mvlan: $TRY_ERR"
		if [ "$REPLY" = ok ]; then
			try hip "$impl" link set "${t}e2" up
			[ "$REPLY" = failed ] && RES[$impl:u]=refused || RES[$impl:u]=accepted
			[ "$REPLY" = failed ] && log "$impl: $TRY_ERR"
			rmchild "$impl" "${t}e2"
		else
			RES[$impl:u]=refused
		fi
		try mkchild "$impl" "${t}d0" "${t}e3" vepa "mac=$mp:d0"
		[ "$REPLY" = ok ] && RES[$impl:l]=accepted || RES[$impl:l]=refused
		[ "$REPLY" = ok ] && rmchild "$impl" "${t}e3"
		# two children that are down: set one's MAC to the other's
		mkchild "$impl" "${t}d0" "${t}e4" vepa "mac=$mp:e4"
		hip "$impl" link set "${t}e1" down
		try hip "$impl" link set "${t}e4" address "$mp:e1"
		[ "$REPLY" = ok ] && RES[$impl:s]=accepted || RES[$impl:s]=refused
		hip "$impl" link set "${t}e1" up
		rmchild "$impl" "${t}e4"
	done
	diff_row2 "duplicate of an up sibling's MAC at create" "$ek" "$em" \
		"${RES[macvlan:c]:-n/a}" "${RES[mvlan:c]:-n/a}"
	res_row "duplicate of an up sibling's MAC never comes up" refused u
	diff_row2 "duplicate of the lower's MAC at create" "$ek" "$em" \
		"${RES[macvlan:l]:-n/a}" "${RES[mvlan:l]:-n/a}"
	diff_row2 "MAC change of a down child to a down sibling's MAC" "$ek" "$em" \
		"${RES[macvlan:s]:-n/a}" "${RES[mvlan:s]:-n/a}"
	ok_row "create vepa child e5 (setup)" mkchild @I @td0 @te5 vepa mac=@M:e5
	ok_row "bring e5 up (setup)" hip @I link set @te5 up
	RES=()
	for impl in "${ACTIVE[@]}"; do
		try hip "$impl" link set "${TAG[$impl]}e5" address "${MACP[$impl]}:e1"
		[ "$REPLY" = failed ] && RES[$impl:x]=refused || RES[$impl:x]=accepted
	done
	res_row "MAC change to an up sibling's MAC refused" refused x

	# the other implementation already owns the lower: a macvlan child on a
	# lower used by mvlan, and an mvlan child on a lower used by macvlan
	# (first pass only: in the second, both are mvlan)
	RES=()
	if [ "$PASS" = genl ] && impl_ok mvlan; then
		ip link add xd0 type dummy && ip link add yd0 type dummy
		mkchild mvlan xd0 xm0 vepa
		ip link add link yd0 name yk0 type macvlan mode vepa
		try ip link add link xd0 name xk0 type macvlan mode vepa
		RES[macvlan:o]=$REPLY
		try "$MVLANCTL" create ym0 --link yd0
		RES[mvlan:o]=$REPLY
		log "mvlan: $TRY_ERR"
		[ "$REPLY" = failed ] && ! grep -Eiq '^mvlanctl: .*(busy|in use|handler|used by|macvlan)' <<<"$TRY_ERR" &&
			RES[mvlan:o]=unclear
		ip link del xd0; ip link del yd0
	fi
	[ "$PASS" = genl ] && res_row "lower owned by the other implementation refused" failed o

	for impl in "${ACTIVE[@]}"; do
		t=${TAG[$impl]}
		for d in e1 e5 p1; do rmchild "$impl" "$t$d" 2>/dev/null; done
		for d in d0 d1 br0 bp0 t0; do hip "$impl" link del "$t$d" 2>/dev/null; done
	done
}

diff_run scenarios
