// SPDX-License-Identifier: MIT
/*
 * The TUN device across attempts: kept with its address, routes and DNS while reconnecting (what
 * it is handed then is dropped and counted, never sent another way), updated with only what the
 * new connection changed, and --lockdown from the start. Every change goes through tun/'s journal.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exit.h"
#include "keep.h"
#include "log.h"
#include "net.h"
#include "session.h"

static int fail(const char *what, int err)
{
	log_fail(what, "%s%s", strerror(-err),
		 err == -EPERM || err == -EACCES ? " (sstpx needs root or CAP_NET_ADMIN)" : "");
	return SX_EXIT_SYSTEM;
}

int keep_device_open(struct session *s)
{
	int ret;

	if (s->tunobj)
		return 0;
	s->tun_cfg = (struct tun_cfg){ .log = log_sink(), .ifname = s->o->ifname, .dns = DNS_AUTO,
				       .netns = s->o->netns, .vnet_hdr = !s->o->no_offload };
	ret = tun_open(&s->tunobj, &s->tun_cfg);
	return ret ? fail("tun", ret) : 0;
}

/* Whether the device outlives the attempt that just ended. */
static bool keeps(const struct session *s)
{
	if (!s->tunobj || s->o->script)	/* a script's disconnect undoes its own configuration */
		return false;
	return s->o->lockdown || (s->o->reconnect && !s->stop_requested);
}

