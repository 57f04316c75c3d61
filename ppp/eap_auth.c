// SPDX-License-Identifier: MIT
/* EAP authenticator role (RFC 3748): Identity, EAP-MSCHAPv2 through chap_auth, Success/Failure. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/eap_auth.h"
#include "ppp/pkt.h"
#include "ppp/wire.h"

int eap_auth_init(struct eap_auth *a, struct ppp_ctx *ctx, const struct eap_auth_cfg *cfg)
{
	int ret;

	*a = (struct eap_auth){
		.ctx = ctx,
		.fault = cfg->fault,
		.id = cfg->id,
		.restart_ms = cfg->restart_ms ? cfg->restart_ms : EAP_AUTH_RESTART_MS,
		.max_requests = cfg->max_requests ? cfg->max_requests : EAP_AUTH_MAX_REQUESTS,
	};
	/* CP_HDRLEN + 1 spare octets: each CHAP frame becomes an EAP frame in place. */
	a->inner = (struct ppp_ctx){ .pool = ctx->pool, .log = ctx->log, .rand = ctx->rand,
				     .headroom = (uint16_t)(ctx->headroom + CP_HDRLEN + 1) };
	ret = chap_auth_init(&a->chap, &a->inner, &cfg->chap);
	a->use_tls = !ret && cfg->tls.ops != NULL;
	if (a->use_tls)
		eap_tls_auth_init(&a->tls, &cfg->tls, &ctx->log, cfg->tls_room, cfg->tls_fault);
	if (!ret && cfg->peap) {
		struct eap_peap_auth_cfg pc = { .tls = cfg->peap_tls, .chap = cfg->chap,
						.fault = cfg->peap_fault };

		ret = eap_peap_auth_init(&a->peap, ctx, &pc);
		a->use_peap = !ret;
	}
	if (ret)
		eap_auth_destroy(a);
	return ret;
}

static void eap_auth_finish(struct eap_auth *a, enum eap_result result, enum sx_reason reason,
			    const char *msg)
{
	a->state = EAP_AUTH_DONE;
	a->deadline = 0;
	eap_outcome_set(&a->out, result, reason, msg);
}

/* Sends the kept Request again (same Identifier) and arms the deadline. */
static int eap_auth_resend(struct eap_auth *a, uint64_t now)
{
	a->sent++;
	a->deadline = now + a->restart_ms;
	return ppp_send_cp(a->ctx, PPP_EAP, EAP_REQUEST, a->id, a->last + EAP_HDRLEN,
			   a->last_len - EAP_HDRLEN);
}

/* A new Request: the next Identifier, type | data, kept for retransmission. */
static int eap_auth_request(struct eap_auth *a, uint8_t type, const uint8_t *data, size_t len,
			    uint64_t now)
{
	if (EAP_HDRLEN + 1 + len > sizeof(a->last))
		return -EMSGSIZE;
	a->last[0] = EAP_REQUEST;
	a->last[1] = a->id;
	wire_set_be16(a->last + 2, (uint16_t)(EAP_HDRLEN + 1 + len));
	a->last[4] = type;
	if (len)
		memcpy(a->last + EAP_HDRLEN + 1, data, len);
	a->last_len = (uint16_t)(EAP_HDRLEN + 1 + len);
	a->sent = 0;
	sx_logf(&a->ctx->log, SX_LOG_DEBUG, "eap: sent Request id=%u %s", a->id,
		eap_type_name(type));
	return eap_auth_resend(a, now);
}

/* Wraps what chap_auth queued as the next EAP-MSCHAPv2 Request. */
static int eap_auth_wrap(struct eap_auth *a, uint64_t now)
{
	int ret = eap_wrap(&a->inner, a->ctx, EAP_REQUEST, a->id, EAP_TYPE_MSCHAPV2, a->last,
			   &a->last_len);

	if (ret || !a->last_len) {
		a->deadline = 0;	/* chap_auth's silent fault: nothing to resend */
		return ret;
	}
	a->sent = 1;
	a->deadline = now + a->restart_ms;
	return 0;
}

