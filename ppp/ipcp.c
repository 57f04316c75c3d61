// SPDX-License-Identifier: MIT
/* IPCP (RFC 1332) with RFC 1877 DNS: the client asks for an address and DNS, the server hands them out. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ppp/ipcp.h"
#include "ppp/opt.h"

/* Indexes into ipcp_opts and struct ipcp .st[]. */
enum { II_ADDRS, II_COMP, II_ADDR, II_DNS1, II_NBNS1, II_DNS2, II_NBNS2 };

static const struct opt_desc ipcp_opts[IPCP_NOPTS] = {
	[II_ADDRS] = { IPCP_OPT_ADDRS, 10, 10, "addrs", OPT_KIND_RAW },
	[II_COMP] = { IPCP_OPT_COMP, 4, 255, "comp", OPT_KIND_RAW },
	[II_ADDR] = { IPCP_OPT_ADDR, 6, 6, "addr", OPT_KIND_IPV4 },
	[II_DNS1] = { IPCP_OPT_DNS1, 6, 6, "dns1", OPT_KIND_IPV4 },
	[II_NBNS1] = { IPCP_OPT_NBNS1, 6, 6, "nbns1", OPT_KIND_IPV4 },
	[II_DNS2] = { IPCP_OPT_DNS2, 6, 6, "dns2", OPT_KIND_IPV4 },
	[II_NBNS2] = { IPCP_OPT_NBNS2, 6, 6, "nbns2", OPT_KIND_IPV4 },
};

void ipcp_conf_default(struct ipcp_conf *c)
{
	memset(c, 0, sizeof(*c));
	fsm_conf_default(&c->fsm);
	c->addr = 0;
	c->request_dns1 = true;
	c->request_dns2 = true;
}

static struct ipcp *ipcp_of(struct fsm *f)
{
	return (struct ipcp *)f;	/* struct fsm is the first member */
}

static uint32_t ipcp_get_addr(const struct opt *o)
{
	struct wire_r r = wire_r_init(o->val, o->len);

	return wire_get_be32(&r);
}

/* The value slot of an option we request, or NULL for options we never ask for. */
static uint32_t *ipcp_slot(struct ipcp *c, uint8_t type)
{
	switch (type) {
	case IPCP_OPT_ADDR:
		return &c->addr;
	case IPCP_OPT_DNS1:
		return &c->dns1;
	case IPCP_OPT_DNS2:
		return &c->dns2;
	default:
		return NULL;
	}
}

/*
 * Why a would be a bad address for our end of the link, or NULL: RFC 1122 3.2.1.3 and RFC 6890
 * special addresses, and the peer's own (routes through the tunnel would point at ourselves).
 */
static const char *ipcp_bad_addr(uint32_t a, uint32_t peer)
{
	if (a >> 24 == 0)
		return a ? "this-network" : "unspecified";
	if (a >> 24 == 127)
		return "loopback";
	if (a == 0xffffffffu)
		return "broadcast";
	if (a >> 28 == 0xe)
		return "multicast";
	if (a >> 28 == 0xf)
		return "reserved";
	if (peer && a == peer)
		return "the server's own";
	return NULL;
}

