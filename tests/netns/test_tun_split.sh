#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Split tunnel: only --route prefixes (IPv4 and IPv6) go through sstpt1, no default halves; the
# host route to the server already exists and must be left alone (not added, not removed); DNS
# goes to a resolv.conf given by path, which is rewritten by temp file + rename (a new inode)
# and restored with its content and mode, even after someone else changed it meanwhile (with a
# warning). SIGINT undoes everything.
#
#   [client] c0 10.77.0.2/24 fd77::2/64 ---- g0 10.77.0.1/24 fd77::1/64 [gw]
#            sstpt1 192.168.30.2                        lo: 203.0.113.5 2001:db8:5::5 (server)
#            203.0.113.5 via 10.77.0.1 (present before the test)
set -euo pipefail
# shellcheck source=tests/netns/tun_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tun_lib.sh"

tun_init
tun_topology
n_client ip route add "$TUN_SERVER4" via 10.77.0.1 dev c0
resolv=$SX_TMP/resolv.conf
printf '%s\n' "$TUN_RESOLV_ORIG" >"$resolv"
chmod 0640 "$resolv"
inode_before=$(stat -c %i "$resolv")
sx_snapshot client "$SX_TMP/before"
cp -p "$resolv" "$SX_TMP/resolv.before"

tun_driver_bg split --ifname sstpt1 --addr 192.168.30.2 --server "$TUN_SERVER4" \
	--route 10.50.0.0/16 --route 172.16.0.0/12 --route 2001:db8:50::/48 \
	--dns 192.168.30.1 --resolv "$resolv" --hold setup

sx_log "configured: checking the state in the middle"
tun_expect "ipv4 routes" n_client ip -4 route -- \
	'^10\.50\.0\.0/16 dev sstpt1' '^172\.16\.0\.0/12 dev sstpt1' \
	"^$TUN_SERVER4 via 10\.77\.0\.1 dev c0 *$"
tun_expect_not "ipv4 routes" n_client ip -4 route -- '^0\.0\.0\.0/1' '^128\.0\.0\.0/1'
tun_expect "ipv6 routes" n_client ip -6 route -- '^2001:db8:50::/48 dev sstpt1'
tun_expect "resolv.conf" cat "$resolv" -- '^nameserver 192\.168\.30\.1$' '^options ndots:2$'
[[ $(stat -c %i "$resolv") != "$inode_before" ]] || sx_fail "resolv.conf not replaced by rename"
[[ $(stat -c %a "$resolv") == 640 ]] || sx_fail "resolv.conf lost its mode"
tun_expect_not "journal" cat "$TUN_STATE/sstpt1.undo" -- "$TUN_SERVER4/32"
tun_expect_log split "route: host route to $TUN_SERVER4 exists: left alone"

# Someone else writes the file meanwhile: the original still comes back, with a warning.
echo "nameserver 192.0.2.99" >>"$resolv"
tun_driver_stop INT
tun_expect_log split "dns: $resolv changed since sstpx wrote it; restoring anyway"
sx_snapshot client "$SX_TMP/after"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after" "client state after SIGINT"
cmp "$SX_TMP/resolv.before" "$resolv" || sx_fail "resolv.conf content not restored"
[[ $(stat -c %a "$resolv") == 640 ]] || sx_fail "resolv.conf mode not restored"
[[ -z $(ls -A "$TUN_STATE") ]] || sx_fail "state directory not empty: $(ls -A "$TUN_STATE")"
sx_log "PASS"
