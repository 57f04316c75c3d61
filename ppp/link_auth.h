// SPDX-License-Identifier: MIT
/*
 * The client's authenticate phase (ppp/link_auth.c, RFC 1661 3.5): MS-CHAPv2, EAP or PAP as LCP agreed,
 * with a time limit, over the session below it. Used by ppp/link.c only.
 */
#ifndef SX_PPP_LINK_AUTH_H
#define SX_PPP_LINK_AUTH_H

#include "ppp/chap.h"
#include "ppp/eap.h"
#include "ppp/eap_peap.h"
#include "ppp/pap.h"
#include "ppp/sess.h"

struct ppp_link_auth {
	struct chap chap;
	struct pap pap;
	struct eap eap;
	struct eap_peap peap;		/* PEAP's state, run by eap through eap_peap_method */
	bool have_pap;			/* PAP allowed (and its state set up) */
	bool have_eap;			/* EAP allowed (and its state set up) */
	bool allow_no_auth;		/* a server that asks for no authentication is accepted */
	uint32_t timeout_ms;
	uint64_t deadline;		/* 0 = none */
};

/* LCP opened: start what LCP agreed (or refuse a server that asked for none). */
void link_auth_start(struct ppp_link_auth *a, struct ppp_sess *s);
/* A CHAP, EAP or PAP frame's information field (borrowed). Returns 0, -EBADMSG or -EPROTO. */
int link_auth_input(struct ppp_link_auth *a, struct ppp_sess *s, uint16_t proto,
		    const uint8_t *info, size_t len);
void link_auth_tick(struct ppp_link_auth *a, struct ppp_sess *s);
uint64_t link_auth_deadline(const struct ppp_link_auth *a, const struct ppp_sess *s);

#endif
