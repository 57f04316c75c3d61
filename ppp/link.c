// SPDX-License-Identifier: MIT
/* struct ppp_link: RFC 1661 3.2 phases over LCP, authentication, IPCP and IPv6CP; dispatch and events. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "ppp/ppp.h"

/* The client's part of the LCP notes; ppp_sess_notify_lcp does the rest. */
static void notify_lcp(struct ppp_link *l, enum fsm_note note, uint32_t arg)
{
	switch (note) {
	case FSM_NOTE_UP:
		link_auth_start(&l->auth, &l->sess);
		return;
	case FSM_NOTE_DOWN:
		/* SoftEther's answer to a wrong PAP password (see evq_resolve_reason). */
		if (l->sess.q.phase == PPP_PHASE_AUTHENTICATE && l->sess.q.reason == SX_REASON_NONE)
			l->sess.q.lost_in_auth = true;
		l->auth.deadline = 0;
		break;
	case FSM_NOTE_FINISHED:
		l->auth.deadline = 0;
		break;
	case FSM_NOTE_STARTED:
	case FSM_NOTE_PROTREJ:
		break;
	}
	ppp_sess_notify_lcp(&l->sess, note, arg);
}

static void link_notify(void *user, struct fsm *f, enum fsm_note note, uint32_t arg)
{
	struct ppp_link *l = user;

	if (f == &l->sess.lcp.fsm)
		notify_lcp(l, note, arg);
	else if (f == &l->sess.ipcp.fsm)
		ppp_sess_notify_ipcp(&l->sess, note);
	else if (f == &l->sess.ipv6cp.fsm)
		ppp_sess_notify_ipv6cp(&l->sess, note);
}

static int link_init_protocols(struct ppp_link *l, const struct ppp_link_cfg *cfg)
{
	struct fsm_conf fc;
	struct lcp_conf lc;
	struct ipcp_conf ic;
	struct ipv6cp_conf vc;
	int ret;

	fsm_conf_default(&fc);
	if (cfg->restart_ms)
		fc.restart_ms = cfg->restart_ms;
	if (cfg->max_configure)
		fc.max_configure = cfg->max_configure;
	if (cfg->max_terminate)
		fc.max_terminate = cfg->max_terminate;
	if (cfg->max_failure)
		fc.max_failure = cfg->max_failure;
	lcp_conf_default(&lc);
	lc.fsm = fc;
	if (cfg->mru)
		lc.mru = cfg->mru;
	lc.allow_pap = cfg->allow_pap;
	lc.allow_chap = !cfg->no_mschapv2;
	lc.allow_eap = cfg->eap_methods != 0;
	lc.prefer_eap = cfg->prefer_eap;
	lc.echo_interval_ms = cfg->echo_interval_ms;
	if (cfg->echo_max_fails)
		lc.echo_max_fails = cfg->echo_max_fails;
	ipcp_conf_default(&ic);
	ic.fsm = fc;
	ic.request_dns1 = ic.request_dns2 = cfg->want_dns;
	ipv6cp_conf_default(&vc);
	vc.fsm = fc;
	ret = lcp_init(&l->sess.lcp, &l->sess.ctx, &lc);
	if (!ret)
		ret = ipcp_init(&l->sess.ipcp, &l->sess.ctx, &ic);
	if (!ret && cfg->want_ipv6)
		ret = ipv6cp_init(&l->sess.ipv6cp, &l->sess.ctx, &vc);
	if (ret)
		return ret;
	fsm_set_notify(&l->sess.lcp.fsm, link_notify, l);
	fsm_set_notify(&l->sess.ipcp.fsm, link_notify, l);
	if (cfg->want_ipv6)
		fsm_set_notify(&l->sess.ipv6cp.fsm, link_notify, l);
	return 0;
}

