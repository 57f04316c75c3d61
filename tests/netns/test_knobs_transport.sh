#!/bin/bash
# SPDX-License-Identifier: MIT
# Fault knobs of sstpx-testserver on the transport, against the real sstpx client: the server closes
# (FIN) or resets (RST) the TCP connection after each phase (tcp, tls, http, connect, auth, ip),
# and writes its stream one byte at a time (drip). Then TLS (issue 15, security 3): the ClientHello
# sstpx sends, as `openssl s_server -trace` in the server namespace decodes it, offers TLS 1.3 and
# 1.2 with ECDHE-AEAD suites and SHA-2 signatures only; the default handshake is TLS 1.3 AEAD; a
# server with only CBC suites, one with only TLS 1.1, and a TLS 1.2 server for --tls-min 1.3 are
# refused with exit 5 and words that say why. For each case: the client's exit code, the
# words of its failure message, no crash or sanitizer report, and the client namespace exactly as
# before (knob_lib.sh). The table: NAME EXIT REGEX TIME-BOUND SERVER-ARGS.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver --once --fault ... --tun TSRV_TUN 192.168.77.1
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

# The ClientHello: openssl s_server -trace as the peer, in the server namespace (one accept).
check_client_hello() {
	local trace=$SX_TMP/client_hello.trace clog=$SX_TMP/client_hello.log pid rc args
	knob__split
	knob__client_args args
	ip netns exec "$SX_NS_SERVER" timeout -s KILL "$(sx_secs 20)" openssl s_server \
		-accept "$SX_ADDR_SERVER:443" -cert "$TSRV_CERT" -key "$TSRV_KEY" -naccept 1 -trace -www \
		>"$trace" 2>&1 </dev/null &
	pid=$!
	sx_cleanup_kill "$pid"
	sx_wait_for 10 "openssl s_server listening" sh -c \
		"ip netns exec '$SX_NS_SERVER' ss -Htln 'sport = :443' | grep -q ." ||
		{ cat "$trace" >&2; sx_fail "openssl s_server did not start"; }
	# s_server -www never answers the SSTP request: SIGTERM ends the client once TLS is done (the
	# handshake is waited for, not a fixed time: an ASan client on loaded cores takes seconds).
	sxc_start "$clog" "${args[@]}" </dev/null
	sx_wait_for 10 "the client's TLS handshake with openssl" \
		sh -c "grep -q 'tls: TLSv1\\.3 ' '$clog' || ! kill -0 $SXC_PID" || true
	kill -TERM "$SXC_PID" 2>/dev/null || true # unless it ended by itself
	sxc_wait_exit "$SXC_PID" 10
	rc=$SXC_RC
	grep -q 'tls: TLSv1\.3 ' "$clog" || { cat "$clog" >&2; sx_fail "client-hello: no TLS 1.3 handshake with openssl"; }
	wait "$pid" || true
	sed -n '/ClientHello/,/^Sent Record/p' "$trace" >"$trace.hello"
	[[ -s $trace.hello ]] || { cat "$trace" "$clog" >&2; sx_fail "client-hello: no ClientHello in the trace"; }
	local want
	for want in 'TLS_AES_128_GCM_SHA256' 'TLS 1.3 (772)' 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' \
		'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256' 'rsa_pss_rsae_sha256' 'ecdsa_secp256r1_sha256'; do
		grep -qF "$want" "$trace.hello" ||
			{ cat "$trace.hello" >&2; sx_fail "client-hello: \"$want\" not offered"; }
	done
	# Every offered suite is TLS 1.3 or ECDHE with GCM or ChaCha20-Poly1305 (RFC 7905 code points).
	if sed -n '/cipher_suites/,/compression_methods/p' "$trace.hello" | grep '{0x' |
		grep -Ev 'TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$|TLS_ECDHE_(RSA|ECDSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$'; then
		cat "$trace.hello" >&2
		sx_fail "client-hello: a suite outside TLS 1.3 / ECDHE-AEAD is offered (above)"
	fi
	if grep -Eiq 'sha1|sha224|secp224|_CBC_|3DES|RC4|_NULL_|TLS 1\.[01] \(' "$trace.hello"; then
		grep -Ei 'sha1|sha224|secp224|_CBC_|3DES|RC4|_NULL_|TLS 1\.[01] \(' "$trace.hello" >&2
		sx_fail "client-hello: a SHA-1/SHA-224 signature, P-224, a CBC/3DES/RC4/NULL suite or TLS < 1.2 offered"
	fi
	KNOB_SUMMARY+=("$(printf '%-28s exit %d  %s' client-hello "$rc" \
		"$(grep -c '{0x' "$trace.hello") suites, signature_algorithms: $(sed -n '/signature_algorithms/,/ec_point/p' "$trace.hello" | grep -c '(0x')")")
	sx_log "ok: client-hello: TLS 1.3 + ECDHE-AEAD suites only, SHA-2 signatures only"
}

