// SPDX-License-Identifier: MIT
/* base64 (RFC 4648 4) for the Proxy-Authorization tokens (proxy_b64.c). */
#ifndef SX_SSTP_PROXY_B64_H
#define SX_SSTP_PROXY_B64_H

#include <stddef.h>
#include <stdint.h>

/* Encodes with padding and a NUL; the length, or -EMSGSIZE. */
int proxy_b64_encode(const uint8_t *in, size_t len, char *out, size_t cap);
/* Decodes (padding required, no blanks); the length, -EBADMSG or -EMSGSIZE. */
int proxy_b64_decode(const char *in, size_t len, uint8_t *out, size_t cap);

#endif
