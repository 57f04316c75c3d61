// SPDX-License-Identifier: MIT
/*
 * struct ppp_srv, the test server's authenticator side, driven byte-exactly by the scripted-peer
 * harness on a virtual clock: scripted client frames in, exact server frames out. The client is
 * the RFC 2759 9.2 one (User / clientPass, its peer challenge and NT-Response) and the server's
 * randomness gives the RFC 2759 9.2 authenticator challenge (tests/peer/srv_peer.h), so Challenge,
 * Response and Success are the published vectors. The fault knobs are in test_ppp_server_faults.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/server.h"
#include "tests/peer/peer.h"
#include "tests/peer/srv_frames.h"
#include "tests/peer/srv_peer.h"

/* RFC 2759 9.2: the client's NT-Response in SE_RESPONSE. */
static const uint8_t nt_response[24] = { 0x82, 0x30, 0x9E, 0xCD, 0x8D, 0x70, 0x8B, 0x5E,
					 0xA0, 0x8F, 0xAA, 0x39, 0x81, 0xCD, 0x83, 0x54,
					 0x42, 0x33, 0x11, 0x4A, 0x3D, 0x85, 0xD6, 0xDF };

static void test_chap_to_ip_up(void **state)
{
	static const struct peer_step script[] = { SRV_UP_TO_IP, EXPECT_NO_TX(), END() };
	struct srv_fx *f = srv_fx_default();
	uint8_t nt_hash[16], send[16], recv[16], hlak[32];

	(void)state;
	peer_run(&f->peer, script);
	/* MS-SSTP 3.2.5.2: the HLAK is the client's MasterSendKey | MasterReceiveKey. */
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	assert_int_equal(mppe_client_keys(nt_hash, nt_response, send, recv), 0);
	cbind_hlak_mschapv2(send, recv, hlak);
	assert_true(f->ps.have_hlak);
	assert_memory_equal(f->ps.hlak, hlak, 32);
	assert_string_equal(ppp_srv_user(&f->ps.srv), "User");
	assert_true(ppp_srv_ip_open(&f->ps.srv));
	assert_false(ppp_srv_ipv6_open(&f->ps.srv));
	assert_int_equal(ppp_srv_phase(&f->ps.srv), PPP_PHASE_OPEN);
	srv_fx_free(f);
}

static void test_repeated_response_same_answer(void **state)
{
	/* RFC 1994 4.1: our Success was lost; the repeated Response gets it again. */
	static const struct peer_step script[] = {
		SRV_LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),
		EXPECT_EVENT("auth-ok c223"),
		SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_NO_EVENT(), END(),
	};
	(void)state;
	srv_fx_run_default(script);
}

static void test_chap_failure_then_terminate(void **state)
{
	static const struct peer_step script[] = {
		SRV_LCP_OPEN_CHAP,
		/* The RFC Response with the last NT-Response octet changed. */
		SEND_RX("ff 03 c2 23 02 01 00 3a 31 21 40 23 24 25 5e 26 2a 28 29 5f 2b 3a 33 7c 7e"
			" 00 00 00 00 00 00 00 00 82 30 9e cd 8d 70 8b 5e a0 8f aa 39 81 cd 83 54"
			" 42 33 11 4a 3d 85 d6 de 00 55 73 65 72"),
		/* RFC 2759 6: "E=691 R=0 C=<next challenge> V=3 M=..." */
		EXPECT_TX("ff 03 c2 23 04 01 00 4d 45 3d 36 39 31 20 52 3d 30 20 43 3d 35 42 35 44"
			  " 37 43 37 44 37 42 33 46 32 46 33 45 33 43 32 43 36 30 32 31 33 32 32 36"
			  " 32 36 32 38 20 56 3d 33 20 4d 3d 41 75 74 68 65 6e 74 69 63 61 74 69 6f"
			  " 6e 20 66 61 69 6c 75 72 65"),
		/* Then Terminate-Request "E=691 wrong NT-Response (bad password) (sent E=691)". */
		EXPECT_TX("ff 03 c0 21 05 02 00 37 45 3d 36 39 31 20 77 72 6f 6e 67 20 4e 54 2d 52"
			  " 65 73 70 6f 6e 73 65 20 28 62 61 64 20 70 61 73 73 77 6f 72 64 29 20 28"
			  " 73 65 6e 74 20 45 3d 36 39 31 29"),
		EXPECT_EVENT("down auth-failed 691 E=691 wrong NT-Response"),
		EXPECT_NO_EVENT(),
		SEND_RX(C_LCP_TERMACK2),
		EXPECT_EVENT("finished"),
		EXPECT_NO_TX(),
		END(),
	};
	struct srv_fx *f = srv_fx_default();

	(void)state;
	peer_run(&f->peer, script);
	assert_false(f->ps.have_hlak);
	assert_string_equal(ppp_srv_user(&f->ps.srv), "");
	assert_int_equal(ppp_srv_phase(&f->ps.srv), PPP_PHASE_DEAD);
	srv_fx_free(f);
}

