#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx's systemd readiness (sd_notify datagrams on $NOTIFY_SOCKET) against SoftEther, with a
# python3 AF_UNIX SOCK_DGRAM listener in place of systemd. The listener notes, for each datagram,
# whether sstpx's log already said "connected in" when it arrived.
#   case 1 (path socket, --reconnect): STATUS= lines during setup; READY=1 only after "connected
#     in"; SIGHUP gives a second READY=1 ("Reconnected") and no STOPPING=1 on the way; SIGTERM gives
#     STOPPING=1, exit 0, a clean namespace.
#   case 2 (abstract '@' name, listener inside the client namespace): READY=1, then STOPPING=1.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
#    python3 listener (NOTIFY_SOCKET)
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

# listener ADDR OUT LOG: one JSON line per datagram: {"msg": ..., "after_connected": bool}.
LISTENER='
import json, os, socket, sys
addr, out, log = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + addr[1:] if addr.startswith("@") else addr)
open(out + ".ready", "w").close()
with open(out, "a") as f:
    while True:
        msg = s.recv(4096).decode()
        try:
            connected = "connected in" in open(log).read()
        except OSError:
            connected = False
        f.write(json.dumps({"msg": msg, "after_connected": connected}) + "\n")
        f.flush()
'

start_listener() { # NS|- ADDR OUT LOG
	local ns=$1
	shift
	if [[ $ns == - ]]; then
		timeout "$(sx_secs 120)" python3 -c "$LISTENER" "$@" &
	else
		ip netns exec "$ns" timeout "$(sx_secs 120)" python3 -c "$LISTENER" "$@" &
	fi
	sx_cleanup_kill "$!"
	sx_wait_for 20 "the notify listener" test -e "$2.ready" || sx_fail "the listener did not start"
}

# Number of datagrams in OUT matching the python condition on m (the message) and c (after connected).
n_msgs() { # OUT CONDITION
	python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    d = json.loads(line)
    m, c = d["msg"], d["after_connected"]
    if eval(sys.argv[2]):
        n += 1
print(n)
' "$1" "$2"
}

# SECONDS is stretched by SX_WAIT_SCALE (sx_secs), as lib.sh's waits are: "READY=1 after SIGHUP"
# includes a whole new connection, and an ASan client under ctest -j4 took 6-8 s to connect to
# SoftEther (test_sstpx_reconnect's log).
wait_msgs() { # OUT CONDITION N SECONDS DESC
	local secs deadline
	secs=$(sx_secs "$4")
	deadline=$((SECONDS + secs))
	until (($(n_msgs "$1" "$2") >= $3)); do
		((SECONDS < deadline)) || { cat "$1" >&2; sx_fail "no $5 within $secs s"; }
		sleep 0.05
	done
}

expect_msgs() { # OUT CONDITION N DESC
	local got
	got=$(n_msgs "$1" "$2")
	((got == $3)) || { cat "$1" >&2; sx_fail "$4: $got datagrams, expected $3"; }
}

main() {
	local log before out
	sxc_setup
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	sx_log "case 1: NOTIFY_SOCKET path, --reconnect, SIGHUP, SIGTERM"
	log=$SX_TMP/notify.log
	out=$SX_TMP/notify.msgs
	: >"$log"
	start_listener - "$SX_TMP/notify.sock" "$out" "$log"
	export NOTIFY_SOCKET=$SX_TMP/notify.sock
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --reconnect
	unset NOTIFY_SOCKET
	sxc_wait_connected "$log" 30
	wait_msgs "$out" '"READY=1" in m.split("\n")' 1 15 "READY=1"
	expect_msgs "$out" '"READY=1" in m.split("\n") and not c' 0 "READY=1 before \"connected in\""
	expect_msgs "$out" 'm.startswith("STATUS=TLS handshake") and not c' 1 "STATUS= for TLS before READY"
	expect_msgs "$out" '"STOPPING=1" in m' 0 "STOPPING=1 while connected"
	echo "sstpx notify: $(n_msgs "$out" 'True') datagrams up to READY; the READY one: $(grep READY "$out" | head -n1)"

	kill -HUP "$SXC_PID"
	wait_msgs "$out" '"READY=1" in m.split("\n") and "Reconnected" in m' 1 30 "READY=1 after SIGHUP"
	expect_msgs "$out" '"STOPPING=1" in m' 0 "STOPPING=1 during a SIGHUP reconnection"
	expect_msgs "$out" 'm == "STATUS=Disconnecting: SIGHUP, to reconnect at once"' 1 "DISCONNECTING status on SIGHUP"
	expect_msgs "$out" 'm == "STATUS=Reconnecting now (attempt 1)"' 1 "RECONNECTING status"
	sxc_check_connected "$log"

	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC, expected 0"; }
	wait_msgs "$out" 'm.startswith("STOPPING=1\nSTATUS=Disconnecting")' 1 15 "STOPPING=1 at the disconnect"
	wait_msgs "$out" 'm == "STOPPING=1\nSTATUS=Exiting (exit 0)"' 1 15 "STOPPING=1 at exit"
	sxc_check_clean "$before" "SIGTERM"
	sx_log "---- datagrams (case 1) ----"
	sed 's/^/    /' "$out" >&2

	sx_log "case 2: NOTIFY_SOCKET abstract @name in the client namespace"
	log=$SX_TMP/notify2.log
	out=$SX_TMP/notify2.msgs
	: >"$log"
	start_listener "$SX_NS_CLIENT" "@sstpx-test-$SX_RUN_ID" "$out" "$log"
	export NOTIFY_SOCKET=@sstpx-test-$SX_RUN_ID
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" --cafile "$SX_SE_CA"
	unset NOTIFY_SOCKET
	sxc_wait_connected "$log" 30
	wait_msgs "$out" '"READY=1" in m.split("\n") and c' 1 15 "READY=1 on the abstract socket"
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC, expected 0"; }
	wait_msgs "$out" '"STOPPING=1" in m' 2 15 "STOPPING=1 on the abstract socket"
	sxc_check_clean "$before" "SIGTERM (abstract socket)"
	echo "sstpx notify: abstract socket: $(n_msgs "$out" 'True') datagrams, READY=1 after connected, STOPPING=1 twice"

	sxc_finish
	sx_log "PASS"
}

main "$@"
