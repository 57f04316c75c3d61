// SPDX-License-Identifier: MIT
/*
 * MS-CHAPv2 peer role driven through the protocol with the RFC 2759 9.2 vectors (UserName "User",
 * Password "clientPass") and the RFC 3079 3.5.3 key; plus wrong S=, Failure codes, malformed packets.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/chap.h"
#include "tests/peer/peer.h"

/* RFC 2759 9.2 */
static const uint8_t auth_chal[16] = { 0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
				       0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28 };
static const uint8_t peer_chal[16] = { 0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A,
				       0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E };
#define NT_RESPONSE_HEX "82 30 9e cd 8d 70 8b 5e a0 8f aa 39 81 cd 83 54 42 33 11 4a 3d 85 d6 df"
#define SUCCESS_TEXT "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted"

struct fake_rand {
	const uint8_t *bytes;
	size_t len, off;
	uint8_t next;	/* after the scripted bytes: a counter, so each call differs */
};

static int fake_rand_fn(void *ctx, uint8_t *buf, size_t len)
{
	struct fake_rand *r = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = r->off < r->len ? r->bytes[r->off++] : r->next++;
	return 0;
}

struct fx {
	struct pkt_pool pool;
	struct ppp_ctx ctx;
	struct fake_rand rand;
	struct chap chap;
};

static struct fx *fx_new(const char *user)
{
	static struct fx f;
	uint8_t nt_hash[16];

	memset(&f, 0, sizeof(f));
	assert_int_equal(pkt_pool_init(&f.pool, 8, 512), 0);
	f.rand = (struct fake_rand){ .bytes = peer_chal, .len = 16, .next = 0xa0 };
	f.ctx = (struct ppp_ctx){ .pool = &f.pool, .headroom = 4,
				  .rand = { .fn = fake_rand_fn, .ctx = &f.rand } };
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	assert_int_equal(chap_init(&f.chap, &f.ctx, user, nt_hash), 0);
	return &f;
}

static void fx_free(struct fx *f)
{
	chap_destroy(&f->chap);
	peer_pool_done(&f->ctx.txq, &f->pool);
}

/* Feeds "hex" (a CHAP packet without the PPP header) and returns chap_input's result. */
static int feed_hex(struct fx *f, const char *hex)
{
	uint8_t buf[512];
	size_t n = peer_unhex(hex, buf, sizeof(buf), 0);

	return chap_input(&f->chap, buf, n, 0);
}

static int feed_text(struct fx *f, uint8_t code, uint8_t id, const char *text)
{
	uint8_t buf[512];
	size_t n = strlen(text);

	buf[0] = code;
	buf[1] = id;
	buf[2] = (uint8_t)((n + 4) >> 8);
	buf[3] = (uint8_t)(n + 4);
	memcpy(buf + 4, text, n);
	return chap_input(&f->chap, buf, n + 4, 0);
}

static int feed_challenge(struct fx *f, uint8_t id, const uint8_t chal[16])
{
	uint8_t buf[4 + 1 + 16 + 3] = { CHAP_CHALLENGE, id, 0, sizeof(buf), 16 };

	memcpy(buf + 5, chal, 16);
	memcpy(buf + 21, "srv", 3);
	return chap_input(&f->chap, buf, sizeof(buf), 0);
}

/* Pops the next queued frame and compares it with a peer_hex pattern. */
static void expect_frame(struct fx *f, const char *pattern)
{
	peer_expect_frame(pkt_q_pop(&f->ctx.txq), &f->pool, pattern);
}

#define RESPONSE_VECTOR(id, len, name)                                                     \
	"ff 03 c2 23 02 " id " 00 " len " 31"                                            \
	" 21 40 23 24 25 5e 26 2a 28 29 5f 2b 3a 33 7c 7e 00 00 00 00 00 00 00 00 "      \
	NT_RESPONSE_HEX " 00 " name

static void test_rfc2759_vectors(void **state)
{
	/* RFC 3079 3.5.3: the sample SendStartKey128 is the server's send key = our receive key. */
	static const uint8_t server_send[16] = { 0x8B, 0x7C, 0xDC, 0x14, 0x9B, 0x99, 0x3A, 0x1B,
						 0xA1, 0x18, 0xCB, 0x15, 0x3F, 0x56, 0xDC, 0xCB };
	struct fx *f = fx_new("User");
	uint8_t send[16], recv[16];

	(void)state;
	assert_int_equal(chap_keys(&f->chap, send, recv), -EPROTO);
	assert_int_equal(feed_challenge(f, 7, auth_chal), 0);
	expect_frame(f, RESPONSE_VECTOR("07", "3a", "55 73 65 72"));
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_PENDING);
	assert_int_equal(feed_text(f, CHAP_SUCCESS, 7, SUCCESS_TEXT), 0);
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_SUCCESS);
	assert_int_equal(chap_reason(&f->chap), SX_REASON_NONE);
	assert_int_equal(chap_keys(&f->chap, send, recv), 0);
	assert_memory_equal(recv, server_send, 16);
	assert_memory_not_equal(send, recv, 16);
	assert_null(pkt_q_pop(&f->ctx.txq));
	fx_free(f);
}

