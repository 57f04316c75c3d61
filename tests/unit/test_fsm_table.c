// SPDX-License-Identifier: MIT
/* Walks all 160 (event, state) cells of the automaton against RFC 1661 4.1, plus its bookkeeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/fsm.h"
#include "ppp/opt.h"
#include "ppp/proto.h"

/*
 * RFC 1661 4.1 as printed (columns 0-9: Initial Starting Closed Stopped Closing Stopping Req-Sent
 * Ack-Rcvd Ack-Sent Opened), footnote letters kept; parsed here independently of fsm.c's table.
 */
static const char *const rfc_table[FSM_NEVENTS][FSM_NSTATES] = {
	[FSM_UP] = { "2", "irc,scr/6", "-", "-", "-", "-", "-", "-", "-", "-" },
	[FSM_DOWN] = { "-", "-", "0", "tls/1", "0", "1", "1", "1", "1", "tld/1" },
	[FSM_OPEN] = { "tls/1", "1", "irc,scr/6", "3r", "5r", "5r", "6", "7", "8", "9r" },
	[FSM_CLOSE] = { "0", "tlf/0", "2", "2", "4", "4", "irc,str/4", "irc,str/4", "irc,str/4",
			"tld,irc,str/4" },
	[FSM_TO_POS] = { "-", "-", "-", "-", "str/4", "str/5", "scr/6", "scr/6", "scr/8", "-" },
	[FSM_TO_NEG] = { "-", "-", "-", "-", "tlf/2", "tlf/3", "tlf/3p", "tlf/3p", "tlf/3p", "-" },
	[FSM_RCR_POS] = { "-", "-", "sta/2", "irc,scr,sca/8", "4", "5", "sca/8", "sca,tlu/9",
			  "sca/8", "tld,scr,sca/8" },
	[FSM_RCR_NEG] = { "-", "-", "sta/2", "irc,scr,scn/6", "4", "5", "scn/6", "scn/7", "scn/6",
			  "tld,scr,scn/6" },
	[FSM_RCA] = { "-", "-", "sta/2", "sta/3", "4", "5", "irc/7", "scr/6x", "irc,tlu/9",
		      "tld,scr/6x" },
	[FSM_RCN] = { "-", "-", "sta/2", "sta/3", "4", "5", "irc,scr/6", "scr/6x", "irc,scr/8",
		      "tld,scr/6x" },
	[FSM_RTR] = { "-", "-", "sta/2", "sta/3", "sta/4", "sta/5", "sta/6", "sta/6", "sta/6",
		      "tld,zrc,sta/5" },
	[FSM_RTA] = { "-", "-", "2", "3", "tlf/2", "tlf/3", "6", "6", "8", "tld,scr/6" },
	[FSM_RUC] = { "-", "-", "scj/2", "scj/3", "scj/4", "scj/5", "scj/6", "scj/7", "scj/8",
		      "scj/9" },
	[FSM_RXJ_POS] = { "-", "-", "2", "3", "4", "5", "6", "6", "8", "9" },
	[FSM_RXJ_NEG] = { "-", "-", "tlf/2", "tlf/3", "tlf/2", "tlf/3", "tlf/3", "tlf/3", "tlf/3",
			  "tld,irc,str/5" },
	[FSM_RXR] = { "-", "-", "2", "3", "4", "5", "6", "7", "8", "ser/9" },
};

struct expect {
	bool illegal;
	uint16_t actions;
	int next;
};

static struct expect parse_cell(const char *cell, int state)
{
	static const struct { const char *name; uint16_t bit; } names[] = {
		{ "tlu", FSM_A_TLU }, { "tld", FSM_A_TLD }, { "tls", FSM_A_TLS },
		{ "tlf", FSM_A_TLF }, { "irc", FSM_A_IRC }, { "zrc", FSM_A_ZRC },
		{ "scr", FSM_A_SCR }, { "sca", FSM_A_SCA }, { "scn", FSM_A_SCN },
		{ "str", FSM_A_STR }, { "sta", FSM_A_STA }, { "scj", FSM_A_SCJ },
		{ "ser", FSM_A_SER },
	};
	struct expect e = { .next = state };
	const char *slash = strchr(cell, '/'), *p = cell;

