# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shared helpers for tests/netns/test_sstpx_*.sh: the real sstpx client in the client namespace of
# tests/netns/lib.sh's standard topology against the SoftEther peer of tools/softether/peer.sh.
# DNS never touches the host: the client namespace gets /etc/netns/<ns>/resolv.conf (and hosts),
# which `ip netns exec` bind-mounts, and sxc_finish checks the host's /etc/resolv.conf is unchanged.
#
#   . tests/netns/sstpx_lib.sh
#   sxc_setup_client [CMDS...]      prereqs (+ CMDS), sx_init, topology, client namespace
#                                   resolv.conf + hosts, SXC_IF, cleanup of what sstpx leaves
#   sxc_setup                       sxc_setup_client, SoftEther up, password files SXC_PW (good) /
#                                   SXC_BADPW
#   sxc_start LOG ARGS...           sstpx connect ARGS in the background (SXC_PID), output to LOG;
#                                   prefixed by the array SXC_WRAP if set (e.g. valgrind ...)
#   sxc_wait_connected LOG [S]      bounded poll for "connected in N ms"; sets SXC_CONNECT_MS
#   sxc_wait_exit PID S             bounded wait for PID to end; sets SXC_RC; fails on timeout
#   sxc_stop SIG [S]                send SIG to SXC_PID, sxc_wait_exit; sets SXC_RC
#   sxc_expect_fail RC LOG S ARGS...   run sstpx connect ARGS in the foreground, bounded by S,
#                                   assert exit code RC
#   sxc_check_connected LOG         interface address 192.168.30.x, default halves, host route to
#                                   the server, nameserver 192.168.30.1 in the namespace's file
#   sxc_check_clean BEFORE DESC     snapshot now equals BEFORE, no interface, no undo journal
#   sxc_vpnc_use                    before running Debian's vpnc-script: share the host's /run/vpnc
#                                   with other tests (see below)
#   sxc_finish                      stop SoftEther, run cleanup, nothing left, host resolv.conf
#                                   byte-identical to what it was at sxc_setup
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.30.x    vpnserver + SecureNAT 192.168.30.1

SXC_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SXC_ROOT=${SX_SOURCE_DIR:-$(cd "$SXC_HERE/../.." && pwd)}
# shellcheck source=tests/netns/lib.sh
. "$SXC_HERE/lib.sh"
# shellcheck source=tools/softether/peer.sh
. "$SXC_ROOT/tools/softether/peer.sh"

SXC_SSTPX=${SXC_SSTPX:-${SX_BUILD_DIR:-/nonexistent}/tools/sstpx}
# What the client namespace resolves with before sstpx runs: a local server that is not there, so
# a name that is not in the namespace's hosts file fails at once instead of timing out.
SXC_RESOLV_BEFORE=$'# client namespace resolv.conf (test_sstpx)\nnameserver 127.0.0.1'
SXC_STATE_DIR=/run/sstpx
SXC_VPNC_SCRIPT=/usr/share/vpnc-scripts/vpnc-script

sxc_host_resolv_state() {
	if [[ -L /etc/resolv.conf ]]; then printf 'link %s\n' "$(readlink /etc/resolv.conf)"; fi
	if [[ -e /etc/resolv.conf ]]; then sha256sum </etc/resolv.conf; else echo "(no /etc/resolv.conf)"; fi
}

# The client side of any server: prerequisites (the standard ones plus CMDS), sx_init, the
# standard topology, the client namespace's resolv.conf and hosts (sstp.test), SXC_IF and the
# cleanup of what a dying sstpx leaves. tsrv_setup (tsrv_lib.sh) uses it too.
sxc_setup_client() { # CMDS...
	sx_require_root
	sx_require_cmds ip ss openssl timeout sha256sum od ping "$@"
	[[ -x $SXC_SSTPX ]] || sx_fail "sstpx not built: $SXC_SSTPX (SX_BUILD_DIR=${SX_BUILD_DIR:-unset})"
	SXC_HOST_RESOLV=$(sxc_host_resolv_state)
	sx_init
	# The undo journal lives on the host (/run/sstpx/IFNAME.undo), shared by all namespaces: a name
	# unique to this run keeps parallel runs apart. At most 15 characters.
	SXC_IF=sx$(printf '%s' "$SX_RUN_ID" | sha256sum | cut -c1-8)
	sx_topology_std
	sx_netns_resolv client "$SXC_RESOLV_BEFORE"
	printf '%s %s\n' "$SX_ADDR_SERVER" sstp.test >"/etc/netns/$SX_NS_CLIENT/hosts"
	# If a test dies with sstpx still running, undo what it left (runs before the namespace goes);
	# a killed sstpx also leaves its status socket IFNAME.sock (status.c) behind.
	sx_cleanup_push rm -f "$SXC_STATE_DIR/$SXC_IF.undo" "$SXC_STATE_DIR/$SXC_IF.sock"
	sx_cleanup_push ip netns exec "$SX_NS_CLIENT" "$SXC_SSTPX" cleanup "$SXC_IF"
}

