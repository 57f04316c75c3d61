// SPDX-License-Identifier: MIT
/*
 * The DHCPINFORM answer, as RRAS relays it from its DHCP server or SoftEther's SecureNAT gives it:
 * a DHCPACK with what --dhcp FILE says, read again for every request so a test can change it
 * between connections. Lines: "domain D", "search D", "route CIDR [GW]", "dns IP",
 * "routes-option 121|249|both" (where the routes go; default both), '#' comments.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tun/dhcp.h"
#include "tun/tun.h"
#include "tsrv.h"

static int route_line(struct dhcp_info *in, const char *cidr, const char *gw)
{
	struct tun_prefix p;
	struct in_addr g = { 0 };
	uint32_t a;

	if (route_parse_cidr(cidr, &p) || p.family != AF_INET || in->n_routes == DHCP_ROUTES_MAX ||
	    (gw[0] && inet_pton(AF_INET, gw, &g) != 1))
		return -EINVAL;
	memcpy(&a, p.addr, 4);
	in->routes[in->n_routes++] = (struct dhcp_route){ ntohl(a), p.plen, ntohl(g.s_addr) };
	return 0;
}

static int apply_line(struct dhcp_info *in, const char *key, const char *v1, const char *v2)
{
	struct in_addr a;

	if (!strcmp(key, "domain") && !dhcp_name_check(v1))
		memcpy(in->domain, v1, strlen(v1) + 1);	/* checked: at most DHCP_NAME_MAX */
	else if (!strcmp(key, "search") && !dhcp_name_check(v1) && in->n_search < DHCP_SEARCH_MAX)
		memcpy(in->search[in->n_search++], v1, strlen(v1) + 1);
	else if (!strcmp(key, "route"))
		return route_line(in, v1, v2);
	else if (!strcmp(key, "dns") && inet_pton(AF_INET, v1, &a) == 1 && in->n_dns < DHCP_DNS_MAX)
		in->dns[in->n_dns++] = ntohl(a.s_addr);
	else if (!strcmp(key, "routes-option") && strstr("121 249 both", v1) && v1[0])
		in->routes_opt = !strcmp(v1, "both") ? 0 : !strcmp(v1, "121") ? 121 : 249;
	else
		return -EINVAL;
	return 0;
}

static int load(const char *path, struct dhcp_info *in)
{
	char line[512], key[32], v1[300], v2[64];
	unsigned n = 0;
	FILE *f;

	memset(in, 0, sizeof(*in));
	if (!path)
		return 0;
	f = fopen(path, "re");
	if (!f) {
		tlog(SX_LOG_WARN, "dhcp: %s: %s: answering with no options", path, strerror(errno));
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		int k;

		n++;
		v2[0] = '\0';
		k = sscanf(line, "%31s %299s %63s", key, v1, v2);
		if (k <= 0 || key[0] == '#')
			continue;
		if (k < 2 || apply_line(in, key, v1, v2))
			tlog(SX_LOG_WARN, "dhcp: %s line %u: not understood", path, n);
	}
	fclose(f);
	return 0;
}

int tsrv_dhcp_answer(const struct tsrv_opts *o, const uint8_t *ip, size_t len, uint8_t *out,
		     size_t cap, size_t *out_len)
{
	struct dhcp_request req;
	struct dhcp_info info;
	char a[INET_ADDRSTRLEN];
	struct in_addr ci;
	int ret;

	if (o->no_dhcp || dhcp_parse_request(ip, len, &req))
		return -ENOENT;
	ci.s_addr = htonl(req.ciaddr);
	tlog(SX_LOG_INFO, "dhcp: rcvd DHCP message type %u from %s, vendor class \"%s\", %zu "
	     "parameters asked", req.type, inet_ntop(AF_INET, &ci, a, sizeof(a)),
	     req.has_vendor_class ? req.vendor_class : "", req.n_prl);
	/* RFC 2131 4.3.5: INFORM only; a relay-less server has no lease to give */
	if (req.type != DHCP_INFORM || !req.ciaddr)
		return -ENOENT;
	load(o->dhcp_file, &info);
	ret = dhcp_build_ack(&req, o->local, &info, out, cap, out_len);
	if (!ret)
		tlog(SX_LOG_INFO, "dhcp: sent ACK: domain \"%s\", %zu search domains, %zu routes "
		     "(option %s), %zu DNS", info.domain, info.n_search, info.n_routes,
		     info.routes_opt == 121 ? "121" : info.routes_opt == 249 ? "249" : "121+249",
		     info.n_dns);
	return ret;
}
