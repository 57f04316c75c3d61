// SPDX-License-Identifier: MIT
/*
 * Keys of the EAP methods against published vectors:
 *  - PEAPv0 crypto binding: the MS-PEAP section 4.4.1 example as pppd's peap.c unit test uses it
 *    (ppp-project/ppp, pppd/peap.c): TempKey and ISK in; IPMK, the Compound MAC of the response
 *    Crypto-Binding TLV and the CSK halves (the peer's MPPE send and receive keys) out.
 *  - The SSTP Compound MAC after EAP-TLS with HLAK = the first 32 octets of the MSK: a Windows 8.1
 *    to Windows Server 2019 RRAS capture kept in sstp-client (deepin-community/sstp-client,
 *    src/sstp-cmac.c, sstp_test_tls()).
 *  - EAP-MSCHAPv2's MSK: the peer's send key | receive key | 32 zeros (MS-CHAP 3.1.5.1), whose first
 *    32 octets are the plain MS-CHAPv2 HLAK (RFC 3079 3.5 keys, client side).
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

#define TK_HEX "738BB5F462D58E7ED844E1F00D0EBE50C50A2050DE11997710D65F45FB5FBAB7E3181E924F429738"
#define ISK_HEX "673E961401BEFBA560717B3B5DDD40386567F9F416FD3E9DFC71163BDFF2FA95"
#define NONCE_HEX "6C6BA38784237457CCC90B1A908CBDF4711B69994D0CFE8D3DB44ECBCDAD37E9"
#define IPMK_HEX "3A911C255473E83E9A0CC333AE1F8A35CDC74163E7F60F6C65EF71C26442AAACA2B6F1EB4F25ECA3"
#define CMK_HEX "3355353B6920D074C782E475DFB0999D4DB467EB"
#define MAC_HEX "42E086071D1C8B8C8E458F7021F06A6EAB16B646"
#define CSK_SEND_HEX "6A02D782201BC7138BF8EFF733B496970D7CAB300AC9577278E1DDD5AEF76697"
#define CSK_RECV_HEX "1752D4E584A1C895039B4D05E3BC9A8484DDC2AA6E2CE162765C4068BFF65A45"

static void test_peap_compound_keys(void **state)
{
	uint8_t tk[PEAP_TK_LEN], isk[PEAP_ISK_LEN], ipmk[PEAP_IPMK_LEN], cmk[PEAP_CMK_LEN];
	uint8_t want_ipmk[PEAP_IPMK_LEN], want_cmk[PEAP_CMK_LEN];

	(void)state;
	peer_unhex(TK_HEX, tk, sizeof(tk), sizeof(tk));
	peer_unhex(ISK_HEX, isk, sizeof(isk), sizeof(isk));
	peer_unhex(IPMK_HEX, want_ipmk, sizeof(want_ipmk), sizeof(want_ipmk));
	peer_unhex(CMK_HEX, want_cmk, sizeof(want_cmk), sizeof(want_cmk));
	assert_int_equal(peap_compound_keys(tk, isk, ipmk, cmk), 0);
	assert_memory_equal(ipmk, want_ipmk, sizeof(ipmk));
	assert_memory_equal(cmk, want_cmk, sizeof(cmk));
}

static void test_peap_binding_mac(void **state)
{
	uint8_t cmk[PEAP_CMK_LEN], tlv[PEAP_BINDING_TLV_LEN], mac[PEAP_SHA1_LEN], want[PEAP_SHA1_LEN];
	uint8_t before[PEAP_BINDING_TLV_LEN];

	(void)state;
	peer_unhex(CMK_HEX, cmk, sizeof(cmk), sizeof(cmk));
	/* MS-PEAP 2.2.8.1.1: type 12, length 56, version 0, received version 0, subtype 1 (response). */
	peer_unhex("000C0038" "00000001" NONCE_HEX MAC_HEX, tlv, sizeof(tlv), sizeof(tlv));
	peer_unhex(MAC_HEX, want, sizeof(want), sizeof(want));
	memcpy(before, tlv, sizeof(tlv));
	assert_int_equal(peap_binding_mac(cmk, tlv, mac), 0);
	assert_memory_equal(mac, want, sizeof(mac));
	assert_memory_equal(tlv, before, sizeof(tlv));	/* the MAC field is zeroed in a copy */
	tlv[10] ^= 1;
	assert_int_equal(peap_binding_mac(cmk, tlv, mac), 0);
	assert_memory_not_equal(mac, want, sizeof(mac));
}

static void test_peap_csk(void **state)
{
	uint8_t ipmk[PEAP_IPMK_LEN], csk[PEAP_CSK_LEN], want[PEAP_CSK_LEN];

	(void)state;
	peer_unhex(IPMK_HEX, ipmk, sizeof(ipmk), sizeof(ipmk));
	peer_unhex(CSK_SEND_HEX CSK_RECV_HEX, want, sizeof(want), sizeof(want));
	assert_int_equal(peap_csk(ipmk, csk), 0);
	assert_memory_equal(csk, want, sizeof(csk));
}

