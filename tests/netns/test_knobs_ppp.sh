#!/bin/bash
# SPDX-License-Identifier: MIT
# Fault knobs of sstpx-testserver in PPP (LCP, IPCP, IPv6CP), against the real sstpx client: LCP
# Terminate-Request once IP is up, an IPCP server that Naks every address, an LCP server whose
# Configure-Rejects never match the request, an IPv6CP Protocol-Reject (the client goes on with
# IPv4 only), an LCP server that Naks every request (bounded: 10 Naks), a server MRU of 1200 (IPv4
# only, below IPv6's 1280), and IPCP Naks handing out a loopback or the server's own address
# (refused, exit 7). Each case asserts the exit code, the words of the failure message, no crash or
# sanitizer report and the client namespace exactly as before (knob_lib.sh). The table:
# NAME EXIT REGEX TIME-BOUND SERVER-ARGS (the bound times SX_WAIT_SCALE).
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver --once --fault ... --tun TSRV_TUN 192.168.77.1
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

# IPv6CP was rejected: the tunnel has no IPv6 address, and the client said it goes on with IPv4.
no_ipv6() { # NAME LOG
	local a6
	a6=$(ip -n "$SX_NS_CLIENT" -6 -o addr show dev "$SXC_IF")
	[[ -z $a6 ]] || sx_fail "$1: $SXC_IF has IPv6 addresses after the Protocol-Reject: $a6"
}

# A 1200-byte server MRU: the TUN MTU follows it, and no IPv6 address was tried on it.
mtu_1200_no_ipv6() { # NAME LOG
	ip -n "$SX_NS_CLIENT" -o link show dev "$SXC_IF" | grep -q ' mtu 1200 ' ||
		sx_fail "$1: $SXC_IF does not have MTU 1200"
	no_ipv6 "$@"
}

main() {
	knob_setup
	knob_case lcp-terminate-after=500 8 'sstpx: disconnected: peer terminated the link' 20 \
		--fault lcp-terminate-after=500
	# RFC 1661 Max-Failure: after 5 Naks the client stops converging and closes.
	knob_case ipcp-nak-loop 7 'sstpx: disconnected: negotiation did not converge' 30 --fault ipcp-nak-loop
	# The Rejects name options the request no longer has, so the client drops them (RFC 1661
	# 5.4) and gives up after Max-Configure (10 requests, 3 s apart).
	knob_case lcp-reject-loop 7 'sstpx: disconnected: negotiation did not converge' 45 --fault lcp-reject-loop
	KNOB_UP_CHECK=no_ipv6 knob_case_up ipv6cp-protrej 'connected in [0-9]+ ms' 30 --fault ipv6cp-protrej
	# A server that Naks every LCP request: the client gives up after 10 Naks in a row, at once
	# (it used to loop at wire speed until the SSTP negotiation timer, 60 s, "timed out"). The
	# bound, 10 s times SX_WAIT_SCALE (3 under CTest), stays below those 60 s.
	knob_case lcp-nak-loop 7 'sstpx: warning: lcp: 10 Configure-Naks in a row: giving up && sstpx: disconnected: negotiation did not converge' 10 \
		--fault lcp-nak-loop
	# A server MRU below IPv6's minimum link MTU (1280): IPv4 only, the TUN MTU is 1200.
	KNOB_UP_CHECK=mtu_1200_no_ipv6 knob_case_up mru-1200 "sstpx: warning: ipv6cp: not started: the link MTU 1200 is below IPv6's minimum of 1280; IPv4 only" 30 \
		--mru 1200
	# Addresses a hostile server may Nak us: refused by name (exit 7), nothing configured.
	knob_case ipcp-loopback 7 'sstpx: error: ipcp: the server assigned 127.0.0.1, loopback address: refused && sstpx: disconnected: negotiation did not converge: IPCP did not open: refused address 127.0.0.1 \(loopback\)' 20 \
		--pool 127.0.0.1
	knob_case ipcp-server-own 7 "sstpx: disconnected: negotiation did not converge: IPCP did not open: refused address 192.168.77.1 \\(the server's own\\)" 20 \
		--pool 192.168.77.1
	knob_finish
}

main "$@"
