#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx through real HTTP proxies to sstpx-testserver, the client having no route to the server but
# through the proxy namespace (topology in proxy_lib.sh). squid 5.7: no authentication (with a 2 s
# iperf3 upload), Basic (basic_ncsa_auth, htpasswd file, --proxy-allow-basic), Digest
# (digest_file_auth; MD5, qop=auth) and NTLM (ntlm_fake_auth: it proves the three-step framing on
# one connection; the NTLMv2 arithmetic is proven by tests/vectors/test_proxy_auth), each carrying
# 3 pings, then a wrong Digest password (exit 6) and Basic refused without --proxy-allow-basic
# (exit 6, the offered schemes named). tinyproxy 1.11.1: Basic, its 407 comes as HTTP/1.0 with
# Connection: close, so the retry needs a new connection. A fake proxy (python3) for the hostile
# cases: it closes at once, answers garbage, sends an endless header, answers 403, or asks for
# authentication forever; each ends with its exit code and message and a clean namespace.
set -euo pipefail
# shellcheck source=tests/netns/proxy_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/proxy_lib.sh"

for c in squid tinyproxy htpasswd python3 iperf3; do
	command -v "$c" >/dev/null || { echo "SKIP: $c not installed (tools/deps.sh lists it)"; exit 77; }
done
SQUID_LIB=/usr/lib/squid
[[ -x $SQUID_LIB/basic_ncsa_auth && -x $SQUID_LIB/digest_file_auth && -x $SQUID_LIB/ntlm_fake_auth ]] ||
	{ echo "SKIP: squid's auth helpers not in $SQUID_LIB"; exit 77; }

# squid.conf for one case: AUTH is none, basic, digest or ntlm (all on one port 3128).
squid_conf() { # AUTH
	local d=$SX_TMP/squid-$1
	mkdir -p "$d"
	{
		printf 'http_port %s:3128\npid_filename %s/squid.pid\ncache_log %s/cache.log\n' "$PX_ADDR" "$d" "$d"
		printf 'access_log stdio:%s/access.log\ncache_store_log none\ncache deny all\n' "$d"
		printf 'cache_mem 8 MB\ncoredump_dir %s\npinger_enable off\nnetdb_filename none\n' "$d"
		printf 'dns_nameservers 127.0.0.1\nshutdown_lifetime 1 seconds\nvisible_hostname sxproxy\n'
		printf 'acl SSL_ports port 443\nacl CONNECT method CONNECT\nhttp_access deny CONNECT !SSL_ports\n'
		case $1 in
		none) ;;
		basic)
			printf 'auth_param basic program %s/basic_ncsa_auth %s/passwd\n' "$SQUID_LIB" "$d"
			printf 'auth_param basic realm sxproxy\nauth_param basic children 2 startup=1 idle=1\n' ;;
		digest)
			printf 'auth_param digest program %s/digest_file_auth %s/passwd\n' "$SQUID_LIB" "$d"
			printf 'auth_param digest realm sxproxy\nauth_param digest children 2 startup=1 idle=1\n' ;;
		ntlm)
			printf 'auth_param ntlm program %s/ntlm_fake_auth\n' "$SQUID_LIB"
			printf 'auth_param ntlm children 2 startup=1 idle=1\n' ;;
		esac
		if [[ $1 == none ]]; then
			printf 'http_access allow all\n'
		else
			printf 'acl authed proxy_auth REQUIRED\nhttp_access allow authed\nhttp_access deny all\n'
		fi
	} >"$d/squid.conf"
	case $1 in
	basic) htpasswd -b -c "$d/passwd" alice "$PX_PASS" 2>/dev/null ;;
	digest) printf 'alice:%s\n' "$PX_PASS" >"$d/passwd" ;;
	esac
	chown -R proxy "$d" 2>/dev/null || chmod -R a+rwX "$d"
	chmod 600 "$d/passwd" 2>/dev/null || true
	SQUID_DIR=$d
}

squid_start() { # AUTH
	squid_conf "$1"
	px_daemon "$SQUID_DIR/stdout.log" squid -N -f "$SQUID_DIR/squid.conf"
	sx_wait_listen proxy 3128 tcp 15 ||
		{ cat "$SQUID_DIR/stdout.log" "$SQUID_DIR/cache.log" >&2 || true; sx_fail "squid ($1) did not listen"; }
}

squid_expect_tunnel() { # USER_REGEX
	sx_wait_for 5 "squid access.log TCP_TUNNEL" grep -Eq "TCP_TUNNEL/200 .* CONNECT $SX_ADDR_SERVER:443 $1 " \
		"$SQUID_DIR/access.log" || { cat "$SQUID_DIR/access.log" >&2; sx_fail "squid logged no tunnel for $1"; }
}

