#!/bin/bash
# SPDX-License-Identifier: MIT
# Brings up (and down) a lasting SoftEther SSTP peer for demos and manual runs: the standard
# topology of tests/netns/lib.sh with fixed names sxdemo-{client,server,behind} and a configured
# server, whose settings are written to DIR/peer.env (the password to DIR/password, 0600).
#
#   demo-peer.sh up DIR      then e.g.: ip netns exec sxdemo-client sstpx ... (see DIR/peer.env)
#   demo-peer.sh down DIR
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/netns/lib.sh
. "$here/../../tests/netns/lib.sh"
# shellcheck source=tools/softether/peer.sh
. "$here/peer.sh"
SX_RUN_ID=sxdemo
SX_TEST_NAME=demo-peer

undo_on_failure() {
	local rc=$?
	((rc == 0)) || sx_cleanup_run
	exit "$rc"
}

cmd_up() { # DIR
	local dir=$1
	sx_require_root
	[[ -z $(sx_our_namespaces) ]] || sx_fail "already up (namespaces $SX_RUN_ID-*): run down first"
	mkdir -p "$dir"
	SX_TMP=$(cd "$dir" && pwd)
	# Undo everything if any step fails; keep it all once up.
	trap undo_on_failure EXIT
	sx_topology_std
	sx_softether_up "${SX_SE_USER:-test}"
	(umask 077 && printf '%s\n' "$SX_SE_PASSWORD" >"$SX_TMP/password")
	cat >"$SX_TMP/peer.env" <<-EOF
		SX_NS_CLIENT=$SX_NS_CLIENT
		SX_NS_SERVER=$SX_NS_SERVER
		SX_NS_BEHIND=$SX_NS_BEHIND
		SX_ADDR_SERVER=$SX_ADDR_SERVER
		SX_ADDR_BEHIND=$SX_ADDR_BEHIND
		SX_SE_HOST=$SX_SE_HOST
		SX_SE_CA=$SX_SE_CA
		SX_SE_USER=$SX_SE_USER
		SX_SE_PASSWORD_FILE=$SX_TMP/password
	EOF
	sx_log "up: server $SX_ADDR_SERVER ($SX_SE_HOST) in $SX_NS_SERVER, client namespace $SX_NS_CLIENT, settings in $SX_TMP/peer.env"
}

cmd_down() { # DIR
	local dir=$1 ns
	sx_require_root
	if [[ -d $dir/softether ]]; then "$here/server.sh" stop "$dir/softether"; fi
	for ns in $(sx_our_namespaces); do ip netns delete "$ns"; done
	sx_log "down"
}

main() {
	case ${1:-} in
	up) [[ $# -eq 2 ]] || sx_fail "usage: $0 up DIR"; cmd_up "$2" ;;
	down) [[ $# -eq 2 ]] || sx_fail "usage: $0 down DIR"; cmd_down "$2" ;;
	*) sx_fail "usage: $0 up|down DIR" ;;
	esac
}

main "$@"
