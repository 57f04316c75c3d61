#!/bin/bash
# SPDX-License-Identifier: MIT
# Server-pushed routes from SoftEther (issue 13): its SecureNAT DHCP server is told with vpncmd
# (DhcpSet /PUSHROUTE, /DOMAIN) to push two classless static routes and a domain. sstpx on a split
# tunnel (--no-default-route) asks with DHCPINFORM through the tunnel; the routes must appear on
# its interface (once the answer came, after "connected") and the domain in the namespace's
# resolv.conf, and all of it must be gone after SIGTERM.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver, SecureNAT 192.168.30.1 (DHCP with pushed routes)
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

expect_route() { # PREFIX LOG
	grep -Eq "^${1//./\\.} dev $SXC_IF( |$)" <<<"$(ip -n "$SX_NS_CLIENT" -4 route show)" || {
		sxc_show_log "$2"
		ip -n "$SX_NS_CLIENT" -4 route show >&2
		sx_fail "SoftEther's pushed route $1 is not on $SXC_IF"
	}
}

main() {
	local log before
	sxc_setup
	log=$SX_TMP/se_dhcp.log
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"
	cat >"$SX_TMP/pushroute.vpncmd" <<-EOF
		Hub DEFAULT
		DhcpSet /START:192.168.30.10 /END:192.168.30.200 /MASK:255.255.255.0 /EXPIRE:7200 /GW:192.168.30.1 /DNS:192.168.30.1 /DNS2:none /DOMAIN:se.example /LOG:no /PUSHROUTE:"10.88.0.0/255.255.0.0/192.168.30.1, 10.89.1.0/255.255.255.0/192.168.30.1"
	EOF
	sx_softether_vpncmd "$SX_TMP/pushroute.vpncmd" >"$SX_TMP/vpncmd.out" ||
		{ cat "$SX_TMP/vpncmd.out" >&2; sx_fail "vpncmd DhcpSet /PUSHROUTE failed"; }
	sx_log "SecureNAT DHCP pushes 10.88.0.0/16 and 10.89.1.0/24, domain se.example"
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --no-default-route
	sxc_wait_connected "$log" 40
	# "connected" does not wait for the answer: it is applied when it comes
	sx_wait_for 10 "the pushed routes" grep -q 'dhcp: pushed routes and domains in place' "$log" ||
		{ sxc_show_log "$log"; sx_fail "the pushed routes were not applied"; }
	grep -q 'dhcp: the server pushed 2 routes' "$log" || { sxc_show_log "$log"; sx_fail "no pushed routes logged"; }
	expect_route 10.88.0.0/16 "$log"
	expect_route 10.89.1.0/24 "$log"
	grep -Eq '^search se\.example( |$)' "/etc/netns/$SX_NS_CLIENT/resolv.conf" ||
		{ cat "/etc/netns/$SX_NS_CLIENT/resolv.conf" >&2; sx_fail "SoftEther's domain is not the search list"; }
	grep -E '^(dhcp|dns|route):' "$log" | sed 's/^/    /'
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC"; }
	sxc_check_clean "$before" "SIGTERM with SoftEther's pushed routes"
	echo "SoftEther SecureNAT: 2 pushed routes and domain se.example applied, connected in $SXC_CONNECT_MS ms"
	sxc_finish
	sx_log "PASS"
}

main "$@"
