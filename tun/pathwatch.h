// SPDX-License-Identifier: MIT
/*
 * Watching the path to the server: an I/O-free core that decides, from the kernel's route, link
 * and address notifications, whether the path a connection was made over still holds, and the
 * libnl socket that feeds it (pathwatch_nl.c).
 */
#ifndef SX_TUN_PATHWATCH_H
#define SX_TUN_PATHWATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "ppp/sx.h"

/* The path a connection went over: the routing entry that matched the server, and its use. */
struct pw_path {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t dst[16];		/* the server's address */
	uint8_t prefix[16];		/* the matching route's destination (RTM_F_FIB_MATCH) */
	uint8_t plen;
	uint32_t table;
	uint32_t priority;		/* the route's metric */
	int oif;			/* its output interface */
	uint8_t gateway[16];
	bool has_gateway;
	uint8_t src[16];		/* the connection's local address (getsockname) */
	bool has_src;
};

enum pw_kind {
	PW_ROUTE,
	PW_LINK,
	PW_ADDR,
};

/* One netlink notification, reduced to what the decision needs. */
struct pw_change {
	enum pw_kind kind;
	bool del;			/* RTM_DEL*; a new or changed object otherwise */
	bool replace;			/* route: NLM_F_REPLACE (ip route replace/change) */
	int family;			/* route, address */
	int ifindex;			/* route: its first next hop's; link, address: the interface */
	uint8_t addr[16];		/* route: destination; address: the local address */
	uint8_t plen;			/* route: destination prefix length */
	uint8_t gateway[16];		/* route: first next hop's */
	bool has_gateway;
	uint32_t table;			/* route */
	uint32_t priority;		/* route */
	unsigned flags;			/* link: IFF_UP, IFF_RUNNING, ... */
};

enum pw_verdict {
	PW_FINE,
	PW_ROUTE_CHANGED,	/* another route now takes the server's packets */
	PW_ROUTE_GONE,		/* the route used was deleted */
	PW_LINK_DOWN,		/* the outgoing interface went down, lost its carrier or went away */
	PW_ADDR_GONE,		/* the connection's local address was removed */
};

/* Quiet time after the last relevant change before deciding, and the bound from the first one. */
#define PW_QUIET_MS 100
#define PW_MAX_WAIT_MS 500

struct pw_event {
	enum pw_verdict verdict;	/* the first cause seen */
	struct pw_change cause;		/* the change that showed it */
	uint64_t first_ms;		/* when it was seen */
	unsigned changes;		/* relevant changes in the burst */
};

struct pathwatch {
	struct pw_path path;
	int ignore_ifindex;		/* our own device (0: none): its changes are ours */
	struct pw_event pending;	/* verdict PW_FINE: nothing pending */
	uint64_t last_ms;
	bool ready;			/* the burst is over: pathwatch_pop_event has it */
	bool reported;			/* said once; the watch is then quiet */
};

void pathwatch_init(struct pathwatch *pw, const struct pw_path *path);
/* Changes on ifindex are ours (the tunnel device, its routes and addresses) and never count. */
void pathwatch_ignore_ifindex(struct pathwatch *pw, int ifindex);
/* What one change means for the path, alone (no debounce). */
enum pw_verdict pathwatch_classify(const struct pathwatch *pw, const struct pw_change *c);
/* Takes one change at `now`: a relevant one starts (or extends) a burst. Borrowed. */
void pathwatch_input(struct pathwatch *pw, const struct pw_change *c, uint64_t now);
/* Ends a burst once PW_QUIET_MS passed since its last change, or PW_MAX_WAIT_MS since its first. */
void pathwatch_tick(struct pathwatch *pw, uint64_t now);
uint64_t pathwatch_next_deadline(const struct pathwatch *pw);
/* The decision, once per watch: true with ev filled when the path is gone or changed. */
bool pathwatch_pop_event(struct pathwatch *pw, struct pw_event *ev);
/* "route changed", "route gone", "link down", "address gone" ("fine"). */
const char *pathwatch_verdict_str(enum pw_verdict v);
/* A one-line description of a change for the log ("route 0.0.0.0/0 via 10.0.0.1 ifindex 2 replaced"). */
void pathwatch_change_str(const struct pw_change *c, char *buf, size_t cap);

/*
 * The libnl side (pathwatch_nl.c): a route socket in the caller's network namespace.
 * pathwatch_nl_open looks up the path to `server` from the connection `sock` (the FIB entry that
 * matches it and the socket's local address), then joins RTNLGRP_LINK, IPV4_IFADDR, IPV6_IFADDR,
 * IPV4_ROUTE and IPV6_ROUTE; the socket is non-blocking for the caller's loop.
 * pathwatch_nl_read drains what is queued into pw (0, or -errno; a receive-buffer overflow is
 * logged and skipped: the changes lost cannot be told apart).
 */
struct pw_nl;
int pathwatch_nl_open(struct pw_nl **out, const struct sx_log *log, int sock, struct pw_path *path);
int pathwatch_nl_fd(const struct pw_nl *n);
int pathwatch_nl_read(struct pw_nl *n, struct pathwatch *pw, uint64_t now);
void pathwatch_nl_close(struct pw_nl *n);

#endif
