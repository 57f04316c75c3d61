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
# record inside the tunnel (7), the certificate inside PEAP refused (--eap-server-name naming another
# server: 5), PEAP refused by --auth mschapv2 (7). Each case asserts the exit code,
# the words of the failure, no sanitizer report and the client namespace as before (knob_lib.sh).
# Last, the connect time (sstpx's "connected in") of PEAP, EAP-MSCHAPv2 and MS-CHAPv2, best of 3.
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
	# The certificate inside PEAP is checked like the outer one: another expected name refuses it.
	knob_case peap-inner-cert-name 5 'sstpx: error: eap: authentication failed: PEAP TLS: && sstpx: disconnected: the authentication server.s certificate was refused' 20 \
		--auth peap -- --auth peap --eap-server-name nps.example
	knob_case peap-not-allowed 7 'sstpx: disconnected: no common authentication protocol' 30 \
		--auth peap -- --auth mschapv2
	timing
	knob_finish
}

# Connect time, sstpx start to "connected": PEAP vs EAP-MSCHAPv2 vs MS-CHAPv2 (best of 3 each).
timing() {
	local i m best_peap=999999 best_eap=999999 best_chap=999999 clog=$SX_TMP/timing.log
	for i in 1 2 3; do
		for m in peap eap-mschapv2 mschapv2; do
			tsrv_start "$SX_TMP/timing_srv.log" --once --auth "$m"
			connect_ms "$clog" --auth "$m"
			case $m in
			peap) ((CONNECT_MS < best_peap)) && best_peap=$CONNECT_MS ;;
			eap-mschapv2) ((CONNECT_MS < best_eap)) && best_eap=$CONNECT_MS ;;
			mschapv2) ((CONNECT_MS < best_chap)) && best_chap=$CONNECT_MS ;;
			esac
			sxc_stop TERM 15
			knob__server_end "timing-$m-$i" "$SX_TMP/timing_srv.log"
		done
	done
	sx_log "timing: sstpx's \"connected in\" (best of 3): PEAP $best_peap ms, EAP-MSCHAPv2 $best_eap ms, MS-CHAPv2 $best_chap ms"
}

connect_ms() { # CLOG CLIENT_ARGS...
	local clog=$1
	shift
	sxc_start "$clog" "$KNOB_HOST" --user "$TSRV_USER" --password-file "$TSRV_PW" --cafile "$TSRV_CA" "$@"
	sxc_wait_connected "$clog" 20
	CONNECT_MS=$(sed -n 's/.*connected in \([0-9]*\) ms.*/\1/p' "$clog" | head -n 1)
}

# knob_case_up's check while connected: the server checked the client's Crypto Binding TLV (it
# authenticates with PEAP only then) and the SSTP binding made with the PEAP HLAK.
peap_bound() { # NAME CLOG
	tsrv_wait_log "$TSRV_LOG" 'binding verified' 5
	tsrv_expect_log "$TSRV_LOG" 'peap: peer authenticated'
	tsrv_expect_log "$TSRV_LOG" 'authenticated \(PEAP\)'
}

main "$@"
