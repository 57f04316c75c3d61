#!/bin/bash
# SPDX-License-Identifier: MIT
# An IPv4-only full tunnel does not leak IPv6 (issue 13). The client namespace has an IPv6 default
# route through the server namespace; sstpx --no-ipv6 (no IPv6CP) routes all IPv4 through the
# tunnel. An IPv6 probe to an address beyond (fd77:1::2, via the default route) gets "No route to
# host" (an unreachable route) and an ip6tables counter on OUTPUT -o c0 stays 0; the on-link IPv6 neighbour
# (fd77::1) still answers, as the IPv4 LAN does. With --no-block-ipv6 the probe's packets leave
# (the counter grows): the opt-out. Each SIGTERM leaves the namespace as it was (rules, tables).
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#            fd77::2/64             fd77::1/64
#    sstpx --no-ipv6 -> SXC_IF 192.168.77.10   testserver --tun TSRV_TUN 192.168.77.1
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

TARGET=fd77:1::2

out6() {
	n_client ip6tables -L OUTPUT -v -x -n | awk -v d="$TARGET" '$7 == "c0" && ($9 == d || $9 == d "/128") { print $1 }'
}

main() {
	local log out before n
	tsrv_setup
	sx_require_cmds ip6tables
	n_server ip -6 addr add fd77::1/64 dev s0 nodad
	n_client ip -6 addr add fd77::2/64 dev c0 nodad
	n_client ip -6 route add default via fd77::1
	n_client ip6tables -A OUTPUT -o c0 -d "$TARGET" -j ACCEPT
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"
	tsrv_start "$SX_TMP/server.log"

	sx_log "full tunnel, IPv4 only: IPv6 beyond is unreachable"
	log=$SX_TMP/block.log
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA" --no-ipv6
	sxc_wait_connected "$log" 30
	grep -q 'ipv6: everything but the local links outside the tunnel is unreachable' "$log" ||
		{ sxc_show_log "$log"; sx_fail "no IPv6 block line"; }
	if out=$(n_client ping -6 -c 3 -i 0.2 -W 1 "$TARGET" 2>&1); then
		sx_fail "ping $TARGET answered: $out"
	fi
	# An unreachable route: EHOSTUNREACH at once, nothing sent.
	grep -Eq 'No route to host|unreachable' <<<"$out" || sx_fail "ping $TARGET: not unreachable: $out"
	n=$(out6)
	((n == 0)) || sx_fail "$n IPv6 packets left through c0 for $TARGET"
	n_client ping -6 -c 1 -W 2 fd77::1 >/dev/null || sx_fail "the on-link IPv6 neighbour does not answer"
	echo "sstpx IPv4-only full tunnel: ping -6 $TARGET: $(grep -m1 -Eo 'connect: [A-Za-z ]+' <<<"$out"), packets out on c0: $n"
	n_client ip -6 rule show | sed 's/^/    /' >&2
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC"; }
	sxc_check_clean "$before" "SIGTERM with the IPv6 block"

	sx_log "--no-block-ipv6: IPv6 leaves as before"
	log=$SX_TMP/noblock.log
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA" --no-ipv6 --no-block-ipv6
	sxc_wait_connected "$log" 30
	n_client ping -6 -c 2 -i 0.2 -W 1 "$TARGET" >/dev/null 2>&1 || true
	n=$(out6)
	((n > 0)) || sx_fail "--no-block-ipv6: no IPv6 packet left (the opt-out does not work)"
	echo "sstpx --no-block-ipv6: $n IPv6 packets left through c0 (opt-out)"
	sxc_stop TERM 10
	sxc_check_clean "$before" "SIGTERM with --no-block-ipv6"
	tsrv_stop TERM 15
	tsrv_finish
	sx_log "PASS"
}

main "$@"
