// SPDX-License-Identifier: MIT
/*
 * The observers of a session (hooks.h), one file each; connect.c registers them in this order,
 * which is the order each phase reaches them: the script configures routes and DNS before anyone
 * is told the tunnel is up, privileges are dropped once that is done, readiness and events last.
 */
#ifndef SSTPX_OBSERVERS_H
#define SSTPX_OBSERVERS_H

struct session;
struct sx_observer;

extern const struct sx_observer script_observer;	/* --script (script.c) */
extern const struct sx_observer privdrop_observer;	/* --setuid (privdrop.c) */
extern const struct sx_observer status_observer;	/* the status socket (status.c) */
extern const struct sx_observer notify_observer;	/* systemd readiness (notify.c) */
extern const struct sx_observer events_observer;	/* --events json (events.c) */

/* SIGUSR1: the status, as `sstpx status` shows it, to the log (status.c). */
void status_log(struct session *s);

#endif
