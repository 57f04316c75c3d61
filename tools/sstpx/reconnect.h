// SPDX-License-Identifier: MIT
/* --reconnect: which endings are retried, the backoff between attempts, and the wait itself. */
#ifndef SSTPX_RECONNECT_H
#define SSTPX_RECONNECT_H

#include <stdint.h>

struct session;

/* One attempt (connect.c): a fresh connection until it ends; returns the attempt's exit code. */
typedef int (*reconnect_attempt_fn)(struct session *s);

/*
 * Runs attempts until one ends in a way that is not retried (no --reconnect, a signal, an
 * unfixable failure, --reconnect-attempts failed in a row). Each ends with the DISCONNECTED phase;
 * each wait starts with RECONNECTING (s->attempt, s->backoff_ms set). Returns the last attempt's
 * exit code, or 0 when a signal stopped sstpx.
 */
int reconnect_run(struct session *s, reconnect_attempt_fn attempt);

/*
 * The wait before the next attempt after `waits` waits since the last connection:
 * 1 s, 2 s, 4 s ... capped at max_s, times a jitter factor in [0.8, 1.2) from `random16`.
 */
uint32_t reconnect_backoff_ms(unsigned waits, unsigned max_s, uint16_t random16);

#endif
