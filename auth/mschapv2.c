// SPDX-License-Identifier: MIT
/* MS-CHAPv2 (RFC 2759): NT password hash, ChallengeHash, NT-Response and the authenticator response. */
#include "auth/auth.h"

#include <errno.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/des3.h>

#include "auth/digest.h"

/* RFC 2759 8.7: the two constants of GenerateAuthenticatorResponse (ASCII, no NUL). */
static const char auth_magic1[] = "Magic server to client signing constant";
static const char auth_magic2[] = "Pad to make it do more than one iteration";

#define MSCHAPV2_PASSWORD_MAX 256	/* RFC 2759 8.1: 0-to-256-unicode-char Password */
#define AUTH_DIGEST_HEX (2 * AUTH_SHA1_LEN)

const char *mschapv2_user_base(const char *user)
{
	const char *bs;

	if (!user)
		return NULL;
	/* RFC 2759 4: the Name excludes any "DOMAIN\" prefix in the challenge hash. */
	bs = strrchr(user, '\\');
	return bs ? bs + 1 : user;
}

/* Length of the UTF-8 sequence led by b (0: not a lead byte), and the bits it carries. */
static size_t utf8_lead(uint8_t b, uint32_t *cp)
{
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		*cp = b & 0x1Fu;
		return 2;
	}
	if (b >= 0xE0 && b <= 0xEF) {
		*cp = b & 0x0Fu;
		return 3;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		*cp = b & 0x07u;
		return 4;
	}
	return 0;
}

/*
 * Decodes one code point at s[*i] (RFC 3629): rejects stray continuation bytes, truncation,
 * overlong forms, UTF-16 surrogates and values above U+10FFFF.
 */
