// SPDX-License-Identifier: MIT
/*
 * struct ppp_srv: one PPP session in the authenticator (server) role, for the strict test server.
 * It asks for MS-CHAPv2 (or PAP) in LCP, authenticates with chap_auth/pap_auth, hands out the
 * client's address and DNS servers in IPCP, and walks the RFC 1661 3.2 phases like ppp_link.
 * Fault flags make it misbehave on purpose. I/O-free (conventions.md 1): frames in with
 * ppp_srv_input, frames out with ppp_srv_pop_tx, time passed in, events out.
 *
 * Choices (RFC 1661 and the strict server's role):
 *  - LCP asks for exactly the configured protocol (C2 23 81, or C0 23 with pap). A client that
 *    Naks it is asked again until Max-Failure Naks, a client that Rejects it at once: both end the
 *    link with DOWN SX_REASON_AUTH_UNSUPPORTED. The client's own Authentication-Protocol option
 *    is Rejected (the server does not authenticate itself).
 *  - The CHAP Challenge value and Identifier are drawn from cfg.rand at init; the Challenge is
 *    resent every 3 s, 10 times, then DOWN SX_REASON_PEER_SILENT. PAP waits PPP_AUTH_TIMEOUT_MS.
 *  - Authentication failure: the CHAP Failure (or PAP Nak) is queued first, then the LCP
 *    Terminate-Request; DOWN SX_REASON_AUTH_FAILED, detail = the E= code, msg "E=691 ...".
 *  - terminate_after_ms ends with DOWN SX_REASON_USER "terminate-after fault".
 *  - A repeated Response or Authenticate-Request after the outcome gets the same answer.
 *
 * Ownership: ppp_srv_input borrows the frame. ppp_srv_pop_tx moves a struct pkt to the caller,
 * who sends it and returns it to cfg.pool. The cfg is copied (name copied; lookup_ctx and pool
 * borrowed for the session's lifetime). Secrets looked up (NT hash, keys) are zeroed by
 * ppp_srv_destroy; an AUTH_OK event's hlak is the caller's to zero.
 */
#ifndef SX_PPP_SERVER_H
#define SX_PPP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/server_auth.h"	/* and through it the session and struct ppp_event */

/* Fault flags (ppp_srv_cfg.faults) */
#define PPP_SRV_F_IPCP_NAK_LOOP   0x01 /* Nak every IPCP request of the client with another address: never agrees */
#define PPP_SRV_F_LCP_REJECT_LOOP 0x02 /* keep Rejecting an LCP option of the client (e.g. its MRU/Magic), and
					  Configure-Reject even the request that no longer carries it, so LCP never opens */
#define PPP_SRV_F_IPV6CP_PROTREJ  0x04 /* answer IPv6CP with LCP Protocol-Reject */
#define PPP_SRV_F_NO_LCP_ECHO_REPLY 0x08 /* never answer LCP Echo-Request */
#define PPP_SRV_F_LCP_NAK_LOOP    0x10 /* Configure-Nak every LCP request of the client, never agreeing */

#define PPP_SRV_NAME_MAX 64

