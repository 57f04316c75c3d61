#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 15, security 7: SSTPX_PASSWORD leaves the environment at start even when the password
# comes from elsewhere: a --password-command child (as a --script child would) does not inherit
# it, and /proc/PID/environ no longer holds its value while sstpx waits for --password-stdin.
. "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

SECRET=Env-secret-not-for-children

# 1. --password-command: the child's environment.
cli_run 4 env SSTPX_PASSWORD="$SECRET" "$SSTPX" connect 127.0.0.1:9 --user u \
	--password-command "env >'$CLI_TMP/child.env'; echo other-password"
[[ -s $CLI_TMP/child.env ]] || cli_fail "the password command did not run: $CLI_ERR"
! grep -q SSTPX_PASSWORD "$CLI_TMP/child.env" ||
	cli_fail "the password command inherited $(grep SSTPX_PASSWORD "$CLI_TMP/child.env")"
echo "--password-command: SSTPX_PASSWORD not inherited"

# 2. --password-stdin: sstpx's own environment while it waits.
mkfifo "$CLI_TMP/in"
SSTPX_PASSWORD="$SECRET" "$SSTPX" connect 127.0.0.1:9 --user u --password-stdin \
	<"$CLI_TMP/in" >"$CLI_TMP/log" 2>&1 &
PID=$!
CLI_PIDS+=("$PID")
exec 3>"$CLI_TMP/in"
cli_wait_blocked "$PID"
! tr '\0' '\n' <"/proc/$PID/environ" | grep -qF "$SECRET" ||
	cli_fail "/proc/$PID/environ still holds SSTPX_PASSWORD's value"
exec 3>&-
kill -KILL "$PID" 2>/dev/null || true
wait "$PID" 2>/dev/null || true
echo "--password-stdin: SSTPX_PASSWORD's value gone from /proc/PID/environ"
echo "PASS"