static int utf8_next(const uint8_t *s, size_t len, size_t *i, uint32_t *cp)
{
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n, k;
	uint32_t c;

	n = utf8_lead(s[*i], &c);
	if (n == 0 || n > len - *i)
		return -EBADMSG;
	for (k = 1; k < n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80)
			return -EBADMSG;
		c = (c << 6) | (s[*i + k] & 0x3Fu);
	}
	if (c < min_cp[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -EBADMSG;
	*i += n;
	*cp = c;
	return 0;
}

static void put_le16(uint8_t *p, uint32_t unit)
{
	p[0] = (uint8_t)(unit & 0xFF);
	p[1] = (uint8_t)(unit >> 8);
}

/*
 * UTF-8 to UTF-16LE, code points above U+FFFF as surrogate pairs. The RFC's 256-character limit
 * counts UTF-16 code units (a pair counts two), as Windows stores the password. Writes *out_len.
 */
static int utf8_to_utf16le(const char *in, size_t len, uint8_t out[static 2 * MSCHAPV2_PASSWORD_MAX],
			   size_t *out_len)
{
	const uint8_t *s = (const uint8_t *)in;
	size_t i = 0, o = 0;
	uint32_t cp = 0;
	int ret = 0;

	while (i < len) {
		ret = utf8_next(s, len, &i, &cp);
		if (ret < 0)
			goto out;
		if (o + (cp > 0xFFFF ? 4 : 2) > 2 * MSCHAPV2_PASSWORD_MAX) {
			ret = -EMSGSIZE;
			goto out;
		}
		if (cp > 0xFFFF) {
			cp -= 0x10000;
			put_le16(out + o, 0xD800 | (cp >> 10));
			put_le16(out + o + 2, 0xDC00 | (cp & 0x3FF));
			o += 4;
		} else {
			put_le16(out + o, cp);
			o += 2;
		}
	}
	*out_len = o;
out:
	cp = 0;
	return ret;
}

int auth_utf16le(const char *in, size_t len, uint8_t out[static 512], size_t *out_len)
{
	if (!in && len)
		return -EINVAL;
	if (len > 3 * MSCHAPV2_PASSWORD_MAX)
		return -EMSGSIZE;
	return utf8_to_utf16le(in, len, out, out_len);
}

/* RFC 2759 8.3 NtPasswordHash: MD4 of the UTF-16LE password. */
int mschapv2_nt_hash(const char *password, size_t len, uint8_t nt_hash[static 16])
{
	uint8_t uni[2 * MSCHAPV2_PASSWORD_MAX];
	size_t uni_len = 0;
	int ret;

	if (!password && len)
		return -EINVAL;
	/* UTF-8 needs at most 3 bytes per UTF-16 unit: anything longer is over the limit. */
	if (len > 3 * MSCHAPV2_PASSWORD_MAX)
		return -EMSGSIZE;
	ret = utf8_to_utf16le(password, len, uni, &uni_len);
	if (ret < 0)
		goto out;
	ret = auth_md4(uni, uni_len, nt_hash);
out:
	explicit_bzero(uni, sizeof(uni));
	return ret;
}

/* RFC 2759 8.2 ChallengeHash: first 8 bytes of SHA1(PeerChallenge | AuthenticatorChallenge | UserName). */
int mschapv2_challenge_hash(const uint8_t peer_challenge[static 16],
			    const uint8_t auth_challenge[static 16], const char *user,
			    uint8_t challenge_hash[static 8])
{
	uint8_t digest[AUTH_SHA1_LEN];
	int ret;

	if (!user)
		return -EINVAL;
	const struct auth_part parts[] = {
		{ peer_challenge, MSCHAPV2_CHALLENGE_LEN },
		{ auth_challenge, MSCHAPV2_CHALLENGE_LEN },
		{ user, strlen(user) },
	};
	ret = auth_sha1(parts, 3, digest);
	if (ret == 0)
		memcpy(challenge_hash, digest, 8);
	explicit_bzero(digest, sizeof(digest));
	return ret;
}

/* RFC 2759 8.6 DesEncrypt: spreads 56 key bits over 8 bytes (the low parity bit is ignored by DES). */
static void des_expand_key(const uint8_t in[static 7], uint8_t out[static 8])
{
	int i;

	out[0] = in[0];
	for (i = 1; i < 7; i++)
		out[i] = (uint8_t)((in[i - 1] << (8 - i)) | (in[i] >> i));
	out[7] = (uint8_t)(in[6] << 1);
	for (i = 0; i < 8; i++)
		out[i] &= 0xFE;
}

static int des_encrypt(const uint8_t clear[static 8], const uint8_t key7[static 7],
		       uint8_t cypher[static 8])
{
	static const uint8_t iv[8];
	uint8_t key[8];
	Des des;
	int ret = 0;

	des_expand_key(key7, key);
	if (wc_Des_SetKey(&des, key, iv, DES_ENCRYPTION) != 0 ||
	    wc_Des_EcbEncrypt(&des, cypher, clear, 8) != 0)
		ret = -EINVAL;
	explicit_bzero(key, sizeof(key));
	explicit_bzero(&des, sizeof(des));
	return ret;
}

/* RFC 2759 8.5 ChallengeResponse: the hash zero-padded to 21 bytes, three DES keys of 7 bytes. */
static int challenge_response(const uint8_t challenge[static 8], const uint8_t nt_hash[static 16],
			      uint8_t response[static 24])
{
	uint8_t z[21] = { 0 };
	int ret = 0, i;

	memcpy(z, nt_hash, 16);
	for (i = 0; i < 3 && ret == 0; i++)
		ret = des_encrypt(challenge, z + 7 * i, response + 8 * i);
	explicit_bzero(z, sizeof(z));
	return ret;
}

/* RFC 2759 8.1 GenerateNTResponse. */
int mschapv2_nt_response(const uint8_t auth_challenge[static 16],
			 const uint8_t peer_challenge[static 16], const char *user,
			 const uint8_t nt_hash[static 16], uint8_t nt_response[static 24])
{
	uint8_t challenge[8];
	int ret;

	ret = mschapv2_challenge_hash(peer_challenge, auth_challenge, user, challenge);
	if (ret == 0)
		ret = challenge_response(challenge, nt_hash, nt_response);
	explicit_bzero(challenge, sizeof(challenge));
	return ret;
}

/* RFC 2759 8.7 GenerateAuthenticatorResponse, the 20-byte digest before hex encoding. */
static int auth_digest(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
		       const uint8_t peer_challenge[static 16],
		       const uint8_t auth_challenge[static 16], const char *user,
		       uint8_t digest[static AUTH_SHA1_LEN])
{
	uint8_t hash_hash[16], challenge[8], inner[AUTH_SHA1_LEN];
	const struct auth_part first[] = {
		{ hash_hash, sizeof(hash_hash) },
		{ nt_response, MSCHAPV2_NT_RESPONSE_LEN },
		{ auth_magic1, sizeof(auth_magic1) - 1 },
	};
	const struct auth_part second[] = {
		{ inner, sizeof(inner) },
		{ challenge, sizeof(challenge) },
		{ auth_magic2, sizeof(auth_magic2) - 1 },
	};
	int ret;

	ret = auth_md4(nt_hash, 16, hash_hash);	/* RFC 2759 8.4 HashNtPasswordHash */
	if (ret < 0)
		goto out;
	ret = auth_sha1(first, 3, inner);
	if (ret < 0)
		goto out;
	ret = mschapv2_challenge_hash(peer_challenge, auth_challenge, user, challenge);
	if (ret < 0)
		goto out;
	ret = auth_sha1(second, 3, digest);
out:
	explicit_bzero(hash_hash, sizeof(hash_hash));
	explicit_bzero(challenge, sizeof(challenge));
	explicit_bzero(inner, sizeof(inner));
	return ret;
}

int mschapv2_auth_response(const uint8_t nt_hash[static 16],
			   const uint8_t nt_response[static 24],
			   const uint8_t peer_challenge[static 16],
			   const uint8_t auth_challenge[static 16], const char *user,
			   char out[static MSCHAPV2_AUTH_RESPONSE_LEN])
{
	uint8_t digest[AUTH_SHA1_LEN];
	int ret;

	ret = auth_digest(nt_hash, nt_response, peer_challenge, auth_challenge, user, digest);
	if (ret < 0)
		goto out;
	/* RFC 2759 8.7: "S=" then the digest as upper-case hexadecimal. */
	out[0] = 'S';
	out[1] = '=';
	auth_hex(out + 2, digest, AUTH_SHA1_LEN, true);
out:
	explicit_bzero(digest, sizeof(digest));
	return ret;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * RFC 2759 5 / 8.8: the Success message is "S=<auth_string> M=<message>"; auth_string is exactly
 * 40 hexadecimal digits (either case). What follows must be the end or a space.
 */
static int parse_auth_string(const char *received, size_t len, uint8_t digest[static AUTH_SHA1_LEN])
{
	size_t i;
	int hi, lo;

	if (!received || len < 2 + AUTH_DIGEST_HEX || received[0] != 'S' || received[1] != '=')
		return -EBADMSG;
	if (len > 2 + AUTH_DIGEST_HEX && received[2 + AUTH_DIGEST_HEX] != ' ' &&
	    received[2 + AUTH_DIGEST_HEX] != '\0')
		return -EBADMSG;
	for (i = 0; i < AUTH_SHA1_LEN; i++) {
		hi = hex_value(received[2 + 2 * i]);
		lo = hex_value(received[3 + 2 * i]);
		if (hi < 0 || lo < 0)
			return -EBADMSG;
		digest[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int mschapv2_auth_check(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
			const uint8_t peer_challenge[static 16],
			const uint8_t auth_challenge[static 16], const char *user,
			const char *received, size_t len)
{
	uint8_t want[AUTH_SHA1_LEN], got[AUTH_SHA1_LEN];
	int ret;

	ret = parse_auth_string(received, len, got);
	if (ret < 0)
		goto out;
	ret = auth_digest(nt_hash, nt_response, peer_challenge, auth_challenge, user, want);
	if (ret < 0)
		goto out;
	/* RFC 2759 8.8 CheckAuthenticatorResponse, compared in constant time. */
	if (auth_memcmp_ct(want, got, sizeof(want)) != 0)
		ret = -EPROTO;
out:
	explicit_bzero(want, sizeof(want));
	explicit_bzero(got, sizeof(got));
	return ret;
}
