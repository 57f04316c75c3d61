// SPDX-License-Identifier: MIT
/* Bytes as hexadecimal digits: HTTP Digest (lower case), MS-CHAPv2 "S=" and "C=" (upper case). */
#include "auth/auth.h"

void auth_hex(char *out, const uint8_t *in, size_t n, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0F];
	}
}
