// SPDX-License-Identifier: MIT
/* Private to ppp/: the LCP/IPCP/IPv6CP half of a session that ppp_link and ppp_srv share. */
#ifndef SX_PPP_SESS_H
#define SX_PPP_SESS_H

#include "ppp/evq.h"
#include "ppp/ppp.h"

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
