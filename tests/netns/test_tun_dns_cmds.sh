#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# DNS through external programs: fake `resolvconf` and `resolvectl` scripts, bind-mounted over
# /usr/local/sbin in a private mount namespace (unshare -m), record their argv and stdin. Checks
# the commands sstpx runs to apply and to undo DNS with each back-end, and that a helper that
# hangs is killed at the timeout and the setup fails cleanly; split DNS (domains) with each
# back-end, resolv.conf included. Snapshots equal after each case.
#
#   [client] c0 10.77.0.2/24 fd77::2/64 ---- g0 10.77.0.1/24 fd77::1/64 [gw]
#            sstpt3 192.168.30.2                        lo: 203.0.113.5 2001:db8:5::5 (server)
set -euo pipefail
# shellcheck source=tests/netns/tun_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tun_lib.sh"

# fake_bin DIR BEHAVIOUR: resolvconf and resolvectl that append "NAME ARGS" (and stdin for
# resolvconf -a) to $SX_TMP/calls; BEHAVIOUR=slow makes `resolvconf -a` hang.
fake_bin() {
	local dir=$1 slow=$2 prog
	mkdir -p "$dir"
	for prog in resolvconf resolvectl; do
		cat >"$dir/$prog" <<-SCRIPT
			#!/bin/sh
			echo "$prog \$*" >>"$SX_TMP/calls"
			[ "$prog \$1" = "resolvconf -a" ] || exit 0
			[ "$slow" != slow ] || exec sleep 600
			sed 's/^/  stdin: /' >>"$SX_TMP/calls"
		SCRIPT
		chmod 0755 "$dir/$prog"
	done
}

use_fakes() { # DIR
	# shellcheck disable=SC2016 # expanded by the inner sh, on purpose
	# $1 of the inner sh is the directory; the driver and its arguments follow.
	TUN_WRAP=(unshare -m sh -c 'mount --bind "$1" /usr/local/sbin && shift && exec "$@"' sh "$1")
}

expect_calls() { # DESC REGEX...
	local desc=$1
	shift
	tun_expect "$desc" cat "$SX_TMP/calls" -- "$@"
}

tun_init
sx_require_cmds unshare mount
tun_topology
sx_snapshot client "$SX_TMP/before"
fake_bin "$SX_TMP/fast" fast
fake_bin "$SX_TMP/slow" slow
common=(--ifname sstpt3 --addr 192.168.30.2 --dns 192.168.30.1 --dns 192.168.30.2)

sx_log "case 1: resolvconf"
use_fakes "$SX_TMP/fast"
: >"$SX_TMP/calls"
tun_driver_bg rc "${common[@]}" --dns-backend resolvconf --hold setup
expect_calls "resolvconf -a" '^resolvconf -a sstpt3\.sstpx$' '^  stdin: nameserver 192\.168\.30\.1$' \
	'^  stdin: nameserver 192\.168\.30\.2$'
tun_expect "journal" cat "$TUN_STATE/sstpt3.undo" -- '^dns resolvconf sstpt3\.sstpx$'
tun_expect_log rc 'dns: applied 192\.168\.30\.1 192\.168\.30\.2 via resolvconf'
tun_driver_stop TERM
expect_calls "resolvconf -d" '^resolvconf -d sstpt3\.sstpx$'
sx_snapshot client "$SX_TMP/after1"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after1" "client state after resolvconf"

sx_log "case 2: systemd-resolved, full tunnel"
: >"$SX_TMP/calls"
tun_driver_bg rd "${common[@]}" --default --dns-backend resolved --hold setup
expect_calls "resolvectl" '^resolvectl dns sstpt3 192\.168\.30\.1 192\.168\.30\.2$' \
	'^resolvectl domain sstpt3 ~\.$'
tun_driver_stop TERM
expect_calls "resolvectl revert" '^resolvectl revert sstpt3$'
sx_snapshot client "$SX_TMP/after2"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after2" "client state after resolved"

