#!/bin/bash
# scratch: background load vs number of devices
idle_ns() { awk '/idle_sleeptime/ { s += $3 } END { printf "%.0f\n", s }' /proc/timer_list; }
now_us() { echo "${EPOCHREALTIME/./}"; }
ulimit -n 65536
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
win() { local i0 t0 i1 t1; i0=$(idle_ns); t0=$(now_us); sleep ${1:-1}; i1=$(idle_ns); t1=$(now_us); echo "busy_us=$(( (t1-t0) - (i1-i0)/1000 )) of $((t1-t0))"; }
for k in 1 2 3; do echo "empty win: $(win)"; done
echo "empty win5: $(win 5)"
ip link add lmac type dummy; ip link set lmac up
n=${1:-1024}; n=256
for ((i=0;i<n;i++)); do echo "link add link lmac name mc$i type macvlan mode bridge"; echo "link set mc$i up"; done > /tmp/b
t0=$(now_us); ip -batch /tmp/b; t1=$(now_us); echo "create $n: $(( (t1-t0)/1000 )) ms"
for k in 1 2; do echo "win $k: $(win)"; done
ip netns add crowd
ip link add lipv type dummy; ip link set lipv up
for ((i=0;i<n;i++)); do echo "link add link lipv name iv$i netns crowd type ipvlan mode l2"; done > /tmp/b
t0=$(now_us); ip -batch /tmp/b; t1=$(now_us); echo "create ipv $n: $(( (t1-t0)/1000 )) ms"
for ((i=0;i<n;i++)); do echo "addr add 198.19.$((i >> 8)).$((i & 255))/32 dev iv$i"; echo "link set iv$i up"; done > /tmp/b
t0=$(now_us); ip -n crowd -batch /tmp/b; t1=$(now_us); echo "addr+up ipv $n: $(( (t1-t0)/1000 )) ms"
for k in 1 2 3 4 5 6; do echo "win $k: $(win)"; done
echo "win5: $(win 5)"

snap() {
	for p in /proc/[0-9]*; do
		read -r line < $p/stat 2>/dev/null || continue
		set -- $line
		echo "$((${14} + ${15})) $2"
	done | sort -rn | head -4 | tr '\n' ' '; echo
	head -1 /proc/stat
	tr -s ' ' < /proc/softirqs | tr '\n' '|'; echo
	grep -E 'LOC|RES|CAL|TLB' /proc/interrupts | tr -s ' ' | cut -c1-30 | tr '\n' '|'; echo
}
for k in 1 2; do echo "win $k: $(win)"; snap; done
ip -n crowd -s link show iv5; ip -s link show lipv
cat /proc/net/snmp | grep -E '^(Ip|Icmp|Udp|IcmpMsg):'
ip netns exec crowd cat /proc/net/snmp | grep -E '^(Ip|Icmp|Udp|IcmpMsg):'
ip netns exec crowd cat /proc/net/igmp | head -12
ip netns exec crowd cat /proc/net/stat/arp_cache | head -3
