// SPDX-License-Identifier: MIT
/* LCP (RFC 1661), both roles: MRU, auth, magic, rejects; the keepalive is in lcp_echo.c. */
#include <errno.h>
#include <string.h>

#include "ppp/lcp.h"
#include "ppp/opt.h"

/* Indexes into lcp_opts and struct lcp .st[]. */
enum { LI_MRU, LI_ACCM, LI_AUTH, LI_QUALITY, LI_MAGIC, LI_PFC, LI_ACFC };

static const struct opt_desc lcp_opts[LCP_NOPTS] = {
	[LI_MRU] = { LCP_OPT_MRU, 4, 4, "mru", OPT_KIND_U16 },
	[LI_ACCM] = { LCP_OPT_ACCM, 6, 6, "accm", OPT_KIND_HEX32 },
	[LI_AUTH] = { LCP_OPT_AUTH, 4, 255, "auth", OPT_KIND_AUTH },
	[LI_QUALITY] = { LCP_OPT_QUALITY, 4, 255, "quality", OPT_KIND_RAW },
	[LI_MAGIC] = { LCP_OPT_MAGIC, 6, 6, "magic", OPT_KIND_HEX32 },
	[LI_PFC] = { LCP_OPT_PFC, 2, 2, "pfc", OPT_KIND_FLAG },
	[LI_ACFC] = { LCP_OPT_ACFC, 2, 2, "acfc", OPT_KIND_FLAG },
};

/* What we suggest when the server asks for an authentication protocol we do not do. */
static const uint8_t lcp_auth_msv2[3] = { 0xc2, 0x23, LCP_CHAP_MSV2 };
static const uint8_t lcp_auth_pap[2] = { 0xc0, 0x23 };
static const uint8_t lcp_auth_eap[2] = { 0xc2, 0x27 };

void lcp_conf_default(struct lcp_conf *c)
{
	memset(c, 0, sizeof(*c));
	fsm_conf_default(&c->fsm);
	c->mru = 1400;
	c->allow_chap = true;
	c->allow_pap = false;
	c->request_magic = true;
	c->echo_interval_ms = 0;
	c->echo_max_fails = 3;
	c->loop_max = 5;
}

static struct lcp *lcp_of(struct fsm *f)
{
	return (struct lcp *)f;	/* struct fsm is the first member */
}

/* RFC 1661 6.4: a random, non-zero magic number; 0 (no magic) only if randomness fails. */
static uint32_t lcp_new_magic(struct lcp *l)
{
	uint32_t m = 0;
	int i;

	for (i = 0; i < 4 && m == 0; i++)
		if (sx_random(&l->fsm.ctx->rand, &m, sizeof(m)))
			return 0;
	return m;
}

static void lcp_reset(struct fsm *f)
{
	struct lcp *l = lcp_of(f);

	memset(l->st, 0, sizeof(l->st));
	l->mru = l->conf.mru;
	l->magic = l->conf.request_magic ? lcp_new_magic(l) : 0;
	l->loops = 0;
	l->auth_naks = 0;
	l->echo.pending = 0;
}

static void lcp_build_req(struct fsm *f, struct wire_w *w)
{
	struct lcp *l = lcp_of(f);

	/* No ACFC/PFC: SSTP servers need FF 03 and a 2-byte protocol (softether.md). */
	if (l->mru && !(l->st[LI_MRU] & OPT_OURS_REJ)) {
		opt_put_u16(w, LCP_OPT_MRU, l->mru);
		l->st[LI_MRU] |= OPT_OURS_REQ;
	}
	/* Server role, RFC 1661 6.2 / RFC 2759 2: the authenticator names the protocol. */
	if (l->conf.request_auth && !(l->st[LI_AUTH] & OPT_OURS_REJ)) {
		if (l->conf.request_auth == PPP_PAP)
			opt_put(w, LCP_OPT_AUTH, lcp_auth_pap, sizeof(lcp_auth_pap));
		else if (l->conf.request_auth == PPP_EAP)
			opt_put(w, LCP_OPT_AUTH, lcp_auth_eap, sizeof(lcp_auth_eap));
		else
			opt_put(w, LCP_OPT_AUTH, lcp_auth_msv2, sizeof(lcp_auth_msv2));
		l->st[LI_AUTH] |= OPT_OURS_REQ;
	}
	if (l->magic && !(l->st[LI_MAGIC] & OPT_OURS_REJ)) {
		opt_put_u32(w, LCP_OPT_MAGIC, l->magic);
		l->st[LI_MAGIC] |= OPT_OURS_REQ;
	}
}

