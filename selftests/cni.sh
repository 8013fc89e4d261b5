#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck source-path=SCRIPTDIR
#
# The drop-in contract with a real client: Debian's CNI macvlan plugin
# (containernetworking-plugins 1.1.1, /usr/lib/cni/macvlan, IPAM "static"),
# run by hand the way a container runtime runs it. The same scenario runs
# twice in one boot: against the in-tree macvlan (loaded at boot), then
# against mvlan loaded with macvlan_compat=1 (compat_load), which must give
# the same results; on mvlan, `mvlanctl show --json` must also list what the
# plugin created.
#
#   root ns: cl0 (veth, the plugin's "master") <---> cl1 (ns cnp) 10.61.0.254
#   ns cnc (the container): net1 10.61.0.2 (bridge), then
#                           net2 10.61.0.3 (vepa, "mac" and "mtu" set)
source ./clientlib.sh

mvlan_test_begin

CNI_DIR=${CNI_DIR:-/usr/lib/cni}
PEER=10.61.0.254
MAC2=02:61:00:00:00:03

cleanup() {
	cleanup_ns
	ip link del cl0
	ip link del dprobe
	rm -f /tmp/cni.err
	compat_unload
} >/dev/null 2>&1
trap cleanup EXIT

# conf MODE ADDRESS [EXTRA]: the network configuration (EXTRA: more keys,
# each with a leading comma).
conf() {
	printf '{"cniVersion":"1.0.0","name":"mvlan-cni","type":"macvlan","master":"cl0","mode":"%s"%s,"ipam":{"type":"static","addresses":[{"address":"%s"}]}}' \
		"$1" "${3:-}" "$2"
}

# with_prev CONF RESULT: CONF with the ADD result as prevResult (for CHECK).
with_prev() { printf '%s,"prevResult":%s}' "${1%\}}" "$2"; }

# cni COMMAND IFNAME CONF: run the plugin for container cnc; stdout is its
# JSON answer (a result, or an error object), OUT keeps it for logging.
cni() {
	OUT=$(CNI_COMMAND=$1 CNI_CONTAINERID=mvlan-cni-$2 CNI_NETNS=/run/netns/cnc \
		CNI_IFNAME=$2 CNI_PATH=$CNI_DIR "$CNI_DIR/macvlan" <<<"$3" 2>/tmp/cni.err)
	local rc=$? line
	log "CNI $1 $2 -> rc $rc"
	while IFS= read -r line; do
		[ -n "$line" ] && log "  $line"
	done < <(printf '%s\n' "$OUT"; cat /tmp/cni.err)
	return $rc
}

# link_json IFNAME: `ip -d -j link show` of IFNAME in the container.
link_json() { ip -n cnc -d -j link show "$1" 2>/dev/null; }

# --- the scenario, one function per assertion --------------------------------

t_add() {
	local want_addr=$2
	cni ADD "$1" "$CONF" || return 1
	RES=$OUT
	eq "result interface" "$(jv name "$RES")" "$1" &&
		eq "result sandbox" "$(jv sandbox "$RES")" /run/netns/cnc &&
		eq "result address" "$(jv address "$RES")" "$want_addr"
}

# t_link IFNAME MODE: the interface is in the container, kind macvlan, in
# MODE, on the master cl0 (seen from the container: another namespace), with
# the MAC the result reported.
t_link() {
	local j
	j=$(link_json "$1") || { log "$1 not in cnc"; return 1; }
	log "$j"
	eq "kind" "$(jv info_kind "$j")" macvlan &&
		eq "mode" "$(jv mode "$j")" "$2" &&
		eq "lower ifindex" "$(jv link_index "$j")" "$(sysfs cl0 ifindex)" &&
		eq "MAC vs result" "$(jv address "$j")" "$(jv mac "$RES")" &&
		{ [[ " $(jarr flags "$j") " == *" UP "* ]] || { log "$1 is not up"; false; }; }
}

t_addr() { [[ " $(ip -n cnc -br addr show dev "$1") " == *" $2 "* ]]; }

t_check_ok() { cni CHECK "$1" "$(with_prev "$CONF" "$RES")"; }

t_check_fails() {
	if cni CHECK "$1" "$(with_prev "$CONF" "$RES")"; then
		log "CHECK passed on a changed mode"
		return 1
	fi
	[[ ${OUT,,} == *"mode private"*bridge* ]] || { log "the error does not name both modes"; return 1; }
}

