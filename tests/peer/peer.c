// SPDX-License-Identifier: MIT
/* The scripted-peer driver behind tests/peer/peer.h: hex patterns, a virtual clock, cmocka failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/pkt.h"
#include "tests/peer/peer.h"

#define PEER_MAX_FRAME 4096
#define PEER_MAX_TICKS 100000	/* a core whose deadline never moves would spin forever */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long peer_hex(const char *hex, uint8_t *out, uint8_t *mask, size_t cap)
{
	size_t n = 0;

	while (*hex) {
		int hi, lo;

		if (*hex == ' ' || *hex == '\n' || *hex == '\t') {
			hex++;
			continue;
		}
		if (n >= cap || !hex[1])
			return -1;
		if (hex[0] == '.' && hex[1] == '.') {
			if (!mask)
				return -1;
			out[n] = 0;
			mask[n++] = 0;
			hex += 2;
			continue;
		}
		hi = hex_digit(hex[0]);
		lo = hex_digit(hex[1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[n] = (uint8_t)(hi << 4 | lo);
		if (mask)
			mask[n] = 0xff;
		n++;
		hex += 2;
	}
	return (long)n;
}

void peer_fmt_hex(const uint8_t *buf, size_t len, char *out, size_t cap)
{
	size_t off = 0;

	if (!cap)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < len; i++) {
		if (off + 8 > cap) {
			snprintf(out + off, cap - off, "...");
			return;
		}
		off += (size_t)snprintf(out + off, cap - off, i ? " %02x" : "%02x", buf[i]);
	}
}

static void fmt_pattern(const uint8_t *want, const uint8_t *mask, size_t len, char *out, size_t cap)
{
	size_t off = 0;

	out[0] = '\0';
	for (size_t i = 0; i < len && off + 8 <= cap; i++)
		off += (size_t)(mask[i] ? snprintf(out + off, cap - off, i ? " %02x" : "%02x", want[i])
					: snprintf(out + off, cap - off, i ? " .." : ".."));
}

/* Fails the test unless got[0..gn) matches pattern (gn 0: nothing sent, < 0: an error). */
static void expect_match(const char *what, const uint8_t *got, long gn, const char *pattern)
{
	static uint8_t want[PEER_MAX_FRAME], mask[PEER_MAX_FRAME];
	static char ws[3 * PEER_MAX_FRAME + 8], gs[3 * PEER_MAX_FRAME + 8];
	long wn = peer_hex(pattern, want, mask, sizeof(want));
	bool ok = wn >= 0 && gn == wn;

	if (wn < 0)
		fail_msg("%s: malformed pattern \"%s\"", what, pattern);
	for (long i = 0; ok && i < wn; i++)
		ok = (got[i] & mask[i]) == want[i];
	if (ok)
		return;
	fmt_pattern(want, mask, (size_t)wn, ws, sizeof(ws));
	if (gn <= 0)
		snprintf(gs, sizeof(gs), "%s", gn == 0 ? "(nothing sent)" : "(pop_tx error)");
	else
		peer_fmt_hex(got, (size_t)gn, gs, sizeof(gs));
	fail_msg("%s mismatch\n  want: %s\n  got:  %s", what, ws, gs);
}

static void step_expect_tx(struct peer *p, size_t idx, const char *pattern)
{
	static uint8_t got[PEER_MAX_FRAME];
	char what[48];
	long gn = p->ops->pop_tx(p->core, got, sizeof(got));

	snprintf(what, sizeof(what), "step %zu: EXPECT_TX", idx);
	expect_match(what, got, gn, pattern);
}

void peer_expect_frame(struct pkt *p, struct pkt_pool *pool, const char *pattern)
{
	static uint8_t got[PEER_MAX_FRAME];

	expect_match("frame", got, peer_pkt_copy(p, pool, got, sizeof(got)), pattern);
}

static void step_expect_no_tx(struct peer *p, size_t idx, const char *what)
{
	static uint8_t got[PEER_MAX_FRAME];
	static char gs[3 * PEER_MAX_FRAME + 8];
	long gn = p->ops->pop_tx(p->core, got, sizeof(got));

	if (gn == 0)
		return;
	if (gn < 0)
		fail_msg("step %zu: %s: pop_tx error %ld", idx, what, gn);
	peer_fmt_hex(got, (size_t)gn, gs, sizeof(gs));
	fail_msg("step %zu: %s: unexpected frame\n  got:  %s", idx, what, gs);
}

static void step_send_rx(struct peer *p, size_t idx, const char *hex)
{
	static uint8_t buf[PEER_MAX_FRAME];
	long n = peer_hex(hex, buf, NULL, sizeof(buf));

	if (n < 0)
		fail_msg("step %zu: SEND_RX: malformed hex \"%s\"", idx, hex);
	p->ops->input(p->core, buf, (size_t)n, p->now);
}

static void step_advance(struct peer *p, size_t idx, uint64_t ms)
{
	uint64_t target = p->now + ms, d;
	unsigned ticks = 0;

	while ((d = p->ops->next_deadline(p->core)) && d <= target) {
		if (++ticks > PEER_MAX_TICKS)
			fail_msg("step %zu: ADVANCE: deadline %llu never moves", idx,
				 (unsigned long long)d);
		if (d > p->now)
			p->now = d;
		p->ops->tick(p->core, p->now);
	}
	p->now = target;
}

static void step_expect_event(struct peer *p, size_t idx, const char *prefix)
{
	char ev[256];

	if (!p->ops->pop_event(p->core, ev, sizeof(ev)))
		fail_msg("step %zu: EXPECT_EVENT \"%s\": no event", idx, prefix);
	if (strncmp(ev, prefix, strlen(prefix)))
		fail_msg("step %zu: EXPECT_EVENT mismatch\n  want: %s...\n  got:  %s", idx, prefix, ev);
}

static void step_expect_no_event(struct peer *p, size_t idx)
{
	char ev[256];

	if (p->ops->pop_event(p->core, ev, sizeof(ev)))
		fail_msg("step %zu: EXPECT_NO_EVENT: got \"%s\"", idx, ev);
}

void peer_run(struct peer *p, const struct peer_step *steps)
{
	for (size_t i = 0;; i++) {
		const struct peer_step *s = &steps[i];

		switch (s->kind) {
		case PEER_END:
			step_expect_no_tx(p, i, "END");
			return;
		case PEER_EXPECT_TX:
			step_expect_tx(p, i, s->text);
			break;
		case PEER_EXPECT_NO_TX:
			step_expect_no_tx(p, i, "EXPECT_NO_TX");
			break;
		case PEER_SEND_RX:
			step_send_rx(p, i, s->text);
			break;
		case PEER_ADVANCE:
			step_advance(p, i, s->ms);
			break;
		case PEER_EXPECT_EVENT:
			step_expect_event(p, i, s->text);
			break;
		case PEER_EXPECT_NO_EVENT:
			step_expect_no_event(p, i);
			break;
		}
	}
}

size_t peer_unhex(const char *hex, uint8_t *out, size_t cap, size_t want)
{
	long n = peer_hex(hex, out, NULL, cap);

	if (n < 0)
		fail_msg("malformed or too long hex: %s", hex);
	if (want && (size_t)n != want)
		fail_msg("hex has %ld bytes, want %zu: %s", n, want, hex);
	return (size_t)n;
}

long peer_pkt_copy(struct pkt *p, struct pkt_pool *pool, uint8_t *buf, size_t cap)
{
	long n;

	if (!p)
		return 0;
	n = p->len <= cap ? (long)p->len : -1;
	if (n > 0)
		memcpy(buf, pkt_data(p), p->len);
	pkt_pool_ret(pool, p);
	return n;
}

void peer_pool_done(struct pkt_q *q, struct pkt_pool *pool)
{
	if (q)
		pkt_q_drain(q, pool);
	assert_int_equal(pool->nfree, pool->count);
	pkt_pool_destroy(pool);
}
