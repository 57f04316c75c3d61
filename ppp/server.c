// SPDX-License-Identifier: MIT
/* struct ppp_srv, the test server's PPP authenticator: RFC 1661 3.2 phases, dispatch, events. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/server_int.h"

static bool srv_lcp_opened(const struct ppp_srv *s)
{
	return fsm_state(&s->lcp.fsm) == FSM_OPENED;
}

static bool srv_runs_ipv6(const struct ppp_srv *s)
{
	return s->want_ipv6 && !(s->faults & PPP_SRV_F_IPV6CP_PROTREJ);
}

void srv_network_start(struct ppp_srv *s)
{
	ppp_evq_set_phase(&s->q, PPP_PHASE_NETWORK);
	fsm_open(&s->ipcp.fsm, s->now);
	fsm_up(&s->ipcp.fsm, s->now);
	if (srv_runs_ipv6(s) && !s->ipv6_stopped) {
		fsm_open(&s->ipv6cp.fsm, s->now);
		fsm_up(&s->ipv6cp.fsm, s->now);
	}
}

static void srv_protrej(struct ppp_srv *s, uint32_t proto)
{
	switch (proto) {
	case PPP_IPV6CP:
		/* RFC 1661 5.7: a rejected NCP stops (RXJ-); IPv4 goes on without IPv6. */
		s->ipv6_stopped = true;
		if (srv_runs_ipv6(s) && fsm_state(&s->ipv6cp.fsm) > FSM_STARTING)
			fsm_event(&s->ipv6cp.fsm, FSM_RXJ_NEG, s->now);
		return;
	case PPP_IPCP:
		ppp_evq_fail(&s->q, SX_REASON_NEGOTIATION, 0, "client rejected IPCP");
		return;
	case PPP_CHAP:
	case PPP_PAP:
		if (s->q.phase == PPP_PHASE_AUTHENTICATE)
			ppp_evq_fail(&s->q, SX_REASON_AUTH_UNSUPPORTED, 0,
				     "client rejected the authentication protocol");
		return;
	}
}

static void notify_lcp(struct ppp_srv *s, enum fsm_note note, uint32_t arg)
{
	switch (note) {
	case FSM_NOTE_UP:
		srv_auth_start(s);
		return;
	case FSM_NOTE_DOWN:
		/* RFC 1661 3.7: leaving Opened takes the NCPs down; the session is over. */
		ppp_evq_set_phase(&s->q, PPP_PHASE_TERMINATE);
		s->terminate_at = 0;
		fsm_down(&s->ipcp.fsm, s->now);
		if (srv_runs_ipv6(s))
			fsm_down(&s->ipv6cp.fsm, s->now);
		s->q.down_due = true;
		/* An LCP Configure-Request in Opened renegotiates: end rather than start over. */
		if (fsm_state(&s->lcp.fsm) >= FSM_REQ_SENT)
			ppp_evq_fail(&s->q, SX_REASON_NEGOTIATION, 0, "LCP renegotiation");
		return;
	case FSM_NOTE_STARTED:
		return;
	case FSM_NOTE_FINISHED:
		ppp_evq_set_phase(&s->q, PPP_PHASE_DEAD);
		s->terminate_at = 0;
		s->q.down_due = true;
		s->q.finished_due = true;
		return;
	case FSM_NOTE_PROTREJ:
		srv_protrej(s, arg);
		return;
	}
}

static void notify_ipcp(struct ppp_srv *s, enum fsm_note note)
{
	struct ppp_event ev = { .type = PPP_EV_IP_UP };

	switch (note) {
	case FSM_NOTE_UP:
		ppp_evq_set_phase(&s->q, PPP_PHASE_OPEN);
		ev.u.ip.local = ipcp_addr(&s->ipcp);
		ev.u.ip.peer = ipcp_peer_addr(&s->ipcp);
		ev.u.ip.dns1 = s->ipcp.given_dns1;
		ev.u.ip.dns2 = s->ipcp.given_dns2;
		ev.u.ip.mru = lcp_mru(&s->lcp);
		ev.u.ip.peer_mru = lcp_peer_mru(&s->lcp);
		ppp_evq_emit(&s->q, &ev);
		if (s->terminate_after_ms && !s->terminate_at)
			s->terminate_at = s->now + s->terminate_after_ms;
		return;
	case FSM_NOTE_DOWN:
		if (s->q.phase == PPP_PHASE_OPEN)
			ppp_evq_set_phase(&s->q, PPP_PHASE_NETWORK);
		return;
	case FSM_NOTE_STARTED:
	case FSM_NOTE_PROTREJ:
		return;
	case FSM_NOTE_FINISHED:
		/* IPCP gave up or was terminated while LCP is up: no IPv4, the session is over. */
		if (srv_lcp_opened(s))
			ppp_evq_fail(&s->q,
				     fsm_reason(&s->ipcp.fsm) ? fsm_reason(&s->ipcp.fsm)
							      : SX_REASON_NEGOTIATION,
				     0, "IPCP did not open");
		return;
	}
}

