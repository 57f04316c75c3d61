// SPDX-License-Identifier: MIT
/* struct ppp_srv, the test server's PPP authenticator: RFC 1661 3.2 phases, dispatch, events. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/server.h"

/* The server's part of the LCP notes; ppp_sess_notify_lcp does the rest. */
static void notify_lcp(struct ppp_srv *s, enum fsm_note note, uint32_t arg)
{
	switch (note) {
	case FSM_NOTE_UP:
		srv_auth_start(&s->auth, &s->sess);
		return;
	case FSM_NOTE_DOWN:
	case FSM_NOTE_FINISHED:
		s->terminate_at = 0;
		break;
	case FSM_NOTE_STARTED:
	case FSM_NOTE_PROTREJ:
		break;
	}
	ppp_sess_notify_lcp(&s->sess, note, arg);
}

static void srv_notify(void *user, struct fsm *f, enum fsm_note note, uint32_t arg)
{
	struct ppp_srv *s = user;

	if (f == &s->sess.lcp.fsm) {
		notify_lcp(s, note, arg);
	} else if (f == &s->sess.ipcp.fsm) {
		ppp_sess_notify_ipcp(&s->sess, note);
		if (note == FSM_NOTE_UP && s->terminate_after_ms && !s->terminate_at)
			s->terminate_at = s->sess.now + s->terminate_after_ms;
	} else if (f == &s->sess.ipv6cp.fsm) {
		ppp_sess_notify_ipv6cp(&s->sess, note);
	}
}

static void srv_fsm_conf(const struct ppp_srv_cfg *cfg, struct fsm_conf *fc)
{
	fsm_conf_default(fc);
	if (cfg->restart_ms)
		fc->restart_ms = cfg->restart_ms;
	if (cfg->max_configure)
		fc->max_configure = cfg->max_configure;
	if (cfg->max_failure)
		fc->max_failure = cfg->max_failure;
}

static int srv_init_protocols(struct ppp_srv *s, const struct ppp_srv_cfg *cfg)
{
	struct lcp_conf lc;
	struct ipcp_conf ic;
	struct ipv6cp_conf vc;
	int ret;

	lcp_conf_default(&lc);
	srv_fsm_conf(cfg, &lc.fsm);
	if (cfg->mru)
		lc.mru = cfg->mru;
	lc.echo_interval_ms = cfg->echo_interval_ms;
	lc.request_auth = cfg->no_auth ? 0 : cfg->pap ? PPP_PAP : cfg->eap ? PPP_EAP : PPP_CHAP;
	lc.reject_loop = cfg->faults & PPP_SRV_F_LCP_REJECT_LOOP;
	lc.nak_loop = cfg->faults & PPP_SRV_F_LCP_NAK_LOOP;
	lc.no_echo_reply = cfg->faults & PPP_SRV_F_NO_LCP_ECHO_REPLY;
	ipcp_conf_default(&ic);
	srv_fsm_conf(cfg, &ic.fsm);
	ic.server = true;
	ic.addr = cfg->local_addr;
	ic.request_dns1 = ic.request_dns2 = false;
	ic.peer_addr = cfg->peer_addr;
	ic.dns1 = cfg->dns1;
	ic.dns2 = cfg->dns2;
	ic.nak_loop = cfg->faults & PPP_SRV_F_IPCP_NAK_LOOP;
	ipv6cp_conf_default(&vc);
	srv_fsm_conf(cfg, &vc.fsm);
	ret = lcp_init(&s->sess.lcp, &s->sess.ctx, &lc);
	if (!ret)
		ret = ipcp_init(&s->sess.ipcp, &s->sess.ctx, &ic);
	if (!ret && s->sess.run_ipv6)
		ret = ipv6cp_init(&s->sess.ipv6cp, &s->sess.ctx, &vc);
	if (ret)
		return ret;
	fsm_set_notify(&s->sess.lcp.fsm, srv_notify, s);
	fsm_set_notify(&s->sess.ipcp.fsm, srv_notify, s);
	if (s->sess.run_ipv6)
		fsm_set_notify(&s->sess.ipv6cp.fsm, srv_notify, s);
	return 0;
}

