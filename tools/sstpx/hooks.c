// SPDX-License-Identifier: MIT
/* Hands each phase of a session to its observers, in the order the phase needs. */
#include "hooks.h"
#include "log.h"
#include "session.h"

const char *sx_phase_name(enum sx_phase phase)
{
	switch (phase) {
	case SX_PHASE_START: return "start";
	case SX_PHASE_RESOLVING: return "resolving";
	case SX_PHASE_TCP: return "tcp";
	case SX_PHASE_TLS: return "tls";
	case SX_PHASE_HTTP: return "http";
	case SX_PHASE_SSTP: return "sstp";
	case SX_PHASE_PPP: return "ppp";
	case SX_PHASE_AUTHENTICATED: return "authenticated";
	case SX_PHASE_CONNECTED: return "connected";
	case SX_PHASE_DISCONNECTING: return "disconnecting";
	case SX_PHASE_DISCONNECTED: return "disconnected";
	case SX_PHASE_RECONNECTING: return "reconnecting";
	case SX_PHASE_EXIT: return "exit";
	}
	return "?";
}

int hooks_init(struct session *s)
{
	int ret = events_init(s);

	return ret ? ret : status_init(s);
}

void hooks_free(struct session *s)
{
	status_free(s);
}

void hooks_phase(struct session *s, enum sx_phase phase)
{
	s->phase = phase;
	log_debug("phase: %s", sx_phase_name(phase));
	/*
	 * The script configures routes and DNS before anyone is told the tunnel is up; privileges
	 * are dropped once that is done; readiness and events come last.
	 */
	script_phase(s, phase);
	/* A failed connect script has already started the close: nobody is told "connected". */
	if (phase == SX_PHASE_CONNECTED && s->closing)
		return;
	privdrop_phase(s, phase);	/* acts at CONNECTED (drop) and EXIT (the root helper undoes) */
	status_phase(s, phase);
	notify_phase(s, phase);
	events_phase(s, phase);
}

void hooks_ready(struct session *s, const struct loop_ready *r)
{
	status_ready(s, r);
}
