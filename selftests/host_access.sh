#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# Host access (mvlanctl port set LOWER --host-access on|off): the lower's own
# stack and its bridge-mode children reach each other directly.
#
#   namespace host: hv0 10.7.0.1/24 fc00:7::1/64 (the lower), ov0 10.8.0.1/24
#   here:           hv1, hv0's veth peer: the wire, where a tap counts frames
#   children of hv0: b1 bridge 10.7.0.11 (nb1), b2 bridge DHCP client (nb2),
#                    b3 bridge 10.7.0.13 (nb3, counted), v1 vepa 10.7.0.21 (nv1),
#                    p1 private 10.7.0.22 (np1); child of ov0: o1 bridge 10.8.0.11 (no1)
#
# Off (the default, macvlan's behaviour): no ping or TCP between the host and
# b1 either way, and the frames go to the wire. On: ping both ways over IPv4
# and IPv6 (ARP and neighbour discovery through the port), TCP both ways, and
# the wire sees none of those frames; dnsmasq on hv0 leases b2 an address and
# answers its DNS query; vepa, private and another lower's children are not
# affected; every UDP frame the host sends to b3 while the option flips is
# received by b3 or seen on the wire; it survives a lower flap, a MAC change
# and a move of the lower to another namespace; rmmod with it on is clean and
# leaves the lower's transmit path as it was.
source ./lib.sh

mvlan_test_begin

TRAFFIC=$PWD/traffic.bin
NET=10.7.0 NET6=fc00:7:
HMAC=02:00:00:07:00:01 HMAC2=02:00:00:07:00:02
B1=02:00:00:07:00:11 B2=02:00:00:07:00:12 B3=02:00:00:07:00:13
V1=02:00:00:07:00:21 P1=02:00:00:07:00:22
TMP=/tmp/host_access.$$

MON_PID='' DNS_PID=''