	if (!strcmp(cell, "-")) {
		e.illegal = true;
		return e;
	}
	if (slash) {
		while (p < slash) {
			size_t i, n = strcspn(p, ",/");

			for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
				if (n == 3 && !strncmp(p, names[i].name, 3))
					e.actions |= names[i].bit;
			p += n + (p[n] == ',');
		}
		p = slash + 1;
	}
	e.next = p[0] - '0';
	return e;
}

/* A fake protocol that records every hook call. */
struct fake {
	struct fsm fsm;
	int reset, build, ack, nak, rej, check, up, down, started, finished, echo;
	int check_code;
	bool give_up_seen;
	bool fail_in_check;
};

static void f_reset(struct fsm *f) { ((struct fake *)f)->reset++; }

static void f_build(struct fsm *f, struct wire_w *w)
{
	((struct fake *)f)->build++;
	opt_put_u16(w, 1, 0x0578);
}

static int f_ack(struct fsm *f, const uint8_t *o, size_t l)
{
	(void)o, (void)l;
	((struct fake *)f)->ack++;
	return 0;
}

static int f_nak(struct fsm *f, const uint8_t *o, size_t l, bool give_up)
{
	(void)o, (void)l;
	((struct fake *)f)->nak++;
	((struct fake *)f)->give_up_seen = give_up;
	return 0;
}

static int f_rej(struct fsm *f, const uint8_t *o, size_t l)
{
	(void)o, (void)l;
	((struct fake *)f)->rej++;
	return 0;
}

static int f_check(struct fsm *f, const uint8_t *o, size_t l, struct wire_w *w, bool rej)
{
	struct fake *k = (struct fake *)f;

	k->check++;
	if (k->fail_in_check)
		fsm_fail(f, SX_REASON_NEGOTIATION, "test");
	if (k->check_code == CP_CONFACK)
		return CP_CONFACK;
	wire_put_bytes(w, o, l);
	return rej ? CP_CONFREJ : k->check_code;
}

static void f_up(struct fsm *f) { ((struct fake *)f)->up++; }
static void f_down(struct fsm *f) { ((struct fake *)f)->down++; }
static void f_started(struct fsm *f) { ((struct fake *)f)->started++; }
static void f_finished(struct fsm *f) { ((struct fake *)f)->finished++; }

static enum fsm_event f_other(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *d,
			      size_t l)
{
	(void)f, (void)id, (void)d, (void)l;
	return code == CP_ECHOREQ ? FSM_RXR : FSM_RUC;
}

static void f_echo(struct fsm *f, uint8_t id, const uint8_t *d, size_t l)
{
	(void)id, (void)d, (void)l;
	((struct fake *)f)->echo++;
}

static const struct opt_desc fake_opts[] = { { 1, 4, 4, "mru", OPT_KIND_U16 } };

static const struct fsm_ops fake_ops = {
	.name = "fake", .proto = PPP_LCP, .opts = fake_opts, .nopts = 1,
	.reset = f_reset, .build_req = f_build, .recv_ack = f_ack, .recv_nak = f_nak,
	.recv_rej = f_rej, .check_req = f_check, .up = f_up, .down = f_down,
	.started = f_started, .finished = f_finished, .recv_other = f_other,
	.send_echo_reply = f_echo,
};

static struct pkt_pool pool;
static struct ppp_ctx ctx;
static struct fake fk;

