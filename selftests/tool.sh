#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mvlanctl end to end: every command and option against the running module,
# and every request that must be refused is refused with one clear line and
# leaves nothing behind.
#
#   va <-> vb   veth, lower of most children      wa <-> wb  veth (batches)
#   d1          dummy, passthru lower             d2         dummy in bridge br0
# shellcheck disable=SC2016 # one-line case bodies are single-quoted for eval
source ./lib.sh

mvlan_test_begin

cleanup() {
	cleanup_ns
	for d in va wa d1 d2 br0; do ip link del "$d"; done
	mvlan_unload
} 2>/dev/null
trap cleanup EXIT

mv() { pp "$MV" "$@"; }

# has_flag NAME FLAG: FLAG is in the child's flags[].
has_flag() { [[ " $(jarr flags "$(mv_json "$1")") " == *" $2 "* ]]; }

# link_is NAME LOWER: the child's "link" names LOWER (by name or ifindex).
link_is() {
	local got
	got=$(mv_get "$1" link)
	[ "$got" = "$2" ] || [ "$got" = "$(sysfs "$2" ifindex)" ] && return 0
	log "$1.link is '$got', want $2"
	return 1
}

setup_ns tn1
if ! veth_pair va vb || ! veth_pair wa wb; then ktap_exit_fail_msg "veth setup failed"; fi
ip link add d1 type dummy && ip link set d1 up
ip link add d2 type dummy && ip link add br0 type bridge && ip link set d2 master br0

# --- create -------------------------------------------------------------------
t_create_default() {
	mv create t0 --link va && dev_exists t0 && mv_is t0 mode vepa && link_is t0 va
}
check "create: default mode is vepa, attached to the lower" t_create_default

for mode in private bridge source; do
	check "create: --mode $mode" eval 'mv create t_$mode --link va --mode $mode &&
		dev_exists t_$mode && mv_is t_$mode mode $mode'
done

t_create_passthru() {
	mv create tp --link d1 --mode passthru --nopromisc && mv_is tp mode passthru &&
		has_flag tp nopromisc && eq "tp MAC" "$(sysfs tp address)" "$(sysfs d1 address)"
}
check "create: --mode passthru --nopromisc takes the lower's MAC" t_create_passthru

t_create_mac() {
	mv create tm --link va --mac 02:12:34:56:78:9a &&
		eq "sysfs MAC" "$(sysfs tm address)" 02:12:34:56:78:9a && mv_is tm mac 02:12:34:56:78:9a
}
check "create: --mac" t_create_mac

t_create_mtu() {
	mv create tu --link va --mtu 1400 && eq "sysfs mtu" "$(sysfs tu mtu)" 1400 && mv_is tu mtu 1400
}
check "create: --mtu" t_create_mtu

t_create_nodst() {
	mv create ts --link va --mode source --nodst && has_flag ts nodst
}
check "create: --mode source --nodst" t_create_nodst

t_create_bc() {
	mv create tq --link va --bc-queue-len 77 --bc-cutoff -1 && mv_is tq bc_queue_len 77 &&
		mv_is tq bc_cutoff -1 && eq "port bc_cutoff" "$(port_get va bc_cutoff)" -1
}
check "create: --bc-queue-len --bc-cutoff (cutoff is port-wide)" t_create_bc

t_create_netns() {
	mv create tn --link va --netns tn1 && dev_exists -n tn1 tn && ! dev_exists tn &&
		mv_is -n tn1 tn mode vepa
}
check "create: --netns puts the child in the namespace only" t_create_netns

t_create_all_opts() {
	mv create tall --link wa --mode bridge --mac 02:00:00:00:aa:01 --mtu 1280 \
		--bc-queue-len 10 --bc-cutoff 3 && mv_is tall mode bridge &&
		mv_is tall mac 02:00:00:00:aa:01 && mv_is tall mtu 1280 && mv_is tall bc_queue_len 10 &&
		mv_is tall bc_cutoff 3 && link_is tall wa
}
check "create: all options at once" t_create_all_opts

