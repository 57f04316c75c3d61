// SPDX-License-Identifier: MIT
/*
 * The TUN device across attempts (keep.c): kept while reconnecting, updated with what a new
 * connection changes, locked down from the start with --lockdown, blocking IPv6 for a full tunnel
 * that carries none. Exit codes (exit.h) are returned after saying why; 0 otherwise.
 */
#ifndef SSTPX_KEEP_H
#define SSTPX_KEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "ppp/ppp.h"

struct session;

/* The session's device, created once per process (not configured). */
int keep_device_open(struct session *s);
/* Before the first attempt: answers kept for later attempts; with --lockdown, the device, the
 * exemptions (the server's and proxy's addresses resolved now, --lockdown-allow) and the lock. */
int keep_lockdown_start(struct session *s);
/* Before connecting to sa: exempt under lockdown and, with a kept device, a host route. -errno. */
int keep_prepare_addr(struct session *s, const struct sockaddr *sa);
void keep_note_exempt(struct session *s, const struct sockaddr *sa);
/* The attempt is over: true when the device is kept (and it says so); else the caller removes it. */
bool keep_attempt_end(struct session *s);
/* Reads and drops what the device holds while no tunnel carries it (s->dropped counts). */
void keep_drop(struct session *s);
/* After dns_apply: its journal entries from index `before`, to be replaced on a new connection. */
void keep_dns_mark(struct session *s, size_t before);
typedef int keep_dns_fn(struct session *s);
/* A new connection on the kept device: MTU, address and DNS replaced where they changed (the DNS
 * only with apply_dns: NULL leaves it to the DHCPINFORM answer). */
int keep_update(struct session *s, const struct ppp_ip_info *ip, unsigned mtu,
		keep_dns_fn *apply_dns);
/* The DNS entries of the previous connection undone (a kept device, before new ones). */
int keep_dns_revert(struct session *s);
/* After DHCPINFORM: pushed routes of the previous connection that the server no longer pushes go. */
void keep_pushed_settle(struct session *s);
/* A full tunnel: IPv6 with nowhere to go but the default route outside it is unreachable. */
int keep_block_ipv6(struct session *s);

#endif
