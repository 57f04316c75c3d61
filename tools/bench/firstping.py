# SPDX-License-Identifier: MIT
# tools/bench's first-ping prober: one long-lived process, started in the client's namespace before
# the VPN client, sends an ICMP echo to ADDR every millisecond (send errors such as "network
# unreachable" before the tunnel exists are ignored) and prints the CLOCK_REALTIME time, in
# seconds, at which the first echo reply from ADDR arrived. It touches READY_FILE once its socket
# is open so the caller can take the launch time from the same clock right after. Needs root.
#
#   python3 firstping.py ADDR READY_FILE TIMEOUT_S   -> stdout "1733412345.123456"; exit 1 on timeout
import os
import select
import socket
import struct
import sys
import time


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def main():
    addr, ready, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    ident = os.getpid() & 0xFFFF
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    sock.setblocking(False)
    with open(ready, "w") as f:
        f.write("ready\n")
    deadline = time.monotonic() + timeout
    seq = 0
    next_send = 0.0
    while time.monotonic() < deadline:
        now = time.monotonic()
        if now >= next_send:
            seq = (seq + 1) & 0xFFFF
            hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"sstpx-bench"
            pkt = struct.pack("!BBHHH", 8, 0, checksum(hdr), ident, seq) + b"sstpx-bench"
            try:
                sock.sendto(pkt, (addr, 0))
            except OSError:
                pass
            next_send = now + 0.001
        r, _, _ = select.select([sock], [], [], max(0.0, next_send - time.monotonic()))
        while r:
            try:
                data, src = sock.recvfrom(2048)
            except BlockingIOError:
                break
            t = time.time()
            ihl = (data[0] & 0x0F) * 4
            if src[0] != addr or len(data) < ihl + 8:
                continue
            typ, _, _, rid, _ = struct.unpack("!BBHHH", data[ihl:ihl + 8])
            if typ == 0 and rid == ident:
                print("%.6f" % t, flush=True)
                return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
