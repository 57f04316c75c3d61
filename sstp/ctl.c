// SPDX-License-Identifier: MIT
/* The client's SSTP control state machine (MS-SSTP 3.1.1.1, 3.2.1): I/O-free, driven by input, tick and bind. */
#include <errno.h>
#include <string.h>

#include "sstp/sstp.h"

#define LOG(ctl, lvl, ...) sx_logf(&(ctl)->cfg.log, SX_LOG_##lvl, "sstp: " __VA_ARGS__)

static uint32_t or_default(uint32_t v, uint32_t def)
{
	return v ? v : def;
}

int sstp_ctl_init(struct sstp_ctl *ctl, const struct sstp_ctl_cfg *cfg)
{
	if (!ctl || !cfg)
		return -EINVAL;
	memset(ctl, 0, sizeof(*ctl));
	ctl->cfg = *cfg;
	ctl->cfg.negotiation_ms = or_default(cfg->negotiation_ms, 60000);
	ctl->cfg.hello_idle_ms = or_default(cfg->hello_idle_ms, 10000);
	ctl->cfg.hello_wait_ms = or_default(cfg->hello_wait_ms, 10000);
	ctl->cfg.abort1_ms = or_default(cfg->abort1_ms, 3000);
	ctl->cfg.abort2_ms = or_default(cfg->abort2_ms, 1000);
	ctl->cfg.disconnect1_ms = or_default(cfg->disconnect1_ms, 5000);
	ctl->cfg.disconnect2_ms = or_default(cfg->disconnect2_ms, 1000);
	ctl->state = SSTP_CTL_IDLE;
	return 0;
}

enum sstp_ctl_state sstp_ctl_state(const struct sstp_ctl *ctl)
{
	return ctl->state;
}

const char *sstp_ctl_state_str(enum sstp_ctl_state state)
{
	switch (state) {
	case SSTP_CTL_IDLE: return "idle";
	case SSTP_CTL_REQUEST_SENT: return "connect-request-sent";
	case SSTP_CTL_ACK_RECEIVED: return "connect-ack-received";
	case SSTP_CTL_CONNECTED: return "connected";
	case SSTP_CTL_ABORT_SENT: return "abort-pending";
	case SSTP_CTL_ABORT_WAIT: return "abort-in-progress";
	case SSTP_CTL_DISCONNECT_SENT: return "disconnect-ack-pending";
	case SSTP_CTL_DISCONNECT_WAIT: return "disconnect-in-progress";
	case SSTP_CTL_FINISHED: return "finished";
	}
	return "unknown";
}

static void push_event(struct sstp_ctl *ctl, const struct sstp_event *ev)
{
	/* At most one each of CONNECT_ACK, CONNECTED, DOWN, FINISHED: the queue cannot overflow. */
	if (ctl->ev_n == SSTP_CTL_EVQ)
		return;
	ctl->evq[(ctl->ev_head + ctl->ev_n) % SSTP_CTL_EVQ] = *ev;
	ctl->ev_n++;
}

/* First cause wins (conventions 8): later downs are dropped. */
static void emit_down(struct sstp_ctl *ctl, enum sx_reason reason,
		      const struct sstp_status_info *status)
{
	struct sstp_event ev = { .type = SSTP_EV_DOWN, .reason = reason };

	if (ctl->down_sent)
		return;
	ctl->down_sent = true;
	if (status) {
		ev.has_status = true;
		ev.status = *status;
	}
	LOG(ctl, INFO, "down: %s", sx_reason_str(reason));
	push_event(ctl, &ev);
}

static void finish(struct sstp_ctl *ctl)
{
	struct sstp_event ev = { .type = SSTP_EV_FINISHED };

	ctl->state = SSTP_CTL_FINISHED;
	ctl->timer = 0;
	ctl->echo_sent = 0;
	LOG(ctl, DEBUG, "finished");
	push_event(ctl, &ev);
}

