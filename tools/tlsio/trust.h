// SPDX-License-Identifier: MIT
/*
 * What sstpx's outer TLS (tools/sstpx/tls.c) and the TLS inside EAP (eaptls.c) share about trusting
 * a peer certificate: pin hashes of a DER certificate and a verification error in words. Pure
 * functions over borrowed bytes; no logging.
 */
#ifndef SX_TLSIO_TRUST_H
#define SX_TLSIO_TRUST_H

#include <stddef.h>
#include <stdint.h>

enum tlsio_pin_kind {
	TLSIO_PIN_SPKI_SHA256,	/* SHA-256 of the SubjectPublicKeyInfo (sha256/BASE64) */
	TLSIO_PIN_CERT_SHA256,	/* SHA-256 of the whole certificate (64 hex digits) */
};

struct tlsio_pin {
	enum tlsio_pin_kind kind;
	uint8_t sha256[32];
};

/* The pin of kind for a DER certificate. 0, -EBADMSG (not a certificate) or -EINVAL. */
int tlsio_pin_hash(const uint8_t *der, size_t len, enum tlsio_pin_kind kind, uint8_t out[static 32]);
/* true when one of pins matches the DER certificate. */
int tlsio_pins_match(const uint8_t *der, size_t len, const struct tlsio_pin *pins, size_t n);
/* A wolfSSL verification error in words ("certificate has expired"), or NULL for others. */
const char *tlsio_verify_words(int err);

#endif
