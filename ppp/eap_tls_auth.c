// SPDX-License-Identifier: MIT
/* EAP-TLS authenticator (RFC 5216, RFC 9190) for the test server, with its fault knobs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/eap_tls_auth.h"

static const uint8_t eap_tls_type = 0x0d;	/* RFC 9190 2.3: the exporter context */

void eap_tls_auth_init(struct eap_tls_auth *t, const struct eap_tls_engine *eng,
		       const struct sx_log *log, uint16_t room, enum eap_tls_auth_fault fault)
{
	memset(t, 0, offsetof(struct eap_tls_auth, rxbuf));
	t->eng = *eng;
	t->log = *log;
	t->room = room >= EAP_FRAG_HDR_MAX + 1 && room <= EAP_TLS_ROOM ? room : EAP_TLS_ROOM;
	t->fault = fault;
	eap_frag_rx_init(&t->rx, t->rxbuf, sizeof(t->rxbuf));
}

static long eap_tls_auth_end(struct eap_tls_auth *t, enum eap_tls_auth_result result,
			     enum sx_reason reason, const char *why)
{
	size_t n = strnlen(why, sizeof(t->why) - 1);

	if (t->result == EAP_TLS_AUTH_PENDING) {
		t->result = result;
		t->reason = reason;
		memcpy(t->why, why, n);
		t->why[n] = '\0';
	}
	return 0;
}

/* The next Request: a fragment of our flight (FRAG_ORDER swaps the first two), or an ACK. */
static long eap_tls_auth_reply(struct eap_tls_auth *t, uint8_t *out, size_t cap)
{
	size_t room = cap < t->room ? cap : t->room;
	long n;

	if (t->swapped) {
		t->swapped = false;
		memcpy(out, t->held, t->held_len);
		return t->held_len;
	}
	if (!eap_frag_tx_pending(&t->tx)) {
		out[0] = eap_frag_ack(0);
		return 1;
	}
	n = eap_frag_tx_next(&t->tx, out, room);
	if (n > 0 && t->fault == EAP_TLS_AUTH_FAULT_FRAG_ORDER &&
	    (out[0] & (EAP_FRAG_L | EAP_FRAG_M)) == (EAP_FRAG_L | EAP_FRAG_M) &&
	    (size_t)n <= sizeof(t->held)) {
		/* The first fragment is held back and sent after the second. */
		t->fault = EAP_TLS_AUTH_FAULT_NONE;
		memcpy(t->held, out, (size_t)n);
		t->held_len = (uint16_t)n;
		t->swapped = true;
		sx_logf(&t->log, SX_LOG_INFO, "eap-tls: fault: sending fragment 2 before fragment 1");
		n = eap_frag_tx_next(&t->tx, out, room);
	}
	return n;
}

/* Takes the engine's queued bytes as our next flight (BAD_RECORD corrupts the first one). */
static int eap_tls_auth_flight(struct eap_tls_auth *t)
{
	size_t n = t->eng.ops->out_len(t->eng.priv);

	if (n > sizeof(t->txbuf))
		return -EMSGSIZE;
	n = t->eng.ops->out_take(t->eng.priv, t->txbuf, n);
	if (n && t->fault == EAP_TLS_AUTH_FAULT_BAD_RECORD) {
		t->fault = EAP_TLS_AUTH_FAULT_NONE;
		t->txbuf[0] = 0x99;	/* RFC 8446 5: no such ContentType */
		sx_logf(&t->log, SX_LOG_INFO, "eap-tls: fault: corrupting our TLS record type");
	}
	eap_frag_tx_init(&t->tx, t->txbuf, n, 0, false);
	if (!n)
		t->tx.msg = NULL;
	return 0;
}

long eap_tls_auth_start(struct eap_tls_auth *t, uint8_t *out, size_t cap)
{
	int ret;

	if (cap < 1)
		return -EINVAL;
	ret = t->eng.ops->start(t->eng.priv);
	if (ret)
		return ret;
	out[0] = EAP_FRAG_S;	/* RFC 5216 2.1.1 */
	return 1;
}

/* The handshake is over on our side: keys, the client's certificate, the commitment message. */
static int eap_tls_auth_established(struct eap_tls_auth *t)
{
	uint16_t v = t->eng.ops->version(t->eng.priv);
	int ret;

	if (t->version)
		return 0;
	t->version = v;
	if (v == EAP_TLS_V13) {
		ret = t->eng.ops->export_key(t->eng.priv, "EXPORTER_EAP_TLS_Key_Material",
					     &eap_tls_type, 1, t->keys, sizeof(t->keys));
		/* RFC 9190 2.1.1: no more post-handshake messages follow. */
		if (!ret && t->eng.ops->write(t->eng.priv, (const uint8_t[]){ 0 }, 1) != 1)
			ret = -EPROTO;
	} else {
		ret = t->eng.ops->export_key(t->eng.priv, "client EAP encryption", NULL, 0, t->keys,
					     sizeof(t->keys));
	}
	sx_logf(&t->log, SX_LOG_DEBUG, "eap-tls: handshake done (TLS 1.%u), client certificate %s",
		v == EAP_TLS_V13 ? 3 : 2,
		t->eng.ops->peer_verified(t->eng.priv) ? "verified" : "NOT verified");
	return ret;
}

