// SPDX-License-Identifier: MIT
/* PEAPv0 authenticator (MS-PEAP 3.3) for the test server: TLS, inner MS-CHAPv2, crypto binding. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "ppp/eap_peap_auth.h"
#include "ppp/peap_tlv.h"
#include "ppp/pkt.h"
#include "ppp/wire.h"

static const char peap_km_label[] = "client EAP encryption";
static const char peap_km_label13[] = "EXPORTER_EAP_TLS_Key_Material";

int eap_peap_auth_init(struct eap_peap_auth *a, struct ppp_ctx *ctx,
		       const struct eap_peap_auth_cfg *cfg)
{
	int ret;

	*a = (struct eap_peap_auth){ .ctx = ctx, .fault = cfg->fault };
	if (!cfg->tls.ops)
		return -EINVAL;
	a->tls = cfg->tls;
	a->inner_ctx = (struct ppp_ctx){ .pool = ctx->pool, .log = ctx->log, .rand = ctx->rand,
					 .headroom = ctx->headroom };
	ret = chap_auth_init(&a->chap, &a->inner_ctx, &cfg->chap);
	if (ret)
		return ret;
	eap_frag_rx_init(&a->rx, a->rx_buf, sizeof(a->rx_buf));
	return 0;
}

static int peap_auth_finish(struct eap_peap_auth *a, enum eap_result result, enum sx_reason reason,
			    const char *msg)
{
	a->state = EAP_PEAP_AUTH_DONE;
	eap_outcome_set(&a->out, result, reason, msg);
	sx_logf(&a->ctx->log, result == EAP_RESULT_SUCCESS ? SX_LOG_INFO : SX_LOG_WARN,
		"peap: %s%s", result == EAP_RESULT_SUCCESS ? "peer authenticated" : "failed: ", msg);
	return 0;
}

static int peap_auth_next(struct eap_peap_auth *a, uint8_t *out, size_t cap, size_t *out_len)
{
	long n;

	if (!eap_frag_tx_pending(&a->tx)) {
		out[0] = eap_frag_ack(0);
		*out_len = 1;
		return 0;
	}
	n = eap_frag_tx_next(&a->tx, out, cap);
	if (n < 0)
		return (int)n;
	*out_len = (size_t)n;
	return 0;
}

/* What the engine queued becomes the next Request (an empty one when nothing is queued). */
static int peap_auth_flush(struct eap_peap_auth *a, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t n = a->tls.ops->out_len(a->tls.priv);

	if (n > sizeof(a->tx_buf))
		return -EMSGSIZE;
	n = a->tls.ops->out_take(a->tls.priv, a->tx_buf, n);
	if (n && a->fault == EAP_PEAP_AUTH_FAULT_BAD_RECORD && a->state == EAP_PEAP_AUTH_IDENTITY) {
		/* Fault: the first phase-2 record's last octet (its MAC or tag) is flipped. */
		a->tx_buf[n - 1] ^= 0x01;
		sx_logf(&a->ctx->log, SX_LOG_WARN, "peap: fault: corrupting the first tunnel record");
	}
	eap_frag_tx_init(&a->tx, a->tx_buf, n, 0, false);
	if (!n)
		a->tx = (struct eap_frag_tx){ 0 };
	return peap_auth_next(a, out, cap, out_len);
}

/* One inner Request: compressed (MS-PEAP 3.1.5.6) unless type 33 or 254; id from the outer. */
static int peap_auth_write(struct eap_peap_auth *a, uint8_t type, const uint8_t *data, size_t len)
{
	uint8_t pt[EAP_HDRLEN + 1 + 300];
	size_t off = 0;
	int ret;

	if (len > sizeof(pt) - EAP_HDRLEN - 1)
		return -EMSGSIZE;
	if (type == EAP_TYPE_TLV || type == EAP_TYPE_EXPANDED) {
		/* The inner Identifier is not checked by peers; 0 marks it as ours. */
		pt[0] = EAP_REQUEST;
		pt[1] = 0;
		wire_set_be16(pt + 2, (uint16_t)(EAP_HDRLEN + 1 + len));
		off = EAP_HDRLEN;
	}
	pt[off] = type;
	if (len)
		memcpy(pt + off + 1, data, len);
	ret = a->tls.ops->write(a->tls.priv, pt, off + 1 + len);
	explicit_bzero(pt, sizeof(pt));
	return ret < 0 ? ret : 0;
}

