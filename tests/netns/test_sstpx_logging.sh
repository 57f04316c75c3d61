#!/bin/bash
# SPDX-License-Identifier: MIT
# Where sstpx's log lines go (sstpx(1) LOGGING), with a connect that fails at once (TCP refused on
# 127.0.0.1:1, exit 4) so that it logs an info line and a failure line: stderr redirected to a file
# keeps plain lines; stderr that is the journal (JOURNAL_STREAM = its DEV:INODE) gets <6>/<3>
# priority prefixes, a JOURNAL_STREAM naming another file does not; stderr on /dev/null or closed
# sends them to syslog as sstpx[PID] with facility daemon (<30> info, <27> err), received on a
# /dev/log socket of our own in a private mount namespace (tmpfs on /dev, /dev/null recreated).
# No network namespaces: it runs under the netns label only because CTest gives it to this folder.
set -euo pipefail
# shellcheck source=tests/netns/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sx_init
sx_require_root
sx_require_cmds unshare python3 mknod stat timeout
BIN=${SX_BUILD_DIR:?set SX_BUILD_DIR (CTest does)}/tools/sstpx
[[ -x $BIN ]] || sx_fail "$BIN not built"
ARGS=(connect 127.0.0.1:1 --user u --password-command "echo x" --no-dns)
INFO='resolving 127.0.0.1'
FAIL='tcp: 127.0.0.1 (127.0.0.1:1): Connection refused'

expect_rc4() { # RC DESC
	(($1 == 4)) || sx_fail "$2: exit $1, expected 4 (TCP refused)"
}

sx_log "case 1: stderr to a file: plain lines"
rc=0
"$BIN" "${ARGS[@]}" 2>"$SX_TMP/file.log" || rc=$?
expect_rc4 "$rc" "stderr to a file"
grep -qx "$INFO" "$SX_TMP/file.log" && grep -qx "sstpx: $FAIL" "$SX_TMP/file.log" ||
	sx_fail "stderr to a file: $(cat "$SX_TMP/file.log")"
echo "stderr to a file: $(tr '\n' '|' <"$SX_TMP/file.log")"

sx_log "case 2: stderr is the journal (JOURNAL_STREAM): <N> priorities"
: >"$SX_TMP/journal.log"
rc=0
JOURNAL_STREAM=$(stat -c '%d:%i' "$SX_TMP/journal.log") "$BIN" "${ARGS[@]}" 2>>"$SX_TMP/journal.log" || rc=$?
expect_rc4 "$rc" "journal"
grep -qx "<6>$INFO" "$SX_TMP/journal.log" && grep -qx "<3>sstpx: $FAIL" "$SX_TMP/journal.log" ||
	sx_fail "journal: $(cat "$SX_TMP/journal.log")"
echo "stderr is the journal: $(tr '\n' '|' <"$SX_TMP/journal.log")"
rc=0
JOURNAL_STREAM=1:1 "$BIN" "${ARGS[@]}" 2>"$SX_TMP/other.log" || rc=$?
expect_rc4 "$rc" "another JOURNAL_STREAM"
grep -qx "$INFO" "$SX_TMP/other.log" || sx_fail "JOURNAL_STREAM of another file: $(cat "$SX_TMP/other.log")"

sx_log "case 3: stderr on /dev/null, then closed: syslog"
cat >"$SX_TMP/logsrv.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
with open(sys.argv[1], "w") as out:
    while True:
        d = s.recv(4096)
        if d == b"sstpx-test: end":
            break
        out.write(d.decode(errors="replace").rstrip("\n") + "\n")
        out.flush()
PY
# The server ends on the "end" datagram sent after both runs (datagrams on a Unix socket arrive in
# order), not after a quiet time: an ASan sstpx on loaded cores can be slow to start. Its socket
# is waited for, bounded like every wait here (SX_WAIT_SCALE).
# shellcheck disable=SC2016 # expanded by the inner shell
timeout "$(sx_secs 30)" unshare -m bash -c '
set -euo pipefail
mount -t tmpfs sstpx-test /dev
mknod -m 666 /dev/null c 1 3
python3 "$1/logsrv.py" "$1/syslog.txt" &
for _ in $(seq $((100 * ${SX_WAIT_SCALE:-1}))); do [[ -S /dev/log ]] && break; sleep 0.05; done
rc=0; "${@:2}" 2>/dev/null || rc=$?; echo "$rc" >"$1/rc_null"
rc=0; "${@:2}" 2>&- || rc=$?; echo "$rc" >"$1/rc_closed"
python3 -c "import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b\"sstpx-test: end\", \"/dev/log\")"
wait
' sh "$SX_TMP" "$BIN" "${ARGS[@]}"
expect_rc4 "$(cat "$SX_TMP/rc_null")" "stderr /dev/null"
expect_rc4 "$(cat "$SX_TMP/rc_closed")" "stderr closed"
n_info=$(grep -cE "^<30>.* sstpx\[[0-9]+\]: $INFO\$" "$SX_TMP/syslog.txt" || true)
n_fail=$(grep -cE "^<27>.* sstpx\[[0-9]+\]: ${FAIL//[()]/.}\$" "$SX_TMP/syslog.txt" || true)
((n_info == 2 && n_fail == 2)) ||
	sx_fail "syslog: $n_info info and $n_fail error lines, expected 2 each: $(cat "$SX_TMP/syslog.txt")"
sed 's/^/syslog received: /' "$SX_TMP/syslog.txt"
sx_log "PASS"
