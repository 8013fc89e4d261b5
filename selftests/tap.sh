#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# Tap children (kind mvtap, mvlanctl --tap): what a VM manager sees of
# them and their life cycle; tap_raw drives the fd itself.
#  - ip link add ... type mvtap (ip parses no options for a kind it does not
#    know: the mode is set with mvlanctl, or raw in tap_raw): kind, mode,
#    tx_queue_len 500 and a qdisc, ethtool's driver; /dev/tapN (N = ifindex)
#    and /sys/class/net/t0/tapN/dev name the same device number;
#  - a namespace move renames the node after the new ifindex, the sysfs link
#    moves with the device; a tx_queue_len change with a reader open;
#  - the lower unregistered while a file is open: the child, its node and
#    link go; rmmod while a file is open is refused, and works once closed;
#  - against the in-tree macvtap in the same boot (no macvlan_compat), in
#    bridge, vepa and passthru mode: the same frames from the wire and from
#    an Ethernet sibling reach the fd, the same frames written to it leave.
source ./lib.sh

TAPIO=$PWD/tapio.bin
mvlan_test_begin
setup_ns tpeer tsib tmv
# Nothing but the test's frames: no router solicitations, no MLD.
no_ipv6 tpeer tsib tmv

tapdev() { echo "/dev/tap$(cat "/sys/class/net/$1/ifindex")"; }

# The device number of a node, "MAJOR:MINOR" in decimal.
node_devno() {
	local maj min
	read -r maj min < <(stat -c '%t %T' "$1") || return 1
	echo "$((16#$maj)):$((16#$min))"
}

# ---- the kind, the node, sysfs ----
veth_pair va vb tpeer || ktap_exit_fail_msg "veth setup failed"
pp ip link add link va name t0 type mvtap
t_kind() {
	local j
	j=$(ip -d -j link show t0) || return 1
	eq kind "$(jq -r '.[0].linkinfo.info_kind' <<<"$j")" mvtap &&
		eq txqlen "$(jq -r '.[0].txqlen' <<<"$j")" 500 &&
		eq driver "$(ethtool -i t0 | head -1)" "driver: mvtap" &&
		eq mode "$("$MV" show t0 --json | jq -r '.[0].mode')" vepa &&
		"$MV" set t0 --mode bridge &&
		eq "mode after set" "$("$MV" show t0 --json | jq -r '.[0].mode')" bridge
}
check "ip link add type mvtap: kind, tx_queue_len 500, ethtool driver, mode (vepa, then bridge)" t_kind
ip link set t0 up
t_qdisc() { ! tc qdisc show dev t0 | grep -q noqueue; }
check "a tap child has a queue (IFF_NO_QUEUE cleared)" t_qdisc

IDX=$(cat /sys/class/net/t0/ifindex)
t_node() {
	[ -c "/dev/tap$IDX" ] || { log "no /dev/tap$IDX"; return 1; }
	eq "sysfs dev" "$(cat "/sys/class/net/t0/tap$IDX/dev")" "$(node_devno "/dev/tap$IDX")"
}
check "/dev/tapN and /sys/class/net/t0/tapN/dev name one device" t_node

t_txqlen() {
	exec 3<>"/dev/tap$IDX" || return 1
	ip link set t0 txqueuelen 1000 && eq txqlen "$(cat /sys/class/net/t0/tx_queue_len)" 1000
	local rc=$?
	exec 3>&-
	return "$rc"
}
check "tx_queue_len changes while a reader is open (queues resized)" t_txqlen

t_netns() {
	local new
	# The index is taken there: the move renumbers the child.
	ip -n tmv link add tdum index "$IDX" type dummy || return 1
	ip link set t0 netns tmv || return 1
	[ ! -e "/dev/tap$IDX" ] || { log "/dev/tap$IDX left behind"; return 1; }
	new=$(ip netns exec tmv cat /sys/class/net/t0/ifindex) || return 1
	[ -c "/dev/tap$new" ] || { log "no /dev/tap$new after the move"; return 1; }
	eq "sysfs dev in tmv" "$(ip netns exec tmv cat "/sys/class/net/t0/tap$new/dev")" \
		"$(node_devno "/dev/tap$new")" || return 1
	[ "$new" != "$IDX" ] || { log "not renumbered"; return 1; }
	ip -n tmv link set t0 netns 1 || return 1
	IDX=$(cat /sys/class/net/t0/ifindex)
	ip -n tmv link del tdum
	[ ! -e "/dev/tap$new" ] && [ -c "/dev/tap$IDX" ] && [ -e "/sys/class/net/t0/tap$IDX/dev" ]
}
check "a namespace move and back: the node follows the ifindex, sysfs the device" t_netns

