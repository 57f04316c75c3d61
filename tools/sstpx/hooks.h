// SPDX-License-Identifier: MIT
/*
 * The points of a session's life that its observers follow: --events json and the status socket
 * (events.c, status.c), systemd readiness (notify.c), the vpnc-script hook (script.c) and
 * --setuid (privdrop.c). connect.c, run.c and netup.c call hooks_phase; hooks.c hands each phase
 * to every observer in a fixed order. Observers never end the session themselves: a failure they
 * cannot live with goes through session_local_fail.
 */
#ifndef SSTPX_HOOKS_H
#define SSTPX_HOOKS_H

#include "loop.h"

struct session;

enum sx_phase {
	SX_PHASE_START,		/* options read, nothing done yet (vpnc-script pre-init) */
	SX_PHASE_RESOLVING,
	SX_PHASE_TCP,
	SX_PHASE_TLS,
	SX_PHASE_HTTP,
	SX_PHASE_SSTP,		/* HTTP accepted: the SSTP call is being negotiated */
	SX_PHASE_PPP,		/* Call Connect Ack: LCP and authentication */
	SX_PHASE_AUTHENTICATED,
	SX_PHASE_CONNECTED,	/* IPCP opened and the interface configured */
	SX_PHASE_DISCONNECTING,	/* an orderly close started (s->reason says why) */
	SX_PHASE_DISCONNECTED,	/* this attempt is over: s->reason, s->exit_code */
	SX_PHASE_RECONNECTING,	/* waiting s->backoff_ms before attempt s->attempt */
	SX_PHASE_EXIT,		/* the process ends with s->exit_code */
};

const char *sx_phase_name(enum sx_phase phase);

/* Observers' set-up (status socket, event stream) and their release; 0 or an exit code. */
int hooks_init(struct session *s);
void hooks_free(struct session *s);
void hooks_phase(struct session *s, enum sx_phase phase);
/* After each loop_wait: descriptors the observers asked the loop to watch (the status socket). */
void hooks_ready(struct session *s, const struct loop_ready *r);

/* Each observer's entry points (one file each). */
int events_init(struct session *s);
void events_phase(struct session *s, enum sx_phase phase);
int status_init(struct session *s);
void status_free(struct session *s);
void status_phase(struct session *s, enum sx_phase phase);
void status_ready(struct session *s, const struct loop_ready *r);
/* SIGUSR1: the status, as `sstpx status` shows it, to the log. */
void status_log(struct session *s);
void notify_phase(struct session *s, enum sx_phase phase);
void script_phase(struct session *s, enum sx_phase phase);
void privdrop_phase(struct session *s, enum sx_phase phase);

#endif
