#!/bin/bash
# SPDX-License-Identifier: MIT
# What a --script hook sees of the server-pushed routes and domains (issue 13, sstpx(1) under
# --script and ROUTING AND DNS): on a split tunnel sstpx-testserver (--dhcp FILE) answers the
# DHCPINFORM, and a capture script records its environment per reason. Its "connect" run gets,
# after the --route prefix, each pushed route as CISCO_SPLIT_INC_n_* (the one covering the server
# refused, so not there), CISCO_SPLIT_INC counting them, the pushed domain and search list in
# CISCO_DEF_DOMAIN, those and --dns-domain in CISCO_SPLIT_DNS, and the pushed DNS server in
# INTERNAL_IP4_DNS (IPCP gives none here); "disconnect" sees the same. With --script "connected"
# waits for the answer (the script's one run carries it): a server that does not answer (--no-dhcp)
# gives the script only --route, after the deadline. With --reconnect, SIGHUP's new connection
# gives the script the set the server hands out then.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx --script capture -> SXC_IF (left unconfigured)   testserver --tun TSRV_TUN 192.168.77.1 --dhcp FILE
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

# capture.sh DIR: appends the reason to DIR/order and the sorted environment to DIR/REASON.env
# (DIR/REASON.N.env for the N-th run of that reason).
make_capture() { # FILE
	cat >"$1" <<'EOF'
#!/bin/sh
dir=$1
echo "$reason" >>"$dir/order"
n=$(grep -cx "$reason" "$dir/order")
env | grep -E '^(reason|TUNDEV|INTERNAL_IP4_DNS|CISCO_)' | sort >"$dir/$reason.$n.env"
echo "capture: reason=$reason"
exit 0
EOF
	chmod 755 "$1"
}

env_is() { # FILE NAME VALUE
	local got
	got=$(sed -n "s/^$2=//p" "$1")
	[[ $got == "$3" ]] || sx_fail "$(basename "$1"): $2=\"$got\", expected \"$3\" ($(tr '\n' ' ' <"$1"))"
}

env_absent() { # FILE NAME
	! grep -q "^$2=" "$1" || sx_fail "$(basename "$1"): $2 is set: $(grep "^$2=" "$1")"
}

split_is() { # FILE INDEX ADDR MASK MASKLEN
	env_is "$1" "CISCO_SPLIT_INC_$2_ADDR" "$3"
	env_is "$1" "CISCO_SPLIT_INC_$2_MASK" "$4"
	env_is "$1" "CISCO_SPLIT_INC_$2_MASKLEN" "$5"
	env_is "$1" "CISCO_SPLIT_INC_$2_PROTOCOL" 0
}

second_set() {
	cat >"$SX_TMP/dhcp.conf" <<-EOF
		domain other.example
		route 10.97.0.0/16
		routes-option 249
	EOF
}

start_client() { # LOG DIR ARGS...
	local log=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA" --no-default-route --no-ipv6 --route 10.99.0.0/16 \
		--script "$CAPTURE $dir" "$@"
	sxc_wait_connected "$log" 30
}

# The answer's routes and domains as the man page documents them for the script.
check_first_set() { # FILE
	local f=$1
	env_is "$f" CISCO_SPLIT_INC 3
	split_is "$f" 0 10.99.0.0 255.255.0.0 16
	split_is "$f" 1 10.77.1.0 255.255.255.0 24
	split_is "$f" 2 10.98.1.0 255.255.255.0 24
	env_absent "$f" CISCO_SPLIT_INC_3_ADDR
	env_is "$f" CISCO_DEF_DOMAIN "corp.example eng.corp.example"
	env_is "$f" CISCO_SPLIT_DNS "corp.example,eng.corp.example,lab.test"
	env_is "$f" INTERNAL_IP4_DNS 192.168.77.53
}

