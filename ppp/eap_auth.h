// SPDX-License-Identifier: MIT
/*
 * EAP (RFC 3748) in the authenticator role, for the strict test server: Identity, then
 * EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2-02) whose MS-CHAPv2 packets come from
 * ppp/chap_auth.c unchanged, then EAP Success or Failure. The authenticator owns the timers: the
 * last Request is resent on a deadline with the same Identifier. Fault knobs make it misbehave.
 * Ownership: the ppp_ctx is borrowed for the object's lifetime; the cfg is copied as chap_auth
 * copies its own; packets passed in are borrowed. Keys are zeroed by eap_auth_destroy.
 */
#ifndef SX_PPP_EAP_AUTH_H
#define SX_PPP_EAP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/chap_auth.h"
#include "ppp/eap.h"
#include "ppp/eap_tls_auth.h"
#include "ppp/eap_peap_auth.h"

#define EAP_AUTH_RESTART_MS 3000
#define EAP_AUTH_MAX_REQUESTS 10	/* sends of one Request before giving up */

enum eap_auth_fault {
	EAP_AUTH_FAULT_NONE,
	EAP_AUTH_FAULT_EARLY_SUCCESS,	/* EAP Success right after the Identity: proves nothing */
	EAP_AUTH_FAULT_FAILURE,		/* EAP Failure right after the Identity */
	EAP_AUTH_FAULT_INSIST_TLS,	/* asks for EAP-TLS only; a Nak gets EAP Failure */
};

struct eap_auth_cfg {
	struct chap_auth_cfg chap;	/* the inner MS-CHAPv2 authenticator and its own faults */
	uint8_t id;			/* the Identity Request's Identifier */
	uint32_t restart_ms;		/* 0 = EAP_AUTH_RESTART_MS */
	unsigned max_requests;		/* 0 = EAP_AUTH_MAX_REQUESTS */
	enum eap_auth_fault fault;
	/* EAP-TLS instead of EAP-MSCHAPv2 when tls.ops is set (borrowed; its server role). */
	struct eap_tls_engine tls;
	uint16_t tls_room;		/* Type-Data per EAP-TLS Request; 0: EAP_TLS_ROOM */
	enum eap_tls_auth_fault tls_fault;
	bool peap;			/* PEAPv0 with EAP-MSCHAPv2 inside instead of EAP-MSCHAPv2 */
	struct eap_tls_engine peap_tls;	/* PEAP's TLS (server role; borrowed) */
	enum eap_peap_auth_fault peap_fault;
};

enum eap_auth_state {
	EAP_AUTH_IDENTITY,		/* Identity Request out */
	EAP_AUTH_METHOD,		/* EAP-MSCHAPv2 Challenge out */
	EAP_AUTH_ANSWERED,		/* MS-CHAPv2 Success- or Failure-Request out */
	EAP_AUTH_INSISTING,		/* EAP-TLS Start out (fault) */
	EAP_AUTH_PEAP,			/* a PEAP Request out */
	EAP_AUTH_DONE,
};

struct eap_auth {
	struct ppp_ctx *ctx;
	struct ppp_ctx inner;		/* chap_auth's packets land here before they are wrapped */
	struct chap_auth chap;
	struct eap_tls_auth tls;	/* the EAP-TLS method when use_tls */
	bool use_tls;
	bool use_peap;
	struct eap_peap_auth peap;
	enum eap_auth_fault fault;
	enum eap_auth_state state;
	uint8_t id;			/* the outstanding Request's Identifier */
	uint32_t restart_ms;
	unsigned max_requests;
	unsigned sent;			/* sends of the outstanding Request */
	uint64_t deadline;		/* its next retransmission; 0 = none */
	uint16_t last_len;
	uint8_t last[EAP_LAST_MAX];	/* the outstanding Request, for retransmission */
	char identity[EAP_IDENTITY_MAX + 1];
	struct eap_outcome out;
};

/* Returns 0, or -EINVAL for a cfg chap_auth_init refuses. */
int eap_auth_init(struct eap_auth *a, struct ppp_ctx *ctx, const struct eap_auth_cfg *cfg);
/* Sends the Identity Request and arms its deadline. Returns 0 or -ENOBUFS / -EMSGSIZE. */
int eap_auth_start(struct eap_auth *a, uint64_t now);
/*
 * One EAP packet from the peer (information field of a PPP_EAP frame, borrowed). Returns 0;
 * -EBADMSG (malformed, ignored); -EPROTO (not a Response to the outstanding Request, ignored); or
 * -ENOBUFS / errors from auth/ when a Request could not be built.
 */
int eap_auth_input(struct eap_auth *a, const uint8_t *info, size_t len, uint64_t now);
/* Resends the outstanding Request at its deadline; after max_requests, fails PEER_SILENT. */
void eap_auth_tick(struct eap_auth *a, uint64_t now);
uint64_t eap_auth_next_deadline(const struct eap_auth *a);

enum eap_result eap_auth_result(const struct eap_auth *a);
/* The identity the peer sent; "" before. */
const char *eap_auth_identity(const struct eap_auth *a);
/* The user the MS-CHAPv2 Response named; "" before. */
const char *eap_auth_user(const struct eap_auth *a);
/* After success: the SSTP HLAK, the first 32 octets of the peer's MSK (MS-SSTP 3.2.5.2.4). */
int eap_auth_hlak(const struct eap_auth *a, uint8_t hlak[static 32]);
enum sx_reason eap_auth_reason(const struct eap_auth *a);
const char *eap_auth_message(const struct eap_auth *a);

void eap_auth_destroy(struct eap_auth *a);

#endif
