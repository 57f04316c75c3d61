// SPDX-License-Identifier: MIT
/*
 * The HTTP CONNECT core (sstp/proxy.c, proxy_auth.c, proxy_ntlm.c): request bytes, reply parsing
 * split at every byte, bodies, the 407 rounds for Basic, Digest and NTLM, and the hostile cases.
 * Replies are the ones squid 5.7 and tinyproxy 1.11.1 sent (../shared/proxy-facts.md).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "sstp/proxy.h"
#include "sstp/proxy_ntlm.h"
#include "tests/peer/peer.h"

static int rand_aa(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0xaa, len);
	return 0;
}

static struct proxy_http_cfg cfg(const char *user, const char *pw, unsigned allowed)
{
	struct proxy_http_cfg c = {
		.host = "vpn.example.com",
		.port = 443,
		.user = user,
		.password = pw,
		.allowed = allowed,
		.rand = { .fn = rand_aa },
	};
	return c;
}

#define ALL (PROXY_AUTH_NTLM | PROXY_AUTH_DIGEST_SHA256 | PROXY_AUTH_DIGEST_MD5 | PROXY_AUTH_BASIC)
#define NO_BASIC (PROXY_AUTH_NTLM | PROXY_AUTH_DIGEST_SHA256 | PROXY_AUTH_DIGEST_MD5)

static int feed(struct proxy_http *p, const char *s, size_t *consumed)
{
	size_t c = 0;
	int ret = proxy_http_input(p, (const uint8_t *)s, strlen(s), &c);

	if (consumed)
		*consumed = c;
	return ret;
}

static void request(struct proxy_http *p, char *buf, size_t cap)
{
	assert_true(proxy_http_request(p, buf, cap) > 0);
}

static const char squid_407[] =
	"HTTP/1.1 407 Proxy Authentication Required\r\n"
	"Server: squid/5.7\r\n"
	"Content-Type: text/html;charset=utf-8\r\n"
	"Content-Length: 11\r\n"
	"X-Squid-Error: ERR_CACHE_ACCESS_DENIED 0\r\n"
	"Proxy-Authenticate: Basic realm=\"sxproxy\"\r\n"
	"Proxy-Authenticate: Digest realm=\"sxproxy\", nonce=\"91ad5c7aa0c0c7f7be30bf7e4e7fd0d1\", "
	"qop=\"auth\", stale=false\r\n"
	"Proxy-Authenticate: NTLM\r\n"
	"Connection: keep-alive\r\n"
	"\r\n"
	"<html></ht>";

static void test_first_request(void **state)
{
	struct proxy_http p;
	struct proxy_http_cfg c = cfg(NULL, NULL, 0);
	char buf[PROXY_REQ_MAX];

	(void)state;
	c.user_agent = "sstpx/1";
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_string_equal(buf, "CONNECT vpn.example.com:443 HTTP/1.1\r\n"
				 "Host: vpn.example.com:443\r\n"
				 "User-Agent: sstpx/1\r\n"
				 "Proxy-Connection: Keep-Alive\r\n\r\n");
	c.host = "2001:db8::1";
	c.port = 8443;
	c.user_agent = NULL;
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_string_equal(buf, "CONNECT [2001:db8::1]:8443 HTTP/1.1\r\n"
				 "Host: [2001:db8::1]:8443\r\n"
				 "Proxy-Connection: Keep-Alive\r\n\r\n");
	assert_int_equal(proxy_http_request(&p, buf, 20), -EMSGSIZE);
	c.host = "bad host";
	assert_int_equal(proxy_http_init(&p, &c), -EINVAL);
	c.host = "h";
	c.port = 0;
	assert_int_equal(proxy_http_init(&p, &c), -EINVAL);
}

static void test_open_keeps_tunnel_bytes(void **state)
{
	static const char reply[] = "HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01";
	struct proxy_http p;
	struct proxy_http_cfg c = cfg(NULL, NULL, 0);
	char buf[PROXY_REQ_MAX];
	size_t used;

	(void)state;
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, reply, &used), 0);
	assert_int_equal(p.outcome, PROXY_OUT_OPEN);
	assert_int_equal(used, strlen(reply) - 3);
	/* tinyproxy: HTTP/1.0, a Proxy-agent header; 2xx never has a body even with Content-Length. */
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, "HTTP/1.0 200 Connection established\r\nProxy-agent: tinyproxy/1.11.1\r\n"
			      "Content-Length: 5\r\n\r\n", &used), 0);
	assert_int_equal(p.outcome, PROXY_OUT_OPEN);
	/* A 100 Continue before is skipped. */
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", &used), 0);
	assert_int_equal(p.outcome, PROXY_OUT_OPEN);
}

