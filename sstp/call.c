// SPDX-License-Identifier: MIT
/* The SSTP call both control machines share (MS-SSTP 3.1): abort, disconnect, hello and negotiation timers, echoes, the packet and event queues. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sstp/call.h"

#define LOG(call, lvl, ...) sstp_call_log((call), SX_LOG_##lvl, __VA_ARGS__)

static uint32_t or_default(uint32_t v, uint32_t def)
{
	return v ? v : def;
}

void sstp_call_init(struct sstp_call *call, const struct sstp_call_role *role,
		    const struct sx_log *log, struct sstp_call_timers t)
{
	memset(call, 0, sizeof(*call));
	call->role = role;
	call->log = *log;
	call->t.negotiation_ms = or_default(t.negotiation_ms, 60000);
	call->t.hello_idle_ms = or_default(t.hello_idle_ms, role->hello_idle_default);
	call->t.hello_wait_ms = or_default(t.hello_wait_ms, 10000);
	call->t.abort1_ms = or_default(t.abort1_ms, 3000);
	call->t.abort2_ms = or_default(t.abort2_ms, 1000);
	call->t.disconnect1_ms = or_default(t.disconnect1_ms, 5000);
	call->t.disconnect2_ms = or_default(t.disconnect2_ms, 1000);
	call->state = SSTP_CALL_IDLE;
}

/* One line "<role>: <message>" through the sink, formatted only when the level is wanted. */
void sstp_call_log(const struct sstp_call *call, enum sx_level level, const char *fmt, ...)
{
	char line[480];
	va_list ap;

	if (!call->log.fn || level > call->log.max)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sx_logf(&call->log, level, "%s: %s", call->role->name, line);
}

const char *sstp_call_state_name(const struct sstp_call_role *role, enum sstp_call_state state)
{
	switch (state) {
	case SSTP_CALL_IDLE: return "idle";
	case SSTP_CALL_OPENING: return role->opening;
	case SSTP_CALL_BINDING: return role->binding;
	case SSTP_CALL_CONNECTED: return "connected";
	case SSTP_CALL_ABORT_SENT: return "abort-pending";
	case SSTP_CALL_ABORT_WAIT: return "abort-in-progress";
	case SSTP_CALL_DISCONNECT_SENT: return "disconnect-ack-pending";
	case SSTP_CALL_DISCONNECT_WAIT: return "disconnect-in-progress";
	case SSTP_CALL_FINISHED: return "finished";
	}
	return "unknown";
}

static void push_event(struct sstp_call *call, const struct sstp_event *ev)
{
	/* At most one event of each type: the queue cannot overflow. */
	if (call->ev_n == SSTP_CALL_EVQ)
		return;
	call->evq[(call->ev_head + call->ev_n) % SSTP_CALL_EVQ] = *ev;
	call->ev_n++;
}

int sstp_call_pop_event(struct sstp_call *call, struct sstp_event *ev)
{
	if (!call->ev_n)
		return -EAGAIN;
	*ev = call->evq[call->ev_head];
	call->ev_head = (call->ev_head + 1) % SSTP_CALL_EVQ;
	call->ev_n--;
	return 0;
}

/* First cause wins (conventions 8): later downs are dropped. */
void sstp_call_down(struct sstp_call *call, enum sx_reason reason, const char *text,
		    const struct sstp_status_info *status)
{
	struct sstp_event ev = { .type = SSTP_EV_DOWN, .reason = reason, .text = text };

	if (call->down_sent)
		return;
	call->down_sent = true;
	if (status) {
		ev.has_status = true;
		ev.status = *status;
	}
	LOG(call, INFO, "down: %s (%s)", text, sx_reason_str(reason));
	push_event(call, &ev);
}

/* A state with its deadline; no Echo Request stays outstanding across a change of state. */
static void enter(struct sstp_call *call, enum sstp_call_state state, uint64_t timer)
{
	call->state = state;
	call->timer = timer;
	call->echo_sent = 0;
}