static int lcp_recv_ack(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct lcp *l = lcp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	int i;

	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		i = opt_index(lcp_opts, LCP_NOPTS, o.type);
		if (i >= 0)
			l->st[i] |= OPT_OURS_ACK;
	}
	return 0;
}

/* RFC 1661 5.3: take the peer's hints for what we asked; stop asking when it never agrees. */
static int lcp_recv_nak(struct fsm *f, const uint8_t *opts, size_t len, bool give_up)
{
	struct lcp *l = lcp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	uint16_t v;

	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		if (o.type == LCP_OPT_MRU && o.len == 2 && (l->st[LI_MRU] & OPT_OURS_REQ)) {
			v = wire_be16(o.val);
			l->st[LI_MRU] |= OPT_OURS_NAK;
			/* We can receive anything from 576 to 1500; otherwise fall back to 1500. */
			if (give_up || v < LCP_MIN_MRU || v > LCP_DEFAULT_MRU)
				l->st[LI_MRU] |= OPT_OURS_REJ;
			else
				l->mru = v;
		} else if (o.type == LCP_OPT_MAGIC && o.len == 4 &&
			   (l->st[LI_MAGIC] & OPT_OURS_REQ)) {
			/* RFC 1661 6.4: a Nak'd magic number may mean a loop: pick a new one. */
			l->st[LI_MAGIC] |= OPT_OURS_NAK;
			if (give_up)
				l->st[LI_MAGIC] |= OPT_OURS_REJ;
			else
				l->magic = lcp_new_magic(l);
		} else if (o.type == LCP_OPT_AUTH && (l->st[LI_AUTH] & OPT_OURS_REQ)) {
			/*
			 * Server role, RFC 1661 6.2: the peer prefers another protocol. The test
			 * server does only the one it was configured with, so it asks again until
			 * Max-Failure, then gives up.
			 */
			l->st[LI_AUTH] |= OPT_OURS_NAK;
			if (give_up)
				fsm_fail(f, SX_REASON_AUTH_UNSUPPORTED,
					 "peer refuses the authentication protocol");
		}
		/* Other hints for options we did not request are ignored. */
	}
	return 0;
}

/* RFC 1661 5.4: drop what the peer rejects (SoftEther rejects Magic-Number: carry on without). */
static int lcp_recv_rej(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct lcp *l = lcp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	int i;

	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		if (!opt_in_list(f->req, f->req_len, &o))
			return -EBADMSG;
		i = opt_index(lcp_opts, LCP_NOPTS, o.type);
		if (i >= 0)
			l->st[i] |= OPT_OURS_REJ;
		if (o.type == LCP_OPT_MAGIC)
			l->magic = 0;
		if (o.type == LCP_OPT_AUTH) {
			/* Server role: a peer that will not authenticate gets no link. */
			sx_logf(&f->ctx->log, SX_LOG_WARN, "lcp: peer rejected authentication");
			fsm_fail(f, SX_REASON_AUTH_UNSUPPORTED, "peer rejected authentication");
		}
	}
	return 0;
}

struct lcp_req_ctx {
	struct lcp *l;
	bool reject_if_disagree;
};

static bool lcp_auth_ok(const struct lcp *l, const struct opt *o)
{
	uint16_t proto = wire_be16(o->val);

	if (proto == PPP_CHAP)
		return l->conf.allow_chap && o->len == 3 && o->val[2] == LCP_CHAP_MSV2;
	/* EAP: taken at once only when preferred or the only way; a server that asks again after our
	 * Nak wants it (SoftEther 5.01 takes the Nak and moves to MS-CHAPv2). */
	if (proto == PPP_EAP)
		return l->conf.allow_eap && o->len == 2 &&
		       (l->conf.prefer_eap || !l->conf.allow_chap || l->auth_naks);
	return proto == PPP_PAP && o->len == 2 && l->conf.allow_pap;
}

/* What a Nak of the server's authentication protocol suggests instead. */
static void lcp_auth_suggest(const struct lcp *l, struct wire_w *nak)
{
	if (l->conf.allow_chap || (!l->conf.allow_eap && !l->conf.allow_pap))
		opt_put(nak, LCP_OPT_AUTH, lcp_auth_msv2, sizeof(lcp_auth_msv2));
	else if (l->conf.allow_eap)
		opt_put(nak, LCP_OPT_AUTH, lcp_auth_eap, sizeof(lcp_auth_eap));
	else
		opt_put(nak, LCP_OPT_AUTH, lcp_auth_pap, sizeof(lcp_auth_pap));
}

