// SPDX-License-Identifier: MIT
/* PEAPv0 peer (MS-PEAP): TLS phase 1 through the engine, phase 2 with the inner EAP, crypto binding. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/eap_peap.h"
#include "ppp/peap_tlv.h"
#include "ppp/pkt.h"
#include "ppp/wire.h"

/* MS-PEAP 3.1.5.5.2.1 / RFC 5216 2.3; RFC 9427 2.1 when the tunnel is TLS 1.3 (as hostapd). */
static const char peap_km_label[] = "client EAP encryption";
static const char peap_km_label13[] = "EXPORTER_EAP_TLS_Key_Material";

int eap_peap_init(struct eap_peap *p, struct ppp_ctx *ctx, const struct eap_tls_engine *tls,
		  const char *user, const uint8_t nt_hash[static 16])
{
	int ret;

	*p = (struct eap_peap){ .ctx = ctx };
	if (!tls || !tls->ops)
		return -EINVAL;
	p->tls = *tls;
	p->inner_ctx = (struct ppp_ctx){ .pool = ctx->pool, .log = ctx->log, .rand = ctx->rand,
					 .headroom = ctx->headroom };
	/* The inner identity is the user name (MS-PEAP 3.2.5.4.1); only EAP-MSCHAPv2 inside. */
	ret = eap_init(&p->inner, &p->inner_ctx, NULL, user, nt_hash, EAP_ALLOW_MSCHAPV2);
	if (ret)
		return ret;
	eap_frag_rx_init(&p->rx, p->rx_buf, sizeof(p->rx_buf));
	return 0;
}

static int peap_fail(struct eap_peap *p, enum sx_reason reason, const char *msg)
{
	p->state = EAP_PEAP_FAILED;
	p->reason = reason;
	snprintf(p->message, sizeof(p->message), "%s", msg);
	sx_logf(&p->ctx->log, SX_LOG_DEBUG, "peap: failed: %s", msg);
	return 0;
}

/* The next fragment of what p->tx holds, or the Flags octet alone (an acknowledgement). */
static int peap_next(struct eap_peap *p, uint8_t *out, size_t cap, size_t *out_len)
{
	long n;

	if (!eap_frag_tx_pending(&p->tx)) {
		out[0] = eap_frag_ack(0);
		*out_len = 1;
		return 0;
	}
	n = eap_frag_tx_next(&p->tx, out, cap);
	if (n < 0)
		return (int)n;
	*out_len = (size_t)n;
	return 0;
}

/*
 * Takes what the engine queued as our next message and sends its first fragment (or an
 * acknowledgement when nothing is queued). Phase 1 carries the TLS Message Length always: NPS
 * reads phase-1 packets without it wrongly (hostapd, pppd do the same; eap-facts.md 3.1).
 */
static int peap_flush(struct eap_peap *p, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t n = p->tls.ops->out_len(p->tls.priv);

	if (n > sizeof(p->tx_buf))
		return -EMSGSIZE;
	n = p->tls.ops->out_take(p->tls.priv, p->tx_buf, n);
	eap_frag_tx_init(&p->tx, p->tx_buf, n, 0, p->state == EAP_PEAP_HANDSHAKE);
	if (!n)
		p->tx = (struct eap_frag_tx){ 0 };
	return peap_next(p, out, cap, out_len);
}

static int peap_write(struct eap_peap *p, const uint8_t *pt, size_t len)
{
	int ret = p->tls.ops->write(p->tls.priv, pt, len);

	return ret < 0 ? ret : 0;
}

/* MS-PEAP 3.1.5.6: the inner Response leaves without its header unless it is type 33 or 254. */
static int peap_write_inner(struct eap_peap *p, const uint8_t *pkt, size_t len)
{
	size_t skip = len > EAP_HDRLEN && !peap_inner_keeps_header(pkt[EAP_HDRLEN]) ? EAP_HDRLEN : 0;

	sx_logf(&p->ctx->log, SX_LOG_DEBUG, "peap: sent inner Response id=%u %s (%zu bytes%s)",
		pkt[1], len > EAP_HDRLEN ? eap_type_name(pkt[EAP_HDRLEN]) : "?", len - skip,
		skip ? ", compressed" : "");
	return peap_write(p, pkt + skip, len - skip);
}

