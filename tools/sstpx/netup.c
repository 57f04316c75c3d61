// SPDX-License-Identifier: MIT
/* Turns IPCP/IPv6CP results into a configured TUN interface through tun/, journaled for undo. */
#include <arpa/inet.h>
#include <stdio.h>

#include "exit.h"
#include "log.h"
#include "netup.h"
#include "session.h"

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

void netup_ipv4(struct session *s, const struct ppp_event *ev)
{
	char a[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN], d1[INET_ADDRSTRLEN], d2[INET_ADDRSTRLEN];

	log_info("ipcp: address %s, peer %s, DNS %s%s%s, MTU %u", ip4(ev->u.ip.local, a),
		 ev->u.ip.peer ? ip4(ev->u.ip.peer, p) : "none",
		 ev->u.ip.dns1 ? ip4(ev->u.ip.dns1, d1) : "none", ev->u.ip.dns2 ? " " : "",
		 ev->u.ip.dns2 ? ip4(ev->u.ip.dns2, d2) : "", tun_mtu(s, ev));
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
