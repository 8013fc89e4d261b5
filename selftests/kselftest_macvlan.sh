#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# The kernel's own selftests that create macvlan devices (from Debian's
# linux-source-6.12, extracted at build time into /ksft/selftests with what
# they source), run unmodified: once with the in-tree macvlan, once with
# mvlan owning the kind "macvlan" (compat_load). One KTAP case per script and
# implementation; the script's own output follows as comments.
# bond_macvlan_ipvlan.sh takes over 3 minutes per run under TCG (half of it
# on ipvlan, which it also covers), so its in-tree run, a baseline that
# tells a mvlan bug from a problem of the VM, is made only when the mvlan
# run fails, or always with KSFT_BASELINE=1; otherwise it is reported as a
# skip.
#   drivers/net/bonding/dev_addr_lists.sh: a macvlan on a bond puts its MAC
#     on the slaves (dev_uc_add through the bond) and it is gone after the
#     bond is deleted (the child goes with its lower).
#   drivers/net/bonding/bond_macvlan_ipvlan.sh: two bridge-mode macvlans on
#     a bond (active-backup, balance-tlb, balance-alb), moved to namespaces:
#     pings between them, the bond and a client, IPv4 and IPv6.
# Neither script looks at the kernel's taint flags, so the out-of-tree
# module taint (mvlan.ko) does not matter to them.
source ./lib.sh

KSFT_TREE=${KSFT_TREE:-/ksft/selftests}
# script, its time limit (seconds), and whether its in-tree run is always
# made (always) or only as a baseline for a failed mvlan run (baseline)
SCRIPTS=(
	"drivers/net/bonding/dev_addr_lists.sh 120 always"
	"drivers/net/bonding/bond_macvlan_ipvlan.sh 400 baseline"
)
declare -A MV_FAILED=()

# ondemand_load: the modules the scripts need that are not loaded at boot
# (bonding, sch_ingress), with their options, from vm/mkinitramfs.sh's list.
ondemand_load() {
	local path opts name
	while read -r path opts; do
		name=${path##*/}
		name=${name%.ko}
		name=${name//-/_}
		grep -q "^$name " /proc/modules && continue
		# shellcheck disable=SC2086 # options are separate words
		insmod "$path" $opts || return 1
	done </etc/modules.ondemand
}

# run_script IMPL SCRIPT LIMIT: one KTAP case. The script passes when it
# exits 0 after at least one "TEST: ... [ OK ]" line and no failed one.
run_script() {
	local impl=$1 script=$2 limit=$3 out rc t0=$SECONDS desc
	desc="$impl: ${script##*/}"
	out=$(cd "$KSFT_TREE/${script%/*}" &&
		env -u TESTS timeout -s KILL "$limit" bash "./${script##*/}" 2>&1)
	rc=$?
	printf '# %s\n' "${out//$'\n'/$'\n# '}"
	log "$impl: ${script##*/} exit $rc in $((SECONDS - t0)) s"
	if [ "$rc" = 4 ]; then
		ktap_test_skip "$desc"
	elif [ "$rc" = 0 ] && grep -q 'TEST: .*\[ *OK *\]' <<<"$out" &&
		! grep -q '\[FAIL\]' <<<"$out"; then
		ktap_test_pass "$desc"
	else
		[ "$impl" = mvlan ] && MV_FAILED[$script]=1
		ktap_test_fail "$desc"
	fi
}

# run_all IMPL WHEN: the scripts whose in-tree run is made WHEN (always or
# baseline) for the in-tree driver, all of them for mvlan.
run_all() {
	local s script limit when
	for s in "${SCRIPTS[@]}"; do
		read -r script limit when <<<"$s"
		[ "$1" = macvlan ] && [ "$when" != "$2" ] && continue
		if [ "$2" = baseline ] && [ -z "${MV_FAILED[$script]:-}" ] &&
			[ "${KSFT_BASELINE:-0}" != 1 ]; then
			ktap_test_skip "macvlan: ${script##*/} (baseline, run when mvlan's run fails)"
			continue
		fi
		run_script "$1" "$script" "$limit"
	done
}

# Every iputils ping turns receive timestamps on (SO_TIMESTAMP), and the
# first and last user toggle the static key netstamp_needed_key, patching
# __netif_receive_skb_core's text. bond_macvlan_ipvlan.sh starts hundreds of
# pings; under QEMU TCG one such patch was seen to leave a CPU on the stale
# int3 ("Oops: int3" in __netif_receive_skb_core, from ipvlan's multicast
# work, no mvlan code involved) and the guest panicked. A ping that lives
# through the scripts keeps the key on, so it is never patched there.
STAMP_OUT=/tmp/kselftest_macvlan.ping
stamp_hold() {
	ping -i 5 127.0.0.1 >"$STAMP_OUT" 2>&1 &
	STAMP_PID=$!
	wait_for 10 grep -q 'bytes from' "$STAMP_OUT"
}
stamp_release() {
	kill "$STAMP_PID" 2>/dev/null
	wait "$STAMP_PID" 2>/dev/null
	rm -f "$STAMP_OUT"
}

# intree WHEN: run_all for the in-tree driver.
intree() {
	if grep -q '^macvlan ' /proc/modules; then
		run_all macvlan "$1"
	else
		log "the in-tree macvlan is not loaded"
		ktap_test_fail "macvlan: the in-tree driver loads"
	fi
}

ktap_print_header
if [ ! -d "$KSFT_TREE/drivers/net/bonding" ]; then
	ktap_exit_fail_msg "no kernel selftests at $KSFT_TREE (make ksft, vm/mkinitramfs.sh)"
fi
if intree_macvlan_builtin; then
	ktap_skip_all "the in-tree macvlan is built into this kernel: the kind cannot be taken"
	exit 4
fi
ondemand_load || ktap_exit_fail_msg "cannot load bonding or sch_ingress"
if [ ! -d /sys/module/bonding ]; then
	ktap_skip_all "no bonding in this kernel (the debug tier's)"
	exit 4
fi
# Other tests turn IPv6 off by default; these scripts use it.
sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0

stamp_hold || log "the timestamp holder did not start"
# in-tree first (compat_unload: as booted, even after a test killed under
# compat_load)
compat_unload
intree always

mv_ok=0
if compat_load && [ ! -d /sys/module/macvlan ] &&
	[[ $(cat /sys/module/mvlan/parameters/macvlan_compat 2>/dev/null) =~ ^(1|Y)$ ]]; then
	mv_ok=1
fi
if [ "$mv_ok" = 1 ]; then
	run_all mvlan
else
	log "compat_load failed: mvlan does not own the kind macvlan"
	ktap_test_fail "mvlan: owns the kind macvlan"
fi
compat_unload || log "compat_unload failed"
intree baseline
stamp_release
finish
