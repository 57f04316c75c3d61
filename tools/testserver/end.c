// SPDX-License-Identifier: MIT
/*
 * How a connection ends, as state on struct conn that both halves set: the first reason (the one
 * "session ended:" reports) and the start of the close (the cut), which conn.c then carries out.
 * Below conn.c and session.c, calling neither.
 */
#include <stdio.h>

#include "tsrv.h"

#define CUT_MS 3000		/* close-after: wait this long at most for the peer to read */

/* The first reason recorded is the one "session ended:" reports (conventions.md 8). */
void end_note(struct conn *c, const char *why, bool clean)
{
	if (c->why[0])
		return;
	snprintf(c->why, sizeof(c->why), "%s", why);
	c->clean_end = clean;
}

void end_fail(struct conn *c, const char *why)
{
	end_note(c, why, false);
}

/*
 * Flushes what is queued, then closes: FIN (after a TLS close_notify when notify), or RST when
 * rst (SO_LINGER 0).
 */
void end_cut(struct conn *c, bool rst, bool notify, uint64_t now)
{
	if (c->stage == CONN_CUT || c->stage == CONN_DONE)
		return;
	c->stage = CONN_CUT;
	c->cut_rst = rst;
	c->cut_notify = notify;
	c->deadline = now + CUT_MS;
}

void end_finish(struct conn *c, uint64_t now)
{
	end_cut(c, false, true, now);
}

void end_reach(struct conn *c, enum tsrv_phase phase)
{
	const struct tsrv_faults *f = &c->o->f;
	char why[64];

	if (f->cut_after != phase)
		return;
	snprintf(why, sizeof(why), "fault: %s-after=%s", f->cut_reset ? "reset" : "close",
		 tsrv_phase_str(phase));
	tlog(SX_LOG_INFO, "%s: %s the TCP connection", why, f->cut_reset ? "resetting" : "closing");
	end_note(c, why, true);
	end_cut(c, f->cut_reset, false, loop_now_ms());
}
