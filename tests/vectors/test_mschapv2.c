// SPDX-License-Identifier: MIT
/* MS-CHAPv2 against RFC 2759 section 9.2, plus authenticator checks and non-ASCII passwords. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wolfssl/options.h>
#include <wolfssl/wolfcrypt/md4.h>

#include "auth/auth.h"
#include "tests/peer/peer.h"

/* RFC 2759 section 9.2 "Hash Example" (the same sample appears in RFC 3079 section 3.5). */
static const char rfc_user[] = "User";
static const char rfc_password[] = "clientPass";
#define RFC_AUTH_CHALLENGE "5B5D7C7D7B3F2F3E3C2C602132262628"
#define RFC_PEER_CHALLENGE "21402324255E262A28295F2B3A337C7E"
#define RFC_CHALLENGE_HASH "D02E4386BCE91226"
#define RFC_PASSWORD_HASH "44EBBA8D5312B8D611474411F56989AE"
#define RFC_PASSWORD_HASH_HASH "41C00C584BD2D91C4017A2A12FA59F3F"
#define RFC_NT_RESPONSE "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"
#define RFC_AUTH_RESPONSE "S=407A5589115FD0D6209F510FE9C04566932CDA56"

struct rfc {
	uint8_t auth_ch[16], peer_ch[16], nt_hash[16], nt_resp[24];
};

static void rfc_load(struct rfc *r)
{
	peer_unhex(RFC_AUTH_CHALLENGE, r->auth_ch, 16, 16);
	peer_unhex(RFC_PEER_CHALLENGE, r->peer_ch, 16, 16);
	peer_unhex(RFC_PASSWORD_HASH, r->nt_hash, 16, 16);
	peer_unhex(RFC_NT_RESPONSE, r->nt_resp, 24, 24);
}

static void test_rfc2759_nt_hash(void **state)
{
	uint8_t want[16], got[16], hash_hash[16], want_hh[16];
	Md4 md4;

	(void)state;
	peer_unhex(RFC_PASSWORD_HASH, want, 16, 16);
	assert_int_equal(mschapv2_nt_hash(rfc_password, strlen(rfc_password), got), 0);
	assert_memory_equal(got, want, 16);
	/* PasswordHashHash (RFC 2759 8.4) is MD4 of the hash; MPPE and S= depend on it. */
	peer_unhex(RFC_PASSWORD_HASH_HASH, want_hh, 16, 16);
	wc_InitMd4(&md4);
	wc_Md4Update(&md4, got, 16);
	wc_Md4Final(&md4, hash_hash);
	assert_memory_equal(hash_hash, want_hh, 16);
}

static void test_rfc2759_challenge_hash(void **state)
{
	struct rfc r;
	uint8_t want[8], got[8];

	(void)state;
	rfc_load(&r);
	peer_unhex(RFC_CHALLENGE_HASH, want, 8, 8);
	assert_int_equal(mschapv2_challenge_hash(r.peer_ch, r.auth_ch, rfc_user, got), 0);
	assert_memory_equal(got, want, 8);
}

static void test_rfc2759_nt_response(void **state)
{
	struct rfc r;
	uint8_t got[24];

	(void)state;
	rfc_load(&r);
	assert_int_equal(mschapv2_nt_response(r.auth_ch, r.peer_ch, rfc_user, r.nt_hash, got), 0);
	assert_memory_equal(got, r.nt_resp, 24);
}

static void test_rfc2759_auth_response(void **state)
{
	struct rfc r;
	char got[MSCHAPV2_AUTH_RESPONSE_LEN];

	(void)state;
	rfc_load(&r);
	assert_int_equal(mschapv2_auth_response(r.nt_hash, r.nt_resp, r.peer_ch, r.auth_ch,
						rfc_user, got), 0);
	assert_memory_equal(got, RFC_AUTH_RESPONSE, MSCHAPV2_AUTH_RESPONSE_LEN);
}

static int check(const char *received)
{
	struct rfc r;

	rfc_load(&r);
	return mschapv2_auth_check(r.nt_hash, r.nt_resp, r.peer_ch, r.auth_ch, rfc_user,
				   received, strlen(received));
}

static void test_auth_check_accepts(void **state)
{
	(void)state;
	assert_int_equal(check(RFC_AUTH_RESPONSE), 0);
	assert_int_equal(check("S=407a5589115fd0d6209f510fe9c04566932cda56"), 0);
	assert_int_equal(check("S=407a5589115FD0D6209f510fe9c04566932CDA56"), 0);
	assert_int_equal(check(RFC_AUTH_RESPONSE " M=Access granted"), 0);
	assert_int_equal(check("S=407a5589115fd0d6209f510fe9c04566932cda56 M=Access granted"), 0);
	/* A NUL right after the digits ends the string even when len runs past it. */
	{
		static const char nul_after[] = RFC_AUTH_RESPONSE "\0junk";
		struct rfc r;

		rfc_load(&r);
		assert_int_equal(mschapv2_auth_check(r.nt_hash, r.nt_resp, r.peer_ch, r.auth_ch,
						     rfc_user, nul_after, sizeof(nul_after) - 1), 0);
	}
}