/* RFC 1661 5.7: a client that Protocol-Rejects IPCP has no IPv4: the server ends the link. */
static void test_client_protrejects_ipcp(void **state)
{
	static const struct peer_step script[] = {
		SRV_LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),
		EXPECT_EVENT("auth-ok c223"),
		SEND_RX("ff 03 c0 21 08 02 00 08 80 21 01 01"),
		/* Terminate-Request "client rejected IPCP" */
		EXPECT_TX("ff 03 c0 21 05 02 00 18 63 6c 69 65 6e 74 20 72 65 6a 65 63 74 65 64 20"
			  " 49 50 43 50"),
		EXPECT_EVENT("down negotiation 0 client rejected IPCP"),
		SEND_RX(C_LCP_TERMACK2),
		EXPECT_EVENT("finished"),
		END(),
	};
	(void)state;
	srv_fx_run_default(script);
}

/* A Protocol-Reject of MS-CHAPv2 in the authenticate phase: nothing to authenticate with. */
static void test_client_protrejects_chap(void **state)
{
	static const struct peer_step script[] = {
		SRV_LCP_OPEN_CHAP,
		SEND_RX("ff 03 c0 21 08 02 00 08 c2 23 01 01"),
		/* Terminate-Request "client rejected the authentication protocol" */
		EXPECT_TX("ff 03 c0 21 05 02 00 2f 63 6c 69 65 6e 74 20 72 65 6a 65 63 74 65 64 20"
			  " 74 68 65 20 61 75 74 68 65 6e 74 69 63 61 74 69 6f 6e 20 70 72 6f 74 6f"
			  " 63 6f 6c"),
		EXPECT_EVENT("down auth-unsupported 0 client rejected the authentication protocol"),
		SEND_RX(C_LCP_TERMACK2),
		EXPECT_EVENT("finished"),
		END(),
	};
	(void)state;
	srv_fx_run_default(script);
}

static void test_chap_silent_client(void **state)
{
	/* RFC 1994 4.1: the Challenge is resent every 3 s; after 10 the server gives up. */
	static const struct peer_step script[] = {
		SRV_LCP_OPEN_CHAP,
		ADVANCE(2999), EXPECT_NO_TX(),
		ADVANCE(1), EXPECT_TX(SE_CHALLENGE),
		ADVANCE(8 * 3000), EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE),
		EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE),
		EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE),
		EXPECT_NO_EVENT(),
		ADVANCE(3000),
		/* "no Response to 10 Challenges" */
		EXPECT_TX("ff 03 c0 21 05 02 00 20 6e 6f 20 52 65 73 70 6f 6e 73 65 20 74 6f 20 31"
			  " 30 20 43 68 61 6c 6c 65 6e 67 65 73"),
		EXPECT_EVENT("down peer-silent 0 no Response to 10 Challenges"),
		END(),
	};
	(void)state;
	srv_fx_run_default(script);
}

