// SPDX-License-Identifier: MIT
/* SSTP crypto binding (MS-SSTP 3.2.5.2): HLAK, Compound MAC Key, Compound MAC, certificate hash. */
#include "auth/auth.h"

#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/sha.h>
#include <wolfssl/wolfcrypt/sha256.h>

/* MS-SSTP 3.2.5.2: the seed of the CMK PRF (29 ASCII bytes, no NUL). */
static const char cbind_seed[] = "SSTP inner method derived CMK";

/* wolfCrypt hash type and output length of a hash-protocol value; -EINVAL for others. */
static int hash_params(enum cbind_hash hash, int *type, size_t *out_len)
{
	switch (hash) {
	case CBIND_SHA1:
		*type = WC_SHA;
		*out_len = WC_SHA_DIGEST_SIZE;
		return 0;
	case CBIND_SHA256:
		*type = WC_SHA256;
		*out_len = WC_SHA256_DIGEST_SIZE;
		return 0;
	}
	return -EINVAL;
}

/* HMAC-H(key, data) into out[0..H-len), the rest of the 32-byte field zeroed. */
static int hmac_field(int type, const uint8_t *key, size_t key_len, const uint8_t *data,
		      size_t len, uint8_t out[static CBIND_FIELD_LEN])
{
	uint8_t mac[WC_MAX_DIGEST_SIZE];
	Hmac hmac;
	int ret = 0, size;

	if (len > UINT32_MAX || (!data && len))
		return -EINVAL;
	if (wc_HmacInit(&hmac, NULL, INVALID_DEVID) != 0)
		return -EINVAL;
	if (wc_HmacSetKey(&hmac, type, key, (word32)key_len) != 0 ||
	    wc_HmacUpdate(&hmac, data, (word32)len) != 0 || wc_HmacFinal(&hmac, mac) != 0) {
		ret = -EINVAL;
		goto out;
	}
	size = wc_HmacSizeByType(type);
	if (size <= 0 || size > CBIND_FIELD_LEN) {
		ret = -EINVAL;
		goto out;
	}
	memset(out, 0, CBIND_FIELD_LEN);
	memcpy(out, mac, (size_t)size);
out:
	wc_HmacFree(&hmac);
	explicit_bzero(&hmac, sizeof(hmac));
	explicit_bzero(mac, sizeof(mac));
	return ret;
}

void cbind_hlak_mschapv2(const uint8_t send_key[static 16], const uint8_t recv_key[static 16],
			 uint8_t hlak[static CBIND_HLAK_LEN])
{
	/* MS-SSTP 3.2.5.2: HLAK = MasterSendKey | MasterReceiveKey, from the client's side. */
	memcpy(hlak, send_key, MPPE_KEY_LEN);
	memcpy(hlak + MPPE_KEY_LEN, recv_key, MPPE_KEY_LEN);
}

int cbind_cert_hash(enum cbind_hash hash, const uint8_t *der, size_t der_len,
		    uint8_t out[static CBIND_FIELD_LEN])
{
	int ret = -EINVAL;

	if ((!der && der_len) || der_len > UINT32_MAX)
		return -EINVAL;
	/* MS-SSTP 2.2.7: a SHA1 certificate hash is padded with zeros to 32 bytes. */
	memset(out, 0, CBIND_FIELD_LEN);
	switch (hash) {
	case CBIND_SHA1:
		ret = wc_ShaHash(der, (word32)der_len, out) == 0 ? 0 : -EINVAL;
		break;
	case CBIND_SHA256:
		ret = wc_Sha256Hash(der, (word32)der_len, out) == 0 ? 0 : -EINVAL;
		break;
	}
	return ret;
}

/*
 * MS-SSTP 3.2.5.2: CMK = HMAC-H(HLAK, seed | LE16(output length) | 0x01), the T1 of the PRF.
 * For SHA1 it is 20 bytes (zero-padded to 32 here).
 */
int cbind_cmk(enum cbind_hash hash, const uint8_t hlak[static CBIND_HLAK_LEN],
	      uint8_t cmk[static CBIND_FIELD_LEN])
{
	uint8_t data[sizeof(cbind_seed) - 1 + 3];
	size_t seed_len = sizeof(cbind_seed) - 1, out_len = 0;
	int type = 0, ret;

	ret = hash_params(hash, &type, &out_len);
	if (ret < 0)
		return ret;
	memcpy(data, cbind_seed, seed_len);
	data[seed_len] = (uint8_t)(out_len & 0xFF);
	data[seed_len + 1] = (uint8_t)(out_len >> 8);
	data[seed_len + 2] = 0x01;
	return hmac_field(type, hlak, CBIND_HLAK_LEN, data, sizeof(data), cmk);
}

/* MS-SSTP 3.2.5.2: Compound MAC = HMAC-H(CMK, Call Connected with the MAC field zeroed). */
int cbind_compound_mac(enum cbind_hash hash, const uint8_t cmk[static CBIND_FIELD_LEN],
		       const uint8_t *msg, size_t len, uint8_t mac[static CBIND_FIELD_LEN])
{
	size_t key_len = 0;
	int type = 0, ret;

	ret = hash_params(hash, &type, &key_len);
	if (ret < 0)
		return ret;
	/* The key is the CMK at its hash length: 20 bytes for SHA1, not the padded 32. */
	return hmac_field(type, cmk, key_len, msg, len, mac);
}
