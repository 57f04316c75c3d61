// SPDX-License-Identifier: MIT
/*
 * The published crypto-binding examples of MS-SSTP section 4.6 ("Crypto Binding"), SHA256 and SHA1:
 * the Connect Ack goes into sstp_ctl, the certificate hash and HLAK the example used are injected,
 * and the Call Connected the machine emits must equal the published message byte for byte.
 * Hex copied from the specification via /work/shared/sstp-facts.md.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/peer/peer.h"

#include "sstp/sstp.h"

struct vector {
	const char *hlak;
	const char *connect_ack;
	const char *call_connected;
	enum cbind_hash hash;
};

/* MS-SSTP 4.6, SHA256 example. */
static const struct vector sha256 = {
	.hlak = "2A1BB40D55AB0F5EF32F06F2B3CC73C48FD3FAC41D7A1315A19228D9024CA164",
	.connect_ack = "10010030000200010004002800000002412B489AEBD7ECC7D08966F26BE7CD72"
		       "B231A0E9210D7C91B308862B0344C435",
	.call_connected = "10010070000400010003006800000002412B489AEBD7ECC7D08966F26BE7CD72"
			  "B231A0E9210D7C91B308862B0344C435"
			  "7993EF314C493DACE9F02D60E7E61C84B6690AAFE9D7AEEA92CBBE8AD599422D"
			  "52A68EFD8CFFBF52770B8F0FE8EC73716583AF6D611EB6D179B3B20840985449",
	.hash = CBIND_SHA256,
};

/* MS-SSTP 4.6, SHA1 example (the server offers SHA1 only). */
static const struct vector sha1 = {
	.hlak = "4B3128F43925D9006EEFB1C4E86515A1D88E56BAB3CA2BDF0373B7F5A8A13B19",
	.connect_ack = "100100300002000100040028000000010F1A2D58D4A3E3000FAD3CE4906E07B7"
		       "07AA9E441CCEAC5CBD7B2CC1C9D86CDF",
	.call_connected = "100100700004000100030068000000010F1A2D58D4A3E3000FAD3CE4906E07B7"
			  "07AA9E441CCEAC5CBD7B2CC1C9D86CDF"
			  "5826B629BDA59B8E6FD8DCD2622FD34C534805A5000000000000000000000000"
			  "69915DD583D8062FEF16F61DB2F03290EC27CB6C000000000000000000000000",
	.hash = CBIND_SHA1,
};

static void run_vector(const struct vector *v)
{
	struct sstp_ctl_cfg cfg = { 0 };
	struct sstp_ctl ctl;
	struct sstp_event ev;
	uint8_t hlak[32], ack[64], want[SSTP_CALL_CONNECTED_LEN], got[256], cert[32];
	size_t ack_len, len;

	assert_int_equal(peer_unhex(v->hlak, hlak, sizeof(hlak), 0), 32);
	ack_len = peer_unhex(v->connect_ack, ack, sizeof(ack), 0);
	assert_int_equal(peer_unhex(v->call_connected, want, sizeof(want), 0), SSTP_CALL_CONNECTED_LEN);
	/* The certificate hash the example bound is the field at offset 48 of its Call Connected. */
	memcpy(cert, want + 48, sizeof(cert));

	assert_int_equal(sstp_ctl_init(&ctl, &cfg), 0);
	assert_int_equal(sstp_ctl_set_cert_hash(&ctl, v->hash, cert), 0);
	assert_int_equal(sstp_ctl_start(&ctl, 1), 0);
	assert_int_equal(sstp_ctl_pop_tx(&ctl, got, sizeof(got), &len), 0);
	assert_int_equal(len, 14);
	assert_int_equal(sstp_ctl_input(&ctl, ack, ack_len, 2), 0);
	assert_int_equal(sstp_ctl_pop_event(&ctl, &ev), 0);
	assert_int_equal(ev.type, SSTP_EV_CONNECT_ACK);
	assert_int_equal(ev.hash, (uint8_t)v->hash);
	assert_int_equal(sstp_ctl_pop_tx(&ctl, got, sizeof(got), &len), -EAGAIN);

	assert_int_equal(sstp_ctl_bind(&ctl, hlak, 3), 0);
	assert_int_equal(sstp_ctl_pop_tx(&ctl, got, sizeof(got), &len), 0);
	assert_int_equal(len, SSTP_CALL_CONNECTED_LEN);
	assert_memory_equal(got, want, SSTP_CALL_CONNECTED_LEN);
	assert_int_equal(sstp_ctl_pop_event(&ctl, &ev), 0);
	assert_int_equal(ev.type, SSTP_EV_CONNECTED);
	assert_int_equal(ev.hash, (uint8_t)v->hash);

	/* A different HLAK must give a different MAC: the binding depends on the key. */
	hlak[0] ^= 1;
	assert_int_equal(sstp_ctl_init(&ctl, &cfg), 0);
	assert_int_equal(sstp_ctl_set_cert_hash(&ctl, v->hash, cert), 0);
	assert_int_equal(sstp_ctl_start(&ctl, 1), 0);
	assert_int_equal(sstp_ctl_input(&ctl, ack, ack_len, 2), 0);
	assert_int_equal(sstp_ctl_bind(&ctl, hlak, 3), 0);
	assert_int_equal(sstp_ctl_pop_tx(&ctl, got, sizeof(got), &len), 0);
	assert_int_equal(sstp_ctl_pop_tx(&ctl, got, sizeof(got), &len), 0);
	assert_memory_equal(got, want, SSTP_CALL_CONNECTED_MAC_OFF);
	assert_memory_not_equal(got + SSTP_CALL_CONNECTED_MAC_OFF,
				want + SSTP_CALL_CONNECTED_MAC_OFF, 20);
}

