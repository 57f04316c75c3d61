// SPDX-License-Identifier: MIT
/* Turns IPCP/IPv6CP results into a configured TUN interface through tun/, journaled for undo. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "exit.h"
#include "log.h"
#include "net.h"
#include "netup.h"
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

void netup_ipv4(struct session *s, const struct ppp_event *ev)
{
	char a[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN], d1[INET_ADDRSTRLEN], d2[INET_ADDRSTRLEN];
	struct netplan np;
	int ret;

	ret = plan(s, ev, &np);
	log_info("ipcp: address %s, peer %s, DNS %s%s%s, MTU %u", ip4(ev->u.ip.local, a),
		 ev->u.ip.peer ? ip4(ev->u.ip.peer, p) : "none",
		 ev->u.ip.dns1 ? ip4(ev->u.ip.dns1, d1) : "none", ev->u.ip.dns2 ? " " : "",
		 ev->u.ip.dns2 ? ip4(ev->u.ip.dns2, d2) : "", np.mtu);
	if (ret) {
		log_fail("route", "cannot read the server's address: %s", strerror(-ret));
		session_local_fail(s, SX_EXIT_SYSTEM);
		return;
	}
	log_plan(&np);
	log_fail("tun", "cannot configure the interface: the TUN/route/DNS module (tun/tun.h) "
		 "is not part of this build yet");
	session_local_fail(s, SX_EXIT_SYSTEM);
}

void netup_ipv6(struct session *s, const struct ppp_event *ev)
{
	(void)s;
	log_info("ipv6cp: interface identifier %016llx, peer %016llx",
		 (unsigned long long)ev->u.ipv6.local_id, (unsigned long long)ev->u.ipv6.peer_id);
}

void netup_down(struct session *s)
{
	(void)s;
}
