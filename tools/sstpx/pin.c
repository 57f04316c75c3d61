// SPDX-License-Identifier: MIT
/* Server pins as the user writes them: sha256/BASE64 of the public key, or hex of the certificate. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pin.h"

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(char c)
{
	const char *p = c ? strchr(b64_alphabet, c) : NULL;

	return p ? (int)(p - b64_alphabet) : -1;
}

/* Decodes exactly 32 bytes from 44 characters of padded base64 (RFC 4648 4). */
static int b64_decode32(const char *s, uint8_t out[static 32])
{
	uint32_t acc = 0;
	size_t n = 0, bits = 0, i;

	if (strlen(s) != 44 || s[43] != '=' || s[42] == '=')
		return -EINVAL;
	for (i = 0; i < 43; i++) {
		int v = b64_value(s[i]);

		if (v < 0)
			return -EINVAL;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n < 32)
				out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return n == 32 ? 0 : -EINVAL;
}

static void b64_encode32(const uint8_t in[static 32], char out[static 45])
{
	size_t o = 0;

	for (size_t i = 0; i < 32; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < 32)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < 32)
			v |= in[i + 2];
		out[o++] = b64_alphabet[(v >> 18) & 63];
		out[o++] = b64_alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < 32 ? b64_alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < 32 ? b64_alphabet[v & 63] : '=';
	}
	out[o] = '\0';
}

/* 64 hex digits, optionally separated by ':' as `openssl x509 -fingerprint` prints them. */
static int hex_decode32(const char *s, uint8_t out[static 32])
{
	size_t n = 0;

	while (*s) {
		unsigned hi, lo;

		if (*s == ':') {
			s++;
			continue;
		}
		if (n == 32 || sscanf(s, "%1x%1x", &hi, &lo) != 2)
			return -EINVAL;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return n == 32 ? 0 : -EINVAL;
}

void pin_format(enum pin_kind kind, const uint8_t sha256[static 32], char *out, size_t cap)
{
	char b64[45];
	size_t o = 0;

	switch (kind) {
	case PIN_SPKI_SHA256:
		b64_encode32(sha256, b64);
		snprintf(out, cap, "sha256/%s", b64);
		return;
	case PIN_CERT_SHA256:
		for (size_t i = 0; i < 32 && o + 3 <= cap; i++, o += 2)
			snprintf(out + o, cap - o, "%02x", sha256[i]);
		return;
	}
}

int pin_parse(const char *arg, struct pin *p)
{
	if (!strncmp(arg, "pin-sha256:", 11)) {
		p->kind = PIN_SPKI_SHA256;
		return b64_decode32(arg + 11, p->sha256);
	}
	if (!strncmp(arg, "sha256/", 7)) {
		p->kind = PIN_SPKI_SHA256;
		return b64_decode32(arg + 7, p->sha256);
	}
	p->kind = PIN_CERT_SHA256;
	return hex_decode32(arg, p->sha256);
}
