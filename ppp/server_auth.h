// SPDX-License-Identifier: MIT
/*
 * The server's authenticate phase (ppp/server_auth.c, RFC 1661 3.5): MS-CHAPv2, EAP-MSCHAPv2 or
 * PAP as the authenticator, or none, over the session below it. Used by ppp/server.c only.
 */
#ifndef SX_PPP_SERVER_AUTH_H
#define SX_PPP_SERVER_AUTH_H

#include "ppp/chap_auth.h"
#include "ppp/eap_auth.h"
#include "ppp/pap_auth.h"
#include "ppp/sess.h"

/* The authentication part of struct ppp_srv_cfg (see there). */
struct ppp_srv_auth_cfg {
	const char *name;
	bool pap;
	bool eap;
	bool no_auth;
	chap_auth_lookup_fn *chap_lookup;
	pap_auth_lookup_fn *pap_lookup;
	void *lookup_ctx;
	enum chap_auth_fault chap_fault;
	int chap_fail_code;
	enum pap_auth_fault pap_fault;
	enum eap_auth_fault eap_fault;
	bool peap;			/* PEAPv0 instead of EAP-MSCHAPv2 (needs eap) */
	struct eap_tls_engine peap_tls;
	enum eap_peap_auth_fault peap_fault;
	struct eap_tls_engine eap_tls;
	enum eap_tls_auth_fault eap_tls_fault;
	uint16_t eap_tls_room;
};

struct ppp_srv_auth {
	struct chap_auth chap;
	struct pap_auth pap;
	struct eap_auth eap;
	uint16_t proto;			/* PPP_CHAP, PPP_PAP, PPP_EAP; 0 = no authenticate phase */
	bool pap_mode;			/* PAP instead of MS-CHAPv2 */
	bool no_auth;			/* no authenticate phase */
	char user[CHAP_USER_MAX + 1];	/* the authenticated peer name */
};

int srv_auth_init(struct ppp_srv_auth *a, struct ppp_sess *s, const struct ppp_srv_auth_cfg *cfg);
void srv_auth_start(struct ppp_srv_auth *a, struct ppp_sess *s);
/* A CHAP, EAP or PAP frame's information field (borrowed). Returns 0, -EBADMSG or -EPROTO. */
int srv_auth_input(struct ppp_srv_auth *a, struct ppp_sess *s, uint16_t proto,
		   const uint8_t *info, size_t len);
void srv_auth_tick(struct ppp_srv_auth *a, struct ppp_sess *s);
uint64_t srv_auth_deadline(const struct ppp_srv_auth *a, const struct ppp_sess *s);
/* Zeroes the secrets of every protocol. */
void srv_auth_destroy(struct ppp_srv_auth *a);

#endif
