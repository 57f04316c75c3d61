// SPDX-License-Identifier: MIT
/*
 * The SOCKS5 core (sstp/socks5.c) against RFC 1928 and RFC 1929 byte for byte, with the replies
 * microsocks 1.0.3 sent (../shared/proxy-facts.md 4), split at every byte.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sstp/proxy.h"

static void expect_next(struct socks5 *s, const char *want, size_t n)
{
	uint8_t buf[SOCKS5_MSG_MAX];

	assert_int_equal(socks5_next(s, buf, sizeof(buf)), (int)n);
	assert_memory_equal(buf, want, n);
}

static int input(struct socks5 *s, const char *d, size_t n, size_t *used)
{
	return socks5_input(s, (const uint8_t *)d, n, used);
}

static void test_userpass_name(void **state)
{
	const struct socks5_cfg cfg = { .host = "vpn.example.com", .port = 443, .user = "alice",
					.password = "Wonder-1and" };
	struct socks5 s;
	size_t used;

	(void)state;
	assert_int_equal(socks5_init(&s, &cfg), 0);
	expect_next(&s, "\x05\x02\x00\x02", 4);
	assert_int_equal(socks5_next(&s, (uint8_t[8]){ 0 }, 8), 0);	/* nothing until the reply */
	assert_int_equal(input(&s, "\x05\x02", 2, &used), 0);
	expect_next(&s, "\x01\x05" "alice" "\x0b" "Wonder-1and", 19);
	assert_int_equal(input(&s, "\x01\x00", 2, &used), 0);
	expect_next(&s, "\x05\x01\x00\x03\x0fvpn.example.com\x01\xbb", 22);
	/* microsocks: BND is always 0.0.0.0:0; the TLS bytes after it are not consumed. */
	assert_int_equal(input(&s, "\x05\x00\x00\x01\x00\x00\x00\x00\x00\x00\x16\x03", 12, &used), 0);
	assert_int_equal(used, 10);
	assert_int_equal(s.outcome, SOCKS5_OUT_OPEN);
}

static void test_noauth_ipv6_address(void **state)
{
	struct socks5_cfg cfg = { .port = 8443, .addr_len = 16 };
	struct socks5 s;
	size_t used;
	char want[22] = "\x05\x01\x00\x04";

	(void)state;
	memset(cfg.addr, 0x20, 16);
	memset(want + 4, 0x20, 16);
	want[20] = 0x20;
	want[21] = (char)0xfb;
	assert_int_equal(socks5_init(&s, &cfg), 0);
	expect_next(&s, "\x05\x01\x00", 3);
	assert_int_equal(input(&s, "\x05\x00", 2, &used), 0);
	expect_next(&s, want, 22);
	/* A bound name (ATYP 3) reply. */
	assert_int_equal(input(&s, "\x05\x00\x00\x03\x02hi\x00\x01", 9, &used), 0);
	assert_int_equal(s.outcome, SOCKS5_OUT_OPEN);
}

static void test_failures_in_words(void **state)
{
	const struct socks5_cfg cfg = { .host = "h", .port = 1, .user = "u", .password = "p" };
	struct socks5 s;
	uint8_t buf[SOCKS5_MSG_MAX];
	size_t used;

	(void)state;
	assert_int_equal(socks5_init(&s, &cfg), 0);
	socks5_next(&s, buf, sizeof(buf));
	assert_int_equal(input(&s, "\x05\xff", 2, &used), 0);
	assert_int_equal(s.outcome, SOCKS5_OUT_NO_METHOD);
	/* microsocks, wrong password: 01 02. */
	socks5_init(&s, &cfg);
	socks5_next(&s, buf, sizeof(buf));
	input(&s, "\x05\x02", 2, &used);
	socks5_next(&s, buf, sizeof(buf));
	assert_int_equal(input(&s, "\x01\x02", 2, &used), 0);
	assert_int_equal(s.outcome, SOCKS5_OUT_AUTH_FAILED);
	/* Refused port: 05 05. */
	socks5_init(&s, &cfg);
	socks5_next(&s, buf, sizeof(buf));
	input(&s, "\x05\x00", 2, &used);
	socks5_next(&s, buf, sizeof(buf));
	assert_int_equal(input(&s, "\x05\x05\x00\x01\x00\x00\x00\x00\x00\x00", 10, &used), 0);
	assert_int_equal(s.outcome, SOCKS5_OUT_REFUSED);
	assert_string_equal(socks5_reply_str(s.reply), "connection refused");
	assert_string_equal(socks5_reply_str(1), "general SOCKS server failure");
	assert_string_equal(socks5_reply_str(9), "unassigned reply code");
	/* Garbage: an HTTP proxy on the SOCKS port; a method we did not offer. */
	socks5_init(&s, &cfg);
	socks5_next(&s, buf, sizeof(buf));
	assert_int_equal(input(&s, "HTTP/1.1 400", 12, &used), -EBADMSG);
	socks5_init(&s, &cfg);
	socks5_next(&s, buf, sizeof(buf));
	assert_int_equal(input(&s, "\x05\x01", 2, &used), -EBADMSG);
	socks5_init(&s, &cfg);
	socks5_next(&s, buf, sizeof(buf));
	/* A reply before our next message is left unconsumed for after it. */
	assert_int_equal(input(&s, "\x05\x02\x01", 3, &used), 0);
	assert_int_equal(used, 2);
}

static void test_bad_config(void **state)
{
	struct socks5_cfg cfg = { .port = 443 };
	struct socks5 s;
	char name[300];

	(void)state;
	assert_int_equal(socks5_init(&s, &cfg), -EINVAL);
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	cfg.host = name;
	assert_int_equal(socks5_init(&s, &cfg), -EINVAL);
	cfg.host = "h";
	cfg.user = "u";
	assert_int_equal(socks5_init(&s, &cfg), -EINVAL);	/* no password */
}

/* The whole server side of a user/pass + name handshake, split at every position. */
static void test_split_everywhere(void **state)
{
	static const char rx[] = "\x05\x02" "\x01\x00" "\x05\x00\x00\x03\x04host\x01\xbb" "TLS";
	const size_t n = sizeof(rx) - 1, end = n - 3;
	const struct socks5_cfg cfg = { .host = "h", .port = 443, .user = "u", .password = "p" };

	(void)state;
	for (size_t cut = 0; cut <= n; cut++) {
		struct socks5 s;
		uint8_t buf[SOCKS5_MSG_MAX];
		size_t off = 0, used;
		int ret = 0;

		assert_int_equal(socks5_init(&s, &cfg), 0);
		socks5_next(&s, buf, sizeof(buf));
		/* Bytes up to cut arrive first, then the rest, each fed until consumed. */
		while (off < n && s.outcome == SOCKS5_OUT_NONE) {
			size_t lim = off < cut ? cut : n;

			ret = socks5_input(&s, (const uint8_t *)rx + off, lim - off, &used);
			off += used;
			if (ret == 0 && s.outcome == SOCKS5_OUT_NONE)
				assert_true(socks5_next(&s, buf, sizeof(buf)) > 0);
			else if (ret != -EAGAIN)
				break;
		}
		assert_int_equal(s.outcome, SOCKS5_OUT_OPEN);
		assert_int_equal(off, end);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_userpass_name),
		cmocka_unit_test(test_noauth_ipv6_address),
		cmocka_unit_test(test_failures_in_words),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_split_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