int ppp_srv_init(struct ppp_srv *s, const struct ppp_srv_cfg *cfg)
{
	int ret = -EINVAL;

	memset(s, 0, sizeof(*s));
	if (!cfg || !cfg->pool || !cfg->rand.fn ||
	    (!cfg->no_auth && (cfg->pap ? !cfg->pap_lookup : !cfg->chap_lookup)))
		goto out;
	s->sess.ctx = (struct ppp_ctx){ .pool = cfg->pool, .headroom = cfg->headroom,
					.log = cfg->log, .rand = cfg->rand };
	ppp_evq_init(&s->sess.q, "ppp-srv", &cfg->log);
	s->sess.peer = "client";
	s->sess.run_ipv6 = cfg->ipv6 && !(cfg->faults & PPP_SRV_F_IPV6CP_PROTREJ);
	s->terminate_after_ms = cfg->terminate_after_ms;
	ret = srv_auth_init(&s->auth, &s->sess, &(struct ppp_srv_auth_cfg){
		.name = cfg->name, .pap = cfg->pap, .eap = cfg->eap, .no_auth = cfg->no_auth,
		.chap_lookup = cfg->chap_lookup, .pap_lookup = cfg->pap_lookup,
		.lookup_ctx = cfg->lookup_ctx, .chap_fault = cfg->chap_fault,
		.chap_fail_code = cfg->chap_fail_code, .pap_fault = cfg->pap_fault,
		.eap_fault = cfg->eap_fault, .peap = cfg->peap, .peap_tls = cfg->peap_tls,
		.peap_fault = cfg->peap_fault, .eap_tls = cfg->eap_tls,
		.eap_tls_fault = cfg->eap_tls_fault, .eap_tls_room = cfg->eap_tls_room });
	if (!ret)
		ret = srv_init_protocols(s, cfg);
out:
	if (ret)
		ppp_srv_destroy(s);
	return ret;
}

int ppp_srv_open(struct ppp_srv *s, uint64_t now)
{
	s->sess.now = now;
	if (s->sess.opened || !s->sess.ctx.pool)
		return -EPROTO;
	s->sess.opened = true;
	ppp_evq_set_phase(&s->sess.q, PPP_PHASE_ESTABLISH);
	/* RFC 1661 3.3: the carrier (SSTP) is up; our Configure-Request goes out at once. */
	fsm_open(&s->sess.lcp.fsm, now);
	fsm_up(&s->sess.lcp.fsm, now);
	ppp_sess_settle(&s->sess);
	return 0;
}

static int srv_dispatch(struct ppp_srv *s, uint16_t proto, const uint8_t *info, size_t len)
{
	/* The other authentication protocol is Protocol-Rejected like any unknown one. */
	if (s->auth.proto && proto == s->auth.proto)
		return srv_auth_input(&s->auth, &s->sess, proto, info, len);
	return ppp_sess_dispatch(&s->sess, proto, info, len);
}

int ppp_srv_input(struct ppp_srv *s, const uint8_t *frame, size_t len, uint64_t now)
{
	const uint8_t *info;
	size_t info_len;
	uint16_t proto;
	int ret;

	s->sess.now = now;
	if (!s->sess.opened || s->sess.q.phase == PPP_PHASE_DEAD)
		return -EPROTO;
	ret = ppp_frame_parse(frame, len, &proto, &info, &info_len);
	if (ret)
		return ret;
	ret = srv_dispatch(s, proto, info, info_len);
	ppp_sess_settle(&s->sess);
	return ret;
}

void ppp_srv_tick(struct ppp_srv *s, uint64_t now)
{
	s->sess.now = now;
	if (!s->sess.opened)
		return;
	ppp_sess_tick(&s->sess, now);
	srv_auth_tick(&s->auth, &s->sess);
	if (s->terminate_at && now >= s->terminate_at) {
		s->terminate_at = 0;
		sx_logf(&s->sess.ctx.log, SX_LOG_INFO, "ppp-srv: fault: terminating %u ms after "
			"IPCP opened", s->terminate_after_ms);
		ppp_evq_fail(&s->sess.q, SX_REASON_USER, 0, "terminate-after fault");
	}
	ppp_sess_settle(&s->sess);
}

uint64_t ppp_srv_next_deadline(const struct ppp_srv *s)
{
	uint64_t d;

	if (!s->sess.opened)
		return 0;
	d = ppp_sess_min_deadline(ppp_sess_next_deadline(&s->sess),
				  srv_auth_deadline(&s->auth, &s->sess));
	return ppp_sess_min_deadline(d, s->terminate_at);
}

struct pkt *ppp_srv_pop_tx(struct ppp_srv *s)
{
	return pkt_q_pop(&s->sess.ctx.txq);
}

bool ppp_srv_pop_event(struct ppp_srv *s, struct ppp_event *ev)
{
	return ppp_evq_pop(&s->sess.q, ev);
}

int ppp_srv_close(struct ppp_srv *s, uint64_t now)
{
	s->sess.now = now;
	if (!s->sess.opened)
		return -EPROTO;
	ppp_evq_fail(&s->sess.q, SX_REASON_USER, 0, "closed by server");
	ppp_sess_settle(&s->sess);
	return 0;
}

void ppp_srv_destroy(struct ppp_srv *s)
{
	if (s->sess.ctx.pool)
		pkt_q_drain(&s->sess.ctx.txq, s->sess.ctx.pool);
	srv_auth_destroy(&s->auth);
	explicit_bzero(s, sizeof(*s));
}

bool ppp_srv_ip_open(const struct ppp_srv *s)
{
	return ppp_sess_ip_open(&s->sess);
}

bool ppp_srv_ipv6_open(const struct ppp_srv *s)
{
	return ppp_sess_ipv6_open(&s->sess);
}

const char *ppp_srv_user(const struct ppp_srv *s)
{
	return s->auth.user;
}

enum ppp_phase ppp_srv_phase(const struct ppp_srv *s)
{
	return s->sess.q.phase;
}