t_set_private() {
	ip -n cnc link set "$1" type macvlan mode private &&
		eq "mode" "$(jv mode "$(link_json "$1")")" private
}

# t_mode_back IFNAME: bridge again, through mvlanctl on mvlan (the other
# control plane) and ip on the in-tree driver; CHECK must pass again.
t_mode_back() {
	if [ "$DRV" = mvlan ]; then
		ip netns exec cnc "$MV" set "$1" --mode bridge || return 1
	else
		ip -n cnc link set "$1" type macvlan mode bridge || return 1
	fi
	eq "mode" "$(jv mode "$(link_json "$1")")" bridge && t_check_ok "$1"
}

t_del() { cni DEL "$1" "$CONF" && ! dev_exists -n cnc "$1"; }

t_mac_mtu() {
	local j
	j=$(link_json "$1") || return 1
	eq "MAC" "$(jv address "$j")" "$MAC2" && eq "MTU" "$(jv mtu "$j")" 1400 &&
		eq "result MAC" "$(jv mac "$RES")" "$MAC2"
}

# t_tool IFNAME MODE MAC MTU: mvlanctl, in the container, sees the child the
# plugin made through rtnetlink, as it is.
t_tool() {
	mv_is -n cnc "$1" mode "$2" && mv_is -n cnc "$1" mac "$3" && mv_is -n cnc "$1" mtu "$4"
}

scenario() {
	setup_ns cnc cnp
	if ! ip link add cl0 mtu 1500 type veth peer name cl1 netns cnp ||
		! ip link set cl0 up || ! ip -n cnp link set cl1 up ||
		! ip -n cnp addr add "$PEER/24" dev cl1; then
		ktap_exit_fail_msg "veth setup failed"
	fi

	CONF=$(conf bridge 10.61.0.2/24)
	c "ADD returns a result with net1 and 10.61.0.2/24" t_add net1 10.61.0.2/24
	c "net1 is in the netns: kind macvlan, mode bridge, on cl0, up, result's MAC" t_link net1 bridge
	c "net1 has 10.61.0.2/24" t_addr net1 10.61.0.2/24
	c "net1 pings the peer behind the master" wait_for 10 ping_ok cnc "$PEER"
	if [ "$DRV" = mvlan ]; then
		c "mvlanctl show --json in the netns lists net1 (bridge, same MAC, MTU)" \
			t_tool net1 bridge "$(jv mac "$RES")" 1500
	fi
	c "CHECK with prevResult passes" t_check_ok net1
	c "ip link set net1 type macvlan mode private changes the mode" t_set_private net1
	c "CHECK fails on the changed mode" t_check_fails net1
	if [ "$DRV" = mvlan ]; then
		c "mvlanctl sees the mode set through rtnetlink (private)" mv_is -n cnc net1 mode private
	fi
	c "mode bridge again (mvlan: mvlanctl set, in-tree: ip): CHECK passes" t_mode_back net1
	c "DEL removes net1" t_del net1
	c "a second DEL succeeds too" cni DEL net1 "$CONF"

	CONF=$(conf vepa 10.61.0.3/24 ",\"mac\":\"$MAC2\",\"mtu\":1400")
	c "ADD with mac and mtu set" t_add net2 10.61.0.3/24
	c "net2 has the configured MAC and MTU 1400" t_mac_mtu net2
	c "net2 is kind macvlan, mode vepa" t_link net2 vepa
	c "net2 pings the peer" wait_for 10 ping_ok cnc "$PEER"
	if [ "$DRV" = mvlan ]; then
		c "mvlanctl show --json lists net2 (vepa, $MAC2, MTU 1400)" t_tool net2 vepa "$MAC2" 1400
	fi
	c "CHECK of net2 passes" t_check_ok net2
	c "DEL removes net2" t_del net2

	ip -n cnc link del net1 2>/dev/null
	ip -n cnc link del net2 2>/dev/null
	ip link del cl0
	cleanup_ns
}

if [ ! -x "$CNI_DIR/macvlan" ] || [ ! -x "$CNI_DIR/static" ]; then
	ktap_exit_fail_msg "no CNI plugins in $CNI_DIR"
fi

run_halves scenario
log "elapsed ${SECONDS}s"
finish
