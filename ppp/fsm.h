// SPDX-License-Identifier: MIT
/*
 * The RFC 1661 option-negotiation automaton, shared by LCP, IPCP and IPv6CP: one static table of
 * (event, state) -> {actions, next state}, and per-protocol hooks in struct fsm_ops.
 *
 * I/O-free: output goes through ppp_send_cp() on the borrowed struct ppp_ctx, time is a `now` in
 * milliseconds passed in, and the only timer is the restart deadline (fsm_next_deadline/fsm_tick).
 *
 * How the link learns about layer changes (RFC 1661 4.4 This-Layer-Up/Down/Started/Finished):
 * the automaton first calls the protocol's own ops hook (ops->up, ...), then the link's notify
 * callback set with fsm_set_notify(), with the user pointer the link gave. The link must not
 * feed events to the SAME fsm from inside its notify callback (it may drive other fsms, e.g.
 * fsm_up() the NCPs when LCP is up); to close this fsm from a callback use fsm_fail(), which is
 * applied when the current input/tick returns.
 *
 * Ownership: ctx and ops are borrowed for the object's lifetime; packets passed to fsm_input are
 * borrowed and never referenced after it returns.
 */
#ifndef SX_PPP_FSM_H
#define SX_PPP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/fsm_table.h"
#include "ppp/proto.h"
#include "ppp/sx.h"
#include "ppp/wire.h"

/* RFC 1661 4.6 counters and timer. */
struct fsm_conf {
	uint32_t restart_ms;		/* Restart timer, default 3000 */
	uint8_t max_configure;		/* Max-Configure, default 10 */
	uint8_t max_terminate;		/* Max-Terminate, default 2 */
	uint8_t max_failure;		/* Max-Failure, default 5 */
};

void fsm_conf_default(struct fsm_conf *c);

/* What fsm_set_notify's callback is told. */
enum fsm_note {
	FSM_NOTE_UP,		/* This-Layer-Up: negotiation done, the layer is Opened */
	FSM_NOTE_DOWN,		/* This-Layer-Down: left Opened */
	FSM_NOTE_STARTED,	/* This-Layer-Started: the layer wants the lower layer up */
	FSM_NOTE_FINISHED,	/* This-Layer-Finished: done with the lower layer; see fsm_reason() */
	FSM_NOTE_PROTREJ,	/* LCP only: the peer Protocol-Rejected protocol `arg` (not LCP) */
};

struct fsm;
struct opt_desc;
typedef void fsm_notify_fn(void *user, struct fsm *f, enum fsm_note note, uint32_t arg);

/* What recv_nak/recv_rej/recv_ack and check_req see: the options of the received packet. */
struct fsm_ops {
	const char *name;		/* "lcp", "ipcp", "ipv6cp": first word of every trace line */
	uint16_t proto;			/* PPP_LCP, PPP_IPCP, PPP_IPV6CP */
	const struct opt_desc *opts;	/* option table (ppp/opt.h), for traces */
	size_t nopts;

	/* Forgets the previous negotiation before the first Configure-Request of a new one. */
	void (*reset)(struct fsm *f);
	/* Writes our Configure-Request options into w (sticky-error writer). */
	void (*build_req)(struct fsm *f, struct wire_w *w);
	/*
	 * The peer's Configure-Ack/-Nak/-Reject for our last request (ids already matched).
	 * Return 0, or -EBADMSG when the packet does not fit what we asked: it is then dropped
	 * (RFC 1661 5.2-5.4: "invalid ... silently discarded"). recv_nak with give_up set means
	 * Max-Failure Naks in a row were received: the hook should stop negotiating what the peer
	 * keeps refusing, or fsm_fail().
	 */
	int (*recv_ack)(struct fsm *f, const uint8_t *opts, size_t len);
	int (*recv_nak)(struct fsm *f, const uint8_t *opts, size_t len, bool give_up);
	int (*recv_rej)(struct fsm *f, const uint8_t *opts, size_t len);
	/*
	 * Decides on the peer's Configure-Request (RFC 1661 5.1-5.4). Writes the reply options (Nak'd
	 * or Rejected options; nothing for an Ack, the fsm echoes the request) into w and returns
	 * CP_CONFACK, CP_CONFNAK or CP_CONFREJ, or -EBADMSG to drop the packet. reject_if_disagree is
	 * set after Max-Failure Naks in a row (RFC 1661 4.6): answer Reject instead of Nak.
	 */
	int (*check_req)(struct fsm *f, const uint8_t *opts, size_t len, struct wire_w *w,
			 bool reject_if_disagree);
	void (*up)(struct fsm *f);
	void (*down)(struct fsm *f);
	void (*started)(struct fsm *f);
	void (*finished)(struct fsm *f);
	/*
	 * Codes beyond 1-7 (LCP Protocol-Reject, Echo, Discard, ...). Returns the event the packet
	 * is: FSM_RXR, FSM_RXJ_POS, FSM_RXJ_NEG, FSM_RUC (unknown code: Code-Reject), or FSM_DROP
	 * (malformed: dropped). NULL: every such code is RUC.
	 */
	enum fsm_event (*recv_other)(struct fsm *f, uint8_t code, uint8_t id,
				     const uint8_t *data, size_t len);
	/* The SER action for an Echo-Request in Opened (LCP only; NULL for NCPs). */
	void (*send_echo_reply)(struct fsm *f, uint8_t id, const uint8_t *data, size_t len);
};

