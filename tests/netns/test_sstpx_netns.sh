#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx connect --netns: run from the client namespace, the TLS connection stays there while the
# TUN device, its address, routes and DNS (/etc/netns/APP/resolv.conf) go to a third namespace,
# "app". The device is in app and not in client; `ip netns exec app ping 192.168.30.1` goes
# through the tunnel; the client namespace's route tables are byte-identical before, during and
# after; SIGTERM restores app; SIGKILL then `sstpx cleanup IFNAME` (from the client namespace)
# restores app's resolv.conf too; an app namespace without /etc/netns/APP gets the directory for
# the session only; with --script, Debian's vpnc-script runs inside app and configures it there.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx (TLS socket)           vpnserver + SecureNAT 192.168.30.1
#   [app]  sxXXXXXXXX 192.168.30.x (the TUN device, moved out of client's way)
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

APP_RESOLV=$'# app namespace resolv.conf (test_sstpx_netns)\nnameserver 127.0.0.53\nsearch app.test'

client_routes() {
	ip -n "$SX_NS_CLIENT" -4 route show table all
	ip -n "$SX_NS_CLIENT" -6 route show table all | sed -E 's/ expires [0-9]+sec//'
}

check_client_routes() { # DESC
	client_routes >"$SX_TMP/client_routes.now"
	cmp -s "$SX_TMP/client_routes.before" "$SX_TMP/client_routes.now" ||
		{ diff -u "$SX_TMP/client_routes.before" "$SX_TMP/client_routes.now" >&2 || true
		  sx_fail "$1: the client namespace's routes changed"; }
}

start() { # LOG
	sxc_start "$1" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --netns "$APP"
	sxc_wait_connected "$1" 30
}

check_in_app() { # LOG
	local addr routes resolv
	addr=$(ip -n "$APP" -4 -o addr show dev "$SXC_IF" 2>&1) ||
		{ sxc_show_log "$1"; sx_fail "no $SXC_IF in the app namespace: $addr"; }
	[[ $addr =~ inet\ 192\.168\.30\.[0-9]+ ]] || sx_fail "$SXC_IF in app has no 192.168.30.x: $addr"
	! ip -n "$SX_NS_CLIENT" link show dev "$SXC_IF" >/dev/null 2>&1 ||
		sx_fail "$SXC_IF is in the client namespace too"
	routes=$(ip -n "$APP" -4 route show)
	grep -Eq "^0\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "app: no 0.0.0.0/1: $routes"
	grep -Eq "^128\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "app: no 128.0.0.0/1: $routes"
	resolv=$(cat "/etc/netns/$APP/resolv.conf")
	grep -q '^nameserver 192\.168\.30\.1$' <<<"$resolv" || sx_fail "app resolv.conf: $resolv"
	grep -q "^netns $APP\$" "$SXC_STATE_DIR/$SXC_IF.undo" ||
		sx_fail "the journal does not name the namespace: $(cat "$SXC_STATE_DIR/$SXC_IF.undo")"
	check_client_routes "while connected"
	# SoftEther may need a moment after "connected" on a loaded machine: wait for its first
	# answer (a hang still fails), then every ping must be answered.
	sx_wait_for 10 "a first ping reply from app" ip netns exec "$APP" ping -c 1 -W 1 192.168.30.1 ||
		{ sxc_show_log "$1"; sx_fail "ping from app through the tunnel: no answer"; }
	ip netns exec "$APP" ping -c 3 -i 0.2 -W 2 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sxc_show_log "$1"; sx_fail "ping from app through the tunnel"; }
	grep -q '3 packets transmitted, 3 received' "$SX_TMP/ping.out" || sx_fail "not all pings answered"
	sx_log "app: $(grep -o 'inet [0-9./]*' <<<"$addr"), 3/3 pings; client routes unchanged"
}

check_app_clean() { # DESC WANT_RESOLV ("" = no /etc/netns/APP at all)
	local now=$SX_TMP/app.now
	sx_snapshot app "$now"
	sx_snapshot_compare "$SX_TMP/app.before" "$now" "app namespace after $1" ||
		sx_fail "$1 left changes in app"
	if [[ -z $2 ]]; then
		[[ ! -e /etc/netns/$APP ]] || sx_fail "$1: /etc/netns/$APP left: $(ls -la "/etc/netns/$APP")"
	else
		[[ $(cat "/etc/netns/$APP/resolv.conf") == "$2" ]] || sx_fail "$1: app resolv.conf not restored"
	fi
	check_client_routes "after $1"
	sxc_check_clean "$SX_TMP/client.before" "$1"
}

