// SPDX-License-Identifier: MIT
/* --background and --pid-file: detaching once the tunnel is up, and the pid file's life. */
#ifndef SSTPX_DAEMON_H
#define SSTPX_DAEMON_H

#include <stdbool.h>

struct session;

/*
 * --pid-file: refuses (SX_EXIT_USAGE, after saying why) when FILE names a live sstpx; 0 when it
 * is absent, stale or names another program. Call before daemon_fork.
 */
int daemon_pidfile_check(const char *path);
/*
 * --background: forks. In the parent, returns true with *exit_code set once the child is
 * connected (0) or has failed before that (its exit code); the parent then only cleans up and
 * returns it. In the child (and without --background) returns false: the child has its own
 * session (setsid) and keeps the terminal's stderr until daemon_connected. SIGINT/SIGTERM/SIGHUP
 * given to the waiting parent are passed on to the child.
 */
bool daemon_fork(struct session *s, int *exit_code);
/* --pid-file: writes getpid() to the file atomically (0644). 0 or SX_EXIT_SYSTEM. */
int daemon_pidfile_write(struct session *s);
/* CONNECTED: tells the waiting parent (once) and moves stdin/stdout/stderr to /dev/null. */
void daemon_connected(struct session *s);
/* The process ends with `code`: the waiting parent gets it; the pid file (if ours) goes. */
void daemon_exit(struct session *s, int code);

#endif
