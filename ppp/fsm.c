// SPDX-License-Identifier: MIT
/* The RFC 1661 automaton shared by LCP, IPCP and IPv6CP: runs the table of fsm_table.c on packets. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/fsm.h"
#include "ppp/opt.h"

/* RFC 1661 5.6: a Code-Reject carries the rejected packet, truncated to fit any MRU we accept. */
#define FSM_CODEREJ_MAX 572

void fsm_conf_default(struct fsm_conf *c)
{
	c->restart_ms = 3000;
	c->max_configure = 10;
	c->max_terminate = 2;
	c->max_failure = 5;
}

void fsm_init(struct fsm *f, const struct fsm_ops *ops, struct ppp_ctx *ctx,
	      const struct fsm_conf *conf)
{
	memset(f, 0, sizeof(*f));
	f->ops = ops;
	f->ctx = ctx;
	if (conf)
		f->conf = *conf;
	else
		fsm_conf_default(&f->conf);
	f->state = FSM_INITIAL;
	f->id = 1;
}

void fsm_set_notify(struct fsm *f, fsm_notify_fn *fn, void *user)
{
	f->notify = fn;
	f->user = user;
}

void fsm_set_reason(struct fsm *f, enum sx_reason reason)
{
	if (f->reason == SX_REASON_NONE)
		f->reason = reason;
}

uint8_t fsm_next_id(struct fsm *f)
{
	return f->id++;
}

/* One trace line for a packet; options are named for codes 1-4. */
static void fsm_trace(struct fsm *f, const char *dir, uint8_t code, uint8_t id,
		      const uint8_t *data, size_t len)
{
	char opts[256] = "";

	if (f->ctx->log.max < SX_LOG_DEBUG)
		return;
	if (code >= CP_CONFREQ && code <= CP_CONFREJ)
		opt_format(f->ops->opts, f->ops->nopts, data, len, opts, sizeof(opts));
	else if (len)
		snprintf(opts, sizeof(opts), " len=%zu", len);
	if (code == 0 || code > CP_TIMEREM)
		sx_logf(&f->ctx->log, SX_LOG_DEBUG, "%s: %s code %u id=%u%s", f->ops->name, dir,
			code, id, opts);
	else
		sx_logf(&f->ctx->log, SX_LOG_DEBUG, "%s: %s %s id=%u%s", f->ops->name, dir,
			fsm_code_name(code), id, opts);
}

static int fsm_send(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *data, size_t len)
{
	int ret = ppp_send_cp(f->ctx, f->ops->proto, code, id, data, len);

	if (ret)
		sx_logf(&f->ctx->log, SX_LOG_WARN, "%s: cannot send %s: %d", f->ops->name,
			fsm_code_name(code), ret);
	else
		fsm_trace(f, "sent", code, id, data, len);
	return ret;
}

static void fsm_arm(struct fsm *f)
{
	f->timer_at = f->now + f->conf.restart_ms;
	if (f->timer_at == 0)
		f->timer_at = 1;
}

/*
 * SCR: a new Configure-Request; a fresh negotiation first forgets the old one (pppd resetci).
 * RFC 1661 5.1: an unchanged retransmission (TO+) keeps its Identifier so a late answer counts
 * (SoftEther's IPCP answers ~1 s late; new ids made us drop its replies, costing seconds).
 */
static void fsm_scr(struct fsm *f, enum fsm_state old, bool timeout)
{
	uint8_t prev[FSM_REQ_MAX];
	size_t prev_len = f->req_len;
	struct wire_w w = wire_w_init(f->req, sizeof(f->req));
	bool same;

	memcpy(prev, f->req, prev_len);

	if (old != FSM_REQ_SENT && old != FSM_ACK_RCVD && old != FSM_ACK_SENT) {
		if (f->ops->reset)
			f->ops->reset(f);
		f->rnakloops = 0;
	}
	if (f->ops->build_req)
		f->ops->build_req(f, &w);
	f->req_len = w.err ? 0 : w.off;
	if (w.err)
		sx_logf(&f->ctx->log, SX_LOG_WARN, "%s: Configure-Request too long", f->ops->name);
	same = timeout && !f->seen_ack && f->req_len == prev_len &&
	       !memcmp(prev, f->req, prev_len);
	if (!same)
		f->reqid = fsm_next_id(f);
	f->seen_ack = false;
	if (f->restart)
		f->restart--;
	fsm_send(f, CP_CONFREQ, f->reqid, f->req, f->req_len);
	fsm_arm(f);
}

