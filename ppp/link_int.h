// SPDX-License-Identifier: MIT
/* Private to ppp/link.c and ppp/link_auth.c: the pieces of struct ppp_link they share. */
#ifndef SX_PPP_LINK_INT_H
#define SX_PPP_LINK_INT_H

#include "ppp/ppp.h"
#include "ppp/sess.h"

/* The authenticate phase (link_auth.c). */
void link_auth_start(struct ppp_link *l);
int link_auth_input(struct ppp_link *l, uint16_t proto, const uint8_t *info, size_t len);
void link_auth_tick(struct ppp_link *l);
uint64_t link_auth_deadline(const struct ppp_link *l);

#endif
