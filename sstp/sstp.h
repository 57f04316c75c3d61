// SPDX-License-Identifier: MIT
/*
 * The I/O-free SSTP library (MS-SSTP): packet codec, data-packet framing, the HTTPS handshake
 * request/response, the call both control machines share, and the client's machine (the server's
 * is in srv.h). Nothing here reads, writes, sleeps, reads the clock or draws randomness: bytes,
 * time and randomness are passed in.
 * Ownership: every `const uint8_t *` input is borrowed for the call only and copied if kept;
 * a `struct pkt *` stays owned by the caller.
 */
#ifndef SX_SSTP_H
#define SX_SSTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "ppp/pkt.h"
#include "ppp/sx.h"
#include "ppp/wire.h"

/* ---- Packet codec (msg.c), MS-SSTP 2.2 ---- */

#define SSTP_VERSION 0x10		/* 1.0 */
#define SSTP_HDR_LEN 4
#define SSTP_CTL_HDR_LEN 8		/* packet header + message type + attribute count */
#define SSTP_MAX_LEN 4095		/* the 12-bit length field */
#define SSTP_NONCE_LEN 32
#define SSTP_STATUS_VALUE_MAX 64	/* MS-SSTP 2.2.8: AttribValue is at most 64 bytes */
#define SSTP_MSG_MAX_STATUS 8		/* Status Info attributes kept per message */
#define SSTP_ENCAP_PPP 1		/* Encapsulated Protocol Id value for PPP */
#define SSTP_CALL_CONNECTED_LEN 112
#define SSTP_CALL_CONNECTED_MAC_OFF 80	/* Compound MAC field inside Call Connected */

/* Hash-protocol bitmask bits of Crypto Binding Request; Crypto Binding carries one of them. */
#define SSTP_HASH_SHA1 0x01
#define SSTP_HASH_SHA256 0x02

enum sstp_msg_type {
	SSTP_MSG_CALL_CONNECT_REQUEST = 1,
	SSTP_MSG_CALL_CONNECT_ACK = 2,
	SSTP_MSG_CALL_CONNECT_NAK = 3,
	SSTP_MSG_CALL_CONNECTED = 4,
	SSTP_MSG_CALL_ABORT = 5,
	SSTP_MSG_CALL_DISCONNECT = 6,
	SSTP_MSG_CALL_DISCONNECT_ACK = 7,
	SSTP_MSG_ECHO_REQUEST = 8,
	SSTP_MSG_ECHO_RESPONSE = 9,
};

enum sstp_attr_id {
	SSTP_ATTR_ENCAPSULATED_PROTOCOL_ID = 1,
	SSTP_ATTR_STATUS_INFO = 2,
	SSTP_ATTR_CRYPTO_BINDING = 3,
	SSTP_ATTR_CRYPTO_BINDING_REQ = 4,
};

/* MS-SSTP 2.2.8 Status values. */
enum sstp_status {
	SSTP_STATUS_NO_ERROR = 0,
	SSTP_STATUS_DUPLICATE_ATTRIBUTE = 1,
	SSTP_STATUS_UNRECOGNIZED_ATTRIBUTE = 2,
	SSTP_STATUS_INVALID_ATTRIB_VALUE_LENGTH = 3,
	SSTP_STATUS_VALUE_NOT_SUPPORTED = 4,
	SSTP_STATUS_UNACCEPTED_FRAME_RECEIVED = 5,
	SSTP_STATUS_RETRY_COUNT_EXCEEDED = 6,
	SSTP_STATUS_INVALID_FRAME_RECEIVED = 7,
	SSTP_STATUS_NEGOTIATION_TIMEOUT = 8,
	SSTP_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG = 9,
	SSTP_STATUS_REQUIRED_ATTRIBUTE_MISSING = 10,
	SSTP_STATUS_STATUS_INFO_NOT_SUPPORTED_IN_MSG = 11,
};

struct sstp_status_info {
	uint8_t attr_id;		/* the attribute being reported (0: none) */
	uint32_t status;		/* enum sstp_status on the wire, kept raw */
	uint8_t value_len;
	uint8_t value[SSTP_STATUS_VALUE_MAX];
};

