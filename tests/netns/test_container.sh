#!/bin/bash
# SPDX-License-Identifier: MIT
# The FROM scratch image of tools/container: tools/container/build makes it offline from this
# build's sstpx-static (podman, private storage under the test's temp dir, nothing pulled), and
# `podman run` starts it in the client namespace with only --cap-add NET_ADMIN and --device
# /dev/net/tun (no --privileged); config, CA and password are read-only volumes. It connects to
# SoftEther, writes the server's DNS into the container's own resolv.conf, 5/5 pings cross the
# tunnel from the client namespace, and `podman stop` (SIGTERM to sstpx as PID 1) ends it with
# exit 0 and the namespace as it was. Case 2 mounts the namespace's /etc/netns/NS/resolv.conf as
# the container's /etc/resolv.conf: the DNS change is then the namespace's, and undone at exit.
# Run flags this VM needs (harmless elsewhere): --runtime runc, since crun refuses a hybrid cgroup
# layout whose cgroup2 hierarchy has a controller ("cgroups in hybrid mode not supported"); and
# explicit --ulimit values, since without CAP_SYS_RESOURCE the runtime cannot raise RLIMIT_NOFILE/
# RLIMIT_NPROC to podman's defaults. Skips (exit 77, CTest: skipped) only when the build recorded why
# sstpx-static is not built (sanitizer builds).
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    container: /sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1
set -euo pipefail
SX_TEST_NAME=test_container

# shellcheck source=tests/netns/static_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/static_lib.sh"
static_bin
export SXC_SSTPX
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

IMAGE=localhost/sstpx:test

pm() { "${PM[@]}" "$@"; }

# Podman with storage, state and events of its own under SX_TMP: nothing of the host's podman is
# used or left. Everything it made is removed before SX_TMP goes.
podman_setup() {
	local d=$SX_TMP/podman
	mkdir -p "$d"
	PM=(podman --root "$d/storage" --runroot "$d/run" --tmpdir "$d/tmp" --storage-driver vfs
		--cgroup-manager cgroupfs --events-backend none)
	sx_cleanup_push podman_teardown "$d"
}

podman_teardown() { # DIR
	pm rm -a -f -t 0 || true
	pm rmi -a -f || true
	# Whatever podman still has mounted below DIR (a container's /dev/shm), deepest first.
	findmnt -rn -o TARGET | grep "^$1/" | sort -r | xargs -r -n1 umount -l || true
}

container_logs() { pm logs "$CNAME" 2>&1; }

# Not "container_logs | grep -q": grep leaving at the first match kills podman with SIGPIPE, and
# pipefail makes that a miss.
logs_have() { # ERE
	grep -Eq -- "$1" <<<"$(container_logs)"
}

show_logs() {
	sx_log "---- container logs ($CNAME) ----"
	container_logs | sed 's/^/    /' >&2 || true
}

wait_connected() { # SECONDS
	local deadline=$((SECONDS + $(sx_secs "$1"))) state
	until logs_have 'connected in [0-9]+ ms'; do
		state=$(pm inspect --format '{{.State.Status}}' "$CNAME" 2>&1)
		if [[ $state != running ]]; then
			show_logs
			sx_fail "container $state (exit $(pm inspect --format '{{.State.ExitCode}}' "$CNAME")) before \"connected\""
		fi
		((SECONDS < deadline)) || { show_logs; sx_fail "not connected within $(sx_secs "$1") s"; }
		sleep 0.2
	done
	CONNECT_MS=$(container_logs | sed -n 's/.*connected in \([0-9]*\) ms.*/\1/p' | head -n1)
}

check_tunnel() {
	local addr routes
	addr=$(ip -n "$SX_NS_CLIENT" -4 -o addr show dev "$SXC_IF" 2>&1) ||
		{ show_logs; sx_fail "no interface $SXC_IF in the client namespace: $addr"; }
	[[ $addr =~ inet\ 192\.168\.30\.[0-9]+ ]] || sx_fail "$SXC_IF has no 192.168.30.x address: $addr"
	routes=$(ip -n "$SX_NS_CLIENT" -4 route show)
	grep -Eq "^0\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "no 0.0.0.0/1 via $SXC_IF: $routes"
	grep -Eq "^128\.0\.0\.0/1 dev $SXC_IF( |$)" <<<"$routes" || sx_fail "no 128.0.0.0/1 via $SXC_IF: $routes"
	grep -Eq "^${SX_ADDR_SERVER//./\\.} (via [0-9.]+ )?dev c0( |$)" <<<"$routes" ||
		sx_fail "no host route to the server $SX_ADDR_SERVER via c0: $routes"
}

