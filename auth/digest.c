// SPDX-License-Identifier: MIT
/* wolfCrypt MD4 and SHA1 behind two small functions, with every hash state zeroed afterwards. */
#include "auth/digest.h"

#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/md4.h>
#include <wolfssl/wolfcrypt/sha.h>

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
