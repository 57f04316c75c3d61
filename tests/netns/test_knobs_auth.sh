#!/bin/bash
# SPDX-License-Identifier: MIT
# Fault knobs of sstpx-testserver in PPP authentication, against the real sstpx client: MS-CHAPv2
# Failure with each E= code (691 646 647 648 649 709, named in the client's message), a Success
# whose authenticator response S= is wrong, an authenticator that never answers, and PAP
# Authenticate-Nak (--auth pap with --allow-pap), and a server insisting on PAP the client does not
# allow (exit 7, no common authentication protocol), and a server that asks for no authentication
# at all (--auth none): refused by default (exit 6), connected with --allow-no-auth. EAP
# (--auth eap-mschapv2): connected with the client's default (it Naks EAP once, the server insists)
# and with --auth eap-mschapv2, the server verifying the crypto binding made from the EAP MSK; a
# wrong password inside EAP (6), an EAP Success before any method (6), an EAP Failure (6), a server
# insisting on EAP-TLS (7), EAP refused by --auth mschapv2 (7). Each case asserts the exit code, the words of the
# failure message, no crash or sanitizer report and the client namespace exactly as before
# (knob_lib.sh). The table: NAME EXIT REGEX TIME-BOUND SERVER-ARGS [-- CLIENT-ARGS].
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF                 testserver --once --fault ... --tun TSRV_TUN
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

main() {
	local failed='sstpx: disconnected: authentication failed' code what
	knob_setup
	for code in 691 646 647 648 649 709; do
		case $code in
		691) what='bad user name or password' ;;
		646) what='restricted logon hours' ;;
		647) what='account disabled' ;;
		648) what='password expired' ;;
		649) what='no dial-in permission' ;;
		709) what='error changing password' ;;
		esac
		knob_case "chap-fail=$code" 6 "sstpx: error: chap: authentication failed: $what \\(E=$code\\) && $failed" 20 \
			--fault "chap-fail=$code"
	done
	knob_case chap-wrong-s 6 "sstpx: error: chap: authentication failed: server's authenticator response does not match && sstpx: disconnected: server failed to prove it knows the password" 20 \
		--fault chap-wrong-s
	# The client's bound on the authenticate phase (30 s).
	knob_case chap-silent 7 'sstpx: error: ppp: no authentication result within 30000 ms && sstpx: disconnected: negotiation timed out' 45 \
		--fault chap-silent
	knob_case pap-nak 6 "sstpx: error: pap: authentication failed && $failed" 20 \
		--auth pap --fault pap-nak -- --allow-pap
	# A server that insists on PAP when the client does not allow it: the client Naks PAP for
	# MS-CHAPv2, the server gives up (Terminate-Request, Call Disconnect): no common protocol.
	knob_case pap-not-allowed 7 'sstpx: warning: lcp: the server asks for PAP && sstpx: disconnected: no common authentication protocol' 30 \
		--auth pap
	# Nothing would prove the server knows the password (no S=, zero HLAK): refused by default.
	knob_case no-auth-refused 6 'sstpx: error: ppp: the server did not authenticate: refusing a server that asks for no authentication \(--allow-no-auth to accept\) && sstpx: disconnected: server failed to prove it knows the password' 20 \
		--auth none
	knob_case_up no-auth-allowed 'sstpx: warning: ppp: the server asks for no authentication' 20 \
		--auth none -- --allow-no-auth
	# EAP-MSCHAPv2: the server checks the binding made with the HLAK from the EAP MSK.
	KNOB_UP_CHECK=eap_bound
	knob_case_up eap-mschapv2-default 'ppp: authenticated as .*\(EAP-MSCHAPv2\)' 20 \
		--auth eap-mschapv2
	knob_case_up eap-mschapv2-pinned 'ppp: authenticated as .*\(EAP-MSCHAPv2\)' 20 \
		--auth eap-mschapv2 -- --auth eap-mschapv2 --identity anonymous
	KNOB_UP_CHECK=
	knob_case eap-fail-691 6 "sstpx: error: eap: authentication failed: bad user name or password \\(E=691\\) && $failed" 20 \
		--auth eap-mschapv2 --fault chap-fail=691 -- --auth eap-mschapv2
	knob_case eap-early-success 6 'sstpx: error: eap: authentication failed: EAP Success before the method proved && sstpx: disconnected: server failed to prove it knows the password' 20 \
		--auth eap-mschapv2 --fault eap-early-success -- --auth eap-mschapv2
	knob_case eap-failure 6 "sstpx: error: eap: authentication failed: the server sent EAP Failure && $failed" 20 \
		--auth eap-mschapv2 --fault eap-failure -- --auth eap-mschapv2
	knob_case eap-insist-tls 7 'sstpx: warning: eap: the server asks for EAP-TLS && sstpx: error: eap: authentication failed: the server insists on EAP-TLS && sstpx: disconnected: no common authentication protocol' 20 \
		--auth eap-mschapv2 --fault eap-insist-tls -- --auth eap-mschapv2
	knob_case eap-not-allowed 7 'sstpx: disconnected: no common authentication protocol' 30 \
		--auth eap-mschapv2 -- --auth mschapv2
	knob_finish
}

# knob_case_up's check while connected: the server verified the SSTP binding and authenticated
# with EAP-MSCHAPv2.
eap_bound() { # NAME CLOG
	tsrv_wait_log "$TSRV_LOG" 'binding verified' 5
	tsrv_expect_log "$TSRV_LOG" 'authenticated \(EAP-MSCHAPv2\)'
}

main "$@"
