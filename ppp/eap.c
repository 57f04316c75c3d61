// SPDX-License-Identifier: MIT
/* EAP peer role (RFC 3748 over PPP): Identity, Notification, Nak, duplicates, Success/Failure. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/eap.h"
#include "ppp/pkt.h"
#include "ppp/wire.h"

/* The methods this file implements, in order of preference, with the bit that allows each. */
static const struct {
	uint8_t type;
	unsigned allow;
} eap_methods[] = {
	{ EAP_TYPE_PEAP, EAP_ALLOW_PEAP },
	{ EAP_TYPE_MSCHAPV2, EAP_ALLOW_MSCHAPV2 },
	{ EAP_TYPE_TLS, EAP_ALLOW_TLS },
};

int eap_init(struct eap *e, struct ppp_ctx *ctx, const char *identity, const char *user,
	     const uint8_t nt_hash[static 16], unsigned allow)
{
	size_t n;
	int ret;

	*e = (struct eap){ .ctx = ctx, .allow = allow };
	if (!identity || !*identity)
		identity = user;
	n = identity ? strlen(identity) : 0;
	if (!n || n > EAP_IDENTITY_MAX)
		return -EINVAL;
	memcpy(e->identity, identity, n + 1);
	/* CP_HDRLEN + 1 spare octets: the CHAP frame becomes an EAP frame in place. */
	e->inner = (struct ppp_ctx){ .pool = ctx->pool, .log = ctx->log, .rand = ctx->rand,
				     .headroom = (uint16_t)(ctx->headroom + CP_HDRLEN + 1) };
	ret = chap_init(&e->chap, &e->inner, user, nt_hash);
	if (ret)
		explicit_bzero(e, sizeof(*e));
	return ret;
}

const char *eap_type_name(uint8_t type)
{
	switch (type) {
	case EAP_TYPE_IDENTITY: return "Identity";
	case EAP_TYPE_NOTIFICATION: return "Notification";
	case EAP_TYPE_NAK: return "Nak";
	case EAP_TYPE_MD5: return "MD5-Challenge";
	case EAP_TYPE_TLS: return "EAP-TLS";
	case EAP_TYPE_PEAP: return "PEAP";
	case EAP_TYPE_MSCHAPV2: return "EAP-MSCHAPv2";
	case EAP_TYPE_TLV: return "EAP-TLV";
	case EAP_TYPE_EXPANDED: return "Expanded";
	}
	return "unknown";
}

/* Printable ASCII of untrusted text, for logs; NUL-terminated. */
static void eap_text(const uint8_t *src, size_t len, char *dst, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < cap; i++)
		dst[n++] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[n] = '\0';
}

static void eap_remember(uint8_t *dst, uint16_t *dst_len, const uint8_t *src, size_t len)
{
	*dst_len = len <= EAP_LAST_MAX ? (uint16_t)len : 0;
	if (*dst_len)
		memcpy(dst, src, len);
}

void eap_outcome_set(struct eap_outcome *o, enum eap_result result, enum sx_reason reason,
		     const char *msg)
{
	size_t n = strnlen(msg, sizeof(o->message) - 1);

	o->result = result;
	o->reason = reason;
	memmove(o->message, msg, n);
	o->message[n] = '\0';
}

enum sx_reason eap_outcome_reason(const struct eap_outcome *o)
{
	return o->result == EAP_RESULT_FAILURE ? o->reason : SX_REASON_NONE;
}

static void eap_fail(struct eap *e, enum sx_reason reason, const char *msg)
{
	eap_outcome_set(&e->out, EAP_RESULT_FAILURE, reason, msg);
}

