#!/bin/bash
# SPDX-License-Identifier: MIT
# Fault knobs of sstpx-testserver in the HTTP exchange, against the real sstpx client: garbage
# instead of an HTTP response, a response head that never ends (one header line per second: the
# client's 30 s bound on TLS + HTTP ends it), and the statuses 401 and 503. Each case asserts
# the exit code, the words of the failure message, no crash or sanitizer report and the client
# namespace exactly as before (knob_lib.sh). The table: NAME EXIT REGEX TIME-BOUND SERVER-ARGS.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF                 testserver --once --fault ... --tun TSRV_TUN
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

main() {
	knob_setup
	knob_case http-bogus 7 'sstpx: http: sstp\.test: not an HTTP response' 20 --fault http-bogus
	knob_case http-status=401 7 'sstpx: http: sstp\.test: server answered 401 Unauthorized' 20 \
		--fault http-status=401
	knob_case http-status=503 7 'sstpx: http: sstp\.test: server answered 503 Service Unavailable' 20 \
		--fault http-status=503
	knob_case http-status=404 7 'sstpx: http: sstp\.test: server answered 404 ' 20 --fault http-status=404
	knob_case http-endless 7 'sstpx: http: sstp\.test: no response: Connection timed out' 45 \
		--fault http-endless
	knob_finish
}

main "$@"
