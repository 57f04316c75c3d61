#!/bin/bash
# SPDX-License-Identifier: MIT
# IPv6 through the tunnel against sstpx-testserver --ipv6-ra: after IPv6CP the server advertises
# 2001:db8:77::/64 (router lifetime 1800 s, RDNSS 2001:db8:77::53) and routes that prefix to its
# TUN. sstpx (full tunnel) gets 2001:db8:77::<its IPv6CP interface identifier>/64 on its interface
# (SLAAC done by sstpx, not the kernel), ::/1 and 8000::/1 through the tunnel, the IPv6 DNS server
# in the namespace's resolv.conf, and ping6 reaches 2001:db8:99::1 on the server namespace's s1.
# The time from IPv6CP up to the global address is printed. SIGTERM exits 0 and the client
# namespace is as it was. Then --no-default-route: the address, but no IPv6 default route.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24, 2001:db8:99::1/64
#    sstpx -> SXC_IF 192.168.77.10, 2001:db8:77::ID/64   testserver --tun TSRV_TUN (2001:db8:77::/64)
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

PREFIX=2001:db8:77
DNS6=2001:db8:77::53
TARGET=2001:db8:99::1

# Seconds.milliseconds of a log line's "[  1.234]" stamp, in ms.
stamp_ms() { # LOG REGEX
	local t
	t=$(grep -m1 -E "$2" "$1" | sed -E 's/^\[ *([0-9]+)\.([0-9]{3})\].*/\1\2/')
	[[ -n $t ]] || return 1
	echo $((10#$t))
}

one_case() { # NAME FULL(1/0) ARGS...
	local name=$1 full=$2 log=$SX_TMP/client_$1.log addr id routes t_up t_addr
	shift 2
	sx_log "case $name"
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA" -v "$@"
	sxc_wait_connected "$log" 30
	((!full)) || tsrv_check_client_up
	sx_wait_for 10 "the SLAAC address" grep -q "ipv6: address $PREFIX:" "$log" ||
		{ sxc_show_log "$log"; tsrv_show_log "$SX_TMP/server.log"; sx_fail "$name: no SLAAC address"; }
	id=$(sed -n 's/.*ipv6cp: interface identifier \([0-9a-f]*\),.*/\1/p' "$log" | head -n1)
	addr=$(printf '%s:%x:%x:%x:%x' "$PREFIX:0" $((16#${id:0:4})) $((16#${id:4:4})) \
		$((16#${id:8:4})) $((16#${id:12:4})))
	ip -n "$SX_NS_CLIENT" -6 -o addr show dev "$SXC_IF" scope global | grep -q "inet6 $addr/64" ||
		sx_fail "$name: $SXC_IF has no $addr/64: $(ip -n "$SX_NS_CLIENT" -6 -o addr show dev "$SXC_IF")"
	routes=$(ip -n "$SX_NS_CLIENT" -6 route show)
	if ((full)); then
		grep -Eq "^::/1 dev $SXC_IF " <<<"$routes" || sx_fail "$name: no ::/1 via $SXC_IF: $routes"
		grep -Eq "^8000::/1 dev $SXC_IF " <<<"$routes" || sx_fail "$name: no 8000::/1 via $SXC_IF: $routes"
		n_client ping -6 -c 3 -i 0.2 -W 2 "$TARGET" >"$SX_TMP/ping6.out" 2>&1 ||
			{ cat "$SX_TMP/ping6.out" >&2; sxc_show_log "$log"; sx_fail "$name: ping6 $TARGET"; }
		grep -q "^nameserver $DNS6\$" "/etc/netns/$SX_NS_CLIENT/resolv.conf" ||
			sx_fail "$name: no nameserver $DNS6: $(cat "/etc/netns/$SX_NS_CLIENT/resolv.conf")"
	else
		! grep -Eq "^(::|8000::)/1 " <<<"$routes" || sx_fail "$name: IPv6 default halves with --no-default-route: $routes"
	fi
	t_up=$(stamp_ms "$log" 'ipv6cp: interface identifier') || sx_fail "$name: no IPv6CP line"
	t_addr=$(stamp_ms "$log" "ipv6: address $PREFIX:") || sx_fail "$name: no address line"
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "$name: SIGTERM: exit $SXC_RC, expected 0"; }
	! grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" ||
		{ sxc_show_log "$log"; sx_fail "$name: sanitizer report in sstpx's output"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "SIGTERM ($name)"
	tsrv_wait_log "$SX_TMP/server.log" "session ended: " 10
	echo "sstpx ipv6 $name: $addr/64 $((t_addr - t_up)) ms after IPv6CP up$( ((full)) && echo ", ::/1 + 8000::/1, DNS $DNS6, ping6 $TARGET 3/3")"
}

main() {
	tsrv_setup
	sx_require_cmds ping
	ip -n "$SX_NS_SERVER" -6 addr add "$TARGET/64" dev s1 nodad
	sx_snapshot client "$SX_TMP/snapshot.before"
	tsrv_start "$SX_TMP/server.log" --ipv6-ra "$PREFIX::/64,$DNS6"
	one_case full 1
	one_case split 0 --no-default-route --route 10.77.1.0/24
	tsrv_stop TERM 10
	tsrv_expect_log "$SX_TMP/server.log" "ipv6: sent router advertisement"
	tsrv_finish
	sx_log "PASS"
}

main "$@"
