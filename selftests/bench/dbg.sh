#!/bin/bash
# scratch: find what keeps the CPU busy after creating many children
idle_ns() { awk '/idle_sleeptime/ { s += $3 } END { printf "%.0f\n", s }' /proc/timer_list; }
now_us() { echo "${EPOCHREALTIME/./}"; }
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
top() {
	for p in /proc/[0-9]*; do
		read -r line < $p/stat 2>/dev/null || continue
		set -- $line
		echo "$((${14} + ${15})) $2"
	done | sort -rn | head -5 | tr '\n' ' '; echo
}
win() { local i0 t0 i1 t1; i0=$(idle_ns); t0=$(now_us); sleep 1; i1=$(idle_ns); t1=$(now_us); echo "busy_ms=$(( (t1-t0)/1000 - (i1-i0)/1000000 ))"; }
ip link add lmac type dummy; ip link set lmac up
n=${1:-1024}
for ((i=0;i<n;i++)); do echo "link add link lmac name mc$i type macvlan mode bridge"; echo "link set mc$i up"; done > /tmp/b
t0=$(now_us); ip -batch /tmp/b; t1=$(now_us); echo "create $n: $(( (t1-t0)/1000 )) ms"
for k in 1 2 3 4 5 6 8 10; do echo "win $k: $(win)"; head -1 /proc/stat; grep -E 'TIMER|NET_RX|RCU|SCHED|HRTIMER' /proc/softirqs | tr -s ' ' | tr '\n' ' '; echo; grep -E 'LOC|^ *[0-9]+:' /proc/interrupts | tr -s ' ' | cut -c1-60 | tr '\n' '|'; echo; done
