#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A one-name DNS server over UDP for the namespace tests: answers A queries for NAME with ADDR,
# AAAA queries for NAME with no records (NOERROR), anything else with NXDOMAIN, and appends one
# line per query ("QNAME QTYPE") to LOG, so a test can show a resolver really asked it.
# Usage: dns_stub.py LISTEN_ADDR NAME ADDR LOG   (port 53; runs until killed)
import socket
import struct
import sys


def parse_question(msg):
    """Returns (labels, qtype, end offset) of the first question, or None when malformed."""
    off, labels = 12, []
    while off < len(msg):
        n = msg[off]
        off += 1
        if n == 0:
            if off + 4 > len(msg):
                return None
            qtype = struct.unpack('!H', msg[off:off + 2])[0]
            return labels, qtype, off + 4
        if n > 63 or off + n > len(msg):
            return None
        labels.append(msg[off:off + n].decode('ascii', 'replace').lower())
        off += n
    return None


def answer(msg, name, addr):
    if len(msg) < 12:
        return None
    txid, flags, qdcount = struct.unpack('!HHH', msg[:6])
    q = parse_question(msg) if qdcount == 1 else None
    if q is None:
        return struct.pack('!HHHHHH', txid, 0x8181, 0, 0, 0, 0)  # FORMERR
    labels, qtype, end = q
    question = msg[12:end]
    rd = flags & 0x0100
    if '.'.join(labels) != name:
        return struct.pack('!HHHHHH', txid, 0x8483 | rd, 1, 0, 0, 0) + question  # NXDOMAIN
    if qtype != 1:
        return struct.pack('!HHHHHH', txid, 0x8480 | rd, 1, 0, 0, 0) + question  # no data
    rr = struct.pack('!HHHIH', 0xc00c, 1, 1, 60, 4) + socket.inet_aton(addr)
    return struct.pack('!HHHHHH', txid, 0x8480 | rd, 1, 1, 0, 0) + question + rr


def main():
    listen, name, addr, log = sys.argv[1:5]
    name = name.lower().rstrip('.')
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((listen, 53))
    while True:
        msg, peer = sock.recvfrom(4096)
        q = parse_question(msg) if len(msg) >= 12 else None
        with open(log, 'a') as f:
            f.write('%s %s\n' % ('.'.join(q[0]), q[1]) if q else 'malformed\n')
        reply = answer(msg, name, addr)
        if reply:
            sock.sendto(reply, peer)


if __name__ == '__main__':
    main()
