// SPDX-License-Identifier: MIT
/* The RFC 1661 3.2 phase, event queue and first-cause DOWN shared by ppp_link and ppp_srv. */
#include <stdio.h>
#include <string.h>

#include "ppp/evq.h"

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

void ppp_evq_init(struct ppp_evq *q, const char *name, const struct sx_log *log)
{
	memset(q, 0, sizeof(*q));
	q->name = name;
	q->log = *log;
}

void ppp_evq_set_phase(struct ppp_evq *q, enum ppp_phase phase)
{
	if (q->phase == phase)
		return;
	sx_logf(&q->log, SX_LOG_DEBUG, "%s: phase %s -> %s", q->name, ppp_phase_name(q->phase),
		ppp_phase_name(phase));
	q->phase = phase;
}

void ppp_evq_emit(struct ppp_evq *q, const struct ppp_event *ev)
{
	if (q->ev_n == PPP_EVQ_LEN) {
		sx_logf(&q->log, SX_LOG_ERR, "%s: event queue full, %s dropped", q->name,
			ppp_event_name(ev->type));
		return;
	}
	q->evq[(q->ev_head + q->ev_n) % PPP_EVQ_LEN] = *ev;
	q->ev_n++;
}

bool ppp_evq_pop(struct ppp_evq *q, struct ppp_event *ev)
{
	struct ppp_event *slot = &q->evq[q->ev_head];

	if (!q->ev_n)
		return false;
	*ev = *slot;
	explicit_bzero(slot, sizeof(*slot));
	q->ev_head = (q->ev_head + 1) % PPP_EVQ_LEN;
	q->ev_n--;
	return true;
}

static void evq_record(struct ppp_evq *q, enum sx_reason reason, int detail, const char *msg)
{
	if (q->reason != SX_REASON_NONE || reason == SX_REASON_NONE)
		return;
	q->reason = reason;
	q->detail = detail;
	snprintf(q->msg, sizeof(q->msg), "%s", msg ? msg : "");
}

void ppp_evq_fail(struct ppp_evq *q, enum sx_reason reason, int detail, const char *msg)
{
	evq_record(q, reason, detail, msg);
	q->fail_pending = true;
}

/* The reason the DOWN event reports: the session's own first cause, else what LCP recorded. */
static void evq_resolve_reason(struct ppp_evq *q, const struct fsm *lcp)
{
	enum sx_reason r = fsm_reason(lcp);

	if (q->reason != SX_REASON_NONE)
		return;
	/* SoftEther answers a wrong PAP password with no Nak, only an LCP Terminate-Request. */
	if (q->lost_in_auth && r == SX_REASON_PEER_TERMINATE) {
		evq_record(q, SX_REASON_AUTH_FAILED, 0,
			   "server ended the link during authentication");
		return;
	}
	evq_record(q, r != SX_REASON_NONE ? r : SX_REASON_PROTOCOL, 0,
		   lcp->term_reason[0] ? lcp->term_reason : sx_reason_str(r));
}

void ppp_evq_settle(struct ppp_evq *q, struct fsm *lcp, uint64_t now)
{
	struct ppp_event ev = { .type = PPP_EV_DOWN };

	if (q->fail_pending) {
		q->fail_pending = false;
		if (!q->closing && fsm_state(lcp) >= FSM_REQ_SENT) {
			q->closing = true;
			fsm_close(lcp, now, q->reason, q->msg);
		} else if (fsm_state(lcp) <= FSM_STOPPED) {
			/* Not started, or already finished: nothing to terminate. */
			ppp_evq_set_phase(q, PPP_PHASE_DEAD);
			q->down_due = true;
			q->finished_due = true;
		}
	}
	if (q->down_due && !q->down_sent) {
		q->down_sent = true;
		evq_resolve_reason(q, lcp);
		ev.u.down.reason = q->reason;
		ev.u.down.detail = q->detail;
		snprintf(ev.u.down.msg, sizeof(ev.u.down.msg), "%s", q->msg);
		sx_logf(&q->log, SX_LOG_INFO, "%s: down: %s: %s", q->name, sx_reason_str(q->reason),
			q->msg);
		ppp_evq_emit(q, &ev);
	}
	if (q->finished_due && !q->finished_sent) {
		q->finished_sent = true;
		ppp_evq_emit(q, &(struct ppp_event){ .type = PPP_EV_FINISHED });
	}
}