static int setup(void **state)
{
	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 64, 2048), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.pool = &pool;
	ctx.headroom = 4;
	memset(&fk, 0, sizeof(fk));
	fsm_init(&fk.fsm, &fake_ops, &ctx, NULL);
	fk.check_code = CP_CONFACK;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pkt_q_drain(&ctx.txq, &pool);
	pkt_pool_destroy(&pool);
	return 0;
}

/* Pops one queued frame: checks FF 03 + protocol, returns the code (0 when none) and id. */
static int pop(uint8_t *id, uint8_t *data, size_t *len)
{
	struct pkt *p = pkt_q_pop(&ctx.txq);
	const uint8_t *b;
	int code;

	if (!p)
		return 0;
	b = pkt_data(p);
	assert_true(p->len >= 8);
	assert_int_equal(b[0], 0xff);
	assert_int_equal(b[1], 0x03);
	assert_int_equal(wire_be16(b + 2), PPP_LCP);
	assert_int_equal(wire_be16(b + 6), p->len - 4);
	code = b[4];
	if (id)
		*id = b[5];
	if (data && len) {
		*len = (size_t)p->len - 8;
		memcpy(data, b + 8, *len);
	}
	pkt_pool_ret(&pool, p);
	return code;
}

/* Sends a raw packet into the fsm. */
static int feed(uint8_t code, uint8_t id, const uint8_t *data, size_t len, uint64_t now)
{
	uint8_t buf[256];

	buf[0] = code;
	buf[1] = id;
	wire_set_be16(buf + 2, (uint16_t)(len + 4));
	memcpy(buf + 4, data, len);
	return fsm_input(&fk.fsm, buf, len + 4, now);
}

static void check_cell(enum fsm_event ev, enum fsm_state st)
{
	struct expect e = parse_cell(rfc_table[ev][st], (int)st);
	const struct fsm_cell *c = fsm_table_cell(ev, st);
	uint16_t got = 0;
	int code, want_restart;
	char where[64];

	snprintf(where, sizeof(where), "%s in %s", fsm_event_name(ev), fsm_state_name(st));
	memset(&fk, 0, sizeof(fk));
	fsm_init(&fk.fsm, &fake_ops, &ctx, NULL);
	fk.fsm.state = st;
	fk.fsm.restart = 5;
	fk.fsm.reply_code = ev == FSM_RCR_NEG ? CP_CONFNAK : CP_CONFACK;
	fk.fsm.rx_code = ev == FSM_RXR ? CP_ECHOREQ : 0;
	fsm_event(&fk.fsm, ev, 1000);

	/* The table itself, then what running it did. */
	if (e.illegal) {
		assert_true(c->actions & FSM_A_ILLEGAL);
		assert_int_equal(c->next, st);
	} else {
		assert_int_equal(c->actions, e.actions);
		assert_int_equal(c->next, e.next);
	}
	if (fk.up) got |= FSM_A_TLU;
	if (fk.down) got |= FSM_A_TLD;
	if (fk.started) got |= FSM_A_TLS;
	if (fk.finished) got |= FSM_A_TLF;
	if (fk.echo) got |= FSM_A_SER;
	while ((code = pop(NULL, NULL, NULL)) != 0) {
		if (code == CP_CONFREQ) got |= FSM_A_SCR;
		if (code == CP_CONFACK) got |= FSM_A_SCA;
		if (code == CP_CONFNAK) got |= FSM_A_SCN;
		if (code == CP_TERMREQ) got |= FSM_A_STR;
		if (code == CP_TERMACK) got |= FSM_A_STA;
		if (code == CP_CODEREJ) got |= FSM_A_SCJ;
	}
	want_restart = 5;
	if (e.actions & FSM_A_IRC)
		want_restart = (e.actions & FSM_A_STR) ? 2 : 10;
	if (e.actions & FSM_A_ZRC)
		want_restart = 0;
	if (e.actions & (FSM_A_SCR | FSM_A_STR))
		want_restart--;
	if ((got & ~(FSM_A_IRC | FSM_A_ZRC)) != (e.actions & ~(FSM_A_IRC | FSM_A_ZRC)) ||
	    (int)fk.fsm.state != e.next || fk.fsm.restart != want_restart)
		fail_msg("%s: actions 0x%x want 0x%x, state %s want %d, restart %u want %d", where,
			 got, e.actions, fsm_state_name(fk.fsm.state), e.next, fk.fsm.restart,
			 want_restart);
	/* RFC 1661 4.6: the restart timer runs only while a request is outstanding. */
	if (e.actions & (FSM_A_SCR | FSM_A_STR | FSM_A_ZRC))
		assert_int_equal(fsm_next_deadline(&fk.fsm), 4000);
	if (fk.fsm.state < FSM_CLOSING || fk.fsm.state == FSM_OPENED)
		assert_int_equal(fsm_next_deadline(&fk.fsm), 0);
}

