// SPDX-License-Identifier: MIT
/* Routes: the path to the server, a host route along it, default halves or split prefixes. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tun/tun_int.h"

static size_t alen_of(int family)
{
	return family == AF_INET ? 4 : 16;
}

static int addr_of(const struct sockaddr *sa, int *family, uint8_t out[static 16])
{
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (sa->sa_family == AF_INET) {
		*family = AF_INET;
		memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const uint8_t *a = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;

		/* A dual-stack socket reaches an IPv4 server through ::ffff:a.b.c.d (RFC 4291 2.5.5.2). */
		if (!memcmp(a, v4mapped, 12)) {
			*family = AF_INET;
			memcpy(out, a + 12, 4);
		} else {
			*family = AF_INET6;
			memcpy(out, a, 16);
		}
		return 0;
	}
	return -EINVAL;
}

int route_parse_cidr(const char *text, struct tun_prefix *out)
{
	char buf[INET6_ADDRSTRLEN + 5];
	const char *slash, *d;
	unsigned plen = 0, max;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!text)
		return -EINVAL;
	slash = strchr(text, '/');
	len = slash ? (size_t)(slash - text) : strlen(text);
	if (!len || len >= INET6_ADDRSTRLEN)
		return -EINVAL;
	memcpy(buf, text, len);
	buf[len] = '\0';
	out->family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(out->family, buf, out->addr) != 1)
		return -EINVAL;
	max = out->family == AF_INET ? 32 : 128;
	if (!slash) {
		plen = max;
	} else {
		/* Digits only: no sign, no spaces, no leading zero, at most three of them. */
		if (!slash[1] || strlen(slash + 1) > 3 || (slash[1] == '0' && slash[2]))
			return -EINVAL;
		for (d = slash + 1; *d; d++) {
			if (*d < '0' || *d > '9')
				return -EINVAL;
			plen = plen * 10 + (unsigned)(*d - '0');
		}
		if (plen > max)
			return -EINVAL;
	}
	/* Host bits set ("10.1.2.3/8") is a typo more often than a wish: refuse it. */
	for (unsigned bit = plen; bit < max; bit++)
		if (out->addr[bit / 8] & (0x80 >> (bit % 8)))
			return -EINVAL;
	out->plen = (uint8_t)plen;
	return 0;
}

struct lookup {
	struct route_path *path;
	int error;
	bool got, done;
	int dst_len;
};

static void copy_addr(struct nl_addr *a, int family, uint8_t out[static 16], bool *has)
{
	if (a && nl_addr_get_len(a) == alen_of(family)) {
		memcpy(out, nl_addr_get_binary_addr(a), alen_of(family));
		if (has)
			*has = true;
	}
}

static int lookup_valid(struct nl_msg *msg, void *arg)
{
	struct lookup *l = arg;
	struct rtnl_route *r = NULL;
	struct rtnl_nexthop *nh;
	int family = l->path->family;

	if (rtnl_route_parse(nlmsg_hdr(msg), &r) < 0 || !r)
		return NL_SKIP;
	l->got = true;
	l->dst_len = rtnl_route_get_dst(r) ? (int)nl_addr_get_prefixlen(rtnl_route_get_dst(r)) : 0;
	copy_addr(rtnl_route_get_pref_src(r), family, l->path->src, &l->path->has_src);
	nh = rtnl_route_get_nnexthops(r) > 0 ? rtnl_route_nexthop_n(r, 0) : NULL;
	if (nh) {
		l->path->oif = rtnl_route_nh_get_ifindex(nh);
		copy_addr(rtnl_route_nh_get_gateway(nh), family, l->path->gateway,
			  &l->path->has_gateway);
	}
	rtnl_route_put(r);
	return NL_OK;
}

/* libnl asks for an ACK after the answer; reading up to it leaves the socket clean. */
static int lookup_ack(struct nl_msg *msg, void *arg)
{
	struct lookup *l = arg;

	(void)msg;
	l->done = true;
	return NL_STOP;
}

static int lookup_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct lookup *l = arg;

	(void)nla;
	l->error = err->error < 0 ? err->error : -EIO;
	l->done = true;
	return NL_STOP;
}

