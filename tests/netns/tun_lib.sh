# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Helpers for tests/netns/test_tun_*.sh on top of lib.sh: the client/gateway topology, the
# tun_driver program (tests/netns/tun_driver.c) started and stopped, and state assertions.
#
#   [client] c0 10.77.0.2/24 fd77::2/64 ---- g0 10.77.0.1/24 fd77::1/64 [gw]
#            default via 10.77.0.1 / fd77::1        lo: 203.0.113.5/32 2001:db8:5::5/128 (server)
#
# The client namespace has its own /etc/netns/<ns>/resolv.conf, which `ip netns exec` bind-mounts
# over /etc/resolv.conf in a private mount namespace: the driver writes the real path, never the
# host's file.

# shellcheck source=tests/netns/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TUN_SERVER4=203.0.113.5
TUN_SERVER6=2001:db8:5::5
TUN_WRAP=()	# a command prefix for the driver inside the namespace (e.g. unshare -m ...)
TUN_RESOLV_ORIG=$'# test resolver\nnameserver 198.51.100.53\nsearch example.test\noptions ndots:2'

tun_init() {
	sx_init
	sx_require_root
	sx_require_cmds ip sha256sum
	TUN_DRIVER=${SX_TUN_DRIVER:-${SX_BUILD_DIR:-}/tests/tun_driver}
	[[ -x $TUN_DRIVER ]] || sx_fail "tun_driver not built (SX_TUN_DRIVER=$TUN_DRIVER)"
	[[ -c /dev/net/tun ]] || sx_fail "no /dev/net/tun"
	TUN_STATE=$SX_TMP/state
	mkdir -p "$TUN_STATE"
	# Belt and braces: the host's resolv.conf must come out of the test as it went in.
	TUN_HOST_RESOLV=$(sha256sum /etc/resolv.conf 2>/dev/null || echo none)
	sx_cleanup_push tun_check_host_resolv
}

tun_check_host_resolv() {
	[[ $(sha256sum /etc/resolv.conf 2>/dev/null || echo none) == "$TUN_HOST_RESOLV" ]] ||
		echo "[${SX_TEST_NAME}] FAIL: the host's /etc/resolv.conf changed" >&2
}

tun_topology() {
	sx_netns_new client n_client
	sx_netns_new gw n_gw
	sx_netns_resolv client "$TUN_RESOLV_ORIG"
	[[ -f /etc/netns/$(sx_ns client)/resolv.conf ]] || sx_fail "no private resolv.conf"
	sx_veth client c0 10.77.0.2/24 gw g0 10.77.0.1/24
	n_client ip -6 addr add fd77::2/64 dev c0 nodad
	n_gw ip -6 addr add fd77::1/64 dev g0 nodad
	n_client ip route add default via 10.77.0.1
	n_client ip -6 route add default via fd77::1
	n_gw ip addr add "$TUN_SERVER4/32" dev lo
	n_gw ip -6 addr add "$TUN_SERVER6/128" dev lo
}

# Runs the driver in the client namespace and returns at once; its stdout/stderr go to files.
tun_driver_bg() { # NAME ARGS...
	local name=$1
	shift
	# Not through n_client: a function would run in a subshell, and $! must be the driver
	# (ip netns exec execs it in place).
	ip netns exec "$(sx_ns client)" "${TUN_WRAP[@]}" "$TUN_DRIVER" --state-dir "$TUN_STATE" \
		"$@" >"$SX_TMP/$name.out" 2>"$SX_TMP/$name.log" &
	TUN_PID=$!
	sx_cleanup_kill "$TUN_PID" KILL
	sx_wait_for 10 "$name ready" grep -q '^READY' "$SX_TMP/$name.out" || {
		cat "$SX_TMP/$name.log" >&2
		sx_fail "$name did not get ready"
	}
}

# Runs the driver to completion; fails the test when it fails.
tun_driver_run() { # NAME ARGS...
	local name=$1
	shift
	n_client "${TUN_WRAP[@]}" "$TUN_DRIVER" --state-dir "$TUN_STATE" "$@" \
		>"$SX_TMP/$name.out" 2>"$SX_TMP/$name.log" || {
		cat "$SX_TMP/$name.log" >&2
		sx_fail "$name failed"
	}
}

tun_driver_stop() { # SIGNAL
	kill -"$1" "$TUN_PID"
	wait "$TUN_PID" 2>/dev/null || [[ $1 == KILL ]] || {
		cat "$SX_TMP"/*.log >&2
		sx_fail "driver exited with an error after SIG$1"
	}
}

# Each argument is an extended regex that must match one line of the command's output.
tun_expect() { # DESC CMD... -- REGEX...
	local desc=$1 out re
	shift
	local cmd=()
	while [[ $1 != -- ]]; do cmd+=("$1"); shift; done
	shift
	out=$("${cmd[@]}")
	for re in "$@"; do
		grep -Eq -- "$re" <<<"$out" || {
			printf '%s\n' "$out" >&2
			sx_fail "$desc: no line matches /$re/"
		}
	done
}

tun_expect_not() { # DESC CMD... -- REGEX...
	local desc=$1 out re
	shift
	local cmd=()
	while [[ $1 != -- ]]; do cmd+=("$1"); shift; done
	shift
	out=$("${cmd[@]}")
	for re in "$@"; do
		! grep -Eq -- "$re" <<<"$out" || {
			printf '%s\n' "$out" >&2
			sx_fail "$desc: a line matches /$re/"
		}
	done
}

tun_expect_log() { # NAME REGEX
	grep -Eq -- "$2" "$SX_TMP/$1.log" || {
		cat "$SX_TMP/$1.log" >&2
		sx_fail "$1: log has no line matching /$2/"
	}
}
