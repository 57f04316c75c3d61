// SPDX-License-Identifier: MIT
/*
 * Leak protection by policy routing: --lockdown and the IPv6 block of an IPv4-only full tunnel.
 * A table of our own holds an unreachable default route (IPv4 and IPv6) and, under lockdown, a
 * copy of every route through the tunnel. Rules in front of the main table (ip-rule(8)) send the
 * exemptions (the server, the proxy, --lockdown-allow) to main and everything else to our table;
 * the local table (priority 0) still answers for loopback and the host's own addresses.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tun/tun_int.h"

#define PRIO_ALLOW 5230		/* exemptions: looked up in main */
#define PRIO_SUPPRESS 5231	/* IPv6 block: main, unless its answer is a default route */
#define PRIO_LOCK 5232		/* everything else: our table */
#define TABLE_BASE 5354000u	/* + ifindex: one table per device */

static size_t alen_of(int family)
{
	return family == AF_INET ? 4 : 16;
}

static char fam_digit(int family)
{
	return family == AF_INET ? '4' : '6';
}

/* RTM_NEWRULE / RTM_DELRULE: "prio P [to DST/PLEN] lookup TABLE [suppress_prefixlength N]". */
static int rule_change(struct tun *t, bool add, int family, uint32_t prio, uint32_t table,
		       const struct tun_prefix *to, int suppress)
{
	struct fib_rule_hdr frh = { .family = (uint8_t)family, .action = FR_ACT_TO_TBL,
				    .table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC };
	struct nl_msg *msg;
	int ret;

	if (to)
		frh.dst_len = to->plen;
	msg = nlmsg_alloc_simple(add ? RTM_NEWRULE : RTM_DELRULE,
				 add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	if (!msg)
		return -ENOMEM;
	ret = tun_nl_err(nlmsg_append(msg, &frh, sizeof(frh), NLMSG_ALIGNTO));
	if (!ret)
		ret = tun_nl_err(nla_put_u32(msg, FRA_PRIORITY, prio));
	if (!ret)
		ret = tun_nl_err(nla_put_u32(msg, FRA_TABLE, table));
	if (!ret && to && to->plen)
		ret = tun_nl_err(nla_put(msg, FRA_DST, (int)alen_of(family), to->addr));
	if (!ret && suppress >= 0)
		ret = tun_nl_err(nla_put_u32(msg, FRA_SUPPRESS_PREFIXLEN, (uint32_t)suppress));
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return tun_nl_err(nl_send_sync(t->nl, msg));	/* frees msg */
}

/* Unreachable (ifindex 0) or through the device, in a table of ours. */
static int troute_change(struct tun *t, bool add, int family, const uint8_t *dst, unsigned plen,
			 uint32_t table, int ifindex)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct nl_addr *d = nl_addr_build(family, dst, alen_of(family));
	struct rtnl_nexthop *nh = NULL;
	int ret = 0;

	if (!r || !d) {
		ret = -ENOMEM;
		goto out;
	}
	nl_addr_set_prefixlen(d, (int)plen);
	rtnl_route_set_family(r, (uint8_t)family);
	rtnl_route_set_table(r, table);
	rtnl_route_set_protocol(r, RTPROT_STATIC);
	ret = tun_nl_err(rtnl_route_set_dst(r, d));
	if (!ifindex) {
		rtnl_route_set_type(r, RTN_UNREACHABLE);
	} else {
		nh = rtnl_route_nh_alloc();
		if (!nh) {
			ret = -ENOMEM;
			goto out;
		}
		rtnl_route_nh_set_ifindex(nh, ifindex);
		rtnl_route_add_nexthop(r, nh);
	}
	if (!ret)
		ret = tun_nl_err(add ? rtnl_route_add(t->nl, r, NLM_F_EXCL) : rtnl_route_delete(t->nl, r, 0));
out:
	if (d)
		nl_addr_put(d);
	if (r)
		rtnl_route_put(r);
	return ret;
}

static const char *pfx_str(const struct tun_prefix *p, char buf[static INET6_ADDRSTRLEN + 5])
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->family, p->addr, a, sizeof(a));
	snprintf(buf, INET6_ADDRSTRLEN + 5, "%s/%u", a, p->plen);
	return buf;
}