static void notify_ipv6cp(struct ppp_srv *s, enum fsm_note note)
{
	struct ppp_event ev = { .type = PPP_EV_IPV6_UP };

	switch (note) {
	case FSM_NOTE_UP:
		ev.u.ipv6.local_id = ipv6cp_id(&s->ipv6cp);
		ev.u.ipv6.peer_id = ipv6cp_peer_id(&s->ipv6cp);
		ppp_evq_emit(&s->q, &ev);
		return;
	case FSM_NOTE_FINISHED:
		if (srv_lcp_opened(s)) {
			s->ipv6_stopped = true;
			sx_logf(&s->ctx.log, SX_LOG_INFO, "ipv6cp: stopped; IPv4 only");
		}
		return;
	case FSM_NOTE_DOWN:
	case FSM_NOTE_STARTED:
	case FSM_NOTE_PROTREJ:
		return;
	}
}

static void srv_notify(void *user, struct fsm *f, enum fsm_note note, uint32_t arg)
{
	struct ppp_srv *s = user;

	if (f == &s->lcp.fsm)
		notify_lcp(s, note, arg);
	else if (f == &s->ipcp.fsm)
		notify_ipcp(s, note);
	else if (f == &s->ipv6cp.fsm)
		notify_ipv6cp(s, note);
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
	lc.request_auth = cfg->pap ? PPP_PAP : PPP_CHAP;
	lc.reject_loop = cfg->faults & PPP_SRV_F_LCP_REJECT_LOOP;
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
	ret = lcp_init(&s->lcp, &s->ctx, &lc);
	if (!ret)
		ret = ipcp_init(&s->ipcp, &s->ctx, &ic);
	if (!ret && srv_runs_ipv6(s))
		ret = ipv6cp_init(&s->ipv6cp, &s->ctx, &vc);
	if (ret)
		return ret;
	fsm_set_notify(&s->lcp.fsm, srv_notify, s);
	fsm_set_notify(&s->ipcp.fsm, srv_notify, s);
	if (srv_runs_ipv6(s))
		fsm_set_notify(&s->ipv6cp.fsm, srv_notify, s);
	return 0;
}

int ppp_srv_init(struct ppp_srv *s, const struct ppp_srv_cfg *cfg)
{
	int ret = -EINVAL;

	memset(s, 0, sizeof(*s));
	if (!cfg || !cfg->pool || !cfg->rand.fn ||
	    (cfg->pap ? !cfg->pap_lookup : !cfg->chap_lookup))
		goto out;
	s->ctx = (struct ppp_ctx){ .pool = cfg->pool, .headroom = cfg->headroom,
				   .log = cfg->log, .rand = cfg->rand };
	ppp_evq_init(&s->q, "ppp-srv", &cfg->log);
	s->pap_mode = cfg->pap;
	s->want_ipv6 = cfg->ipv6;
	s->faults = cfg->faults;
	s->terminate_after_ms = cfg->terminate_after_ms;
	ret = srv_auth_init(s, cfg);
	if (!ret)
		ret = srv_init_protocols(s, cfg);
out:
	if (ret)
		ppp_srv_destroy(s);
	return ret;
}

int ppp_srv_open(struct ppp_srv *s, uint64_t now)
{
	s->now = now;
	if (s->opened || !s->ctx.pool)
		return -EPROTO;
	s->opened = true;
	ppp_evq_set_phase(&s->q, PPP_PHASE_ESTABLISH);
	/* RFC 1661 3.3: the carrier (SSTP) is up; our Configure-Request goes out at once. */
	fsm_open(&s->lcp.fsm, now);
	fsm_up(&s->lcp.fsm, now);
	ppp_evq_settle(&s->q, &s->lcp.fsm, s->now);
	return 0;
}

