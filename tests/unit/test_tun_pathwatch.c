// SPDX-License-Identifier: MIT
/*
 * tun/pathwatch.c: which route, link and address changes break the path to the server (longest
 * prefix, then metric, RFC 1812 5.2.4.3), our own device's changes ignored, and the debounce of a
 * burst (PW_QUIET_MS after the last change, PW_MAX_WAIT_MS after the first).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tun/pathwatch.h"

#define OIF 2
#define OTHER_IF 3
#define TUN_IF 9

/* 203.0.113.7 reached through the default route via 10.0.0.1 dev #2, from 10.0.0.2. */
static struct pathwatch pw;

static void v4(uint8_t out[static 16], const char *text)
{
	memset(out, 0, 16);
	assert_int_equal(inet_pton(AF_INET, text, out), 1);
}

static void v6(uint8_t out[static 16], const char *text)
{
	assert_int_equal(inet_pton(AF_INET6, text, out), 1);
}

static void init4(void)
{
	struct pw_path p = { .family = AF_INET, .plen = 0, .table = 254, .priority = 0, .oif = OIF,
			     .has_gateway = true, .has_src = true };

	v4(p.dst, "203.0.113.7");
	v4(p.gateway, "10.0.0.1");
	v4(p.src, "10.0.0.2");
	pathwatch_init(&pw, &p);
}

static struct pw_change route4(bool del, const char *dst, unsigned plen, const char *gw, int oif)
{
	struct pw_change c = { .kind = PW_ROUTE, .del = del, .family = AF_INET, .plen = (uint8_t)plen,
			       .table = 254, .ifindex = oif };

	v4(c.addr, dst);
	if (gw) {
		v4(c.gateway, gw);
		c.has_gateway = true;
	}
	return c;
}

static enum pw_verdict verdict(const struct pw_change c)
{
	return pathwatch_classify(&pw, &c);
}

static void route_replaced(void **state)
{
	struct pw_change c = route4(false, "0.0.0.0", 0, "10.0.1.1", OTHER_IF);

	(void)state;
	init4();
	c.replace = true;
	assert_int_equal(verdict(c), PW_ROUTE_CHANGED);
	/* The same gateway on another interface is another path too. */
	c = route4(false, "0.0.0.0", 0, "10.0.0.1", OTHER_IF);
	c.replace = true;
	assert_int_equal(verdict(c), PW_ROUTE_CHANGED);
	/* A replace that keeps the next hop (a new metric or protocol) keeps the path. */
	c = route4(false, "0.0.0.0", 0, "10.0.0.1", OIF);
	c.replace = true;
	assert_int_equal(verdict(c), PW_FINE);
}

static void routes_that_do_not_matter(void **state)
{
	struct pw_change c;

	(void)state;
	init4();
	/* Our own host route to the server goes the way we came. */
	assert_int_equal(verdict(route4(false, "203.0.113.7", 32, "10.0.0.1", OIF)), PW_FINE);
	/* Elsewhere: a prefix without the server, another table, another family. */
	assert_int_equal(verdict(route4(false, "198.51.100.0", 24, "10.0.1.1", OTHER_IF)), PW_FINE);
	c = route4(false, "203.0.113.0", 24, "10.0.1.1", OTHER_IF);
	c.table = 100;
	assert_int_equal(verdict(c), PW_FINE);
	c = route4(false, "0.0.0.0", 0, NULL, OTHER_IF);
	c.family = AF_INET6;
	assert_int_equal(verdict(c), PW_FINE);
	/* A backup default route with a worse metric. */
	c = route4(false, "0.0.0.0", 0, "10.0.1.1", OTHER_IF);
	c.priority = 100;
	assert_int_equal(verdict(c), PW_FINE);
	/* ... but the same with a better metric than ours (after ours got worse) takes over. */
	pw.path.priority = 200;
	assert_int_equal(verdict(c), PW_ROUTE_CHANGED);
}

