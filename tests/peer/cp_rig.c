// SPDX-License-Identifier: MIT
/* The scripted-peer rig for LCP, IPCP and IPv6CP objects (see cp_rig.h). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/lcp.h"
#include "tests/peer/cp_rig.h"

static void rig_log(void *ctx, enum sx_level level, const char *line)
{
	struct cp_rig *r = ctx;

	(void)level;
	if (r->nlog < 64)
		snprintf(r->log[r->nlog++], sizeof(r->log[0]), "%s", line);
}

static void rig_notify(void *user, struct fsm *f, enum fsm_note note, uint32_t arg)
{
	struct cp_rig *r = user;
	char *e = r->events[r->ev_tail++ % 16];

	switch (note) {
	case FSM_NOTE_UP: snprintf(e, 64, "up"); break;
	case FSM_NOTE_DOWN: snprintf(e, 64, "down"); break;
	case FSM_NOTE_STARTED: snprintf(e, 64, "started"); break;
	case FSM_NOTE_FINISHED:
		snprintf(e, 64, "finished %s", sx_reason_str(fsm_reason(f)));
		break;
	case FSM_NOTE_PROTREJ: snprintf(e, 64, "protrej %04x", arg); break;
	}
}

static int rig_input(void *core, const uint8_t *buf, size_t len, uint64_t now)
{
	struct cp_rig *r = core;
	const uint8_t *info;
	size_t ilen;
	uint16_t proto;

	if (ppp_frame_parse(buf, len, &proto, &info, &ilen) || proto != r->proto)
		return -EBADMSG;
	if (r->proto == PPP_LCP)
		return lcp_input((struct lcp *)(void *)r->fsm, info, ilen, now);
	return fsm_input(r->fsm, info, ilen, now);
}

static void rig_tick(void *core, uint64_t now)
{
	struct cp_rig *r = core;

	if (r->proto == PPP_LCP)
		lcp_tick((struct lcp *)(void *)r->fsm, now);
	else
		fsm_tick(r->fsm, now);
}

static uint64_t rig_deadline(void *core)
{
	struct cp_rig *r = core;

	if (r->proto == PPP_LCP)
		return lcp_next_deadline((struct lcp *)(void *)r->fsm);
	return fsm_next_deadline(r->fsm);
}

static long rig_pop_tx(void *core, uint8_t *buf, size_t cap)
{
	struct cp_rig *r = core;

	return peer_pkt_copy(pkt_q_pop(&r->ctx.txq), &r->pool, buf, cap);
}

static bool rig_pop_event(void *core, char *buf, size_t cap)
{
	struct cp_rig *r = core;

	if (r->ev_head == r->ev_tail)
		return false;
	snprintf(buf, cap, "%s", r->events[r->ev_head++ % 16]);
	return true;
}

static const struct peer_ops rig_ops = {
	rig_input, rig_tick, rig_deadline, rig_pop_tx, rig_pop_event,
};

void cp_rig_setup(struct cp_rig *r, sx_rand_fn *rand, void *rand_ctx)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(pkt_pool_init(&r->pool, 32, 2048), 0);
	r->ctx.pool = &r->pool;
	r->ctx.headroom = 4;
	r->ctx.log = (struct sx_log){ rig_log, r, SX_LOG_DEBUG };
	r->ctx.rand = (struct sx_rand){ rand, rand_ctx };
}

void cp_rig_teardown(struct cp_rig *r)
{
	pkt_q_drain(&r->ctx.txq, &r->pool);
	pkt_pool_destroy(&r->pool);
}

void cp_rig_start(struct cp_rig *r, struct fsm *f, uint16_t proto)
{
	r->fsm = f;
	r->proto = proto;
	fsm_set_notify(f, rig_notify, r);
	r->peer = (struct peer){ .ops = &rig_ops, .core = r, .now = 0 };
	fsm_open(f, 0);
	fsm_up(f, 0);
}

bool cp_rig_has_log(const struct cp_rig *r, const char *line)
{
	for (unsigned i = 0; i < r->nlog; i++)
		if (!strcmp(r->log[i], line))
			return true;
	return false;
}