struct ppp_srv_cfg {
	const char *name;                 /* CHAP Name in the Challenge */
	bool pap;                         /* ask for PAP instead of MS-CHAPv2 */
	bool eap;                         /* ask for EAP (EAP-MSCHAPv2) instead of MS-CHAPv2 */
	enum eap_auth_fault eap_fault;    /* EAP faults (early Success, Failure, insisting on EAP-TLS) */
	bool peap;                        /* PEAPv0 (EAP-MSCHAPv2 inside) as the EAP method */
	struct eap_tls_engine peap_tls;   /* its TLS, server role (borrowed) */
	enum eap_peap_auth_fault peap_fault;
	struct eap_tls_engine eap_tls;    /* with eap: EAP-TLS over this engine (server role; borrowed) */
	enum eap_tls_auth_fault eap_tls_fault;
	uint16_t eap_tls_room;            /* Type-Data per EAP-TLS Request; 0: EAP_TLS_ROOM */
	bool no_auth;                     /* ask for no authentication at all (a weak server) */
	chap_auth_lookup_fn *chap_lookup; /* MS-CHAPv2 users (NT hash by name) */
	pap_auth_lookup_fn *pap_lookup;   /* PAP users (password by name) */
	void *lookup_ctx;
	enum chap_auth_fault chap_fault;  int chap_fail_code;
	enum pap_auth_fault pap_fault;
	uint32_t local_addr;              /* IPCP: the server's own address, host byte order */
	uint32_t peer_addr;               /* the address the client is given (Nak of its 0.0.0.0) */
	uint32_t dns1, dns2;              /* RFC 1877 values handed out by Nak; 0 = Reject that option */
	bool ipv6;                        /* run IPv6CP (else Protocol-Reject it) */
	uint16_t mru;                     /* 0: 1400 */
	uint32_t echo_interval_ms;        /* LCP Echo-Request from the server when open; 0 = off */
	uint32_t terminate_after_ms;      /* fault: LCP Terminate-Request this long after IPCP opened; 0 = never */
	unsigned faults;                  /* PPP_SRV_F_* */
	uint32_t restart_ms; uint8_t max_configure, max_failure;  /* 0: RFC 1661 defaults */
	struct pkt_pool *pool; uint16_t headroom;
	struct sx_log log; struct sx_rand rand;
};

struct ppp_srv {
	struct ppp_sess sess;		/* LCP, NCPs, phase, events (ppp/sess.c, ppp/evq.c) */
	struct ppp_srv_auth auth;	/* the authenticate phase (ppp/server_auth.c) */
	uint32_t terminate_after_ms;
	uint64_t terminate_at;		/* terminate_after_ms fault deadline; 0 = none */
};

/* Returns 0 or -EINVAL (no pool, rand or lookup for the chosen protocol; a field out of range). */
int ppp_srv_init(struct ppp_srv *s, const struct ppp_srv_cfg *cfg);
/* LCP up: sends our Configure-Request (with the Authentication-Protocol). Returns 0 or -EPROTO. */
int ppp_srv_open(struct ppp_srv *s, uint64_t now);
/*
 * One whole PPP frame as received (FF 03 optional; borrowed), like ppp_link_input. IP and IPv6
 * frames are the caller's business (0). Returns 0, -EBADMSG, -EPROTO or -ENOBUFS.
 */
int ppp_srv_input(struct ppp_srv *s, const uint8_t *frame, size_t len, uint64_t now);
void ppp_srv_tick(struct ppp_srv *s, uint64_t now);
/* The earliest deadline over LCP, authentication, the NCPs and the terminate fault; 0 = none. */
uint64_t ppp_srv_next_deadline(const struct ppp_srv *s);
/* The next frame to send (FF 03 + protocol written, headroom free in front), or NULL. Moves. */
struct pkt *ppp_srv_pop_tx(struct ppp_srv *s);
/* Events (struct ppp_event from ppp/ppp.h):
 *   PPP_EV_AUTH_OK  u.auth.proto, u.auth.hlak = chap_auth_hlak() for MS-CHAPv2, zeros for PAP
 *   PPP_EV_IP_UP    u.ip.local = server address, u.ip.peer = the client's, dns1/dns2 handed out, mru/peer_mru
 *   PPP_EV_IPV6_UP  interface identifiers
 *   PPP_EV_DOWN     reason + msg (e.g. AUTH_FAILED "E=691 ...", NEGOTIATION, PEER_SILENT, USER)
 *   PPP_EV_FINISHED LCP finished: close the SSTP call */
bool ppp_srv_pop_event(struct ppp_srv *s, struct ppp_event *ev);
/* Local close: LCP Terminate-Request; DOWN reason SX_REASON_USER unless a cause came first. */
int ppp_srv_close(struct ppp_srv *s, uint64_t now);
/* Returns queued frames to the pool and zeroes secrets. */
void ppp_srv_destroy(struct ppp_srv *s);
bool ppp_srv_ip_open(const struct ppp_srv *s);
bool ppp_srv_ipv6_open(const struct ppp_srv *s);
/* The authenticated peer name as it sent it; "" before. */
const char *ppp_srv_user(const struct ppp_srv *s);
/* Added to the agreed API: the RFC 1661 3.2 phase (PPP_PHASE_DEAD once finished). */
enum ppp_phase ppp_srv_phase(const struct ppp_srv *s);

#endif
