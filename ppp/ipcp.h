// SPDX-License-Identifier: MIT
/*
 * IPCP (RFC 1332) with the RFC 1877 DNS options, client role: we ask for address 0.0.0.0 and the
 * DNS servers and take what the server Naks back; we ack the server's own address.
 * Driven through the embedded fsm (first member) with fsm_up/fsm_open/fsm_input/fsm_tick/...
 * Addresses are IPv4 in host byte order; 0 = none.
 *
 * Policy: a Rejected DNS option is dropped (SoftEther rejects Secondary-DNS). After Max-Failure
 * Naks in a row we stop asking for the DNS options still Nak'd (converge); if the address itself
 * is still Nak'd, or is Rejected, or an Ack leaves it 0.0.0.0, the layer closes with
 * SX_REASON_NEGOTIATION. The peer's own address is acked as given; its 0.0.0.0, IP-Compression,
 * IP-Addresses and DNS/NBNS options are Rejected.
 *
 * Server role (conf.server, for the strict test server): we request our own address (conf.addr,
 * when not 0) and hand out the peer's: its IP-Address other than conf.peer_addr (0.0.0.0 included)
 * is Nak'd with peer_addr, its RFC 1877 DNS options are Nak'd with conf.dns1/dns2 or Rejected
 * when those are 0; NBNS, IP-Compression and IP-Addresses are Rejected. After Max-Failure Naks in
 * a row the options still disagreed on are Rejected (RFC 1661 4.6). Hints in a Nak of our own
 * address are ignored. conf.nak_loop is a fault: every request is Nak'd with another address.
 * Ownership: ctx is borrowed for the object's lifetime.
 */
#ifndef SX_PPP_IPCP_H
#define SX_PPP_IPCP_H

#include <stdbool.h>
#include <stdint.h>

#include "ppp/fsm.h"

enum ipcp_opt_type {
	IPCP_OPT_ADDRS = 1,	/* RFC 1172, deprecated: rejected */
	IPCP_OPT_COMP = 2,	/* IP-Compression-Protocol: rejected (we do no VJ) */
	IPCP_OPT_ADDR = 3,
	IPCP_OPT_DNS1 = 129,	/* RFC 1877 */
	IPCP_OPT_NBNS1 = 130,
	IPCP_OPT_DNS2 = 131,
	IPCP_OPT_NBNS2 = 132,
};

struct ipcp_conf {
	struct fsm_conf fsm;
	uint32_t addr;		/* address to request; default 0 (ask the server) */
	bool request_dns1;	/* default true */
	bool request_dns2;	/* default true */
	bool server;		/* server role; the fields below count only with it */
	uint32_t peer_addr;	/* the address handed out; 0: ack any but 0.0.0.0 */
	uint32_t dns1;		/* handed out when asked; 0: Reject the option */
	uint32_t dns2;
	bool nak_loop;		/* fault: never agree on the peer's address */
};

void ipcp_conf_default(struct ipcp_conf *c);

#define IPCP_NOPTS 7

struct ipcp {
	struct fsm fsm;		/* first member */
	struct ipcp_conf conf;
	uint8_t st[IPCP_NOPTS];	/* OPT_* bits, indexed like the IPCP option table */
	uint32_t addr;		/* what we request now, then the acked local address */
	uint32_t dns1;
	uint32_t dns2;
	uint32_t peer_addr;	/* the address the peer gave for itself, 0 if none */
	uint32_t given_dns1;	/* server role: the DNS servers in the peer's acked request */
	uint32_t given_dns2;
	uint32_t nak_count;	/* server role: Naks of the peer's address sent (nak_loop) */
};

/* conf NULL: defaults. Returns 0 or -EINVAL. */
int ipcp_init(struct ipcp *c, struct ppp_ctx *ctx, const struct ipcp_conf *conf);

/* Negotiated values; meaningful once Opened. 0 = none. */
static inline uint32_t ipcp_addr(const struct ipcp *c) { return c->addr; }
static inline uint32_t ipcp_peer_addr(const struct ipcp *c) { return c->peer_addr; }
/* DNS servers only count when the peer acked them (a rejected option yields 0). */
uint32_t ipcp_dns1(const struct ipcp *c);
uint32_t ipcp_dns2(const struct ipcp *c);

#endif