static void test_all_cells(void **state)
{
	int ev, st, n = 0;

	(void)state;
	for (ev = 0; ev < FSM_NEVENTS; ev++)
		for (st = 0; st < FSM_NSTATES; st++, n++)
			check_cell((enum fsm_event)ev, (enum fsm_state)st);
	assert_int_equal(n, 160);
}

/* Max-Configure requests, 3 s apart and all with id 1, then TO-: Stopped, finished, peer silent. */
static void test_restart_timer(void **state)
{
	uint8_t id;
	int i;

	(void)state;
	fsm_open(&fk.fsm, 0);
	assert_int_equal(fk.started, 1);
	fsm_up(&fk.fsm, 0);
	assert_int_equal(fk.reset, 1);
	assert_int_equal(pop(&id, NULL, NULL), CP_CONFREQ);
	assert_int_equal(id, 1);
	for (i = 1; i < 10; i++) {
		uint64_t t = (uint64_t)i * 3000;

		assert_int_equal(fsm_next_deadline(&fk.fsm), t);
		fsm_tick(&fk.fsm, t - 1);
		assert_int_equal(pop(NULL, NULL, NULL), 0);
		fsm_tick(&fk.fsm, t);
		assert_int_equal(pop(&id, NULL, NULL), CP_CONFREQ);
		/* RFC 1661 5.1: an unchanged retransmission keeps its Identifier. */
		assert_int_equal(id, 1);
	}
	assert_int_equal(fk.reset, 1);	/* retransmissions do not reset the options */
	assert_int_equal(fsm_state(&fk.fsm), FSM_REQ_SENT);
	fsm_tick(&fk.fsm, 30000);
	assert_int_equal(pop(NULL, NULL, NULL), 0);
	assert_int_equal(fsm_state(&fk.fsm), FSM_STOPPED);
	assert_int_equal(fk.finished, 1);
	assert_int_equal(fsm_reason(&fk.fsm), SX_REASON_PEER_SILENT);
	assert_int_equal(fsm_next_deadline(&fk.fsm), 0);
}

/* Max-Terminate Terminate-Requests, then TO- in Closing: Closed and finished. */
static void test_terminate_timer(void **state)
{
	static const uint8_t req[] = { 1, 4, 0x05, 0x78 };
	uint8_t id;

	(void)state;
	fsm_open(&fk.fsm, 0);
	fsm_up(&fk.fsm, 0);
	pop(&id, NULL, NULL);
	feed(CP_CONFACK, id, req, sizeof(req), 10);
	feed(CP_CONFREQ, 7, req, sizeof(req), 20);
	assert_int_equal(fsm_state(&fk.fsm), FSM_OPENED);
	assert_int_equal(pop(NULL, NULL, NULL), CP_CONFACK);
	fsm_close(&fk.fsm, 100, SX_REASON_USER, "bye");
	assert_int_equal(pop(NULL, NULL, NULL), CP_TERMREQ);
	fsm_tick(&fk.fsm, 3100);
	assert_int_equal(pop(NULL, NULL, NULL), CP_TERMREQ);
	assert_int_equal(fsm_state(&fk.fsm), FSM_CLOSING);
	fsm_tick(&fk.fsm, 6100);
	assert_int_equal(pop(NULL, NULL, NULL), 0);
	assert_int_equal(fsm_state(&fk.fsm), FSM_CLOSED);
	assert_int_equal(fk.finished, 1);
	assert_int_equal(fsm_reason(&fk.fsm), SX_REASON_USER);
}

