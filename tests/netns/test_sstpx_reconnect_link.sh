#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx --reconnect when the client's link is cut (ip link set c0 down in the client namespace):
# the dead peer is noticed by the keepalive (bounded at 45 s, the measured seconds are printed),
# the interface is kept, attempts fail while the link is down ("Network is unreachable/down"), and
# once it is up again sstpx connects again by itself: interface, routes and DNS set up again and
# ping answered. SIGTERM then exits 0 and leaves the namespace as it was.
#
#   [client] c0 10.77.0.2/24 -X-- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

BOUND_S=45

main() {
	local log before t0 ms
	sxc_setup
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"
	log=$SX_TMP/link.log

	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --reconnect --reconnect-max-delay 4
	sxc_wait_connected "$log" 30
	sxc_check_connected "$log"

	sx_log "link c0 down under the connected client"
	sx_cleanup_push ip -n "$SX_NS_CLIENT" link set c0 up
	t0=$(date +%s%N)
	ip -n "$SX_NS_CLIENT" link set c0 down
	sx_wait_for $((BOUND_S + 5)) "the lost link noticed" grep -q 'reconnecting in' "$log" ||
		{ sxc_show_log "$log"; sx_fail "no reconnection within $((BOUND_S + 5)) s of the link going down"; }
	ms=$((($(date +%s%N) - t0) / 1000000))
	((ms < BOUND_S * 1000)) || { sxc_show_log "$log"; sx_fail "the lost link took $ms ms to notice"; }
	sx_wait_for 20 "an attempt failing on the down link" grep -Eq 'Network is (unreachable|down)' "$log" ||
		{ sxc_show_log "$log"; sx_fail "no attempt failed with the link down"; }
	# Issue 13: the interface stays (traffic is dropped, never leaks) while sstpx reconnects.
	ip -n "$SX_NS_CLIENT" link show dev "$SXC_IF" >/dev/null 2>&1 ||
		sx_fail "interface $SXC_IF gone while the link is down (it is kept while reconnecting)"
	echo "sstpx link cut: noticed after $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s (bound $BOUND_S s): $(grep -m1 -E 'disconnected|silent' "$log" || true)"

	sx_log "link c0 up again: sstpx comes back by itself"
	ip -n "$SX_NS_CLIENT" link set c0 up
	t0=$(date +%s%N)
	sx_wait_for 40 "a second connection" sh -c "[ \$(grep -c 'connected in [0-9]* ms' '$log') -ge 2 ]" ||
		{ sxc_show_log "$log"; sx_fail "not connected again within 40 s of the link coming back"; }
	ms=$((($(date +%s%N) - t0) / 1000000))
	sxc_check_connected "$log"
	n_client ping -c 3 -i 0.2 -W 2 192.168.30.1 >/dev/null || sx_fail "ping after the link came back"
	echo "sstpx link cut: connected again $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s after the link came up; waits: $(grep -o 'reconnecting in [0-9.]* s' "$log" | tr '\n' ' ')"

	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC, expected 0"; }
	sxc_check_clean "$before" "SIGTERM after the reconnection"
	sxc_finish
	sx_log "PASS"
}

main "$@"