/* Wraps what chap_auth queued as the next EAP-MSCHAPv2 Request. */
static int peap_auth_chap_out(struct eap_peap_auth *a)
{
	struct pkt *r = pkt_q_pop(&a->inner_ctx.txq);
	int ret = 0;

	if (r && r->len > PPP_HDRLEN)
		ret = peap_auth_write(a, EAP_TYPE_MSCHAPV2, pkt_data(r) + PPP_HDRLEN,
				      r->len - PPP_HDRLEN);
	if (r)
		pkt_pool_ret(a->ctx->pool, r);
	pkt_q_drain(&a->inner_ctx.txq, a->ctx->pool);
	return ret;
}

/* MS-PEAP 2.2.8.2: the SoH EAP Extensions Method with a Microsoft SoH Request TLV. */
static int peap_auth_soh(struct eap_peap_auth *a)
{
	static const uint8_t soh[] = { 0, 1, 0x37, 0, 0, 0, PEAP_VT_SOH,
				       0x80, PEAP_TLV_VENDOR, 0, 8, 0, 0, 1, 0x37,
				       0, PEAP_TLV_SOH_REQUEST, 0, 0 };

	a->state = EAP_PEAP_AUTH_SOH;
	sx_logf(&a->ctx->log, SX_LOG_WARN, "peap: fault: asking for a Statement of Health");
	return peap_auth_write(a, EAP_TYPE_EXPANDED, soh, sizeof(soh));
}

static int peap_auth_challenge(struct eap_peap_auth *a, uint64_t now)
{
	int ret = chap_auth_start(&a->chap, now);

	a->state = EAP_PEAP_AUTH_CHALLENGE;
	return ret ? ret : peap_auth_chap_out(a);
}

/* MS-PEAP 3.3.5.4.x: Result TLV (+ our Crypto Binding request over a fresh nonce). */
static int peap_auth_tlv(struct eap_peap_auth *a, bool success)
{
	uint8_t out[PEAP_RESULT_LEN + PEAP_BINDING_LEN], isk[32];
	struct peap_binding b = { .subtype = PEAP_BINDING_REQUEST };
	size_t n;
	int ret;

	a->state = EAP_PEAP_AUTH_TLV;
	if (success && a->fault == EAP_PEAP_AUTH_FAULT_RESULT_FAILURE) {
		sx_logf(&a->ctx->log, SX_LOG_WARN, "peap: fault: Result TLV failure");
		success = false;
	}
	a->sent_failure = !success;
	n = peap_tlv_put_result(out, success ? PEAP_RESULT_SUCCESS : PEAP_RESULT_FAILURE);
	if (!success)
		return peap_auth_write(a, EAP_TYPE_TLV, out, n);
	ret = a->ctx->rand.fn(a->ctx->rand.ctx, b.nonce, sizeof(b.nonce));
	/* ISK: the inner keys, peer send | receive, which is what the MS-CHAPv2 HLAK holds. */
	if (!ret)
		ret = chap_auth_hlak(&a->chap, isk);
	if (!ret)
		ret = peap_compound_keys(a->key_material, isk, a->ipmk, a->cmk);
	explicit_bzero(isk, sizeof(isk));
	if (!ret) {
		peap_tlv_put_binding(out + n, &b);
		ret = peap_binding_mac(a->cmk, out + n, peap_tlv_binding_mac(out + n));
	}
	if (ret)
		return ret;
	if (a->fault == EAP_PEAP_AUTH_FAULT_BAD_BINDING) {
		sx_logf(&a->ctx->log, SX_LOG_WARN, "peap: fault: a wrong Compound MAC");
		peap_tlv_binding_mac(out + n)[0] ^= 0x80;
	}
	return peap_auth_write(a, EAP_TYPE_TLV, out, n + PEAP_BINDING_LEN);
}

