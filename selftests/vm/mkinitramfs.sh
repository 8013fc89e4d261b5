#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Usage: mkinitramfs.sh [--modules-dir DIR] KREL BUILD OUT
# Builds an uncompressed initramfs for the test kernel KREL: busybox-static,
# the real binaries the tests call (bash, ip, bridge, ping, mvlanctl) with
# their shared libraries, the kernel's own modules the tests need, mvlan.ko,
# the kselftest helpers and selftests/.
# --modules-dir DIR resolves the kernel's modules under DIR/lib/modules/KREL
# (modprobe -d DIR); drivers built into that kernel are left out.
set -euo pipefail

modprobe_root=()
if [ "${1:-}" = --modules-dir ]; then
	modprobe_root=(-d "$2")
	shift 2
fi
krel=$1 build=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
selftests=$(dirname "$here")
root=$build/$krel/initramfs
# tap: mvlan.ko's tap front-end needs it; vhost_net: tap children as backends.
modules=(virtio_pci virtio_net veth dummy bridge macvlan ipvlan 8021q pktgen tun ipip tap vhost_net)
# Not loaded at boot: /etc/modules.ondemand lists them with their options,
# for the tests that insmod them (kselftest_macvlan.sh; bonding at boot
# would add a bond0 without Debian's max_bonds=0; tap.sh: the in-tree macvtap).
modules_ondemand=(bonding sch_ingress macvtap)
real_bins=(bash ip bridge ping timeout tc kmod ethtool jq strace readlink dnsmasq)

rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,proc,sys,dev,run,tmp,var,etc,root} \
	"$root"/lib/mvlan "$root"/selftests "$root"/ksft
ln -s ../run "$root/var/run"

# busybox applets, except where a real binary of the same name is installed.
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	case " ${real_bins[*]} " in *" $applet "*) continue ;; esac
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

copy_with_libs() {
	local bin=$1 dest=$2 lib
	cp -L "$bin" "$root$dest"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

for b in "${real_bins[@]}"; do
	path=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "$b")
	copy_with_libs "$path" "/usr/bin/$b"
done
copy_with_libs "$build/mvlanctl" /usr/bin/mvlanctl

# Kernel modules in dependency order, decompressed for busybox insmod.
: >"$root/etc/modules.load"
: >"$root/etc/modules.ondemand"
declare -A seen=()
for m in "${modules[@]}" "${modules_ondemand[@]}"; do
	list=modules.load
	case " ${modules_ondemand[*]} " in *" $m "*) list=modules.ondemand ;; esac
	while read -r cmd path opts; do
		[ "$cmd" = insmod ] || continue
		[ -n "${seen[$path]:-}" ] && continue
		seen[$path]=1
		name=$(basename "$path"); name=${name%.xz}
		case "$path" in
		*.xz) xz -dc "$path" >"$root/lib/mvlan/$name" ;;
		*) cp "$path" "$root/lib/mvlan/$name" ;;
		esac
		if [ "$list" = modules.load ]; then
			echo "/lib/mvlan/$name" >>"$root/etc/modules.load"
		else
			echo "/lib/mvlan/$name $opts" >>"$root/etc/modules.ondemand"
		fi
	done < <(modprobe "${modprobe_root[@]}" -S "$krel" --show-depends "$m")
done
cp "$build/$krel/mvlan.ko" "$root/lib/mvlan/mvlan.ko"

cp "$here/init" "$root/init"
cp "$build/ksft/tools/testing/selftests/kselftest/ktap_helpers.sh" "$root/ksft/"
# The kernel's own selftests that create macvlan devices, unmodified, in
# their tree layout (they source ../../../net/forwarding/lib.sh).
for d in drivers net; do
	[ -d "$build/ksft/tools/testing/selftests/$d" ] || continue
	mkdir -p "$root/ksft/selftests"
	cp -a "$build/ksft/tools/testing/selftests/$d" "$root/ksft/selftests/"
done
find "$selftests" -maxdepth 1 -type f \( -name '*.sh' -o -name 'settings' \) -exec cp {} "$root/selftests/" \;
[ -d "$selftests/bench" ] && cp -r "$selftests/bench" "$root/selftests/bench"
cp "$selftests/../Documentation/examples/modprobe.d/mvlan-macvlan.conf" "$root/selftests/"
if [ -d "$build/selftests" ]; then
	find "$build/selftests" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/selftests/" \;
	[ -d "$build/selftests/bench" ] && cp -r "$build/selftests/bench/." "$root/selftests/bench/"
fi
echo "root:x:0:0:root:/root:/usr/bin/bash" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
echo "nobody:x:65534:65534:nobody:/:/bin/false" >>"$root/etc/passwd"
echo "nogroup:x:65534:" >>"$root/etc/group"

# Real macvlan clients (cni.sh, networkd.sh): the CNI macvlan plugin and its
# IPAM, systemd-networkd and wait-online (libsystemd-shared via ldd), the
# user networkd drops to.
mkdir -p "$root/usr/lib/cni" "$root/lib/systemd"
for b in macvlan static; do copy_with_libs "/usr/lib/cni/$b" "/usr/lib/cni/$b"; done
for b in systemd-networkd systemd-networkd-wait-online; do
	copy_with_libs "/lib/systemd/$b" "/lib/systemd/$b"
done
echo "systemd-network:x:998:998:systemd Network Management:/:/bin/false" >>"$root/etc/passwd"
echo "systemd-network:x:998:" >>"$root/etc/group"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
