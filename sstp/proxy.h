// SPDX-License-Identifier: MIT
/*
 * I/O-free proxy handshakes that open a TCP tunnel to the SSTP server: HTTP CONNECT (RFC 9110
 * 9.3.6) with Basic, Digest (RFC 7616) and NTLMv2 (MS-NLMP) proxy authentication, and SOCKS5
 * (RFC 1928) with username/password (RFC 1929). Part of the sstp library; tools/sstpx does the I/O.
 * Configuration strings are borrowed for the object's lifetime; input bytes are borrowed per call.
 * Nothing here logs, reads the clock or draws randomness itself (the config's sx_rand does).
 */
#ifndef SX_SSTP_PROXY_H
#define SX_SSTP_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sstp/proxy_auth.h"
#include "sstp/proxy_b64.h"
#include "sstp/proxy_types.h"
#include "sstp/socks5.h"

/* 0, or -EINVAL for a missing host, port 0 or a host with control characters. */
int proxy_http_init(struct proxy_http *p, const struct proxy_http_cfg *cfg);

/*
 * Writes the next CONNECT request (the first one, or the retry after PROXY_OUT_RETRY) and resets
 * the reply parser. Returns its length, -EMSGSIZE when cap is too small, or auth/'s error.
 */
int proxy_http_request(struct proxy_http *p, char *buf, size_t cap);

/*
 * Feeds reply bytes (split anywhere). -EAGAIN: all consumed, more needed. 0: p->outcome is set and
 * *consumed counts the bytes used; after PROXY_OUT_OPEN the rest is the tunnel's. -EBADMSG for a
 * malformed reply, -EMSGSIZE past PROXY_LINE_MAX, PROXY_HEAD_MAX or PROXY_BODY_MAX.
 */
int proxy_http_input(struct proxy_http *p, const uint8_t *data, size_t len, size_t *consumed);

/* The proxy closed the connection: 0 when that ends a close-delimited body, else -ECONNRESET. */
int proxy_http_eof(struct proxy_http *p);

#endif
