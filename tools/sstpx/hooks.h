// SPDX-License-Identifier: MIT
/*
 * The points of a session's life that its observers follow (--events json, the status socket,
 * systemd readiness, the vpnc-script hook, --setuid: see observers.h). Each observer is one table
 * of callbacks that connect.c registers with the session; hooks.c hands every phase to them in the
 * order of registration and knows none of them by name. An observer never ends the session itself:
 * a failure it cannot live with is its callback's return value (an exit code), and the caller
 * ends the session with it (run.c's session_enter).
 */
#ifndef SSTPX_HOOKS_H
#define SSTPX_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loop.h"

struct opts;
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

/* The path to the server changed (netwatch.c): what, the change that showed it, and when. */
struct sx_netchange {
	const char *change;	/* "route changed", "route gone", "link down", "address gone" */
	const char *detail;	/* the first change seen, one line */
	uint64_t delay_ms;	/* from that change to the decision (the burst's quiet time) */
};

/*
 * An observer. Every callback may be NULL. `self` is the observer's own object: self_size zeroed
 * bytes that hooks_add allocates and hooks_free releases after `free` (NULL when self_size is 0).
 * init and phase return 0 or an exit code (exit.h); after a failure the later observers are not
 * told of that phase (nobody hears "connected" when the connect script failed). Only the
 * CONNECTED phase may fail: before it there is no session to end, after it the end is under way.
 */
struct sx_observer {
	const char *name;
	size_t self_size;
	/* NULL: always registered; else registered only when it returns true for the options (an
	 * observer with nothing to do then costs neither its object nor its calls). */
	bool (*wanted)(const struct opts *o);
	/* Once per process, after the loop exists (the START phase comes before it). */
	int (*init)(struct session *s, void *self);
	void (*free)(struct session *s, void *self);
	int (*phase)(struct session *s, void *self, enum sx_phase phase);
	/* After each loop_wait: descriptors the observer asked the loop to watch. */
	void (*ready)(struct session *s, void *self, const struct loop_ready *r);
	/* The TUN device is about to be removed (its routes and addresses still exist). */
	void (*device_down)(struct session *s, void *self);
	/* The path to the server changed: the session is about to reconnect (netwatch.c). */
	void (*network_changed)(struct session *s, void *self, const struct sx_netchange *nc);
	/*
	 * After CONNECTED, the DHCPINFORM was answered (its routes and domains are applied) or its
	 * deadline passed (pushed.c): s->have_pushed says which. Not called when CONNECTED waited
	 * for it (pushed_before_connected): CONNECTED's facts hold it then.
	 */
	void (*pushed)(struct session *s, void *self);
};

#define HOOKS_MAX 8

struct hooks {
	unsigned n;
	struct {
		const struct sx_observer *ops;
		void *self;
	} obs[HOOKS_MAX];
};

/* 0, -ENOBUFS (more than HOOKS_MAX) or -ENOMEM. */
int hooks_add(struct hooks *h, const struct sx_observer *ops);
/* 0 or the exit code of the first observer whose init failed. */
int hooks_init(struct hooks *h, struct session *s);
/* Every observer's free, then their objects; the registry is empty after it. */
void hooks_free(struct hooks *h, struct session *s);
/* 0 or the exit code of the observer that failed (the later ones are not told). */
int hooks_phase(struct hooks *h, struct session *s, enum sx_phase phase);
void hooks_ready(struct hooks *h, struct session *s, const struct loop_ready *r);
void hooks_device_down(struct hooks *h, struct session *s);
void hooks_network_changed(struct hooks *h, struct session *s, const struct sx_netchange *nc);
void hooks_pushed(struct hooks *h, struct session *s);

#endif
