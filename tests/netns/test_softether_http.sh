#!/bin/bash
# SPDX-License-Identifier: MIT
# SoftEther as an SSTP test peer: the patched private vpnserver answers SSTP_DUPLEX_POST with
# HTTP/1.1 200 (openssl s_client, verified certificate) and a Call Connect Request with a Connect
# Ack (MS-SSTP 2.2.9/2.2.10); the unpatched copy never answers (why the patch exists); nothing is
# left behind. Needs root; installs nothing (tools/check does).
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#                                  vpnserver :443 :5555 (own mount ns)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
SE=$root/tools/softether/server.sh
PATCH=$root/tools/softether/patch-vpnserver.sh
PROBE=$root/tools/softether/sstp_probe.py
# shellcheck source=tests/netns/lib.sh
. "$here/lib.sh"
# shellcheck source=tools/softether/peer.sh
. "$root/tools/softether/peer.sh"

check_prereqs() {
	sx_require_root
	sx_require_cmds ip ss openssl python3 vpncmd unshare nsenter timeout mkfifo sha256sum od
	[[ -x /usr/libexec/softether/vpnserver/vpnserver ]] ||
		sx_fail "softether-vpnserver is not installed (tools/check installs it)"
}

# openssl s_client, certificate checked against our CA and the name sstp.test; the request's
# reply must start with HTTP/1.1 200. stdin is a FIFO kept open until the reply has arrived.
http_via_s_client() { # CAFILE
	local ca=$1 out=$SX_TMP/s_client.out err=$SX_TMP/s_client.err fifo=$SX_TMP/s_client.in pid fd rc=0
	mkfifo "$fifo"
	n_client timeout "$(sx_secs 20)" openssl s_client -connect "$SX_ADDR_SERVER:443" -servername sstp.test \
		-verify_hostname sstp.test -CAfile "$ca" -verify_return_error -brief \
		<"$fifo" >"$out" 2>"$err" &
	pid=$!
	exec {fd}>"$fifo"
	printf '%s\r\n' "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1" \
		"Host: sstp.test" "Content-Length: 18446744073709551615" \
		"SSTPCORRELATIONID: {5B7C1E2A-3D4F-4A6B-8C9D-0E1F2A3B4C5D}" "" >&"$fd"
	sx_wait_for 10 "HTTP/1.1 200 through s_client" grep -q '^HTTP/1.1 200' "$out" || rc=1
	exec {fd}>&-
	wait "$pid" || true
	if ((rc != 0)); then
		cat "$err" "$out" >&2
		sx_fail "no HTTP/1.1 200 to SSTP_DUPLEX_POST via openssl s_client"
	fi
	grep -q '^Verification: OK' "$err" || { cat "$err" >&2; sx_fail "s_client did not verify"; }
	sx_log "s_client: $(grep -m1 '^Protocol version' "$err"), $(head -n1 "$out" | tr -d '\r')"
}

start_configured() { # WORKDIR [BINDIR]
	"$SE" start "$SX_NS_SERVER" "$@"
	SX_SE_USER=test SX_SE_PASSWORD=$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n') \
		"$SE" configure "$1" "$SX_ADDR_SERVER"
}

test_patched() {
	local w
	sx_snapshot server "$SX_TMP/server.before"
	sx_snapshot client "$SX_TMP/client.before"
	sx_softether_up test
	w=$SX_SE_WORKDIR
	http_via_s_client "$SX_SE_CA"
	# Verified by the IP subjectAltName this time, then the whole handshake up to the Connect Ack.
	n_client python3 "$PROBE" "$SX_ADDR_SERVER" "$SX_SE_CA" "$SX_ADDR_SERVER" ack 10 >&2 ||
		sx_fail "no Connect Ack from the patched server"
	# The client-side check is not vacuous: a name the certificate does not carry is refused.
	if n_client python3 "$PROBE" "$SX_ADDR_SERVER" "$SX_SE_CA" other.test ack 5 \
		>"$SX_TMP/wrongname.out" 2>&1; then
		sx_fail "certificate accepted for a name it does not carry"
	fi
	grep -q CERTIFICATE_VERIFY_FAILED "$SX_TMP/wrongname.out" ||
		{ cat "$SX_TMP/wrongname.out" >&2; sx_fail "wrong-name probe failed for another reason"; }
	sx_softether_down
	sx_log "timings (ms): $(tr '\n' ' ' <"$w/timings")"
	# SecureNAT is userspace: the server's and the client's network state are as they were.
	sx_snapshot server "$SX_TMP/server.after"
	sx_snapshot client "$SX_TMP/client.after"
	sx_snapshot_compare "$SX_TMP/server.before" "$SX_TMP/server.after" "server namespace" ||
		sx_fail "the server changed its namespace's links/addresses/routes"
	sx_snapshot_compare "$SX_TMP/client.before" "$SX_TMP/client.after" "client namespace" ||
		sx_fail "the client namespace changed"
}

# The same server without the patch completes TLS but never answers the request.
test_unpatched() {
	local w=$SX_TMP/se-unpatched
	"$PATCH" --unpatched "$w/bin-unpatched" >/dev/null
	sx_cleanup_push "$SE" stop "$w"
	start_configured "$w" "$w/bin-unpatched"
	n_client python3 "$PROBE" "$SX_ADDR_SERVER" "$w/pki/ca.crt" sstp.test silent 3 >&2 ||
		sx_fail "the unpatched server answered: is the patch still needed?"
	"$SE" stop "$w"
}

main() {
	check_prereqs
	sx_init
	sx_topology_std
	test_patched
	if [[ -z ${SX_SKIP_UNPATCHED:-} ]]; then test_unpatched; fi
	sx_cleanup_run
	sx_check_nothing_left
	sx_log "PASS"
}

main "$@"
