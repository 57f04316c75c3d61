// SPDX-License-Identifier: MIT
/* wolfCrypt MD4, MD5, SHA1, SHA-256 and HMAC-MD5 behind small functions, with every hash state zeroed afterwards. */
#include "auth/digest.h"

#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/md4.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/md5.h>
#include <wolfssl/wolfcrypt/sha.h>
#include <wolfssl/wolfcrypt/sha256.h>

int auth_md4(const uint8_t *in, size_t len, uint8_t out[static 16])
{
	Md4 md4;

	if (!in && len)
		return -EINVAL;
	if (len > UINT32_MAX)
		return -EMSGSIZE;
	wc_InitMd4(&md4);
	wc_Md4Update(&md4, in, (word32)len);
	wc_Md4Final(&md4, out);
	explicit_bzero(&md4, sizeof(md4));
	return 0;
}

int auth_sha1(const struct auth_part *parts, size_t n, uint8_t out[static AUTH_SHA1_LEN])
{
	wc_Sha sha;
	size_t i;
	int ret;

	if (wc_InitSha(&sha) != 0)
		return -EINVAL;
	ret = 0;
	for (i = 0; i < n; i++) {
		if ((!parts[i].data && parts[i].len) || parts[i].len > UINT32_MAX) {
			ret = -EINVAL;
			goto out;
		}
		if (wc_ShaUpdate(&sha, parts[i].data, (word32)parts[i].len) != 0) {
			ret = -EINVAL;
			goto out;
		}
	}
	if (wc_ShaFinal(&sha, out) != 0)
		ret = -EINVAL;
out:
	wc_ShaFree(&sha);
	explicit_bzero(&sha, sizeof(sha));
	return ret;
}

int auth_md5(const struct auth_part *parts, size_t n, uint8_t out[static 16])
{
	wc_Md5 md5;
	int ret = 0;

	if (wc_InitMd5(&md5) != 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if ((!parts[i].data && parts[i].len) || parts[i].len > UINT32_MAX ||
		    wc_Md5Update(&md5, parts[i].data, (word32)parts[i].len) != 0) {
			ret = -EINVAL;
			goto out;
		}
	}
	if (wc_Md5Final(&md5, out) != 0)
		ret = -EINVAL;
out:
	wc_Md5Free(&md5);
	explicit_bzero(&md5, sizeof(md5));
	return ret;
}

int auth_sha256(const struct auth_part *parts, size_t n, uint8_t out[static AUTH_SHA256_LEN])
{
	wc_Sha256 sha;
	int ret = 0;

	if (wc_InitSha256(&sha) != 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if ((!parts[i].data && parts[i].len) || parts[i].len > UINT32_MAX ||
		    wc_Sha256Update(&sha, parts[i].data, (word32)parts[i].len) != 0) {
			ret = -EINVAL;
			goto out;
		}
	}
	if (wc_Sha256Final(&sha, out) != 0)
		ret = -EINVAL;
out:
	wc_Sha256Free(&sha);
	explicit_bzero(&sha, sizeof(sha));
	return ret;
}

int auth_hmac_md5(const uint8_t *key, size_t key_len, const struct auth_part *parts, size_t n,
		  uint8_t out[static 16])
{
	Hmac hmac;
	int ret = 0;

	if (!key || key_len > UINT32_MAX || wc_HmacInit(&hmac, NULL, INVALID_DEVID) != 0)
		return -EINVAL;
	if (wc_HmacSetKey(&hmac, WC_MD5, key, (word32)key_len) != 0) {
		ret = -EINVAL;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if ((!parts[i].data && parts[i].len) || parts[i].len > UINT32_MAX ||
		    wc_HmacUpdate(&hmac, parts[i].data, (word32)parts[i].len) != 0) {
			ret = -EINVAL;
			goto out;
		}
	}
	if (wc_HmacFinal(&hmac, out) != 0)
		ret = -EINVAL;
out:
	wc_HmacFree(&hmac);
	explicit_bzero(&hmac, sizeof(hmac));
	return ret;
}
