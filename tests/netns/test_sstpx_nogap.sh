#!/bin/bash
# SPDX-License-Identifier: MIT
# No gap on reconnect (issue 13): sstpx --reconnect against sstpx-testserver keeps its interface
# while it reconnects. The client namespace has a default route through the server namespace (the
# way a leak would take). A probe in the client namespace pings the host behind the server every
# 20 ms throughout; an iptables counter on the client's veth (OUTPUT -o c0 to that host) must stay at 0:
# no probe packet leaves outside the tunnel. Case 1: the server is stopped under the connected client
# and started again 1 s later: while the client waits, its namespace (interface and its ifindex,
# address, routes, rules, resolv.conf) is exactly what it was connected, and the log says the device
# was kept. Case 2: SIGHUP (an immediate reconnection). After each, the interface index is unchanged,
# sstpx logs the packets it dropped and the time without a tunnel, and the probe's longest silence
# (the restarted server hands out another address and DNS server: the device gets them in place of
# the old ones, nothing else changes)
# (the reconnect gap) is printed. SIGTERM then leaves the namespace as it was before.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver --tun TSRV_TUN 192.168.77.1 (ip_forward)
#    ping -i 0.02 10.77.1.2 (probe)
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

count() { # PATTERN LOG
	grep -c -- "$1" "$2" || true
}

wait_count() { # PATTERN N LOG SECONDS DESC
	local deadline=$((SECONDS + $(sx_secs "$4")))
	until (($(count "$1" "$3") >= $2)); do
		kill -0 "$SXC_PID" 2>/dev/null || { sxc_show_log "$3"; sx_fail "sstpx exited while waiting for $5"; }
		((SECONDS < deadline)) || { sxc_show_log "$3"; sx_fail "no $5 within $4 s"; }
		sleep 0.05
	done
}

ifindex() {
	ip -n "$SX_NS_CLIENT" -o link show dev "$SXC_IF" | cut -d: -f1
}

# Packets to the probe's target that left through c0 (outside the tunnel).
leaked() {
	n_client iptables -L OUTPUT -v -x -n | awk -v d="$SX_ADDR_BEHIND" '$7 == "c0" && $9 == d { print $1 }'
}

probe_start() { # OUT
	PROBE_OUT=$1
	ip netns exec "$SX_NS_CLIENT" ping -D -n -i 0.02 -W 1 "$SX_ADDR_BEHIND" >"$PROBE_OUT" 2>&1 &
	PROBE_PID=$!
	sx_cleanup_kill "$PROBE_PID" INT
	sleep 1
}

probe_stop() {
	kill -INT "$PROBE_PID" 2>/dev/null || true
	wait "$PROBE_PID" || true
}

# The longest time between two consecutive replies, in ms (ping -D: "[EPOCH.US] 64 bytes ...").
probe_gap_ms() {
	sed -n 's/^\[\([0-9.]*\)\] [0-9]* bytes from.*/\1/p' "$PROBE_OUT" |
		awk 'NR > 1 && ($1 - p) * 1000 > m { m = ($1 - p) * 1000 } { p = $1 } END { printf "%d\n", m }'
}

check_after() { # DESC LOG IFINDEX
	local n ms
	[[ $(ifindex) == "$3" ]] || sx_fail "$1: $SXC_IF is ifindex $(ifindex) now, was $3"
	tsrv_check_client_up
	n_client ping -c 2 -i 0.2 -W 2 "$SX_ADDR_BEHIND" >/dev/null || sx_fail "$1: no ping through the tunnel"
	probe_stop
	n=$(leaked)
	((n == 0)) || { sxc_show_log "$2"; sx_fail "$1: $n probe packets left through c0 outside the tunnel"; }
	ms=$(probe_gap_ms)
	grep -Eq "reconnect: $SXC_IF kept \(ifindex $3\), address [0-9.]+; [0-9]+ packets dropped in [0-9]+ ms without a tunnel" "$2" ||
		{ sxc_show_log "$2"; sx_fail "$1: no 'kept ... packets dropped' line"; }
	echo "sstpx no-gap ($1): ifindex $3 kept, probe packets leaked through c0: $n, longest probe silence $ms ms;" \
		"$(grep -o 'reconnect: [^ ]* kept (ifindex.*' "$2" | tail -n1)"
}

