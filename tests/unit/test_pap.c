// SPDX-License-Identifier: MIT
/* PAP peer role (RFC 1334 2): Ack, Nak with its message, retransmission by deadline, give-up. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/pap.h"
#include "tests/peer/peer.h"

struct fx {
	struct pkt_pool pool;
	struct ppp_ctx ctx;
	struct pap pap;
};

static struct fx *fx_new(uint32_t restart_ms, unsigned max_requests)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(pkt_pool_init(&f.pool, 4, 600), 0);
	f.ctx = (struct ppp_ctx){ .pool = &f.pool, .headroom = 4 };
	assert_int_equal(pap_init(&f.pap, &f.ctx, "test", "pw12", 4, restart_ms, max_requests), 0);
	return &f;
}

static void fx_free(struct fx *f)
{
	pap_destroy(&f->pap);
	peer_pool_done(&f->ctx.txq, &f->pool);
}

/* Pops the next queued frame and compares it with a peer_hex pattern. */
static void expect_frame(struct fx *f, const char *hex)
{
	peer_expect_frame(pkt_q_pop(&f->ctx.txq), &f->pool, hex);
}

static int feed(struct fx *f, const char *hex, uint64_t now)
{
	uint8_t buf[600];
	size_t n = peer_unhex(hex, buf, sizeof(buf), 0);

	return pap_input(&f->pap, buf, n, now);
}

/* Authenticate-Request id=N: Peer-ID "test", Password "pw12". */
#define REQ(id) "ff 03 c0 23 01 " id " 00 0e 04 74 65 73 74 04 70 77 31 32"

static void test_ack(void **state)
{
	struct fx *f = fx_new(0, 0);

	(void)state;
	assert_int_equal(pap_next_deadline(&f->pap), 0);
	assert_int_equal(pap_start(&f->pap, 1000), 0);
	expect_frame(f, REQ("01"));
	assert_int_equal(pap_next_deadline(&f->pap), 1000 + PAP_RESTART_MS);
	assert_int_equal(feed(f, "02 02 00 05 00", 1100), -EPROTO);	/* wrong id */
	assert_int_equal(pap_result(&f->pap), PAP_RESULT_PENDING);
	assert_int_equal(feed(f, "02 01 00 07 02 4f 4b", 1100), 0);
	assert_int_equal(pap_result(&f->pap), PAP_RESULT_SUCCESS);
	assert_int_equal(pap_reason(&f->pap), SX_REASON_NONE);
	assert_string_equal(pap_message(&f->pap), "OK");
	assert_int_equal(pap_next_deadline(&f->pap), 0);
	pap_tick(&f->pap, 100000);
	assert_null(pkt_q_pop(&f->ctx.txq));
	assert_int_equal(feed(f, "03 01 00 05 00", 1200), -EPROTO);	/* too late */
	assert_int_equal(pap_result(&f->pap), PAP_RESULT_SUCCESS);
	fx_free(f);
}

static void test_nak(void **state)
{
	struct fx *f = fx_new(0, 0);

	(void)state;
	assert_int_equal(pap_start(&f->pap, 0), 0);
	expect_frame(f, REQ("01"));
	assert_int_equal(feed(f, "03 01 00 0f 0a 62 61 64 20 70 61 73 73 77 64", 10), 0);
	assert_int_equal(pap_result(&f->pap), PAP_RESULT_FAILURE);
	assert_int_equal(pap_reason(&f->pap), SX_REASON_AUTH_FAILED);
	assert_string_equal(pap_message(&f->pap), "bad passwd");
	assert_int_equal(pap_next_deadline(&f->pap), 0);
	fx_free(f);

	f = fx_new(0, 0);
	assert_int_equal(pap_start(&f->pap, 0), 0);
	expect_frame(f, REQ("01"));
	assert_int_equal(feed(f, "03 01 00 05 00", 10), 0);
	assert_string_equal(pap_message(&f->pap), "Authenticate-Nak without a message");
	fx_free(f);
}