case_pushed() {
	local log=$SX_TMP/c1.log d=$SX_TMP/c1 l_answer l_script l_up
	sx_log "case 1: the connect run sees the pushed routes, domains and DNS server"
	tsrv_dhcp_first_set "$SX_TMP/dhcp.conf"
	tsrv_start "$SX_TMP/s1.log" --dhcp "$SX_TMP/dhcp.conf"
	start_client "$log" "$d" --dns-domain lab.test
	# "connected" waited for the answer, and so did the script's connect run
	l_answer=$(grep -n -m1 'dhcp: the server pushed 3 routes' "$log" | cut -d: -f1)
	l_script=$(grep -n -m1 'script connect: capture: reason=connect' "$log" | cut -d: -f1)
	l_up=$(grep -n -m1 'connected in [0-9]* ms' "$log" | cut -d: -f1)
	((${l_answer:-0} && l_answer < l_script && l_script < l_up)) ||
		{ sxc_show_log "$log"; sx_fail "the answer did not come before the connect run"; }
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC"; }
	[[ $(tr '\n' ' ' <"$d/order") == "pre-init connect disconnect " ]] ||
		{ sxc_show_log "$log"; sx_fail "reasons $(tr '\n' ' ' <"$d/order")"; }
	check_first_set "$d/connect.1.env"
	diff <(grep -v '^reason=' "$d/connect.1.env") <(grep -v '^reason=' "$d/disconnect.1.env") >&2 ||
		sx_fail "disconnect's environment differs from connect's"
	sxc_check_clean "$SX_TMP/snapshot.before" "--script with pushed routes"
	tsrv_stop TERM 15
	sed 's/^/    connect: /' "$d/connect.1.env" | grep -E 'CISCO_(SPLIT_INC=|SPLIT_INC_[0-9]_ADDR|DEF_DOMAIN|SPLIT_DNS)|INTERNAL_IP4_DNS'
}

case_no_answer() {
	local log=$SX_TMP/c2.log d=$SX_TMP/c2 f
	sx_log "case 2: a server that does not answer: connect after the deadline, --route alone"
	tsrv_start "$SX_TMP/s2.log" --no-dhcp
	start_client "$log" "$d"
	grep -q 'dhcp: no answer to 3 DHCPINFORMs' "$log" || { sxc_show_log "$log"; sx_fail "connect did not wait"; }
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "no answer: SIGTERM exit $SXC_RC"; }
	f=$d/connect.1.env
	env_is "$f" CISCO_SPLIT_INC 1
	split_is "$f" 0 10.99.0.0 255.255.0.0 16
	env_absent "$f" CISCO_DEF_DOMAIN
	env_absent "$f" CISCO_SPLIT_DNS
	env_absent "$f" INTERNAL_IP4_DNS
	sxc_check_clean "$SX_TMP/snapshot.before" "--script, no DHCP answer"
	tsrv_stop TERM 15
	echo "--script, no DHCP answer: connected in $SXC_CONNECT_MS ms (waits for the deadline)"
}

case_reconnect() {
	local log=$SX_TMP/c3.log d=$SX_TMP/c3 f
	sx_log "case 3: --reconnect: the new connection's connect run has the server's new set"
	tsrv_dhcp_first_set "$SX_TMP/dhcp.conf"
	tsrv_start "$SX_TMP/s3.log" --dhcp "$SX_TMP/dhcp.conf"
	start_client "$log" "$d" --dns-domain lab.test --reconnect
	second_set
	kill -HUP "$SXC_PID"
	sx_wait_for 30 "a second connection" sh -c "[ \$(grep -c 'connected in [0-9]* ms' '$log') -ge 2 ]" ||
		{ sxc_show_log "$log"; sx_fail "no second connection after SIGHUP"; }
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "reconnect: SIGTERM exit $SXC_RC"; }
	[[ $(tr '\n' ' ' <"$d/order") == "pre-init connect disconnect connect reconnect disconnect " ]] ||
		{ sxc_show_log "$log"; sx_fail "reconnect: reasons $(tr '\n' ' ' <"$d/order")"; }
	check_first_set "$d/connect.1.env"
	f=$d/connect.2.env
	env_is "$f" CISCO_SPLIT_INC 2
	split_is "$f" 0 10.99.0.0 255.255.0.0 16
	split_is "$f" 1 10.97.0.0 255.255.0.0 16
	env_is "$f" CISCO_DEF_DOMAIN "other.example"
	env_is "$f" CISCO_SPLIT_DNS "other.example,lab.test"
	env_absent "$f" INTERNAL_IP4_DNS
	sxc_check_clean "$SX_TMP/snapshot.before" "--script --reconnect with pushed routes"
	tsrv_stop TERM 15
}

main() {
	tsrv_setup
	CAPTURE=$SX_TMP/capture.sh
	make_capture "$CAPTURE"
	sx_snapshot client "$SX_TMP/snapshot.before"
	case_pushed
	case_no_answer
	case_reconnect
	tsrv_finish
	sx_log "PASS"
}

main "$@"
