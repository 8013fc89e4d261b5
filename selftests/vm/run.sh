#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a test kernel under QEMU (TCG) with the mvlan initramfs and stream the
# selftests' KTAP output. Fails on a kernel splat in the guest log, on a
# timeout, and when the guest does not report back.
#
# Usage: run.sh --krel KREL [--build DIR] [--demo | --job NAME] [--timeout SEC]
#               [--qemu-args 'ARGS'] [--kernel IMAGE --modules-dir DIR] [TEST...]
# --job NAME runs /selftests/NAME.sh in the guest instead of the test runner.
# --kernel boots IMAGE instead of /boot/vmlinuz-KREL; --modules-dir takes the
# kernel's modules from DIR/lib/modules/KREL instead of /lib/modules/KREL (a
# driver built into the kernel is then simply not loaded). VM_CMDLINE_EXTRA
# is appended to the kernel command line, VM_MEM / VM_SMP size the guest.
# One vCPU by default: QEMU's multi-threaded TCG lets another vCPU run a
# stale translation of kernel text being live-patched (a static key flip:
# "Oops: int3" in the networking fast path, no mvlan frame in the trace),
# so only the smp_* tests, which need the parallelism, get more.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(dirname "$(dirname "$here")")/build
krel='' job=tests timeout=${VM_TIMEOUT:-1500} tests=() qemu_args=()
vmlinuz='' modules_dir=''
while [ $# -gt 0 ]; do
	case "$1" in
	--krel) krel=$2; shift ;;
	--build) build=$2; shift ;;
	--demo) job=demo ;;
	--job) job=$2; shift ;;
	--qemu-args) read -ra qemu_args <<<"$2"; shift ;;
	--timeout) timeout=$2; shift ;;
	--kernel) vmlinuz=$2; shift ;;
	--modules-dir) modules_dir=$2; shift ;;
	*) tests+=("$1") ;;
	esac
	shift
done
[ -n "$krel" ] || { echo "run.sh: --krel is required" >&2; exit 2; }
vmlinuz=${vmlinuz:-/boot/vmlinuz-$krel}
[ -r "$vmlinuz" ] || { echo "run.sh: no kernel image $vmlinuz (make deps)" >&2; exit 2; }

out=$build/$krel/vm
mkdir -p "$out"
"$here/mkinitramfs.sh" ${modules_dir:+--modules-dir "$modules_dir"} \
	"$krel" "$build" "$out/initramfs.cpio" || exit 1

IFS=, ; test_arg=${tests[*]:-}; unset IFS
cmdline="console=ttyS0 panic=-1 oops=panic softlockup_panic=1 mitigations=off"
cmdline+=" net.ifnames=0 printk.devkmsg=on mvlan.job=$job"
[ -n "$test_arg" ] && cmdline+=" mvlan.tests=$test_arg"
[ -n "${VM_CMDLINE_EXTRA:-}" ] && cmdline+=" $VM_CMDLINE_EXTRA"

accel=${QEMU_ACCEL:-tcg}
start=$(date +%s)
timeout --foreground "$timeout" qemu-system-x86_64 \
	-accel "$accel" -cpu max -smp "${VM_SMP:-1}" -m "${VM_MEM:-1536}" \
	-nodefaults -display none -no-reboot \
	"${qemu_args[@]}" \
	-kernel "$vmlinuz" -initrd "$out/initramfs.cpio" -append "$cmdline" \
	-netdev hubport,id=wire,hubid=0 -device virtio-net-pci,netdev=wire \
	-serial "file:$out/console.log" -serial stdio \
	</dev/null 2> >(grep -v 'is not connected to host network' >&2) | tee "$out/output.log"
qemu_rc=${PIPESTATUS[0]}
elapsed=$(($(date +%s) - start))

fail=0
if [ "$qemu_rc" -eq 124 ]; then
	echo "# vm: TIMEOUT after ${timeout}s on $krel"
	fail=1
fi
guest_rc=$(sed -n 's/^MVLAN-VM-EXIT \([0-9]*\).*/\1/p' "$out/output.log" | tail -n1)
if [ -z "$guest_rc" ]; then
	echo "# vm: the guest did not report back (crash or hang) on $krel"
	fail=1
elif [ "$guest_rc" -ne 0 ]; then
	fail=1
fi
splat='WARNING:|BUG:|Oops|general protection|refcount_t:|list_add corruption|list_del corruption|blocked for more than|Kernel panic|UBSAN:|KASAN:|kmemleak: [0-9]+ new suspected|unregister_netdevice: waiting'
if grep -Eq "$splat" "$out/console.log"; then
	echo "# vm: kernel splat in the guest log on $krel:"
	grep -E -B2 -A25 "$splat" "$out/console.log" | head -n 80 | sed 's/^/# /'
	echo "not ok - kernel log clean on $krel"
	fail=1
fi
echo "# vm: $krel finished in ${elapsed}s, guest rc ${guest_rc:-none}"
exit $fail