/* Queues Response id | type | data and keeps it for a duplicate Request. */
static int eap_send(struct eap *e, uint8_t id, uint8_t type, const uint8_t *data, size_t len)
{
	uint8_t buf[EAP_LAST_MAX];
	int ret;

	if (len > sizeof(buf) - EAP_HDRLEN - 1)
		return -EMSGSIZE;
	buf[0] = EAP_RESPONSE;
	buf[1] = id;
	wire_set_be16(buf + 2, (uint16_t)(EAP_HDRLEN + 1 + len));
	buf[4] = type;
	if (len)
		memcpy(buf + EAP_HDRLEN + 1, data, len);
	ret = ppp_send_cp(e->ctx, PPP_EAP, EAP_RESPONSE, id, buf + EAP_HDRLEN, 1 + len);
	if (!ret)
		eap_remember(e->last_rsp, &e->last_rsp_len, buf, EAP_HDRLEN + 1 + len);
	sx_logf(&e->ctx->log, SX_LOG_DEBUG, "eap: sent Response id=%u %s (%zu bytes)", id,
		eap_type_name(type), len);
	return ret;
}

static bool eap_implemented(const struct eap *e, uint8_t type)
{
	if (type == EAP_TYPE_PEAP && (!e->ext || e->ext->type != type))
		return false;	/* no TLS engine: PEAP cannot run here */
	for (size_t i = 0; i < sizeof(eap_methods) / sizeof(eap_methods[0]); i++)
		if (eap_methods[i].type == type)
			return (e->allow & eap_methods[i].allow) &&
			       (type != EAP_TYPE_TLS || e->tls.ops);
	return false;
}

#define EAP_N_METHODS (sizeof(eap_methods) / sizeof(eap_methods[0]))

/*
 * RFC 3748 5.3.1 (legacy Nak: the acceptable types, or 0 for none) and 5.3.2 (Expanded Nak, only
 * in reply to an expanded Request: Vendor-Id 0, Vendor-Type 3, then each type as 8 octets; none
 * is one entry of Vendor-Id 0, Vendor-Type 0).
 */
static int eap_nak(struct eap *e, uint8_t id, uint8_t asked)
{
	static const uint8_t expanded_head[7] = { 0, 0, 0, 0, 0, 0, EAP_TYPE_NAK };
	uint8_t list[sizeof(expanded_head) + 8 * (EAP_N_METHODS + 1)];
	bool expanded = asked == EAP_TYPE_EXPANDED;
	size_t n = 0, first;

	if (expanded) {
		memcpy(list, expanded_head, sizeof(expanded_head));
		n = sizeof(expanded_head);
	}
	first = n;
	for (size_t i = 0; i <= EAP_N_METHODS; i++) {
		uint8_t type = i < EAP_N_METHODS ? eap_methods[i].type : 0;

		if (i < EAP_N_METHODS && !eap_implemented(e, type))
			continue;
		if (i == EAP_N_METHODS && n > first)
			break;	/* the "no alternative" entry only when the list is empty */
		if (expanded) {
			memcpy(list + n, (const uint8_t[8]){ EAP_TYPE_EXPANDED, 0, 0, 0, 0, 0, 0, type },
			       8);
			n += 8;
		} else {
			list[n++] = type;
		}
	}
	e->refused = asked;
	sx_logf(&e->ctx->log, SX_LOG_WARN, "eap: the server asks for %s (type %u), which is not "
		"allowed or supported here%s%s", eap_type_name(asked), asked,
		list[n - 1] ? "; proposing " : "; no other method to propose",
		list[n - 1] ? eap_type_name(list[first + (expanded ? 7 : 0)]) : "");
	return eap_send(e, id, expanded ? EAP_TYPE_EXPANDED : EAP_TYPE_NAK, list, n);
}

int eap_wrap(struct ppp_ctx *inner, struct ppp_ctx *outer, uint8_t code, uint8_t id, uint8_t type,
	     uint8_t keep[static EAP_LAST_MAX], uint16_t *keep_len)
{
	struct pkt *p = pkt_q_pop(&inner->txq);
	uint8_t *h;
	int ret = 0;

	*keep_len = 0;
	pkt_q_drain(&inner->txq, outer->pool);
	if (!p)
		return 0;
	/* The inner packet (code, id, length, data) becomes the Type-Data: no copy. */
	if (!pkt_pull(p, PPP_HDRLEN) || !(h = pkt_push(p, EAP_HDRLEN + 1))) {
		ret = -ENOBUFS;
		goto out;
	}
	h[0] = code;
	h[1] = id;
	wire_set_be16(h + 2, p->len);
	h[4] = type;
	eap_remember(keep, keep_len, h, p->len);
	ret = ppp_frame_push(p, PPP_EAP);
	if (ret)
		goto out;
	pkt_q_push(&outer->txq, p);
	p = NULL;
out:
	if (p)
		pkt_pool_ret(outer->pool, p);
	return ret;
}

