// SPDX-License-Identifier: MIT
/*
 * PAP (RFC 1334 2) in the authenticator role, for the strict test server: waits for an
 * Authenticate-Request, checks user and password, answers Ack or Nak, and answers a retransmitted
 * request the same way. Ownership: the ppp_ctx is borrowed for the object's lifetime; the cfg is
 * copied (the lookup context is borrowed); packets passed in are borrowed. Passwords looked up
 * are held on the stack only and zeroed.
 */
#ifndef SX_PPP_PAP_AUTH_H
#define SX_PPP_PAP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/pap.h"
#include "ppp/proto.h"
#include "ppp/sx.h"

/*
 * Finds a user's plaintext password (bytes, e.g. UTF-8; at most PAP_FIELD_MAX) by name; returns
 * true when found and sets *password_len.
 */
typedef bool pap_auth_lookup_fn(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
				size_t *password_len);

enum pap_auth_fault {
	PAP_AUTH_FAULT_NONE,
	PAP_AUTH_FAULT_NAK,		/* every request gets Authenticate-Nak */
	PAP_AUTH_FAULT_SILENT,		/* a request is never answered */
};

struct pap_auth_cfg {
	pap_auth_lookup_fn *lookup;
	void *lookup_ctx;
	uint32_t wait_ms;		/* give up when no request came by then; 0 = wait forever */
	enum pap_auth_fault fault;
};

struct pap_auth {
	struct ppp_ctx *ctx;
	pap_auth_lookup_fn *lookup;
	void *lookup_ctx;
	uint32_t wait_ms;
	enum pap_auth_fault fault;
	bool started;
	uint64_t deadline;		/* wait_ms after start; 0 = none */
	enum pap_result result;
	bool answered;
	uint8_t id;			/* of the request answered */
	uint8_t answer_code;		/* PAP_AUTH_ACK or PAP_AUTH_NAK */
	char user[PAP_FIELD_MAX + 1];	/* the Peer-ID as sent */
	enum sx_reason reason;		/* on failure: AUTH_FAILED or PEER_SILENT */
	char message[PAP_MSG_MAX];
};

/* Returns 0, or -EINVAL when lookup is NULL. */
int pap_auth_init(struct pap_auth *a, struct ppp_ctx *ctx, const struct pap_auth_cfg *cfg);
/* Starts waiting for a request (PAP's authenticator sends nothing first). Returns 0. */
int pap_auth_start(struct pap_auth *a, uint64_t now);
/*
 * One PAP packet (information field, borrowed). Returns 0; -EBADMSG for a malformed packet
 * (silently discarded); -EPROTO for an Ack/Nak or a request before start (ignored); or -ENOBUFS
 * when the answer could not be queued.
 */
int pap_auth_input(struct pap_auth *a, const uint8_t *info, size_t len, uint64_t now);
/* Fails with PEER_SILENT when wait_ms passed without a request. */
void pap_auth_tick(struct pap_auth *a, uint64_t now);
uint64_t pap_auth_next_deadline(const struct pap_auth *a);

enum pap_result pap_auth_result(const struct pap_auth *a);
/* The Peer-ID as sent; "" before a request. */
const char *pap_auth_user(const struct pap_auth *a);
/* After Ack: the crypto-binding HLAK, 32 zero bytes for PAP (MS-SSTP 3.2.5.2). -EPROTO before. */
int pap_auth_hlak(const struct pap_auth *a, uint8_t hlak[static 32]);
enum sx_reason pap_auth_reason(const struct pap_auth *a);
const char *pap_auth_message(const struct pap_auth *a);

void pap_auth_destroy(struct pap_auth *a);

#endif
