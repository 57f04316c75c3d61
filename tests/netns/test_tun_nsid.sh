#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The journal names the network namespace its writer ran in, because the state directory
# (/run/sstpx; here the test's own) is shared by every namespace. A driver started with
# `ip netns exec client` and killed leaves its host route, its DNS in client's resolv.conf (what
# `ip netns exec` bind-mounts from /etc/netns/CLIENT) and its journal. (1) `cleanup` run with
# `ip netns exec other` undoes all of it in client and leaves other's resolv.conf alone (it used to
# write client's backup over other's file and drop the journal). (2) The same from the host's
# namespace. (3) Killed in a namespace nobody can find again (unshare -n inside client, gone with
# the driver): cleanup refuses, says why, and keeps the journal.
#
#   [client] c0 10.77.0.2/24 ---- g0 10.77.0.1/24 [gw]   lo: 203.0.113.5 (server)
#            sstpt4 192.168.30.2 peer .1                  [other] its own resolv.conf
set -euo pipefail
# shellcheck source=tests/netns/tun_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tun_lib.sh"

OTHER_RESOLV=$'# other resolver\nnameserver 198.51.100.77'
setup_args=(--ifname sstpt4 --addr 192.168.30.2 --peer 192.168.30.1 --server "$TUN_SERVER4"
	--default --dns 192.168.30.1)

tun_init
tun_topology
CLIENT=$(sx_ns client)
sx_netns_new other
sx_netns_resolv other "$OTHER_RESOLV"
sx_snapshot client "$SX_TMP/client.before"
sx_snapshot other "$SX_TMP/other.before"

killed_in_client() { # NAME
	tun_driver_bg "$1" "${setup_args[@]}" --hold setup
	tun_driver_stop KILL
	tun_expect "$1: DNS left behind" cat "/etc/netns/$CLIENT/resolv.conf" -- '^nameserver 192\.168\.30\.1$'
	tun_expect "$1: host route left behind" n_client ip route -- "^$TUN_SERVER4 via 10\.77\.0\.1"
	tun_expect "$1: journal names client" cat "$TUN_STATE/sstpt4.undo" -- \
		"^nsid [0-9]+ [0-9]+ $CLIENT\$"
}

check_restored() { # DESC
	sx_snapshot client "$SX_TMP/client.now"
	sx_snapshot_compare "$SX_TMP/client.before" "$SX_TMP/client.now" "client after $1" ||
		sx_fail "$1: client not restored"
	sx_snapshot other "$SX_TMP/other.now"
	sx_snapshot_compare "$SX_TMP/other.before" "$SX_TMP/other.now" "other after $1" ||
		sx_fail "$1: other changed"
	[[ $(cat "/etc/netns/$(sx_ns other)/resolv.conf") == "$OTHER_RESOLV" ]] ||
		sx_fail "$1: other's resolv.conf changed"
	[[ -z $(ls -A "$TUN_STATE") ]] || sx_fail "$1: state left: $(ls -A "$TUN_STATE")"
}

sx_log "case 1: killed in client, cleanup in other"
killed_in_client k1
sx_in other "$TUN_DRIVER" --state-dir "$TUN_STATE" --ifname sstpt4 cleanup \
	>"$SX_TMP/c1.out" 2>"$SX_TMP/c1.log" || { cat "$SX_TMP/c1.log" >&2; sx_fail "cleanup in other failed"; }
tun_expect_log c1 "was written in network namespace \"$CLIENT\": replaying there"
tun_expect_log c1 "route: removed $TUN_SERVER4/32 via 10\.77\.0\.1 dev c0"
tun_expect_log c1 'dns: restored /etc/resolv\.conf'
check_restored "cleanup in other"

sx_log "case 2: killed in client, cleanup in the host's namespace"
killed_in_client k2
"$TUN_DRIVER" --state-dir "$TUN_STATE" --ifname sstpt4 cleanup >"$SX_TMP/c2.out" 2>"$SX_TMP/c2.log" ||
	{ cat "$SX_TMP/c2.log" >&2; sx_fail "cleanup from the host failed"; }
tun_expect_log c2 "was written in network namespace \"$CLIENT\": replaying there"
check_restored "cleanup from the host"

sx_log "case 3: killed in an unnamed namespace, which went with it: cleanup refuses"
TUN_WRAP=(unshare -n)
tun_driver_bg k3 --ifname sstpt5 --addr 192.168.30.2 --peer 192.168.30.1 --dns 192.168.30.1 \
	--hold setup
TUN_WRAP=()
tun_driver_stop KILL
tun_expect "k3: journal names no namespace" cat "$TUN_STATE/sstpt5.undo" -- '^nsid [0-9]+ [0-9]+ -$'
cp "$TUN_STATE/sstpt5.undo" "$SX_TMP/k3.undo"
if n_client "$TUN_DRIVER" --state-dir "$TUN_STATE" --ifname sstpt5 cleanup 2>"$SX_TMP/c3.log"; then
	sx_fail "cleanup replayed the journal of an unreachable namespace"
fi
tun_expect_log c3 'was written in another network namespace \(-, inode [0-9]+\) that cannot be found from here: left alone'
cmp "$SX_TMP/k3.undo" "$TUN_STATE/sstpt5.undo" || sx_fail "the journal changed"
tun_expect "k3: client's DNS as the killed driver left it" cat "/etc/netns/$CLIENT/resolv.conf" -- \
	'^nameserver 192\.168\.30\.1$'
# What a person would do by hand then: put the backup back, remove the journal.
cat "$TUN_STATE/sstpt5.resolv.conf.orig" >"/etc/netns/$CLIENT/resolv.conf"
rm "$TUN_STATE/sstpt5.undo" "$TUN_STATE/sstpt5.resolv.conf.orig"
check_restored "the refusal"
sx_log "PASS"