static void fsm_str(struct fsm *f)
{
	f->term_id = fsm_next_id(f);
	if (f->restart)
		f->restart--;
	fsm_send(f, CP_TERMREQ, f->term_id, (const uint8_t *)f->term_reason,
		 strlen(f->term_reason));
	fsm_arm(f);
}

/* SCA / SCN: the reply check_req prepared (an Ack echoes the request, RFC 1661 5.2). */
static void fsm_reply(struct fsm *f)
{
	uint8_t code = (uint8_t)f->reply_code;

	if (code == CP_CONFACK) {
		f->nakloops = 0;
		fsm_send(f, CP_CONFACK, f->rx_id, f->rx_data, f->rx_len);
		return;
	}
	if (code == CP_CONFNAK)
		f->nakloops++;
	fsm_send(f, code, f->rx_id, f->reply, f->reply_len);
}

static void fsm_scj(struct fsm *f)
{
	size_t len = f->rx_pkt_len < FSM_CODEREJ_MAX ? f->rx_pkt_len : FSM_CODEREJ_MAX;

	fsm_send(f, CP_CODEREJ, fsm_next_id(f), f->rx_pkt, len);
}

static void fsm_layer(struct fsm *f, void (*hook)(struct fsm *), enum fsm_note note)
{
	if (hook)
		hook(f);
	if (f->notify)
		f->notify(f->user, f, note, 0);
}

/* Why a TO- ended the negotiation: a silent peer, or one that never agreed. */
static void fsm_to_neg_reason(struct fsm *f, enum fsm_state old)
{
	if (old == FSM_REQ_SENT || old == FSM_ACK_RCVD || old == FSM_ACK_SENT)
		fsm_set_reason(f, f->rx_any ? SX_REASON_NEGOTIATION : SX_REASON_PEER_SILENT);
}

static void fsm_run_actions(struct fsm *f, uint16_t a, enum fsm_state old, enum fsm_event ev)
{
	if (a & FSM_A_TLD)
		fsm_layer(f, f->ops->down, FSM_NOTE_DOWN);
	if (a & FSM_A_IRC)
		f->restart = (a & FSM_A_STR) ? f->conf.max_terminate : f->conf.max_configure;
	if (a & FSM_A_ZRC) {
		/* RFC 1661 4.4: zero the counter but let the timer run once more. */
		f->restart = 0;
		fsm_arm(f);
	}
	if (a & FSM_A_SCR)
		fsm_scr(f, old, ev == FSM_TO_POS);
	if (a & (FSM_A_SCA | FSM_A_SCN))
		fsm_reply(f);
	if (a & FSM_A_STR)
		fsm_str(f);
	if (a & FSM_A_STA)
		fsm_send(f, CP_TERMACK, f->rx_id, NULL, 0);
	if (a & FSM_A_SCJ)
		fsm_scj(f);
	if ((a & FSM_A_SER) && f->rx_code == CP_ECHOREQ && f->ops->send_echo_reply)
		f->ops->send_echo_reply(f, f->rx_id, f->rx_data, f->rx_len);
	if (a & FSM_A_TLU)
		fsm_layer(f, f->ops->up, FSM_NOTE_UP);
	if (a & FSM_A_TLS)
		fsm_layer(f, f->ops->started, FSM_NOTE_STARTED);
	if (a & FSM_A_TLF)
		fsm_layer(f, f->ops->finished, FSM_NOTE_FINISHED);
}