static void more_specific_route(void **state)
{
	(void)state;
	init4();
	assert_int_equal(verdict(route4(false, "203.0.113.0", 24, "10.0.1.1", OTHER_IF)),
			 PW_ROUTE_CHANGED);
	assert_int_equal(verdict(route4(false, "203.0.112.0", 23, NULL, OTHER_IF)), PW_ROUTE_CHANGED);
	/* /25 halves: only the one with the server counts. */
	assert_int_equal(verdict(route4(false, "203.0.113.128", 25, NULL, OTHER_IF)), PW_FINE);
	assert_int_equal(verdict(route4(false, "203.0.113.0", 25, NULL, OTHER_IF)), PW_ROUTE_CHANGED);
	/* A less specific route never beats the one in use. */
	pw.path.plen = 16;
	v4(pw.path.prefix, "203.0.0.0");
	assert_int_equal(verdict(route4(false, "203.0.0.0", 8, "10.0.1.1", OTHER_IF)), PW_FINE);
}

static void own_device_ignored(void **state)
{
	struct pw_change half = route4(false, "128.0.0.0", 1, NULL, TUN_IF);

	(void)state;
	init4();
	/* Before we know our device, its default halves look like a new path ... */
	assert_int_equal(verdict(half), PW_ROUTE_CHANGED);
	pathwatch_ignore_ifindex(&pw, TUN_IF);
	assert_int_equal(verdict(half), PW_FINE);
	half.del = true;
	assert_int_equal(verdict(half), PW_FINE);
}

static void route_deleted(void **state)
{
	struct pw_change c;

	(void)state;
	init4();
	assert_int_equal(verdict(route4(true, "0.0.0.0", 0, "10.0.0.1", OIF)), PW_ROUTE_GONE);
	/* Deleting our host route, another default route, or a metric we do not use. */
	assert_int_equal(verdict(route4(true, "203.0.113.7", 32, "10.0.0.1", OIF)), PW_FINE);
	assert_int_equal(verdict(route4(true, "0.0.0.0", 0, "10.0.1.1", OTHER_IF)), PW_FINE);
	c = route4(true, "0.0.0.0", 0, "10.0.0.1", OIF);
	c.priority = 50;
	assert_int_equal(verdict(c), PW_FINE);
}

static void link_changes(void **state)
{
	struct pw_change c = { .kind = PW_LINK, .ifindex = OIF, .flags = IFF_UP | IFF_RUNNING };

	(void)state;
	init4();
	assert_int_equal(verdict(c), PW_FINE);
	c.flags = IFF_UP;	/* no carrier: the peer of a veth went down */
	assert_int_equal(verdict(c), PW_LINK_DOWN);
	c.flags = 0;
	assert_int_equal(verdict(c), PW_LINK_DOWN);
	c.flags = IFF_UP | IFF_RUNNING;
	c.del = true;
	assert_int_equal(verdict(c), PW_LINK_DOWN);
	c.ifindex = OTHER_IF;
	assert_int_equal(verdict(c), PW_FINE);
}

static void addr_changes(void **state)
{
	struct pw_change c = { .kind = PW_ADDR, .family = AF_INET, .ifindex = OIF, .del = true };

	(void)state;
	init4();
	v4(c.addr, "10.0.0.2");
	assert_int_equal(verdict(c), PW_ADDR_GONE);
	c.del = false;
	assert_int_equal(verdict(c), PW_FINE);
	c.del = true;
	v4(c.addr, "10.0.0.3");
	assert_int_equal(verdict(c), PW_FINE);
	pw.path.has_src = false;
	v4(c.addr, "10.0.0.2");
	assert_int_equal(verdict(c), PW_FINE);
}

static void ipv6_path(void **state)
{
	struct pw_path p = { .family = AF_INET6, .plen = 0, .table = 254, .priority = 1024,
			     .oif = OIF, .has_gateway = true, .has_src = true };
	struct pw_change c = { .kind = PW_ROUTE, .family = AF_INET6, .table = 254, .priority = 1024,
			       .ifindex = OTHER_IF, .has_gateway = true, .replace = true };

	(void)state;
	v6(p.dst, "2001:db8:5::7");
	v6(p.gateway, "fe80::1");
	v6(p.src, "2001:db8:1::2");
	pathwatch_init(&pw, &p);
	v6(c.gateway, "fe80::2");
	assert_int_equal(verdict(c), PW_ROUTE_CHANGED);
	c.plen = 48;
	v6(c.addr, "2001:db8:5::");
	c.replace = false;
	assert_int_equal(verdict(c), PW_ROUTE_CHANGED);
	v6(c.addr, "2001:db8:6::");
	assert_int_equal(verdict(c), PW_FINE);
	c = (struct pw_change){ .kind = PW_ADDR, .family = AF_INET6, .del = true, .ifindex = OIF };
	v6(c.addr, "2001:db8:1::2");
	assert_int_equal(verdict(c), PW_ADDR_GONE);
}

