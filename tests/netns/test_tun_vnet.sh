#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tun/vnet (TUN offloads) against this kernel: vnet_probe opens vnp0 with IFF_VNET_HDR in a fresh
# namespace, with offloads on and then off, and checks what the kernel hands up (a UDP_SEGMENT
# send, a plain datagram) parses and segments with valid checksums, and that a coalesced TCP
# write is accepted as one packet. No tunnel, no server: the packets go nowhere.
#
#   [probe] vnp0 10.99.0.1/24 (TUN, IFF_VNET_HDR)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sx_init
sx_require_root
probe="${SX_BUILD_DIR:?}/tests/vnet_probe"
[ -x "$probe" ] || sx_fail "missing $probe (build the tree first)"
for mode in on off; do
	sx_netns_new "p$mode"
	sx_log "offloads $mode"
	sx_in "p$mode" "$probe" "$mode" || sx_fail "vnet_probe $mode failed"
done
sx_log "PASS"
