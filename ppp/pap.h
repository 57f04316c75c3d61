// SPDX-License-Identifier: MIT
/*
 * PAP (RFC 1334 2) in the peer role: sends Authenticate-Request, retransmits it on a deadline, and
 * reports Ack or Nak. Ownership: the ppp_ctx is borrowed for the object's lifetime; packets passed
 * in are borrowed; user name and password are copied, and pap_destroy zeroes them.
 */
#ifndef SX_PPP_PAP_H
#define SX_PPP_PAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/proto.h"
#include "ppp/sx.h"

/* RFC 1334 2.2: PAP packet codes. */
enum pap_code {
	PAP_AUTH_REQ = 1,
	PAP_AUTH_ACK = 2,
	PAP_AUTH_NAK = 3,
};

enum pap_result {
	PAP_RESULT_PENDING,
	PAP_RESULT_SUCCESS,
	PAP_RESULT_FAILURE,
};

#define PAP_FIELD_MAX 255		/* Peer-ID and Password lengths are one octet */
#define PAP_MSG_MAX 96
#define PAP_RESTART_MS 3000		/* RFC 1661 4.6 restart timer, used the same way here */
#define PAP_MAX_REQUESTS 10		/* total Authenticate-Requests sent before giving up */

struct pap {
	struct ppp_ctx *ctx;
	char user[PAP_FIELD_MAX + 1];
	char password[PAP_FIELD_MAX + 1];
	uint8_t user_len;
	uint8_t password_len;
	enum pap_result result;
	uint8_t id;			/* of the last Authenticate-Request sent */
	unsigned sent;			/* Authenticate-Requests sent so far */
	unsigned max_requests;
	uint32_t restart_ms;
	uint64_t deadline;		/* next retransmission; 0 = none */
	enum sx_reason reason;		/* on failure: AUTH_FAILED (Nak) or PEER_SILENT (no answer) */
	char message[PAP_MSG_MAX];
};

/*
 * restart_ms 0 = PAP_RESTART_MS, max_requests 0 = PAP_MAX_REQUESTS. Returns 0, or -EINVAL when the
 * user name is empty or a field is longer than 255 bytes.
 */
int pap_init(struct pap *p, struct ppp_ctx *ctx, const char *user, const char *password,
	     size_t password_len, uint32_t restart_ms, unsigned max_requests);
/* Sends the first Authenticate-Request and arms the restart deadline. Returns 0 or -ENOBUFS. */
int pap_start(struct pap *p, uint64_t now);
/* One PAP packet (information field, borrowed). Returns 0, -EBADMSG or -EPROTO (ignored). */
int pap_input(struct pap *p, const uint8_t *info, size_t len, uint64_t now);
/* Retransmits when the deadline has passed; after max_requests, fails with PEER_SILENT. */
void pap_tick(struct pap *p, uint64_t now);
uint64_t pap_next_deadline(const struct pap *p);

enum pap_result pap_result(const struct pap *p);
enum sx_reason pap_reason(const struct pap *p);
const char *pap_message(const struct pap *p);

/* Zeroes the password and user name. */
void pap_destroy(struct pap *p);

#endif