/* Options we know but refuse outright, and what we would Nak once Max-Failure is reached. */
static bool lcp_reject_also(void *arg, const struct opt *o)
{
	struct lcp_req_ctx *rc = arg;

	if (o->type == LCP_OPT_QUALITY)
		return true;	/* RFC 1989 link quality reports: not over SSTP */
	if (o->type == LCP_OPT_AUTH && rc->l->conf.request_auth)
		return true;	/* server role: we do not authenticate ourselves to the client */
	if (!rc->reject_if_disagree)
		return false;
	if (o->type == LCP_OPT_AUTH && !lcp_auth_ok(rc->l, o)) {
		/* The peer insists on authentication we cannot do. */
		fsm_fail(&rc->l->fsm, SX_REASON_AUTH_UNSUPPORTED, "no common authentication");
		return true;
	}
	if (o->type == LCP_OPT_MAGIC) {
		uint32_t v = wire_be16(o->val) * 65536u + wire_be16(o->val + 2);

		return v == 0 || (rc->l->magic && v == rc->l->magic);
	}
	return o->type == LCP_OPT_MRU && wire_be16(o->val) < LCP_MIN_MRU;
}

static void lcp_check_magic(struct lcp *l, const struct opt *o, struct wire_w *nak, int *naks)
{
	uint32_t v = (uint32_t)o->val[0] << 24 | (uint32_t)o->val[1] << 16 |
		     (uint32_t)o->val[2] << 8 | o->val[3];

	/* RFC 1661 6.4: the peer's magic equal to ours means a looped-back link, or bad luck. */
	if (v == 0 || (l->magic && v == l->magic)) {
		if (v && ++l->loops >= l->conf.loop_max) {
			sx_logf(&l->fsm.ctx->log, SX_LOG_WARN, "lcp: looped-back link detected");
			fsm_fail(&l->fsm, SX_REASON_LOOPBACK, "loopback");
		}
		opt_put_u32(nak, LCP_OPT_MAGIC, lcp_new_magic(l));
		(*naks)++;
		return;
	}
	l->loops = 0;
	l->peer_magic = v;
}

/* One option of a request that passed the Reject pass: record it or Nak it. */
static void lcp_check_opt(struct lcp *l, const struct opt *o, struct wire_w *nak, int *naks)
{
	switch (o->type) {
	case LCP_OPT_MRU:
		/* The peer's MRU caps what we send; below 576 IPv4 breaks, so suggest 576. */
		if (wire_be16(o->val) < LCP_MIN_MRU) {
			opt_put_u16(nak, LCP_OPT_MRU, LCP_MIN_MRU);
			(*naks)++;
		} else {
			l->peer_mru = wire_be16(o->val);
		}
		break;
	case LCP_OPT_AUTH:
		/* SoftEther asks for EAP first and steps down to MS-CHAPv2 when Nak'd. */
		if (lcp_auth_ok(l, o)) {
			l->auth_proto = wire_be16(o->val);
		} else {
			/* The one refusal the user can change: say so, or it ends as a bare disconnect. */
			if (!l->auth_naks && wire_be16(o->val) == PPP_PAP && !l->conf.allow_pap)
				sx_logf(&l->fsm.ctx->log, SX_LOG_WARN, "lcp: the server asks for PAP "
					"(clear-text password), which is not allowed; asking for MS-CHAPv2");
			lcp_auth_suggest(l, nak);
			l->auth_naks++;
			(*naks)++;
		}
		break;
	case LCP_OPT_MAGIC:
		lcp_check_magic(l, o, nak, naks);
		break;
	case LCP_OPT_PFC:
		/* RFC 1661 6.5/6.6: we may receive compressed frames; we still send FF 03 + 2 bytes. */
		l->peer_pfc = true;
		break;
	case LCP_OPT_ACFC:
		l->peer_acfc = true;
		break;
	default:
		break;	/* ACCM: meaningless without HDLC framing, acked */
	}
}

/*
 * Test-server fault: Reject every option of every request. A request that no longer carries
 * what we rejected gets the previous Reject again, which the peer must drop (RFC 1661 5.4: a
 * Reject lists options of the request), so its request is never answered and LCP never opens.
 */
