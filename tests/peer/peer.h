// SPDX-License-Identifier: MIT
/*
 * Scripted-peer harness: drives any I/O-free core (ppp_link, sstp_ctl, ...) through a small ops
 * table from a C table of steps, on a virtual clock, and checks every frame byte for byte
 * (conventions.md 15; ELL's in-memory TLS pair is the model). Failures go through cmocka fail_msg
 * with the step index and both byte strings.
 *
 * Hex strings are pairs of hex digits separated by optional spaces; ".." in an EXPECT_TX pattern
 * matches any one byte (random fields).
 */
#ifndef SX_TESTS_PEER_H
#define SX_TESTS_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How the harness reaches a core. `core` is whatever the test passes to peer_run. */
struct peer_ops {
	/* Feeds received bytes (borrowed); the return value is ignored except for logging. */
	int (*input)(void *core, const uint8_t *buf, size_t len, uint64_t now);
	void (*tick)(void *core, uint64_t now);
	uint64_t (*next_deadline)(void *core);	/* 0 = none */
	/* Copies the next frame to send into buf; returns its length, 0 when none, <0 on error. */
	long (*pop_tx)(void *core, uint8_t *buf, size_t cap);
	/* Renders the next event as one short line into buf; false when none. */
	bool (*pop_event)(void *core, char *buf, size_t cap);
};

enum peer_step_kind {
	PEER_END,
	PEER_EXPECT_TX,		/* the next frame matches the pattern */
	PEER_EXPECT_NO_TX,	/* no frame is pending */
	PEER_SEND_RX,		/* feed these bytes to the core */
	PEER_ADVANCE,		/* move the clock, ticking at every deadline passed, in order */
	PEER_EXPECT_EVENT,	/* the next event's text starts with this string */
	PEER_EXPECT_NO_EVENT,	/* no event is pending */
};

struct peer_step {
	enum peer_step_kind kind;
	const char *text;
	uint64_t ms;
};

#define EXPECT_TX(hex) { PEER_EXPECT_TX, (hex), 0 }
#define EXPECT_NO_TX() { PEER_EXPECT_NO_TX, NULL, 0 }
#define SEND_RX(hex) { PEER_SEND_RX, (hex), 0 }
#define ADVANCE(ms) { PEER_ADVANCE, NULL, (ms) }
#define EXPECT_EVENT(prefix) { PEER_EXPECT_EVENT, (prefix), 0 }
#define EXPECT_NO_EVENT() { PEER_EXPECT_NO_EVENT, NULL, 0 }
/* END also checks that no frame is left unexpected; events left over are allowed. */
#define END() { PEER_END, NULL, 0 }

/* A run's state: the clock persists across several peer_run calls of one test. */
struct peer {
	const struct peer_ops *ops;
	void *core;
	uint64_t now;
};

/* Runs steps until END; fails the current cmocka test on the first mismatch. */
void peer_run(struct peer *p, const struct peer_step *steps);

/*
 * Parses hex ("ff 03 c0 21", ".." allowed when mask is non-NULL: mask[i] = 0 for wildcards).
 * Returns the byte count, or -1 on a malformed string or when cap is too small.
 */
long peer_hex(const char *hex, uint8_t *out, uint8_t *mask, size_t cap);

/*
 * peer_hex for tests: fails the current test on a malformed string or one longer than cap, and,
 * when want is not 0, unless it decodes to exactly want bytes. Returns the byte count.
 */
size_t peer_unhex(const char *hex, uint8_t *out, size_t cap, size_t want);

/* Formats bytes as "ff 03 c0 21" into out (truncated with "..." when it does not fit). */
void peer_fmt_hex(const uint8_t *buf, size_t len, char *out, size_t cap);

struct pkt;
struct pkt_pool;
/*
 * The body of a pop_tx op: copies a popped frame p (NULL: none) into buf and returns p to pool.
 * Returns its length, 0 for none, or -1 when it does not fit in cap.
 */
long peer_pkt_copy(struct pkt *p, struct pkt_pool *pool, uint8_t *buf, size_t cap);
/*
 * EXPECT_TX outside a script: fails the current test unless the popped frame p (NULL: none)
 * matches the pattern (".." any byte); returns p to pool.
 */
void peer_expect_frame(struct pkt *p, struct pkt_pool *pool, const char *pattern);
struct pkt_q;
/*
 * A fixture's end: drains q into pool (q may be NULL), fails the current test unless every frame
 * went back to the pool, and destroys it.
 */
void peer_pool_done(struct pkt_q *q, struct pkt_pool *pool);

#endif
