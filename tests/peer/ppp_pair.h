// SPDX-License-Identifier: MIT
/*
 * A real client (struct ppp_link) and the test server's authenticator (struct ppp_srv) back to back
 * in memory: frames popped from one side are fed to the other on a virtual clock, every event and
 * a ppp_trace line of every frame sent are recorded per side for the test to inspect.
 */
#ifndef SX_TESTS_PPP_PAIR_H
#define SX_TESTS_PPP_PAIR_H

#include <stdbool.h>

#include "ppp/ppp.h"
#include "ppp/server.h"

#define PPP_PAIR_MAX_EV 16
#define PPP_PAIR_MAX_TX 256

struct ppp_pair_log {
	struct ppp_event ev[PPP_PAIR_MAX_EV];
	uint64_t at[PPP_PAIR_MAX_EV];		/* virtual time each event was popped */
	unsigned n;
	char tx[PPP_PAIR_MAX_TX][96];		/* ppp_trace of every frame this side sent */
	unsigned ntx;
};

struct ppp_pair {
	struct pkt_pool pool;
	struct ppp_link cli;
	struct ppp_srv srv;
	uint8_t cli_rand, srv_rand;
	uint64_t now;
	struct ppp_pair_log c, s;		/* client side, server side */
};

/*
 * Client "User" / "clientPass" asking for DNS, with peer_script_rand (magic 0x1a2b3c4d); server
 * peer_srv_cfg_default but with counting randomness (its magic never equals the client's). Pools
 * and randomness contexts are set by ppp_pair_new.
 */
void ppp_pair_cfgs(struct ppp_link_cfg *cc, struct ppp_srv_cfg *sc);
/* One static pair at 1000 ms, both initialised (not opened). */
struct ppp_pair *ppp_pair_new(const struct ppp_link_cfg *cc, const struct ppp_srv_cfg *sc);
/* Destroys both; fails the test unless every frame went back to the pool. */
void ppp_pair_free(struct ppp_pair *p);
/* Opens both (server first) and runs for up to 120 s of virtual time. */
void ppp_pair_start(struct ppp_pair *p);
/* Moves frames both ways and ticks at every deadline up to `until`, then stops. */
void ppp_pair_run(struct ppp_pair *p, uint64_t until);

/* The first event of type t (and when it was popped), or NULL. */
const struct ppp_event *ppp_pair_ev(const struct ppp_pair_log *l, enum ppp_event_type t,
				    uint64_t *at);
unsigned ppp_pair_count_ev(const struct ppp_pair_log *l, enum ppp_event_type t);
/* Index of the first frame sent whose trace starts with prefix, or -1; and how many. */
int ppp_pair_find_tx(const struct ppp_pair_log *l, const char *prefix);
unsigned ppp_pair_count_tx(const struct ppp_pair_log *l, const char *prefix);
/* Exactly one DOWN, with this reason and detail, and a FINISHED. */
void ppp_pair_assert_down(const struct ppp_pair_log *l, enum sx_reason reason, int detail);

#endif
