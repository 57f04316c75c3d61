// SPDX-License-Identifier: MIT
/* The server's SSTP control state machine (MS-SSTP 3.3.1.1.1, 3.1.1.1) with fault knobs: I/O-free, driven by input, tick and set_hlak. */
#include <errno.h>
#include <string.h>

#include "sstp/srv.h"

#define LOG(srv, lvl, ...) sx_logf(&(srv)->cfg.log, SX_LOG_##lvl, "sstp-srv: " __VA_ARGS__)

static uint32_t or_default(uint32_t v, uint32_t def)
{
	return v ? v : def;
}

int sstp_srv_init(struct sstp_srv *srv, const struct sstp_srv_cfg *cfg)
{
	if (!srv || !cfg)
		return -EINVAL;
	if (cfg->offer & ~(SSTP_HASH_SHA1 | SSTP_HASH_SHA256))
		return -EINVAL;
	memset(srv, 0, sizeof(*srv));
	srv->cfg = *cfg;
	if (!srv->cfg.offer)
		srv->cfg.offer = SSTP_HASH_SHA1 | SSTP_HASH_SHA256;
	srv->cfg.negotiation_ms = or_default(cfg->negotiation_ms, 60000);
	srv->cfg.hello_wait_ms = or_default(cfg->hello_wait_ms, 10000);
	srv->cfg.abort1_ms = or_default(cfg->abort1_ms, 3000);
	srv->cfg.abort2_ms = or_default(cfg->abort2_ms, 1000);
	srv->cfg.disconnect1_ms = or_default(cfg->disconnect1_ms, 5000);
	srv->cfg.disconnect2_ms = or_default(cfg->disconnect2_ms, 1000);
	srv->state = SSTP_SRV_IDLE;
	return 0;
}

enum sstp_srv_state sstp_srv_state(const struct sstp_srv *srv)
{
	return srv->state;
}

const char *sstp_srv_state_str(enum sstp_srv_state state)
{
	switch (state) {
	case SSTP_SRV_IDLE: return "idle";
	case SSTP_SRV_REQUEST_PENDING: return "connect-request-pending";
	case SSTP_SRV_CONNECTED_PENDING: return "call-connected-pending";
	case SSTP_SRV_CONNECTED: return "connected";
	case SSTP_SRV_ABORT_SENT: return "abort-pending";
	case SSTP_SRV_ABORT_WAIT: return "abort-in-progress";
	case SSTP_SRV_DISCONNECT_SENT: return "disconnect-ack-pending";
	case SSTP_SRV_DISCONNECT_WAIT: return "disconnect-in-progress";
	case SSTP_SRV_FINISHED: return "finished";
	}
	return "unknown";
}

void sstp_srv_set_faults(struct sstp_srv *srv, unsigned faults)
{
	srv->cfg.faults = faults;
}

static void push_event(struct sstp_srv *srv, const struct sstp_srv_event *ev)
{
	/* At most one each of CALL_CONNECT, BOUND, DOWN, FINISHED: the queue cannot overflow. */
	if (srv->ev_n == SSTP_SRV_EVQ)
		return;
	srv->evq[(srv->ev_head + srv->ev_n) % SSTP_SRV_EVQ] = *ev;
	srv->ev_n++;
}

/* First cause wins (conventions 8). */
static void emit_down(struct sstp_srv *srv, enum sx_reason reason, const char *text,
		      const struct sstp_status_info *status)
{
	struct sstp_srv_event ev = { .type = SSTP_SRV_EV_DOWN, .reason = reason, .text = text };

	if (srv->down_sent)
		return;
	srv->down_sent = true;
	if (status) {
		ev.has_status = true;
		ev.status = *status;
	}
	LOG(srv, INFO, "down: %s (%s)", text, sx_reason_str(reason));
	push_event(srv, &ev);
}

