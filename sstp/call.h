// SPDX-License-Identifier: MIT
/*
 * Private to sstp/: the SSTP call core both control machines are built on (call.c). It owns what
 * MS-SSTP 3.1 gives both roles alike: Call Abort and Call Disconnect with their timers, the hello
 * timer and echoes, the negotiation timer, the packet and event queues. A role (ctl.c, srv.c) adds
 * its half of the call set-up through struct sstp_call_role.
 * Ownership as in sstp.h: packet bytes are borrowed and copied; texts are static strings.
 */
#ifndef SX_SSTP_CALL_H
#define SX_SSTP_CALL_H

#include <stddef.h>

#include "sstp/sstp.h"

struct sstp_call_role {
	const char *name;			/* log prefix: "sstp", "sstp-srv" */
	const char *opening, *binding;		/* the role's names of those two states */
	const char *opening_timeout, *binding_timeout;	/* DOWN texts when negotiation expires */
	uint32_t hello_idle_default;		/* for hello_idle_ms 0; 0 = no Echo Requests */
	bool strict_echo;			/* an Echo Request while OPENING aborts the call */
	/*
	 * A well-formed Connect Request, Ack, Nak or Call Connected (pkt borrowed) in OPENING,
	 * BINDING or CONNECTED: true when the role took it, false to abort it as unexpected.
	 */
	bool (*rcvd)(struct sstp_call *call, const struct sstp_msg *m, const uint8_t *pkt,
		     size_t len, uint64_t now);
	void (*finished)(struct sstp_call *call);	/* at FINISHED, before its event; or NULL */
};

/* The role object (struct sstp_ctl, struct sstp_srv) around a call. */
#define SSTP_CALL_OWNER(call, type) ((type *)(void *)((char *)(call) - offsetof(type, call)))

/* The role's timers; 0 picks the MS-SSTP defaults (hello_idle_ms: the role's). */
#define SSTP_CALL_TIMERS_OF(cfg)                                                                  \
	((struct sstp_call_timers){                                                               \
		.negotiation_ms = (cfg)->negotiation_ms, .hello_idle_ms = (cfg)->hello_idle_ms,   \
		.hello_wait_ms = (cfg)->hello_wait_ms, .abort1_ms = (cfg)->abort1_ms,             \
		.abort2_ms = (cfg)->abort2_ms, .disconnect1_ms = (cfg)->disconnect1_ms,           \
		.disconnect2_ms = (cfg)->disconnect2_ms })

/*
 * Defines the public verbs a role (PREFIX = sstp_ctl, sstp_srv) hands to its call unchanged:
 * PREFIX_state, _state_str, _input, _note_rx, _disconnect and _pop_tx, declared in its header.
 */
#define SSTP_CALL_VERBS(prefix, role)                                                             \
	enum prefix##_state prefix##_state(const struct prefix *o)                                \
	{                                                                                         \
		return (enum prefix##_state)o->call.state;                                        \
	}                                                                                         \
	const char *prefix##_state_str(enum prefix##_state state)                                 \
	{                                                                                         \
		return sstp_call_state_name(&(role), (enum sstp_call_state)state);                \
	}                                                                                         \
	int prefix##_input(struct prefix *o, const uint8_t *pkt, size_t len, uint64_t now_ms)     \
	{                                                                                         \
		return sstp_call_input(&o->call, pkt, len, now_ms);                               \
	}                                                                                         \
	void prefix##_note_rx(struct prefix *o, uint64_t now_ms)                                  \
	{                                                                                         \
		sstp_call_note_rx(&o->call, now_ms);                                              \
	}                                                                                         \
	int prefix##_disconnect(struct prefix *o, uint64_t now_ms)                                \
	{                                                                                         \
		sstp_call_disconnect(&o->call, now_ms);                                           \
		return 0;                                                                         \
	}                                                                                         \
	int prefix##_pop_tx(struct prefix *o, uint8_t *buf, size_t cap, size_t *len)              \
	{                                                                                         \
		return sstp_call_pop_tx(&o->call, buf, cap, len);                                 \
	}

void sstp_call_init(struct sstp_call *call, const struct sstp_call_role *role,
		    const struct sx_log *log, struct sstp_call_timers t);
void sstp_call_log(const struct sstp_call *call, enum sx_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *sstp_call_state_name(const struct sstp_call_role *role, enum sstp_call_state state);

/* Sends first (if not NULL), then OPENING under the negotiation timer: 0, -EPROTO, -ENOBUFS. */
int sstp_call_start(struct sstp_call *call, const struct sstp_msg *first, uint64_t now);
/* Connect Ack sent or received: BINDING, negotiation timer restarted, SSTP_EV_CONNECT_ACK. */
void sstp_call_opened(struct sstp_call *call, uint8_t hash, uint64_t now);
/* Binding done: CONNECTED, the hello timer starts, SSTP_EV_CONNECTED. */
void sstp_call_connected(struct sstp_call *call, uint8_t hash, uint64_t now);

int sstp_call_input(struct sstp_call *call, const uint8_t *pkt, size_t len, uint64_t now);
void sstp_call_note_rx(struct sstp_call *call, uint64_t now);
void sstp_call_tick(struct sstp_call *call, uint64_t now);
uint64_t sstp_call_next_deadline(const struct sstp_call *call);
int sstp_call_pop_tx(struct sstp_call *call, uint8_t *buf, size_t cap, size_t *len);
int sstp_call_pop_event(struct sstp_call *call, struct sstp_event *ev);

/* Builds and queues m (nothing while muted). 0, -ENOBUFS or sstp_msg_build's error; logged. */
int sstp_call_send(struct sstp_call *call, const struct sstp_msg *m);
/*
 * Queues raw bytes (borrowed), even while muted. Bytes past SSTP_CALL_TX_MAX must be zeros and
 * are only counted. 0, -EMSGSIZE or -ENOBUFS.
 */
int sstp_call_queue(struct sstp_call *call, const uint8_t *pkt, size_t len);

/* A DOWN event unless one was queued (first cause wins). text is static. */
void sstp_call_down(struct sstp_call *call, enum sx_reason reason, const char *text,
		    const struct sstp_status_info *status);
void sstp_call_finish(struct sstp_call *call);
/* MS-SSTP 3.1.5.1: DOWN, Call Abort with this Status Info, abort timer 1. */
void sstp_call_abort(struct sstp_call *call, enum sx_reason reason, const char *text,
		     uint8_t attr, uint32_t status, uint64_t now);
/* Local close (MS-SSTP 3.1.2.2): Call Disconnect and disconnect timer 1. */
void sstp_call_disconnect(struct sstp_call *call, uint64_t now);
/* Local abort with this status: Call Abort and abort timer 1. */
void sstp_call_local_abort(struct sstp_call *call, uint32_t status, uint64_t now);

#endif
