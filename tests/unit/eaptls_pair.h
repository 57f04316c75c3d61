// SPDX-License-Identifier: MIT
/*
 * The in-memory TLS-in-EAP rig the tests over tools/tlsio/eaptls.c share: test certificates made
 * with the openssl command in a temporary directory, a client and a server TLS engine, and an EAP
 * peer and authenticator whose frames are moved between their PPP queues until both are quiet.
 * Built into the sxeaptls library (tests/CMakeLists.txt), linked by test_eaptls and test_eap_tls*.
 */
#ifndef SX_TESTS_UNIT_EAPTLS_PAIR_H
#define SX_TESTS_UNIT_EAPTLS_PAIR_H

#include <stdbool.h>

#include "ppp/eap.h"
#include "ppp/eap_auth.h"
#include "ppp/pkt.h"
#include "tlsio/eaptls.h"

/*
 * cmocka group fixtures: make and remove a CA (EC) and another CA, a server (EC; eap.test and
 * 10.9.8.7), a client (RSA, alice) with a plain, an encrypted (passphrase s3cret) and a PKCS#12
 * key, and a client from the other CA (bad.pem, bad.key).
 */
int certs_setup(void **state);
int certs_teardown(void **state);
/* The file name in the certificates' directory (one of 8 rotating buffers). */
const char *certs_path(const char *name);

/* A client and a server TLS engine, not started. */
struct eaptls_pair {
	struct eaptls *c, *s;
	struct eap_tls_engine ce, se;
};

/* Makes both ends from cc and sc (borrowed for the pair's lifetime); fails the test otherwise. */
void eaptls_pair_new(struct eaptls_pair *t, const struct eaptls_cfg *cc,
		     const struct eaptls_cfg *sc);
void eaptls_pair_free(struct eaptls_pair *t);

/* One end of an EAP pair: its own pool and PPP context. */
struct eap_pair_side {
	struct pkt_pool pool;
	struct ppp_ctx ctx;
};

/*
 * An EAP peer (eap on p.ctx) and authenticator (auth on a.ctx) over tls.ce and tls.se; the test
 * initialises eap and auth itself after eap_pair_new.
 */
struct eap_pair {
	struct eaptls_pair tls;
	struct eap_pair_side p, a;
	struct eap eap;
	struct eap_auth auth;
	bool flagless_acks;	/* SoftEther 5.01: the server's EAP-TLS ACKs lack the Flags */
};

/* Makes the TLS ends from cc and sc and both sides' pools, rand as both contexts' randomness. */
void eap_pair_new(struct eap_pair *r, const struct eaptls_cfg *cc, const struct eaptls_cfg *sc,
		  sx_rand_fn *rand);
/* Moves frames both ways, one each way a round, until both queues are empty; fails otherwise. */
void eap_pair_pump(struct eap_pair *r);
/* Destroys eap and auth (a method of the test's own goes first), the TLS ends and the pools. */
void eap_pair_free(struct eap_pair *r);

#endif
