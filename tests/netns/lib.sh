# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Shared helpers for tests/netns/test_*.sh: uniquely named network namespaces, exec helpers, veth
# pairs, a cleanup registry run from the EXIT trap, bounded polling, and state snapshots.
#
# Use (as root, bash, with set -euo pipefail):
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   sx_init                       # trap sx_cleanup_run EXIT (+INT/TERM), per-run id and temp dir
#   sx_require_cmds ip openssl    # fail clearly if a prerequisite is missing
#   sx_topology_std               # or sx_netns_new / sx_veth by hand
#
# Topology diagram convention: every test that builds namespaces starts with a comment block
# drawing them, namespaces in [brackets], interfaces with their addresses on the link between:
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
# Names are short logical names; the real namespace name is "$SX_RUN_ID-<name>" (sx_ns NAME).
#
# API (all functions return non-zero or call sx_fail on error):
#   sx_init                                  set up trap, SX_RUN_ID, SX_TMP (removed at exit)
#   sx_log MSG... / sx_fail MSG...           progress to stderr / print and exit 1
#   sx_require_root; sx_require_cmds CMD...
#   sx_cleanup_push CMD...                   register a command, run LIFO at exit (errors ignored)
#   sx_cleanup_run                           run the registry now (the EXIT trap calls it)
#   sx_cleanup_kill PID [SIG]                at exit, SIG (TERM) to PID if it is still the same
#                                            process (never to a reused pid: see sx_kill_same)
#   sx_kill_same SIG PID START               signal PID only while its start time is START
#   sx_pid_start PID                         print PID's start time (/proc/PID/stat field 22)
#   sx_pid_in_our_ns PID                     true if PID's network namespace is one of this run's
#   sx_ns NAME                               print the real namespace name
#   sx_netns_new NAME [FUNC]                 create namespace (lo up), remove at exit; FUNC runs
#                                            "FUNC cmd..." inside it (n0/n1 style)
#   sx_in NAME cmd...                        run cmd inside namespace NAME
#   sx_netns_resolv NAME TEXT                private /etc/netns/<ns>/resolv.conf (removed at exit)
#   sx_veth NS_A IF_A ADDR_A/LEN NS_B IF_B ADDR_B/LEN   veth pair, both ends up with addresses
#   sx_wait_for SECONDS DESC cmd...          poll cmd every 50 ms until it succeeds or time is up
#                                            (SECONDS times SX_WAIT_SCALE, see sx_secs)
#   sx_secs SECONDS                          print SECONDS * SX_WAIT_SCALE (an integer, default 1;
#                                            CTest sets it: tests run in parallel on few cores)
#   sx_wait_listen NAME PORT [tcp|udp] [S]   poll until something listens on PORT in NAME
#   sx_snapshot NAME FILE                    links, addresses, routes, rules, resolv.conf of NAME
#   sx_snapshot_compare FILE_A FILE_B [DESC] diff two snapshots; non-zero and a diff if they differ
#   sx_topology_std                          client/server/behind as drawn above; sets SX_NS_CLIENT,
#                                            SX_NS_SERVER, SX_NS_BEHIND, SX_ADDR_{SERVER,CLIENT,
#                                            BEHIND,BEHIND_GW} and exec helpers n_client n_server
#                                            n_behind
#   sx_our_namespaces                        list namespaces left by this run (for final checks)
#   sx_check_nothing_left                    after sx_cleanup_run: no process from SX_TMP, none
#                                            was still inside a namespace when it was removed
#                                            (those are killed then), no namespace left, no SX_TMP

SX_CLEANUP=()
SX_LEFTOVERS=()

sx_log() { printf '[%s] %s\n' "${SX_TEST_NAME:-netns}" "$*" >&2; }

sx_fail() {
	printf '[%s] FAIL: %s\n' "${SX_TEST_NAME:-netns}" "$*" >&2
	exit 1
}

sx_require_root() {
	[[ $(id -u) -eq 0 ]] || sx_fail "must run as root (network namespaces)"
}

