// SPDX-License-Identifier: MIT
/*
 * IPv6CP (RFC 5072): negotiates the 64-bit Interface-Identifiers from which both link-local
 * addresses are formed. Driven through the embedded fsm (first member), like IPCP.
 * Ownership: ctx is borrowed for the object's lifetime.
 */
#ifndef SX_PPP_IPV6CP_H
#define SX_PPP_IPV6CP_H

#include <stdint.h>

#include "ppp/fsm.h"

enum ipv6cp_opt_type {
	IPV6CP_OPT_IFID = 1,	/* RFC 5072 4.1 */
	IPV6CP_OPT_COMP = 2,	/* IPv6-Compression-Protocol: rejected */
};

struct ipv6cp_conf {
	struct fsm_conf fsm;
};

void ipv6cp_conf_default(struct ipv6cp_conf *c);

#define IPV6CP_NOPTS 2

struct ipv6cp {
	struct fsm fsm;		/* first member */
	struct ipv6cp_conf conf;
	uint8_t st[IPV6CP_NOPTS];
	uint64_t id;		/* ours: random, non-zero */
	uint64_t peer_id;	/* the peer's, 0 if it sent none */
};

/* conf NULL: defaults. Returns 0, -EINVAL, or the rand callback's error. */
int ipv6cp_init(struct ipv6cp *c, struct ppp_ctx *ctx, const struct ipv6cp_conf *conf);

static inline uint64_t ipv6cp_id(const struct ipv6cp *c) { return c->id; }
static inline uint64_t ipv6cp_peer_id(const struct ipv6cp *c) { return c->peer_id; }

#endif
