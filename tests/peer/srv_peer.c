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
	struct pkt *p = ppp_srv_pop_tx(s);
	long n;

	if (!p)
		return 0;
	n = p->len <= cap ? (long)p->len : -1;
	if (n > 0)
		memcpy(buf, pkt_data(p), p->len);
	pkt_pool_ret(s->ctx.pool, p);
	return n;
}

static void ip4(uint32_t a, char *out)
{
	snprintf(out, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

static bool op_pop_event(void *core, char *buf, size_t cap)
{
	struct peer_srv *ps = core;
	struct ppp_event ev;
	char a[4][16];

	if (!ppp_srv_pop_event(&ps->srv, &ev))
		return false;
	switch (ev.type) {
	case PPP_EV_AUTH_OK:
		memcpy(ps->hlak, ev.u.auth.hlak, sizeof(ps->hlak));
		ps->have_hlak = true;
		snprintf(buf, cap, "auth-ok %04x", ev.u.auth.proto);
		break;
	case PPP_EV_IP_UP:
		ip4(ev.u.ip.local, a[0]);
		ip4(ev.u.ip.peer, a[1]);
		ip4(ev.u.ip.dns1, a[2]);
		ip4(ev.u.ip.dns2, a[3]);
		snprintf(buf, cap, "ip-up %s peer %s dns %s %s mru %u mtu %u", a[0], a[1], a[2],
			 a[3], ev.u.ip.mru, ev.u.ip.peer_mru);
		break;
	case PPP_EV_IPV6_UP:
		snprintf(buf, cap, "ipv6-up %016llx peer %016llx",
			 (unsigned long long)ev.u.ipv6.local_id,
			 (unsigned long long)ev.u.ipv6.peer_id);
		break;
	case PPP_EV_DOWN:
		snprintf(buf, cap, "down %s %d %s", peer_reason_name(ev.u.down.reason),
			 ev.u.down.detail, ev.u.down.msg);
		break;
	case PPP_EV_FINISHED:
		snprintf(buf, cap, "finished");
		break;
	}
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
	assert_int_equal(f->pool.nfree, f->pool.count);	/* every frame went back */
	pkt_pool_destroy(&f->pool);
}
