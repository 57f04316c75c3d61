// SPDX-License-Identifier: MIT
/* The path watch in the session's loop: tun/pathwatch.h fed from its route socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

#include "log.h"
#include "netwatch.h"
#include "session.h"

static void log_path(const struct pw_path *p)
{
	char d[INET6_ADDRSTRLEN], pfx[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN] = "", dev[IF_NAMESIZE];

	inet_ntop(p->family, p->dst, d, sizeof(d));
	inet_ntop(p->family, p->prefix, pfx, sizeof(pfx));
	if (p->has_gateway)
		inet_ntop(p->family, p->gateway, g, sizeof(g));
	if (!if_indextoname((unsigned)p->oif, dev))
		snprintf(dev, sizeof(dev), "#%d", p->oif);
	log_debug("netwatch: watching the path to %s: %s/%u%s%s dev %s table %u metric %u", d, pfx,
		  p->plen, p->has_gateway ? " via " : "", g, dev, p->table, p->priority);
}

void netwatch_start(struct session *s)
{
	struct sx_log sink = log_sink();
	struct pw_path path;
	int ret;

	s->pw_slot = -1;
	if (!s->o->reconnect || s->pwnl)
		return;
	ret = pathwatch_nl_open(&s->pwnl, &sink, s->sock, &path);
	if (!ret) {
		s->pw_slot = loop_aux_add(&s->loop, pathwatch_nl_fd(s->pwnl), EPOLLIN);
		ret = s->pw_slot < 0 ? s->pw_slot : 0;
	}
	if (ret) {
		log_warn("netwatch: not watching the path to the server: %s", strerror(-ret));
		netwatch_stop(s);
		return;
	}
	pathwatch_init(&s->pw, &path);
	log_path(&path);
}

void netwatch_ready(struct session *s, const struct loop_ready *r)
{
	int ret;

	if (!s->pwnl || s->pw_slot < 0 || !r->aux[s->pw_slot])
		return;
	/* Our own device's routes and addresses are not news (set before its first change is read). */
	if (s->tunobj)
		pathwatch_ignore_ifindex(&s->pw, tun_ifindex(s->tunobj));
	ret = pathwatch_nl_read(s->pwnl, &s->pw, loop_now_ms());
	if (ret) {
		log_warn("netwatch: route socket failed (%s); no longer watching", strerror(-ret));
		netwatch_stop(s);
	}
}

uint64_t netwatch_deadline(const struct session *s)
{
	return s->pwnl ? pathwatch_next_deadline(&s->pw) : 0;
}

bool netwatch_tick(struct session *s, uint64_t now)
{
	char detail[160];
	struct pw_event ev;
	struct sx_netchange nc;

	if (!s->pwnl)
		return false;
	pathwatch_tick(&s->pw, now);
	if (!pathwatch_pop_event(&s->pw, &ev))
		return false;
	pathwatch_change_str(&ev.cause, detail, sizeof(detail));
	nc = (struct sx_netchange){ .change = pathwatch_verdict_str(ev.verdict), .detail = detail,
				    .delay_ms = now - ev.first_ms };
	log_info("netwatch: network changed: %s (%s; %u change%s in %llu ms)", nc.change, detail,
		 ev.changes, ev.changes == 1 ? "" : "s", (unsigned long long)nc.delay_ms);
	hooks_network_changed(&s->hooks, s, &nc);
	return true;
}

void netwatch_stop(struct session *s)
{
	if (!s->pwnl)
		return;
	loop_aux_del(&s->loop, pathwatch_nl_fd(s->pwnl));
	pathwatch_nl_close(s->pwnl);
	s->pwnl = NULL;
	s->pw_slot = -1;
}
