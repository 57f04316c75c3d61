# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shared by tests/netns/test_proxy_*.sh: sstpx-testserver behind a proxy namespace, the client
# namespace having no route to the server except through the proxy.
#
#   [client] c1 10.77.2.2/24 ---- p0 10.77.2.1/24 [proxy] p1 10.77.3.2/24 ---- s2 10.77.3.1/24 [server]
#   (c0 to s0 stays up without an address: no direct path)          testserver 10.77.0.1:443 --tun
#                                                                   s1 ---- b0 10.77.1.2 [behind]
#   px_setup                 tsrv_setup, the proxy namespace (n_proxy), PX_ADDR, PX_PW (a private
#                            file with the proxy password), PX_PASS, the snapshot SX_TMP/snapshot.before
#   px_daemon LOG CMD...     a proxy in the proxy namespace (PX_PID), stopped at cleanup
#   px_stop                  SIGTERM to it and wait
#   px_connected_case DESC LOG ARGS...   sstpx through the proxy: connected, pings 10.77.1.2 3 times,
#                            a 2 s bulk transfer, SIGTERM exit 0, the client namespace as before
#   px_bulk                  a 2 s iperf3 upload through the tunnel (prints the rate)
#   px_fail_case RC REGEX DESC ARGS...   sstpx exits RC with a line matching REGEX, namespace clean
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

PX_ADDR=10.77.2.1

px_setup() {
	tsrv_setup
	sx_netns_new proxy n_proxy
	PX_NS=$(sx_ns proxy)
	sx_veth client c1 10.77.2.2/24 proxy p0 "$PX_ADDR/24"
	sx_veth proxy p1 10.77.3.2/24 server s2 10.77.3.1/24
	ip -n "$PX_NS" route add "$SX_ADDR_SERVER/32" via 10.77.3.1
	ip -n "$SX_NS_CLIENT" addr flush dev c0
	! n_client ping -c 1 -W 1 "$SX_ADDR_SERVER" >/dev/null 2>&1 ||
		sx_fail "the client reaches $SX_ADDR_SERVER without the proxy"
	n_proxy ping -c 1 -W 2 "$SX_ADDR_SERVER" >/dev/null 2>&1 || sx_fail "the proxy does not reach the server"
	# shellcheck disable=SC2034 # read by the test scripts
	PX_PASS=px-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	PX_PW=$SX_TMP/proxy.pw
	(umask 077 && printf '%s\n' "$PX_PASS" >"$PX_PW")
	# Proxies that drop privileges (squid to "proxy", tinyproxy to "nobody") read their files here.
	chmod 711 "$SX_TMP"
	sx_snapshot client "$SX_TMP/snapshot.before"
	sx_log "proxy namespace $PX_NS at $PX_ADDR; client has no route to $SX_ADDR_SERVER"
}

px_daemon() { # LOG CMD...
	local log=$1
	shift
	ip netns exec "$PX_NS" "$@" >"$log" 2>&1 &
	PX_PID=$!
	sx_cleanup_kill "$PX_PID"
}

px_stop() {
	kill -TERM "$PX_PID" 2>/dev/null || true
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$PX_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$PX_PID" 2>/dev/null || true
	wait "$PX_PID" 2>/dev/null || true
}

px_ping() { # LOG
	n_client ping -c 3 -i 0.2 -W 2 "$SX_ADDR_BEHIND" >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sxc_show_log "$1"; sx_fail "ping $SX_ADDR_BEHIND through the tunnel"; }
	grep -q "3 packets transmitted, 3 received" "$SX_TMP/ping.out" ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "not all 3 pings answered"; }
}

px_bulk() {
	local port=5201 json=$SX_TMP/iperf.json
	ip netns exec "$SX_NS_BEHIND" timeout "$(sx_secs 30)" iperf3 -s -1 -p "$port" >"$SX_TMP/iperf_server.log" 2>&1 &
	sx_cleanup_kill $!
	sx_wait_listen behind "$port" tcp 5 || sx_fail "iperf3 server did not listen"
	n_client timeout "$(sx_secs 20)" iperf3 -c "$SX_ADDR_BEHIND" -p "$port" -t 2 -J >"$json" 2>&1 ||
		{ cat "$json" >&2; sx_fail "iperf3 through the tunnel failed"; }
	PX_MBITS=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.1f" % (d["end"]["sum_received"]["bits_per_second"]/1e6))' "$json")
	sx_log "iperf3 through the proxied tunnel: $PX_MBITS Mbit/s received"
}

px_connected_case() { # DESC LOG ARGS...
	local desc=$1 clog=$2 slog=$SX_TMP/server_$RANDOM.log
	shift 2
	sx_log "case $desc"
	tsrv_start "$slog" --once
	sxc_start "$clog" "$@" --user "$TSRV_USER" --password-file "$TSRV_PW" --cafile "$TSRV_CA" -v
	sxc_wait_connected "$clog" 40
	tsrv_check_client_up
	px_ping "$clog"
	px_bulk
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$clog"; sx_fail "$desc: sstpx SIGTERM exit $SXC_RC"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "$desc"
	tsrv_wait_exit 15
	tsrv_expect_exit 0 "$desc"
	echo "$desc: connected in $SXC_CONNECT_MS ms, 3/3 pings, iperf3 $PX_MBITS Mbit/s"
}

px_fail_case() { # RC REGEX DESC ARGS...
	local rc=$1 re=$2 desc=$3 clog=$SX_TMP/fail_$RANDOM.log
	shift 3
	sx_log "case $desc: expect exit $rc"
	sxc_expect_fail "$rc" "$clog" 60 "$@" --user "$TSRV_USER" --password-file "$TSRV_PW" --cafile "$TSRV_CA"
	grep -Eq "$re" "$clog" || { sxc_show_log "$clog"; sx_fail "$desc: no line matching /$re/"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "$desc"
	echo "$desc: exit $rc, \"$(grep -E "$re" "$clog" | head -n1)\""
}