static bool fsm_timer_state(enum fsm_state st)
{
	/* RFC 1661 4.6: the restart timer runs in these states only. */
	return st == FSM_CLOSING || st == FSM_STOPPING || st == FSM_REQ_SENT ||
	       st == FSM_ACK_RCVD || st == FSM_ACK_SENT;
}

/* One table step; the state is updated before the actions so hooks see the new state. */
static void fsm_step(struct fsm *f, enum fsm_event ev)
{
	enum fsm_state old = f->state;
	const struct fsm_cell *c = fsm_table_cell(ev, old);

	if (c->actions & FSM_A_ILLEGAL) {
		sx_logf(&f->ctx->log, SX_LOG_DEBUG, "%s: illegal event %s in %s, ignored",
			f->ops->name, fsm_event_name(ev), fsm_state_name(old));
		return;
	}
	f->state = (enum fsm_state)c->next;
	if (!fsm_timer_state(f->state))
		f->timer_at = 0;
	if (old != f->state)
		sx_logf(&f->ctx->log, SX_LOG_DEBUG, "%s: %s -> %s (%s)", f->ops->name,
			fsm_state_name(old), fsm_state_name(f->state), fsm_event_name(ev));
	if (ev == FSM_TO_NEG)
		fsm_to_neg_reason(f, old);
	if (ev == FSM_RXJ_NEG)
		fsm_set_reason(f, SX_REASON_PROTOCOL);
	fsm_run_actions(f, c->actions, old, ev);
}

static void fsm_apply_pending(struct fsm *f)
{
	enum sx_reason r = f->pending;

	if (r == SX_REASON_NONE)
		return;
	f->pending = SX_REASON_NONE;
	fsm_step(f, FSM_CLOSE);
}

/* Runs one step with no packet attached, then any failure a hook recorded. */
void fsm_event(struct fsm *f, enum fsm_event ev, uint64_t now)
{
	bool nested = f->in_step;

	f->now = now;
	f->in_step = true;
	fsm_step(f, ev);
	f->in_step = nested;
	if (!nested)
		fsm_apply_pending(f);
}

static void fsm_clear_rx(struct fsm *f)
{
	f->rx_code = 0;
	f->rx_id = 0;
	f->rx_pkt = NULL;
	f->rx_pkt_len = 0;
	f->rx_data = NULL;
	f->rx_len = 0;
	f->reply_code = 0;
	f->reply_len = 0;
}

/* Outside fsm_input no packet is attached (it clears the rx fields before returning). */
int fsm_up(struct fsm *f, uint64_t now)
{
	f->rx_any = false;
	fsm_event(f, FSM_UP, now);
	return 0;
}

int fsm_down(struct fsm *f, uint64_t now)
{
	fsm_event(f, FSM_DOWN, now);
	return 0;
}

int fsm_open(struct fsm *f, uint64_t now)
{
	f->rx_any = false;
	fsm_event(f, FSM_OPEN, now);
	return 0;
}

static void fsm_set_term_reason(struct fsm *f, const char *why)
{
	if (why && !f->term_reason[0])
		snprintf(f->term_reason, sizeof(f->term_reason), "%s", why);
}

int fsm_close(struct fsm *f, uint64_t now, enum sx_reason reason, const char *why)
{
	if (f->in_step) {
		fsm_fail(f, reason, why);
		return 0;
	}
	fsm_set_reason(f, reason);
	fsm_set_term_reason(f, why);
	fsm_event(f, FSM_CLOSE, now);
	return 0;
}

void fsm_fail(struct fsm *f, enum sx_reason reason, const char *why)
{
	fsm_set_reason(f, reason);
	fsm_set_term_reason(f, why);
	if (f->in_step) {
		f->pending = reason == SX_REASON_NONE ? SX_REASON_USER : reason;
		return;
	}
	fsm_event(f, FSM_CLOSE, f->now);
}

void fsm_tick(struct fsm *f, uint64_t now)
{
	if (!f->timer_at || now < f->timer_at)
		return;
	f->timer_at = 0;
	fsm_event(f, f->restart > 0 ? FSM_TO_POS : FSM_TO_NEG, now);
}

