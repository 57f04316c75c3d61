// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for tun/dhcp*.c. The input is an IPv4 packet as it would arrive through the
 * tunnel. It goes to the client (xid 0x11223344, started at t=0) and to the test server's request
 * parser. Checked: whatever the ACK parser accepts is within bounds and made of names the DNS
 * code may pass on; an ACK the builder writes back from it parses to the same values.
 */
#include <stdlib.h>
#include <string.h>

#include "tun/dhcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define XID 0x11223344u

static uint8_t out[8192];

static void check_info(const struct dhcp_info *i)
{
	if (i->n_search > DHCP_SEARCH_MAX || i->n_routes > DHCP_ROUTES_MAX ||
	    i->n_dns > DHCP_DNS_MAX || i->n_ignored > sizeof(i->ignored))
		abort();
	if (i->domain[0] && strspn(i->domain, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					      "0123456789-_.") != strlen(i->domain))
		abort();
	for (size_t k = 0; k < i->n_routes; k++)
		if (i->routes[k].plen > 32 ||
		    (i->routes[k].plen < 32 && (i->routes[k].dst << i->routes[k].plen)))
			abort();
}

/* What the server side would echo: the same values after a build + parse. */
static void roundtrip(const struct dhcp_info *i)
{
	struct dhcp_request r = { .type = DHCP_INFORM, .xid = XID, .ciaddr = 0x0a000002u };
	struct dhcp_info back;
	size_t len;

	if (dhcp_build_ack(&r, 0x0a000001u, i, out, sizeof(out), &len))
		abort();
	if (dhcp_parse_ack(out, len, XID, &back) || strcmp(back.domain, i->domain) ||
	    back.n_search != i->n_search || back.n_routes != i->n_routes ||
	    memcmp(back.routes, i->routes, i->n_routes * sizeof(i->routes[0])) ||
	    back.n_dns != i->n_dns || memcmp(back.dns, i->dns, sizeof(i->dns)))
		abort();
	for (size_t k = 0; k < i->n_search; k++)
		if (strcmp(back.search[k], i->search[k]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dhcp_client_cfg cfg = { .ciaddr = 0x0a000002u, .xid = XID };
	struct dhcp_client c;
	struct dhcp_request req;
	enum dhcp_ev_type ev;
	size_t len;

	dhcp_client_start(&c, &cfg, 0);
	if (dhcp_client_pop_tx(&c, 0, out, sizeof(out), &len))
		abort();
	(void)dhcp_is_reply(data, size);
	if (!dhcp_client_input(&c, data, size, 10)) {
		if (!dhcp_client_pop_event(&c, &ev) || ev != DHCP_EV_ACK)
			abort();
		check_info(&c.info);
		roundtrip(&c.info);
	}
	if (!dhcp_parse_request(data, size, &req) && req.n_prl > sizeof(req.prl))
		abort();
	return 0;
}