/*
 * One control message, fully copied out of (or into) the wire form: nothing in it points into the
 * input. Which fields matter depends on type:
 *   CALL_CONNECT_REQUEST  protocol_id
 *   CALL_CONNECT_ACK      hash (bitmask offered), nonce
 *   CALL_CONNECTED        hash (the one chosen), nonce, cert_hash, mac
 *   CALL_CONNECT_NAK      status[1..]; CALL_ABORT, CALL_DISCONNECT: status[0..1]
 *   the rest              no attributes
 */
struct sstp_msg {
	enum sstp_msg_type type;
	uint16_t protocol_id;
	uint8_t hash;
	uint8_t nonce[SSTP_NONCE_LEN];
	uint8_t cert_hash[CBIND_FIELD_LEN];
	uint8_t mac[CBIND_FIELD_LEN];
	size_t n_status;
	struct sstp_status_info status[SSTP_MSG_MAX_STATUS];
};

/*
 * Finds the next whole packet at the start of a stream buffer (TLS plaintext). Returns 0 with
 * *pkt_len (header included) and *control set, -EAGAIN when more bytes are needed, or -EBADMSG
 * for a header no SSTP packet can have (wrong version, length under the minimum): MS-SSTP 3.1.5.1
 * says to drop the connection without a message then.
 */
int sstp_msg_frame(const uint8_t *buf, size_t len, size_t *pkt_len, bool *control);

/*
 * Parses one whole control packet (borrowed, header included) into *m. Returns 0 or -EBADMSG;
 * on -EBADMSG, *why (if non-NULL) points to a static phrase for a log line.
 */
int sstp_msg_parse(const uint8_t *pkt, size_t len, struct sstp_msg *m, const char **why);

/*
 * Appends the wire form of *m (header included) to w. Returns 0, -EINVAL for a message that would
 * not parse back (wrong attribute set or value sizes), or -EMSGSIZE when w is too small.
 */
int sstp_msg_build(const struct sstp_msg *m, struct wire_w *w);

/* Names for log lines: "Call Connect Request", "Connect Ack", ...; "unknown" otherwise. */
const char *sstp_msg_type_str(unsigned type);
/* "sha1", "sha256", "sha1+sha256" or "none" for a hash-protocol bitmask. */
const char *sstp_hash_str(uint8_t bitmask);

/* ---- Data packets (data.c), MS-SSTP 2.2.3 ---- */

/* Prepends the 4-byte data header (10 00 length) in p's headroom: 0, -ENOBUFS or -EMSGSIZE. */
int sstp_data_push(struct pkt *p);
/* The PPP frame inside a whole data packet (borrowed, header included): 0 or -EBADMSG. */
int sstp_data_parse(const uint8_t *pkt, size_t len, const uint8_t **frame, size_t *frame_len);

/* ---- HTTPS handshake (http.c), MS-SSTP 3.2.4.1 ---- */

#define SSTP_HTTP_HDR_MAX 8192		/* response headers longer than this: -EMSGSIZE */
#define SSTP_HTTP_REASON_MAX 64

/*
 * Writes the SSTP_DUPLEX_POST request for `host` (what goes in Host:, e.g. "vpn.example.com" or
 * "[2001:db8::1]") with the correlation GUID formed from 16 caller-drawn bytes, printed in order
 * as upper-case hex. Returns the length (no NUL is counted, one is written), -EINVAL for an empty
 * host or one with control characters or spaces, or -EMSGSIZE when cap is too small.
 */
int sstp_http_build_request(char *buf, size_t cap, const char *host, const uint8_t guid[static 16]);

/* Incremental parser of the server's HTTP response head. Zero-initialise or sstp_http_resp_init. */
struct sstp_http_resp {
	size_t total;			/* header bytes seen */
	size_t line_len;		/* bytes of the current line */
	bool line_colon;		/* the current header line has a ':' */
	bool done;
	int status;			/* the status code once the status line is read */
	char reason[SSTP_HTTP_REASON_MAX];	/* reason phrase, printable ASCII, NUL-terminated */
	char line[128];			/* the status line being collected */
};

void sstp_http_resp_init(struct sstp_http_resp *r);

