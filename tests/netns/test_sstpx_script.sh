#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx --script against SoftEther. A capture script records its environment per reason: pre-init,
# connect, disconnect in that order, TUNDEV created but left unconfigured for the script, the
# IPCP address and DNS, VPNGATEWAY, the split variables for two --route prefixes (both with
# --no-default-route and with the default route, where vpnc-script needs a 0.0.0.0 entry), output
# in sstpx's log; with --reconnect, SIGHUP gives connect (a new device) then reconnect; a script
# failing "connect" ends sstpx with exit 9 after "disconnect", clean.
# Then Debian's real vpnc-script configures the tunnel: ping 192.168.30.1 through it, SIGTERM,
# the client namespace exactly as before, its resolv.conf restored, the host's untouched; and
# after SIGKILL, `sstpx cleanup IFNAME` runs the journaled disconnect, with the same result; and
# so it does from another directory for a relative --script ./hook.sh.
#
# The client namespace gets a default route via the server, for vpnc-script to save and restore.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx --script -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

VPNC_SCRIPT=/usr/share/vpnc-scripts/vpnc-script

# capture.sh DIR [fail-REASON]: appends the reason to DIR/order, the sorted environment to
# DIR/REASON.env and the device's addresses to DIR/REASON.addr; exits 3 for fail-REASON.
make_capture() { # FILE
	cat >"$1" <<'EOF'
#!/bin/sh
dir=$1
echo "$reason" >>"$dir/order"
env | grep -E '^(reason|VPNGATEWAY|VPNPID|TUNDEV|INTERNAL_IP|CISCO_)' | sort >"$dir/$reason.env"
if [ -n "$TUNDEV" ]; then
	ip -o addr show dev "$TUNDEV" >"$dir/$reason.addr" 2>&1 || echo "no device" >"$dir/$reason.addr"
fi
echo "capture: reason=$reason"
[ "$2" = "fail-$reason" ] && { echo "capture: failing $reason on purpose" >&2; exit 3; }
exit 0
EOF
	chmod 755 "$1"
}

env_is() { # DIR REASON NAME VALUE
	local got
	got=$(sed -n "s/^$3=//p" "$1/$2.env")
	[[ $got == "$4" ]] || sx_fail "$2: $3=\"$got\", expected \"$4\" ($(tr '\n' ' ' <"$1/$2.env"))"
}

env_absent() { # DIR REASON NAME
	! grep -q "^$3=" "$1/$2.env" || sx_fail "$2: $3 is set: $(grep "^$3=" "$1/$2.env")"
}

capture_run() { # DESC DIR ARGS...
	local desc=$1 dir=$2 log
	shift 2
	mkdir -p "$dir"
	log=$dir.log
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --script "$CAPTURE $dir" "$@"
	sxc_wait_connected "$log" 30
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "$desc: SIGTERM exit $SXC_RC, expected 0"; }
	[[ $(tr '\n' ' ' <"$dir/order") == "pre-init connect disconnect " ]] ||
		{ sxc_show_log "$log"; sx_fail "$desc: reasons $(tr '\n' ' ' <"$dir/order")"; }
	grep -q 'script connect: capture: reason=connect' "$log" ||
		{ sxc_show_log "$log"; sx_fail "$desc: the script's output is not in the log"; }
	sxc_check_clean "$BEFORE" "$desc"
}

check_common() { # DIR
	local d=$1 addr
	env_is "$d" pre-init VPNPID "$SXC_PID"
	env_absent "$d" pre-init TUNDEV
	env_is "$d" connect reason connect
	env_is "$d" connect TUNDEV "$SXC_IF"
	env_is "$d" connect VPNGATEWAY "$SX_ADDR_SERVER"
	env_is "$d" connect VPNPID "$SXC_PID"
	addr=$(sed -n 's/^INTERNAL_IP4_ADDRESS=//p' "$d/connect.env")
	[[ $addr =~ ^192\.168\.30\.[0-9]+$ ]] || sx_fail "INTERNAL_IP4_ADDRESS=$addr"
	env_is "$d" connect INTERNAL_IP4_NETMASK 255.255.255.255
	env_is "$d" connect INTERNAL_IP4_NETMASKLEN 32
	env_is "$d" connect INTERNAL_IP4_NETADDR "$addr"
	grep -Eq '^INTERNAL_IP4_MTU=[0-9]+$' "$d/connect.env" || sx_fail "no INTERNAL_IP4_MTU"
	env_is "$d" connect INTERNAL_IP4_DNS 192.168.30.1
	env_absent "$d" connect INTERNAL_IP6_ADDRESS
	# sstpx made the device and left its configuration to the script; it still exists at disconnect.
	! grep -q 'inet ' "$d/connect.addr" || sx_fail "sstpx configured an address: $(cat "$d/connect.addr")"
	! grep -q 'no device' "$d/disconnect.addr" || sx_fail "the device was gone at disconnect"
	# disconnect sees what connect saw.
	diff <(grep -v '^reason=' "$d/connect.env") <(grep -v '^reason=' "$d/disconnect.env") >&2 ||
		sx_fail "disconnect's environment differs from connect's"
	sx_log "capture: $(grep -c . "$d/connect.env") variables at connect, $addr on $SXC_IF"
}

