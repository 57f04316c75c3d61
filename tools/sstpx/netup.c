// SPDX-License-Identifier: MIT
/* Turns IPCP/IPv6CP results into a configured TUN interface through tun/, journaled for undo. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "tun/tun.h"

#include "exit.h"
#include "keep.h"
#include "log.h"
#include "net.h"
#include "netup.h"
#include "pushed.h"
#include "slaac.h"
#include "session.h"

/* What the interface gets once IPCP is up: computed first, then applied through tun/. */
struct netplan {
	unsigned mtu;
	struct sockaddr_storage server;		/* gets a host route via the current path */
	struct route_prefix routes[OPTS_MAX_ROUTES + 2];
	size_t n_routes;
	uint32_t dns[2];
	size_t n_dns;
};

static const char *ip4(uint32_t host_order, char buf[static INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* The MTU is the PPP MRU: SSTP carries whole PPP frames (MS-SSTP 2.2.3), capped by --mtu. */
static unsigned tun_mtu(const struct session *s, const struct ppp_event *ev)
{
	unsigned mtu = ev->u.ip.peer_mru;

	if (ev->u.ip.mru && ev->u.ip.mru < mtu)
		mtu = ev->u.ip.mru;
	if (s->o->mtu && s->o->mtu < mtu)
		mtu = s->o->mtu;
	return mtu;
}

static void add_v4(struct netplan *p, uint32_t addr, uint8_t plen)
{
	struct route_prefix *r = &p->routes[p->n_routes++];
	uint32_t be = htonl(addr);

	memset(r, 0, sizeof(*r));
	r->family = AF_INET;
	memcpy(r->addr, &be, 4);
	r->plen = plen;
}

/*
 * wg-quick and OpenConnect's vpnc-script route everything through two halves (0/1 and 128/1), so
 * the old default route stays for the host route to the server and comes back by itself.
 */
static int plan(const struct session *s, const struct ppp_event *ev, struct netplan *p)
{
	const struct opts *o = s->o;
	int ret;

	memset(p, 0, sizeof(*p));
	p->mtu = tun_mtu(s, ev);
	ret = net_peer(s->sock, &p->server);
	if (ret)
		return ret;
	if (!o->no_default_route) {
		add_v4(p, 0x00000000u, 1);
		add_v4(p, 0x80000000u, 1);
	}
	for (size_t i = 0; i < o->n_routes; i++)
		p->routes[p->n_routes++] = o->routes[i];
	if (!o->no_dns) {
		if (ev->u.ip.dns1)
			p->dns[p->n_dns++] = ev->u.ip.dns1;
		if (ev->u.ip.dns2)
			p->dns[p->n_dns++] = ev->u.ip.dns2;
	}
	return 0;
}

static void log_plan(const struct netplan *p)
{
	char buf[NET_ADDRSTRLEN], a[INET6_ADDRSTRLEN];

	log_debug("route: host route to %s via the current path",
		  net_addr_str((const struct sockaddr *)&p->server, buf));
	for (size_t i = 0; i < p->n_routes; i++) {
		inet_ntop(p->routes[i].family, p->routes[i].addr, a, sizeof(a));
		log_debug("route: %s/%u via the tunnel", a, p->routes[i].plen);
	}
	for (size_t i = 0; i < p->n_dns; i++)
		log_debug("dns: %s", ip4(p->dns[i], a));
}

/* Says why and returns the exit code that ends the session (run.c ends it). */
static int fail(const char *what, int err)
{
	log_fail(what, "%s%s", strerror(-err),
		 err == -EPERM || err == -EACCES ? " (sstpx needs root or CAP_NET_ADMIN)" : "");
	return SX_EXIT_SYSTEM;
}

static int open_tun(struct session *s, const struct ppp_event *ev, unsigned mtu)
{
	struct in_addr local = { .s_addr = htonl(ev->u.ip.local) };
	struct in_addr peer = { .s_addr = htonl(ev->u.ip.peer) };
	char a[INET_ADDRSTRLEN];
	int ret;

	ret = keep_device_open(s);	/* --lockdown made it at start */
	if (ret)
		return ret;
	if (s->o->script) {
		/* vpnc-script sets the link up with the MTU and adds the address itself. */
		log_info("tun: %s created%s%s; %s configures it", tun_name(s->tunobj),
			 s->o->netns ? " in network namespace " : "", s->o->netns ? s->o->netns : "",
			 s->o->script);
		return 0;
	}
	ret = tun_set_mtu(s->tunobj, mtu);
	if (!ret)
		ret = tun_addr4_add(s->tunobj, &local, ev->u.ip.peer ? &peer : NULL);
	if (!ret)
		ret = tun_set_up(s->tunobj, true);
	if (ret)
		return fail(tun_name(s->tunobj), ret);
	s->dev_mtu = mtu;
	log_info("tun: %s up with %s, MTU %u%s%s", tun_name(s->tunobj), ip4(ev->u.ip.local, a), mtu,
		 s->o->netns ? ", in network namespace " : "", s->o->netns ? s->o->netns : "");
	return 0;
}

static int add_routes(struct session *s, const struct netplan *np, int family)
{
	int ret = 0;

	/*
	 * With --netns the TLS socket stays here and the tunnel's routes go there: the starting
	 * namespace's routes do not change, so the path to the server needs no host route.
	 */
	if (family == AF_INET && !s->o->netns)
		ret = route_server_add(s->tunobj, (const struct sockaddr *)&np->server);
	if (!ret && family == AF_INET && !s->o->no_default_route)
		ret = route_default_add(s->tunobj, AF_INET);
	for (size_t i = 0; !ret && i < s->o->n_routes; i++) {
		const struct route_prefix *r = &s->o->routes[i];
		struct tun_prefix tp = { .family = r->family, .plen = r->plen };

		if (r->family != family)
			continue;
		memcpy(tp.addr, r->addr, sizeof(tp.addr));
		ret = route_prefix_add(s->tunobj, &tp);
	}
	return ret ? fail("route", ret) : 0;
}

/*
 * The DNS servers and domains apply_dns gives the system, as text (s->dev_dns_key): a DHCP answer
 * after CONNECTED changes the DNS only when it changes this.
 */
static void dns_key(const struct session *s, char out[static SESS_DNS_KEY_MAX])
{
	uint32_t dns[DHCP_DNS_MAX];
	struct dns_domain d[DNS_DOMAINS_MAX];
	size_t n = s->o->no_dns ? 0 : pushed_dns_servers(s, dns);
	size_t n6 = s->o->no_dns || !s->v6.seen ? 0 : s->v6.ra.n_dns;
	size_t nd = pushed_dns_domains(s, d, DNS_DOMAINS_MAX), len;

	len = (size_t)snprintf(out, SESS_DNS_KEY_MAX, "dns");
	for (size_t i = 0; i < n && len < SESS_DNS_KEY_MAX; i++)
		len += (size_t)snprintf(out + len, SESS_DNS_KEY_MAX - len, " %08x", dns[i]);
	for (size_t i = 0; i < n6 && len < SESS_DNS_KEY_MAX; i++)
		for (size_t b = 0; b < 16 && len < SESS_DNS_KEY_MAX; b++)
			len += (size_t)snprintf(out + len, SESS_DNS_KEY_MAX - len, "%s%02x",
						b ? "" : " ", s->v6.ra.dns[i][b]);
	for (size_t i = 0; i < nd && len < SESS_DNS_KEY_MAX; i++)
		len += (size_t)snprintf(out + len, SESS_DNS_KEY_MAX - len, " %c%s",
					d[i].route_only ? '~' : '+', d[i].name);
}

/*
 * IPCP's servers (else the DHCP ACK's), then those of the server's router advertisement (RFC 8106)
 * if one came, with the pushed and configured domains.
 */
static int apply_dns(struct session *s)
{
	uint32_t dns[DHCP_DNS_MAX];
	struct in_addr servers[DHCP_DNS_MAX];
	struct dns_domain doms[DNS_DOMAINS_MAX];
	char a[INET_ADDRSTRLEN], list[DHCP_DNS_MAX * INET_ADDRSTRLEN + INET6_ADDRSTRLEN + 8] = "";
	size_t n = s->o->no_dns ? 0 : pushed_dns_servers(s, dns), nd;
	size_t n6 = s->o->no_dns || !s->v6.seen ? 0 : s->v6.ra.n_dns;
	char c[INET6_ADDRSTRLEN];
	enum dns_backend used = DNS_AUTO;
	size_t before;
	int ret;

	dns_key(s, s->dev_dns_key);
	if (!n && !n6) {
		log_info("dns: %s", s->o->no_dns ? "left alone (--no-dns)" : "the server gave none");
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		servers[i].s_addr = htonl(dns[i]);
		strcat(list, i ? " " : "");
		strcat(list, ip4(dns[i], a));
	}
	if (n6)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s%s", n ? " " : "",
			 inet_ntop(AF_INET6, s->v6.ra.dns[0], c, sizeof(c)), n6 > 1 ? " ..." : "");
	nd = pushed_dns_domains(s, doms, DNS_DOMAINS_MAX);
	before = tun_journal(s->tunobj)->n;
	ret = dns_apply_req(s->tunobj, &(struct dns_req){ .servers = servers, .n = n,
							  .servers6 = (const struct in6_addr *)s->v6.ra.dns,
							  .n6 = n6,
							  .full_tunnel = !s->o->no_default_route,
							  .domains = doms, .n_domains = nd,
							  .used = &used });
	if (ret) {
		s->dev_dns_key[0] = '\0';
		return fail("dns", ret);
	}
	s->v6.dns_applied = true;
	s->v6.dns_stale = false;
	keep_dns_mark(s, before);	/* a new connection's DNS replaces these entries */
	log_info("dns: %s via %s", list, dns_backend_name(used));
	for (size_t i = 0; i < nd; i++)
		log_info("dns: domain %s%s", doms[i].name, doms[i].route_only ? " (routing only)" : "");
	/* resolvconf and a plain file route no names by domain: the honest part of split DNS */
	if (nd && s->o->no_default_route && used != DNS_RESOLVED)
		log_info("dns: %s has no per-domain routing: these domains are the search list, and "
			 "names outside these domains may still use the tunnel's servers",
			 dns_backend_name(used));
	return 0;
}

int netup_dns_refresh(struct session *s)
{
	if (!s->v6.dns_applied || !s->tunobj || s->o->script || s->o->no_dns)
		return 0;	/* applied later with the servers known by then */
	return apply_dns(s);
}

static int apply_ipv6(struct session *s)
{
	struct netplan none = { 0 };
	int ret;

	if (s->o->script)	/* script.c: the script owns the link's addresses */
		return 0;
	if (s->dev_ipv6_id == s->ipv6_id)	/* a kept device has it already, and its routes */
		return s->v6.link ? 0 : slaac_link_ready(s);
	ret = tun_addr6_add_ll(s->tunobj, s->ipv6_id);
	if (!ret && s->dev_ipv6_id)	/* a kept device: the new connection's replaces it */
		ret = tun_addr6_del_ll(s->tunobj, s->dev_ipv6_id);
	if (ret)
		return fail("tun", ret);
	log_info("tun: %s IPv6 link-local fe80::%llx", tun_name(s->tunobj),
		 (unsigned long long)s->ipv6_id);
	if (s->dev_ipv6_id) {		/* kept: its routes are there */
		s->dev_ipv6_id = s->ipv6_id;
		return slaac_link_ready(s);
	}
	s->dev_ipv6_id = s->ipv6_id;
	ret = add_routes(s, &none, AF_INET6);
	return ret ? ret : slaac_link_ready(s);
}

/* tools/datapath takes the device; with its virtio-net header, the offloads the kernel has. */
static void start_dp(struct session *s)
{
	unsigned off = s->tun_cfg.vnet_hdr ? dp_tun_offload(s->tun) : 0;

	dp_set_tun(&s->dp, s->tun, s->tun_cfg.vnet_hdr, off, s->mtu);
	if (s->tun_cfg.vnet_hdr)
		log_debug("tun: offloads %s (0x%x)", off ? "on" : "refused by the kernel", off);
	else
		log_debug("tun: offloads off (--no-offload)");
}

/*
 * The data path starts and the observers learn of it. With --script, "connected" is printed only
 * once the script (the first observer) configured the device: tests and people wait for it.
 */
static int connected(struct session *s)
{
	int ret;

	s->tun = tun_fd(s->tunobj);
	start_dp(s);
	ret = s->loop.tun == s->tun ? 0 : loop_watch_tun(&s->loop, s->tun);
	if (ret)
		return fail("loop", ret);
	s->dev_up = true;
	s->t_connected = loop_now_ms();
	if (!s->o->script)
		log_info("connected in %llu ms", (unsigned long long)(s->t_connected - s->t_start));
	ret = session_phase(s, SX_PHASE_CONNECTED);
	if (!ret && s->o->script)
		log_info("connected in %llu ms", (unsigned long long)(s->t_connected - s->t_start));
	return ret;
}

int netup_ipv4(struct session *s, const struct ppp_event *ev)
{
	char a[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN], d1[INET_ADDRSTRLEN], d2[INET_ADDRSTRLEN];
	struct netplan np;
	bool wait;
	int ret;

	if (s->ip.local) {
		/* RFC 1661 3.6: IPCP renegotiated; the interface stays as it was configured. */
		log_warn("ipcp: renegotiated to %s; keeping the interface as configured",
			 ip4(ev->u.ip.local, a));
		return 0;
	}
	ret = plan(s, ev, &np);
	s->ip = ev->u.ip;
	s->mtu = np.mtu;
	log_info("ipcp: address %s, peer %s, DNS %s%s%s, MTU %u", ip4(ev->u.ip.local, a),
		 ev->u.ip.peer ? ip4(ev->u.ip.peer, p) : "none",
		 ev->u.ip.dns1 ? ip4(ev->u.ip.dns1, d1) : "none", ev->u.ip.dns2 ? " " : "",
		 ev->u.ip.dns2 ? ip4(ev->u.ip.dns2, d2) : "", np.mtu);
	if (ret)
		return fail("route", ret);
	log_plan(&np);
	if (s->dev_up) {	/* reconnected: the kept device, changed where the connection differs */
		wait = pushed_wanted(s) && pushed_before_connected(s);
		ret = keep_update(s, &ev->u.ip, np.mtu, wait ? NULL : apply_dns);
		if (!ret && pushed_wanted(s))
			pushed_start(s);	/* the new set replaces the old one (netup_dhcp_pump) */
		if (ret || wait)
			return ret;
		if (s->ipv6_up)
			ret = apply_ipv6(s);
		return ret ? ret : connected(s);
	}
	ret = open_tun(s, ev, np.mtu);
	if (!ret && s->o->script && pushed_wanted(s))
		pushed_start(s);	/* the script hears of the pushed routes (script.c) */
	if (ret || s->o->script)
		return ret || s->dhcp_wait ? ret : connected(s);
	ret = add_routes(s, &np, AF_INET);
	if (ret)
		return ret;
	log_info("route: %s%s", s->o->no_default_route ? "" : "all traffic via the tunnel",
		 s->o->n_routes ? (s->o->no_default_route ? "--route prefixes via the tunnel"
							  : ", plus --route prefixes")
		 : s->o->no_default_route ? "no default route (--no-default-route)" : "");
	if ((ret = keep_block_ipv6(s)) != 0)
		return ret;
	s->dev_ip = ev->u.ip;
	if (pushed_wanted(s)) {
		pushed_start(s);	/* what is pushed is applied when it comes (netup_dhcp_pump) */
		if (pushed_before_connected(s))
			return 0;	/* --setuid: CONNECTED (and IPv6, which may open) wait */
	}
	if (s->ipv6_up && (ret = apply_ipv6(s)))
		return ret;
	ret = apply_dns(s);
	return ret ? ret : connected(s);
}

/*
 * The answer (or its deadline) after CONNECTED: the routes are on the device already (pushed.c);
 * the DNS is made again only if the servers or domains changed, then the observers hear of it.
 */
static int pushed_after_connected(struct session *s, uint64_t now)
{
	char key[SESS_DNS_KEY_MAX];
	int ret = 0;

	if (!s->o->script && !s->o->no_dns) {
		dns_key(s, key);
		if (strcmp(key, s->dev_dns_key)) {
			ret = s->n_dev_dns ? keep_dns_revert(s) : 0;
			if (!ret)
				ret = apply_dns(s);
		}
	}
	if (ret)
		return ret;
	if (s->have_pushed)
		log_info("dhcp: pushed routes and domains in place, %llu ms after \"connected\"",
			 (unsigned long long)(now - s->t_connected));
	hooks_pushed(&s->hooks, s);
	return 0;
}

int netup_dhcp_pump(struct session *s, uint64_t now, bool *busy)
{
	enum dhcp_ev_type ev;
	int ret = 0;

	if (pushed_flush(s, now))
		*busy = true;
	if (!dhcp_client_pop_event(&s->dhcp, &ev))
		return 0;
	*busy = true;
	s->dhcp_wait = false;
	switch (ev) {
	case DHCP_EV_NONE:
		return 0;
	case DHCP_EV_ACK:
		pushed_take(s);
		break;
	case DHCP_EV_TIMEOUT:
		/* RRAS without a DHCP server, or one that ignores INFORM: nothing more to learn */
		log_info("dhcp: no answer to %u DHCPINFORM%s in %llu ms: no pushed routes or domains",
			 s->dhcp.sent, s->dhcp.sent == 1 ? "" : "s",
			 (unsigned long long)(now - s->dhcp.start));
		break;
	}
	keep_pushed_settle(s);		/* a kept device: what is no longer pushed goes */
	if (s->t_connected)
		return pushed_after_connected(s, now);
	if (!s->o->script && s->ipv6_up)
		ret = apply_ipv6(s);
	if (!ret && !s->o->script && s->n_dev_dns)
		ret = keep_dns_revert(s);
	if (!ret && !s->o->script)
		ret = apply_dns(s);
	return ret ? ret : connected(s);
}

/* IPv6CP may open before IPCP (SoftEther does): the address waits for the interface. */
int netup_ipv6(struct session *s, const struct ppp_event *ev)
{
	log_info("ipv6cp: interface identifier %016llx, peer %016llx",
		 (unsigned long long)ev->u.ipv6.local_id, (unsigned long long)ev->u.ipv6.peer_id);
	s->ipv6_up = true;
	s->ipv6_id = ev->u.ipv6.local_id;
	return s->dev_up && s->t_connected ? apply_ipv6(s) : 0;
}

/* Convention 14: the journal is replayed on every exit path, the interface goes with it. */
void netup_down(struct session *s)
{
	int ret;

	if (!s->tunobj)
		return;
	if (s->tun >= 0)
		loop_watch_tun(&s->loop, -1);
	s->tun = -1;
	dp_set_tun(&s->dp, -1, false, 0, 0);
	hooks_device_down(&s->hooks, s);
	ret = tun_close(s->tunobj);
	s->tunobj = NULL;
	s->dev_up = false;
	s->dev_ipv6_id = 0;
	s->n_dev_dns = 0;
	s->dev_dns_key[0] = '\0';
	s->n_dev_pushed = 0;
	s->n_exempt = 0;
	s->t_down = 0;
	if (ret)
		log_fail("cleanup", "some changes could not be undone: %s (see 'sstpx cleanup')",
			 strerror(-ret));
	else
		log_info("cleanup: interface removed%s", s->o->script ? "" : ", routes and DNS restored");
}
