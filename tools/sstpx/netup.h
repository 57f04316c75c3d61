// SPDX-License-Identifier: MIT
/* The system side of a session: TUN device, address, MTU, routes and DNS, undone on every exit. */
#ifndef SSTPX_NETUP_H
#define SSTPX_NETUP_H

#include "ppp/ppp.h"

struct session;

/*
 * IPCP opened: create and configure the interface, tell the observers, then print "connected in
 * N ms". 0, or the exit code that ends the session (said why already; the caller ends it).
 */
int netup_ipv4(struct session *s, const struct ppp_event *ev);
/* IPv6CP opened: the link-local address from the interface identifiers. 0 or an exit code. */
int netup_ipv6(struct session *s, const struct ppp_event *ev);
/* The observers' device_down, then the undo journal is replayed and the interface removed. Safe
 * to call when nothing was set up. */
void netup_down(struct session *s);

#endif
