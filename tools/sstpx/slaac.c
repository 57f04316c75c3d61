// SPDX-License-Identifier: MIT
/* Router advertisements from the server: SLAAC addresses, the IPv6 default route, RDNSS. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "tun/ra.h"

#include "exit.h"
#include "log.h"
#include "slaac.h"
#include "session.h"

void slaac_reset(struct session *s)
{
	memset(&s->v6, 0, sizeof(s->v6));
}

static int fail(const char *what, int err)
{
	log_fail(what, "%s", strerror(-err));
	return SX_EXIT_SYSTEM;
}

static bool have_addr(const struct session *s, const uint8_t a[static 16])
{
	for (size_t i = 0; i < s->v6.n_addrs; i++)
		if (!memcmp(s->v6.addrs[i], a, 16))
			return true;
	return false;
}

/* RFC 4862 5.5.3: one address per autonomous /64 prefix, with our IPv6CP identifier. */
static int add_addrs(struct session *s)
{
	char text[INET6_ADDRSTRLEN];
	uint8_t a[16];
	int ret;

	for (size_t i = 0; i < s->v6.ra.n_prefixes; i++) {
		if (ra_slaac_addr(&s->v6.ra.prefixes[i], s->ipv6_id, a) || have_addr(s, a) ||
		    s->v6.n_addrs == RA_PREFIX_MAX)
			continue;
		ret = tun_addr6_add(s->tunobj, (const struct in6_addr *)a, 64);
		if (ret && ret != -EEXIST)
			return fail(tun_name(s->tunobj), ret);
		memcpy(s->v6.addrs[s->v6.n_addrs++], a, 16);
		log_info("ipv6: address %s/64 (SLAAC from the server's prefix)",
			 inet_ntop(AF_INET6, a, text, sizeof(text)));
	}
	return 0;
}

/* A full tunnel takes IPv6 too once it has a global address and the server is a router. */
static int add_default(struct session *s)
{
	int ret;

	if (s->o->no_default_route || s->v6.default_route || !s->v6.n_addrs ||
	    !s->v6.ra.router_lifetime)
		return 0;
	ret = route_default_add(s->tunobj, AF_INET6);
	if (ret)
		return fail("route", ret);
	s->v6.default_route = true;
	log_info("route: all IPv6 traffic via the tunnel");
	return 0;
}

static int apply(struct session *s)
{
	int ret = add_addrs(s);

	return ret ? ret : add_default(s);
}

static void log_ra(const struct ra_info *ra)
{
	char src[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, ra->src, src, sizeof(src));
	log_info("ipv6: router advertisement from %s: %s%s%s, router lifetime %u s, DNS %s%s",
		 src, ra->n_prefixes ? "prefix " : "no prefix",
		 ra->n_prefixes ? inet_ntop(AF_INET6, ra->prefixes[0].prefix, p, sizeof(p)) : "",
		 ra->n_prefixes ? (ra->prefixes[0].plen == 64 ? "/64" : "/?") : "",
		 ra->router_lifetime,
		 ra->n_dns ? inet_ntop(AF_INET6, ra->dns[0], d, sizeof(d)) : "none",
		 ra->n_dns > 1 ? " ..." : "");
}

int slaac_input(struct session *s, const uint8_t *pkt, size_t len, bool *consumed)
{
	struct ra_info ra;
	int ret = ra_parse(pkt, len, &ra);

	*consumed = ret != -ENOENT;
	if (ret == -EBADMSG)
		log_debug("ipv6: invalid router advertisement dropped (RFC 4861 6.1.2)");
	if (ret)
		return 0;
	if (!s->v6.seen || memcmp(&ra, &s->v6.ra, sizeof(ra)))
		log_ra(&ra);
	if (ra.n_dns != s->v6.ra.n_dns || memcmp(ra.dns, s->v6.ra.dns, sizeof(ra.dns)))
		s->v6.dns_stale = true;
	s->v6.ra = ra;
	s->v6.seen = true;
	return s->v6.link ? apply(s) : 0;
}

/* RFC 4861 6.3.7: a host solicits an advertisement when its interface comes up. */
static void solicit(struct session *s)
{
	struct pkt *p = pkt_pool_get(&s->pool, SX_HEADROOM);
	uint8_t src[16];
	int len;

	if (!p)
		return;
	ra_link_local(s->ipv6_id, src);
	len = ra_build_rs(pkt_data(p), pkt_tailroom(p), src);
	if (len < 0) {
		pkt_pool_ret(&s->pool, p);
		return;
	}
	pkt_put(p, (uint16_t)len);
	if (ppp_frame_push(p, PPP_IPV6) || sstp_data_push(p)) {
		pkt_pool_ret(&s->pool, p);
		return;
	}
	dp_queue(&s->dp, p);
	s->v6.solicited = true;
	log_debug("ipv6: sent Router Solicitation");
}

int slaac_link_ready(struct session *s)
{
	if (!s->tunobj || s->o->script)
		return 0;
	s->v6.link = true;
	if (s->v6.seen)
		return apply(s);
	if (!s->v6.solicited && ppp_link_ipv6_open(&s->ppp))
		solicit(s);
	return 0;
}
