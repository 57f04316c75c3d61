#!/bin/bash
# SPDX-License-Identifier: MIT
# The real sstpx client against SoftEther: connects by IP address (verified by the certificate's IP
# SAN), gets 192.168.30.x, the default halves, a host route to the server and the namespace's
# resolv.conf, pings 192.168.30.1 through the tunnel, and SIGTERM exits 0 leaving the namespace as
# it was; then connects by name (sstp.test from the namespace's hosts file), moves bulk data both
# ways with iperf3 to the namespace behind the server (through SecureNAT), prints throughput,
# resident memory and time to connect, and SIGINT exits 0 with the same clean state.
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> sxXXXXXXXX 192.168.30.x   vpnserver + SecureNAT 192.168.30.1         iperf3 -s
set -euo pipefail
# shellcheck source=tests/netns/sstpx_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/sstpx_lib.sh"

IPERF_PORT=5201
MIN_BYTES=$((1024 * 1024))

start_iperf_server() {
	ip netns exec "$SX_NS_BEHIND" timeout "$(sx_secs 80)" iperf3 -s -p "$IPERF_PORT" >"$SX_TMP/iperf_server.log" 2>&1 &
	sx_cleanup_kill "$!"
	sx_wait_listen behind "$IPERF_PORT" tcp 5 || sx_fail "iperf3 server did not listen"
}

# iperf3 -J output -> "SENT_BYTES RECEIVED_BYTES RECEIVED_MBITS"
iperf_figures() { # JSON_FILE
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
if "error" in d:
    sys.exit("iperf3: " + d["error"])
e = d["end"]
print(e["sum_sent"]["bytes"], e["sum_received"]["bytes"],
      "%.1f" % (e["sum_received"]["bits_per_second"] / 1e6))
' "$1"
}

bulk() { # DESC IPERF_ARGS...
	local desc=$1 json=$SX_TMP/iperf.json figures sent recv mbits
	shift
	n_client timeout "$(sx_secs 30)" iperf3 -c "$SX_ADDR_BEHIND" -p "$IPERF_PORT" -t 5 -J "$@" >"$json" 2>&1 ||
		{ cat "$json" >&2; sx_fail "iperf3 $desc failed"; }
	figures=$(iperf_figures "$json") || { cat "$json" >&2; sx_fail "iperf3 $desc: no figures"; }
	read -r sent recv mbits <<<"$figures"
	echo "sstpx bulk $desc: sent $sent bytes, received $recv bytes, $mbits Mbit/s"
	((sent > MIN_BYTES && recv > MIN_BYTES)) ||
		sx_fail "iperf3 $desc moved too little: sent $sent, received $recv (floor $MIN_BYTES)"
}

main() {
	local log before
	sxc_setup
	start_iperf_server
	before=$SX_TMP/snapshot.before
	sx_snapshot client "$before"

	sx_log "case 1: connect to $SX_ADDR_SERVER (IP SAN), ping, SIGTERM"
	log=$SX_TMP/connect_ip.log
	sxc_start "$log" "$SX_ADDR_SERVER" --user "$SX_SE_USER" --password-file "$SXC_PW" --cafile "$SX_SE_CA"
	sxc_wait_connected "$log" 30
	sxc_check_connected "$log"
	n_client ping -c 5 -i 0.2 -W 2 192.168.30.1 >"$SX_TMP/ping.out" 2>&1 ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "ping 192.168.30.1 through the tunnel"; }
	grep -q '5 packets transmitted, 5 received' "$SX_TMP/ping.out" ||
		{ cat "$SX_TMP/ping.out" >&2; sx_fail "not all 5 pings answered"; }
	echo "sstpx connect by IP: connected in $SXC_CONNECT_MS ms; 5/5 pings answered"
	sxc_stop TERM 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGTERM: exit $SXC_RC, expected 0"; }
	grep -q 'cleanup: interface removed' "$log" || { sxc_show_log "$log"; sx_fail "no cleanup message"; }
	sxc_check_clean "$before" "SIGTERM"

	sx_log "case 2: connect to sstp.test (namespace hosts), iperf3 both ways, SIGINT"
	log=$SX_TMP/connect_name.log
	sxc_start "$log" sstp.test --user "$SX_SE_USER" --password-file "$SXC_PW" --cafile "$SX_SE_CA"
	sxc_wait_connected "$log" 30
	sxc_check_connected "$log"
	echo "sstpx connect by name: connected in $SXC_CONNECT_MS ms; VmRSS $(sxc_rss "$SXC_PID") while connected"
	bulk "client->behind"
	bulk "behind->client (-R)" -R
	echo "sstpx VmRSS after bulk transfer: $(sxc_rss "$SXC_PID")"
	sxc_stop INT 10
	((SXC_RC == 0)) || { sxc_show_log "$log"; sx_fail "SIGINT: exit $SXC_RC, expected 0"; }
	sxc_check_clean "$before" "SIGINT"

	sxc_finish
	sx_log "PASS"
}

main "$@"
