#!/bin/bash
# SPDX-License-Identifier: MIT
# The data path (tools/datapath) with TUN offloads on and off: sstpx against sstpx-testserver, TCP
# both ways and UDP both ways (plain datagrams and UDP_SEGMENT batches), over IPv4 and over IPv6
# (link-local through the tunnel), and every byte checked: TCP by the SHA-256 of what was sent and
# what arrived, UDP datagram by datagram (sequence number + pattern; none may arrive damaged, and
# most must arrive). Cases: offloads on both ends (the default), off both ends (--no-offload), and
# each end alone, so segmentation and coalescing meet a peer that does neither.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server]
#    sstpx -> SXC_IF 192.168.77.10, fe80::C    testserver --tun TSRV_TUN 192.168.77.1, fe80::S
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

XFER=$TSRV_HERE/xfer.py
TCP_BYTES=${SX_DATAPATH_BYTES:-6000000}
PORT=5400

ll_of() { # NS DEV: the interface's IPv6 link-local address
	ip -n "$1" -6 -o addr show dev "$2" scope link | awk '{sub("/.*", "", $4); print $4; exit}'
}

# TCP from namespace FROM to DST (listening on BIND in namespace TO); the hashes must agree. A
# link-local address names the interface of the side that uses it (%IF).
tcp_check() { # DESC FROM_NS TO_NS BIND DST
	local desc=$1 from=$2 to=$3 bind=$4 dst=$5 ready=$SX_TMP/ready.$PORT got sent rpid
	rm -f "$ready"
	ip netns exec "$to" python3 "$XFER" tcp-recv "$bind" $PORT "$ready" >"$SX_TMP/recv.out" 2>&1 &
	rpid=$!
	sx_wait_for 10 "receiver ready" test -s "$ready" || sx_fail "$desc: receiver did not start"
	sent=$(ip netns exec "$from" timeout "$(sx_secs 90)" python3 "$XFER" tcp-send "$dst" $PORT "$TCP_BYTES" "$PORT") ||
		sx_fail "$desc: sending failed: $sent"
	wait "$rpid" || { cat "$SX_TMP/recv.out" >&2; sx_fail "$desc: receiver failed"; }
	got=$(cat "$SX_TMP/recv.out")
	[[ $got == "$sent" ]] || sx_fail "$desc: sent '$sent', received '$got'"
	echo "  $desc: $TCP_BYTES bytes intact"
	PORT=$((PORT + 1))
}

# COUNT datagrams of SIZE (GSO > 0: UDP_SEGMENT batches); all that arrive intact, most arrive.
udp_check() { # DESC FROM_NS TO_NS BIND DST COUNT SIZE GSO
	local desc=$1 from=$2 to=$3 bind=$4 dst=$5 count=$6 size=$7 gso=$8 ready=$SX_TMP/ready.$PORT
	local rpid good bad
	rm -f "$ready"
	# The receiver stops at the sender's end mark; 2 s of silence (times SX_WAIT_SCALE) only if
	# that was lost: a sender stalled on loaded cores is not cut short.
	ip netns exec "$to" python3 "$XFER" udp-recv "$bind" $PORT "$ready" "$(sx_secs 2)" >"$SX_TMP/urecv.out" 2>&1 &
	rpid=$!
	sx_wait_for 10 "receiver ready" test -s "$ready" || sx_fail "$desc: receiver did not start"
	ip netns exec "$from" python3 "$XFER" udp-send "$dst" $PORT "$count" "$size" "$gso" >/dev/null ||
		sx_fail "$desc: sending failed"
	wait "$rpid" || { cat "$SX_TMP/urecv.out" >&2; sx_fail "$desc: receiver failed"; }
	read -r good bad <"$SX_TMP/urecv.out"
	((bad == 0)) || sx_fail "$desc: $bad damaged datagrams ($good intact)"
	((good * 2 >= count)) || sx_fail "$desc: only $good of $count datagrams arrived"
	echo "  $desc: $good/$count datagrams of $size bytes intact"
	PORT=$((PORT + 1))
}

one_case() { # NAME CLIENT_OFFLOAD(on|off) SERVER_OFFLOAD(on|off)
	local name=$1 slog=$SX_TMP/server_$1.log clog=$SX_TMP/client_$1.log cargs=() sargs=() c6 s6
	[[ $2 == off ]] && cargs=(--no-offload)
	[[ $3 == off ]] && sargs=(--no-offload)
	sx_log "case $name: client offloads $2, server offloads $3"
	tsrv_start "$slog" --once "${sargs[@]}"
	sxc_start "$clog" "$SX_ADDR_SERVER" --user "$TSRV_USER" --password-file "$TSRV_PW" \
		--cafile "$TSRV_CA" -v "${cargs[@]}"
	sxc_wait_connected "$clog" 30
	tsrv_check_client_up
	grep -q "tun: offloads $([[ $2 == on ]] && echo on || echo off)" "$clog" ||
		{ sxc_show_log "$clog"; sx_fail "$name: the client did not log offloads $2"; }
	tsrv_expect_log "$slog" "offloads $3"
	sx_wait_for 10 "IPv6 link-local on both ends" \
		bash -c "[ -n \"\$(ip -n $SX_NS_CLIENT -6 -o addr show dev $SXC_IF scope link)\" ] &&
			 [ -n \"\$(ip -n $SX_NS_SERVER -6 -o addr show dev $TSRV_TUN scope link)\" ]" ||
		sx_fail "$name: no IPv6 link-local address on the tunnel"
	c6=$(ll_of "$SX_NS_CLIENT" "$SXC_IF")
	s6=$(ll_of "$SX_NS_SERVER" "$TSRV_TUN")
	local up=("$SX_NS_CLIENT" "$SX_NS_SERVER") down=("$SX_NS_SERVER" "$SX_NS_CLIENT")
	local up6=("${up[@]}" "$s6%$TSRV_TUN" "$s6%$SXC_IF") down6=("${down[@]}" "$c6%$SXC_IF" "$c6%$TSRV_TUN")
	tcp_check "$name IPv4 TCP up" "${up[@]}" "$TSRV_LOCAL" "$TSRV_LOCAL"
	tcp_check "$name IPv4 TCP down" "${down[@]}" "$TSRV_POOL" "$TSRV_POOL"
	tcp_check "$name IPv6 TCP up" "${up6[@]}"
	tcp_check "$name IPv6 TCP down" "${down6[@]}"
	udp_check "$name IPv4 UDP up" "${up[@]}" "$TSRV_LOCAL" "$TSRV_LOCAL" 400 1200 0
	udp_check "$name IPv4 UDP down, UDP_SEGMENT" "${down[@]}" "$TSRV_POOL" "$TSRV_POOL" 400 1200 20
	udp_check "$name IPv6 UDP up, UDP_SEGMENT" "${up6[@]}" 400 1000 16
	udp_check "$name IPv6 UDP down" "${down6[@]}" 400 333 0
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$clog"; sx_fail "$name: sstpx SIGTERM: exit $SXC_RC"; }
	sxc_check_clean "$SX_TMP/snapshot.before" "$name"
	tsrv_wait_exit 15
	tsrv_expect_exit 0 "$name"
}

main() {
	sx_require_cmds python3
	tsrv_setup
	sx_snapshot client "$SX_TMP/snapshot.before"
	one_case on on on
	one_case off off off
	one_case client-only on off
	one_case server-only off on
	tsrv_finish
	sx_log "PASS"
}

main "$@"
