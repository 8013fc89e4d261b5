#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The shipped modprobe.d example makes `ip link add ... type macvlan` load
# mvlan (with macvlan_compat=1) instead of the in-tree macvlan. Run with the
# real kmod modprobe over a module tree laid out as on a host: the in-tree
# macvlan.ko under kernel/, mvlan.ko under updates/, depmod's indexes. The
# kernel's modprobe helper is pointed at a wrapper that adds that tree and
# the config directory under test.
source ./lib.sh

ktap_print_header
MV=$(command -v "$MVLANCTL") || ktap_exit_fail_msg "$MVLANCTL not found"
CONF=/selftests/mvlan-macvlan.conf
TMP=/tmp/autoload.$$
ROOT=$TMP/root KREL=$(uname -r)
HELPER=/proc/sys/kernel/modprobe
OLD_HELPER=$(cat $HELPER)

cleanup() {
	echo "$OLD_HELPER" >$HELPER
	ip link del va
	rm -rf "$TMP"
	compat_unload
} >/dev/null 2>&1
trap cleanup EXIT

if intree_macvlan_builtin; then
	ktap_skip_all "the in-tree macvlan is built into this kernel"
	exit 4
fi
command -v kmod >/dev/null || ktap_exit_fail_msg "kmod (modprobe) not in the image"

mvlan_unload
for m in macvtap macvlan; do
	grep -q "^$m " /proc/modules && rmmod $m
done
mkdir -p "$ROOT/lib/modules/$KREL/kernel/drivers/net" "$ROOT/lib/modules/$KREL/updates" \
	"$TMP/conf" "$TMP/bin"
cp "$(intree_macvlan_ko)" "$ROOT/lib/modules/$KREL/kernel/drivers/net/macvlan.ko"
cp "$MVLAN_KO" "$ROOT/lib/modules/$KREL/updates/mvlan.ko"
ln -s /usr/bin/kmod "$TMP/bin/depmod"
ln -s /usr/bin/kmod "$TMP/bin/modprobe"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	: >"$ROOT/lib/modules/$KREL/$f"
done
"$TMP/bin/depmod" -b "$ROOT" "$KREL" || ktap_exit_fail_msg "depmod failed"
cat >"$TMP/modprobe-helper" <<EOF
#!/usr/bin/bash
exec $TMP/bin/modprobe -d $ROOT -C $TMP/conf "\$@"
EOF
chmod +x "$TMP/modprobe-helper"
echo "$TMP/modprobe-helper" >$HELPER

veth_pair va vb || ktap_exit_fail_msg "veth setup failed"
loaded() { grep -q "^$1 " /proc/modules; }
# only_loaded A B: module A is loaded and B is not.
only_loaded() {
	loaded "$1" && ! loaded "$2" && return 0
	log "modules: $(cut -d' ' -f1 /proc/modules | xargs)"
	return 1
}

# Without the file the distribution's alias wins: the in-tree driver loads.
t_baseline() {
	ip link add link va name m0 type macvlan mode bridge || return 1
	only_loaded macvlan mvlan || return 1
	ip link del m0 && rmmod macvlan
}
check "without the file, type macvlan autoloads the in-tree macvlan" t_baseline

cp "$CONF" "$TMP/conf/"
pp ip link add link va name m1 type macvlan mode bridge
t_autoload() {
	only_loaded mvlan macvlan || return 1
	eq "macvlan_compat" "$(cat /sys/module/mvlan/parameters/macvlan_compat)" Y
}
check "with the file, type macvlan autoloads mvlan with macvlan_compat=1" t_autoload
t_child() {
	local js
	js=$(ip -d -j link show dev m1)
	eq "kind" "$(jv info_kind "$js")" macvlan && eq "mode" "$(jv mode "$js")" bridge &&
		eq "mvlanctl mode" "$(jv mode "$(jobj m1 "$("$MV" show --json)")")" bridge
}
check "the child is mvlan's, kind macvlan, mode bridge" t_child
t_driver() { eq "ethtool driver" "$(ethtool -i m1 | sed -n 's/^driver: //p')" macvlan; }
check "ethtool -i names the driver macvlan" t_driver
# modprobe reports success (its init's EEXIST reads as "already loaded"),
# but the in-tree driver is not there and the child is untouched.
t_intree_refused() {
	"$TMP/bin/modprobe" -d "$ROOT" -C "$TMP/conf" macvlan 2>/dev/null
	only_loaded mvlan macvlan && eq "kind" "$(jv info_kind "$(ip -d -j link show dev m1)")" macvlan
}
check "the in-tree macvlan cannot load beside it" t_intree_refused

ip link del m1
rmmod mvlan
# The tap kind: macvtap.ko is not in this tree, so only the alias can help.
t_macvtap() {
	ip link add link va name t1 type macvtap mode bridge || return 1
	only_loaded mvlan macvtap && ! loaded macvlan || return 1
	eq "kind" "$(jv info_kind "$(ip -d -j link show dev t1)")" macvtap &&
		[ -c "/dev/tap$(cat /sys/class/net/t1/ifindex)" ]
}
check "with the file, type macvtap autoloads mvlan and makes a tap child" t_macvtap
ip link del t1
rmmod mvlan

# The optional line: even an explicit modprobe macvlan is refused.
sed 's/^#install macvlan/install macvlan/' "$CONF" >"$TMP/conf/mvlan-macvlan.conf"
t_install_line() {
	! "$TMP/bin/modprobe" -d "$ROOT" -C "$TMP/conf" macvlan 2>/dev/null && ! loaded macvlan
}
check "with the optional install line, modprobe macvlan is refused" t_install_line

finish
