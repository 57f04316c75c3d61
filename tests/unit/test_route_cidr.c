// SPDX-License-Identifier: MIT
/* tun/route.c: route_parse_cidr takes exact CIDR text and refuses the rest with -EINVAL. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tun/tun.h"

static void accepts_prefixes(void **state)
{
	struct tun_prefix p;
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	(void)state;
	assert_int_equal(route_parse_cidr("10.0.0.0/8", &p), 0);
	assert_int_equal(p.family, AF_INET);
	assert_int_equal(p.plen, 8);
	assert_int_equal(p.addr[0], 10);
	assert_int_equal(route_parse_cidr("0.0.0.0/0", &p), 0);
	assert_int_equal(p.plen, 0);
	assert_int_equal(route_parse_cidr("192.0.2.7", &p), 0);	/* bare address: host */
	assert_int_equal(p.plen, 32);
	assert_int_equal(route_parse_cidr("192.0.2.7/32", &p), 0);
	assert_int_equal(route_parse_cidr("2001:db8::/32", &p), 0);
	assert_int_equal(p.family, AF_INET6);
	assert_int_equal(p.plen, 32);
	assert_memory_equal(p.addr, v6, 16);
	assert_int_equal(route_parse_cidr("2001:db8::1", &p), 0);
	assert_int_equal(p.plen, 128);
	assert_int_equal(route_parse_cidr("8000::/1", &p), 0);
}

static void refuses_everything_else(void **state)
{
	static const char *const bad[] = {
		"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/08", "10.0.0.0/+8", "10.0.0.0/ 8",
		"10.0.0.0 /8", "10.0.0.0/8 ", "10.0.0.1/8", "10.0.0/8", "010.0.0.0/8",
		"10.0.0.0/1000", "10.0.0.0/8/8", "2001:db8::/129", "2001:db8::1/64", "::ffff:/x",
		"example.com/24", "10.0.0.0/-1", "1.2.3.4.5",
	};
	struct tun_prefix p;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (route_parse_cidr(bad[i], &p) != -EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_int_equal(route_parse_cidr(NULL, &p), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_prefixes),
		cmocka_unit_test(refuses_everything_else),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
