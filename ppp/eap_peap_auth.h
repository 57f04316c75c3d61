// SPDX-License-Identifier: MIT
/*
 * PEAPv0 in the authenticator role, strict like NPS, for the test server (MS-PEAP 3.3): the Start,
 * TLS phase 1 through the injected engine (server role) in fragments, then inside the tunnel the
 * compressed inner Identity and EAP-MSCHAPv2 from ppp/chap_auth.c, then the EAP TLV Extensions
 * Method: our Result and Crypto Binding TLVs, and the peer's checked (its Compound MAC over the
 * compound keys of auth/peap.c). The HLAK it expects in Call Connected is the CSK's first 32
 * octets. Fault knobs make it misbehave. The outer EAP (ppp/eap_auth.c) owns Identifiers,
 * retransmission and the final EAP Success or Failure.
 * Ownership: the ppp_ctx and the engine are borrowed for the object's lifetime; the cfg is copied
 * as chap_auth copies its own; packets are borrowed. Keys are zeroed by eap_peap_auth_destroy.
 */
#ifndef SX_PPP_EAP_PEAP_AUTH_H
#define SX_PPP_EAP_PEAP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/chap_auth.h"
#include "ppp/eap.h"
#include "ppp/eap_frag.h"
#include "ppp/eap_tls_engine.h"

enum eap_peap_auth_fault {
	EAP_PEAP_AUTH_FAULT_NONE,
	EAP_PEAP_AUTH_FAULT_BAD_BINDING,	/* our Crypto Binding TLV carries a wrong Compound MAC */
	EAP_PEAP_AUTH_FAULT_RESULT_FAILURE,	/* Result TLV failure after a good inner method */
	EAP_PEAP_AUTH_FAULT_SOH,		/* an SoH request before the inner method */
	EAP_PEAP_AUTH_FAULT_BAD_RECORD,		/* the first phase-2 record is corrupted */
};

struct eap_peap_auth_cfg {
	struct eap_tls_engine tls;	/* server role */
	struct chap_auth_cfg chap;	/* the inner MS-CHAPv2 authenticator and its own faults */
	enum eap_peap_auth_fault fault;
};

enum eap_peap_auth_state {
	EAP_PEAP_AUTH_START,		/* Start sent: waiting for the ClientHello */
	EAP_PEAP_AUTH_HANDSHAKE,
	EAP_PEAP_AUTH_TUNNEL,		/* our last flight sent: waiting for the peer's empty reply */
	EAP_PEAP_AUTH_IDENTITY,		/* inner Identity Request sent */
	EAP_PEAP_AUTH_SOH,		/* SoH request sent (fault) */
	EAP_PEAP_AUTH_CHALLENGE,	/* MS-CHAPv2 Challenge sent */
	EAP_PEAP_AUTH_ANSWERED,		/* MS-CHAPv2 Success- or Failure-Request sent */
	EAP_PEAP_AUTH_TLV,		/* our Result (+ Crypto Binding) sent */
	EAP_PEAP_AUTH_DONE,
};

#define EAP_PEAP_AUTH_MSG_MAX 16384
#define EAP_PEAP_AUTH_OUT_MAX 16384

struct eap_peap_auth {
	struct ppp_ctx *ctx;
	struct eap_tls_engine tls;
	struct ppp_ctx inner_ctx;	/* chap_auth's packets land here */
	struct chap_auth chap;
	enum eap_peap_auth_fault fault;
	enum eap_peap_auth_state state;
	struct eap_outcome out;
	char identity[EAP_IDENTITY_MAX + 1];	/* the inner identity */
	bool tls_started;
	bool sent_failure;		/* our Result TLV said failure */
	uint8_t key_material[128];
	uint8_t ipmk[40];
	uint8_t cmk[20];
	uint8_t csk[64];
	struct eap_frag_rx rx;
	struct eap_frag_tx tx;
	uint8_t rx_buf[EAP_PEAP_AUTH_MSG_MAX];
	uint8_t tx_buf[EAP_PEAP_AUTH_OUT_MAX];
};

/* Returns 0, or -EINVAL (no engine, or a cfg chap_auth_init refuses). */
int eap_peap_auth_init(struct eap_peap_auth *a, struct ppp_ctx *ctx,
		       const struct eap_peap_auth_cfg *cfg);
/* Begins the TLS session; the Start's Type-Data (one Flags octet) goes into out. 1 or -ENOMEM. */
int eap_peap_auth_start(struct eap_peap_auth *a, uint8_t *out, size_t cap);
/*
 * One PEAP Response's Type-Data (borrowed). The next Request's Type-Data goes into out (at most
 * cap); *out_len 0 when the method is over (eap_peap_auth_result says how). 0, -EBADMSG (ignored),
 * -EPROTO (ignored) or -ENOMEM / -EMSGSIZE.
 */
int eap_peap_auth_input(struct eap_peap_auth *a, const uint8_t *d, size_t len, uint8_t *out,
			size_t cap, size_t *out_len, uint64_t now);
enum eap_result eap_peap_auth_result(const struct eap_peap_auth *a);
enum sx_reason eap_peap_auth_reason(const struct eap_peap_auth *a);
const char *eap_peap_auth_message(const struct eap_peap_auth *a);
/* The user the inner MS-CHAPv2 Response named; "" before. */
const char *eap_peap_auth_user(const struct eap_peap_auth *a);
/* After success: the HLAK the peer must have used, CSK[0..31] (MS-SSTP 3.2.5.2.4). */
int eap_peap_auth_hlak(const struct eap_peap_auth *a, uint8_t hlak[static 32]);
void eap_peap_auth_destroy(struct eap_peap_auth *a);

#endif