static void test_pap_to_ip_up(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX("ff 03 c0 21 01 01 00 12 01 04 05 78 03 04 c0 23 05 06 5a 5a 5a 5a"),
		SEND_RX(SE_LCP_REQ1), EXPECT_TX(S_LCP_ACK),
		SEND_RX("ff 03 c0 21 02 01 00 12 01 04 05 78 03 04 c0 23 05 06 5a 5a 5a 5a"),
		/* RFC 1334 2: the PAP peer speaks first. */
		EXPECT_NO_TX(),
		SEND_RX("ff 03 c0 23 01 07 00 14 04 55 73 65 72 0a 63 6c 69 65 6e 74 50 61 73 73"),
		EXPECT_TX("ff 03 c0 23 02 07 00 13 0e 41 63 63 65 73 73 20 67 72 61 6e 74 65 64"),
		EXPECT_TX(S_IPCP_REQ),
		EXPECT_EVENT("auth-ok c023"),
		END(),
	};
	static const uint8_t zero[32];
	struct ppp_srv_cfg c;
	struct srv_fx *f;

	(void)state;
	peer_srv_cfg_default(&c);
	c.pap = true;
	f = srv_fx_new(&c);
	peer_run(&f->peer, script);
	assert_true(f->ps.have_hlak);
	assert_memory_equal(f->ps.hlak, zero, 32);	/* MS-SSTP 3.2.5.2: PAP's HLAK is zeros */
	assert_string_equal(ppp_srv_user(&f->ps.srv), "User");
	srv_fx_free(f);
}

static void test_client_rejects_auth(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX(S_LCP_REQ),
		SEND_RX("ff 03 c0 21 04 01 00 09 03 05 c2 23 81"),
		/* "peer rejected authentication" */
		EXPECT_TX("ff 03 c0 21 05 02 00 20 70 65 65 72 20 72 65 6a 65 63 74 65 64 20 61 75"
			  " 74 68 65 6e 74 69 63 61 74 69 6f 6e"),
		SEND_RX(C_LCP_TERMACK2),
		EXPECT_EVENT("down auth-unsupported 0 peer rejected authentication"),
		EXPECT_EVENT("finished"),
		END(),
	};
	(void)state;
	srv_fx_run_default(script);
}

static void test_client_naks_auth(void **state)
{
	/* RFC 1661 6.2: the test server asks again; the 5th Nak (Max-Failure) ends it. */
	static const struct peer_step script[] = {
		EXPECT_TX(S_LCP_REQ),
		SEND_RX("ff 03 c0 21 03 01 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 01 02 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"),
		SEND_RX("ff 03 c0 21 03 02 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 01 03 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"),
		SEND_RX("ff 03 c0 21 03 03 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 01 04 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"),
		SEND_RX("ff 03 c0 21 03 04 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 01 05 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"),
		EXPECT_NO_EVENT(),
		SEND_RX("ff 03 c0 21 03 05 00 08 03 04 c0 23"),
		/* "peer refuses the authentication protocol" */
		EXPECT_TX("ff 03 c0 21 05 06 00 2c 70 65 65 72 20 72 65 66 75 73 65 73 20 74 68 65"
			  " 20 61 75 74 68 65 6e 74 69 63 61 74 69 6f 6e 20 70 72 6f 74 6f 63 6f 6c"),
		SEND_RX("ff 03 c0 21 06 06 00 04"),
		EXPECT_EVENT("down auth-unsupported 0 peer refuses"),
		EXPECT_EVENT("finished"),
		END(),
	};
	(void)state;
	srv_fx_run_default(script);
}

static void test_client_asks_us_to_authenticate(void **state)
{
	/* We authenticate the client, never the other way: its auth option is Rejected. */
	static const struct peer_step script[] = {
		EXPECT_TX(S_LCP_REQ),
		SEND_RX("ff 03 c0 21 01 01 00 13 01 04 05 78 03 05 c2 23 81 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 04 01 00 09 03 05 c2 23 81"),
		END(),
	};
	(void)state;
	srv_fx_run_default(script);
}

static void test_ipcp_dns_rejected_when_zero(void **state)
{
	static const struct peer_step script[] = {
		SRV_LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),
		SEND_RX(SE_IPCP_REQ1),
		/* RFC 1877: no secondary server to give: Reject it (before any Nak). */
		EXPECT_TX("ff 03 80 21 04 01 00 0a 83 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 01 02 00 10 03 06 00 00 00 00 81 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 21 03 02 00 10 03 06 0a 09 00 02 81 06 0a 09 00 35"),
		/* NBNS and IP-Compression are Rejected too. */
		SEND_RX("ff 03 80 21 01 03 00 16 03 06 0a 09 00 02 81 06 0a 09 00 35"
			" 82 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 21 04 03 00 0a 82 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 01 04 00 10 03 06 0a 09 00 02 81 06 0a 09 00 35"),
		EXPECT_TX("ff 03 80 21 02 04 00 10 03 06 0a 09 00 02 81 06 0a 09 00 35"),
		SEND_RX(C_IPCP_ACK),
		EXPECT_EVENT("auth-ok c223"),
		EXPECT_EVENT("ip-up 10.9.0.1 peer 10.9.0.2 dns 10.9.0.53 0.0.0.0"),
		END(),
	};
	struct ppp_srv_cfg c;
	struct srv_fx *f;

	(void)state;
	peer_srv_cfg_default(&c);
	c.dns2 = 0;
	f = srv_fx_new(&c);
	peer_run(&f->peer, script);
	srv_fx_free(f);
}

