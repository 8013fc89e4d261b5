#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest-side runner: runs each selftest program with a timeout and prints
# KTAP, with each program's own KTAP output nested (indented) below it.
# Usage: runner.sh [TEST...]   (default: every test in /selftests)
cd "$(dirname "$0")" || exit 1

is_test() {
	case "$1" in
	# smp_* need more CPUs than the suite's VM: check.sh runs them apart.
	*lib.sh | runner.sh | demo.sh | *.py | scratch-* | smp_*) return 1 ;;
	*.sh) return 0 ;;
	*.*) return 1 ;;
	esac
	[ -f "$1" ] && [ -x "$1" ]
}

if [ $# -gt 0 ]; then
	tests=("$@")
else
	tests=()
	for f in *; do is_test "$f" && tests+=("$f"); done
fi

splat='WARNING:|BUG:|Oops|general protection|refcount_t:|list_add corruption|list_del corruption|blocked for more than|UBSAN:|KASAN:|unregister_netdevice: waiting'
timeout_of() {
	local t
	t=$(sed -n "s/^$1=//p" settings 2>/dev/null)
	echo "${t:-$(sed -n 's/^timeout=//p' settings 2>/dev/null)}"
}

# Nest a program's KTAP below its top-level line, line by line as it comes.
indent() {
	local line
	while IFS= read -r line; do printf '    %s\n' "$line"; done
}

echo "TAP version 13"
echo "1..${#tests[@]}"
n=0 failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	limit=$(timeout_of "$t")
	limit=${limit:-300}
	echo "# $t: starting (timeout ${limit}s)"
	dmesg -c >/dev/null
	start=$(date +%s)
	case "$t" in
	*.sh)
		timeout -s KILL "$limit" bash "./$t" 2>&1 | indent
		rc=${PIPESTATUS[0]}
		;;
	*)
		# C tests expect the module loaded; shell tests load it themselves.
		insmod /lib/mvlan/mvlan.ko
		timeout -s KILL "$limit" "./$t" 2>&1 | indent
		rc=${PIPESTATUS[0]}
		if ! rmmod mvlan; then
			echo "# $t: rmmod mvlan failed after the test"
			rc=1
		fi
		;;
	esac
	secs=$(($(date +%s) - start))
	if dmesg | grep -Eq "$splat"; then
		echo "# $t: kernel splat:"
		dmesg | grep -E -A20 "$splat" | head -n 40 | sed 's/^/# /'
		rc=1
	fi
	case "$rc" in
	0) echo "ok $n $t # ${secs}s" ;;
	4) echo "ok $n $t # SKIP" ;;
	137) echo "not ok $n $t # TIMEOUT ${limit}s"; failed=1 ;;
	*) echo "not ok $n $t # exit=$rc"; failed=1 ;;
	esac
done
exit $failed
