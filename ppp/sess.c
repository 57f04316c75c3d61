// SPDX-License-Identifier: MIT
/* LCP, IPCP and IPv6CP under one session (RFC 1661 3.2 phases), shared by ppp_link and ppp_srv. */
#include <errno.h>
#include <stdio.h>

#include "ppp/sess.h"

/* RFC 8200 5: IPv6 needs a link MTU of 1280 or more (Linux refuses an IPv6 address below it). */
#define PPP_IPV6_MIN_MTU 1280

void ppp_sess_network_start(struct ppp_sess *b)
{
	unsigned mtu = lcp_mru(&b->lcp) < lcp_peer_mru(&b->lcp) ? lcp_mru(&b->lcp)
								 : lcp_peer_mru(&b->lcp);

	ppp_evq_set_phase(&b->q, PPP_PHASE_NETWORK);
	fsm_open(&b->ipcp.fsm, b->now);
	fsm_up(&b->ipcp.fsm, b->now);
	if (b->run_ipv6 && !b->ipv6_stopped && mtu < PPP_IPV6_MIN_MTU) {
		/* A server MRU below 1280: IPv4 only, IPv6CP Protocol-Rejected like --no-ipv6. */
		sx_logf(&b->ctx.log, SX_LOG_WARN, "ipv6cp: not started: the link MTU %u is below "
			"IPv6's minimum of %u; IPv4 only", mtu, PPP_IPV6_MIN_MTU);
		b->run_ipv6 = false;
	}
	if (b->run_ipv6 && !b->ipv6_stopped) {
		fsm_open(&b->ipv6cp.fsm, b->now);
		fsm_up(&b->ipv6cp.fsm, b->now);
	}
}

bool ppp_sess_lcp_opened(const struct ppp_sess *b)
{
	return fsm_state(&b->lcp.fsm) == FSM_OPENED;
}

static void sess_fail_peer(struct ppp_sess *b, enum sx_reason reason, const char *what)
{
	char msg[PPP_MSG_MAX];

	snprintf(msg, sizeof(msg), "%s rejected %s", b->peer, what);
	ppp_evq_fail(&b->q, reason, 0, msg);
}

static void sess_protrej(struct ppp_sess *b, uint32_t proto)
{
	switch (proto) {
	case PPP_IPV6CP:
		/* RFC 1661 5.7: a rejected NCP stops (RXJ-); IPv4 goes on without IPv6. */
		b->ipv6_stopped = true;
		if (b->run_ipv6 && fsm_state(&b->ipv6cp.fsm) > FSM_STARTING)
			fsm_event(&b->ipv6cp.fsm, FSM_RXJ_NEG, b->now);
		return;
	case PPP_IPCP:
		sess_fail_peer(b, SX_REASON_NEGOTIATION, "IPCP");
		return;
	case PPP_CHAP:
	case PPP_PAP:
	case PPP_EAP:
		if (b->q.phase == PPP_PHASE_AUTHENTICATE)
			sess_fail_peer(b, SX_REASON_AUTH_UNSUPPORTED,
				       "the authentication protocol");
		return;
	}
}

void ppp_sess_notify_lcp(struct ppp_sess *b, enum fsm_note note, uint32_t arg)
{
	switch (note) {
	case FSM_NOTE_UP:
	case FSM_NOTE_STARTED:
		return;
	case FSM_NOTE_DOWN:
		/* RFC 1661 3.7: leaving Opened takes the NCPs down; the session is over. */
		ppp_evq_set_phase(&b->q, PPP_PHASE_TERMINATE);
		fsm_down(&b->ipcp.fsm, b->now);
		if (b->run_ipv6)
			fsm_down(&b->ipv6cp.fsm, b->now);
		b->q.down_due = true;
		/*
		 * A Configure-Request in Opened (RFC 1661 4.3 RCR) renegotiates: the session still
		 * ends; close rather than start over. A Terminate-Request leaves LCP in Stopping.
		 */
		if (fsm_state(&b->lcp.fsm) >= FSM_REQ_SENT)
			ppp_evq_fail(&b->q, SX_REASON_NEGOTIATION, 0, "LCP renegotiation");
		return;
	case FSM_NOTE_FINISHED:
		ppp_evq_set_phase(&b->q, PPP_PHASE_DEAD);
		b->q.down_due = true;
		b->q.finished_due = true;
		return;
	case FSM_NOTE_PROTREJ:
		sess_protrej(b, arg);
		return;
	}
}

