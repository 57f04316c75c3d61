#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checked transfers for test_sstpx_datapath.sh: bytes that must arrive intact through the tunnel.

  xfer.py tcp-recv ADDR PORT READY_FILE      accept one connection, print "BYTES SHA256" of all read
  xfer.py tcp-send ADDR PORT BYTES SEED      send BYTES pseudo-random bytes, print "BYTES SHA256"
  xfer.py udp-recv ADDR PORT READY_FILE SECS  print "GOOD BAD" datagrams until the sender's end mark,
                                              or SECS of silence after the first (the mark was lost)
  xfer.py udp-send ADDR PORT COUNT SIZE GSO   COUNT datagrams of SIZE bytes; GSO > 0: sent in
                                              batches of GSO with UDP_SEGMENT (one send, many
                                              datagrams); then the end mark, three times
ADDR may be an IPv6 link-local address with %IFNAME. Each datagram carries its sequence number and
a pattern derived from it, so a corrupted, truncated or merged datagram counts as BAD.
"""
import hashlib
import random
import socket
import struct
import sys

UDP_SEGMENT = 103  # linux/udp.h
END_MARK = b"xfer-end"  # shorter than a datagram's header: never counted


def addr(host, port, kind):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    info = socket.getaddrinfo(host, port, fam, kind)[0]
    return fam, info[4]


def tcp_recv(host, port, ready):
    fam, sa = addr(host, int(port), socket.SOCK_STREAM)
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(sa)
    s.listen(1)
    s.settimeout(60)
    open(ready, "w").write("ready\n")
    c, _ = s.accept()
    c.settimeout(60)
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b)
        n += len(b)
    print(n, h.hexdigest())


def tcp_send(host, port, nbytes, seed):
    fam, sa = addr(host, int(port), socket.SOCK_STREAM)
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(60)
    s.connect(sa)
    data = random.Random(int(seed)).randbytes(int(nbytes))
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    s.recv(1)
    s.close()
    print(len(data), hashlib.sha256(data).hexdigest())


def datagram(seq, size):
    body = bytes((seq * 131 + i * 7) & 255 for i in range(size - 8))
    return struct.pack(">II", seq, size) + body


def udp_recv(host, port, ready, secs):
    fam, sa = addr(host, int(port), socket.SOCK_DGRAM)
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind(sa)
    open(ready, "w").write("ready\n")
    s.settimeout(60.0)  # the first datagram: the sender may be slow to start on a loaded machine
    good = bad = 0
    while True:
        try:
            b = s.recv(1 << 16)
        except socket.timeout:
            break
        if b == END_MARK:
            break
        s.settimeout(float(secs))
        if len(b) >= 8:
            seq, size = struct.unpack(">II", b[:8])
            if size == len(b) and b == datagram(seq, size):
                good += 1
                continue
        bad += 1
    print(good, bad)


def udp_send(host, port, count, size, gso):
    fam, sa = addr(host, int(port), socket.SOCK_DGRAM)
    s = socket.socket(fam, socket.SOCK_DGRAM)
    count, size, gso = int(count), int(size), int(gso)
    if gso:
        s.setsockopt(socket.IPPROTO_UDP, UDP_SEGMENT, size)
    step = gso if gso else 1
    for first in range(0, count, step):
        n = min(step, count - first)
        s.sendto(b"".join(datagram(first + k, size) for k in range(n)), sa)
    if gso:
        s.setsockopt(socket.IPPROTO_UDP, UDP_SEGMENT, 0)
    for _ in range(3):
        s.sendto(END_MARK, sa)
    print(count)


def main():
    cmds = {"tcp-recv": tcp_recv, "tcp-send": tcp_send, "udp-recv": udp_recv, "udp-send": udp_send}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
