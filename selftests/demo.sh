#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The classic macvlan experiment, with mvlan: two bridge-mode children of the
# VM's NIC eth0 live in namespaces ns1 and ns2 and ping each other.
#
#   ns1: mv1 192.168.56.122/24      ns2: mv2 192.168.56.123/24
#            \                          /
#             +------ eth0 (lower) ----+
set -u
pp() { echo "+ $*"; "$@"; }

pp insmod /lib/mvlan/mvlan.ko || exit 1
pp ip link set eth0 up
pp ip netns add ns1
pp ip netns add ns2
pp mvlanctl create mv1 --link eth0 --mode bridge || exit 1
pp mvlanctl create mv2 --link eth0 --mode bridge || exit 1
pp ip link set mv1 netns ns1
pp ip link set mv2 netns ns2
pp ip -n ns1 addr add 192.168.56.122/24 dev mv1
pp ip -n ns2 addr add 192.168.56.123/24 dev mv2
pp ip -n ns1 link set mv1 up
pp ip -n ns2 link set mv2 up
pp ip -d -n ns1 link show mv1
pp mvlanctl show
pp ip netns exec ns1 ping -c 3 -W 2 192.168.56.123
rc=$?
pp mvlanctl show
if [ $rc -eq 0 ]; then
	echo "demo: ns1 reached ns2 through mvlan bridge mode"
else
	echo "demo: ping from ns1 to ns2 FAILED"
fi
pp ip netns del ns1
pp ip netns del ns2
pp rmmod mvlan || rc=1
exit $rc
