// SPDX-License-Identifier: MIT
/* IPv6CP (RFC 5072): negotiates the two 64-bit Interface-Identifiers of the link. */
#include <errno.h>
#include <string.h>

#include "ppp/ipv6cp.h"
#include "ppp/opt.h"

enum { VI_IFID, VI_COMP };

static const struct opt_desc ipv6cp_opts[IPV6CP_NOPTS] = {
	[VI_IFID] = { IPV6CP_OPT_IFID, 10, 10, "ifid", OPT_KIND_ID64 },
	[VI_COMP] = { IPV6CP_OPT_COMP, 4, 255, "comp", OPT_KIND_RAW },
};

void ipv6cp_conf_default(struct ipv6cp_conf *c)
{
	memset(c, 0, sizeof(*c));
	fsm_conf_default(&c->fsm);
}

static struct ipv6cp *ipv6cp_of(struct fsm *f)
{
	return (struct ipv6cp *)f;	/* struct fsm is the first member */
}

/* RFC 5072 4.1: a random identifier, never zero and never equal to `avoid`. */
static int ipv6cp_random_id(struct fsm *f, uint64_t avoid, uint64_t *out)
{
	uint64_t v = 0;
	int i, ret;

	for (i = 0; i < 8; i++) {
		ret = sx_random(&f->ctx->rand, &v, sizeof(v));
		if (ret)
			return ret;
		if (v != 0 && v != avoid) {
			*out = v;
			return 0;
		}
	}
	return -EAGAIN;
}

static uint64_t ipv6cp_get_id(const struct opt *o)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		v = v << 8 | o->val[i];
	return v;
}

static void ipv6cp_put_id(struct wire_w *w, uint64_t id)
{
	wire_put_u8(w, IPV6CP_OPT_IFID);
	wire_put_u8(w, 10);
	wire_put_be32(w, (uint32_t)(id >> 32));
	wire_put_be32(w, (uint32_t)id);
}

static void ipv6cp_reset(struct fsm *f)
{
	struct ipv6cp *c = ipv6cp_of(f);

	memset(c->st, 0, sizeof(c->st));
	c->peer_id = 0;
}

static void ipv6cp_build_req(struct fsm *f, struct wire_w *w)
{
	struct ipv6cp *c = ipv6cp_of(f);

	if (c->st[VI_IFID] & OPT_OURS_REJ)
		return;
	ipv6cp_put_id(w, c->id);
	c->st[VI_IFID] |= OPT_OURS_REQ;
}

static int ipv6cp_recv_ack(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipv6cp *c = ipv6cp_of(f);

	(void)opts;
	if (len)
		c->st[VI_IFID] |= OPT_OURS_ACK;
	return 0;
}

/* RFC 5072 4.1: a Nak carries the identifier the peer wants us to use; take it if usable. */
static int ipv6cp_recv_nak(struct fsm *f, const uint8_t *opts, size_t len, bool give_up)
{
	struct ipv6cp *c = ipv6cp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	uint64_t v;

	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		if (o.type != IPV6CP_OPT_IFID || o.len != 8 || !(c->st[VI_IFID] & OPT_OURS_REQ))
			continue;
		c->st[VI_IFID] |= OPT_OURS_NAK;
		if (give_up) {
			c->st[VI_IFID] |= OPT_OURS_REJ;
			continue;
		}
		v = ipv6cp_get_id(&o);
		if (v != 0 && v != c->peer_id) {
			c->id = v;
			continue;
		}
		/* RFC 5072 4.1: zero or the peer's own id would clash; refused, not fatal. */
		sx_logf(&f->ctx->log, SX_LOG_WARN, "ipv6cp: the server suggested interface identifier "
			"%04x:%04x:%04x:%04x (%s): refused, a random one is used", (unsigned)(v >> 48),
			(unsigned)(v >> 32) & 0xffff, (unsigned)(v >> 16) & 0xffff,
			(unsigned)v & 0xffff, v ? "the server's own" : "zero");
		if (ipv6cp_random_id(f, c->peer_id, &v) == 0)
			c->id = v;
	}
	return 0;
}

static int ipv6cp_recv_rej(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipv6cp *c = ipv6cp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;

	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		if (!opt_in_list(f->req, f->req_len, &o))
			return -EBADMSG;
		if (o.type == IPV6CP_OPT_IFID)
			c->st[VI_IFID] |= OPT_OURS_REJ;
	}
	return 0;
}

struct ipv6cp_req_ctx {
	struct ipv6cp *c;
	bool reject_if_disagree;
};

/* IPv6-Compression-Protocol is refused; a colliding id too, once Max-Failure is reached. */
static bool ipv6cp_reject_also(void *arg, const struct opt *o)
{
	struct ipv6cp_req_ctx *rc = arg;
	uint64_t v;

	if (o->type != IPV6CP_OPT_IFID)
		return true;
	v = ipv6cp_get_id(o);
	return rc->reject_if_disagree && (v == 0 || v == rc->c->id);
}

static int ipv6cp_check_req(struct fsm *f, const uint8_t *opts, size_t len, struct wire_w *w,
			    bool reject_if_disagree)
{
	struct ipv6cp *c = ipv6cp_of(f);
	struct ipv6cp_req_ctx rc = { c, reject_if_disagree };
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	uint64_t v, sug;
	int n, naks = 0;

	c->peer_id = 0;
	n = opt_reject_unknown(ipv6cp_opts, IPV6CP_NOPTS, opts, len, w, ipv6cp_reject_also, &rc);
	if (n < 0)
		return n;
	if (n > 0)
		return CP_CONFREJ;
	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		v = ipv6cp_get_id(&o);
		/* RFC 5072 4.1: zero, or equal to ours, is Nak'd with a new unique suggestion. */
		if (v == 0 || v == c->id) {
			if (ipv6cp_random_id(f, c->id, &sug))
				return -EAGAIN;
			ipv6cp_put_id(w, sug);
			naks++;
			continue;
		}
		c->peer_id = v;
	}
	return naks ? CP_CONFNAK : CP_CONFACK;
}

static void ipv6cp_up(struct fsm *f)
{
	struct ipv6cp *c = ipv6cp_of(f);

	sx_logf(&f->ctx->log, SX_LOG_INFO, "ipv6cp: up id=%016llx peer-id=%016llx",
		(unsigned long long)c->id, (unsigned long long)c->peer_id);
}

static const struct fsm_ops ipv6cp_ops = {
	.name = "ipv6cp",
	.proto = PPP_IPV6CP,
	.opts = ipv6cp_opts,
	.nopts = IPV6CP_NOPTS,
	.reset = ipv6cp_reset,
	.build_req = ipv6cp_build_req,
	.recv_ack = ipv6cp_recv_ack,
	.recv_nak = ipv6cp_recv_nak,
	.recv_rej = ipv6cp_recv_rej,
	.check_req = ipv6cp_check_req,
	.up = ipv6cp_up,
};

int ipv6cp_init(struct ipv6cp *c, struct ppp_ctx *ctx, const struct ipv6cp_conf *conf)
{
	struct ipv6cp_conf cc;

	if (!ctx)
		return -EINVAL;
	if (conf)
		cc = *conf;
	else
		ipv6cp_conf_default(&cc);
	memset(c, 0, sizeof(*c));
	fsm_init(&c->fsm, &ipv6cp_ops, ctx, &cc.fsm);
	c->conf = cc;
	return ipv6cp_random_id(&c->fsm, 0, &c->id);
}
