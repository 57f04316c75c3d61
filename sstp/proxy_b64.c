// SPDX-License-Identifier: MIT
/* base64 (RFC 4648 4) with padding, for Basic credentials and NTLM tokens. */
#include <errno.h>
#include <string.h>

#include "sstp/proxy_b64.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int proxy_b64_encode(const uint8_t *in, size_t len, char *out, size_t cap)
{
	size_t o = 0;

	if ((len + 2) / 3 * 4 + 1 > cap)
		return -EMSGSIZE;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	return (int)o;
}

int proxy_b64_decode(const char *in, size_t len, uint8_t *out, size_t cap)
{
	size_t o = 0;

	if (len % 4)
		return -EBADMSG;
	for (size_t i = 0; i < len; i += 4) {
		uint32_t v = 0;
		int pad = 0;

		for (size_t k = 0; k < 4; k++) {
			const char *c = in[i + k] ? strchr(b64, in[i + k]) : NULL;

			if (in[i + k] == '=' && i + 4 == len && k >= 2 && (k == 3 || in[i + 3] == '=')) {
				pad++;
				v <<= 6;
				continue;
			}
			if (!c || pad)
				return -EBADMSG;
			v = (v << 6) | (uint32_t)(c - b64);
		}
		if (o + 3 - (size_t)pad > cap)
			return -EMSGSIZE;
		out[o++] = (uint8_t)(v >> 16);
		if (pad < 2)
			out[o++] = (uint8_t)(v >> 8);
		if (pad < 1)
			out[o++] = (uint8_t)v;
	}
	return (int)o;
}
