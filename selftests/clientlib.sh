#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# Shared by the real-client selftests (cni.sh, networkd.sh): one scenario,
# written once, run against the in-tree macvlan and then against mvlan in
# the drop-in mode (macvlan_compat=1), with case names prefixed "in-tree: "
# and "mvlan: ".
source ./lib.sh

DRV=''    # "in-tree" or "mvlan": the prefix of every case name
BROKEN='' # why the mvlan half cannot run, if it cannot

# c DESCRIPTION CMD...: one case of the half for driver DRV. When the drop-in
# mode could not be loaded, the mvlan half's cases fail without running.
c() {
	local desc="$DRV: $1"
	shift
	if [ -n "$BROKEN" ]; then
		log "not run: $BROKEN"
		ktap_test_fail "$desc"
		return
	fi
	check "$desc" "$@"
}

# dropin_ok: mvlan is loaded in the drop-in mode and a link of kind macvlan
# made through rtnetlink is an mvlan child (the tool lists it).
dropin_ok() {
	local rc
	compat_load || { log "compat_load failed"; return 1; }
	if grep -q '^macvlan ' /proc/modules; then
		log "the in-tree macvlan is still loaded"
		return 1
	fi
	ip link add dprobe type dummy || return 1
	ip link add dprobe0 link dprobe type macvlan mode bridge && mv_is dprobe0 mode bridge
	rc=$?
	ip link del dprobe
	return $rc
}

# run_halves SCENARIO: SCENARIO against the in-tree macvlan, then against
# mvlan in the drop-in mode, then the in-tree macvlan put back.
run_halves() {
	DRV=in-tree
	check "in-tree: the in-tree macvlan.ko is loaded" grep -q '^macvlan ' /proc/modules
	"$1"

	DRV=mvlan
	if dropin_ok; then
		ktap_test_pass "mvlan: drop-in mode loaded (macvlan_compat=1 owns the kind macvlan)"
	else
		ktap_test_fail "mvlan: drop-in mode loaded (macvlan_compat=1 owns the kind macvlan)"
		BROKEN="mvlan is not in the drop-in mode"
	fi
	"$1"

	check "the in-tree macvlan is back (compat_unload)" compat_unload
}
