// SPDX-License-Identifier: MIT
/*
 * LCP (RFC 1661) in the client role over SSTP: MRU, the authentication protocol the server asks
 * for (MS-CHAPv2, or PAP when allowed), magic number and loop detection, Echo keep-alive,
 * Protocol-Reject, on top of the shared automaton in ppp/fsm.h. The strict test server's
 * authenticator role (ppp/server.c) reuses it with the conf's request_auth and fault fields.
 *
 * The link drives it through the embedded fsm (the first member): fsm_up/fsm_open/fsm_close/
 * fsm_down(&l->fsm, ...), fsm_set_notify(&l->fsm, ...), and lcp_input/lcp_tick/lcp_next_deadline,
 * which add the Echo timer to the fsm's restart timer. A Protocol-Reject from the peer is reported
 * through the notify callback as FSM_NOTE_PROTREJ with the protocol number; the link then gives
 * that NCP an RXJ- with fsm_event(&ncp->fsm, FSM_RXJ_NEG, now). A reject of LCP itself is RXJ- for
 * LCP and ends the layer (reason SX_REASON_PROTOCOL). Outcomes are in fsm_reason(&l->fsm).
 *
 * Choices, RFC 1661 and interop:
 *  - Echo-Request is answered in Opened only (RFC 1661 5.8); SoftEther's early ones (magic 0,
 *    before LCP opens) are discarded, which it tolerates. An Echo-Reply carrying our own magic is
 *    not a loop (SoftEther copies our magic back).
 *  - A peer MRU below 576 is Nak'd with 576; the peer's MRU (default 1500) caps what we send.
 *  - Authentication: MS-CHAPv2 (C2 23 81) with allow_chap, PAP only with allow_pap, EAP (C2 27)
 *    with allow_eap: at once with prefer_eap or without allow_chap, else only when the server asks
 *    for it again after our Nak (SoftEther steps down to MS-CHAPv2 when EAP is Nak'd in LCP and
 *    stalls after a Nak inside EAP). Anything else (CHAP-MD5) is Nak'd suggesting the first of
 *    MS-CHAPv2, EAP, PAP allowed; after Max-Failure Naks it is Rejected and the layer closes with
 *    SX_REASON_AUTH_UNSUPPORTED.
 *  - Magic: a rejected Magic-Number is dropped (SoftEther). A peer request carrying our magic is
 *    Nak'd with a fresh one; loop_max such requests in a row end in SX_REASON_LOOPBACK.
 *  - ACFC/PFC are never requested and are acked if asked; we always send FF 03 + 2-byte protocol.
 *
 * Ownership: ctx is borrowed for the object's lifetime; packets are borrowed.
 */
#ifndef SX_PPP_LCP_H
#define SX_PPP_LCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/fsm.h"
#include "ppp/lcp_echo.h"
#include "ppp/proto.h"

/* RFC 1661 6, RFC 1570 */
enum lcp_opt_type {
	LCP_OPT_MRU = 1,
	LCP_OPT_ACCM = 2,
	LCP_OPT_AUTH = 3,
	LCP_OPT_QUALITY = 4,
	LCP_OPT_MAGIC = 5,
	LCP_OPT_PFC = 7,
	LCP_OPT_ACFC = 8,
};

#define LCP_CHAP_MSV2 0x81	/* RFC 2759: CHAP algorithm MS-CHAPv2 */
#define LCP_CHAP_MD5 0x05
#define LCP_MIN_MRU 576		/* we refuse (Nak) a peer MRU below this */
#define LCP_DEFAULT_MRU 1500	/* RFC 1661 6.1: the MRU when none was negotiated */