static void test_auth_check_rejects(void **state)
{
	char buf[64];
	size_t i;

	(void)state;
	/* One digit changed, at each position: a valid message that does not match. */
	for (i = 2; i < MSCHAPV2_AUTH_RESPONSE_LEN; i++) {
		strcpy(buf, RFC_AUTH_RESPONSE);
		buf[i] = buf[i] == '0' ? '1' : '0';
		assert_int_equal(check(buf), -EPROTO);
	}
	assert_int_equal(check("S=407A5589115FD0D6209F510FE9C04566932CDA5"), -EBADMSG);
	assert_int_equal(check("S=407A5589115FD0D6209F510FE9C04566932CDA560"), -EBADMSG);
	assert_int_equal(check(RFC_AUTH_RESPONSE "M=Access granted"), -EBADMSG);
	assert_int_equal(check("S=407A5589115FD0D6209F510FE9C04566932CDA5G"), -EBADMSG);
	assert_int_equal(check("S=407A5589115FD0D6209F510FE9C0456 932CDA56"), -EBADMSG);
	assert_int_equal(check("s=407A5589115FD0D6209F510FE9C04566932CDA56"), -EBADMSG);
	assert_int_equal(check(" S=407A5589115FD0D6209F510FE9C04566932CDA56"), -EBADMSG);
	assert_int_equal(check("M=Access granted"), -EBADMSG);
	assert_int_equal(check(""), -EBADMSG);
	/* A length shorter than the string: only len bytes count. */
	{
		struct rfc r;

		rfc_load(&r);
		assert_int_equal(mschapv2_auth_check(r.nt_hash, r.nt_resp, r.peer_ch, r.auth_ch,
						     rfc_user, RFC_AUTH_RESPONSE, 41), -EBADMSG);
		assert_int_equal(mschapv2_auth_check(r.nt_hash, r.nt_resp, r.peer_ch, r.auth_ch,
						     rfc_user, NULL, 0), -EBADMSG);
	}
}

static void test_auth_check_wrong_user(void **state)
{
	struct rfc r;

	(void)state;
	rfc_load(&r);
	/* The user name enters the ChallengeHash, so a different name must not verify. */
	assert_int_equal(mschapv2_auth_check(r.nt_hash, r.nt_resp, r.peer_ch, r.auth_ch, "user",
					     RFC_AUTH_RESPONSE, 42), -EPROTO);
}

/* MD4 of a UTF-16LE buffer built by hand, through wolfCrypt directly. */
static void md4_of(const uint8_t *buf, size_t len, uint8_t out[16])
{
	Md4 md4;

	wc_InitMd4(&md4);
	wc_Md4Update(&md4, buf, (word32)len);
	wc_Md4Final(&md4, out);
}

/*
 * Expected hashes computed outside this code: python3 encodes the password to UTF-16LE and
 * `openssl dgst -md4 -provider legacy` hashes it (OpenSSL 3.0.x on Debian 12).
 */
static void test_nt_hash_latin(void **state)
{
	/* "pässwörd": p, U+00E4, s, s, w, U+00F6, r, d */
	static const uint8_t utf16[] = { 'p', 0, 0xE4, 0, 's', 0, 's', 0,
					 'w', 0, 0xF6, 0, 'r', 0, 'd', 0 };
	static const char pw[] = "p\xC3\xA4ssw\xC3\xB6rd";
	uint8_t got[16], want[16], by_hand[16];

	(void)state;
	peer_unhex("0553152250AC01ADB4213CB9938663E4", want, 16, 16);
	md4_of(utf16, sizeof(utf16), by_hand);
	assert_memory_equal(by_hand, want, 16);
	assert_int_equal(mschapv2_nt_hash(pw, strlen(pw), got), 0);
	assert_memory_equal(got, want, 16);
}

static void test_nt_hash_emoji(void **state)
{
	/* "pw\U0001F600x": the emoji is the surrogate pair D83D DE00. */
	static const uint8_t utf16[] = { 'p', 0, 'w', 0, 0x3D, 0xD8, 0x00, 0xDE, 'x', 0 };
	static const char pw[] = "pw\xF0\x9F\x98\x80x";
	uint8_t got[16], want[16], by_hand[16];

	(void)state;
	peer_unhex("95F4B5CED655EE30A083421F5EB7BF25", want, 16, 16);
	md4_of(utf16, sizeof(utf16), by_hand);
	assert_memory_equal(by_hand, want, 16);
	assert_int_equal(mschapv2_nt_hash(pw, strlen(pw), got), 0);
	assert_memory_equal(got, want, 16);
}

