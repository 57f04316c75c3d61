// SPDX-License-Identifier: MIT
/* The authenticate phase of a ppp_link (RFC 1661 3.5): MS-CHAPv2, EAP or PAP as LCP agreed, with a time limit. */
#include <errno.h>
#include <string.h>

#include "auth/auth.h"
#include "ppp/link_auth.h"

static void auth_ok(struct ppp_link_auth *a, struct ppp_sess *s, uint16_t proto)
{
	struct ppp_event ev = { .type = PPP_EV_AUTH_OK, .u.auth.proto = proto,
				.u.auth.eap_type = proto == PPP_EAP ? eap_method(&a->eap) : 0 };
	uint8_t send_key[16], recv_key[16], msk[EAP_MSK_LEN];

	/* MS-SSTP 3.2.5.2: HLAK = the client's MasterSendKey | MasterReceiveKey; for EAP the first
	 * 32 octets of the MSK (3.2.5.2.4); zeros for PAP. */
	if (proto == PPP_CHAP && !chap_keys(&a->chap, send_key, recv_key))
		cbind_hlak_mschapv2(send_key, recv_key, ev.u.auth.hlak);
	if (proto == PPP_EAP && !eap_msk(&a->eap, msk))
		cbind_hlak_msk(msk, sizeof(msk), ev.u.auth.hlak);
	explicit_bzero(send_key, sizeof(send_key));
	explicit_bzero(recv_key, sizeof(recv_key));
	explicit_bzero(msk, sizeof(msk));
	a->deadline = 0;
	sx_logf(&s->ctx.log, SX_LOG_INFO, "ppp: authenticated (%s)",
		proto == PPP_CHAP ? "MS-CHAPv2" : proto == PPP_PAP ? "PAP"
			: proto == PPP_EAP ? eap_type_name(eap_method(&a->eap)) : "none asked");
	ppp_evq_emit(&s->q, &ev);
	explicit_bzero(&ev, sizeof(ev));
	ppp_sess_network_start(s);
}

void link_auth_start(struct ppp_link_auth *a, struct ppp_sess *s)
{
	uint16_t proto = lcp_auth_proto(&s->lcp);

	ppp_evq_set_phase(&s->q, PPP_PHASE_AUTHENTICATE);
	if (!proto) {
		/*
		 * With no authentication nothing proves the server knows the password (no S= check)
		 * and the HLAK is zeros, so the crypto binding protects nothing: refused by default.
		 */
		if (!a->allow_no_auth) {
			sx_logf(&s->ctx.log, SX_LOG_ERR, "ppp: the server did not authenticate: "
				"refusing a server that asks for no authentication "
				"(--allow-no-auth to accept)");
			ppp_evq_fail(&s->q, SX_REASON_AUTH_UNVERIFIED, 0,
				     "server asked for no authentication");
			return;
		}
		sx_logf(&s->ctx.log, SX_LOG_WARN, "ppp: the server asks for no authentication: "
			"accepted as allowed, nothing proves who the server is");
		auth_ok(a, s, 0);
		return;
	}
	a->deadline = s->now + a->timeout_ms;
	/* RFC 3748 3.1: EAP-TLS fragments fit the peer's MRU (EAP header and Type aside). */
	if (proto == PPP_EAP && a->have_eap && !a->eap.tls_room &&
	    lcp_peer_mru(&s->lcp) < EAP_TLS_ROOM + EAP_HDRLEN + 1)
		a->eap.tls_room = (uint16_t)(lcp_peer_mru(&s->lcp) - EAP_HDRLEN - 1);
	if (proto == PPP_CHAP || (proto == PPP_EAP && a->have_eap))
		return;		/* RFC 1994 4.1, RFC 3748 2: the authenticator speaks first */
	if (proto == PPP_PAP && a->have_pap) {
		if (pap_start(&a->pap, s->now))
			sx_logf(&s->ctx.log, SX_LOG_WARN, "pap: request not queued, retrying");
		return;
	}
	ppp_evq_fail(&s->q, SX_REASON_AUTH_UNSUPPORTED, 0,
		     "server asked for an authentication we refuse");
}