sx_log "case 3: a helper that hangs is killed at the timeout"
use_fakes "$SX_TMP/slow"
: >"$SX_TMP/calls"
start=$SECONDS
if n_client "${TUN_WRAP[@]}" "$TUN_DRIVER" --state-dir "$TUN_STATE" "${common[@]}" \
	--dns-backend resolvconf --cmd-timeout 300 setup >"$SX_TMP/slow.out" 2>"$SX_TMP/slow.log"; then
	sx_fail "setup succeeded with a hanging resolvconf"
fi
# The 300 ms --cmd-timeout against a helper that would sleep 600 s: 10 s (times SX_WAIT_SCALE)
# bounds the driver's start, the timeout and its undo on loaded cores, and still tells them apart.
((SECONDS - start < $(sx_secs 10))) || sx_fail "the timeout did not stop the helper"
tun_expect_log slow 'cmd: /usr/local/sbin/resolvconf -a failed \(Connection timed out\)'
sx_snapshot client "$SX_TMP/after3"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after3" "client state after the timeout"

# Split DNS (issue 13): pushed search domains and --dns-domain routing domains.
doms=(--domain corp.example --domain eng.corp.example --route-domain lab.test)
sx_log "case 4: systemd-resolved, split tunnel: only these domains go to the tunnel"
use_fakes "$SX_TMP/fast"
: >"$SX_TMP/calls"
tun_driver_bg rs "${common[@]}" "${doms[@]}" --dns-backend resolved --hold setup
expect_calls "resolvectl split" '^resolvectl dns sstpt3 192\.168\.30\.1 192\.168\.30\.2$' \
	'^resolvectl domain sstpt3 corp\.example eng\.corp\.example ~lab\.test$'
if grep -q '~\.' "$SX_TMP/calls"; then sx_fail "a split tunnel routed every domain (~.)"; fi
tun_driver_stop TERM
expect_calls "resolvectl revert" '^resolvectl revert sstpt3$'

sx_log "case 5: systemd-resolved, full tunnel keeps ~. and adds the search domains"
: >"$SX_TMP/calls"
tun_driver_bg rf "${common[@]}" "${doms[@]}" --default --dns-backend resolved --hold setup
expect_calls "resolvectl full" \
	'^resolvectl domain sstpt3 ~\. corp\.example eng\.corp\.example ~lab\.test$'
tun_driver_stop TERM

sx_log "case 6: resolvconf: a search list, and a line saying what it cannot do"
: >"$SX_TMP/calls"
tun_driver_bg rcs "${common[@]}" "${doms[@]}" --dns-backend resolvconf --hold setup
expect_calls "resolvconf -a search" '^  stdin: nameserver 192\.168\.30\.1$' \
	'^  stdin: search corp\.example eng\.corp\.example lab\.test$'
tun_expect_log rcs 'dns: resolvconf cannot send only some domains to the tunnel: .*names outside these domains may still use the tunnel.s servers'
tun_driver_stop TERM
expect_calls "resolvconf -d" '^resolvconf -d sstpt3\.sstpx$'

sx_log "case 7: resolv.conf: our search domains first, the original's kept on the same line"
TUN_WRAP=()
tun_driver_bg fs "${common[@]}" "${doms[@]}" --dns-backend file --hold setup
tun_expect "resolv.conf" n_client cat /etc/resolv.conf -- '^nameserver 192\.168\.30\.1$' \
	'^search corp\.example eng\.corp\.example lab\.test example\.test$' '^options ndots:2$'
[[ $(n_client grep -c '^search' /etc/resolv.conf) == 1 ]] || sx_fail "more than one search line"
tun_expect_log fs 'names outside these domains may still use the tunnel.s servers'
tun_driver_stop TERM
sx_snapshot client "$SX_TMP/after7"
sx_snapshot_compare "$SX_TMP/before" "$SX_TMP/after7" "client state after split DNS"
[[ -z $(ls -A "$TUN_STATE") ]] || sx_fail "state directory not empty: $(ls -A "$TUN_STATE")"
sx_log "PASS"