/* An EAP TLV Extensions Method Response (always with its header): id | 33 | tlvs. */
static int peap_write_tlvs(struct eap_peap *p, uint8_t id, const uint8_t *tlvs, size_t len)
{
	uint8_t pkt[EAP_HDRLEN + 1 + PEAP_RESULT_LEN + PEAP_BINDING_LEN + PEAP_NAK_LEN];

	if (len > sizeof(pkt) - EAP_HDRLEN - 1)
		return -EMSGSIZE;
	pkt[0] = EAP_RESPONSE;
	pkt[1] = id;
	wire_set_be16(pkt + 2, (uint16_t)(EAP_HDRLEN + 1 + len));
	pkt[4] = EAP_TYPE_TLV;
	memcpy(pkt + EAP_HDRLEN + 1, tlvs, len);
	return peap_write_inner(p, pkt, EAP_HDRLEN + 1 + len);
}

/* Runs one inner Request through the inner EAP and encrypts what it answers. */
static int peap_inner(struct eap_peap *p, const uint8_t *pkt, size_t len)
{
	struct pkt *r;
	int ret = eap_input(&p->inner, pkt, len, 0);

	r = pkt_q_pop(&p->inner_ctx.txq);
	if (r && r->len > PPP_HDRLEN)
		ret = peap_write_inner(p, pkt_data(r) + PPP_HDRLEN, r->len - PPP_HDRLEN);
	if (r)
		pkt_pool_ret(p->ctx->pool, r);
	pkt_q_drain(&p->inner_ctx.txq, p->ctx->pool);
	/* A wrong S= from the server: the inner EAP says nothing more, neither do we. */
	if (eap_result(&p->inner) == EAP_RESULT_FAILURE &&
	    eap_reason(&p->inner) == SX_REASON_AUTH_UNVERIFIED)
		peap_fail(p, SX_REASON_AUTH_UNVERIFIED, eap_message(&p->inner));
	return ret;
}

/*
 * MS-PEAP 2.2.8.3, 2.2.8.2: the Capabilities request is answered with our own (no phase-2
 * fragmentation, F = 0) and its header, as pppd does; an SoH request gets the compressed EAP Nak
 * a peer without NAP sends (MS-PEAP 3.2.5.4.5), after which the server starts the inner method
 * (3.3.5.4.5). Other expanded types go to the inner EAP, which Naks them.
 */
static int peap_expanded(struct eap_peap *p, const uint8_t *pkt, size_t len)
{
	const uint8_t *data;
	uint32_t vendor, vt;
	size_t dlen;
	bool soh;
	int ret = peap_expanded_parse(pkt + EAP_HDRLEN + 1, len - EAP_HDRLEN - 1, &vendor, &vt,
				      &data, &dlen);

	if (ret)
		return ret;
	if (vendor == PEAP_MS_VENDOR && vt == PEAP_VT_CAPABILITIES) {
		uint8_t rsp[EAP_HDRLEN + 1 + 7 + 4] = { EAP_RESPONSE, pkt[1], 0, sizeof(rsp),
							EAP_TYPE_EXPANDED, 0, 1, 0x37, 0, 0, 0,
							PEAP_VT_CAPABILITIES, 0, 0, 0, 0 };

		sx_logf(&p->ctx->log, SX_LOG_DEBUG, "peap: rcvd Capabilities request; no phase-2 "
			"fragmentation here");
		return peap_write_inner(p, rsp, sizeof(rsp));
	}
	if (vendor == PEAP_MS_VENDOR && vt == PEAP_VT_SOH) {
		ret = peap_soh_parse(data, dlen, &soh);
		if (ret)
			return ret;
		sx_logf(&p->ctx->log, SX_LOG_INFO, "peap: the server asks for a Statement of Health "
			"(NAP); answering with a Nak, as Windows does without NAP");
		return peap_write_inner(p, (const uint8_t[]){ EAP_RESPONSE, pkt[1], 0, 6,
							       EAP_TYPE_NAK, EAP_TYPE_MSCHAPV2 }, 6);
	}
	return peap_inner(p, pkt, len);
}

