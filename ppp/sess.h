// SPDX-License-Identifier: MIT
/*
 * The PPP session both roles share (ppp/sess.c): LCP, IPCP and IPv6CP over the event queue. Above
 * evq.h; the client link (ppp.h) and the server (server.h) sit on top and add authentication.
 */
#ifndef SX_PPP_SESS_H
#define SX_PPP_SESS_H

#include "ppp/evq.h"
#include "ppp/ipcp.h"
#include "ppp/ipv6cp.h"
#include "ppp/lcp.h"

#define PPP_AUTH_TIMEOUT_MS 30000	/* authenticate phase limit (the peer drives CHAP) */

/* What ppp_link and ppp_srv share (ppp/sess.c): LCP and the NCPs, their notes, the events. */
struct ppp_sess {
	struct ppp_ctx ctx;
	struct lcp lcp;
	struct ipcp ipcp;
	struct ipv6cp ipv6cp;
	bool run_ipv6;			/* IPv6CP runs; otherwise it is Protocol-Rejected */
	bool ipv6_stopped;		/* IPv6CP was rejected or gave up: IPv4 goes on alone */
	const char *peer;		/* "server" or "client", in DOWN messages */
	uint64_t now;
	bool opened;			/* *_open was called */
	struct ppp_evq q;		/* phase, events, why the session ends */
};

/* RFC 1661 3.5: authentication done (or not asked for): start the NCPs. */
void ppp_sess_network_start(struct ppp_sess *b);
/*
 * The role-independent part of the fsm notes. LCP: DOWN, FINISHED, PROTREJ (UP starts the role's
 * authentication; the role clears its own deadlines first). IPCP UP queues IP_UP; a finished IPCP
 * ends the session; a finished IPv6CP leaves IPv4 alone.
 */
void ppp_sess_notify_lcp(struct ppp_sess *b, enum fsm_note note, uint32_t arg);
void ppp_sess_notify_ipcp(struct ppp_sess *b, enum fsm_note note);
void ppp_sess_notify_ipv6cp(struct ppp_sess *b, enum fsm_note note);
/*
 * A frame's information field (borrowed) for LCP, IPCP, IPv6CP or the data path; anything else
 * (CHAP and PAP included: the role takes the one it runs first) gets an LCP Protocol-Reject.
 */
int ppp_sess_dispatch(struct ppp_sess *b, uint16_t proto, const uint8_t *info, size_t len);
void ppp_sess_tick(struct ppp_sess *b, uint64_t now);
/* ppp_evq_settle on LCP at b->now: after every input, tick, open and close. */
void ppp_sess_settle(struct ppp_sess *b);
/* The earliest deadline over LCP and the NCPs; 0 = none. */
uint64_t ppp_sess_next_deadline(const struct ppp_sess *b);
uint64_t ppp_sess_min_deadline(uint64_t a, uint64_t b);
bool ppp_sess_lcp_opened(const struct ppp_sess *b);
bool ppp_sess_ip_open(const struct ppp_sess *b);
bool ppp_sess_ipv6_open(const struct ppp_sess *b);

#endif
