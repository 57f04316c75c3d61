// SPDX-License-Identifier: MIT
/* NTLMv2 response arithmetic (MS-NLMP 3.3.2): NTOWFv2, the client blob, NTProofStr, LMv2, session key. */
#include "auth/auth.h"

#include <errno.h>
#include <string.h>

#include "auth/digest.h"

#define NTLM_NAME_MAX 256	/* UTF-16 units of the user or the domain */

int ntlm_ntowfv2(const char *password, size_t len, const char *user, const char *domain,
		 uint8_t key[static NTLM_KEY_LEN])
{
	uint8_t nt_hash[16], u16[512], d16[512];
	char upper[3 * NTLM_NAME_MAX];
	size_t ulen, dlen = 0, u16_len = 0, d16_len = 0;
	int ret = -EINVAL;

	if (!user || !domain)
		goto out;
	ulen = strlen(user);
	if (ulen > sizeof(upper)) {
		ret = -EMSGSIZE;
		goto out;
	}
	/* MS-NLMP 3.3.2: Uppercase(User) only; UserDom is not upper-cased. */
	for (size_t i = 0; i < ulen; i++)
		upper[i] = user[i] >= 'a' && user[i] <= 'z' ? (char)(user[i] - 'a' + 'A') : user[i];
	dlen = strlen(domain);
	ret = auth_utf16le(upper, ulen, u16, &u16_len);
	if (ret == 0)
		ret = auth_utf16le(domain, dlen, d16, &d16_len);
	if (ret == 0)
		ret = mschapv2_nt_hash(password, len, nt_hash);	/* NTOWFv1 = MD4(UNICODE(Passwd)) */
	if (ret < 0)
		goto out;
	const struct auth_part parts[] = { { u16, u16_len }, { d16, d16_len } };
	ret = auth_hmac_md5(nt_hash, sizeof(nt_hash), parts, 2, key);
out:
	explicit_bzero(nt_hash, sizeof(nt_hash));
	explicit_bzero(upper, sizeof(upper));
	explicit_bzero(u16, sizeof(u16));
	return ret;
}

int ntlm_v2_blob(uint8_t *out, size_t cap, uint64_t filetime,
		 const uint8_t client_challenge[static NTLM_CHALLENGE_LEN],
		 const uint8_t *target_info, size_t target_info_len)
{
	size_t need = NTLM_BLOB_FIXED + target_info_len;

	if (!out || (!target_info && target_info_len))
		return -EINVAL;
	if (target_info_len > 65535 || need > cap)
		return -EMSGSIZE;
	/* MS-NLMP 3.3.2: Responserversion, HiResponserversion, Z(6), Time, ClientChallenge, Z(4),
	 * ServerName (the AV pairs), Z(4). */
	memset(out, 0, need);
	out[0] = 1;
	out[1] = 1;
	for (int i = 0; i < 8; i++)
		out[8 + i] = (uint8_t)(filetime >> (8 * i));
	memcpy(out + 16, client_challenge, NTLM_CHALLENGE_LEN);
	if (target_info_len)
		memcpy(out + 28, target_info, target_info_len);
	return (int)need;
}

int ntlm_v2_proof(const uint8_t key[static NTLM_KEY_LEN],
		  const uint8_t server_challenge[static NTLM_CHALLENGE_LEN], const uint8_t *blob,
		  size_t blob_len, uint8_t proof[static 16])
{
	const struct auth_part parts[] = { { server_challenge, NTLM_CHALLENGE_LEN },
					   { blob, blob_len } };

	if (!blob)
		return -EINVAL;
	return auth_hmac_md5(key, NTLM_KEY_LEN, parts, 2, proof);
}

int ntlm_lmv2_response(const uint8_t key[static NTLM_KEY_LEN],
		       const uint8_t server_challenge[static NTLM_CHALLENGE_LEN],
		       const uint8_t client_challenge[static NTLM_CHALLENGE_LEN],
		       uint8_t out[static 24])
{
	const struct auth_part parts[] = { { server_challenge, NTLM_CHALLENGE_LEN },
					   { client_challenge, NTLM_CHALLENGE_LEN } };
	int ret = auth_hmac_md5(key, NTLM_KEY_LEN, parts, 2, out);

	if (ret == 0)
		memcpy(out + 16, client_challenge, NTLM_CHALLENGE_LEN);
	return ret;
}

int ntlm_session_base_key(const uint8_t key[static NTLM_KEY_LEN], const uint8_t proof[static 16],
			  uint8_t out[static 16])
{
	const struct auth_part parts[] = { { proof, 16 } };

	return auth_hmac_md5(key, NTLM_KEY_LEN, parts, 1, out);
}

int ntlm_utf16le(const char *s, uint8_t out[static 512], size_t *out_len)
{
	if (!s)
		return -EINVAL;
	return auth_utf16le(s, strlen(s), out, out_len);
}
