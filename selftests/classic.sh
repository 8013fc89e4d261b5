#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# The classic macvlan experiments of the tutorials, with mvlan:
#  - two bridge-mode children of eth0 in namespaces ns1 (192.168.56.122/24)
#    and ns2 (.123) ping each other;
#  - pinging one's own address fails while lo is down in the namespace and
#    works once lo is up;
#  - the host (eth0, 192.168.56.110) cannot reach its own children, nor they
#    the host (the well-known limitation: eth0 has no reflecting switch),
#    until the port's host access is on;
#  - the default mode is vepa: two default children cannot ping each other
#    without a hairpin switch, but can through one (a veth lower whose peer
#    is a hairpin bridge port);
#  - private children cannot reach each other even through a hairpin switch
#    (their ARP broadcasts are dropped).
source ./difflib.sh

NET=192.168.56
# rt_ok NS ADDR: one ARP + ping round trip (busybox ping, bounded).
rt_ok() { nsx "$1" "${PING[@]}" -c 1 -W 2 -q "$2" >/dev/null 2>&1; }
rt_fails() { ! rt_ok "$@"; }
mvc() { "$MVLANCTL" "$@"; }

diff_init
dns_add ns1 ns2 hsw

# two children of LOWER in ns1/ns2 with the classic addresses; MODE "" = default
pair() {
	local lower=$1 mode=$2
	local -a m=()
	[ -n "$mode" ] && m=(--mode "$mode")
	mvc create mv1 --link "$lower" "${m[@]}" && mvc create mv2 --link "$lower" "${m[@]}" &&
		ip link set mv1 netns ns1 && ip link set mv2 netns ns2 &&
		ip -n ns1 addr add "$NET.122/24" dev mv1 && ip -n ns1 link set mv1 up &&
		ip -n ns2 addr add "$NET.123/24" dev mv2 && ip -n ns2 link set mv2 up
}
unpair() {
	ip -n ns1 link del mv1 2>/dev/null || nsx ns1 "$MVLANCTL" delete mv1
	ip -n ns2 link del mv2 2>/dev/null || nsx ns2 "$MVLANCTL" delete mv2
}

ip link set eth0 up
ip addr add "$NET.110/24" dev eth0
check "bridge mode: create mv1, mv2 on eth0 in ns1, ns2" pair eth0 bridge
check "bridge mode: ns1 (.122) pings ns2 (.123)" rt_ok ns1 "$NET.123"
check "bridge mode: ns2 (.123) pings ns1 (.122)" rt_ok ns2 "$NET.122"
ip -n ns1 link set lo down
check "lo down: ns1 cannot ping its own address" rt_fails ns1 "$NET.122"
ip -n ns1 link set lo up
check "lo up: ns1 pings its own address" rt_ok ns1 "$NET.122"
check "host (eth0 .110) cannot reach its bridge-mode child" rt_fails root "$NET.122"
check "bridge-mode child cannot reach the host (eth0 .110)" rt_fails ns1 "$NET.110"
check "mvlanctl port set eth0 --host-access on" mvc port set eth0 --host-access on
check "host access: the host (eth0 .110) reaches its bridge-mode child" rt_ok root "$NET.122"
check "host access: the bridge-mode child reaches the host (eth0 .110)" rt_ok ns1 "$NET.110"
unpair

check "default mode: create mv1, mv2 on eth0 without --mode" pair eth0 ""
shows_vepa() {
	local out
	out=$(mvc show --json) || return 1
	log "mvlanctl show --json: $out"
	grep -Eq '"name": *"mv1"[^}]*"mode": *"vepa"' <<<"$out"
}
check "default mode: mvlanctl show --json reports vepa" shows_vepa
check "vepa without a hairpin switch: ns1 cannot ping ns2" rt_fails ns1 "$NET.123"
unpair

# a veth lower whose peer is a hairpin port of a bridge (VEPA reflective relay)
ip link add hl0 type veth peer name hp0 netns hsw
ip -n hsw -batch - <<EOF
link add br0 type bridge
link set hp0 master br0
link set hp0 type bridge_slave hairpin on
link set hp0 up
link set br0 up
EOF
ip link set hl0 up
check "vepa with a hairpin switch: create the default pair on hl0" pair hl0 ""
check "vepa with a hairpin switch: ns1 pings ns2" rt_ok ns1 "$NET.123"
unpair
check "private: create mv1, mv2 on hl0" pair hl0 private
check "private with a hairpin switch: ns1 cannot ping ns2 (ARP dropped)" rt_fails ns1 "$NET.123"
unpair

ip link del hl0
ip addr del "$NET.110/24" dev eth0
dns_cleanup
mvlan_unload
finish
