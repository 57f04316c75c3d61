// SPDX-License-Identifier: MIT
/* PAP peer role (RFC 1334 2): Authenticate-Request with deadline retransmission, Ack/Nak handling. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/pap.h"
#include "ppp/wire.h"

int pap_init(struct pap *p, struct ppp_ctx *ctx, const char *user, const char *password,
	     size_t password_len, uint32_t restart_ms, unsigned max_requests)
{
	size_t ulen = user ? strlen(user) : 0;

	*p = (struct pap){
		.ctx = ctx,
		.restart_ms = restart_ms ? restart_ms : PAP_RESTART_MS,
		.max_requests = max_requests ? max_requests : PAP_MAX_REQUESTS,
	};
	if (!ulen || ulen > PAP_FIELD_MAX || password_len > PAP_FIELD_MAX ||
	    (password_len && !password))
		return -EINVAL;
	memcpy(p->user, user, ulen);
	p->user_len = (uint8_t)ulen;
	if (password_len)
		memcpy(p->password, password, password_len);
	p->password_len = (uint8_t)password_len;
	return 0;
}

static int pap_send_request(struct pap *p, uint64_t now)
{
	uint8_t buf[2 + 2 * PAP_FIELD_MAX];
	struct wire_w w = wire_w_init(buf, sizeof(buf));
	int ret;

	/* RFC 1334 2.2.1: Peer-ID Length, Peer-ID, Passwd-Length, Password. */
	wire_put_u8(&w, p->user_len);
	wire_put_bytes(&w, p->user, p->user_len);
	wire_put_u8(&w, p->password_len);
	wire_put_bytes(&w, p->password, p->password_len);
	/* pppd's upap does the same: every (re)transmission gets a new identifier. */
	p->id = (uint8_t)(p->id + 1);
	ret = ppp_send_cp(p->ctx, PPP_PAP, PAP_AUTH_REQ, p->id, buf, w.off);
	explicit_bzero(buf, sizeof(buf));
	p->sent++;
	p->deadline = now + p->restart_ms;
	if (!ret)
		sx_logf(&p->ctx->log, SX_LOG_DEBUG,
			"pap: sent Authenticate-Request id=%u user=\"%s\" password=<%u bytes>", p->id,
			p->user, p->password_len);
	return ret;
}

int pap_start(struct pap *p, uint64_t now)
{
	p->sent = 0;
	return pap_send_request(p, now);
}

static void pap_finish(struct pap *p, enum pap_result result, enum sx_reason reason,
		       const char *msg)
{
	p->result = result;
	p->reason = reason;
	p->deadline = 0;
	snprintf(p->message, sizeof(p->message), "%s", msg);
}

int pap_input(struct pap *p, const uint8_t *info, size_t len, uint64_t now)
{
	char text[PAP_MSG_MAX];
	uint16_t plen;
	size_t mlen, n = 0;

	(void)now;
	if (len < CP_HDRLEN)
		return -EBADMSG;
	plen = wire_be16(info + 2);
	/* RFC 1334 2.2.2: Ack and Nak carry Msg-Length and Message. */
	if (plen < CP_HDRLEN + 1 || plen > len || info[4] > plen - CP_HDRLEN - 1)
		return -EBADMSG;
	if (info[0] != PAP_AUTH_ACK && info[0] != PAP_AUTH_NAK)
		return -EBADMSG;
	if (p->result != PAP_RESULT_PENDING || !p->sent || info[1] != p->id)
		return -EPROTO;
	mlen = info[4];
	for (size_t i = 0; i < mlen && n + 1 < sizeof(text); i++)
		text[n++] = info[5 + i] >= 0x20 && info[5 + i] < 0x7f ? (char)info[5 + i] : '?';
	text[n] = '\0';
	if (info[0] == PAP_AUTH_ACK) {
		sx_logf(&p->ctx->log, SX_LOG_DEBUG, "pap: rcvd Authenticate-Ack id=%u \"%s\"", p->id,
			text);
		pap_finish(p, PAP_RESULT_SUCCESS, SX_REASON_NONE, text);
		return 0;
	}
	sx_logf(&p->ctx->log, SX_LOG_DEBUG, "pap: rcvd Authenticate-Nak id=%u \"%s\"", p->id, text);
	pap_finish(p, PAP_RESULT_FAILURE, SX_REASON_AUTH_FAILED,
		   n ? text : "Authenticate-Nak without a message");
	return 0;
}

void pap_tick(struct pap *p, uint64_t now)
{
	if (!p->deadline || now < p->deadline || p->result != PAP_RESULT_PENDING)
		return;
	if (p->sent >= p->max_requests) {
		sx_logf(&p->ctx->log, SX_LOG_DEBUG, "pap: no answer to %u Authenticate-Requests",
			p->sent);
		pap_finish(p, PAP_RESULT_FAILURE, SX_REASON_PEER_SILENT,
			   "no answer to Authenticate-Request");
		return;
	}
	/* A full pool only delays the retransmission to the next deadline. */
	pap_send_request(p, now);
}

uint64_t pap_next_deadline(const struct pap *p)
{
	return p->deadline;
}

enum pap_result pap_result(const struct pap *p)
{
	return p->result;
}

enum sx_reason pap_reason(const struct pap *p)
{
	return p->result == PAP_RESULT_FAILURE ? p->reason : SX_REASON_NONE;
}

const char *pap_message(const struct pap *p)
{
	return p->message;
}

void pap_destroy(struct pap *p)
{
	explicit_bzero(p, sizeof(*p));
}
