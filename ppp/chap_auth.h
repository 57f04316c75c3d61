// SPDX-License-Identifier: MIT
/*
 * MS-CHAPv2 (RFC 2759 over RFC 1994 CHAP) in the authenticator role, for the strict test server:
 * sends the Challenge, retransmits it on a deadline, checks the Response, answers Success or
 * Failure, and reports the outcome with the keys. Fault knobs make it misbehave on purpose.
 * Ownership: the ppp_ctx is borrowed for the object's lifetime; the cfg is copied (its name is
 * copied, the lookup context is borrowed); packets passed in are borrowed. The NT hash found for
 * the user and the keys are kept until chap_auth_destroy zeroes them.
 */
#ifndef SX_PPP_CHAP_AUTH_H
#define SX_PPP_CHAP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/chap.h"
#include "ppp/proto.h"
#include "ppp/sx.h"

#define CHAP_AUTH_RESTART_MS 3000	/* RFC 1994 4.1: the Challenge is resent on a timer */
#define CHAP_AUTH_MAX_CHALLENGES 10	/* Challenges sent in total before giving up */
#define CHAP_AUTH_ANSWER_MAX 128	/* the Success or Failure message text */

/* Finds a user's NT password hash by name; returns true when found. */
typedef bool chap_auth_lookup_fn(void *ctx, const char *user, uint8_t nt_hash[static 16]);

enum chap_auth_fault {
	CHAP_AUTH_FAULT_NONE,
	CHAP_AUTH_FAULT_FAIL,		/* every Response gets Failure with E=fail_code */
	CHAP_AUTH_FAULT_WRONG_S,	/* a good Response gets Success with a wrong S= */
	CHAP_AUTH_FAULT_SILENT,		/* a Response is never answered */
};

struct chap_auth_cfg {
	const char *name;		/* the authenticator's Name in the Challenge (may be "") */
	chap_auth_lookup_fn *lookup;
	void *lookup_ctx;
	uint8_t challenge[16];		/* injected randomness: the first Challenge value */
	uint8_t id;			/* the first Challenge's Identifier */
	uint32_t restart_ms;		/* 0 = CHAP_AUTH_RESTART_MS */
	unsigned max_challenges;	/* 0 = CHAP_AUTH_MAX_CHALLENGES */
	enum chap_auth_fault fault;
	int fail_code;			/* E= for CHAP_AUTH_FAULT_FAIL: 691, 646..649, 709 or any */
};

struct chap_auth {
	struct ppp_ctx *ctx;
	char name[CHAP_USER_MAX + 1];
	chap_auth_lookup_fn *lookup;
	void *lookup_ctx;
	enum chap_auth_fault fault;
	int fail_code;
	uint8_t challenge[16];
	uint8_t id;
	uint32_t restart_ms;
	unsigned max_challenges;
	unsigned sent;			/* Challenges sent so far */
	uint64_t deadline;		/* next Challenge retransmission; 0 = none */
	enum chap_result result;
	bool answered;			/* a Success or Failure went out for `id` */
	uint8_t answer_code;		/* CHAP_SUCCESS or CHAP_FAILURE */
	char answer[CHAP_AUTH_ANSWER_MAX];
	char user[CHAP_USER_MAX + 1];	/* the peer's Name as sent */
	uint8_t nt_hash[16];
	uint8_t send_key[16];		/* the client's MasterSendKey / MasterReceiveKey (RFC 3079) */
	uint8_t recv_key[16];
	enum sx_reason reason;		/* on failure: AUTH_FAILED or PEER_SILENT */
	int error;			/* the E= code sent; 0 when none */
	char message[CHAP_MSG_MAX];	/* on failure: what went wrong, for people */
};

/*
 * Returns 0, or -EINVAL when lookup is NULL, the name is longer than CHAP_USER_MAX, or the fault
 * is CHAP_AUTH_FAULT_FAIL with a fail_code outside 1..99999.
 */
int chap_auth_init(struct chap_auth *a, struct ppp_ctx *ctx, const struct chap_auth_cfg *cfg);
/* Sends the first Challenge and arms the restart deadline. Returns 0 or -ENOBUFS / -EMSGSIZE. */
int chap_auth_start(struct chap_auth *a, uint64_t now);
/*
 * One CHAP packet (information field of a PPP_CHAP frame, borrowed). A Response for the current
 * Identifier is checked and answered; a repeated one after the answer gets the same answer again
 * (RFC 1994 4.1). The NT hash is looked up by the Name as sent (DOMAIN\ included) and, when that
 * is not found, by its part after the last '\', which is the part MS-CHAPv2 hashes (RFC 2759 4):
 * an account "User" then accepts "HUB\User" too, as SoftEther's HUB\ prefix needs. Unknown names
 * get Failure E=691, computed through the same math so they take the same time. Returns 0; -EBADMSG for a malformed packet (ignored: RFC 1994 4 says silently
 * discard, the Challenge keeps being retransmitted); -EPROTO for a valid packet that is not a
 * Response or has another Identifier (ignored); or -ENOBUFS / errors from auth/ when an answer
 * could not be built.
 */
int chap_auth_input(struct chap_auth *a, const uint8_t *info, size_t len, uint64_t now);
/* Retransmits the Challenge when the deadline has passed; after max_challenges, fails PEER_SILENT. */
void chap_auth_tick(struct chap_auth *a, uint64_t now);
uint64_t chap_auth_next_deadline(const struct chap_auth *a);

enum chap_result chap_auth_result(const struct chap_auth *a);
/* The peer's Name as it sent it (DOMAIN\ included); "" before a Response. */
const char *chap_auth_user(const struct chap_auth *a);
/*
 * After Success: the server's own MPPE master keys (its send key is the client's receive key,
 * RFC 3079 3.3). -EPROTO before.
 */
int chap_auth_keys(const struct chap_auth *a, uint8_t send_key[static 16],
		   uint8_t recv_key[static 16]);
/*
 * After Success: the HLAK for the SSTP crypto binding. MS-SSTP 3.2.5.2 defines it from the
 * client's MasterSendKey | MasterReceiveKey on both ends, so the server computes the client's keys
 * (mppe_client_keys) rather than its own, and both ends agree. -EPROTO before.
 */
int chap_auth_hlak(const struct chap_auth *a, uint8_t hlak[static 32]);
enum sx_reason chap_auth_reason(const struct chap_auth *a);
int chap_auth_error(const struct chap_auth *a);
const char *chap_auth_message(const struct chap_auth *a);

/* Zeroes the challenge, the NT hash and the keys. */
void chap_auth_destroy(struct chap_auth *a);

#endif
