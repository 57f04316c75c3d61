// SPDX-License-Identifier: MIT
/*
 * IPv6 beyond the link-local address: the server's router advertisements (tun/ra.h) read off the
 * data path, the global addresses built from their prefixes with the IPv6CP interface identifier
 * (SLAAC, RFC 4862 5.5.3), the IPv6 default route of a full tunnel and the RDNSS servers, all
 * through the undo journal. sstpx does this itself instead of the kernel: see sstpx(1), IPv6.
 */
#ifndef SSTPX_SLAAC_H
#define SSTPX_SLAAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct session;

/* A new attempt: nothing seen or applied yet. */
void slaac_reset(struct session *s);
/*
 * An IPv6 packet from the server (borrowed). *consumed: it was a router advertisement (valid or
 * not), not to be written to TUN. Returns 0 or the exit code that ends the session.
 */
int slaac_input(struct session *s, const uint8_t *pkt, size_t len, bool *consumed);
/* The interface has its link-local address: apply an advertisement seen already, or solicit one
 * (RFC 4861 6.3.7, once). 0 or an exit code. */
int slaac_link_ready(struct session *s);

#endif