/*
 * MS-PEAP 3.2.5.3, 3.1.5.5: the server's Crypto Binding TLV is checked with the compound keys
 * of TK and the inner method's keys, then answered with ours over the server's nonce (hostapd
 * echoes it; pppd sends a fresh one: the server accepts either, MS-PEAP 3.3.5.3). The CSK is
 * the MSK from now on. 0 with *tlv filled, or a failure recorded (and -EPROTO).
 */
static int peap_bind(struct eap_peap *p, const struct peap_tlvs *req, uint8_t tlv[static PEAP_BINDING_LEN])
{
	uint8_t msk[EAP_MSK_LEN], ipmk[PEAP_IPMK_LEN], cmk[PEAP_CMK_LEN], mac[PEAP_MAC_LEN];
	struct peap_binding b = { .recv_version = req->binding.version,
				  .subtype = PEAP_BINDING_RESPONSE };
	int ret = -EPROTO;

	if (req->binding.version != 0 || req->binding.subtype != PEAP_BINDING_REQUEST) {
		peap_fail(p, SX_REASON_PROTOCOL, "the server's Crypto Binding TLV is not a "
			  "version-0 request");
		goto out;
	}
	/* ISK = the inner send | receive keys (MS-PEAP 3.1.5.5.2.2), the start of the inner MSK. */
	if (eap_msk(&p->inner, msk) || peap_compound_keys(p->key_material, msk, ipmk, cmk) ||
	    peap_binding_mac(cmk, req->binding_tlv, mac)) {
		peap_fail(p, SX_REASON_PROTOCOL, "the compound keys could not be computed");
		goto out;
	}
	if (auth_memcmp_ct(mac, req->binding.mac, sizeof(mac))) {
		sx_logf(&p->ctx->log, SX_LOG_ERR, "peap: the server's Compound MAC is wrong: a relay "
			"in the middle, or a server that does not know the inner keys");
		peap_fail(p, SX_REASON_AUTH_UNVERIFIED, "the server's Crypto Binding TLV does not "
			  "match the tunnel and inner keys");
		goto out;
	}
	memcpy(b.nonce, req->binding.nonce, sizeof(b.nonce));
	peap_tlv_put_binding(tlv, &b);
	if (peap_binding_mac(cmk, tlv, peap_tlv_binding_mac(tlv)) || peap_csk(ipmk, p->msk)) {
		peap_fail(p, SX_REASON_PROTOCOL, "the compound keys could not be computed");
		goto out;
	}
	p->bound = true;
	ret = 0;
out:
	explicit_bzero(msk, sizeof(msk));
	explicit_bzero(ipmk, sizeof(ipmk));
	explicit_bzero(cmk, sizeof(cmk));
	explicit_bzero(mac, sizeof(mac));
	return ret;
}

/* The inner method ended well: let the inner EAP believe it, as its EAP Success would. */
static bool peap_inner_succeeded(struct eap_peap *p, uint8_t id)
{
	if (eap_result(&p->inner) == EAP_RESULT_PENDING && eap_method(&p->inner))
		eap_input(&p->inner, (const uint8_t[]){ EAP_SUCCESS, id, 0, EAP_HDRLEN }, EAP_HDRLEN,
			  0);
	return eap_result(&p->inner) == EAP_RESULT_SUCCESS;
}

