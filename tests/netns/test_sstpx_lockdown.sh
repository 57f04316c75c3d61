#!/bin/bash
# SPDX-License-Identifier: MIT
# --lockdown (issue 13) against sstpx-testserver. The client namespace has a default route (IPv4 and
# IPv6) through the server namespace, so anything not stopped would really leave through c0;
# iptables/ip6tables counters on OUTPUT -o c0 count what does. With the server down and sstpx
# --lockdown --reconnect --lockdown-allow 10.77.0.3/32 waiting: the host behind the server
# (10.77.1.2), a LAN host that is not exempt (10.77.0.4) and an IPv6 address (fd77::1) get
# "unreachable" and nothing leaves (counters 0); the server's address is exempt (its attempts are
# refused by the server namespace, not unreachable); loopback, the client's own address and the
# exempt LAN host answer. Once the server is up: connected, the host behind answers through the
# tunnel, still nothing leaves c0 for it or for the LAN host. Every exit leaves the namespace as it
# was (routes, rules and tables compared with a snapshot): SIGTERM, a failure without --reconnect
# (exit 4), and SIGKILL followed by `sstpx cleanup`.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#            fd77::2/64             10.77.0.3, 10.77.0.4, fd77::1
#    sstpx --lockdown -> SXC_IF 192.168.77.10   testserver --tun TSRV_TUN 192.168.77.1 (ip_forward)
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

EXEMPT=10.77.0.3
LANHOST=10.77.0.4

# Packets that left through c0 for DST (iptables or ip6tables counter).
out_count() { # DST
	local t=iptables
	[[ $1 == *:* ]] && t=ip6tables
	n_client "$t" -L OUTPUT -v -x -n | awk -v d="$1" '$7 == "c0" && ($9 == d || $9 == d "/128") { print $1 }'
}

counters() {
	local d
	for d in "$SX_ADDR_BEHIND" "$LANHOST" "$EXEMPT" "$SX_ADDR_SERVER"; do
		n_client iptables -A OUTPUT -o c0 -d "$d" -j ACCEPT
	done
	n_client ip6tables -A OUTPUT -o c0 -d fd77::1 -j ACCEPT
}

expect_zero() { # DST DESC LOG
	local n
	n=$(out_count "$1")
	((n == 0)) || { sxc_show_log "$3"; sx_fail "$2: $n packets left through c0 for $1"; }
}

expect_unreachable() { # DST LOG
	local fam=-4 out
	[[ $1 == *:* ]] && fam=-6
	if out=$(n_client ping "$fam" -c 2 -i 0.2 -W 1 "$1" 2>&1); then
		sxc_show_log "$2"
		sx_fail "ping $1 answered under lockdown: $out"
	fi
	grep -Eqi 'unreachable|No route to host' <<<"$out" || sx_fail "ping $1 under lockdown: not unreachable: $out"
}

expect_answer() { # DST DESC
	n_client ping -c 2 -i 0.2 -W 2 "$1" >/dev/null 2>&1 || sx_fail "$2: ping $1 not answered"
}

lockdown_args() {
	echo "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" --cafile "$TSRV_CA" \
		--lockdown --lockdown-allow "$EXEMPT/32"
}