void ppp_sess_notify_ipcp(struct ppp_sess *b, enum fsm_note note)
{
	struct ppp_event ev = { .type = PPP_EV_IP_UP };
	bool server = b->ipcp.conf.server;
	char msg[PPP_MSG_MAX];

	switch (note) {
	case FSM_NOTE_UP:
		ppp_evq_set_phase(&b->q, PPP_PHASE_OPEN);
		ev.u.ip.local = ipcp_addr(&b->ipcp);
		ev.u.ip.peer = ipcp_peer_addr(&b->ipcp);
		/* The server reports the DNS servers it handed out, the client those it got. */
		ev.u.ip.dns1 = server ? b->ipcp.given_dns1 : ipcp_dns1(&b->ipcp);
		ev.u.ip.dns2 = server ? b->ipcp.given_dns2 : ipcp_dns2(&b->ipcp);
		ev.u.ip.mru = lcp_mru(&b->lcp);
		ev.u.ip.peer_mru = lcp_peer_mru(&b->lcp);
		ppp_evq_emit(&b->q, &ev);
		return;
	case FSM_NOTE_DOWN:
		if (b->q.phase == PPP_PHASE_OPEN)
			ppp_evq_set_phase(&b->q, PPP_PHASE_NETWORK);
		return;
	case FSM_NOTE_STARTED:
	case FSM_NOTE_PROTREJ:
		return;
	case FSM_NOTE_FINISHED:
		/* IPCP gave up or was terminated while LCP is up: no IPv4, the session is over. */
		if (!ppp_sess_lcp_opened(b))
			return;
		/* Our own refusal says why (e.g. the address refused); the peer's words do not. */
		if (fsm_reason(&b->ipcp.fsm) == SX_REASON_NEGOTIATION && b->ipcp.fsm.term_reason[0])
			snprintf(msg, sizeof(msg), "IPCP did not open: %s", b->ipcp.fsm.term_reason);
		else
			snprintf(msg, sizeof(msg), "IPCP did not open");
		ppp_evq_fail(&b->q,
			     fsm_reason(&b->ipcp.fsm) ? fsm_reason(&b->ipcp.fsm)
						      : SX_REASON_NEGOTIATION,
			     0, msg);
		return;
	}
}

void ppp_sess_notify_ipv6cp(struct ppp_sess *b, enum fsm_note note)
{
	struct ppp_event ev = { .type = PPP_EV_IPV6_UP };

	switch (note) {
	case FSM_NOTE_UP:
		ev.u.ipv6.local_id = ipv6cp_id(&b->ipv6cp);
		ev.u.ipv6.peer_id = ipv6cp_peer_id(&b->ipv6cp);
		ppp_evq_emit(&b->q, &ev);
		return;
	case FSM_NOTE_FINISHED:
		if (ppp_sess_lcp_opened(b)) {
			b->ipv6_stopped = true;
			sx_logf(&b->ctx.log, SX_LOG_INFO, "ipv6cp: stopped; IPv4 only");
		}
		return;
	case FSM_NOTE_DOWN:
	case FSM_NOTE_STARTED:
	case FSM_NOTE_PROTREJ:
		return;
	}
}

int ppp_sess_dispatch(struct ppp_sess *b, uint16_t proto, const uint8_t *info, size_t len)
{
	bool network = b->q.phase == PPP_PHASE_NETWORK || b->q.phase == PPP_PHASE_OPEN;

	switch (proto) {
	case PPP_LCP:
		return lcp_input(&b->lcp, info, len, b->now);
	case PPP_IP:
	case PPP_IPV6:
		return 0;	/* the data path's business */
	case PPP_IPCP:
		/* RFC 1661 3.4: NCP packets before the network phase are silently discarded. */
		if (!network)
			return -EPROTO;
		return fsm_input(&b->ipcp.fsm, info, len, b->now);
	case PPP_IPV6CP:
		if (!b->run_ipv6)
			break;
		if (!network)
			return -EPROTO;
		return fsm_input(&b->ipv6cp.fsm, info, len, b->now);
	}
	/* RFC 1661 5.7: unknown (or unwanted) protocols, e.g. CCP, once LCP is Opened. */
	return lcp_send_protrej(&b->lcp, proto, info, len);
}

void ppp_sess_tick(struct ppp_sess *b, uint64_t now)
{
	lcp_tick(&b->lcp, now);
	fsm_tick(&b->ipcp.fsm, now);
	if (b->run_ipv6)
		fsm_tick(&b->ipv6cp.fsm, now);
}

void ppp_sess_settle(struct ppp_sess *b)
{
	ppp_evq_settle(&b->q, &b->lcp.fsm, b->now);
}

uint64_t ppp_sess_min_deadline(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

uint64_t ppp_sess_next_deadline(const struct ppp_sess *b)
{
	uint64_t d = lcp_next_deadline(&b->lcp);

	d = ppp_sess_min_deadline(d, fsm_next_deadline(&b->ipcp.fsm));
	if (b->run_ipv6)
		d = ppp_sess_min_deadline(d, fsm_next_deadline(&b->ipv6cp.fsm));
	return d;
}

bool ppp_sess_ip_open(const struct ppp_sess *b)
{
	return ppp_sess_lcp_opened(b) && fsm_state(&b->ipcp.fsm) == FSM_OPENED;
}

bool ppp_sess_ipv6_open(const struct ppp_sess *b)
{
	return b->run_ipv6 && ppp_sess_lcp_opened(b) && fsm_state(&b->ipv6cp.fsm) == FSM_OPENED;
}