t_mvlanctl() {
	local j
	"$MV" create t1 --link va --tap --mode vepa || return 1
	j=$("$MV" show t1 --json) || return 1
	eq tap "$(jq -r '.[0].tap' <<<"$j")" true &&
		eq chardev "$(jq -r '.[0].tap_device' <<<"$j")" "$(tapdev t1)" &&
		"$MV" show t1 | grep -q "tap $(tapdev t1)" &&
		eq kind "$(ip -d -j link show t1 | jq -r '.[0].linkinfo.info_kind')" mvtap &&
		eq "va's other child" "$("$MV" show t0 --json | jq -r '.[0].tap')" true &&
		[ -c "$(tapdev t1)" ] && "$MV" delete t1
}
check "mvlanctl create --tap: a tap child, shown with its char device" t_mvlanctl

t_lower_gone() {
	local node
	node=$(tapdev t0)
	exec 3<>"$node" || return 1
	ip link del va
	local gone=0
	[ ! -e /sys/class/net/t0 ] && [ ! -e "$node" ] && gone=1
	exec 3>&-
	[ "$gone" = 1 ] && no_port va
}
check "lower unregistered with a file open: child, node and link go" t_lower_gone

t_rmmod_open() {
	veth_pair va vb tpeer || return 1
	ip link add link va name t0 type mvtap || return 1
	local node
	node=$(tapdev t0)
	exec 3<>"$node" || return 1
	if rmmod mvlan 2>/dev/null; then
		log "rmmod succeeded with $node open"
		exec 3>&-
		return 1
	fi
	[ -e /sys/class/net/t0 ] || { exec 3>&-; return 1; }
	exec 3>&-
	rmmod mvlan && [ ! -e "$node" ] && [ ! -e /sys/class/net/t0 ] && mvlan_load
}
check "rmmod with a file open is refused, and clean once it is closed" t_rmmod_open
ip link del va 2>/dev/null

# ---- differential against the in-tree macvtap ----
W=02:00:00:00:bb:01 T=02:00:00:00:aa:01 E=02:00:00:00:aa:02

# children IMPL MODE: a tap child dt and (but for passthru, which is alone)
# an Ethernet sibling de on dl, in namespace tsib.
children() {
	if [ "$1" = intree ]; then
		ip link add link dl name dt address $T type macvtap mode "$2" || return 1
		[ "$2" = passthru ] && return 0
		ip link add link dl name de address $E type macvlan mode "$2"
	else
		"$MV" create dt --link dl --tap --mode "$2" --mac $T >/dev/null || return 1
		[ "$2" = passthru ] && return 0
		"$MV" create de --link dl --mode "$2" --mac $E >/dev/null
	fi || return 1
	ip link set de netns tsib && ip -n tsib link set de up
}

