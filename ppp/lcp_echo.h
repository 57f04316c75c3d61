// SPDX-License-Identifier: MIT
/*
 * LCP keepalive (RFC 1661 5.8) beside option negotiation: our Echo-Requests while Opened with a
 * dead-peer bound, and the Echo-Reply to the peer's. Below ppp/lcp.c, which embeds struct
 * lcp_echo and passes what it negotiated (our magic number, the peer's MRU).
 */
#ifndef SX_PPP_LCP_ECHO_H
#define SX_PPP_LCP_ECHO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/fsm.h"

struct lcp_echo {
	uint32_t interval_ms;		/* 0 = we send none */
	uint8_t max_fails;		/* unanswered Echo-Requests before PEER_SILENT */
	bool no_reply;			/* test-server fault: never answer Echo-Request */
	uint64_t at;			/* next Echo-Request deadline, 0 = none */
	uint8_t id;			/* identifier of our latest Echo-Request */
	uint8_t pending;		/* Echo-Requests sent and not answered */
};

/* Opened: the first Echo-Request is due one interval from now. */
void lcp_echo_start(struct lcp_echo *e, uint64_t now);
void lcp_echo_stop(struct lcp_echo *e);
/* An Echo-Reply with this id and data length: any reply to our latest request shows life. */
void lcp_echo_rcvd_reply(struct lcp_echo *e, uint8_t id, size_t len);
/*
 * When due (f Opened): closes f with PEER_SILENT after max_fails unanswered requests, else sends
 * the next Echo-Request carrying magic.
 */
void lcp_echo_tick(struct lcp_echo *e, struct fsm *f, uint32_t magic, uint64_t now);
/*
 * RFC 1661 5.8: answers Echo-Request id (data borrowed: magic + payload) with magic (0 when none
 * was negotiated) and the payload copied back, truncated to the peer's MRU.
 */
void lcp_echo_reply(const struct lcp_echo *e, struct fsm *f, uint32_t magic, uint16_t peer_mru,
		    uint8_t id, const uint8_t *data, size_t len);

#endif
