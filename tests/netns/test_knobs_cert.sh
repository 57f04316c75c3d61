#!/bin/bash
# SPDX-License-Identifier: MIT
# Certificate modes of sstpx-testserver against the real sstpx client verifying with --cafile: an
# expired certificate, one issued for another name, and a self-signed one; the client refuses each
# in the TLS handshake, before any credential leaves it. A good certificate from the same kind of
# --gen-cert run connects (the control case). Each case asserts the exit code, the words of the
# failure message, no crash or sanitizer report and the client namespace exactly as before
# (knob_lib.sh). The table: NAME EXIT REGEX TIME-BOUND SERVER-ARGS.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF                 testserver --once --cert DIR/server.pem --tun TSRV_TUN
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

# A fresh test CA and server certificate in $SX_TMP/NAME (the server then uses it: TSRV_CERT/KEY).
gen_cert() { # NAME GEN-CERT-ARGS...
	local dir=$SX_TMP/$1
	shift
	"$TSRV_BIN" --gen-cert "$dir" "$@" >"$dir.log" 2>&1 ||
		{ cat "$dir.log" >&2; sx_fail "sstpx-testserver --gen-cert $*"; }
	# shellcheck disable=SC2034 # read by tsrv_start and knob_case
	TSRV_CERT=$dir/server.pem
	TSRV_KEY=$dir/server.key
	KNOB_CA=$dir/ca.pem
}

main() {
	local ca
	knob_setup
	ca=$TSRV_CA
	gen_cert good --cert-cn sstp.test --cert-san sstp.test
	knob_case_up good-cert 'tls: TLSv1\.[23] .*subject /CN=sstp\.test' 20
	gen_cert expired --cert-cn sstp.test --cert-san sstp.test --cert-mode expired
	knob_case expired 5 'sstpx: tls: sstp\.test: certificate has expired' 20
	gen_cert wrong-name --cert-cn other.test --cert-san other.test
	knob_case wrong-name 5 'sstpx: tls: sstp\.test: certificate does not name this server' 20
	# Self-signed: no CA the client trusts signed it (the client keeps the setup's CA).
	gen_cert self-signed --cert-cn sstp.test --cert-san sstp.test --cert-mode self-signed
	# shellcheck disable=SC2034 # read by knob_case
	KNOB_CA=$ca
	knob_case self-signed 5 'sstpx: tls: sstp\.test: certificate signed by an unknown CA \(or self-signed\)' 20
	knob_finish
}

main "$@"