static void test_retransmit_and_give_up(void **state)
{
	struct fx *f = fx_new(2000, 3);

	(void)state;
	assert_int_equal(pap_start(&f->pap, 500), 0);
	expect_frame(f, REQ("01"));
	pap_tick(&f->pap, 2499);			/* before the deadline: nothing */
	assert_null(pkt_q_pop(&f->ctx.txq));
	pap_tick(&f->pap, 2500);
	expect_frame(f, REQ("02"));
	assert_int_equal(pap_next_deadline(&f->pap), 4500);
	pap_tick(&f->pap, 4500);
	expect_frame(f, REQ("03"));
	/* An Ack for an earlier identifier is not the answer to the last request. */
	assert_int_equal(feed(f, "02 02 00 05 00", 4600), -EPROTO);
	pap_tick(&f->pap, 6500);
	assert_null(pkt_q_pop(&f->ctx.txq));
	assert_int_equal(pap_result(&f->pap), PAP_RESULT_FAILURE);
	assert_int_equal(pap_reason(&f->pap), SX_REASON_PEER_SILENT);
	assert_int_equal(pap_next_deadline(&f->pap), 0);
	fx_free(f);
}

static void test_default_ten_requests(void **state)
{
	struct fx *f = fx_new(0, 0);
	uint64_t now = 0;
	unsigned sent = 0;

	(void)state;
	assert_int_equal(pap_start(&f->pap, now), 0);
	while (pap_next_deadline(&f->pap)) {
		struct pkt *p;

		while ((p = pkt_q_pop(&f->ctx.txq))) {
			sent++;
			pkt_pool_ret(&f->pool, p);
		}
		now = pap_next_deadline(&f->pap);
		pap_tick(&f->pap, now);
	}
	assert_int_equal(sent, PAP_MAX_REQUESTS);
	assert_int_equal(now, (uint64_t)PAP_MAX_REQUESTS * PAP_RESTART_MS);
	assert_int_equal(pap_reason(&f->pap), SX_REASON_PEER_SILENT);
	fx_free(f);
}

static void test_malformed(void **state)
{
	struct fx *f = fx_new(0, 0);
	struct pap p2;
	char big[300];

	(void)state;
	assert_int_equal(pap_start(&f->pap, 0), 0);
	expect_frame(f, REQ("01"));
	assert_int_equal(feed(f, "", 1), -EBADMSG);
	assert_int_equal(feed(f, "02 01 00", 1), -EBADMSG);
	assert_int_equal(feed(f, "02 01 00 04", 1), -EBADMSG);		/* no Msg-Length */
	assert_int_equal(feed(f, "02 01 00 06 05 41", 1), -EBADMSG);	/* message overruns */
	assert_int_equal(feed(f, "02 01 00 09 00", 1), -EBADMSG);	/* length overruns */
	assert_int_equal(feed(f, "01 01 00 05 00", 1), -EBADMSG);	/* a request to us */
	assert_int_equal(pap_result(&f->pap), PAP_RESULT_PENDING);
	assert_int_equal(feed(f, "02 01 00 05 00 ee ee", 1), 0);	/* padding ignored */
	assert_int_equal(pap_result(&f->pap), PAP_RESULT_SUCCESS);
	fx_free(f);

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(pap_init(&p2, &f->ctx, "", "pw", 2, 0, 0), -EINVAL);
	assert_int_equal(pap_init(&p2, &f->ctx, big, "pw", 2, 0, 0), -EINVAL);
	assert_int_equal(pap_init(&p2, &f->ctx, "u", big, 256, 0, 0), -EINVAL);
	assert_int_equal(pap_init(&p2, &f->ctx, "u", big, 255, 0, 0), 0);
	pap_destroy(&p2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ack),
		cmocka_unit_test(test_nak),
		cmocka_unit_test(test_retransmit_and_give_up),
		cmocka_unit_test(test_default_ten_requests),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
