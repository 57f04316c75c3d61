// SPDX-License-Identifier: MIT
/* SSTP crypto binding against MS-SSTP section 4.6 (Crypto Binding example), SHA256 and SHA1. */
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

#define CALL_CONNECTED_LEN 112
#define MAC_OFFSET (CALL_CONNECTED_LEN - CBIND_FIELD_LEN)
#define CERT_HASH_OFFSET (MAC_OFFSET - CBIND_FIELD_LEN)

/*
 * MS-SSTP section 4.6 (Crypto Binding example): the HLAK and the complete Call Connected messages
 * the specification prints. The last 32 bytes of each are the Compound MAC.
 */
struct example {
	enum cbind_hash hash;
	const char *hlak;
	const char *call_connected;
};

static const struct example sha256_example = {
	CBIND_SHA256,
	"2A1BB40D55AB0F5EF32F06F2B3CC73C48FD3FAC41D7A1315A19228D9024CA164",
	"10010070000400010003006800000002412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435"
	"7993EF314C493DACE9F02D60E7E61C84B6690AAFE9D7AEEA92CBBE8AD599422D"
	"52A68EFD8CFFBF52770B8F0FE8EC73716583AF6D611EB6D179B3B20840985449",
};

static const struct example sha1_example = {
	CBIND_SHA1,
	"4B3128F43925D9006EEFB1C4E86515A1D88E56BAB3CA2BDF0373B7F5A8A13B19",
	"100100700004000100030068000000010F1A2D58D4A3E3000FAD3CE4906E07B707AA9E441CCEAC5CBD7B2CC1C9D86CDF"
	"5826B629BDA59B8E6FD8DCD2622FD34C534805A5000000000000000000000000"
	"69915DD583D8062FEF16F61DB2F03290EC27CB6C000000000000000000000000",
};

/* Recomputes the MAC of the example with its MAC field zeroed; returns it in mac. */
static void example_mac(const struct example *ex, uint8_t msg[CALL_CONNECTED_LEN],
			uint8_t published[CBIND_FIELD_LEN], uint8_t mac[CBIND_FIELD_LEN])
{
	uint8_t hlak[CBIND_HLAK_LEN], cmk[CBIND_FIELD_LEN];

	peer_unhex(ex->hlak, hlak, sizeof(hlak), sizeof(hlak));
	peer_unhex(ex->call_connected, msg, CALL_CONNECTED_LEN, CALL_CONNECTED_LEN);
	assert_int_equal(msg[16 - 1], (uint8_t)ex->hash);	/* hash-protocol byte of the attribute */
	memcpy(published, msg + MAC_OFFSET, CBIND_FIELD_LEN);
	memset(msg + MAC_OFFSET, 0, CBIND_FIELD_LEN);
	assert_int_equal(cbind_cmk(ex->hash, hlak, cmk), 0);
	assert_int_equal(cbind_compound_mac(ex->hash, cmk, msg, CALL_CONNECTED_LEN, mac), 0);
}

static void test_sha256_example(void **state)
{
	uint8_t msg[CALL_CONNECTED_LEN], published[CBIND_FIELD_LEN], mac[CBIND_FIELD_LEN];

	(void)state;
	example_mac(&sha256_example, msg, published, mac);
	assert_memory_equal(mac, published, CBIND_FIELD_LEN);
}

static void test_sha1_example(void **state)
{
	static const uint8_t zeros[CBIND_FIELD_LEN - 20];
	uint8_t msg[CALL_CONNECTED_LEN], published[CBIND_FIELD_LEN], mac[CBIND_FIELD_LEN];

	(void)state;
	example_mac(&sha1_example, msg, published, mac);
	assert_memory_equal(mac, published, CBIND_FIELD_LEN);
	assert_memory_equal(mac + 20, zeros, sizeof(zeros));
}