#define FSM_REPLY_MAX 1500
#define FSM_REQ_MAX 256
#define FSM_TERM_REASON_MAX 64

struct fsm {
	const struct fsm_ops *ops;
	struct ppp_ctx *ctx;
	struct fsm_conf conf;
	fsm_notify_fn *notify;
	void *user;

	enum fsm_state state;
	uint8_t id;			/* next identifier we send */
	uint8_t reqid;			/* identifier of our last Configure-Request */
	bool seen_ack;			/* an Ack/Nak/Rej for reqid was already handled */
	uint8_t restart;		/* RFC 1661 4.6 restart counter */
	uint8_t nakloops;		/* Configure-Naks we sent in a row */
	uint8_t rnakloops;		/* Configure-Naks we received in a row */
	uint8_t term_id;		/* identifier of our Terminate-Request */
	bool rx_any;			/* the peer sent something since the last Open/Up */
	uint64_t timer_at;		/* restart deadline, 0 = stopped */
	uint64_t now;
	bool in_step;			/* a table step is running: fsm_close() becomes fsm_fail() */

	enum sx_reason reason;		/* first cause wins */
	enum sx_reason pending;		/* fsm_fail() applied after the current step */
	char term_reason[FSM_TERM_REASON_MAX];

	/* The packet being handled while one table step runs. */
	uint8_t rx_code;
	uint8_t rx_id;
	const uint8_t *rx_pkt;		/* whole packet, header included (for Code-Reject) */
	size_t rx_pkt_len;
	const uint8_t *rx_data;		/* after the 4-byte header */
	size_t rx_len;
	size_t req_len;			/* our last Configure-Request's options, to check Acks */
	uint8_t req[FSM_REQ_MAX];
	int reply_code;			/* check_req's answer for SCA/SCN */
	size_t reply_len;
	uint8_t reply[FSM_REPLY_MAX];
};

/* conf NULL: defaults. The fsm starts in Initial. */
void fsm_init(struct fsm *f, const struct fsm_ops *ops, struct ppp_ctx *ctx,
	      const struct fsm_conf *conf);
void fsm_set_notify(struct fsm *f, fsm_notify_fn *fn, void *user);

/* Administrative and lower-layer events (RFC 1661 4.3). Return 0. */
int fsm_up(struct fsm *f, uint64_t now);
int fsm_down(struct fsm *f, uint64_t now);
int fsm_open(struct fsm *f, uint64_t now);
/* Close; `reason` is recorded (first cause wins), `why` (may be NULL) goes in Terminate-Request. */
int fsm_close(struct fsm *f, uint64_t now, enum sx_reason reason, const char *why);

/*
 * Records a failure and closes the layer once the current fsm_input/fsm_tick step returns
 * (or at once when called outside a step). Safe from inside ops hooks and notify callbacks.
 */
void fsm_fail(struct fsm *f, enum sx_reason reason, const char *why);

/*
 * One control packet: the information field of a frame of this protocol (borrowed). Returns 0,
 * -EBADMSG (malformed: dropped and logged), or -ENOBUFS when a reply could not be queued.
 * Packets with a stale identifier are dropped and return 0.
 */
int fsm_input(struct fsm *f, const uint8_t *info, size_t len, uint64_t now);

/* Runs TO+/TO- when the restart deadline has passed. */
void fsm_tick(struct fsm *f, uint64_t now);
/* The restart deadline, 0 when no timer runs. */
uint64_t fsm_next_deadline(const struct fsm *f);

/*
 * Runs one table step for an event with no packet attached: the link uses it to give an NCP
 * FSM_RXJ_NEG when LCP reports FSM_NOTE_PROTREJ for it (RFC 1661 5.7); tests walk the table.
 */
void fsm_event(struct fsm *f, enum fsm_event ev, uint64_t now);

static inline enum fsm_state fsm_state(const struct fsm *f)
{
	return f->state;
}

static inline enum sx_reason fsm_reason(const struct fsm *f)
{
	return f->reason;
}

/* Records a reason if none is recorded yet (first cause wins). */
void fsm_set_reason(struct fsm *f, enum sx_reason reason);

/* Allocates the next identifier (for LCP Echo/Protocol-Reject, which the table does not send). */
uint8_t fsm_next_id(struct fsm *f);


#endif
