#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# The drop-in contract with a real client: systemd-networkd (Debian 252),
# started by hand in its own namespace, creates two Kind=macvlan netdevs on a
# veth from .netdev/.network files: mvbr (Mode=bridge, a static address) and
# mvsrc (Mode=source, SourceMACAddress=, BroadcastMulticastQueueLength=).
# The same scenario runs twice in one boot: against the in-tree macvlan
# (loaded at boot), then against mvlan loaded with macvlan_compat=1
# (compat_load), which must give the same results; on mvlan, `mvlanctl show
# --json` must also list what networkd created.
#
#   ns ndn (networkd's): nd0 (veth) <-----> ndp0 (ns ndp) 10.62.0.254
#                        +- mvbr  bridge 10.62.0.1/24, MAC 02:62:00:00:01:01
#                        +- mvsrc source, 02:62:00:00:0a:01 02:62:00:00:0a:02,
#                                 bcqueuelen 2000
# networkd sees /sys read-only (as in a container) so it does not wait for
# udev; it runs as systemd-network with its state in /run/systemd/netif.
source ./clientlib.sh

mvlan_test_begin

NETWORKD=${NETWORKD:-/lib/systemd/systemd-networkd}
WAIT_ONLINE=${WAIT_ONLINE:-/lib/systemd/systemd-networkd-wait-online}
CONF_DIR=/etc/systemd/network
NETIF=/run/systemd/netif
PEER=10.62.0.254
BR_MAC=02:62:00:00:01:01
SRC_MACS="02:62:00:00:0a:01 02:62:00:00:0a:02"
ND_LOG=/tmp/networkd.log
ND_PID=''

networkd_stop() {
	[ -n "$ND_PID" ] || return 0
	kill "$ND_PID" 2>/dev/null
	wait "$ND_PID"
	local rc=$?
	ND_PID=''
	return $rc
}

cleanup() {
	networkd_stop
	cleanup_ns
	ip link del dprobe
	rm -f "$CONF_DIR"/50-mvlan-*
	rmdir -p "$CONF_DIR"
	rm -rf /run/systemd
	compat_unload
} >/dev/null 2>&1
trap cleanup EXIT

write_configs() {
	mkdir -p "$CONF_DIR"
	cat >"$CONF_DIR/50-mvlan-br.netdev" <<-EOF
		[NetDev]
		Name=mvbr
		Kind=macvlan
		MACAddress=$BR_MAC

		[MACVLAN]
		Mode=bridge
	EOF
	cat >"$CONF_DIR/50-mvlan-src.netdev" <<-EOF
		[NetDev]
		Name=mvsrc
		Kind=macvlan
		MACAddress=02:62:00:00:02:01

		[MACVLAN]
		Mode=source
		SourceMACAddress=$SRC_MACS
		BroadcastMulticastQueueLength=2000
	EOF
	cat >"$CONF_DIR/50-mvlan-lower.network" <<-EOF
		[Match]
		Name=nd0

		[Network]
		MACVLAN=mvbr
		MACVLAN=mvsrc
		LinkLocalAddressing=no
		IPv6AcceptRA=no
	EOF
	cat >"$CONF_DIR/50-mvlan-br.network" <<-EOF
		[Match]
		Name=mvbr

		[Network]
		Address=10.62.0.1/24
		LinkLocalAddressing=no
		IPv6AcceptRA=no
	EOF
	cat >"$CONF_DIR/50-mvlan-src.network" <<-EOF
		[Match]
		Name=mvsrc

		[Network]
		LinkLocalAddressing=no
		IPv6AcceptRA=no
	EOF
}

# networkd_start: networkd in namespace ndn (`ip netns exec` gives it a
# private mount namespace, where /sys is made read-only), fresh state.
networkd_start() {
	rm -rf "$NETIF"
	mkdir -p "$NETIF"/links "$NETIF"/leases "$NETIF"/lldp || return 1
	chown -R systemd-network:systemd-network "$NETIF" || return 1
	: >"$ND_LOG"
	SYSTEMD_LOG_TARGET=console SYSTEMD_LOG_LEVEL=debug \
		ip netns exec ndn sh -c "mount -o remount,ro /sys && exec $NETWORKD" >"$ND_LOG" 2>&1 &
	ND_PID=$!
	# running, and past start-up: it saved the lower's state
	local idx
	idx=$(sysfs -n ndn nd0 ifindex) || return 1
	if ! wait_for 30 test -e "$NETIF/links/$idx" || ! kill -0 "$ND_PID"; then
		nd_log_tail
		return 1
	fi
}

nd_log_tail() {
	log "networkd log (last 40 lines):"
	tail -n 40 "$ND_LOG" | while IFS= read -r l; do log "  $l"; done
}

# --- the scenario, one function per assertion --------------------------------

t_online() {
	ip netns exec ndn "$WAIT_ONLINE" -i mvbr:routable -i mvsrc:carrier --timeout=60 ||
		{ nd_log_tail; return 1; }
}

