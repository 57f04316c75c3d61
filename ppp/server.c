// SPDX-License-Identifier: MIT
/* struct ppp_srv: the PPP authenticator side (skeleton so the test server compiles; phases follow). */
#include <errno.h>
#include <string.h>

#include "ppp/server.h"

int ppp_srv_init(struct ppp_srv *s, const struct ppp_srv_cfg *cfg)
{
	memset(s, 0, sizeof(*s));
	if (!cfg || !cfg->pool || !cfg->rand.fn)
		return -EINVAL;
	s->ctx = (struct ppp_ctx){ .pool = cfg->pool, .headroom = cfg->headroom,
				   .log = cfg->log, .rand = cfg->rand };
	return 0;
}

int ppp_srv_open(struct ppp_srv *s, uint64_t now)
{
	s->now = now;
	return -ENOSYS;		/* not implemented yet */
}

int ppp_srv_input(struct ppp_srv *s, const uint8_t *frame, size_t len, uint64_t now)
{
	(void)frame;
	(void)len;
	s->now = now;
	return -ENOSYS;		/* not implemented yet */
}

void ppp_srv_tick(struct ppp_srv *s, uint64_t now)
{
	s->now = now;
}

uint64_t ppp_srv_next_deadline(const struct ppp_srv *s)
{
	(void)s;
	return 0;
}

struct pkt *ppp_srv_pop_tx(struct ppp_srv *s)
{
	return pkt_q_pop(&s->ctx.txq);
}

bool ppp_srv_pop_event(struct ppp_srv *s, struct ppp_event *ev)
{
	(void)s;
	(void)ev;
	return false;
}

int ppp_srv_close(struct ppp_srv *s, uint64_t now)
{
	s->now = now;
	return -ENOSYS;		/* not implemented yet */
}

void ppp_srv_destroy(struct ppp_srv *s)
{
	if (s->ctx.pool)
		pkt_q_drain(&s->ctx.txq, s->ctx.pool);
	explicit_bzero(s, sizeof(*s));
}

bool ppp_srv_ip_open(const struct ppp_srv *s)
{
	(void)s;
	return false;
}

bool ppp_srv_ipv6_open(const struct ppp_srv *s)
{
	(void)s;
	return false;
}

const char *ppp_srv_user(const struct ppp_srv *s)
{
	return s->user;
}

enum ppp_phase ppp_srv_phase(const struct ppp_srv *s)
{
	return s->phase;
}
