// SPDX-License-Identifier: MIT
/*
 * EAP peer role (RFC 3748) and EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2-02) driven packet by
 * packet: the RFC 2759 9.2 vectors (UserName "User", Password "clientPass") inside EAP, Identity and
 * outer identity, Notification, legacy and expanded Nak, duplicates and SoftEther's reused
 * Identifier, an early Success, Failure codes, a wrong S=, a method switch, and every truncation.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/eap.h"
#include "tests/peer/peer.h"

/* RFC 2759 9.2 */
static const uint8_t peer_chal[16] = { 0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A,
				       0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E };
#define AUTH_CHAL_HEX "5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28"
#define NT_RESPONSE_HEX "82 30 9e cd 8d 70 8b 5e a0 8f aa 39 81 cd 83 54 42 33 11 4a 3d 85 d6 df"
#define S_OK "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted"
#define S_BAD "S=407A5589115FD0D6209F510FE9C04566932CDA57 M=Access granted"

/* Requests: EAP header, type 26, then the MS-CHAPv2 packet (OpCode, MS-CHAPv2-ID, MS-Length). */
#define IDENTITY_REQ "01 01 00 0d 01 57 65 6c 63 6f 6d 65 00"	/* "Welcome\0" */
#define CHALLENGE_REQ(id, msid) "01 " id " 00 1d 1a 01 " msid " 00 18 10 " AUTH_CHAL_HEX " 73 72 76"
#define CHALLENGE_RSP(id, msid)                                                                 \
	"ff 03 c2 27 02 " id " 00 3f 1a 02 " msid " 00 3a 31"                                  \
	" 21 40 23 24 25 5e 26 2a 28 29 5f 2b 3a 33 7c 7e 00 00 00 00 00 00 00 00 "           \
	NT_RESPONSE_HEX " 00 55 73 65 72"
#define TLS_START(id) "01 " id " 00 06 0d 20"

struct fake_rand {
	size_t off;
};

static int fake_rand_fn(void *ctx, uint8_t *buf, size_t len)
{
	struct fake_rand *r = ctx;

	for (size_t i = 0; i < len; i++, r->off++)
		buf[i] = r->off < 16 ? peer_chal[r->off] : (uint8_t)r->off;
	return 0;
}

struct fx {
	struct pkt_pool pool;
	struct ppp_ctx ctx;
	struct fake_rand rand;
	struct eap eap;
};

static struct fx *fx_new(const char *identity, unsigned allow)
{
	static struct fx f;
	uint8_t nt_hash[16];

	memset(&f, 0, sizeof(f));
	assert_int_equal(pkt_pool_init(&f.pool, 8, 512), 0);
	f.ctx = (struct ppp_ctx){ .pool = &f.pool, .headroom = 4,
				  .rand = { .fn = fake_rand_fn, .ctx = &f.rand } };
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	assert_int_equal(eap_init(&f.eap, &f.ctx, identity, "User", nt_hash, allow), 0);
	return &f;
}

static void fx_free(struct fx *f)
{
	eap_destroy(&f->eap);
	peer_pool_done(&f->ctx.txq, &f->pool);
}

static int feed(struct fx *f, const char *hex)
{
	uint8_t buf[512];
	size_t n = peer_unhex(hex, buf, sizeof(buf), 0);

	return eap_input(&f->eap, buf, n, 0);
}

/* A type-26 Request carrying OpCode op with the given text (Success-/Failure-Request). */
static int feed_text(struct fx *f, uint8_t id, uint8_t op, uint8_t msid, const char *text)
{
	uint8_t buf[512];
	size_t n = strlen(text), eap_len = 5 + 4 + n;

	buf[0] = EAP_REQUEST;
	buf[1] = id;
	buf[2] = (uint8_t)(eap_len >> 8);
	buf[3] = (uint8_t)eap_len;
	buf[4] = EAP_TYPE_MSCHAPV2;
	buf[5] = op;
	buf[6] = msid;
	buf[7] = (uint8_t)((n + 4) >> 8);
	buf[8] = (uint8_t)(n + 4);
	memcpy(buf + 9, text, n);
	return eap_input(&f->eap, buf, eap_len, 0);
}

static void expect_frame(struct fx *f, const char *pattern)
{
	peer_expect_frame(pkt_q_pop(&f->ctx.txq), &f->pool, pattern);
}

static void expect_nothing(struct fx *f)
{
	assert_null(pkt_q_pop(&f->ctx.txq));
}

