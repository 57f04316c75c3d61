// SPDX-License-Identifier: MIT
/* Private to ppp/server.c and ppp/server_auth.c: the pieces of struct ppp_srv they share. */
#ifndef SX_PPP_SERVER_INT_H
#define SX_PPP_SERVER_INT_H

#include "ppp/server.h"
#include "ppp/sess.h"

/* The authenticate phase (server_auth.c). */
int srv_auth_init(struct ppp_srv *s, const struct ppp_srv_cfg *cfg);
void srv_auth_start(struct ppp_srv *s);
int srv_auth_input(struct ppp_srv *s, uint16_t proto, const uint8_t *info, size_t len);
void srv_auth_tick(struct ppp_srv *s);
uint64_t srv_auth_deadline(const struct ppp_srv *s);

#endif
