// SPDX-License-Identifier: MIT
/* IPv6CP (RFC 5072) Interface-Identifier negotiation byte for byte, collisions included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/ipv6cp.h"
#include "tests/peer/peer.h"

/*
 * The harness drives one struct ipv6cp with whole frames (FF 03 80 57 ...); events are fsm notes.
 * Randomness yields the identifiers 0011223344556677, 8899aabbccddeeff, 0102030405060708 in turn.
 */
struct rig {
	struct pkt_pool pool;
	struct ppp_ctx ctx;
	struct ipv6cp v6;
	unsigned rand_n;
	char events[16][64];
	unsigned ev_head, ev_tail;
	char log[64][160];
	unsigned nlog;
	struct peer peer;
};

static struct rig R;

static int rig_rand(void *c, uint8_t *buf, size_t len)
{
	static const uint64_t seq[] = {
		0x0011223344556677ull, 0x8899aabbccddeeffull, 0x0102030405060708ull,
	};
	uint64_t v = seq[R.rand_n++ % 3];

	(void)c;
	assert_int_equal(len, sizeof(v));
	memcpy(buf, &v, sizeof(v));
	return 0;
}

static void rig_log(void *c, enum sx_level level, const char *line)
{
	(void)c, (void)level;
	if (R.nlog < 64)
		snprintf(R.log[R.nlog++], sizeof(R.log[0]), "%s", line);
}

static bool has_log(const char *line)
{
	unsigned i;

	for (i = 0; i < R.nlog; i++)
		if (!strcmp(R.log[i], line))
			return true;
	return false;
}

static void rig_notify(void *user, struct fsm *f, enum fsm_note note, uint32_t arg)
{
	char *e = R.events[R.ev_tail++ % 16];

	(void)user, (void)arg;
	switch (note) {
	case FSM_NOTE_UP: snprintf(e, 64, "up"); break;
	case FSM_NOTE_DOWN: snprintf(e, 64, "down"); break;
	case FSM_NOTE_STARTED: snprintf(e, 64, "started"); break;
	case FSM_NOTE_FINISHED:
		snprintf(e, 64, "finished %s", sx_reason_str(fsm_reason(f)));
		break;
	case FSM_NOTE_PROTREJ: snprintf(e, 64, "protrej"); break;
	}
}

static int rig_input(void *core, const uint8_t *buf, size_t len, uint64_t now)
{
	const uint8_t *info;
	size_t ilen;
	uint16_t proto;

	if (ppp_frame_parse(buf, len, &proto, &info, &ilen) || proto != PPP_IPV6CP)
		return -EBADMSG;
	return fsm_input(core, info, ilen, now);
}

static void rig_tick(void *core, uint64_t now) { fsm_tick(core, now); }
static uint64_t rig_deadline(void *core) { return fsm_next_deadline(core); }

static long rig_pop_tx(void *core, uint8_t *buf, size_t cap)
{
	struct pkt *p = pkt_q_pop(&R.ctx.txq);
	long n;

	(void)core;
	if (!p)
		return 0;
	n = p->len <= cap ? (long)p->len : -1;
	if (n > 0)
		memcpy(buf, pkt_data(p), p->len);
	pkt_pool_ret(&R.pool, p);
	return n;
}

static bool rig_pop_event(void *core, char *buf, size_t cap)
{
	(void)core;
	if (R.ev_head == R.ev_tail)
		return false;
	snprintf(buf, cap, "%s", R.events[R.ev_head++ % 16]);
	return true;
}

static const struct peer_ops rig_ops = {
	rig_input, rig_tick, rig_deadline, rig_pop_tx, rig_pop_event,
};

static void rig_start(void)
{
	assert_int_equal(ipv6cp_init(&R.v6, &R.ctx, NULL), 0);
	fsm_set_notify(&R.v6.fsm, rig_notify, NULL);
	R.peer = (struct peer){ .ops = &rig_ops, .core = &R.v6.fsm, .now = 0 };
	fsm_open(&R.v6.fsm, 0);
	fsm_up(&R.v6.fsm, 0);
}

