// SPDX-License-Identifier: MIT
/* struct ppp_link: RFC 1661 3.2 phases over LCP, authentication, IPCP and IPv6CP; dispatch and events. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "ppp/link_int.h"

const char *ppp_phase_name(enum ppp_phase phase)
{
	switch (phase) {
	case PPP_PHASE_DEAD: return "dead";
	case PPP_PHASE_ESTABLISH: return "establish";
	case PPP_PHASE_AUTHENTICATE: return "authenticate";
	case PPP_PHASE_NETWORK: return "network";
	case PPP_PHASE_OPEN: return "open";
	case PPP_PHASE_TERMINATE: return "terminate";
	}
	return "?";
}

const char *ppp_event_name(enum ppp_event_type type)
{
	switch (type) {
	case PPP_EV_AUTH_OK: return "auth-ok";
	case PPP_EV_IP_UP: return "ip-up";
	case PPP_EV_IPV6_UP: return "ipv6-up";
	case PPP_EV_DOWN: return "down";
	case PPP_EV_FINISHED: return "finished";
	}
	return "?";
}

void link_network_start(struct ppp_link *l)
{
	ppp_evq_set_phase(&l->q, PPP_PHASE_NETWORK);
	fsm_open(&l->ipcp.fsm, l->now);
	fsm_up(&l->ipcp.fsm, l->now);
	if (l->want_ipv6 && !l->ipv6_stopped) {
		fsm_open(&l->ipv6cp.fsm, l->now);
		fsm_up(&l->ipv6cp.fsm, l->now);
	}
}

static bool lcp_is_opened(const struct ppp_link *l)
{
	return fsm_state(&l->lcp.fsm) == FSM_OPENED;
}

static void lcp_protrej(struct ppp_link *l, uint32_t proto)
{
	switch (proto) {
	case PPP_IPV6CP:
		/* RFC 1661 5.7: a rejected NCP stops (RXJ-); IPv4 goes on without IPv6. */
		l->ipv6_stopped = true;
		if (l->want_ipv6 && fsm_state(&l->ipv6cp.fsm) > FSM_STARTING)
			fsm_event(&l->ipv6cp.fsm, FSM_RXJ_NEG, l->now);
		return;
	case PPP_IPCP:
		ppp_evq_fail(&l->q, SX_REASON_NEGOTIATION, 0, "server rejected IPCP");
		return;
	case PPP_CHAP:
	case PPP_PAP:
		if (l->q.phase == PPP_PHASE_AUTHENTICATE)
			ppp_evq_fail(&l->q, SX_REASON_AUTH_UNSUPPORTED, 0,
				     "server rejected the authentication protocol");
		return;
	}
}

static void notify_lcp(struct ppp_link *l, enum fsm_note note, uint32_t arg)
{
	switch (note) {
	case FSM_NOTE_UP:
		link_auth_start(l);
		return;
	case FSM_NOTE_DOWN:
		/* RFC 1661 3.7: leaving Opened takes the NCPs down; the session is over. */
		if (l->q.phase == PPP_PHASE_AUTHENTICATE && l->q.reason == SX_REASON_NONE)
			l->q.lost_in_auth = true;
		ppp_evq_set_phase(&l->q, PPP_PHASE_TERMINATE);
		l->auth_deadline = 0;
		fsm_down(&l->ipcp.fsm, l->now);
		if (l->want_ipv6)
			fsm_down(&l->ipv6cp.fsm, l->now);
		l->q.down_due = true;
		/*
		 * A Configure-Request in Opened (RFC 1661 4.3 RCR) renegotiates: the session still
		 * ends; close rather than start over. A Terminate-Request leaves LCP in Stopping.
		 */
		if (fsm_state(&l->lcp.fsm) >= FSM_REQ_SENT)
			ppp_evq_fail(&l->q, SX_REASON_NEGOTIATION, 0, "LCP renegotiation");
		return;
	case FSM_NOTE_STARTED:
		return;
	case FSM_NOTE_FINISHED:
		ppp_evq_set_phase(&l->q, PPP_PHASE_DEAD);
		l->auth_deadline = 0;
		l->q.down_due = true;
		l->q.finished_due = true;
		return;
	case FSM_NOTE_PROTREJ:
		lcp_protrej(l, arg);
		return;
	}
}

