// SPDX-License-Identifier: MIT
/*
 * What the server pushes with DHCP (tun/dhcp.h) on a split tunnel: the DHCPINFORM's packets in
 * and out of the tunnel, then its routes (journaled like --route) and DNS domains. The tunnel
 * does not wait for them (but with --script or --setuid): a server that never answers
 * DHCPINFORM (RRAS without a DHCP server, SoftEther without SecureNAT) costs nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"
#include "net.h"
#include "pushed.h"
#include "session.h"

static const char *ip4(uint32_t host_order, char buf[static INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

bool pushed_wanted(const struct session *s)
{
	return s->o->no_default_route && !s->o->no_dhcp_inform;
}

bool pushed_before_connected(const struct session *s)
{
	return s->o->script || s->o->setuid_user;
}

const char *pushed_state(const struct session *s)
{
	if (!pushed_wanted(s) || !s->t_connected)
		return NULL;
	return s->dhcp_wait ? "waiting" : s->have_pushed ? "answered" : "no answer";
}

void pushed_start(struct session *s)
{
	struct dhcp_client_cfg cfg = { .ciaddr = s->ip.local };

	/* conventions.md 3: the core takes its randomness from here */
	if (getrandom(&cfg.xid, sizeof(cfg.xid), GRND_NONBLOCK) != sizeof(cfg.xid) ||
	    getrandom(cfg.hwaddr, sizeof(cfg.hwaddr), GRND_NONBLOCK) != sizeof(cfg.hwaddr))
		cfg.xid = (uint32_t)loop_now_ms() ^ s->ip.local;
	cfg.hwaddr[0] = (uint8_t)((cfg.hwaddr[0] & 0xfc) | 0x02);	/* local, unicast */
	dhcp_client_start(&s->dhcp, &cfg, loop_now_ms());
	s->dhcp_wait = true;
	log_info("dhcp: asking the server for routes and DNS domains (DHCPINFORM)");
}

bool pushed_input(struct session *s, const uint8_t *ip, size_t len, uint64_t now)
{
	int ret;

	if (!dhcp_is_reply(ip, len))
		return false;
	ret = dhcp_client_input(&s->dhcp, ip, len, now);
	if (ret == -EBADMSG)
		log_debug("dhcp: a malformed DHCP reply (%zu bytes): ignored", len);
	return ret == 0;
}

bool pushed_flush(struct session *s, uint64_t now)
{
	bool sent = false;
	struct pkt *p;
	size_t len;

	while ((p = pkt_pool_get(&s->pool, SX_HEADROOM))) {
		if (dhcp_client_pop_tx(&s->dhcp, now, pkt_data(p), pkt_tailroom(p), &len) ||
		    (pkt_put(p, (uint16_t)len), ppp_frame_push(p, PPP_IP)) || sstp_data_push(p)) {
			pkt_pool_ret(&s->pool, p);
			break;
		}
		dp_queue(&s->dp, p);
		log_debug("dhcp: sent DHCPINFORM %u", s->dhcp.sent);
		sent = true;
	}
	return sent;
}

static bool covers(const struct dhcp_route *r, uint32_t addr)
{
	uint32_t mask = r->plen ? (uint32_t)(0xffffffffull << (32 - r->plen)) : 0;

	return (addr & mask) == r->dst;
}

/*
 * A pushed route that covers the address our TLS connection goes to (the server, or the proxy)
 * would pull that connection into the tunnel it carries. The host route to the server (netup.c)
 * wins by length, but a route is refused anyway: such a push is a misconfiguration or an attack.
 * A default route is refused too: --no-default-route says the user does not want one.
 */