/* The peer's TLV Response: Result success and a Crypto Binding whose MAC checks. */
static int peap_auth_tlv_rsp(struct eap_peap_auth *a, const uint8_t *pkt, size_t len)
{
	uint8_t mac[PEAP_MAC_LEN];
	struct peap_tlvs t;
	int ret;

	if (len < EAP_HDRLEN + 1 || pkt[EAP_HDRLEN] != EAP_TYPE_TLV)
		return -EPROTO;
	ret = peap_tlv_parse(pkt + EAP_HDRLEN + 1, len - EAP_HDRLEN - 1, &t);
	if (ret)
		return ret;
	if (a->sent_failure)
		return peap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_AUTH_FAILED,
					*chap_auth_message(&a->chap) ? chap_auth_message(&a->chap)
								     : "fault: Result TLV failure");
	if (t.result != PEAP_RESULT_SUCCESS)
		return peap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_AUTH_UNVERIFIED,
					"the peer answered our Result TLV with failure");
	if (!t.have_binding || t.binding.subtype != PEAP_BINDING_RESPONSE || t.binding.version)
		return peap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_AUTH_UNVERIFIED,
					"the peer sent no valid Crypto Binding TLV");
	ret = peap_binding_mac(a->cmk, t.binding_tlv, mac);
	if (ret)
		return ret;
	if (auth_memcmp_ct(mac, t.binding.mac, sizeof(mac)))
		return peap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_AUTH_UNVERIFIED,
					"the peer's Compound MAC is wrong");
	ret = peap_csk(a->ipmk, a->csk);
	if (ret)
		return ret;
	return peap_auth_finish(a, EAP_RESULT_SUCCESS, SX_REASON_NONE,
				"inner MS-CHAPv2 and the Crypto Binding TLV checked");
}

