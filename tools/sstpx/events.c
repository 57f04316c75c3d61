// SPDX-License-Identifier: MIT
/*
 * --events json: one JSON object per line on stdout, flushed, for each phase of the session.
 * Every line has "event", "phase", "time" (wall clock, ISO 8601 UTC), "elapsed_ms" (monotonic,
 * since the start phase) and "attempt". "event" is "phase" except for four phases that carry more:
 * "connected" (the facts of facts_connection), "disconnected" (reason, exit_code, error),
 * "reconnecting" (backoff_ms) and "exit" (exit_code). Two events are not phases:
 * "network_changed" (change, detail, delay_ms), when the path to the server changed (netwatch.c),
 * and "pushed" (connected's facts again), when the DHCPINFORM of a split tunnel was answered or
 * given up on after "connected" (pushed.c).
 * The schema is in sstpx(1) under --events.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "exit.h"
#include "facts.h"
#include "hooks.h"
#include "log.h"
#include "observers.h"
#include "session.h"

#define EVENTS_LINE_MAX 4096

static bool events_broken;	/* stdout failed once: stop trying, say so once */

static const char *event_name(enum sx_phase phase)
{
	switch (phase) {
	case SX_PHASE_CONNECTED: return "connected";
	case SX_PHASE_DISCONNECTED: return "disconnected";
	case SX_PHASE_RECONNECTING: return "reconnecting";
	case SX_PHASE_EXIT: return "exit";
	case SX_PHASE_START:
	case SX_PHASE_RESOLVING:
	case SX_PHASE_TCP:
	case SX_PHASE_TLS:
	case SX_PHASE_HTTP:
	case SX_PHASE_SSTP:
	case SX_PHASE_PPP:
	case SX_PHASE_AUTHENTICATED:
	case SX_PHASE_DISCONNECTING:
		break;
	}
	return "phase";
}

/* What the phase adds to the common members. */
static void details(struct json *j, const struct session *s, enum sx_phase phase)
{
	switch (phase) {
	case SX_PHASE_CONNECTED:
		facts_connection(j, s);
		break;
	case SX_PHASE_DISCONNECTED:
		json_str(j, "reason", sx_reason_str(s->reason));
		json_int(j, "exit_code", s->exit_code);
		json_str(j, "error", s->exit_code ? exit_str((enum sx_exit)s->exit_code) : NULL);
		break;
	case SX_PHASE_RECONNECTING:
		json_uint(j, "backoff_ms", s->backoff_ms);
		/* keep.c: the device stays, and what it is handed meanwhile is dropped. */
		json_str(j, "interface_kept", s->dev_up ? tun_name(s->tunobj) : NULL);
		break;
	case SX_PHASE_EXIT:
		json_int(j, "exit_code", s->exit_code);
		break;
	case SX_PHASE_START:
	case SX_PHASE_RESOLVING:
	case SX_PHASE_TCP:
	case SX_PHASE_TLS:
	case SX_PHASE_HTTP:
	case SX_PHASE_SSTP:
	case SX_PHASE_PPP:
	case SX_PHASE_AUTHENTICATED:
	case SX_PHASE_DISCONNECTING:
		break;
	}
}

/*
 * Starts a line in line[EVENTS_LINE_MAX] with the members every line starts with; false when no
 * events are written (not asked for, or standard output failed).
 */
static bool begin(struct json *j, char *line, const struct session *s, const char *event,
		  enum sx_phase phase)
{
	char utc[40];
	uint64_t elapsed;

	if (!s->o->events_json || events_broken)
		return false;
	elapsed = facts_elapsed_ms();	/* the clock starts at the first phase */
	json_init(j, line, EVENTS_LINE_MAX - 1);	/* room for the newline */
	json_obj_begin(j, NULL);
	json_str(j, "event", event);
	json_str(j, "phase", sx_phase_name(phase));
	json_str(j, "time", facts_utc(utc, sizeof(utc)));
	json_uint(j, "elapsed_ms", elapsed);
	json_uint(j, "attempt", s->attempt);
	return true;
}

/* Ends the object and writes it as one line. */
static void emit(struct json *j, char *line, const char *event)
{
	int len;

	json_obj_end(j);
	len = json_finish(j);
	if (len < 0) {
		log_warn("events: %s event not written: %s", event, strerror(-len));
		return;
	}
	line[len++] = '\n';
	if (fwrite(line, 1, (size_t)len, stdout) != (size_t)len || fflush(stdout)) {
		log_warn("events: standard output failed (%s); no more events", strerror(errno));
		events_broken = true;
	}
}

static int events_phase(struct session *s, void *self, enum sx_phase phase)
{
	char line[EVENTS_LINE_MAX];
	struct json j;

	(void)self;
	if (!begin(&j, line, s, event_name(phase), phase))
		return 0;
	/* The start phase comes before loop_init ignores SIGPIPE: a closed reader is an error here too. */
	if (phase == SX_PHASE_START)
		signal(SIGPIPE, SIG_IGN);
	details(&j, s, phase);
	emit(&j, line, sx_phase_name(phase));
	return 0;
}

static void events_network_changed(struct session *s, void *self, const struct sx_netchange *nc)
{
	char line[EVENTS_LINE_MAX];
	struct json j;

	(void)self;
	if (!begin(&j, line, s, "network_changed", s->phase))
		return;
	json_str(&j, "change", nc->change);
	json_str(&j, "detail", nc->detail);
	json_uint(&j, "delay_ms", nc->delay_ms);
	emit(&j, line, "network_changed");
}

static void events_pushed(struct session *s, void *self)
{
	char line[EVENTS_LINE_MAX];
	struct json j;

	(void)self;
	if (!begin(&j, line, s, "pushed", s->phase))
		return;
	facts_connection(&j, s);
	emit(&j, line, "pushed");
}

const struct sx_observer events_observer = {
	.name = "events",
	.phase = events_phase,
	.network_changed = events_network_changed,
	.pushed = events_pushed,
};