/* RTM_GETROUTE for one address; fib_match asks for the FIB entry that matched (Linux 4.13). */
static int getroute(struct tun *t, struct route_path *p, unsigned flags, int *dst_len)
{
	struct rtmsg rtm = { .rtm_family = (unsigned char)p->family, .rtm_flags = flags };
	struct lookup l = { .path = p };
	struct nl_msg *msg;
	struct nl_cb *cb = NULL;
	int ret;

	rtm.rtm_dst_len = (unsigned char)(alen_of(p->family) * 8);
	msg = nlmsg_alloc_simple(RTM_GETROUTE, 0);
	if (!msg)
		return -ENOMEM;
	ret = tun_nl_err(nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO));
	if (!ret)
		ret = tun_nl_err(nla_put(msg, RTA_DST, (int)alen_of(p->family), p->dst));
	if (!ret) {
		struct nl_cb *base = nl_socket_get_cb(t->nl);	/* a new reference */

		cb = base ? nl_cb_clone(base) : NULL;
		if (base)
			nl_cb_put(base);
		if (!cb)
			ret = -ENOMEM;
	}
	if (!ret) {
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, lookup_valid, &l);
		nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, lookup_ack, &l);
		nl_cb_err(cb, NL_CB_CUSTOM, lookup_error, &l);
		ret = nl_send_auto(t->nl, msg);
		ret = ret < 0 ? tun_nl_err(ret) : 0;
	}
	while (!ret && !l.done) {
		int r = nl_recvmsgs(t->nl, cb);

		if (r < 0)
			ret = tun_nl_err(r);
	}
	if (!ret)
		ret = l.error;
	if (!ret && !l.got)
		ret = -ENETUNREACH;
	if (dst_len)
		*dst_len = l.dst_len;
	if (cb)
		nl_cb_put(cb);
	nlmsg_free(msg);
	return ret;
}

int route_lookup(struct tun *t, const struct sockaddr *dst, struct route_path *out)
{
	char d[INET6_ADDRSTRLEN];
	int ret;

	memset(out, 0, sizeof(*out));
	ret = addr_of(dst, &out->family, out->dst);
	if (ret)
		return ret;
	ret = getroute(t, out, 0, NULL);
	if (!ret && out->oif > 0)
		ret = tun_nl_ifname(t, out->oif, out->oif_name);
	inet_ntop(out->family, out->dst, d, sizeof(d));
	if (ret)
		TUN_LOG(t, SX_LOG_ERR, "route: no route to %s: %s", d, strerror(-ret));
	return ret;
}

/* Add (journaled by the caller) or delete one route in the main table. */
static int route_change(struct tun *t, bool add, int family, const uint8_t *dst, unsigned plen,
			const uint8_t *gw, int ifindex)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *d = nl_addr_build(family, dst, alen_of(family));
	struct nl_addr *g = gw ? nl_addr_build(family, gw, alen_of(family)) : NULL;
	int ret = 0;

	if (!r || !nh || !d || (gw && !g)) {
		ret = -ENOMEM;
		goto out;
	}
	nl_addr_set_prefixlen(d, (int)plen);
	rtnl_route_set_family(r, (uint8_t)family);
	rtnl_route_set_table(r, RT_TABLE_MAIN);
	rtnl_route_set_protocol(r, RTPROT_STATIC);
	ret = tun_nl_err(rtnl_route_set_dst(r, d));
	rtnl_route_nh_set_ifindex(nh, ifindex);
	if (g)
		rtnl_route_nh_set_gateway(nh, g);
	rtnl_route_add_nexthop(r, nh);
	nh = NULL;			/* the route owns it now */
	if (!ret)
		ret = tun_nl_err(add ? rtnl_route_add(t->nl, r, NLM_F_EXCL) : rtnl_route_delete(t->nl, r, 0));
out:
	if (nh)
		rtnl_route_nh_free(nh);
	if (g)
		nl_addr_put(g);
	if (d)
		nl_addr_put(d);
	if (r)
		rtnl_route_put(r);
	return ret;
}

/* Journals "routeN del PFX [via GW] dev IF", adds, and drops the entry again on failure. */
static int route_add_journaled(struct tun *t, int family, const uint8_t *dst, unsigned plen,
			       const uint8_t *gw, int ifindex, const char *ifname)
{
	char ds[INET6_ADDRSTRLEN], gs[INET6_ADDRSTRLEN] = "";
	int ret;

	inet_ntop(family, dst, ds, sizeof(ds));
	if (gw)
		inet_ntop(family, gw, gs, sizeof(gs));
	ret = undo_push(&t->undo, "route%c del %s/%u%s%s dev %s", family == AF_INET ? '4' : '6',
			ds, plen, gw ? " via " : "", gs, ifname);
	if (ret)
		return ret;
	ret = route_change(t, true, family, dst, plen, gw, ifindex);
	if (ret) {
		(void)undo_pop(&t->undo);
		if (ret == -EEXIST) {
			TUN_LOG(t, SX_LOG_INFO, "route: %s/%u already present: left alone", ds, plen);
			return 0;
		}
		TUN_LOG(t, SX_LOG_ERR, "route: cannot add %s/%u%s%s dev %s: %s", ds, plen,
			gw ? " via " : "", gs, ifname, strerror(-ret));
		return ret;
	}
	TUN_LOG(t, SX_LOG_INFO, "route: added %s/%u%s%s dev %s", ds, plen, gw ? " via " : "", gs,
		ifname);
	return ifindex == t->ifindex ? policy_copy_route(t, family, dst, plen) : 0;
}