/* Identity, Challenge, Success-Request, EAP Success: the RFC 2759 9.2 exchange inside EAP. */
static void run_mschapv2(struct fx *f, const char *identity_rsp)
{
	assert_int_equal(feed(f, IDENTITY_REQ), 0);
	expect_frame(f, identity_rsp);
	assert_int_equal(feed(f, CHALLENGE_REQ("02", "07")), 0);
	expect_frame(f, CHALLENGE_RSP("02", "07"));
	assert_int_equal(feed_text(f, 3, 3, 7, S_OK), 0);
	expect_frame(f, "ff 03 c2 27 02 03 00 06 1a 03");
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_PENDING);
	assert_int_equal(feed(f, "03 03 00 04"), 0);
	expect_nothing(f);
}

static void test_mschapv2_vectors(void **state)
{
	/* RFC 3079 3.5.3: the sample SendStartKey128 is the server's send key = our receive key. */
	static const uint8_t server_send[16] = { 0x8B, 0x7C, 0xDC, 0x14, 0x9B, 0x99, 0x3A, 0x1B,
						 0xA1, 0x18, 0xCB, 0x15, 0x3F, 0x56, 0xDC, 0xCB };
	static const uint8_t zero[32];
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);
	uint8_t msk[EAP_MSK_LEN], hlak[CBIND_HLAK_LEN], hlak2[CBIND_HLAK_LEN];

	(void)state;
	assert_int_equal(eap_msk(&f->eap, msk), -EPROTO);
	run_mschapv2(f, "ff 03 c2 27 02 01 00 09 01 55 73 65 72");
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_reason(&f->eap), SX_REASON_NONE);
	assert_int_equal(eap_method(&f->eap), EAP_TYPE_MSCHAPV2);
	assert_int_equal(eap_msk(&f->eap, msk), 0);
	assert_memory_equal(msk + 16, server_send, 16);
	assert_memory_equal(msk + 32, zero, 32);
	/* The SSTP HLAK is the one plain MS-CHAPv2 gives. */
	cbind_hlak_msk(msk, sizeof(msk), hlak);
	cbind_hlak_mschapv2(msk, msk + 16, hlak2);
	assert_memory_equal(hlak, hlak2, sizeof(hlak));
	/* Nothing is accepted after the result. */
	assert_int_equal(feed(f, IDENTITY_REQ), -EPROTO);
	expect_nothing(f);
	fx_free(f);
}

/* PEAP-style outer identity: Identity carries it, the MS-CHAPv2 Name stays the user name. */
static void test_outer_identity(void **state)
{
	struct fx *f = fx_new("anon", EAP_ALLOW_MSCHAPV2);

	(void)state;
	run_mschapv2(f, "ff 03 c2 27 02 01 00 09 01 61 6e 6f 6e");
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_SUCCESS);
	fx_free(f);
}

static void test_notification(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	assert_int_equal(feed(f, "01 09 00 0a 02 68 65 6c 6c 6f"), 0);
	expect_frame(f, "ff 03 c2 27 02 09 00 05 02");
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_PENDING);
	fx_free(f);
}

static void test_nak(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	/* RFC 3748 5.3.1: EAP-TLS not allowed: propose EAP-MSCHAPv2 (26). */
	assert_int_equal(feed(f, TLS_START("05")), 0);
	expect_frame(f, "ff 03 c2 27 02 05 00 06 03 1a");
	/* RFC 3748 5.3.2: an expanded Request gets an Expanded Nak. */
	assert_int_equal(feed(f, "01 06 00 0c fe 00 01 37 00 00 00 22"), 0);
	expect_frame(f, "ff 03 c2 27 02 06 00 14 fe 00 00 00 00 00 00 03 fe 00 00 00 00 00 00 1a");
	fx_free(f);

	/* Nothing allowed: "no alternative". */
	f = fx_new(NULL, 0);
	assert_int_equal(feed(f, CHALLENGE_REQ("07", "07")), 0);
	expect_frame(f, "ff 03 c2 27 02 07 00 06 03 00");
	assert_int_equal(feed(f, "01 08 00 0c fe 00 01 37 00 00 00 22"), 0);
	expect_frame(f, "ff 03 c2 27 02 08 00 14 fe 00 00 00 00 00 00 03 fe 00 00 00 00 00 00 00");
	/* A Nak in a Request is malformed. */
	assert_int_equal(feed(f, "01 09 00 06 03 1a"), -EBADMSG);
	expect_nothing(f);
	fx_free(f);
}

