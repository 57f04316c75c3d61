// SPDX-License-Identifier: MIT
/* PEAPv0 crypto binding keys (MS-PEAP 3.1.5.5, 3.1.5.7) and the SSTP HLAK from an EAP MSK. */
#include "auth/auth.h"

#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/sha.h>

/* MS-PEAP 3.1.5.5.2.2: no NUL after this label ... */
static const char peap_imck_label[] = "Inner Methods Compound Keys";
/* ... and MS-PEAP 3.1.5.7: a NUL after this one (both confirmed by the MS-PEAP 4.4.1 example). */
static const char peap_csk_label[] = "Session Key Generating Function";

/* HMAC-SHA1(key, a | b | c) with b and c optional. */
static int hmac_sha1(const uint8_t *key, size_t key_len, const uint8_t *a, size_t a_len,
		     const uint8_t *b, size_t b_len, const uint8_t *c, size_t c_len,
		     uint8_t out[static PEAP_SHA1_LEN])
{
	Hmac hmac;
	int ret = 0;

	if (wc_HmacInit(&hmac, NULL, INVALID_DEVID) != 0)
		return -EINVAL;
	if (wc_HmacSetKey(&hmac, WC_SHA, key, (word32)key_len) != 0 ||
	    (a_len && wc_HmacUpdate(&hmac, a, (word32)a_len) != 0) ||
	    (b_len && wc_HmacUpdate(&hmac, b, (word32)b_len) != 0) ||
	    (c_len && wc_HmacUpdate(&hmac, c, (word32)c_len) != 0) ||
	    wc_HmacFinal(&hmac, out) != 0)
		ret = -EINVAL;
	wc_HmacFree(&hmac);
	explicit_bzero(&hmac, sizeof(hmac));
	return ret;
}

int peap_prf_plus(const uint8_t *key, size_t key_len, const uint8_t *seed, size_t seed_len,
		  uint8_t *out, size_t out_len)
{
	uint8_t t[PEAP_SHA1_LEN], tail[3] = { 0, 0, 0 };
	size_t done = 0, t_len = 0;
	int ret = 0;

	if (!key || !out || (!seed && seed_len) || key_len > 1024 || seed_len > 1024 ||
	    out_len > 255 * PEAP_SHA1_LEN)
		return -EINVAL;
	/* MS-PEAP 3.1.5.5.2.2 (PEAPv0): T(n) = HMAC-SHA1(K, T(n-1) | S | n | 0x00 | 0x00). */
	for (unsigned n = 1; done < out_len; n++) {
		size_t take = out_len - done < PEAP_SHA1_LEN ? out_len - done : PEAP_SHA1_LEN;

		tail[0] = (uint8_t)n;
		ret = hmac_sha1(key, key_len, t, t_len, seed, seed_len, tail, sizeof(tail), t);
		if (ret)
			break;
		t_len = PEAP_SHA1_LEN;
		memcpy(out + done, t, take);
		done += take;
	}
	explicit_bzero(t, sizeof(t));
	return ret;
}

int peap_compound_keys(const uint8_t tk[static PEAP_TK_LEN], const uint8_t isk[static PEAP_ISK_LEN],
		       uint8_t ipmk[static PEAP_IPMK_LEN], uint8_t cmk[static PEAP_CMK_LEN])
{
	uint8_t seed[sizeof(peap_imck_label) - 1 + PEAP_ISK_LEN], out[PEAP_IPMK_LEN + PEAP_CMK_LEN];
	int ret;

	memcpy(seed, peap_imck_label, sizeof(peap_imck_label) - 1);
	memcpy(seed + sizeof(peap_imck_label) - 1, isk, PEAP_ISK_LEN);
	ret = peap_prf_plus(tk, PEAP_TK_LEN, seed, sizeof(seed), out, sizeof(out));
	if (!ret) {
		memcpy(ipmk, out, PEAP_IPMK_LEN);
		memcpy(cmk, out + PEAP_IPMK_LEN, PEAP_CMK_LEN);
	}
	explicit_bzero(seed, sizeof(seed));
	explicit_bzero(out, sizeof(out));
	return ret;
}

int peap_binding_mac(const uint8_t cmk[static PEAP_CMK_LEN],
		     const uint8_t tlv[static PEAP_BINDING_TLV_LEN], uint8_t mac[static PEAP_SHA1_LEN])
{
	/* MS-PEAP 3.1.5.5.1: over the TLV with its MAC zeroed, then the EAP type (25); Microsoft
	 * clients send no Outer TLVs (MS-PEAP Appendix A <2>). */
	static const uint8_t peap_type = 25;
	uint8_t copy[PEAP_BINDING_TLV_LEN];
	int ret;

	memcpy(copy, tlv, sizeof(copy));
	memset(copy + PEAP_BINDING_TLV_LEN - PEAP_SHA1_LEN, 0, PEAP_SHA1_LEN);
	ret = hmac_sha1(cmk, PEAP_CMK_LEN, copy, sizeof(copy), &peap_type, 1, NULL, 0, mac);
	explicit_bzero(copy, sizeof(copy));
	return ret;
}

int peap_csk(const uint8_t ipmk[static PEAP_IPMK_LEN], uint8_t csk[static PEAP_CSK_LEN])
{
	return peap_prf_plus(ipmk, PEAP_IPMK_LEN, (const uint8_t *)peap_csk_label,
			     sizeof(peap_csk_label), csk, PEAP_CSK_LEN);
}

void cbind_hlak_msk(const uint8_t *msk, size_t len, uint8_t hlak[static CBIND_HLAK_LEN])
{
	/* MS-SSTP 3.2.5.2.4: the first 32 octets of the MSK, zero-padded when shorter. */
	memset(hlak, 0, CBIND_HLAK_LEN);
	if (msk)
		memcpy(hlak, msk, len < CBIND_HLAK_LEN ? len : CBIND_HLAK_LEN);
}
