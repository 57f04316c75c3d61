#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tun/ with cfg.netns: the driver runs in the client namespace and puts the device, its address,
# routes and DNS (/etc/netns/APP/resolv.conf) into a third namespace, app, leaving client as it
# was. (1) SIGTERM undoes everything in app. (2) Killed, the next setup with the same name replays
# the stale journal in app first. (3) Killed, `cleanup` without --netns (what `sstpx cleanup
# IFNAME` does) finds the namespace in the journal. (4) Killed and app deleted, `cleanup` drops
# the entries that went with the namespace and still restores its resolv.conf file.
#
#   [client] c0 10.77.0.2/24 fd77::2/64 ---- g0 10.77.0.1/24 fd77::1/64 [gw]
#   [app]    sstpn0 192.168.30.2 peer .1, 0/1 128/1 10.99.0.0/16 via sstpn0 (driver runs in client)
set -euo pipefail
# shellcheck source=tests/netns/tun_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tun_lib.sh"

APP_RESOLV=$'# app resolver\nnameserver 198.51.100.99'

tun_init
tun_topology
sx_netns_new app n_app
APP=$(sx_ns app)
sx_netns_resolv app "$APP_RESOLV"
setup_args=(--netns "$APP" --ifname sstpn0 --mtu 1400 --addr 192.168.30.2 --peer 192.168.30.1
	--default --route 10.99.0.0/16 --dns 192.168.30.1)
sx_snapshot client "$SX_TMP/client.before"
sx_snapshot app "$SX_TMP/app.before"

check_up() { # NAME
	tun_expect "$1: device in app" n_app ip -o addr show dev sstpn0 -- \
		'inet 192\.168\.30\.2 peer 192\.168\.30\.1/32'
	tun_expect "$1: routes in app" n_app ip route -- '^0\.0\.0\.0/1 dev sstpn0' \
		'^128\.0\.0\.0/1 dev sstpn0' '^10\.99\.0\.0/16 dev sstpn0'
	tun_expect "$1: DNS in app" cat "/etc/netns/$APP/resolv.conf" -- '^nameserver 192\.168\.30\.1$'
	tun_expect "$1: journal names app" cat "$TUN_STATE/sstpn0.undo" -- "^netns $APP\$"
	sx_snapshot client "$SX_TMP/client.now"
	sx_snapshot_compare "$SX_TMP/client.before" "$SX_TMP/client.now" "client during $1" ||
		sx_fail "$1: the client namespace changed"
}

check_clean() { # DESC
	sx_snapshot client "$SX_TMP/client.now"
	sx_snapshot_compare "$SX_TMP/client.before" "$SX_TMP/client.now" "client after $1" ||
		sx_fail "$1: client changed"
	sx_snapshot app "$SX_TMP/app.now"
	sx_snapshot_compare "$SX_TMP/app.before" "$SX_TMP/app.now" "app after $1" ||
		sx_fail "$1: app not restored"
	[[ $(cat "/etc/netns/$APP/resolv.conf") == "$APP_RESOLV" ]] || sx_fail "$1: app resolv.conf"
	[[ ! -e $TUN_STATE/sstpn0.undo ]] || sx_fail "$1: journal left"
}

killed() { # NAME
	tun_driver_bg "$1" "${setup_args[@]}" --hold setup
	check_up "$1"
	tun_driver_stop KILL
	tun_expect "$1: DNS left behind" cat "/etc/netns/$APP/resolv.conf" -- '^nameserver 192\.168\.30\.1$'
	[[ -s $TUN_STATE/sstpn0.undo ]] || sx_fail "$1: no journal left behind"
}

sx_log "case 1: setup in app, SIGTERM"
tun_driver_bg term "${setup_args[@]}" --hold setup
check_up term
tun_driver_stop TERM
check_clean "SIGTERM"

sx_log "case 2: SIGKILL, then a new setup on the same name replays in app"
killed kill1
tun_driver_bg again "${setup_args[@]}" --hold setup
tun_expect_log again 'replaying [0-9]+ changes left by an earlier run'
check_up again
tun_driver_stop TERM
check_clean "stale replay"

sx_log "case 3: SIGKILL, then cleanup without --netns"
killed kill2
tun_driver_run cleanup3 --ifname sstpn0 cleanup
tun_expect_log cleanup3 "replaying in network namespace \"$APP\""
tun_expect_log cleanup3 "restored /etc/netns/$APP/resolv.conf"
check_clean "cleanup"

sx_log "case 4: SIGKILL, app deleted, then cleanup"
killed kill3
ip netns delete "$APP"
tun_driver_run cleanup4 --ifname sstpn0 cleanup
tun_expect_log cleanup4 "network namespace \"$APP\" is gone"
tun_expect_log cleanup4 "restored /etc/netns/$APP/resolv.conf"
[[ $(cat "/etc/netns/$APP/resolv.conf") == "$APP_RESOLV" ]] || sx_fail "case 4: app resolv.conf"
[[ ! -e $TUN_STATE/sstpn0.undo ]] || sx_fail "case 4: journal left"
sx_snapshot client "$SX_TMP/client.now"
sx_snapshot_compare "$SX_TMP/client.before" "$SX_TMP/client.now" "client after case 4" ||
	sx_fail "case 4: client changed"
sx_log "PASS"
