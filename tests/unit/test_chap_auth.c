// SPDX-License-Identifier: MIT
/*
 * MS-CHAPv2 and PAP authenticators (ppp/chap_auth.c, ppp/pap_auth.c) driven packet by packet: the
 * RFC 2759 9.2 vectors from the authenticator's side (UserName "User", Password "clientPass"),
 * RFC 3079 3.5.3's key, Failure format (RFC 2759 6), retransmission, malformed input, fault knobs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/chap_auth.h"
#include "ppp/pap_auth.h"
#include "tests/peer/peer.h"

/* RFC 2759 9.2 */
static const uint8_t auth_chal[16] = { 0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
				       0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28 };
#define CHALLENGE_HEX "10 5b 5d 7c 7d 7b 3f 2f 3e 3c 2c 60 21 32 26 26 28"
#define NT_RESPONSE_HEX "82 30 9e cd 8d 70 8b 5e a0 8f aa 39 81 cd 83 54 42 33 11 4a 3d 85 d6 df"
#define PEER_CHAL_HEX "21 40 23 24 25 5e 26 2a 28 29 5f 2b 3a 33 7c 7e"
#define SUCCESS_TEXT "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted"
/* The fake rand below counts from a0: the C= of the first Failure. */
#define FAILURE_TEXT(code) "E=" code " R=0 C=A0A1A2A3A4A5A6A7A8A9AAABACADAEAF V=3 M=Authentication failure"

/* A Response packet (no PPP header): Value-Size 49, peer challenge, 8 zeros, NT, flags, name. */
#define RESPONSE(id, len, nt, name) \
	"02 " id " 00 " len " 31 " PEER_CHAL_HEX " 00 00 00 00 00 00 00 00 " nt " 00 " name

static int fake_rand_fn(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *next = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = (*next)++;
	return 0;
}

struct fx {
	struct pkt_pool pool;
	struct ppp_ctx ctx;
	uint8_t next_rand;
	char asked[4][64];	/* names the lookup was asked for, in order */
	unsigned nasked;
	struct chap_auth chap;
	struct pap_auth pap;
};

static void fx_ask(struct fx *f, const char *user)
{
	if (f->nasked < 4)
		snprintf(f->asked[f->nasked++], sizeof(f->asked[0]), "%s", user);
}

/* Knows one user, "User" with "clientPass". */
static bool chap_lookup(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	fx_ask(ctx, user);
	if (strcmp(user, "User"))
		return false;
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	return true;
}

static bool pap_lookup(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
		       size_t *password_len)
{
	fx_ask(ctx, user);
	if (strcmp(user, "User"))
		return false;
	memcpy(password, "clientPass", 10);
	*password_len = 10;
	return true;
}

static struct fx *fx_new(void)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(pkt_pool_init(&f.pool, 8, 512), 0);
	f.next_rand = 0xa0;
	f.ctx = (struct ppp_ctx){ .pool = &f.pool, .headroom = 4,
				  .rand = { .fn = fake_rand_fn, .ctx = &f.next_rand } };
	return &f;
}

static struct chap_auth_cfg chap_cfg(struct fx *f)
{
	struct chap_auth_cfg cfg = { .name = "srv", .lookup = chap_lookup, .lookup_ctx = f,
				     .id = 7, .restart_ms = 1000, .max_challenges = 3 };

	memcpy(cfg.challenge, auth_chal, 16);
	return cfg;
}

static struct fx *fx_chap(enum chap_auth_fault fault, int code)
{
	struct fx *f = fx_new();
	struct chap_auth_cfg cfg = chap_cfg(f);

	cfg.fault = fault;
	cfg.fail_code = code;
	assert_int_equal(chap_auth_init(&f->chap, &f->ctx, &cfg), 0);
	return f;
}

static void fx_free(struct fx *f)
{
	chap_auth_destroy(&f->chap);
	pap_auth_destroy(&f->pap);
	peer_pool_done(&f->ctx.txq, &f->pool);
}

static int feed_hex(struct fx *f, const char *hex)
{
	uint8_t buf[512];
	size_t n = peer_unhex(hex, buf, sizeof(buf), 0);

	return chap_auth_input(&f->chap, buf, n, 0);
}