main() {
	local log before now
	tsrv_setup
	sx_require_cmds iptables ip6tables
	n_server ip addr add "$EXEMPT/24" dev s0
	n_server ip addr add "$LANHOST/24" dev s0
	n_server ip -6 addr add fd77::1/64 dev s0 nodad
	n_client ip -6 addr add fd77::2/64 dev c0 nodad
	n_client ip route add default via "$SX_ADDR_SERVER"
	n_client ip -6 route add default via fd77::1
	expect_answer "$SX_ADDR_BEHIND" "before sstpx (the path a leak would take)"
	counters
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"
	log=$SX_TMP/lockdown.log

	sx_log "server down: sstpx --lockdown --reconnect waits; nothing leaves"
	# shellcheck disable=SC2046 # the words of lockdown_args
	sxc_start "$log" $(lockdown_args) --reconnect --reconnect-max-delay 1
	sx_wait_for 15 "lockdown on" grep -q 'lockdown: on' "$log" || { sxc_show_log "$log"; sx_fail "no 'lockdown: on'"; }
	sx_wait_for 15 "a refused attempt" grep -q 'Connection refused' "$log" ||
		{ sxc_show_log "$log"; sx_fail "the server's address is not exempt (no refused attempt)"; }
	expect_unreachable "$SX_ADDR_BEHIND" "$log"
	expect_unreachable "$LANHOST" "$log"
	expect_unreachable fd77::1 "$log"
	expect_answer 127.0.0.1 "loopback under lockdown"
	expect_answer "$SX_ADDR_CLIENT" "the client's own address under lockdown"
	expect_answer "$EXEMPT" "the exempt host under lockdown"
	expect_zero "$SX_ADDR_BEHIND" "server down" "$log"
	expect_zero "$LANHOST" "server down" "$log"
	expect_zero fd77::1 "server down" "$log"
	(($(out_count "$EXEMPT") > 0)) || sx_fail "the exempt host's packets were not counted on c0"
	echo "sstpx --lockdown, server down: $SX_ADDR_BEHIND, $LANHOST and fd77::1 unreachable, 0 packets out;" \
		"loopback, own address and $EXEMPT answer; rules: $(n_client ip rule show | grep -c 'lookup') IPv4"
	n_client ip rule show | sed 's/^/    /' >&2

	sx_log "server up: connected under lockdown"
	tsrv_start "$SX_TMP/server.log"
	sxc_wait_connected "$log" 30
	tsrv_check_client_up
	expect_answer "$SX_ADDR_BEHIND" "through the tunnel under lockdown"
	expect_zero "$SX_ADDR_BEHIND" "connected" "$log"
	n_client ping -c 1 -W 1 "$LANHOST" >/dev/null 2>&1 || true
	expect_zero "$LANHOST" "connected" "$log"
	echo "sstpx --lockdown, connected: $SX_ADDR_BEHIND answers through the tunnel, 0 packets out on c0"

	sx_log "SIGTERM: the lockdown goes with sstpx"
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC"; }
	sxc_check_clean "$before" "SIGTERM under lockdown"

	sx_log "SIGKILL, then sstpx cleanup"
	sxc_start "$log.kill" $(lockdown_args) --reconnect
	sxc_wait_connected "$log.kill" 30
	kill -KILL "$SXC_PID"
	sxc_wait_exit "$SXC_PID" 10
	now=$SX_TMP/snapshot.killed
	sx_snapshot client "$now"
	grep -q 'lookup 535' "$now" || sx_fail "SIGKILL: the lockdown rules are not there any more before cleanup"
	expect_unreachable "$LANHOST" "$log.kill"
	ip netns exec "$SX_NS_CLIENT" "$SXC_SSTPX" cleanup "$SXC_IF" >"$SX_TMP/cleanup.log" 2>&1 ||
		{ cat "$SX_TMP/cleanup.log" >&2; sx_fail "sstpx cleanup failed"; }
	sxc_check_clean "$before" "SIGKILL + sstpx cleanup"
	tsrv_stop TERM 15

	sx_log "server down, no --reconnect: exit 4 and nothing left"
	sxc_expect_fail 4 "$SX_TMP/fail.log" 30 $(lockdown_args)
	grep -q 'lockdown: on' "$SX_TMP/fail.log" || { sxc_show_log "$SX_TMP/fail.log"; sx_fail "no lockdown in the failing run"; }
	sxc_check_clean "$before" "a failed attempt under lockdown"
	expect_zero "$SX_ADDR_BEHIND" "the whole test" "$log"
	echo "sstpx --lockdown: SIGTERM, SIGKILL + cleanup and exit 4 leave no rule, table or route"
	tsrv_finish
	sx_log "PASS"
}

main "$@"
