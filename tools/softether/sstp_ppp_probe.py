# SPDX-License-Identifier: MIT
# Minimal SSTP + PPP client (PAP only) that proves a configured SoftEther peer end to end: login,
# IPCP address, ICMP echo to the SecureNAT host, and a UDP round trip to a host behind the server.
# Test tool only (no MS-CHAPv2, no retransmission); sstpx is the real client.
# Usage: sstp_ppp_probe.py HOST CAFILE NAME USER PASSWORD_FILE {ok|badpass} [UDP_HOST:PORT]
#   ok:      expect PAP success, an IPCP address, ICMP echo reply from 192.168.30.1 and, when given,
#            the UDP payload echoed back by UDP_HOST:PORT through SecureNAT
#   badpass: expect the login to be refused (no PAP Authenticate-Ack)
# References: MS-SSTP 2.2 (packets), RFC 1661 (LCP), RFC 1334 (PAP), RFC 1332 + 1877 (IPCP),
# RFC 791/792/768 (IPv4, ICMP, UDP).
import hashlib
import hmac
import socket
import ssl
import struct
import sys
import time

HTTP_REQUEST = (b"SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
                b"Host: sstp.test\r\nContent-Length: 18446744073709551615\r\n"
                b"SSTPCORRELATIONID: {0D1C2B3A-4F5E-4D6C-8B7A-9F8E7D6C5B4A}\r\n\r\n")
LCP, PAP, IPCP, IPV4 = 0xC021, 0xC023, 0x8021, 0x0021
SNAT_HOST = bytes([192, 168, 30, 1])


def log(msg):
    print("sstp_ppp_probe: " + msg, file=sys.stderr)


def fail(msg):
    log("FAIL: " + msg)
    sys.exit(1)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(src, dst, proto, payload, ident):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0, 64, proto, 0, src, dst)
    return hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:] + payload


class Tunnel:
    def __init__(self, tls, deadline):
        self.tls, self.deadline, self.buf = tls, deadline, b""

    def read_packet(self):
        """One SSTP packet (MS-SSTP 2.2.1: length is the low 12 bits), or None at EOF/deadline."""
        while True:
            if len(self.buf) >= 4:
                n = struct.unpack("!H", self.buf[2:4])[0] & 0x0FFF
                if n >= 4 and len(self.buf) >= n:
                    pkt, self.buf = self.buf[:n], self.buf[n:]
                    return pkt
            left = self.deadline - time.monotonic()
            if left <= 0:
                return None
            self.tls.settimeout(min(left, 1.0))
            try:
                chunk = self.tls.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                return None
            self.buf += chunk

    def send_ppp(self, proto, payload):
        frame = b"\xff\x03" + struct.pack("!H", proto) + payload
        self.tls.sendall(struct.pack("!BBH", 0x10, 0x00, 4 + len(frame)) + frame)

    def send_cp(self, proto, code, ident, data):
        self.send_ppp(proto, struct.pack("!BBH", code, ident, 4 + len(data)) + data)

    def send_ctl(self, body):
        self.tls.sendall(struct.pack("!BBH", 0x10, 0x01, 4 + len(body)) + body)


def options(data):
    out, i = [], 0
    while i + 2 <= len(data) and data[i + 1] >= 2:
        out.append((data[i], data[i + 2:i + data[i + 1]]))
        i += data[i + 1]
    return out


def opt(t, v):
    return bytes([t, 2 + len(v)]) + v


def call_connected(nonce, cert_der):
    """MS-SSTP 2.2.11 with SHA256; for PAP the HLAK is 32 zero bytes (MS-SSTP 3.2.5.2)."""
    cmk = hmac.new(bytes(32), b"SSTP inner method derived CMK" + struct.pack("<H", 32) + b"\x01",
                   hashlib.sha256).digest()
    body = (struct.pack("!HH", 4, 1) + struct.pack("!BBH", 0, 3, 104) + b"\0\0\0\x02" + nonce +
            hashlib.sha256(cert_der).digest())
    msg = struct.pack("!BBH", 0x10, 0x01, 112) + body + bytes(32)
    return body + hmac.new(cmk, msg, hashlib.sha256).digest()