static void test_nt_hash_empty(void **state)
{
	uint8_t got[16], want[16];

	(void)state;
	peer_unhex("31D6CFE0D16AE931B73C59D7E0C089C0", want, 16, 16);	/* MD4("") from RFC 1320 A.5 */
	assert_int_equal(mschapv2_nt_hash("", 0, got), 0);
	assert_memory_equal(got, want, 16);
}

static void test_nt_hash_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\x80",			/* stray continuation byte */
		"a\xC3",		/* truncated two-byte sequence */
		"\xC0\x80",		/* overlong NUL */
		"\xC1\xBF",		/* overlong 0x7F */
		"\xE0\x80\xAF",		/* overlong '/' */
		"\xF0\x80\x80\xAF",	/* overlong '/' in four bytes */
		"\xED\xA0\x80",		/* U+D800, a surrogate */
		"\xED\xBF\xBF",		/* U+DFFF */
		"\xF4\x90\x80\x80",	/* U+110000 */
		"\xF5\x80\x80\x80",	/* lead byte beyond U+10FFFF */
		"\xFF",
		"\xE2\x82",		/* truncated three-byte sequence */
		"\xE2\x28\xA1",		/* bad continuation */
	};
	uint8_t got[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(mschapv2_nt_hash(bad[i], strlen(bad[i]), got), -EBADMSG);
	/* Valid extremes: U+FFFF, U+10000 and U+10FFFF. */
	assert_int_equal(mschapv2_nt_hash("\xEF\xBF\xBF", 3, got), 0);
	assert_int_equal(mschapv2_nt_hash("\xF0\x90\x80\x80", 4, got), 0);
	assert_int_equal(mschapv2_nt_hash("\xF4\x8F\xBF\xBF", 4, got), 0);
}

static void test_nt_hash_length_limit(void **state)
{
	char pw[4 * 260];
	uint8_t got[16];
	size_t i;

	(void)state;
	memset(pw, 'a', sizeof(pw));
	assert_int_equal(mschapv2_nt_hash(pw, 256, got), 0);
	assert_int_equal(mschapv2_nt_hash(pw, 257, got), -EMSGSIZE);
	/* 256 three-byte characters (U+20AC) are 768 bytes and still allowed. */
	for (i = 0; i < 256; i++)
		memcpy(pw + 3 * i, "\xE2\x82\xAC", 3);
	assert_int_equal(mschapv2_nt_hash(pw, 768, got), 0);
	assert_int_equal(mschapv2_nt_hash(pw, 769, got), -EMSGSIZE);	/* one 'a' more */
	/* 128 emoji are 256 UTF-16 units: the limit; one more unit is over it. */
	for (i = 0; i < 128; i++)
		memcpy(pw + 4 * i, "\xF0\x9F\x98\x80", 4);
	assert_int_equal(mschapv2_nt_hash(pw, 512, got), 0);
	pw[512] = 'a';
	assert_int_equal(mschapv2_nt_hash(pw, 513, got), -EMSGSIZE);
	assert_int_equal(mschapv2_nt_hash(NULL, 1, got), -EINVAL);
}

static void test_user_base(void **state)
{
	(void)state;
	assert_string_equal(mschapv2_user_base("DOMAIN\\user"), "user");
	assert_string_equal(mschapv2_user_base("user"), "user");
	assert_string_equal(mschapv2_user_base("A\\B\\user"), "user");
	assert_string_equal(mschapv2_user_base("DOMAIN\\"), "");
	assert_string_equal(mschapv2_user_base("user@example.com"), "user@example.com");
	assert_null(mschapv2_user_base(NULL));
}

static void test_domain_user_matches_rfc(void **state)
{
	struct rfc r;
	uint8_t got[24];

	(void)state;
	rfc_load(&r);
	assert_int_equal(mschapv2_nt_response(r.auth_ch, r.peer_ch,
					      mschapv2_user_base("CORP\\User"), r.nt_hash, got), 0);
	assert_memory_equal(got, r.nt_resp, 24);
	assert_int_equal(mschapv2_nt_response(r.auth_ch, r.peer_ch, NULL, r.nt_hash, got), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2759_nt_hash),
		cmocka_unit_test(test_rfc2759_challenge_hash),
		cmocka_unit_test(test_rfc2759_nt_response),
		cmocka_unit_test(test_rfc2759_auth_response),
		cmocka_unit_test(test_auth_check_accepts),
		cmocka_unit_test(test_auth_check_rejects),
		cmocka_unit_test(test_auth_check_wrong_user),
		cmocka_unit_test(test_nt_hash_latin),
		cmocka_unit_test(test_nt_hash_emoji),
		cmocka_unit_test(test_nt_hash_empty),
		cmocka_unit_test(test_nt_hash_invalid_utf8),
		cmocka_unit_test(test_nt_hash_length_limit),
		cmocka_unit_test(test_user_base),
		cmocka_unit_test(test_domain_user_matches_rfc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