static void finish(struct sstp_srv *srv)
{
	struct sstp_srv_event ev = { .type = SSTP_SRV_EV_FINISHED };

	srv->state = SSTP_SRV_FINISHED;
	srv->timer = 0;
	srv->echo_sent = 0;
	explicit_bzero(srv->hlak, sizeof(srv->hlak));
	LOG(srv, DEBUG, "finished");
	push_event(srv, &ev);
}

/* Queues raw bytes; 0 or -ENOBUFS. */
static int queue_raw(struct sstp_srv *srv, const uint8_t *buf, size_t len)
{
	unsigned i = (srv->tx_head + srv->tx_n) % SSTP_SRV_TXQ;

	if (srv->tx_n == SSTP_SRV_TXQ || len > SSTP_SRV_TX_MAX)
		return -ENOBUFS;
	memcpy(srv->txq[i].buf, buf, len);
	srv->txq[i].len = (uint16_t)len;
	srv->tx_n++;
	return 0;
}

static void send_msg(struct sstp_srv *srv, const struct sstp_msg *m)
{
	uint8_t buf[64];
	struct wire_w w = wire_w_init(buf, sizeof(buf));
	enum sx_level level;

	if (srv->cfg.faults & SSTP_SRV_F_SILENT) {
		LOG(srv, DEBUG, "silent: not sending %s", sstp_msg_type_str(m->type));
		return;
	}
	if (sstp_msg_build(m, &w) || queue_raw(srv, buf, w.off)) {
		LOG(srv, WARN, "cannot queue %s", sstp_msg_type_str(m->type));
		return;
	}
	/* Echoes come every few seconds for hours: keep them out of the info level. */
	level = m->type == SSTP_MSG_ECHO_REQUEST || m->type == SSTP_MSG_ECHO_RESPONSE ?
		SX_LOG_DEBUG : SX_LOG_INFO;
	if (m->n_status)
		sx_logf(&srv->cfg.log, level, "sstp-srv: sent %s status=%u",
			sstp_msg_type_str(m->type), (unsigned)m->status[0].status);
	else
		sx_logf(&srv->cfg.log, level, "sstp-srv: sent %s", sstp_msg_type_str(m->type));
}

static void send_simple(struct sstp_srv *srv, enum sstp_msg_type type)
{
	struct sstp_msg m = { .type = type };

	send_msg(srv, &m);
}

static void send_status(struct sstp_srv *srv, enum sstp_msg_type type, uint8_t attr,
			uint32_t status)
{
	struct sstp_msg m = { .type = type, .n_status = 1 };

	m.status[0].attr_id = attr;
	m.status[0].status = status;
	send_msg(srv, &m);
}

/* MS-SSTP 3.1.5.1: Call Abort, abort timer 1, Call_Abort_Pending. */
static void abort_call(struct sstp_srv *srv, enum sx_reason reason, const char *text,
		       uint8_t attr, uint32_t status, uint64_t now)
{
	emit_down(srv, reason, text, NULL);
	send_status(srv, SSTP_MSG_CALL_ABORT, attr, status);
	srv->state = SSTP_SRV_ABORT_SENT;
	srv->timer = now + srv->cfg.abort1_ms;
	srv->echo_sent = 0;
}

int sstp_srv_start(struct sstp_srv *srv, uint64_t now_ms)
{
	if (srv->state != SSTP_SRV_IDLE)
		return -EPROTO;
	/* MS-SSTP 3.3.2: the negotiation timer bounds the wait for Call Connect Request. */
	srv->state = SSTP_SRV_REQUEST_PENDING;
	srv->timer = now_ms + srv->cfg.negotiation_ms;
	srv->last_rx = now_ms;
	return 0;
}

void sstp_srv_note_rx(struct sstp_srv *srv, uint64_t now_ms)
{
	if (now_ms > srv->last_rx)
		srv->last_rx = now_ms;
	srv->echo_sent = 0;
}

