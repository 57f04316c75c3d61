#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx --setuid nobody against SoftEther: once connected the process runs as nobody with
# CAP_NET_ADMIN only (every capability set and the bounding set: 0x1000), no_new_privs, and no way
# back to root; a root helper (the undo keeper, its child) holds the undo journal. Traffic flows,
# SIGTERM exits 0 and the namespace is restored (host route, DNS file, interface, journal). Then
# the same with SIGKILL: the keeper notices the process is gone and still undoes everything. Last,
# a profile with setuid = nobody started by `up --background` and stopped by `down`: the keeper
# also removes the pid file, and down returns once it has.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx (nobody) -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

CAP_NET_ADMIN_ONLY=0000000000001000

status_field() { # PID FIELD -> the value, tabs as spaces
	sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" | tr '\t' ' '
}

# The keeper: the one child of sstpx that runs our binary as root.
keeper_pid() { # PARENT
	local c
	for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
		[[ $(readlink "/proc/$c/exe" 2>/dev/null) == "$(readlink -f "$SXC_SSTPX")" ]] && { echo "$c"; return 0; }
	done
	return 1
}

check_dropped() { # PID LOG
	local pid=$1 uid f v
	uid=$(id -u nobody)
	sx_wait_for 10 "the drop to nobody" grep -q 'setuid: running as nobody' "$2" ||
		{ sxc_show_log "$2"; sx_fail "no 'setuid: running as nobody' line"; }
	v=$(status_field "$pid" Uid)
	[[ $v == "$uid $uid $uid $uid" ]] || sx_fail "Uid of sstpx: '$v', expected $uid x4"
	v=$(status_field "$pid" Gid)
	[[ $v == "$(id -g nobody) $(id -g nobody) $(id -g nobody) $(id -g nobody)" ]] || sx_fail "Gid of sstpx: '$v'"
	for f in CapEff CapPrm CapInh CapBnd CapAmb; do
		v=$(status_field "$pid" "$f")
		[[ $v == "$CAP_NET_ADMIN_ONLY" ]] || sx_fail "$f of sstpx: $v, expected $CAP_NET_ADMIN_ONLY (cap_net_admin)"
	done
	v=$(status_field "$pid" NoNewPrivs)
	[[ $v == 1 ]] || sx_fail "NoNewPrivs of sstpx: '$v'"
	# Not dumpable after the uid change either (issue 15): its /proc files stay root's.
	v=$(stat -c %u "/proc/$pid/environ")
	[[ $v == 0 ]] || sx_fail "sstpx as nobody is dumpable: /proc/$pid/environ belongs to uid $v"
	echo "sstpx pid $pid: Uid $(status_field "$pid" Uid | cut -d' ' -f1) (nobody), CapEff $(status_field "$pid" CapEff) (cap_net_admin only), NoNewPrivs 1"
}

# The keeper finishes after sstpx: wait for it (bounded), then the journal must be gone.
wait_keeper() { # KEEPER_PID DESC
	local deadline=$((SECONDS + $(sx_secs 20)))
	while kill -0 "$1" 2>/dev/null && [[ $(readlink "/proc/$1/exe" 2>/dev/null) == "$(readlink -f "$SXC_SSTPX")" ]]; do
		((SECONDS < deadline)) || sx_fail "$2: the root helper (pid $1) still runs after $(sx_secs 20) s"
		sleep 0.05
	done
}

connect_dropped() { # LOG
	sxc_start "$1" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --setuid nobody
	sxc_wait_connected "$1" 30
	check_dropped "$SXC_PID" "$1"
	sxc_check_connected "$1"
	KEEPER=$(keeper_pid "$SXC_PID") || sx_fail "no root helper under sstpx pid $SXC_PID"
	[[ $(status_field "$KEEPER" Uid | cut -d' ' -f1) == 0 ]] || sx_fail "the root helper is not root"
	sx_cleanup_push sxc_kill_if_ours "$KEEPER"
	# The head line names the writer by pid and start time (proc(5) stat field 22), so a later
	# process that gets the pid is not taken for it: both must be the root helper's.
	local head start
	head=$(head -n1 "$SXC_STATE_DIR/$SXC_IF.undo")
	start=$(sed 's/^.*) //' "/proc/$KEEPER/stat" | cut -d' ' -f20)
	[[ $start =~ ^[1-9][0-9]*$ ]] || sx_fail "no start time of the root helper $KEEPER: '$start'"
	[[ $head =~ \ pid\ $KEEPER\ start\ $start$ ]] ||
		sx_fail "the journal does not name the root helper (pid $KEEPER start $start): $head"
	n_client ping -c 3 -i 0.2 -W 2 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "ping 192.168.30.1 through the tunnel as nobody"; }
	echo "connected in $SXC_CONNECT_MS ms as nobody; root helper pid $KEEPER (start $start) holds the journal; 3/3 pings"
}