int ppp_link_init(struct ppp_link *l, const struct ppp_link_cfg *cfg)
{
	uint8_t nt_hash[16];
	int ret = -EINVAL;

	memset(l, 0, sizeof(*l));
	if (!cfg->user || !cfg->pool || !cfg->rand.fn || (cfg->password_len && !cfg->password))
		goto out;
	l->sess.ctx = (struct ppp_ctx){ .pool = cfg->pool, .headroom = cfg->headroom,
					.log = cfg->log, .rand = cfg->rand };
	ppp_evq_init(&l->sess.q, "ppp", &cfg->log);
	l->sess.peer = "server";
	l->sess.run_ipv6 = cfg->want_ipv6;
	l->auth.allow_no_auth = cfg->allow_no_auth;
	l->auth.timeout_ms = cfg->auth_timeout_ms ? cfg->auth_timeout_ms : PPP_AUTH_TIMEOUT_MS;
	ret = mschapv2_nt_hash(cfg->password ? cfg->password : "", cfg->password_len, nt_hash);
	if (!ret)
		ret = chap_init(&l->auth.chap, &l->sess.ctx, cfg->user, nt_hash);
	if (!ret && cfg->eap_methods) {
		ret = eap_init(&l->auth.eap, &l->sess.ctx, cfg->identity, cfg->user, nt_hash,
			       cfg->eap_methods);
		l->auth.have_eap = !ret;
		l->auth.eap.tls = cfg->tls;
	}
	/* PEAP needs a TLS engine; without one the server's PEAP is Nak'ed. */
	if (!ret && (cfg->eap_methods & EAP_ALLOW_PEAP) && cfg->tls.ops) {
		ret = eap_peap_init(&l->auth.peap, &l->sess.ctx, &cfg->tls, cfg->user, nt_hash);
		if (!ret)
			eap_set_method(&l->auth.eap, &eap_peap_method, &l->auth.peap);
	}
	explicit_bzero(nt_hash, sizeof(nt_hash));
	if (!ret && cfg->allow_pap) {
		ret = pap_init(&l->auth.pap, &l->sess.ctx, cfg->user, cfg->password, cfg->password_len,
			       cfg->restart_ms, cfg->max_configure);
		l->auth.have_pap = !ret;
	}
	if (!ret)
		ret = link_init_protocols(l, cfg);
out:
	if (ret)
		ppp_link_destroy(l);
	return ret;
}

int ppp_link_open(struct ppp_link *l, uint64_t now)
{
	l->sess.now = now;
	if (l->sess.opened)
		return -EPROTO;
	l->sess.opened = true;
	ppp_evq_set_phase(&l->sess.q, PPP_PHASE_ESTABLISH);
	/* RFC 1661 3.3: the carrier (SSTP) is already up; SoftEther waits for our request. */
	fsm_open(&l->sess.lcp.fsm, now);
	fsm_up(&l->sess.lcp.fsm, now);
	ppp_sess_settle(&l->sess);
	return 0;
}

static int link_dispatch(struct ppp_link *l, uint16_t proto, const uint8_t *info, size_t len)
{
	if (proto == PPP_CHAP || proto == PPP_PAP || proto == PPP_EAP)
		return link_auth_input(&l->auth, &l->sess, proto, info, len);
	return ppp_sess_dispatch(&l->sess, proto, info, len);
}

int ppp_link_input(struct ppp_link *l, const uint8_t *frame, size_t len, uint64_t now)
{
	const uint8_t *info;
	size_t info_len;
	uint16_t proto;
	int ret;

	l->sess.now = now;
	if (!l->sess.opened || l->sess.q.phase == PPP_PHASE_DEAD)
		return -EPROTO;
	ret = ppp_frame_parse(frame, len, &proto, &info, &info_len);
	if (ret)
		return ret;
	ret = link_dispatch(l, proto, info, info_len);
	ppp_sess_settle(&l->sess);
	return ret;
}

void ppp_link_tick(struct ppp_link *l, uint64_t now)
{
	l->sess.now = now;
	ppp_sess_tick(&l->sess, now);
	link_auth_tick(&l->auth, &l->sess);
	ppp_sess_settle(&l->sess);
}

uint64_t ppp_link_next_deadline(const struct ppp_link *l)
{
	return ppp_sess_min_deadline(ppp_sess_next_deadline(&l->sess),
				     link_auth_deadline(&l->auth, &l->sess));
}

struct pkt *ppp_link_pop_tx(struct ppp_link *l)
{
	return pkt_q_pop(&l->sess.ctx.txq);
}

bool ppp_link_pop_event(struct ppp_link *l, struct ppp_event *ev)
{
	return ppp_evq_pop(&l->sess.q, ev);
}

int ppp_link_close(struct ppp_link *l, uint64_t now)
{
	l->sess.now = now;
	ppp_evq_fail(&l->sess.q, SX_REASON_USER, 0, "closed by user");
	ppp_sess_settle(&l->sess);
	return 0;
}

void ppp_link_destroy(struct ppp_link *l)
{
	if (l->sess.ctx.pool)
		pkt_q_drain(&l->sess.ctx.txq, l->sess.ctx.pool);
	chap_destroy(&l->auth.chap);
	pap_destroy(&l->auth.pap);
	if (l->auth.eap.ext)
		eap_peap_destroy(&l->auth.peap);
	if (l->auth.have_eap)
		eap_destroy(&l->auth.eap);
	explicit_bzero(l, sizeof(*l));
}

enum ppp_phase ppp_link_phase(const struct ppp_link *l)
{
	return l->sess.q.phase;
}

enum sx_reason ppp_link_reason(const struct ppp_link *l)
{
	if (l->sess.q.reason != SX_REASON_NONE)
		return l->sess.q.reason;
	return fsm_reason(&l->sess.lcp.fsm);
}

bool ppp_link_ip_open(const struct ppp_link *l)
{
	return ppp_sess_ip_open(&l->sess);
}

bool ppp_link_ipv6_open(const struct ppp_link *l)
{
	return ppp_sess_ipv6_open(&l->sess);
}