# The client side, then SoftEther in the server namespace.
sxc_setup() {
	[[ -x /usr/libexec/softether/vpnserver/vpnserver ]] ||
		sx_fail "softether-vpnserver is not installed (tools/check installs it)"
	sxc_setup_client python3 vpncmd unshare nsenter iperf3
	sx_softether_up test
	SXC_PW=$SX_TMP/good.pw
	SXC_BADPW=$SX_TMP/bad.pw
	(umask 077 && printf '%s\n' "$SX_SE_PASSWORD" >"$SXC_PW" &&
		printf 'not-%s\n' "$SX_SE_PASSWORD" >"$SXC_BADPW")
	sx_log "sstpx $SXC_SSTPX, interface $SXC_IF, client namespace $SX_NS_CLIENT"
}

# sstpx connect in the client namespace; `ip netns exec` execs it, so $! is sstpx itself.
sxc_start() { # LOG ARGS...
	local log=$1
	shift
	ip netns exec "$SX_NS_CLIENT" "${SXC_WRAP[@]}" "$SXC_SSTPX" connect "$@" --ifname "$SXC_IF" >"$log" 2>&1 &
	SXC_PID=$!
	sx_cleanup_push sxc_kill_if_ours "$SXC_PID"
}

# Cleanup: KILL the pid only while it still runs our sstpx binary inside one of this run's
# namespaces: tests running in parallel start the same binary, and a freed pid is soon reused.
sxc_kill_if_ours() { # PID
	[[ $(readlink "/proc/$1/exe" 2>/dev/null) == "$(readlink -f "$SXC_SSTPX")" ]] || return 0
	sx_pid_in_our_ns "$1" || return 0
	kill -KILL "$1"
}

sxc_show_log() { # LOG
	sx_log "---- sstpx output ($1) ----"
	sed 's/^/    /' "$1" >&2 || true
}

sxc_wait_connected() { # LOG [SECONDS]
	local log=$1 secs deadline
	secs=$(sx_secs "${2:-30}")
	deadline=$((SECONDS + secs))
	until grep -q 'connected in [0-9]* ms' "$log"; do
		if ! kill -0 "$SXC_PID" 2>/dev/null; then
			SXC_RC=0
			wait "$SXC_PID" || SXC_RC=$?
			sxc_show_log "$log"
			sx_fail "sstpx exited with $SXC_RC before \"connected\""
		fi
		if ((SECONDS >= deadline)); then
			sxc_show_log "$log"
			sx_fail "sstpx not connected within ${secs}s"
		fi
		sleep 0.1
	done
	# shellcheck disable=SC2034 # read by the test scripts
	SXC_CONNECT_MS=$(sed -n 's/.*connected in \([0-9]*\) ms.*/\1/p' "$log" | head -n1)
}

sxc_wait_exit() { # PID SECONDS
	local pid=$1 secs deadline
	secs=$(sx_secs "$2")
	deadline=$(($(date +%s%N) + secs * 1000000000))
	while kill -0 "$pid" 2>/dev/null; do
		(($(date +%s%N) < deadline)) || sx_fail "sstpx (pid $pid) still running after ${secs}s"
		sleep 0.05
	done
	SXC_RC=0
	wait "$pid" || SXC_RC=$?
}

sxc_stop() { # SIG [SECONDS]
	kill "-$1" "$SXC_PID" || sx_fail "kill -$1 $SXC_PID"
	sxc_wait_exit "$SXC_PID" "${2:-10}"
}

