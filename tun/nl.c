// SPDX-License-Identifier: MIT
/* One libnl route socket: link MTU, up/down, deletion; IPv4/IPv6 addresses and their inverses. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <linux/ip.h>
#include <netlink/route/link/inet.h>
#include <netlink/route/link/inet6.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tun/tun_int.h"

int tun_nl_err(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case 0: return 0;
	case NLE_EXIST: return -EEXIST;
	case NLE_OBJ_NOTFOUND: return -ESRCH;
	case NLE_NODEV: return -ENODEV;
	case NLE_NOADDR: return -EADDRNOTAVAIL;
	case NLE_NOMEM: return -ENOMEM;
	case NLE_INVAL: return -EINVAL;
	case NLE_RANGE: return -ERANGE;
	case NLE_BUSY: return -EBUSY;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_PERM: return -EPERM;
	case NLE_NOACCESS: return -EACCES;
	case NLE_OPNOTSUPP: return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT: return -EAFNOSUPPORT;
	case NLE_MSGSIZE: return -EMSGSIZE;
	default: return -EIO;
	}
}

/* A netlink socket belongs to the namespace it was created in, for its whole life. */
int tun_nl_open(struct tun *t, const char *netns)
{
	int back = -1, ret = 0;

	t->nl = nl_socket_alloc();
	if (!t->nl)
		return -ENOMEM;
	if (netns)
		ret = tun_ns_enter(netns, &back);
	if (ret) {
		TUN_LOG(t, SX_LOG_ERR, "nl: cannot enter network namespace \"%s\": %s", netns,
			strerror(-ret));
	} else {
		ret = tun_nl_err(nl_connect(t->nl, NETLINK_ROUTE));
		tun_ns_leave(back);
		if (ret)
			TUN_LOG(t, SX_LOG_ERR, "nl: cannot open a route socket: %s", strerror(-ret));
	}
	if (ret) {
		nl_socket_free(t->nl);
		t->nl = NULL;
	}
	return ret;
}

void tun_nl_close(struct tun *t)
{
	if (t->nl)
		nl_socket_free(t->nl);
	t->nl = NULL;
}

int tun_nl_ifindex(struct tun *t, const char *name)
{
	struct rtnl_link *link = NULL;
	int ret;

	ret = tun_nl_err(rtnl_link_get_kernel(t->nl, 0, name, &link));
	if (ret)
		return ret == -ESRCH ? -ENODEV : ret;
	ret = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	return ret;
}

int tun_nl_ifname(struct tun *t, int ifindex, char name[static IFNAMSIZ])
{
	struct rtnl_link *link = NULL;
	int ret;

	ret = tun_nl_err(rtnl_link_get_kernel(t->nl, ifindex, NULL, &link));
	if (ret)
		return ret == -ESRCH ? -ENODEV : ret;
	snprintf(name, IFNAMSIZ, "%s", rtnl_link_get_name(link));
	rtnl_link_put(link);
	return 0;
}

/*
 * up: 1 up, 0 down, -1 unchanged, 2 IPv6 address generation off. MTU and up/down change only
 * our own device, which the first journal entry deletes; they need
 * no inverse of their own.
 */
static int link_change(struct tun *t, unsigned mtu, int up)
{
	struct rtnl_link *old = NULL, *change = NULL;
	int ret;

	ret = tun_nl_err(rtnl_link_get_kernel(t->nl, t->ifindex, NULL, &old));
	if (ret)
		goto out;
	change = rtnl_link_alloc();
	if (!change) {
		ret = -ENOMEM;
		goto out;
	}
	if (mtu)
		rtnl_link_set_mtu(change, mtu);
	if (up == 2)		/* only our fe80::<ifid> (RFC 5072 5), no kernel-made link-local */
		ret = tun_nl_err(rtnl_link_inet6_set_addr_gen_mode(change, IN6_ADDR_GEN_MODE_NONE));
	/*
	 * A new connection's address is added before the old one goes (keep.c): with the same peer it
	 * is a secondary of the old, which the kernel would delete along with the primary, leaving the
	 * device without an address and so without its routes (fib_del_ifaddr).
	 */
	if (up == 1 && !ret)
		ret = tun_nl_err(rtnl_link_inet_set_conf(change, IPV4_DEVCONF_PROMOTE_SECONDARIES, 1));
	if (up == 1)
		rtnl_link_set_flags(change, IFF_UP);
	else if (up == 0)
		rtnl_link_unset_flags(change, IFF_UP);
	if (!ret)
		ret = tun_nl_err(rtnl_link_change(t->nl, old, change, 0));
out:
	if (change)
		rtnl_link_put(change);
	if (old)
		rtnl_link_put(old);
	return ret;
}

