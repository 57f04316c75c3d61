// SPDX-License-Identifier: MIT
/* EAP-TLS peer (RFC 5216, RFC 9190): Start, fragments and ACKs, the handshake, MSK/EMSK. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/eap_tls.h"

static const uint8_t eap_tls_type = 0x0d;	/* RFC 9190 2.3: the exporter context */

void eap_tls_peer_init(struct eap_tls_peer *t, const struct eap_tls_engine *eng,
		       const struct sx_log *log, uint16_t room)
{
	memset(t, 0, offsetof(struct eap_tls_peer, rxbuf));
	t->eng = *eng;
	t->log = *log;
	t->room = room >= EAP_FRAG_HDR_MAX + 1 ? room : EAP_TLS_ROOM;
	eap_frag_rx_init(&t->rx, t->rxbuf, sizeof(t->rxbuf));
}

static void eap_tls_fail(struct eap_tls_peer *t, enum sx_reason reason, const char *why)
{
	size_t n;

	if (t->state == EAP_TLS_PEER_FAILED)
		return;
	t->state = EAP_TLS_PEER_FAILED;
	t->failure = reason;
	n = strnlen(why, sizeof(t->why) - 1);
	memcpy(t->why, why, n);
	t->why[n] = '\0';
}

/* The engine's failure as ours: whose fault, in words. */
static void eap_tls_engine_failed(struct eap_tls_peer *t)
{
	char why[EAP_TLS_WHY_MAX], msg[EAP_TLS_WHY_MAX + 100];
	enum eap_tls_fail f = t->eng.ops->failure(t->eng.priv, why, sizeof(why));

	switch (f) {
	case EAP_TLS_FAIL_PEER_CERT:
		snprintf(msg, sizeof(msg), "EAP-TLS: %s", why);
		eap_tls_fail(t, SX_REASON_AUTH_SERVER_CERT, msg);
		return;
	case EAP_TLS_FAIL_REFUSED:
		snprintf(msg, sizeof(msg), "EAP-TLS: the server refused our certificate: %s", why);
		eap_tls_fail(t, SX_REASON_AUTH_FAILED, msg);
		return;
	case EAP_TLS_FAIL_PROTOCOL:
	case EAP_TLS_FAIL_OTHER:
	case EAP_TLS_FAIL_NONE:
		snprintf(msg, sizeof(msg), "EAP-TLS: %s", why);
		eap_tls_fail(t, SX_REASON_PROTOCOL, msg);
		return;
	}
}

/* RFC 5216 2.3 (TLS <= 1.2) or RFC 9190 2.3 (TLS 1.3): Key_Material = MSK | EMSK. */
static int eap_tls_derive(struct eap_tls_peer *t)
{
	uint16_t v = t->eng.ops->version(t->eng.priv);
	int ret;

	if (v == EAP_TLS_V13)
		ret = t->eng.ops->export_key(t->eng.priv, "EXPORTER_EAP_TLS_Key_Material",
					     &eap_tls_type, 1, t->keys, sizeof(t->keys));
	else
		ret = t->eng.ops->export_key(t->eng.priv, "client EAP encryption", NULL, 0, t->keys,
					     sizeof(t->keys));
	if (ret) {
		eap_tls_fail(t, SX_REASON_PROTOCOL, "EAP-TLS: the TLS library exported no keys");
		return ret;
	}
	t->version = v;
	t->state = EAP_TLS_PEER_ESTABLISHED;
	sx_logf(&t->log, SX_LOG_DEBUG, "eap-tls: handshake done (TLS 1.%u), MSK derived (%s)",
		v == EAP_TLS_V13 ? 3 : 2, v == EAP_TLS_V13 ? "RFC 9190" : "RFC 5216");
	return 0;
}

/* Application data after the handshake: TLS 1.3 tickets and the commitment message (RFC 9190
 * 2.1.1, one octet 0x00) are read and dropped; a fatal alert here (the server refusing our
 * certificate after a TLS 1.3 handshake) fails the session. */
static void eap_tls_drain(struct eap_tls_peer *t)
{
	uint8_t buf[256];
	int n;

	while ((n = t->eng.ops->read(t->eng.priv, buf, sizeof(buf))) > 0)
		sx_logf(&t->log, SX_LOG_DEBUG, "eap-tls: rcvd %d octets of application data%s", n,
			n == 1 && !buf[0] ? " (the TLS 1.3 commitment message)" : "");
	explicit_bzero(buf, sizeof(buf));
}