count_b() {
	local d n=0
	for d in /sys/class/net/b[0-9]*; do [ -e "$d" ] && n=$((n + 1)); done
	echo "$n"
}
t_batch_create() {
	mv create --count 50 --prefix b --link wa --mode bridge && eq "batch children" "$(count_b)" 50 &&
		dev_exists b0 && dev_exists b49 && ! dev_exists b50 && mv_is b17 mode bridge && link_is b33 wa
}
check "create --count 50: b0..b49 on the lower" t_batch_create

t_batch_delete() {
	mv delete b{0..49} && eq "batch children left" "$(count_b)" 0
}
check "delete of 50 names removes all of them" t_batch_delete

# --- set ----------------------------------------------------------------------
t_set_modes() {
	local m
	for m in bridge private source vepa; do
		mv set t0 --mode "$m" && mv_is t0 mode "$m" || return 1
	done
}
check "set --mode through bridge, private, source, vepa" t_set_modes

t_set_mac() {
	mv set t0 --mac 02:00:00:aa:bb:01 && eq "sysfs MAC" "$(sysfs t0 address)" 02:00:00:aa:bb:01 &&
		mv_is t0 mac 02:00:00:aa:bb:01
}
check "set --mac" t_set_mac

check "set --promisc clears nopromisc" eval 'mv set tp --promisc && ! has_flag tp nopromisc'
check "set --nopromisc sets nopromisc" eval 'mv set tp --nopromisc && has_flag tp nopromisc'
check "set --dst clears nodst" eval 'mv set ts --dst && ! has_flag ts nodst'
check "set --nodst sets nodst" eval 'mv set ts --nodst && has_flag ts nodst'

t_set_bcq() {
	mv set t0 --bc-queue-len 300 && mv_is t0 bc_queue_len 300 &&
		eq "bc_queue_len_used (max of 300 and the default 1000)" "$(port_get va bc_queue_len_used)" 1000 &&
		mv set t0 --bc-queue-len 4000 && eq "bc_queue_len_used" "$(port_get va bc_queue_len_used)" 4000 &&
		mv set t0 --bc-queue-len 1000 && eq "bc_queue_len_used" "$(port_get va bc_queue_len_used)" 1000
}
check "set --bc-queue-len; the port uses the maximum" t_set_bcq

t_set_cutoff() {
	mv set t0 --bc-cutoff 5 && eq "port bc_cutoff" "$(port_get va bc_cutoff)" 5 && mv_is tq bc_cutoff 5 &&
		mv set t0 --bc-cutoff 1 && eq "port bc_cutoff" "$(port_get va bc_cutoff)" 1
}
check "set --bc-cutoff changes the port's cutoff, seen by siblings" t_set_cutoff

# --- show ---------------------------------------------------------------------
t_show_text() {
	local out
	out=$("$MV" show t0) || return 1
	log "$out"
	[[ $out == *t0* && $out == *va* && ${out,,} == *vepa* && ${out,,} == *02:00:00:aa:bb:01* ]]
}
check "show NAME (text) names the child, lower, mode and MAC" t_show_text

t_show_keys() {
	local js k missing=
	js=$(mv_json t0) || return 1
	for k in name ifindex link mode mac mtu flags source_count source_macs bc_queue_len bc_cutoff carrier stats \
		rx_packets rx_bytes rx_multicast rx_dropped tx_packets tx_bytes tx_dropped drops \
		no_child child_down bc_overflow source_filter private; do
		[ "$(jcount "$k" "$js")" -ge 1 ] || missing+=" $k"
	done
	[ -z "$missing" ] && return 0
	log "missing keys:$missing in $js"
	return 1
}
check "show --json has every documented field" t_show_keys