void sstp_call_finish(struct sstp_call *call)
{
	struct sstp_event ev = { .type = SSTP_EV_FINISHED };

	enter(call, SSTP_CALL_FINISHED, 0);
	if (call->role->finished)
		call->role->finished(call);
	LOG(call, DEBUG, "finished");
	push_event(call, &ev);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

int sstp_call_queue(struct sstp_call *call, const uint8_t *pkt, size_t len)
{
	unsigned i = (call->tx_head + call->tx_n) % SSTP_CALL_TXQ;
	size_t kept = len < SSTP_CALL_TX_MAX ? len : SSTP_CALL_TX_MAX;

	if (len > SSTP_MAX_LEN || !all_zero(pkt + kept, len - kept))
		return -EMSGSIZE;
	if (call->tx_n == SSTP_CALL_TXQ)
		return -ENOBUFS;
	memcpy(call->txq[i].buf, pkt, kept);
	call->txq[i].len = (uint16_t)len;
	call->tx_n++;
	return 0;
}

int sstp_call_pop_tx(struct sstp_call *call, uint8_t *buf, size_t cap, size_t *len)
{
	size_t n, kept;

	if (!call->tx_n)
		return -EAGAIN;
	n = call->txq[call->tx_head].len;
	if (cap < n)
		return -EMSGSIZE;
	kept = n < SSTP_CALL_TX_MAX ? n : SSTP_CALL_TX_MAX;
	memcpy(buf, call->txq[call->tx_head].buf, kept);
	memset(buf + kept, 0, n - kept);
	*len = n;
	call->tx_head = (call->tx_head + 1) % SSTP_CALL_TXQ;
	call->tx_n--;
	return 0;
}

int sstp_call_send(struct sstp_call *call, const struct sstp_msg *m)
{
	uint8_t buf[SSTP_CALL_TX_MAX];
	struct wire_w w = wire_w_init(buf, sizeof(buf));
	enum sx_level level;
	int ret;

	if (call->mute) {
		LOG(call, DEBUG, "silent: not sending %s", sstp_msg_type_str(m->type));
		return 0;
	}
	ret = sstp_msg_build(m, &w);
	if (!ret)
		ret = sstp_call_queue(call, buf, w.off);
	if (ret == -ENOBUFS && m->type == SSTP_MSG_ECHO_RESPONSE) {
		/* An Echo Request flood: what fits is answered; one line per burst, not per drop. */
		if (!call->echo_drops++)
			LOG(call, WARN, "tx queue full: Echo Responses dropped (an Echo Request flood?)");
		return ret;
	}
	if (!ret && m->type == SSTP_MSG_ECHO_RESPONSE && call->echo_drops) {
		LOG(call, INFO, "%u Echo Responses were dropped", call->echo_drops);
		call->echo_drops = 0;
	}
	if (ret) {
		LOG(call, WARN, "cannot queue %s (%d)", sstp_msg_type_str(m->type), ret);
		return ret;
	}
	/* Echoes come every few seconds for hours: keep them out of the info level. */
	level = m->type == SSTP_MSG_ECHO_REQUEST || m->type == SSTP_MSG_ECHO_RESPONSE ?
		SX_LOG_DEBUG : SX_LOG_INFO;
	if (m->n_status)
		sstp_call_log(call, level, "sent %s status=%u", sstp_msg_type_str(m->type),
			      (unsigned)m->status[0].status);
	else
		sstp_call_log(call, level, "sent %s", sstp_msg_type_str(m->type));
	return 0;
}

static void send_simple(struct sstp_call *call, enum sstp_msg_type type)
{
	struct sstp_msg m = { .type = type };

	sstp_call_send(call, &m);
}

static void send_status(struct sstp_call *call, enum sstp_msg_type type, uint8_t attr,
			uint32_t status)
{
	struct sstp_msg m = { .type = type, .n_status = 1 };

	m.status[0].attr_id = attr;
	m.status[0].status = status;
	sstp_call_send(call, &m);
}

static bool active(enum sstp_call_state state)
{
	return state == SSTP_CALL_OPENING || state == SSTP_CALL_BINDING ||
	       state == SSTP_CALL_CONNECTED;
}

void sstp_call_abort(struct sstp_call *call, enum sx_reason reason, const char *text,
		     uint8_t attr, uint32_t status, uint64_t now)
{
	sstp_call_down(call, reason, text, NULL);
	send_status(call, SSTP_MSG_CALL_ABORT, attr, status);
	enter(call, SSTP_CALL_ABORT_SENT, now + call->t.abort1_ms);
}

void sstp_call_local_abort(struct sstp_call *call, uint32_t status, uint64_t now)
{
	if (call->state == SSTP_CALL_IDLE) {
		sstp_call_down(call, SX_REASON_USER, "local: abort", NULL);
		sstp_call_finish(call);
	} else if (active(call->state)) {
		sstp_call_abort(call, SX_REASON_USER, "local: abort", 0, status, now);
	}
}

void sstp_call_disconnect(struct sstp_call *call, uint64_t now)
{
	if (call->state == SSTP_CALL_IDLE) {
		sstp_call_down(call, SX_REASON_USER, "local: disconnect", NULL);
		sstp_call_finish(call);
	} else if (active(call->state)) {
		/* MS-SSTP 3.1.2.2: Call Disconnect, then disconnect timer 1 waits for the Ack. */
		sstp_call_down(call, SX_REASON_USER, "local: disconnect", NULL);
		send_status(call, SSTP_MSG_CALL_DISCONNECT, 0, SSTP_STATUS_NO_ERROR);
		enter(call, SSTP_CALL_DISCONNECT_SENT, now + call->t.disconnect1_ms);
	}
}

int sstp_call_start(struct sstp_call *call, const struct sstp_msg *first, uint64_t now)
{
	int ret = -EPROTO;

	if (call->state != SSTP_CALL_IDLE)
		goto out;
	ret = first ? sstp_call_send(call, first) : 0;
	if (ret)
		goto out;
	/* MS-SSTP 3.2.2.1, 3.3.2: the negotiation timer runs from the Call Connect Request. */
	enter(call, SSTP_CALL_OPENING, now + call->t.negotiation_ms);
	call->last_rx = now;
out:
	return ret;
}

void sstp_call_opened(struct sstp_call *call, uint8_t hash, uint64_t now)
{
	struct sstp_event ev = { .type = SSTP_EV_CONNECT_ACK, .hash = hash };

	/* MS-SSTP 3.2.2.1, 3.3.2: restarted at Connect Ack; PPP authenticates and binds within it. */
	enter(call, SSTP_CALL_BINDING, now + call->t.negotiation_ms);
	push_event(call, &ev);
}

void sstp_call_connected(struct sstp_call *call, uint8_t hash, uint64_t now)
{
	struct sstp_event ev = { .type = SSTP_EV_CONNECTED, .hash = hash };

	/* MS-SSTP 3.2.1.1.1, 3.3.1.1.1: *_Call_Connected; the hello timer starts now. */
	enter(call, SSTP_CALL_CONNECTED, 0);
	if (now > call->last_rx)
		call->last_rx = now;
	push_event(call, &ev);
}

void sstp_call_note_rx(struct sstp_call *call, uint64_t now)
{
	if (now > call->last_rx)
		call->last_rx = now;
	/* Any packet answers an outstanding Echo Request. */
	call->echo_sent = 0;
}

static void rcvd_abort(struct sstp_call *call, const struct sstp_msg *m, uint64_t now)
{
	const struct sstp_status_info *s = m->n_status ? &m->status[0] : NULL;

	if (s)
		LOG(call, INFO, "rcvd Call Abort status=%u attr=%u", (unsigned)s->status,
		    (unsigned)s->attr_id);
	else
		LOG(call, INFO, "rcvd Call Abort");
	sstp_call_down(call, SX_REASON_SERVER_ABORT, "peer: Call Abort", s);
	/*
	 * MS-SSTP 3.1.2.1: the far end answers with Call Abort and starts abort timer 2, ignoring
	 * everything until it expires (it lets the two aborts cross when both sides abort at once).
	 */
	if (call->state != SSTP_CALL_ABORT_SENT)
		send_status(call, SSTP_MSG_CALL_ABORT, 0, SSTP_STATUS_NO_ERROR);
	enter(call, SSTP_CALL_ABORT_WAIT, now + call->t.abort2_ms);
}

static void rcvd_disconnect(struct sstp_call *call, const struct sstp_msg *m, uint64_t now)
{
	const struct sstp_status_info *s = m->n_status ? &m->status[0] : NULL;

	LOG(call, INFO, "rcvd Call Disconnect");
	sstp_call_down(call, SX_REASON_SERVER_DISCONNECT, "peer: Call Disconnect", s);
	/* MS-SSTP 3.1.2.2: Disconnect Ack, then disconnect timer 2 before the connection is cleared. */
	send_simple(call, SSTP_MSG_CALL_DISCONNECT_ACK);
	enter(call, SSTP_CALL_DISCONNECT_WAIT, now + call->t.disconnect2_ms);
}

/*
 * MS-SSTP 3.2.5.3.7 has the client answer only in Client_Call_Connected and abort earlier; the
 * client answers in every active state: an early echo costs nothing and kills no call. The server
 * (strict_echo) answers once the call exists and aborts an Echo Request before the request.
 */
static bool rcvd_echo_request(struct sstp_call *call)
{
	LOG(call, DEBUG, "rcvd Echo Request");
	if (call->role->strict_echo && call->state == SSTP_CALL_OPENING)
		return false;
	if (!call->no_echo_reply)
		send_simple(call, SSTP_MSG_ECHO_RESPONSE);
	return true;
}

/* A well-formed message in one of the active states (opening, binding, connected). */
static void rcvd_active(struct sstp_call *call, const struct sstp_msg *m, const uint8_t *pkt,
			size_t len, uint64_t now)
{
	switch (m->type) {
	case SSTP_MSG_CALL_ABORT:
		rcvd_abort(call, m, now);
		return;
	case SSTP_MSG_CALL_DISCONNECT:
		rcvd_disconnect(call, m, now);
		return;
	case SSTP_MSG_ECHO_REQUEST:
		if (rcvd_echo_request(call))
			return;
		break;
	case SSTP_MSG_ECHO_RESPONSE:
		LOG(call, DEBUG, "rcvd Echo Response");
		return;
	case SSTP_MSG_CALL_CONNECT_REQUEST:
	case SSTP_MSG_CALL_CONNECT_ACK:
	case SSTP_MSG_CALL_CONNECT_NAK:
	case SSTP_MSG_CALL_CONNECTED:
		if (call->role->rcvd(call, m, pkt, len, now))
			return;
		break;
	case SSTP_MSG_CALL_DISCONNECT_ACK:
		break;
	}
	LOG(call, WARN, "rcvd %s in state %s", sstp_msg_type_str(m->type),
	    sstp_call_state_name(call->role, call->state));
	sstp_call_abort(call, SX_REASON_PROTOCOL, "protocol: unexpected message", 0,
			SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED, now);
}

static void rcvd_closing(struct sstp_call *call, const struct sstp_msg *m, uint64_t now)
{
	switch (call->state) {
	case SSTP_CALL_ABORT_SENT:
		/* MS-SSTP 3.1.2.1: only the far end's Call Abort matters; it starts timer 2. */
		if (m->type == SSTP_MSG_CALL_ABORT)
			rcvd_abort(call, m, now);
		return;
	case SSTP_CALL_DISCONNECT_SENT:
		if (m->type == SSTP_MSG_CALL_DISCONNECT_ACK) {
			LOG(call, INFO, "rcvd Call Disconnect Ack");
			sstp_call_finish(call);
		} else if (m->type == SSTP_MSG_CALL_ABORT) {
			rcvd_abort(call, m, now);
		} else if (m->type == SSTP_MSG_CALL_DISCONNECT) {
			/* Both sides closed at once: acknowledge theirs as well. */
			rcvd_disconnect(call, m, now);
		}
		return;
	case SSTP_CALL_IDLE:
	case SSTP_CALL_OPENING:
	case SSTP_CALL_BINDING:
	case SSTP_CALL_CONNECTED:
	case SSTP_CALL_ABORT_WAIT:
	case SSTP_CALL_DISCONNECT_WAIT:
	case SSTP_CALL_FINISHED:
		return;
	}
}

int sstp_call_input(struct sstp_call *call, const uint8_t *pkt, size_t len, uint64_t now)
{
	struct sstp_msg m;
	const char *why;

	if (call->state == SSTP_CALL_IDLE)
		return -EINVAL;
	if (call->state == SSTP_CALL_FINISHED)
		return 0;
	sstp_call_note_rx(call, now);
	if (sstp_msg_parse(pkt, len, &m, &why)) {
		LOG(call, WARN, "rcvd bad packet (%zu bytes): %s", len, why);
		/* MS-SSTP 3.1.5.1: an invalid message aborts the call; while closing it is ignored. */
		if (active(call->state))
			sstp_call_abort(call, SX_REASON_PROTOCOL, "protocol: malformed packet", 0,
					SSTP_STATUS_INVALID_FRAME_RECEIVED, now);
		return 0;
	}
	if (active(call->state))
		rcvd_active(call, &m, pkt, len, now);
	else
		rcvd_closing(call, &m, now);
	return 0;
}

/* 0 when no Echo Request is outstanding and the role sends none (hello_idle_ms 0). */
static uint64_t hello_deadline(const struct sstp_call *call)
{
	if (call->echo_sent)
		return call->echo_sent + call->t.hello_wait_ms;
	if (!call->t.hello_idle_ms)
		return 0;
	return call->last_rx + call->t.hello_idle_ms;
}

uint64_t sstp_call_next_deadline(const struct sstp_call *call)
{
	switch (call->state) {
	case SSTP_CALL_CONNECTED:
		return hello_deadline(call);
	case SSTP_CALL_OPENING:
	case SSTP_CALL_BINDING:
	case SSTP_CALL_ABORT_SENT:
	case SSTP_CALL_ABORT_WAIT:
	case SSTP_CALL_DISCONNECT_SENT:
	case SSTP_CALL_DISCONNECT_WAIT:
		return call->timer;
	case SSTP_CALL_IDLE:
	case SSTP_CALL_FINISHED:
		break;
	}
	return 0;
}

/*
 * The hello timer (MS-SSTP 3.1.2.3), with our own bounds instead of its 60 s: an Echo Request
 * after hello_idle_ms without any packet, and down if nothing at all arrives within hello_wait_ms
 * after it. Never before Call Connected: some servers abort on an early Echo Request.
 */
static void hello_tick(struct sstp_call *call, uint64_t now)
{
	uint64_t deadline = hello_deadline(call);

	if (!deadline || now < deadline)
		return;
	if (!call->echo_sent) {
		send_simple(call, SSTP_MSG_ECHO_REQUEST);
		call->echo_sent = now;
		return;
	}
	LOG(call, WARN, "no packet for %u ms after Echo Request", (unsigned)call->t.hello_wait_ms);
	/* MS-SSTP 3.1.2.3: abort the connection without sending a Call Abort. */
	sstp_call_down(call, SX_REASON_PEER_SILENT, "hello: peer silent", NULL);
	sstp_call_finish(call);
}

static void negotiation_expired(struct sstp_call *call, uint64_t now)
{
	const char *text = call->state == SSTP_CALL_OPENING ? call->role->opening_timeout :
							      call->role->binding_timeout;

	LOG(call, WARN, "negotiation timer expired in state %s",
	    sstp_call_state_name(call->role, call->state));
	sstp_call_abort(call, SX_REASON_TIMEOUT, text, 0, SSTP_STATUS_NEGOTIATION_TIMEOUT, now);
}

void sstp_call_tick(struct sstp_call *call, uint64_t now)
{
	if (call->state == SSTP_CALL_CONNECTED) {
		hello_tick(call, now);
		return;
	}
	if (!call->timer || now < call->timer)
		return;
	switch (call->state) {
	case SSTP_CALL_OPENING:
	case SSTP_CALL_BINDING:
		negotiation_expired(call, now);
		break;
	case SSTP_CALL_DISCONNECT_SENT:
		LOG(call, INFO, "no Call Disconnect Ack");
		sstp_call_finish(call);
		break;
	case SSTP_CALL_ABORT_SENT:
	case SSTP_CALL_ABORT_WAIT:
	case SSTP_CALL_DISCONNECT_WAIT:
		sstp_call_finish(call);
		break;
	case SSTP_CALL_IDLE:
	case SSTP_CALL_CONNECTED:
	case SSTP_CALL_FINISHED:
		break;
	}
}