/* Pops the next queued frame and compares it with a peer_hex pattern. */
static void expect_frame(struct fx *f, const char *pattern)
{
	peer_expect_frame(pkt_q_pop(&f->ctx.txq), &f->pool, pattern);
}

/* Pops the next frame and checks it is FF 03 | proto | code | id | length | text, byte for byte. */
static void expect_text(struct fx *f, uint16_t proto, uint8_t code, uint8_t id, const char *text)
{
	struct pkt *p = pkt_q_pop(&f->ctx.txq);
	size_t n = strlen(text);
	uint8_t *d;

	assert_non_null(p);
	d = pkt_data(p);
	assert_int_equal(p->len, 8 + n);
	assert_int_equal(d[0], 0xff);
	assert_int_equal(d[1], 0x03);
	assert_int_equal(d[2] << 8 | d[3], proto);
	assert_int_equal(d[4], code);
	assert_int_equal(d[5], id);
	assert_int_equal(d[6] << 8 | d[7], 4 + n);
	if (memcmp(d + 8, text, n))
		fail_msg("text \"%.*s\", want \"%s\"", (int)n, (const char *)d + 8, text);
	pkt_pool_ret(&f->pool, p);
}

/* A CHAP fixture whose Challenge already went out (and was checked) at time 0. */
static struct fx *fx_chap_started(enum chap_auth_fault fault, int code)
{
	struct fx *f = fx_chap(fault, code);

	assert_int_equal(chap_auth_start(&f->chap, 0), 0);
	expect_frame(f, "ff 03 c2 23 01 07 00 18 " CHALLENGE_HEX " 73 72 76");
	return f;
}

static void test_rfc2759_vectors(void **state)
{
	/* RFC 3079 3.5.3: SendStartKey128 on the server's side. */
	static const uint8_t server_send[16] = { 0x8B, 0x7C, 0xDC, 0x14, 0x9B, 0x99, 0x3A, 0x1B,
						 0xA1, 0x18, 0xCB, 0x15, 0x3F, 0x56, 0xDC, 0xCB };
	static const uint8_t nt_resp[24] = { 0x82, 0x30, 0x9E, 0xCD, 0x8D, 0x70, 0x8B, 0x5E,
					     0xA0, 0x8F, 0xAA, 0x39, 0x81, 0xCD, 0x83, 0x54,
					     0x42, 0x33, 0x11, 0x4A, 0x3D, 0x85, 0xD6, 0xDF };
	struct fx *f = fx_chap(CHAP_AUTH_FAULT_NONE, 0);
	uint8_t send[16], recv[16], hlak[32], want[32], nt_hash[16], csend[16], crecv[16];

	(void)state;
	assert_int_equal(chap_auth_keys(&f->chap, send, recv), -EPROTO);
	assert_int_equal(chap_auth_hlak(&f->chap, hlak), -EPROTO);
	assert_int_equal(chap_auth_start(&f->chap, 0), 0);
	/* RFC 2759 3: code 1, id, length 24, Value-Size 16, the challenge, Name "srv". */
	expect_frame(f, "ff 03 c2 23 01 07 00 18 " CHALLENGE_HEX " 73 72 76");
	assert_int_equal(chap_auth_next_deadline(&f->chap), 1000);
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), 0);
	expect_text(f, PPP_CHAP, CHAP_SUCCESS, 7, SUCCESS_TEXT);
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_SUCCESS);
	assert_int_equal(chap_auth_reason(&f->chap), SX_REASON_NONE);
	assert_int_equal(chap_auth_next_deadline(&f->chap), 0);
	assert_string_equal(chap_auth_user(&f->chap), "User");
	assert_int_equal(f->nasked, 1);
	assert_int_equal(chap_auth_keys(&f->chap, send, recv), 0);
	assert_memory_equal(send, server_send, 16);
	/* The HLAK is the client's MasterSendKey | MasterReceiveKey (MS-SSTP 3.2.5.2). */
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	assert_int_equal(mppe_client_keys(nt_hash, nt_resp, csend, crecv), 0);
	assert_memory_equal(csend, recv, 16);
	cbind_hlak_mschapv2(csend, crecv, want);
	assert_int_equal(chap_auth_hlak(&f->chap, hlak), 0);
	assert_memory_equal(hlak, want, 32);
	/* RFC 1994 4.1: a repeated Response gets the same Success, not a new check. */
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), 0);
	expect_text(f, PPP_CHAP, CHAP_SUCCESS, 7, SUCCESS_TEXT);
	assert_int_equal(f->nasked, 1);
	chap_auth_tick(&f->chap, 5000);
	assert_null(pkt_q_pop(&f->ctx.txq));
	fx_free(f);
}