/* Journals "ruleN del prio P table T [to PFX] [suppress N]", then adds it. */
static int rule_add(struct tun *t, int family, uint32_t prio, uint32_t table,
		    const struct tun_prefix *to, int suppress)
{
	char ps[INET6_ADDRSTRLEN + 5] = "", ss[24] = "";
	int ret;

	if (to)
		pfx_str(to, ps);
	if (suppress >= 0)
		snprintf(ss, sizeof(ss), " suppress %d", suppress);
	ret = undo_push(&t->undo, "rule%c del prio %u table %u%s%s%s", fam_digit(family), prio, table,
			to ? " to " : "", ps, ss);
	if (ret)
		return ret;
	ret = rule_change(t, true, family, prio, table, to, suppress);
	if (ret) {
		(void)undo_pop(&t->undo);
		if (ret == -EEXIST) {	/* another run's: not ours to remove */
			TUN_LOG(t, SX_LOG_INFO, "policy: rule prio %u%s%s exists: left alone", prio,
				to ? " to " : "", ps);
			return 0;
		}
		TUN_LOG(t, SX_LOG_ERR, "policy: cannot add rule prio %u%s%s lookup %u: %s", prio,
			to ? " to " : "", ps, table, strerror(-ret));
		return ret;
	}
	TUN_LOG(t, SX_LOG_DEBUG, "policy: rule%c prio %u%s%s lookup %u%s", fam_digit(family), prio,
		to ? " to " : "", ps, table, ss);
	return 0;
}

/* Journals "trouteN del PFX table T unreachable|dev IF", then adds it. */
static int troute_add(struct tun *t, int family, const uint8_t *dst, unsigned plen, bool via_dev)
{
	struct tun_prefix p = { .family = family, .plen = (uint8_t)plen };
	char ps[INET6_ADDRSTRLEN + 5];
	int ret;

	memcpy(p.addr, dst, alen_of(family));
	pfx_str(&p, ps);
	ret = undo_push(&t->undo, "troute%c del %s table %u %s%s", fam_digit(family), ps,
			t->policy_table, via_dev ? "dev " : "unreachable", via_dev ? t->name : "");
	if (ret)
		return ret;
	ret = troute_change(t, true, family, dst, plen, t->policy_table, via_dev ? t->ifindex : 0);
	if (ret == -EEXIST) {
		(void)undo_pop(&t->undo);
		return 0;
	}
	if (ret) {
		(void)undo_pop(&t->undo);
		TUN_LOG(t, SX_LOG_ERR, "policy: cannot add %s %s to table %u: %s", via_dev ? "route" :
			"unreachable", ps, t->policy_table, strerror(-ret));
	}
	return ret;
}

/* The table with an unreachable default for family (once per device). */
static int table_ready(struct tun *t, int family)
{
	static const uint8_t any[16];
	bool *done = family == AF_INET ? &t->unreach4 : &t->unreach6;
	int ret;

	if (*done)
		return 0;
	if (!t->policy_table)
		t->policy_table = TABLE_BASE + (uint32_t)t->ifindex;
	ret = troute_add(t, family, any, 0, false);
	*done = !ret;
	return ret;
}

int policy_lockdown(struct tun *t, const struct tun_prefix *allow, size_t n)
{
	static const int families[] = { AF_INET, AF_INET6 };
	int ret = 0;

	if (t->locked)
		return 0;
	for (size_t i = 0; !ret && i < 2; i++)
		ret = table_ready(t, families[i]);
	for (size_t i = 0; !ret && i < n; i++)
		ret = policy_allow(t, &allow[i]);
	/* The lock goes last: once it is there, the exemptions are too. */
	for (size_t i = 0; !ret && i < 2; i++)
		ret = rule_add(t, families[i], PRIO_LOCK, t->policy_table, NULL, -1);
	if (ret)
		return ret;
	t->locked = true;
	TUN_LOG(t, SX_LOG_INFO, "lockdown: on: nothing leaves outside %s but the exemptions "
		"(table %u, rules %u-%u)", t->name, t->policy_table, PRIO_ALLOW, PRIO_LOCK);
	return 0;
}

int policy_allow(struct tun *t, const struct tun_prefix *p)
{
	char ps[INET6_ADDRSTRLEN + 5];
	int ret;

	if (p->family != AF_INET && p->family != AF_INET6)
		return -EINVAL;
	ret = rule_add(t, p->family, PRIO_ALLOW, RT_TABLE_MAIN, p, -1);
	if (!ret)
		TUN_LOG(t, SX_LOG_INFO, "lockdown: %s exempt", pfx_str(p, ps));
	return ret;
}

