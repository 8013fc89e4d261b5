#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side of `make bench`: boots the test kernel under QEMU with
# -icount shift=0,sleep=off on one vCPU, runs selftests/bench/bench.sh in the
# guest, and turns its BENCH lines into OUT/results.md (printed), the plot
# OUT/rx-vs-children.png and the raw data next to them.
#
# Usage: run-bench.sh --krel KREL [--build DIR] [--out DIR] [--floor KO]
#                     [--from-log FILE] [GUEST-ARG...]
#   --floor KO     the MVLAN_BENCH_FLOOR build of mvlan.ko, measured as well
#   --from-log F   no VM: rebuild the report from a saved guest log
#   GUEST-ARG      passed to bench.sh, e.g. count=200000 reps=2 rx bridge
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$(dirname "$here")")
krel='' build=$top/build out='' floor='' from_log='' guest_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--krel) krel=$2; shift ;;
	--build) build=$2; shift ;;
	--out) out=$2; shift ;;
	--floor) floor=$2; shift ;;
	--from-log) from_log=$2; shift ;;
	*) guest_args+=("$1") ;;
	esac
	shift
done
out=${out:-$build/bench}
mkdir -p "$out"
start=$(date +%s)
rc=0

if [ -n "$from_log" ]; then
	[ "$from_log" -ef "$out/guest.log" ] || cp "$from_log" "$out/guest.log"
else
	[ -n "$krel" ] || { echo "run-bench: --krel is required" >&2; exit 2; }
	# Files under BUILD/selftests/bench/ go into the initramfs next to
	# bench.sh; the floor module must not be called mvlan.ko there.
	mkdir -p "$build/selftests/bench"
	rm -f "$build/selftests/bench/mvlan-floor.ko"
	[ -n "$floor" ] && cp "$floor" "$build/selftests/bench/mvlan-floor.ko"
	VM_SMP=1 VM_TIMEOUT=${VM_TIMEOUT:-1800} "$top/selftests/vm/run.sh" \
		--krel "$krel" --build "$build" --job bench/bench \
		--qemu-args "-icount shift=0,sleep=off" "${guest_args[@]}" |
		tee "$out/guest.log" | grep --line-buffered -v '^BENCH '
	rc=${PIPESTATUS[0]}
fi

grep '^BENCH ' "$out/guest.log" >"$out/bench.txt"
if ! grep -q '^BENCH case=done' "$out/bench.txt"; then
	echo "run-bench: the guest did not finish the benchmark" >&2
	rc=1
fi
wall=$(($(date +%s) - start))
python3 "$here/report.py" "$out/bench.txt" "$out" ${from_log:+} --wall "$wall" || rc=1

# A run without the rx group (e.g. only hostacc) has nothing to plot.
plot=$out/rx-vs-children.png
rm -f "$plot"
if awk '!/^#/ && $2 != "?" { found = 1 } END { exit !found }' "$out/rx-vs-children.dat"; then
	term=png
	gnuplot -e 'set terminal' 2>&1 | grep -qw pngcairo && term=pngcairo
	gnuplot -e "dat='$out/rx-vs-children.dat'; out='$plot'; term='$term'" \
		"$here/rx-vs-children.gp" || rc=1
else
	plot="no plot (no receive figures)"
fi

echo
cat "$out/results.md"
echo "run-bench: $out/results.md, $plot (${wall}s)"
exit "$rc"