t_show_values() {
	local js
	js=$(mv_json t0) || return 1
	eq name "$(jv name "$js")" t0 && eq ifindex "$(jv ifindex "$js")" "$(sysfs t0 ifindex)" &&
		eq mtu "$(jv mtu "$js")" "$(sysfs t0 mtu)" && eq mac "$(jv mac "$js")" "$(sysfs t0 address)" &&
		[[ $js == \[*\] ]]
}
check "show --json values match the kernel's (ifindex, mtu, MAC) and form an array" t_show_values

t_show_all() {
	local js d missing=
	js=$("$MV" show --json) || return 1
	for d in $(mvlan_devs); do
		[[ $js == *"\"$d\""* ]] || missing+=" $d"
	done
	[ -z "$missing" ] && return 0
	log "show --json lacks:$missing"
	return 1
}
check "show --json lists every child" t_show_all

# --- source -------------------------------------------------------------------
srcs() { local s; s=$(jarr source_macs "$(mv_json t_source)"); echo "${s,,}"; }
S1=02:00:00:00:5a:01 S2=02:00:00:00:5a:02 S3=02:00:00:00:5a:03 S4=02:00:00:00:5a:04
src_op() {	# src_op WANT OP MAC...
	local want=$1
	shift
	mv source t_source "$@" && eq sources "$(srcs)" "$want"
}
check "source add" src_op "$S1 $S2" add "$S1" "$S2"
check "source add of a present MAC changes nothing" src_op "$S1 $S2" add "$S2"
check "source del" src_op "$S2" del "$S1"
check "source set replaces the list" src_op "$S3 $S4" set "$S3" "$S4"
check "source flush empties the list" src_op "" flush

# A long source list is shown whole and breaks no listing of all children.
many_macs() {	# many_macs N [LAST]: N distinct unicast MACs ending in LAST (01)
	local i
	for ((i = 1; i <= $1; i++)); do printf '02:5b:00:%02x:%02x:%s ' $((i >> 8)) $((i & 255)) "${2:-01}"; done
}
t_many_sources() {
	local js
	# shellcheck disable=SC2046 # one argument per MAC
	"$MV" source t_source add $(many_macs 3000) || return 1
	js=$("$MV" show --json) || return 1
	eq "source MACs in show --json" "$(jarr source_macs "$(jobj t_source "$js")" | wc -w)" 3000 &&
		eq "source MACs in show t_source --json" "$(jarr source_macs "$(mv_json t_source)" | wc -w)" 3000 &&
		"$MV" show >/dev/null && "$MV" show t_source | grep -q 'source MACs (3000)'
}
check "show, show --json and show NAME with 3000 source MACs on one child" t_many_sources
# A child lists at most MVLAN_SOURCES_MAX (8192) MACs; a refused add changes nothing.
# shellcheck disable=SC2046 # one argument per MAC
check "source add of 3000 more (6000 in all)" "$MV" source t_source add $(many_macs 3000 02)
# shellcheck disable=SC2046
refused "refused: 3000 more source MACs, 9000 above the limit of 8192" 'limit is 8192' "" \
	"$MV" source t_source add $(many_macs 3000 03)
check "the refused add left the 6000" eval '"$MV" show t_source | grep -q "source MACs (6000)"'
check "source flush of 6000 MACs" src_op "" flush

# --- port ---------------------------------------------------------------------
va_children() {
	local n=0 d
	for d in $(mvlan_devs); do [ "$(sysfs "$d" iflink)" = "$(sysfs va ifindex)" ] && n=$((n + 1)); done
	echo $((n + 1))		# + tn in tn1
}
t_port_show() {
	local js
	js=$("$MV" port show va --json) || return 1
	log "$js"
	eq "port children" "$(jv children "$js")" "$(va_children)" &&
		eq "port passthru" "$(jv passthru "$js")" false
}
check "port show LOWER --json counts the children" t_port_show