static int srv_dispatch(struct ppp_srv *s, uint16_t proto, const uint8_t *info, size_t len)
{
	bool network = s->q.phase == PPP_PHASE_NETWORK || s->q.phase == PPP_PHASE_OPEN;

	switch (proto) {
	case PPP_LCP:
		return lcp_input(&s->lcp, info, len, s->now);
	case PPP_CHAP:
	case PPP_PAP:
		if (proto == (s->pap_mode ? PPP_PAP : PPP_CHAP))
			return srv_auth_input(s, proto, info, len);
		break;
	case PPP_IP:
	case PPP_IPV6:
		return 0;	/* the data path's business */
	case PPP_IPCP:
		/* RFC 1661 3.4: NCP packets before the network phase are silently discarded. */
		if (!network)
			return -EPROTO;
		return fsm_input(&s->ipcp.fsm, info, len, s->now);
	case PPP_IPV6CP:
		if (!srv_runs_ipv6(s))
			break;	/* fault PPP_SRV_F_IPV6CP_PROTREJ, or IPv6 off */
		if (!network)
			return -EPROTO;
		return fsm_input(&s->ipv6cp.fsm, info, len, s->now);
	}
	/* RFC 1661 5.7: unknown (or unwanted) protocols, e.g. CCP, once LCP is Opened. */
	return lcp_send_protrej(&s->lcp, proto, info, len);
}

int ppp_srv_input(struct ppp_srv *s, const uint8_t *frame, size_t len, uint64_t now)
{
	const uint8_t *info;
	size_t info_len;
	uint16_t proto;
	int ret;

	s->now = now;
	if (!s->opened || s->q.phase == PPP_PHASE_DEAD)
		return -EPROTO;
	ret = ppp_frame_parse(frame, len, &proto, &info, &info_len);
	if (ret)
		return ret;
	ret = srv_dispatch(s, proto, info, info_len);
	ppp_evq_settle(&s->q, &s->lcp.fsm, s->now);
	return ret;
}

void ppp_srv_tick(struct ppp_srv *s, uint64_t now)
{
	s->now = now;
	if (!s->opened)
		return;
	lcp_tick(&s->lcp, now);
	fsm_tick(&s->ipcp.fsm, now);
	if (srv_runs_ipv6(s))
		fsm_tick(&s->ipv6cp.fsm, now);
	srv_auth_tick(s);
	if (s->terminate_at && now >= s->terminate_at) {
		s->terminate_at = 0;
		sx_logf(&s->ctx.log, SX_LOG_INFO, "ppp-srv: fault: terminating %u ms after IPCP "
			"opened", s->terminate_after_ms);
		ppp_evq_fail(&s->q, SX_REASON_USER, 0, "terminate-after fault");
	}
	ppp_evq_settle(&s->q, &s->lcp.fsm, s->now);
}

static uint64_t min_deadline(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

uint64_t ppp_srv_next_deadline(const struct ppp_srv *s)
{
	uint64_t d;

	if (!s->opened)
		return 0;
	d = min_deadline(lcp_next_deadline(&s->lcp), fsm_next_deadline(&s->ipcp.fsm));
	if (srv_runs_ipv6(s))
		d = min_deadline(d, fsm_next_deadline(&s->ipv6cp.fsm));
	d = min_deadline(d, srv_auth_deadline(s));
	return min_deadline(d, s->terminate_at);
}

struct pkt *ppp_srv_pop_tx(struct ppp_srv *s)
{
	return pkt_q_pop(&s->ctx.txq);
}

bool ppp_srv_pop_event(struct ppp_srv *s, struct ppp_event *ev)
{
	return ppp_evq_pop(&s->q, ev);
}

int ppp_srv_close(struct ppp_srv *s, uint64_t now)
{
	s->now = now;
	if (!s->opened)
		return -EPROTO;
	ppp_evq_fail(&s->q, SX_REASON_USER, 0, "closed by server");
	ppp_evq_settle(&s->q, &s->lcp.fsm, s->now);
	return 0;
}

void ppp_srv_destroy(struct ppp_srv *s)
{
	if (s->ctx.pool)
		pkt_q_drain(&s->ctx.txq, s->ctx.pool);
	chap_auth_destroy(&s->chap);
	pap_auth_destroy(&s->pap);
	explicit_bzero(s, sizeof(*s));
}

bool ppp_srv_ip_open(const struct ppp_srv *s)
{
	return srv_lcp_opened(s) && fsm_state(&s->ipcp.fsm) == FSM_OPENED;
}

bool ppp_srv_ipv6_open(const struct ppp_srv *s)
{
	return srv_runs_ipv6(s) && srv_lcp_opened(s) && fsm_state(&s->ipv6cp.fsm) == FSM_OPENED;
}

const char *ppp_srv_user(const struct ppp_srv *s)
{
	return s->user;
}

enum ppp_phase ppp_srv_phase(const struct ppp_srv *s)
{
	return s->q.phase;
}