static int setup(void **state)
{
	(void)state;
	memset(&R, 0, sizeof(R));
	assert_int_equal(pkt_pool_init(&R.pool, 32, 2048), 0);
	R.ctx.pool = &R.pool;
	R.ctx.headroom = 4;
	R.ctx.log = (struct sx_log){ rig_log, NULL, SX_LOG_DEBUG };
	R.ctx.rand = (struct sx_rand){ rig_rand, NULL };
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pkt_q_drain(&R.ctx.txq, &R.pool);
	pkt_pool_destroy(&R.pool);
	return 0;
}

#define OUR_REQ1 "ff 03 80 57 01 01 00 0e 01 0a 00 11 22 33 44 55 66 77"

/* Both ids exchanged; the peer Naks ours with a suggestion, which we take. */
static void test_negotiation(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 02 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		SEND_RX("ff 03 80 57 03 01 00 0e 01 0a 12 34 56 78 9a bc de f0"),
		EXPECT_TX("ff 03 80 57 01 02 00 0e 01 0a 12 34 56 78 9a bc de f0"),
		SEND_RX("ff 03 80 57 02 02 00 0e 01 0a 12 34 56 78 9a bc de f0"),
		EXPECT_EVENT("up"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_state(&R.v6.fsm), FSM_OPENED);
	assert_true(ipv6cp_id(&R.v6) == 0x123456789abcdef0ull);
	assert_true(ipv6cp_peer_id(&R.v6) == 0x02005efffe123456ull);
	assert_true(has_log("ipv6cp: sent Configure-Request id=1 <ifid 0011:2233:4455:6677>"));
}

/* RFC 5072 4.1: the peer's id equal to ours, or zero, is Nak'd with a new unique value. */
static void test_collision(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 00 11 22 33 44 55 66 77"),
		EXPECT_TX("ff 03 80 57 03 01 00 0e 01 0a 88 99 aa bb cc dd ee ff"),
		SEND_RX("ff 03 80 57 01 02 00 0e 01 0a 00 00 00 00 00 00 00 00"),
		EXPECT_TX("ff 03 80 57 03 02 00 0e 01 0a 01 02 03 04 05 06 07 08"),
		SEND_RX("ff 03 80 57 01 03 00 0e 01 0a 01 02 03 04 05 06 07 08"),
		EXPECT_TX("ff 03 80 57 02 03 00 0e 01 0a 01 02 03 04 05 06 07 08"),
		SEND_RX("ff 03 80 57 02 01 00 0e 01 0a 00 11 22 33 44 55 66 77"),
		EXPECT_EVENT("up"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
	assert_true(ipv6cp_id(&R.v6) == 0x0011223344556677ull);
	assert_true(ipv6cp_peer_id(&R.v6) == 0x0102030405060708ull);
}

/* A Nak suggesting the peer's own id is not taken: we pick a new random one instead. */
static void test_nak_with_peer_id(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 02 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		SEND_RX("ff 03 80 57 03 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 01 02 00 0e 01 0a 88 99 aa bb cc dd ee ff"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
}

/* IPv6-Compression-Protocol and unknown options are Rejected verbatim; a short ifid too. */
static void test_rejects(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 01 01 00 12 02 04 00 4f 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 04 01 00 08 02 04 00 4f"),
		SEND_RX("ff 03 80 57 01 02 00 08 01 04 aa bb"),
		EXPECT_TX("ff 03 80 57 04 02 00 08 01 04 aa bb"),
		/* The peer rejects our ifid: we carry on with an empty request. */
		SEND_RX("ff 03 80 57 04 01 00 0e 01 0a 00 11 22 33 44 55 66 77"),
		EXPECT_TX("ff 03 80 57 01 02 00 04"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_negotiation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nak_with_peer_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejects, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