/* The same reply fed whole, in two pieces split at every position, and byte by byte. */
static void split_everywhere(const struct proxy_http_cfg *c, const char *prelude, const char *reply,
			     enum proxy_outcome want, size_t want_used)
{
	size_t n = strlen(reply);
	char buf[PROXY_REQ_MAX];

	for (size_t cut = 0; cut <= n; cut++) {
		struct proxy_http *p = calloc(1, sizeof(*p));
		size_t u1 = 0, u2 = 0;
		int ret;

		assert_non_null(p);
		assert_int_equal(proxy_http_init(p, c), 0);
		request(p, buf, sizeof(buf));
		if (prelude) {
			assert_int_equal(feed(p, prelude, NULL), 0);
			request(p, buf, sizeof(buf));
		}
		ret = proxy_http_input(p, (const uint8_t *)reply, cut, &u1);
		if (ret == -EAGAIN) {
			assert_int_equal(u1, cut);
			ret = proxy_http_input(p, (const uint8_t *)reply + cut, n - cut, &u2);
		}
		assert_int_equal(ret, 0);
		assert_int_equal(u1 + u2, want_used);
		assert_int_equal(p->outcome, want);
		free(p);
	}
	/* Byte by byte. */
	struct proxy_http *p = calloc(1, sizeof(*p));
	size_t i, u = 0;
	int ret = -EAGAIN;

	assert_non_null(p);
	assert_int_equal(proxy_http_init(p, c), 0);
	request(p, buf, sizeof(buf));
	if (prelude) {
		assert_int_equal(feed(p, prelude, NULL), 0);
		request(p, buf, sizeof(buf));
	}
	for (i = 0; i < n && ret == -EAGAIN; i++)
		ret = proxy_http_input(p, (const uint8_t *)reply + i, 1, &u);
	assert_int_equal(ret, 0);
	assert_int_equal(i, want_used);
	assert_int_equal(p->outcome, want);
	free(p);
}

static void test_split_squid_407_and_200(void **state)
{
	struct proxy_http_cfg c = cfg("alice", "Wonder-1and", NO_BASIC);
	static const char chunked[] =
		"HTTP/1.1 407 Proxy Authentication Required\r\n"
		"Transfer-Encoding: chunked\r\n"
		"Proxy-Authenticate: Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"\r\n\r\n"
		"5;ext=1\r\nhello\r\n"
		"0\r\nTrailer: x\r\n\r\nTAIL";

	(void)state;
	split_everywhere(&c, NULL, squid_407, PROXY_OUT_RETRY, strlen(squid_407));
	split_everywhere(&c, NULL, chunked, PROXY_OUT_RETRY, strlen(chunked) - 4);
	split_everywhere(&c, squid_407, "HTTP/1.1 200 Connection established\r\n\r\nTLS",
			 PROXY_OUT_OPEN, 39);
}

static void test_refused_keeps_status_line(void **state)
{
	struct proxy_http p;
	struct proxy_http_cfg c = cfg(NULL, NULL, 0);
	char buf[PROXY_REQ_MAX];

	(void)state;
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	/* Decided at the end of the head: the body (close-delimited or not) is never waited for. */
	assert_int_equal(feed(&p, "HTTP/1.1 403 Forbidden\r\nContent-Length: 100000\r\n\r\n", NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_REFUSED);
	assert_string_equal(p.status_line, "HTTP/1.1 403 Forbidden");
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, "HTTP/1.0 503 Service \x01navailable\r\n", NULL), -EBADMSG);
}

