// SPDX-License-Identifier: MIT
/*
 * EAP-TLS (type 13; RFC 5216, and RFC 9190 when TLS 1.3 is negotiated) in the peer role: the
 * server's Start, TLS flights cut and reassembled by ppp/eap_frag.h, fragment ACKs both ways, and
 * the MSK/EMSK from the injected TLS engine's key export. ppp/eap.c owns the EAP header, the
 * Identifiers and Success/Failure; this object sees Type-Data only.
 * Interop (SoftEther 5.01): its fragment ACKs carry no Flags octet (read as 0, eap_frag.c), and it
 * refuses a client certificate only with EAP Failure after a complete handshake, so a finished
 * handshake is not an authentication (eap.c waits for Success).
 * Ownership: the engine is borrowed for the object's lifetime; input is borrowed; the keys are
 * zeroed by eap_tls_peer_destroy, which also stops the engine's session.
 */
#ifndef SX_PPP_EAP_TLS_H
#define SX_PPP_EAP_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/eap_frag.h"
#include "ppp/eap_tls_engine.h"
#include "ppp/sx.h"

#define EAP_TLS_MSG_MAX 16384	/* one TLS flight, either way (a certificate chain fits) */
#define EAP_TLS_ROOM 1000	/* Type-Data octets per Response: EAP MTU 1020 (RFC 3748 3.1) */
#define EAP_TLS_WHY_MAX 200

enum eap_tls_peer_state {
	EAP_TLS_PEER_IDLE,		/* no Start yet */
	EAP_TLS_PEER_HANDSHAKE,
	EAP_TLS_PEER_ESTABLISHED,	/* handshake done, server verified, keys derived */
	EAP_TLS_PEER_FAILED,		/* failure and why say what */
};

struct eap_tls_peer {
	struct eap_tls_engine eng;
	struct sx_log log;
	uint16_t room;
	enum eap_tls_peer_state state;
	uint16_t version;		/* EAP_TLS_V12 / EAP_TLS_V13 once established */
	enum sx_reason failure;
	char why[EAP_TLS_WHY_MAX];
	uint8_t keys[128];		/* MSK | EMSK (RFC 5216 2.3, RFC 9190 2.3) */
	struct eap_frag_rx rx;
	struct eap_frag_tx tx;
	uint8_t rxbuf[EAP_TLS_MSG_MAX];
	uint8_t txbuf[EAP_TLS_MSG_MAX];
};

/* room: Type-Data octets per Response (0: EAP_TLS_ROOM; at least EAP_FRAG_HDR_MAX + 1). */
void eap_tls_peer_init(struct eap_tls_peer *t, const struct eap_tls_engine *eng,
		       const struct sx_log *log, uint16_t room);
/*
 * The Type-Data (after the Type octet) of one EAP-TLS Request, borrowed. Writes the Response's
 * Type-Data into out (cap >= room) and returns its length (> 0). Negative: -EBADMSG (malformed,
 * drop it), -EPROTO (not expected now), -ENOMEM, -EMSGSIZE (a flight larger than
 * EAP_TLS_MSG_MAX). When the state becomes FAILED the Response returned (an alert or an ACK)
 * should still be sent.
 */
long eap_tls_peer_input(struct eap_tls_peer *t, const uint8_t *d, size_t len, uint8_t *out,
			size_t cap);
/* The reason and words for FAILED: SX_REASON_AUTH_SERVER_CERT, _AUTH_FAILED or _PROTOCOL. */
enum sx_reason eap_tls_peer_failure(const struct eap_tls_peer *t, const char **why);
/* The MSK (64 octets) once ESTABLISHED; -EPROTO before. */
int eap_tls_peer_msk(const struct eap_tls_peer *t, uint8_t msk[static 64]);
void eap_tls_peer_destroy(struct eap_tls_peer *t);

#endif
