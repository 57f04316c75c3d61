#!/bin/bash
# SPDX-License-Identifier: MIT
# Server-pushed routes and DNS domains (issue 13): on a split tunnel (--no-default-route) sstpx
# sends a DHCPINFORM through the tunnel and sstpx-testserver (--dhcp FILE) answers with a domain,
# a search list and classless routes (option 121 and 249). Checked: the routes are on the tunnel
# device and carry traffic (ping to the host behind the server), a pushed route covering the
# server's address is refused with a warning, the domains reach resolv.conf as a search list with
# the line that says what a plain file cannot do, and the --events json "pushed" event and
# `sstpx status` list routes and domains. SIGTERM leaves the namespace as it was; so does SIGKILL (the device and its
# routes go with the process, the journal keeps the rest) + `sstpx cleanup`.
# With --reconnect a SIGHUP reconnects, and the new set the server hands out (the file changed)
# replaces the old one. --no-dhcp-inform asks for nothing; a server that does not answer
# (--no-dhcp) costs nothing: "connected" does not wait for the answer (the "connected" event says
# "dhcp":"waiting", a later "pushed" event lists what came), and the deadline passes quietly after.
# Under --lockdown the routes that come after "connected" get their copy in the lock's table
# (ping through them), and all of it goes at SIGTERM.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver --tun TSRV_TUN 192.168.77.1 --dhcp FILE
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

client_args() {
	printf '%s\n' "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA" --no-default-route --no-ipv6
}

routes() {
	ip -n "$SX_NS_CLIENT" -4 route show
}

expect_route() { # PREFIX LOG
	grep -Eq "^${1//./\\.} dev $SXC_IF( |$)" <<<"$(routes)" ||
		{ sxc_show_log "$2"; routes >&2; sx_fail "no pushed route $1 on $SXC_IF"; }
}

expect_no_route() { # PREFIX
	if grep -Eq "^${1//./\\.} dev $SXC_IF( |$)" <<<"$(routes)"; then
		routes >&2
		sx_fail "route $1 on $SXC_IF"
	fi
}

expect_log() { # LOG REGEX
	grep -Eq -- "$2" "$1" || { sxc_show_log "$1"; sx_fail "sstpx did not log /$2/"; }
}

wait_pushed() { # LOG [N]: the N-th answer (default 1) applied after "connected"
	sx_wait_for 10 "pushed routes in place" sh -c \
		"[ \$(grep -c 'dhcp: pushed routes and domains in place' '$1') -ge ${2:-1} ]" ||
		{ sxc_show_log "$1"; sx_fail "the pushed routes were not applied after \"connected\""; }
}

resolv() {
	cat "/etc/netns/$SX_NS_CLIENT/resolv.conf"
}

ping_behind() { # LOG
	n_client ping -c 2 -i 0.2 -W 2 "$SX_ADDR_BEHIND" >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sxc_show_log "$1"; sx_fail "ping $SX_ADDR_BEHIND through a pushed route"; }
}

second_set() {
	cat >"$SX_TMP/dhcp.conf" <<-EOF
		domain other.example
		route 10.77.1.0/24
		route 10.97.0.0/16
		routes-option 249
		dns 192.168.77.53
	EOF
}

