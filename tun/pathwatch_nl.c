// SPDX-License-Identifier: MIT
/* The route socket behind the path watch: the path looked up once, then route/link/address news. */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <stdlib.h>
#include <string.h>

#include "tun/pathwatch.h"

#define PW_RCVBUF (1 << 20)	/* a full routing table's worth of news before ENOBUFS */

struct pw_nl {
	struct sx_log log;
	struct nl_sock *sk;
	struct nl_cb *cb;	/* the socket's, with on_news */
	struct pathwatch *pw;	/* during pathwatch_nl_read */
	uint64_t now;
};

struct pw_lookup {
	struct pw_path *path;
	int error;
	bool got, done;
};

static size_t alen_of(int family)
{
	return family == AF_INET ? 4 : 16;
}

static bool copy_nl_addr(struct nl_addr *a, int family, uint8_t out[static 16])
{
	if (!a || nl_addr_get_len(a) != alen_of(family))
		return false;
	memcpy(out, nl_addr_get_binary_addr(a), alen_of(family));
	return true;
}

/* Fills c from a route message: destination, table, metric and the first next hop. */
static int route_change(struct nlmsghdr *h, struct pw_change *c)
{
	struct rtnl_route *r = NULL;
	struct rtnl_nexthop *nh;
	struct nl_addr *dst;

	if (rtnl_route_parse(h, &r) < 0 || !r)
		return -EBADMSG;
	c->kind = PW_ROUTE;
	c->family = rtnl_route_get_family(r);
	if (c->family != AF_INET && c->family != AF_INET6) {
		rtnl_route_put(r);
		return -EAFNOSUPPORT;
	}
	dst = rtnl_route_get_dst(r);
	if (dst) {
		copy_nl_addr(dst, c->family, c->addr);
		c->plen = (uint8_t)nl_addr_get_prefixlen(dst);
	}
	c->table = rtnl_route_get_table(r);
	c->priority = rtnl_route_get_priority(r);
	nh = rtnl_route_get_nnexthops(r) > 0 ? rtnl_route_nexthop_n(r, 0) : NULL;
	if (nh) {
		c->ifindex = rtnl_route_nh_get_ifindex(nh);
		c->has_gateway = copy_nl_addr(rtnl_route_nh_get_gateway(nh), c->family, c->gateway);
	}
	rtnl_route_put(r);
	return 0;
}

static int link_change(struct nlmsghdr *h, struct pw_change *c)
{
	const struct ifinfomsg *ifi;

	if (!nlmsg_valid_hdr(h, sizeof(*ifi)))
		return -EBADMSG;
	ifi = nlmsg_data(h);
	c->kind = PW_LINK;
	c->ifindex = ifi->ifi_index;
	c->flags = ifi->ifi_flags;
	return 0;
}

/* IFA_LOCAL is the local end of a point-to-point IPv4 address; IFA_ADDRESS otherwise. */
static int addr_change(struct nlmsghdr *h, struct pw_change *c)
{
	struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifa;
	struct nlattr *a;

	if (nlmsg_parse(h, sizeof(*ifa), tb, IFA_MAX, NULL) < 0)
		return -EBADMSG;
	ifa = nlmsg_data(h);
	c->kind = PW_ADDR;
	c->family = ifa->ifa_family;
	c->ifindex = (int)ifa->ifa_index;
	if (c->family != AF_INET && c->family != AF_INET6)
		return -EAFNOSUPPORT;
	a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!a || nla_len(a) != (int)alen_of(c->family))
		return -EBADMSG;
	memcpy(c->addr, nla_data(a), alen_of(c->family));
	return 0;
}

static int on_news(struct nl_msg *msg, void *arg)
{
	struct pw_nl *n = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct pw_change c = { .del = h->nlmsg_type == RTM_DELROUTE || h->nlmsg_type == RTM_DELLINK ||
				      h->nlmsg_type == RTM_DELADDR,
			       .replace = (h->nlmsg_flags & NLM_F_REPLACE) != 0 };
	int ret;

	switch (h->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		ret = route_change(h, &c);
		break;
	case RTM_NEWLINK:
	case RTM_DELLINK:
		ret = link_change(h, &c);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		ret = addr_change(h, &c);
		break;
	default:
		return NL_SKIP;
	}
	if (!ret && n->pw) {
		if (n->log.fn && n->log.max >= SX_LOG_TRACE) {
			char line[160];

			pathwatch_change_str(&c, line, sizeof(line));
			sx_logf(&n->log, SX_LOG_TRACE, "netwatch: %s", line);
		}
		pathwatch_input(n->pw, &c, n->now);
	}
	return NL_SKIP;
}

static int lookup_valid(struct nl_msg *msg, void *arg)
{
	struct pw_lookup *l = arg;
	struct pw_change c = { 0 };
	int family = l->path->family;

	if (route_change(nlmsg_hdr(msg), &c) || c.family != family)
		return NL_SKIP;
	l->got = true;
	memcpy(l->path->prefix, c.addr, sizeof(c.addr));
	l->path->plen = c.plen;
	l->path->table = c.table;
	l->path->priority = c.priority;
	l->path->oif = c.ifindex;
	l->path->has_gateway = c.has_gateway;
	memcpy(l->path->gateway, c.gateway, sizeof(c.gateway));
	return NL_OK;
}

