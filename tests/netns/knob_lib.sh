# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shared runner for tests/netns/test_knobs_*.sh: one namespace set-up (tsrv_lib.sh) serves a table
# of fault cases; each case starts sstpx-testserver --once with its --fault knob, runs the real sstpx
# client in the client namespace bounded in time, and asserts the exit code, the words of its
# failure message, no crash (exit < 128) and no sanitizer report (client and server), and that the
# client namespace is exactly as before (routes, addresses, resolv.conf, no interface, no journal).
#
#   . tests/netns/knob_lib.sh
#   knob_setup                       tsrv_setup + the "before" snapshot of the client namespace
#   knob_case NAME RC REGEX SECS SERVER_ARGS... [-- CLIENT_ARGS...]
#                                    sstpx must exit RC (a number, or alternatives as in 4|5) within
#                                    SECS (times SX_WAIT_SCALE: a bound on a hang, see knob_case)
#                                    with REGEX (grep -E; several joined by " && " must all
#                                    match) in its output; SERVER_ARGS go to the testserver (e.g. --fault K=V)
#   knob_case_up NAME REGEX SECS SERVER_ARGS... [-- CLIENT_ARGS...]
#                                    sstpx must connect (within SECS) and REGEX must be in its output;
#                                    the case pings the host behind the server, sends SIGTERM and
#                                    expects exit 0 (KNOB_PING_WAIT: seconds each ping may take, 2;
#                                    KNOB_UP_CHECK: a function called with NAME LOG while connected)
#   knob_release_only WHY knob_case|knob_case_up NAME ...
#                                    the case, except in a sanitizer build (SX_SANITIZE=1, set by
#                                    CTest), where the summary lists it as skipped with WHY: for
#                                    slow cases whose client path another case of the same build
#                                    runs already (tests/CMakeLists.txt)
#   knob_finish                      tsrv_finish and the summary table (one line per case)
#   KNOB_LOG_DIR=DIR                 keep a copy of every client and server log in DIR
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver --once --tun TSRV_TUN 192.168.77.1 (ip_forward)

# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

KNOB_SAN_RE='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: (Address|Undefined|Leak)Sanitizer'
KNOB_SUMMARY=()
KNOB_SKIPPED=()
KNOB_HOST=${KNOB_HOST:-sstp.test}

knob_setup() {
	tsrv_setup
	sx_snapshot client "$SX_TMP/snapshot.before"
}

# The client's "sstpx: what: why" lines (the failure message), joined for the summary.
knob_fail_lines() { # LOG
	grep -E '^sstpx: ' "$1" | grep -v '^sstpx: warning: undo: replaying' | tr '\n' '|' | sed 's/|$//' || true
}

knob_no_sanitizer() { # LOG WHO CASE
	if grep -Eq "$KNOB_SAN_RE" "$1"; then
		sed 's/^/    /' "$1" >&2
		sx_fail "$3: sanitizer report in the $2's output (above)"
	fi
}