/*
 * Feeds len bytes (borrowed; split anywhere). Returns -EAGAIN when the head is not complete (all
 * bytes consumed), 0 when the blank line was reached: *consumed then counts the bytes used up to
 * and including it, and the rest (the first SSTP packets) belongs to the caller. The status may be
 * anything: the caller checks r->status == 200 and reports r->status and r->reason otherwise.
 * -EBADMSG when it is not "HTTP/1.x NNN ..." or a header line is malformed, -EMSGSIZE when the
 * head exceeds SSTP_HTTP_HDR_MAX. Line ends may be CRLF or a bare LF.
 */
int sstp_http_resp_input(struct sstp_http_resp *r, const uint8_t *data, size_t len,
			 size_t *consumed);

/* Server role (the test server): the request head as MS-SSTP 3.2.4.1 has the client send it. */
#define SSTP_HTTP_HOST_MAX 256
struct sstp_http_req {
	char host[SSTP_HTTP_HOST_MAX];		/* the Host header, NUL-terminated */
	char correlation_id[40];		/* "{GUID}" from SSTPCORRELATIONID, "" when absent */
};

/*
 * Parses a request head at the start of buf (borrowed). Returns 0 with *consumed up to and
 * including the blank line, -EAGAIN while the blank line is not in buf yet, -EMSGSIZE past
 * SSTP_HTTP_HDR_MAX, or -EBADMSG (with *why for a log line) unless it is an SSTP_DUPLEX_POST of
 * the SSTP URI over HTTP/1.1 with a Host, Content-Length 18446744073709551615 and, if present, a
 * well-formed SSTPCORRELATIONID.
 */
int sstp_http_req_parse(const uint8_t *buf, size_t len, struct sstp_http_req *req,
			size_t *consumed, const char **why);

/*
 * Writes a response head: status 200 carries Content-Length 2^64-1 as Windows and SoftEther send it,
 * other statuses Content-Length 0. Returns the length, -EINVAL or -EMSGSIZE.
 */
int sstp_http_build_response(char *buf, size_t cap, int status, const char *reason);

/* ---- Crypto binding on the wire (cbind.c), MS-SSTP 3.2.5.2; the math is auth/'s ---- */

/*
 * Writes the 112-byte Call Connected for this nonce and certificate hash (SHA1 zero-padded),
 * its Compound MAC computed from the HLAK. Nothing secret is kept. 0, -EINVAL or auth/'s error.
 */
int sstp_cbind_build(enum cbind_hash hash, const uint8_t nonce[static SSTP_NONCE_LEN],
		     const uint8_t cert_hash[static CBIND_FIELD_LEN],
		     const uint8_t hlak[static CBIND_HLAK_LEN],
		     uint8_t out[static SSTP_CALL_CONNECTED_LEN]);

/*
 * Server role: checks a received Call Connected (borrowed) against what the server sent and knows:
 * the hash bitmask offered and the nonce of its Connect Ack, its certificate's hashes, the HLAK.
 * Returns 0, -EBADMSG when it is no well-formed Call Connected, or -EPROTO when the binding is
 * wrong; *why (if non-NULL) names the field for a log line. Comparisons are constant time.
 */
int sstp_cbind_verify(const uint8_t *pkt, size_t len, uint8_t offered,
		      const uint8_t nonce[static SSTP_NONCE_LEN],
		      const uint8_t cert_sha1[static CBIND_FIELD_LEN],
		      const uint8_t cert_sha256[static CBIND_FIELD_LEN],
		      const uint8_t hlak[static CBIND_HLAK_LEN], const char **why);

/* ---- The SSTP call both roles share (call.c), MS-SSTP 3.1 ---- */

