#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 11 (d): a create whose register_netdevice() fails after ndo_init
# must free the net_device. The failure is deterministic: a device named
# "default" passes every name check, runs ndo_init and is then vetoed by
# the IPv4 NETDEV_REGISTER notifier (the sysctl directory
# net/ipv4/conf/default is taken: sysctl_dev_name_is_allowed()), after which
# register_netdevice() has already unregistered it and leaves the free to
# the caller. In-tree macvlan, through rtnetlink, frees it.
#
# The leak is measured as kmalloc memory in use after N failed creates
# (every kmalloc cache shrunk first, so the figures are exact), against the
# same N with in-tree macvlan; each leaked net_device is 4 KiB or more. On
# the kmemleak kernel (make check-debug) the scan after the run reports too.
#
#   dl (dummy): mvlanctl create default --link dl   (N times, must fail)
#   kl (dummy): ip link add default link kl type macvlan   (N times)
source ./lib.sh

mvlan_test_begin
N=${N:-60}

cleanup() {
	ip link del dl
	ip link del kl
	mvlan_unload
} >/dev/null 2>&1
trap cleanup EXIT

if ! ip link add dl up type dummy || ! ip link add kl up type dummy; then
	ktap_exit_fail_msg "cannot create the lowers"
fi

# kmalloc_bytes: bytes in use in the kmalloc caches, after shrinking them.
kmalloc_bytes() {
	local f name active total size rest sum=0
	for f in /sys/kernel/slab/kmalloc*/shrink; do echo 1 >"$f"; done 2>/dev/null
	while read -r name active total size rest; do
		[[ $name == kmalloc* && $active =~ ^[0-9]+$ ]] || continue
		sum=$((sum + active * size))
	done </proc/slabinfo
	: "$total" "$rest"
	echo "$sum"
}

# tries DESC CMD...: run CMD N times, each must fail and leave no device
# "default"; prints the kmalloc growth in bytes (or "?").
tries() {
	local before after i ok=1 err
	before=$(kmalloc_bytes)
	for ((i = 0; i < N; i++)); do
		if err=$("$@" 2>&1); then
			ok=0
			log "$1 succeeded" >&2
			ip link del default
			break
		fi
	done
	log "$1: the last refusal: $err" >&2
	after=$(kmalloc_bytes)
	[ -e /sys/class/net/default ] && { ok=0; log "a device 'default' is left" >&2; }
	[ "$ok" = 1 ] && echo $((after - before)) || echo "?"
}

[ -r /proc/slabinfo ] || ktap_exit_fail_msg "no /proc/slabinfo"
# The first refusal of each kind warms caches that stay allocated.
"$MV" create default --link dl >/dev/null 2>&1 && "$MV" delete default
ip link add default link kl type macvlan >/dev/null 2>&1 && ip link del default
ip link add default type dummy >/dev/null 2>&1 && ip link del default

grow_k=$(tries ip link add default link kl type macvlan mode bridge)
log "macvlan: $N refused creates, kmalloc in use changed by $grow_k bytes"
grow_m=$(tries "$MV" create default --link dl --mode bridge)
log "mvlan: $N refused creates, kmalloc in use changed by $grow_m bytes"
# Less than 1 KiB per attempt on average: noise, not one net_device each.
LIMIT=$((N * 1024))
check "macvlan: $N creates refused after ndo_init leak no net_device" \
	test "$grow_k" != "?" -a "${grow_k/\?/0}" -lt $LIMIT
check "mvlan: $N creates refused after ndo_init leak no net_device" \
	test "$grow_m" != "?" -a "${grow_m/\?/0}" -lt $LIMIT
check "mvlan: no port is left on the lower" no_port dl
check "module use count 0" eq refcnt "$(mod_refcnt)" 0

check "rmmod works" rmmod mvlan

finish