/* Any single flipped byte of the message (outside the zeroed MAC) changes the MAC. */
static void flip_each_byte(const struct example *ex)
{
	uint8_t msg[CALL_CONNECTED_LEN], published[CBIND_FIELD_LEN], mac[CBIND_FIELD_LEN];
	uint8_t hlak[CBIND_HLAK_LEN], cmk[CBIND_FIELD_LEN], other[CBIND_FIELD_LEN];
	size_t i;

	example_mac(ex, msg, published, mac);
	peer_unhex(ex->hlak, hlak, sizeof(hlak), sizeof(hlak));
	assert_int_equal(cbind_cmk(ex->hash, hlak, cmk), 0);
	for (i = 0; i < MAC_OFFSET; i++) {
		msg[i] ^= 0x01;
		assert_int_equal(cbind_compound_mac(ex->hash, cmk, msg, sizeof(msg), other), 0);
		assert_memory_not_equal(other, published, CBIND_FIELD_LEN);
		msg[i] ^= 0x01;
	}
	/* And a flipped HLAK byte changes the CMK and with it the MAC. */
	hlak[0] ^= 0x80;
	assert_int_equal(cbind_cmk(ex->hash, hlak, cmk), 0);
	assert_int_equal(cbind_compound_mac(ex->hash, cmk, msg, sizeof(msg), other), 0);
	assert_memory_not_equal(other, published, CBIND_FIELD_LEN);
}

static void test_flipped_byte_changes_mac(void **state)
{
	(void)state;
	flip_each_byte(&sha256_example);
	flip_each_byte(&sha1_example);
}

static void test_sha1_cmk_is_padded(void **state)
{
	static const uint8_t zeros[CBIND_FIELD_LEN - 20];
	uint8_t hlak[CBIND_HLAK_LEN], cmk1[CBIND_FIELD_LEN], cmk256[CBIND_FIELD_LEN];

	(void)state;
	peer_unhex(sha1_example.hlak, hlak, sizeof(hlak), sizeof(hlak));
	memset(cmk1, 0xAA, sizeof(cmk1));
	assert_int_equal(cbind_cmk(CBIND_SHA1, hlak, cmk1), 0);
	assert_memory_equal(cmk1 + 20, zeros, sizeof(zeros));
	assert_int_equal(cbind_cmk(CBIND_SHA256, hlak, cmk256), 0);
	/* The output length is part of the PRF input: the SHA1 CMK is not a truncated SHA256 one. */
	assert_memory_not_equal(cmk1, cmk256, 20);
}

/* FIPS 180-2 appendix examples: SHA1("abc") and SHA256("abc"). */
static void test_cert_hash(void **state)
{
	uint8_t want[CBIND_FIELD_LEN] = { 0 }, got[CBIND_FIELD_LEN];

	(void)state;
	peer_unhex("A9993E364706816ABA3E25717850C26C9CD0D89D", want, 20, 20);
	memset(got, 0xAA, sizeof(got));
	assert_int_equal(cbind_cert_hash(CBIND_SHA1, (const uint8_t *)"abc", 3, got), 0);
	assert_memory_equal(got, want, CBIND_FIELD_LEN);
	peer_unhex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", want, 32, 32);
	assert_int_equal(cbind_cert_hash(CBIND_SHA256, (const uint8_t *)"abc", 3, got), 0);
	assert_memory_equal(got, want, CBIND_FIELD_LEN);
}

static void test_bad_arguments(void **state)
{
	uint8_t key[CBIND_FIELD_LEN] = { 0 }, out[CBIND_FIELD_LEN];

	(void)state;
	assert_int_equal(cbind_cmk((enum cbind_hash)3, key, out), -EINVAL);
	assert_int_equal(cbind_cmk((enum cbind_hash)0, key, out), -EINVAL);
	assert_int_equal(cbind_compound_mac((enum cbind_hash)0, key, key, 4, out), -EINVAL);
	assert_int_equal(cbind_compound_mac(CBIND_SHA256, key, NULL, 4, out), -EINVAL);
	assert_int_equal(cbind_cert_hash((enum cbind_hash)7, key, 4, out), -EINVAL);
	assert_int_equal(cbind_cert_hash(CBIND_SHA1, NULL, 4, out), -EINVAL);
}

static void test_hlak_order(void **state)
{
	uint8_t send[16], recv[16], hlak[CBIND_HLAK_LEN];

	(void)state;
	memset(send, 0x11, sizeof(send));
	memset(recv, 0x22, sizeof(recv));
	cbind_hlak_mschapv2(send, recv, hlak);
	assert_memory_equal(hlak, send, 16);
	assert_memory_equal(hlak + 16, recv, 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_example),
		cmocka_unit_test(test_sha1_example),
		cmocka_unit_test(test_flipped_byte_changes_mac),
		cmocka_unit_test(test_sha1_cmk_is_padded),
		cmocka_unit_test(test_cert_hash),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_hlak_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