static void ipcp_fmt(uint32_t a, char out[static 16])
{
	snprintf(out, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

/* Client role: ends IPCP (and so the session, exit 7) naming the address; true when refused. */
static bool ipcp_refuse_addr(struct fsm *f, uint32_t a, uint32_t peer)
{
	const char *why = ipcp_bad_addr(a, peer);
	char text[16], msg[FSM_TERM_REASON_MAX];

	if (!why)
		return false;
	ipcp_fmt(a, text);
	sx_logf(&f->ctx->log, SX_LOG_ERR, "ipcp: the server assigned %s, %s address: refused", text,
		why);
	snprintf(msg, sizeof(msg), "refused address %s (%s)", text, why);
	fsm_fail(f, SX_REASON_NEGOTIATION, msg);
	return true;
}

static void ipcp_reset(struct fsm *f)
{
	struct ipcp *c = ipcp_of(f);

	memset(c->st, 0, sizeof(c->st));
	c->addr = c->conf.addr;
	c->dns1 = 0;
	c->dns2 = 0;
	c->peer_addr = 0;
	c->given_dns1 = 0;
	c->given_dns2 = 0;
}

static void ipcp_put(struct ipcp *c, struct wire_w *w, int idx, uint32_t v)
{
	if (c->st[idx] & OPT_OURS_REJ)
		return;
	opt_put_u32(w, ipcp_opts[idx].type, v);
	c->st[idx] |= OPT_OURS_REQ;
}

static void ipcp_build_req(struct fsm *f, struct wire_w *w)
{
	struct ipcp *c = ipcp_of(f);

	if (!c->conf.server || c->addr)
		ipcp_put(c, w, II_ADDR, c->addr);
	if (c->conf.request_dns1)
		ipcp_put(c, w, II_DNS1, c->dns1);
	if (c->conf.request_dns2)
		ipcp_put(c, w, II_DNS2, c->dns2);
}

static int ipcp_recv_ack(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipcp *c = ipcp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	int i;

	/* An address still 0.0.0.0 when acked means the server assigned none. */
	if ((c->st[II_ADDR] & OPT_OURS_REQ) && !(c->st[II_ADDR] & OPT_OURS_REJ) && !c->addr) {
		sx_logf(&f->ctx->log, SX_LOG_WARN, "ipcp: peer acked address 0.0.0.0");
		fsm_fail(f, SX_REASON_NEGOTIATION, "no address assigned");
		return -EBADMSG;
	}
	/* The client's address is ours to check too: not the server's own (nor special). */
	if (!c->conf.server && (c->st[II_ADDR] & OPT_OURS_REQ) && !(c->st[II_ADDR] & OPT_OURS_REJ) &&
	    ipcp_refuse_addr(f, c->addr, c->peer_addr))
		return 0;
	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		i = opt_index(ipcp_opts, IPCP_NOPTS, o.type);
		if (i >= 0)
			c->st[i] |= OPT_OURS_ACK;
	}
	return 0;
}

/*
 * RFC 1332 3.3 / RFC 1877 1: the server Naks 0.0.0.0 with the values it assigns; take them.
 * After Max-Failure Naks in a row (give_up) we stop asking for DNS servers, and fail if it is
 * the address the server still disagrees on.
 */
static int ipcp_recv_nak(struct fsm *f, const uint8_t *opts, size_t len, bool give_up)
{
	struct ipcp *c = ipcp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	uint32_t *slot;
	int i;

	if (c->conf.server) {
		/* Server role: our own address is not up for negotiation. */
		if (give_up)
			fsm_fail(f, SX_REASON_NEGOTIATION, "peer refuses our address");
		return 0;
	}
	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		i = opt_index(ipcp_opts, IPCP_NOPTS, o.type);
		slot = ipcp_slot(c, o.type);
		if (i < 0 || !slot || !(c->st[i] & OPT_OURS_REQ) || o.len != 4)
			continue;	/* hints for what we did not ask: ignored */
		c->st[i] |= OPT_OURS_NAK;
		if (o.type == IPCP_OPT_ADDR && ipcp_refuse_addr(f, ipcp_get_addr(&o), c->peer_addr))
			return 0;
		if (!give_up) {
			*slot = ipcp_get_addr(&o);
		} else if (o.type == IPCP_OPT_ADDR) {
			fsm_fail(f, SX_REASON_NEGOTIATION, "address never agreed");
		} else {
			c->st[i] |= OPT_OURS_REJ;
			*slot = 0;
		}
	}
	return 0;
}

/* RFC 1661 5.4: drop what the peer rejects (SoftEther rejects Secondary-DNS). */
static int ipcp_recv_rej(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipcp *c = ipcp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	uint32_t *slot;
	int i;

	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		if (!opt_in_list(f->req, f->req_len, &o))
			return -EBADMSG;
		i = opt_index(ipcp_opts, IPCP_NOPTS, o.type);
		if (i >= 0)
			c->st[i] |= OPT_OURS_REJ;
		slot = ipcp_slot(c, o.type);
		if (slot && o.type != IPCP_OPT_ADDR)
			*slot = 0;
		if (o.type == IPCP_OPT_ADDR && !c->conf.addr)
			fsm_fail(f, SX_REASON_NEGOTIATION, "peer rejected IP-Address");
	}
	return 0;
}

