// SPDX-License-Identifier: MIT
/*
 * PEAPv0 in the peer role as Windows speaks it (MS-PEAP; EAP type 25): version 0 whatever the
 * server offers, phase 1 = TLS through the injected engine (ppp/eap_tls_engine.h) carried in
 * fragments (ppp/eap_frag.h, with the TLS Message Length on every phase-1 packet), phase 2 = inner
 * EAP packets with the compressed header (MS-PEAP 3.1.5.6) run by a second struct eap (Identity,
 * EAP-MSCHAPv2 through ppp/chap.c: nothing duplicated), the Capabilities and SoH methods answered
 * the way Windows servers accept, then the EAP TLV Extensions Method: the Result TLV and the
 * Crypto Binding TLV checked and answered with the compound keys of auth/peap.c. The MSK is the
 * CSK (MS-PEAP 3.1.5.7), whose first 32 octets are the SSTP HLAK (MS-SSTP 3.2.5.2.4).
 *
 * Ownership: the ppp_ctx and the engine are borrowed for the object's lifetime; packets passed in
 * are borrowed; the user is copied; keys are zeroed by eap_peap_destroy.
 */
#ifndef SX_PPP_EAP_PEAP_H
#define SX_PPP_EAP_PEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "ppp/eap.h"
#include "ppp/eap_frag.h"
#include "ppp/eap_tls_engine.h"

#define EAP_PEAP_MSG_MAX 16384		/* one reassembled TLS message from the server */
#define EAP_PEAP_OUT_MAX 4096		/* one TLS message of ours (a ClientHello, a phase-2 reply) */
#define EAP_PEAP_PT_MAX 1500		/* one inner packet's plaintext */
#define EAP_PEAP_TK_LEN 128		/* Key_Material: TK is its first 60 octets */

enum eap_peap_state {
	EAP_PEAP_IDLE,			/* waiting for the Start */
	EAP_PEAP_HANDSHAKE,		/* phase 1 */
	EAP_PEAP_PHASE2,		/* inside the tunnel */
	EAP_PEAP_BOUND,			/* our Result + Crypto Binding sent: waiting for EAP Success */
	EAP_PEAP_FAILED,
};

struct eap_peap {
	struct ppp_ctx *ctx;		/* for logs and the pool */
	struct eap_tls_engine tls;
	struct ppp_ctx inner_ctx;	/* the inner EAP's Responses land here */
	struct eap inner;		/* phase 2: Identity, EAP-MSCHAPv2 */
	enum eap_peap_state state;
	enum sx_reason reason;
	char message[EAP_MSG_MAX];
	bool bound;			/* the Crypto Binding TLV was checked (CSK is the MSK) */
	uint8_t key_material[EAP_PEAP_TK_LEN];
	uint8_t msk[EAP_MSK_LEN];
	struct eap_frag_rx rx;
	struct eap_frag_tx tx;
	uint8_t rx_buf[EAP_PEAP_MSG_MAX];
	uint8_t tx_buf[EAP_PEAP_OUT_MAX];
};

/*
 * tls: the engine (client role, its trust already set); user and nt_hash for the inner
 * EAP-MSCHAPv2, whose identity is the user (the outer identity is eap.c's). 0, or -EINVAL.
 */
int eap_peap_init(struct eap_peap *p, struct ppp_ctx *ctx, const struct eap_tls_engine *tls,
		  const char *user, const uint8_t nt_hash[static 16]);
/*
 * One PEAP Request's Type-Data (after the Type octet, borrowed) with its EAP Identifier. Writes
 * the Response's Type-Data into out (at most cap octets; *out_len 0 when nothing is to be sent).
 * Returns 0; -EBADMSG (malformed: ignored); -EPROTO (unexpected now: ignored); -ENOMEM.
 * A failure of the method is not an error: eap_peap_state() says FAILED, eap_peap_reason() why.
 */
int eap_peap_input(struct eap_peap *p, uint8_t id, const uint8_t *d, size_t len, uint8_t *out,
		   size_t cap, size_t *out_len);
enum eap_peap_state eap_peap_state(const struct eap_peap *p);
/* FAILED: the cause and words for it. */
enum sx_reason eap_peap_reason(const struct eap_peap *p);
const char *eap_peap_message(const struct eap_peap *p);
/* BOUND: the MSK (CSK with crypto binding; MS-PEAP 3.1.5.7). -EPROTO before. */
int eap_peap_msk(const struct eap_peap *p, uint8_t msk[static EAP_MSK_LEN]);
/* The ops eap_set_method takes, with a struct eap_peap as priv. */
extern const struct eap_method_ops eap_peap_method;
/* The inner MS-CHAPv2 error code (E=) after a failure there, 0 otherwise. */
int eap_peap_chap_error(const struct eap_peap *p);
void eap_peap_destroy(struct eap_peap *p);

#endif