int tun_set_mtu(struct tun *t, unsigned mtu)
{
	int ret;

	if (mtu < 68 || mtu > 65535)		/* RFC 791: every host takes 68 */
		return -EINVAL;
	ret = link_change(t, mtu, -1);
	if (ret)
		TUN_LOG(t, SX_LOG_ERR, "tun: cannot set MTU %u on %s: %s", mtu, t->name,
			strerror(-ret));
	else
		TUN_LOG(t, SX_LOG_INFO, "tun: %s mtu %u", t->name, mtu);
	return ret;
}

int tun_set_up(struct tun *t, bool up)
{
	int ret;

	/* Before the first up; fails harmlessly without IPv6. */
	if (up && link_change(t, 0, 2))
		TUN_LOG(t, SX_LOG_DEBUG, "tun: %s keeps the kernel's IPv6 link-local", t->name);
	ret = link_change(t, 0, up);

	if (ret)
		TUN_LOG(t, SX_LOG_ERR, "tun: cannot set %s %s: %s", t->name, up ? "up" : "down",
			strerror(-ret));
	else
		TUN_LOG(t, SX_LOG_INFO, "tun: %s %s", t->name, up ? "up" : "down");
	return ret;
}

/* Adds (add != 0) or deletes one address; peer may be NULL. */
static int addr_change(struct tun *t, bool add, int family, int ifindex, const void *local,
		       const void *peer, unsigned plen)
{
	size_t alen = family == AF_INET ? 4 : 16;
	struct nl_addr *l = NULL, *p = NULL;
	struct rtnl_addr *a;
	int ret;

	a = rtnl_addr_alloc();
	l = nl_addr_build(family, local, alen);
	if (peer)
		p = nl_addr_build(family, peer, alen);
	if (!a || !l || (peer && !p)) {
		ret = -ENOMEM;
		goto out;
	}
	nl_addr_set_prefixlen(l, (int)plen);
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_family(a, family);
	ret = tun_nl_err(rtnl_addr_set_local(a, l));
	if (!ret && p) {
		nl_addr_set_prefixlen(p, (int)plen);
		ret = tun_nl_err(rtnl_addr_set_peer(a, p));
	}
	rtnl_addr_set_prefixlen(a, (int)plen);
	/* No DAD on a point-to-point link: the address is usable at once. */
	if (family == AF_INET6)
		rtnl_addr_set_flags(a, IFA_F_NODAD);
	if (!ret)
		ret = tun_nl_err(add ? rtnl_addr_add(t->nl, a, NLM_F_EXCL) : rtnl_addr_delete(t->nl, a, 0));
out:
	if (l)
		nl_addr_put(l);
	if (p)
		nl_addr_put(p);
	if (a)
		rtnl_addr_put(a);
	return ret;
}

static int addr_add_journaled(struct tun *t, int family, const void *local, const void *peer,
			      unsigned plen)
{
	char ls[INET6_ADDRSTRLEN], ps[INET6_ADDRSTRLEN];
	int ret;

	inet_ntop(family, local, ls, sizeof(ls));
	if (peer)
		inet_ntop(family, peer, ps, sizeof(ps));
	ret = undo_push(&t->undo, "addr%c del %s/%u%s%s dev %s", family == AF_INET ? '4' : '6', ls,
			plen, peer ? " peer " : "", peer ? ps : "", t->name);
	if (ret)
		return ret;
	ret = addr_change(t, true, family, t->ifindex, local, peer, plen);
	if (ret) {
		(void)undo_pop(&t->undo);
		TUN_LOG(t, SX_LOG_ERR, "tun: cannot add %s/%u to %s: %s", ls, plen, t->name,
			strerror(-ret));
		return ret;
	}
	TUN_LOG(t, SX_LOG_INFO, "tun: added %s/%u%s%s dev %s", ls, plen, peer ? " peer " : "",
		peer ? ps : "", t->name);
	return 0;
}

int tun_addr4_add(struct tun *t, const struct in_addr *local, const struct in_addr *peer)
{
	return addr_add_journaled(t, AF_INET, local, peer, 32);
}