t_port_all() {
	local js
	js=$("$MV" port show --json) || return 1
	[[ $js == *'"va"'* && $js == *'"d1"'* && $js == *'"wa"'* ]] && [ "$(jcount children "$js")" -ge 3 ]
}
check "port show --json lists every port" t_port_all
check "port show d1 --json: passthru" eval '[ "$(port_get d1 passthru)" = true ]'
check "port show (text) names the lower" eval '[[ $("$MV" port show va) == *va* ]]'

# --- refusals -----------------------------------------------------------------
refused "refused: unknown lower" 'nosuch0|no such|not found|exist' e1 \
	"$MV" create e1 --link nosuch0
refused "refused: loopback lower" 'loopback|ethernet' e1 "$MV" create e1 --link lo
refused "refused: lower owned by a bridge" 'bridge|port|busy|used|master|handler' e1 \
	"$MV" create e1 --link d2
WANT_RC=2 refused "refused before sending: unknown mode" 'mode|foo' e1 \
	"$MV" create e1 --link va --mode foo
WANT_RC=2 refused "refused before sending: malformed MAC" 'mac|address|zz' e1 \
	"$MV" create e1 --link va --mac 02:00:00:zz:00:01
refused "refused: multicast MAC" 'multicast|mac|address' e1 \
	"$MV" create e1 --link va --mac 01:00:5e:00:00:01
refused "refused: all-zero MAC" 'zero|mac|address' e1 \
	"$MV" create e1 --link va --mac 00:00:00:00:00:00
refused "refused: MTU above the lower's, naming the largest allowed" '1500' e1 \
	"$MV" create e1 --link va --mtu 1600
refused "refused: duplicate name" 'exist|t0|in use|name' "" "$MV" create t0 --link va
refused "refused: duplicate MAC on the same lower" 'in use|already|t0|used|busy' e2 \
	"$MV" create e2 --link va --mac 02:00:00:aa:bb:01
t_same_mac_other_lower() {
	mv create e3 --link wa --mac 02:00:00:aa:bb:01 && eq MAC "$(sysfs e3 address)" 02:00:00:aa:bb:01
}
check "same MAC on a different lower is fine" t_same_mac_other_lower
refused "refused: passthru on a lower that has children" 'passthru|child|already' e4 \
	"$MV" create e4 --link va --mode passthru
refused "refused: second child on a passthru lower" 'passthru' e5 "$MV" create e5 --link d1
refused "refused: mode change into passthru" 'passthru' "" "$MV" set t0 --mode passthru
check "mode unchanged after the refused change" mv_is t0 mode vepa
refused "refused: mode change out of passthru" 'passthru' "" "$MV" set tp --mode bridge
check "passthru child still passthru" mv_is tp mode passthru
refused "refused: source add on a non-source child" 'source' "" \
	"$MV" source t0 add 02:00:00:00:5a:09
refused "refused: source flush on a non-source child" 'source' "" "$MV" source t0 flush
refused "refused: multicast MAC in a source list" 'multicast|mac|address' "" \
	"$MV" source t_source add 01:00:5e:00:00:09
refused "refused: name longer than IFNAMSIZ" 'name|long|15|16|IFNAMSIZ' "" \
	"$MV" create abcdefghijklmnopq --link va
check "no truncated name left behind" eval '! dev_exists abcdefghijklmno && ! dev_exists abcdefghijklmnop'
refused "refused with words: a name pattern with two %d" 'pattern.*one %d' "" \
	"$MV" create 'e%d%d' --link va
refused "refused: delete of a child that does not exist" 'nosuch1|no such|not found|exist' "" \
	"$MV" delete nosuch1
refused "refused: set on a child that does not exist" 'nosuch1|no such|not found|exist' "" \
	"$MV" set nosuch1 --mode bridge
refused "refused: delete of a device that is not an mvlan child" 'va|not|mvlan' "" "$MV" delete va
check "the veth was not deleted" dev_exists va
refused "refused: bc-queue-len above the maximum" 'queue|65536|range|large' e6 \
	"$MV" create e6 --link va --bc-queue-len 70000