# Splits "SERVER_ARGS... -- CLIENT_ARGS..." into KNOB_SRV and KNOB_CLI.
knob__split() {
	KNOB_SRV=()
	KNOB_CLI=()
	while (($#)) && [[ $1 != -- ]]; do KNOB_SRV+=("$1"); shift; done
	(($#)) && shift
	KNOB_CLI=("$@")
}

knob__client_args() {
	local -n out=$1
	# shellcheck disable=SC2034 # a nameref: sets the caller's array
	out=("$KNOB_HOST" --user "$TSRV_USER" --password-file "$TSRV_PW")
	# KNOB_CA=none: no --cafile (a --pin alone)
	[[ ${KNOB_CA:-} == none ]] || out+=(--cafile "${KNOB_CA:-$TSRV_CA}")
	out+=("${KNOB_CLI[@]}")
}

# After the client: the testserver (--once) must end by itself or on SIGTERM, without a crash.
knob__server_end() { # NAME SLOG
	if kill -0 "$TSRV_PID" 2>/dev/null; then
		sx_wait_for 5 "testserver --once to end" sh -c "! kill -0 $TSRV_PID" || true
	fi
	if kill -0 "$TSRV_PID" 2>/dev/null; then
		tsrv_stop TERM 15
	else
		tsrv_wait_exit 1
	fi
	((TSRV_RC < 128)) || { tsrv_show_log "$2"; sx_fail "$1: the testserver died with exit $TSRV_RC"; }
	knob_no_sanitizer "$2" testserver "$1"
	[[ -z ${KNOB_LOG_DIR:-} ]] || cp -- "$2" "$KNOB_LOG_DIR/"
	! ip -n "$SX_NS_SERVER" link show dev "$TSRV_TUN" >/dev/null 2>&1 ||
		sx_fail "$1: the server's TUN $TSRV_TUN is still there"
}

# Every pattern of REGEX (patterns joined by " && ") matches some line of LOG.
knob_expect_words() { # LOG REGEX NAME
	local rest=$2 one
	while [[ -n $rest ]]; do
		one=${rest%% && *}
		if [[ $rest == *" && "* ]]; then rest=${rest#* && }; else rest=; fi
		grep -Eq -- "$one" "$1" || { sxc_show_log "$1"; sx_fail "$3: no message matching /$one/"; }
	done
}

knob__check_client() { # NAME RC WANT REGEX CLOG MS
	local name=$1 rc=$2 want=$3 re=$4 clog=$5 ms=$6
	knob_no_sanitizer "$clog" client "$name"
	((rc < 128)) || { sxc_show_log "$clog"; sx_fail "$name: sstpx died (exit $rc: signal $((rc - 128)) or killed by the time bound)"; }
	[[ $rc =~ ^($want)$ ]] || { sxc_show_log "$clog"; sx_fail "$name: sstpx exited with $rc, expected $want"; }
	knob_expect_words "$clog" "$re" "$name"
	sxc_check_clean "$SX_TMP/snapshot.before" "$name"
	[[ -z ${KNOB_LOG_DIR:-} ]] || cp -- "$clog" "$KNOB_LOG_DIR/"
	KNOB_SUMMARY+=("$(printf '%-28s exit %d in %6d ms  %s' "$name" "$rc" "$ms" "$(knob_fail_lines "$clog")")")
	sx_log "ok: $name: exit $rc in $ms ms: $(knob_fail_lines "$clog")"
}

knob_case() { # NAME RC REGEX SECS SERVER_ARGS... [-- CLIENT_ARGS...]
	local name=$1 want=$2 re=$3 secs=$4 rc=0 t0 ms args
	local slog=$SX_TMP/server_${1//[^A-Za-z0-9_.-]/_}.log clog=$SX_TMP/client_${1//[^A-Za-z0-9_.-]/_}.log
	shift 4
	knob__split "$@"
	knob__client_args args
	tsrv_start "$slog" --once "${KNOB_SRV[@]}"
	t0=$(date +%s%N)
	# SECS catches a client that hangs or waits for the wrong timer, so it is stretched by
	# SX_WAIT_SCALE like every wait (an ASan client's handshakes on 2 loaded cores take seconds).
	# Which timer ended the session is asserted by REGEX: each reason has its own words ("did not
	# converge" for RFC 1661 Max-Configure/Max-Failure, "timed out" for the 60 s SSTP negotiation
	# timer, "within 30000 ms" for the authenticate phase).
	ip netns exec "$SX_NS_CLIENT" timeout -s KILL "$(sx_secs "$secs")" "$SXC_SSTPX" connect "${args[@]}" \
		--ifname "$SXC_IF" >"$clog" 2>&1 </dev/null || rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	knob__check_client "$name" "$rc" "$want" "$re" "$clog" "$ms"
	knob__server_end "$name" "$slog"
}

knob_case_up() { # NAME REGEX SECS SERVER_ARGS... [-- CLIENT_ARGS...]
	local name=$1 re=$2 secs=$3 t0 ms args
	local slog=$SX_TMP/server_${1//[^A-Za-z0-9_.-]/_}.log clog=$SX_TMP/client_${1//[^A-Za-z0-9_.-]/_}.log
	shift 3
	knob__split "$@"
	knob__client_args args
	tsrv_start "$slog" --once "${KNOB_SRV[@]}"
	t0=$(date +%s%N)
	sxc_start "$clog" "${args[@]}"
	sxc_wait_connected "$clog" "$secs"
	tsrv_check_client_up
	[[ -z ${KNOB_UP_CHECK:-} ]] || "$KNOB_UP_CHECK" "$name" "$clog"
	n_client ping -c 2 -i 0.2 -W "${KNOB_PING_WAIT:-2}" "$SX_ADDR_BEHIND" >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; tsrv_show_log "$slog"; sx_fail "$name: ping $SX_ADDR_BEHIND through the tunnel"; }
	sxc_stop TERM 15
	ms=$((($(date +%s%N) - t0) / 1000000))
	knob__check_client "$name" "$SXC_RC" 0 "$re" "$clog" "$ms"
	knob__server_end "$name" "$slog"
}

knob_release_only() { # WHY knob_case|knob_case_up NAME ...
	local why=$1
	shift
	if [[ ${SX_SANITIZE:-0} == 1 ]]; then
		KNOB_SKIPPED+=("$(printf '%-28s SKIPPED in this build: %s' "$2" "$why")")
		sx_log "skip: $2 (sanitizer build): $why"
		return 0
	fi
	"$@"
}

knob_finish() {
	tsrv_finish
	sx_log "summary (case, sstpx exit code, time to exit, its failure lines):"
	printf '    %s\n' "${KNOB_SUMMARY[@]}" "${KNOB_SKIPPED[@]}" >&2
	if ((${#KNOB_SKIPPED[@]})); then
		sx_log "PASS (${#KNOB_SUMMARY[@]} cases; ${#KNOB_SKIPPED[@]} skipped in this build, listed above)"
	else
		sx_log "PASS (${#KNOB_SUMMARY[@]} cases)"
	fi
}