/*
 * Of the peer's options we only take its own IP-Address (acked as given). Everything else -
 * IP-Compression-Protocol (no VJ here), the old IP-Addresses, DNS/NBNS requests aimed at us - is
 * Rejected, and so is an address of 0.0.0.0: we have none to give (pppd does the same).
 */
static bool ipcp_reject_also(void *arg, const struct opt *o)
{
	(void)arg;
	return o->type != IPCP_OPT_ADDR || ipcp_get_addr(o) == 0;
}

/* Server role: what the peer's option should say, or false when any value is fine. */
static bool ipcp_srv_want(struct ipcp *c, const struct opt *o, uint32_t *want)
{
	uint32_t v = ipcp_get_addr(o);

	switch (o->type) {
	case IPCP_OPT_ADDR:
		if (c->conf.nak_loop) {
			/* Fault: always another address than the one asked for. */
			*want = c->conf.peer_addr + 1 + c->nak_count;
			if (*want == v)
				(*want)++;
			return true;
		}
		*want = c->conf.peer_addr;
		return c->conf.peer_addr && v != c->conf.peer_addr;
	case IPCP_OPT_DNS1:
		*want = c->conf.dns1;
		return v != c->conf.dns1;
	case IPCP_OPT_DNS2:
		*want = c->conf.dns2;
		return v != c->conf.dns2;
	default:
		return false;
	}
}

struct ipcp_srv_ctx {
	struct ipcp *c;
	bool reject_if_disagree;
};

/* Server role: Reject what we never give, and (RFC 1661 4.6) what we would Nak once again. */
static bool ipcp_srv_reject_also(void *arg, const struct opt *o)
{
	struct ipcp_srv_ctx *rc = arg;
	const struct ipcp_conf *cf = &rc->c->conf;
	uint32_t want;

	switch (o->type) {
	case IPCP_OPT_ADDR:
		if (!cf->peer_addr && !cf->nak_loop && ipcp_get_addr(o) == 0)
			return true;	/* nothing to hand out: as in the client role */
		break;
	case IPCP_OPT_DNS1:
		if (!cf->dns1)
			return true;
		break;
	case IPCP_OPT_DNS2:
		if (!cf->dns2)
			return true;
		break;
	default:
		return true;	/* NBNS, IP-Compression, IP-Addresses */
	}
	return rc->reject_if_disagree && !cf->nak_loop && ipcp_srv_want(rc->c, o, &want);
}

/* RFC 1332 3.3, RFC 1877 1: Nak the peer's 0.0.0.0 (or any other value) with what it gets. */
static int ipcp_srv_check_req(struct ipcp *c, const uint8_t *opts, size_t len,
			      struct wire_w *w, bool reject_if_disagree)
{
	struct ipcp_srv_ctx rc = { c, reject_if_disagree };
	struct wire_r r = wire_r_init(opts, len);
	uint32_t want, addr = 0, dns1 = 0, dns2 = 0;
	bool had_addr = false;
	struct opt o;
	int n, naks = 0;