#define WRONG_NT "82 30 9e cd 8d 70 8b 5e a0 8f aa 39 81 cd 83 54 42 33 11 4a 3d 85 d6 de"

static void test_wrong_nt_response(void **state)
{
	struct fx *f = fx_chap_started(CHAP_AUTH_FAULT_NONE, 0);
	uint8_t hlak[32];

	(void)state;
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", WRONG_NT, "55 73 65 72")), 0);
	expect_text(f, PPP_CHAP, CHAP_FAILURE, 7, FAILURE_TEXT("691"));
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_FAILURE);
	assert_int_equal(chap_auth_reason(&f->chap), SX_REASON_AUTH_FAILED);
	assert_int_equal(chap_auth_error(&f->chap), 691);
	assert_non_null(strstr(chap_auth_message(&f->chap), "wrong NT-Response"));
	assert_int_equal(chap_auth_hlak(&f->chap, hlak), -EPROTO);
	/* The repeated Response gets the very same Failure (same C=, no new randomness). */
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), 0);
	expect_text(f, PPP_CHAP, CHAP_FAILURE, 7, FAILURE_TEXT("691"));
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_FAILURE);
	assert_int_equal(f->next_rand, 0xb0);
	fx_free(f);
}

static void test_unknown_user(void **state)
{
	struct fx *f = fx_chap_started(CHAP_AUTH_FAULT_NONE, 0);

	(void)state;
	/* "DOM\Nobody": asked as sent, then by its base name; neither is known. */
	assert_int_equal(feed_hex(f, RESPONSE("07", "40", NT_RESPONSE_HEX,
					      "44 4f 4d 5c 4e 6f 62 6f 64 79")), 0);
	expect_text(f, PPP_CHAP, CHAP_FAILURE, 7, FAILURE_TEXT("691"));
	assert_int_equal(f->nasked, 2);
	assert_string_equal(f->asked[0], "DOM\\Nobody");
	assert_string_equal(f->asked[1], "Nobody");
	assert_string_equal(chap_auth_user(&f->chap), "DOM\\Nobody");
	assert_non_null(strstr(chap_auth_message(&f->chap), "unknown user"));
	assert_int_equal(chap_auth_error(&f->chap), 691);
	fx_free(f);
}

/* RFC 2759 4: only the part after '\' is hashed; the lookup finds "HUB\User" by its base name. */
static void test_domain_user(void **state)
{
	struct fx *f = fx_chap_started(CHAP_AUTH_FAULT_NONE, 0);

	(void)state;
	assert_int_equal(feed_hex(f, RESPONSE("07", "3e", NT_RESPONSE_HEX,
					      "48 55 42 5c 55 73 65 72")), 0);
	expect_text(f, PPP_CHAP, CHAP_SUCCESS, 7, SUCCESS_TEXT);
	assert_int_equal(f->nasked, 2);
	assert_string_equal(f->asked[0], "HUB\\User");
	assert_string_equal(f->asked[1], "User");
	assert_string_equal(chap_auth_user(&f->chap), "HUB\\User");
	fx_free(f);
}