main() {
	local clog idx before up down
	tsrv_setup
	clog=$SX_TMP/client.log before=$SX_TMP/snapshot.before up=$SX_TMP/snapshot.up down=$SX_TMP/snapshot.down
	sx_require_cmds iptables
	# A way around the tunnel: without sstpx, the probe's packets leave through c0 and are answered.
	n_client ip route add default via "$SX_ADDR_SERVER"
	n_client ping -c 1 -W 2 "$SX_ADDR_BEHIND" >/dev/null || sx_fail "no path to $SX_ADDR_BEHIND outside the tunnel"
	sx_snapshot client "$before"
	n_client iptables -A OUTPUT -o c0 -d "$SX_ADDR_BEHIND" -j ACCEPT

	sx_log "connect with --reconnect; probe $SX_ADDR_BEHIND every 20 ms"
	tsrv_start "$SX_TMP/server1.log" --dns 192.168.77.1
	sxc_start "$clog" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA" --reconnect --reconnect-max-delay 1 -v
	sxc_wait_connected "$clog" 30
	tsrv_check_client_up
	idx=$(ifindex)
	sx_snapshot client "$up"
	probe_start "$SX_TMP/probe1.out"

	sx_log "case 1: the server stops; 1 s later it starts again"
	tsrv_stop TERM 15
	wait_count "reconnect: $SXC_IF kept (ifindex $idx)" 1 "$clog" 15 "the device kept"
	wait_count 'reconnecting in' 1 "$clog" 15 "a reconnection wait"
	sleep 1
	sx_snapshot client "$down"
	sx_snapshot_compare "$up" "$down" "while reconnecting" || sx_fail "the namespace changed while reconnecting"
	# The new server hands out another address and DNS: only they change on the kept device.
	TSRV_POOL=192.168.77.20
	tsrv_start "$SX_TMP/server2.log" --pool "$TSRV_POOL" --dns 192.168.77.2
	wait_count 'connected in [0-9]* ms' 2 "$clog" 30 "the second connection"
	sleep 0.5
	check_after "server restarted" "$clog" "$idx"
	grep -q "reconnect: $SXC_IF address 192.168.77.20 replaces 192.168.77.10" "$clog" ||
		{ sxc_show_log "$clog"; sx_fail "no address replacement logged"; }
	[[ $(ip -n "$SX_NS_CLIENT" -4 -o addr show dev "$SXC_IF" | wc -l) == 1 ]] ||
		sx_fail "$SXC_IF has more than the new address: $(ip -n "$SX_NS_CLIENT" -4 -o addr show dev "$SXC_IF")"
	grep -qx 'nameserver 192.168.77.2' "/etc/netns/$SX_NS_CLIENT/resolv.conf" ||
		sx_fail "resolv.conf does not have the new DNS server: $(cat "/etc/netns/$SX_NS_CLIENT/resolv.conf")"
	! grep -q '192.168.77.1$' "/etc/netns/$SX_NS_CLIENT/resolv.conf" || sx_fail "the old DNS server is still in resolv.conf"
	sx_snapshot client "$up"

	sx_log "case 2: SIGHUP, an immediate reconnection"
	probe_start "$SX_TMP/probe2.out"
	kill -HUP "$SXC_PID"
	wait_count 'connected in [0-9]* ms' 3 "$clog" 30 "the third connection"
	sleep 0.5
	check_after "SIGHUP" "$clog" "$idx"
	# Each connection's IPv6CP brings a new interface identifier: its fe80:: replaces the old one.
	sx_snapshot client "$down"
	sed -i -E "/fe80::[0-9a-f:]+ dev $SXC_IF table local|$SXC_IF +inet6 fe80::/d" "$up" "$down"
	sx_snapshot_compare "$up" "$down" "after two reconnections" || sx_fail "the namespace differs after reconnecting"
	[[ $(ip -n "$SX_NS_CLIENT" -6 -o addr show dev "$SXC_IF" scope link | wc -l) == 1 ]] ||
		sx_fail "$SXC_IF does not have exactly one link-local address"

	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$clog"; sx_fail "SIGTERM: exit $SXC_RC, expected 0"; }
	sxc_check_clean "$before" "SIGTERM after two reconnections"
	tsrv_stop TERM 15
	tsrv_finish
	sx_log "PASS"
}

main "$@"