static void test_out_of_phase(void **state)
{
	static const uint8_t ipcp[] = { 0xff, 0x03, 0x80, 0x21, 0x01, 0x01, 0x00, 0x04 };
	static const uint8_t pap[] = { 0xff, 0x03, 0xc0, 0x23, 0x01, 0x01, 0x00, 0x06, 0, 0 };
	uint8_t resp[64];
	size_t n = peer_unhex(SE_RESPONSE, resp, sizeof(resp), 0);
	struct srv_fx *f = srv_fx_default();
	struct pkt *p;

	(void)state;
	assert_int_equal(ppp_srv_open(&f->ps.srv, 1000), -EPROTO);
	/* RFC 1661 3.4/3.5: NCP and authentication packets before their phase are dropped. */
	assert_int_equal(ppp_srv_input(&f->ps.srv, ipcp, sizeof(ipcp), 1000), -EPROTO);
	assert_int_equal(ppp_srv_input(&f->ps.srv, resp, n, 1000), -EPROTO);
	/* PAP while MS-CHAPv2 was asked for: not ours (Protocol-Reject only once Opened). */
	assert_int_equal(ppp_srv_input(&f->ps.srv, pap, sizeof(pap), 1000), -EPROTO);
	assert_int_equal(ppp_srv_input(&f->ps.srv, ipcp, 3, 1000), -EBADMSG);
	p = ppp_srv_pop_tx(&f->ps.srv);	/* only our LCP request */
	assert_non_null(p);
	pkt_pool_ret(&f->pool, p);
	assert_null(ppp_srv_pop_tx(&f->ps.srv));
	srv_fx_free(f);
}

static void test_init_rejects(void **state)
{
	struct ppp_srv_cfg c;
	struct ppp_srv s;
	struct pkt_pool pool;
	char long_name[CHAP_USER_MAX + 2];

	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 4, 256), 0);
	peer_srv_cfg_default(&c);
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);	/* no pool */
	c.pool = &pool;
	c.rand.fn = NULL;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	peer_srv_cfg_default(&c);
	c.pool = &pool;
	c.chap_lookup = NULL;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	c.pap = true;
	assert_int_equal(ppp_srv_init(&s, &c), 0);	/* PAP needs only its own lookup */
	ppp_srv_destroy(&s);
	c.pap_lookup = NULL;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	peer_srv_cfg_default(&c);
	c.pool = &pool;
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	c.name = long_name;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	peer_srv_cfg_default(&c);
	c.pool = &pool;
	c.chap_fault = CHAP_AUTH_FAULT_FAIL;
	c.chap_fail_code = 0;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	c.chap_fail_code = 649;
	assert_int_equal(ppp_srv_init(&s, &c), 0);
	assert_string_equal(ppp_srv_user(&s), "");
	assert_int_equal(ppp_srv_next_deadline(&s), 0);	/* nothing runs before open */
	ppp_srv_destroy(&s);
	assert_int_equal(pool.nfree, pool.count);
	pkt_pool_destroy(&pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chap_to_ip_up),
		cmocka_unit_test(test_repeated_response_same_answer),
		cmocka_unit_test(test_chap_failure_then_terminate),
		cmocka_unit_test(test_client_protrejects_ipcp),
		cmocka_unit_test(test_client_protrejects_chap),
		cmocka_unit_test(test_chap_silent_client),
		cmocka_unit_test(test_pap_to_ip_up),
		cmocka_unit_test(test_client_rejects_auth),
		cmocka_unit_test(test_client_naks_auth),
		cmocka_unit_test(test_client_asks_us_to_authenticate),
		cmocka_unit_test(test_ipcp_dns_rejected_when_zero),
		cmocka_unit_test(test_out_of_phase),
		cmocka_unit_test(test_init_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