static uint8_t *tx_slot(struct sstp_ctl *ctl)
{
	if (ctl->tx_n == SSTP_CTL_TXQ)
		return NULL;
	return ctl->txq[(ctl->tx_head + ctl->tx_n) % SSTP_CTL_TXQ].buf;
}

/* Builds m into the tx queue. Returns 0, or -ENOBUFS when the queue is full (nothing queued). */
static int send_msg(struct sstp_ctl *ctl, const struct sstp_msg *m)
{
	uint8_t *buf = tx_slot(ctl);
	enum sx_level level;
	struct wire_w w;
	int ret;

	if (!buf) {
		LOG(ctl, WARN, "tx queue full, dropped %s", sstp_msg_type_str(m->type));
		return -ENOBUFS;
	}
	w = wire_w_init(buf, SSTP_CTL_TX_MAX);
	ret = sstp_msg_build(m, &w);
	if (ret)
		return ret;
	ctl->txq[(ctl->tx_head + ctl->tx_n) % SSTP_CTL_TXQ].len = (uint8_t)w.off;
	ctl->tx_n++;
	/* Echoes come every few seconds for hours: keep them out of the info level. */
	level = m->type == SSTP_MSG_ECHO_REQUEST || m->type == SSTP_MSG_ECHO_RESPONSE ?
		SX_LOG_DEBUG : SX_LOG_INFO;
	if (m->n_status)
		sx_logf(&ctl->cfg.log, level, "sstp: sent %s status=%u", sstp_msg_type_str(m->type),
			(unsigned)m->status[0].status);
	else
		sx_logf(&ctl->cfg.log, level, "sstp: sent %s", sstp_msg_type_str(m->type));
	return 0;
}

static void send_simple(struct sstp_ctl *ctl, enum sstp_msg_type type)
{
	struct sstp_msg m = { .type = type };

	send_msg(ctl, &m);
}

static void send_with_status(struct sstp_ctl *ctl, enum sstp_msg_type type, uint32_t status)
{
	struct sstp_msg m = { .type = type, .n_status = 1 };

	m.status[0].status = status;
	send_msg(ctl, &m);
}

/* MS-SSTP 3.1.5.1: Call Abort, abort timer 1, Call_Abort_Pending. */
static void abort_call(struct sstp_ctl *ctl, enum sx_reason reason, uint32_t status,
		       uint64_t now)
{
	emit_down(ctl, reason, NULL);
	send_with_status(ctl, SSTP_MSG_CALL_ABORT, status);
	ctl->state = SSTP_CTL_ABORT_SENT;
	ctl->timer = now + ctl->cfg.abort1_ms;
	ctl->echo_sent = 0;
}

int sstp_ctl_start(struct sstp_ctl *ctl, uint64_t now_ms)
{
	struct sstp_msg m = { .type = SSTP_MSG_CALL_CONNECT_REQUEST, .protocol_id = SSTP_ENCAP_PPP };
	int ret;

	if (ctl->state != SSTP_CTL_IDLE)
		return -EPROTO;
	ret = send_msg(ctl, &m);
	if (ret)
		return ret;
	/* MS-SSTP 3.2.2.1: the negotiation timer runs from the Call Connect Request. */
	ctl->state = SSTP_CTL_REQUEST_SENT;
	ctl->timer = now_ms + ctl->cfg.negotiation_ms;
	ctl->last_rx = now_ms;
	return 0;
}

void sstp_ctl_note_rx(struct sstp_ctl *ctl, uint64_t now_ms)
{
	if (now_ms > ctl->last_rx)
		ctl->last_rx = now_ms;
	/* Any packet answers an outstanding Echo Request. */
	ctl->echo_sent = 0;
}

