// SPDX-License-Identifier: MIT
/* PAP authenticator role (RFC 1334 2): Authenticate-Request checked, Ack or Nak, repeats alike. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "ppp/pap_auth.h"
#include "ppp/wire.h"

#define PAP_AUTH_ACK_MSG "Access granted"
#define PAP_AUTH_NAK_MSG "Authentication failure"

int pap_auth_init(struct pap_auth *a, struct ppp_ctx *ctx, const struct pap_auth_cfg *cfg)
{
	*a = (struct pap_auth){
		.ctx = ctx,
		.lookup = cfg->lookup,
		.lookup_ctx = cfg->lookup_ctx,
		.wait_ms = cfg->wait_ms,
		.fault = cfg->fault,
	};
	return cfg->lookup ? 0 : -EINVAL;
}

int pap_auth_start(struct pap_auth *a, uint64_t now)
{
	a->started = true;
	a->deadline = a->wait_ms ? now + a->wait_ms : 0;
	return 0;
}

/* RFC 1334 2.2.2: Ack and Nak carry Msg-Length and Message, with the request's Identifier. */
static int pap_auth_send_answer(struct pap_auth *a, uint8_t id)
{
	const char *msg = a->answer_code == PAP_AUTH_ACK ? PAP_AUTH_ACK_MSG : PAP_AUTH_NAK_MSG;
	uint8_t buf[1 + sizeof(PAP_AUTH_NAK_MSG)];
	size_t n = strlen(msg);
	int ret;

	if (a->fault == PAP_AUTH_FAULT_SILENT) {
		sx_logf(&a->ctx->log, SX_LOG_DEBUG, "pap: fault: not answering id=%u", id);
		return 0;
	}
	buf[0] = (uint8_t)n;
	memcpy(buf + 1, msg, n);
	ret = ppp_send_cp(a->ctx, PPP_PAP, a->answer_code, id, buf, n + 1);
	if (!ret)
		sx_logf(&a->ctx->log, SX_LOG_DEBUG, "pap: sent Authenticate-%s id=%u \"%s\"",
			a->answer_code == PAP_AUTH_ACK ? "Ack" : "Nak", id, msg);
	return ret;
}

/* Constant time over the whole field size, so the length and content do not leak by timing. */
static bool pap_auth_password_ok(const uint8_t *got, size_t got_len, const uint8_t *want,
				 size_t want_len)
{
	uint8_t g[PAP_FIELD_MAX] = { 0 }, w[PAP_FIELD_MAX] = { 0 };
	int diff;

	memcpy(g, got, got_len);
	memcpy(w, want, want_len);
	diff = auth_memcmp_ct(g, w, sizeof(g));
	explicit_bzero(g, sizeof(g));
	explicit_bzero(w, sizeof(w));
	return !diff && got_len == want_len;
}

static int pap_auth_check(struct pap_auth *a, uint8_t id, const uint8_t *user, size_t ulen,
			  const uint8_t *pw, size_t pwlen)
{
	uint8_t want[PAP_FIELD_MAX];
	size_t want_len = 0;
	bool found = false, ok;
	const char *why;

	if (!memchr(user, '\0', ulen)) {
		memcpy(a->user, user, ulen);
		a->user[ulen] = '\0';
		found = ulen && a->lookup(a->lookup_ctx, a->user, want, &want_len) &&
			want_len <= PAP_FIELD_MAX;
	}
	ok = pap_auth_password_ok(pw, pwlen, want, found ? want_len : 0) && found;
	explicit_bzero(want, sizeof(want));
	if (a->fault == PAP_AUTH_FAULT_NAK)
		why = "fault knob: refusing on purpose";
	else if (!found)
		why = "unknown user";
	else if (!ok)
		why = "wrong password";
	else
		why = NULL;
	a->answered = true;
	a->id = id;
	a->answer_code = why ? PAP_AUTH_NAK : PAP_AUTH_ACK;
	a->result = why ? PAP_RESULT_FAILURE : PAP_RESULT_SUCCESS;
	a->reason = why ? SX_REASON_AUTH_FAILED : SX_REASON_NONE;
	a->deadline = 0;
	snprintf(a->message, sizeof(a->message), "%s", why ? why : PAP_AUTH_ACK_MSG);
	if (why)
		sx_logf(&a->ctx->log, SX_LOG_DEBUG, "pap: request id=%u refused: %s", id, why);
	return pap_auth_send_answer(a, id);
}

