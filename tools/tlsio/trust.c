// SPDX-License-Identifier: MIT
/* Pins of a DER certificate and verification errors in words, for every TLS client of sstpx. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/hash.h>

#include <errno.h>
#include <string.h>

#include "trust.h"

/* Reads one DER tag-length header (X.690 8.1). 0 with *hdr and *clen, or -EBADMSG. */
static int der_tlv(const uint8_t *p, size_t len, size_t *hdr, size_t *clen)
{
	size_t n, l = 0;

	if (len < 2)
		return -EBADMSG;
	if (!(p[1] & 0x80)) {
		*hdr = 2;
		*clen = p[1];
	} else {
		n = p[1] & 0x7f;
		if (n < 1 || n > 3 || len < 2 + n)
			return -EBADMSG;
		for (size_t i = 0; i < n; i++)
			l = l << 8 | p[2 + i];
		*hdr = 2 + n;
		*clen = l;
	}
	return *hdr + *clen <= len ? 0 : -EBADMSG;
}

/* RFC 5280 4.1: the subjectPublicKeyInfo is the 6th (or 7th with a version) field of the TBS. */
static int der_spki(const uint8_t *der, size_t len, const uint8_t **spki, size_t *spki_len)
{
	size_t hdr, clen;
	int field = 0;

	if (der_tlv(der, len, &hdr, &clen))		/* Certificate */
		return -EBADMSG;
	der += hdr, len = clen;
	if (der_tlv(der, len, &hdr, &clen))		/* TBSCertificate */
		return -EBADMSG;
	der += hdr, len = clen;
	for (;;) {
		if (der_tlv(der, len, &hdr, &clen))
			return -EBADMSG;
		if (der[0] == 0xa0 && field == 0) {	/* [0] EXPLICIT version */
			der += hdr + clen, len -= hdr + clen;
			continue;
		}
		if (field == 5)
			break;
		der += hdr + clen, len -= hdr + clen;
		field++;
	}
	*spki = der;
	*spki_len = hdr + clen;
	return der[0] == 0x30 ? 0 : -EBADMSG;
}

int tlsio_pin_hash(const uint8_t *der, size_t len, enum tlsio_pin_kind kind, uint8_t out[static 32])
{
	const uint8_t *spki;
	size_t spki_len;

	switch (kind) {
	case TLSIO_PIN_CERT_SHA256:
		return wc_Sha256Hash(der, (word32)len, out) ? -EINVAL : 0;
	case TLSIO_PIN_SPKI_SHA256:
		if (der_spki(der, len, &spki, &spki_len))
			return -EBADMSG;
		return wc_Sha256Hash(spki, (word32)spki_len, out) ? -EINVAL : 0;
	}
	return -EINVAL;
}

int tlsio_pins_match(const uint8_t *der, size_t len, const struct tlsio_pin *pins, size_t n)
{
	uint8_t h[32];

	for (size_t i = 0; i < n; i++)
		if (!tlsio_pin_hash(der, len, pins[i].kind, h) && !memcmp(h, pins[i].sha256, 32))
			return 1;
	return 0;
}

const char *tlsio_verify_words(int err)
{
	switch (err) {
	case ASN_NO_SIGNER_E:
	case ASN_SELF_SIGNED_E:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return "certificate signed by an unknown CA (or self-signed)";
	case ASN_AFTER_DATE_E:
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return "certificate has expired";
	case ASN_BEFORE_DATE_E:
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return "certificate is not yet valid";
	case DOMAIN_NAME_MISMATCH:
	case IPADDR_MISMATCH:
		return "certificate does not name this server";
	case ASN_SIG_CONFIRM_E:
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		return "certificate signature does not verify";
	}
	return NULL;
}
