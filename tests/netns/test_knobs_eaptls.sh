#!/bin/bash
# SPDX-License-Identifier: MIT
# EAP-TLS against sstpx-testserver --auth eap-tls (a strict authenticator: the client certificate
# must chain to --eap-ca, the SSTP binding is checked with the HLAK from the EAP-TLS MSK), with the
# real sstpx client. Connected cases ping through the tunnel, the server having verified the
# binding: PEM certificate and key (TLS 1.3 inside EAP), an encrypted PEM key with its passphrase
# from a file (TLS 1.2 inside EAP, --auth eap-tls alone: no password read), a PKCS#12 file with
# its passphrase from the environment, and a server MRU of 600 (our fragments fit it). Failures, each with its exit code and words: a bad TLS
# record inside EAP (7), fragments out of order (7), EAP Failure after the handshake (6), an EAP
# server certificate the client must refuse (5), a client certificate the server refuses (6), a
# wrong passphrase (6, before connecting), a file that is no certificate (2). Each case asserts no
# crash or sanitizer report and the client namespace exactly as before (knob_lib.sh). The timing
# line compares connecting with EAP-TLS and with MS-CHAPv2.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF                 testserver --once --auth eap-tls --tun TSRV_TUN
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

# A client CA (RSA) with alice's certificate in PEM, encrypted PEM and PKCS#12 form, a client from
# another CA, and a self-signed certificate for the EAP server the client must refuse.
make_pki() { # DIR
	local d=$1
	mkdir -p "$d"
	(
		cd "$d"
		openssl req -x509 -newkey rsa:2048 -nodes -keyout cca.key -out cca.pem -days 30 \
			-subj /CN=sstpx-test-client-ca
		openssl req -newkey rsa:2048 -nodes -keyout alice.key -out alice.csr -subj /CN=alice
		printf 'extendedKeyUsage=clientAuth\n' >cli.ext
		openssl x509 -req -in alice.csr -CA cca.pem -CAkey cca.key -CAcreateserial \
			-out alice.pem -days 30 -extfile cli.ext
		printf 'key pass %s\n' "$RANDOM$RANDOM" >keypass
		chmod 600 keypass
		openssl pkey -in alice.key -aes256 -passout file:keypass -out alice-enc.key
		openssl pkcs12 -export -inkey alice.key -in alice.pem -certfile cca.pem \
			-passout file:keypass -out alice.p12
		printf 'not the passphrase\n' >wrongpass
		chmod 600 wrongpass
		openssl req -x509 -newkey rsa:2048 -nodes -keyout mallory.key -out mallory.pem -days 30 \
			-subj /CN=alice
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout rogue.pem \
			-out rogue.crt -days 30 -subj /CN=sstp.test -addext subjectAltName=DNS:sstp.test
		cat rogue.crt >>rogue.pem
	) >"$d/gen.log" 2>&1 || { cat "$d/gen.log" >&2; sx_fail "openssl: cannot make the client PKI"; }
}

# knob_case_up's check while connected: EAP-TLS, and the binding from its MSK verified.
eaptls_bound() { # NAME CLOG
	tsrv_wait_log "$TSRV_LOG" 'binding verified' 5
	tsrv_expect_log "$TSRV_LOG" 'authenticated \(EAP-TLS\)'
	grep -Eq 'ppp: authenticated as .*\(EAP-TLS\)' "$2" || { sxc_show_log "$2"; sx_fail "$1: no EAP-TLS"; }
}

# Connect time: sstpx start to "connected", EAP-TLS vs MS-CHAPv2 (best of 3 each).
timing() { # PKI
	local p=$1 best_tls=999999 best_chap=999999 i m clog=$SX_TMP/timing.log
	for i in 1 2 3; do
		for m in tls chap; do
			if [[ $m == tls ]]; then
				tsrv_start "$SX_TMP/timing_srv.log" --once --auth eap-tls --eap-ca "$p/cca.pem"
				connect_ms "$clog" --auth eap-tls --cert "$p/alice.pem" --key "$p/alice.key"
				((CONNECT_MS < best_tls)) && best_tls=$CONNECT_MS
			else
				tsrv_start "$SX_TMP/timing_srv.log" --once
				connect_ms "$clog" --auth mschapv2
				((CONNECT_MS < best_chap)) && best_chap=$CONNECT_MS
			fi
			sxc_stop TERM 15
			knob__server_end "timing-$m-$i" "$SX_TMP/timing_srv.log"
		done
	done
	sx_log "timing: sstpx's \"connected in\" (best of 3): EAP-TLS $best_tls ms, MS-CHAPv2 $best_chap ms"
}

