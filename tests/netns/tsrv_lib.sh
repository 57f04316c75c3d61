# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shared helpers for tests/netns/test_testserver_*.sh: sstpx-testserver (tools/testserver) in the
# server namespace of tests/netns/lib.sh's standard topology, with a TUN device and forwarding to
# the namespace behind, and the real sstpx client in the client namespace (sstpx_lib.sh's sxc_*
# helpers start, stop and check it).
#
#   . tests/netns/tsrv_lib.sh
#   tsrv_setup                     sxc_setup_client (prereqs, sx_init, topology, client resolv.conf
#                                  + hosts, SXC_IF), a test CA + server certificate (SAN sstp.test
#                                  and 10.77.0.1), users file
#                                  -> TSRV_BIN TSRV_CA TSRV_CERT TSRV_KEY TSRV_USERS TSRV_USER
#                                     TSRV_PW (client password file) TSRV_TUN SXC_IF
#   tsrv_start LOG ARGS...         testserver in the server namespace (listen 10.77.0.1:443, --tun)
#                                  plus ARGS; waits for its ready file; TSRV_PID
#   tsrv_wait_exit S               bounded wait for the testserver to end; TSRV_RC; fails on a
#                                  sanitizer report in its log
#   tsrv_stop [SIG] [S]            signal it (TERM) and wait; TSRV_RC
#   tsrv_expect_exit RC DESC       TSRV_RC is RC and the server's TUN is gone
#   tsrv_wait_log LOG REGEX [S]    bounded poll until the log matches
#   tsrv_expect_log LOG REGEX      fails (showing the log) unless it matches now
#   tsrv_check_client_up           SXC_IF has 192.168.77.10 peer 192.168.77.1, routes via it
#   tsrv_dhcp_first_set FILE       a --dhcp FILE as the DHCP server behind RRAS would answer: domain
#                                  corp.example, search eng.corp.example and corp.example, routes
#                                  10.77.1.0/24 (via 192.168.77.1), 10.98.1.0/24 and 10.77.0.0/24
#                                  (it covers the server: refused), DNS 192.168.77.53
#   tsrv_finish                    cleanup, nothing left, host resolv.conf unchanged
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver + TSRV_TUN 192.168.77.1 (ip_forward)

TSRV_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/netns/sstpx_lib.sh
. "$TSRV_HERE/sstpx_lib.sh"

TSRV_BIN=${TSRV_BIN:-${SX_BUILD_DIR:-/nonexistent}/tools/testserver/sstpx-testserver}
TSRV_LOCAL=192.168.77.1
TSRV_POOL=192.168.77.10

tsrv_setup() {
	[[ -x $TSRV_BIN ]] || sx_fail "sstpx-testserver not built: $TSRV_BIN (SX_BUILD_DIR=${SX_BUILD_DIR:-unset})"
	sxc_setup_client
	TSRV_TUN=ts$(printf '%s' "$SX_RUN_ID" | sha256sum | cut -c1-8)
	sx_cleanup_push rm -f "/run/sstpx-testserver/$TSRV_TUN.undo"
	"$TSRV_BIN" --gen-cert "$SX_TMP/pki" --cert-cn sstp.test --cert-san sstp.test \
		--cert-san "$SX_ADDR_SERVER" >"$SX_TMP/gen-cert.log" 2>&1 ||
		{ cat "$SX_TMP/gen-cert.log" >&2; sx_fail "sstpx-testserver --gen-cert failed"; }
	# shellcheck disable=SC2034 # read by the test scripts
	TSRV_CA=$SX_TMP/pki/ca.pem
	TSRV_CERT=$SX_TMP/pki/server.pem
	TSRV_KEY=$SX_TMP/pki/server.key
	TSRV_USER=alice
	TSRV_USERS=$SX_TMP/users
	TSRV_PW=$SX_TMP/alice.pw
	local pw
	pw=$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')
	(umask 077 && printf '# test users\n%s:%s\n' "$TSRV_USER" "$pw" >"$TSRV_USERS" &&
		printf '%s\n' "$pw" >"$TSRV_PW")
	# shellcheck disable=SC2034 # read by the test scripts and sxc_* helpers
	SXC_PW=$TSRV_PW
	sx_log "testserver $TSRV_BIN, sstpx $SXC_SSTPX, client interface $SXC_IF, server TUN $TSRV_TUN"
}