static void rcvd_connect_request(struct sstp_srv *srv, const struct sstp_msg *m, uint64_t now)
{
	struct sstp_srv_event ev = { .type = SSTP_SRV_EV_CALL_CONNECT };
	struct sstp_msg ack = { .type = SSTP_MSG_CALL_CONNECT_ACK, .hash = srv->cfg.offer };
	struct sstp_msg nak = { .type = SSTP_MSG_CALL_CONNECT_NAK, .n_status = 1 };

	LOG(srv, INFO, "rcvd Call Connect Request protocol=%u", (unsigned)m->protocol_id);
	if (m->protocol_id != SSTP_ENCAP_PPP) {
		/*
		 * MS-SSTP 3.3.1.1.1 / 3.1.5.1: an unacceptable Protocol ID gets a Connect Nak
		 * naming the attribute and the reason (2.2.8 ATTRIB_STATUS_VALUE_NOT_SUPPORTED),
		 * with the value received. We offer nothing else, so the call ends here.
		 */
		nak.status[0].attr_id = SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID;
		nak.status[0].status = SSTP_STATUS_VALUE_NOT_SUPPORTED;
		nak.status[0].value_len = 2;
		wire_set_be16(nak.status[0].value, m->protocol_id);
		send_msg(srv, &nak);
		emit_down(srv, SX_REASON_CONNECT_NAK, "request: protocol not PPP", NULL);
		finish(srv);
		return;
	}
	memcpy(ack.nonce, srv->cfg.nonce, SSTP_NONCE_LEN);
	send_msg(srv, &ack);
	/* MS-SSTP 3.3.2: the negotiation timer restarts and now waits for Call Connected. */
	srv->state = SSTP_SRV_CONNECTED_PENDING;
	srv->timer = now + srv->cfg.negotiation_ms;
	ev.hash = srv->cfg.offer;
	push_event(srv, &ev);
}

static void enter_connected(struct sstp_srv *srv, uint8_t hash, uint64_t now)
{
	struct sstp_srv_event ev = { .type = SSTP_SRV_EV_BOUND, .hash = hash };

	LOG(srv, INFO, "binding verified hash=%s", sstp_hash_str(hash));
	srv->state = SSTP_SRV_CONNECTED;
	srv->timer = 0;
	srv->bound_at = now;
	srv->echo_sent = 0;
	if (now > srv->last_rx)
		srv->last_rx = now;
	push_event(srv, &ev);
}

/*
 * MS-SSTP 3.3.5.2.3: the Crypto Binding is checked against the nonce we sent, our certificate's
 * hash of the chosen type and the Compound MAC from the HLAK; the hash must be one offered
 * (2.2.7). Any mismatch aborts the call (3.1.5.1). The status for a wrong value is
 * ATTRIB_STATUS_INVALID_FRAME_RECEIVED (2.2.8) for the Crypto Binding attribute, and
 * ATTRIB_STATUS_VALUE_NOT_SUPPORTED for a hash protocol we did not offer. The field checks are
 * repeated here only to name the mismatch; sstp_cbind_verify has the last word (constant time).
 */
static void verify_binding(struct sstp_srv *srv, uint64_t now)
{
	const uint8_t *want_cert;
	struct sstp_msg m;
	const char *text = NULL, *why;
	uint32_t status = SSTP_STATUS_INVALID_FRAME_RECEIVED;

	if (sstp_msg_parse(srv->cc, SSTP_CALL_CONNECTED_LEN, &m, &why))
		text = "binding: malformed";
	else if ((m.hash != SSTP_HASH_SHA1 && m.hash != SSTP_HASH_SHA256) ||
		 !(m.hash & srv->cfg.offer)) {
		text = "binding: hash not offered";
		status = SSTP_STATUS_VALUE_NOT_SUPPORTED;
	} else if (auth_memcmp_ct(m.nonce, srv->cfg.nonce, SSTP_NONCE_LEN)) {
		text = "binding: nonce mismatch";
	} else {
		want_cert = m.hash == SSTP_HASH_SHA256 ? srv->cfg.cert_sha256 : srv->cfg.cert_sha1;
		if (auth_memcmp_ct(m.cert_hash, want_cert, CBIND_FIELD_LEN))
			text = "binding: certificate hash mismatch";
		else if (sstp_cbind_verify(srv->cc, SSTP_CALL_CONNECTED_LEN, srv->cfg.offer,
					   srv->cfg.nonce, srv->cfg.cert_sha1,
					   srv->cfg.cert_sha256, srv->hlak, &why))
			text = "binding: MAC mismatch";
	}
	srv->cc_held = false;
	explicit_bzero(srv->cc, sizeof(srv->cc));
	if (text) {
		LOG(srv, WARN, "rcvd Call Connected: %s", text);
		abort_call(srv, SX_REASON_PROTOCOL, text, SSTP_ATTR_CRYPTO_BINDING, status, now);
		return;
	}
	enter_connected(srv, m.hash, now);
}