static int eap_auth_result_packet(struct eap_auth *a, uint8_t code)
{
	a->id++;
	sx_logf(&a->ctx->log, SX_LOG_DEBUG, "eap: sent %s id=%u",
		code == EAP_SUCCESS ? "Success" : "Failure", a->id);
	return ppp_send_cp(a->ctx, PPP_EAP, code, a->id, NULL, 0);
}

static int eap_auth_identity_rsp(struct eap_auth *a, const uint8_t *d, size_t dlen, uint64_t now)
{
	size_t n = dlen < EAP_IDENTITY_MAX ? dlen : EAP_IDENTITY_MAX;
	int ret;

	if (d[0] != EAP_TYPE_IDENTITY)
		return -EPROTO;
	for (size_t i = 1; i < n; i++)
		a->identity[i - 1] = d[i] >= 0x20 && d[i] < 0x7f ? (char)d[i] : '?';
	a->identity[n ? n - 1 : 0] = '\0';
	switch (a->fault) {
	case EAP_AUTH_FAULT_EARLY_SUCCESS:
		eap_auth_finish(a, EAP_RESULT_SUCCESS, SX_REASON_NONE, "fault: early Success");
		return eap_auth_result_packet(a, EAP_SUCCESS);
	case EAP_AUTH_FAULT_FAILURE:
		eap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_AUTH_FAILED, "fault: EAP Failure");
		return eap_auth_result_packet(a, EAP_FAILURE);
	case EAP_AUTH_FAULT_INSIST_TLS:
		a->id++;
		a->state = EAP_AUTH_INSISTING;
		return eap_auth_request(a, EAP_TYPE_TLS, (const uint8_t[]){ 0x20 }, 1, now);
	case EAP_AUTH_FAULT_NONE:
		break;
	}
	a->id++;
	if (a->use_peap) {
		uint8_t start[1];

		a->state = EAP_AUTH_PEAP;
		ret = eap_peap_auth_start(&a->peap, start, sizeof(start));
		return ret < 0 ? ret : eap_auth_request(a, EAP_TYPE_PEAP, start, 1, now);
	}
	a->state = EAP_AUTH_METHOD;
	if (a->use_tls) {
		uint8_t out[EAP_LAST_MAX - EAP_HDRLEN - 1];
		long len = eap_tls_auth_start(&a->tls, out, sizeof(out));

		return len < 0 ? (int)len : eap_auth_request(a, EAP_TYPE_TLS, out, (size_t)len, now);
	}
	ret = chap_auth_start(&a->chap, now);
	return ret ? ret : eap_auth_wrap(a, now);
}

/* The peer's MS-CHAPv2 Response (the Type-Data is a CHAP packet; its own length is not trusted). */
static int eap_auth_chap_rsp(struct eap_auth *a, const uint8_t *d, size_t dlen, uint64_t now)
{
	uint8_t buf[EAP_LAST_MAX];
	int ret;

	if (dlen < CP_HDRLEN || dlen > sizeof(buf))
		return -EBADMSG;
	memcpy(buf, d, dlen);
	wire_set_be16(buf + 2, (uint16_t)dlen);
	ret = chap_auth_input(&a->chap, buf, dlen, now);
	explicit_bzero(buf, sizeof(buf));
	if (ret)
		return ret;
	a->id++;
	a->state = EAP_AUTH_ANSWERED;
	return eap_auth_wrap(a, now);
}

