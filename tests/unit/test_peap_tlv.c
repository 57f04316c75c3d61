// SPDX-License-Identifier: MIT
/*
 * PEAPv0 phase-2 TLVs (ppp/peap_tlv.c): the Result and Cryptobinding TLVs as MS-PEAP 2.2.8.1
 * lays them out (the Cryptobinding response of the MS-PEAP 4.4.1 example, as pppd's peap.c unit
 * test prints it, parses and its Compound MAC checks out with auth/peap.c), TLVs in any order,
 * unknown optional TLVs skipped and unknown mandatory ones reported, the Microsoft Vendor-Specific
 * TLV with SoH Request/Response, every malformed shape, every truncation of a valid payload, the
 * expanded-type header, and the compressed inner EAP header (MS-PEAP 3.1.5.6) both ways.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/peap_tlv.h"
#include "tests/peer/peer.h"

/* MS-PEAP 4.4.1 via pppd peap.c: the peer's Cryptobinding TLV (SubType 1) and its CMK. */
static const char binding_hex[] =
	"000C0038 00000001 6C6BA38784237457CCC90B1A908CBDF4711B69994D0CFE8D3DB44ECBCDAD37E9"
	"42E086071D1C8B8C8E458F7021F06A6EAB16B646";
static const char cmk_hex[] = "3355353B6920D074C782E475DFB0999D4DB467EB";

static void test_binding_vector(void **state)
{
	uint8_t in[PEAP_BINDING_LEN], out[PEAP_BINDING_LEN], cmk[PEAP_CMK_LEN], mac[PEAP_MAC_LEN];
	struct peap_tlvs t;

	(void)state;
	peer_unhex(binding_hex, in, sizeof(in), sizeof(in));
	peer_unhex(cmk_hex, cmk, sizeof(cmk), sizeof(cmk));
	assert_int_equal(peap_tlv_parse(in, sizeof(in), &t), 0);
	assert_true(t.have_binding);
	assert_int_equal(t.result, PEAP_RESULT_NONE);
	assert_int_equal(t.binding.version, 0);
	assert_int_equal(t.binding.recv_version, 0);
	assert_int_equal(t.binding.subtype, PEAP_BINDING_RESPONSE);
	assert_memory_equal(t.binding.nonce, in + 8, PEAP_NONCE_LEN);
	assert_memory_equal(t.binding.mac, in + 40, PEAP_MAC_LEN);
	assert_memory_equal(t.binding_tlv, in, sizeof(in));
	assert_int_equal(t.unknown_mandatory, 0);
	/* The builder gives the same bytes back, and the MAC is the one auth/peap.c computes. */
	assert_int_equal(peap_tlv_put_binding(out, &t.binding), PEAP_BINDING_LEN);
	assert_memory_equal(out, in, sizeof(in));
	assert_int_equal(peap_binding_mac(cmk, out, mac), 0);
	assert_memory_equal(mac, peap_tlv_binding_mac(out), PEAP_MAC_LEN);
}

static void test_result(void **state)
{
	uint8_t buf[PEAP_RESULT_LEN], want[PEAP_RESULT_LEN];
	struct peap_tlvs t;

	(void)state;
	assert_int_equal(peap_tlv_put_result(buf, PEAP_RESULT_SUCCESS), PEAP_RESULT_LEN);
	peer_unhex("80 03 00 02 00 01", want, sizeof(want), sizeof(want));
	assert_memory_equal(buf, want, sizeof(buf));
	assert_int_equal(peap_tlv_parse(buf, sizeof(buf), &t), 0);
	assert_int_equal(t.result, PEAP_RESULT_SUCCESS);
	assert_false(t.have_binding);
	peap_tlv_put_result(buf, PEAP_RESULT_FAILURE);
	peer_unhex("80 03 00 02 00 02", want, sizeof(want), sizeof(want));
	assert_memory_equal(buf, want, sizeof(buf));
	assert_int_equal(peap_tlv_parse(buf, sizeof(buf), &t), 0);
	assert_int_equal(t.result, PEAP_RESULT_FAILURE);
	/* The R bit is ignored on receipt; a cleared M bit still reads. */
	peer_unhex("40 03 00 02 00 01", buf, sizeof(buf), sizeof(buf));
	assert_int_equal(peap_tlv_parse(buf, sizeof(buf), &t), 0);
	assert_int_equal(t.result, PEAP_RESULT_SUCCESS);
}