static void rcvd_connect_ack(struct sstp_ctl *ctl, const struct sstp_msg *m, uint64_t now)
{
	struct sstp_event ev = { .type = SSTP_EV_CONNECT_ACK, .hash = m->hash };

	LOG(ctl, INFO, "rcvd Connect Ack hash=%s", sstp_hash_str(m->hash));
	if (!(m->hash & (SSTP_HASH_SHA1 | SSTP_HASH_SHA256))) {
		abort_call(ctl, SX_REASON_PROTOCOL, SSTP_STATUS_VALUE_NOT_SUPPORTED, now);
		return;
	}
	ctl->offered = m->hash;
	memcpy(ctl->nonce, m->nonce, SSTP_NONCE_LEN);
	/* MS-SSTP 3.2.2.1: restarted after Connect Ack; PPP must authenticate within it. */
	ctl->state = SSTP_CTL_ACK_RECEIVED;
	ctl->timer = now + ctl->cfg.negotiation_ms;
	push_event(ctl, &ev);
}

static void rcvd_abort(struct sstp_ctl *ctl, const struct sstp_msg *m, uint64_t now)
{
	const struct sstp_status_info *s = m->n_status ? &m->status[0] : NULL;

	if (s)
		LOG(ctl, INFO, "rcvd Call Abort status=%u attr=%u", (unsigned)s->status,
		    (unsigned)s->attr_id);
	else
		LOG(ctl, INFO, "rcvd Call Abort");
	emit_down(ctl, SX_REASON_SERVER_ABORT, s);
	/*
	 * MS-SSTP 3.1.2.1: the far end answers with Call Abort and starts abort timer 2, ignoring
	 * everything until it expires (it lets the two aborts cross when both sides abort at once).
	 */
	if (ctl->state != SSTP_CTL_ABORT_SENT)
		send_with_status(ctl, SSTP_MSG_CALL_ABORT, SSTP_STATUS_NO_ERROR);
	ctl->state = SSTP_CTL_ABORT_WAIT;
	ctl->timer = now + ctl->cfg.abort2_ms;
	ctl->echo_sent = 0;
}

static void rcvd_disconnect(struct sstp_ctl *ctl, const struct sstp_msg *m, uint64_t now)
{
	const struct sstp_status_info *s = m->n_status ? &m->status[0] : NULL;

	LOG(ctl, INFO, "rcvd Call Disconnect");
	emit_down(ctl, SX_REASON_SERVER_DISCONNECT, s);
	/* MS-SSTP 3.1.2.2: Disconnect Ack, then disconnect timer 2 before the connection is cleared. */
	send_simple(ctl, SSTP_MSG_CALL_DISCONNECT_ACK);
	ctl->state = SSTP_CTL_DISCONNECT_WAIT;
	ctl->timer = now + ctl->cfg.disconnect2_ms;
	ctl->echo_sent = 0;
}

static void rcvd_nak(struct sstp_ctl *ctl, const struct sstp_msg *m)
{
	LOG(ctl, INFO, "rcvd Connect Nak status=%u attr=%u", (unsigned)m->status[0].status,
	    (unsigned)m->status[0].attr_id);
	/* The server refused our only offer (PPP): there is nothing else to propose. */
	emit_down(ctl, SX_REASON_CONNECT_NAK, &m->status[0]);
	finish(ctl);
}