case_pushed() {
	local log=$SX_TMP/c1.log
	sx_log "case 1: pushed routes and domains applied, the route over the server refused"
	tsrv_dhcp_first_set "$SX_TMP/dhcp.conf"
	tsrv_start "$SX_TMP/s1.log" --dhcp "$SX_TMP/dhcp.conf"
	mapfile -t args < <(client_args)
	sxc_start "$log" "${args[@]}" --dns-domain lab.test --events json
	sxc_wait_connected "$log" 30
	wait_pushed "$log"
	tsrv_expect_log "$SX_TMP/s1.log" 'dhcp: rcvd DHCP message type 8 from 192\.168\.77\.10, vendor class "MSFT 5\.0", 7 parameters'
	expect_route 10.77.1.0/24 "$log"
	expect_route 10.98.1.0/24 "$log"
	expect_no_route 10.77.0.0/24
	expect_log "$log" 'dhcp: pushed route 10\.77\.0\.0/24 covers 10\.77\.0\.1:443, the address sstpx connects to: refused'
	expect_log "$log" 'dhcp: the server pushed 3 routes \(option 121\), domain "corp\.example", 2 search domains'
	grep -qx <<<"$(resolv)" 'nameserver 192\.168\.77\.53' || { resolv >&2; sx_fail "no pushed DNS server"; }
	grep -qx <<<"$(resolv)" 'search corp\.example eng\.corp\.example lab\.test' ||
		{ resolv >&2; sx_fail "resolv.conf has not the pushed and configured search list"; }
	expect_log "$log" 'dns: resolv\.conf has no per-domain routing: .*names outside these domains may still use the tunnel.s servers'
	# "connected" comes before the answer; "pushed" lists what it brought
	expect_log "$log" '^\{"event":"connected",.*"routes":\[\],"dns_domains":\["lab\.test"\],"dhcp":"waiting"'
	expect_log "$log" '^\{"event":"pushed","phase":"connected",.*"routes":\["10\.77\.1\.0/24","10\.98\.1\.0/24"\],"dns_domains":\["corp\.example","eng\.corp\.example","lab\.test"\],"dhcp":"answered"'
	ping_behind "$log"
	# the status socket reads the same facts, and the readable status says the answer came
	"$SXC_SSTPX" status "$SXC_IF" --json >"$SX_TMP/status.json" || sx_fail "sstpx status --json failed"
	grep -q '"routes":\["10\.77\.1\.0/24","10\.98\.1\.0/24"\],"dns_domains":\["corp\.example","eng\.corp\.example","lab\.test"\],"dhcp":"answered"' \
		"$SX_TMP/status.json" || { cat "$SX_TMP/status.json" >&2; sx_fail "status: pushed routes, domains or dhcp wrong"; }
	"$SXC_SSTPX" status "$SXC_IF" | grep -qx '  pushed: answered' || { "$SXC_SSTPX" status "$SXC_IF" >&2; sx_fail "status: no 'pushed: answered'"; }
	grep -E '^(ipcp|tun|route|dhcp|dns|connected|sstpx: warning)' "$log" | sed 's/^/    /'
	grep "dev $SXC_IF" <<<"$(routes)" | sed 's/^/    ip route: /'
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "SIGTERM with pushed routes"
	tsrv_stop TERM 15
	echo "pushed: 2 routes applied, 1 refused, 3 domains; connected in $SXC_CONNECT_MS ms"
}

