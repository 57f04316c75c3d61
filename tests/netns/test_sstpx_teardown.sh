#!/bin/bash
# SPDX-License-Identifier: MIT
# The server goes away under a connected sstpx: frozen with SIGSTOP (a silent peer: sstpx must
# notice through its keepalive, SSTP Echo / LCP Echo) and killed with SIGKILL (the kernel closes
# the TCP connection). Both times sstpx must exit 8 within 45 s (the measured seconds are printed)
# and leave the client namespace as it was. Connects by IP with --sni sstp.test.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver (stopped / killed)
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

BOUND_S=45

# The SoftEther worker's pid (from its private /run/softether), only if it runs our copy.
se_worker() {
	local f pid
	for f in "$SX_SE_WORKDIR"/state/run/.pid_*; do
		[[ -f $f ]] || continue
		pid=$(tr -dc '0-9' <"$f")
		[[ -n $pid && $(readlink "/proc/$pid/exe" 2>/dev/null) == "$(cat "$SX_SE_WORKDIR/bin.path")" ]] &&
			{ echo "$pid"; return 0; }
	done
	return 1
}

se_cont() { # PID: resume it if it still runs our copy
	[[ $(readlink "/proc/$1/exe" 2>/dev/null) == "$(cat "$SX_SE_WORKDIR/bin.path")" ]] || return 0
	kill -CONT "$1"
}

connect() { # LOG
	sxc_start "$1" "$SX_ADDR_SERVER" --sni sstp.test --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA"
	sxc_wait_connected "$1" 30
	sxc_check_connected "$1"
	# Traffic flows before the server goes away.
	n_client ping -c 2 -i 0.2 -W 2 192.168.30.1 >/dev/null || sx_fail "ping through the tunnel"
}

# Time from SIG to sstpx's exit, in ms, into GONE_MS; asserts exit 8 within BOUND_S.
server_goes() { # SIG LOG DESC
	local sig=$1 log=$2 desc=$3 worker t0
	worker=$(se_worker) || sx_fail "no SoftEther worker pid"
	[[ $sig != STOP ]] || sx_cleanup_push se_cont "$worker"
	t0=$(date +%s%N)
	kill "-$sig" "$worker" || sx_fail "kill -$sig $worker"
	sxc_wait_exit "$SXC_PID" "$((BOUND_S + 15))"
	GONE_MS=$((($(date +%s%N) - t0) / 1000000))
	echo "sstpx $desc: exit $SXC_RC after $((GONE_MS / 1000)).$(printf '%03d' $((GONE_MS % 1000))) s (bound ${BOUND_S} s): $(grep -m1 -E 'disconnected|silent|closed' "$log" || tail -n1 "$log")"
	[[ $sig != STOP ]] || se_cont "$worker"
	((SXC_RC == 8)) || { sxc_show_log "$log"; sx_fail "$desc: sstpx exited $SXC_RC, expected 8"; }
	((GONE_MS < BOUND_S * 1000)) ||
		{ sxc_show_log "$log"; sx_fail "$desc: sstpx took ${GONE_MS} ms to notice (bound ${BOUND_S} s)"; }
	grep -q 'cleanup: interface removed' "$log" || { sxc_show_log "$log"; sx_fail "$desc: no cleanup message"; }
}

main() {
	local log before
	sxc_setup
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	sx_log "case: server frozen (SIGSTOP) -> 8 by dead-peer detection"
	log=$SX_TMP/stop.log
	connect "$log"
	server_goes STOP "$log" "server frozen (SIGSTOP)"
	sxc_check_clean "$before" "a silent server"

	sx_log "case: server killed (SIGKILL) -> 8"
	sx_wait_for 20 "the resumed server accepts again" sx_in server ss -ltnH 'sport = :443' ||
		sx_fail "no listener on 443 after SIGCONT"
	log=$SX_TMP/kill.log
	connect "$log"
	server_goes KILL "$log" "server killed (SIGKILL)"
	sxc_check_clean "$before" "a killed server"

	sxc_finish
	sx_log "PASS"
}

main "$@"