/* A well-formed message in one of the active states (request sent, ack received, connected). */
static void rcvd_active(struct sstp_ctl *ctl, const struct sstp_msg *m, uint64_t now)
{
	switch (m->type) {
	case SSTP_MSG_CALL_CONNECT_ACK:
		if (ctl->state == SSTP_CTL_REQUEST_SENT) {
			rcvd_connect_ack(ctl, m, now);
			return;
		}
		break;
	case SSTP_MSG_CALL_CONNECT_NAK:
		if (ctl->state == SSTP_CTL_REQUEST_SENT) {
			rcvd_nak(ctl, m);
			return;
		}
		break;
	case SSTP_MSG_CALL_ABORT:
		rcvd_abort(ctl, m, now);
		return;
	case SSTP_MSG_CALL_DISCONNECT:
		rcvd_disconnect(ctl, m, now);
		return;
	case SSTP_MSG_ECHO_REQUEST:
		/*
		 * MS-SSTP 3.2.5.3.7 answers only in Client_Call_Connected and aborts earlier; we
		 * answer in every active state: an early echo costs nothing and kills no call.
		 */
		LOG(ctl, DEBUG, "rcvd Echo Request");
		send_simple(ctl, SSTP_MSG_ECHO_RESPONSE);
		return;
	case SSTP_MSG_ECHO_RESPONSE:
		LOG(ctl, DEBUG, "rcvd Echo Response");
		return;
	case SSTP_MSG_CALL_CONNECT_REQUEST:
	case SSTP_MSG_CALL_CONNECTED:
	case SSTP_MSG_CALL_DISCONNECT_ACK:
		break;
	}
	LOG(ctl, WARN, "rcvd %s in state %s", sstp_msg_type_str(m->type),
	    sstp_ctl_state_str(ctl->state));
	abort_call(ctl, SX_REASON_PROTOCOL, SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED, now);
}

static void rcvd_closing(struct sstp_ctl *ctl, const struct sstp_msg *m, uint64_t now)
{
	switch (ctl->state) {
	case SSTP_CTL_ABORT_SENT:
		/* MS-SSTP 3.1.2.1: only the far end's Call Abort matters; it starts timer 2. */
		if (m->type == SSTP_MSG_CALL_ABORT)
			rcvd_abort(ctl, m, now);
		return;
	case SSTP_CTL_DISCONNECT_SENT:
		if (m->type == SSTP_MSG_CALL_DISCONNECT_ACK) {
			LOG(ctl, INFO, "rcvd Call Disconnect Ack");
			finish(ctl);
		} else if (m->type == SSTP_MSG_CALL_ABORT) {
			rcvd_abort(ctl, m, now);
		} else if (m->type == SSTP_MSG_CALL_DISCONNECT) {
			/* Both sides closed at once: acknowledge theirs as well. */
			rcvd_disconnect(ctl, m, now);
		}
		return;
	case SSTP_CTL_IDLE:
	case SSTP_CTL_REQUEST_SENT:
	case SSTP_CTL_ACK_RECEIVED:
	case SSTP_CTL_CONNECTED:
	case SSTP_CTL_ABORT_WAIT:
	case SSTP_CTL_DISCONNECT_WAIT:
	case SSTP_CTL_FINISHED:
		return;
	}
}

int sstp_ctl_input(struct sstp_ctl *ctl, const uint8_t *pkt, size_t len, uint64_t now_ms)
{
	struct sstp_msg m;
	const char *why;
	bool active;

	if (ctl->state == SSTP_CTL_IDLE)
		return -EINVAL;
	if (ctl->state == SSTP_CTL_FINISHED)
		return 0;
	sstp_ctl_note_rx(ctl, now_ms);
	active = ctl->state == SSTP_CTL_REQUEST_SENT || ctl->state == SSTP_CTL_ACK_RECEIVED ||
		 ctl->state == SSTP_CTL_CONNECTED;
	if (sstp_msg_parse(pkt, len, &m, &why)) {
		LOG(ctl, WARN, "rcvd bad packet (%zu bytes): %s", len, why);
		/* MS-SSTP 3.1.5.1: an invalid message aborts the call; while closing it is ignored. */
		if (active)
			abort_call(ctl, SX_REASON_PROTOCOL, SSTP_STATUS_INVALID_FRAME_RECEIVED, now_ms);
		return 0;
	}
	if (active)
		rcvd_active(ctl, &m, now_ms);
	else
		rcvd_closing(ctl, &m, now_ms);
	return 0;
}