static int lcp_reject_loop(struct lcp *l, const uint8_t *opts, size_t len, struct wire_w *w)
{
	static const uint8_t mru_1500[4] = { LCP_OPT_MRU, 4, 0x05, 0xdc };

	if (len) {
		wire_put_bytes(w, opts, len);
		if (len <= sizeof(l->rej_loop)) {
			memcpy(l->rej_loop, opts, len);
			l->rej_loop_len = (uint8_t)len;
		}
	} else if (l->rej_loop_len) {
		wire_put_bytes(w, l->rej_loop, l->rej_loop_len);
	} else {
		wire_put_bytes(w, mru_1500, sizeof(mru_1500));
	}
	return CP_CONFREJ;
}

static int lcp_check_req(struct fsm *f, const uint8_t *opts, size_t len, struct wire_w *w,
			 bool reject_if_disagree)
{
	struct lcp *l = lcp_of(f);
	struct lcp_req_ctx rc = { l, reject_if_disagree };
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	int n, naks = 0;

	/* Each request is complete (RFC 1661 5.1): start the peer's view afresh. */
	l->peer_mru = LCP_DEFAULT_MRU;
	l->auth_proto = 0;
	l->peer_magic = 0;
	l->peer_pfc = l->peer_acfc = false;
	if (l->conf.reject_loop)
		return lcp_reject_loop(l, opts, len, w);
	if (l->conf.nak_loop) {
		/* Test-server fault: a hint that changes every time, whatever the peer asks. */
		opt_put_u16(w, LCP_OPT_MRU, (uint16_t)(1000 + l->nak_loop_n++ % 400));
		return CP_CONFNAK;
	}
	n = opt_reject_unknown(lcp_opts, LCP_NOPTS, opts, len, w, lcp_reject_also, &rc);
	if (n < 0)
		return n;
	if (n > 0)
		return CP_CONFREJ;	/* RFC 1661 5.4: Reject before Nak, only the rejected */
	while (opt_next(&r, OPT_FMT_PPP, &o) > 0)
		lcp_check_opt(l, &o, w, &naks);
	return naks ? CP_CONFNAK : CP_CONFACK;
}

static const char *lcp_auth_name(uint16_t proto)
{
	return proto == PPP_CHAP ? "mschapv2" : proto == PPP_PAP ? "pap" : proto == PPP_EAP ? "eap"
											     : "none";
}

static void lcp_up(struct fsm *f)
{
	struct lcp *l = lcp_of(f);

	lcp_echo_start(&l->echo, f->now);
	sx_logf(&f->ctx->log, SX_LOG_INFO, "lcp: up mru=%u peer-mru=%u auth=%s magic=0x%08x",
		lcp_mru(l), l->peer_mru,
		lcp_auth_name(l->auth_proto ? l->auth_proto : lcp_our_auth(l)),
		l->magic);
}

static void lcp_down(struct fsm *f)
{
	lcp_echo_stop(&lcp_of(f)->echo);
}

