#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check-pkg`: the packages as a host gets them. Installs the built
# mvlan-dkms and mvlanctl packages on this machine (root; nothing is
# loaded here), checks that DKMS built mvlan.ko for every installed test
# kernel, boots the 6.12 test kernel with the DKMS-built module and the
# packaged mvlanctl and runs `make demo`'s experiment, then purges the
# packages and checks that nothing is left behind. KTAP out, ending with
# "N passed, N failed".
# Usage: pkg-test.sh --build DIR --debs DIR
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
build=build debs=build/deb
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift ;;
	--debs) debs=$2; shift ;;
	*) echo "pkg-test.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
build=$(cd "$build" && pwd) debs=$(cd "$debs" && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
krels=()
for v in /boot/vmlinuz-*; do
	k=${v#/boot/vmlinuz-}
	[ -e "/lib/modules/$k/build/Makefile" ] && krels+=("$k")
done
demo_krel=$(printf '%s\n' "${krels[@]}" | grep -m1 '^6\.12\.')
work=$build/pkg-test
rm -rf "$work" && mkdir -p "$work"

n=0 failed=0
echo "TAP version 13"
ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n $1"; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
log() { echo "# $*"; }

purge() {
	dpkg --purge mvlanctl mvlan-dkms >"$work/purge.log" 2>&1
}
trap purge EXIT

# Leftovers of an earlier run would hide what this one installs.
purge
[ -e "/usr/src/mvlan-$version" ] && { log "/usr/src/mvlan-$version exists before the test"; exit 1; }

t_install() {
	dpkg -i "$debs/mvlan-dkms_${version}_all.deb" "$debs"/mvlanctl_"${version}"_*.deb \
		>"$work/install.log" 2>&1 || { tail -n 30 "$work/install.log"; return 1; }
}
check "dpkg -i mvlan-dkms mvlanctl" t_install

t_versions() {
	local tool pkg
	tool=$(/usr/sbin/mvlanctl --version | grep -oE '[0-9]+(\.[0-9]+)+')
	pkg=$(dpkg-query -W -f='${Version}' mvlan-dkms)
	[ "$tool" = "$version" ] && [ "$pkg" = "$version" ] && return 0
	log "dkms.conf $version, mvlanctl $tool, package $pkg"
	return 1
}
check "one version: dkms.conf, debian/changelog, mvlanctl --version" t_versions

for k in "${krels[@]}"; do
	t_built() {
		local ko=/lib/modules/$1/updates/dkms/mvlan.ko
		[ -f "$ko" ] || ko=$ko.xz
		[ -f "$ko" ] || { log "no $ko; dkms status: $(dkms status mvlan)"; return 1; }
		[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$1" ] &&
			modinfo -F parm "$ko" | grep -q '^macvlan_compat:'
	}
	check "DKMS built mvlan.ko for $k" t_built "$k"
done

# Nothing loads mvlan behind the administrator's back: no modules-load.d or
# modprobe.d file is installed, and (where this machine has modules) it is
# not loaded.
t_no_load() {
	local files
	files=$(dpkg -L mvlan-dkms mvlanctl | grep -E '/(modules-load|modprobe)\.d/')
	[ -z "$files" ] || { log "installed: $files"; return 1; }
	[ ! -e /proc/modules ] || ! grep -q '^mvlan ' /proc/modules
}
check "installing loads nothing and configures no loading" t_no_load
t_man() { man -w mvlanctl >/dev/null 2>&1 || [ -f /usr/share/man/man8/mvlanctl.8.gz ]; }
check "man page mvlanctl(8) installed" t_man
t_completion() {
	local got
	got=$(bash -c 'source /usr/share/bash-completion/bash_completion
		source /usr/share/bash-completion/completions/mvlanctl
		COMP_WORDS=(mvlanctl cre); COMP_CWORD=1; COMP_LINE="mvlanctl cre"; COMP_POINT=12
		_mvlanctl; echo "${COMPREPLY[*]}"' 2>&1)
	[ "$got" = create ] || { log "completion of 'cre': '$got'"; return 1; }
}
check "bash completion completes subcommands" t_completion
t_example() { [ -f /usr/share/doc/mvlan-dkms/examples/mvlan-macvlan.conf ]; }
check "the modprobe.d example is shipped (not installed in /etc)" t_example

# The demo with what the packages installed: the DKMS module, the packaged
# tool; the harness and its helpers from the build.
vmb=$work/vm
mkdir -p "$vmb/$demo_krel"
ln -s "$build/ksft" "$vmb/ksft"
ln -s "$build/selftests" "$vmb/selftests"
cp /usr/sbin/mvlanctl "$vmb/mvlanctl"
ko=/lib/modules/$demo_krel/updates/dkms/mvlan.ko
if [ -f "$ko.xz" ]; then xz -dc "$ko.xz" >"$vmb/$demo_krel/mvlan.ko"; else cp "$ko" "$vmb/$demo_krel/mvlan.ko"; fi
t_demo() {
	selftests/vm/run.sh --krel "$demo_krel" --build "$vmb" --demo >"$work/demo.log" 2>&1 ||
		{ tail -n 30 "$work/demo.log"; return 1; }
	grep -q "demo: ns1 reached ns2" "$work/demo.log"
}
check "the demo runs on $demo_krel with the DKMS-built module" t_demo

t_purge() {
	local left
	purge || { cat "$work/purge.log"; return 1; }
	left=$(find /usr/src/mvlan-* /var/lib/dkms/mvlan /lib/modules/*/updates/dkms/mvlan.ko* \
		/usr/sbin/mvlanctl /usr/share/doc/mvlan-dkms 2>/dev/null)
	[ -z "$left" ] || { log "left behind: $left"; return 1; }
}
check "dpkg --purge leaves nothing behind" t_purge

# make install / uninstall into a staging root (the module part is what the
# packages test above; MODULE_KRELS= skips it here).
stage=$work/stage
t_make_install() {
	local f
	make -s install DESTDIR="$stage" MODULE_KRELS= BUILD="$build" >"$work/make-install.log" 2>&1 ||
		{ tail -n 20 "$work/make-install.log"; return 1; }
	for f in usr/sbin/mvlanctl usr/share/man/man8/mvlanctl.8 \
		usr/share/bash-completion/completions/mvlanctl \
		usr/share/doc/mvlan/examples/modprobe.d/mvlan-macvlan.conf; do
		[ -f "$stage/$f" ] || { log "make install did not install /$f"; return 1; }
	done
	make -s uninstall DESTDIR="$stage" MODULE_KRELS= BUILD="$build" >>"$work/make-install.log" 2>&1 ||
		return 1
	[ -z "$(find "$stage" -type f)" ] && return 0
	log "make uninstall left: $(find "$stage" -type f)"
	return 1
}
check "make install and make uninstall (DESTDIR)" t_make_install

echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
