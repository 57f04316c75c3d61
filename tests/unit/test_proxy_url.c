// SPDX-License-Identifier: MIT
/* Proxy URLs and curl's no_proxy rules (sstp/proxy_url.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sstp/proxy_url.h"

static void test_urls(void **state)
{
	struct proxy_url u;

	(void)state;
	assert_null(proxy_url_parse("http://alice@10.0.0.1:3128", &u));
	assert_int_equal(u.kind, PROXY_KIND_HTTP);
	assert_string_equal(u.host, "10.0.0.1");
	assert_int_equal(u.port, 3128);
	assert_true(u.has_user);
	assert_false(u.has_password);
	assert_string_equal(u.user, "alice");
	assert_null(proxy_url_parse("proxy.example.com", &u));
	assert_int_equal(u.kind, PROXY_KIND_HTTP);
	assert_int_equal(u.port, PROXY_URL_DEFAULT_PORT);
	assert_false(u.has_user);
	assert_null(proxy_url_parse("SOCKS5H://[2001:db8::1]:1080/", &u));
	assert_int_equal(u.kind, PROXY_KIND_SOCKS5H);
	assert_string_equal(u.host, "2001:db8::1");
	assert_null(proxy_url_parse("socks5://DOM%5Calice:p%40ss@px:1", &u));
	assert_int_equal(u.kind, PROXY_KIND_SOCKS5);
	assert_string_equal(u.user, "DOM\\alice");
	assert_string_equal(u.password, "p@ss");
	assert_true(u.has_password);
	/* An unencoded '@' in the password: the last '@' ends the user info. */
	assert_null(proxy_url_parse("http://a:b@c@px", &u));
	assert_string_equal(u.password, "b@c");
	assert_string_equal(u.host, "px");
	assert_non_null(proxy_url_parse("https://px:443", &u));
	assert_non_null(proxy_url_parse("socks4://px", &u));
	assert_non_null(proxy_url_parse("http://px:0", &u));
	assert_non_null(proxy_url_parse("http://px:99999", &u));
	assert_non_null(proxy_url_parse("http://px:12a", &u));
	assert_non_null(proxy_url_parse("http://px/path", &u));
	assert_non_null(proxy_url_parse("http://", &u));
	assert_non_null(proxy_url_parse("http://a%zz@px", &u));
	assert_non_null(proxy_url_parse("http://a%00@px", &u));
	assert_non_null(proxy_url_parse("http://[::1", &u));
	assert_non_null(proxy_url_parse("", &u));
	assert_string_equal(proxy_kind_name(PROXY_KIND_SOCKS5H), "socks5h");
}

static void test_no_proxy(void **state)
{
	(void)state;
	assert_true(proxy_no_proxy_match("*", "vpn.example.com"));
	assert_true(proxy_no_proxy_match("example.com", "vpn.example.com"));
	assert_true(proxy_no_proxy_match("example.com", "EXAMPLE.com."));
	assert_true(proxy_no_proxy_match(".example.com", "vpn.example.com"));
	assert_true(proxy_no_proxy_match("localhost, .example.com", "example.com"));
	assert_false(proxy_no_proxy_match("example.com", "badexample.com"));
	assert_false(proxy_no_proxy_match("vpn.example.com", "example.com"));
	assert_true(proxy_no_proxy_match("10.0.0.0/8 192.168.1.1", "10.1.2.3"));
	assert_true(proxy_no_proxy_match("10.0.0.0/8,192.168.1.1", "192.168.1.1"));
	assert_false(proxy_no_proxy_match("10.0.0.0/8", "11.0.0.1"));
	assert_false(proxy_no_proxy_match("10.0.0.0/8", "ten.example"));
	assert_true(proxy_no_proxy_match("2001:db8::/32", "2001:db8::1"));
	assert_true(proxy_no_proxy_match("[2001:db8::1]", "2001:db8::1"));
	assert_false(proxy_no_proxy_match("2001:db8::/32", "2001:db9::1"));
	assert_false(proxy_no_proxy_match("10.0.0.1", "10.0.0.10"));
	assert_true(proxy_no_proxy_match("10.0.0.0/0", "1.2.3.4"));
	assert_false(proxy_no_proxy_match("", "a"));
	assert_false(proxy_no_proxy_match("**", "a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_no_proxy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
