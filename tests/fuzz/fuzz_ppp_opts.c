// SPDX-License-Identifier: MIT
/*
 * Feeds arbitrary bytes as LCP, IPCP and IPv6CP packets into fresh objects in every automaton state.
 * Input: byte 0 picks the protocol (bits 0-1: LCP, IPCP, IPv6CP, LCP with echo and PAP) and the
 * starting state (bits 4-7, modulo 10); then records of [len][len bytes] are control packets, and
 * a record of length 0 advances the clock by 3 s and ticks; a record that overruns the input ticks
 * and then takes the rest as one packet.
 */
#include <stdint.h>
#include <string.h>

#include "ppp/ipcp.h"
#include "ppp/ipv6cp.h"
#include "ppp/lcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fz_rand(void *c, uint8_t *buf, size_t len)
{
	uint8_t *seed = c;
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(++*seed * 37u + 11u);
	return 0;
}

static void fz_notify(void *user, struct fsm *f, enum fsm_note note, uint32_t arg)
{
	(void)user, (void)f, (void)note, (void)arg;
}

union fz_obj {
	struct fsm fsm;
	struct lcp lcp;
	struct ipcp ipcp;
	struct ipv6cp v6;
};

static int fz_init(union fz_obj *o, struct ppp_ctx *ctx, unsigned kind)
{
	struct lcp_conf lc;

	switch (kind) {
	case 1:
		return ipcp_init(&o->ipcp, ctx, NULL);
	case 2:
		return ipv6cp_init(&o->v6, ctx, NULL);
	case 3:
		lcp_conf_default(&lc);
		lc.echo_interval_ms = 1000;
		lc.allow_pap = true;
		return lcp_init(&o->lcp, ctx, &lc);
	default:
		return lcp_init(&o->lcp, ctx, NULL);
	}
}

static void fz_input(union fz_obj *o, unsigned kind, const uint8_t *p, size_t n, uint64_t now)
{
	if (kind == 0 || kind == 3)
		lcp_input(&o->lcp, p, n, now);
	else
		fsm_input(&o->fsm, p, n, now);
}

static void fz_tick(union fz_obj *o, unsigned kind, uint64_t now)
{
	if (kind == 0 || kind == 3) {
		lcp_tick(&o->lcp, now);
		lcp_send_protrej(&o->lcp, 0x8057, (const uint8_t *)"x", 1);
	} else {
		fsm_tick(&o->fsm, now);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static union fz_obj o;
	struct pkt_pool pool;
	struct ppp_ctx ctx;
	uint8_t seed = 0;
	unsigned kind, state;
	uint64_t now = 0;
	size_t off = 1, n;

	if (size < 1 || pkt_pool_init(&pool, 8, 1600))
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.pool = &pool;
	ctx.headroom = 4;
	ctx.rand = (struct sx_rand){ fz_rand, &seed };
	kind = data[0] & 3;
	state = (unsigned)(data[0] >> 4) % FSM_NSTATES;
	if (fz_init(&o, &ctx, kind) == 0) {
		fsm_set_notify(&o.fsm, fz_notify, NULL);
		fsm_open(&o.fsm, now);
		fsm_up(&o.fsm, now);
		/* Any state: the table must hold for every (event, state), reachable or forced. */
		o.fsm.state = (enum fsm_state)state;
		while (off < size) {
			n = data[off++];
			if (n == 0 || n > size - off) {
				now += 3000;
				fz_tick(&o, kind, now);
				pkt_q_drain(&ctx.txq, &pool);
				if (n == 0)
					continue;
				n = size - off;
			}
			fz_input(&o, kind, data + off, n, now);
			off += n;
			pkt_q_drain(&ctx.txq, &pool);
		}
		fsm_close(&o.fsm, now, SX_REASON_USER, "fuzz");
		fsm_down(&o.fsm, now);
	}
	pkt_q_drain(&ctx.txq, &pool);
	pkt_pool_destroy(&pool);
	return 0;
}
