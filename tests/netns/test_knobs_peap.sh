#!/bin/bash
# SPDX-License-Identifier: MIT
# PEAPv0 with EAP-MSCHAPv2 inside (sstpx-testserver --auth peap) against the real sstpx client.
# Only the project's own server speaks PEAP here (SoftEther's PPP server does not offer it). It
# runs the TLS inside PEAP on its SSTP certificate, the inner MS-CHAPv2 against its users, and
# checks the client's Crypto Binding TLV (Compound MAC over the compound keys) and then the SSTP
# binding with the HLAK from the PEAP MSK (CSK[0..31]). Cases: connected with the client's default
# (no --auth: PEAP accepted when the server insists on it), with --auth peap and an anonymous outer
# identity, and through an SoH request (answered with a Nak); each connected case pings the host
# behind the server and ends cleanly (exit 0) with the server having verified both bindings. Then
# the faults: a wrong Compound MAC in the server's Crypto Binding TLV (exit 6, the client refuses
# before EAP Success), Result TLV failure (6), a wrong password inside (6, E=691), a corrupted TLS
# record inside the tunnel (7), PEAP refused by --auth mschapv2 (7). Each case asserts the exit code,
# the words of the failure, no sanitizer report and the client namespace as before (knob_lib.sh).
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF                 testserver --once --auth peap --fault ... --tun TSRV_TUN
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

main() {
	local failed='sstpx: disconnected: authentication failed'
	knob_setup
	KNOB_UP_CHECK=peap_bound
	knob_case_up peap-default 'ppp: authenticated as .*\(PEAP\)' 20 \
		--auth peap
	knob_case_up peap-pinned 'ppp: authenticated as .*\(PEAP\)' 20 \
		--auth peap -- --auth peap --identity anonymous
	knob_case_up peap-soh 'peap: the server asks for a Statement of Health' 20 \
		--auth peap --fault peap-soh -- --auth peap -v
	KNOB_UP_CHECK=
	knob_case peap-bad-binding 6 "sstpx: error: eap: authentication failed: the server's Crypto Binding TLV does not match the tunnel and inner keys && sstpx: disconnected: server failed to prove it knows the password" 20 \
		--auth peap --fault peap-bad-binding -- --auth peap
	knob_case peap-result-failure 6 "sstpx: error: eap: authentication failed: the server's Result TLV says failure && $failed" 20 \
		--auth peap --fault peap-result-failure -- --auth peap
	knob_case peap-fail-691 6 "sstpx: error: eap: authentication failed: bad user name or password \\(E=691\\) && $failed" 20 \
		--auth peap --fault chap-fail=691 -- --auth peap
	knob_case peap-bad-record 7 'sstpx: error: eap: authentication failed: PEAP TLS: && sstpx: disconnected: ' 20 \
		--auth peap --fault peap-bad-record -- --auth peap
	knob_case peap-not-allowed 7 'sstpx: disconnected: no common authentication protocol' 30 \
		--auth peap -- --auth mschapv2
	knob_finish
}

# knob_case_up's check while connected: the server checked the client's Crypto Binding TLV (it
# authenticates with PEAP only then) and the SSTP binding made with the PEAP HLAK.
peap_bound() { # NAME CLOG
	tsrv_wait_log "$TSRV_LOG" 'binding verified' 5
	tsrv_expect_log "$TSRV_LOG" 'peap: peer authenticated'
	tsrv_expect_log "$TSRV_LOG" 'authenticated \(PEAP\)'
}

main "$@"
