#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Full tunnel: tun_driver opens sstpt0, sets MTU, a point-to-point address and a link-local IPv6
# address, adds host routes to the server (IPv4 and IPv6) via the gateway, the default halves for
# both families and DNS through /etc/resolv.conf; SIGTERM undoes it all: the client namespace's
# snapshot (links, addresses, routes, resolv.conf) must be what it was before.
#
#   [client] c0 10.77.0.2/24 fd77::2/64 ---- g0 10.77.0.1/24 fd77::1/64 [gw]
#            sstpt0 192.168.30.2 peer .1                lo: 203.0.113.5 2001:db8:5::5 (server)
set -euo pipefail
# shellcheck source=tests/netns/tun_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tun_lib.sh"

tun_init
tun_topology
sx_snapshot client "$SX_TMP/before"

tun_driver_bg full --ifname sstpt0 --mtu 1400 --addr 192.168.30.2 --peer 192.168.30.1 \
	--ifid 0211223344556677 --server "$TUN_SERVER4" --server "$TUN_SERVER6" \
	--default --default6 --dns 192.168.30.1 --dns 192.168.30.2 --hold setup

sx_log "configured: checking the state in the middle"
tun_expect "ipv4 routes" n_client ip -4 route -- \
	'^0\.0\.0\.0/1 dev sstpt0' '^128\.0\.0\.0/1 dev sstpt0' \
	"^$TUN_SERVER4 via 10\.77\.0\.1 dev c0" '^default via 10\.77\.0\.1 dev c0'
tun_expect "ipv6 routes" n_client ip -6 route -- \
	'^::/1 dev sstpt0' '^8000::/1 dev sstpt0' "^$TUN_SERVER6 via fd77::1 dev c0" \
	'^default via fd77::1 dev c0'
tun_expect "addresses" n_client ip addr show dev sstpt0 -- \
	'mtu 1400' 'inet 192\.168\.30\.2 peer 192\.168\.30\.1/32' \
	'inet6 fe80::211:2233:4455:6677/64 scope link'
tun_expect_not "addresses" n_client ip -6 addr show dev sstpt0 -- 'stable-privacy|mngtmpaddr'
tun_expect "resolv.conf" n_client cat /etc/resolv.conf -- \
	'^nameserver 192\.168\.30\.1$' '^nameserver 192\.168\.30\.2$' '^search example\.test$'
tun_expect_not "resolv.conf" n_client cat /etc/resolv.conf -- '198\.51\.100\.53'
tun_expect "journal" cat "$TUN_STATE/sstpt0.undo" -- \
	'^link del sstpt0 ifindex [0-9]+$' "^route4 del $TUN_SERVER4/32 via 10\.77\.0\.1 dev c0$" \
	'^route6 del ::/1 dev sstpt0$' '^file restore /etc/resolv\.conf '
tun_expect_log full "route: added $TUN_SERVER4/32 via 10\.77\.0\.1 dev c0"
tun_expect_log full 'dns: applied 192\.168\.30\.1 192\.168\.30\.2 via resolv\.conf'

tun_driver_stop TERM
sx_snapshot client "$SX_TMP/after"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after" "client state after SIGTERM"
[[ ! -e $TUN_STATE/sstpt0.undo ]] || sx_fail "journal left after a full replay"
[[ -z $(ls -A "$TUN_STATE") ]] || sx_fail "state directory not empty: $(ls -A "$TUN_STATE")"
sx_log "PASS"
