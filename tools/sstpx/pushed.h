// SPDX-License-Identifier: MIT
/* Routes and DNS domains the server pushes with DHCPINFORM on a split tunnel (pushed.c). */
#ifndef SSTPX_PUSHED_H
#define SSTPX_PUSHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tun/dhcp.h"
#include "tun/tun.h"

struct session;

/* --no-default-route without --no-dhcp-inform. */
bool pushed_wanted(const struct session *s);
/*
 * Whether CONNECTED waits for the answer (or its deadline): with --script, whose one "connect"
 * run carries the pushed routes and domains, and with --setuid, after which DNS cannot change.
 * Otherwise the tunnel comes up at once and what is pushed is applied when it comes.
 */
bool pushed_before_connected(const struct session *s);
/* What the DHCPINFORM came to: NULL (none asked), "waiting", "answered" or "no answer". */
const char *pushed_state(const struct session *s);
/* Starts the DHCPINFORM exchange (s->dhcp, s->dhcp_wait) for IPCP's address. */
void pushed_start(struct session *s);
/* An IPv4 packet from the tunnel: true when it was our ACK (not for the TUN device). */
bool pushed_input(struct session *s, const uint8_t *ip, size_t len, uint64_t now);
/* Queues the INFORMs that are due; true if one was. */
bool pushed_flush(struct session *s, uint64_t now);
/* The ACK came: s->pushed gets it, its routes are added (not with --script), refused ones
 * dropped with a warning (a default route, or one covering the address sstpx connects to). */
void pushed_take(struct session *s);
/* The tunnel's DNS servers (host order): IPCP's, else the ACK's (whatever --no-dns says). */
size_t pushed_dns_servers(const struct session *s, uint32_t out[static DHCP_DNS_MAX]);
/* The DNS domains: the server's domain and search list, then --dns-domain (routing only). */
size_t pushed_dns_domains(const struct session *s, struct dns_domain *out, size_t cap);

#endif