static void test_duplicates(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	assert_int_equal(feed(f, IDENTITY_REQ), 0);
	expect_frame(f, "ff 03 c2 27 02 01 00 09 01 55 73 65 72");
	assert_int_equal(feed(f, IDENTITY_REQ), 0);
	expect_frame(f, "ff 03 c2 27 02 01 00 09 01 55 73 65 72");
	/* SoftEther 5.01: the next Request reuses the Identifier; it is new, not a duplicate. */
	assert_int_equal(feed(f, TLS_START("01")), 0);
	expect_frame(f, "ff 03 c2 27 02 01 00 06 03 1a");
	/* A retransmitted Challenge gets the same Response without new randomness. */
	assert_int_equal(feed(f, CHALLENGE_REQ("02", "02")), 0);
	expect_frame(f, CHALLENGE_RSP("02", "02"));
	assert_int_equal(feed(f, CHALLENGE_REQ("02", "02")), 0);
	expect_frame(f, CHALLENGE_RSP("02", "02"));
	assert_int_equal(f->rand.off, 16);
	/* And the Success-Request too, once answered. */
	assert_int_equal(feed_text(f, 3, 3, 2, S_OK), 0);
	expect_frame(f, "ff 03 c2 27 02 03 00 06 1a 03");
	assert_int_equal(feed_text(f, 3, 3, 2, S_OK), 0);
	expect_frame(f, "ff 03 c2 27 02 03 00 06 1a 03");
	fx_free(f);
}

/* RFC 3748 4.2 allows believing an early Success; a VPN client must not. */
static void test_early_success(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	assert_int_equal(feed(f, IDENTITY_REQ), 0);
	expect_frame(f, "ff 03 c2 27 02 01 00 09 01 55 73 65 72");
	assert_int_equal(feed(f, "03 01 00 04"), 0);
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&f->eap), SX_REASON_AUTH_UNVERIFIED);
	assert_non_null(strstr(eap_message(&f->eap), "before the method proved"));
	fx_free(f);

	/* After the Challenge but before a verified S=: still unproven. */
	f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);
	assert_int_equal(feed(f, CHALLENGE_REQ("02", "02")), 0);
	expect_frame(f, CHALLENGE_RSP("02", "02"));
	assert_int_equal(feed(f, "03 02 00 04"), 0);
	assert_int_equal(eap_reason(&f->eap), SX_REASON_AUTH_UNVERIFIED);
	fx_free(f);
}

static void test_failure_request(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	assert_int_equal(feed(f, CHALLENGE_REQ("02", "02")), 0);
	expect_frame(f, CHALLENGE_RSP("02", "02"));
	assert_int_equal(feed_text(f, 3, 4, 2, "E=691 R=0 C=00000000000000000000000000000000 "
				   "V=3 M=Wrong password"), 0);
	expect_frame(f, "ff 03 c2 27 02 03 00 06 1a 04");
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&f->eap), SX_REASON_AUTH_FAILED);
	assert_non_null(strstr(eap_message(&f->eap), "bad user name or password (E=691)"));
	/* The EAP Failure that follows is expected and changes nothing. */
	assert_int_equal(feed(f, "04 03 00 04"), 0);
	assert_int_equal(eap_reason(&f->eap), SX_REASON_AUTH_FAILED);
	assert_non_null(strstr(eap_message(&f->eap), "E=691"));
	fx_free(f);
}

static void test_wrong_authenticator(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);
	uint8_t msk[EAP_MSK_LEN];

	(void)state;
	assert_int_equal(feed(f, CHALLENGE_REQ("02", "02")), 0);
	expect_frame(f, CHALLENGE_RSP("02", "02"));
	assert_int_equal(feed_text(f, 3, 3, 2, S_BAD), 0);
	expect_nothing(f);
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&f->eap), SX_REASON_AUTH_UNVERIFIED);
	assert_int_equal(eap_msk(&f->eap, msk), -EPROTO);
	/* An EAP Success now does not turn it around. */
	assert_int_equal(feed(f, "03 03 00 04"), -EPROTO);
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_FAILURE);
	fx_free(f);
}

static void test_eap_failure(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	assert_int_equal(feed(f, "04 01 00 04"), 0);
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&f->eap), SX_REASON_AUTH_FAILED);
	assert_string_equal(eap_message(&f->eap), "the server sent EAP Failure");
	fx_free(f);
}

/* RFC 3748 2.1: no switching methods once one started. */
static void test_method_switch(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	assert_int_equal(feed(f, CHALLENGE_REQ("02", "02")), 0);
	expect_frame(f, CHALLENGE_RSP("02", "02"));
	assert_int_equal(feed(f, TLS_START("03")), -EPROTO);
	expect_nothing(f);
	assert_int_equal(eap_result(&f->eap), EAP_RESULT_PENDING);
	fx_free(f);
}

/* Servers that get MS-Length wrong exist: the EAP Length rules. */
static void test_ms_length_ignored(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	assert_int_equal(feed(f, "01 02 00 1d 1a 01 02 ff ff 10 " AUTH_CHAL_HEX " 73 72 76"), 0);
	expect_frame(f, CHALLENGE_RSP("02", "02"));
	fx_free(f);
}