uint64_t fsm_next_deadline(const struct fsm *f)
{
	return f->timer_at;
}

/* RFC 1661 5.1: classify a Configure-Request as RCR+ or RCR- through the protocol's check_req. */
static enum fsm_event fsm_classify_req(struct fsm *f)
{
	struct wire_w w = wire_w_init(f->reply, sizeof(f->reply));
	bool rej = f->nakloops >= f->conf.max_failure;
	int code;

	/* Closed/Closing/Stopping answer without looking (sta, or nothing): pppd does the same. */
	if (f->state < FSM_STOPPED || f->state == FSM_CLOSING || f->state == FSM_STOPPING)
		return FSM_RCR_POS;
	code = f->ops->check_req ? f->ops->check_req(f, f->rx_data, f->rx_len, &w, rej)
				 : CP_CONFACK;
	if (code < 0 || w.err)
		return FSM_DROP;
	f->reply_code = code;
	f->reply_len = w.off;
	/* With rej set the hook itself answers Reject (copying the options verbatim). */
	return code == CP_CONFACK ? FSM_RCR_POS : FSM_RCR_NEG;
}

/* Configure-Naks in a row after which we stop asking: twice Max-Failure, at most 255. */
static unsigned fsm_nak_limit(const struct fsm *f)
{
	unsigned n = 2u * f->conf.max_failure;

	return n < 2 ? 2 : n > 255 ? 255 : n;
}

/* RFC 1661 5.2-5.4: an answer to our Configure-Request; stale or invalid ones are dropped. */
static enum fsm_event fsm_classify_answer(struct fsm *f)
{
	bool negotiating = f->state >= FSM_REQ_SENT;
	int ret = 0;

	if (!negotiating)
		return f->rx_code == CP_CONFACK ? FSM_RCA : FSM_RCN;
	if (f->rx_id != f->reqid || f->seen_ack) {
		sx_logf(&f->ctx->log, SX_LOG_DEBUG, "%s: %s id=%u is not for our request id=%u, "
			"dropped", f->ops->name, fsm_code_name(f->rx_code), f->rx_id, f->reqid);
		return FSM_DROP;
	}
	if (f->rx_code == CP_CONFACK) {
		/* RFC 1661 5.2: the Ack must list our options exactly. */
		if (f->rx_len != f->req_len || memcmp(f->rx_data, f->req, f->req_len))
			ret = -EBADMSG;
		else if (f->ops->recv_ack)
			ret = f->ops->recv_ack(f, f->rx_data, f->rx_len);
	} else if (f->rx_code == CP_CONFNAK) {
		bool give_up = ++f->rnakloops >= f->conf.max_failure;

		/*
		 * RFC 1661 leaves the requester's side open, and RCN re-arms the restart counter:
		 * a peer that Naks every request (say, with hints for options we never ask for)
		 * would loop at wire speed. Max-Failure Naks let the hook drop what it can
		 * (give_up); as many again mean the peer will never agree.
		 */
		if (f->rnakloops >= fsm_nak_limit(f)) {
			sx_logf(&f->ctx->log, SX_LOG_WARN, "%s: %u Configure-Naks in a row: giving up",
				f->ops->name, f->rnakloops);
			fsm_fail(f, SX_REASON_NEGOTIATION, "negotiation did not converge");
			return FSM_DROP;
		}
		if (f->ops->recv_nak)
			ret = f->ops->recv_nak(f, f->rx_data, f->rx_len, give_up);
	} else if (f->ops->recv_rej) {
		ret = f->ops->recv_rej(f, f->rx_data, f->rx_len);
	}
	if (ret < 0)
		sx_logf(&f->ctx->log, SX_LOG_INFO, "%s: invalid %s id=%u, dropped", f->ops->name,
			fsm_code_name(f->rx_code), f->rx_id);
	/* Invalid, or the hook gave up (fsm_fail): no new request, the close follows. */
	if (ret < 0 || f->pending)
		return FSM_DROP;
	f->seen_ack = true;
	if (f->rx_code == CP_CONFACK) {
		f->rnakloops = 0;
		return FSM_RCA;
	}
	return FSM_RCN;
}

