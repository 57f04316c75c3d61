// SPDX-License-Identifier: MIT
/* The system side of a session: TUN device, address, MTU, routes and DNS, undone on every exit. */
#ifndef SSTPX_NETUP_H
#define SSTPX_NETUP_H

#include "ppp/ppp.h"

struct session;

/* IPCP opened: create and configure the interface, then print "connected in N ms". */
void netup_ipv4(struct session *s, const struct ppp_event *ev);
/* IPv6CP opened: the link-local address from the interface identifiers. */
void netup_ipv6(struct session *s, const struct ppp_event *ev);
/* Replays the undo journal and removes the interface. Safe to call when nothing was set up. */
void netup_down(struct session *s);

#endif