/* SoftEther's Success is S= alone, without " M=". */
static void test_success_without_message(void **state)
{
	struct fx *f = fx_new("User");

	(void)state;
	assert_int_equal(feed_challenge(f, 1, auth_chal), 0);
	expect_frame(f, RESPONSE_VECTOR("01", "3a", "55 73 65 72"));
	assert_int_equal(feed_text(f, CHAP_SUCCESS, 1, "S=407A5589115FD0D6209F510FE9C04566932CDA56"), 0);
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_SUCCESS);
	fx_free(f);
}

/* RFC 2759 4: the Name field is the full name; only the hash drops the DOMAIN\ prefix. */
static void test_domain_user(void **state)
{
	struct fx *f = fx_new("HUB\\User");

	(void)state;
	assert_int_equal(feed_challenge(f, 2, auth_chal), 0);
	expect_frame(f, RESPONSE_VECTOR("02", "3e", "48 55 42 5c 55 73 65 72"));
	assert_int_equal(feed_text(f, CHAP_SUCCESS, 2, SUCCESS_TEXT), 0);
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_SUCCESS);
	fx_free(f);
}

static void test_retransmitted_challenge(void **state)
{
	struct fx *f = fx_new("User");
	uint8_t other[16];

	(void)state;
	assert_int_equal(feed_challenge(f, 1, auth_chal), 0);
	expect_frame(f, RESPONSE_VECTOR("01", "3a", "55 73 65 72"));
	/* Same id and value: the same Response again, no new randomness used. */
	assert_int_equal(feed_challenge(f, 1, auth_chal), 0);
	expect_frame(f, RESPONSE_VECTOR("01", "3a", "55 73 65 72"));
	assert_int_equal(f->rand.off, 16);
	assert_int_equal(f->rand.next, 0xa0);
	/* A new id: a new peer challenge (the fake rand counts from a0) and a new NT-Response. */
	memcpy(other, auth_chal, 16);
	other[0] ^= 1;
	assert_int_equal(feed_challenge(f, 2, other), 0);
	expect_frame(f, "ff 03 c2 23 02 02 00 3a 31 a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af"
			" 00 00 00 00 00 00 00 00 .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .."
			" .. .. .. .. .. .. 00 55 73 65 72");
	/* The old id's Success no longer counts, nor does the old S= for the new exchange. */
	assert_int_equal(feed_text(f, CHAP_SUCCESS, 1, SUCCESS_TEXT), -EPROTO);
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_PENDING);
	assert_int_equal(feed_text(f, CHAP_SUCCESS, 2, SUCCESS_TEXT), 0);
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_FAILURE);
	assert_int_equal(chap_reason(&f->chap), SX_REASON_AUTH_UNVERIFIED);
	fx_free(f);
}

static void test_wrong_authenticator(void **state)
{
	static const char *const bad[] = {
		"S=407A5589115FD0D6209F510FE9C04566932CDA57 M=Access granted",	/* one bit off */
		"M=Access granted",						/* no S= */
		"S=407A5589115FD0D6209F510FE9C04566932CDA",			/* short */
		"",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fx *f = fx_new("User");
		uint8_t s[16], r[16];

		assert_int_equal(feed_challenge(f, 1, auth_chal), 0);
		expect_frame(f, RESPONSE_VECTOR("01", "3a", "55 73 65 72"));
		assert_int_equal(feed_text(f, CHAP_SUCCESS, 1, bad[i]), 0);
		assert_int_equal(chap_result(&f->chap), CHAP_RESULT_FAILURE);
		assert_int_equal(chap_reason(&f->chap), SX_REASON_AUTH_UNVERIFIED);
		assert_int_equal(chap_keys(&f->chap, s, r), -EPROTO);
		/* Final: a later good Success does not undo it. */
		assert_int_equal(feed_text(f, CHAP_SUCCESS, 1, SUCCESS_TEXT), -EPROTO);
		assert_int_equal(chap_result(&f->chap), CHAP_RESULT_FAILURE);
		fx_free(f);
	}
}

