// SPDX-License-Identifier: MIT
/* The session facts the observers report, as JSON members and as one log line (see facts.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "facts.h"
#include "loop.h"
#include "net.h"
#include "pushed.h"
#include "session.h"

uint64_t facts_elapsed_ms(void)
{
	static uint64_t t0;
	uint64_t now = loop_now_ms();

	if (!t0)
		t0 = now;
	return now - t0;
}

const char *facts_utc(char *buf, size_t cap)
{
	struct timespec ts;
	struct tm tm;
	char sec[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, cap, "%s.%03ldZ", sec, ts.tv_nsec / 1000000);
	return buf;
}

static const char *ip4(uint32_t host_order, char buf[static INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(host_order) };

	return host_order ? inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN) : NULL;
}

static const char *server_address(const struct session *s, char buf[static NET_ADDRSTRLEN])
{
	struct sockaddr_storage ss;

	if (s->sock < 0 || net_peer(s->sock, &ss))
		return NULL;
	return net_addr_str((const struct sockaddr *)&ss, buf);
}

static bool connected(const struct session *s)
{
	return s->tunobj && s->t_connected;
}

/*
 * The prefixes routed into the tunnel, as netup.c plans them: the two halves of the default route
 * unless --no-default-route, then each --route, then those the server pushed (DHCP). Unknown
 * (null) with --script, which owns routes.
 */
static void routes(struct json *j, const struct session *s)
{
	char a[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN + 8];

	if (!connected(s) || s->o->script) {
		json_null(j, "routes");
		return;
	}
	json_arr_begin(j, "routes");
	if (!s->o->no_default_route) {
		json_str(j, NULL, "0.0.0.0/1");
		json_str(j, NULL, "128.0.0.0/1");
	}
	for (size_t i = 0; i < s->o->n_routes; i++) {
		const struct route_prefix *r = &s->o->routes[i];

		inet_ntop(r->family, r->addr, a, sizeof(a));
		snprintf(p, sizeof(p), "%s/%u", a, r->plen);
		json_str(j, NULL, p);
	}
	for (size_t i = 0; s->have_pushed && i < s->pushed.n_routes; i++) {
		const struct dhcp_route *r = &s->pushed.routes[i];

		snprintf(p, sizeof(p), "%s/%u", r->dst ? ip4(r->dst, a) : "0.0.0.0", r->plen);
		json_str(j, NULL, p);
	}
	json_arr_end(j);
}

/* The DNS domains sent to the tunnel's servers: the server's (DHCP), then --dns-domain. */
static void domains(struct json *j, const struct session *s)
{
	struct dns_domain d[DNS_DOMAINS_MAX];
	size_t n = connected(s) && !s->o->no_dns ? pushed_dns_domains(s, d, DNS_DOMAINS_MAX) : 0;

	json_arr_begin(j, "dns_domains");
	for (size_t i = 0; i < n; i++)
		json_str(j, NULL, d[i].name);
	json_arr_end(j);
}

void facts_connection(struct json *j, const struct session *s)
{
	char srv[NET_ADDRSTRLEN], a[INET_ADDRSTRLEN];
	bool up = connected(s);
	uint32_t dns[DHCP_DNS_MAX];
	size_t n_dns = up ? pushed_dns_servers(s, dns) : 0;

	json_str(j, "server", s->o->host);
	json_uint(j, "port", strtoul(s->o->port, NULL, 10));
	json_str(j, "server_address", server_address(s, srv));
	json_str(j, "tls_version", tls_version(&s->tls));
	json_str(j, "tls_cipher", tls_cipher(&s->tls));
	json_str(j, "interface", up ? tun_name(s->tunobj) : NULL);
	json_str(j, "local", up ? ip4(s->ip.local, a) : NULL);
	json_str(j, "peer", up ? ip4(s->ip.peer, a) : NULL);
	json_arr_begin(j, "dns");
	for (size_t i = 0; up && i < n_dns; i++)
		json_str(j, NULL, ip4(dns[i], a));
	json_arr_end(j);
	if (up && s->mtu)
		json_uint(j, "mtu", s->mtu);
	else
		json_null(j, "mtu");
	routes(j, s);
	domains(j, s);
	json_str(j, "dhcp", pushed_state(s));
	proxy_conn_json(&s->proxy, j);
}

void facts_traffic(struct json *j, const struct session *s)
{
	json_uint(j, "rx_bytes", s->rx_bytes);
	json_uint(j, "rx_packets", s->rx_packets);
	json_uint(j, "tx_bytes", s->tx_bytes);
	json_uint(j, "tx_packets", s->tx_packets);
	json_uint(j, "dropped_packets", s->dropped);	/* no tunnel to carry them (keep.c) */
	if (connected(s))
		json_uint(j, "uptime_ms", loop_now_ms() - s->t_connected);
	else
		json_null(j, "uptime_ms");
}

void facts_line(const struct session *s, char *buf, size_t cap)
{
	char srv[NET_ADDRSTRLEN], l[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN];
	char d1[INET_ADDRSTRLEN], d2[INET_ADDRSTRLEN];
	const char *sa = server_address(s, srv), *ver = tls_version(&s->tls);
	bool up = connected(s);
	int n;

	n = snprintf(buf, cap, "%s, server %s:%s%s%s%s, TLS %s%s%s", sx_phase_name(s->phase),
		     s->o->host, s->o->port, sa ? " (" : "", sa ? sa : "", sa ? ")" : "",
		     ver ? ver : "none", ver ? " " : "", ver ? tls_cipher(&s->tls) : "");
	if (up && n >= 0 && (size_t)n < cap)
		n += snprintf(buf + n, cap - (size_t)n,
			      ", interface %s, address %s peer %s, DNS %s%s%s, MTU %u, up %llu s",
			      tun_name(s->tunobj), ip4(s->ip.local, l),
			      s->ip.peer ? ip4(s->ip.peer, p) : "none",
			      s->ip.dns1 ? ip4(s->ip.dns1, d1) : "none", s->ip.dns2 ? " " : "",
			      s->ip.dns2 ? ip4(s->ip.dns2, d2) : "", s->mtu,
			      (unsigned long long)((loop_now_ms() - s->t_connected) / 1000));
	if (n >= 0 && (size_t)n < cap)
		snprintf(buf + n, cap - (size_t)n,
			 ", rx %llu bytes %llu packets, tx %llu bytes %llu packets, attempt %u",
			 (unsigned long long)s->rx_bytes, (unsigned long long)s->rx_packets,
			 (unsigned long long)s->tx_bytes, (unsigned long long)s->tx_packets, s->attempt);
}
