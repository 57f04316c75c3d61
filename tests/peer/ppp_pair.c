// SPDX-License-Identifier: MIT
/* A ppp_link client and a ppp_srv server exchanging frames in memory (see ppp_pair.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "tests/peer/link_peer.h"
#include "tests/peer/ppp_pair.h"
#include "tests/peer/srv_peer.h"

static int count_rand(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *n = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = (*n)++;
	return 0;
}

void ppp_pair_cfgs(struct ppp_link_cfg *cc, struct ppp_srv_cfg *sc)
{
	peer_srv_cfg_default(sc);
	sc->name = "strict";
	sc->rand = (struct sx_rand){ count_rand, NULL };
	*cc = (struct ppp_link_cfg){ .user = "User", .password = "clientPass", .password_len = 10,
				     .want_dns = true, .headroom = 4, .log = sc->log,
				     .rand = { peer_script_rand, NULL } };
}

struct ppp_pair *ppp_pair_new(const struct ppp_link_cfg *cc, const struct ppp_srv_cfg *sc)
{
	static struct ppp_pair p;
	struct ppp_link_cfg c = *cc;
	struct ppp_srv_cfg s = *sc;

	memset(&p, 0, sizeof(p));
	c.pool = s.pool = &p.pool;
	c.rand.ctx = &p.cli_rand;
	s.rand.ctx = &p.srv_rand;
	p.srv_rand = 0x40;
	p.now = 1000;
	assert_int_equal(pkt_pool_init(&p.pool, 32, 1600), 0);
	assert_int_equal(ppp_link_init(&p.cli, &c), 0);
	assert_int_equal(ppp_srv_init(&p.srv, &s), 0);
	return &p;
}

void ppp_pair_free(struct ppp_pair *p)
{
	ppp_link_destroy(&p->cli);
	ppp_srv_destroy(&p->srv);
	assert_int_equal(p->pool.nfree, p->pool.count);	/* every frame went back */
	pkt_pool_destroy(&p->pool);
}

static void log_tx(struct ppp_pair_log *l, struct pkt *k)
{
	if (l->ntx < PPP_PAIR_MAX_TX)
		ppp_trace(pkt_data(k), k->len, l->tx[l->ntx++], sizeof(l->tx[0]));
}

static void collect(struct ppp_pair *p)
{
	struct ppp_pair_log *c = &p->c, *s = &p->s;

	while (c->n < PPP_PAIR_MAX_EV && ppp_link_pop_event(&p->cli, &c->ev[c->n]))
		c->at[c->n++] = p->now;
	while (s->n < PPP_PAIR_MAX_EV && ppp_srv_pop_event(&p->srv, &s->ev[s->n]))
		s->at[s->n++] = p->now;
}

/* Moves frames both ways until neither side has anything to send. */
static void pump(struct ppp_pair *p)
{
	struct pkt *k;
	bool moved = true;

	while (moved) {
		moved = false;
		while ((k = ppp_link_pop_tx(&p->cli))) {
			log_tx(&p->c, k);
			ppp_srv_input(&p->srv, pkt_data(k), k->len, p->now);
			pkt_pool_ret(&p->pool, k);
			moved = true;
		}
		while ((k = ppp_srv_pop_tx(&p->srv))) {
			log_tx(&p->s, k);
			ppp_link_input(&p->cli, pkt_data(k), k->len, p->now);
			pkt_pool_ret(&p->pool, k);
			moved = true;
		}
		collect(p);
	}
}

static uint64_t min_nz(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

void ppp_pair_run(struct ppp_pair *p, uint64_t until)
{
	uint64_t d;

	pump(p);
	for (;;) {
		d = min_nz(ppp_link_next_deadline(&p->cli), ppp_srv_next_deadline(&p->srv));
		if (!d || d > until)
			break;
		if (d > p->now)
			p->now = d;
		ppp_link_tick(&p->cli, p->now);
		ppp_srv_tick(&p->srv, p->now);
		pump(p);
	}
}

void ppp_pair_start(struct ppp_pair *p)
{
	assert_int_equal(ppp_srv_open(&p->srv, p->now), 0);
	assert_int_equal(ppp_link_open(&p->cli, p->now), 0);
	ppp_pair_run(p, p->now + 120000);
}

const struct ppp_event *ppp_pair_ev(const struct ppp_pair_log *l, enum ppp_event_type t,
				    uint64_t *at)
{
	for (unsigned i = 0; i < l->n; i++) {
		if (l->ev[i].type == t) {
			if (at)
				*at = l->at[i];
			return &l->ev[i];
		}
	}
	return NULL;
}

unsigned ppp_pair_count_ev(const struct ppp_pair_log *l, enum ppp_event_type t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < l->n; i++)
		n += l->ev[i].type == t;
	return n;
}

int ppp_pair_find_tx(const struct ppp_pair_log *l, const char *prefix)
{
	for (unsigned i = 0; i < l->ntx; i++)
		if (!strncmp(l->tx[i], prefix, strlen(prefix)))
			return (int)i;
	return -1;
}

unsigned ppp_pair_count_tx(const struct ppp_pair_log *l, const char *prefix)
{
	unsigned n = 0;

	for (unsigned i = 0; i < l->ntx; i++)
		n += !strncmp(l->tx[i], prefix, strlen(prefix));
	return n;
}

void ppp_pair_assert_down(const struct ppp_pair_log *l, enum sx_reason reason, int detail)
{
	const struct ppp_event *ev = ppp_pair_ev(l, PPP_EV_DOWN, NULL);

	assert_non_null(ev);
	if (ev->u.down.reason != reason)
		fail_msg("down reason %s (%s), expected %s", peer_reason_name(ev->u.down.reason),
			 ev->u.down.msg, peer_reason_name(reason));
	assert_int_equal(ev->u.down.detail, detail);
	assert_int_equal(ppp_pair_count_ev(l, PPP_EV_DOWN), 1);
	assert_non_null(ppp_pair_ev(l, PPP_EV_FINISHED, NULL));
}