static uint32_t lcp_get_magic(const uint8_t *data, size_t len)
{
	if (len < 4)
		return 0;
	return (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
}

/* RFC 1661 5.7: which protocol the peer refused. Rejecting LCP itself is RXJ-. */
static enum fsm_event lcp_recv_protrej(struct lcp *l, const uint8_t *data, size_t len)
{
	uint16_t proto;

	if (len < 2)
		return FSM_DROP;
	proto = wire_be16(data);
	sx_logf(&l->fsm.ctx->log, SX_LOG_INFO, "lcp: peer rejected protocol 0x%04x", proto);
	if (proto == PPP_LCP)
		return FSM_RXJ_NEG;
	l->rejected_proto = proto;
	if (l->fsm.notify)
		l->fsm.notify(l->fsm.user, &l->fsm, FSM_NOTE_PROTREJ, proto);
	return FSM_RXJ_POS;
}

static enum fsm_event lcp_recv_other(struct fsm *f, uint8_t code, uint8_t id,
				     const uint8_t *data, size_t len)
{
	struct lcp *l = lcp_of(f);

	switch (code) {
	case CP_PROTREJ:
		return lcp_recv_protrej(l, data, len);
	case CP_ECHOREQ:
		if (len < 4)
			return FSM_DROP;
		if (l->magic && lcp_get_magic(data, len) == l->magic)
			sx_logf(&f->ctx->log, SX_LOG_DEBUG, "lcp: Echo-Request carries our magic");
		return FSM_RXR;	/* RFC 1661 5.8: answered (SER) in Opened only */
	case CP_ECHOREP:
		lcp_echo_rcvd_reply(&l->echo, id, len);
		return FSM_RXR;
	case CP_DISCREQ:
	case CP_IDENT:
	case CP_TIMEREM:
		return FSM_RXR;	/* RFC 1661 5.10, RFC 1570: silently discarded */
	default:
		return FSM_RUC;
	}
}

static void lcp_send_echo_reply(struct fsm *f, uint8_t id, const uint8_t *data, size_t len)
{
	struct lcp *l = lcp_of(f);

	lcp_echo_reply(&l->echo, f, (l->st[LI_MAGIC] & OPT_OURS_ACK) ? l->magic : 0, l->peer_mru,
		       id, data, len);
}

static const struct fsm_ops lcp_ops = {
	.name = "lcp",
	.proto = PPP_LCP,
	.opts = lcp_opts,
	.nopts = LCP_NOPTS,
	.reset = lcp_reset,
	.build_req = lcp_build_req,
	.recv_ack = lcp_recv_ack,
	.recv_nak = lcp_recv_nak,
	.recv_rej = lcp_recv_rej,
	.check_req = lcp_check_req,
	.up = lcp_up,
	.down = lcp_down,
	.recv_other = lcp_recv_other,
	.send_echo_reply = lcp_send_echo_reply,
};

int lcp_init(struct lcp *l, struct ppp_ctx *ctx, const struct lcp_conf *conf)
{
	struct lcp_conf c;

	if (!ctx)
		return -EINVAL;
	if (conf)
		c = *conf;
	else
		lcp_conf_default(&c);
	if (c.mru && c.mru < 64)
		return -EINVAL;
	if (c.request_auth && c.request_auth != PPP_CHAP && c.request_auth != PPP_PAP &&
	    c.request_auth != PPP_EAP)
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	fsm_init(&l->fsm, &lcp_ops, ctx, &c.fsm);
	l->conf = c;
	l->mru = c.mru;
	l->peer_mru = LCP_DEFAULT_MRU;
	l->echo.interval_ms = c.echo_interval_ms;
	l->echo.max_fails = c.echo_max_fails;
	l->echo.no_reply = c.no_echo_reply;
	return 0;
}

int lcp_input(struct lcp *l, const uint8_t *info, size_t len, uint64_t now)
{
	/*
	 * A server that ends LCP before it opens, after we refused the authentication it asked for
	 * (PAP without allow_pap) and agreed to none, is refusing ours: that is the cause to report,
	 * not a bare "peer terminated the link".
	 */
	if (len && info[0] == CP_TERMREQ && l->auth_naks && !l->auth_proto &&
	    l->fsm.state >= FSM_REQ_SENT && l->fsm.state != FSM_OPENED)
		fsm_set_reason(&l->fsm, SX_REASON_AUTH_UNSUPPORTED);
	return fsm_input(&l->fsm, info, len, now);
}

void lcp_tick(struct lcp *l, uint64_t now)
{
	fsm_tick(&l->fsm, now);
	lcp_echo_tick(&l->echo, &l->fsm, l->magic, now);
}

uint64_t lcp_next_deadline(const struct lcp *l)
{
	uint64_t a = fsm_next_deadline(&l->fsm), b = l->echo.at;

	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

int lcp_send_protrej(struct lcp *l, uint16_t proto, const uint8_t *info, size_t len)
{
	uint8_t buf[LCP_DEFAULT_MRU];
	size_t max = (size_t)l->peer_mru - CP_HDRLEN;
	struct wire_w w = wire_w_init(buf, sizeof(buf) < max ? sizeof(buf) : max);

	if (l->fsm.state != FSM_OPENED)
		return -EPROTO;
	/* RFC 1661 5.7: the rejected protocol, then its information, truncated to the MRU. */
	wire_put_be16(&w, proto);
	wire_put_bytes(&w, info, len < w.cap - w.off ? len : w.cap - w.off);
	sx_logf(&l->fsm.ctx->log, SX_LOG_DEBUG, "lcp: sent Protocol-Reject proto=0x%04x", proto);
	return ppp_send_cp(l->fsm.ctx, PPP_LCP, CP_PROTREJ, fsm_next_id(&l->fsm), buf, w.off);
}

uint16_t lcp_mru(const struct lcp *l)
{
	if ((l->st[LI_MRU] & OPT_OURS_ACK) && !(l->st[LI_MRU] & OPT_OURS_REJ))
		return l->mru;
	return LCP_DEFAULT_MRU;
}

uint16_t lcp_our_auth(const struct lcp *l)
{
	return (l->st[LI_AUTH] & OPT_OURS_ACK) ? l->conf.request_auth : 0;
}
