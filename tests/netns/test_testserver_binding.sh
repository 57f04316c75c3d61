#!/bin/bash
# SPDX-License-Identifier: MIT
# sstpx-testserver is strict about the crypto binding, shown with a minimal scripted SSTP client
# (Python, PAP, so the HLAK is 32 zero bytes and the Compound MAC can be computed here, MS-SSTP
# 3.2.5.2): a correct Call Connected is "binding verified (sha256)" and, after IPCP and the
# client's Call Disconnect, --once exits 0; a wrong Compound MAC, a wrong certificate hash, a
# wrong nonce or SHA1 when only SHA256 was offered each give "binding FAILED: <why>", a Call
# Abort to the client, and --once exit 3.
#
#   [server] lo 127.0.0.1: sstpx-testserver --once --auth pap --no-ipv6 --hash sha256 <- client.py
set -euo pipefail
# shellcheck source=tests/netns/tsrv_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/tsrv_lib.sh"

write_client() { # FILE
	cat >"$1" <<'EOF'
import hashlib, hmac, os, socket, ssl, struct, sys
host, port, cafile, user, pw, mode = sys.argv[1:7]
ctx = ssl.create_default_context(cafile=cafile)
ctx.check_hostname = False
# Each read's bound catches a hang; stretched like the test's other waits (SX_WAIT_SCALE).
secs = 15 * int(os.environ.get("SX_WAIT_SCALE", "1"))
t = ctx.wrap_socket(socket.create_connection((host, int(port)), timeout=secs), server_hostname="sstp.test")
der = t.getpeercert(binary_form=True)
t.sendall(b"SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
          b"Host: sstp.test\r\nContent-Length: 18446744073709551615\r\n\r\n")
buf = b""
while b"\r\n\r\n" not in buf:
    buf += t.recv(4096)
head, buf = buf.split(b"\r\n\r\n", 1)
assert head.startswith(b"HTTP/1.1 200"), head

def packet():
    global buf
    while len(buf) < 4 or len(buf) < (struct.unpack(">H", buf[2:4])[0] & 0xfff):
        more = t.recv(4096)
        if not more:
            return None
        buf += more
    n = struct.unpack(">H", buf[2:4])[0] & 0xfff
    p, buf = buf[:n], buf[n:]
    return p

def data(proto, body):
    f = b"\xff\x03" + struct.pack(">H", proto) + body
    t.sendall(struct.pack(">BBH", 0x10, 0, 4 + len(f)) + f)

def cp(proto, code, ident, opts=b""):
    data(proto, struct.pack(">BBH", code, ident, 4 + len(opts)) + opts)

def call_connected(nonce):
    hash_proto, cert = 2, hashlib.sha256(der).digest()
    if mode == "bad-cert":
        cert = hashlib.sha256(der + b"x").digest()
    if mode == "bad-nonce":
        nonce = bytes([nonce[0] ^ 1]) + nonce[1:]
    if mode == "sha1":
        hash_proto, cert = 1, hashlib.sha1(der).digest() + bytes(12)
    msg = bytearray(struct.pack(">BBHHHBBH", 0x10, 1, 112, 4, 1, 0, 3, 104) + bytes(3) +
                    bytes([hash_proto]) + nonce + cert + bytes(32))
    h = hashlib.sha256 if hash_proto == 2 else hashlib.sha1
    out_len = 32 if hash_proto == 2 else 20
    cmk = hmac.new(bytes(32), b"SSTP inner method derived CMK" + struct.pack("<H", out_len) + b"\x01", h).digest()
    mac = hmac.new(cmk, bytes(msg), h).digest().ljust(32, b"\0")
    if mode == "bad-mac":
        mac = bytes([mac[0] ^ 0x80]) + mac[1:]
    msg[80:112] = mac
    t.sendall(bytes(msg))

t.sendall(bytes.fromhex("1001000e00010001000100060001"))
nonce, lcp_acked, lcp_sent, bound = None, False, False, False
while True:
    p = packet()
    if p is None:
        print("closed"); break
    if p[1] & 1:
        mtype = struct.unpack(">H", p[4:6])[0]
        if mtype == 2:
            nonce = p[16:48]
            cp(0xc021, 1, 1)
            lcp_sent = True
        elif mtype == 5:
            print("call abort"); break
        elif mtype == 7:
            print("disconnect ack"); break
        continue
    proto = struct.unpack(">H", p[6:8])[0]
    code, ident = p[8], p[9]
    body = p[12:]
    if proto == 0xc021 and code == 1:
        cp(0xc021, 2, ident, body)
    elif proto == 0xc021 and code == 2:
        lcp_acked = True
        u, w = user.encode(), pw.encode()
        data(0xc023, struct.pack(">BBH", 1, 1, 6 + len(u) + len(w)) + bytes([len(u)]) + u + bytes([len(w)]) + w)
    elif proto == 0xc023 and code == 2:
        call_connected(nonce)
        cp(0x8021, 1, 1, b"\x03\x06" + bytes(4))
    elif proto == 0xc023:
        print("pap refused"); break
    elif proto == 0x8021 and code == 1:
        cp(0x8021, 2, ident, body)
    elif proto == 0x8021 and code == 3:
        cp(0x8021, 1, ident + 1, body)
    elif proto == 0x8021 and code == 2:
        print("ipcp up")
        t.sendall(bytes.fromhex("1001000800060000"))
EOF
}

binding_case() { # MODE SERVER_RC SERVER_REGEX CLIENT_SAYS
	local slog=$SX_TMP/server_$1.log out=$SX_TMP/client_$1.out
	sx_log "case $1"
	tsrv_start "$slog" --once --auth pap --no-ipv6 --hash sha256 --listen 127.0.0.1:443
	sx_in server timeout "$(sx_secs 30)" python3 "$SX_TMP/client.py" 127.0.0.1 443 "$TSRV_CA" "$TSRV_USER" \
		"$(cat "$TSRV_PW")" "$1" >"$out" 2>&1 || { cat "$out" >&2; sx_fail "$1: the scripted client failed"; }
	grep -qx "$4" "$out" || { cat "$out" >&2; tsrv_show_log "$slog"; sx_fail "$1: the client did not see \"$4\""; }
	tsrv_wait_exit 15
	tsrv_expect_exit "$2" "$1"
	tsrv_expect_log "$slog" "$3"
	echo "testserver binding $1: \"$(grep -Eo 'binding (verified [(]|FAILED).*' "$slog" | head -n1)\", --once exit $2"
}

main() {
	tsrv_setup
	sx_require_cmds python3
	write_client "$SX_TMP/client.py"
	binding_case good 0 "binding verified \\(sha256\\)" "disconnect ack"
	binding_case bad-mac 3 "binding FAILED: MAC mismatch" "call abort"
	binding_case bad-cert 3 "binding FAILED: certificate hash mismatch" "call abort"
	binding_case bad-nonce 3 "binding FAILED: nonce mismatch" "call abort"
	binding_case sha1 3 "binding FAILED: hash not offered" "call abort"
	tsrv_finish
	sx_log "PASS"
}

main "$@"
