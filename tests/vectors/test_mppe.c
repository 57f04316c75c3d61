// SPDX-License-Identifier: MIT
/* MPPE master keys against RFC 3079 section 3.5, from both ends of the link. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "tests/peer/peer.h"

/*
 * RFC 3079 section 3.5 (Sample Key Derivations): UserName "User", Password "clientPass", the
 * same challenges as RFC 2759 9.2, hence its PasswordHash and NT-Response. RFC 3079 derives the
 * keys as the server (IsServer = TRUE): its SendStartKey128 is the server's send key, which is
 * the client's receive key.
 */
#define RFC_PASSWORD_HASH "44EBBA8D5312B8D611474411F56989AE"
#define RFC_NT_RESPONSE "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"
#define RFC_MASTER_KEY "FDECE3717A8C838CB388E527AE3CDD31"
#define RFC_SEND_START_KEY_128 "8B7CDC149B993A1BA118CB153F56DCCB"

struct sample {
	uint8_t nt_hash[16], nt_resp[24], start_key[16];
};

static void sample_load(struct sample *s)
{
	peer_unhex(RFC_PASSWORD_HASH, s->nt_hash, 16, 16);
	peer_unhex(RFC_NT_RESPONSE, s->nt_resp, 24, 24);
	peer_unhex(RFC_SEND_START_KEY_128, s->start_key, 16, 16);
}

static void test_rfc3079_nt_hash(void **state)
{
	uint8_t got[16], want[16];

	(void)state;
	peer_unhex(RFC_PASSWORD_HASH, want, 16, 16);
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, got), 0);
	assert_memory_equal(got, want, 16);
}

static void test_rfc3079_master_key(void **state)
{
	struct sample s;
	uint8_t got[16], want[16];

	(void)state;
	sample_load(&s);
	peer_unhex(RFC_MASTER_KEY, want, 16, 16);
	assert_int_equal(mppe_master_key(s.nt_hash, s.nt_resp, got), 0);
	assert_memory_equal(got, want, 16);
}

static void test_rfc3079_server_send_key(void **state)
{
	struct sample s;
	uint8_t send[16], recv[16];

	(void)state;
	sample_load(&s);
	assert_int_equal(mppe_server_keys(s.nt_hash, s.nt_resp, send, recv), 0);
	assert_memory_equal(send, s.start_key, 16);
	assert_memory_not_equal(recv, s.start_key, 16);
}

static void test_rfc3079_client_recv_key(void **state)
{
	struct sample s;
	uint8_t send[16], recv[16];

	(void)state;
	sample_load(&s);
	/* Derived directly with the client's magic (RFC 3079 3.4: IsSend=FALSE, IsServer=FALSE). */
	assert_int_equal(mppe_client_keys(s.nt_hash, s.nt_resp, send, recv), 0);
	assert_memory_equal(recv, s.start_key, 16);
	assert_memory_not_equal(send, s.start_key, 16);
}

static void test_client_server_mirror(void **state)
{
	struct sample s;
	uint8_t c_send[16], c_recv[16], s_send[16], s_recv[16];

	(void)state;
	sample_load(&s);
	assert_int_equal(mppe_client_keys(s.nt_hash, s.nt_resp, c_send, c_recv), 0);
	assert_int_equal(mppe_server_keys(s.nt_hash, s.nt_resp, s_send, s_recv), 0);
	assert_memory_equal(c_send, s_recv, 16);
	assert_memory_equal(c_recv, s_send, 16);
	assert_memory_not_equal(c_send, c_recv, 16);
}

static void test_keys_depend_on_response(void **state)
{
	struct sample s;
	uint8_t a_send[16], a_recv[16], b_send[16], b_recv[16];

	(void)state;
	sample_load(&s);
	assert_int_equal(mppe_client_keys(s.nt_hash, s.nt_resp, a_send, a_recv), 0);
	s.nt_resp[23] ^= 0x01;
	assert_int_equal(mppe_client_keys(s.nt_hash, s.nt_resp, b_send, b_recv), 0);
	assert_memory_not_equal(a_send, b_send, 16);
	assert_memory_not_equal(a_recv, b_recv, 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3079_nt_hash),
		cmocka_unit_test(test_rfc3079_master_key),
		cmocka_unit_test(test_rfc3079_server_send_key),
		cmocka_unit_test(test_rfc3079_client_recv_key),
		cmocka_unit_test(test_client_server_mirror),
		cmocka_unit_test(test_keys_depend_on_response),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