static void rcvd_connected(struct sstp_srv *srv, const uint8_t *pkt, size_t len, uint64_t now)
{
	LOG(srv, INFO, "rcvd Call Connected%s", srv->hlak_set ? "" : " (held until the HLAK)");
	/* The parser has checked the length: a Call Connected is always 112 bytes. */
	memcpy(srv->cc, pkt, len < sizeof(srv->cc) ? len : sizeof(srv->cc));
	srv->cc_held = true;
	if (srv->hlak_set)
		verify_binding(srv, now);
}

int sstp_srv_set_hlak(struct sstp_srv *srv, const uint8_t hlak[static CBIND_HLAK_LEN],
		      uint64_t now_ms)
{
	if (srv->state != SSTP_SRV_CONNECTED_PENDING || srv->hlak_set)
		return -EPROTO;
	memcpy(srv->hlak, hlak, CBIND_HLAK_LEN);
	srv->hlak_set = true;
	LOG(srv, DEBUG, "HLAK set");
	if (srv->cc_held)
		verify_binding(srv, now_ms);
	return 0;
}

static void rcvd_abort(struct sstp_srv *srv, const struct sstp_msg *m, uint64_t now)
{
	const struct sstp_status_info *s = m->n_status ? &m->status[0] : NULL;

	LOG(srv, INFO, "rcvd Call Abort");
	emit_down(srv, SX_REASON_SERVER_ABORT, "peer: Call Abort", s);
	/* MS-SSTP 3.1.2.1: answer with Call Abort (unless ours is out), then abort timer 2. */
	if (srv->state != SSTP_SRV_ABORT_SENT)
		send_status(srv, SSTP_MSG_CALL_ABORT, 0, SSTP_STATUS_NO_ERROR);
	srv->state = SSTP_SRV_ABORT_WAIT;
	srv->timer = now + srv->cfg.abort2_ms;
	srv->echo_sent = 0;
}

static void rcvd_disconnect(struct sstp_srv *srv, const struct sstp_msg *m, uint64_t now)
{
	const struct sstp_status_info *s = m->n_status ? &m->status[0] : NULL;

	LOG(srv, INFO, "rcvd Call Disconnect");
	emit_down(srv, SX_REASON_SERVER_DISCONNECT, "peer: Call Disconnect", s);
	/* MS-SSTP 3.1.2.2: Disconnect Ack, then disconnect timer 2. */
	send_simple(srv, SSTP_MSG_CALL_DISCONNECT_ACK);
	srv->state = SSTP_SRV_DISCONNECT_WAIT;
	srv->timer = now + srv->cfg.disconnect2_ms;
	srv->echo_sent = 0;
}