/* After the engine had its input (or started): the state, and the next flight to send. */
static int eap_tls_advance(struct eap_tls_peer *t)
{
	size_t n;

	if (t->state == EAP_TLS_PEER_ESTABLISHED)
		eap_tls_drain(t);
	if (t->state == EAP_TLS_PEER_HANDSHAKE &&
	    t->eng.ops->status(t->eng.priv) == EAP_TLS_ESTABLISHED)
		eap_tls_derive(t);
	if (t->state == EAP_TLS_PEER_ESTABLISHED)
		eap_tls_drain(t);
	if (t->state != EAP_TLS_PEER_FAILED && t->eng.ops->status(t->eng.priv) == EAP_TLS_FAILED)
		eap_tls_engine_failed(t);
	n = t->eng.ops->out_len(t->eng.priv);
	if (n > sizeof(t->txbuf)) {
		eap_tls_fail(t, SX_REASON_PROTOCOL, "EAP-TLS: our TLS flight is too large to send");
		return -EMSGSIZE;
	}
	n = t->eng.ops->out_take(t->eng.priv, t->txbuf, n);
	eap_frag_tx_init(&t->tx, t->txbuf, n, 0, false);
	if (!n)
		t->tx.msg = NULL;	/* nothing to send: the Response is an ACK */
	return 0;
}

/* The Response: the next fragment of our flight, or an ACK (Flags 0, RFC 5216 2.1.5). */
static long eap_tls_reply(struct eap_tls_peer *t, uint8_t *out, size_t cap)
{
	size_t room = cap < t->room ? cap : t->room;

	if (eap_frag_tx_pending(&t->tx))
		return eap_frag_tx_next(&t->tx, out, room);
	out[0] = eap_frag_ack(0);
	return 1;
}

static int eap_tls_start(struct eap_tls_peer *t)
{
	int ret;

	if (t->state != EAP_TLS_PEER_IDLE)
		sx_logf(&t->log, SX_LOG_INFO, "eap-tls: the server started over");
	eap_frag_rx_reset(&t->rx);
	t->tx.msg = NULL;
	t->state = EAP_TLS_PEER_HANDSHAKE;
	ret = t->eng.ops->start(t->eng.priv);
	if (ret) {
		eap_tls_fail(t, SX_REASON_PROTOCOL, "EAP-TLS: cannot start a TLS session");
		return ret;
	}
	return eap_tls_advance(t);
}

/* A fragment stream that does not add up fails the method: waiting for retransmissions of the
 * same bytes would only end in the authentication timeout. */
static long eap_tls_bad_fragments(struct eap_tls_peer *t, int err)
{
	eap_tls_fail(t, SX_REASON_PROTOCOL, err == -EMSGSIZE
		     ? "EAP-TLS: the server's TLS message is larger than we accept"
		     : "EAP-TLS: the server's fragments do not add up (RFC 5216 2.1.5)");
	return err;
}

long eap_tls_peer_input(struct eap_tls_peer *t, const uint8_t *d, size_t len, uint8_t *out,
			size_t cap)
{
	enum eap_frag_kind kind;
	uint8_t flags;
	int ret;

	if (cap < EAP_FRAG_HDR_MAX + 1)
		return -EINVAL;
	if (t->state == EAP_TLS_PEER_FAILED)
		return -EPROTO;
	if (len && (d[0] & EAP_FRAG_S)) {
		/* RFC 5216 2.1.1: the Start carries no data; the peer answers with its hello. */
		ret = eap_tls_start(t);
		return ret ? ret : eap_tls_reply(t, out, cap);
	}
	if (t->state == EAP_TLS_PEER_IDLE)
		return -EPROTO;
	ret = eap_frag_recv(&t->rx, eap_frag_tx_pending(&t->tx), d, len, &flags, &kind);
	if (ret)
		return eap_tls_bad_fragments(t, ret);
	switch (kind) {
	case EAP_FRAG_PARTIAL:
		out[0] = eap_frag_ack(0);
		return 1;
	case EAP_FRAG_ACK:
		return eap_tls_reply(t, out, cap);
	case EAP_FRAG_MESSAGE:
		break;
	}
	ret = t->eng.ops->input(t->eng.priv, t->rx.buf, t->rx.len);
	eap_frag_rx_reset(&t->rx);
	if (!ret)
		ret = eap_tls_advance(t);
	return ret ? ret : eap_tls_reply(t, out, cap);
}

enum sx_reason eap_tls_peer_failure(const struct eap_tls_peer *t, const char **why)
{
	*why = t->why;
	return t->state == EAP_TLS_PEER_FAILED ? t->failure : SX_REASON_NONE;
}

int eap_tls_peer_msk(const struct eap_tls_peer *t, uint8_t msk[static 64])
{
	if (t->state != EAP_TLS_PEER_ESTABLISHED)
		return -EPROTO;
	memcpy(msk, t->keys, 64);
	return 0;
}

void eap_tls_peer_destroy(struct eap_tls_peer *t)
{
	if (t->eng.ops && t->state != EAP_TLS_PEER_IDLE)
		t->eng.ops->stop(t->eng.priv);
	explicit_bzero(t->keys, sizeof(t->keys));
	explicit_bzero(t->rxbuf, sizeof(t->rxbuf));
	explicit_bzero(t->txbuf, sizeof(t->txbuf));
	memset(t, 0, offsetof(struct eap_tls_peer, rxbuf));
}
