#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx --reconnect notices a change of its path to the server from the kernel's netlink news and
# reconnects at once, without waiting for dead-peer detection, against sstpx-testserver:
#   1. the route to the server (sstpx's host route 10.77.0.1 dev c0, from 10.77.0.0/24 dev c0) is
#      replaced by one via 10.77.2.1 dev c1: a "network_changed" event ("route changed") within a
#      second of the change (times SX_WAIT_SCALE; the measured milliseconds are printed), a
#      "disconnected" event naming the network change, then a new connection over c1 that carries
#      a ping;
#   2. a less specific route than the one in use (10.77.0.0/28 dev c0) changes nothing: no event;
#   3. c1 (the link in use now) is set down: "link down" within the same bound, a new connection
#      over c0 (10.77.0.0/24 again), ping again. The testserver serves one session at a time
#      and waits for the old one (its path is gone) to time out first: about 10 s.
# SIGTERM then exits 0 and, once the test's own route changes are put back, the client namespace
# is as it was (routes compared sorted: re-added kernel routes may come back in another order).
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#            c1 10.77.2.2/24 ---- s2 10.77.2.1/24   testserver --tun TSRV_TUN 192.168.77.1
#    sstpx -> SXC_IF 192.168.77.10
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

# A bound that catches a client waiting for dead-peer detection (tens of seconds) instead of
# reacting to the kernel's news, not a speed measurement (tools/bench measures): 1 s, stretched by
# SX_WAIT_SCALE like every wait here (ASan under ctest -j4 on 2 cores took 182-248 ms, and more
# under load).
BOUND_MS=$(($(sx_secs 1) * 1000))

# Milliseconds since the epoch of the ISO 8601 "time" member of the n-th network_changed event.
event_ms() { # LOG N
	local t
	t=$(grep '^{"event":"network_changed"' "$1" | sed -n "$2p" | sed -E 's/.*"time":"([^"]*)".*/\1/')
	[[ -n $t ]] || return 1
	date -d "$t" +%s%3N
}

events() { grep -c '^{"event":"network_changed"' "$1" || true; }
connections() { grep -c 'connected in [0-9]* ms' "$1" || true; }

ping_behind() { # LOG
	n_client ping -c 3 -i 0.2 -W 2 "$SX_ADDR_BEHIND" >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sxc_show_log "$1"; tsrv_show_log "$SX_TMP/server.log"; sx_fail "ping $SX_ADDR_BEHIND through the tunnel"; }
}

# Runs CMD in the client namespace, then waits for event N ("CHANGE") and connection N+1; prints
# the reaction time.
change_and_wait() { # LOG N CHANGE DESC CMD...
	local log=$1 n=$2 change=$3 desc=$4 t0 t1 ms
	shift 4
	t0=$(date +%s%3N)
	n_client "$@"
	sx_wait_for 5 "network_changed event $n" sh -c "[ \$(grep -c '^{\"event\":\"network_changed\"' '$log') -ge $n ]" ||
		{ sxc_show_log "$log"; sx_fail "$desc: no network_changed event"; }
	t1=$(event_ms "$log" "$n") || sx_fail "$desc: no time in the event"
	ms=$((t1 - t0))
	grep '^{"event":"network_changed"' "$log" | sed -n "${n}p" | grep -q "\"change\":\"$change\"" ||
		{ sxc_show_log "$log"; sx_fail "$desc: the event is not \"$change\""; }
	((ms < BOUND_MS)) || { sxc_show_log "$log"; sx_fail "$desc: noticed after $ms ms (bound $BOUND_MS)"; }
	sx_wait_for 40 "connection $((n + 1))" sh -c "[ \$(grep -c 'connected in [0-9]* ms' '$log') -ge $((n + 1)) ]" ||
		{ sxc_show_log "$log"; sx_fail "$desc: not connected again"; }
	echo "sstpx netwatch: $desc: network_changed ($change) $ms ms after the change (bound $BOUND_MS ms), connected again"
}

main() {
	local log before after
	tsrv_setup
	sx_veth client c1 10.77.2.2/24 server s2 10.77.2.1/24
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"
	tsrv_start "$SX_TMP/server.log"
	log=$SX_TMP/client.log
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA" --reconnect --events json -v
	sxc_wait_connected "$log" 30
	tsrv_check_client_up
	grep -q 'netwatch: watching the path to 10.77.0.1: 10.77.0.0/24 dev c0' "$log" ||
		{ sxc_show_log "$log"; sx_fail "no path watched"; }
	((${#SXC_IF} > 0 && $(events "$log") == 0)) || sx_fail "a network_changed event before any change"

	sx_log "1. the route to the server replaced: via 10.77.2.1 dev c1"
	change_and_wait "$log" 1 "route changed" "route replaced" \
		ip route replace 10.77.0.1/32 via 10.77.2.1 dev c1
	tsrv_check_client_up
	grep -q '^10.77.0.1 via 10.77.2.1 dev c1' <<<"$(ip -n "$SX_NS_CLIENT" -4 route show)" ||
		sx_fail "the new connection's host route is not via c1: $(ip -n "$SX_NS_CLIENT" -4 route show)"
	tsrv_wait_log "$SX_TMP/server.log" "connection from 10\\.77\\.2\\.2" 10
	ping_behind "$log"
	grep -q '"reason":"the network path to the server changed"' "$log" ||
		{ sxc_show_log "$log"; sx_fail "the disconnected event does not name the network change"; }

	sx_log "2. a less specific route added: no change"
	n_client ip route add 10.77.0.0/28 dev c0 src 10.77.0.2
	sleep 0.5
	(($(events "$log") == 1 && $(connections "$log") == 2)) ||
		{ sxc_show_log "$log"; sx_fail "a less specific route counted as a change"; }

	sx_log "3. the link in use (c1) set down: back over c0"
	change_and_wait "$log" 2 "link down" "link down" ip link set c1 down
	grep -q '^10.77.0.1 dev c0' <<<"$(ip -n "$SX_NS_CLIENT" -4 route show)" ||
		sx_fail "the third connection's host route is not via c0: $(ip -n "$SX_NS_CLIENT" -4 route show)"
	ping_behind "$log"

	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC, expected 0"; }
	! grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" ||
		{ sxc_show_log "$log"; sx_fail "sanitizer report in sstpx's output"; }
	! ip -n "$SX_NS_CLIENT" link show dev "$SXC_IF" >/dev/null 2>&1 || sx_fail "interface $SXC_IF still there"
	[[ ! -e $SXC_STATE_DIR/$SXC_IF.undo ]] || sx_fail "journal $SXC_STATE_DIR/$SXC_IF.undo left"
	n_client ip route del 10.77.0.0/28 dev c0
	n_client ip link set c1 up
	sx_wait_for 5 "c1 up" sx__link_ready "$SX_NS_CLIENT" c1 || sx_fail "c1 has no carrier again"
	after=$SX_TMP/snapshot.after
	sx_snapshot client "$after"
	sort -o "$before" "$before"
	sort -o "$after" "$after"
	sx_snapshot_compare "$before" "$after" "client namespace after SIGTERM" || sx_fail "changes left (diff above)"
	tsrv_stop TERM 10
	tsrv_finish
	sx_log "PASS"
}

main "$@"