static void test_sha256_example(void **state)
{
	(void)state;
	run_vector(&sha256);
}

static void test_sha1_example(void **state)
{
	(void)state;
	run_vector(&sha1);
}

/* The published Call Connected messages also parse with the codec, fields where 2.2.7 puts them. */
static void test_published_messages_parse(void **state)
{
	uint8_t pkt[SSTP_CALL_CONNECTED_LEN];
	struct sstp_msg m;

	(void)state;
	peer_unhex(sha256.call_connected, pkt, sizeof(pkt), 0);
	assert_int_equal(sstp_msg_parse(pkt, sizeof(pkt), &m, NULL), 0);
	assert_int_equal(m.type, SSTP_MSG_CALL_CONNECTED);
	assert_int_equal(m.hash, SSTP_HASH_SHA256);
	assert_memory_equal(m.mac, pkt + SSTP_CALL_CONNECTED_MAC_OFF, 32);
	peer_unhex(sha1.call_connected, pkt, sizeof(pkt), 0);
	assert_int_equal(sstp_msg_parse(pkt, sizeof(pkt), &m, NULL), 0);
	assert_int_equal(m.hash, SSTP_HASH_SHA1);
}

static void expect_verify(const uint8_t *pkt, size_t len, uint8_t offered, const uint8_t *nonce,
			  const uint8_t *cert, const uint8_t *hlak, int want, const char *reason)
{
	const char *why = NULL;

	assert_int_equal(sstp_cbind_verify(pkt, len, offered, nonce, cert, cert, hlak, &why), want);
	if (reason)
		assert_string_equal(why, reason);
	else
		assert_null(why);
}

/* The server-side check accepts both published messages and rejects any change to them. */
static void verify_vector(const struct vector *v)
{
	uint8_t hlak[32], pkt[SSTP_CALL_CONNECTED_LEN], nonce[32], cert[32];
	uint8_t offered = (uint8_t)v->hash;

	peer_unhex(v->hlak, hlak, sizeof(hlak), 0);
	peer_unhex(v->call_connected, pkt, sizeof(pkt), 0);
	memcpy(nonce, pkt + 16, 32);
	memcpy(cert, pkt + 48, 32);
	expect_verify(pkt, sizeof(pkt), offered, nonce, cert, hlak, 0, NULL);
	expect_verify(pkt, sizeof(pkt), SSTP_HASH_SHA1 | SSTP_HASH_SHA256, nonce, cert, hlak, 0, NULL);
	expect_verify(pkt, sizeof(pkt), (uint8_t)(offered ^ 3), nonce, cert, hlak, -EPROTO,
		      "hash protocol not offered");
	nonce[5] ^= 1;
	expect_verify(pkt, sizeof(pkt), offered, nonce, cert, hlak, -EPROTO,
		      "nonce differs from the Connect Ack");
	nonce[5] ^= 1;
	cert[31] ^= 1;
	expect_verify(pkt, sizeof(pkt), offered, nonce, cert, hlak, -EPROTO,
		      "certificate hash differs");
	cert[31] ^= 1;
	hlak[0] ^= 1;
	expect_verify(pkt, sizeof(pkt), offered, nonce, cert, hlak, -EPROTO, "Compound MAC differs");
	hlak[0] ^= 1;
	pkt[SSTP_CALL_CONNECTED_MAC_OFF + 3] ^= 0x80;
	expect_verify(pkt, sizeof(pkt), offered, nonce, cert, hlak, -EPROTO, "Compound MAC differs");
	pkt[SSTP_CALL_CONNECTED_MAC_OFF + 3] ^= 0x80;
	expect_verify(pkt, sizeof(pkt) - 1, offered, nonce, cert, hlak, -EBADMSG,
		      "length field does not match the packet");
	peer_unhex(v->connect_ack, pkt, sizeof(pkt), 0);
	expect_verify(pkt, 48, offered, nonce, cert, hlak, -EBADMSG, "not a Call Connected");
}

static void test_server_verifies_examples(void **state)
{
	(void)state;
	verify_vector(&sha256);
	verify_vector(&sha1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_example),
		cmocka_unit_test(test_sha1_example),
		cmocka_unit_test(test_published_messages_parse),
		cmocka_unit_test(test_server_verifies_examples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