/* Its journal entry is the inverse: run it now and drop it (undo_revert). */
static int addr_del_journaled(struct tun *t, int family, const void *local, const void *peer,
			      unsigned plen)
{
	char ls[INET6_ADDRSTRLEN], ps[INET6_ADDRSTRLEN], line[UNDO_LINE_MAX];

	inet_ntop(family, local, ls, sizeof(ls));
	if (peer)
		inet_ntop(family, peer, ps, sizeof(ps));
	snprintf(line, sizeof(line), "addr%c del %s/%u%s%s dev %s", family == AF_INET ? '4' : '6', ls,
		 plen, peer ? " peer " : "", peer ? ps : "", t->name);
	return undo_revert(&t->undo, line);
}

int tun_addr4_del(struct tun *t, const struct in_addr *local, const struct in_addr *peer)
{
	return addr_del_journaled(t, AF_INET, local, peer, 32);
}

int tun_addr6_del_ll(struct tun *t, uint64_t ifid)
{
	struct in6_addr a = { .s6_addr = { 0xfe, 0x80 } };

	for (int i = 0; i < 8; i++)
		a.s6_addr[8 + i] = (uint8_t)(ifid >> (56 - 8 * i));
	return addr_del_journaled(t, AF_INET6, &a, NULL, 64);
}

int tun_addr6_add_ll(struct tun *t, uint64_t ifid)
{
	struct in6_addr a = { .s6_addr = { 0xfe, 0x80 } };

	if (!ifid)		/* RFC 5072 4.1: zero is not a valid identifier */
		return -EINVAL;
	for (int i = 0; i < 8; i++)
		a.s6_addr[8 + i] = (uint8_t)(ifid >> (56 - 8 * i));
	return addr_add_journaled(t, AF_INET6, &a, NULL, 64);
}

int tun_addr6_add(struct tun *t, const struct in6_addr *addr, unsigned plen)
{
	if (plen > 128)
		return -EINVAL;
	return addr_add_journaled(t, AF_INET6, addr, NULL, plen);
}

/* "addr4 del A/PLEN [peer P] dev IF" */
static int addr_undo(struct tun *t, char **argv, int argc)
{
	int family = argv[0][4] == '4' ? AF_INET : AF_INET6;
	uint8_t local[16], peer[16];
	bool has_peer = argc == 7;
	char *slash;
	unsigned long plen;
	int ifindex;

	if ((argc != 5 && argc != 7) || strcmp(argv[1], "del") || strcmp(argv[argc - 2], "dev"))
		return -EINVAL;
	slash = strchr(argv[2], '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	plen = strtoul(slash + 1, NULL, 10);
	if (inet_pton(family, argv[2], local) != 1 || plen > (family == AF_INET ? 32u : 128u))
		return -EINVAL;
	if (has_peer && (strcmp(argv[3], "peer") || inet_pton(family, argv[4], peer) != 1))
		return -EINVAL;
	ifindex = tun_nl_ifindex(t, argv[argc - 1]);
	if (ifindex < 0)
		return tun_gone(ifindex) ? 0 : ifindex;
	int ret = addr_change(t, false, family, ifindex, local, has_peer ? peer : NULL,
			      (unsigned)plen);
	if (tun_gone(ret))
		ret = 0;
	if (!ret)
		TUN_LOG(t, SX_LOG_INFO, "tun: removed %s/%lu dev %s", argv[2], plen, argv[argc - 1]);
	return ret;
}

/* "link del IF ifindex N": only the link we created, never one that took the name since. */
static int link_undo(struct tun *t, char **argv, int argc)
{
	struct rtnl_link *link;
	int ifindex, ret;

	if (argc != 5 || strcmp(argv[1], "del") || strcmp(argv[3], "ifindex"))
		return -EINVAL;
	ifindex = tun_nl_ifindex(t, argv[2]);
	if (ifindex < 0)
		return tun_gone(ifindex) ? 0 : ifindex;
	if (ifindex != atoi(argv[4])) {
		TUN_LOG(t, SX_LOG_DEBUG, "tun: %s is now ifindex %d, not ours: left alone", argv[2],
			ifindex);
		return 0;
	}
	link = rtnl_link_alloc();
	if (!link)
		return -ENOMEM;
	rtnl_link_set_ifindex(link, ifindex);
	ret = tun_nl_err(rtnl_link_delete(t->nl, link));
	rtnl_link_put(link);
	if (tun_gone(ret))
		ret = 0;
	if (!ret)
		TUN_LOG(t, SX_LOG_INFO, "tun: deleted %s", argv[2]);
	return ret;
}

int tun_nl_undo(struct tun *t, char **argv, int argc)
{
	if (!strcmp(argv[0], "link"))
		return link_undo(t, argv, argc);
	return addr_undo(t, argv, argc);
}