static void notify_ipcp(struct ppp_link *l, enum fsm_note note)
{
	struct ppp_event ev = { .type = PPP_EV_IP_UP };

	switch (note) {
	case FSM_NOTE_UP:
		ppp_evq_set_phase(&l->q, PPP_PHASE_OPEN);
		ev.u.ip.local = ipcp_addr(&l->ipcp);
		ev.u.ip.peer = ipcp_peer_addr(&l->ipcp);
		ev.u.ip.dns1 = ipcp_dns1(&l->ipcp);
		ev.u.ip.dns2 = ipcp_dns2(&l->ipcp);
		ev.u.ip.mru = lcp_mru(&l->lcp);
		ev.u.ip.peer_mru = lcp_peer_mru(&l->lcp);
		ppp_evq_emit(&l->q, &ev);
		return;
	case FSM_NOTE_DOWN:
		if (l->q.phase == PPP_PHASE_OPEN)
			ppp_evq_set_phase(&l->q, PPP_PHASE_NETWORK);
		return;
	case FSM_NOTE_STARTED:
	case FSM_NOTE_PROTREJ:
		return;
	case FSM_NOTE_FINISHED:
		/* IPCP gave up or was terminated while LCP is up: without IPv4 the session is over. */
		if (lcp_is_opened(l))
			ppp_evq_fail(&l->q,
				     fsm_reason(&l->ipcp.fsm) ? fsm_reason(&l->ipcp.fsm)
							      : SX_REASON_NEGOTIATION,
				     0, "IPCP did not open");
		return;
	}
}

static void notify_ipv6cp(struct ppp_link *l, enum fsm_note note)
{
	struct ppp_event ev = { .type = PPP_EV_IPV6_UP };

	switch (note) {
	case FSM_NOTE_UP:
		ev.u.ipv6.local_id = ipv6cp_id(&l->ipv6cp);
		ev.u.ipv6.peer_id = ipv6cp_peer_id(&l->ipv6cp);
		ppp_evq_emit(&l->q, &ev);
		return;
	case FSM_NOTE_FINISHED:
		if (lcp_is_opened(l)) {
			l->ipv6_stopped = true;
			sx_logf(&l->ctx.log, SX_LOG_INFO, "ipv6cp: stopped; IPv4 only");
		}
		return;
	case FSM_NOTE_DOWN:
	case FSM_NOTE_STARTED:
	case FSM_NOTE_PROTREJ:
		return;
	}
}

static void link_notify(void *user, struct fsm *f, enum fsm_note note, uint32_t arg)
{
	struct ppp_link *l = user;

	if (f == &l->lcp.fsm)
		notify_lcp(l, note, arg);
	else if (f == &l->ipcp.fsm)
		notify_ipcp(l, note);
	else if (f == &l->ipv6cp.fsm)
		notify_ipv6cp(l, note);
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
	lc.echo_interval_ms = cfg->echo_interval_ms;
	if (cfg->echo_max_fails)
		lc.echo_max_fails = cfg->echo_max_fails;
	ipcp_conf_default(&ic);
	ic.fsm = fc;
	ic.request_dns1 = ic.request_dns2 = cfg->want_dns;
	ipv6cp_conf_default(&vc);
	vc.fsm = fc;
	ret = lcp_init(&l->lcp, &l->ctx, &lc);
	if (!ret)
		ret = ipcp_init(&l->ipcp, &l->ctx, &ic);
	if (!ret && cfg->want_ipv6)
		ret = ipv6cp_init(&l->ipv6cp, &l->ctx, &vc);
	if (ret)
		return ret;
	fsm_set_notify(&l->lcp.fsm, link_notify, l);
	fsm_set_notify(&l->ipcp.fsm, link_notify, l);
	if (cfg->want_ipv6)
		fsm_set_notify(&l->ipv6cp.fsm, link_notify, l);
	return 0;
}