static void test_malformed(void **state)
{
	struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

	(void)state;
	assert_int_equal(feed(f, "01 01 00"), -EBADMSG);
	assert_int_equal(feed(f, "01 01 00 03"), -EBADMSG);		/* length below the header */
	assert_int_equal(feed(f, "01 01 00 04"), -EBADMSG);		/* a Request without a type */
	assert_int_equal(feed(f, "01 01 00 09 01 55"), -EBADMSG);	/* length past the packet */
	assert_int_equal(feed(f, "02 01 00 05 01"), -EPROTO);		/* a Response: not for a peer */
	assert_int_equal(feed(f, "05 01 00 04"), -EBADMSG);		/* no such code */
	assert_int_equal(feed(f, "01 02 00 09 1a 01 02 00 04"), -EBADMSG); /* no Value-Size */
	expect_nothing(f);
	/* Octets past the EAP Length are padding. */
	assert_int_equal(feed(f, "01 01 00 05 01 ff ff"), 0);
	expect_frame(f, "ff 03 c2 27 02 01 00 09 01 55 73 65 72");
	fx_free(f);
}

/* Every strict prefix of each Request of the exchange is refused and changes nothing. */
static void test_every_truncation(void **state)
{
	static const char *const reqs[] = { IDENTITY_REQ, CHALLENGE_REQ("02", "02"), TLS_START("03"),
					    "01 09 00 0a 02 68 65 6c 6c 6f", "03 03 00 04" };

	(void)state;
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		uint8_t buf[64];
		size_t n = peer_unhex(reqs[i], buf, sizeof(buf), 0);

		for (size_t cut = 0; cut < n; cut++) {
			struct fx *f = fx_new(NULL, EAP_ALLOW_MSCHAPV2);

			assert_int_equal(eap_input(&f->eap, buf, cut, 0), -EBADMSG);
			expect_nothing(f);
			assert_int_equal(eap_result(&f->eap), EAP_RESULT_PENDING);
			fx_free(f);
		}
	}
}

static void test_init_limits(void **state)
{
	struct pkt_pool pool;
	struct ppp_ctx ctx = { .pool = &pool };
	struct eap e;
	uint8_t nt_hash[16] = { 0 };
	char long_id[EAP_IDENTITY_MAX + 2];

	(void)state;
	memset(long_id, 'a', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	assert_int_equal(eap_init(&e, &ctx, NULL, "", nt_hash, EAP_ALLOW_MSCHAPV2), -EINVAL);
	assert_int_equal(eap_init(&e, &ctx, long_id, "User", nt_hash, EAP_ALLOW_MSCHAPV2), -EINVAL);
	long_id[EAP_IDENTITY_MAX] = '\0';
	assert_int_equal(eap_init(&e, &ctx, long_id, "User", nt_hash, EAP_ALLOW_MSCHAPV2), 0);
	eap_destroy(&e);
	assert_string_equal(eap_type_name(EAP_TYPE_PEAP), "PEAP");
	assert_string_equal(eap_type_name(99), "unknown");
}

/* The end both roles record the same way: a reason only with a failure; the words cut to fit. */
static void test_outcome(void **state)
{
	struct eap_outcome o = { 0 };
	char longer[EAP_MSG_MAX + 20];

	(void)state;
	assert_int_equal(eap_outcome_reason(&o), SX_REASON_NONE);
	eap_outcome_set(&o, EAP_RESULT_SUCCESS, SX_REASON_AUTH_FAILED, "fault: early Success");
	assert_int_equal(eap_outcome_reason(&o), SX_REASON_NONE);
	assert_string_equal(o.message, "fault: early Success");
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	eap_outcome_set(&o, EAP_RESULT_FAILURE, SX_REASON_AUTH_FAILED, longer);
	assert_int_equal(eap_outcome_reason(&o), SX_REASON_AUTH_FAILED);
	assert_int_equal(strlen(o.message), EAP_MSG_MAX - 1);
	eap_outcome_set(&o, EAP_RESULT_FAILURE, SX_REASON_PROTOCOL, o.message);
	assert_int_equal(strlen(o.message), EAP_MSG_MAX - 1);
	assert_int_equal(eap_outcome_reason(&o), SX_REASON_PROTOCOL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mschapv2_vectors),
		cmocka_unit_test(test_outer_identity),
		cmocka_unit_test(test_notification),
		cmocka_unit_test(test_nak),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_early_success),
		cmocka_unit_test(test_failure_request),
		cmocka_unit_test(test_wrong_authenticator),
		cmocka_unit_test(test_eap_failure),
		cmocka_unit_test(test_method_switch),
		cmocka_unit_test(test_ms_length_ignored),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_init_limits),
		cmocka_unit_test(test_outcome),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
