#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx-static in an empty root: a directory holding only the binary, /dev/net/tun,
# a config file, the CA certificate, a 0600 password file and an empty /run, entered with `unshare --mount` +
# chroot inside the client namespace. No libraries, no /etc, no /proc. It connects to SoftEther by
# IP address, writes the server's DNS to the root's /etc/resolv.conf (creating /etc), pings
# 192.168.30.1 through the tunnel, exits 0 on SIGTERM, and leaves the namespace as it was and the
# root as it was (an empty /run/sstpx at most: the journal, backups, socket and /etc go).
# Case 2 adds only /etc/hosts: it connects by name (the static getaddrinfo reads the root's
# /etc/hosts without any NSS module), writes the server's DNS to the root's /etc/resolv.conf and
# removes it at exit. Case 3 (sstpx-static is linked with musl, which has no NSS at all): the
# root's /etc/resolv.conf names a DNS server (dns_stub.py in the server namespace) that resolves
# the server's name, and /etc/passwd + /etc/group name the user of `setuid = nobody`: it resolves
# through that server, connects, drops to nobody, and restores the resolv.conf at exit.
# Skips (exit 77, CTest: skipped) only when the build recorded why sstpx-static is not built
# (sanitizer builds); a missing binary in any other build fails.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    chroot ROOT /sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
SX_TEST_NAME=test_static_root

# shellcheck source=tests/netns/static_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/static_lib.sh"
static_bin
export SXC_SSTPX
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

# The empty root: only what sstpx needs, owned by root, the secrets 0600.
make_root() { # DIR SERVER
	local root=$1
	mkdir -m 0755 "$root" "$root/dev" "$root/dev/net" "$root/run"
	mknod -m 0600 "$root/dev/net/tun" c 10 200
	# The wolfSSL source build seeds from getrandom(2) (WOLFSSL_GETRANDOM); Debian's library reads
	# /dev/urandom, without which wolfSSL_new fails. Every container runtime provides it.
	if ! grep -q '^SX_WOLFSSL_KIND:INTERNAL=source$' "$SX_BUILD_DIR/CMakeCache.txt"; then
		mknod -m 0666 "$root/dev/urandom" c 1 9
	fi
	install -m 0755 "$SXC_SSTPX" "$root/sstpx"
	install -m 0644 "$SX_SE_CA" "$root/ca.pem"
	install -m 0600 "$SXC_PW" "$root/password"
	(umask 077 && cat >"$root/sstpx.conf" <<-EOF
		# test_static_root: everything but the interface name comes from here
		server = $2
		user = $SX_SE_USER
		password-file = /password
		cafile = /ca.pem
	EOF
	)
	# If the test dies with sstpx still up, undo with the journal in the root's /run/sstpx.
	sx_cleanup_push ip netns exec "$SX_NS_CLIENT" chroot "$root" /sstpx cleanup "$SXC_IF"
}

# Every path in the root with its type, mode, owner and size (content changes show as size).
root_listing() { # DIR
	(cd "$1" && find . -printf '%y %m %u:%g %s %p\n' | sort -k6)
}

start_in_root() { # ROOT LOG
	ip netns exec "$SX_NS_CLIENT" unshare --mount --propagation private \
		chroot "$1" /sstpx connect --config /sstpx.conf --ifname "$SXC_IF" >"$2" 2>&1 </dev/null &
	SXC_PID=$! # ip netns exec, unshare and chroot each exec the next: this is sstpx
	sx_cleanup_push sxc_kill_if_ours "$SXC_PID"
}

ping_through() { # LOG
	n_client ping -c 5 -i 0.2 -W 2 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sxc_show_log "$1"; sx_fail "ping 192.168.30.1 through the tunnel"; }
	grep -q '5 packets transmitted, 5 received' "$SX_TMP/ping.out" ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "not all 5 pings answered"; }
}

# The interface, the default halves and the host route to the server, as sxc_check_connected
# checks them (that one also wants the namespace's resolv.conf, which the chroot cannot see).
check_tunnel() { # LOG
	local addr routes
	addr=$(ip -n "$SX_NS_CLIENT" -4 -o addr show dev "$SXC_IF" 2>&1) ||
		{ sxc_show_log "$1"; sx_fail "no interface $SXC_IF in the client namespace: $addr"; }
	[[ $addr =~ inet\ 192\.168\.30\.[0-9]+ ]] || sx_fail "$SXC_IF has no 192.168.30.x address: $addr"
	routes=$(ip -n "$SX_NS_CLIENT" -4 route show)
	grep -Eq "^0\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "no 0.0.0.0/1 via $SXC_IF: $routes"
	grep -Eq "^128\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "no 128.0.0.0/1 via $SXC_IF: $routes"
	grep -Eq "^${SX_ADDR_SERVER//./\\.} (via [0-9.]+ )?dev c0( |$)" <<<"$routes" ||
		sx_fail "no host route to the server $SX_ADDR_SERVER via c0: $routes"
}

# The server's DNS went to the root's /etc/resolv.conf (tun/dns.c creates /etc when it is missing
# and removes it again at exit; stop_and_check proves the removal).
check_root_dns() { # ROOT LOG
	grep -qx 'nameserver 192\.168\.30\.1' "$1/etc/resolv.conf" 2>/dev/null ||
		{ sxc_show_log "$2"; sx_fail "the root's /etc/resolv.conf has no nameserver 192.168.30.1"; }
}

