#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mvlanctl's iproute2 conventions and monitor robustness (issue 16): aliases,
# global -j/-p/-n, --netns by name, PID or path, show --link, source MACs at
# create, batch mode, create's reply, and the monitor: lost events in band
# with --resync, a closed stdout ends it, -t timestamps.
source ./lib.sh

mvlan_test_begin

OUT=/tmp/tool_conv.$$
cleanup() {
	[ -n "$SLEEPER" ] && kill "$SLEEPER"
	cleanup_ns
	for d in va wa; do ip link del "$d"; done
	rm -f "$OUT".*
	mvlan_unload
} 2>/dev/null
trap cleanup EXIT

mv() { pp "$MV" "$@"; }

setup_ns cn1
if ! veth_pair va vb || ! veth_pair wa wb; then ktap_exit_fail_msg "veth setup failed"; fi

# --- aliases and global options ----------------------------------------------------
t_aliases() {
	mv add ca0 --link va --mode bridge && dev_exists ca0 &&
		mv change ca0 --mode private && mv_is ca0 mode private &&
		[ -n "$("$MV" ls)" ] && [ -n "$("$MV" list)" ] && mv del ca0 && ! dev_exists ca0
}
check "aliases: add, change, ls, list, del" t_aliases

t_global_json() {
	mv create cj0 --link va || return 1
	local a b
	a=$("$MV" -j show cj0) && b=$("$MV" show cj0 -j) || return 1
	eq "-j before/after" "$a" "$b" &&
		eq ifname "$(jv ifname "$a")" cj0 && eq name "$(jv name "$a")" cj0 &&
		eq address "$(jv address "$a")" "$(sysfs cj0 address)" &&
		eq operstate "$(jv operstate "$a")" DOWN &&
		[ "$("$MV" -j -p show cj0 | wc -l)" -gt 5 ] &&
		[[ $("$MV" -j version) == *'"json_schema":2'* ]]
}
check "-j and -p anywhere; ip's keys beside the old ones" t_global_json

t_create_reply() {
	local j
	j=$("$MV" -j create cr0 --link va --mac 02:00:00:00:c0:01) || return 1
	eq "reply name" "$(jv name "$j")" cr0 && eq "reply mac" "$(jv mac "$j")" 02:00:00:00:c0:01 &&
		eq "reply ifindex" "$(jv ifindex "$j")" "$(sysfs cr0 ifindex)"
}
check "create -j prints the kernel's reply (the new child)" t_create_reply

t_show_link() {
	mv create cw0 --link wa && mv create cw1 --link wa || return 1
	local j
	j=$("$MV" -j show --link wa) || return 1
	eq "children of wa" "$(jcount ifname "$j")" 2 &&
		[[ $j == *'"cw0"'* && $j == *'"cw1"'* && $j != *'"cj0"'* ]] &&
		eq "children of vb" "$("$MV" -j show --link vb)" "[]"
}
check "show --link LOWER lists only that lower's children" t_show_link

t_create_sources() {
	mv create cs0 --link va --mode source --source 02:00:00:00:5a:01,02:00:00:00:5a:02 \
		--source 02:00:00:00:5a:03 || return 1
	eq "source_macs" "$(jarr source_macs "$(mv_json cs0)")" \
		"02:00:00:00:5a:01 02:00:00:00:5a:02 02:00:00:00:5a:03"
}
check "create --source: the first list in the same request" t_create_sources
expect_fail "create --source refused for a non-source mode, by the tool" "mode source" \
	"$MV" create cs1 --link va --source 02:00:00:00:5a:01

# --- namespaces: -n and --netns by name, PID and path ------------------------------
ip netns exec cn1 sleep 1000 &
SLEEPER=$!
t_netns_forms() {
	mv create cn_name --link va --netns cn1 && mv create cn_pid --link va --netns "$SLEEPER" &&
		mv create cn_path --link va --netns /run/netns/cn1 || return 1
	local here
	here=$("$MV" -n cn1 -j show) || return 1
	[[ $here == *'"cn_name"'* && $here == *'"cn_pid"'* && $here == *'"cn_path"'* ]] &&
		[ "$("$MV" -n "$SLEEPER" -j show)" = "$here" ] &&
		[ "$("$MV" -n /run/netns/cn1 -j show)" = "$here" ] &&
		dev_exists -n cn1 cn_pid && ! dev_exists cn_pid
}
check "--netns and -n take a name, a PID or a path" t_netns_forms
expect_fail "-n with an unknown namespace: one line" "cannot open network namespace" \
	"$MV" -n nosuchns show

