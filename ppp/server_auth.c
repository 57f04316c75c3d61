// SPDX-License-Identifier: MIT
/* The authenticate phase of a ppp_srv (RFC 1661 3.5): MS-CHAPv2, EAP or PAP as the authenticator. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/server_auth.h"

int srv_auth_init(struct ppp_srv_auth *a, struct ppp_sess *s, const struct ppp_srv_auth_cfg *cfg)
{
	struct chap_auth_cfg cc = { .name = cfg->name ? cfg->name : "",
				    .lookup = cfg->chap_lookup, .lookup_ctx = cfg->lookup_ctx,
				    .fault = cfg->chap_fault, .fail_code = cfg->chap_fail_code };
	struct pap_auth_cfg pc = { .lookup = cfg->pap_lookup, .lookup_ctx = cfg->lookup_ctx,
				   .wait_ms = PPP_AUTH_TIMEOUT_MS, .fault = cfg->pap_fault };
	int ret;

	a->pap_mode = cfg->pap;
	a->no_auth = cfg->no_auth;
	a->proto = cfg->no_auth ? 0 : cfg->pap ? PPP_PAP : cfg->eap ? PPP_EAP : PPP_CHAP;
	if (cfg->no_auth)
		return 0;
	if (cfg->pap)
		return pap_auth_init(&a->pap, &s->ctx, &pc);
	/* RFC 1994 4.1: the Challenge value and Identifier come from the injected randomness. */
	ret = sx_random(&s->ctx.rand, cc.challenge, sizeof(cc.challenge));
	if (!ret)
		ret = sx_random(&s->ctx.rand, &cc.id, 1);
	if (!ret && cfg->eap) {
		struct eap_auth_cfg ec = { .chap = cc, .id = cc.id, .fault = cfg->eap_fault,
					   .peap = cfg->peap, .peap_tls = cfg->peap_tls,
					   .peap_fault = cfg->peap_fault, .tls = cfg->eap_tls,
					   .tls_fault = cfg->eap_tls_fault, .tls_room = cfg->eap_tls_room };

		ret = eap_auth_init(&a->eap, &s->ctx, &ec);
		explicit_bzero(&ec, sizeof(ec));
	} else if (!ret) {
		ret = chap_auth_init(&a->chap, &s->ctx, &cc);
	}
	explicit_bzero(cc.challenge, sizeof(cc.challenge));
	return ret;
}

static void auth_ok(struct ppp_srv_auth *a, struct ppp_sess *s, uint16_t proto)
{
	struct ppp_event ev = { .type = PPP_EV_AUTH_OK, .u.auth.proto = proto };
	const char *user;

	/* MS-SSTP 3.2.5.2: the HLAK from the client's MPPE keys; 32 zeros for PAP. */
	if (proto == PPP_CHAP) {
		chap_auth_hlak(&a->chap, ev.u.auth.hlak);
		user = chap_auth_user(&a->chap);
	} else if (proto == PPP_EAP) {
		/* MS-SSTP 3.2.5.2.4: the first 32 octets of the client's MSK. */
		eap_auth_hlak(&a->eap, ev.u.auth.hlak);
		/* EAP-TLS names no user in its method: the identity is the name (SoftEther too). */
		user = a->eap.use_tls ? eap_auth_identity(&a->eap) : eap_auth_user(&a->eap);
	} else if (!proto) {
		user = "";
	} else {
		pap_auth_hlak(&a->pap, ev.u.auth.hlak);
		user = pap_auth_user(&a->pap);
	}
	snprintf(a->user, sizeof(a->user), "%s", user);
	sx_logf(&s->ctx.log, SX_LOG_INFO, "ppp: peer \"%s\" authenticated (%s)", a->user,
		proto == PPP_CHAP ? "MS-CHAPv2" : proto == PPP_PAP ? "PAP"
			: proto == PPP_EAP ? (a->eap.use_peap ? "PEAP" : a->eap.use_tls ? "EAP-TLS"
					      : "EAP-MSCHAPv2")
			: "none asked");
	ppp_evq_emit(&s->q, &ev);
	explicit_bzero(&ev, sizeof(ev));
	ppp_sess_network_start(s);
}

void srv_auth_start(struct ppp_srv_auth *a, struct ppp_sess *s)
{
	int ret;

	ppp_evq_set_phase(&s->q, PPP_PHASE_AUTHENTICATE);
	if (a->no_auth) {
		auth_ok(a, s, 0);	/* RFC 1661 3.5: no Authentication-Protocol, no phase */
		return;
	}
	/* RFC 1994 4.1: the authenticator sends the first Challenge; PAP's peer speaks first. */
	ret = a->pap_mode ? pap_auth_start(&a->pap, s->now)
	      : a->proto == PPP_EAP ? eap_auth_start(&a->eap, s->now)
				    : chap_auth_start(&a->chap, s->now);
	if (ret)
		sx_logf(&s->ctx.log, SX_LOG_WARN, "ppp: first authentication packet not "
			"sent (%d); the retransmission follows", ret);
}