stop_and_check() { # ROOT LOG BEFORE_LISTING DESC
	local root=$1 log=$2 after=$SX_TMP/root.after
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "$4: SIGTERM: exit $SXC_RC, expected 0"; }
	grep -q 'cleanup: interface removed' "$log" || { sxc_show_log "$log"; sx_fail "$4: no cleanup message"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "$4"
	# Allowed: the state directory sstpx creates (shared by instances, so never removed), empty.
	root_listing "$root" | grep -v '^d 7[0-7][0-7] root:root [0-9]* \./run/sstpx$' >"$after" || true
	if [[ -d $root/run/sstpx ]] && [[ -n $(ls -A "$root/run/sstpx") ]]; then
		ls -la "$root/run/sstpx" >&2
		sx_fail "$4: state left in the root's /run/sstpx"
	fi
	diff -u "$3" "$after" >&2 || sx_fail "$4: the root changed (diff above)"
	sx_log "$4: root unchanged$([[ -d $root/run/sstpx ]] && echo ' (an empty /run/sstpx)')"
}

main() {
	local root log before
	sx_require_cmds unshare chroot mknod readelf
	if readelf -lW "$SXC_SSTPX" | grep -q INTERP || readelf -dW "$SXC_SSTPX" | grep -q NEEDED; then
		sx_fail "$SXC_SSTPX is not statically linked"
	fi
	sxc_setup
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	sx_log "case 1: empty root, connect to $SX_ADDR_SERVER, ping, SIGTERM"
	root=$SX_TMP/root1
	make_root "$root" "$SX_ADDR_SERVER"
	root_listing "$root" >"$SX_TMP/root1.before"
	sed 's/^/    /' "$SX_TMP/root1.before" >&2
	log=$SX_TMP/root1.log
	start_in_root "$root" "$log"
	sxc_wait_connected "$log" 30
	check_tunnel "$log"
	check_root_dns "$root" "$log"
	ping_through "$log"
	echo "static sstpx in an empty root: connected in $SXC_CONNECT_MS ms; 5/5 pings; VmRSS $(sxc_rss "$SXC_PID")"
	stop_and_check "$root" "$log" "$SX_TMP/root1.before" "empty root"

	sx_log "case 2: root + /etc/hosts, connect to sstp.test, DNS in the root's resolv.conf"
	root=$SX_TMP/root2
	make_root "$root" sstp.test
	mkdir -m 0755 "$root/etc"
	printf '%s sstp.test\n' "$SX_ADDR_SERVER" >"$root/etc/hosts"
	root_listing "$root" >"$SX_TMP/root2.before"
	log=$SX_TMP/root2.log
	start_in_root "$root" "$log"
	sxc_wait_connected "$log" 30
	check_tunnel "$log"
	check_root_dns "$root" "$log"
	ping_through "$log"
	echo "static sstpx by name from the root's /etc/hosts: connected in $SXC_CONNECT_MS ms; 5/5 pings"
	stop_and_check "$root" "$log" "$SX_TMP/root2.before" "root with /etc/hosts"

	sx_log "case 3: root + /etc/resolv.conf + /etc/passwd, connect to sstp.test via DNS, setuid nobody"
	root=$SX_TMP/root3
	make_root "$root" sstp.test
	echo "setuid = nobody" >>"$root/sstpx.conf"
	mkdir -m 0755 "$root/etc"
	printf 'nameserver %s\n' "$SX_ADDR_SERVER" >"$root/etc/resolv.conf"
	printf 'root:x:0:0:root:/:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	chmod 0644 "$root/etc/resolv.conf" "$root/etc/passwd" "$root/etc/group"
	: >"$SX_TMP/dns.log"
	ip netns exec "$SX_NS_SERVER" python3 "$(dirname "${BASH_SOURCE[0]}")/dns_stub.py" \
		"$SX_ADDR_SERVER" sstp.test "$SX_ADDR_SERVER" "$SX_TMP/dns.log" 2>"$SX_TMP/dns.err" &
	sx_cleanup_kill $!
	sx_wait_for 10 "the DNS stub listening" sh -c \
		"ip netns exec '$SX_NS_SERVER' ss -Huln 'sport = :53' | grep -q ." ||
		{ cat "$SX_TMP/dns.err" >&2; sx_fail "dns_stub.py did not start"; }
	root_listing "$root" >"$SX_TMP/root3.before"
	log=$SX_TMP/root3.log
	start_in_root "$root" "$log"
	sxc_wait_connected "$log" 30
	grep -q '^sstp\.test 1$' "$SX_TMP/dns.log" ||
		{ cat "$SX_TMP/dns.log" >&2; sxc_show_log "$log"; sx_fail "sstpx never asked the root's nameserver for sstp.test"; }
	grep -q 'setuid: running as nobody (uid 65534)' "$log" || { sxc_show_log "$log"; sx_fail "no drop to nobody"; }
	[[ $(sed -n 's/^Uid:[[:space:]]*//p' "/proc/$SXC_PID/status" | tr -s '\t ' ' ') == "65534 65534 65534 65534" ]] ||
		{ grep Uid "/proc/$SXC_PID/status" >&2; sx_fail "sstpx does not run as uid 65534"; }
	check_tunnel "$log"
	check_root_dns "$root" "$log"
	ping_through "$log"
	echo "static sstpx by name through the root's resolv.conf, as nobody: connected in $SXC_CONNECT_MS ms; 5/5 pings"
	stop_and_check "$root" "$log" "$SX_TMP/root3.before" "root with resolv.conf and passwd"

	sxc_finish
	sx_log "PASS"
}

main "$@"