# --- batch ------------------------------------------------------------------------
printf 'add cb0 --link va\n# a comment\n\ndel nosuch\nadd cb1 --link va\n' >"$OUT.batch"
t_batch_stops() {
	local err
	err=$("$MV" -b "$OUT.batch" 2>&1 >/dev/null) && return 1
	dev_exists cb0 && ! dev_exists cb1 && [[ $err == "mvlanctl: $OUT.batch:4: "* ]] &&
		eq "stderr lines" "$(wc -l <<<"$err")" 1
}
check "-b FILE stops at the first failed line, naming it" t_batch_stops
t_batch_force() {
	mv del cb0 || return 1
	"$MV" -force -b "$OUT.batch" 2>/dev/null && return 1
	dev_exists cb0 && dev_exists cb1
}
check "-force -b FILE goes on and exits 1" t_batch_force
t_batch_stdin() { printf 'del cb0\ndel cb1\n' | "$MV" -b - && ! dev_exists cb0 && ! dev_exists cb1; }
check "-b - reads standard input" t_batch_stdin

# --- monitor --------------------------------------------------------------------------
# wait_line FILE PATTERN: FILE has a line matching PATTERN within 10 s.
wait_line() { wait_for 10 grep -q -- "$2" "$1"; }

# A tiny receive buffer, a stopped reader, a burst: the kernel drops events.
t_lost_resync() {
	"$MV" monitor --json --resync --rcvbuf 4096 >"$OUT.lost" 2>"$OUT.lost.err" &
	local pid=$! i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$MV" create "cl_probe$i" --link wa >/dev/null 2>&1
		wait_line "$OUT.lost" cl_probe && break
	done
	kill -STOP "$pid"
	mv create --count 64 --prefix cl --link wa >/dev/null
	kill -CONT "$pid"
	local ok=0
	wait_line "$OUT.lost" '"event":"lost"' &&
		wait_line "$OUT.lost" '"event":"resynced"' &&
		grep -q '"event":"state","name":"cl63"' "$OUT.lost" && ok=1
	kill -INT "$pid"
	wait "$pid"
	[ "$ok" = 1 ] || { log "monitor printed: $(tail -n 3 "$OUT.lost")"; return 1; }
	log "$(grep -c '"event":"state"' "$OUT.lost") state events after the loss"
	! grep -q . "$OUT.lost.err" || grep -q "receive buffer" "$OUT.lost.err"
}
check "lost events: an in-band lost event, then --resync lists every child" t_lost_resync

# The reader of the pipe goes away; SIGPIPE ignored, as many supervisors do.
mkfifo "$OUT.fifo"
t_closed_stdout() {
	(trap '' PIPE; exec "$MV" monitor -t 2>"$OUT.epipe.err" >"$OUT.fifo") &
	local pid=$! line
	exec 7<"$OUT.fifo"
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		"$MV" create "ce$i" --link va >/dev/null 2>&1
		read -r -t 1 line <&7 && break
	done
	exec 7<&-
	[[ $line =~ ^\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-][0-9]{4}\]\ new\ ce ]] ||
		{ log "first line: '$line'"; kill "$pid"; return 1; }
	"$MV" create ce_after --link va >/dev/null
	if ! wait_for 10 eval '! kill -0 '"$pid"' 2>/dev/null'; then
		log "monitor still running after its reader went away"
		kill "$pid"
		return 1
	fi
	wait "$pid"
	local rc=$?
	log "monitor exited with $rc: $(cat "$OUT.epipe.err")"
	[ "$rc" = 1 ] && eq "stderr lines" "$(wc -l <"$OUT.epipe.err")" 1
}
check "monitor -t stamps lines; a closed stdout ends the monitor" t_closed_stdout

finish