vpnc_in_app() {
	local log=$SX_TMP/vpnc.log f
	sxc_vpnc_use
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --netns "$APP" --script "$SXC_VPNC_SCRIPT"
	sxc_wait_connected "$log" 40
	ip -n "$APP" -4 -o addr show dev "$SXC_IF" | grep -Eq 'inet 192\.168\.30\.[0-9]+' ||
		{ sxc_show_log "$log"; sx_fail "vpnc-script set no 192.168.30.x on $SXC_IF in app"; }
	grep -Eq "^default dev $SXC_IF( |$)" <<<"$(ip -n "$APP" -4 route show)" ||
		sx_fail "no default route via $SXC_IF in app"
	grep -q '^nameserver 192\.168\.30\.1$' "/etc/netns/$APP/resolv.conf" ||
		sx_fail "vpnc-script did not write app's resolv.conf: $(cat "/etc/netns/$APP/resolv.conf")"
	check_client_routes "vpnc-script in app"
	sx_wait_for 10 "a first ping reply from app (vpnc-script)" \
		ip netns exec "$APP" ping -c 1 -W 1 192.168.30.1 ||
		{ sxc_show_log "$log"; sx_fail "ping from app (vpnc-script): no answer"; }
	ip netns exec "$APP" ping -c 3 -i 0.2 -W 2 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sxc_show_log "$log"; sx_fail "ping from app (vpnc-script)"; }
	sxc_stop TERM 15
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "vpnc-script in app: SIGTERM exit $SXC_RC"; }
	# vpnc-script saves the (absent) default route of app in an empty file it never removes.
	f=/run/vpnc/defaultroute.$SXC_PID
	[[ ! -s $f ]] || sx_fail "vpnc-script left a saved default route: $(cat "$f")"
	rm -f "$f"
	! ls /run/vpnc/*."$SXC_PID" >/dev/null 2>&1 || sx_fail "vpnc-script left: $(ls /run/vpnc/*."$SXC_PID")"
	sx_log "vpnc-script in app: configured, 3 pings from app, restored"
}

main() {
	local log
	sxc_setup
	sx_netns_new app
	APP=$(sx_ns app)
	sx_netns_resolv app "$APP_RESOLV"
	client_routes >"$SX_TMP/client_routes.before"
	sx_snapshot client "$SX_TMP/client.before"
	sx_snapshot app "$SX_TMP/app.before"

	sx_log "case 1: --netns $APP, ping from app, SIGTERM"
	log=$SX_TMP/term.log
	start "$log"
	check_in_app "$log"
	echo "sstpx --netns: connected in $SXC_CONNECT_MS ms; device, routes and DNS in $APP"
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC"; }
	check_app_clean "SIGTERM" "$APP_RESOLV"

	sx_log "case 2: SIGKILL, then sstpx cleanup $SXC_IF from the client namespace"
	log=$SX_TMP/kill.log
	start "$log"
	check_in_app "$log"
	sxc_stop KILL 10
	grep -q 'nameserver 192\.168\.30\.1' "/etc/netns/$APP/resolv.conf" ||
		sx_fail "after SIGKILL the app resolv.conf was already restored (test proves nothing)"
	ip netns exec "$SX_NS_CLIENT" "$SXC_SSTPX" cleanup "$SXC_IF" >"$SX_TMP/cleanup.log" 2>&1 ||
		{ cat "$SX_TMP/cleanup.log" >&2; sx_fail "sstpx cleanup $SXC_IF failed"; }
	grep -q "undone" "$SX_TMP/cleanup.log" || { cat "$SX_TMP/cleanup.log" >&2; sx_fail "cleanup: no journal"; }
	check_app_clean "SIGKILL + cleanup" "$APP_RESOLV"

	sx_log "case 3: no /etc/netns/$APP: made for the session, removed after"
	rm -rf "/etc/netns/$APP"
	sx_snapshot app "$SX_TMP/app.before"	# app now reads the host's resolv.conf
	log=$SX_TMP/nodir.log
	start "$log"
	check_in_app "$log"
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM (no dir): exit $SXC_RC"; }
	check_app_clean "SIGTERM without /etc/netns/$APP" ""

	sx_log "case 4: --netns with --script vpnc-script: the script runs in app (ip netns exec)"
	mkdir -p "/etc/netns/$APP"
	printf '%s\n' "$APP_RESOLV" >"/etc/netns/$APP/resolv.conf"
	sx_snapshot app "$SX_TMP/app.before"
	vpnc_in_app
	check_app_clean "vpnc-script in app" "$APP_RESOLV"

	sxc_finish
	sx_log "PASS"
}

main "$@"