static void test_hostile_replies(void **state)
{
	struct proxy_http *p = calloc(1, sizeof(*p));
	struct proxy_http_cfg c = cfg(NULL, NULL, 0);
	char buf[PROXY_REQ_MAX], *big;
	size_t used;

	(void)state;
	assert_non_null(p);
	assert_int_equal(proxy_http_init(p, &c), 0);
	request(p, buf, sizeof(buf));
	assert_int_equal(feed(p, "SSH-2.0-OpenSSH_9.2\r\n", NULL), -EBADMSG);
	request(p, buf, sizeof(buf));
	assert_int_equal(feed(p, "HTTP/1.1 200 OK\r\n folded: no\r\n\r\n", NULL), -EBADMSG);
	request(p, buf, sizeof(buf));
	assert_int_equal(feed(p, "HTTP/1.1 407 x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
			      NULL), -EBADMSG);
	/* An endless header line, then an endless header section of short lines. */
	big = malloc(PROXY_HEAD_MAX + 64);
	assert_non_null(big);
	request(p, buf, sizeof(buf));
	memset(big, 'a', PROXY_LINE_MAX + 40);
	memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
	assert_int_equal(proxy_http_input(p, (uint8_t *)big, PROXY_LINE_MAX + 40, &used), -EMSGSIZE);
	request(p, buf, sizeof(buf));
	memcpy(big, "HTTP/1.1 200 OK\r\n", 17);
	for (size_t i = 17; i + 6 <= PROXY_HEAD_MAX + 64; i += 6)
		memcpy(big + i, "X: y\r\n", 6);
	assert_int_equal(proxy_http_input(p, (uint8_t *)big, PROXY_HEAD_MAX + 60, &used), -EMSGSIZE);
	/* Close before the end of the head. */
	request(p, buf, sizeof(buf));
	assert_int_equal(feed(p, "HTTP/1.1 200 OK\r\n", NULL), -EAGAIN);
	assert_int_equal(proxy_http_eof(p), -ECONNRESET);
	free(big);
	free(p);
}

