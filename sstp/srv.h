// SPDX-License-Identifier: MIT
/*
 * The server-role SSTP control machine (MS-SSTP 3.3) for the strict test server: I/O-free, the same
 * verbs as sstp_ctl (init, input, tick, next_deadline, pop_tx, pop_event), plus fault knobs.
 * Ownership: every `const uint8_t *` input is borrowed for the call only; what is kept is copied.
 * Event texts are static strings.
 */
#ifndef SX_SSTP_SRV_H
#define SX_SSTP_SRV_H

#include "sstp/sstp.h"

enum sstp_srv_state {
	SSTP_SRV_IDLE = SSTP_CALL_IDLE,			/* Server_Call_Disconnected */
	SSTP_SRV_REQUEST_PENDING = SSTP_CALL_OPENING,	/* Server_Connect_Request_Pending */
	SSTP_SRV_CONNECTED_PENDING = SSTP_CALL_BINDING,	/* Server_Call_Connected_Pending */
	SSTP_SRV_CONNECTED = SSTP_CALL_CONNECTED,	/* Server_Call_Connected: binding verified */
	SSTP_SRV_ABORT_SENT = SSTP_CALL_ABORT_SENT,
	SSTP_SRV_ABORT_WAIT = SSTP_CALL_ABORT_WAIT,
	SSTP_SRV_DISCONNECT_SENT = SSTP_CALL_DISCONNECT_SENT,
	SSTP_SRV_DISCONNECT_WAIT = SSTP_CALL_DISCONNECT_WAIT,
	SSTP_SRV_FINISHED = SSTP_CALL_FINISHED,
};

/* Fault flags (cfg.faults, sstp_srv_set_faults): the test server's control-plane knobs. */
#define SSTP_SRV_F_NO_ECHO_REPLY 0x01	/* never answer an Echo Request */
#define SSTP_SRV_F_SILENT 0x02		/* queue nothing at all: the server looks dead */

/* Every duration in milliseconds; 0 selects the default named beside it unless said otherwise. */
struct sstp_srv_cfg {
	struct sx_log log;
	uint8_t offer;			/* SSTP_HASH_* bitmask in Connect Ack; 0 = both */
	uint8_t nonce[SSTP_NONCE_LEN];	/* injected randomness for the Crypto Binding Request */
	uint8_t cert_sha1[CBIND_FIELD_LEN];	/* SHA1 of the certificate, zero-padded */
	uint8_t cert_sha256[CBIND_FIELD_LEN];
	uint32_t negotiation_ms;	/* 60000: MS-SSTP 3.3.2, request and then Call Connected */
	uint32_t hello_idle_ms;		/* 0 = never send Echo Request; else idle time before one */
	uint32_t hello_wait_ms;		/* 10000: nothing received this long after it -> down */
	uint32_t abort1_ms;		/* 3000: MS-SSTP 3.1.2.1 */
	uint32_t abort2_ms;		/* 1000 */
	uint32_t disconnect1_ms;	/* 5000: MS-SSTP 3.1.2.2 */
	uint32_t disconnect2_ms;	/* 1000 */
	uint32_t abort_after_ms;	/* fault: Call Abort this long after BOUND (0 = never) */
	uint32_t disconnect_after_ms;	/* fault: Call Disconnect this long after BOUND (0 = never) */
	unsigned faults;		/* SSTP_SRV_F_* */
};

/* Malformed packets queued on demand by sstp_srv_inject, as raw bytes. */
enum sstp_srv_fault {
	SSTP_SRV_FAULT_TRUNCATED,	/* Connect Ack whose attribute runs past the packet (12 B) */
	SSTP_SRV_FAULT_WRONG_VERSION,	/* Echo Request with version 0x11 */
	SSTP_SRV_FAULT_WRONG_LENGTH,	/* Echo Request whose length field says 6 (< 8) */
	SSTP_SRV_FAULT_OVERSIZED,	/* Echo Request padded to SSTP_MAX_LEN bytes */
};

