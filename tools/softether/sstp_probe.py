# SPDX-License-Identifier: MIT
# SSTP handshake probe for the netns tests: TLS (verified), SSTP_DUPLEX_POST, Call Connect
# Request, and a check of the Connect Ack (MS-SSTP 2.2.9, 2.2.10; request per shared/sstp-facts.md).
# Usage: sstp_probe.py HOST CAFILE NAME {ack|silent} [SECONDS]
#   ack:    expect "HTTP/1.1 200", then a Connect Ack to the Call Connect Request
#   silent: expect no HTTP reply at all within SECONDS (the unpatched SoftEther 5.01 server)
import socket
import ssl
import sys
import time

REQUEST = (b"SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
           b"Host: sstp.test\r\n"
           b"Content-Length: 18446744073709551615\r\n"
           b"SSTPCORRELATIONID: {5B7C1E2A-3D4F-4A6B-8C9D-0E1F2A3B4C5D}\r\n\r\n")
# MS-SSTP 2.2.9: version 1.0, control, length 14, Call Connect Request, 1 attribute,
# Encapsulated Protocol Id (1), length 6, PPP (1).
CONNECT_REQUEST = bytes.fromhex("1001000E0001000100010006" "0001")


def fail(msg):
    print("sstp_probe: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def read_until(sock, pred, deadline):
    buf = b""
    while not pred(buf):
        left = deadline - time.monotonic()
        if left <= 0:
            return buf, False
        sock.settimeout(left)
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            return buf, False
        if not chunk:
            return buf, False
        buf += chunk
    return buf, True


def main():
    if len(sys.argv) < 5 or sys.argv[4] not in ("ack", "silent"):
        fail("usage: sstp_probe.py HOST CAFILE NAME {ack|silent} [SECONDS]")
    host, cafile, name, mode = sys.argv[1:5]
    secs = float(sys.argv[5]) if len(sys.argv) > 5 else 10.0
    ctx = ssl.create_default_context(cafile=cafile)  # verifies chain and NAME (DNS or IP SAN)
    raw = socket.create_connection((host, 443), timeout=secs)
    tls = ctx.wrap_socket(raw, server_hostname=name)
    print(f"sstp_probe: TLS {tls.version()} {tls.cipher()[0]}, certificate verified for {name}")
    tls.sendall(REQUEST)
    deadline = time.monotonic() + secs
    buf, done = read_until(tls, lambda b: b"\r\n\r\n" in b, deadline)
    if mode == "silent":
        if buf:
            fail(f"expected no reply, got {buf[:80]!r}")
        print(f"sstp_probe: no HTTP reply within {secs:g} s, as expected")
        return
    if not done:
        fail(f"no complete HTTP reply within {secs:g} s (got {buf[:80]!r})")
    head, rest = buf.split(b"\r\n\r\n", 1)
    status = head.split(b"\r\n", 1)[0]
    if not status.startswith(b"HTTP/1.1 200"):
        fail(f"HTTP status {status!r}")
    print(f"sstp_probe: {status.decode(errors='replace')}")
    tls.sendall(CONNECT_REQUEST)
    ack, done = read_until(tls, lambda b: len(b) >= 4 and len(b) >= (int.from_bytes(b[2:4], "big") & 0xFFF),
                           time.monotonic() + secs)
    ack = rest + ack
    if len(ack) < 48:
        fail(f"short Connect Ack: {ack.hex()}")
    # MS-SSTP 2.2.10: 0x30 bytes, type 2, one attribute: Crypto Binding Request (4), length 0x28.
    if ack[:6] != bytes.fromhex("100100300002") or ack[6:12] != bytes.fromhex("000100040028"):
        fail(f"not a Connect Ack: {ack[:48].hex()}")
    hashes = ack[15]
    if hashes & 0x03 == 0:
        fail(f"Connect Ack offers no known hash (bitmask {hashes:#x})")
    print(f"sstp_probe: Connect Ack, hash bitmask {hashes:#04x}, nonce {ack[16:48].hex()}")
    tls.close()


if __name__ == "__main__":
    main()
