#!/bin/bash
# SPDX-License-Identifier: MIT
# Fault knobs of sstpx-testserver in PPP (LCP, IPCP, IPv6CP), against the real sstpx client: LCP
# Terminate-Request once IP is up, an IPCP server that Naks every address, an LCP server whose
# Configure-Rejects never match the request, and an IPv6CP Protocol-Reject (the client goes on with
# IPv4 only). Each case asserts the exit code, the words of the failure message, no crash or
# sanitizer report and the client namespace exactly as before (knob_lib.sh). The table:
# NAME EXIT REGEX TIME-BOUND SERVER-ARGS.
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
	knob_finish
}

main "$@"