split_is() { # DIR INDEX ADDR MASK MASKLEN
	env_is "$1" connect "CISCO_SPLIT_INC_$2_ADDR" "$3"
	env_is "$1" connect "CISCO_SPLIT_INC_$2_MASK" "$4"
	env_is "$1" connect "CISCO_SPLIT_INC_$2_MASKLEN" "$5"
	env_is "$1" connect "CISCO_SPLIT_INC_$2_PROTOCOL" 0
	env_is "$1" connect "CISCO_SPLIT_INC_$2_SPORT" 0
	env_is "$1" connect "CISCO_SPLIT_INC_$2_DPORT" 0
}

vpnc_run() {
	local log=$SX_TMP/vpnc.log routes resolv rc=0
	sxc_vpnc_use
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --script "$VPNC_SCRIPT"
	sxc_wait_connected "$log" 40
	ip -n "$SX_NS_CLIENT" -4 -o addr show dev "$SXC_IF" | grep -Eq 'inet 192\.168\.30\.[0-9]+' ||
		{ sxc_show_log "$log"; sx_fail "vpnc-script set no 192.168.30.x on $SXC_IF"; }
	routes=$(ip -n "$SX_NS_CLIENT" -4 route show)
	grep -Eq "^default dev $SXC_IF( |$)" <<<"$routes" || sx_fail "no default route via $SXC_IF: $routes"
	grep -Eq "^${SX_ADDR_SERVER//./\\.} dev c0( |$)" <<<"$routes" ||
		sx_fail "vpnc-script added no host route to $SX_ADDR_SERVER: $routes"
	resolv=$(cat "/etc/netns/$SX_NS_CLIENT/resolv.conf")
	grep -q '^nameserver 192\.168\.30\.1$' <<<"$resolv" || sx_fail "resolv.conf: $resolv"
	n_client ping -c 3 -i 0.2 -W 2 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 || rc=$?
	grep -q '3 packets transmitted, 3 received' "$SX_TMP/ping.out" ||
		{ cat "$SX_TMP/ping.out" >&2; sxc_show_log "$log"; sx_fail "ping 192.168.30.1 via vpnc-script's tunnel (rc $rc)"; }
	echo "sstpx --script vpnc-script: connected in $SXC_CONNECT_MS ms; 3/3 pings answered"
	sxc_stop TERM 15
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "vpnc-script run: SIGTERM exit $SXC_RC"; }
	sxc_check_clean "$BEFORE" "vpnc-script run"
	! ls /run/vpnc/*."$SXC_PID" >/dev/null 2>&1 ||
		sx_fail "vpnc-script left files: $(ls /run/vpnc/*."$SXC_PID")"

	sx_log "vpnc-script, SIGKILL, then sstpx cleanup: the journaled disconnect run undoes it"
	log=$SX_TMP/vpnc_kill.log
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --script "$VPNC_SCRIPT"
	sxc_wait_connected "$log" 40
	grep -qx "exec $SXC_STATE_DIR/$SXC_IF.disconnect" "$SXC_STATE_DIR/$SXC_IF.undo" ||
		sx_fail "no disconnect run in the journal: $(cat "$SXC_STATE_DIR/$SXC_IF.undo")"
	sxc_stop KILL 10
	grep -q '^nameserver 192\.168\.30\.1$' "/etc/netns/$SX_NS_CLIENT/resolv.conf" ||
		sx_fail "after SIGKILL the resolv.conf was already restored (the case proves nothing)"
	ip netns exec "$SX_NS_CLIENT" "$SXC_SSTPX" cleanup "$SXC_IF" >"$SX_TMP/cleanup.log" 2>&1 ||
		{ cat "$SX_TMP/cleanup.log" >&2; sx_fail "sstpx cleanup after SIGKILL"; }
	sxc_check_clean "$BEFORE" "vpnc-script SIGKILL + cleanup"
	[[ ! -e $SXC_STATE_DIR/$SXC_IF.disconnect ]] || sx_fail "the disconnect file was left"
	! ls /run/vpnc/*."$SXC_PID" >/dev/null 2>&1 ||
		sx_fail "vpnc-script left files after cleanup: $(ls /run/vpnc/*."$SXC_PID")"
	echo "sstpx --script vpnc-script: SIGKILL, then 'sstpx cleanup $SXC_IF' restored routes and resolv.conf"
}

# Issue 15 bug 4: the journaled disconnect run named "./hook.sh", which `sstpx cleanup` in another
# directory could not find (exit 9, the entry dropped anyway). Recorded absolute, it runs.
relative_run() {
	local d=$SX_TMP/relative hooks=$SX_TMP/hooks log=$SX_TMP/relative.log out=$SX_TMP/relative.cleanup rc=0
	mkdir -p "$d" "$hooks"
	cp "$CAPTURE" "$hooks/hook.sh"
	pushd "$hooks" >/dev/null
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --script "./hook.sh $d"
	popd >/dev/null
	sxc_wait_connected "$log" 30
	sxc_stop KILL 10
	(cd / && ip netns exec "$SX_NS_CLIENT" "$SXC_SSTPX" cleanup "$SXC_IF") >"$out" 2>&1 || rc=$?
	((rc == 0)) || { cat "$out" >&2; sx_fail "relative --script: sstpx cleanup from / exited $rc"; }
	[[ $(tr '\n' ' ' <"$d/order") == "pre-init connect disconnect " ]] ||
		{ cat "$out" >&2; sx_fail "relative --script: reasons $(tr '\n' ' ' <"$d/order")"; }
	sxc_check_clean "$BEFORE" "relative --script + cleanup"
	echo "sstpx --script ./hook.sh: SIGKILL, then 'sstpx cleanup' from / ran its disconnect"
}

main() {
	local d log
	sxc_setup
	# A default route for vpnc-script to replace and restore (the server is on the link anyway).
	ip -n "$SX_NS_CLIENT" route add default via "$SX_ADDR_SERVER"
	CAPTURE=$SX_TMP/capture.sh
	make_capture "$CAPTURE"
	BEFORE=$SX_TMP/snapshot.before
	sx_snapshot client "$BEFORE"

	sx_log "case 1: capture, --no-default-route, two --route prefixes"
	d=$SX_TMP/split
	capture_run "split" "$d" --no-default-route --route 10.99.0.0/16 --route 172.31.5.0/24
	check_common "$d"
	env_is "$d" connect CISCO_SPLIT_INC 2
	split_is "$d" 0 10.99.0.0 255.255.0.0 16
	split_is "$d" 1 172.31.5.0 255.255.255.0 24
	env_absent "$d" connect CISCO_SPLIT_INC_2_ADDR

	sx_log "case 2: capture, default route plus two --route prefixes"
	d=$SX_TMP/full
	capture_run "full" "$d" --route 10.99.0.0/16 --route 172.31.5.0/24
	check_common "$d"
	env_is "$d" connect CISCO_SPLIT_INC 3
	split_is "$d" 0 10.99.0.0 255.255.0.0 16
	split_is "$d" 1 172.31.5.0 255.255.255.0 24
	split_is "$d" 2 0.0.0.0 0.0.0.0 0

	sx_log "case 3: capture, default route, no --route: CISCO_SPLIT_INC unset; --no-default-route alone: 0"
	d=$SX_TMP/plain
	capture_run "plain" "$d"
	env_absent "$d" connect CISCO_SPLIT_INC
	d=$SX_TMP/none
	capture_run "no routes" "$d" --no-default-route
	env_is "$d" connect CISCO_SPLIT_INC 0

	sx_log "case 4: --reconnect and SIGHUP: a new device, so connect again, then reconnect"
	d=$SX_TMP/reconnect
	mkdir -p "$d"
	log=$d.log
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --script "$CAPTURE $d" --reconnect
	sxc_wait_connected "$log" 30
	kill -HUP "$SXC_PID"
	sx_wait_for 40 "a second connection" sh -c "[ \$(grep -c 'connected in [0-9]* ms' '$log') -ge 2 ]" ||
		{ sxc_show_log "$log"; sx_fail "no second connection after SIGHUP"; }
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "reconnect: SIGTERM exit $SXC_RC"; }
	[[ $(tr '\n' ' ' <"$d/order") == "pre-init connect disconnect connect reconnect disconnect " ]] ||
		{ sxc_show_log "$log"; sx_fail "reconnect: reasons $(tr '\n' ' ' <"$d/order")"; }
	env_is "$d" reconnect TUNDEV "$SXC_IF"
	env_is "$d" reconnect VPNPID "$SXC_PID"
	sxc_check_clean "$BEFORE" "reconnect"

	sx_log "case 5: the script fails connect: exit 9, disconnect ran, clean"
	d=$SX_TMP/fail
	mkdir -p "$d"
	log=$d.log
	sxc_expect_fail 9 "$log" 40 "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" \
		--cafile "$SX_SE_CA" --script "$CAPTURE $d fail-connect"
	[[ $(tr '\n' ' ' <"$d/order") == "pre-init connect disconnect " ]] ||
		{ sxc_show_log "$log"; sx_fail "failing connect: reasons $(tr '\n' ' ' <"$d/order")"; }
	grep -q 'failing connect on purpose' "$log" || { sxc_show_log "$log"; sx_fail "no script stderr in the log"; }
	sxc_check_clean "$BEFORE" "failed connect script"

	sx_log "case 6: Debian's vpnc-script"
	vpnc_run

	sx_log "case 7: a relative --script ./hook.sh, SIGKILL, then sstpx cleanup from another directory"
	relative_run

	sxc_finish
	sx_log "PASS"
}

main "$@"
