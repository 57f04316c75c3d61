#!/bin/bash
# SPDX-License-Identifier: MIT
# The real sstpx client with EAP-TLS against SoftEther 5.01 (its one EAP method: TLS 1.2, the SSTP
# certificate inside EAP, the fragment ACK without a Flags octet, the Start under the Identity's
# Identifier). A client CA sits in the server's chain_certs/ before it starts, and user "certuser"
# is bound to its certificate (UserCertSet). Cases: --cert/--key with --auth eap-tls, ping
# 192.168.30.1 through the tunnel, SIGTERM exits 0 with the namespace as before; the same key as a
# PKCS#12 file with its passphrase from a file, default --auth (no password source: EAP-TLS only);
# a certificate of another CA: SoftEther finishes the TLS handshake and sends EAP Failure, exit 6.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

# SoftEther takes RSA client certificates only (softether facts 6.2b).
make_client_pki() { # DIR
	local d=$1
	mkdir -p "$d"
	(
		cd "$d"
		openssl req -x509 -newkey rsa:2048 -nodes -keyout cca.key -out cca.pem -days 30 \
			-subj /CN=sstpx-test-client-ca -addext basicConstraints=critical,CA:TRUE \
			-addext keyUsage=critical,keyCertSign,cRLSign
		openssl req -newkey rsa:2048 -nodes -keyout certuser.key -out certuser.csr -subj /CN=certuser
		printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n' >cli.ext
		openssl x509 -req -in certuser.csr -CA cca.pem -CAkey cca.key -CAcreateserial \
			-out certuser.pem -days 30 -extfile cli.ext
		printf 'p12 pass %s\n' "$RANDOM$RANDOM" >p12pass
		chmod 600 p12pass
		openssl pkcs12 -export -inkey certuser.key -in certuser.pem -certfile cca.pem \
			-passout file:p12pass -out certuser.p12
		openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 30 \
			-subj /CN=certuser
	) >"$d/gen.log" 2>&1 || { cat "$d/gen.log" >&2; sx_fail "openssl: cannot make the client PKI"; }
}

connect_ping() { # NAME BEFORE ARGS...
	local name=$1 before=$2 log=$SX_TMP/$1.log
	shift 2
	sxc_start "$log" sstp.test --user certuser --cafile "$SX_SE_CA" "$@" -v
	sxc_wait_connected "$log" 30
	sxc_check_connected "$log"
	grep -q 'ppp: authenticated as "certuser" (EAP-TLS)' "$log" || { sxc_show_log "$log"; sx_fail "$name: not EAP-TLS"; }
	grep -q 'eap-tls: handshake done (TLS 1.2)' "$log" || { sxc_show_log "$log"; sx_fail "$name: no TLS 1.2 handshake inside EAP"; }
	n_client ping -c 5 -i 0.2 -W 2 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "$name: ping 192.168.30.1 through the tunnel"; }
	grep -q '5 packets transmitted, 5 received' "$SX_TMP/ping.out" ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "$name: not all 5 pings answered"; }
	echo "sstpx EAP-TLS to SoftEther ($name): connected in $SXC_CONNECT_MS ms; 5/5 pings answered"
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "$name: SIGTERM: exit $SXC_RC, expected 0"; }
	sxc_check_clean "$before" "$name"
}

main() {
	local p before log
	sxc_setup_client python3 vpncmd unshare nsenter
	[[ -x /usr/libexec/softether/vpnserver/vpnserver ]] ||
		sx_fail "softether-vpnserver is not installed (tools/check installs it)"
	p=$SX_TMP/cpki
	make_client_pki "$p"
	# /var/lib/softether/chain_certs in the server's mount namespace, read when it starts.
	mkdir -p "$SX_TMP/softether/state/lib/chain_certs"
	cp "$p/cca.pem" "$SX_TMP/softether/state/lib/chain_certs/sstpx-test-client-ca.crt"
	sx_softether_up test
	cp "$p/certuser.pem" "$SX_SE_WORKDIR/pki/certuser.crt"
	printf '%s\n' 'Hub DEFAULT' 'UserCreate certuser /GROUP:none /REALNAME:none /NOTE:none' \
		'UserCertSet certuser /LOADCERT:certuser.crt' >"$SX_TMP/certuser.vpncmd"
	sx_softether_vpncmd "$SX_TMP/certuser.vpncmd" >"$SX_TMP/certuser.out" 2>&1 ||
		{ cat "$SX_TMP/certuser.out" >&2; sx_fail "vpncmd: cannot bind certuser to its certificate"; }
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	sx_log "case 1: --auth eap-tls --cert --key, ping, SIGTERM"
	connect_ping pem "$before" --auth eap-tls --cert "$p/certuser.pem" --key "$p/certuser.key"
	sx_log "case 2: --pkcs12 with --key-password-file, default --auth, ping, SIGTERM"
	connect_ping pkcs12 "$before" --pkcs12 "$p/certuser.p12" --key-password-file "$p/p12pass"
	sx_log "case 3: a certificate SoftEther does not know: EAP Failure after the handshake, exit 6"
	log=$SX_TMP/other.log
	sxc_expect_fail 6 "$log" 30 sstp.test --user certuser --cafile "$SX_SE_CA" --auth eap-tls \
		--cert "$p/other.pem" --key "$p/other.key"
	grep -q 'EAP-TLS: the server refused our certificate (EAP Failure after the TLS handshake)' "$log" ||
		{ sxc_show_log "$log"; sx_fail "case 3: not the words for a refused certificate"; }
	sxc_check_clean "$before" "refused certificate"

	sxc_finish
	sx_log "PASS"
}

main "$@"
