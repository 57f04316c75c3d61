#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx through microsocks (SOCKS5, RFC 1928/1929) to sstpx-testserver, the client having no route
# to the server but through the proxy namespace (topology in proxy_lib.sh): without authentication
# (socks5://, the address resolved by the client), with user/password (socks5h://, with a 2 s
# iperf3 upload), socks5h:// to a name only the proxy can resolve (the client's resolver knows
# nothing; --sni keeps the certificate check on the server's real name; its --events json
# connected event names the proxy, never the password), then a wrong password (exit 6), no
# credentials for a proxy that wants them (exit 6) and a CONNECT the proxy cannot make (exit 4,
# the reply code in words), each leaving the namespace clean.
set -euo pipefail
# shellcheck source=tests/netns/proxy_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/proxy_lib.sh"

for c in microsocks iperf3 python3; do
	command -v "$c" >/dev/null || { echo "SKIP: $c not installed (tools/deps.sh lists it)"; exit 77; }
done

main() {
	px_setup
	SXC_WRAP=()
	local name=vpn.behind-proxy.test pw=(--proxy-password-file "$PX_PW")
	# Only the proxy namespace knows the name.
	mkdir -p "/etc/netns/$PX_NS"
	sx_cleanup_push rm -rf "/etc/netns/$PX_NS"
	printf '%s %s\n' "$SX_ADDR_SERVER" "$name" >"/etc/netns/$PX_NS/hosts"
	! n_client getent hosts "$name" >/dev/null 2>&1 || sx_fail "the client resolves $name"

	px_daemon "$SX_TMP/socks_open.log" microsocks -i "$PX_ADDR" -p 1080
	sx_wait_listen proxy 1080 tcp 10 || sx_fail "microsocks did not listen"
	px_connected_case "microsocks, no authentication (socks5://)" "$SX_TMP/c_open.log" \
		"$SX_ADDR_SERVER" --proxy "socks5://$PX_ADDR:1080"
	grep -q 'SOCKS5 tunnel to .* open (authentication: none)' "$SX_TMP/c_open.log" ||
		sx_fail "no SOCKS5 tunnel line"
	px_fail_case 4 'SOCKS5 CONNECT 10\.77\.0\.1:4433 failed: connection refused \(reply 5\)' \
		"SOCKS5 CONNECT refused" "$SX_ADDR_SERVER:4433" --proxy "socks5://$PX_ADDR:1080"
	px_stop

	px_daemon "$SX_TMP/socks_auth.log" microsocks -i "$PX_ADDR" -p 1080 -u alice -P "$PX_PASS"
	sx_wait_listen proxy 1080 tcp 10 || sx_fail "microsocks (auth) did not listen"
	px_connected_case "microsocks user/password (socks5h://)" "$SX_TMP/c_auth.log" \
		"$SX_ADDR_SERVER" --proxy "socks5h://alice@$PX_ADDR:1080" "${pw[@]}"
	px_connected_case "socks5h to a name only the proxy resolves" "$SX_TMP/c_name.log" \
		"$name" --sni sstp.test --proxy "socks5h://alice@$PX_ADDR:1080" "${pw[@]}" --events json
	# The connected event names the proxy in use (never its password).
	local want='"proxy":{"url":"socks5h://alice@10.77.2.1:1080","type":"socks5h","source":"--proxy","address":"10.77.2.1:1080","auth":"user/password"}'
	grep '"event":"connected"' "$SX_TMP/c_name.log" | grep -qF "$want" ||
		{ sxc_show_log "$SX_TMP/c_name.log"; sx_fail "the connected event does not show the proxy"; }
	! grep -qF "$PX_PASS" "$SX_TMP/c_name.log" || sx_fail "the proxy password appears in the output"
	printf 'wrong-%s\n' "$PX_PASS" >"$SX_TMP/bad.pw" && chmod 600 "$SX_TMP/bad.pw"
	px_fail_case 6 'SOCKS5 proxy refused user "alice"' "SOCKS5 wrong password" \
		"$SX_ADDR_SERVER" --proxy "socks5h://alice@$PX_ADDR:1080" --proxy-password-file "$SX_TMP/bad.pw"
	px_fail_case 6 'accepts none of our methods' "SOCKS5 without credentials" \
		"$SX_ADDR_SERVER" --proxy "socks5h://$PX_ADDR:1080"
	px_stop
	tsrv_finish
	sx_log "PASS"
}

main "$@"