static void burst_debounced(void **state)
{
	struct pw_change gone = route4(true, "0.0.0.0", 0, "10.0.0.1", OIF);
	struct pw_change link = { .kind = PW_LINK, .ifindex = OIF, .flags = 0 };
	struct pw_change other = route4(false, "198.51.100.0", 24, NULL, OTHER_IF);
	struct pw_event ev;

	(void)state;
	init4();
	pathwatch_input(&pw, &other, 1000);
	assert_int_equal(pathwatch_next_deadline(&pw), 0);
	pathwatch_input(&pw, &link, 1000);
	assert_int_equal(pathwatch_next_deadline(&pw), 1000 + PW_QUIET_MS);
	pathwatch_input(&pw, &gone, 1050);
	assert_int_equal(pathwatch_next_deadline(&pw), 1050 + PW_QUIET_MS);
	pathwatch_tick(&pw, 1000 + PW_QUIET_MS);
	assert_false(pathwatch_pop_event(&pw, &ev));
	pathwatch_tick(&pw, 1050 + PW_QUIET_MS);
	assert_true(pathwatch_pop_event(&pw, &ev));
	assert_int_equal(ev.verdict, PW_LINK_DOWN);	/* the first cause */
	assert_int_equal(ev.cause.kind, PW_LINK);
	assert_int_equal(ev.first_ms, 1000);
	assert_int_equal(ev.changes, 2);
	/* Once said, the watch is quiet. */
	assert_false(pathwatch_pop_event(&pw, &ev));
	pathwatch_input(&pw, &gone, 2000);
	assert_int_equal(pathwatch_next_deadline(&pw), 0);
	pathwatch_tick(&pw, 5000);
	assert_false(pathwatch_pop_event(&pw, &ev));
}

/* Changes every 50 ms never let the burst go quiet: PW_MAX_WAIT_MS bounds it. */
static void burst_bounded(void **state)
{
	struct pw_change c = route4(false, "0.0.0.0", 0, "10.0.1.1", OTHER_IF);
	struct pw_event ev;
	uint64_t t;

	(void)state;
	init4();
	c.replace = true;
	for (t = 0; t < 2000; t += 50) {
		pathwatch_tick(&pw, t);
		if (pathwatch_pop_event(&pw, &ev))
			break;
		pathwatch_input(&pw, &c, t);
	}
	assert_int_equal(t, PW_MAX_WAIT_MS);
	assert_int_equal(ev.verdict, PW_ROUTE_CHANGED);
	assert_int_equal(ev.changes, PW_MAX_WAIT_MS / 50);
}

static void change_text(void **state)
{
	struct pw_change c = route4(false, "0.0.0.0", 0, "10.0.1.1", OTHER_IF);
	char buf[160];

	(void)state;
	c.replace = true;
	pathwatch_change_str(&c, buf, sizeof(buf));
	assert_string_equal(buf, "route 0.0.0.0/0 via 10.0.1.1 ifindex 3 metric 0 replaced");
	c = (struct pw_change){ .kind = PW_LINK, .ifindex = 2, .flags = IFF_UP };
	pathwatch_change_str(&c, buf, sizeof(buf));
	assert_string_equal(buf, "link ifindex 2 without carrier");
	c = (struct pw_change){ .kind = PW_ADDR, .family = AF_INET, .ifindex = 2, .del = true };
	v4(c.addr, "10.0.0.2");
	pathwatch_change_str(&c, buf, sizeof(buf));
	assert_string_equal(buf, "address 10.0.0.2 on ifindex 2 removed");
	assert_string_equal(pathwatch_verdict_str(PW_ROUTE_GONE), "route gone");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(route_replaced),
		cmocka_unit_test(routes_that_do_not_matter),
		cmocka_unit_test(more_specific_route),
		cmocka_unit_test(own_device_ignored),
		cmocka_unit_test(route_deleted),
		cmocka_unit_test(link_changes),
		cmocka_unit_test(addr_changes),
		cmocka_unit_test(ipv6_path),
		cmocka_unit_test(burst_debounced),
		cmocka_unit_test(burst_bounded),
		cmocka_unit_test(change_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
