#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx --background --pid-file against SoftEther: the command returns 0 only once connected (the
# log already says "connected in"), the pid file (mode 0644) names a live sstpx that is not the
# process that returned, leads its own session and has /dev/null as stdin/stdout/stderr; the
# tunnel works; a second start with the same pid file is refused with exit 2; SIGTERM to the
# daemon removes the pid file and leaves the namespace as it was. A background connect with a
# wrong password returns 6 from the foreground process and leaves neither pid file nor process.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -b -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

# sstpx connect ARGS --background in the client namespace, in the foreground of this script but
# bounded by S seconds; sets FG_PID and FG_RC.
run_bg() { # LOG S ARGS...
	local log=$1 secs=$2
	shift 2
	ip netns exec "$SX_NS_CLIENT" "$SXC_SSTPX" connect "$@" --ifname "$SXC_IF" --background \
		>"$log" 2>&1 </dev/null &
	FG_PID=$!
	sx_cleanup_push sxc_kill_if_ours "$FG_PID"
	sxc_wait_exit "$FG_PID" "$secs"
	FG_RC=$SXC_RC
}

no_pids() {
	[[ -z $(ip netns pids "$SX_NS_CLIENT") ]]
}

main() {
	local log before pidf pid t0 ms
	sxc_setup
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"
	pidf=$SX_TMP/run/sstpx.pid
	mkdir -p "$SX_TMP/run"

	sx_log "case 1: --background --pid-file returns once connected"
	log=$SX_TMP/bg.log
	t0=$(date +%s%N)
	run_bg "$log" 40 "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --pid-file "$pidf"
	ms=$((($(date +%s%N) - t0) / 1000000))
	((FG_RC == 0)) || { sxc_show_log "$log"; sx_fail "--background returned $FG_RC, expected 0"; }
	grep -q 'connected in [0-9]* ms' "$log" || { sxc_show_log "$log"; sx_fail "returned before \"connected in\""; }
	[[ -f $pidf ]] || sx_fail "no pid file $pidf"
	[[ $(stat -c %a "$pidf") == 644 ]] || sx_fail "pid file mode $(stat -c %a "$pidf"), expected 644"
	pid=$(cat "$pidf")
	[[ $pid =~ ^[0-9]+$ ]] || sx_fail "pid file holds \"$pid\""
	SXC_PID=$pid
	sx_cleanup_push sxc_kill_if_ours "$pid"
	((pid != FG_PID)) || sx_fail "the pid file names the foreground process"
	[[ $(readlink "/proc/$pid/exe") == "$(readlink -f "$SXC_SSTPX")" ]] ||
		sx_fail "pid $pid is not sstpx: $(readlink "/proc/$pid/exe" || true)"
	[[ $(ps -o sid= -p "$pid" | tr -d ' ') == "$pid" ]] || sx_fail "the daemon does not lead its own session"
	for fd in 0 1 2; do
		[[ $(readlink "/proc/$pid/fd/$fd") == /dev/null ]] ||
			sx_fail "daemon fd $fd is $(readlink "/proc/$pid/fd/$fd"), expected /dev/null"
	done
	sxc_check_connected "$log"
	n_client ping -c 3 -i 0.2 -W 2 192.168.30.1 >/dev/null || sx_fail "ping through the background tunnel"
	echo "sstpx --background: returned 0 after $ms ms, daemon pid $pid (foreground was $FG_PID), stdio /dev/null, own session; log: $(grep -E 'connected in|background' "$log" | tr '\n' '|')"

	sx_log "case 2: a second start with the same pid file is refused"
	sxc_expect_fail 2 "$SX_TMP/second.log" 20 "$SX_ADDR_SERVER" --user "$SX_SE_USER" \
		--password-file "$SXC_PW" --cafile "$SX_SE_CA" --pid-file "$pidf" --background
	grep -q "is running already" "$SX_TMP/second.log" || { sxc_show_log "$SX_TMP/second.log"; sx_fail "no reason given"; }
	[[ $(cat "$pidf") == "$pid" ]] || sx_fail "the refused start changed the pid file"
	kill -0 "$pid" || sx_fail "the daemon died when a second start was refused"
	echo "sstpx --pid-file: second start: exit 2: $(cat "$SX_TMP/second.log")"

	sx_log "case 3: SIGTERM to the daemon"
	kill -TERM "$pid"
	sx_wait_for 10 "daemon $pid gone" sh -c "! kill -0 $pid 2>/dev/null" || sx_fail "daemon still running 10 s after SIGTERM"
	[[ ! -e $pidf ]] || sx_fail "pid file $pidf left after SIGTERM"
	sxc_check_clean "$before" "SIGTERM to the daemon"
	echo "sstpx --background: SIGTERM: daemon gone, pid file removed, namespace clean"

	sx_log "case 4: a wrong password in the background returns 6 in the foreground"
	log=$SX_TMP/badpw.log
	run_bg "$log" 40 "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_BADPW" \
		--cafile "$SX_SE_CA" --pid-file "$pidf"
	((FG_RC == 6)) || { sxc_show_log "$log"; sx_fail "wrong password in the background: $FG_RC, expected 6"; }
	[[ ! -e $pidf ]] || sx_fail "pid file left after a failed background connect"
	sx_wait_for 5 "no process left in the client namespace" no_pids ||
		sx_fail "processes left in the client namespace: $(ip netns pids "$SX_NS_CLIENT" | tr '\n' ' ')"
	sxc_check_clean "$before" "a failed background connect"
	echo "sstpx --background, wrong password: foreground exit $FG_RC: $(grep -m1 -i 'auth' "$log" || true)"

	sxc_finish
	sx_log "PASS"
}

main "$@"