static void test_retransmit_and_give_up(void **state)
{
	struct fx *f = fx_chap(CHAP_AUTH_FAULT_NONE, 0);

	(void)state;
	assert_int_equal(chap_auth_next_deadline(&f->chap), 0);
	assert_int_equal(chap_auth_start(&f->chap, 100), 0);
	expect_frame(f, "ff 03 c2 23 01 07 00 18 " CHALLENGE_HEX " 73 72 76");
	chap_auth_tick(&f->chap, 1099);
	assert_null(pkt_q_pop(&f->ctx.txq));
	/* RFC 1994 4.1: the same Identifier and value each time. */
	chap_auth_tick(&f->chap, 1100);
	expect_frame(f, "ff 03 c2 23 01 07 00 18 " CHALLENGE_HEX " 73 72 76");
	assert_int_equal(chap_auth_next_deadline(&f->chap), 2100);
	chap_auth_tick(&f->chap, 2100);
	expect_frame(f, "ff 03 c2 23 01 07 00 18 " CHALLENGE_HEX " 73 72 76");
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_PENDING);
	/* max_challenges = 3: the third deadline ends it. */
	chap_auth_tick(&f->chap, 3100);
	assert_null(pkt_q_pop(&f->ctx.txq));
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_FAILURE);
	assert_int_equal(chap_auth_reason(&f->chap), SX_REASON_PEER_SILENT);
	assert_int_equal(chap_auth_error(&f->chap), 0);
	assert_int_equal(chap_auth_next_deadline(&f->chap), 0);
	/* A late Response is not answered. */
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), -EPROTO);
	assert_null(pkt_q_pop(&f->ctx.txq));
	fx_free(f);
}

static void test_response_stops_retransmission(void **state)
{
	struct fx *f = fx_chap(CHAP_AUTH_FAULT_NONE, 0);

	(void)state;
	assert_int_equal(chap_auth_start(&f->chap, 0), 0);
	chap_auth_tick(&f->chap, 1000);
	expect_frame(f, "ff 03 c2 23 01 07 00 18 " CHALLENGE_HEX " 73 72 76");
	expect_frame(f, "ff 03 c2 23 01 07 00 18 " CHALLENGE_HEX " 73 72 76");
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), 0);
	expect_text(f, PPP_CHAP, CHAP_SUCCESS, 7, SUCCESS_TEXT);
	assert_int_equal(chap_auth_next_deadline(&f->chap), 0);
	chap_auth_tick(&f->chap, 10000);
	assert_null(pkt_q_pop(&f->ctx.txq));
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_SUCCESS);
	fx_free(f);
}

/*
 * Malformed packets are dropped (-EBADMSG) and change nothing: the Challenge keeps being
 * retransmitted. Valid packets of the wrong kind or Identifier are ignored (-EPROTO). A
 * well-formed Response with non-zero reserved octets or flags is refused with E=691 (strict).
 */
static void test_malformed(void **state)
{
	struct fx *f = fx_chap_started(CHAP_AUTH_FAULT_NONE, 0);

	(void)state;
	assert_int_equal(feed_hex(f, "02 07 00"), -EBADMSG);
	assert_int_equal(feed_hex(f, "02 07 00 03"), -EBADMSG);
	assert_int_equal(feed_hex(f, "02 07 00 40 31"), -EBADMSG);
	/* Value-Size 48 and 50. */
	assert_int_equal(feed_hex(f, "02 07 00 39 30 " PEER_CHAL_HEX " 00 00 00 00 00 00 00 00 "
				     NT_RESPONSE_HEX " 55 73 65 72"), -EBADMSG);
	assert_int_equal(feed_hex(f, "02 07 00 3b 32 " PEER_CHAL_HEX " 00 00 00 00 00 00 00 00 "
				     NT_RESPONSE_HEX " 00 00 55 73 65 72"), -EBADMSG);
	/* Value-Size 49 but the value cut short by the Length field (extra octets are padding). */
	assert_int_equal(feed_hex(f, "02 07 00 30 31 " PEER_CHAL_HEX " 00 00 00 00 00 00 00 00 "
				     NT_RESPONSE_HEX " 00"), -EBADMSG);
	assert_int_equal(feed_hex(f, "09 07 00 04"), -EBADMSG);
	assert_int_equal(feed_hex(f, "01 07 00 04"), -EPROTO);
	assert_int_equal(feed_hex(f, "03 07 00 04"), -EPROTO);
	assert_int_equal(feed_hex(f, RESPONSE("08", "3a", NT_RESPONSE_HEX, "55 73 65 72")), -EPROTO);
	assert_null(pkt_q_pop(&f->ctx.txq));
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_PENDING);
	assert_int_equal(chap_auth_next_deadline(&f->chap), 1000);
	/* Flags octet 01. */
	assert_int_equal(feed_hex(f, "02 07 00 3a 31 " PEER_CHAL_HEX " 00 00 00 00 00 00 00 00 "
				     NT_RESPONSE_HEX " 01 55 73 65 72"), 0);
	expect_text(f, PPP_CHAP, CHAP_FAILURE, 7, FAILURE_TEXT("691"));
	assert_non_null(strstr(chap_auth_message(&f->chap), "reserved"));
	fx_free(f);

	/* A name with a NUL inside is nobody's name. */
	f = fx_chap_started(CHAP_AUTH_FAULT_NONE, 0);
	assert_int_equal(feed_hex(f, RESPONSE("07", "3b", NT_RESPONSE_HEX, "55 73 65 72 00")), 0);
	expect_text(f, PPP_CHAP, CHAP_FAILURE, 7, FAILURE_TEXT("691"));
	assert_int_equal(f->nasked, 0);
	fx_free(f);
	f = fx_chap(CHAP_AUTH_FAULT_NONE, 0);	/* not started: no answer */
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), -EPROTO);
	assert_null(pkt_q_pop(&f->ctx.txq));
	fx_free(f);
}

