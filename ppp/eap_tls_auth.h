// SPDX-License-Identifier: MIT
/*
 * EAP-TLS (RFC 5216, RFC 9190) in the authenticator role, for the strict test server: Start, the
 * server's TLS flights cut into fragments and the peer's reassembled, ACKs both ways, a client
 * certificate that must verify (the engine's server role), the MSK, and fault knobs. ppp/eap_auth.c
 * owns the EAP header, Identifiers, retransmission and Success/Failure; this sees Type-Data only.
 * Ownership: the engine is borrowed for the object's lifetime; input is borrowed; keys are zeroed
 * by eap_tls_auth_destroy.
 */
#ifndef SX_PPP_EAP_TLS_AUTH_H
#define SX_PPP_EAP_TLS_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/eap_frag.h"
#include "ppp/eap_tls.h"
#include "ppp/eap_tls_engine.h"
#include "ppp/sx.h"

enum eap_tls_auth_fault {
	EAP_TLS_AUTH_FAULT_NONE,
	EAP_TLS_AUTH_FAULT_BAD_RECORD,	/* the first server flight's record type is corrupted */
	EAP_TLS_AUTH_FAULT_FRAG_ORDER,	/* its first two fragments are sent in swapped order */
	EAP_TLS_AUTH_FAULT_FAILURE,	/* EAP Failure after a good handshake (as SoftEther refuses) */
};

enum eap_tls_auth_result {
	EAP_TLS_AUTH_PENDING,
	EAP_TLS_AUTH_SUCCESS,
	EAP_TLS_AUTH_FAILURE,
};

struct eap_tls_auth {
	struct eap_tls_engine eng;
	struct sx_log log;
	uint16_t room;
	enum eap_tls_auth_fault fault;
	bool failing;			/* our alert is out: the peer's ACK gets EAP Failure */
	bool swapped;			/* FRAG_ORDER: the held first fragment still to send */
	enum eap_tls_auth_result result;
	enum sx_reason reason;
	char why[EAP_TLS_WHY_MAX];
	uint16_t version;
	uint8_t keys[128];		/* MSK | EMSK */
	uint16_t held_len;
	uint8_t held[EAP_TLS_ROOM];	/* FRAG_ORDER: the first fragment */
	struct eap_frag_rx rx;
	struct eap_frag_tx tx;
	uint8_t rxbuf[EAP_TLS_MSG_MAX];
	uint8_t txbuf[EAP_TLS_MSG_MAX];
};

/* room: Type-Data octets per Request (0: EAP_TLS_ROOM). */
void eap_tls_auth_init(struct eap_tls_auth *t, const struct eap_tls_engine *eng,
		       const struct sx_log *log, uint16_t room, enum eap_tls_auth_fault fault);
/* Starts the engine and writes the Start's Type-Data (Flags S) into out; returns its length. */
long eap_tls_auth_start(struct eap_tls_auth *t, uint8_t *out, size_t cap);
/*
 * The Type-Data of the peer's EAP-TLS Response (borrowed). Returns the next Request's Type-Data
 * length (> 0, written into out), 0 when the method ended (eap_tls_auth_result says how), or
 * -EBADMSG / -EPROTO / -ENOMEM / -EMSGSIZE.
 */
long eap_tls_auth_input(struct eap_tls_auth *t, const uint8_t *d, size_t len, uint8_t *out,
			size_t cap);
enum eap_tls_auth_result eap_tls_auth_result(const struct eap_tls_auth *t, enum sx_reason *reason,
					     const char **why);
/* The MSK (64 octets) after success; -EPROTO before. */
int eap_tls_auth_msk(const struct eap_tls_auth *t, uint8_t msk[static 64]);
void eap_tls_auth_destroy(struct eap_tls_auth *t);

#endif