/* What a Windows server's EAP-TLV request carries, in both orders, with an optional stranger. */
static void test_any_order(void **state)
{
	uint8_t buf[200];
	struct peap_tlvs t;
	size_t n;

	(void)state;
	n = peer_unhex("80 03 00 02 00 01" "000C0038 00000000" "11111111111111111111111111111111"
		       "11111111111111111111111111111111" "0000000000000000000000000000000000000000",
		       buf, sizeof(buf), 0);
	assert_int_equal(peap_tlv_parse(buf, n, &t), 0);
	assert_int_equal(t.result, PEAP_RESULT_SUCCESS);
	assert_true(t.have_binding);
	assert_int_equal(t.binding.subtype, PEAP_BINDING_REQUEST);
	n = peer_unhex("0123 0003 aabbcc" "000C0038 00000000" "11111111111111111111111111111111"
		       "11111111111111111111111111111111" "0000000000000000000000000000000000000000"
		       "80 03 00 02 00 02", buf, sizeof(buf), 0);
	assert_int_equal(peap_tlv_parse(buf, n, &t), 0);
	assert_int_equal(t.result, PEAP_RESULT_FAILURE);
	assert_true(t.have_binding);
	assert_int_equal(t.unknown_mandatory, 0);
	assert_memory_equal(t.binding_tlv, buf + 7, PEAP_BINDING_LEN);
}

static void test_unknown_mandatory(void **state)
{
	uint8_t buf[64], nak[PEAP_NAK_LEN], want[PEAP_NAK_LEN];
	struct peap_tlvs t;
	size_t n;

	(void)state;
	n = peer_unhex("80 03 00 02 00 01  80 09 00 01 00  c0 0a 00 00", buf, sizeof(buf), 0);
	assert_int_equal(peap_tlv_parse(buf, n, &t), 0);
	assert_int_equal(t.result, PEAP_RESULT_SUCCESS);
	assert_int_equal(t.unknown_mandatory, 9);	/* the first one */
	/* A mandatory TLV of type 0 is still reported. */
	n = peer_unhex("80 00 00 00", buf, sizeof(buf), 0);
	assert_int_equal(peap_tlv_parse(buf, n, &t), 0);
	assert_int_not_equal(t.unknown_mandatory, 0);
	assert_int_equal(peap_tlv_put_nak(nak, 9), PEAP_NAK_LEN);
	peer_unhex("80 04 00 06 00 00 00 00 00 09", want, sizeof(want), sizeof(want));
	assert_memory_equal(nak, want, sizeof(nak));
}

/* MS-PEAP 2.2.5, 2.2.8.2: a Microsoft Vendor-Specific TLV holding SoH TLVs. */
static void test_vendor_soh(void **state)
{
	uint8_t buf[64];
	struct peap_tlvs t;
	bool req;
	size_t n;

	(void)state;
	n = peer_unhex("80 07 00 08 00 00 01 37 00 02 00 00", buf, sizeof(buf), 0);
	assert_int_equal(peap_soh_parse(buf, n, &req), 0);
	assert_true(req);
	n = peer_unhex("80 07 00 0a 00 00 01 37 00 03 00 02 ab cd", buf, sizeof(buf), 0);
	assert_int_equal(peap_tlv_parse(buf, n, &t), 0);
	assert_true(t.soh_response);
	assert_false(t.soh_request);
	/* Another vendor's TLV with M set is a mandatory TLV we do not know. */
	n = peer_unhex("80 07 00 08 00 00 00 09 00 02 00 00", buf, sizeof(buf), 0);
	assert_int_equal(peap_tlv_parse(buf, n, &t), 0);
	assert_false(t.soh_request);
	assert_int_equal(t.unknown_mandatory, PEAP_TLV_VENDOR);
	/* A Vendor-Specific TLV too short for its Vendor-Id, or with a cut inner TLV. */
	n = peer_unhex("80 07 00 02 00 00", buf, sizeof(buf), 0);
	assert_int_equal(peap_soh_parse(buf, n, &req), -EBADMSG);
	assert_false(req);
	n = peer_unhex("80 07 00 07 00 00 01 37 00 02 00", buf, sizeof(buf), 0);
	assert_int_equal(peap_tlv_parse(buf, n, &t), -EBADMSG);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"80",				/* a partial header */
		"80 03 00",
		"80 03 00 02 00",		/* Value cut short */
		"80 03 00 03 00 01 00",		/* Result of the wrong length */
		"80 03 00 02 00 00",		/* Result 0 */
		"80 03 00 02 00 03",		/* Result 3 */
		"80 03 00 02 00 01 80 03 00 02 00 01",	/* two Results */
		"00 0c 00 37" "00000000 11111111111111111111111111111111 11111111111111111111111111111111"
		"00000000000000000000000000000000000000",	/* Cryptobinding of 55 */
		"00 01 ff ff 00",		/* an optional TLV running past the end */
	};
	uint8_t buf[200];
	struct peap_tlvs t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = peer_unhex(bad[i], buf, sizeof(buf), 0);

		assert_int_equal(peap_tlv_parse(buf, n, &t), -EBADMSG);
	}
	/* An empty payload has nothing in it, and that is not an error. */
	assert_int_equal(peap_tlv_parse(buf, 0, &t), 0);
	assert_int_equal(t.result, PEAP_RESULT_NONE);
	assert_false(t.have_binding);
}