static void test_fault_fail_codes(void **state)
{
	static const int codes[] = { 691, 646, 647, 648, 649, 709, 12345 };
	char want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct fx *f = fx_chap_started(CHAP_AUTH_FAULT_FAIL, codes[i]);

		/* The right password is refused all the same. */
		assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")),
				 0);
		snprintf(want, sizeof(want),
			 "E=%d R=0 C=A0A1A2A3A4A5A6A7A8A9AAABACADAEAF V=3 M=Authentication failure",
			 codes[i]);
		expect_text(f, PPP_CHAP, CHAP_FAILURE, 7, want);
		assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_FAILURE);
		assert_int_equal(chap_auth_error(&f->chap), codes[i]);
		fx_free(f);
	}
}

static void test_fault_wrong_s(void **state)
{
	struct fx *f = fx_chap_started(CHAP_AUTH_FAULT_WRONG_S, 0);

	(void)state;
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), 0);
	/* The true S= ends in 6; the knob changes that digit only. */
	expect_text(f, PPP_CHAP, CHAP_SUCCESS, 7,
		    "S=407A5589115FD0D6209F510FE9C04566932CDA50 M=Access granted");
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_SUCCESS);
	fx_free(f);
}

static void test_fault_silent(void **state)
{
	struct fx *f = fx_chap_started(CHAP_AUTH_FAULT_SILENT, 0);

	(void)state;
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), 0);
	assert_int_equal(feed_hex(f, RESPONSE("07", "3a", NT_RESPONSE_HEX, "55 73 65 72")), 0);
	assert_null(pkt_q_pop(&f->ctx.txq));
	/* The Response stopped the Challenges; the answer never comes. */
	assert_int_equal(chap_auth_next_deadline(&f->chap), 0);
	chap_auth_tick(&f->chap, 60000);
	assert_null(pkt_q_pop(&f->ctx.txq));
	assert_int_equal(chap_auth_result(&f->chap), CHAP_RESULT_PENDING);
	fx_free(f);
}

static void test_init_args(void **state)
{
	struct fx *f = fx_new();
	struct chap_auth_cfg cfg = chap_cfg(f);
	char longname[CHAP_USER_MAX + 2];

	(void)state;
	cfg.lookup = NULL;
	assert_int_equal(chap_auth_init(&f->chap, &f->ctx, &cfg), -EINVAL);
	cfg = chap_cfg(f);
	cfg.fault = CHAP_AUTH_FAULT_FAIL;
	assert_int_equal(chap_auth_init(&f->chap, &f->ctx, &cfg), -EINVAL);
	cfg.fail_code = 100000;
	assert_int_equal(chap_auth_init(&f->chap, &f->ctx, &cfg), -EINVAL);
	cfg = chap_cfg(f);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	cfg.name = longname;
	assert_int_equal(chap_auth_init(&f->chap, &f->ctx, &cfg), -EINVAL);
	/* An empty name and defaults for the timers. */
	cfg = chap_cfg(f);
	cfg.name = NULL;
	cfg.restart_ms = 0;
	cfg.max_challenges = 0;
	assert_int_equal(chap_auth_init(&f->chap, &f->ctx, &cfg), 0);
	assert_int_equal(chap_auth_start(&f->chap, 0), 0);
	expect_frame(f, "ff 03 c2 23 01 07 00 15 " CHALLENGE_HEX);
	assert_int_equal(chap_auth_next_deadline(&f->chap), CHAP_AUTH_RESTART_MS);
	fx_free(f);
}

