# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourceable helper for netns tests: a configured SoftEther SSTP peer in the server namespace of
# tests/netns/lib.sh's standard topology, stopped by the cleanup registry.
#
#   . tests/netns/lib.sh; . tools/softether/peer.sh
#   sx_init; sx_topology_std; sx_softether_up
#   -> SX_SE_WORKDIR, SX_SE_CA (the client's --cafile), SX_SE_USER, SX_SE_PASSWORD (random),
#      SX_SE_HOST (sstp.test, in the certificate with IP SX_ADDR_SERVER)
#   sx_softether_down                       stop now (also runs at exit if still running)
#   sx_softether_vpncmd FILE                further vpncmd batch (admin password), e.g. a bridge

SX_SE_TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

sx_softether_up() { # [USER]
	[[ -n ${SX_NS_SERVER:-} && -n ${SX_TMP:-} ]] || sx_fail "sx_softether_up needs sx_init and sx_topology_std"
	SX_SE_WORKDIR=$SX_TMP/softether
	SX_SE_USER=${1:-test}
	SX_SE_PASSWORD=$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')
	SX_SE_HOST=sstp.test
	# server.sh's bounds on start-up, vpncmd and stop, stretched like the tests' (lib.sh sx_secs).
	export SX_SE_START_TIMEOUT=${SX_SE_START_TIMEOUT:-$(sx_secs 20)}
	export SX_SE_STOP_TIMEOUT=${SX_SE_STOP_TIMEOUT:-$(sx_secs 10)}
	export SX_SE_VPNCMD_TIMEOUT=${SX_SE_VPNCMD_TIMEOUT:-$(sx_secs 30)}
	sx_cleanup_push "$SX_SE_TOOLS/server.sh" stop "$SX_SE_WORKDIR"
	"$SX_SE_TOOLS/server.sh" start "$SX_NS_SERVER" "$SX_SE_WORKDIR" || sx_fail "SoftEther did not start"
	SX_SE_USER=$SX_SE_USER SX_SE_PASSWORD=$SX_SE_PASSWORD \
		"$SX_SE_TOOLS/server.sh" configure "$SX_SE_WORKDIR" "$SX_ADDR_SERVER" ||
		sx_fail "SoftEther configuration failed"
	SX_SE_CA=$SX_SE_WORKDIR/pki/ca.crt
	export SX_SE_WORKDIR SX_SE_USER SX_SE_PASSWORD SX_SE_HOST SX_SE_CA
}

sx_softether_down() {
	"$SX_SE_TOOLS/server.sh" stop "$SX_SE_WORKDIR"
}

sx_softether_vpncmd() { # FILE
	"$SX_SE_TOOLS/server.sh" vpncmd "$SX_SE_WORKDIR" "$1"
}
