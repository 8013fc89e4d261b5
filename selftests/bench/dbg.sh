#!/bin/bash
# scratch: ftrace breakdown of one child's creation
T=/sys/kernel/debug/tracing
[ -d $T ] || T=/sys/kernel/tracing
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
insmod /lib/mvlan/mvlan.ko
ip link add l1 type dummy; ip link set l1 up
ip link add l2 type dummy; ip link set l2 up
prof() {	# FUNC DEPTH CMD...
	echo 0 > $T/tracing_on; echo > $T/trace
	echo function_graph > $T/current_tracer
	echo "$2" > $T/max_graph_depth
	echo "$1" > $T/set_graph_function || { echo "no $1"; return; }
	echo 1 > $T/tracing_on
	"${@:3}" >/dev/null
	echo 0 > $T/tracing_on
	echo "== $1 depth $2: ${*:3}"
	# sum durations per function name at each depth (indent)
	awk -F'|' '/us +\|/ { d=$1; gsub(/[^0-9.]/,"",d); f=$2; ind=match(f,/[^ ]/); gsub(/^ +|[;{} ]+$/,"",f); sub(/\(\).*/,"",f); key=sprintf("%02d %s", ind, f); s[key]+=d; c[key]++ }
	     END { for (k in s) printf "%10.1f us %6d calls  %s\n", s[k], c[k], k }' $T/trace | sort -k5,5 -k1,1rn | head -14
	echo nop > $T/current_tracer; echo > $T/set_graph_function
}
prof mvlan_create 3 mvlanctl create --count 1024 --prefix m --link l1 --mode bridge
prof mvlan_create 3 mvlanctl create --count 4096 --prefix n --link l2 --mode bridge
