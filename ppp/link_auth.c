// SPDX-License-Identifier: MIT
/* The authenticate phase of a ppp_link (RFC 1661 3.5): MS-CHAPv2 or PAP as LCP agreed, with a time limit. */
#include <errno.h>
#include <string.h>

#include "auth/auth.h"
#include "ppp/link_int.h"

static void auth_ok(struct ppp_link *l, uint16_t proto)
{
	struct ppp_event ev = { .type = PPP_EV_AUTH_OK, .u.auth.proto = proto };
	uint8_t send_key[16], recv_key[16];

	/* MS-SSTP 3.2.5.2: HLAK = the client's MasterSendKey | MasterReceiveKey; zeros for PAP. */
	if (proto == PPP_CHAP && !chap_keys(&l->chap, send_key, recv_key))
		cbind_hlak_mschapv2(send_key, recv_key, ev.u.auth.hlak);
	explicit_bzero(send_key, sizeof(send_key));
	explicit_bzero(recv_key, sizeof(recv_key));
	l->auth_deadline = 0;
	sx_logf(&l->sess.ctx.log, SX_LOG_INFO, "ppp: authenticated (%s)",
		proto == PPP_CHAP ? "MS-CHAPv2" : proto == PPP_PAP ? "PAP" : "none asked");
	ppp_evq_emit(&l->sess.q, &ev);
	explicit_bzero(&ev, sizeof(ev));
	ppp_sess_network_start(&l->sess);
}

void link_auth_start(struct ppp_link *l)
{
	uint16_t proto = lcp_auth_proto(&l->sess.lcp);

	ppp_evq_set_phase(&l->sess.q, PPP_PHASE_AUTHENTICATE);
	if (!proto) {
		/*
		 * With no authentication nothing proves the server knows the password (no S= check)
		 * and the HLAK is zeros, so the crypto binding protects nothing: refused by default.
		 */
		if (!l->allow_no_auth) {
			sx_logf(&l->sess.ctx.log, SX_LOG_ERR, "ppp: the server did not authenticate: "
				"refusing a server that asks for no authentication "
				"(--allow-no-auth to accept)");
			ppp_evq_fail(&l->sess.q, SX_REASON_AUTH_UNVERIFIED, 0,
				     "server asked for no authentication");
			return;
		}
		sx_logf(&l->sess.ctx.log, SX_LOG_WARN, "ppp: the server asks for no authentication: "
			"accepted as allowed, nothing proves who the server is");
		auth_ok(l, 0);
		return;
	}
	l->auth_deadline = l->sess.now + l->auth_timeout_ms;
	if (proto == PPP_CHAP)
		return;		/* RFC 1994 4.1: the authenticator sends the first Challenge */
	if (proto == PPP_PAP && l->have_pap) {
		if (pap_start(&l->pap, l->sess.now))
			sx_logf(&l->sess.ctx.log, SX_LOG_WARN, "pap: request not queued, retrying");
		return;
	}
	ppp_evq_fail(&l->sess.q, SX_REASON_AUTH_UNSUPPORTED, 0,
		     "server asked for an authentication we refuse");
}

static void auth_check_chap(struct ppp_link *l)
{
	switch (chap_result(&l->chap)) {
	case CHAP_RESULT_PENDING:
		return;
	case CHAP_RESULT_SUCCESS:
		auth_ok(l, PPP_CHAP);
		return;
	case CHAP_RESULT_FAILURE:
		l->auth_deadline = 0;
		sx_logf(&l->sess.ctx.log, SX_LOG_ERR, "chap: authentication failed: %s",
			chap_message(&l->chap));
		ppp_evq_fail(&l->sess.q, chap_reason(&l->chap), chap_error(&l->chap),
			     chap_message(&l->chap));
		return;
	}
}

static void auth_check_pap(struct ppp_link *l)
{
	switch (pap_result(&l->pap)) {
	case PAP_RESULT_PENDING:
		return;
	case PAP_RESULT_SUCCESS:
		auth_ok(l, PPP_PAP);
		return;
	case PAP_RESULT_FAILURE:
		l->auth_deadline = 0;
		sx_logf(&l->sess.ctx.log, SX_LOG_ERR, "pap: authentication failed: %s",
			pap_message(&l->pap));
		ppp_evq_fail(&l->sess.q, pap_reason(&l->pap), 0, pap_message(&l->pap));
		return;
	}
}

int link_auth_input(struct ppp_link *l, uint16_t proto, const uint8_t *info, size_t len)
{
	int ret;

	/* RFC 1661 3.5: only the protocol LCP agreed on, only in the authenticate phase. */
	if (l->sess.q.phase != PPP_PHASE_AUTHENTICATE || proto != lcp_auth_proto(&l->sess.lcp))
		return -EPROTO;
	if (proto == PPP_CHAP) {
		ret = chap_input(&l->chap, info, len, l->sess.now);
		auth_check_chap(l);
		return ret;
	}
	if (!l->have_pap)
		return -EPROTO;
	ret = pap_input(&l->pap, info, len, l->sess.now);
	auth_check_pap(l);
	return ret;
}

void link_auth_tick(struct ppp_link *l)
{
	if (l->sess.q.phase != PPP_PHASE_AUTHENTICATE)
		return;
	if (lcp_auth_proto(&l->sess.lcp) == PPP_PAP && l->have_pap) {
		pap_tick(&l->pap, l->sess.now);
		auth_check_pap(l);
		if (l->sess.q.phase != PPP_PHASE_AUTHENTICATE || l->sess.q.fail_pending)
			return;
	}
	if (l->auth_deadline && l->sess.now >= l->auth_deadline) {
		l->auth_deadline = 0;
		sx_logf(&l->sess.ctx.log, SX_LOG_ERR, "ppp: no authentication result within %u ms",
			l->auth_timeout_ms);
		ppp_evq_fail(&l->sess.q, SX_REASON_TIMEOUT, 0, "authentication timed out");
	}
}

uint64_t link_auth_deadline(const struct ppp_link *l)
{
	uint64_t d = l->auth_deadline, p;

	if (l->sess.q.phase != PPP_PHASE_AUTHENTICATE)
		return 0;
	if (lcp_auth_proto(&l->sess.lcp) == PPP_PAP && l->have_pap) {
		p = pap_next_deadline(&l->pap);
		if (p && (!d || p < d))
			d = p;
	}
	return d;
}