static void rcvd_active(struct sstp_srv *srv, const struct sstp_msg *m, const uint8_t *pkt,
			size_t len, uint64_t now)
{
	switch (m->type) {
	case SSTP_MSG_CALL_CONNECT_REQUEST:
		if (srv->state == SSTP_SRV_REQUEST_PENDING) {
			rcvd_connect_request(srv, m, now);
			return;
		}
		break;
	case SSTP_MSG_CALL_CONNECTED:
		if (srv->state == SSTP_SRV_CONNECTED_PENDING && !srv->cc_held) {
			rcvd_connected(srv, pkt, len, now);
			return;
		}
		break;
	case SSTP_MSG_CALL_ABORT:
		rcvd_abort(srv, m, now);
		return;
	case SSTP_MSG_CALL_DISCONNECT:
		rcvd_disconnect(srv, m, now);
		return;
	case SSTP_MSG_ECHO_REQUEST:
		LOG(srv, DEBUG, "rcvd Echo Request");
		/* Answered once the call exists (fault: never); before the request it aborts. */
		if (srv->state != SSTP_SRV_REQUEST_PENDING &&
		    !(srv->cfg.faults & SSTP_SRV_F_NO_ECHO_REPLY))
			send_simple(srv, SSTP_MSG_ECHO_RESPONSE);
		if (srv->state != SSTP_SRV_REQUEST_PENDING)
			return;
		break;
	case SSTP_MSG_ECHO_RESPONSE:
		LOG(srv, DEBUG, "rcvd Echo Response");
		return;
	case SSTP_MSG_CALL_CONNECT_ACK:
	case SSTP_MSG_CALL_CONNECT_NAK:
	case SSTP_MSG_CALL_DISCONNECT_ACK:
		break;
	}
	LOG(srv, WARN, "rcvd %s in state %s", sstp_msg_type_str(m->type),
	    sstp_srv_state_str(srv->state));
	abort_call(srv, SX_REASON_PROTOCOL, "protocol: unexpected message", 0,
		   SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED, now);
}

static void rcvd_closing(struct sstp_srv *srv, const struct sstp_msg *m, uint64_t now)
{
	switch (srv->state) {
	case SSTP_SRV_ABORT_SENT:
		if (m->type == SSTP_MSG_CALL_ABORT)
			rcvd_abort(srv, m, now);
		return;
	case SSTP_SRV_DISCONNECT_SENT:
		if (m->type == SSTP_MSG_CALL_DISCONNECT_ACK) {
			LOG(srv, INFO, "rcvd Call Disconnect Ack");
			finish(srv);
		} else if (m->type == SSTP_MSG_CALL_ABORT) {
			rcvd_abort(srv, m, now);
		} else if (m->type == SSTP_MSG_CALL_DISCONNECT) {
			rcvd_disconnect(srv, m, now);
		}
		return;
	case SSTP_SRV_IDLE:
	case SSTP_SRV_REQUEST_PENDING:
	case SSTP_SRV_CONNECTED_PENDING:
	case SSTP_SRV_CONNECTED:
	case SSTP_SRV_ABORT_WAIT:
	case SSTP_SRV_DISCONNECT_WAIT:
	case SSTP_SRV_FINISHED:
		return;
	}
}

int sstp_srv_input(struct sstp_srv *srv, const uint8_t *pkt, size_t len, uint64_t now_ms)
{
	struct sstp_msg m;
	const char *why;
	bool active;

	if (srv->state == SSTP_SRV_IDLE)
		return -EINVAL;
	if (srv->state == SSTP_SRV_FINISHED)
		return 0;
	sstp_srv_note_rx(srv, now_ms);
	active = srv->state == SSTP_SRV_REQUEST_PENDING ||
		 srv->state == SSTP_SRV_CONNECTED_PENDING || srv->state == SSTP_SRV_CONNECTED;
	if (sstp_msg_parse(pkt, len, &m, &why)) {
		LOG(srv, WARN, "rcvd bad packet (%zu bytes): %s", len, why);
		if (active)
			abort_call(srv, SX_REASON_PROTOCOL, "protocol: malformed packet", 0,
				   SSTP_STATUS_INVALID_FRAME_RECEIVED, now_ms);
		return 0;
	}
	if (active)
		rcvd_active(srv, &m, pkt, len, now_ms);
	else
		rcvd_closing(srv, &m, now_ms);
	return 0;
}

