#!/bin/bash
# SPDX-License-Identifier: MIT
# One connect / transfer / disconnect cycle of the real sstpx client under valgrind memcheck against
# the SoftEther peer: connect, ping, a few seconds of iperf3 both ways, SIGTERM; asserts exit 0,
# "ERROR SUMMARY: 0 errors", no definitely or indirectly lost bytes, and the namespace left as it
# was. Skips itself (exit 77, which CTest reports as skipped) only in a sanitizer build (SANITIZE=ON or FUZZ=ON in
# SX_BUILD_DIR's CMakeCache.txt, or ASan symbols in the binary): valgrind cannot run ASan code.
# valgrind slows wolfSSL several times over, so every wait is long but bounded.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    valgrind sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1   iperf3 -s
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

IPERF_PORT=5201
VG_ERROR_RC=99		# valgrind's exit code when it found errors (never one of sstpx's 0-9)
CONNECT_SECONDS=180
STOP_SECONDS=120

# A sanitizer build (ASan and UBSan runtimes) cannot run under valgrind.
sanitizer_build() {
	local cache=${SX_BUILD_DIR:-/nonexistent}/CMakeCache.txt
	if [[ -f $cache ]] && grep -Eq '^(SANITIZE|FUZZ):BOOL=(ON|TRUE|1)$' "$cache"; then
		echo "$cache: $(grep -E '^(SANITIZE|FUZZ):BOOL=' "$cache" | tr '\n' ' ')"
		return 0
	fi
	if [[ -x $SXC_SSTPX ]] && grep -aq '__asan_init' "$SXC_SSTPX"; then
		echo "$SXC_SSTPX has ASan symbols"
		return 0
	fi
	return 1
}

# Cleanup for a valgrind-wrapped client: /proc/PID/exe is valgrind's tool, so match the command line.
vg_kill_if_ours() { # PID
	tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$SXC_SSTPX connect" || return 0
	sx_pid_in_our_ns "$1" || return 0
	kill -KILL "$1"
}

check_valgrind_log() { # VG_LOG
	local vg=$1 lost kind
	grep -q 'ERROR SUMMARY: 0 errors' "$vg" ||
		{ sed 's/^/    /' "$vg" >&2; sx_fail "valgrind reported errors"; }
	for kind in definitely indirectly; do
		lost=$(sed -n "s/.*$kind lost: \([0-9,]*\) bytes.*/\1/p" "$vg" | tail -n 1)
		# No summary line at all means every block was freed ("All heap blocks were freed").
		if [[ -z $lost ]]; then
			grep -q 'All heap blocks were freed' "$vg" ||
				{ sed 's/^/    /' "$vg" >&2; sx_fail "no leak summary in the valgrind log"; }
			lost=0
		fi
		[[ $lost == 0 ]] || { sed 's/^/    /' "$vg" >&2; sx_fail "valgrind: $kind lost $lost bytes"; }
	done
	grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|in use at exit|All heap blocks' "$vg" |
		sed 's/^==[0-9]*== */valgrind: /'
}

transfer() {
	local json=$SX_TMP/iperf.json dir args
	n_client ping -c 5 -i 0.5 -W 10 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "ping 192.168.30.1 through the tunnel"; }
	echo "valgrind cycle: $(grep -o '[0-9]* packets transmitted, [0-9]* received' "$SX_TMP/ping.out")"
	n_client ping -c 3 -s 1300 -W 10 192.168.30.1 >"$SX_TMP/ping_big.out" 2>&1 ||
		{ cat "$SX_TMP/ping_big.out" >&2; sx_fail "1300-byte ping through the tunnel"; }
	for dir in up down; do
		args=()
		[[ $dir == down ]] && args=(-R)
		n_client timeout "$(sx_secs 60)" iperf3 -c "$SX_ADDR_BEHIND" -p "$IPERF_PORT" -t 3 -J "${args[@]}" >"$json" 2>&1 ||
			{ cat "$json" >&2; sx_fail "iperf3 $dir under valgrind failed"; }
		python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["end"]
r = e["sum_received"]
print("valgrind cycle: iperf3 %s %d bytes received, %.1f Mbit/s" % (sys.argv[2], r["bytes"], r["bits_per_second"] / 1e6))
sys.exit(0 if r["bytes"] > 0 else 1)' "$json" "$dir" || sx_fail "iperf3 $dir moved nothing"
	done
}

main() {
	local log vg before why t0
	if why=$(sanitizer_build); then
		SX_TEST_NAME=test_valgrind_cycle sx_log "SKIP: sanitizer build ($why); valgrind cannot run it"
		exit 77
	fi
	sx_require_cmds valgrind
	sxc_setup
	ip netns exec "$SX_NS_BEHIND" timeout 600 iperf3 -s -p "$IPERF_PORT" >"$SX_TMP/iperf_server.log" 2>&1 &
	sx_cleanup_kill "$!"
	sx_wait_listen behind "$IPERF_PORT" tcp 5 || sx_fail "iperf3 server did not listen"
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	log=$SX_TMP/sstpx.log
	vg=$SX_TMP/valgrind.log
	SXC_WRAP=(valgrind --leak-check=full "--errors-for-leak-kinds=definite,indirect"
		"--show-leak-kinds=definite,indirect" "--error-exitcode=$VG_ERROR_RC"
		--num-callers=30 --log-file="$vg")
	t0=$SECONDS
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" --cafile "$SX_SE_CA"
	sx_cleanup_push vg_kill_if_ours "$SXC_PID"
	sxc_wait_connected "$log" "$CONNECT_SECONDS"
	sxc_check_connected "$log"
	echo "valgrind cycle: connected in $SXC_CONNECT_MS ms under valgrind"
	transfer
	t0=$SECONDS
	sxc_stop TERM "$STOP_SECONDS"
	echo "valgrind cycle: SIGTERM -> exit $SXC_RC after $((SECONDS - t0)) s"
	if ((SXC_RC != 0)); then
		sxc_show_log "$log"
		sed 's/^/    /' "$vg" >&2
		((SXC_RC == VG_ERROR_RC)) && sx_fail "valgrind found errors (exit $SXC_RC)"
		sx_fail "SIGTERM: exit $SXC_RC, expected 0"
	fi
	grep -q 'cleanup: interface removed' "$log" || { sxc_show_log "$log"; sx_fail "no cleanup message"; }
	check_valgrind_log "$vg"
	sxc_check_clean "$before" "SIGTERM under valgrind"
	sxc_finish
	sx_log "PASS"
}

main "$@"