/* The states of either role's control machine; sstp_ctl_state and sstp_srv_state take these values. */
enum sstp_call_state {
	SSTP_CALL_IDLE,			/* *_Call_Disconnected: before start */
	SSTP_CALL_OPENING,		/* Call Connect Request sent (client) or awaited (server) */
	SSTP_CALL_BINDING,		/* Connect Ack exchanged: PPP authenticates, then binds */
	SSTP_CALL_CONNECTED,		/* *_Call_Connected */
	SSTP_CALL_ABORT_SENT,		/* Call_Abort_Pending: we aborted, abort timer 1 */
	SSTP_CALL_ABORT_WAIT,		/* Call_Abort_In_Progress_2: abort timer 2, all ignored */
	SSTP_CALL_DISCONNECT_SENT,	/* Call_Disconnect_Ack_Pending: disconnect timer 1 */
	SSTP_CALL_DISCONNECT_WAIT,	/* Call_Disconnect_In_Progress_2: disconnect timer 2 */
	SSTP_CALL_FINISHED,		/* the transport may close */
};

/* The client's event names; the server's sstp_srv_event_type takes the same values. */
enum sstp_event_type {
	SSTP_EV_CONNECT_ACK,		/* hash = protocols offered: start PPP authentication */
	SSTP_EV_CONNECTED,		/* Call Connected queued; hash = the one used */
	SSTP_EV_DOWN,			/* reason + text (+ status from the peer's Status Info) */
	SSTP_EV_FINISHED,		/* nothing more to send or wait for: close the transport */
};

struct sstp_event {
	enum sstp_event_type type;
	uint8_t hash;
	enum sx_reason reason;
	const char *text;		/* DOWN: e.g. "peer: Call Abort" (static) */
	bool has_status;
	struct sstp_status_info status;
};

/* Every duration in milliseconds, defaults applied. */
struct sstp_call_timers {
	uint32_t negotiation_ms, hello_idle_ms, hello_wait_ms;
	uint32_t abort1_ms, abort2_ms, disconnect1_ms, disconnect2_ms;
};

#define SSTP_CALL_TXQ 8
#define SSTP_CALL_TX_MAX 128		/* bytes kept per queued packet (Call Connected is 112) */
#define SSTP_CALL_EVQ 8

struct sstp_call_role;

/* Held by value inside sstp_ctl and sstp_srv; its members belong to sstp/. */
struct sstp_call {
	const struct sstp_call_role *role;
	struct sx_log log;
	struct sstp_call_timers t;
	enum sstp_call_state state;
	uint64_t timer;			/* the state's deadline, 0 = none */
	uint64_t last_rx;
	uint64_t echo_sent;		/* 0 = no Echo Request outstanding */
	bool down_sent, mute, no_echo_reply;
	unsigned echo_drops;		/* Echo Responses the full queue refused in this burst */
	struct {
		uint8_t buf[SSTP_CALL_TX_MAX];
		uint16_t len;		/* bytes past SSTP_CALL_TX_MAX are zeros */
	} txq[SSTP_CALL_TXQ];
	unsigned tx_head, tx_n;
	struct sstp_event evq[SSTP_CALL_EVQ];
	unsigned ev_head, ev_n;
};

/* ---- Client control state machine (ctl.c), MS-SSTP 3.1.1.1 and 3.2.1 ---- */

enum sstp_ctl_state {
	SSTP_CTL_IDLE = SSTP_CALL_IDLE,			/* Client_Call_Disconnected */
	SSTP_CTL_REQUEST_SENT = SSTP_CALL_OPENING,	/* Client_Connect_Request_Sent */
	SSTP_CTL_ACK_RECEIVED = SSTP_CALL_BINDING,	/* Client_Connect_Ack_Received */
	SSTP_CTL_CONNECTED = SSTP_CALL_CONNECTED,	/* Client_Call_Connected */
	SSTP_CTL_ABORT_SENT = SSTP_CALL_ABORT_SENT,
	SSTP_CTL_ABORT_WAIT = SSTP_CALL_ABORT_WAIT,
	SSTP_CTL_DISCONNECT_SENT = SSTP_CALL_DISCONNECT_SENT,
	SSTP_CTL_DISCONNECT_WAIT = SSTP_CALL_DISCONNECT_WAIT,
	SSTP_CTL_FINISHED = SSTP_CALL_FINISHED,
};