static void auth_check_chap(struct ppp_link_auth *a, struct ppp_sess *s)
{
	switch (chap_result(&a->chap)) {
	case CHAP_RESULT_PENDING:
		return;
	case CHAP_RESULT_SUCCESS:
		auth_ok(a, s, PPP_CHAP);
		return;
	case CHAP_RESULT_FAILURE:
		a->deadline = 0;
		sx_logf(&s->ctx.log, SX_LOG_ERR, "chap: authentication failed: %s",
			chap_message(&a->chap));
		ppp_evq_fail(&s->q, chap_reason(&a->chap), chap_error(&a->chap),
			     chap_message(&a->chap));
		return;
	}
}

static void auth_check_eap(struct ppp_link_auth *a, struct ppp_sess *s)
{
	switch (eap_result(&a->eap)) {
	case EAP_RESULT_PENDING:
		return;
	case EAP_RESULT_SUCCESS:
		auth_ok(a, s, PPP_EAP);
		return;
	case EAP_RESULT_FAILURE:
		a->deadline = 0;
		sx_logf(&s->ctx.log, SX_LOG_ERR, "eap: authentication failed: %s",
			eap_message(&a->eap));
		ppp_evq_fail(&s->q, eap_reason(&a->eap),
			     eap_method(&a->eap) == EAP_TYPE_PEAP ? eap_peap_chap_error(&a->peap)
								   : chap_error(&a->eap.chap),
			     eap_message(&a->eap));
		return;
	}
}

static void auth_check_pap(struct ppp_link_auth *a, struct ppp_sess *s)
{
	switch (pap_result(&a->pap)) {
	case PAP_RESULT_PENDING:
		return;
	case PAP_RESULT_SUCCESS:
		auth_ok(a, s, PPP_PAP);
		return;
	case PAP_RESULT_FAILURE:
		a->deadline = 0;
		sx_logf(&s->ctx.log, SX_LOG_ERR, "pap: authentication failed: %s",
			pap_message(&a->pap));
		ppp_evq_fail(&s->q, pap_reason(&a->pap), 0, pap_message(&a->pap));
		return;
	}
}

int link_auth_input(struct ppp_link_auth *a, struct ppp_sess *s, uint16_t proto,
		    const uint8_t *info, size_t len)
{
	int ret;

	/* RFC 1661 3.5: only the protocol LCP agreed on, only in the authenticate phase. */
	if (s->q.phase != PPP_PHASE_AUTHENTICATE || proto != lcp_auth_proto(&s->lcp))
		return -EPROTO;
	if (proto == PPP_CHAP) {
		ret = chap_input(&a->chap, info, len, s->now);
		auth_check_chap(a, s);
		return ret;
	}
	if (proto == PPP_EAP) {
		if (!a->have_eap)
			return -EPROTO;
		ret = eap_input(&a->eap, info, len, s->now);
		auth_check_eap(a, s);
		return ret;
	}
	if (!a->have_pap)
		return -EPROTO;
	ret = pap_input(&a->pap, info, len, s->now);
	auth_check_pap(a, s);
	return ret;
}

void link_auth_tick(struct ppp_link_auth *a, struct ppp_sess *s)
{
	if (s->q.phase != PPP_PHASE_AUTHENTICATE)
		return;
	if (lcp_auth_proto(&s->lcp) == PPP_PAP && a->have_pap) {
		pap_tick(&a->pap, s->now);
		auth_check_pap(a, s);
		if (s->q.phase != PPP_PHASE_AUTHENTICATE || s->q.fail_pending)
			return;
	}
	if (a->deadline && s->now >= a->deadline) {
		a->deadline = 0;
		sx_logf(&s->ctx.log, SX_LOG_ERR, "ppp: no authentication result within %u ms",
			a->timeout_ms);
		ppp_evq_fail(&s->q, SX_REASON_TIMEOUT, 0, "authentication timed out");
	}
}

uint64_t link_auth_deadline(const struct ppp_link_auth *a, const struct ppp_sess *s)
{
	uint64_t d = a->deadline, p;

	if (s->q.phase != PPP_PHASE_AUTHENTICATE)
		return 0;
	if (lcp_auth_proto(&s->lcp) == PPP_PAP && a->have_pap) {
		p = pap_next_deadline(&a->pap);
		if (p && (!d || p < d))
			d = p;
	}
	return d;
}