/* Every truncation of a valid payload: only the cuts at TLV boundaries parse, as their prefix. */
static void test_split_every_byte(void **state)
{
	uint8_t buf[200];
	struct peap_tlvs t;
	size_t n;

	(void)state;
	n = peer_unhex("80 03 00 02 00 01" "000C0038 00000001 6C6BA38784237457CCC90B1A908CBDF4"
		       "711B69994D0CFE8D3DB44ECBCDAD37E9 42E086071D1C8B8C8E458F7021F06A6EAB16B646"
		       "80 07 00 08 00 00 01 37 00 02 00 00", buf, sizeof(buf), 0);
	for (size_t cut = 0; cut <= n; cut++) {
		int ret = peap_tlv_parse(buf, cut, &t);

		if (cut == 0 || cut == 6 || cut == 66 || cut == n) {
			assert_int_equal(ret, 0);
			assert_int_equal(t.result, cut ? PEAP_RESULT_SUCCESS : PEAP_RESULT_NONE);
			assert_int_equal(t.have_binding, cut >= 66);
			assert_int_equal(t.soh_request, cut == n);
		} else {
			assert_int_equal(ret, -EBADMSG);
		}
	}
}

static void test_expanded(void **state)
{
	const uint8_t *data;
	uint32_t vendor, vt;
	size_t dlen;
	uint8_t buf[32];
	size_t n;

	(void)state;
	/* MS-PEAP 2.2.8.3: Capabilities request after the 254 octet. */
	n = peer_unhex("00 01 37 00 00 00 22 00 00 00 01", buf, sizeof(buf), 0);
	assert_int_equal(peap_expanded_parse(buf, n, &vendor, &vt, &data, &dlen), 0);
	assert_int_equal(vendor, PEAP_MS_VENDOR);
	assert_int_equal(vt, PEAP_VT_CAPABILITIES);
	assert_int_equal(dlen, 4);
	assert_ptr_equal(data, buf + 7);
	for (size_t cut = 0; cut < 7; cut++)
		assert_int_equal(peap_expanded_parse(buf, cut, &vendor, &vt, &data, &dlen), -EBADMSG);
}

/* MS-PEAP 3.1.5.6: compressed packets get the outer header; 33 and 254 keep theirs. */
static void test_inner_header(void **state)
{
	uint8_t pt[64], out[64], want[64];
	size_t n, w;

	(void)state;
	n = peer_unhex("1a 01 07 00 0a 10 00", pt, sizeof(pt), 0);
	assert_false(peap_inner_has_header(pt, n));
	assert_int_equal(peap_inner_expand(pt, n, 1, 9, out, sizeof(out)), n + 4);
	w = peer_unhex("01 09 00 0b 1a 01 07 00 0a 10 00", want, sizeof(want), 0);
	assert_memory_equal(out, want, w);
	/* A compressed Identity Request is the Type octet alone. */
	assert_int_equal(peap_inner_expand((const uint8_t *)"\x01", 1, 1, 5, out, sizeof(out)), 5);
	assert_memory_equal(out, "\x01\x05\x00\x05\x01", 5);
	/* EAP-TLV and the Microsoft methods carry their header. */
	n = peer_unhex("01 07 00 0b 21 80 03 00 02 00 01", pt, sizeof(pt), 0);
	assert_true(peap_inner_has_header(pt, n));
	assert_int_equal(peap_inner_expand(pt, n, 1, 9, out, sizeof(out)), n);
	assert_memory_equal(out, pt, n);
	n = peer_unhex("01 08 00 10 fe 00 01 37 00 00 00 22 00 00 00 01", pt, sizeof(pt), 0);
	assert_true(peap_inner_has_header(pt, n));
	/* FreeRADIUS: an Identity Request with its header. */
	assert_true(peap_inner_has_header((const uint8_t *)"\x01\x03\x00\x05\x01", 5));
	/* A Length that does not match means compressed. */
	n = peer_unhex("01 07 00 0c 21 80 03 00 02 00 01", pt, sizeof(pt), 0);
	assert_false(peap_inner_has_header(pt, n));
	assert_int_equal(peap_inner_expand(pt, 0, 1, 1, out, sizeof(out)), -EBADMSG);
	assert_int_equal(peap_inner_expand(pt, n, 1, 1, out, n + 3), -EMSGSIZE);
	assert_true(peap_inner_keeps_header(33));
	assert_true(peap_inner_keeps_header(254));
	assert_false(peap_inner_keeps_header(26));
	assert_false(peap_inner_keeps_header(3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binding_vector),
		cmocka_unit_test(test_result),
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_unknown_mandatory),
		cmocka_unit_test(test_vendor_soh),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_split_every_byte),
		cmocka_unit_test(test_expanded),
		cmocka_unit_test(test_inner_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
