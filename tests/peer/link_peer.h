// SPDX-License-Identifier: MIT
/*
 * The ppp_link side of the scripted-peer harness: a peer_ops table whose core is a struct
 * peer_link, events rendered as stable one-line texts, and deterministic randomness for scripts.
 *
 * Event texts (EXPECT_EVENT matches a prefix):
 *   "auth-ok c223"                       (the protocol in hex; the HLAK is kept in ->hlak)
 *   "ip-up 10.0.0.2 peer 10.0.0.1 dns 192.168.30.1 0.0.0.0 mru 1400 mtu 1500"
 *   "ipv6-up 0211223344556677 peer 0abbccddeeff0011"
 *   "down auth-failed 691 bad user name or password (E=691)"   (reason, detail, message)
 *   "finished"
 */
#ifndef SX_TESTS_LINK_PEER_H
#define SX_TESTS_LINK_PEER_H

#include "ppp/ppp.h"
#include "tests/peer/peer.h"

struct peer_link {
	struct ppp_link link;
	uint8_t hlak[PPP_HLAK_LEN];	/* from the last AUTH_OK popped */
};

extern const struct peer_ops peer_link_ops;

/*
 * Randomness by request size, so scripts are byte-exact: 16 bytes = the RFC 2759 9.2 peer
 * challenge, 4 = the host-order integer 0x1a2b3c4d (LCP magic), 8 = 0x0211223344556677 (IPv6CP
 * interface identifier); other sizes count up from *(uint8_t *)ctx.
 */
int peer_script_rand(void *ctx, uint8_t *buf, size_t len);

/* A log sink printing "  | line" to stderr. */
void peer_log_stderr(void *ctx, enum sx_level level, const char *line);

/* The stable name of a reason in event texts ("auth-failed", "peer-silent", ...). */
const char *peer_reason_name(enum sx_reason r);
/*
 * An event as one line, for ppp_link and ppp_srv alike: "auth-ok c223",
 * "ip-up 192.168.30.10 peer 192.168.30.1 dns 192.168.30.1 0.0.0.0 mru 1400 mtu 1500",
 * "ipv6-up LOCAL peer PEER", "down REASON DETAIL MSG", "finished".
 */
void peer_ppp_event_text(const struct ppp_event *ev, char *buf, size_t cap);

#endif
