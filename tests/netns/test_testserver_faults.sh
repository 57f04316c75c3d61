#!/bin/bash
# SPDX-License-Identifier: MIT
# One quick check per fault-knob group of sstpx-testserver (--once), with the real sstpx client:
# the server logs the fault and the session's end, the client exits with the code its failure
# means and leaves its namespace as it was, and the server's --once exit code is the documented
# one. Groups: TCP cut (FIN, RST), HTTP (status, garbage), SSTP control (Call Abort after the
# binding, a malformed packet), PPP (CHAP Failure E=691, LCP Terminate), slow drip (still
# connects and pings), certificate modes (expired, self-signed: refused by the client).
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF                 testserver --once --fault ... (--tun TSRV_TUN)
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

# fault_case NAME CLIENT_RC SERVER_RC SERVER_REGEX CLIENT_REGEX -- SERVER_ARGS... [-- CLIENT_ARGS...]
fault_case() {
	local name=$1 crc=$2 src=$3 sre=$4 cre=$5 slog clog ca=$TSRV_CA sargs=() cargs=()
	shift 6
	while (($#)) && [[ $1 != -- ]]; do sargs+=("$1"); shift; done
	(($#)) && shift
	cargs=("$@")
	slog=$SX_TMP/server_$name.log
	clog=$SX_TMP/client_$name.log
	[[ -n ${CASE_CA:-} ]] && ca=$CASE_CA
	sx_log "case $name: ${sargs[*]}"
	tsrv_start "$slog" --once "${sargs[@]}"
	sxc_expect_fail "$crc" "$clog" 60 "$SX_ADDR_SERVER" --user "$TSRV_USER" \
		--password-file "$TSRV_PW" --cafile "$ca" "${cargs[@]}"
	grep -Eq "$cre" "$clog" || { sxc_show_log "$clog"; sx_fail "$name: the client did not say /$cre/"; }
	tsrv_wait_exit 15
	tsrv_expect_exit "$src" "$name"
	tsrv_expect_log "$slog" "$sre"
	tsrv_expect_log "$slog" "session ended: "
	sxc_check_clean "$SX_TMP/snapshot.before" "$name"
	echo "testserver $name: client exit $crc, server exit $src"
}

drip_case() {
	local slog=$SX_TMP/server_drip.log clog=$SX_TMP/client_drip.log
	sx_log "case drip: --fault drip=1 still connects"
	tsrv_start "$slog" --once --fault drip=1
	sxc_start "$clog" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" --cafile "$TSRV_CA"
	sxc_wait_connected "$clog" 30
	n_client ping -c 2 -i 0.2 -W 2 "$SX_ADDR_BEHIND" >/dev/null 2>&1 ||
		{ tsrv_show_log "$slog"; sx_fail "drip: ping $SX_ADDR_BEHIND"; }
	sxc_stop TERM 15
	((SXC_RC == 0)) || { sxc_show_log "$clog"; sx_fail "drip: client exit $SXC_RC, expected 0"; }
	tsrv_wait_exit 15
	tsrv_expect_exit 0 drip
	sxc_check_clean "$SX_TMP/snapshot.before" "drip"
	echo "testserver drip=1: connected in $SXC_CONNECT_MS ms, ping ok"
}

cert_case() { # MODE
	local dir=$SX_TMP/pki-$1
	"$TSRV_BIN" --gen-cert "$dir" --cert-mode "$1" --cert-san sstp.test --cert-san "$SX_ADDR_SERVER" \
		>"$SX_TMP/gen-$1.log" 2>&1 || { cat "$SX_TMP/gen-$1.log" >&2; sx_fail "--gen-cert --cert-mode $1"; }
	CASE_CA=$dir/ca.pem fault_case "cert-$1" 5 1 "tls: handshake failed" "tls: .*(expired|unknown CA)" \
		-- --cert "$dir/server.pem" --key "$dir/server.key"
}

main() {
	tsrv_setup
	sx_snapshot client "$SX_TMP/snapshot.before"
	fault_case reset-after-http 8 1 "fault: reset-after=http: resetting" \
		"connection: [^ ]+: the server reset the connection" \
		-- --fault reset-after=http
	fault_case close-after-tls 8 1 "fault: close-after=tls: closing" \
		"http: [^ ]+: the server closed the connection before answering" \
		-- --fault close-after=tls
	fault_case http-status 7 1 "http: answered 503" "server answered 503" -- --fault http-status=503
	fault_case http-bogus 7 1 "fault: http-bogus" "not an HTTP response" -- --fault http-bogus
	fault_case abort-after 8 0 "sent Call Abort" "server aborted" -- --fault abort-after=300
	fault_case wrong-version 7 0 "fault: sending a wrong-version SSTP packet" "no SSTP packet can be" \
		-- --fault wrong-version
	fault_case chap-fail 6 1 "authentication failed: E=691" "E=691" -- --fault chap-fail=691
	fault_case lcp-terminate 8 0 "terminating 300 ms after IPCP opened" "peer terminated the link" \
		-- --fault lcp-terminate-after=300
	drip_case
	cert_case expired
	cert_case self-signed
	tsrv_finish
	sx_log "PASS"
}

main "$@"