squid_cases() {
	local url="http://alice@$PX_ADDR:3128" pw=(--proxy-password-file "$PX_PW")

	squid_start none
	px_connected_case "squid, no authentication" "$SX_TMP/c_none.log" \
		"$SX_ADDR_SERVER" --proxy "http://$PX_ADDR:3128"
	squid_expect_tunnel -
	px_stop

	squid_start basic
	px_connected_case "squid Basic" "$SX_TMP/c_basic.log" "$SX_ADDR_SERVER" --proxy "$url" \
		"${pw[@]}" --proxy-allow-basic
	squid_expect_tunnel alice
	px_fail_case 6 'the proxy asks for Basic.*--proxy-allow-basic' "squid Basic not allowed" \
		"$SX_ADDR_SERVER" --proxy "$url" "${pw[@]}"
	px_stop

	squid_start digest
	px_connected_case "squid Digest" "$SX_TMP/c_digest.log" "$SX_ADDR_SERVER" --proxy "$url" "${pw[@]}"
	grep -q 'authentication: Digest MD5' "$SX_TMP/c_digest.log" || sx_fail "Digest not named as used"
	squid_expect_tunnel alice
	printf 'wrong-%s\n' "$PX_PASS" >"$SX_TMP/bad.pw" && chmod 600 "$SX_TMP/bad.pw"
	px_fail_case 6 'proxy refused the credentials.*407' "squid Digest, wrong password" \
		"$SX_ADDR_SERVER" --proxy "$url" --proxy-password-file "$SX_TMP/bad.pw"
	px_stop

	squid_start ntlm
	px_connected_case "squid NTLM" "$SX_TMP/c_ntlm.log" "$SX_ADDR_SERVER" \
		--proxy "http://WORKGROUP%5Calice@$PX_ADDR:3128" "${pw[@]}"
	grep -q 'authentication: NTLM' "$SX_TMP/c_ntlm.log" || sx_fail "NTLM not named as used"
	# squid logs the NTLM user as DOMAIN\user (escaped as WORKGROUP\\alice).
	squid_expect_tunnel 'WORKGROUP\\+alice'

	px_stop
}

tinyproxy_case() {
	local d=$SX_TMP/tinyproxy
	mkdir -p "$d"
	printf 'Port 8888\nListen %s\nAllow 10.77.2.0/24\nBasicAuth alice %s\nConnectPort 443\nUser nobody\nGroup nogroup\nLogLevel Info\nMaxClients 10\n' \
		"$PX_ADDR" "$PX_PASS" >"$d/tinyproxy.conf"
	px_daemon "$d/stdout.log" tinyproxy -d -c "$d/tinyproxy.conf"
	sx_wait_listen proxy 8888 tcp 10 || { cat "$d/stdout.log" >&2; sx_fail "tinyproxy did not listen"; }
	# The environment instead of --proxy: https_proxy as curl reads it.
	SXC_WRAP=(env "https_proxy=http://alice@$PX_ADDR:8888")
	px_connected_case "tinyproxy Basic (407 HTTP/1.0 close: new connection)" "$SX_TMP/c_tiny.log" \
		"$SX_ADDR_SERVER" --proxy-password-file "$PX_PW" --proxy-allow-basic
	SXC_WRAP=()
	grep -q 'the proxy closes the connection; connecting again' "$SX_TMP/c_tiny.log" ||
		{ sxc_show_log "$SX_TMP/c_tiny.log"; sx_fail "no reconnection after tinyproxy's 407"; }
	grep -q 'from https_proxy' "$SX_TMP/c_tiny.log" || sx_fail "the proxy did not come from https_proxy"
	px_stop
}

# A fake proxy on 3129: MODE close | garbage | endless | forbidden | authforever.
fake_start() { # MODE
	px_daemon "$SX_TMP/fake_$1.log" python3 -c '
import socket, sys, time
mode = sys.argv[2]
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 3129)); s.listen(8)
n = 0
while True:
    c, _ = s.accept()
    try:
        while True:
            req = b""
            while b"\r\n\r\n" not in req:
                d = c.recv(4096)
                if not d: raise EOFError
                req += d
            if mode == "close": break
            if mode == "garbage": c.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\x00\x01"); break
            if mode == "forbidden":
                c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 7\r\n\r\nnot you"); break
            if mode == "endless":
                c.sendall(b"HTTP/1.1 200 OK\r\n")
                while True: c.sendall(b"X-Pad: " + b"a" * 1000 + b"\r\n")
            n += 1
            c.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n"
                      b"Proxy-Authenticate: Digest realm=\"fake\", nonce=\"n%d\", qop=\"auth\", stale=true\r\n\r\n" % n)
    except (EOFError, OSError):
        pass
    c.close()
' "$PX_ADDR" "$1"
	sx_wait_listen proxy 3129 tcp 10 || { cat "$SX_TMP/fake_$1.log" >&2; sx_fail "fake proxy did not listen"; }
}

hostile_cases() {
	local url="http://alice@$PX_ADDR:3129" pw=(--proxy-password-file "$PX_PW")
	fake_start close
	px_fail_case 4 'proxy: 10\.77\.2\.1:3129: the proxy closed the connection' "proxy closes" \
		"$SX_ADDR_SERVER" --proxy "$url" "${pw[@]}"
	px_stop
	fake_start garbage
	px_fail_case 4 'not an HTTP reply to CONNECT' "proxy answers garbage" "$SX_ADDR_SERVER" --proxy "$url" "${pw[@]}"
	px_stop
	fake_start endless
	px_fail_case 4 'header section or a line is too long' "endless header" "$SX_ADDR_SERVER" --proxy "$url" "${pw[@]}"
	px_stop
	fake_start forbidden
	px_fail_case 4 'refused CONNECT 10\.77\.0\.1:443: "HTTP/1\.1 403 Forbidden"' "403" \
		"$SX_ADDR_SERVER" --proxy "$url" "${pw[@]}"
	px_stop
	fake_start authforever
	px_fail_case 6 'proxy refused the credentials|keeps asking' "authentication forever" \
		"$SX_ADDR_SERVER" --proxy "$url" "${pw[@]}"
	px_stop
	# Nobody listening: unreachable proxy.
	px_fail_case 4 'proxy: 10\.77\.2\.1 \(10\.77\.2\.1:3129\): Connection refused' "proxy unreachable" \
		"$SX_ADDR_SERVER" --proxy "$url" "${pw[@]}"
}

main() {
	px_setup
	SXC_WRAP=()
	squid_cases
	tinyproxy_case
	hostile_cases
	tsrv_finish
	sx_log "PASS"
}

main "$@"