int ppp_link_init(struct ppp_link *l, const struct ppp_link_cfg *cfg)
{
	uint8_t nt_hash[16];
	int ret = -EINVAL;

	memset(l, 0, sizeof(*l));
	if (!cfg->user || !cfg->pool || !cfg->rand.fn || (cfg->password_len && !cfg->password))
		goto out;
	l->ctx = (struct ppp_ctx){ .pool = cfg->pool, .headroom = cfg->headroom,
				   .log = cfg->log, .rand = cfg->rand };
	ppp_evq_init(&l->q, "ppp", &cfg->log);
	l->want_ipv6 = cfg->want_ipv6;
	l->auth_timeout_ms = cfg->auth_timeout_ms ? cfg->auth_timeout_ms : PPP_AUTH_TIMEOUT_MS;
	ret = mschapv2_nt_hash(cfg->password ? cfg->password : "", cfg->password_len, nt_hash);
	if (!ret)
		ret = chap_init(&l->chap, &l->ctx, cfg->user, nt_hash);
	explicit_bzero(nt_hash, sizeof(nt_hash));
	if (!ret && cfg->allow_pap) {
		ret = pap_init(&l->pap, &l->ctx, cfg->user, cfg->password, cfg->password_len,
			       cfg->restart_ms, cfg->max_configure);
		l->have_pap = !ret;
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
	l->now = now;
	if (l->opened)
		return -EPROTO;
	l->opened = true;
	ppp_evq_set_phase(&l->q, PPP_PHASE_ESTABLISH);
	/* RFC 1661 3.3: the carrier (SSTP) is already up; SoftEther waits for our request. */
	fsm_open(&l->lcp.fsm, now);
	fsm_up(&l->lcp.fsm, now);
	ppp_evq_settle(&l->q, &l->lcp.fsm, l->now);
	return 0;
}

static int link_dispatch(struct ppp_link *l, uint16_t proto, const uint8_t *info, size_t len)
{
	switch (proto) {
	case PPP_LCP:
		return lcp_input(&l->lcp, info, len, l->now);
	case PPP_CHAP:
	case PPP_PAP:
		return link_auth_input(l, proto, info, len);
	case PPP_IP:
	case PPP_IPV6:
		return 0;	/* the data path's business */
	case PPP_IPCP:
		/* RFC 1661 3.4: NCP packets before the network phase are silently discarded. */
		if (l->q.phase != PPP_PHASE_NETWORK && l->q.phase != PPP_PHASE_OPEN)
			return -EPROTO;
		return fsm_input(&l->ipcp.fsm, info, len, l->now);
	case PPP_IPV6CP:
		if (!l->want_ipv6)
			break;
		if (l->q.phase != PPP_PHASE_NETWORK && l->q.phase != PPP_PHASE_OPEN)
			return -EPROTO;
		return fsm_input(&l->ipv6cp.fsm, info, len, l->now);
	}
	/* RFC 1661 5.7: unknown (or unwanted) protocols, e.g. CCP, once LCP is Opened. */
	return lcp_send_protrej(&l->lcp, proto, info, len);
}

int ppp_link_input(struct ppp_link *l, const uint8_t *frame, size_t len, uint64_t now)
{
	const uint8_t *info;
	size_t info_len;
	uint16_t proto;
	int ret;

	l->now = now;
	if (!l->opened || l->q.phase == PPP_PHASE_DEAD)
		return -EPROTO;
	ret = ppp_frame_parse(frame, len, &proto, &info, &info_len);
	if (ret)
		return ret;
	ret = link_dispatch(l, proto, info, info_len);
	ppp_evq_settle(&l->q, &l->lcp.fsm, l->now);
	return ret;
}

void ppp_link_tick(struct ppp_link *l, uint64_t now)
{
	l->now = now;
	lcp_tick(&l->lcp, now);
	fsm_tick(&l->ipcp.fsm, now);
	if (l->want_ipv6)
		fsm_tick(&l->ipv6cp.fsm, now);
	link_auth_tick(l);
	ppp_evq_settle(&l->q, &l->lcp.fsm, l->now);
}

static uint64_t min_deadline(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

uint64_t ppp_link_next_deadline(const struct ppp_link *l)
{
	uint64_t d = lcp_next_deadline(&l->lcp);

	d = min_deadline(d, fsm_next_deadline(&l->ipcp.fsm));
	if (l->want_ipv6)
		d = min_deadline(d, fsm_next_deadline(&l->ipv6cp.fsm));
	return min_deadline(d, link_auth_deadline(l));
}

struct pkt *ppp_link_pop_tx(struct ppp_link *l)
{
	return pkt_q_pop(&l->ctx.txq);
}

bool ppp_link_pop_event(struct ppp_link *l, struct ppp_event *ev)
{
	return ppp_evq_pop(&l->q, ev);
}

int ppp_link_close(struct ppp_link *l, uint64_t now)
{
	l->now = now;
	ppp_evq_fail(&l->q, SX_REASON_USER, 0, "closed by user");
	ppp_evq_settle(&l->q, &l->lcp.fsm, l->now);
	return 0;
}

void ppp_link_destroy(struct ppp_link *l)
{
	if (l->ctx.pool)
		pkt_q_drain(&l->ctx.txq, l->ctx.pool);
	chap_destroy(&l->chap);
	pap_destroy(&l->pap);
	explicit_bzero(l, sizeof(*l));
}

enum ppp_phase ppp_link_phase(const struct ppp_link *l)
{
	return l->q.phase;
}

bool ppp_link_ip_open(const struct ppp_link *l)
{
	return lcp_is_opened(l) && fsm_state(&l->ipcp.fsm) == FSM_OPENED;
}

bool ppp_link_ipv6_open(const struct ppp_link *l)
{
	return l->want_ipv6 && lcp_is_opened(l) && fsm_state(&l->ipv6cp.fsm) == FSM_OPENED;
}