/*
 * EAP-MSCHAPv2 (draft-kamath 2): OpCode, MS-CHAPv2-ID, MS-Length, data: a CHAP packet. Servers
 * that get MS-Length wrong exist, so it is taken from the EAP Length instead.
 */
static int eap_mschapv2(struct eap *e, uint8_t id, const uint8_t *d, size_t dlen, uint64_t now)
{
	uint8_t buf[EAP_LAST_MAX];
	int ret;

	if (dlen < CP_HDRLEN || dlen > sizeof(buf))
		return -EBADMSG;
	memcpy(buf, d, dlen);
	wire_set_be16(buf + 2, (uint16_t)dlen);
	ret = chap_input(&e->chap, buf, dlen, now);
	explicit_bzero(buf, sizeof(buf));
	if (ret)
		return ret;
	e->method = EAP_TYPE_MSCHAPV2;
	switch (chap_result(&e->chap)) {
	case CHAP_RESULT_PENDING:
		return eap_wrap(&e->inner, e->ctx, EAP_RESPONSE, id, EAP_TYPE_MSCHAPV2, e->last_rsp,
				&e->last_rsp_len);
	case CHAP_RESULT_SUCCESS:
		/* Success-Response: the OpCode alone, once S= checked. */
		e->method_done = true;
		return eap_send(e, id, EAP_TYPE_MSCHAPV2, (const uint8_t[]){ CHAP_SUCCESS }, 1);
	case CHAP_RESULT_FAILURE:
		eap_fail(e, chap_reason(&e->chap), chap_message(&e->chap));
		if (chap_reason(&e->chap) == SX_REASON_AUTH_UNVERIFIED)
			return 0;	/* a wrong S=: say nothing more to this server */
		return eap_send(e, id, EAP_TYPE_MSCHAPV2, (const uint8_t[]){ CHAP_FAILURE }, 1);
	}
	return -EPROTO;
}

/* EAP-TLS (ppp/eap_tls.c): its Response goes out even when the method just failed (an alert). */
static int eap_tls(struct eap *e, uint8_t id, const uint8_t *d, size_t dlen)
{
	uint8_t out[EAP_LAST_MAX - EAP_HDRLEN - 1];
	const char *why;
	enum sx_reason r;
	long n;
	int ret;

	if (e->method != EAP_TYPE_TLS)
		eap_tls_peer_init(&e->tlsp, &e->tls, &e->ctx->log, e->tls_room);
	e->method = EAP_TYPE_TLS;
	n = eap_tls_peer_input(&e->tlsp, d, dlen, out, sizeof(out));
	r = eap_tls_peer_failure(&e->tlsp, &why);
	if (n < 0 && r == SX_REASON_NONE)
		return (int)n;
	ret = n > 0 ? eap_send(e, id, EAP_TYPE_TLS, out, (size_t)n) : 0;
	explicit_bzero(out, sizeof(out));
	if (r != SX_REASON_NONE) {
		eap_fail(e, r, why);
		return ret;
	}
	/* RFC 5216 2.1.3: the handshake proved the server; EAP Success may now be believed. */
	e->method_done = e->tlsp.state == EAP_TLS_PEER_ESTABLISHED;
	return ret;
}