struct lcp_conf {
	struct fsm_conf fsm;
	uint16_t mru;			/* the MRU we request; default 1400; 0 = do not request */
	bool allow_chap;		/* accept the server asking for MS-CHAPv2; default true */
	bool allow_pap;			/* accept the server asking for PAP; default false */
	bool allow_eap;			/* accept the server asking for EAP; default false */
	bool prefer_eap;		/* accept EAP at once rather than asking for MS-CHAPv2 first */
	bool request_magic;		/* send a Magic-Number; default true */
	uint32_t echo_interval_ms;	/* send Echo-Request this often when Opened; 0 = off (default) */
	uint8_t echo_max_fails;		/* unanswered Echo-Requests before PEER_SILENT; default 3 */
	uint8_t loop_max;		/* requests in a row carrying our magic before LOOPBACK; default 5 */
	/*
	 * Server (authenticator) role, all off by default: request_auth puts an
	 * Authentication-Protocol in our Configure-Request (PPP_CHAP: C2 23 81 MS-CHAPv2; PPP_PAP:
	 * C0 23; PPP_EAP: C2 27) and Rejects the peer's own; reject_loop, nak_loop and no_echo_reply are test-server
	 * faults.
	 */
	uint16_t request_auth;		/* 0, PPP_CHAP, PPP_PAP or PPP_EAP */
	bool reject_loop;		/* Configure-Reject every request, so LCP never opens */
	bool no_echo_reply;		/* never answer Echo-Request */
	bool nak_loop;			/* Configure-Nak every request (a new MRU hint each time) */
};

void lcp_conf_default(struct lcp_conf *c);

#define LCP_NOPTS 7

struct lcp {
	struct fsm fsm;			/* first member: a struct fsm * is a struct lcp * */
	struct lcp_conf conf;
	uint8_t st[LCP_NOPTS];		/* OPT_* bits, indexed like the LCP option table */
	uint16_t mru;			/* what we request now */
	uint16_t peer_mru;		/* the peer's MRU (what we may send); 1500 when not given */
	uint32_t magic;			/* ours; 0 = none */
	uint32_t peer_magic;
	uint16_t auth_proto;		/* what the peer asked us to do: 0, PPP_CHAP or PPP_PAP */
	uint8_t auth_naks;		/* auth options we Nak'd in a row */
	uint8_t loops;			/* peer requests in a row that carried our magic */
	bool peer_acfc;
	bool peer_pfc;
	struct lcp_echo echo;		/* keepalive (ppp/lcp_echo.c) */
	uint16_t rejected_proto;	/* last protocol the peer Protocol-Rejected */
	uint8_t rej_loop[32];		/* reject_loop: the options we last Rejected */
	uint8_t rej_loop_len;
	uint16_t nak_loop_n;		/* nak_loop: Naks sent */
};

/*
 * conf NULL: defaults. Returns 0 or -EINVAL (ctx NULL, mru outside 64..65535 but not 0,
 * request_auth not 0, PPP_CHAP or PPP_PAP).
 */
int lcp_init(struct lcp *l, struct ppp_ctx *ctx, const struct lcp_conf *conf);

/* One LCP packet (information field, borrowed). Same returns as fsm_input. */
int lcp_input(struct lcp *l, const uint8_t *info, size_t len, uint64_t now);
/* Restart timer and Echo timer. */
void lcp_tick(struct lcp *l, uint64_t now);
uint64_t lcp_next_deadline(const struct lcp *l);

/*
 * RFC 1661 5.7: Protocol-Reject the frame `info` (borrowed) of unknown protocol `proto`; only
 * sent in Opened. Returns 0, -EPROTO when not Opened, or -ENOBUFS.
 */
int lcp_send_protrej(struct lcp *l, uint16_t proto, const uint8_t *info, size_t len);

/* Negotiated results, valid once Opened. */
static inline uint16_t lcp_auth_proto(const struct lcp *l)
{
	return l->auth_proto;
}

/* Server role: the authentication protocol the peer acked (conf.request_auth), else 0. */
uint16_t lcp_our_auth(const struct lcp *l);

/* The largest information field we may send (the peer's MRU). */
static inline uint16_t lcp_peer_mru(const struct lcp *l)
{
	return l->peer_mru;
}

/* The MRU the peer acked for us, or LCP_DEFAULT_MRU. */
uint16_t lcp_mru(const struct lcp *l);

static inline uint32_t lcp_magic(const struct lcp *l)
{
	return l->magic;
}

#endif