connect_ms() { # CLOG CLIENT_ARGS...
	local clog=$1
	shift
	sxc_start "$clog" sstp.test --user "$TSRV_USER" --password-file "$TSRV_PW" --cafile "$TSRV_CA" "$@"
	sxc_wait_connected "$clog" 20
	CONNECT_MS=$(sed -n 's/.*connected in \([0-9]*\) ms.*/\1/p' "$clog" | head -n 1)
}

main() {
	local p ca
	knob_setup
	p=$SX_TMP/cpki
	make_pki "$p"
	ca=(--auth eap-tls --eap-ca "$p/cca.pem")
	KNOB_UP_CHECK=eaptls_bound
	knob_case_up eap-tls-pem 'ppp: authenticated as .*\(EAP-TLS\)' 20 \
		"${ca[@]}" -- --cert "$p/alice.pem" --key "$p/alice.key"
	knob_case_up eap-tls-encrypted-key-tls12 'eap-tls: handshake done \(TLS 1.2\)' 20 \
		"${ca[@]}" --eap-tls-max 1.2 -- --auth eap-tls --cert "$p/alice.pem" \
		--key "$p/alice-enc.key" --key-password-file "$p/keypass" -v
	KEYPASS=$(cat "$p/keypass") knob_case_up eap-tls-pkcs12 'ppp: authenticated as .*\(EAP-TLS\)' 20 \
		"${ca[@]}" -- --pkcs12 "$p/alice.p12" --key-password-env KEYPASS
	# The server's MRU 600: our Certificate flight goes out in fragments that fit it.
	knob_case_up eap-tls-mru600 'ppp: authenticated as .*\(EAP-TLS\)' 20 \
		"${ca[@]}" --mru 600 -- --cert "$p/alice.pem" --key "$p/alice.key"
	KNOB_UP_CHECK=
	knob_case eap-tls-bad-record 7 'sstpx: error: eap: authentication failed: EAP-TLS: bad TLS data from the peer \(unknown type in record hdr\) && sstpx: disconnected: protocol violation by peer' 20 \
		"${ca[@]}" --fault eap-tls-bad-record -- --cert "$p/alice.pem" --key "$p/alice.key"
	knob_case eap-tls-frag-order 7 "sstpx: error: eap: authentication failed: EAP-TLS: the server's fragments do not add up && sstpx: disconnected: protocol violation by peer" 20 \
		"${ca[@]}" --fault eap-tls-frag-order -- --cert "$p/alice.pem" --key "$p/alice.key"
	knob_case eap-tls-failure 6 'sstpx: error: eap: authentication failed: EAP-TLS: the server refused our certificate \(EAP Failure after the TLS handshake\) && sstpx: disconnected: authentication failed' 20 \
		"${ca[@]}" --fault eap-tls-failure -- --cert "$p/alice.pem" --key "$p/alice.key"
	knob_case eap-tls-server-cert-refused 5 "sstpx: error: eap: authentication failed: EAP-TLS: the server's certificate signed by an unknown CA && sstpx: disconnected: the authentication server's certificate was refused" 20 \
		"${ca[@]}" --fault "eap-tls-cert=$p/rogue.pem" -- --cert "$p/alice.pem" --key "$p/alice.key"
	knob_case eap-tls-client-cert-refused 6 'sstpx: error: eap: authentication failed: EAP-TLS: the server refused our certificate: TLS alert ".+" from the peer && sstpx: disconnected: authentication failed' 20 \
		"${ca[@]}" -- --cert "$p/mallory.pem" --key "$p/mallory.key"
	knob_case eap-tls-wrong-passphrase 6 "sstpx: --cert: key file \"$p/alice-enc.key\": wrong passphrase" 20 \
		"${ca[@]}" -- --cert "$p/alice.pem" --key "$p/alice-enc.key" --key-password-file "$p/wrongpass"
	knob_case eap-tls-not-a-cert 2 "sstpx: --cert: certificate file \"$p/keypass\": no PEM certificate in it" 20 \
		"${ca[@]}" -- --cert "$p/keypass" --key "$p/alice.key"
	knob_release_only "a measurement, not a check" timing "$p"
	knob_finish
}

main "$@"
