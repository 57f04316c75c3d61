// SPDX-License-Identifier: MIT
/* The path-watch decision: does a route, link or address change break the path to the server? */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "tun/pathwatch.h"

static size_t alen_of(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Whether prefix/plen contains addr (both of the same family). */
static bool covers(const uint8_t *prefix, unsigned plen, const uint8_t *addr)
{
	unsigned whole = plen / 8, rest = plen % 8;

	if (memcmp(prefix, addr, whole))
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff00 >> rest);

	return (prefix[whole] & mask) == (addr[whole] & mask);
}

static bool same_hop(const struct pw_path *p, const struct pw_change *c)
{
	if (c->ifindex != p->oif || c->has_gateway != p->has_gateway)
		return false;
	return !p->has_gateway || !memcmp(c->gateway, p->gateway, alen_of(p->family));
}

void pathwatch_init(struct pathwatch *pw, const struct pw_path *path)
{
	memset(pw, 0, sizeof(*pw));
	pw->path = *path;
}

void pathwatch_ignore_ifindex(struct pathwatch *pw, int ifindex)
{
	pw->ignore_ifindex = ifindex;
}

/*
 * The kernel picks the longest matching prefix, then the lowest metric (RFC 1812 5.2.4.3). A
 * route that cannot beat the one in use, or is the same next hop (our own host route to the
 * server goes the way we came), leaves the path as it was.
 */
static enum pw_verdict classify_route(const struct pathwatch *pw, const struct pw_change *c)
{
	const struct pw_path *p = &pw->path;

	if (c->family != p->family || c->table != p->table ||
	    (pw->ignore_ifindex && c->ifindex == pw->ignore_ifindex) ||
	    c->plen > alen_of(p->family) * 8 || c->plen < p->plen || !covers(c->addr, c->plen, p->dst))
		return PW_FINE;
	if (c->del) {
		/* A more specific route that goes away was not the one in use (or was ours). */
		if (c->plen != p->plen || c->priority != p->priority)
			return PW_FINE;
		return !c->ifindex || same_hop(p, c) ? PW_ROUTE_GONE : PW_FINE;
	}
	if (same_hop(p, c))
		return PW_FINE;
	/* A second route for the same prefix with a worse metric is a backup, not the path. */
	if (c->plen == p->plen && !c->replace && c->priority > p->priority)
		return PW_FINE;
	return PW_ROUTE_CHANGED;
}

enum pw_verdict pathwatch_classify(const struct pathwatch *pw, const struct pw_change *c)
{
	switch (c->kind) {
	case PW_ROUTE:
		return classify_route(pw, c);
	case PW_LINK:
		if (c->ifindex != pw->path.oif || !c->ifindex)
			return PW_FINE;
		/* IFF_RUNNING is the operational state: a veth whose peer went down loses it. */
		return c->del || !(c->flags & IFF_UP) || !(c->flags & IFF_RUNNING) ? PW_LINK_DOWN
										  : PW_FINE;
	case PW_ADDR:
		return c->del && pw->path.has_src && c->family == pw->path.family &&
		       !memcmp(c->addr, pw->path.src, alen_of(c->family)) ? PW_ADDR_GONE : PW_FINE;
	}
	return PW_FINE;
}

void pathwatch_input(struct pathwatch *pw, const struct pw_change *c, uint64_t now)
{
	enum pw_verdict v;

	if (pw->reported || pw->ready)
		return;
	v = pathwatch_classify(pw, c);
	if (v == PW_FINE)
		return;
	if (pw->pending.verdict == PW_FINE) {
		pw->pending.verdict = v;
		pw->pending.cause = *c;
		pw->pending.first_ms = now;
	}
	pw->pending.changes++;
	pw->last_ms = now;
}

uint64_t pathwatch_next_deadline(const struct pathwatch *pw)
{
	uint64_t quiet = pw->last_ms + PW_QUIET_MS, max = pw->pending.first_ms + PW_MAX_WAIT_MS;

	if (pw->pending.verdict == PW_FINE || pw->ready || pw->reported)
		return 0;
	return quiet < max ? quiet : max;
}

void pathwatch_tick(struct pathwatch *pw, uint64_t now)
{
	uint64_t d = pathwatch_next_deadline(pw);

	if (d && now >= d)
		pw->ready = true;
}

bool pathwatch_pop_event(struct pathwatch *pw, struct pw_event *ev)
{
	if (!pw->ready || pw->reported)
		return false;
	*ev = pw->pending;
	pw->reported = true;
	return true;
}

const char *pathwatch_verdict_str(enum pw_verdict v)
{
	switch (v) {
	case PW_FINE: return "fine";
	case PW_ROUTE_CHANGED: return "route changed";
	case PW_ROUTE_GONE: return "route gone";
	case PW_LINK_DOWN: return "link down";
	case PW_ADDR_GONE: return "address gone";
	}
	return "?";
}

void pathwatch_change_str(const struct pw_change *c, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN] = "?", g[INET6_ADDRSTRLEN] = "";
	int family = c->family == AF_INET6 ? AF_INET6 : AF_INET;

	switch (c->kind) {
	case PW_ROUTE:
		inet_ntop(family, c->addr, a, sizeof(a));
		if (c->has_gateway)
			inet_ntop(family, c->gateway, g, sizeof(g));
		snprintf(buf, cap, "route %s/%u%s%s ifindex %d metric %u %s", a, c->plen,
			 c->has_gateway ? " via " : "", g, c->ifindex, c->priority,
			 c->del ? "deleted" : c->replace ? "replaced" : "added");
		return;
	case PW_LINK:
		snprintf(buf, cap, "link ifindex %d %s", c->ifindex,
			 c->del ? "deleted" : !(c->flags & IFF_UP) ? "down" : "without carrier");
		return;
	case PW_ADDR:
		inet_ntop(family, c->addr, a, sizeof(a));
		snprintf(buf, cap, "address %s on ifindex %d %s", a, c->ifindex,
			 c->del ? "removed" : "added");
		return;
	}
	snprintf(buf, cap, "?");
}