static int peap_result_success(struct eap_peap *p, uint8_t id, const struct peap_tlvs *t)
{
	uint8_t out[PEAP_RESULT_LEN + PEAP_BINDING_LEN];
	size_t n = peap_tlv_put_result(out, PEAP_RESULT_SUCCESS);

	if (!peap_inner_succeeded(p, id)) {
		peap_fail(p, SX_REASON_AUTH_UNVERIFIED, "the server's Result TLV says success "
			  "before the inner method proved it");
		peap_tlv_put_result(out, PEAP_RESULT_FAILURE);
		return peap_write_tlvs(p, id, out, PEAP_RESULT_LEN);
	}
	if (t->have_binding) {
		if (peap_bind(p, t, out + n)) {
			peap_tlv_put_result(out, PEAP_RESULT_FAILURE);
			return peap_write_tlvs(p, id, out, PEAP_RESULT_LEN);
		}
		n += PEAP_BINDING_LEN;
	} else {
		/* MS-PEAP 3.1.5.7 item 2: without binding the MSK is Key_Material[0..63]. */
		sx_logf(&p->ctx->log, SX_LOG_WARN, "peap: the server sent no Crypto Binding TLV: "
			"nothing ties the inner method to this tunnel");
		memcpy(p->msk, p->key_material, EAP_MSK_LEN);
	}
	p->state = EAP_PEAP_BOUND;
	sx_logf(&p->ctx->log, SX_LOG_DEBUG, "peap: rcvd Result success%s; answering", t->have_binding
		? " and a valid Crypto Binding TLV" : "");
	return peap_write_tlvs(p, id, out, n);
}

/* MS-PEAP 3.2.5.4.7: the EAP TLV Extensions Method request. */
static int peap_tlv_request(struct eap_peap *p, const uint8_t *pkt, size_t len)
{
	uint8_t out[PEAP_NAK_LEN];
	struct peap_tlvs t;
	int ret = peap_tlv_parse(pkt + EAP_HDRLEN + 1, len - EAP_HDRLEN - 1, &t);

	if (ret)
		return ret;
	if (t.unknown_mandatory) {
		/* MS-PEAP 2.2.4 has the packet dropped; the NAK TLV (hostapd) ends it sooner. */
		snprintf(p->message, sizeof(p->message), "the server sent a mandatory TLV of type "
			 "%u, unknown to PEAPv0", t.unknown_mandatory);
		sx_logf(&p->ctx->log, SX_LOG_WARN, "peap: %s; answering with a NAK TLV", p->message);
		peap_tlv_put_nak(out, t.unknown_mandatory);
		return peap_write_tlvs(p, pkt[1], out, PEAP_NAK_LEN);
	}
	if (t.result == PEAP_RESULT_FAILURE) {
		/* The inner method's own failure (E=691, ...) is the better cause when there is one. */
		if (eap_result(&p->inner) == EAP_RESULT_FAILURE)
			peap_fail(p, eap_reason(&p->inner), eap_message(&p->inner));
		else
			peap_fail(p, SX_REASON_AUTH_FAILED, "the server's Result TLV says failure");
		peap_tlv_put_result(out, PEAP_RESULT_FAILURE);
		return peap_write_tlvs(p, pkt[1], out, PEAP_RESULT_LEN);
	}
	if (t.result == PEAP_RESULT_SUCCESS)
		return peap_result_success(p, pkt[1], &t);
	return -EPROTO;
}

/* One inner packet's plaintext (compressed or not) from the tunnel. */
static int peap_phase2(struct eap_peap *p, uint8_t id, const uint8_t *pt, size_t len)
{
	uint8_t pkt[EAP_PEAP_PT_MAX + EAP_HDRLEN];
	long n = peap_inner_expand(pt, len, EAP_REQUEST, id, pkt, sizeof(pkt));

	if (n < 0)
		return (int)n;
	/* MS-PEAP 3.1.5.6: EAP Success and Failure never travel inside the tunnel. */
	if (pkt[0] != EAP_REQUEST || n < EAP_HDRLEN + 1)
		return -EPROTO;
	sx_logf(&p->ctx->log, SX_LOG_DEBUG, "peap: rcvd inner Request id=%u %s", pkt[1],
		eap_type_name(pkt[EAP_HDRLEN]));
	switch (pkt[EAP_HDRLEN]) {
	case EAP_TYPE_TLV:
		return peap_tlv_request(p, pkt, (size_t)n);
	case EAP_TYPE_EXPANDED:
		return peap_expanded(p, pkt, (size_t)n);
	case EAP_TYPE_PEAP:
		return -EPROTO;	/* no PEAP inside PEAP */
	}
	return peap_inner(p, pkt, (size_t)n);
}

