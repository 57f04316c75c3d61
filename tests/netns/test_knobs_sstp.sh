#!/bin/bash
# SPDX-License-Identifier: MIT
# Fault knobs of sstpx-testserver in the SSTP layer, against the real sstpx client once the call is
# connected: Call Abort, Call Disconnect, a server that goes silent, one that never answers Echo
# Request, and four malformed SSTP packets (truncated attribute, wrong version, a length below the
# header, a 4095-byte control packet); and the server's own Echo Requests answered. Each case asserts the exit code, the words of the failure
# message, no crash or sanitizer report and the client namespace exactly as before
# (knob_lib.sh). The table: NAME EXIT REGEX TIME-BOUND SERVER-ARGS [-- CLIENT-ARGS].
#
#   [client] c0 10.77.0.2/24 ---- s0 10.77.0.1/24 [server] s1 10.77.1.1/24 ---- b0 10.77.1.2/24 [behind]
#    sstpx -> SXC_IF 192.168.77.10   testserver --once --fault ... --tun TSRV_TUN 192.168.77.1
set -euo pipefail
# shellcheck source=tests/netns/knob_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/knob_lib.sh"

# The server's own hello (--hello 1000: an Echo Request after 1 s without traffic) is answered by
# the client and the session stays up (MS-SSTP 3.1.2.3 from the server's side).
server_echo() { # NAME LOG
	local slog=$SX_TMP/server_$1.log
	# A wait, not a fixed sleep: on a loaded machine the first idle second may start late.
	sx_wait_for 10 "the client's Echo Response" grep -q 'sstp-srv: rcvd Echo Response' "$slog" ||
		{ tsrv_show_log "$slog"; sx_fail "$1: the client did not answer the server's Echo Request (--hello 1000)"; }
}

main() {
	local silent='sstpx: warning: sstp: no packet for 10000 ms after Echo Request'
	local violation='sstpx: disconnected: protocol violation by peer'
	knob_setup
	knob_case abort-after=500 8 'sstpx: disconnected: server aborted the call' 20 --fault abort-after=500
	knob_case disconnect-after=500 8 'sstpx: disconnected: server disconnected' 20 \
		--fault disconnect-after=500
	# The client's dead-peer bound: an Echo Request after 10 s without any packet, down 10 s later.
	knob_case silent-after=500 8 "$silent && sstpx: disconnected: peer stopped answering" 40 \
		--fault silent-after=500
	# Any packet counts as an answer (SoftEther never answers Echo Request); without IPv6CP no
	# kernel IPv6 traffic comes from the server's TUN, so nothing at all arrives.
	# The client's path is silent-after's (no packet, Echo Request, down): the sanitizer build runs
	# it there only.
	knob_release_only "the client path of silent-after=500" \
		knob_case no-echo-reply 8 "$silent && sstpx: disconnected: peer stopped answering" 40 \
		--fault no-echo-reply --no-ipv6 -- --no-ipv6
	knob_case truncated 7 "sstpx: warning: sstp: rcvd bad packet \\(12 bytes\\): attribute length runs past the packet && $violation" 20 \
		--fault truncated
	# MS-SSTP 3.1.5.1: a packet that cannot be delineated ends the connection without a message.
	knob_case wrong-version 7 "sstpx: sstp: sstp\\.test: the server sent a packet no SSTP packet can be && $violation" 20 \
		--fault wrong-version
	knob_case wrong-length 7 "sstpx: sstp: sstp\\.test: the server sent a packet no SSTP packet can be && $violation" 20 \
		--fault wrong-length
	knob_case oversized 7 "sstpx: warning: sstp: rcvd bad packet \\(4095 bytes\\) && $violation" 20 --fault oversized
	KNOB_UP_CHECK=server_echo knob_case_up server-hello 'connected in [0-9]+ ms' 20 \
		--hello 1000 --no-ipv6 -v -- --no-ipv6
	knob_finish
}

main "$@"