# scenario IMPL MODE: what reaches the fd, what leaves it. No group nobody
# joined: both filter groups by a hash whose false positives differ (mvlan's
# is salted per child), and a guest filters again anyway.
scenario() {
	local in p0 e0=0 e1=0
	veth_pair dl dp tpeer || return 1
	children "$1" "$2" && ip link set dt up || return 1
	exec 3<>"$(tapdev dt)" || return 1
	ip netns exec tpeer "$TAPIO" send dp $T $W wire-to-tap
	ip netns exec tpeer "$TAPIO" send dp ff:ff:ff:ff:ff:ff $W wire-bcast
	ip netns exec tpeer "$TAPIO" send dp 01:00:5e:00:00:01 $W wire-allhosts
	ip netns exec tpeer "$TAPIO" send dp $E $W wire-to-eth
	ip netns exec tpeer "$TAPIO" send dp 02:00:00:00:aa:99 $W wire-to-none
	if [ "$2" != passthru ]; then
		ip netns exec tsib "$TAPIO" send de $T $E sib-to-tap
		ip netns exec tsib "$TAPIO" send de ff:ff:ff:ff:ff:ff $E sib-bcast
	fi
	# Last, through the broadcast queue after the others: when it is read,
	# everything sent before it has been delivered.
	ip netns exec tpeer "$TAPIO" send dp ff:ff:ff:ff:ff:ff $W wire-last
	in=$("$TAPIO" drain 3 wire-last | awk '{print $3}' | sort | xargs)
	p0=$(counter tpeer/dp rx_packets)
	[ "$2" != passthru ] && e0=$(counter tsib/de rx_packets)
	"$TAPIO" write 3 $E $T tap-to-eth
	"$TAPIO" write 3 ff:ff:ff:ff:ff:ff $T tap-bcast
	"$TAPIO" write 3 $W $T tap-to-wire
	[ "$2" != passthru ] && e1=$(counter tsib/de rx_packets)
	echo "in: $in; out: wire $(($(counter tpeer/dp rx_packets) - p0)) sibling $((e1 - e0))"
	exec 3>&-
}

# The in-tree macvtap: loaded, built in (the debug kernel), or on demand.
ondemand_macvtap() {
	local path
	[ -d /sys/class/macvtap ] && return 0	# its class: loaded or built in
	path=$(grep -m1 '/macvtap\.ko' /etc/modules.ondemand | cut -d' ' -f1)
	[ -n "$path" ] && insmod "$path"
}

if ondemand_macvtap; then
	for mode in bridge vepa passthru; do
		ref=$(scenario intree "$mode")
		ip link del dl
		log "in-tree macvtap, $mode: $ref"
		got=$(scenario mvlan "$mode")
		ip link del dl
		log "mvtap, $mode: $got"
		t_same() {
			[ -n "$ref" ] && eq "$mode" "$got" "$ref" &&
				grep -q 'in: .*wire-to-tap' <<<"$got" &&
				{ [ "$mode" = passthru ] || ! grep -Eq 'wire-to-(eth|none)' <<<"$got"; }
		}
		check "$mode: the same frames reach and leave the fd as with the in-tree macvtap" t_same
	done
	t_compat_refused() {
		mvlan_unload || return 1
		if insmod "$MVLAN_KO" macvlan_compat=1 2>/dev/null; then
			log "macvlan_compat=1 loaded beside the in-tree macvtap"
			return 1
		fi
		! grep -q '^mvlan ' /proc/modules &&
			dmesg | grep -q 'macvlan_compat=1: the link kind "macvlan" is taken'
	}
	check "macvlan_compat=1 is refused, with a message, while the in-tree macvtap is loaded" \
		t_compat_refused
	if grep -q '^macvtap ' /proc/modules; then rmmod macvtap; fi
else
	ktap_test_skip "the in-tree macvtap module is not in the image"
fi

# ---- the drop-in kind macvtap (macvlan_compat=1) ----
t_macvtap_kind() {
	local j idx
	veth_pair va vb tpeer &&
		ip link add link va name mt0 type macvtap mode bridge || return 1
	j=$(ip -d -j link show mt0) || return 1
	idx=$(jq -r '.[0].ifindex' <<<"$j")
	eq kind "$(jq -r '.[0].linkinfo.info_kind' <<<"$j")" macvtap &&
		eq mode "$(jq -r '.[0].linkinfo.info_data.mode' <<<"$j")" bridge &&
		eq driver "$(ethtool -i mt0 | head -1)" "driver: macvtap" &&
		eq tap "$("$MV" show mt0 --json | jq -r '.[0].tap')" true &&
		[ -c "/dev/tap$idx" ] && [ -e "/sys/class/net/mt0/tap$idx/dev" ] &&
		ip link del va && [ ! -e "/dev/tap$idx" ]
}
if compat_load; then
	check "macvlan_compat=1: ip link add ... type macvtap mode bridge makes an mvlan tap child" \
		t_macvtap_kind
	ip link del va 2>/dev/null
	compat_unload
else
	ktap_test_skip "macvlan_compat=1 cannot load here"
fi
mvlan_load

cleanup_ns
no_ipv6_undo
finish