/* A method in its own file (PEAP): it answers with the Type-Data of our Response. */
static int eap_ext_request(struct eap *e, uint8_t id, const uint8_t *d, size_t dlen)
{
	uint8_t out[EAP_LAST_MAX - EAP_HDRLEN - 1];
	size_t n = 0;
	int ret = e->ext->input(e->ext_priv, id, d, dlen, out, sizeof(out), &n);

	e->method = e->ext->type;
	if (!ret && n)
		ret = eap_send(e, id, e->ext->type, out, n);
	switch (e->ext->result(e->ext_priv)) {
	case EAP_RESULT_FAILURE:
		eap_fail(e, e->ext->reason(e->ext_priv), e->ext->message(e->ext_priv));
		break;
	case EAP_RESULT_SUCCESS:
		e->method_done = true;
		break;
	case EAP_RESULT_PENDING:
		break;
	}
	explicit_bzero(out, sizeof(out));
	return ret;
}

static int eap_request(struct eap *e, uint8_t id, const uint8_t *d, size_t dlen, uint64_t now)
{
	uint8_t type = d[0];
	char text[80];

	eap_text(d + 1, dlen - 1, text, sizeof(text));
	sx_logf(&e->ctx->log, SX_LOG_DEBUG, "eap: rcvd Request id=%u %s%s%s%s", id,
		eap_type_name(type), type <= EAP_TYPE_NOTIFICATION ? " \"" : "",
		type <= EAP_TYPE_NOTIFICATION ? text : "", type <= EAP_TYPE_NOTIFICATION ? "\"" : "");
	if (type == EAP_TYPE_IDENTITY)
		return eap_send(e, id, type, (const uint8_t *)e->identity, strlen(e->identity));
	if (type == EAP_TYPE_NOTIFICATION) {
		sx_logf(&e->ctx->log, SX_LOG_INFO, "eap: server says \"%s\"", text);
		return eap_send(e, id, type, NULL, 0);
	}
	if (type == EAP_TYPE_NAK)
		return -EBADMSG;	/* RFC 3748 5.3: Nak is only sent in Responses */
	/* RFC 3748 2.1: once a method started, the peer does not switch to another. */
	if (e->method && type != e->method)
		return -EPROTO;
	if (!eap_implemented(e, type))
		return eap_nak(e, id, type);
	if (type == EAP_TYPE_TLS)
		return eap_tls(e, id, d + 1, dlen - 1);
	if (e->ext && type == e->ext->type)
		return eap_ext_request(e, id, d + 1, dlen - 1);
	return eap_mschapv2(e, id, d + 1, dlen - 1, now);
}

static int eap_result_packet(struct eap *e, uint8_t code, uint8_t id)
{
	sx_logf(&e->ctx->log, SX_LOG_DEBUG, "eap: rcvd %s id=%u",
		code == EAP_SUCCESS ? "Success" : "Failure", id);
	if (code == EAP_FAILURE && !e->method && e->refused) {
		char msg[EAP_MSG_MAX];

		snprintf(msg, sizeof(msg), "the server insists on %s, which is not allowed here",
			 eap_type_name(e->refused));
		eap_fail(e, SX_REASON_AUTH_UNSUPPORTED, msg);
		return 0;
	}
	if (code == EAP_FAILURE && e->method == EAP_TYPE_TLS) {
		/* SoftEther 5.01 refuses a client certificate this way, after a whole handshake. */
		eap_fail(e, SX_REASON_AUTH_FAILED, e->method_done
			 ? "EAP-TLS: the server refused our certificate (EAP Failure after the TLS "
			   "handshake)"
			 : "EAP-TLS: the server sent EAP Failure during the TLS handshake");
		return 0;
	}
	if (code == EAP_FAILURE && e->ext && e->method == e->ext->type &&
	    *e->ext->message(e->ext_priv)) {
		eap_fail(e, SX_REASON_AUTH_FAILED, e->ext->message(e->ext_priv));
		return 0;
	}
	if (code == EAP_FAILURE) {
		eap_fail(e, SX_REASON_AUTH_FAILED,
			 *e->out.message ? e->out.message : "the server sent EAP Failure");
		return 0;
	}
	/* RFC 3748 4.2 leaves a peer free to believe an early Success; a VPN must not. */
	if (!e->method_done) {
		eap_fail(e, SX_REASON_AUTH_UNVERIFIED,
			 "EAP Success before the method proved the server knows the credentials");
		return 0;
	}
	e->out.result = EAP_RESULT_SUCCESS;
	return 0;
}

