// SPDX-License-Identifier: MIT
/*
 * The bottom of ppp/: the RFC 1661 3.2 phase, the events a session emits and the first-cause end,
 * shared by the client (ppp_link) and the server (ppp_srv) through struct ppp_sess. Only fsm.h
 * below it.
 */
#ifndef SX_PPP_EVQ_H
#define SX_PPP_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/fsm.h"
#include "ppp/sx.h"

#define PPP_HLAK_LEN 32
#define PPP_MSG_MAX 96
#define PPP_EVQ_LEN 8

enum ppp_phase {
	PPP_PHASE_DEAD,
	PPP_PHASE_ESTABLISH,
	PPP_PHASE_AUTHENTICATE,
	PPP_PHASE_NETWORK,
	PPP_PHASE_OPEN,
	PPP_PHASE_TERMINATE,
};

enum ppp_event_type {
	PPP_EV_AUTH_OK,		/* authentication done: hlak for the SSTP crypto binding */
	PPP_EV_IP_UP,		/* IPCP opened */
	PPP_EV_IPV6_UP,		/* IPv6CP opened */
	PPP_EV_DOWN,		/* the session is over (once): why */
	PPP_EV_FINISHED,	/* LCP finished: the link is dead, the carrier may go */
};

struct ppp_event {
	enum ppp_event_type type;
	union {
		struct {
			uint16_t proto;		/* PPP_CHAP, PPP_PAP, or 0 when the peer asked none */
			uint8_t eap_type;	/* PPP_EAP: the method (enum eap_type), e.g. 25 PEAP */
			/*
			 * MS-CHAPv2: the client's MasterSendKey | MasterReceiveKey (RFC 3079);
			 * PAP and none: zeros (MS-SSTP 3.2.5.2). The caller zeroes it after use.
			 */
			uint8_t hlak[PPP_HLAK_LEN];
		} auth;
		struct ppp_ip_info {
			uint32_t local;		/* IPv4, host byte order */
			uint32_t peer;		/* 0 when the peer gave none */
			uint32_t dns1;		/* 0 when none (or want_dns is off) */
			uint32_t dns2;
			uint16_t mru;		/* what the peer acked for us */
			uint16_t peer_mru;	/* the most we may send: the TUN MTU */
		} ip;
		struct {
			uint64_t local_id;	/* RFC 5072 interface identifiers */
			uint64_t peer_id;
		} ipv6;
		struct {
			enum sx_reason reason;
			int detail;		/* MS-CHAPv2 E= code for AUTH_FAILED; else 0 */
			char msg[PPP_MSG_MAX];
		} down;
	} u;
};

/* The phase, the events and the session's end (ppp/evq.c). */
struct ppp_evq {
	const char *name;		/* log prefix */
	struct sx_log log;
	enum ppp_phase phase;
	bool closing;			/* we closed LCP (fsm_close) */
	bool lost_in_auth;		/* client: LCP went down during the authenticate phase */
	bool down_due;			/* DOWN is to be emitted once the step returns */
	bool down_sent;
	bool finished_due;
	bool finished_sent;
	bool fail_pending;		/* close LCP with `reason` once the current step returns */
	enum sx_reason reason;		/* first cause wins */
	int detail;
	char msg[PPP_MSG_MAX];
	struct ppp_event evq[PPP_EVQ_LEN];
	unsigned ev_head;
	unsigned ev_n;
};

/* name prefixes log lines ("ppp", "ppp-srv"); log is copied. */
void ppp_evq_init(struct ppp_evq *q, const char *name, const struct sx_log *log);
void ppp_evq_set_phase(struct ppp_evq *q, enum ppp_phase phase);
/* Copies *ev into the queue; a full queue drops it with an error line. */
void ppp_evq_emit(struct ppp_evq *q, const struct ppp_event *ev);
/* Moves the oldest event to *ev and zeroes its slot (an AUTH_OK slot held the HLAK). */
bool ppp_evq_pop(struct ppp_evq *q, struct ppp_event *ev);
/* Records why the session ends (first cause wins) and closes LCP at the next ppp_evq_settle. */
void ppp_evq_fail(struct ppp_evq *q, enum sx_reason reason, int detail, const char *msg);
/*
 * Runs what fsm notify callbacks deferred, once no fsm step is in progress: a pending failure
 * closes LCP (or, with LCP not started or already finished, ends at once), then DOWN and
 * FINISHED are queued, each once.
 */
void ppp_evq_settle(struct ppp_evq *q, struct fsm *lcp, uint64_t now);

const char *ppp_phase_name(enum ppp_phase phase);
const char *ppp_event_name(enum ppp_event_type type);

#endif