/* The peer's Identity, then the SoH request (fault) or the MS-CHAPv2 Challenge. */
static int peap_auth_identity(struct eap_peap_auth *a, const uint8_t *pkt, size_t len, uint64_t now)
{
	size_t n = len - EAP_HDRLEN - 1;

	if (pkt[EAP_HDRLEN] != EAP_TYPE_IDENTITY)
		return -EPROTO;
	if (n > EAP_IDENTITY_MAX)
		n = EAP_IDENTITY_MAX;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = pkt[EAP_HDRLEN + 1 + i];

		a->identity[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	a->identity[n] = '\0';
	if (a->fault == EAP_PEAP_AUTH_FAULT_SOH)
		return peap_auth_soh(a);
	return peap_auth_challenge(a, now);
}

static int peap_auth_chap(struct eap_peap_auth *a, const uint8_t *pkt, size_t len, uint64_t now)
{
	uint8_t buf[EAP_LAST_MAX];
	size_t dlen = len - EAP_HDRLEN - 1;
	int ret;

	if (pkt[EAP_HDRLEN] != EAP_TYPE_MSCHAPV2 || dlen < 1 || dlen > sizeof(buf))
		return -EPROTO;
	if (a->state == EAP_PEAP_AUTH_ANSWERED) {
		/* The one-octet Success- or Failure-Response. */
		bool ok = pkt[EAP_HDRLEN + 1] == CHAP_SUCCESS &&
			  chap_auth_result(&a->chap) == CHAP_RESULT_SUCCESS;

		return peap_auth_tlv(a, ok);
	}
	if (dlen < CP_HDRLEN)
		return -EBADMSG;
	memcpy(buf, pkt + EAP_HDRLEN + 1, dlen);
	wire_set_be16(buf + 2, (uint16_t)dlen);
	ret = chap_auth_input(&a->chap, buf, dlen, now);
	explicit_bzero(buf, sizeof(buf));
	if (ret)
		return ret;
	a->state = EAP_PEAP_AUTH_ANSWERED;
	return peap_auth_chap_out(a);
}

/* One inner Response from the tunnel (compressed or not; the Identifier is not ours to check). */
static int peap_auth_inner(struct eap_peap_auth *a, const uint8_t *pt, size_t len, uint64_t now)
{
	uint8_t pkt[EAP_LAST_MAX + EAP_HDRLEN];
	long n = peap_inner_expand(pt, len, EAP_RESPONSE, 0, pkt, sizeof(pkt));

	if (n < EAP_HDRLEN + 1 || pkt[0] != EAP_RESPONSE)
		return n < 0 ? (int)n : -EBADMSG;
	sx_logf(&a->ctx->log, SX_LOG_DEBUG, "peap: rcvd inner Response %s",
		eap_type_name(pkt[EAP_HDRLEN]));
	switch (a->state) {
	case EAP_PEAP_AUTH_IDENTITY:
		return peap_auth_identity(a, pkt, (size_t)n, now);
	case EAP_PEAP_AUTH_SOH:
		/* MS-PEAP 3.3.5.4.5: a Nak (legacy or expanded) means no SoH: start the method. */
		if (pkt[EAP_HDRLEN] != EAP_TYPE_NAK && pkt[EAP_HDRLEN] != EAP_TYPE_EXPANDED)
			return -EPROTO;
		return peap_auth_challenge(a, now);
	case EAP_PEAP_AUTH_CHALLENGE:
	case EAP_PEAP_AUTH_ANSWERED:
		return peap_auth_chap(a, pkt, (size_t)n, now);
	case EAP_PEAP_AUTH_TLV:
		return peap_auth_tlv_rsp(a, pkt, (size_t)n);
	case EAP_PEAP_AUTH_START:
	case EAP_PEAP_AUTH_HANDSHAKE:
	case EAP_PEAP_AUTH_TUNNEL:
	case EAP_PEAP_AUTH_DONE:
		break;
	}
	return -EPROTO;
}

static int peap_auth_tls_failed(struct eap_peap_auth *a)
{
	char why[160], msg[EAP_MSG_MAX];

	a->tls.ops->failure(a->tls.priv, why, sizeof(why));
	snprintf(msg, sizeof(msg), "PEAP TLS: %.80s", why);
	return peap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_PROTOCOL, msg);
}

/* The tunnel is up: keys first, then the inner Identity Request (the Type octet alone). */
static int peap_auth_phase2(struct eap_peap_auth *a)
{
	bool v13 = a->tls.ops->version(a->tls.priv) == EAP_TLS_V13;
	int ret;

	if (v13)
		ret = a->tls.ops->export_key(a->tls.priv, peap_km_label13, (const uint8_t[]){ 25 }, 1,
					     a->key_material, sizeof(a->key_material));
	else
		ret = a->tls.ops->export_key(a->tls.priv, peap_km_label, NULL, 0, a->key_material,
					     sizeof(a->key_material));
	if (ret)
		return ret;
	a->state = EAP_PEAP_AUTH_IDENTITY;
	return peap_auth_write(a, EAP_TYPE_IDENTITY, NULL, 0);
}

