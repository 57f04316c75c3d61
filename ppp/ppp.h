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

#include "ppp/link_auth.h"
#include "ppp/pkt.h"
#include "ppp/proto.h"
#include "ppp/sx.h"

struct ppp_link_cfg {
	const char *user;		/* copied; sent in full, DOMAIN\ prefix included */
	const char *password;		/* UTF-8, copied or hashed at init */
	size_t password_len;
	bool allow_pap;			/* accept a server that asks for PAP (sends the password) */
	bool allow_no_auth;		/* accept a server that asks for no authentication at all */
	bool no_mschapv2;		/* refuse plain MS-CHAPv2 (an EAP-only configuration) */
	unsigned eap_methods;		/* enum eap_allow bits the server may ask for; 0: no EAP */
	bool prefer_eap;		/* take EAP when offered instead of asking for MS-CHAPv2 first */
	const char *identity;		/* EAP Identity (outer identity); NULL: the user name */
	struct eap_tls_engine tls;	/* TLS for EAP-TLS and PEAP (borrowed); ops NULL: neither */
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

struct ppp_link {
	struct ppp_sess sess;		/* LCP, NCPs, phase, events (ppp/sess.c, ppp/evq.c) */
	struct ppp_link_auth auth;	/* the authenticate phase (ppp/link_auth.c) */
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

#endif