def main():
    if len(sys.argv) < 7 or sys.argv[6] not in ("ok", "badpass"):
        fail("usage: sstp_ppp_probe.py HOST CAFILE NAME USER PASSWORD_FILE {ok|badpass} [UDP_HOST:PORT]")
    host, cafile, name, user, pwfile, mode = sys.argv[1:7]
    udp = sys.argv[7].rsplit(":", 1) if len(sys.argv) > 7 else None
    password = open(pwfile, encoding="utf-8").readline().strip()
    ctx = ssl.create_default_context(cafile=cafile)
    tls = ctx.wrap_socket(socket.create_connection((host, 443), timeout=10), server_hostname=name)
    t = Tunnel(tls, time.monotonic() + 25)
    tls.sendall(HTTP_REQUEST)
    while b"\r\n\r\n" not in t.buf:
        chunk = tls.recv(4096)
        if not chunk:
            fail("closed before the HTTP reply")
        t.buf += chunk
    head, t.buf = t.buf.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 200"):
        fail(f"HTTP reply {head[:40]!r}")
    t.send_ctl(bytes.fromhex("0001000100010006" "0001"))  # Call Connect Request, PPP
    ack = t.read_packet()
    if not ack or ack[4:6] != b"\x00\x02":
        fail(f"no Connect Ack ({ack and ack.hex()})")
    nonce, cert = ack[16:48], tls.getpeercert(binary_form=True)
    # The server waits for the client's first LCP frame (shared/softether.md).
    t.send_cp(LCP, 1, 1, b"")
    state = {"our_lcp": False, "their_lcp": False, "auth": None, "ip": None, "their_ipcp": False,
             "ping": False, "udp": udp is None, "ipcp_sent": False}
    ipcp_req = opt(3, bytes(4)) + opt(129, bytes(4))
    udp_payload = b"sstpx-softether-udp-probe"
    while True:
        pkt = t.read_packet()
        if pkt is None:
            break
        if pkt[1] & 1:  # control
            mtype = struct.unpack("!H", pkt[4:6])[0]
            if mtype == 8:  # Echo Request -> Echo Response
                t.send_ctl(struct.pack("!HH", 9, 0))
            elif mtype in (5, 6):  # Call Abort / Call Disconnect
                log(f"server sent SSTP message type {mtype}")
                break
            continue
        frame = pkt[4:]
        if frame[:2] == b"\xff\x03":
            frame = frame[2:]
        proto, data = struct.unpack("!H", frame[:2])[0], frame[2:]
        if proto in (LCP, IPCP, PAP):
            code, ident, length = struct.unpack("!BBH", data[:4])
            body = data[4:length]
        if proto == LCP:
            if code == 1:  # Configure-Request: steer authentication to PAP (Nak), else Ack
                auth = [v for k, v in options(body) if k == 3]
                log(f"LCP Configure-Request options {[(k, v.hex()) for k, v in options(body)]}")
                if auth and auth[0][:2] != b"\xc0\x23":
                    t.send_cp(LCP, 3, ident, opt(3, b"\xc0\x23"))
                else:
                    t.send_cp(LCP, 2, ident, body)
                    state["their_lcp"] = True
            elif code == 2:
                state["our_lcp"] = True
            elif code == 9:  # Echo-Request -> Echo-Reply with magic 0
                t.send_cp(LCP, 10, ident, b"\0\0\0\0" + body[4:])
            elif code == 5:
                log("server sent LCP Terminate-Request")
                t.send_cp(LCP, 6, ident, b"")
                break
            if state["our_lcp"] and state["their_lcp"] and state["auth"] is None:
                state["auth"] = "sent"
                u, p = user.encode(), password.encode()
                t.send_cp(PAP, 1, 1, bytes([len(u)]) + u + bytes([len(p)]) + p)
        elif proto == PAP:
            if code == 2:
                state["auth"] = "ok"
                log("PAP Authenticate-Ack")
                if mode == "badpass":
                    fail("the server accepted a wrong password")
                t.send_ctl(call_connected(nonce, cert))
                t.send_cp(IPCP, 1, 1, ipcp_req)
            else:
                log(f"PAP code {code}")
                break
        elif proto == IPCP:
            if code == 1:
                t.send_cp(IPCP, 2, ident, body)
                state["their_ipcp"] = True
            elif code == 3:  # Nak: take the suggested values
                sugg = dict(options(body))
                ipcp_req = b"".join(opt(k, sugg.get(k, v)) for k, v in options(ipcp_req))
                t.send_cp(IPCP, 1, ident + 1, ipcp_req)
            elif code == 4:  # Reject: drop those options
                rej = {k for k, _ in options(body)}
                ipcp_req = b"".join(opt(k, v) for k, v in options(ipcp_req) if k not in rej)
                t.send_cp(IPCP, 1, ident + 1, ipcp_req)
            elif code == 2:
                state["ip"] = dict(options(body)).get(3)
            if state["ip"] and state["their_ipcp"] and not state["ipcp_sent"]:
                state["ipcp_sent"] = True
                log(f"IPCP up, address {socket.inet_ntoa(state['ip'])}")
                icmp = struct.pack("!BBHHH", 8, 0, 0, 0x5358, 1) + b"sstpx-probe"
                icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
                t.send_ppp(IPV4, ipv4(state["ip"], SNAT_HOST, 1, icmp, 1))
                if udp:
                    u = struct.pack("!HHHH", 40000, int(udp[1]), 8 + len(udp_payload), 0) + udp_payload
                    t.send_ppp(IPV4, ipv4(state["ip"], socket.inet_aton(udp[0]), 17, u, 2))
        elif proto == IPV4 and state["ip"]:
            if data[9] == 1 and data[12:16] == SNAT_HOST and data[20] == 0:
                state["ping"] = True
                log("ICMP echo reply from 192.168.30.1")
            if udp and data[9] == 17 and data[28:] == udp_payload:
                state["udp"] = True
                log(f"UDP echo from {udp[0]}:{udp[1]} through SecureNAT")
        elif proto not in (LCP, IPCP, PAP, IPV4):  # Protocol-Reject (RFC 1661 5.7)
            t.send_cp(LCP, 8, 0x50, frame[:2] + data)
        if state["ping"] and state["udp"]:
            break
    if mode == "badpass":
        if state["auth"] == "ok":
            fail("the server accepted a wrong password")
        if state["auth"] is None:
            fail("never got as far as authentication")
        log("wrong password refused, as expected")
        return
    if state["auth"] != "ok":
        fail(f"login failed (state {state['auth']})")
    if not state["ip"]:
        fail("no IPCP address")
    if not state["ping"]:
        fail("no ICMP echo reply from 192.168.30.1")
    if not state["udp"]:
        fail("no UDP echo through SecureNAT")
    log("PASS")


if __name__ == "__main__":
    main()
