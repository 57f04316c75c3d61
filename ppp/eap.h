// SPDX-License-Identifier: MIT
/*
 * EAP (RFC 3748, carried in PPP protocol C227) in the peer role: Identity, Notification, legacy and
 * expanded Nak of methods not allowed, duplicate Requests answered again, Success and Failure.
 * The method implemented here is EAP-MSCHAPv2 (type 26), whose Type-Data are MS-CHAPv2 packets
 * (draft-kamath-pppext-eap-mschapv2-02 2): they go through ppp/chap.c unchanged.
 *
 * The peer never retransmits (RFC 3748 4.3: the authenticator owns the timers), so there is no
 * tick; the overall authentication deadline belongs to the caller.
 * Ownership: the ppp_ctx is borrowed for the object's lifetime; packets passed in are borrowed;
 * identity and user are copied; the NT hash and the keys are zeroed by eap_destroy.
 */
#ifndef SX_PPP_EAP_H
#define SX_PPP_EAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/chap.h"
#include "ppp/eap_tls.h"
#include "ppp/eap_tls_engine.h"
#include "ppp/proto.h"
#include "ppp/sx.h"

/* RFC 3748 4. */
enum eap_code {
	EAP_REQUEST = 1,
	EAP_RESPONSE = 2,
	EAP_SUCCESS = 3,
	EAP_FAILURE = 4,
};

/* RFC 3748 5, MS-PEAP 2.2.8.1. */
enum eap_type {
	EAP_TYPE_IDENTITY = 1,
	EAP_TYPE_NOTIFICATION = 2,
	EAP_TYPE_NAK = 3,
	EAP_TYPE_MD5 = 4,
	EAP_TYPE_TLS = 13,
	EAP_TYPE_PEAP = 25,
	EAP_TYPE_MSCHAPV2 = 26,
	EAP_TYPE_TLV = 33,
	EAP_TYPE_EXPANDED = 254,
};

/* The methods a configuration allows, as bits. */
enum eap_allow {
	EAP_ALLOW_MSCHAPV2 = 1u << 0,
	EAP_ALLOW_PEAP = 1u << 1,
	EAP_ALLOW_TLS = 1u << 2,
};

enum eap_result {
	EAP_RESULT_PENDING,
	EAP_RESULT_SUCCESS,
	EAP_RESULT_FAILURE,
};

#define EAP_HDRLEN 4
#define EAP_IDENTITY_MAX 253	/* an identity Response must fit one 255-byte CHAP-sized field */
#define EAP_MSG_MAX CHAP_MSG_MAX
#define EAP_MSK_LEN 64
#define EAP_LAST_MAX 1100	/* Requests and Responses kept for duplicate detection */

/*
 * How an EAP conversation ended, kept the same way by the peer (ppp/eap.c), the authenticator
 * (ppp/eap_auth.c) and PEAP's authenticator (ppp/eap_peap_auth.c): the result, and for a failure
 * its reason and words for the user.
 */
struct eap_outcome {
	enum eap_result result;
	enum sx_reason reason;
	char message[EAP_MSG_MAX];
};

/* Records an end: msg is copied, cut to fit (it may be o->message itself). */
void eap_outcome_set(struct eap_outcome *o, enum eap_result result, enum sx_reason reason,
		     const char *msg);
/* The failure cause; SX_REASON_NONE while pending or after success. */
enum sx_reason eap_outcome_reason(const struct eap_outcome *o);

/*
 * A method that lives in its own file (PEAP: ppp/eap_peap.c) and is reached through these ops,
 * so that it may itself run an inner struct eap. priv is the method's state.
 */
struct eap_method_ops {
	uint8_t type;
	/*
	 * One Request's Type-Data (after the Type, borrowed) and its Identifier; the Response's
	 * Type-Data goes into out (at most cap; *out_len 0: send nothing). 0, -EBADMSG, -EPROTO
	 * (ignored), or another error.
	 */
	int (*input)(void *priv, uint8_t id, const uint8_t *d, size_t len, uint8_t *out,
		     size_t cap, size_t *out_len);
	/* PENDING; SUCCESS once it proved the server (EAP Success may be believed); FAILURE. */
	enum eap_result (*result)(const void *priv);
	enum sx_reason (*reason)(const void *priv);
	/* Words for the failure, or for what the server was told ("" when none). */
	const char *(*message)(const void *priv);
	int (*msk)(const void *priv, uint8_t msk[static EAP_MSK_LEN]);
};

