#!/bin/bash
# SPDX-License-Identifier: MIT
# The real sstpx client against sstpx-testserver, the strict server that checks the crypto binding:
# for each hash offer (sha1, sha256, both) the client connects with the test CA, gets 192.168.77.10,
# pings the host behind the server through the tunnel, the server logs "binding verified" with the
# hash the client had to choose, SIGTERM to the client exits 0 and leaves its namespace as it was,
# and the server (--once) ends with exit 0 and removes its TUN device. Then, without --once, the
# server takes a second client after the first has gone, and SIGTERM while that one is connected
# ends the session (the client exits 8, "server disconnected", and leaves nothing behind) and the
# server with exit 0.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver --tun TSRV_TUN 192.168.77.1 (ip_forward)
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

ping_behind() { # COUNT SERVER_LOG
	n_client ping -c "$1" -i 0.2 -W 2 "$SX_ADDR_BEHIND" >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; tsrv_show_log "$2"; sx_fail "ping $SX_ADDR_BEHIND through the tunnel"; }
	grep -q "$1 packets transmitted, $1 received" "$SX_TMP/ping.out" ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "not all $1 pings answered"; }
}

one_case() { # HASH EXPECTED_BINDING
	local hash=$1 want=$2 slog=$SX_TMP/server_$1.log clog=$SX_TMP/client_$1.log
	sx_log "case --hash $hash: connect, ping $SX_ADDR_BEHIND, binding $want, SIGTERM"
	tsrv_start "$slog" --hash "$hash" --once
	sxc_start "$clog" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA"
	sxc_wait_connected "$clog" 30
	tsrv_check_client_up
	ping_behind 3 "$slog"
	tsrv_expect_log "$slog" "client $TSRV_USER authenticated"
	tsrv_expect_log "$slog" "binding verified \\($want\\)"
	tsrv_expect_log "$slog" "ip up: client ${TSRV_POOL//./\\.}"
	! grep -q 'binding FAILED' "$slog" || { tsrv_show_log "$slog"; sx_fail "binding FAILED logged"; }
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$clog"; sx_fail "sstpx SIGTERM: exit $SXC_RC, expected 0"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "SIGTERM (--hash $hash)"
	tsrv_wait_exit 15
	tsrv_expect_exit 0 "--once --hash $hash"
	tsrv_expect_log "$slog" "session ended: "
	echo "testserver --hash $hash: client connected in $SXC_CONNECT_MS ms, binding $want verified, 3/3 pings"
}

# Without --once: two clients one after the other, then SIGTERM to the server mid-session.
serial_case() {
	local slog=$SX_TMP/server_serial.log clog
	sx_log "case serial: two sessions on one server, then SIGTERM to the server"
	tsrv_start "$slog"
	for n in 1 2; do
		clog=$SX_TMP/client_serial$n.log
		sxc_start "$clog" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
			--cafile "$TSRV_CA"
		sxc_wait_connected "$clog" 30
		ping_behind 1 "$slog"
		((n == 2)) || { sxc_stop TERM 10; tsrv_wait_log "$slog" "session ended: " 10; }
	done
	[[ $(grep -c 'binding verified (' "$slog") -eq 2 ]] || { tsrv_show_log "$slog"; sx_fail "not two bindings verified"; }
	tsrv_stop TERM 15
	tsrv_expect_exit 0 "SIGTERM to the server"
	sxc_wait_exit "$SXC_PID" 15
	((SXC_RC == 8)) || { sxc_show_log "$clog"; sx_fail "sstpx after the server stopped: exit $SXC_RC, expected 8"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "server stopped"
	echo "testserver: two sessions in a row; SIGTERM mid-session: server exit 0, client exit 8, clean"
}

main() {
	tsrv_setup
	sx_snapshot client "$SX_TMP/snapshot.before"
	one_case sha1 sha1
	one_case sha256 sha256
	one_case both sha256
	serial_case
	tsrv_finish
	sx_log "PASS"
}

main "$@"
