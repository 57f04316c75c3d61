// SPDX-License-Identifier: MIT
/*
 * MS-CHAPv2 (RFC 2759 over RFC 1994 CHAP) in the peer role: answers the authenticator's Challenge,
 * verifies its Success (S=), and reports the outcome. The math is in auth/auth.h.
 * Ownership: the ppp_ctx is borrowed for the object's lifetime; packets passed in are borrowed;
 * the user name is copied; only the NT hash of the password is kept, and it is zeroed by
 * chap_destroy together with the keys.
 */
#ifndef SX_PPP_CHAP_H
#define SX_PPP_CHAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/proto.h"
#include "ppp/sx.h"

/* RFC 1994 4: CHAP packet codes. */
enum chap_code {
	CHAP_CHALLENGE = 1,
	CHAP_RESPONSE = 2,
	CHAP_SUCCESS = 3,
	CHAP_FAILURE = 4,
};

enum chap_result {
	CHAP_RESULT_PENDING,
	CHAP_RESULT_SUCCESS,
	CHAP_RESULT_FAILURE,
};

#define CHAP_USER_MAX 255
#define CHAP_MSG_MAX 96

struct chap {
	struct ppp_ctx *ctx;
	char user[CHAP_USER_MAX + 1];	/* as configured, DOMAIN\ prefix included */
	uint8_t nt_hash[16];
	enum chap_result result;
	bool responded;			/* a Response went out for `id` */
	uint8_t id;
	uint8_t auth_challenge[16];
	uint8_t peer_challenge[16];
	uint8_t nt_response[24];
	uint8_t send_key[16];		/* the client's MasterSendKey / MasterReceiveKey (RFC 3079) */
	uint8_t recv_key[16];
	enum sx_reason reason;		/* on failure: AUTH_FAILED or AUTH_UNVERIFIED */
	int error;			/* the Failure's E= code; 0 when none */
	bool retry;			/* the Failure's R=1 (we never retry: failure is final) */
	char message[CHAP_MSG_MAX];	/* on failure: what went wrong, for people */
};

/* Returns 0, or -EINVAL when user is empty or longer than CHAP_USER_MAX. */
int chap_init(struct chap *c, struct ppp_ctx *ctx, const char *user,
	      const uint8_t nt_hash[static 16]);

/*
 * Handles one CHAP packet (the information field of a PPP_CHAP frame, borrowed). Queues a Response
 * on the ctx for a Challenge. Returns 0, -EBADMSG (malformed, ignored), -EPROTO (valid but
 * unexpected now, ignored), or -ENOBUFS / errors from auth/ when a Response could not be built.
 */
int chap_input(struct chap *c, const uint8_t *info, size_t len, uint64_t now);

enum chap_result chap_result(const struct chap *c);
/* The client's MPPE master keys after a verified Success; -EPROTO before. */
int chap_keys(const struct chap *c, uint8_t send_key[static 16], uint8_t recv_key[static 16]);
/* The failure cause; reason SX_REASON_NONE while pending or after success. */
enum sx_reason chap_reason(const struct chap *c);
int chap_error(const struct chap *c);
const char *chap_message(const struct chap *c);

/* Describes an MS-CHAPv2 E= code ("bad user name or password", ...); NULL when unknown. */
const char *chap_error_str(int code);

/* Zeroes the NT hash, challenges, response and keys. */
void chap_destroy(struct chap *c);

#endif