/* Every duration in milliseconds; 0 selects the default named beside it. */
struct sstp_ctl_cfg {
	struct sx_log log;
	uint32_t negotiation_ms;	/* 60000: MS-SSTP 3.2.2.1, until Connect Ack and until bind */
	uint32_t hello_idle_ms;		/* 10000: no packet received for this long -> Echo Request */
	uint32_t hello_wait_ms;		/* 10000: nothing received this long after it -> down */
	uint32_t abort1_ms;		/* 3000: MS-SSTP 3.1.2.1 TIMER_VAL_ABORT_STATE_TIMER_1 */
	uint32_t abort2_ms;		/* 1000: TIMER_VAL_ABORT_STATE_TIMER_2 */
	uint32_t disconnect1_ms;	/* 5000: MS-SSTP 3.1.2.2 TIMER_VAL_DISCONNECT_STATE_TIMER_1 */
	uint32_t disconnect2_ms;	/* 1000: TIMER_VAL_DISCONNECT_STATE_TIMER_2 */
};

/* The longest message the client sends is Call Connected, 112 bytes. */
#define SSTP_CTL_TX_MAX SSTP_CALL_TX_MAX

/* Opaque in spirit: use the functions. Held by value so no allocation is needed. */
struct sstp_ctl {
	struct sstp_call call;
	uint8_t offered;		/* hash bitmask from Connect Ack */
	uint8_t nonce[SSTP_NONCE_LEN];
	uint8_t cert_hash[2][CBIND_FIELD_LEN];	/* [0] SHA1 (zero-padded), [1] SHA256 */
	bool cert_hash_set[2];
};

/* Returns 0 or -EINVAL (cfg NULL). Timers keep their defaults where cfg has 0. */
int sstp_ctl_init(struct sstp_ctl *ctl, const struct sstp_ctl_cfg *cfg);
/* After HTTP 200: queues Call Connect Request and arms the negotiation timer. -EPROTO if not idle. */
int sstp_ctl_start(struct sstp_ctl *ctl, uint64_t now_ms);
/*
 * One whole control packet (borrowed). Protocol trouble is not an error: it queues Call Abort and
 * an SSTP_EV_DOWN. Returns 0, or -EINVAL before sstp_ctl_start.
 */
int sstp_ctl_input(struct sstp_ctl *ctl, const uint8_t *pkt, size_t len, uint64_t now_ms);
/* Any other packet received (data): it proves the peer is alive. */
void sstp_ctl_note_rx(struct sstp_ctl *ctl, uint64_t now_ms);
int sstp_ctl_tick(struct sstp_ctl *ctl, uint64_t now_ms);
/* The earliest time sstp_ctl_tick has work, 0 = none. */
uint64_t sstp_ctl_next_deadline(const struct sstp_ctl *ctl);
/*
 * Copies the next message to send into buf. Returns 0 with *len set, -EAGAIN when nothing is
 * queued, or -EMSGSIZE when cap is too small (the message stays queued).
 */
int sstp_ctl_pop_tx(struct sstp_ctl *ctl, uint8_t *buf, size_t cap, size_t *len);
/* Returns 0 with *ev filled, or -EAGAIN when no event is pending. */
int sstp_ctl_pop_event(struct sstp_ctl *ctl, struct sstp_event *ev);
/* The server certificate's hash for each protocol (SHA1 zero-padded to 32, as cbind_cert_hash). */
int sstp_ctl_set_cert_hash(struct sstp_ctl *ctl, enum cbind_hash hash,
			   const uint8_t cert_hash[static CBIND_FIELD_LEN]);
/*
 * After PPP authentication: queues Call Connected bound with the HLAK (SHA256 if the server offered
 * it, else SHA1). HLAK and CMK are not kept. Returns 0, -EPROTO outside ACK_RECEIVED, -EINVAL when
 * the certificate hash for the chosen protocol was not set, or an error from auth/.
 */
int sstp_ctl_bind(struct sstp_ctl *ctl, const uint8_t hlak[static CBIND_HLAK_LEN],
		  uint64_t now_ms);
/* Local close: Call Disconnect, then wait for the Ack or the disconnect timer. Always 0. */
int sstp_ctl_disconnect(struct sstp_ctl *ctl, uint64_t now_ms);
enum sstp_ctl_state sstp_ctl_state(const struct sstp_ctl *ctl);
const char *sstp_ctl_state_str(enum sstp_ctl_state state);

#endif