static void auth_check_eap(struct ppp_srv_auth *a, struct ppp_sess *s)
{
	switch (eap_auth_result(&a->eap)) {
	case EAP_RESULT_PENDING:
		return;
	case EAP_RESULT_SUCCESS:
		if (a->eap.fault == EAP_AUTH_FAULT_NONE) {
			auth_ok(a, s, PPP_EAP);
			return;
		}
		/* A fault's early Success proves nothing: wait for the client to give up. */
		return;
	case EAP_RESULT_FAILURE:
		ppp_evq_fail(&s->q, eap_auth_reason(&a->eap), chap_auth_error(&a->eap.chap),
			     eap_auth_message(&a->eap));
		return;
	}
}

/* The outcome once known: AUTH_OK, or DOWN after the Failure/Nak already queued, then Terminate. */
static void auth_check(struct ppp_srv_auth *a, struct ppp_sess *s)
{
	char msg[PPP_MSG_MAX];

	if (s->q.phase != PPP_PHASE_AUTHENTICATE)
		return;
	if (a->pap_mode) {
		switch (pap_auth_result(&a->pap)) {
		case PAP_RESULT_PENDING:
			return;
		case PAP_RESULT_SUCCESS:
			auth_ok(a, s, PPP_PAP);
			return;
		case PAP_RESULT_FAILURE:
			ppp_evq_fail(&s->q, pap_auth_reason(&a->pap), 0,
				     pap_auth_message(&a->pap));
			return;
		}
		return;
	}
	if (a->proto == PPP_EAP) {
		auth_check_eap(a, s);
		return;
	}
	switch (chap_auth_result(&a->chap)) {
	case CHAP_RESULT_PENDING:
		return;
	case CHAP_RESULT_SUCCESS:
		auth_ok(a, s, PPP_CHAP);
		return;
	case CHAP_RESULT_FAILURE:
		if (chap_auth_error(&a->chap))
			snprintf(msg, sizeof(msg), "E=%d %s", chap_auth_error(&a->chap),
				 chap_auth_message(&a->chap));
		else
			snprintf(msg, sizeof(msg), "%s", chap_auth_message(&a->chap));
		ppp_evq_fail(&s->q, chap_auth_reason(&a->chap), chap_auth_error(&a->chap),
			     msg);
		return;
	}
}

int srv_auth_input(struct ppp_srv_auth *a, struct ppp_sess *s, uint16_t proto,
		   const uint8_t *info, size_t len)
{
	int ret;

	/*
	 * RFC 1661 3.5: only the protocol LCP agreed on. After the outcome the authenticator still
	 * answers a repeated Response or Authenticate-Request (RFC 1994 4.1, RFC 1334 2.2.1), as
	 * its answer may have been lost.
	 */
	if (s->q.phase < PPP_PHASE_AUTHENTICATE || s->q.phase > PPP_PHASE_OPEN ||
	    !a->proto || proto != a->proto)
		return -EPROTO;
	if (a->pap_mode)
		ret = pap_auth_input(&a->pap, info, len, s->now);
	else if (a->proto == PPP_EAP)
		ret = eap_auth_input(&a->eap, info, len, s->now);
	else
		ret = chap_auth_input(&a->chap, info, len, s->now);
	auth_check(a, s);
	return ret;
}

void srv_auth_tick(struct ppp_srv_auth *a, struct ppp_sess *s)
{
	if (s->q.phase != PPP_PHASE_AUTHENTICATE || a->no_auth)
		return;
	if (a->pap_mode)
		pap_auth_tick(&a->pap, s->now);
	else if (a->proto == PPP_EAP)
		eap_auth_tick(&a->eap, s->now);
	else
		chap_auth_tick(&a->chap, s->now);
	auth_check(a, s);
}

uint64_t srv_auth_deadline(const struct ppp_srv_auth *a, const struct ppp_sess *s)
{
	if (s->q.phase != PPP_PHASE_AUTHENTICATE || a->no_auth)
		return 0;
	if (a->proto == PPP_EAP)
		return eap_auth_next_deadline(&a->eap);
	return a->pap_mode ? pap_auth_next_deadline(&a->pap) : chap_auth_next_deadline(&a->chap);
}

void srv_auth_destroy(struct ppp_srv_auth *a)
{
	chap_auth_destroy(&a->chap);
	pap_auth_destroy(&a->pap);
	if (a->proto == PPP_EAP)
		eap_auth_destroy(&a->eap);
}