int sstp_srv_disconnect(struct sstp_srv *srv, uint64_t now_ms)
{
	if (srv->state == SSTP_SRV_IDLE) {
		emit_down(srv, SX_REASON_USER, "local: disconnect", NULL);
		finish(srv);
	} else if (srv->state == SSTP_SRV_REQUEST_PENDING ||
		   srv->state == SSTP_SRV_CONNECTED_PENDING || srv->state == SSTP_SRV_CONNECTED) {
		/* MS-SSTP 3.1.2.2: Call Disconnect, then disconnect timer 1 waits for the Ack. */
		emit_down(srv, SX_REASON_USER, "local: disconnect", NULL);
		send_status(srv, SSTP_MSG_CALL_DISCONNECT, 0, SSTP_STATUS_NO_ERROR);
		srv->state = SSTP_SRV_DISCONNECT_SENT;
		srv->timer = now_ms + srv->cfg.disconnect1_ms;
		srv->echo_sent = 0;
	}
	return 0;
}

int sstp_srv_abort(struct sstp_srv *srv, uint32_t status, uint64_t now_ms)
{
	if (srv->state == SSTP_SRV_IDLE) {
		emit_down(srv, SX_REASON_USER, "local: abort", NULL);
		finish(srv);
	} else if (srv->state == SSTP_SRV_REQUEST_PENDING ||
		   srv->state == SSTP_SRV_CONNECTED_PENDING || srv->state == SSTP_SRV_CONNECTED) {
		abort_call(srv, SX_REASON_USER, "local: abort", 0, status, now_ms);
	}
	return 0;
}

int sstp_srv_inject(struct sstp_srv *srv, enum sstp_srv_fault fault)
{
	static const uint8_t truncated[] = { 0x10, 0x01, 0x00, 0x0c, 0x00, 0x02, 0x00, 0x01,
					     0x00, 0x04, 0x00, 0x28 };
	static const uint8_t version[] = { 0x11, 0x01, 0x00, 0x08, 0x00, 0x08, 0x00, 0x00 };
	static const uint8_t length[] = { 0x10, 0x01, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00 };
	uint8_t big[SSTP_MAX_LEN] = { 0x10, 0x01, 0x0f, 0xff, 0x00, 0x08, 0x00, 0x00 };

	switch (fault) {
	case SSTP_SRV_FAULT_TRUNCATED:
		return queue_raw(srv, truncated, sizeof(truncated));
	case SSTP_SRV_FAULT_WRONG_VERSION:
		return queue_raw(srv, version, sizeof(version));
	case SSTP_SRV_FAULT_WRONG_LENGTH:
		return queue_raw(srv, length, sizeof(length));
	case SSTP_SRV_FAULT_OVERSIZED:
		return queue_raw(srv, big, sizeof(big));
	}
	return -EINVAL;
}

static uint64_t min_nz(uint64_t a, uint64_t b)
{
	return !a || (b && b < a) ? b : a;
}

/* In Server_Call_Connected: the hello timer (if enabled) and the fault timers. */
static uint64_t connected_deadline(const struct sstp_srv *srv)
{
	uint64_t d = 0;

	if (srv->echo_sent)
		d = srv->echo_sent + srv->cfg.hello_wait_ms;
	else if (srv->cfg.hello_idle_ms)
		d = srv->last_rx + srv->cfg.hello_idle_ms;
	if (srv->cfg.abort_after_ms)
		d = min_nz(d, srv->bound_at + srv->cfg.abort_after_ms);
	if (srv->cfg.disconnect_after_ms)
		d = min_nz(d, srv->bound_at + srv->cfg.disconnect_after_ms);
	return d;
}

