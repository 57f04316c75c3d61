// SPDX-License-Identifier: MIT
/* LCP keepalive (RFC 1661 5.8): our Echo-Requests with a dead-peer bound, and Echo-Replies. */
#include "ppp/lcp_echo.h"

/* RFC 1661 6.1: the largest information field anyone may send when nothing else was agreed. */
#define LCP_ECHO_MAX 1500

void lcp_echo_start(struct lcp_echo *e, uint64_t now)
{
	e->pending = 0;
	e->at = e->interval_ms ? now + e->interval_ms : 0;
}

void lcp_echo_stop(struct lcp_echo *e)
{
	e->at = 0;
}

void lcp_echo_rcvd_reply(struct lcp_echo *e, uint8_t id, size_t len)
{
	/* SoftEther copies our own magic into its replies: not a loop. */
	if (len >= 4 && id == e->id)
		e->pending = 0;
}

void lcp_echo_tick(struct lcp_echo *e, struct fsm *f, uint32_t magic, uint64_t now)
{
	uint8_t m[4];

	if (f->state != FSM_OPENED || !e->at || now < e->at)
		return;
	if (e->pending >= e->max_fails) {
		sx_logf(&f->ctx->log, SX_LOG_WARN, "lcp: no Echo-Reply to %u requests", e->pending);
		e->at = 0;
		fsm_close(f, now, SX_REASON_PEER_SILENT, "peer not responding");
		return;
	}
	wire_set_be16(m, (uint16_t)(magic >> 16));
	wire_set_be16(m + 2, (uint16_t)magic);
	e->id = fsm_next_id(f);
	e->pending++;
	e->at = now + e->interval_ms;
	ppp_send_cp(f->ctx, PPP_LCP, CP_ECHOREQ, e->id, m, sizeof(m));
	sx_logf(&f->ctx->log, SX_LOG_DEBUG, "lcp: sent Echo-Request id=%u", e->id);
}

void lcp_echo_reply(const struct lcp_echo *e, struct fsm *f, uint32_t magic, uint16_t peer_mru,
		    uint8_t id, const uint8_t *data, size_t len)
{
	uint8_t buf[LCP_ECHO_MAX];
	size_t max = (size_t)peer_mru - CP_HDRLEN;
	struct wire_w w = wire_w_init(buf, sizeof(buf) < max ? sizeof(buf) : max);

	if (e->no_reply) {
		sx_logf(&f->ctx->log, SX_LOG_DEBUG, "lcp: Echo-Request id=%u not answered (fault)",
			id);
		return;
	}
	/* RFC 1661 5.8: our magic (0 when none was negotiated), then the data copied back. */
	wire_put_be32(&w, magic);
	if (len > 4 && !w.err)
		wire_put_bytes(&w, data + 4, len - 4 < w.cap - w.off ? len - 4 : w.cap - w.off);
	ppp_send_cp(f->ctx, PPP_LCP, CP_ECHOREP, id, buf, w.off);
	sx_logf(&f->ctx->log, SX_LOG_DEBUG, "lcp: sent Echo-Reply id=%u", id);
}