static int lookup_ack(struct nl_msg *msg, void *arg)
{
	struct pw_lookup *l = arg;

	(void)msg;
	l->done = true;
	return NL_STOP;
}

static int lookup_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct pw_lookup *l = arg;

	(void)nla;
	l->error = err->error < 0 ? err->error : -EIO;
	l->done = true;
	return NL_STOP;
}

/* RTM_GETROUTE with RTM_F_FIB_MATCH (Linux 4.13): the routing entry itself, not a cached result. */
static int fib_match(struct nl_sock *sk, struct pw_path *p)
{
	struct rtmsg rtm = { .rtm_family = (unsigned char)p->family, .rtm_flags = RTM_F_FIB_MATCH,
			     .rtm_dst_len = (unsigned char)(alen_of(p->family) * 8) };
	struct pw_lookup l = { .path = p };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETROUTE, 0);
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = -ENOMEM;

	if (!msg || !cb)
		goto out;
	if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
	    nla_put(msg, RTA_DST, (int)alen_of(p->family), p->dst) < 0)
		goto out;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, lookup_valid, &l);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, lookup_ack, &l);
	nl_cb_err(cb, NL_CB_CUSTOM, lookup_error, &l);
	ret = nl_send_auto(sk, msg) < 0 ? -EIO : 0;
	while (!ret && !l.done)
		if (nl_recvmsgs(sk, cb) < 0)
			ret = -EIO;
	if (!ret)
		ret = l.error ? l.error : l.got ? 0 : -ENETUNREACH;
out:
	if (cb)
		nl_cb_put(cb);
	if (msg)
		nlmsg_free(msg);
	return ret;
}

/* The socket's peer and local address; a v4-mapped IPv6 pair is the IPv4 one (RFC 4291 2.5.5.2). */
static int sock_addrs(int sock, struct pw_path *p)
{
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	struct sockaddr_storage ss[2];
	socklen_t len;

	for (int i = 0; i < 2; i++) {
		len = sizeof(ss[i]);
		if ((i ? getsockname : getpeername)(sock, (struct sockaddr *)&ss[i], &len))
			return -errno;
	}
	for (int i = 0; i < 2; i++) {
		uint8_t *out = i ? p->src : p->dst;

		if (ss[i].ss_family == AF_INET) {
			p->family = AF_INET;
			memcpy(out, &((struct sockaddr_in *)&ss[i])->sin_addr, 4);
		} else if (ss[i].ss_family == AF_INET6) {
			const uint8_t *a = ((struct sockaddr_in6 *)&ss[i])->sin6_addr.s6_addr;
			bool mapped = !memcmp(a, v4mapped, 12);

			p->family = mapped ? AF_INET : AF_INET6;
			memcpy(out, mapped ? a + 12 : a, mapped ? 4 : 16);
		} else {
			return -EAFNOSUPPORT;
		}
	}
	p->has_src = true;
	return 0;
}

int pathwatch_nl_open(struct pw_nl **out, const struct sx_log *log, int sock, struct pw_path *path)
{
	struct pw_nl *n = calloc(1, sizeof(*n));
	int ret = -ENOMEM;

	*out = NULL;
	memset(path, 0, sizeof(*path));
	if (!n || !(n->sk = nl_socket_alloc()))
		goto out;
	n->log = *log;
	ret = sock_addrs(sock, path);
	if (!ret && nl_connect(n->sk, NETLINK_ROUTE) < 0)
		ret = -EIO;
	if (!ret)
		ret = fib_match(n->sk, path);
	if (ret)
		goto out;
	nl_socket_disable_seq_check(n->sk);
	nl_socket_modify_cb(n->sk, NL_CB_VALID, NL_CB_CUSTOM, on_news, n);
	n->cb = nl_socket_get_cb(n->sk);	/* a reference */
	if (nl_socket_add_memberships(n->sk, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
				      RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, 0) < 0 ||
	    nl_socket_set_nonblocking(n->sk) < 0) {
		ret = -EIO;
		goto out;
	}
	(void)nl_socket_set_buffer_size(n->sk, PW_RCVBUF, 0);
	*out = n;
	n = NULL;
out:
	pathwatch_nl_close(n);
	return ret;
}

int pathwatch_nl_fd(const struct pw_nl *n)
{
	return nl_socket_get_fd(n->sk);
}

int pathwatch_nl_read(struct pw_nl *n, struct pathwatch *pw, uint64_t now)
{
	int ret, overflows = 0;

	n->pw = pw;
	n->now = now;
	for (;;) {
		ret = n->cb ? nl_recvmsgs_report(n->sk, n->cb) : -NLE_NOMEM;
		if (ret > 0)
			continue;
		if (ret == -NLE_NOMEM && n->cb && overflows++ < 8) {	/* ENOBUFS: the kernel dropped news */
			sx_logf(&n->log, SX_LOG_WARN, "netwatch: route news overflowed; some skipped");
			continue;
		}
		ret = ret == 0 || ret == -NLE_AGAIN ? 0 : -EIO;
		break;
	}
	n->pw = NULL;
	return ret;
}

void pathwatch_nl_close(struct pw_nl *n)
{
	if (!n)
		return;
	if (n->cb)
		nl_cb_put(n->cb);
	if (n->sk)
		nl_socket_free(n->sk);
	free(n);
}