/* Decrypts what the tunnel holds, one inner packet per record read. */
static int peap_read_tunnel(struct eap_peap *p, uint8_t id)
{
	uint8_t pt[EAP_PEAP_PT_MAX];
	int n, ret = 0;

	while (!ret && p->state == EAP_PEAP_PHASE2 &&
	       (n = p->tls.ops->read(p->tls.priv, pt, sizeof(pt))) != -EAGAIN) {
		if (n < 0)
			return n;
		if (n > 0)
			ret = peap_phase2(p, id, pt, (size_t)n);
	}
	explicit_bzero(pt, sizeof(pt));
	return ret;
}

static int peap_tls_failed(struct eap_peap *p)
{
	char why[160], msg[EAP_MSG_MAX];
	enum eap_tls_fail f = p->tls.ops->failure(p->tls.priv, why, sizeof(why));

	snprintf(msg, sizeof(msg), "PEAP TLS: %.80s", why);
	/* As EAP-TLS (ppp/eap_tls.c) does: a refused certificate is the TLS exit's cause. */
	switch (f) {
	case EAP_TLS_FAIL_PEER_CERT:
		return peap_fail(p, SX_REASON_AUTH_SERVER_CERT, msg);
	case EAP_TLS_FAIL_REFUSED:
		return peap_fail(p, SX_REASON_AUTH_FAILED, msg);
	case EAP_TLS_FAIL_PROTOCOL:
	case EAP_TLS_FAIL_OTHER:
	case EAP_TLS_FAIL_NONE:
		return peap_fail(p, SX_REASON_PROTOCOL, msg);
	}
	return 0;
}

/* The tunnel just came up: export Key_Material (TK is its start) before anything else. */
static int peap_established(struct eap_peap *p)
{
	bool v13 = p->tls.ops->version(p->tls.priv) == EAP_TLS_V13;
	int ret;

	if (v13)
		ret = p->tls.ops->export_key(p->tls.priv, peap_km_label13, (const uint8_t[]){ 25 }, 1,
					     p->key_material, sizeof(p->key_material));
	else
		ret = p->tls.ops->export_key(p->tls.priv, peap_km_label, NULL, 0, p->key_material,
					     sizeof(p->key_material));
	if (ret)
		return peap_fail(p, SX_REASON_PROTOCOL, "PEAP TLS: no key material from the tunnel");
	p->state = EAP_PEAP_PHASE2;
	sx_logf(&p->ctx->log, SX_LOG_DEBUG, "peap: tunnel up (%s)", v13 ? "TLS 1.3" : "TLS 1.2");
	return 0;
}

/* A whole TLS message from the server. */
static int peap_message(struct eap_peap *p, uint8_t id, uint8_t *out, size_t cap, size_t *out_len)
{
	int ret = p->tls.ops->input(p->tls.priv, p->rx.buf, p->rx.len);

	eap_frag_rx_reset(&p->rx);
	if (ret)
		return ret;
	if (p->state == EAP_PEAP_HANDSHAKE &&
	    p->tls.ops->status(p->tls.priv) == EAP_TLS_ESTABLISHED)
		peap_established(p);
	if (p->state == EAP_PEAP_PHASE2)
		ret = peap_read_tunnel(p, id);
	if (p->tls.ops->status(p->tls.priv) == EAP_TLS_FAILED && p->state != EAP_PEAP_FAILED) {
		/* MS-PEAP 3.2.5.2: a bad record ends the tunnel; the alert still goes out. */
		peap_tls_failed(p);
		ret = 0;
	}
	if (ret == -EBADMSG && p->state == EAP_PEAP_PHASE2)
		ret = 0;	/* a malformed inner packet is dropped; the server repeats or gives up */
	if (ret)
		return ret;
	return peap_flush(p, out, cap, out_len);
}

/* MS-PEAP 3.2.5.2: the Start begins (or restarts) the TLS session; we speak version 0. */
static int peap_start(struct eap_peap *p, uint8_t flags, uint8_t *out, size_t cap, size_t *out_len)
{
	int ret;

	if (p->state != EAP_PEAP_IDLE)
		sx_logf(&p->ctx->log, SX_LOG_WARN, "peap: a second Start: restarting the tunnel");
	sx_logf(&p->ctx->log, SX_LOG_DEBUG, "peap: rcvd Start (server version %u, ours 0)",
		flags & EAP_FRAG_VERSION);
	eap_frag_rx_reset(&p->rx);
	p->tx = (struct eap_frag_tx){ 0 };
	ret = p->tls.ops->start(p->tls.priv);
	if (ret)
		return ret;
	p->state = EAP_PEAP_HANDSHAKE;
	return peap_flush(p, out, cap, out_len);
}

