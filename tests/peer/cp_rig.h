// SPDX-License-Identifier: MIT
/*
 * A scripted-peer rig around one control protocol object (LCP, IPCP or IPv6CP): whole frames in
 * and out (FF 03 + protocol), fsm notes as events ("up", "down", "started", "finished <reason>",
 * "protrej <proto>"), every log line captured, a fixed packet pool. Shared by test_lcp,
 * test_ipcp and test_ipv6cp.
 */
#ifndef SX_TESTS_CP_RIG_H
#define SX_TESTS_CP_RIG_H

#include <stdbool.h>

#include "ppp/fsm.h"
#include "tests/peer/peer.h"

struct cp_rig {
	struct pkt_pool pool;
	struct ppp_ctx ctx;	/* init the protocol object on this */
	struct peer peer;	/* pass to peer_run */
	struct fsm *fsm;
	uint16_t proto;
	char events[16][64];
	unsigned ev_head, ev_tail;
	char log[64][160];
	unsigned nlog;
};

/* Resets the rig: 32 buffers of 2048 bytes, headroom 4, debug log captured, the given randomness. */
void cp_rig_setup(struct cp_rig *r, sx_rand_fn *rand, void *rand_ctx);
void cp_rig_teardown(struct cp_rig *r);
/*
 * Drives f, the struct fsm embedded first in an object already initialised on r->ctx; for
 * PPP_LCP input and timers go through lcp_input/lcp_tick (echo included). Sends Open and Up at 0.
 */
void cp_rig_start(struct cp_rig *r, struct fsm *f, uint16_t proto);
/* Whether this exact line was logged. */
bool cp_rig_has_log(const struct cp_rig *r, const char *line);

#endif
