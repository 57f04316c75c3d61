// SPDX-License-Identifier: MIT
/* The server's SSTP control machine (MS-SSTP 3.3.1.1.1) with fault knobs: Connect Ack or Nak and the crypto binding check, on the call core of call.c. */
#include <errno.h>
#include <string.h>

#include "sstp/call.h"
#include "sstp/srv.h"

#define LOG(srv, lvl, ...) sstp_call_log(&(srv)->call, SX_LOG_##lvl, __VA_ARGS__)

static void rcvd_connect_request(struct sstp_srv *srv, const struct sstp_msg *m, uint64_t now)
{
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
		sstp_call_send(&srv->call, &nak);
		sstp_call_down(&srv->call, SX_REASON_CONNECT_NAK, "request: protocol not PPP", NULL);
		sstp_call_finish(&srv->call);
		return;
	}
	memcpy(ack.nonce, srv->cfg.nonce, SSTP_NONCE_LEN);
	sstp_call_send(&srv->call, &ack);
	sstp_call_opened(&srv->call, srv->cfg.offer, now);
}

static void enter_connected(struct sstp_srv *srv, uint8_t hash, uint64_t now)
{
	LOG(srv, INFO, "binding verified hash=%s", sstp_hash_str(hash));
	srv->bound_at = now;
	sstp_call_connected(&srv->call, hash, now);
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
		sstp_call_abort(&srv->call, SX_REASON_PROTOCOL, text, SSTP_ATTR_CRYPTO_BINDING,
				status, now);
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

/* The server's half of the set-up: the request, then the Call Connected to check. */
static bool server_rcvd(struct sstp_call *call, const struct sstp_msg *m, const uint8_t *pkt,
			size_t len, uint64_t now)
{
	struct sstp_srv *srv = SSTP_CALL_OWNER(call, struct sstp_srv);

	if (m->type == SSTP_MSG_CALL_CONNECT_REQUEST && call->state == SSTP_CALL_OPENING)
		rcvd_connect_request(srv, m, now);
	else if (m->type == SSTP_MSG_CALL_CONNECTED && call->state == SSTP_CALL_BINDING &&
		 !srv->cc_held)
		rcvd_connected(srv, pkt, len, now);
	else
		return false;
	return true;
}

static void server_finished(struct sstp_call *call)
{
	struct sstp_srv *srv = SSTP_CALL_OWNER(call, struct sstp_srv);

	explicit_bzero(srv->hlak, sizeof(srv->hlak));
}

static const struct sstp_call_role server_role = {
	.name = "sstp-srv", .strict_echo = true, .rcvd = server_rcvd, .finished = server_finished,
	.opening = "connect-request-pending", .binding = "call-connected-pending",
	.opening_timeout = "negotiation: no Call Connect Request",
	.binding_timeout = "negotiation: no Call Connected",
};

SSTP_CALL_VERBS(sstp_srv, server_role)

void sstp_srv_set_faults(struct sstp_srv *srv, unsigned faults)
{
	srv->cfg.faults = faults;
	srv->call.mute = faults & SSTP_SRV_F_SILENT;
	srv->call.no_echo_reply = faults & SSTP_SRV_F_NO_ECHO_REPLY;
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
	sstp_call_init(&srv->call, &server_role, &cfg->log, SSTP_CALL_TIMERS_OF(cfg));
	sstp_srv_set_faults(srv, cfg->faults);
	return 0;
}

int sstp_srv_start(struct sstp_srv *srv, uint64_t now_ms)
{
	return sstp_call_start(&srv->call, NULL, now_ms);
}

int sstp_srv_set_hlak(struct sstp_srv *srv, const uint8_t hlak[static CBIND_HLAK_LEN],
		      uint64_t now_ms)
{
	if (srv->call.state != SSTP_CALL_BINDING || srv->hlak_set)
		return -EPROTO;
	memcpy(srv->hlak, hlak, CBIND_HLAK_LEN);
	srv->hlak_set = true;
	LOG(srv, DEBUG, "HLAK set");
	if (srv->cc_held)
		verify_binding(srv, now_ms);
	return 0;
}

int sstp_srv_abort(struct sstp_srv *srv, uint32_t status, uint64_t now_ms)
{
	sstp_call_local_abort(&srv->call, status, now_ms);
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
		return sstp_call_queue(&srv->call, truncated, sizeof(truncated));
	case SSTP_SRV_FAULT_WRONG_VERSION:
		return sstp_call_queue(&srv->call, version, sizeof(version));
	case SSTP_SRV_FAULT_WRONG_LENGTH:
		return sstp_call_queue(&srv->call, length, sizeof(length));
	case SSTP_SRV_FAULT_OVERSIZED:
		return sstp_call_queue(&srv->call, big, sizeof(big));
	}
	return -EINVAL;
}

static uint64_t min_nz(uint64_t a, uint64_t b)
{
	return !a || (b && b < a) ? b : a;
}

/* The fault knobs' timers count from BOUND and run beside the hello timer. */
static uint64_t fault_deadline(const struct sstp_srv *srv)
{
	uint64_t d = 0;

	if (srv->cfg.abort_after_ms)
		d = srv->bound_at + srv->cfg.abort_after_ms;
	if (srv->cfg.disconnect_after_ms)
		d = min_nz(d, srv->bound_at + srv->cfg.disconnect_after_ms);
	return d;
}

uint64_t sstp_srv_next_deadline(const struct sstp_srv *srv)
{
	uint64_t d = sstp_call_next_deadline(&srv->call);

	if (srv->call.state == SSTP_CALL_CONNECTED)
		d = min_nz(d, fault_deadline(srv));
	return d;
}

/* True when a fault timer fired: it ends the call, so the hello timer has nothing to do. */
static bool fault_tick(struct sstp_srv *srv, uint64_t now)
{
	if (srv->cfg.abort_after_ms && now >= srv->bound_at + srv->cfg.abort_after_ms) {
		sstp_call_abort(&srv->call, SX_REASON_USER, "fault: abort after connected", 0,
				SSTP_STATUS_NO_ERROR, now);
		return true;
	}
	if (srv->cfg.disconnect_after_ms && now >= srv->bound_at + srv->cfg.disconnect_after_ms) {
		sstp_call_disconnect(&srv->call, now);
		return true;
	}
	return false;
}

int sstp_srv_tick(struct sstp_srv *srv, uint64_t now_ms)
{
	if (srv->call.state != SSTP_CALL_CONNECTED || !fault_tick(srv, now_ms))
		sstp_call_tick(&srv->call, now_ms);
	return 0;
}

/* The call's events as the server names them: the type values are the same (srv.h). */
int sstp_srv_pop_event(struct sstp_srv *srv, struct sstp_srv_event *ev)
{
	struct sstp_event e;
	int ret = sstp_call_pop_event(&srv->call, &e);

	if (!ret)
		*ev = (struct sstp_srv_event){
			.type = (enum sstp_srv_event_type)e.type, .hash = e.hash,
			.reason = e.reason, .text = e.text, .has_status = e.has_status,
			.status = e.status,
		};
	return ret;
}