sx_require_cmds() {
	local c missing=()
	for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
	((${#missing[@]} == 0)) || sx_fail "missing prerequisites: ${missing[*]} (tools/check installs them)"
}

# Register a cleanup command (an argument vector, quoted safely); run in reverse order at exit.
sx_cleanup_push() {
	SX_CLEANUP+=("$(printf '%q ' "$@")")
}

sx_cleanup_run() {
	local i
	for ((i = ${#SX_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${SX_CLEANUP[i]}" >/dev/null 2>&1 || true
	done
	SX_CLEANUP=()
}

# Parallel tests (CTest -j) share the machine, and pid_max is 32768 here: a number our process
# had may belong to another test's process moments after ours ended. A pid is ours only together
# with the start time it had (clock ticks since boot, /proc/PID/stat field 22).
sx_pid_start() { # PID
	local s
	{ read -r s <"/proc/$1/stat"; } 2>/dev/null || return 1
	s=${s##*) } # the command name may hold spaces and parentheses
	# shellcheck disable=SC2086 # split into the fields after the name (field 3 is $1)
	set -- $s
	printf '%s\n' "${20}"
}

sx_kill_same() { # SIG PID START
	[[ $(sx_pid_start "$2" 2>/dev/null) == "$3" ]] || return 0
	kill "-$1" "$2" 2>/dev/null || true
}

sx_cleanup_kill() { # PID [SIG]
	local start
	start=$(sx_pid_start "$1") || return 0 # gone already
	sx_cleanup_push sx_kill_same "${2:-TERM}" "$1" "$start"
}

# True when PID lives in one of this run's network namespaces (what a test started there).
sx_pid_in_our_ns() { # PID
	local ino ns
	ino=$(stat -L -c %i "/proc/$1/ns/net" 2>/dev/null) || return 1
	for ns in $(sx_our_namespaces); do
		[[ $(stat -L -c %i "/run/netns/$ns" 2>/dev/null) == "$ino" ]] && return 0
	done
	return 1
}

sx_on_exit() {
	local rc=$?
	sx_cleanup_run
	exit "$rc"
}

sx_init() {
	SX_TEST_NAME=${SX_TEST_NAME:-$(basename "$0" .sh)}
	# Short and unique per run: namespace and /etc/netns names stay readable.
	SX_RUN_ID=${SX_RUN_ID:-sx$$$(printf '%04x' "$RANDOM")}
	SX_TMP=$(mktemp -d "/tmp/$SX_RUN_ID.XXXXXX")
	sx_cleanup_push rm -rf "$SX_TMP"
	trap sx_on_exit EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

sx_ns() { printf '%s-%s' "$SX_RUN_ID" "$1"; }

sx_in() {
	local ns
	ns=$(sx_ns "$1")
	shift
	ip netns exec "$ns" "$@"
}

sx_netns_new() {
	local name=$1 func=${2:-} ns
	ns=$(sx_ns "$name")
	ip netns add "$ns" || sx_fail "ip netns add $ns"
	sx_cleanup_push sx__netns_remove "$ns"
	ip -n "$ns" link set lo up
	# No IPv6 duplicate address detection: link-local addresses are final at once, so snapshots
	# taken right after set-up are stable.
	if [[ -d /proc/sys/net/ipv6 ]]; then
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 >/dev/null || true
	fi
	if [[ -n $func ]]; then
		eval "$func() { ip netns exec $(printf '%q' "$ns") \"\$@\"; }"
	fi
}

# Processes still inside one of this run's namespaces when it is removed were started by this run
# and leaked: end them (TERM, then KILL), remember them for sx_check_nothing_left.
sx__netns_remove() { # NS
	local pids i
	pids=$(ip netns pids "$1" 2>/dev/null | tr '\n' ' ')
	if [[ -n ${pids// /} ]]; then
		SX_LEFTOVERS+=("$1: $pids")
		# shellcheck disable=SC2086
		kill -TERM $pids 2>/dev/null || true
		for ((i = 0; i < 40; i++)); do
			[[ -z $(ip netns pids "$1" 2>/dev/null) ]] && break
			sleep 0.05
		done
		pids=$(ip netns pids "$1" 2>/dev/null | tr '\n' ' ')
		# shellcheck disable=SC2086
		[[ -z ${pids// /} ]] || kill -KILL $pids 2>/dev/null || true
	fi
	ip netns delete "$1"
}

sx_netns_resolv() {
	local ns
	ns=$(sx_ns "$1")
	mkdir -p "/etc/netns/$ns"
	sx_cleanup_push rm -rf "/etc/netns/$ns"
	printf '%s\n' "$2" >"/etc/netns/$ns/resolv.conf"
}

# Create the pair directly inside the namespaces, so names never clash in the root namespace.
sx_veth() {
	local na nb
	na=$(sx_ns "$1")
	nb=$(sx_ns "$4")
	ip link add "$2" netns "$na" type veth peer name "$5" netns "$nb" ||
		sx_fail "veth $1/$2 - $4/$5"
	ip -n "$na" addr add "$3" dev "$2"
	ip -n "$nb" addr add "$6" dev "$5"
	ip -n "$na" link set "$2" up
	ip -n "$nb" link set "$5" up
	sx_wait_for 5 "$1/$2 up" sx__link_ready "$na" "$2" || sx_fail "$1/$2 has no carrier"
	sx_wait_for 5 "$4/$5 up" sx__link_ready "$nb" "$5" || sx_fail "$4/$5 has no carrier"
}

# Carrier, and the IPv6 link-local address when IPv6 is there.
sx__link_ready() { # NS IF
	ip -n "$1" -o link show dev "$2" | grep -q 'state UP' || return 1
	[[ ! -d /proc/sys/net/ipv6 ]] || ip -n "$1" -6 -o addr show dev "$2" scope link | grep -q inet6
}

# A bound on waiting for something that should happen: stretched when many tests share the CPUs,
# the bounds a test asserts too (a bound catches a hang, it does not measure speed; README.md).
sx_secs() { # SECONDS
	printf '%s\n' $(($1 * ${SX_WAIT_SCALE:-1}))
}

sx_wait_for() {
	local secs deadline desc=$2
	secs=$(sx_secs "$1")
	shift 2
	deadline=$((SECONDS + secs))
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || {
			sx_log "timed out after ${secs}s waiting for: $desc"
			return 1
		}
		sleep 0.05
	done
}

sx_wait_listen() { # NAME PORT [tcp|udp] [SECONDS]
	local ns flag=-ltnH
	ns=$(sx_ns "$1")
	[[ ${3:-tcp} == udp ]] && flag=-lunH
	sx_wait_for "${4:-10}" "${3:-tcp} port $2 listening in $1" \
		sh -c "ip netns exec '$ns' ss $flag 'sport = :$2' | grep -q ."
}

# Stable text of a namespace's network state: lifetimes and DAD flags are masked so only real
# changes show.
sx_snapshot() {
	local name=$1 out=$2
	{
		echo "## links"
		sx_in "$name" ip -o link show | sed -E 's/^[0-9]+: //; s/ qlen [0-9]+//'
		echo "## addresses"
		sx_in "$name" ip -o addr show |
			sed -E 's/^[0-9]+: //; s/\\ +valid_lft.*//; s/ (tentative|dadfailed|optimistic)//g'
		echo "## routes"
		sx_in "$name" ip -4 route show table all
		sx_in "$name" ip -6 route show table all | sed -E 's/ expires [0-9]+sec//'
		echo "## rules"
		sx_in "$name" ip -4 rule show
		sx_in "$name" ip -6 rule show
		echo "## resolv.conf"
		sx_in "$name" cat /etc/resolv.conf 2>/dev/null || echo "(none)"
	} >"$out"
}

sx_snapshot_compare() {
	local a=$1 b=$2 desc=${3:-snapshot}
	if ! diff -u "$a" "$b" >&2; then
		sx_log "$desc differs (diff above)"
		return 1
	fi
}

sx_topology_std() {
	SX_ADDR_SERVER=10.77.0.1
	SX_ADDR_CLIENT=10.77.0.2
	SX_ADDR_BEHIND_GW=10.77.1.1
	SX_ADDR_BEHIND=10.77.1.2
	sx_netns_new client n_client
	sx_netns_new server n_server
	sx_netns_new behind n_behind
	SX_NS_CLIENT=$(sx_ns client)
	SX_NS_SERVER=$(sx_ns server)
	SX_NS_BEHIND=$(sx_ns behind)
	sx_veth client c0 "$SX_ADDR_CLIENT/24" server s0 "$SX_ADDR_SERVER/24"
	sx_veth server s1 "$SX_ADDR_BEHIND_GW/24" behind b0 "$SX_ADDR_BEHIND/24"
	ip -n "$SX_NS_BEHIND" route add default via "$SX_ADDR_BEHIND_GW"
	ip netns exec "$SX_NS_SERVER" sysctl -qw net.ipv4.ip_forward=1
	export SX_NS_CLIENT SX_NS_SERVER SX_NS_BEHIND SX_ADDR_SERVER SX_ADDR_CLIENT SX_ADDR_BEHIND \
		SX_ADDR_BEHIND_GW
}

sx_our_namespaces() {
	ip netns list | awk '{print $1}' | grep -E "^${SX_RUN_ID}-" || true
}

# After sx_cleanup_run: no process runs a program from SX_TMP, no namespace of this run is left,
# SX_TMP is gone. Fails the test otherwise.
sx_check_nothing_left() {
	local p exe left=()
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		[[ $exe == "$SX_TMP"/* ]] && left+=("${p#/proc/} $exe")
	done
	((${#left[@]} == 0)) || sx_fail "processes left: ${left[*]}"
	((${#SX_LEFTOVERS[@]} == 0)) || sx_fail "processes were still running in: ${SX_LEFTOVERS[*]}"
	[[ -z $(sx_our_namespaces) ]] || sx_fail "namespaces left: $(sx_our_namespaces | tr '\n' ' ')"
	[[ ! -e $SX_TMP ]] || sx_fail "$SX_TMP left"
}
