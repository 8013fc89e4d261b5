#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mvlanctl monitor: every create, change, carrier change and delete shows up
# exactly once, in JSON and in text, and SIGINT ends the monitor cleanly.
source ./lib.sh

mvlan_test_begin
OUT=/tmp/monitor.$$
MON_PID='' TXT_PID=''

cleanup() {
	[ -n "$MON_PID" ] && kill "$MON_PID"
	[ -n "$TXT_PID" ] && kill "$TXT_PID"
	cleanup_ns
	ip link del va
	ip link del mpd
	rm -f "$OUT".*
	mvlan_unload
} 2>/dev/null
trap cleanup EXIT

# events KIND NAME: how many JSON events of KIND name child NAME.
events() {
	grep -E "\"event\" *: *\"$1\"" "$OUT.json" | grep -cE "\"name\" *: *\"$2\""
}

# expect_events KIND NAME WANT: wait up to 5 s for WANT events, then insist on
# exactly WANT (a late duplicate is caught by the final recount).
# (or the monitor died: no point in waiting)
events_ge() { [ "$(events "$1" "$2")" -ge "$3" ] || ! kill -0 "$MON_PID" 2>/dev/null; }
expect_events() {
	wait_for 5 events_ge "$1" "$2" "$3"
	eq "$1 events for $2" "$(events "$1" "$2")" "$3"
}

veth_pair va vb || ktap_exit_fail_msg "veth setup failed"
setup_ns mn1

"$MV" monitor --json >"$OUT.json" 2>"$OUT.json.err" &
MON_PID=$!
"$MV" monitor >"$OUT.txt" 2>"$OUT.txt.err" &
TXT_PID=$!
# The monitors must have joined the group before the first event: create
# throw-away children until both have printed one.
ready() { grep -q '"mprobe' "$OUT.json" && grep -q 'mprobe' "$OUT.txt"; }
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$MV" create "mprobe$i" --link va >/dev/null 2>&1
	wait_for 1 ready && break
done
for ((j = 1; j <= i; j++)); do "$MV" delete "mprobe$j" >/dev/null 2>&1; done
log "monitors ready after $i probe(s)"
running() {
	kill -0 "$1" 2>/dev/null && return 0
	log "not running: $(cat "$2")"
	return 1
}
check "monitor --json is running" running "$MON_PID" "$OUT.json.err"
check "monitor (text) is running" running "$TXT_PID" "$OUT.txt.err"

pp "$MV" create m1 --link va --mode bridge >/dev/null
check "create: one new event for m1" expect_events new m1 1
t_new_fields() {
	local line
	line=$(grep -E '"event" *: *"new"' "$OUT.json" | grep -E '"name" *: *"m1"' | head -n1)
	log "$line"
	eq mode "$(json_get mode <<<"$line")" bridge && eq link "$(json_get link <<<"$line")" va &&
		eq mac "$(json_get mac <<<"$line")" "$(sysfs m1 address)"
}
check "new event carries mode, link and MAC" t_new_fields

pp "$MV" set m1 --mode private >/dev/null
check "set --mode: one change event for m1" expect_events change m1 1
t_change_fields() {
	local line
	line=$(grep -E '"event" *: *"change"' "$OUT.json" | grep -E '"name" *: *"m1"' | tail -n1)
	eq mode "$(json_get mode <<<"$line")" private
}
check "change event carries the new mode" t_change_fields

pp "$MV" set m1 --mac 02:00:00:00:33:01 >/dev/null
check "set --mac: a second change event for m1" expect_events change m1 2

pp ip link set vb down
check "lower loses carrier: one carrier event for m1" expect_events carrier m1 1
t_carrier_down() {
	grep -E '"event" *: *"carrier"' "$OUT.json" | grep -E '"name" *: *"m1"' | tail -n1 |
		grep -qE '"carrier" *: *false'
}
check "carrier event says carrier false" t_carrier_down
pp ip link set vb up
check "lower regains carrier: a second carrier event for m1" expect_events carrier m1 2
t_carrier_up() {
	grep -E '"event" *: *"carrier"' "$OUT.json" | grep -E '"name" *: *"m1"' | tail -n1 |
		grep -qE '"carrier" *: *true'
}
check "carrier event says carrier true" t_carrier_up

pp "$MV" create --count 5 --prefix mb --link va >/dev/null
t_batch_new() {
	local i
	for i in 0 1 2 3 4; do expect_events new "mb$i" 1 || return 1; done
}
check "batch create of 5: one new event each" t_batch_new
pp "$MV" delete mb0 mb1 mb2 mb3 mb4 >/dev/null
t_batch_del() {
	local i
	for i in 0 1 2 3 4; do expect_events del "mb$i" 1 || return 1; done
}
check "batch delete of 5: one del event each" t_batch_del