sxc_expect_fail() { # RC LOG SECONDS ARGS...
	local want=$1 log=$2 secs rc=0
	secs=$(sx_secs "$3")
	shift 3
	ip netns exec "$SX_NS_CLIENT" timeout -s KILL "$secs" "$SXC_SSTPX" connect "$@" \
		--ifname "$SXC_IF" >"$log" 2>&1 </dev/null || rc=$?
	if ((rc != want)); then
		sxc_show_log "$log"
		sx_fail "sstpx connect $* exited with $rc, expected $want"
	fi
}

sxc_check_connected() { # LOG
	local addr routes resolv
	addr=$(ip -n "$SX_NS_CLIENT" -4 -o addr show dev "$SXC_IF" 2>&1) ||
		{ sxc_show_log "$1"; sx_fail "no interface $SXC_IF in the client namespace: $addr"; }
	[[ $addr =~ inet\ 192\.168\.30\.[0-9]+ ]] ||
		sx_fail "$SXC_IF has no 192.168.30.x address: $addr"
	routes=$(ip -n "$SX_NS_CLIENT" -4 route show)
	grep -Eq "^0\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "no 0.0.0.0/1 via $SXC_IF: $routes"
	grep -Eq "^128\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "no 128.0.0.0/1 via $SXC_IF: $routes"
	grep -Eq "^${SX_ADDR_SERVER//./\\.} (via [0-9.]+ )?dev c0( |$)" <<<"$routes" ||
		sx_fail "no host route to the server $SX_ADDR_SERVER via c0: $routes"
	resolv=$(cat "/etc/netns/$SX_NS_CLIENT/resolv.conf")
	grep -q '^nameserver 192\.168\.30\.1$' <<<"$resolv" ||
		sx_fail "the namespace's resolv.conf has no nameserver 192.168.30.1: $resolv"
	if grep -q '^nameserver 127\.0\.0\.1$' <<<"$resolv"; then
		sx_fail "the namespace's resolv.conf still has the old nameserver: $resolv"
	fi
	sx_log "connected: $(grep -o 'inet [0-9./]*[^\\]*' <<<"$addr" | head -n1)"
}

sxc_check_clean() { # BEFORE DESC
	local now=$SX_TMP/snapshot.now
	sx_snapshot client "$now"
	sx_snapshot_compare "$1" "$now" "client namespace after $2" || sx_fail "$2 left changes (diff above)"
	! ip -n "$SX_NS_CLIENT" link show dev "$SXC_IF" >/dev/null 2>&1 ||
		sx_fail "$2: interface $SXC_IF still there"
	[[ ! -e $SXC_STATE_DIR/$SXC_IF.undo ]] || sx_fail "$2: journal $SXC_STATE_DIR/$SXC_IF.undo left"
	[[ $(cat "/etc/netns/$SX_NS_CLIENT/resolv.conf") == "$SXC_RESOLV_BEFORE" ]] ||
		sx_fail "$2: the namespace's resolv.conf was not restored"
}

# vpnc-script keeps its files in the host's /var/run/vpnc (named by sstpx's pid) and makes the
# directory when it is missing. Tests running in parallel share it: each holds a shared lock on the
# script while vpnc-script may run, and the last one out removes the directory if a test made it
# (marked by .sstpx-test), never while another test's vpnc-script could be writing there.
sxc_vpnc_use() {
	exec {SXC_VPNC_FD}<"$SXC_VPNC_SCRIPT"
	flock -x "$SXC_VPNC_FD"
	if [[ ! -d /run/vpnc ]]; then
		mkdir /run/vpnc && : >/run/vpnc/.sstpx-test
	fi
	flock -s "$SXC_VPNC_FD"
	sx_cleanup_push sxc__vpnc_done
}

sxc__vpnc_done() {
	if flock -xn "$SXC_VPNC_FD" && [[ -e /run/vpnc/.sstpx-test && $(ls -A /run/vpnc) == .sstpx-test ]]; then
		rm -f /run/vpnc/.sstpx-test
		rmdir /run/vpnc
	fi
	exec {SXC_VPNC_FD}<&-
}

# VmRSS of a running sstpx, e.g. "7368 kB".
sxc_rss() { # PID
	sed -n 's/^VmRSS:[[:space:]]*//p' "/proc/$1/status"
}

sxc_finish() {
	sx_softether_down
	sx_cleanup_run
	sx_check_nothing_left
	[[ $(sxc_host_resolv_state) == "$SXC_HOST_RESOLV" ]] ||
		sx_fail "the host's /etc/resolv.conf changed during the test"
	sx_log "host /etc/resolv.conf unchanged"
}