uint64_t sstp_srv_next_deadline(const struct sstp_srv *srv)
{
	switch (srv->state) {
	case SSTP_SRV_CONNECTED:
		return connected_deadline(srv);
	case SSTP_SRV_REQUEST_PENDING:
	case SSTP_SRV_CONNECTED_PENDING:
	case SSTP_SRV_ABORT_SENT:
	case SSTP_SRV_ABORT_WAIT:
	case SSTP_SRV_DISCONNECT_SENT:
	case SSTP_SRV_DISCONNECT_WAIT:
		return srv->timer;
	case SSTP_SRV_IDLE:
	case SSTP_SRV_FINISHED:
		break;
	}
	return 0;
}

/*
 * MS-SSTP 3.1.2.3 hello timer with our bounds: an Echo Request after hello_idle_ms without any
 * packet, and down without a message if nothing arrives within hello_wait_ms after it.
 */
static void connected_tick(struct sstp_srv *srv, uint64_t now)
{
	if (srv->cfg.abort_after_ms && now >= srv->bound_at + srv->cfg.abort_after_ms) {
		abort_call(srv, SX_REASON_USER, "fault: abort after connected", 0,
			   SSTP_STATUS_NO_ERROR, now);
		return;
	}
	if (srv->cfg.disconnect_after_ms && now >= srv->bound_at + srv->cfg.disconnect_after_ms) {
		sstp_srv_disconnect(srv, now);
		return;
	}
	if (srv->echo_sent && now >= srv->echo_sent + srv->cfg.hello_wait_ms) {
		LOG(srv, WARN, "no packet for %u ms after Echo Request",
		    (unsigned)srv->cfg.hello_wait_ms);
		emit_down(srv, SX_REASON_PEER_SILENT, "hello: peer silent", NULL);
		finish(srv);
		return;
	}
	if (!srv->echo_sent && srv->cfg.hello_idle_ms &&
	    now >= srv->last_rx + srv->cfg.hello_idle_ms) {
		send_simple(srv, SSTP_MSG_ECHO_REQUEST);
		srv->echo_sent = now;
	}
}

int sstp_srv_tick(struct sstp_srv *srv, uint64_t now_ms)
{
	if (srv->state == SSTP_SRV_CONNECTED) {
		connected_tick(srv, now_ms);
		return 0;
	}
	if (!srv->timer || now_ms < srv->timer)
		return 0;
	switch (srv->state) {
	case SSTP_SRV_REQUEST_PENDING:
	case SSTP_SRV_CONNECTED_PENDING:
		LOG(srv, WARN, "negotiation timer expired in state %s",
		    sstp_srv_state_str(srv->state));
		abort_call(srv, SX_REASON_TIMEOUT,
			   srv->state == SSTP_SRV_REQUEST_PENDING ?
			   "negotiation: no Call Connect Request" : "negotiation: no Call Connected",
			   0, SSTP_STATUS_NEGOTIATION_TIMEOUT, now_ms);
		break;
	case SSTP_SRV_DISCONNECT_SENT:
	case SSTP_SRV_ABORT_SENT:
	case SSTP_SRV_ABORT_WAIT:
	case SSTP_SRV_DISCONNECT_WAIT:
		finish(srv);
		break;
	case SSTP_SRV_IDLE:
	case SSTP_SRV_CONNECTED:
	case SSTP_SRV_FINISHED:
		break;
	}
	return 0;
}

int sstp_srv_pop_tx(struct sstp_srv *srv, uint8_t *buf, size_t cap, size_t *len)
{
	size_t n;

	if (!srv->tx_n)
		return -EAGAIN;
	n = srv->txq[srv->tx_head].len;
	if (cap < n)
		return -EMSGSIZE;
	memcpy(buf, srv->txq[srv->tx_head].buf, n);
	*len = n;
	srv->tx_head = (srv->tx_head + 1) % SSTP_SRV_TXQ;
	srv->tx_n--;
	return 0;
}

int sstp_srv_pop_event(struct sstp_srv *srv, struct sstp_srv_event *ev)
{
	if (!srv->ev_n)
		return -EAGAIN;
	*ev = srv->evq[srv->ev_head];
	srv->ev_head = (srv->ev_head + 1) % SSTP_SRV_EVQ;
	srv->ev_n--;
	return 0;
}