/* RFC 1661 5.6: a Code-Reject of a code we need (1-7) is RXJ-, of anything else RXJ+. */
static enum fsm_event fsm_classify_coderej(struct fsm *f)
{
	uint8_t code;

	if (f->rx_len < 1)
		return FSM_DROP;
	code = f->rx_data[0];
	sx_logf(&f->ctx->log, SX_LOG_INFO, "%s: peer rejected code %u", f->ops->name, code);
	return code >= CP_CONFREQ && code <= CP_CODEREJ ? FSM_RXJ_NEG : FSM_RXJ_POS;
}

static void fsm_log_term(struct fsm *f)
{
	char text[FSM_TERM_REASON_MAX];
	size_t i, n = f->rx_len < sizeof(text) - 1 ? f->rx_len : sizeof(text) - 1;

	for (i = 0; i < n; i++) {
		uint8_t ch = f->rx_data[i];

		text[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '.';
	}
	text[n] = 0;
	sx_logf(&f->ctx->log, SX_LOG_INFO, "%s: peer requested termination%s%s%s", f->ops->name,
		n ? " \"" : "", text, n ? "\"" : "");
}

static enum fsm_event fsm_classify(struct fsm *f)
{
	switch (f->rx_code) {
	case CP_CONFREQ:
		return fsm_classify_req(f);
	case CP_CONFACK:
	case CP_CONFNAK:
	case CP_CONFREJ:
		return fsm_classify_answer(f);
	case CP_TERMREQ:
		/* RFC 1661 5.5: the peer ends the layer; record why before answering. */
		if (f->state >= FSM_REQ_SENT) {
			fsm_log_term(f);
			fsm_set_reason(f, SX_REASON_PEER_TERMINATE);
		}
		return FSM_RTR;
	case CP_TERMACK:
		return FSM_RTA;
	case CP_CODEREJ:
		return fsm_classify_coderej(f);
	default:
		break;
	}
	if (!f->ops->recv_other)
		return FSM_RUC;
	return f->ops->recv_other(f, f->rx_code, f->rx_id, f->rx_data, f->rx_len);
}

int fsm_input(struct fsm *f, const uint8_t *info, size_t len, uint64_t now)
{
	enum fsm_event ev;
	size_t plen;

	if (len < CP_HDRLEN || (plen = wire_be16(info + 2)) < CP_HDRLEN || plen > len) {
		sx_logf(&f->ctx->log, SX_LOG_INFO, "%s: malformed packet (%zu bytes), dropped",
			f->ops->name, len);
		return -EBADMSG;
	}
	/* RFC 1661 5: octets beyond Length are padding. */
	fsm_trace(f, "rcvd", info[0], info[1], info + CP_HDRLEN, plen - CP_HDRLEN);
	if (info[0] >= CP_CONFREQ && info[0] <= CP_CONFREJ &&
	    opt_validate(info + CP_HDRLEN, plen - CP_HDRLEN)) {
		sx_logf(&f->ctx->log, SX_LOG_INFO, "%s: bad option length in %s id=%u, dropped",
			f->ops->name, fsm_code_name(info[0]), info[1]);
		return -EBADMSG;
	}
	f->now = now;
	f->rx_code = info[0];
	f->rx_id = info[1];
	f->rx_pkt = info;
	f->rx_pkt_len = plen;
	f->rx_data = info + CP_HDRLEN;
	f->rx_len = plen - CP_HDRLEN;
	f->rx_any = true;
	f->in_step = true;
	ev = fsm_classify(f);
	f->in_step = false;
	if (ev != FSM_DROP)
		fsm_event(f, ev, now);
	else
		fsm_apply_pending(f);
	fsm_clear_rx(f);
	return 0;
}
