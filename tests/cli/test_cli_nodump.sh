#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 15, security 1: sstpx holds the password (and the NT hash), so from the first line of main
# it is not dumpable and has RLIMIT_CORE 0. sstpx waits for --password-stdin on a FIFO while it is
# checked: its core limit is 0, its /proc files belong to root even when it runs as nobody (the
# kernel's mark of a non-dumpable process: nobody's other processes cannot ptrace it or read its
# memory), and SIGQUIT in a directory where a core could be written leaves none.
. "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

start_waiting() { # RUNNER... : sstpx under RUNNER, blocked on a FIFO; sets PID
	rm -f "$CLI_TMP/in"
	mkfifo -m 0666 "$CLI_TMP/in"
	# A background job starts with SIGQUIT ignored (POSIX shells): give it back its default.
	env --default-signal=QUIT "$@" "$SSTPX" connect 127.0.0.1:9 --user u --password-stdin <"$CLI_TMP/in" \
		>"$CLI_TMP/log" 2>&1 &
	PID=$!
	CLI_PIDS+=("$PID")
	exec 3>"$CLI_TMP/in"
	cli_wait_blocked "$PID"
}

stop_waiting() {
	exec 3>&-
	kill -KILL "$PID" 2>/dev/null || true
	wait "$PID" 2>/dev/null || true
}

# 1. root, in a writable directory with an unlimited core limit: no core file after SIGQUIT.
mkdir -m 0777 "$CLI_TMP/cwd"
cd "$CLI_TMP/cwd"
ulimit -c unlimited
start_waiting
core=$(awk '/^Max core file size/ {print $5 " " $6}' "/proc/$PID/limits")
[[ $core == "0 0" ]] || cli_fail "root sstpx: core file size limit '$core', expected 0 0"
kill -QUIT "$PID"
rc=0
wait "$PID" || rc=$?
exec 3>&-
((rc == 128 + 3)) || cli_fail "sstpx did not die of SIGQUIT (status $rc; log: $(cat "$CLI_TMP/log"))"
pattern=$(cat /proc/sys/kernel/core_pattern)
if [[ $pattern != \|* ]]; then
	left=$(find "$CLI_TMP/cwd" -mindepth 1 -print -quit)
	[[ -z $left ]] || cli_fail "SIGQUIT left a core file: $left (core_pattern '$pattern')"
	echo "root: core limit 0, SIGQUIT left no core file (core_pattern '$pattern')"
else
	echo "root: core limit 0 (core_pattern '$pattern' pipes cores: the file check does not apply)"
fi

# 2. nobody with CAP_NET_ADMIN (as the unit's User= would run it): /proc/PID belongs to root.
start_waiting setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=+net_admin \
	--ambient-caps=+net_admin
uid=$(awk '/^Uid:/ {print $2}' "/proc/$PID/status")
[[ $uid == "$(id -u nobody)" ]] || cli_fail "sstpx runs as uid $uid, not nobody"
owner=$(stat -c %u "/proc/$PID/environ")
[[ $owner == 0 ]] || cli_fail "sstpx as nobody is dumpable: /proc/$PID/environ belongs to uid $owner"
if setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=+net_admin \
	--ambient-caps=+net_admin cat "/proc/$PID/environ" >/dev/null 2>&1; then
	cli_fail "another process of nobody read /proc/$PID/environ"
fi
stop_waiting
echo "nobody: /proc/PID/environ owned by root and unreadable by nobody's other processes"
echo "PASS"