/* tinyproxy: HTTP/1.0 407 with Connection: close; Basic only when allowed, on a new connection. */
static void test_tinyproxy_basic_reconnect(void **state)
{
	static const char r407[] = "HTTP/1.0 407 Proxy Authentication Required\r\n"
				   "Server: tinyproxy/1.11.1\r\nContent-Type: text/html\r\n"
				   "Proxy-Authenticate: Basic realm=\"Tinyproxy\"\r\n"
				   "Connection: close\r\n\r\n<html>";
	struct proxy_http p;
	struct proxy_http_cfg c = cfg("alice", "Wonder-1and", NO_BASIC);
	char buf[PROXY_REQ_MAX], names[128];

	(void)state;
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, r407, NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_AUTH_UNSUPPORTED);
	assert_string_equal(proxy_auth_names(p.offered, names, sizeof(names)), "Basic");
	c.allowed = ALL;
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, r407, NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_RETRY);
	assert_true(p.reconnect);
	request(&p, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\r\nProxy-Authorization: Basic YWxpY2U6V29uZGVyLTFhbmQ=\r\n"));
	/* The same 407 again: the password is wrong. */
	assert_int_equal(feed(&p, r407, NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_AUTH_FAILED);
	assert_string_equal(p.why, "the proxy refused the credentials");
}

static void test_no_credentials(void **state)
{
	struct proxy_http p;
	struct proxy_http_cfg c = cfg(NULL, NULL, ALL);
	char buf[PROXY_REQ_MAX];

	(void)state;
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, squid_407, NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_AUTH_FAILED);
	assert_non_null(strstr(p.why, "no proxy user"));
	c = cfg("alice", "pw", ALL);
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	/* Only Negotiate (a token68) and an unknown scheme: nothing usable. */
	assert_int_equal(feed(&p, "HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate abc==, Bearer "
			      "realm=\"x\"\r\nContent-Length: 0\r\n\r\n", NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_AUTH_UNSUPPORTED);
	assert_int_equal(p.offered, PROXY_AUTH_OTHER);
}

static void test_digest_round(void **state)
{
	static const char r407[] =
		"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n"
		"Proxy-Authenticate: Basic realm=\"sxproxy\", Digest realm=\"sxproxy\", "
		"nonce=\"91ad5c7aa0c0c7f7be30bf7e4e7fd0d1\", qop=\"auth,auth-int\", opaque=\"o\\\"q\"\r\n\r\n";
	struct proxy_http p;
	struct proxy_http_cfg c = cfg("alice", "Wonder-1and", NO_BASIC);
	char buf[PROXY_REQ_MAX], want[512], resp[DIGEST_HEX_MAX];
	const struct digest_input in = {
		.alg = DIGEST_MD5, .user = "alice", .realm = "sxproxy", .password = "Wonder-1and",
		.method = "CONNECT", .uri = "vpn.example.com:443",
		.nonce = "91ad5c7aa0c0c7f7be30bf7e4e7fd0d1", .nc = "00000001",
		.cnonce = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", .qop = "auth",
	};

	(void)state;
	assert_int_equal(digest_response(&in, resp), 32);
	snprintf(want, sizeof(want),
		 "Proxy-Authorization: Digest username=\"alice\", realm=\"sxproxy\", "
		 "nonce=\"91ad5c7aa0c0c7f7be30bf7e4e7fd0d1\", uri=\"vpn.example.com:443\", "
		 "response=\"%s\", cnonce=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", qop=auth, "
		 "nc=00000001, opaque=\"o\\\"q\"\r\n", resp);
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, r407, NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_RETRY);
	assert_false(p.reconnect);
	request(&p, buf, sizeof(buf));
	assert_non_null(strstr(buf, want));
	/* stale=true: once more with the new nonce, then the credentials are wrong. */
	assert_int_equal(feed(&p, "HTTP/1.1 407 x\r\nContent-Length: 0\r\nProxy-Authenticate: Digest "
			      "realm=\"sxproxy\", nonce=\"n2\", qop=auth, stale=TRUE\r\n\r\n",
			      NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_RETRY);
	request(&p, buf, sizeof(buf));
	assert_non_null(strstr(buf, "nonce=\"n2\""));
	assert_non_null(strstr(buf, "nc=00000001"));
	assert_int_equal(feed(&p, "HTTP/1.1 407 x\r\nContent-Length: 0\r\nProxy-Authenticate: Digest "
			      "realm=\"sxproxy\", nonce=\"n3\", qop=auth, stale=true\r\n\r\n",
			      NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_AUTH_FAILED);
}

static void test_auth_forever(void **state)
{
	static const char r407[] = "HTTP/1.1 407 x\r\nContent-Length: 0\r\n"
				   "Proxy-Authenticate: Digest realm=\"r\", nonce=\"n\", stale=true\r\n"
				   "Proxy-Authenticate: Basic realm=\"r\"\r\n\r\n";
	struct proxy_http p;
	struct proxy_http_cfg c = cfg("alice", "pw", ALL);
	char buf[PROXY_REQ_MAX];
	int rounds = 0;

	(void)state;
	assert_int_equal(proxy_http_init(&p, &c), 0);
	do {
		request(&p, buf, sizeof(buf));
		assert_int_equal(feed(&p, r407, NULL), 0);
		rounds++;
	} while (p.outcome == PROXY_OUT_RETRY && rounds < 20);
	assert_int_equal(p.outcome, PROXY_OUT_AUTH_FAILED);
	assert_true(rounds <= PROXY_ROUNDS_MAX);
}

/* MS-NLMP 4.2.4: the CHALLENGE of the published example (flags e28a8233, TargetName "Server"). */
#define NLMP_CHALLENGE \
	"4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000" \
	"24002400 44000000 060070170000000f 530065007200760065007200" \
	"02000c0044006f006d00610069006e00 01000c005300650072007600650072000000 0000"

static void test_ntlm_three_steps(void **state)
{
	struct proxy_http p;
	struct proxy_http_cfg c = cfg("Domain\\User", "Password", NO_BASIC);
	uint8_t chal[104], t3[512], want[16];
	char b64[256], buf[PROXY_REQ_MAX], reply[512];
	const char *tok;
	int n;

	(void)state;
	peer_unhex(NLMP_CHALLENGE, chal, sizeof(chal), 104);
	assert_int_equal(proxy_b64_encode(chal, 104, b64, sizeof(b64)), 140);
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, squid_407, NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_RETRY);
	request(&p, buf, sizeof(buf));
	/* NEGOTIATE, flags 0x00088207. */
	assert_non_null(strstr(buf, "Proxy-Authorization: NTLM TlRMTVNTUAABAAAAB4IIAAAAAAAAAAAAAAAAAAAAAAA=\r\n"));
	snprintf(reply, sizeof(reply), "HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM %s\r\n"
		 "Content-Length: 3\r\n\r\nabc", b64);
	assert_int_equal(feed(&p, reply, NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_RETRY);
	assert_false(p.reconnect);
	request(&p, buf, sizeof(buf));
	tok = strstr(buf, "Proxy-Authorization: NTLM ");
	assert_non_null(tok);
	tok += 26;
	n = proxy_b64_decode(tok, strcspn(tok, "\r"), t3, sizeof(t3));
	/* 64 header + LM 24 + NT 84 + "Domain" 12 + "User" 8 (UTF-16LE). */
	assert_int_equal(n, 64 + 24 + 84 + 12 + 8);
	assert_int_equal(t3[8], 3);
	assert_int_equal(t3[20] | t3[21] << 8, 84);
	peer_unhex("68cd0ab851e51c96aabc927bebef6a1c", want, 16, 16);
	assert_memory_equal(t3 + 64 + 24, want, 16);
	peer_unhex("86c35097ac9cec102554764a57cccc19", want, 16, 16);
	assert_memory_equal(t3 + 64, want, 16);
	assert_memory_equal(t3 + 64 + 24 + 84, "D\0o\0m\0a\0i\0n\0", 12);
	/* A 407 to the AUTHENTICATE: wrong password; nothing else allowed is offered. */
	assert_int_equal(feed(&p, "HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n",
			      NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_AUTH_FAILED);
}

static void test_ntlm_close_mid_handshake(void **state)
{
	struct proxy_http p;
	struct proxy_http_cfg c = cfg("alice", "pw", PROXY_AUTH_NTLM);
	char buf[PROXY_REQ_MAX];

	(void)state;
	assert_int_equal(proxy_http_init(&p, &c), 0);
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, squid_407, NULL), 0);
	request(&p, buf, sizeof(buf));
	assert_int_equal(feed(&p, "HTTP/1.1 407 x\r\nProxy-Authenticate: NTLM TlRMTVNTUAACAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n"
			      "Connection: close\r\n\r\n", NULL), 0);
	assert_int_equal(p.outcome, PROXY_OUT_AUTH_FAILED);
	assert_non_null(strstr(p.why, "NTLM"));
}

/* squid's ntlm_fake_auth: 49 octets, TargetName offset 0xAAAAAAAE, "WORKGROUP" at 40. */
static void test_ntlm_fake_auth_challenge(void **state)
{
	uint8_t m[49];
	struct ntlm_challenge c;

	(void)state;
	peer_unhex("4e544c4d53535000 02000000 09000900 aeaaaaaa 05820800 0102030405060708 0000000000000000"
		   "574f524b47524f5550", m, sizeof(m), 49);
	assert_int_equal(proxy_ntlm_parse_challenge(m, 49, &c), 0);
	assert_null(c.target_info);
	assert_int_equal(c.server_challenge[7], 8);
	assert_int_equal(proxy_ntlm_parse_challenge(m, 31, &c), -EBADMSG);
	m[8] = 3;
	assert_int_equal(proxy_ntlm_parse_challenge(m, 49, &c), -EBADMSG);
}

static void test_b64(void **state)
{
	uint8_t out[16];
	char enc[16];

	(void)state;
	assert_int_equal(proxy_b64_encode((const uint8_t *)"ab", 2, enc, sizeof(enc)), 4);
	assert_string_equal(enc, "YWI=");
	assert_int_equal(proxy_b64_decode("YWI=", 4, out, sizeof(out)), 2);
	assert_int_equal(proxy_b64_decode("YQ==", 4, out, sizeof(out)), 1);
	assert_int_equal(proxy_b64_decode("Y===", 4, out, sizeof(out)), -EBADMSG);
	assert_int_equal(proxy_b64_decode("YW=I", 4, out, sizeof(out)), -EBADMSG);
	assert_int_equal(proxy_b64_decode("YWI", 3, out, sizeof(out)), -EBADMSG);
	assert_int_equal(proxy_b64_decode("YW I", 4, out, sizeof(out)), -EBADMSG);
	assert_int_equal(proxy_b64_encode((const uint8_t *)"abcd", 4, enc, 8), -EMSGSIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_request),
		cmocka_unit_test(test_open_keeps_tunnel_bytes),
		cmocka_unit_test(test_split_squid_407_and_200),
		cmocka_unit_test(test_refused_keeps_status_line),
		cmocka_unit_test(test_hostile_replies),
		cmocka_unit_test(test_tinyproxy_basic_reconnect),
		cmocka_unit_test(test_no_credentials),
		cmocka_unit_test(test_digest_round),
		cmocka_unit_test(test_auth_forever),
		cmocka_unit_test(test_ntlm_three_steps),
		cmocka_unit_test(test_ntlm_close_mid_handshake),
		cmocka_unit_test(test_ntlm_fake_auth_challenge),
		cmocka_unit_test(test_b64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
