// SPDX-License-Identifier: MIT
/*
 * --reconnect's path watch: the kernel's route, link and address news (tun/pathwatch.h) on a
 * route socket in the session's loop, so a changed path to the server ends the connection at once
 * instead of after dead-peer detection. run.c drives it; it never ends the session itself.
 */
#ifndef SSTPX_NETWATCH_H
#define SSTPX_NETWATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"

struct session;

/* Looks up the path of s->sock and starts watching it (only with --reconnect). Failing to is a
 * warning: the session goes on without the watch. */
void netwatch_start(struct session *s);
/* After loop_wait: reads the news when the socket is ready. */
void netwatch_ready(struct session *s, const struct loop_ready *r);
uint64_t netwatch_deadline(const struct session *s);
/* True once, when the path changed: logged and told to the observers; the caller reconnects. */
bool netwatch_tick(struct session *s, uint64_t now);
void netwatch_stop(struct session *s);

#endif