static void prefix_of(const struct sockaddr *sa, struct tun_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = sa->sa_family;
	if (sa->sa_family == AF_INET) {
		memcpy(p->addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		p->plen = 32;
	} else {
		memcpy(p->addr, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
		p->plen = 128;
	}
}

/* Exempts every address of host:port (resolved now, before the lock). 0 or an exit code. */
static int exempt_host(struct session *s, const char *host, const char *port)
{
	struct addrinfo *res, *ai;
	struct tun_prefix p;
	int ret = 0;

	if (net_resolve(host, port, &res))
		return SX_EXIT_RESOLVE;
	for (ai = res; !ret && ai; ai = ai->ai_next) {
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		prefix_of(ai->ai_addr, &p);
		ret = policy_allow(s->tunobj, &p);
		if (!ret)
			keep_note_exempt(s, ai->ai_addr);
	}
	net_resolve_free(res);
	return ret ? fail("lockdown", ret) : 0;
}

int keep_lockdown_start(struct session *s)
{
	const struct opts *o = s->o;
	char port[8];
	int ret;

	if (!o->lockdown && !o->reconnect)
		return 0;
	/* From now on a tunnel may route everything while it is down: keep the servers' addresses. */
	net_resolve_prefer_cache(true);
	if (!o->lockdown)
		return 0;
	ret = keep_device_open(s);
	if (ret)
		return ret;
	log_info("lockdown: %s's addresses are exempt (resolved before locking)%s", o->host,
		 s->proxy.active ? ", and the proxy's" : "");
	ret = exempt_host(s, o->host, o->port);
	if (!ret && s->proxy.active) {
		snprintf(port, sizeof(port), "%u", s->proxy.url.port);
		ret = exempt_host(s, s->proxy.url.host, port);
	}
	for (size_t i = 0; !ret && i < o->n_lockdown_allow; i++) {
		struct tun_prefix p = { .family = o->lockdown_allow[i].family,
					.plen = o->lockdown_allow[i].plen };

		memcpy(p.addr, o->lockdown_allow[i].addr, sizeof(p.addr));
		if ((ret = policy_allow(s->tunobj, &p)) != 0)
			ret = fail("lockdown", ret);
	}
	if (!ret && (ret = policy_lockdown(s->tunobj, NULL, 0)) != 0)
		ret = fail("lockdown", ret);
	if (ret)
		return ret;
	log_info("lockdown: on: nothing leaves outside %s but to %zu exempt address%s, %zu "
		 "--lockdown-allow prefix%s, loopback and the host's own addresses",
		 tun_name(s->tunobj), s->n_exempt, s->n_exempt == 1 ? "" : "es",
		 o->n_lockdown_allow, o->n_lockdown_allow == 1 ? "" : "es");
	s->dev_mark = tun_journal(s->tunobj)->n;
	s->tun = tun_fd(s->tunobj);
	ret = loop_watch_tun(&s->loop, s->tun);
	return ret ? fail("loop", ret) : 0;
}

static bool exempt_already(const struct session *s, const struct tun_prefix *p)
{
	for (size_t i = 0; i < s->n_exempt; i++)
		if (!memcmp(&s->exempt[i], p, sizeof(*p)))
			return true;
	return false;
}

void keep_note_exempt(struct session *s, const struct sockaddr *sa)
{
	struct tun_prefix p;

	prefix_of(sa, &p);
	if (!exempt_already(s, &p) && s->n_exempt < SESS_EXEMPT_MAX)
		s->exempt[s->n_exempt++] = p;
}

int keep_prepare_addr(struct session *s, const struct sockaddr *sa)
{
	struct tun_prefix p;
	int ret = 0;

	if (!s->tunobj || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6))
		return 0;
	prefix_of(sa, &p);
	/* An address the name did not have at start (the name moved): exempt it too. */
	if (s->o->lockdown && !exempt_already(s, &p)) {
		ret = policy_allow(s->tunobj, &p);
		if (!ret)
			keep_note_exempt(s, sa);
	}
	/* The kept routes send it into the tunnel: a host route along the first server's path. */
	if (!ret && s->dev_up && !s->o->netns && route_server_add(s->tunobj, sa))
		ret = -ENETUNREACH;	/* that path is gone too (its link is down, say) */
	return ret;
}

/* Lockdown, and an attempt that failed while configuring the device: back to the lock alone. */
static void rewind_to_lock(struct session *s)
{
	struct undo *u = tun_journal(s->tunobj);
	char line[UNDO_LINE_MAX];

	while (u->n > s->dev_mark) {
		snprintf(line, sizeof(line), "%s", u->lines[u->n - 1]);
		(void)undo_revert(u, line);
	}
	s->dev_ipv6_id = 0;
	s->n_dev_dns = 0;
	s->dev_dns_key[0] = '\0';
}

bool keep_attempt_end(struct session *s)
{
	if (!keeps(s) || (!s->dev_up && !s->o->lockdown))
		return false;
	if (!s->dev_up) {
		rewind_to_lock(s);
		return true;
	}
	if (loop_tun_enable(&s->loop, true))
		log_debug("tun: cannot watch %s", tun_name(s->tunobj));
	if (!s->t_down) {
		s->t_down = loop_now_ms();
		s->dropped_at_down = s->dropped;
	}
	log_info("reconnect: %s kept (ifindex %d) with its address, routes and DNS; what it is handed "
		 "is dropped until the tunnel is back", tun_name(s->tunobj), tun_ifindex(s->tunobj));
	return true;
}

void keep_drop(struct session *s)
{
	uint8_t buf[2048];	/* a longer packet is cut short by read: it is dropped anyway */

	for (int budget = 64; budget > 0 && s->tun >= 0; budget--) {
		ssize_t n = read(s->tun, buf, sizeof(buf));

		if (n <= 0) {
			if (n < 0 && errno != EAGAIN)
				log_debug("tun: read: %s", strerror(errno));
			return;
		}
		s->dropped++;
	}
}

static const char *ip4(uint32_t host_order, char buf[static INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* The DNS entries dns_apply journaled, so a new connection's DNS can replace them. */
void keep_dns_mark(struct session *s, size_t before)
{
	struct undo *u = tun_journal(s->tunobj);

	/* Added to: a router advertisement's DNS servers apply again (netup_dns_refresh). */
	for (size_t i = before; i < u->n && s->n_dev_dns < SESS_DNS_LINES; i++)
		snprintf(s->dev_dns[s->n_dev_dns++], UNDO_LINE_MAX, "%s", u->lines[i]);
}

static int replace_address(struct session *s, const struct ppp_ip_info *ip)
{
	struct in_addr local = { .s_addr = htonl(ip->local) }, peer = { .s_addr = htonl(ip->peer) };
	struct in_addr old = { .s_addr = htonl(s->dev_ip.local) };
	struct in_addr old_peer = { .s_addr = htonl(s->dev_ip.peer) };
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	int ret;

	/* The new one first: an interface without an address loses its routes (fib_del_ifaddr). */
	ret = tun_addr4_add(s->tunobj, &local, ip->peer ? &peer : NULL);
	if (!ret)
		ret = tun_addr4_del(s->tunobj, &old, s->dev_ip.peer ? &old_peer : NULL);
	if (ret)
		return fail(tun_name(s->tunobj), ret);
	log_info("reconnect: %s address %s replaces %s", tun_name(s->tunobj), ip4(ip->local, a),
		 ip4(s->dev_ip.local, b));
	return 0;
}

int keep_update(struct session *s, const struct ppp_ip_info *ip, unsigned mtu,
		keep_dns_fn *apply_dns)
{
	uint64_t gap = loop_now_ms() - s->t_down;
	char a[INET_ADDRSTRLEN];
	int ret = 0;

	if (mtu != s->dev_mtu && (ret = tun_set_mtu(s->tunobj, mtu)) != 0)
		return fail(tun_name(s->tunobj), ret);
	s->dev_mtu = mtu;
	if (ip->local != s->dev_ip.local || ip->peer != s->dev_ip.peer)
		ret = replace_address(s, ip);
	if (ret)
		return ret;
	/* With DHCPINFORM the DNS waits for the answer (keep_dns_revert, then netup.c). */
	if (apply_dns && (ip->dns1 != s->dev_ip.dns1 || ip->dns2 != s->dev_ip.dns2)) {
		log_info("reconnect: new DNS servers: replacing the previous ones");
		ret = keep_dns_revert(s);
		if (!ret)
			ret = apply_dns(s);
	}
	if (ret)
		return ret;
	s->dev_ip = *ip;
	log_info("reconnect: %s kept (ifindex %d), address %s; %llu packets dropped in %llu ms "
		 "without a tunnel", tun_name(s->tunobj), tun_ifindex(s->tunobj), ip4(ip->local, a),
		 (unsigned long long)(s->dropped - s->dropped_at_down), (unsigned long long)gap);
	s->t_down = 0;
	return 0;
}

int keep_dns_revert(struct session *s)
{
	int ret = 0;

	for (size_t i = s->n_dev_dns; !ret && i > 0; i--) {
		ret = undo_revert(tun_journal(s->tunobj), s->dev_dns[i - 1]);
		if (ret == -ENOENT)	/* recorded twice (a DNS refresh), undone once already */
			ret = 0;
	}
	s->n_dev_dns = 0;
	s->dev_dns_key[0] = '\0';
	return ret ? fail("dns", ret) : 0;
}

static bool route_in(const struct dhcp_route *r, const struct dhcp_info *in)
{
	for (size_t i = 0; i < in->n_routes; i++)
		if (in->routes[i].dst == r->dst && in->routes[i].plen == r->plen)
			return true;
	return false;
}

void keep_pushed_settle(struct session *s)
{
	const struct dhcp_info none = { 0 };
	const struct dhcp_info *now = s->have_pushed ? &s->pushed : &none;
	char d[INET_ADDRSTRLEN];

	for (size_t i = 0; s->tunobj && !s->o->script && i < s->n_dev_pushed; i++) {
		const struct dhcp_route *r = &s->dev_pushed[i];
		struct tun_prefix p = { .family = AF_INET, .plen = r->plen };
		uint32_t be = htonl(r->dst);

		if (route_in(r, now))
			continue;
		memcpy(p.addr, &be, 4);
		if (!route_prefix_del(s->tunobj, &p))
			log_info("reconnect: pushed route %s/%u no longer pushed: removed",
				 ip4(r->dst, d), r->plen);
	}
	s->n_dev_pushed = now->n_routes;
	memcpy(s->dev_pushed, now->routes, now->n_routes * sizeof(now->routes[0]));
}

int keep_block_ipv6(struct session *s)
{
	const struct opts *o = s->o;
	int ret;

	if (o->no_default_route || o->lockdown || o->script)
		return 0;
	if (o->no_block_ipv6) {
		log_info("ipv6: not blocked outside the tunnel (--no-block-ipv6)");
		return 0;
	}
	ret = policy_block_ipv6(s->tunobj);
	if (ret)
		return fail("ipv6 block", ret);
	log_info("ipv6: %s outside the tunnel is unreachable (--no-block-ipv6 to allow)",
		 s->ipv6_up ? "the default route" : "everything but the local links");
	return 0;
}