static bool refuse(const struct session *s, const struct dhcp_route *r)
{
	struct sockaddr_storage ss;
	char d[INET_ADDRSTRLEN], a[NET_ADDRSTRLEN];
	uint32_t addr;

	if (!r->plen) {
		log_warn("dhcp: the server pushed a default route: not taken (--no-default-route)");
		return true;
	}
	/* --netns: the TLS socket stays in the starting namespace, untouched by these routes */
	if (s->o->netns || net_peer(s->sock, &ss) || ss.ss_family != AF_INET)
		return false;
	addr = ntohl(((const struct sockaddr_in *)&ss)->sin_addr.s_addr);
	if (!covers(r, addr))
		return false;
	log_warn("dhcp: pushed route %s/%u covers %s, the address sstpx connects to: refused",
		 ip4(r->dst, d), r->plen, net_addr_str((const struct sockaddr *)&ss, a));
	return true;
}

static void apply_routes(struct session *s)
{
	struct dhcp_info *in = &s->pushed;
	char d[INET_ADDRSTRLEN];
	size_t kept = 0;

	for (size_t i = 0; i < in->n_routes; i++) {
		const struct dhcp_route r = in->routes[i];
		struct tun_prefix tp = { .family = AF_INET, .plen = r.plen };
		uint32_t be = htonl(r.dst);
		int ret;

		if (refuse(s, &r))
			continue;
		memcpy(tp.addr, &be, 4);
		/* the tunnel is point-to-point: the route's router does not matter, the device does */
		ret = s->o->script ? 0 : route_prefix_add(s->tunobj, &tp);
		if (ret) {
			log_warn("dhcp: cannot add pushed route %s/%u: %s", ip4(r.dst, d), r.plen,
				 strerror(-ret));
			continue;
		}
		in->routes[kept++] = r;
	}
	in->n_routes = kept;
}

void pushed_take(struct session *s)
{
	const struct dhcp_info *in = &s->dhcp.info;
	char d[INET_ADDRSTRLEN];

	s->pushed = *in;
	s->have_pushed = true;
	for (size_t i = 0; i < in->n_ignored; i++)
		log_warn("dhcp: option %u of the server's answer is malformed: ignored",
			 in->ignored[i]);
	log_info("dhcp: the server pushed %zu route%s (option %u), domain \"%s\", %zu search "
		 "domain%s (answered in %llu ms)", in->n_routes, in->n_routes == 1 ? "" : "s",
		 in->routes_opt, in->domain, in->n_search, in->n_search == 1 ? "" : "s",
		 (unsigned long long)(loop_now_ms() - s->dhcp.start));
	for (size_t i = 0; i < in->n_routes; i++)
		log_debug("dhcp: route %s/%u via %s", ip4(in->routes[i].dst, d), in->routes[i].plen,
			  in->routes[i].gateway ? ip4(in->routes[i].gateway, d) : "the link");
	apply_routes(s);
}

static bool has(const struct dns_domain *d, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(d[i].name, name))
			return true;
	return false;
}

size_t pushed_dns_servers(const struct session *s, uint32_t out[static DHCP_DNS_MAX])
{
	size_t n = 0;

	if (s->ip.dns1)
		out[n++] = s->ip.dns1;
	if (s->ip.dns2)
		out[n++] = s->ip.dns2;
	/* IPCP's servers first (RFC 1877); the ACK's option 6 when IPCP gave none */
	for (size_t i = 0; !n && s->have_pushed && i < s->pushed.n_dns; i++)
		out[i] = s->pushed.dns[i];
	return n ? n : s->have_pushed ? s->pushed.n_dns : 0;
}

size_t pushed_dns_domains(const struct session *s, struct dns_domain *out, size_t cap)
{
	const struct dhcp_info *in = &s->pushed;
	size_t n = 0;

	/* the server's: search domains (they also route); the user's --dns-domain: routing only */
	if (s->have_pushed && in->domain[0] && n < cap)
		out[n++] = (struct dns_domain){ in->domain, false };
	for (size_t i = 0; s->have_pushed && i < in->n_search && n < cap; i++)
		if (!has(out, n, in->search[i]))
			out[n++] = (struct dns_domain){ in->search[i], false };
	for (size_t i = 0; i < s->o->n_dns_domains && n < cap; i++)
		if (!has(out, n, s->o->dns_domains[i]))
			out[n++] = (struct dns_domain){ s->o->dns_domains[i], true };
	return n;
}
