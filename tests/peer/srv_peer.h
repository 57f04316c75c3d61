// SPDX-License-Identifier: MIT
/*
 * The ppp_srv side of the scripted-peer harness (the test server's authenticator, ppp/server.h):
 * a peer_ops table whose core is a struct peer_srv, with the event texts of link_peer.h; the
 * RFC 2759 9.2 user ("User" / "clientPass") for both lookups; deterministic server randomness; and
 * a started-server fixture for scripts.
 */
#ifndef SX_TESTS_SRV_PEER_H
#define SX_TESTS_SRV_PEER_H

#include <stdbool.h>

#include "ppp/server.h"
#include "tests/peer/peer.h"

#define PEER_IP4(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

struct peer_srv {
	struct ppp_srv srv;
	uint8_t hlak[PPP_HLAK_LEN];	/* from the last AUTH_OK popped */
	bool have_hlak;
};

/* Event texts as tests/peer/link_peer.h: "auth-ok c223", "ip-up 10.9.0.1 peer ...", "down ...". */
extern const struct peer_ops peer_srv_ops;

/*
 * Randomness by request size: 16 bytes = the RFC 2759 9.2 authenticator challenge, 4 = the LCP
 * magic 0x5a5a5a5a, 8 = the IPv6CP identifier 0x0a0a0a0a0a0a0a0a, anything else 0x01 bytes (so the
 * first CHAP Identifier is 1).
 */
int peer_srv_rand(void *ctx, uint8_t *buf, size_t len);
/* Lookups knowing one user: "User" with password "clientPass" (RFC 2759 9.2). */
bool peer_srv_chap_lookup(void *ctx, const char *user, uint8_t nt_hash[static 16]);
bool peer_srv_pap_lookup(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
			 size_t *len);

/*
 * Name "SE", MS-CHAPv2, local 10.9.0.1, client 10.9.0.2, DNS 10.9.0.53 and .54, headroom 4,
 * peer_srv_rand, no pool; SX_TRACE=1 in the environment prints the log lines.
 */
void peer_srv_cfg_default(struct ppp_srv_cfg *c);

struct srv_fx {
	struct pkt_pool pool;
	struct peer_srv ps;
	struct peer peer;	/* pass to peer_run */
};

/* One static fixture: a server on cfg (its pool set here) opened at 1000 ms. */
struct srv_fx *srv_fx_new(const struct ppp_srv_cfg *cfg);
struct srv_fx *srv_fx_default(void);
/* Destroys the server; fails the test unless every frame went back to the pool. */
void srv_fx_free(struct srv_fx *f);
/* srv_fx_default, peer_run(script), srv_fx_free: a whole test on the default server. */
void srv_fx_run_default(const struct peer_step *script);

#endif
