#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: checkpatch, host-side tests, the tool's unit tests, then the
# selftests in a VM on every test kernel (in parallel). Prints a summary per
# part and ends with "N passed, N failed[, N skipped]".
# Usage: [TESTS='a.sh b'] check.sh --build DIR KREL...
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

build=build
if [ "${1:-}" = --build ]; then build=$2; shift 2; fi
krels=("$@")
logs=$build/check
rm -rf "$logs" && mkdir -p "$logs"

total_pass=0 total_fail=0 total_skip=0
summary=()

add() { # NAME PASS FAIL SKIP SECONDS
	total_pass=$((total_pass + $2)) total_fail=$((total_fail + $3))
	total_skip=$((total_skip + $4))
	summary+=("$(printf '%-32s %4d passed, %d failed, %d skipped (%ds)' "$1" "$2" "$3" "$4" "$5")")
}

# shellcheck source=scripts/ktap-count.sh
source scripts/ktap-count.sh

timed() { # NAME LOG CMD... : run, log, count as one case
	local name=$1 log=$2 start rc
	shift 2
	start=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		add "$name" 1 0 0 $(($(date +%s) - start))
	else
		echo "---- $name failed:"; tail -n 40 "$log"
		add "$name" 0 1 0 $(($(date +%s) - start))
	fi
}

timed "checkpatch kmod/" "$logs/style.log" make -s style
timed "shellcheck selftests/" "$logs/shellcheck.log" \
	shellcheck -x -e SC1091 selftests/*.sh selftests/vm/*.sh selftests/pkg/*.sh scripts/*.sh

# GoogleTest: count its own verdict lines.
start=$(date +%s)
make -s unit BUILD="$build" >"$logs/unit.log" 2>&1
rc=$?
gp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$logs/unit.log" | tail -n1)
gf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$logs/unit.log" | tail -n1)
gp=${gp:-0} gf=${gf:-0}
if [ $rc -ne 0 ] && [ "$gf" -eq 0 ]; then gf=1; fi
[ "$gf" -ne 0 ] && { echo "---- unit tests failed:"; tail -n 40 "$logs/unit.log"; }
add "mvlanctl unit tests" "$gp" "$gf" 0 $(($(date +%s) - start))

for t in selftests/*.py; do
	[ -e "$t" ] || continue
	start=$(date +%s)
	python3 "$t" >"$logs/$(basename "$t").log" 2>&1
	rc=$?
	read -r p f s < <(count_ktap "$logs/$(basename "$t").log" "$rc" flat)
	[ "$f" -ne 0 ] && cat "$logs/$(basename "$t").log"
	add "$(basename "$t")" "$p" "$f" "$s" $(($(date +%s) - start))
done

# The VMs: one lane per kernel, in parallel; in each lane the suite's VM,
# then the smp_* tests in a 4-vCPU VM (the suite runs on one: see
# selftests/vm/run.sh). Output printed per kernel.
suite_tests=() smp_tests=()
if [ -n "${TESTS:-}" ]; then
	for t in $TESTS; do
		case "$t" in smp_*) smp_tests+=("$t") ;; *) suite_tests+=("$t") ;; esac
	done
else
	for t in selftests/smp_*.sh; do [ -e "$t" ] && smp_tests+=("$(basename "$t")"); done
fi
lane() { # KREL: logs vm-KREL.log and smp-KREL.log, exit status in *.rc
	if [ -z "${TESTS:-}" ] || [ ${#suite_tests[@]} -gt 0 ]; then
		selftests/vm/run.sh --krel "$1" --build "$build" "${suite_tests[@]}" \
			>"$logs/vm-$1.log" 2>&1
		echo $? >"$logs/vm-$1.rc"
	fi
	if [ ${#smp_tests[@]} -gt 0 ]; then
		VM_SMP=4 VM_MEM=2048 selftests/vm/run.sh --krel "$1" --build "$build" \
			"${smp_tests[@]}" >"$logs/smp-$1.log" 2>&1
		echo $? >"$logs/smp-$1.rc"
	fi
}
declare -A pids starts
for k in "${krels[@]}"; do
	starts[$k]=$(date +%s)
	lane "$k" &
	pids[$k]=$!
done
for k in "${krels[@]}"; do
	wait "${pids[$k]}"
	secs=$(($(date +%s) - starts[$k]))
	for part in vm smp; do
		[ -e "$logs/$part-$k.rc" ] || continue
		name="selftests $k" title=$k
		[ "$part" = smp ] && name+=" (4 vCPUs)" title+=" (4 vCPUs)"
		echo "======== selftests on $title (${secs}s) ========"
		cat "$logs/$part-$k.log"
		read -r p f s < <(count_ktap "$logs/$part-$k.log" "$(cat "$logs/$part-$k.rc")")
		add "$name" "$p" "$f" "$s" "$secs"
	done
done

echo
echo "======== summary ========"
printf '%s\n' "${summary[@]}"
line="$total_pass passed, $total_fail failed"
[ "$total_skip" -gt 0 ] && line+=", $total_skip skipped"
echo "$line"
[ "$total_fail" -eq 0 ]