/* A whole TLS message from the peer. */
static int peap_auth_message(struct eap_peap_auth *a, uint64_t now)
{
	uint8_t pt[EAP_LAST_MAX];
	int n, ret = a->tls.ops->input(a->tls.priv, a->rx.buf, a->rx.len);

	eap_frag_rx_reset(&a->rx);
	if (ret)
		return ret;
	if (a->tls.ops->status(a->tls.priv) == EAP_TLS_FAILED)
		return peap_auth_tls_failed(a);
	if (a->state == EAP_PEAP_AUTH_START || a->state == EAP_PEAP_AUTH_HANDSHAKE) {
		a->state = EAP_PEAP_AUTH_HANDSHAKE;
		if (a->tls.ops->status(a->tls.priv) != EAP_TLS_ESTABLISHED)
			return 0;
		/* Our last flight (if any) goes first; the peer's empty answer opens phase 2. */
		if (a->tls.ops->out_len(a->tls.priv)) {
			a->state = EAP_PEAP_AUTH_TUNNEL;
			return 0;
		}
		return peap_auth_phase2(a);
	}
	while ((n = a->tls.ops->read(a->tls.priv, pt, sizeof(pt))) != -EAGAIN && !ret) {
		if (n < 0)
			ret = n;
		else if (n > 0)
			ret = peap_auth_inner(a, pt, (size_t)n, now);
	}
	explicit_bzero(pt, sizeof(pt));
	return ret;
}

int eap_peap_auth_start(struct eap_peap_auth *a, uint8_t *out, size_t cap)
{
	int ret;

	if (cap < 1)
		return -EMSGSIZE;
	ret = a->tls.ops->start(a->tls.priv);
	if (ret)
		return ret;
	a->tls_started = true;
	a->state = EAP_PEAP_AUTH_START;
	/* MS-PEAP 2.2.6.2: S set, version 0, no Outer TLVs. */
	out[0] = EAP_FRAG_S;
	return 1;
}

int eap_peap_auth_input(struct eap_peap_auth *a, const uint8_t *d, size_t len, uint8_t *out,
			size_t cap, size_t *out_len, uint64_t now)
{
	enum eap_frag_kind kind;
	uint8_t flags;
	int ret;

	*out_len = 0;
	if (a->state == EAP_PEAP_AUTH_DONE || !a->tls_started)
		return -EPROTO;
	ret = eap_frag_input(&a->rx, d, len, &flags, &kind);
	if (ret)
		return ret;
	/* MS-PEAP 2.2.2: the peer answers with version 0 whatever we offered. */
	if (flags & EAP_FRAG_VERSION)
		return peap_auth_finish(a, EAP_RESULT_FAILURE, SX_REASON_PROTOCOL,
					"the peer negotiated a PEAP version other than 0");
	switch (kind) {
	case EAP_FRAG_PARTIAL:
		return peap_auth_next(a, out, cap, out_len);
	case EAP_FRAG_ACK:
		if (eap_frag_tx_pending(&a->tx))
			return peap_auth_next(a, out, cap, out_len);
		if (a->state != EAP_PEAP_AUTH_TUNNEL)
			return -EPROTO;
		ret = peap_auth_phase2(a);
		break;
	case EAP_FRAG_MESSAGE:
		ret = peap_auth_message(a, now);
		break;
	}
	if (ret || a->state == EAP_PEAP_AUTH_DONE)
		return ret;
	return peap_auth_flush(a, out, cap, out_len);
}

enum eap_result eap_peap_auth_result(const struct eap_peap_auth *a)
{
	return a->out.result;
}

enum sx_reason eap_peap_auth_reason(const struct eap_peap_auth *a)
{
	return eap_outcome_reason(&a->out);
}

const char *eap_peap_auth_message(const struct eap_peap_auth *a)
{
	return a->out.message;
}

const char *eap_peap_auth_user(const struct eap_peap_auth *a)
{
	return chap_auth_user(&a->chap);
}

int eap_peap_auth_hlak(const struct eap_peap_auth *a, uint8_t hlak[static 32])
{
	if (a->out.result != EAP_RESULT_SUCCESS)
		return -EPROTO;
	cbind_hlak_msk(a->csk, sizeof(a->csk), hlak);
	return 0;
}

void eap_peap_auth_destroy(struct eap_peap_auth *a)
{
	if (a->ctx)
		pkt_q_drain(&a->inner_ctx.txq, a->ctx->pool);
	if (a->tls_started && a->tls.ops)
		a->tls.ops->stop(a->tls.priv);
	chap_auth_destroy(&a->chap);
	explicit_bzero(a, sizeof(*a));
}
