#!/bin/bash
# SPDX-License-Identifier: MIT
# Interop check of the wolfSSL that sstpx links: TLS 1.3 (ECDSA) and TLS 1.2 (RSA) handshakes against
# openssl s_server on 127.0.0.1, SNI selecting the certificate, and a hostname mismatch refused.
# Usage: wolfssl-interop.sh CLIENT_BINARY WORK_DIR
set -eu
client=$1 work=$2
[ -x "$client" ] || { echo "no client binary: $client" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
cd "$work"

# A private CA; servers for vpn.test (EC P-256 and RSA-2048, subjectAltName) and a decoy wrong.test
# that s_server presents when the client's SNI does not name vpn.test.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=sx test CA" \
	-keyout ca.key -out ca.pem 2>/dev/null
leaf() { # NAME TYPE KEYSPEC...
	local name=$1 type=$2
	shift 2
	openssl req -new -nodes -newkey "$@" -subj "/CN=$name" -keyout "$name.$type.key" -out "$name.csr" 2>/dev/null
	openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
		-extfile <(printf 'subjectAltName=DNS:%s\n' "$name") -out "$name.$type.pem" 2>/dev/null
}
leaf vpn.test ec ec -pkeyopt ec_paramgen_curve:P-256
leaf vpn.test rsa rsa:2048
leaf wrong.test ec ec -pkeyopt ec_paramgen_curve:P-256

# s_server quits at EOF on its stdin: give it a FIFO that this script holds open until it exits.
mkfifo stdin.fifo
exec 8<>stdin.fifo
server_pid=
stop_server() { [ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=; } || true; }
trap stop_server EXIT

# start_server PROTO-FLAG KEYTYPE: s_server on an ephemeral port; sets $port.
start_server() {
	: >server.out
	openssl s_server -accept 127.0.0.1:0 "$1" -naccept 1 -cert wrong.test.ec.pem -key wrong.test.ec.key \
		-servername vpn.test -cert2 "vpn.test.$2.pem" -key2 "vpn.test.$2.key" \
		<stdin.fifo >server.out 2>&1 &
	server_pid=$!
	for _ in $(seq 50); do
		port=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' server.out)
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	echo "s_server did not start:"; cat server.out
	exit 1
}

status=0
run() { # NAME EXPECTED_EXIT PROTO-FLAG KEYTYPE HOST VERSION
	local name=$1 want=$2 rc=0
	start_server "$3" "$4"
	echo "--- $name (s_server $3, $4 certificate; client names $5)"
	timeout 30 "$client" "$port" ca.pem "$5" "$6" || rc=$?
	stop_server
	if [ "$rc" = "$want" ]; then
		echo "PASS $name"
	else
		echo "FAIL $name: exit $rc, expected $want"
		status=1
	fi
}
run tls13_ecdsa_sni 0 -tls1_3 ec vpn.test TLSv1.3
run tls12_rsa_sni 0 -tls1_2 rsa vpn.test TLSv1.2
run hostname_mismatch_refused 3 -tls1_3 ec wrong2.test TLSv1.3
exit $status
