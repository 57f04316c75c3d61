// SPDX-License-Identifier: MIT
/* The authenticate phase of a ppp_srv (RFC 1661 3.5): MS-CHAPv2 or PAP as the authenticator. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/server_int.h"

int srv_auth_init(struct ppp_srv *s, const struct ppp_srv_cfg *cfg)
{
	struct chap_auth_cfg cc = { .name = cfg->name ? cfg->name : "",
				    .lookup = cfg->chap_lookup, .lookup_ctx = cfg->lookup_ctx,
				    .fault = cfg->chap_fault, .fail_code = cfg->chap_fail_code };
	struct pap_auth_cfg pc = { .lookup = cfg->pap_lookup, .lookup_ctx = cfg->lookup_ctx,
				   .wait_ms = PPP_AUTH_TIMEOUT_MS, .fault = cfg->pap_fault };
	int ret;

	if (cfg->no_auth)
		return 0;
	if (cfg->pap)
		return pap_auth_init(&s->pap, &s->sess.ctx, &pc);
	/* RFC 1994 4.1: the Challenge value and Identifier come from the injected randomness. */
	ret = sx_random(&s->sess.ctx.rand, cc.challenge, sizeof(cc.challenge));
	if (!ret)
		ret = sx_random(&s->sess.ctx.rand, &cc.id, 1);
	if (!ret)
		ret = chap_auth_init(&s->chap, &s->sess.ctx, &cc);
	explicit_bzero(cc.challenge, sizeof(cc.challenge));
	return ret;
}

static void auth_ok(struct ppp_srv *s, uint16_t proto)
{
	struct ppp_event ev = { .type = PPP_EV_AUTH_OK, .u.auth.proto = proto };
	const char *user;

	/* MS-SSTP 3.2.5.2: the HLAK from the client's MPPE keys; 32 zeros for PAP. */
	if (proto == PPP_CHAP) {
		chap_auth_hlak(&s->chap, ev.u.auth.hlak);
		user = chap_auth_user(&s->chap);
	} else if (!proto) {
		user = "";
	} else {
		pap_auth_hlak(&s->pap, ev.u.auth.hlak);
		user = pap_auth_user(&s->pap);
	}
	snprintf(s->user, sizeof(s->user), "%s", user);
	sx_logf(&s->sess.ctx.log, SX_LOG_INFO, "ppp: peer \"%s\" authenticated (%s)", s->user,
		proto == PPP_CHAP ? "MS-CHAPv2" : proto == PPP_PAP ? "PAP" : "none asked");
	ppp_evq_emit(&s->sess.q, &ev);
	explicit_bzero(&ev, sizeof(ev));
	ppp_sess_network_start(&s->sess);
}

void srv_auth_start(struct ppp_srv *s)
{
	int ret;

	ppp_evq_set_phase(&s->sess.q, PPP_PHASE_AUTHENTICATE);
	if (s->no_auth) {
		auth_ok(s, 0);	/* RFC 1661 3.5: no Authentication-Protocol, no phase */
		return;
	}
	/* RFC 1994 4.1: the authenticator sends the first Challenge; PAP's peer speaks first. */
	ret = s->pap_mode ? pap_auth_start(&s->pap, s->sess.now)
			  : chap_auth_start(&s->chap, s->sess.now);
	if (ret)
		sx_logf(&s->sess.ctx.log, SX_LOG_WARN, "ppp: first authentication packet not "
			"sent (%d); the retransmission follows", ret);
}

/* The outcome once known: AUTH_OK, or DOWN after the Failure/Nak already queued, then Terminate. */
static void auth_check(struct ppp_srv *s)
{
	char msg[PPP_MSG_MAX];

	if (s->sess.q.phase != PPP_PHASE_AUTHENTICATE)
		return;
	if (s->pap_mode) {
		switch (pap_auth_result(&s->pap)) {
		case PAP_RESULT_PENDING:
			return;
		case PAP_RESULT_SUCCESS:
			auth_ok(s, PPP_PAP);
			return;
		case PAP_RESULT_FAILURE:
			ppp_evq_fail(&s->sess.q, pap_auth_reason(&s->pap), 0,
				     pap_auth_message(&s->pap));
			return;
		}
		return;
	}
	switch (chap_auth_result(&s->chap)) {
	case CHAP_RESULT_PENDING:
		return;
	case CHAP_RESULT_SUCCESS:
		auth_ok(s, PPP_CHAP);
		return;
	case CHAP_RESULT_FAILURE:
		if (chap_auth_error(&s->chap))
			snprintf(msg, sizeof(msg), "E=%d %s", chap_auth_error(&s->chap),
				 chap_auth_message(&s->chap));
		else
			snprintf(msg, sizeof(msg), "%s", chap_auth_message(&s->chap));
		ppp_evq_fail(&s->sess.q, chap_auth_reason(&s->chap), chap_auth_error(&s->chap),
			     msg);
		return;
	}
}

int srv_auth_input(struct ppp_srv *s, uint16_t proto, const uint8_t *info, size_t len)
{
	int ret;

	/*
	 * RFC 1661 3.5: only the protocol LCP agreed on. After the outcome the authenticator still
	 * answers a repeated Response or Authenticate-Request (RFC 1994 4.1, RFC 1334 2.2.1), as
	 * its answer may have been lost.
	 */
	if (s->sess.q.phase < PPP_PHASE_AUTHENTICATE || s->sess.q.phase > PPP_PHASE_OPEN ||
	    proto != (s->pap_mode ? PPP_PAP : PPP_CHAP))
		return -EPROTO;
	if (s->pap_mode)
		ret = pap_auth_input(&s->pap, info, len, s->sess.now);
	else
		ret = chap_auth_input(&s->chap, info, len, s->sess.now);
	auth_check(s);
	return ret;
}

void srv_auth_tick(struct ppp_srv *s)
{
	if (s->sess.q.phase != PPP_PHASE_AUTHENTICATE || s->no_auth)
		return;
	if (s->pap_mode)
		pap_auth_tick(&s->pap, s->sess.now);
	else
		chap_auth_tick(&s->chap, s->sess.now);
	auth_check(s);
}

uint64_t srv_auth_deadline(const struct ppp_srv *s)
{
	if (s->sess.q.phase != PPP_PHASE_AUTHENTICATE || s->no_auth)
		return 0;
	return s->pap_mode ? pap_auth_next_deadline(&s->pap) : chap_auth_next_deadline(&s->chap);
}