# Detached, in the client namespace, with NET_ADMIN and the TUN device only; waits for "connected".
run_container() { # CFG_DIR [PODMAN_RUN_ARGS...]
	local cfg=$1
	shift
	pm run -d --name "$CNAME" --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 \
		--cap-add NET_ADMIN --device /dev/net/tun --network "ns:/run/netns/$SX_NS_CLIENT" \
		-v "$cfg/sstpx.conf:/etc/sstpx/sstpx.conf:ro" -v "$cfg/password:/etc/sstpx/password:ro" \
		-v "$cfg/ca.pem:/etc/sstpx/ca.pem:ro" "$@" \
		"$IMAGE" connect --config /etc/sstpx/sstpx.conf --ifname "$SXC_IF" >"$SX_TMP/run.out" 2>&1 ||
		{ cat "$SX_TMP/run.out" >&2; sx_fail "podman run failed"; }
	wait_connected 40
}

ping_through() {
	n_client ping -c 5 -i 0.2 -W 2 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; show_logs; sx_fail "ping 192.168.30.1 through the tunnel"; }
	grep -q '5 packets transmitted, 5 received' "$SX_TMP/ping.out" ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "not all 5 pings answered"; }
}

# podman stop = SIGTERM to sstpx (PID 1): exit 0, cleanup logged, the namespace as before.
stop_container() { # DESC
	local rc
	pm stop -t 10 "$CNAME" >/dev/null || { show_logs; sx_fail "$1"; }
	rc=$(pm inspect --format '{{.State.ExitCode}}' "$CNAME")
	((rc == 0)) || { show_logs; sx_fail "$1 (SIGTERM): exit $rc, expected 0"; }
	logs_have 'cleanup: interface removed' || { show_logs; sx_fail "$1: no cleanup message"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "$1"
}

main() {
	local cfg before resolv t0
	sx_require_cmds podman runc findmnt readelf
	sxc_setup
	podman_setup
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	t0=$SECONDS
	"$SX_SOURCE_DIR/tools/container/build" --binary "$SXC_SSTPX" --tag "$IMAGE" --engine "${PM[*]}" \
		>"$SX_TMP/build.log" 2>&1 || { cat "$SX_TMP/build.log" >&2; sx_fail "tools/container/build failed"; }
	echo "container image $IMAGE built in $((SECONDS - t0)) s: $(pm image inspect --format '{{.Size}}' "$IMAGE") bytes"
	[[ $(pm image inspect --format '{{.Os}}/{{.Architecture}} {{len .RootFS.Layers}}' "$IMAGE") == "linux/amd64 1" ]] ||
		sx_fail "image is not one layer: $(pm image inspect --format '{{.RootFS.Layers}}' "$IMAGE")"

	cfg=$SX_TMP/cfg
	mkdir -m 0700 "$cfg"
	install -m 0644 "$SX_SE_CA" "$cfg/ca.pem"
	install -m 0600 "$SXC_PW" "$cfg/password"
	(umask 077 && printf '%s\n' "server = $SX_ADDR_SERVER" "user = $SX_SE_USER" \
		"password-file = /etc/sstpx/password" "cafile = /etc/sstpx/ca.pem" >"$cfg/sstpx.conf")

	sx_log "case 1: podman run $IMAGE in $SX_NS_CLIENT, DNS in the container's own resolv.conf"
	CNAME=sxc1-$SX_RUN_ID
	run_container "$cfg"
	check_tunnel
	resolv=$(pm inspect --format '{{.ResolvConfPath}}' "$CNAME")
	grep -qx 'nameserver 192\.168\.30\.1' "$resolv" ||
		{ show_logs; sx_fail "the container's resolv.conf ($resolv) has no nameserver 192.168.30.1"; }
	ping_through
	echo "sstpx in the FROM scratch container: connected in $CONNECT_MS ms; 5/5 pings"
	container_logs | sed 's/^/    /'
	stop_container "podman stop"
	! grep -q 'nameserver 192\.168\.30\.1' "$resolv" ||
		sx_fail "the container's resolv.conf still has the tunnel's nameserver"
	pm rm "$CNAME" >/dev/null

	sx_log "case 2: the namespace's resolv.conf mounted as the container's /etc/resolv.conf"
	CNAME=sxc2-$SX_RUN_ID
	run_container "$cfg" -v "/etc/netns/$SX_NS_CLIENT/resolv.conf:/etc/resolv.conf"
	check_tunnel
	sxc_check_connected "$SX_TMP/none" # nameserver 192.168.30.1 in /etc/netns/NS/resolv.conf
	ping_through
	echo "sstpx in the container, DNS into the namespace's resolv.conf: connected in $CONNECT_MS ms; 5/5 pings"
	stop_container "podman stop (namespace resolv.conf)"
	pm rm "$CNAME" >/dev/null
	[[ -z $(ip netns pids "$SX_NS_CLIENT") ]] || sx_fail "processes left in $SX_NS_CLIENT"

	sxc_finish
	sx_log "PASS"
}

main "$@"
