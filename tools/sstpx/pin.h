// SPDX-License-Identifier: MIT
/* Server pins (--pin): what the user writes, parsed and formatted back (pin.c). */
#ifndef SSTPX_PIN_H
#define SSTPX_PIN_H

#include <stddef.h>
#include <stdint.h>

enum pin_kind {
	PIN_SPKI_SHA256,	/* sha256/BASE64 of the SubjectPublicKeyInfo (HPKP, OpenConnect) */
	PIN_CERT_SHA256,	/* 64 hex digits: SHA-256 of the whole certificate */
};

struct pin {
	enum pin_kind kind;
	uint8_t sha256[32];
};

/* sha256/BASE64 (or pin-sha256:BASE64) of a public key, or 64 hex digits (':' allowed) of a
 * certificate. 0 or -EINVAL. */
int pin_parse(const char *arg, struct pin *p);
/* Formats a pin as the user would write it (sha256/BASE64 or hex). */
void pin_format(enum pin_kind kind, const uint8_t sha256[static 32], char *out, size_t cap);

#endif