static int pap_feed(struct fx *f, const char *hex)
{
	uint8_t buf[512];
	size_t n = peer_unhex(hex, buf, sizeof(buf), 0);

	return pap_auth_input(&f->pap, buf, n, 0);
}

static struct fx *fx_pap(enum pap_auth_fault fault, bool start)
{
	struct fx *f = fx_new();
	struct pap_auth_cfg cfg = { .lookup = pap_lookup, .lookup_ctx = f, .wait_ms = 5000,
				    .fault = fault };

	assert_int_equal(pap_auth_init(&f->pap, &f->ctx, &cfg), 0);
	if (start)
		assert_int_equal(pap_auth_start(&f->pap, 0), 0);
	return f;
}

/* "User" / "clientPass" */
#define PAP_REQ(id) "01 " id " 00 14 04 55 73 65 72 0a 63 6c 69 65 6e 74 50 61 73 73"
#define PAP_REQ_WRONG(id) "01 " id " 00 14 04 55 73 65 72 0a 63 6c 69 65 6e 74 50 61 73 74"
#define PAP_ACK(id) "ff 03 c0 23 02 " id " 00 13 0e 41 63 63 65 73 73 20 67 72 61 6e 74 65 64"

static void test_pap_ack_and_repeat(void **state)
{
	struct fx *f = fx_pap(PAP_AUTH_FAULT_NONE, false);
	uint8_t hlak[32], zero[32] = { 0 };

	(void)state;
	assert_int_equal(pap_feed(f, PAP_REQ("01")), -EPROTO);	/* not started */
	assert_int_equal(pap_auth_start(&f->pap, 10), 0);
	assert_int_equal(pap_auth_next_deadline(&f->pap), 5010);
	assert_int_equal(pap_auth_hlak(&f->pap, hlak), -EPROTO);
	assert_int_equal(pap_feed(f, PAP_REQ("01")), 0);
	/* RFC 1334 2.2.2: Msg-Length then the message. */
	expect_frame(f, PAP_ACK("01"));
	assert_int_equal(pap_auth_result(&f->pap), PAP_RESULT_SUCCESS);
	assert_int_equal(pap_auth_reason(&f->pap), SX_REASON_NONE);
	assert_string_equal(pap_auth_user(&f->pap), "User");
	assert_int_equal(pap_auth_next_deadline(&f->pap), 0);
	memset(hlak, 0xff, sizeof(hlak));
	assert_int_equal(pap_auth_hlak(&f->pap, hlak), 0);
	assert_memory_equal(hlak, zero, 32);
	/* Same id, and the peer's next id: the same Ack, without a new lookup. */
	assert_int_equal(pap_feed(f, PAP_REQ("01")), 0);
	expect_frame(f, PAP_ACK("01"));
	assert_int_equal(pap_feed(f, PAP_REQ_WRONG("02")), 0);
	expect_frame(f, PAP_ACK("02"));
	assert_int_equal(f->nasked, 1);
	fx_free(f);
}

#define PAP_NAK(id) "ff 03 c0 23 03 " id " 00 1b 16 41 75 74 68 65 6e 74 69 63 61 74 69 6f 6e" \
		    " 20 66 61 69 6c 75 72 65"