int sstp_ctl_set_cert_hash(struct sstp_ctl *ctl, enum cbind_hash hash,
			   const uint8_t cert_hash[static CBIND_FIELD_LEN])
{
	unsigned i = hash == CBIND_SHA256;

	if (hash != CBIND_SHA1 && hash != CBIND_SHA256)
		return -EINVAL;
	memcpy(ctl->cert_hash[i], cert_hash, CBIND_FIELD_LEN);
	ctl->cert_hash_set[i] = true;
	return 0;
}

/* MS-SSTP 3.2.5.2 / sstp-facts.md: prefer SHA256 when offered. */
static enum cbind_hash choose_hash(const struct sstp_ctl *ctl)
{
	return ctl->offered & SSTP_HASH_SHA256 ? CBIND_SHA256 : CBIND_SHA1;
}

int sstp_ctl_bind(struct sstp_ctl *ctl, const uint8_t hlak[static CBIND_HLAK_LEN],
		  uint64_t now_ms)
{
	struct sstp_event ev = { .type = SSTP_EV_CONNECTED };
	enum cbind_hash hash;
	uint8_t *slot;
	int ret = -EPROTO;

	if (ctl->state != SSTP_CTL_ACK_RECEIVED)
		goto out;
	hash = choose_hash(ctl);
	ret = -EINVAL;
	if (!ctl->cert_hash_set[hash == CBIND_SHA256])
		goto out;
	ret = -ENOBUFS;
	slot = tx_slot(ctl);
	if (!slot)
		goto out;
	ret = sstp_cbind_build(hash, ctl->nonce, ctl->cert_hash[hash == CBIND_SHA256], hlak, slot);
	if (ret)
		goto out;
	ctl->txq[(ctl->tx_head + ctl->tx_n) % SSTP_CTL_TXQ].len = SSTP_CALL_CONNECTED_LEN;
	ctl->tx_n++;
	LOG(ctl, INFO, "sent Call Connected hash=%s", sstp_hash_str((uint8_t)hash));
	/* MS-SSTP 3.2.1.1.1: Client_Call_Connected; the hello timer starts now. */
	ctl->state = SSTP_CTL_CONNECTED;
	ctl->timer = 0;
	ctl->hello_base = now_ms;
	ctl->echo_sent = 0;
	ev.hash = (uint8_t)hash;
	push_event(ctl, &ev);
out:
	return ret;
}

int sstp_ctl_disconnect(struct sstp_ctl *ctl, uint64_t now_ms)
{
	switch (ctl->state) {
	case SSTP_CTL_IDLE:
		emit_down(ctl, SX_REASON_USER, NULL);
		finish(ctl);
		break;
	case SSTP_CTL_REQUEST_SENT:
	case SSTP_CTL_ACK_RECEIVED:
	case SSTP_CTL_CONNECTED:
		/* MS-SSTP 3.1.2.2: Call Disconnect, then disconnect timer 1 waits for the Ack. */
		emit_down(ctl, SX_REASON_USER, NULL);
		send_with_status(ctl, SSTP_MSG_CALL_DISCONNECT, SSTP_STATUS_NO_ERROR);
		ctl->state = SSTP_CTL_DISCONNECT_SENT;
		ctl->timer = now_ms + ctl->cfg.disconnect1_ms;
		ctl->echo_sent = 0;
		break;
	case SSTP_CTL_ABORT_SENT:
	case SSTP_CTL_ABORT_WAIT:
	case SSTP_CTL_DISCONNECT_SENT:
	case SSTP_CTL_DISCONNECT_WAIT:
	case SSTP_CTL_FINISHED:
		break;
	}
	return 0;
}

static uint64_t hello_deadline(const struct sstp_ctl *ctl)
{
	uint64_t base = ctl->last_rx > ctl->hello_base ? ctl->last_rx : ctl->hello_base;

	if (ctl->echo_sent)
		return ctl->echo_sent + ctl->cfg.hello_wait_ms;
	return base + ctl->cfg.hello_idle_ms;
}

