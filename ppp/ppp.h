// SPDX-License-Identifier: MIT
/*
 * The public API of the ppp library: struct ppp_link, one PPP client session as SSTP carries it.
 * It owns the LCP, MS-CHAPv2/PAP, IPCP and IPv6CP objects and walks the RFC 1661 3.2 phases
 * dead -> establish -> authenticate -> network -> open -> terminate. I/O-free (conventions.md 1):
 * frames in with ppp_link_input, frames out with ppp_link_pop_tx, time passed in, events out.
 *
 * Ownership: ppp_link_input borrows the frame. ppp_link_pop_tx moves a struct pkt to the caller,
 * who sends it and returns it to cfg.pool. The password is copied at init (the NT hash for
 * MS-CHAPv2; the text only when PAP is allowed) and zeroed by ppp_link_destroy; the user name is
 * copied. The pool is borrowed for the link's lifetime.
 */
#ifndef SX_PPP_PPP_H
#define SX_PPP_PPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/chap.h"
#include "ppp/ipcp.h"
#include "ppp/ipv6cp.h"
#include "ppp/lcp.h"
#include "ppp/pap.h"
#include "ppp/pkt.h"
#include "ppp/proto.h"
#include "ppp/sx.h"

#define PPP_AUTH_TIMEOUT_MS 30000	/* authenticate phase limit (the peer drives CHAP) */
#define PPP_HLAK_LEN 32
#define PPP_MSG_MAX 96
#define PPP_EVQ_LEN 8

struct ppp_link_cfg {
	const char *user;		/* copied; sent in full, DOMAIN\ prefix included */
	const char *password;		/* UTF-8, copied or hashed at init */
	size_t password_len;
	bool allow_pap;			/* accept a server that asks for PAP (sends the password) */
	bool allow_no_auth;		/* accept a server that asks for no authentication at all */
	bool want_ipv6;			/* run IPv6CP; otherwise Protocol-Reject it */
	bool want_dns;			/* ask for RFC 1877 DNS servers */
	uint16_t mru;			/* 0: LCP default (1400) */
	uint32_t restart_ms;		/* RFC 1661 4.6 restart timer; 0: 3000 */
	uint8_t max_configure;		/* 0: 10 */
	uint8_t max_terminate;		/* 0: 2 */
	uint8_t max_failure;		/* 0: 5 */
	uint32_t auth_timeout_ms;	/* 0: PPP_AUTH_TIMEOUT_MS */
	uint32_t echo_interval_ms;	/* LCP Echo-Request when open; 0: off */
	uint8_t echo_max_fails;		/* 0: LCP default (3) */
	struct pkt_pool *pool;		/* borrowed: control frames come from here */
	uint16_t headroom;		/* left in front of FF 03 for the carrier */
	struct sx_log log;
	struct sx_rand rand;
};

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

/* Shared by ppp_link and ppp_srv (ppp/evq.c): the phase, the events and the session's end. */
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

struct ppp_link {
	struct ppp_sess sess;
	struct chap chap;
	struct pap pap;
	bool have_pap;
	bool allow_no_auth;
	uint32_t auth_timeout_ms;
	uint64_t auth_deadline;		/* 0 = none */
};

/*
 * Returns 0, -EINVAL (no user, pool or rand; a field too long), -EBADMSG (password not UTF-8), or
 * an error from a protocol's init.
 */
int ppp_link_init(struct ppp_link *link, const struct ppp_link_cfg *cfg);
/* Starts LCP: our Configure-Request goes out first (SoftEther waits for it). Returns 0. */
int ppp_link_open(struct ppp_link *link, uint64_t now);
/*
 * One whole PPP frame as received (FF 03 optional; borrowed). Handles control protocols; IP and
 * IPv6 frames are the caller's business and are ignored here (0). Unknown protocols get an LCP
 * Protocol-Reject once LCP is open. Returns 0, -EBADMSG (malformed, dropped), -EPROTO (not
 * expected in this phase, dropped) or -ENOBUFS (a reply could not be queued).
 */
int ppp_link_input(struct ppp_link *link, const uint8_t *frame, size_t len, uint64_t now);
void ppp_link_tick(struct ppp_link *link, uint64_t now);
/* The earliest deadline over LCP, the NCPs and authentication; 0 = none. */
uint64_t ppp_link_next_deadline(const struct ppp_link *link);
/* The next frame to send (FF 03 + protocol written, headroom free in front), or NULL. */
struct pkt *ppp_link_pop_tx(struct ppp_link *link);
/*
 * Pops the next event into *ev; false when none. An authenticate phase that gets no result within
 * auth_timeout_ms ends with DOWN reason SX_REASON_TIMEOUT (the peer stayed silent or stalled).
 */
bool ppp_link_pop_event(struct ppp_link *link, struct ppp_event *ev);
/* Local close: LCP Terminate-Request; DOWN reason SX_REASON_USER unless a cause came first. */
int ppp_link_close(struct ppp_link *link, uint64_t now);
/* Drops queued frames (back to the pool) and zeroes every secret. */
void ppp_link_destroy(struct ppp_link *link);

enum ppp_phase ppp_link_phase(const struct ppp_link *link);
/*
 * The cause the link has recorded so far, even before it emits DOWN (e.g. LCP terminated by the
 * peer before it opened, which RFC 1661 does not report as This-Layer-Down); NONE if none.
 */
enum sx_reason ppp_link_reason(const struct ppp_link *link);
/* Whether IP (IPv6) frames may be passed now: IPCP (IPv6CP) is Opened. */
bool ppp_link_ip_open(const struct ppp_link *link);
bool ppp_link_ipv6_open(const struct ppp_link *link);

/*
 * One stable text line for a frame (borrowed) into out, for -v and tests, e.g.
 * "LCP ConfReq id=1 <1 0578> <5 1a2b3c4d>", "CHAP Challenge id=1 name=\"SE\"", "IP len=84".
 * Never shows the PAP password.
 */
void ppp_trace(const uint8_t *frame, size_t len, char *out, size_t cap);

const char *ppp_phase_name(enum ppp_phase phase);
const char *ppp_event_name(enum ppp_event_type type);

#endif