static void test_pap_nak(void **state)
{
	struct fx *f = fx_pap(PAP_AUTH_FAULT_NONE, true);

	(void)state;
	assert_int_equal(pap_feed(f, PAP_REQ_WRONG("05")), 0);
	expect_frame(f, PAP_NAK("05"));
	assert_int_equal(pap_auth_result(&f->pap), PAP_RESULT_FAILURE);
	assert_int_equal(pap_auth_reason(&f->pap), SX_REASON_AUTH_FAILED);
	assert_string_equal(pap_auth_message(&f->pap), "wrong password");
	assert_int_equal(pap_feed(f, PAP_REQ("05")), 0);
	expect_frame(f, PAP_NAK("05"));
	assert_int_equal(pap_auth_result(&f->pap), PAP_RESULT_FAILURE);
	fx_free(f);

	/* Unknown user; a prefix of the password; the NAK knob with the right password. */
	f = fx_pap(PAP_AUTH_FAULT_NONE, true);
	assert_int_equal(pap_feed(f, "01 01 00 0a 03 42 6f 62 01 78"), 0);
	expect_frame(f, PAP_NAK("01"));
	assert_string_equal(pap_auth_message(&f->pap), "unknown user");
	fx_free(f);
	f = fx_pap(PAP_AUTH_FAULT_NONE, true);
	assert_int_equal(pap_feed(f, "01 01 00 0f 04 55 73 65 72 05 63 6c 69 65 6e"), 0);
	expect_frame(f, PAP_NAK("01"));
	fx_free(f);
	f = fx_pap(PAP_AUTH_FAULT_NAK, true);
	assert_int_equal(pap_feed(f, PAP_REQ("09")), 0);
	expect_frame(f, PAP_NAK("09"));
	fx_free(f);
}

static void test_pap_malformed_and_silence(void **state)
{
	struct fx *f = fx_pap(PAP_AUTH_FAULT_NONE, true);

	(void)state;
	assert_int_equal(pap_feed(f, "01 01 00"), -EBADMSG);
	assert_int_equal(pap_feed(f, "01 01 00 04"), -EBADMSG);
	assert_int_equal(pap_feed(f, "01 01 00 09 04 55 73 65 72"), -EBADMSG);
	assert_int_equal(pap_feed(f, "01 01 00 0a 04 55 73 65 72 02"), -EBADMSG);
	assert_int_equal(pap_feed(f, "01 01 00 20 04 55 73 65 72 00"), -EBADMSG);
	assert_int_equal(pap_feed(f, "02 01 00 05 00"), -EPROTO);
	assert_int_equal(pap_feed(f, "07 01 00 04"), -EBADMSG);
	assert_null(pkt_q_pop(&f->ctx.txq));
	assert_int_equal(pap_auth_result(&f->pap), PAP_RESULT_PENDING);
	pap_auth_tick(&f->pap, 4999);
	assert_int_equal(pap_auth_result(&f->pap), PAP_RESULT_PENDING);
	pap_auth_tick(&f->pap, 5000);
	assert_int_equal(pap_auth_result(&f->pap), PAP_RESULT_FAILURE);
	assert_int_equal(pap_auth_reason(&f->pap), SX_REASON_PEER_SILENT);
	assert_int_equal(pap_auth_next_deadline(&f->pap), 0);
	fx_free(f);

	/* The silent knob: the request is checked but never answered. */
	f = fx_pap(PAP_AUTH_FAULT_SILENT, true);
	assert_int_equal(pap_feed(f, PAP_REQ("01")), 0);
	assert_int_equal(pap_feed(f, PAP_REQ("02")), 0);
	assert_null(pkt_q_pop(&f->ctx.txq));
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2759_vectors),
		cmocka_unit_test(test_wrong_nt_response),
		cmocka_unit_test(test_unknown_user),
		cmocka_unit_test(test_domain_user),
		cmocka_unit_test(test_retransmit_and_give_up),
		cmocka_unit_test(test_response_stops_retransmission),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_fault_fail_codes),
		cmocka_unit_test(test_fault_wrong_s),
		cmocka_unit_test(test_fault_silent),
		cmocka_unit_test(test_init_args),
		cmocka_unit_test(test_pap_ack_and_repeat),
		cmocka_unit_test(test_pap_nak),
		cmocka_unit_test(test_pap_malformed_and_silence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
