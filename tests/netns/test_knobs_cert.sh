#!/bin/bash
# SPDX-License-Identifier: MIT
# Certificate modes of sstpx-testserver against the real sstpx client verifying with --cafile: an
# expired certificate, one issued for another name, and a self-signed one; the client refuses each
# in the TLS handshake, before any credential leaves it. A good certificate from the same kind of
# --gen-cert run connects (the control case). Each case asserts the exit code, the words of the
# failure message, no crash or sanitizer report and the client namespace exactly as before
# (knob_lib.sh). The table: NAME EXIT REGEX TIME-BOUND SERVER-ARGS.
# Then --pin (issue 15, security 6): a pin alone is the trust anchor, so an expired certificate or
# one for another name connects with a warning; --pin with --cafile needs both (a pinned
# certificate from a CA the --cafile does not hold is refused). SSLKEYLOGFILE (security 4) is
# created 0600 and a symlink is refused.
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

# SHA-256 of the DER certificate: a --pin of 64 hex digits.
cert_pin() { # PEM
	openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64
}

# SSLKEYLOGFILE: a new file is the caller's, mode 0600, and holds the session's secrets.
keylog_new_check() { # NAME LOG
	local f=$SX_TMP/keys/new.log
	[[ $(stat -c '%a %u' "$f") == "600 $(id -u)" ]] || { ls -l "$f" >&2; sx_fail "$1: key log not 0600"; }
	grep -q '^CLIENT_HANDSHAKE_TRAFFIC_SECRET \|^CLIENT_RANDOM ' "$f" || sx_fail "$1: no secrets in the key log"
}

main() {
	local ca pin other_ca
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
	# --pin alone: the pinned key is trusted; what a CA check would refuse is a warning.
	gen_cert pin-expired --cert-cn sstp.test --cert-san sstp.test --cert-mode expired
	pin=$(cert_pin "$TSRV_CERT")
	KNOB_CA=none
	knob_case_up pin-expired 'warning: tls: sstp\.test: the pinned certificate has expired; accepted because --pin names its key' 20 -- --pin "$pin"
	gen_cert pin-other-name --cert-cn other.test --cert-san other.test
	pin=$(cert_pin "$TSRV_CERT")
	other_ca=$KNOB_CA
	KNOB_CA=none
	knob_case_up pin-other-name 'warning: tls: sstp\.test: the pinned certificate does not name "sstp\.test"' 20 -- --pin "$pin"
	knob_case pin-mismatch 5 'sstpx: tls: sstp\.test: pin mismatch' 20 -- --pin "$(printf '%064d' 0)"
	# --pin with --cafile: both must pass.
	gen_cert pin-good --cert-cn sstp.test --cert-san sstp.test
	pin=$(cert_pin "$TSRV_CERT")
	knob_case_up pin-and-cafile 'tls: TLSv1\.3 ' 20 -- --pin "$pin"
	KNOB_CA=$other_ca
	knob_case pin-wrong-cafile 5 'sstpx: tls: sstp\.test: certificate signed by an unknown CA' 20 -- --pin "$pin"
	KNOB_CA=$SX_TMP/pin-good/ca.pem
	# SSLKEYLOGFILE (security 4): created 0600 with a loud warning; a symlink is refused.
	mkdir -p "$SX_TMP/keys"
	KNOB_UP_CHECK=keylog_new_check SSLKEYLOGFILE=$SX_TMP/keys/new.log \
		knob_case_up keylog-new 'warning: SSLKEYLOGFILE: WRITING TLS SECRETS' 20
	: >"$SX_TMP/keys/target"
	ln -s "$SX_TMP/keys/target" "$SX_TMP/keys/link"
	SSLKEYLOGFILE=$SX_TMP/keys/link knob_case_up keylog-symlink 'SSLKEYLOGFILE: ".*/keys/link": a symbolic link \(refused\): no keys are logged' 20
	[[ ! -s $SX_TMP/keys/target ]] || sx_fail "keylog-symlink: secrets were written through the symlink"
	knob_finish
}

main "$@"