	n = opt_reject_unknown(ipcp_opts, IPCP_NOPTS, opts, len, w, ipcp_srv_reject_also, &rc);
	if (n < 0)
		return n;
	if (n > 0)
		return CP_CONFREJ;
	while (opt_next(&r, OPT_FMT_PPP, &o) > 0) {
		if (ipcp_srv_want(c, &o, &want)) {
			opt_put_u32(w, o.type, want);
			naks++;
			if (o.type == IPCP_OPT_ADDR)
				c->nak_count++;
		}
		had_addr |= o.type == IPCP_OPT_ADDR;
		if (o.type == IPCP_OPT_ADDR)
			addr = ipcp_get_addr(&o);
		else if (o.type == IPCP_OPT_DNS1)
			dns1 = ipcp_get_addr(&o);
		else if (o.type == IPCP_OPT_DNS2)
			dns2 = ipcp_get_addr(&o);
	}
	/* RFC 1332 3.3: a Nak may carry an option the peer left out: the address it must use. */
	if (!had_addr && c->conf.peer_addr && !reject_if_disagree) {
		opt_put_u32(w, IPCP_OPT_ADDR, c->conf.peer_addr);
		naks++;
	}
	if (naks)
		return CP_CONFNAK;
	c->peer_addr = addr;
	c->given_dns1 = dns1;
	c->given_dns2 = dns2;
	return CP_CONFACK;
}

static int ipcp_check_req(struct fsm *f, const uint8_t *opts, size_t len, struct wire_w *w,
			  bool reject_if_disagree)
{
	struct ipcp *c = ipcp_of(f);
	struct wire_r r = wire_r_init(opts, len);
	struct opt o;
	int n;

	(void)reject_if_disagree;	/* we never Nak the peer */
	if (c->conf.server)
		return ipcp_srv_check_req(c, opts, len, w, reject_if_disagree);
	c->peer_addr = 0;
	n = opt_reject_unknown(ipcp_opts, IPCP_NOPTS, opts, len, w, ipcp_reject_also, NULL);
	if (n < 0)
		return n;
	if (n > 0)
		return CP_CONFREJ;
	while (opt_next(&r, OPT_FMT_PPP, &o) > 0)
		if (o.type == IPCP_OPT_ADDR)
			c->peer_addr = ipcp_get_addr(&o);
	/* The server claims the address it had us take (its Nak came first). */
	if (c->addr && c->addr == c->peer_addr && ipcp_refuse_addr(f, c->addr, c->peer_addr))
		return -EPROTO;
	return CP_CONFACK;
}

static void ipcp_up(struct fsm *f)
{
	struct ipcp *c = ipcp_of(f);
	char a[16], p[16], d1[16], d2[16];

	ipcp_fmt(c->addr, a);
	ipcp_fmt(c->peer_addr, p);
	ipcp_fmt(c->conf.server ? c->given_dns1 : ipcp_dns1(c), d1);
	ipcp_fmt(c->conf.server ? c->given_dns2 : ipcp_dns2(c), d2);
	sx_logf(&f->ctx->log, SX_LOG_INFO, "ipcp: up local=%s peer=%s dns1=%s dns2=%s", a, p, d1,
		d2);
}

static const struct fsm_ops ipcp_ops = {
	.name = "ipcp",
	.proto = PPP_IPCP,
	.opts = ipcp_opts,
	.nopts = IPCP_NOPTS,
	.reset = ipcp_reset,
	.build_req = ipcp_build_req,
	.recv_ack = ipcp_recv_ack,
	.recv_nak = ipcp_recv_nak,
	.recv_rej = ipcp_recv_rej,
	.check_req = ipcp_check_req,
	.up = ipcp_up,
};

int ipcp_init(struct ipcp *c, struct ppp_ctx *ctx, const struct ipcp_conf *conf)
{
	struct ipcp_conf cc;

	if (!ctx)
		return -EINVAL;
	if (conf)
		cc = *conf;
	else
		ipcp_conf_default(&cc);
	memset(c, 0, sizeof(*c));
	fsm_init(&c->fsm, &ipcp_ops, ctx, &cc.fsm);
	c->conf = cc;
	c->addr = cc.addr;
	return 0;
}

uint32_t ipcp_dns1(const struct ipcp *c)
{
	return (c->st[II_DNS1] & OPT_OURS_ACK) && !(c->st[II_DNS1] & OPT_OURS_REJ) ? c->dns1 : 0;
}

uint32_t ipcp_dns2(const struct ipcp *c)
{
	return (c->st[II_DNS2] & OPT_OURS_ACK) && !(c->st[II_DNS2] & OPT_OURS_REJ) ? c->dns2 : 0;
}