int eap_input(struct eap *e, const uint8_t *info, size_t len, uint64_t now)
{
	uint16_t plen;
	int ret;

	if (len < EAP_HDRLEN)
		return -EBADMSG;
	plen = wire_be16(info + 2);
	if (plen < EAP_HDRLEN || plen > len)
		return -EBADMSG;
	/* RFC 3748 4.2: the EAP Failure that ends a failed method is expected, and changes nothing. */
	if (e->out.result == EAP_RESULT_FAILURE && info[0] == EAP_FAILURE)
		return 0;
	if (e->out.result != EAP_RESULT_PENDING)
		return -EPROTO;
	switch (info[0]) {
	case EAP_SUCCESS:
	case EAP_FAILURE:
		return eap_result_packet(e, info[0], info[1]);
	case EAP_REQUEST:
		break;
	default:
		return info[0] == EAP_RESPONSE ? -EPROTO : -EBADMSG;
	}
	if (plen < EAP_HDRLEN + 1)
		return -EBADMSG;
	/* RFC 3748 4.1: a duplicate is answered again, not processed again. Same Identifier alone
	 * is not enough: SoftEther 5.01 sends the EAP-TLS Start with the Identity's Identifier. */
	if (e->last_rsp_len && e->last_req_len == plen && !memcmp(e->last_req, info, plen)) {
		sx_logf(&e->ctx->log, SX_LOG_DEBUG, "eap: rcvd duplicate Request id=%u", info[1]);
		return ppp_send_cp(e->ctx, PPP_EAP, EAP_RESPONSE, e->last_rsp[1],
				   e->last_rsp + EAP_HDRLEN, e->last_rsp_len - EAP_HDRLEN);
	}
	e->last_rsp_len = 0;
	ret = eap_request(e, info[1], info + EAP_HDRLEN, plen - EAP_HDRLEN, now);
	if (!ret && e->last_rsp_len)
		eap_remember(e->last_req, &e->last_req_len, info, plen);
	return ret;
}

enum eap_result eap_result(const struct eap *e)
{
	return e->out.result;
}

uint8_t eap_method(const struct eap *e)
{
	return e->method;
}

int eap_msk(const struct eap *e, uint8_t msk[static EAP_MSK_LEN])
{
	int ret;

	if (e->out.result != EAP_RESULT_SUCCESS)
		return -EPROTO;
	/* RFC 5216 2.3 / RFC 9190 2.3: Key_Material[0..63]. */
	if (e->method == EAP_TYPE_TLS)
		return eap_tls_peer_msk(&e->tlsp, msk);
	if (e->ext && e->method == e->ext->type)
		return e->ext->msk(e->ext_priv, msk);
	/* MS-CHAP 3.1.5.1, from the peer's side: its send key, its receive key, 32 zeros. */
	memset(msk, 0, EAP_MSK_LEN);
	ret = chap_keys(&e->chap, msk, msk + 16);
	if (ret)
		memset(msk, 0, EAP_MSK_LEN);
	return ret;
}

void eap_set_method(struct eap *e, const struct eap_method_ops *ops, void *priv)
{
	e->ext = ops;
	e->ext_priv = priv;
}

enum sx_reason eap_reason(const struct eap *e)
{
	return eap_outcome_reason(&e->out);
}

const char *eap_message(const struct eap *e)
{
	return e->out.message;
}

void eap_destroy(struct eap *e)
{
	if (e->ctx)
		pkt_q_drain(&e->inner.txq, e->ctx->pool);
	chap_destroy(&e->chap);
	if (e->method == EAP_TYPE_TLS)
		eap_tls_peer_destroy(&e->tlsp);
	explicit_bzero(e, sizeof(*e));
}
