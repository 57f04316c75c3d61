#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Interface names: "sstp%d" is sstp0 in every namespace, but the journal (STATE/sstp0.undo) is
# shared by all of them. (1) A driver in client holds sstp0; a second one with the default name in
# other takes sstp1 instead of failing with "Device or resource busy" once the device existed (the
# same-namespace case: the kernel's own %d). (2) An explicit --ifname sstp0 there is refused
# before any device is made, saying a running sstpx has it. (3) sstpx connect --ifname naming an
# interface that exists (c0) exits 2 before connecting.
#
#   [client] c0 10.77.0.2/24 ---- g0 10.77.0.1/24 [gw]    [other]
#            sstp0 192.168.30.2                           sstp1 192.168.31.2
set -euo pipefail
# shellcheck source=tests/netns/tun_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tun_lib.sh"

tun_init
tun_topology
sx_netns_new other n_other
sx_netns_resolv other $'# other resolver\nnameserver 198.51.100.77'
SSTPX=${SX_BUILD_DIR:-}/tools/sstpx
[[ -x $SSTPX ]] || sx_fail "sstpx not built ($SSTPX)"

sx_log "case 1: the default name in two namespaces"
tun_driver_bg first --addr 192.168.30.2 --dns 192.168.30.1 --hold setup
FIRST=$TUN_PID
grep -qx 'READY sstp0' "$SX_TMP/first.out" || sx_fail "first: $(cat "$SX_TMP/first.out")"
ip netns exec "$(sx_ns other)" "$TUN_DRIVER" --state-dir "$TUN_STATE" --addr 192.168.31.2 \
	--dns 192.168.31.1 --hold setup >"$SX_TMP/second.out" 2>"$SX_TMP/second.log" &
SECOND=$!
sx_cleanup_push kill -9 "$SECOND"
sx_wait_for 10 "second ready" grep -q '^READY' "$SX_TMP/second.out" || {
	cat "$SX_TMP/second.log" >&2
	sx_fail "a second driver with the default name failed"
}
grep -qx 'READY sstp1' "$SX_TMP/second.out" || sx_fail "second: $(cat "$SX_TMP/second.out")"
tun_expect "second: sstp1 in other" n_other ip -o addr show dev sstp1 -- 'inet 192\.168\.31\.2'
echo "default name: sstp0 in client, sstp1 in other"

sx_log "case 2: an explicit name a running driver holds"
if n_other "$TUN_DRIVER" --state-dir "$TUN_STATE" --ifname sstp0 --addr 192.168.31.3 setup \
	>/dev/null 2>"$SX_TMP/taken.log"; then
	sx_fail "--ifname sstp0 was taken although a running driver holds it"
fi
tun_expect_log taken '"sstp0": a running sstpx uses that name'
tun_expect_not "no sstp0 in other" n_other ip -o link -- 'sstp0'
kill -TERM "$SECOND"
wait "$SECOND" || sx_fail "second: exit $? after SIGTERM"
tun_driver_stop TERM
[[ -z $(ls -A "$TUN_STATE") ]] || sx_fail "state left: $(ls -A "$TUN_STATE")"

sx_log "case 3: sstpx connect --ifname c0 (exists): exit 2 before connecting"
rc=0
SSTPX_PASSWORD=x n_client timeout "$(sx_secs 20)" "$SSTPX" connect --user u --ifname c0 "$TUN_SERVER4" \
	>"$SX_TMP/c0.log" 2>&1 || rc=$?
((rc == 2)) || { cat "$SX_TMP/c0.log" >&2; sx_fail "--ifname c0: exit $rc, expected 2"; }
grep -q -- '--ifname: "c0": an interface of that name exists already' "$SX_TMP/c0.log" ||
	{ cat "$SX_TMP/c0.log" >&2; sx_fail "--ifname c0: no reason given"; }
! grep -q 'tcp\|tls' "$SX_TMP/c0.log" || sx_fail "--ifname c0: it connected first"
echo "--ifname c0: exit 2: $(head -n1 "$SX_TMP/c0.log")"
sx_log "PASS"
