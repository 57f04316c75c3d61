#!/bin/bash
# SPDX-License-Identifier: MIT
# Fault knobs of sstpx-testserver on the transport, against the real sstpx client: the server closes
# (FIN) or resets (RST) the TCP connection after each phase (tcp, tls, http, connect, auth, ip),
# and writes its stream one byte at a time (drip). For each case: the client's exit code, the
# words of its failure message, no crash or sanitizer report, and the client namespace exactly as
# before (knob_lib.sh). The table: NAME EXIT REGEX TIME-BOUND SERVER-ARGS.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver --once --fault ... --tun TSRV_TUN 192.168.77.1
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

main() {
	local closed='sstpx: connection: sstp\.test: the server closed the connection'
	knob_setup
	# A FIN in the middle of the TLS handshake is a TLS failure; after it, the server went away.
	knob_case close-after=tcp 5 'sstpx: tls: sstp\.test: the server closed the connection during the handshake' 20 \
		--fault close-after=tcp
	knob_case close-after=tls 8 'sstpx: http: sstp\.test: the server closed the connection before answering' 20 \
		--fault close-after=tls
	knob_case close-after=http 8 "$closed" 20 --fault close-after=http
	knob_case close-after=connect 8 "$closed" 20 --fault close-after=connect
	knob_case close-after=auth 8 "$closed" 20 --fault close-after=auth
	knob_case close-after=ip 8 "$closed" 20 \
		--fault close-after=ip
	# An RST right after accept: whether it beats the client's connect check (TCP failed, 4) or
	# meets its first TLS read (TLS failed, 5) is a race the client cannot see.
	knob_case reset-after=tcp '4|5' 'sstpx: (tcp: sstp\.test \(10\.77\.0\.1:443\): Connection reset by peer|tls: sstp\.test: the server closed the connection during the handshake)' 20 \
		--fault reset-after=tcp
	# The RST may meet the request being sent or the wait for the answer.
	knob_case reset-after=tls 8 'sstpx: http: sstp\.test: (the server closed the connection before answering|sending the request: (Broken pipe|Connection reset by peer))' 20 \
		--fault reset-after=tls
	knob_case reset-after=http 8 "$closed" 20 --fault reset-after=http
	knob_case reset-after=connect 8 "$closed" 20 --fault reset-after=connect
	knob_case reset-after=auth 8 "$closed" 20 --fault reset-after=auth
	knob_case reset-after=ip 8 "$closed" 20 --fault reset-after=ip
	# One byte every 2 ms: every parser sees its input in pieces, and the session still works.
	knob_case_up drip=2 'connected in [0-9]+ ms' 40 --fault drip=2
	# One byte every 100 ms (about 10 bytes/s): each LCP frame takes seconds, longer than the
	# restart timer, and LCP gives up (RFC 1661 Max-Configure) instead of waiting forever.
	knob_case drip=100 7 'sstpx: disconnected: negotiation did not converge' 90 --fault drip=100
	knob_finish
}

main "$@"
