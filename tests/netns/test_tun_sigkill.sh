#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SIGKILL: a driver killed mid-session leaves the server host route and the rewritten
# /etc/resolv.conf behind (the TUN device and its routes die with the process), plus its journal.
# (1) `tun_driver cleanup` (what `sstpx cleanup IFNAME` calls) loads the journal and undoes the
# rest; it refuses a journal whose writer still runs, also once its file was deleted (an upgrade). (2) Killed again, the next setup on the same name replays the stale journal first and
# then sets up and undoes its own changes. Both times the snapshot must equal the first one.
#
#   [client] c0 10.77.0.2/24 fd77::2/64 ---- g0 10.77.0.1/24 fd77::1/64 [gw]
#            sstpt2 192.168.30.2 peer .1                lo: 203.0.113.5 2001:db8:5::5 (server)
set -euo pipefail
# shellcheck source=tests/netns/tun_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tun_lib.sh"

setup_args=(--ifname sstpt2 --addr 192.168.30.2 --peer 192.168.30.1 --server "$TUN_SERVER4"
	--server "$TUN_SERVER6" --default --dns 192.168.30.1)

killed_run() { # NAME
	tun_driver_bg "$1" "${setup_args[@]}" --hold setup
	tun_driver_stop KILL
	sx_snapshot client "$SX_TMP/$1.killed"
	tun_expect "$1: left behind" cat "$SX_TMP/$1.killed" -- \
		"^$TUN_SERVER4 via 10\.77\.0\.1 dev c0" "^$TUN_SERVER6 via fd77::1 dev c0" \
		'^nameserver 192\.168\.30\.1$'
	tun_expect_not "$1: gone with the process" n_client ip -o link -- 'sstpt2'
	tun_expect_not "$1: gone with the device" n_client ip route -- 'dev sstpt2'
	[[ -s $TUN_STATE/sstpt2.undo ]] || sx_fail "$1: no journal left behind"
}

tun_init
tun_topology
sx_snapshot client "$SX_TMP/before"

sx_log "case 0: cleanup refuses the journal of a running driver"
tun_driver_bg live "${setup_args[@]}" --hold setup
cp "$TUN_STATE/sstpt2.undo" "$SX_TMP/live.undo"
if n_client "$TUN_DRIVER" --state-dir "$TUN_STATE" --ifname sstpt2 cleanup 2>"$SX_TMP/busy.log"; then
	sx_fail "cleanup replayed the journal of a running driver"
fi
tun_expect_log busy 'belongs to running pid [0-9]+: left alone'
cmp "$SX_TMP/live.undo" "$TUN_STATE/sstpt2.undo" || sx_fail "the running driver's journal changed"
tun_expect "still configured" n_client ip -4 route -- '^0\.0\.0\.0/1 dev sstpt2'
tun_driver_stop TERM
sx_snapshot client "$SX_TMP/after0"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after0" "client state after the live driver"

sx_log "case 0b: the same after an upgrade deleted the running driver's file"
cp "$TUN_DRIVER" "$SX_TMP/tun_driver.old"
TUN_DRIVER=$SX_TMP/tun_driver.old tun_driver_bg upgraded "${setup_args[@]}" --hold setup
rm "$SX_TMP/tun_driver.old"
cp "$TUN_STATE/sstpt2.undo" "$SX_TMP/live.undo"
if n_client "$TUN_DRIVER" --state-dir "$TUN_STATE" --ifname sstpt2 cleanup 2>"$SX_TMP/busy2.log"; then
	sx_fail "cleanup replayed the journal of a running driver whose file was replaced"
fi
tun_expect_log busy2 'belongs to running pid [0-9]+: left alone'
cmp "$SX_TMP/live.undo" "$TUN_STATE/sstpt2.undo" || sx_fail "the upgraded driver's journal changed"
tun_driver_stop TERM
sx_snapshot client "$SX_TMP/after0b"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after0b" "client state after the upgraded driver"

sx_log "case 1: killed, then cleanup"
killed_run kill1
tun_driver_run cleanup1 --ifname sstpt2 cleanup
tun_expect_log cleanup1 "route: removed $TUN_SERVER4/32 via 10\.77\.0\.1 dev c0"
tun_expect_log cleanup1 'dns: restored /etc/resolv\.conf'
sx_snapshot client "$SX_TMP/after1"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after1" "client state after cleanup"
[[ -z $(ls -A "$TUN_STATE") ]] || sx_fail "state directory not empty: $(ls -A "$TUN_STATE")"
# Nothing left: a second cleanup says so and changes nothing.
if n_client "$TUN_DRIVER" --state-dir "$TUN_STATE" --ifname sstpt2 cleanup 2>/dev/null; then
	sx_fail "cleanup with no journal should report it"
fi

sx_log "case 2: killed, then the next run on the same name"
killed_run kill2
tun_driver_run rerun "${setup_args[@]}" setup
tun_expect_log rerun 'undo: replaying [0-9]+ changes left by an earlier run'
sx_snapshot client "$SX_TMP/after2"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after2" "client state after the next run"
[[ -z $(ls -A "$TUN_STATE") ]] || sx_fail "state directory not empty: $(ls -A "$TUN_STATE")"
sx_log "PASS"