enum sstp_srv_event_type {
	SSTP_SRV_EV_CALL_CONNECT = SSTP_EV_CONNECT_ACK,	/* Connect Ack queued: start server PPP */
	SSTP_SRV_EV_BOUND = SSTP_EV_CONNECTED,		/* Call Connected verified; hash = used */
	SSTP_SRV_EV_DOWN = SSTP_EV_DOWN,		/* reason + text (+ the peer's status) */
	SSTP_SRV_EV_FINISHED = SSTP_EV_FINISHED,	/* close the transport */
};

struct sstp_srv_event {
	enum sstp_srv_event_type type;
	uint8_t hash;
	enum sx_reason reason;		/* SERVER_ABORT/SERVER_DISCONNECT here mean the peer's */
	const char *text;		/* DOWN: e.g. "binding: nonce mismatch" (static) */
	bool has_status;
	struct sstp_status_info status;
};

/* The largest packet sstp_srv_pop_tx hands out: the oversized fault packet. */
#define SSTP_SRV_TX_MAX (SSTP_MAX_LEN + 1)

struct sstp_srv {
	struct sstp_call call;
	struct sstp_srv_cfg cfg;
	uint64_t bound_at;
	uint8_t hlak[CBIND_HLAK_LEN];
	bool hlak_set, cc_held;
	uint8_t cc[SSTP_CALL_CONNECTED_LEN];	/* Call Connected received before the HLAK */
};

/* 0 or -EINVAL (NULL, or an offer with neither SHA1 nor SHA256). */
int sstp_srv_init(struct sstp_srv *srv, const struct sstp_srv_cfg *cfg);
/* After the HTTP 200 went out: waits for Call Connect Request. -EPROTO if not idle. */
int sstp_srv_start(struct sstp_srv *srv, uint64_t now_ms);
/* One whole control packet (borrowed). Protocol trouble is an event, not an error. 0 or -EINVAL. */
int sstp_srv_input(struct sstp_srv *srv, const uint8_t *pkt, size_t len, uint64_t now_ms);
/* Any other packet received (data): it proves the client is alive. */
void sstp_srv_note_rx(struct sstp_srv *srv, uint64_t now_ms);
/*
 * Server PPP authentication finished: the HLAK (MS-CHAPv2: the client's MasterSendKey ‖
 * MasterReceiveKey as the server derives them; PAP: zeros). Copied, wiped at FINISHED. A Call
 * Connected held back is verified now. 0, or -EPROTO outside Call_Connected_Pending.
 */
int sstp_srv_set_hlak(struct sstp_srv *srv, const uint8_t hlak[static CBIND_HLAK_LEN],
		      uint64_t now_ms);
int sstp_srv_tick(struct sstp_srv *srv, uint64_t now_ms);
uint64_t sstp_srv_next_deadline(const struct sstp_srv *srv);
/* As sstp_ctl_pop_tx: 0 with *len, -EAGAIN when empty, -EMSGSIZE when cap is too small. */
int sstp_srv_pop_tx(struct sstp_srv *srv, uint8_t *buf, size_t cap, size_t *len);
int sstp_srv_pop_event(struct sstp_srv *srv, struct sstp_srv_event *ev);
/* Local close: Call Disconnect and disconnect timer 1. Always 0. */
int sstp_srv_disconnect(struct sstp_srv *srv, uint64_t now_ms);
/* Local abort with this MS-SSTP 2.2.8 status: Call Abort and abort timer 1. Always 0. */
int sstp_srv_abort(struct sstp_srv *srv, uint32_t status, uint64_t now_ms);
/* Queues one malformed packet (even when silent). 0, -EINVAL or -ENOBUFS. */
int sstp_srv_inject(struct sstp_srv *srv, enum sstp_srv_fault fault);
void sstp_srv_set_faults(struct sstp_srv *srv, unsigned faults);
enum sstp_srv_state sstp_srv_state(const struct sstp_srv *srv);
const char *sstp_srv_state_str(enum sstp_srv_state state);

#endif
