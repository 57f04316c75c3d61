#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Options that need more than CAP_NET_ADMIN are refused at start, before connecting, with exit 2
# and the capability named (the systemd unit gave CAP_NET_ADMIN alone: --setuid failed after
# connecting, exit 9 and restarted for ever; --netns named the wrong capability). setpriv shrinks
# the bounding set, as CapabilityBoundingSet= does. (1) --netns without CAP_SYS_ADMIN. (2) --setuid
# without CAP_SETUID, then without CAP_SETPCAP. (3) The capabilities sstpx@.service grants are
# enough for --setuid (it goes on to connect: here to a closed port, so exit 3 or 4, not 2).
#
#   [client] lo only (no server: every case ends before or at the TCP connect)   [app]
set -euo pipefail
# shellcheck source=tests/netns/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sx_init
sx_require_root
sx_require_cmds ip setpriv
SSTPX=${SX_BUILD_DIR:-}/tools/sstpx
[[ -x $SSTPX ]] || sx_fail "sstpx not built ($SSTPX)"
sx_netns_new client n_client
sx_netns_new app
UNIT=$(dirname "${BASH_SOURCE[0]}")/../../tools/dist/sstpx@.service
UNIT_CAPS=$(sed -n 's/^CapabilityBoundingSet=//p' "$UNIT" | tr 'A-Z ' 'a-z,' | sed 's/cap_/+/g')

run() { # LOG CAPS ARGS...
	local log=$SX_TMP/$1 caps=$2
	shift 2
	RC=0
	SSTPX_PASSWORD=x n_client timeout -s KILL "$(sx_secs 30)" setpriv --bounding-set "-all,$caps" \
		"$SSTPX" connect --user u "$@" 127.0.0.1:1 >"$log" 2>&1 </dev/null || RC=$?
}

refused() { # DESC LOG WORDS
	((RC == 2)) || { cat "$SX_TMP/$2" >&2; sx_fail "$1: exit $RC, expected 2"; }
	grep -qF -- "$3" "$SX_TMP/$2" || { cat "$SX_TMP/$2" >&2; sx_fail "$1: no \"$3\""; }
	! grep -qi 'tcp:\|connect.*refused' "$SX_TMP/$2" || sx_fail "$1: it connected first"
	echo "$1: exit 2: $(head -n1 "$SX_TMP/$2")"
}

sx_log "case 1: --netns without CAP_SYS_ADMIN"
run netns.log +net_admin --netns "$(sx_ns app)"
refused "--netns, CAP_NET_ADMIN only" netns.log "needs CAP_SYS_ADMIN"

sx_log "case 2: --setuid without CAP_SETUID, without CAP_SETPCAP"
run setuid.log +net_admin --setuid nobody
refused "--setuid, CAP_NET_ADMIN only" setuid.log '--setuid: "nobody": switching user needs CAP_SETUID'
run setpcap.log +net_admin,+setuid,+setgid --setuid nobody
refused "--setuid, no CAP_SETPCAP" setpcap.log "needs CAP_SETPCAP"

sx_log "case 3: the unit's capabilities ($UNIT_CAPS) are enough for --setuid"
run unit.log "$UNIT_CAPS" --setuid nobody
((RC != 2)) || { cat "$SX_TMP/unit.log" >&2; sx_fail "--setuid refused with the unit's capabilities"; }
! grep -q 'needs CAP_' "$SX_TMP/unit.log" || sx_fail "a capability was missing with the unit's set"
echo "--setuid with the unit's capabilities: exit $RC (the closed port), no capability missing"
sx_log "PASS"