cleanup() {
	local pid
	for pid in $MON_PID $DNS_PID; do kill "$pid"; done
	cleanup_ns
	ip link del hv1
	ip link del ov1
	rm -rf "$TMP"
	no_ipv6_undo
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT
mkdir -p "$TMP"

hx() { ip netns exec host "$@"; }
mvh() { "$MV" -n host "$@"; }
# pings NS ADDR [COUNT]: COUNT (default 1) echo replies, bounded.
pings() { ip netns exec "$1" ping -q -c "${3:-1}" -i 0.1 -W 2 -w 5 "$2" >/dev/null 2>&1; }
no_ping() { ! ip netns exec "$1" ping -q -c 1 -W 1 -w 1 "$2" >/dev/null 2>&1; }
flush_neigh() { local ns; for ns in "$@"; do ip -n "$ns" neigh flush all; done; }
# Frames the host sends to b3 (UDP, in batches) while the option flips.
flip() {
	local i
	for i in 1 2 3 4 5 6; do
		mvh port set hv0 --host-access off && mvh port set hv0 --host-access on || return 1
	done
}
toggled() {
	local f
	flip &
	f=$!
	: >"$TMP/udp"
	while kill -0 $f 2>/dev/null; do
		hx "$TRAFFIC" udp $NET.13 9 100 >>"$TMP/udp" || break
	done
	wait $f
}
# tcp FROM_NS TO_NS ADDR: 200 kB over TCP, checked byte by byte by the server.
tcp() {
	local srv
	ip netns exec "$2" "$TRAFFIC" serve 5001 >"$TMP/srv" 2>&1 & srv=$!
	serving "$TMP/srv" || { kill $srv; return 1; }
	if ! ip netns exec "$1" timeout 20 "$TRAFFIC" send "$3" 5001 200000; then
		kill $srv 2>/dev/null
		wait $srv
		return 1
	fi
	wait $srv
}
no_tcp() {
	local srv
	ip netns exec "$2" "$TRAFFIC" serve 5001 >"$TMP/srv" 2>&1 & srv=$!
	serving "$TMP/srv"
	! ip netns exec "$1" timeout 3 "$TRAFFIC" send "$3" 5001 1000 2>/dev/null
	local rc=$?
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	return $rc
}
export TRAFFIC TMP MV NET
FUNCS=$(declare -f log nap wait_for serving hx mvh pings no_ping tcp flip toggled)
# wire MAC FUNCTION ARGS...: run FUNCTION ARGS; print how many frames to MAC
# reached the wire (hv1) meanwhile; its status is the function's.
wire() {
	local mac=$1 out rc
	shift
	out=$("$TRAFFIC" tap hv1 "$mac" -- bash -c "$FUNCS; $*")
	rc=$?
	[[ $out == *$'\n'* ]] && log "${out%$'\n'*}"	# the function's own lines
	echo "${out##*$'\n'}" >"$TMP/seen"
	return $rc
}
seen() { cat "$TMP/seen"; }
host_access_is() { eq "host_access" "$(port_get -n "${2:-host}" hv0 host_access)" "$1"; }

# --- topology ------------------------------------------------------------------
setup_ns host nb1 nb2 nb3 nv1 np1 no1
# b3 is counted: no IPv6 there (nor here, on the wire's side) to add frames.
no_ipv6 nb3
if ! veth_pair hv1 hv0 host || ! veth_pair ov1 ov0 host; then
	ktap_exit_fail_msg "cannot create the veth pairs"
fi
hx ip -batch - <<EOF || ktap_exit_fail_msg "cannot address the lowers"
link set hv0 address $HMAC
addr add $NET.1/24 dev hv0
addr add ${NET6}:1/64 dev hv0 nodad
addr add 10.8.0.1/24 dev ov0
EOF

# The monitor is listening before the first child: its "new" events say so.
ip netns exec host "$MV" monitor --json >"$TMP/mon" 2>"$TMP/mon.err" &
MON_PID=$!
child() { # NAME MAC MODE NS LOWER
	mvh create "$1" --link "$5" --mode "$3" --mac "$2" --netns "$4" >/dev/null
}
for _ in 1 2 3 4 5 6 7 8 9 10; do
	child b1 $B1 bridge nb1 hv0 || break
	wait_for 1 grep -q '"name":"b1"' "$TMP/mon" && break
	ip -n nb1 link del b1
done
if ! child b2 $B2 bridge nb2 hv0 || ! child b3 $B3 bridge nb3 hv0 ||
	! child v1 $V1 vepa nv1 hv0 || ! child p1 $P1 private np1 hv0 ||
	! child o1 02:00:00:08:00:11 bridge no1 ov0; then
	ktap_exit_fail_msg "cannot create the children"
fi
addr() { # NS DEV ADDR [ADDR6]
	ip -n "$1" addr add "$3/24" dev "$2" &&
		{ [ -z "${4:-}" ] || ip -n "$1" addr add "$4/64" dev "$2" nodad; } &&
		ip -n "$1" link set "$2" up
}
if ! addr nb1 b1 $NET.11 ${NET6}:11 || ! addr nb3 b3 $NET.13 || ! addr nv1 v1 $NET.21 ||
	! addr np1 p1 $NET.22 || ! addr no1 o1 10.8.0.11 || ! ip -n nb2 link set b2 up; then
	ktap_exit_fail_msg "cannot address the children"
fi

# A kernel without netfilter egress hooks refuses the option with words.
if ! err=$(mvh port set ov0 --host-access on 2>&1); then
	[[ $err == *CONFIG_NETFILTER_EGRESS* ]] || ktap_exit_fail_msg "port set ov0: $err"
	ktap_skip_all "$err"
	exit "$KSFT_SKIP"
fi
mvh port set ov0 --host-access off

# --- off: today's behaviour ------------------------------------------------------
check "off by default: port show reports host_access false" host_access_is false
check "off: the host cannot ping b1 (IPv4)" no_ping host $NET.11
check "off: b1 cannot ping the host (IPv4)" no_ping nb1 $NET.1
check "off: the host cannot ping b1 (IPv6)" no_ping host ${NET6}:11
check "off: b1 cannot ping the host (IPv6)" no_ping nb1 ${NET6}:1
check "off: no TCP from the host to b1" no_tcp host nb1 $NET.11
# With the neighbours given, the frames leave: on the wire, where nobody answers.
hx ip neigh replace $NET.11 lladdr $B1 dev hv0
ip -n nb1 neigh replace $NET.1 lladdr $HMAC dev b1
wire $B1 no_ping host $NET.11
check "off: the host's ping to b1 went to the wire ($(seen) frames)" test "$(seen)" -ge 1
wire $HMAC no_ping nb1 $NET.1
check "off: b1's ping to the host went to the wire ($(seen) frames)" test "$(seen)" -ge 1
hx ip neigh del $NET.11 dev hv0
ip -n nb1 neigh del $NET.1 dev b1
flush_neigh host nb1

# --- refusals --------------------------------------------------------------------
refused "port set on a device that carries no child: refused with words" \
	"lo is not the lower of any mvlan device" "" "$MV" -n host port set lo --host-access on
WANT_RC=2 refused "port set without a setting: a usage error" \
	"nothing to change" "" "$MV" -n host port set hv0
hx ip link add pd0 type dummy
mvh create pt0 --link pd0 --mode passthru >/dev/null
refused "port set --host-access on where a passthru child owns the MAC: refused with words" \
	"pd0 has a passthru child" "" "$MV" -n host port set pd0 --host-access on
hx ip link del pd0

# --- on --------------------------------------------------------------------------
check "port set hv0 --host-access on" mvh port set hv0 --host-access on
check "port show reports host_access true" host_access_is true
check "monitor: a port-change event with host_access true" \
	wait_for 5 grep -q '"event":"port-change","lower":"hv0".*"host_access":true' "$TMP/mon"
check "on: the host pings b1 (IPv4, ARP through the port)" pings host $NET.11
flush_neigh host nb1
check "on: b1 pings the host (IPv4, ARP through the port)" pings nb1 $NET.1
check "on: the host pings b1 (IPv6, neighbour discovery)" pings host ${NET6}:11
flush_neigh host nb1
check "on: b1 pings the host (IPv6, neighbour discovery)" pings nb1 ${NET6}:1
check "on: 5 pings host -> b1" wire $B1 pings host $NET.11 5
check "on: none of the frames to b1 on the wire" eq "frames to b1" "$(seen)" 0
check "on: 5 pings b1 -> host" wire $HMAC pings nb1 $NET.1 5
check "on: none of the frames to the host on the wire" eq "frames to the host" "$(seen)" 0
check "on: TCP host -> b1, 200 kB intact" wire $B1 tcp host nb1 $NET.11
check "on: none of its frames to b1 on the wire" eq "frames to b1" "$(seen)" 0
check "on: TCP b1 -> host, 200 kB intact" wire $HMAC tcp nb1 host $NET.1
check "on: none of its frames to the host on the wire" eq "frames to the host" "$(seen)" 0

# --- a real service on the host --------------------------------------------------
hx dnsmasq --keep-in-foreground --conf-file=/dev/null --user=root --pid-file="$TMP/dnsmasq.pid" \
	--interface=hv0 --bind-interfaces --except-interface=lo --no-resolv --no-hosts \
	--dhcp-range=$NET.100,$NET.150,255.255.255.0,2m --dhcp-leasefile="$TMP/leases" \
	--dhcp-option=option:dns-server,$NET.1 --address=/svc.test/$NET.77 \
	--log-facility="$TMP/dnsmasq.log" &
DNS_PID=$!
cat >"$TMP/udhcpc.sh" <<'EOF'
#!/bin/sh
[ "$1" = bound ] || exit 0
ip addr add "$ip/${mask:-24}" dev "$interface" && echo "$ip $dns" >"$(dirname "$0")/lease"
EOF
chmod +x "$TMP/udhcpc.sh"
dhcp() {
	ip netns exec nb2 udhcpc -i b2 -n -q -t 4 -T 2 -s "$TMP/udhcpc.sh" >"$TMP/udhcpc.log" 2>&1 &&
		grep -Eq "^$NET\.1[0-5][0-9] $NET.1\$" "$TMP/lease" && return 0
	log "udhcpc: $(cat "$TMP/udhcpc.log" "$TMP/lease" 2>/dev/null)"
	log "dnsmasq: $(tail -5 "$TMP/dnsmasq.log" 2>/dev/null)"
	return 1
}
resolve() {
	local out
	out=$(ip netns exec nb2 nslookup -type=a svc.test $NET.1 2>&1)
	[[ $out == *svc.test*"Address: $NET.77"* ]] && return 0
	log "nslookup: $out"
	return 1
}
check "dnsmasq on hv0 leases b2 (udhcpc) an address, with itself as DNS server" dhcp
check "b2 resolves svc.test through dnsmasq on the host" resolve
kill $DNS_PID
wait $DNS_PID 2>/dev/null
DNS_PID=

# --- other modes, other lowers -----------------------------------------------------
check "on: vepa v1 and the host still cannot reach each other" \
	eval "no_ping host $NET.21 && no_ping nv1 $NET.1"
check "on: private p1 and the host still cannot reach each other" \
	eval "no_ping host $NET.22 && no_ping np1 $NET.1"
check "on for hv0 only: the host cannot ping ov0's bridge child o1" no_ping host 10.8.0.11
check "ov0's port still reports host_access false" \
	eq host_access "$(port_get -n host ov0 host_access)" false
check "port set ov0 --host-access on" mvh port set ov0 --host-access on
hx ip link del ov0
check "deleting a lower with host access on deletes its child and its port" \
	eval "! dev_exists -n no1 o1 && no_port -n host ov0"

# --- toggling under traffic ----------------------------------------------------------
# Every frame the host sends to b3 while the option flips is received by b3 or
# seen on the wire, or counted as lost on its way.
# Neighbours given both ways: b3 receives nothing but the datagrams (an ARP
# reply to its ICMP errors would be one more unicast frame).
hx ip neigh replace $NET.13 lladdr $B3 dev hv0 nud permanent
ip -n nb3 neigh replace $NET.1 lladdr $HMAC dev b3 nud permanent
b3() { ip netns exec nb3 cat "/sys/class/net/b3/statistics/$1"; }
hv0_tx_dropped() { hx cat /sys/class/net/hv0/statistics/tx_dropped; }
rx0=$(b3 rx_packets) mc0=$(b3 multicast) dr0=$(b3 rx_dropped) td0=$(hv0_tx_dropped)
check "12 flips while the host sends UDP to b3 in batches of 100" wire $B3 toggled
seen=$(seen)
rx=$(($(b3 rx_packets) - rx0 - ($(b3 multicast) - mc0)))
lost=$(($(b3 rx_dropped) - dr0 + $(hv0_tx_dropped) - td0))
sent=$(awk '{ n += $2 } END { print n + 0 }' "$TMP/udp")
unsent=$(awk '{ n += $4 + $6 } END { print n + 0 }' "$TMP/udp")
log "udp: $(grep -c . "$TMP/udp") batches, $sent sent, $unsent refused; b3 received $rx, the wire saw $seen, lost $lost"
check "toggling: every datagram was sent" eq refused "$unsent" 0
check "toggling: received by b3 ($rx) + on the wire ($seen) + counted lost ($lost) = sent ($sent)" \
	eq "accounted" "$((rx + seen + lost))" "$sent"
check "toggling: both ways were taken" test "$rx" -gt 0 -a "$seen" -gt 0
check "toggling ends with host_access true" host_access_is true
check "monitor: one port-change event per change of hv0 (1 + 12)" \
	eq events "$(grep -c '"event":"port-change","lower":"hv0"' "$TMP/mon")" 13

# --- lower events ------------------------------------------------------------------
hx ip link set hv0 down
hx ip link set hv0 up
flush_neigh host nb1
check "lower down and up: the host pings b1" pings host $NET.11
check "lower down and up: b1 pings the host" pings nb1 $NET.1
hx ip link set hv0 address $HMAC2
flush_neigh host nb1
check "lower MAC change: the host pings b1" pings host $NET.11
check "lower MAC change: b1 pings the host at its new MAC" wire $HMAC2 pings nb1 $NET.1 3
check "lower MAC change: none of those frames on the wire" eq "frames to the host" "$(seen)" 0
setup_ns host2
ip -n host link set hv0 netns host2
ip -n host2 addr add $NET.1/24 dev hv0
ip -n host2 link set hv0 up
check "lower moved to another namespace: port show there reports host_access true" \
	host_access_is true host2
check "lower moved: the host's stack there pings b1" wire $B1 pings host2 $NET.11 3
check "lower moved: none of the frames to b1 on the wire" eq "frames to b1" "$(seen)" 0

# --- unload with the option on ---------------------------------------------------------
kill "$MON_PID"
wait "$MON_PID" 2>/dev/null
MON_PID=
check "rmmod mvlan with host access on" rmmod mvlan
check "the module is gone" test -z "$(mod_refcnt)"
ip -n host2 neigh replace $NET.11 lladdr $B1 dev hv0
wire $B1 no_ping host2 $NET.11
check "after rmmod the lower's unicast to b1's old MAC goes to the wire again ($(seen))" \
	test "$(seen)" -ge 1

finish