main() {
	local log before
	sxc_setup
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	sx_log "case 1: --setuid nobody, ping, SIGTERM -> 0 and clean"
	log=$SX_TMP/setuid_term.log
	connect_dropped "$log"
	sxc_stop TERM 15
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC, expected 0"; }
	wait_keeper "$KEEPER" "SIGTERM"
	grep -q 'setuid: root helper: host route and DNS' "$log" || { sxc_show_log "$log"; sx_fail "no root helper line"; }
	# Until hooks.c hands SX_PHASE_EXIT to privdrop_phase, status.c tries to remove its socket
	# (as nobody) before the root helper has run, and warns; the helper removes it just after.
	if grep -E 'error|cannot|failed' "$log" | grep -v 'status: cannot remove "/run/sstpx/'; then
		sxc_show_log "$log"
		sx_fail "errors in the log"
	fi
	[[ ! -e $SXC_STATE_DIR/$SXC_IF.sock ]] || sx_fail "the status socket $SXC_STATE_DIR/$SXC_IF.sock is left"
	sxc_check_clean "$before" "SIGTERM as nobody"
	echo "SIGTERM as nobody: exit 0, namespace restored"

	sx_log "case 2: --setuid nobody, SIGKILL: the root helper undoes everything"
	log=$SX_TMP/setuid_kill.log
	connect_dropped "$log"
	sxc_stop KILL 10
	wait_keeper "$KEEPER" "SIGKILL"
	[[ ! -e $SXC_STATE_DIR/$SXC_IF.sock ]] || sx_fail "SIGKILL: the status socket is left"
	sxc_check_clean "$before" "SIGKILL as nobody"
	echo "SIGKILL as nobody: the root helper restored the namespace"

	sx_log "case 3: up NAME --background with setuid = nobody in the profile, then down NAME"
	local conf=$SX_TMP/profiles name=u${SXC_IF#sx} pid rc=0
	mkdir -m 0755 "$conf"
	printf '%s\n' "server = $SX_ADDR_SERVER" "user = $SX_SE_USER" "password-file = $SXC_PW" \
		"cafile = $SX_SE_CA" "ifname = $SXC_IF" "setuid = nobody" >"$conf/$name.conf"
	chmod 600 "$conf/$name.conf"
	sx_cleanup_push rm -f "$SXC_STATE_DIR/$name.pid"
	log=$SX_TMP/setuid_up.log
	ip netns exec "$SX_NS_CLIENT" env SSTPX_CONFDIR="$conf" timeout -s KILL "$(sx_secs 60)" "$SXC_SSTPX" up "$name" \
		--background >"$log" 2>&1 </dev/null || rc=$?
	((rc == 0)) || { sxc_show_log "$log"; sx_fail "up $name --background: exit $rc"; }
	pid=$(cat "$SXC_STATE_DIR/$name.pid")
	sx_cleanup_push sxc_kill_if_ours "$pid"
	check_dropped "$pid" "$log"
	sxc_check_connected "$log"
	ip netns exec "$SX_NS_CLIENT" timeout -s KILL "$(sx_secs 30)" "$SXC_SSTPX" down "$name" >"$SX_TMP/down.log" 2>&1 ||
		{ cat "$SX_TMP/down.log" >&2; sx_fail "down $name failed"; }
	[[ ! -e $SXC_STATE_DIR/$name.pid ]] || sx_fail "the pid file of $name is left"
	[[ ! -e $SXC_STATE_DIR/$name.sock ]] || sx_fail "the status socket of $name is left"
	sxc_check_clean "$before" "down of a --setuid profile"
	echo "up --background as nobody, then $(cat "$SX_TMP/down.log"); namespace restored, pid file removed"

	sxc_finish
	sx_log "PASS"
}

main "$@"