int pap_auth_input(struct pap_auth *a, const uint8_t *info, size_t len, uint64_t now)
{
	char user[64];
	size_t ulen, pwlen, n = 0;
	uint16_t plen;

	(void)now;
	if (len < CP_HDRLEN)
		return -EBADMSG;
	plen = wire_be16(info + 2);
	if (plen < CP_HDRLEN || plen > len)
		return -EBADMSG;
	if (info[0] == PAP_AUTH_ACK || info[0] == PAP_AUTH_NAK)
		return -EPROTO;
	if (info[0] != PAP_AUTH_REQ)
		return -EBADMSG;
	/* RFC 1334 2.2.1: Peer-ID Length, Peer-ID, Passwd-Length, Password, inside Length. */
	if (plen < CP_HDRLEN + 1)
		return -EBADMSG;
	ulen = info[4];
	if (plen < CP_HDRLEN + 1 + ulen + 1)
		return -EBADMSG;
	pwlen = info[5 + ulen];
	if (plen < CP_HDRLEN + 2 + ulen + pwlen)
		return -EBADMSG;
	for (size_t i = 0; i < ulen && n + 1 < sizeof(user); i++)
		user[n++] = info[5 + i] >= 0x20 && info[5 + i] < 0x7f ? (char)info[5 + i] : '?';
	user[n] = '\0';
	sx_logf(&a->ctx->log, SX_LOG_DEBUG,
		"pap: rcvd Authenticate-Request id=%u user=\"%s\" password=<%zu bytes>", info[1], user,
		pwlen);
	if (!a->started)
		return -EPROTO;
	/*
	 * RFC 1334 2.2.1 allows the peer to retransmit; our peer (like pppd) changes the Identifier
	 * each time. Once answered, any later request gets the same answer with its own Identifier,
	 * unchecked (pppd's upap does the same), so a lost Ack or Nak costs nothing.
	 */
	if (a->answered)
		return pap_auth_send_answer(a, info[1]);
	return pap_auth_check(a, info[1], info + 5, ulen, info + 6 + ulen, pwlen);
}

void pap_auth_tick(struct pap_auth *a, uint64_t now)
{
	if (!a->deadline || now < a->deadline || a->result != PAP_RESULT_PENDING)
		return;
	sx_logf(&a->ctx->log, SX_LOG_DEBUG, "pap: no Authenticate-Request within %u ms",
		a->wait_ms);
	a->deadline = 0;
	a->result = PAP_RESULT_FAILURE;
	a->reason = SX_REASON_PEER_SILENT;
	snprintf(a->message, sizeof(a->message), "no Authenticate-Request");
}

uint64_t pap_auth_next_deadline(const struct pap_auth *a)
{
	return a->deadline;
}

enum pap_result pap_auth_result(const struct pap_auth *a)
{
	return a->result;
}

const char *pap_auth_user(const struct pap_auth *a)
{
	return a->user;
}

int pap_auth_hlak(const struct pap_auth *a, uint8_t hlak[static 32])
{
	if (a->result != PAP_RESULT_SUCCESS)
		return -EPROTO;
	memset(hlak, 0, 32);
	return 0;
}

enum sx_reason pap_auth_reason(const struct pap_auth *a)
{
	return a->result == PAP_RESULT_FAILURE ? a->reason : SX_REASON_NONE;
}

const char *pap_auth_message(const struct pap_auth *a)
{
	return a->message;
}

void pap_auth_destroy(struct pap_auth *a)
{
	explicit_bzero(a, sizeof(*a));
}