/* EAP-TLS (ppp/eap_tls_auth.c): the next fragment or ACK, or Success/Failure at the end. */
static int eap_auth_tls_rsp(struct eap_auth *a, const uint8_t *d, size_t dlen, uint64_t now)
{
	uint8_t out[EAP_LAST_MAX - EAP_HDRLEN - 1];
	enum eap_tls_auth_result r;
	enum sx_reason reason;
	const char *why;
	long n;

	if (d[0] != EAP_TYPE_TLS)
		return -EPROTO;
	n = eap_tls_auth_input(&a->tls, d + 1, dlen - 1, out, sizeof(out));
	if (n > 0) {
		a->id++;
		return eap_auth_request(a, EAP_TYPE_TLS, out, (size_t)n, now);
	}
	r = eap_tls_auth_result(&a->tls, &reason, &why);
	if (n < 0 || r == EAP_TLS_AUTH_PENDING) {
		eap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_PROTOCOL,
				"EAP-TLS: a Response that does not fit the exchange");
		return eap_auth_result_packet(a, EAP_FAILURE);
	}
	if (r == EAP_TLS_AUTH_SUCCESS) {
		eap_auth_finish(a, EAP_RESULT_SUCCESS, SX_REASON_NONE, "");
		return eap_auth_result_packet(a, EAP_SUCCESS);
	}
	eap_auth_finish(a, EAP_RESULT_FAILURE, reason, why);
	return eap_auth_result_packet(a, EAP_FAILURE);
}

/* A PEAP Response: the next PEAP Request, or the end (EAP Success or Failure). */
static int eap_auth_peap_rsp(struct eap_auth *a, const uint8_t *d, size_t dlen, uint64_t now)
{
	uint8_t out[EAP_LAST_MAX - EAP_HDRLEN - 1];
	size_t n = 0;
	int ret;

	if (d[0] != EAP_TYPE_PEAP)
		return -EPROTO;
	ret = eap_peap_auth_input(&a->peap, d + 1, dlen - 1, out, sizeof(out), &n, now);
	if (!ret && n) {
		a->id++;
		return eap_auth_request(a, EAP_TYPE_PEAP, out, n, now);
	}
	if (ret)
		return ret;
	if (eap_peap_auth_result(&a->peap) == EAP_RESULT_SUCCESS) {
		eap_auth_finish(a, EAP_RESULT_SUCCESS, SX_REASON_NONE, "");
		return eap_auth_result_packet(a, EAP_SUCCESS);
	}
	eap_auth_finish(a, EAP_RESULT_FAILURE, eap_peap_auth_reason(&a->peap),
			eap_peap_auth_message(&a->peap));
	return eap_auth_result_packet(a, EAP_FAILURE);
}

static int eap_auth_method_rsp(struct eap_auth *a, const uint8_t *d, size_t dlen, uint64_t now)
{
	if (d[0] == EAP_TYPE_NAK) {
		eap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_AUTH_UNSUPPORTED,
				a->state == EAP_AUTH_PEAP ? "the peer refused PEAP"
				: a->state == EAP_AUTH_INSISTING || a->use_tls
				? "the peer refused EAP-TLS" : "the peer refused EAP-MSCHAPv2");
		return eap_auth_result_packet(a, EAP_FAILURE);
	}
	if (a->state == EAP_AUTH_PEAP)
		return eap_auth_peap_rsp(a, d, dlen, now);
	if (a->use_tls && a->state == EAP_AUTH_METHOD)
		return eap_auth_tls_rsp(a, d, dlen, now);
	if (d[0] != EAP_TYPE_MSCHAPV2 || dlen < 2 || a->state == EAP_AUTH_INSISTING)
		return -EPROTO;
	if (a->state == EAP_AUTH_METHOD)
		return eap_auth_chap_rsp(a, d + 1, dlen - 1, now);
	/* EAP_AUTH_ANSWERED: the one-octet Success- or Failure-Response. */
	if (d[1] == CHAP_SUCCESS && chap_auth_result(&a->chap) == CHAP_RESULT_SUCCESS) {
		eap_auth_finish(a, EAP_RESULT_SUCCESS, SX_REASON_NONE, "");
		return eap_auth_result_packet(a, EAP_SUCCESS);
	}
	if (d[1] == CHAP_FAILURE || d[1] == CHAP_SUCCESS) {
		eap_auth_finish(a, EAP_RESULT_FAILURE,
				chap_auth_reason(&a->chap) ? chap_auth_reason(&a->chap)
							   : SX_REASON_AUTH_UNVERIFIED,
				*chap_auth_message(&a->chap) ? chap_auth_message(&a->chap)
							     : "the peer did not accept our S=");
		return eap_auth_result_packet(a, EAP_FAILURE);
	}
	return -EBADMSG;
}