static void check_failure(const char *text, int code, const char *msg)
{
	struct fx *f = fx_new("User");

	assert_int_equal(feed_challenge(f, 9, auth_chal), 0);
	expect_frame(f, RESPONSE_VECTOR("09", "3a", "55 73 65 72"));
	assert_int_equal(feed_text(f, CHAP_FAILURE, 9, text), 0);
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_FAILURE);
	assert_int_equal(chap_reason(&f->chap), SX_REASON_AUTH_FAILED);
	assert_int_equal(chap_error(&f->chap), code);
	assert_string_equal(chap_message(&f->chap), msg);
	/* Failure is final: a new Challenge gets no Response. */
	assert_int_equal(feed_challenge(f, 10, auth_chal), -EPROTO);
	assert_null(pkt_q_pop(&f->ctx.txq));
	fx_free(f);
}

static void test_failure_codes(void **state)
{
	(void)state;
	check_failure("E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3",
		      691, "bad user name or password (E=691)");
	check_failure("E=691 R=1 C=00112233445566778899AABBCCDDEEFF V=3 M=Bad user or password",
		      691, "bad user name or password (E=691): Bad user or password");
	check_failure("E=649 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=No dial-in",
		      649, "no dial-in permission (E=649): No dial-in");
	check_failure("E=648", 648, "password expired (E=648)");
	check_failure("E=646 R=0", 646, "restricted logon hours (E=646)");
	check_failure("E=647 M=disabled", 647, "account disabled (E=647): disabled");
	check_failure("E=709 R=0 V=3", 709, "error changing password (E=709)");
	check_failure("E=123 R=0 V=3", 123, "error 123");
	check_failure("M=go away E=691", 0, "Failure without an E= code: go away E=691");
	check_failure("", 0, "Failure without an E= code");
	check_failure("E= R=1", 0, "Failure without an E= code");
	check_failure("XE=691", 0, "Failure without an E= code");
	check_failure("E=99999999999999999999", 99999, "error 99999");
}

static void test_malformed(void **state)
{
	struct fx *f = fx_new("User");

	(void)state;
	assert_int_equal(feed_hex(f, ""), -EBADMSG);
	assert_int_equal(feed_hex(f, "01 01 00"), -EBADMSG);
	assert_int_equal(feed_hex(f, "01 01 00 03"), -EBADMSG);		/* length < header */
	assert_int_equal(feed_hex(f, "01 01 00 20 10 00"), -EBADMSG);	/* length > bytes */
	assert_int_equal(feed_hex(f, "01 01 00 04"), -EBADMSG);		/* no value size */
	assert_int_equal(feed_hex(f, "01 01 00 0d 08 00 01 02 03 04 05 06 07"), -EBADMSG);
	assert_int_equal(feed_hex(f, "01 01 00 14 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e"),
			 -EBADMSG);					/* value cut short */
	assert_int_equal(feed_hex(f, "02 01 00 04"), -EBADMSG);		/* a Response to us */
	assert_int_equal(feed_hex(f, "05 01 00 04"), -EBADMSG);
	/* Success/Failure before any Response: ignored. */
	assert_int_equal(feed_text(f, CHAP_SUCCESS, 1, SUCCESS_TEXT), -EPROTO);
	assert_int_equal(feed_text(f, CHAP_FAILURE, 1, "E=691"), -EPROTO);
	assert_null(pkt_q_pop(&f->ctx.txq));
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_PENDING);
	/* Padding after the length field is ignored, and the exchange still works. */
	assert_int_equal(feed_hex(f, "01 05 00 15 10 5b 5d 7c 7d 7b 3f 2f 3e 3c 2c 60 21 32 26 26 28"
				     " ff ff ff"), 0);
	expect_frame(f, RESPONSE_VECTOR("05", "3a", "55 73 65 72"));
	assert_int_equal(feed_text(f, CHAP_FAILURE, 4, "E=691"), -EPROTO);	/* wrong id */
	assert_int_equal(chap_result(&f->chap), CHAP_RESULT_PENDING);
	fx_free(f);
}

static void test_init_args(void **state)
{
	struct pkt_pool pool;
	struct ppp_ctx ctx = { .pool = &pool };
	struct chap c;
	char long_name[300];
	uint8_t h[16] = { 0 };

	(void)state;
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(chap_init(&c, &ctx, "", h), -EINVAL);
	assert_int_equal(chap_init(&c, &ctx, NULL, h), -EINVAL);
	assert_int_equal(chap_init(&c, &ctx, long_name, h), -EINVAL);
	assert_null(chap_error_str(700));
	assert_string_equal(chap_error_str(691), "bad user name or password");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2759_vectors),
		cmocka_unit_test(test_success_without_message),
		cmocka_unit_test(test_domain_user),
		cmocka_unit_test(test_retransmitted_challenge),
		cmocka_unit_test(test_wrong_authenticator),
		cmocka_unit_test(test_failure_codes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_init_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