int eap_peap_input(struct eap_peap *p, uint8_t id, const uint8_t *d, size_t len, uint8_t *out,
		   size_t cap, size_t *out_len)
{
	enum eap_frag_kind kind;
	uint8_t flags = len ? d[0] : 0;
	int ret;

	*out_len = 0;
	if (p->state == EAP_PEAP_FAILED || p->state == EAP_PEAP_BOUND)
		return -EPROTO;
	if (flags & EAP_FRAG_S)
		return peap_start(p, flags, out, cap, out_len);
	if (p->state == EAP_PEAP_IDLE)
		return -EPROTO;
	ret = eap_frag_input(&p->rx, d, len, &flags, &kind);
	if (ret)
		return ret;
	switch (kind) {
	case EAP_FRAG_PARTIAL:
		/* MS-PEAP 2.2.3: each fragment is acknowledged with an empty PEAP packet. */
		out[0] = eap_frag_ack(0);
		*out_len = 1;
		return 0;
	case EAP_FRAG_ACK:
		if (!eap_frag_tx_pending(&p->tx))
			return -EPROTO;
		return peap_next(p, out, cap, out_len);
	case EAP_FRAG_MESSAGE:
		break;
	}
	return peap_message(p, id, out, cap, out_len);
}

enum eap_peap_state eap_peap_state(const struct eap_peap *p)
{
	return p->state;
}

enum sx_reason eap_peap_reason(const struct eap_peap *p)
{
	return p->state == EAP_PEAP_FAILED ? p->reason : SX_REASON_NONE;
}

const char *eap_peap_message(const struct eap_peap *p)
{
	return p->message;
}

int eap_peap_msk(const struct eap_peap *p, uint8_t msk[static EAP_MSK_LEN])
{
	if (p->state != EAP_PEAP_BOUND)
		return -EPROTO;
	memcpy(msk, p->msk, EAP_MSK_LEN);
	return 0;
}

static int peap_m_input(void *priv, uint8_t id, const uint8_t *d, size_t len, uint8_t *out,
			size_t cap, size_t *out_len)
{
	return eap_peap_input(priv, id, d, len, out, cap, out_len);
}

static enum eap_result peap_m_result(const void *priv)
{
	switch (eap_peap_state(priv)) {
	case EAP_PEAP_BOUND:
		return EAP_RESULT_SUCCESS;
	case EAP_PEAP_FAILED:
		return EAP_RESULT_FAILURE;
	case EAP_PEAP_IDLE:
	case EAP_PEAP_HANDSHAKE:
	case EAP_PEAP_PHASE2:
		break;
	}
	return EAP_RESULT_PENDING;
}

static enum sx_reason peap_m_reason(const void *priv)
{
	return eap_peap_reason(priv);
}

static const char *peap_m_message(const void *priv)
{
	return eap_peap_message(priv);
}

static int peap_m_msk(const void *priv, uint8_t msk[static EAP_MSK_LEN])
{
	return eap_peap_msk(priv, msk);
}

const struct eap_method_ops eap_peap_method = {
	.type = EAP_TYPE_PEAP,
	.input = peap_m_input,
	.result = peap_m_result,
	.reason = peap_m_reason,
	.message = peap_m_message,
	.msk = peap_m_msk,
};

int eap_peap_chap_error(const struct eap_peap *p)
{
	return chap_error(&p->inner.chap);
}

void eap_peap_destroy(struct eap_peap *p)
{
	if (p->ctx)
		pkt_q_drain(&p->inner_ctx.txq, p->ctx->pool);
	if (p->tls.ops && p->state != EAP_PEAP_IDLE)
		p->tls.ops->stop(p->tls.priv);
	eap_destroy(&p->inner);
	explicit_bzero(p, sizeof(*p));
}
