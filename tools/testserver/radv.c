// SPDX-License-Identifier: MIT
/* --ipv6-ra: router advertisements to the client (RFC 4861 6.2.4, 6.2.6) and the prefix's route. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sstp/sstp.h"
#include "tun/ra.h"

#include "tsrv.h"

#define RA_ROUTER_LIFETIME 1800	/* RFC 4861 6.2.1: MaxRtrAdvInterval 600 s * 3 */
#define RA_VALID 86400
#define RA_PREFERRED 14400
#define RA_DNS_LIFETIME 1200

int radv_opt(struct tsrv_ra *ra, const char *v)
{
	char buf[512], *save = NULL, *tok, *slash;

	if (strlen(v) >= sizeof(buf))
		return -EINVAL;
	memset(ra, 0, sizeof(*ra));
	strcpy(buf, v);
	tok = strtok_r(buf, ",", &save);
	slash = tok ? strchr(tok, '/') : NULL;
	if (!slash || strcmp(slash, "/64"))
		return -EINVAL;
	*slash = '\0';
	if (inet_pton(AF_INET6, tok, ra->prefix) != 1)
		return -EINVAL;
	for (int i = 8; i < 16; i++)
		if (ra->prefix[i])
			return -EINVAL;
	while ((tok = strtok_r(NULL, ",", &save))) {
		if (ra->n_dns == RA_DNS_MAX || inet_pton(AF_INET6, tok, ra->dns[ra->n_dns]) != 1)
			return -EINVAL;
		ra->n_dns++;
	}
	ra->on = true;
	return 0;
}

static void send_ra(struct conn *c)
{
	const struct tsrv_ra *o = &c->o->ra;
	struct ra_info ra = { .cur_hop_limit = 64, .router_lifetime = RA_ROUTER_LIFETIME,
			      .n_prefixes = 1, .n_dns = o->n_dns, .dns_lifetime = RA_DNS_LIFETIME };
	struct pkt *p = pkt_pool_get(&c->srv->pool, TSRV_HEADROOM);
	uint8_t src[16];
	int len;

	if (!p)
		return;
	ra.prefixes[0] = (struct ra_prefix){ .plen = 64, .onlink = true, .autonomous = true,
					     .valid = RA_VALID, .preferred = RA_PREFERRED };
	memcpy(ra.prefixes[0].prefix, o->prefix, 16);
	memcpy(ra.dns, o->dns, sizeof(ra.dns));
	ra_link_local(c->ipv6_id, src);
	len = ra_build(pkt_data(p), pkt_tailroom(p), src, &ra);
	if (len < 0) {
		pkt_pool_ret(&c->srv->pool, p);
		return;
	}
	pkt_put(p, (uint16_t)len);
	if (!ppp_srv_ipv6_open(&c->ppp) || ppp_frame_push(p, PPP_IPV6) || sstp_data_push(p)) {
		pkt_pool_ret(&c->srv->pool, p);
		return;
	}
	dp_queue(&c->dp, p);
	tlog(SX_LOG_INFO, "ipv6: sent router advertisement (%d bytes)", len);
}

void radv_start(struct conn *c)
{
	struct tun_prefix p = { .family = AF_INET6, .plen = 64 };
	char text[INET6_ADDRSTRLEN];

	if (!c->o->ra.on)
		return;
	memcpy(p.addr, c->o->ra.prefix, 16);
	/* The namespace reaches the client's SLAAC address through the tunnel. */
	if (route_prefix_add(c->tun, &p))
		tlog(SX_LOG_WARN, "ipv6: cannot route %s/64 to the TUN",
		     inet_ntop(AF_INET6, p.addr, text, sizeof(text)));
	send_ra(c);
}

bool radv_input(struct conn *c, const uint8_t *pkt, size_t len)
{
	if (!c->o->ra.on || !ra_is_rs(pkt, len))
		return false;
	tlog(SX_LOG_INFO, "ipv6: rcvd router solicitation");
	if (c->tun)
		send_ra(c);
	return true;
}
