#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx refuses or is refused with the documented exit code, and leaves the client namespace as it
# was: a pin that does not match (5, before any HTTP or PPP, so the password is never sent; SoftEther
# logs nothing past TLS), wrong password (6, names authentication), a CA that did not sign the
# server (5), a TLS name the certificate does not carry (5), a name that does not resolve (3), a
# closed port (4), a missing --user (2).
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx (never connected)          vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

ZERO_PIN=0000000000000000000000000000000000000000000000000000000000000000

# The client got past TLS: with -v, "http: SSTP_DUPLEX_POST for ..." is logged before the request
# goes out, and SSTP/PPP lines follow it. None of them may appear.
expect_no_http() { # LOG DESC
	if grep -Eiq '(^|\] |sstpx: )(http|sstp|ppp|lcp|ipcp|chap|pap|auth)( |:)' "$1"; then
		sxc_show_log "$1"
		sx_fail "$2: sstpx went past TLS (HTTP/SSTP/PPP lines above), the password may have been sent"
	fi
}

# SoftEther's own log: lines it writes once a client got as far as SSTP or PPP, and lines it
# writes when any TCP client goes away.
se_log_count() { # ERE
	cat "$SX_SE_WORKDIR"/state/log/server_log/*.log 2>/dev/null | grep -Ec "$1" || true
}
SE_PAST_TLS='\[SSTP\]|SSTP PPP Session|attempting to connect|authentication'
SE_GONE='The connection with the client \(IP address 10\.77\.0\.2, Port number [0-9]+\) has been disconnected'

se_gone_more_than() { # N
	(($(se_log_count "$SE_GONE") > $1))
}

main() {
	local log before unrelated past_tls gone
	sxc_setup
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"
	local common=(--user "$SX_SE_USER" --password-file "$SXC_PW")

	# First, while no client has reached SSTP or PPP yet: SoftEther writes its log late and in
	# bursts (a refused login's "PPP session is disconnected" lines come after its connection's
	# end), so lines of an earlier case could land after this case's count was taken.
	sx_log "case: --pin of 64 zero hex digits -> 5 before HTTP"
	log=$SX_TMP/badpin.log
	past_tls=$(se_log_count "$SE_PAST_TLS")
	((past_tls == 0)) || sx_fail "SoftEther logged SSTP/PPP before any client connected"
	gone=$(se_log_count "$SE_GONE")
	sxc_expect_fail 5 "$log" 20 "$SX_ADDR_SERVER" "${common[@]}" --pin "$ZERO_PIN" -v
	expect_no_http "$log" "pin mismatch"
	# The server saw this connection end (its log is written with a delay) and nothing of SSTP/PPP.
	sx_wait_for 20 "the server logged the pin client gone" se_gone_more_than "$gone" ||
		sx_fail "pin mismatch: SoftEther's log never showed the connection end"
	(($(se_log_count "$SE_PAST_TLS") == 0)) ||
		sx_fail "pin mismatch: SoftEther logged SSTP/PPP/authentication for the refused connection"
	echo "sstpx pin mismatch: exit 5: $(grep -m1 "sstpx: tls:" "$log")"
	sxc_check_clean "$before" "pin mismatch"

	sx_log "case: wrong password -> 6"
	log=$SX_TMP/badpass.log
	sxc_expect_fail 6 "$log" 40 "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_BADPW" \
		--cafile "$SX_SE_CA"
	grep -qi 'authenticat' "$log" || { sxc_show_log "$log"; sx_fail "wrong password: no message naming authentication"; }
	echo "sstpx wrong password: exit 6: $(grep -i 'authenticat' "$log" | tail -n1)"
	sxc_check_clean "$before" "wrong password"

	sx_log "case: unrelated CA -> 5"
	unrelated=$SX_TMP/unrelated-ca
	mkdir "$unrelated"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=unrelated test CA" -keyout "$unrelated/ca.key" -out "$unrelated/ca.crt" \
		>"$unrelated/openssl.log" 2>&1 || { cat "$unrelated/openssl.log" >&2; sx_fail "openssl CA"; }
	log=$SX_TMP/badca.log
	sxc_expect_fail 5 "$log" 20 "$SX_ADDR_SERVER" "${common[@]}" --cafile "$unrelated/ca.crt" -v
	expect_no_http "$log" "unrelated CA"
	echo "sstpx unrelated CA: exit 5: $(grep -m1 "sstpx: tls:" "$log")"
	sxc_check_clean "$before" "unrelated CA"

	sx_log "case: --sni wrong.example with the right CA -> 5"
	log=$SX_TMP/badname.log
	sxc_expect_fail 5 "$log" 20 "$SX_ADDR_SERVER" "${common[@]}" --cafile "$SX_SE_CA" \
		--sni wrong.example -v
	expect_no_http "$log" "wrong name"
	echo "sstpx wrong name: exit 5: $(grep -m1 "sstpx: tls:" "$log")"
	sxc_check_clean "$before" "wrong name"

	sx_log "case: unresolvable name -> 3"
	log=$SX_TMP/noname.log
	sxc_expect_fail 3 "$log" 20 nosuchhost.invalid "${common[@]}" --cafile "$SX_SE_CA"
	sxc_check_clean "$before" "unresolvable name"

	sx_log "case: closed port -> 4"
	log=$SX_TMP/noport.log
	sxc_expect_fail 4 "$log" 20 "$SX_ADDR_SERVER:4443" "${common[@]}" --cafile "$SX_SE_CA"
	sxc_check_clean "$before" "closed port"

	sx_log "case: no --user -> 2"
	log=$SX_TMP/nouser.log
	sxc_expect_fail 2 "$log" 10 "$SX_ADDR_SERVER" --password-file "$SXC_PW" --cafile "$SX_SE_CA"
	sxc_check_clean "$before" "usage error"

	for log in "$SX_TMP"/*.log; do
		! grep -qF "$SX_SE_PASSWORD" "$log" || sx_fail "the password appears in $log"
	done

	sxc_finish
	sx_log "PASS"
}

main "$@"
