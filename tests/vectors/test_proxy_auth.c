// SPDX-License-Identifier: MIT
/*
 * Proxy authentication arithmetic against published vectors: HTTP Digest from RFC 7616 3.9.1 (MD5 and
 * SHA-256), a Digest response squid 5.7 accepted for CONNECT, and NTLMv2 from MS-NLMP 4.2.4.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "tests/peer/peer.h"

/* RFC 7616 3.9.1: Mufasa / "Circle of Life", GET /dir/index.html, qop=auth, nc=00000001. */
static const struct digest_input rfc7616 = {
	.user = "Mufasa",
	.realm = "http-auth@example.org",
	.password = "Circle of Life",
	.method = "GET",
	.uri = "/dir/index.html",
	.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
	.nc = "00000001",
	.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
	.qop = "auth",
};

static void test_rfc7616_md5(void **state)
{
	struct digest_input in = rfc7616;
	char out[DIGEST_HEX_MAX];

	(void)state;
	in.alg = DIGEST_MD5;
	assert_int_equal(digest_response(&in, out), 32);
	assert_string_equal(out, "8ca523f5e9506fed4657c9700eebdbec");
}

static void test_rfc7616_sha256(void **state)
{
	struct digest_input in = rfc7616;
	char out[DIGEST_HEX_MAX];

	(void)state;
	in.alg = DIGEST_SHA256;
	assert_int_equal(digest_response(&in, out), 64);
	assert_string_equal(out, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

/* A CONNECT answered with 200 by squid 5.7 (digest_file_auth), captured in proxy-facts.md 2.2. */
static void test_squid_connect_md5(void **state)
{
	const struct digest_input in = {
		.alg = DIGEST_MD5,
		.user = "alice",
		.realm = "sxproxy",
		.password = "Wonder-1and",
		.method = "CONNECT",
		.uri = "127.0.0.1:8443",
		.nonce = "91ad5c7aa0c0c7f7be30bf7e4e7fd0d1",
		.nc = "00000001",
		.cnonce = "YjFlYTM0OTQ3MWM4ZDExMzFiMGZmOTFkMGM4MGM4ZDY=",
		.qop = "auth",
	};
	char out[DIGEST_HEX_MAX];

	(void)state;
	assert_int_equal(digest_response(&in, out), 32);
	assert_string_equal(out, "425f08c256f2658dea93eae7f32bfa99");
}

/* RFC 2617 3.5 (no qop would be RFC 2069); here: the -sess and qop-less forms differ and refuse NULLs. */
static void test_digest_forms(void **state)
{
	struct digest_input in = rfc7616;
	char a[DIGEST_HEX_MAX], b[DIGEST_HEX_MAX], c[DIGEST_HEX_MAX];

	(void)state;
	assert_int_equal(digest_response(&in, a), 32);
	in.sess = true;
	assert_int_equal(digest_response(&in, b), 32);
	in.sess = false;
	in.qop = NULL;
	assert_int_equal(digest_response(&in, c), 32);
	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	in = rfc7616;
	in.nc = NULL;
	assert_int_equal(digest_response(&in, a), -EINVAL);
	assert_int_equal(digest_response(NULL, a), -EINVAL);
}

/* MS-NLMP 4.2.4 (NTLMv2 authentication), 4.2.4.1.1-4.2.4.2.2. */
static const uint8_t nlmp_server_ch[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
static const uint8_t nlmp_client_ch[8] = { 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa };
/* AV pairs: MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL (UTF-16LE). */
#define NLMP_TARGET_INFO \
	"02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00" \
	"01 00 0c 00 53 00 65 00 72 00 76 00 65 00 72 00 00 00 00 00"

static void nlmp_key(uint8_t key[16])
{
	assert_int_equal(ntlm_ntowfv2("Password", 8, "User", "Domain", key), 0);
}

static void test_nlmp_ntowfv2(void **state)
{
	uint8_t key[16], want[16];

	(void)state;
	nlmp_key(key);
	peer_unhex("0c868a403bfd7a93a3001ef22ef02e3f", want, 16, 16);
	assert_memory_equal(key, want, 16);
	/* The user is upper-cased, the domain is not. */
	assert_int_equal(ntlm_ntowfv2("Password", 8, "uSeR", "Domain", want), 0);
	assert_memory_equal(key, want, 16);
	assert_int_equal(ntlm_ntowfv2("Password", 8, "User", "DOMAIN", want), 0);
	assert_memory_not_equal(key, want, 16);
}

static void test_nlmp_ntproofstr_and_keys(void **state)
{
	uint8_t key[16], ti[36], blob[NTLM_BLOB_FIXED + 36], proof[16], want[24], lm[24], skey[16];

	(void)state;
	nlmp_key(key);
	peer_unhex(NLMP_TARGET_INFO, ti, sizeof(ti), 36);
	assert_int_equal(ntlm_v2_blob(blob, sizeof(blob), 0, nlmp_client_ch, ti, 36), 68);
	/* 84 = 16 + 68: the NtChallengeResponse length of the MS-NLMP AUTHENTICATE message. */
	assert_int_equal(ntlm_v2_proof(key, nlmp_server_ch, blob, 68, proof), 0);
	peer_unhex("68cd0ab851e51c96aabc927bebef6a1c", want, 16, 16);
	assert_memory_equal(proof, want, 16);
	assert_int_equal(ntlm_lmv2_response(key, nlmp_server_ch, nlmp_client_ch, lm), 0);
	peer_unhex("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa", want, 24, 24);
	assert_memory_equal(lm, want, 24);
	assert_int_equal(ntlm_session_base_key(key, proof, skey), 0);
	peer_unhex("8de40ccadbc14a82f15cb0ad0de95ca3", want, 16, 16);
	assert_memory_equal(skey, want, 16);
}

static void test_ntlm_blob_bounds(void **state)
{
	uint8_t blob[40], cc[8] = { 0 };

	(void)state;
	assert_int_equal(ntlm_v2_blob(blob, sizeof(blob), 0x0102030405060708ull, cc, NULL, 0), 32);
	assert_int_equal(blob[0], 1);
	assert_int_equal(blob[8], 0x08);
	assert_int_equal(blob[15], 0x01);
	assert_int_equal(ntlm_v2_blob(blob, sizeof(blob), 0, cc, blob, 9), -EMSGSIZE);
	assert_int_equal(ntlm_v2_blob(blob, sizeof(blob), 0, cc, NULL, 4), -EINVAL);
	assert_int_equal(ntlm_ntowfv2("x", 1, NULL, "", blob), -EINVAL);
	assert_int_equal(ntlm_ntowfv2("\xff", 1, "u", "", blob), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7616_md5),
		cmocka_unit_test(test_rfc7616_sha256),
		cmocka_unit_test(test_squid_connect_md5),
		cmocka_unit_test(test_digest_forms),
		cmocka_unit_test(test_nlmp_ntowfv2),
		cmocka_unit_test(test_nlmp_ntproofstr_and_keys),
		cmocka_unit_test(test_ntlm_blob_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