refused "refused: --netns of a namespace that does not exist" 'nosuchns|namespace|no such|netns' e7 \
	"$MV" create e7 --link va --netns nosuchns
mv create bx1 --link wa >/dev/null
cutoff_before=$(port_get wa bc_cutoff)
refused "refused: batch create with a clashing name, all or nothing" 'bx1|exist|name' bx0 \
	"$MV" create --count 3 --prefix bx --link wa --bc-cutoff 7
check "batch refusal left no bx2" eval '! dev_exists bx2'
check "batch refusal left the port's bc cutoff as it was" \
	eq "wa bc_cutoff" "$(port_get wa bc_cutoff)" "$cutoff_before"
refused "refused: create without CAP_NET_ADMIN (user nobody)" 'permit|permission|privilege|capab' e8 \
	su nobody -s /bin/sh -c "$MV create e8 --link va"
refused "refused: delete without CAP_NET_ADMIN (user nobody)" 'permit|permission|privilege|capab' "" \
	su nobody -s /bin/sh -c "$MV delete t0"
refused "refused: monitor without CAP_NET_ADMIN (user nobody)" 'permit|permission|privilege|capab' "" \
	timeout 20 su nobody -s /bin/sh -c "$MV monitor"
if unshare -U -r true 2>/dev/null; then
	refused "refused: set without CAP_NET_ADMIN (root of a user namespace)" \
		'permit|permission|privilege|capab' "" unshare -U -r "$MV" set t0 --mode bridge
	# Root of a user namespace, in its own network namespace, may create and
	# delete at most 64 children per request.
	in_userns() {	# in_userns SCRIPT: run SCRIPT with $MV as $0, in fresh user and net ns
		unshare -U -r -n sh -c "ip link add ud0 type dummy || exit 9; $1" "$MV"
	}
	refused "refused: 65 children in one request from a user namespace" '64.*namespace|namespace.*64' "" \
		in_userns '"$0" create --count 65 --prefix u --link ud0'
	refused "refused: deleting 65 children in one request from a user namespace" '64.*namespace|namespace.*64' "" \
		in_userns '"$0" create --count 64 --prefix u --link ud0 && "$0" create u64 --link ud0 &&
			"$0" delete $(i=0; while [ $i -le 64 ]; do printf "u%d " $i; i=$((i + 1)); done)'
	t_userns_64() {
		local n
		n=$(in_userns '"$0" create --count 64 --prefix u --link ud0 >/dev/null && "$0" show --json' |
			grep -o '"name" *: *"u[0-9]*"' | wc -l)
		eq "children created in a user namespace" "$n" 64
	}
	check "64 children in one request from a user namespace" t_userns_64
else
	ktap_test_skip "refused: set without CAP_NET_ADMIN (root of a user namespace): no user namespaces in this kernel"
	ktap_test_skip "refused: 65 children in one request from a user namespace: no user namespaces"
	ktap_test_skip "refused: deleting 65 children in one request from a user namespace: no user namespaces"
	ktap_test_skip "64 children in one request from a user namespace: no user namespaces"
fi
check "t0 unchanged after the unprivileged requests" eval 'dev_exists t0 && mv_is t0 mode vepa'

# --- teardown -----------------------------------------------------------------
t_delete_all() {
	local d names=()
	for d in $(mvlan_devs); do names+=("$d"); done
	mv delete "${names[@]}" && ip netns exec tn1 "$MV" delete tn &&
		eq "children left" "$(mvlan_devs) $(mvlan_devs tn1)" " "
}
check "delete of every child leaves none in any namespace" t_delete_all
check "the port is gone once its last child is" no_port va
check "rmmod after the last delete" eval 'rmmod mvlan && [ -z "$(mod_refcnt)" ]'
log "elapsed ${SECONDS}s"
finish