/* Only the answer to the last request counts; duplicates and other ids are dropped. */
static void test_reqid_mismatch(void **state)
{
	static const uint8_t req[] = { 1, 4, 0x05, 0x78 };
	static const uint8_t other[] = { 1, 4, 0x05, 0x79 };
	uint8_t id;

	(void)state;
	fsm_open(&fk.fsm, 0);
	fsm_up(&fk.fsm, 0);
	pop(&id, NULL, NULL);
	assert_int_equal(feed(CP_CONFACK, (uint8_t)(id + 1), req, sizeof(req), 5), 0);
	assert_int_equal(feed(CP_CONFNAK, (uint8_t)(id - 1), req, sizeof(req), 5), 0);
	assert_int_equal(fsm_state(&fk.fsm), FSM_REQ_SENT);
	assert_int_equal(fk.ack + fk.nak, 0);
	/* RFC 1661 5.2: an Ack whose options differ from the request is invalid. */
	feed(CP_CONFACK, id, other, sizeof(other), 5);
	assert_int_equal(fsm_state(&fk.fsm), FSM_REQ_SENT);
	feed(CP_CONFACK, id, req, sizeof(req), 6);
	assert_int_equal(fsm_state(&fk.fsm), FSM_ACK_RCVD);
	assert_int_equal(fk.ack, 1);
	/* seen_ack: a second answer with the same id is ignored. */
	feed(CP_CONFNAK, id, req, sizeof(req), 7);
	assert_int_equal(fsm_state(&fk.fsm), FSM_ACK_RCVD);
	assert_int_equal(fk.nak, 0);
	assert_int_equal(pop(NULL, NULL, NULL), 0);
}

/*
 * RFC 1661 5.1: a retransmission keeps its Identifier, so a slow peer's answer to the first
 * request still counts (SoftEther's IPCP answers ~1 s late); once answered, the id changes.
 */
static void test_late_answer_after_retransmit(void **state)
{
	static const uint8_t req[] = { 1, 4, 0x05, 0x78 };
	uint8_t id, id2;

	(void)state;
	fsm_open(&fk.fsm, 0);
	fsm_up(&fk.fsm, 0);
	assert_int_equal(pop(&id, NULL, NULL), CP_CONFREQ);
	fsm_tick(&fk.fsm, 3000);
	assert_int_equal(pop(&id2, NULL, NULL), CP_CONFREQ);
	assert_int_equal(id2, id);
	feed(CP_CONFACK, id, req, sizeof(req), 3100);
	assert_int_equal(fsm_state(&fk.fsm), FSM_ACK_RCVD);
	/* Ack-Rcvd TO+: a new request after a valid reply takes a new Identifier. */
	fsm_tick(&fk.fsm, 6000);
	assert_int_equal(pop(&id2, NULL, NULL), CP_CONFREQ);
	assert_int_not_equal(id2, id);
	assert_int_equal(fsm_state(&fk.fsm), FSM_REQ_SENT);
}