int eap_auth_input(struct eap_auth *a, const uint8_t *info, size_t len, uint64_t now)
{
	uint16_t plen;

	if (len < EAP_HDRLEN)
		return -EBADMSG;
	plen = wire_be16(info + 2);
	if (plen < EAP_HDRLEN + 1 || plen > len)
		return -EBADMSG;
	if (info[0] != EAP_RESPONSE)
		return info[0] >= EAP_REQUEST && info[0] <= EAP_FAILURE ? -EPROTO : -EBADMSG;
	sx_logf(&a->ctx->log, SX_LOG_DEBUG, "eap: rcvd Response id=%u %s", info[1],
		eap_type_name(info[EAP_HDRLEN]));
	/* RFC 3748 4.1: only a Response to the outstanding Request counts. */
	if (info[1] != a->id || a->state == EAP_AUTH_DONE || !a->sent)
		return -EPROTO;
	a->deadline = 0;
	if (a->state == EAP_AUTH_IDENTITY)
		return eap_auth_identity_rsp(a, info + EAP_HDRLEN, plen - EAP_HDRLEN, now);
	return eap_auth_method_rsp(a, info + EAP_HDRLEN, plen - EAP_HDRLEN, now);
}

int eap_auth_start(struct eap_auth *a, uint64_t now)
{
	a->state = EAP_AUTH_IDENTITY;
	return eap_auth_request(a, EAP_TYPE_IDENTITY, NULL, 0, now);
}

void eap_auth_tick(struct eap_auth *a, uint64_t now)
{
	if (!a->deadline || now < a->deadline || a->state == EAP_AUTH_DONE)
		return;
	if (a->sent >= a->max_requests) {
		char msg[64];

		snprintf(msg, sizeof(msg), "no Response to %u Requests", a->sent);
		eap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_PEER_SILENT, msg);
		return;
	}
	/* A full pool only delays the retransmission to the next deadline. */
	eap_auth_resend(a, now);
}

uint64_t eap_auth_next_deadline(const struct eap_auth *a)
{
	return a->deadline;
}

enum eap_result eap_auth_result(const struct eap_auth *a)
{
	return a->out.result;
}

const char *eap_auth_identity(const struct eap_auth *a)
{
	return a->identity;
}

const char *eap_auth_user(const struct eap_auth *a)
{
	if (a->use_peap)
		return eap_peap_auth_user(&a->peap);
	return chap_auth_user(&a->chap);
}

int eap_auth_hlak(const struct eap_auth *a, uint8_t hlak[static 32])
{
	/* EAP-MSCHAPv2: the MSK starts with the peer's send | receive keys, the MS-CHAPv2 HLAK. */
	if (a->out.result != EAP_RESULT_SUCCESS || a->fault == EAP_AUTH_FAULT_EARLY_SUCCESS)
		return -EPROTO;
	if (a->use_tls) {
		/* MS-SSTP 3.2.5.2.4: the first 32 octets of the MSK (RFC 5216 2.3). */
		uint8_t msk[64];
		int ret = eap_tls_auth_msk(&a->tls, msk);

		if (!ret)
			memcpy(hlak, msk, 32);
		explicit_bzero(msk, sizeof(msk));
		return ret;
	}
	/* PEAP: CSK[0..31] (MS-SSTP 3.2.5.2.4 with MS-PEAP 3.1.5.7). */
	if (a->use_peap)
		return eap_peap_auth_hlak(&a->peap, hlak);
	return chap_auth_hlak(&a->chap, hlak);
}

enum sx_reason eap_auth_reason(const struct eap_auth *a)
{
	return eap_outcome_reason(&a->out);
}

const char *eap_auth_message(const struct eap_auth *a)
{
	return a->out.message;
}

void eap_auth_destroy(struct eap_auth *a)
{
	if (a->ctx)
		pkt_q_drain(&a->inner.txq, a->ctx->pool);
	chap_auth_destroy(&a->chap);
	if (a->use_tls)
		eap_tls_auth_destroy(&a->tls);
	if (a->use_peap)
		eap_peap_auth_destroy(&a->peap);
	explicit_bzero(a, sizeof(*a));
}