/* PRF+ is a prefix function: a shorter output is the start of a longer one. */
static void test_peap_prf_plus_prefix(void **state)
{
	uint8_t key[PEAP_TK_LEN] = { 1, 2, 3 }, a[64], b[45];

	(void)state;
	assert_int_equal(peap_prf_plus(key, sizeof(key), (const uint8_t *)"x", 1, a, sizeof(a)), 0);
	assert_int_equal(peap_prf_plus(key, sizeof(key), (const uint8_t *)"x", 1, b, sizeof(b)), 0);
	assert_memory_equal(a, b, sizeof(b));
	assert_int_equal(peap_prf_plus(NULL, 1, NULL, 0, a, 1), -EINVAL);
	assert_int_equal(peap_prf_plus(key, 1, NULL, 1, a, 1), -EINVAL);
	assert_int_equal(peap_prf_plus(key, 1, NULL, 0, a, 256 * PEAP_SHA1_LEN), -EINVAL);
}

/* sstp-client's EAP-TLS capture: Call Connected (SHA256) with the MAC zeroed, and the keys. */
#define TLS_CALL_CONNECTED_HEX                                                                  \
	"1001007000040001000300680000000"                                                          \
	"2388a1ecbf302ba02f9f372ce37488ec36b71a28b5e1b19fbe44d5465a631c463"                        \
	"7ff150176fa8e38a1f402d11ff89ff11b66505ad7f9ae81205277ba4a6b9ef9d"                         \
	"0000000000000000000000000000000000000000000000000000000000000000"
#define TLS_SEND_HEX "bb2c17edbaa643b3d511eb9848792b7cab5f5d709fe9bdf89b5deaf5a8c17db7"
#define TLS_RECV_HEX "6db2817cdc55aa42c3a1ff3389be08e2effe8b2dc719074a43cfbb8acf7414ce"
#define TLS_MAC_HEX "fe6473c7d183914e483fea1b12a6e760a4da16b62fab12a0a1e54e0ec325b24e"

static void tls_mac_with(const uint8_t *msk, size_t len, uint8_t mac[CBIND_FIELD_LEN])
{
	uint8_t msg[112], hlak[CBIND_HLAK_LEN], cmk[CBIND_FIELD_LEN];

	peer_unhex(TLS_CALL_CONNECTED_HEX, msg, sizeof(msg), sizeof(msg));
	cbind_hlak_msk(msk, len, hlak);
	assert_int_equal(cbind_cmk(CBIND_SHA256, hlak, cmk), 0);
	assert_int_equal(cbind_compound_mac(CBIND_SHA256, cmk, msg, sizeof(msg), mac), 0);
}

static void test_sstp_hlak_after_eap_tls(void **state)
{
	uint8_t msk[64], mac[CBIND_FIELD_LEN], want[CBIND_FIELD_LEN];

	(void)state;
	peer_unhex(TLS_SEND_HEX TLS_RECV_HEX, msk, sizeof(msk), sizeof(msk));
	peer_unhex(TLS_MAC_HEX, want, sizeof(want), sizeof(want));
	tls_mac_with(msk, sizeof(msk), mac);
	assert_memory_equal(mac, want, sizeof(mac));
	/* The receive half alone does not give the capture's MAC. */
	tls_mac_with(msk + 32, 32, mac);
	assert_memory_not_equal(mac, want, sizeof(mac));
}

static void test_hlak_msk_padding(void **state)
{
	uint8_t msk[16], hlak[CBIND_HLAK_LEN], zero[CBIND_HLAK_LEN - 16] = { 0 };

	(void)state;
	memset(msk, 0xab, sizeof(msk));
	memset(hlak, 0xff, sizeof(hlak));
	cbind_hlak_msk(msk, sizeof(msk), hlak);
	assert_memory_equal(hlak, msk, sizeof(msk));
	assert_memory_equal(hlak + 16, zero, sizeof(zero));
	cbind_hlak_msk(NULL, 0, hlak);
	assert_memory_equal(hlak, zero, sizeof(zero));
}

/* EAP-MSCHAPv2's HLAK equals MS-CHAPv2's: the MSK starts with send | receive. */
static void test_mschapv2_msk_hlak(void **state)
{
	uint8_t send[16], recv[16], msk[64] = { 0 }, a[CBIND_HLAK_LEN], b[CBIND_HLAK_LEN];

	(void)state;
	memset(send, 0x11, sizeof(send));
	memset(recv, 0x22, sizeof(recv));
	memcpy(msk, send, 16);
	memcpy(msk + 16, recv, 16);
	cbind_hlak_mschapv2(send, recv, a);
	cbind_hlak_msk(msk, sizeof(msk), b);
	assert_memory_equal(a, b, sizeof(a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_peap_compound_keys),
		cmocka_unit_test(test_peap_binding_mac),
		cmocka_unit_test(test_peap_csk),
		cmocka_unit_test(test_peap_prf_plus_prefix),
		cmocka_unit_test(test_sstp_hlak_after_eap_tls),
		cmocka_unit_test(test_hlak_msk_padding),
		cmocka_unit_test(test_mschapv2_msk_hlak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