/* A whole TLS message from the peer. */
static long eap_tls_auth_message(struct eap_tls_auth *t, uint8_t *out, size_t cap)
{
	char why[EAP_TLS_WHY_MAX];
	int ret;

	ret = t->eng.ops->input(t->eng.priv, t->rx.buf, t->rx.len);
	eap_frag_rx_reset(&t->rx);
	if (ret)
		return ret;
	if (t->eng.ops->status(t->eng.priv) == EAP_TLS_ESTABLISHED) {
		ret = eap_tls_auth_established(t);
		if (ret)
			return eap_tls_auth_end(t, EAP_TLS_AUTH_FAILURE, SX_REASON_PROTOCOL,
						"no keys from the TLS session");
	}
	if (t->eng.ops->status(t->eng.priv) == EAP_TLS_FAILED) {
		enum eap_tls_fail f = t->eng.ops->failure(t->eng.priv, why, sizeof(why));

		eap_tls_auth_end(t, EAP_TLS_AUTH_FAILURE, f == EAP_TLS_FAIL_PEER_CERT
				 ? SX_REASON_AUTH_FAILED : SX_REASON_PROTOCOL, why);
		t->result = EAP_TLS_AUTH_PENDING;	/* until the peer ACKs our alert */
		t->failing = true;
	}
	ret = eap_tls_auth_flight(t);
	if (ret)
		return ret;
	if (t->failing && !eap_frag_tx_pending(&t->tx)) {
		t->result = EAP_TLS_AUTH_FAILURE;
		return 0;
	}
	if (!eap_frag_tx_pending(&t->tx))
		return -EPROTO;		/* the handshake wants more from the peer than it sent */
	return eap_tls_auth_reply(t, out, cap);
}

/* The peer ACKed our last fragment with nothing left to send: the end of the method. */
static long eap_tls_auth_finish(struct eap_tls_auth *t)
{
	if (t->failing) {
		t->result = EAP_TLS_AUTH_FAILURE;
		return 0;
	}
	if (t->eng.ops->status(t->eng.priv) != EAP_TLS_ESTABLISHED || !t->version)
		return -EPROTO;
	if (!t->eng.ops->peer_verified(t->eng.priv))
		return eap_tls_auth_end(t, EAP_TLS_AUTH_FAILURE, SX_REASON_AUTH_FAILED,
					"the client's certificate did not verify");
	if (t->fault == EAP_TLS_AUTH_FAULT_FAILURE)
		return eap_tls_auth_end(t, EAP_TLS_AUTH_FAILURE, SX_REASON_AUTH_FAILED,
					"fault: EAP Failure after the TLS handshake");
	return eap_tls_auth_end(t, EAP_TLS_AUTH_SUCCESS, SX_REASON_NONE, "");
}

long eap_tls_auth_input(struct eap_tls_auth *t, const uint8_t *d, size_t len, uint8_t *out,
			size_t cap)
{
	bool sending = eap_frag_tx_pending(&t->tx) || t->swapped;
	enum eap_frag_kind kind;
	uint8_t flags;
	int ret;

	if (cap < EAP_FRAG_HDR_MAX + 1)
		return -EINVAL;
	if (t->result != EAP_TLS_AUTH_PENDING)
		return -EPROTO;
	ret = eap_frag_recv(&t->rx, sending, d, len, &flags, &kind);
	if (ret)
		return ret;
	if (flags & EAP_FRAG_S)
		return -EBADMSG;	/* RFC 5216 3.2: S is the server's */
	switch (kind) {
	case EAP_FRAG_PARTIAL:
		out[0] = eap_frag_ack(0);
		return 1;
	case EAP_FRAG_ACK:
		if (sending)
			return eap_tls_auth_reply(t, out, cap);
		return eap_tls_auth_finish(t);
	case EAP_FRAG_MESSAGE:
		break;
	}
	return eap_tls_auth_message(t, out, cap);
}

enum eap_tls_auth_result eap_tls_auth_result(const struct eap_tls_auth *t, enum sx_reason *reason,
					     const char **why)
{
	*reason = t->reason;
	*why = t->why;
	return t->result;
}

int eap_tls_auth_msk(const struct eap_tls_auth *t, uint8_t msk[static 64])
{
	if (t->result != EAP_TLS_AUTH_SUCCESS)
		return -EPROTO;
	memcpy(msk, t->keys, 64);
	return 0;
}

void eap_tls_auth_destroy(struct eap_tls_auth *t)
{
	if (t->eng.ops)
		t->eng.ops->stop(t->eng.priv);
	explicit_bzero(t, sizeof(*t));
}