uint64_t sstp_ctl_next_deadline(const struct sstp_ctl *ctl)
{
	switch (ctl->state) {
	case SSTP_CTL_CONNECTED:
		return hello_deadline(ctl);
	case SSTP_CTL_REQUEST_SENT:
	case SSTP_CTL_ACK_RECEIVED:
	case SSTP_CTL_ABORT_SENT:
	case SSTP_CTL_ABORT_WAIT:
	case SSTP_CTL_DISCONNECT_SENT:
	case SSTP_CTL_DISCONNECT_WAIT:
		return ctl->timer;
	case SSTP_CTL_IDLE:
	case SSTP_CTL_FINISHED:
		break;
	}
	return 0;
}

/*
 * The hello timer (MS-SSTP 3.1.2.3), with our own bounds instead of its 60 s: an Echo Request
 * after hello_idle_ms without any packet, and down if nothing at all arrives within hello_wait_ms
 * after it. Never before Call Connected: some servers abort on an early Echo Request.
 */
static void hello_tick(struct sstp_ctl *ctl, uint64_t now)
{
	if (now < hello_deadline(ctl))
		return;
	if (!ctl->echo_sent) {
		send_simple(ctl, SSTP_MSG_ECHO_REQUEST);
		ctl->echo_sent = now;
		return;
	}
	LOG(ctl, WARN, "no packet for %u ms after Echo Request", (unsigned)ctl->cfg.hello_wait_ms);
	/* MS-SSTP 3.1.2.3: abort the connection without sending a Call Abort. */
	emit_down(ctl, SX_REASON_PEER_SILENT, NULL);
	finish(ctl);
}

int sstp_ctl_tick(struct sstp_ctl *ctl, uint64_t now_ms)
{
	if (ctl->state == SSTP_CTL_CONNECTED) {
		hello_tick(ctl, now_ms);
		return 0;
	}
	if (!ctl->timer || now_ms < ctl->timer)
		return 0;
	switch (ctl->state) {
	case SSTP_CTL_REQUEST_SENT:
	case SSTP_CTL_ACK_RECEIVED:
		LOG(ctl, WARN, "negotiation timer expired in state %s",
		    sstp_ctl_state_str(ctl->state));
		abort_call(ctl, SX_REASON_TIMEOUT, SSTP_STATUS_NEGOTIATION_TIMEOUT, now_ms);
		break;
	case SSTP_CTL_DISCONNECT_SENT:
		LOG(ctl, INFO, "no Call Disconnect Ack");
		finish(ctl);
		break;
	case SSTP_CTL_ABORT_SENT:
	case SSTP_CTL_ABORT_WAIT:
	case SSTP_CTL_DISCONNECT_WAIT:
		finish(ctl);
		break;
	case SSTP_CTL_IDLE:
	case SSTP_CTL_CONNECTED:
	case SSTP_CTL_FINISHED:
		break;
	}
	return 0;
}

int sstp_ctl_pop_tx(struct sstp_ctl *ctl, uint8_t *buf, size_t cap, size_t *len)
{
	size_t n;

	if (!ctl->tx_n)
		return -EAGAIN;
	n = ctl->txq[ctl->tx_head].len;
	if (cap < n)
		return -EMSGSIZE;
	memcpy(buf, ctl->txq[ctl->tx_head].buf, n);
	*len = n;
	ctl->tx_head = (ctl->tx_head + 1) % SSTP_CTL_TXQ;
	ctl->tx_n--;
	return 0;
}

int sstp_ctl_pop_event(struct sstp_ctl *ctl, struct sstp_event *ev)
{
	if (!ctl->ev_n)
		return -EAGAIN;
	*ev = ctl->evq[ctl->ev_head];
	ctl->ev_head = (ctl->ev_head + 1) % SSTP_CTL_EVQ;
	ctl->ev_n--;
	return 0;
}
