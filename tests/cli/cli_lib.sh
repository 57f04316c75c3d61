# SPDX-License-Identifier: MIT
# Shared by tests/cli/test_*.sh: sstpx run on its own, no network namespace and no server; every
# case ends before the first packet (or waits on its standard input). Run as root by CTest.
set -euo pipefail

SSTPX=${SX_BUILD_DIR:?SX_BUILD_DIR not set}/tools/sstpx
CLI_TMP=$(mktemp -d /tmp/sx-cli.XXXXXX)
CLI_PIDS=()

cli_cleanup() {
	local p
	for p in "${CLI_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	rm -rf "$CLI_TMP"
}
trap cli_cleanup EXIT

cli_fail() { echo "FAIL: $*" >&2; exit 1; }

# cli_run WANT_EXIT CMD...: runs CMD (stdin from /dev/null), its stderr in $CLI_ERR; checks the exit code.
cli_run() {
	local want=$1 rc=0
	shift
	"$@" </dev/null >"$CLI_TMP/out" 2>"$CLI_TMP/err" || rc=$?
	CLI_ERR=$(cat "$CLI_TMP/err")
	CLI_OUT=$(cat "$CLI_TMP/out")
	[[ $rc == "$want" ]] || cli_fail "$*: exit $rc, expected $want; stderr: $CLI_ERR"
}

cli_err_has() { # TEXT DESC
	grep -qF -- "$1" <<<"$CLI_ERR" || cli_fail "$2: stderr lacks '$1': $CLI_ERR"
}

cli_err_lacks() { # TEXT DESC
	! grep -qF -- "$1" <<<"$CLI_ERR" || cli_fail "$2: stderr shows '$1': $CLI_ERR"
}

# cli_wait_blocked PID: until PID runs sstpx and sleeps (it waits on its standard input). Up to
# 30 s, a bound on a hang only: an ASan sstpx on loaded cores may take seconds to get there.
cli_wait_blocked() {
	local i
	for ((i = 0; i < 600; i++)); do
		if [[ $(readlink "/proc/$1/exe" 2>/dev/null) == "$(readlink -f "$SSTPX")" ]] &&
			[[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) == S ]]; then
			return 0
		fi
		sleep 0.05
	done
	cli_fail "sstpx (pid $1) never waited on its input"
}
