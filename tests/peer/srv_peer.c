// SPDX-License-Identifier: MIT
/* The ppp_srv adapter of the scripted-peer harness: ops, event texts, users, rand, fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "tests/peer/link_peer.h"
#include "tests/peer/srv_peer.h"

/* RFC 2759 9.2 */
static const uint8_t auth_challenge[16] = { 0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
					    0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28 };

int peer_srv_rand(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	if (len == 16)
		memcpy(buf, auth_challenge, 16);
	else
		memset(buf, len == 4 ? 0x5a : len == 8 ? 0x0a : 0x01, len);
	return 0;
}

bool peer_srv_chap_lookup(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	(void)ctx;
	if (strcmp(user, "User"))
		return false;
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	return true;
}

bool peer_srv_pap_lookup(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
			 size_t *len)
{
	(void)ctx;
	if (strcmp(user, "User"))
		return false;
	memcpy(password, "clientPass", 10);
	*len = 10;
	return true;
}

void peer_srv_cfg_default(struct ppp_srv_cfg *c)
{
	*c = (struct ppp_srv_cfg){ .name = "SE", .chap_lookup = peer_srv_chap_lookup,
				   .pap_lookup = peer_srv_pap_lookup,
				   .local_addr = PEER_IP4(10, 9, 0, 1),
				   .peer_addr = PEER_IP4(10, 9, 0, 2),
				   .dns1 = PEER_IP4(10, 9, 0, 53), .dns2 = PEER_IP4(10, 9, 0, 54),
				   .headroom = 4, .rand = { peer_srv_rand, NULL } };
	if (getenv("SX_TRACE"))
		c->log = (struct sx_log){ .fn = peer_log_stderr, .max = SX_LOG_TRACE };
}

static int op_input(void *core, const uint8_t *buf, size_t len, uint64_t now)
{
	return ppp_srv_input(&((struct peer_srv *)core)->srv, buf, len, now);
}

static void op_tick(void *core, uint64_t now)
{
	ppp_srv_tick(&((struct peer_srv *)core)->srv, now);
}

static uint64_t op_deadline(void *core)
{
	return ppp_srv_next_deadline(&((struct peer_srv *)core)->srv);
}

static long op_pop_tx(void *core, uint8_t *buf, size_t cap)
{
	struct ppp_srv *s = &((struct peer_srv *)core)->srv;

	return peer_pkt_copy(ppp_srv_pop_tx(s), s->sess.ctx.pool, buf, cap);
}

static bool op_pop_event(void *core, char *buf, size_t cap)
{
	struct peer_srv *ps = core;
	struct ppp_event ev;

	if (!ppp_srv_pop_event(&ps->srv, &ev))
		return false;
	if (ev.type == PPP_EV_AUTH_OK) {
		memcpy(ps->hlak, ev.u.auth.hlak, sizeof(ps->hlak));
		ps->have_hlak = true;
	}
	peer_ppp_event_text(&ev, buf, cap);
	return true;
}

const struct peer_ops peer_srv_ops = {
	.input = op_input,
	.tick = op_tick,
	.next_deadline = op_deadline,
	.pop_tx = op_pop_tx,
	.pop_event = op_pop_event,
};

static struct srv_fx fx;

struct srv_fx *srv_fx_new(const struct ppp_srv_cfg *cfg)
{
	struct ppp_srv_cfg c = *cfg;

	memset(&fx, 0, sizeof(fx));
	assert_int_equal(pkt_pool_init(&fx.pool, 16, 1600), 0);
	c.pool = &fx.pool;
	assert_int_equal(ppp_srv_init(&fx.ps.srv, &c), 0);
	fx.peer = (struct peer){ .ops = &peer_srv_ops, .core = &fx.ps, .now = 1000 };
	assert_int_equal(ppp_srv_open(&fx.ps.srv, fx.peer.now), 0);
	return &fx;
}

struct srv_fx *srv_fx_default(void)
{
	struct ppp_srv_cfg c;

	peer_srv_cfg_default(&c);
	return srv_fx_new(&c);
}

void srv_fx_free(struct srv_fx *f)
{
	ppp_srv_destroy(&f->ps.srv);
	peer_pool_done(NULL, &f->pool);
}

void srv_fx_run_default(const struct peer_step *script)
{
	struct srv_fx *f = srv_fx_default();

	peer_run(&f->peer, script);
	srv_fx_free(f);
}