pp "$MV" create mn --link va --netns mn1 >/dev/null
check "create in another namespace: one new event" expect_events new mn 1
pp ip netns del mn1
check "namespace deleted: one del event for its child" expect_events del mn 1

pp "$MV" delete m1 >/dev/null
check "delete: one del event for m1" expect_events del m1 1

# marker: create and delete a throw-away child and wait for its del event.
# Events come in order, so every event of the steps before it is in by then:
# counts taken after a marker are exact, without waiting on a clock.
MARK=0
marker() {
	MARK=$((MARK + 1))
	"$MV" create "mk$MARK" --link va >/dev/null && "$MV" delete "mk$MARK" >/dev/null &&
		wait_for 5 events_ge del "mk$MARK" 1
}
# last_event KIND NAME: the last JSON event of KIND for child NAME.
last_event() {
	grep -E "\"event\" *: *\"$1\"" "$OUT.json" | grep -E "\"name\" *: *\"$2\"" | tail -n1
}

# A child of a lower without carrier is born without carrier and hears of
# it when the lower gets one.
pp ip link set vb down
pp "$MV" create mc --link va >/dev/null
check "create under a lower without carrier: one new event for mc" expect_events new mc 1
check "that new event says carrier false" eval 'last_event new mc | grep -qE "\"carrier\" *: *false"'
pp ip link set vb up
check "the lower gains carrier: one carrier event for mc" expect_events carrier mc 1
check "that carrier event says carrier true" \
	eval 'last_event carrier mc | grep -qE "\"carrier\" *: *true"'
pp "$MV" delete mc >/dev/null

# A passthru child's MAC change is one change event, whoever asks for it.
pp ip link add mpd type dummy
pp "$MV" create mp --link mpd --mode passthru >/dev/null
check "passthru create: one new event for mp" expect_events new mp 1
pp ip link set mp address 02:00:00:00:44:01
marker
check "ip link set address of a passthru child: one change event" \
	eq "change mp" "$(events change mp)" 1
pp "$MV" set mp --mac 02:00:00:00:44:02 >/dev/null
marker
check "mvlanctl set --mac of a passthru child: one more change event" \
	eq "change mp" "$(events change mp)" 2
pp ip link del mpd
check "passthru lower deleted: one del event for mp" expect_events del mp 1

# A refused request must not produce an event.
"$MV" create m1x --link lo >/dev/null 2>&1
pp "$MV" create m2 --link va >/dev/null
pp ip link del va
check "lower deleted: one del event for its child" expect_events del m2 1
check "no event for a refused create" eq "m1x events" "$(grep -c '"m1x"' "$OUT.json")" 0

nap 0.5
t_recount() {
	eq "new m1" "$(events new m1)" 1 && eq "del m1" "$(events del m1)" 1 &&
		eq "change m1" "$(events change m1)" 2 && eq "carrier m1" "$(events carrier m1)" 2
}
check "no late duplicate events" t_recount

t_every_line_json() {
	local bad
	bad=$(grep -vcE '^\{.*"event" *: *"(new|del|change|carrier)".*\}$' "$OUT.json")
	[ "$bad" -eq 0 ] && return 0
	log "$bad lines are not one JSON event object:"
	grep -vE '^\{.*\}$' "$OUT.json" | head -n 5 | sed 's/^/# /'
	return 1
}
check "monitor --json prints one JSON object per line" t_every_line_json

t_text() {
	grep -qE '^new m1( |$)' "$OUT.txt" && grep -qE '^del m1( |$)' "$OUT.txt" &&
		grep -qE '^change m1( |$)' "$OUT.txt" && grep -qE '^carrier m1( |$)' "$OUT.txt" && return 0
	log "text monitor printed:"
	sed 's/^/# /' "$OUT.txt" | head -n 20
	return 1
}
check "text monitor prints new, change, carrier and del lines" t_text

gone() { ! kill -0 "$1" 2>/dev/null; }

# stop_monitor PID: SIGINT, then it must exit 0 within 5 s.
stop_monitor() {
	local pid=$1 rc
	kill -INT "$pid" || return 1
	wait_for 5 gone "$pid" || { log "still running after SIGINT"; return 1; }
	wait "$pid"
	rc=$?
	eq "exit status" "$rc" 0
}
check "monitor --json exits 0 on SIGINT" stop_monitor "$MON_PID"
MON_PID=
check "text monitor exits 0 on SIGINT" stop_monitor "$TXT_PID"
TXT_PID=
no_stderr() {
	! [ -s "$OUT.json.err" ] && ! [ -s "$OUT.txt.err" ] && return 0
	log "stderr: $(cat "$OUT.json.err" "$OUT.txt.err")"
	return 1
}
check "monitors wrote nothing to stderr" no_stderr
log "elapsed ${SECONDS}s"
finish