# `ip netns exec` execs the program, so $! is the testserver itself.
tsrv_start() { # LOG ARGS...
	local log=$1 ready=$SX_TMP/tsrv.ready
	shift
	TSRV_LOG=$log
	rm -f "$ready"
	ip netns exec "$SX_NS_SERVER" "$TSRV_BIN" --listen "$SX_ADDR_SERVER:443" --cert "$TSRV_CERT" \
		--key "$TSRV_KEY" --users "$TSRV_USERS" --tun "$TSRV_TUN" --ready-file "$ready" \
		"$@" >"$log" 2>&1 &
	# If a test fails with the server still running, removing its namespace stops it (lib.sh).
	TSRV_PID=$!
	sx_wait_for 10 "testserver ready file" test -s "$ready" ||
		{ tsrv_show_log "$log"; sx_fail "sstpx-testserver did not start"; }
	grep -q "listening on " "$log" ||
		{ tsrv_show_log "$log"; sx_fail "no \"listening on\" line"; }
}

tsrv_show_log() { # LOG
	sx_log "---- testserver output ($1) ----"
	sed 's/^/    /' "$1" >&2 || true
}

tsrv_wait_exit() { # SECONDS
	local secs deadline
	secs=$(sx_secs "$1")
	deadline=$((SECONDS + secs))
	while kill -0 "$TSRV_PID" 2>/dev/null; do
		((SECONDS < deadline)) || sx_fail "sstpx-testserver (pid $TSRV_PID) still running after $secs s"
		sleep 0.05
	done
	TSRV_RC=0
	# shellcheck disable=SC2034 # read by the test scripts
	wait "$TSRV_PID" || TSRV_RC=$?
	# In SANITIZE builds a leak or UB report may share exit code 1 with an expected failure.
	! grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TSRV_LOG" ||
		{ tsrv_show_log "$TSRV_LOG"; sx_fail "sanitizer report in the testserver's output"; }
}

tsrv_stop() { # [SIG] [SECONDS]
	kill "-${1:-TERM}" "$TSRV_PID" 2>/dev/null || true
	tsrv_wait_exit "${2:-10}"
}

# After tsrv_wait_exit/tsrv_stop: the exit code, and the server's TUN device gone.
tsrv_expect_exit() { # RC DESC
	((TSRV_RC == $1)) || { tsrv_show_log "$TSRV_LOG"; sx_fail "$2: testserver exit $TSRV_RC, expected $1"; }
	! ip -n "$SX_NS_SERVER" link show dev "$TSRV_TUN" >/dev/null 2>&1 ||
		sx_fail "$2: the server's TUN $TSRV_TUN is still there"
}

tsrv_wait_log() { # LOG REGEX [SECONDS]
	sx_wait_for "${3:-10}" "testserver log: $2" grep -Eq "$2" "$1" ||
		{ tsrv_show_log "$1"; sx_fail "the testserver never logged /$2/"; }
}

tsrv_expect_log() { # LOG REGEX
	grep -Eq "$2" "$1" || { tsrv_show_log "$1"; sx_fail "the testserver did not log /$2/"; }
}

tsrv_check_client_up() {
	local addr routes
	addr=$(ip -n "$SX_NS_CLIENT" -4 -o addr show dev "$SXC_IF" 2>&1) ||
		sx_fail "no interface $SXC_IF in the client namespace: $addr"
	[[ $addr == *"inet $TSRV_POOL peer $TSRV_LOCAL/32"* ]] ||
		sx_fail "$SXC_IF does not have $TSRV_POOL peer $TSRV_LOCAL: $addr"
	routes=$(ip -n "$SX_NS_CLIENT" -4 route show)
	grep -Eq "^0\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "no 0.0.0.0/1 via $SXC_IF: $routes"
	addr=$(ip -n "$SX_NS_SERVER" -4 -o addr show dev "$TSRV_TUN" 2>&1) ||
		sx_fail "no TUN $TSRV_TUN in the server namespace: $addr"
	[[ $addr == *"inet $TSRV_LOCAL peer $TSRV_POOL/32"* ]] ||
		sx_fail "$TSRV_TUN does not have $TSRV_LOCAL peer $TSRV_POOL: $addr"
}

tsrv_dhcp_first_set() { # FILE
	cat >"$1" <<-EOF
		# what the DHCP server behind RRAS would hand out
		domain corp.example
		search eng.corp.example
		search corp.example
		route 10.77.1.0/24 192.168.77.1
		route 10.98.1.0/24
		route 10.77.0.0/24
		dns 192.168.77.53
	EOF
}

tsrv_finish() {
	sx_cleanup_run
	sx_check_nothing_left
	[[ $(sxc_host_resolv_state) == "$SXC_HOST_RESOLV" ]] ||
		sx_fail "the host's /etc/resolv.conf changed during the test"
}
