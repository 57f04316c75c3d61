// SPDX-License-Identifier: MIT
/* auth/ round trips: a client and a server running MS-CHAPv2, MPPE and the crypto binding against each other. */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"

struct exchange {
	uint8_t auth_ch[16], peer_ch[16];
	uint8_t client_hash[16], server_hash[16];
	uint8_t nt_resp[24];
	char s_resp[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
};

static void fill(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + 37 * i);
}

/* The client answers, the server recomputes and answers with S=; server_pw may differ. */
static void run_exchange(struct exchange *x, const char *user, const char *client_pw,
			 const char *server_pw)
{
	const char *name = mschapv2_user_base(user);
	uint8_t server_resp[24];

	fill(x->auth_ch, 16, 0x10);
	fill(x->peer_ch, 16, 0x80);
	assert_int_equal(mschapv2_nt_hash(client_pw, strlen(client_pw), x->client_hash), 0);
	assert_int_equal(mschapv2_nt_hash(server_pw, strlen(server_pw), x->server_hash), 0);
	assert_int_equal(mschapv2_nt_response(x->auth_ch, x->peer_ch, name, x->client_hash,
					      x->nt_resp), 0);
	assert_int_equal(mschapv2_nt_response(x->auth_ch, x->peer_ch, name, x->server_hash,
					      server_resp), 0);
	memset(x->s_resp, 0, sizeof(x->s_resp));
	assert_int_equal(mschapv2_auth_response(x->server_hash, x->nt_resp, x->peer_ch,
						x->auth_ch, name, x->s_resp), 0);
	/* The server accepts only when both sides used the same password. */
	assert_int_equal(memcmp(server_resp, x->nt_resp, 24) == 0, strcmp(client_pw, server_pw) == 0);
}

static void test_mschapv2_round_trip(void **state)
{
	struct exchange x;
	const char *name = mschapv2_user_base("CORP\\alice");

	(void)state;
	run_exchange(&x, "CORP\\alice", "gr\xC3\xBC\xC3\x9F dich \xF0\x9F\x94\x91",
		     "gr\xC3\xBC\xC3\x9F dich \xF0\x9F\x94\x91");
	assert_int_equal(mschapv2_auth_check(x.client_hash, x.nt_resp, x.peer_ch, x.auth_ch, name,
					     x.s_resp, strlen(x.s_resp)), 0);
}

static void test_mschapv2_wrong_server(void **state)
{
	struct exchange x;
	const char *name = mschapv2_user_base("alice");

	(void)state;
	/* A server that does not know the password cannot produce the right S=. */
	run_exchange(&x, "alice", "right", "wrong");
	assert_int_equal(mschapv2_auth_check(x.client_hash, x.nt_resp, x.peer_ch, x.auth_ch, name,
					     x.s_resp, strlen(x.s_resp)), -EPROTO);
}