struct eap {
	struct ppp_ctx *ctx;
	struct ppp_ctx inner;		/* the MS-CHAPv2 packets land here before they are wrapped */
	char identity[EAP_IDENTITY_MAX + 1];
	unsigned allow;			/* enum eap_allow bits */
	struct chap chap;		/* EAP-MSCHAPv2 */
	struct eap_tls_engine tls;	/* EAP-TLS and PEAP (borrowed; set after eap_init) */
	uint16_t tls_room;		/* EAP-TLS Type-Data per Response; 0: EAP_TLS_ROOM */
	struct eap_tls_peer tlsp;	/* EAP-TLS, set up at the first EAP-TLS Request */
	const struct eap_method_ops *ext;	/* a method in its own file (PEAP), eap_set_method */
	void *ext_priv;
	uint8_t method;			/* the authentication type in use; 0 before one started */
	bool method_done;		/* the method proved the server: EAP Success may be believed */
	uint8_t refused;		/* the last method type we Nak'ed; 0 = none */
	struct eap_outcome out;
	/* RFC 3748 4.1: a Request identical to the last one answered gets the same Response. */
	uint16_t last_req_len, last_rsp_len;
	uint8_t last_req[EAP_LAST_MAX];
	uint8_t last_rsp[EAP_LAST_MAX];
};

/*
 * identity: what Identity Responses carry (the outer identity); NULL or "" means the user name.
 * Returns 0, or -EINVAL for an empty or too long user or identity.
 */
int eap_init(struct eap *e, struct ppp_ctx *ctx, const char *identity, const char *user,
	     const uint8_t nt_hash[static 16], unsigned allow);

/*
 * Handles one EAP packet (the information field of a PPP_EAP frame, borrowed) and queues the
 * Response on the ctx. Returns 0, -EBADMSG (malformed, ignored), -EPROTO (valid but unexpected
 * now, ignored), or -ENOBUFS / -EMSGSIZE / errors from auth/ when a Response could not be built.
 */
int eap_input(struct eap *e, const uint8_t *info, size_t len, uint64_t now);

enum eap_result eap_result(const struct eap *e);
/* The method that authenticated (or failed), 0 when none started. */
uint8_t eap_method(const struct eap *e);
/*
 * The Master Session Key after success (RFC 3748 7.10). EAP-MSCHAPv2 (MS-CHAP 3.1.5.1, in the
 * peer's terms): MasterSendKey | MasterReceiveKey | 32 zero octets. -EPROTO before success.
 */
int eap_msk(const struct eap *e, uint8_t msk[static EAP_MSK_LEN]);
/* The failure cause; SX_REASON_NONE while pending or after success. */
enum sx_reason eap_reason(const struct eap *e);
const char *eap_message(const struct eap *e);
/* "Identity", "EAP-TLS", "PEAP", ...; "unknown" for other types. */
const char *eap_type_name(uint8_t type);

/* Lets the method of ops run (when allowed) with its state in priv (borrowed for e's lifetime). */
void eap_set_method(struct eap *e, const struct eap_method_ops *ops, void *priv);

/*
 * Moves the one frame a wrapped protocol (MS-CHAPv2) queued on `inner` to `outer`'s queue as an EAP
 * packet code | id | type | the frame's information field, in place (inner must have been given
 * CP_HDRLEN + 1 more headroom than outer). Keeps a copy of the EAP packet in keep (*keep_len 0 when
 * nothing was queued or it is longer than EAP_LAST_MAX). Returns 0 or -ENOBUFS.
 */
int eap_wrap(struct ppp_ctx *inner, struct ppp_ctx *outer, uint8_t code, uint8_t id, uint8_t type,
	     uint8_t keep[static EAP_LAST_MAX], uint16_t *keep_len);

void eap_destroy(struct eap *e);

#endif