int route_server_add(struct tun *t, const struct sockaddr *server)
{
	struct route_path p, fib;
	char ds[INET6_ADDRSTRLEN], ss[INET6_ADDRSTRLEN];
	int ret, dst_len = 0;
	unsigned plen;

	ret = route_lookup(t, server, &p);
	if (ret)
		return ret;
	plen = (unsigned)alen_of(p.family) * 8;
	inet_ntop(p.family, p.dst, ds, sizeof(ds));
	if (p.has_src)
		inet_ntop(p.family, p.src, ss, sizeof(ss));
	TUN_LOG(t, SX_LOG_DEBUG, "route: %s is reached via %s dev %s%s%s", ds,
		p.has_gateway ? "a gateway" : "the link", p.oif_name, p.has_src ? " src " : "",
		p.has_src ? ss : "");
	/* A kept device routes everything already: a new server address takes the first one's path. */
	if (p.oif == t->ifindex && t->has_server_path && t->server_path.family == p.family) {
		memcpy(p.gateway, t->server_path.gateway, sizeof(p.gateway));
		p.has_gateway = t->server_path.has_gateway;
		p.oif = t->server_path.oif;
		memcpy(p.oif_name, t->server_path.oif_name, sizeof(p.oif_name));
		TUN_LOG(t, SX_LOG_INFO, "route: %s would go through %s: using the first server route's "
			"path (dev %s)", ds, t->name, p.oif_name);
	} else if (p.oif == t->ifindex) {
		TUN_LOG(t, SX_LOG_ERR, "route: %s is routed through %s itself", ds, t->name);
		return -ELOOP;
	} else if (!t->has_server_path) {
		t->server_path = p;
		t->has_server_path = true;
	}
	/* An existing host route is someone else's (or a dead run's, replayed before this). */
	fib = p;
	if (!getroute(t, &fib, RTM_F_FIB_MATCH, &dst_len) && dst_len == (int)plen) {
		TUN_LOG(t, SX_LOG_INFO, "route: host route to %s exists: left alone", ds);
		return 0;
	}
	return route_add_journaled(t, p.family, p.dst, plen, p.has_gateway ? p.gateway : NULL,
				   p.oif, p.oif_name);
}

int route_prefix_add(struct tun *t, const struct tun_prefix *p)
{
	if ((p->family != AF_INET && p->family != AF_INET6) ||
	    p->plen > (p->family == AF_INET ? 32 : 128))
		return -EINVAL;
	return route_add_journaled(t, p->family, p->addr, p->plen, NULL, t->ifindex, t->name);
}

int route_prefix_del(struct tun *t, const struct tun_prefix *p)
{
	char ds[INET6_ADDRSTRLEN], line[UNDO_LINE_MAX];

	if (p->family != AF_INET && p->family != AF_INET6)
		return -EINVAL;
	inet_ntop(p->family, p->addr, ds, sizeof(ds));
	snprintf(line, sizeof(line), "route%c del %s/%u dev %s", p->family == AF_INET ? '4' : '6', ds,
		 p->plen, t->name);
	return undo_revert(&t->undo, line);
}

/* Two halves beat the default route by length and leave it in place (wg-quick, vpnc-script). */
int route_default_add(struct tun *t, int family)
{
	struct tun_prefix lo = { .family = family, .plen = 1 }, hi = lo;
	int ret;

	if (family != AF_INET && family != AF_INET6)
		return -EINVAL;
	hi.addr[0] = 0x80;
	ret = route_prefix_add(t, &lo);
	if (!ret)
		ret = route_prefix_add(t, &hi);
	return ret;
}

/* "route4 del PFX [via GW] dev IF" */
int route_undo(struct tun *t, char **argv, int argc)
{
	int family = argv[0][5] == '4' ? AF_INET : AF_INET6;
	uint8_t gw[16];
	struct tun_prefix p;
	int ifindex, ret;
	bool via = argc == 7;

	if ((argc != 5 && argc != 7) || strcmp(argv[1], "del") || strcmp(argv[argc - 2], "dev"))
		return -EINVAL;
	if (route_parse_cidr(argv[2], &p) || p.family != family)
		return -EINVAL;
	if (via && (strcmp(argv[3], "via") || inet_pton(family, argv[4], gw) != 1))
		return -EINVAL;
	ifindex = tun_nl_ifindex(t, argv[argc - 1]);
	if (ifindex < 0)
		return tun_gone(ifindex) ? 0 : ifindex;
	ret = route_change(t, false, family, p.addr, p.plen, via ? gw : NULL, ifindex);
	if (tun_gone(ret))
		ret = 0;
	if (!ret)
		TUN_LOG(t, SX_LOG_INFO, "route: removed %s%s%s dev %s", argv[2], via ? " via " : "",
			via ? argv[4] : "", argv[argc - 1]);
	return ret;
}