static void test_auth_response_format(void **state)
{
	uint8_t hash[16], resp[24], ch[16];
	char out[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
	size_t i;

	(void)state;
	fill(hash, 16, 1);
	fill(resp, 24, 2);
	fill(ch, 16, 3);
	memset(out, '#', sizeof(out));
	assert_int_equal(mschapv2_auth_response(hash, resp, ch, ch, "u", out), 0);
	assert_memory_equal(out, "S=", 2);
	for (i = 2; i < MSCHAPV2_AUTH_RESPONSE_LEN; i++)
		assert_true(isxdigit((unsigned char)out[i]) && !islower((unsigned char)out[i]));
	assert_int_equal(out[MSCHAPV2_AUTH_RESPONSE_LEN], '#');	/* exactly 42 bytes, no NUL */
	assert_int_equal(mschapv2_auth_check(hash, resp, ch, ch, "u", out,
					     MSCHAPV2_AUTH_RESPONSE_LEN), 0);
}

static void test_null_user(void **state)
{
	uint8_t b16[16] = { 0 }, b24[24] = { 0 }, b8[8];
	char out[MSCHAPV2_AUTH_RESPONSE_LEN];

	(void)state;
	assert_int_equal(mschapv2_challenge_hash(b16, b16, NULL, b8), -EINVAL);
	assert_int_equal(mschapv2_auth_response(b16, b24, b16, b16, NULL, out), -EINVAL);
	memcpy(out, "S=0000000000000000000000000000000000000000", MSCHAPV2_AUTH_RESPONSE_LEN);
	assert_int_equal(mschapv2_auth_check(b16, b24, b16, b16, NULL, out, sizeof(out)), -EINVAL);
}

static void test_keys_and_hlak_agree(void **state)
{
	struct exchange x;
	uint8_t c_send[16], c_recv[16], s_send[16], s_recv[16];
	uint8_t c_hlak[CBIND_HLAK_LEN], s_hlak[CBIND_HLAK_LEN];

	(void)state;
	run_exchange(&x, "bob", "pw", "pw");
	assert_int_equal(mppe_client_keys(x.client_hash, x.nt_resp, c_send, c_recv), 0);
	assert_int_equal(mppe_server_keys(x.server_hash, x.nt_resp, s_send, s_recv), 0);
	assert_memory_equal(c_send, s_recv, 16);
	assert_memory_equal(c_recv, s_send, 16);
	/* Both ends build the HLAK from the client's point of view (MS-SSTP 3.2.5.2). */
	cbind_hlak_mschapv2(c_send, c_recv, c_hlak);
	cbind_hlak_mschapv2(s_recv, s_send, s_hlak);
	assert_memory_equal(c_hlak, s_hlak, CBIND_HLAK_LEN);
}

/* A Call Connected as MS-SSTP 2.2.10 lays it out, MAC field zeroed. */
static void build_call_connected(uint8_t msg[112], enum cbind_hash hash, const uint8_t nonce[32],
				 const uint8_t cert_hash[32])
{
	static const uint8_t head[16] = { 0x10, 0x01, 0x00, 0x70, 0x00, 0x04, 0x00, 0x01,
					  0x00, 0x03, 0x00, 0x68, 0x00, 0x00, 0x00, 0x00 };

	memcpy(msg, head, sizeof(head));
	msg[15] = (uint8_t)hash;
	memcpy(msg + 16, nonce, 32);
	memcpy(msg + 48, cert_hash, 32);
	memset(msg + 80, 0, 32);
}

/* The server's check: zero the MAC field, recompute, compare in constant time. */
static int server_verify(enum cbind_hash hash, const uint8_t hlak[32], const uint8_t rx[112])
{
	uint8_t copy[112], cmk[32], mac[32];

	memcpy(copy, rx, sizeof(copy));
	memset(copy + 80, 0, 32);
	assert_int_equal(cbind_cmk(hash, hlak, cmk), 0);
	assert_int_equal(cbind_compound_mac(hash, cmk, copy, sizeof(copy), mac), 0);
	return auth_memcmp_ct(mac, rx + 80, 32);
}

static void binding_round_trip(enum cbind_hash hash)
{
	static const uint8_t der[] = { 0x30, 0x82, 0x01, 0x0A, 0x02, 0x82, 0x01, 0x01, 0x00 };
	uint8_t hlak[32], nonce[32], cert[32], cmk[32], msg[112];

	fill(hlak, 32, 0x55);
	fill(nonce, 32, 0x99);
	assert_int_equal(cbind_cert_hash(hash, der, sizeof(der), cert), 0);
	build_call_connected(msg, hash, nonce, cert);
	assert_int_equal(cbind_cmk(hash, hlak, cmk), 0);
	assert_int_equal(cbind_compound_mac(hash, cmk, msg, sizeof(msg), msg + 80), 0);
	assert_int_equal(server_verify(hash, hlak, msg), 0);
	msg[20] ^= 0x04;	/* a different nonce */
	assert_int_not_equal(server_verify(hash, hlak, msg), 0);
	msg[20] ^= 0x04;
	hlak[31] ^= 0x01;	/* a server with other keys */
	assert_int_not_equal(server_verify(hash, hlak, msg), 0);
}

static void test_binding_round_trip(void **state)
{
	(void)state;
	binding_round_trip(CBIND_SHA256);
	binding_round_trip(CBIND_SHA1);
}

static void test_pap_hlak_is_zero(void **state)
{
	static const uint8_t zero[CBIND_HLAK_LEN];
	uint8_t a[32], b[32];

	(void)state;
	/* PAP has no keys: the HLAK is 32 zero bytes (MS-SSTP 3.2.5.2) and the CMK is still defined. */
	assert_int_equal(cbind_cmk(CBIND_SHA256, zero, a), 0);
	assert_int_equal(cbind_cmk(CBIND_SHA256, zero, b), 0);
	assert_memory_equal(a, b, 32);
	assert_memory_not_equal(a, zero, 32);
}

static void test_memcmp_ct(void **state)
{
	uint8_t a[64], b[64];
	size_t i;

	(void)state;
	fill(a, sizeof(a), 7);
	memcpy(b, a, sizeof(b));
	assert_int_equal(auth_memcmp_ct(a, b, sizeof(a)), 0);
	assert_int_equal(auth_memcmp_ct(a, b, 0), 0);
	assert_int_equal(auth_memcmp_ct(NULL, NULL, 0), 0);
	for (i = 0; i < sizeof(a); i++) {
		b[i] ^= 0x80;
		assert_int_not_equal(auth_memcmp_ct(a, b, sizeof(a)), 0);
		assert_int_equal(auth_memcmp_ct(a, b, i), 0);	/* equal prefix */
		b[i] ^= 0x80;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mschapv2_round_trip),
		cmocka_unit_test(test_mschapv2_wrong_server),
		cmocka_unit_test(test_auth_response_format),
		cmocka_unit_test(test_null_user),
		cmocka_unit_test(test_keys_and_hlak_agree),
		cmocka_unit_test(test_binding_round_trip),
		cmocka_unit_test(test_pap_hlak_is_zero),
		cmocka_unit_test(test_memcmp_ct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