# sorted WORDS: the words in order (the kernel lists source MACs in hash order).
sorted() {
	local -a w
	read -ra w <<<"$1"
	printf '%s\n' "${w[@]}" | sort | tr '\n' ' '
}

link_json() { ip -n ndn -d -j link show "$1" 2>/dev/null; }

t_br() {
	local j
	j=$(link_json mvbr) || { log "mvbr missing"; return 1; }
	log "$j"
	eq "kind" "$(jv info_kind "$j")" macvlan && eq "mode" "$(jv mode "$j")" bridge &&
		eq "lower" "$(jv link "$j")" nd0 && eq "MAC" "$(jv address "$j")" "$BR_MAC"
}

t_br_addr() { [[ " $(ip -n ndn -br addr show dev mvbr) " == *" 10.62.0.1/24 "* ]]; }

t_src() {
	local j
	j=$(link_json mvsrc) || { log "mvsrc missing"; return 1; }
	log "$j"
	eq "kind" "$(jv info_kind "$j")" macvlan && eq "mode" "$(jv mode "$j")" source &&
		eq "lower" "$(jv link "$j")" nd0 && eq "macaddr_count" "$(jv macaddr_count "$j")" 2 &&
		eq "macaddr_data" "$(sorted "$(jarr macaddr_data "$j")")" "$(sorted "$SRC_MACS")"
}

t_src_bcq() {
	local j
	j=$(link_json mvsrc) || return 1
	eq "bcqueuelen" "$(jv bcqueuelen "$j")" 2000 &&
		eq "usedbcqueuelen" "$(jv usedbcqueuelen "$j")" 2000 &&
		eq "mvbr usedbcqueuelen" "$(jv usedbcqueuelen "$(link_json mvbr)")" 2000
}

# t_traffic: mvbr pings the peer, and the echo went through mvbr.
t_traffic() {
	local tx rx
	tx=$(counter ndn/mvbr tx_packets) rx=$(counter ndn/mvbr rx_packets)
	wait_for 10 ping_ok ndn "$PEER" || return 1
	delta_ok "mvbr tx" "$(($(counter ndn/mvbr tx_packets) - tx))" 1 100 &&
		delta_ok "mvbr rx" "$(($(counter ndn/mvbr rx_packets) - rx))" 1 100
}

t_tool() {
	mv_is -n ndn mvbr mode bridge && mv_is -n ndn mvbr mac "$BR_MAC" &&
		mv_is -n ndn mvsrc mode source && mv_is -n ndn mvsrc source_count 2 &&
		mv_is -n ndn mvsrc bc_queue_len 2000 &&
		eq "source_macs" "$(sorted "$(jarr source_macs "$(mv_json -n ndn mvsrc)")")" \
			"$(sorted "$SRC_MACS")"
}

t_stop() {
	networkd_stop || { log "networkd exited with an error"; return 1; }
}

scenario() {
	setup_ns ndn ndp
	if ! ip -n ndn link add nd0 type veth peer name ndp0 netns ndp ||
		! ip -n ndp link set ndp0 up || ! ip -n ndp addr add "$PEER/24" dev ndp0; then
		ktap_exit_fail_msg "veth setup failed"
	fi
	c "systemd-networkd starts in ndn" networkd_start
	c "networkd brings mvbr online (routable) and mvsrc up (wait-online)" t_online
	c "mvbr: kind macvlan, mode bridge, on nd0, MACAddress= applied" t_br
	c "mvbr has Address=10.62.0.1/24" t_br_addr
	c "mvsrc: kind macvlan, mode source, on nd0, both SourceMACAddress= entries" t_src
	c "mvsrc: BroadcastMulticastQueueLength=2000 requested and used by the port" t_src_bcq
	c "traffic flows: mvbr pings the peer through nd0" t_traffic
	if [ "$DRV" = mvlan ]; then
		c "mvlanctl show --json lists mvbr and mvsrc as networkd made them" t_tool
	fi
	c "networkd stops cleanly on SIGTERM" t_stop
	networkd_stop
	ip -n ndn link del mvbr 2>/dev/null
	ip -n ndn link del mvsrc 2>/dev/null
	ip -n ndn link del nd0 2>/dev/null
	cleanup_ns
	rm -rf "$NETIF"
}

if [ ! -x "$NETWORKD" ] || [ ! -x "$WAIT_ONLINE" ]; then
	ktap_exit_fail_msg "no $NETWORKD or $WAIT_ONLINE"
fi
write_configs

run_halves scenario
# nd_gone: no process named systemd-networkd (comm is cut to 15 characters).
nd_gone() {
	local f comm
	for f in /proc/[0-9]*/comm; do
		read -r comm 2>/dev/null <"$f" || continue
		[ "$comm" = systemd-network ] && { log "left: ${f%/comm}"; return 1; }
	done
	return 0
}
check "no networkd process left" nd_gone
log "elapsed ${SECONDS}s"
finish
