// SPDX-License-Identifier: MIT
/* The system side of a session: TUN device, address, MTU, routes and DNS, undone on every exit. */
#ifndef SSTPX_NETUP_H
#define SSTPX_NETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "ppp/ppp.h"

struct session;

/*
 * IPCP opened: create and configure the interface, tell the observers, then print "connected in
 * N ms". 0, or the exit code that ends the session (said why already; the caller ends it).
 */
int netup_ipv4(struct session *s, const struct ppp_event *ev);
/*
 * On a split tunnel, the DHCPINFORM (pushed.c) while s->dhcp_wait: this sends what is due and,
 * once it is answered or its deadline passed, applies the pushed routes, DNS and domains. After
 * CONNECTED (the usual case) the DNS changes only if what it is made of did, and the observers'
 * `pushed` is called; when CONNECTED waited (pushed_before_connected) it goes on as netup_ipv4
 * would. 0 or an exit code; *busy set when it did something.
 */
int netup_dhcp_pump(struct session *s, uint64_t now, bool *busy);
/* IPv6CP opened: the link-local address from the interface identifiers. 0 or an exit code. */
int netup_ipv6(struct session *s, const struct ppp_event *ev);
/* The server's router advertisement brought other DNS servers: apply the whole list again, if
 * DNS was applied already (else it is applied with them). 0 or an exit code. */
int netup_dns_refresh(struct session *s);
/* The observers' device_down, then the undo journal is replayed and the interface removed. Safe
 * to call when nothing was set up. */
void netup_down(struct session *s);

#endif