case_sigkill() {
	local log=$SX_TMP/c2.log
	sx_log "case 2: SIGKILL leaves the pushed routes in the journal; sstpx cleanup removes them"
	tsrv_dhcp_first_set "$SX_TMP/dhcp.conf"
	tsrv_start "$SX_TMP/s2.log" --dhcp "$SX_TMP/dhcp.conf"
	mapfile -t args < <(client_args)
	sxc_start "$log" "${args[@]}"
	sxc_wait_connected "$log" 30
	wait_pushed "$log"
	expect_route 10.98.1.0/24 "$log"
	grep -q "^route4 del 10\.98\.1\.0/24 dev $SXC_IF$" "$SXC_STATE_DIR/$SXC_IF.undo" ||
		{ cat "$SXC_STATE_DIR/$SXC_IF.undo" >&2; sx_fail "pushed route not journaled"; }
	sxc_stop KILL 10
	# the kernel removes a dead process's TUN device and its routes; the rest waits for cleanup
	grep -q <<<"$(resolv)" '^search corp\.example' || { resolv >&2; sx_fail "SIGKILL: the pushed domains are already gone?"; }
	ip netns exec "$SX_NS_CLIENT" "$SXC_SSTPX" cleanup "$SXC_IF" >"$SX_TMP/cleanup.log" 2>&1 ||
		{ cat "$SX_TMP/cleanup.log" >&2; sx_fail "sstpx cleanup failed"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "SIGKILL + sstpx cleanup"
	tsrv_stop TERM 15
}

case_reconnect() {
	local log=$SX_TMP/c3.log
	sx_log "case 3: reconnect: the server's new set replaces the old one"
	tsrv_dhcp_first_set "$SX_TMP/dhcp.conf"
	tsrv_start "$SX_TMP/s3.log" --dhcp "$SX_TMP/dhcp.conf"
	mapfile -t args < <(client_args)
	sxc_start "$log" "${args[@]}" --reconnect
	sxc_wait_connected "$log" 30
	wait_pushed "$log"
	expect_route 10.98.1.0/24 "$log"
	second_set
	kill -HUP "$SXC_PID"
	sx_wait_for 30 "a second connection" sh -c "[ \$(grep -c 'connected in [0-9]* ms' '$log') -ge 2 ]" ||
		{ sxc_show_log "$log"; sx_fail "no second connection after SIGHUP"; }
	wait_pushed "$log" 2
	expect_route 10.97.0.0/16 "$log"
	expect_route 10.77.1.0/24 "$log"
	expect_no_route 10.98.1.0/24
	expect_log "$log" 'dhcp: the server pushed 2 routes \(option 249\), domain "other\.example"'
	grep -qx <<<"$(resolv)" 'search other\.example' || { resolv >&2; sx_fail "the new domain is not the search list"; }
	ping_behind "$log"
	sxc_stop TERM 10
	sxc_check_clean "$SX_TMP/snapshot.before" "reconnect with a new pushed set"
	tsrv_stop TERM 15
}

case_off() {
	local log=$SX_TMP/c4.log log5=$SX_TMP/c5.log
	sx_log "case 4: --no-dhcp-inform asks nothing; case 5: a server that does not answer"
	tsrv_dhcp_first_set "$SX_TMP/dhcp.conf"
	tsrv_start "$SX_TMP/s4.log" --dhcp "$SX_TMP/dhcp.conf"
	mapfile -t args < <(client_args)
	sxc_start "$log" "${args[@]}" --no-dhcp-inform
	sxc_wait_connected "$log" 30
	expect_no_route 10.98.1.0/24
	if grep -q 'dhcp:' "$log" "$SX_TMP/s4.log"; then sxc_show_log "$log"; sx_fail "DHCP with --no-dhcp-inform"; fi
	sxc_stop TERM 10
	tsrv_stop TERM 15
	tsrv_start "$SX_TMP/s5.log" --no-dhcp
	sxc_start "$log5" "${args[@]}" --events json
	sxc_wait_connected "$log5" 30
	# the deadline is no longer in the connect time (it was: 3045 ms here before)
	((SXC_CONNECT_MS < 1000 * ${SX_WAIT_SCALE:-1})) || { sxc_show_log "$log5"; sx_fail "connecting took $SXC_CONNECT_MS ms"; }
	expect_log "$log5" '^\{"event":"connected",.*"dhcp":"waiting"'
	sx_wait_for 10 "the DHCPINFORM deadline" grep -q 'dhcp: no answer to' "$log5" ||
		{ sxc_show_log "$log5"; sx_fail "no end to the DHCPINFORM"; }
	expect_log "$log5" 'dhcp: no answer to 3 DHCPINFORMs in 3[0-9]{3} ms: no pushed routes or domains'
	expect_log "$log5" '^\{"event":"pushed","phase":"connected",.*"routes":\[\],.*"dhcp":"no answer"'
	sxc_stop TERM 10
	sxc_check_clean "$SX_TMP/snapshot.before" "no DHCP answer"
	tsrv_stop TERM 15
	echo "no DHCP answer: connected in $SXC_CONNECT_MS ms (the 3 s deadline passes after it)"
}

case_lockdown() {
	local log=$SX_TMP/c6.log
	sx_log "case 6: --lockdown: routes pushed after \"connected\" carry traffic through the lock"
	tsrv_dhcp_first_set "$SX_TMP/dhcp.conf"
	tsrv_start "$SX_TMP/s6.log" --dhcp "$SX_TMP/dhcp.conf"
	mapfile -t args < <(client_args)
	sxc_start "$log" "${args[@]}" --lockdown
	sxc_wait_connected "$log" 30
	wait_pushed "$log"
	expect_route 10.98.1.0/24 "$log"
	ping_behind "$log"
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "lockdown: SIGTERM: exit $SXC_RC"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "SIGTERM with --lockdown and pushed routes"
	tsrv_stop TERM 15
}

main() {
	tsrv_setup
	sx_snapshot client "$SX_TMP/snapshot.before"
	case_pushed
	case_sigkill
	case_reconnect
	case_off
	case_lockdown
	tsrv_finish
	sx_log "PASS"
}

main "$@"