int policy_block_ipv6(struct tun *t)
{
	int ret;

	if (t->locked || t->blocked6)	/* lockdown blocks IPv6 already */
		return 0;
	ret = table_ready(t, AF_INET6);
	/* Main answers unless all it has is a default route: then our unreachable one does. */
	if (!ret)
		ret = rule_add(t, AF_INET6, PRIO_SUPPRESS, RT_TABLE_MAIN, NULL, 0);
	if (!ret)
		ret = rule_add(t, AF_INET6, PRIO_LOCK, t->policy_table, NULL, -1);
	t->blocked6 = !ret;
	return ret;
}

/* route.c: a route through the tunnel gets its copy in our table while locked. */
int policy_copy_route(struct tun *t, int family, const uint8_t *dst, unsigned plen)
{
	return t->locked ? troute_add(t, family, dst, plen, true) : 0;
}

/* "A/PLEN" of the family, as pfx_str wrote it. */
static int parse_pfx(const char *text, int family, struct tun_prefix *p)
{
	char buf[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	unsigned long plen;

	memset(p, 0, sizeof(*p));
	if (!slash || (size_t)(slash - text) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, text, (size_t)(slash - text));
	buf[slash - text] = '\0';
	plen = strtoul(slash + 1, NULL, 10);
	if (inet_pton(family, buf, p->addr) != 1 || plen > alen_of(family) * 8)
		return -EINVAL;
	p->family = family;
	p->plen = (uint8_t)plen;
	return 0;
}

/* "ruleN del prio P table T [to PFX] [suppress N]" */
static int rule_undo(struct tun *t, char **argv, int argc)
{
	int family = argv[0][4] == '4' ? AF_INET : AF_INET6, suppress = -1, i = 6;
	struct tun_prefix to;
	bool has_to = false;
	unsigned long prio, table;
	int ret;

	if (argc < 6 || strcmp(argv[1], "del") || strcmp(argv[2], "prio") || strcmp(argv[4], "table"))
		return -EINVAL;
	prio = strtoul(argv[3], NULL, 10);
	table = strtoul(argv[5], NULL, 10);
	if (i + 1 < argc && !strcmp(argv[i], "to")) {
		if (parse_pfx(argv[i + 1], family, &to))
			return -EINVAL;
		has_to = true;
		i += 2;
	}
	if (i + 1 < argc && !strcmp(argv[i], "suppress")) {
		suppress = atoi(argv[i + 1]);
		i += 2;
	}
	if (i != argc || !prio || !table)
		return -EINVAL;
	ret = rule_change(t, false, family, (uint32_t)prio, (uint32_t)table, has_to ? &to : NULL,
			  suppress);
	if (tun_gone(ret))
		ret = 0;
	if (!ret)
		TUN_LOG(t, SX_LOG_DEBUG, "policy: removed rule%c prio %lu%s%s", fam_digit(family), prio,
			has_to ? " to " : "", has_to ? argv[7] : "");
	return ret;
}

/* "trouteN del PFX table T unreachable|dev IF" */
static int troute_undo(struct tun *t, char **argv, int argc)
{
	int family = argv[0][6] == '4' ? AF_INET : AF_INET6, ifindex = 0, ret;
	struct tun_prefix p;
	unsigned long table;

	if (argc < 6 || strcmp(argv[1], "del") || strcmp(argv[3], "table") ||
	    parse_pfx(argv[2], family, &p))
		return -EINVAL;
	table = strtoul(argv[4], NULL, 10);
	if (!strcmp(argv[5], "dev") && argc == 7) {
		ifindex = tun_nl_ifindex(t, argv[6]);
		if (ifindex < 0)	/* the device went, and its routes with it */
			return tun_gone(ifindex) ? 0 : ifindex;
	} else if (strcmp(argv[5], "unreachable") || argc != 6) {
		return -EINVAL;
	}
	ret = troute_change(t, false, family, p.addr, p.plen, (uint32_t)table, ifindex);
	return tun_gone(ret) ? 0 : ret;
}

int policy_undo(struct tun *t, char **argv, int argc)
{
	if (!strncmp(argv[0], "rule", 4))
		return rule_undo(t, argv, argc);
	return troute_undo(t, argv, argc);
}