main() {
	local closed='sstpx: connection: sstp\.test: the server closed the connection'
	local reset='sstpx: connection: sstp\.test: the server reset the connection'
	local cbc=AES128-SHA:AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:DES-CBC3-SHA
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
	knob_case reset-after=tcp '4|5' 'sstpx: (tcp: sstp\.test \(10\.77\.0\.1:443\): Connection reset by peer|tls: sstp\.test: the server reset the connection during the handshake)' 20 \
		--fault reset-after=tcp
	# The RST may meet the request being sent or the wait for the answer.
	knob_case reset-after=tls 8 'sstpx: http: sstp\.test: (the server closed the connection before answering|sending the request: (Broken pipe|Connection reset by peer))' 20 \
		--fault reset-after=tls
	knob_case reset-after=http 8 "$reset" 20 --fault reset-after=http
	knob_case reset-after=connect 8 "$reset" 20 --fault reset-after=connect
	knob_case reset-after=auth 8 "$reset" 20 --fault reset-after=auth
	knob_case reset-after=ip 8 "$reset" 20 --fault reset-after=ip
	# One byte every 2 ms: every parser sees its input in pieces, and the session still works.
	knob_case_up drip=2 'connected in [0-9]+ ms' 40 --fault drip=2
	# One byte every 100 ms (about 10 bytes/s): each LCP frame takes seconds, longer than the
	# restart timer, and LCP gives up (RFC 1661 Max-Configure) instead of waiting forever.
	knob_case drip=100 7 'sstpx: disconnected: negotiation did not converge' 90 --fault drip=100
	# TLS: what sstpx offers, what it negotiates by default, and what it refuses.
	check_client_hello
	knob_case_up tls-default 'tls: TLSv1\.3 TLS13-(AES128-GCM-SHA256|AES256-GCM-SHA384|CHACHA20-POLY1305-SHA256), ' 20
	knob_case tls-cbc-only 5 'sstpx: tls: sstp\.test: TLS handshake failed: the server offered no acceptable cipher suite \(sstpx offers TLS 1\.3, TLS 1\.2 ECDHE with AES-GCM or ChaCha20-Poly1305; see --tls-ciphers\)' 20 \
		--tls-max 1.2 --tls-ciphers "$cbc"
	# A TLS 1.1-only server has no suite for a TLS 1.2 offer: the same alert, the words name both.
	knob_case tls-1.1-only 5 'sstpx: tls: sstp\.test: TLS handshake failed: .*or no TLS version >= 1\.2' 20 \
		--tls-max 1.1 --tls-ciphers "$cbc"
	# Offered a CBC suite it can use, it answers TLS 1.1: sstpx names the version.
	knob_case tls-1.1-answer 5 'sstpx: tls: sstp\.test: TLS handshake failed: the server does not speak the TLS versions sstpx accepts \(TLS 1\.2 or newer; see --tls-min\)' 20 \
		--tls-max 1.1 --tls-ciphers "$cbc" -- --tls-ciphers ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES128-GCM-SHA256
	knob_case tls-min-1.3 5 'sstpx: tls: sstp\.test: TLS handshake failed: the server does not speak the TLS versions sstpx accepts \(TLS 1\.3 or newer' 20 \
		--tls-max 1.2 -- --tls-min 1.3
	knob_case_up tls-ciphers-1.2 'tls: TLSv1\.2 ECDHE-ECDSA-CHACHA20-POLY1305, ' 20 \
		--tls-max 1.2 -- --tls-ciphers ECDHE-ECDSA-CHACHA20-POLY1305
	knob_finish
}

main "$@"