/* RFC 1661 4.6 Max-Failure: after 5 Naks in a row, what we would Nak is Rejected. */
static void test_nak_loop_becomes_reject(void **state)
{
	static const uint8_t req[] = { 1, 4, 0x00, 0x10 };
	uint8_t id;
	int i;

	(void)state;
	fk.check_code = CP_CONFNAK;
	fsm_open(&fk.fsm, 0);
	fsm_up(&fk.fsm, 0);
	assert_int_equal(pop(NULL, NULL, NULL), CP_CONFREQ);
	for (i = 0; i < 5; i++) {
		feed(CP_CONFREQ, (uint8_t)(10 + i), req, sizeof(req), 10);
		assert_int_equal(pop(&id, NULL, NULL), CP_CONFNAK);
		assert_int_equal(id, 10 + i);
	}
	feed(CP_CONFREQ, 20, req, sizeof(req), 10);
	assert_int_equal(pop(NULL, NULL, NULL), CP_CONFREJ);
	/* An Ack resets the count. */
	fk.check_code = CP_CONFACK;
	feed(CP_CONFREQ, 21, req, sizeof(req), 10);
	assert_int_equal(pop(NULL, NULL, NULL), CP_CONFACK);
	assert_int_equal(fk.fsm.nakloops, 0);
}

/* Naks received in a row: the hook is told to give up at Max-Failure. */
static void test_received_naks_give_up(void **state)
{
	static const uint8_t req[] = { 1, 4, 0x05, 0x78 };
	uint8_t id;
	int i;

	(void)state;
	fsm_open(&fk.fsm, 0);
	fsm_up(&fk.fsm, 0);
	for (i = 0; i < 5; i++) {
		assert_int_equal(pop(&id, NULL, NULL), CP_CONFREQ);
		assert_false(fk.give_up_seen);
		feed(CP_CONFNAK, id, req, sizeof(req), 10);
	}
	assert_true(fk.give_up_seen);
	assert_int_equal(fk.nak, 5);
}

/* A hook's fsm_fail() closes the layer after the step, with the recorded reason. */
static void test_fail_from_hook(void **state)
{
	static const uint8_t req[] = { 1, 4, 0x05, 0x78 };

	(void)state;
	fk.fail_in_check = true;
	fsm_open(&fk.fsm, 0);
	fsm_up(&fk.fsm, 0);
	pop(NULL, NULL, NULL);
	feed(CP_CONFREQ, 3, req, sizeof(req), 10);
	assert_int_equal(pop(NULL, NULL, NULL), CP_CONFACK);
	assert_int_equal(pop(NULL, NULL, NULL), CP_TERMREQ);
	assert_int_equal(fsm_state(&fk.fsm), FSM_CLOSING);
	assert_int_equal(fsm_reason(&fk.fsm), SX_REASON_NEGOTIATION);
}

/* Malformed packets are dropped; an unknown code is Code-Rejected with the packet copied. */
static void test_malformed_and_coderej(void **state)
{
	static const uint8_t bad_len[] = { 1, 1, 0, 3 };
	static const uint8_t bad_opt[] = { 1, 1, 0, 8, 1, 9, 0, 0 };
	static const uint8_t unknown[] = { 0x30, 9, 0, 6, 0xab, 0xcd, 0xee };
	uint8_t data[64];
	size_t len;

	(void)state;
	fsm_open(&fk.fsm, 0);
	fsm_up(&fk.fsm, 0);
	pop(NULL, NULL, NULL);
	assert_int_equal(fsm_input(&fk.fsm, bad_len, sizeof(bad_len), 1), -EBADMSG);
	assert_int_equal(fsm_input(&fk.fsm, bad_opt, sizeof(bad_opt), 1), -EBADMSG);
	assert_int_equal(fk.check, 0);
	assert_int_equal(fsm_input(&fk.fsm, unknown, sizeof(unknown), 1), 0);
	assert_int_equal(pop(NULL, data, &len), CP_CODEREJ);
	assert_int_equal(len, 6);	/* the padding byte beyond Length is not part of it */
	assert_memory_equal(data, unknown, 6);
	assert_int_equal(fsm_state(&fk.fsm), FSM_REQ_SENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_timer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_terminate_timer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reqid_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_answer_after_retransmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nak_loop_becomes_reject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_received_naks_give_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_from_hook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_and_coderej, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
