// SPDX-License-Identifier: MIT
/* Tests of the SSTP HTTPS handshake (MS-SSTP 3.2.4.1): the request bytes and the incremental response parser. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sstp/sstp.h"

static const uint8_t guid[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
				  0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };

static void test_request_bytes(void **state)
{
	static const char want[] =
		"SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
		"Host: vpn.example.com\r\n"
		"Content-Length: 18446744073709551615\r\n"
		"SSTPCORRELATIONID: {00112233-4455-6677-8899-AABBCCDDEEFF}\r\n"
		"\r\n";
	char buf[512];

	(void)state;
	assert_int_equal(sstp_http_build_request(buf, sizeof(buf), "vpn.example.com", guid),
			 (int)strlen(want));
	assert_string_equal(buf, want);
	/* Exactly enough room (the NUL included), then one byte less. */
	assert_int_equal(sstp_http_build_request(buf, strlen(want) + 1, "vpn.example.com", guid),
			 (int)strlen(want));
	assert_int_equal(sstp_http_build_request(buf, strlen(want), "vpn.example.com", guid),
			 -EMSGSIZE);
	assert_int_equal(sstp_http_build_request(buf, sizeof(buf), "[2001:db8::1]", guid),
			 (int)strlen(want) - 2);
}

static void test_request_bad_host(void **state)
{
	char buf[512];

	(void)state;
	assert_int_equal(sstp_http_build_request(buf, sizeof(buf), "", guid), -EINVAL);
	assert_int_equal(sstp_http_build_request(buf, sizeof(buf), "a b", guid), -EINVAL);
	assert_int_equal(sstp_http_build_request(buf, sizeof(buf), "a\r\nX-Evil: 1", guid), -EINVAL);
	assert_int_equal(sstp_http_build_request(buf, sizeof(buf), "h\x7f", guid), -EINVAL);
}

/* What a Windows RRAS server sends, followed by the first SSTP packet (MS-SSTP 4.6 Connect Ack). */
static const char reply_head[] =
	"HTTP/1.1 200 OK\r\n"
	"Content-Length: 18446744073709551615\r\n"
	"Server: Microsoft-HTTPAPI/2.0\r\n"
	"Date: Mon, 23 Nov 2026 09:00:00 GMT\r\n"
	"\r\n";
static const uint8_t first_pkt[] = { 0x10, 0x01, 0x00, 0x30, 0x00, 0x02, 0x00, 0x01 };

/* Feeds the reply in the given chunk sizes; returns the parser result and the bytes left over. */
static int feed(struct sstp_http_resp *r, const uint8_t *data, size_t len, size_t chunk,
		size_t *used)
{
	size_t off = 0, n;
	int ret = -EAGAIN;

	sstp_http_resp_init(r);
	while (off < len && ret == -EAGAIN) {
		size_t take = len - off < chunk ? len - off : chunk;

		ret = sstp_http_resp_input(r, data + off, take, &n);
		if (ret == -EAGAIN)
			assert_int_equal(n, take);
		if (ret == 0 || ret == -EAGAIN)
			off += n;
	}
	*used = off;
	return ret;
}

static void test_split_everywhere(void **state)
{
	uint8_t wire[512];
	size_t head = strlen(reply_head), total = head + sizeof(first_pkt), used, n;
	struct sstp_http_resp r;

	(void)state;
	memcpy(wire, reply_head, head);
	memcpy(wire + head, first_pkt, sizeof(first_pkt));
	/* Two pieces split at every position. */
	for (size_t cut = 0; cut <= total; cut++) {
		int ret;

		sstp_http_resp_init(&r);
		ret = sstp_http_resp_input(&r, wire, cut, &n);
		if (cut < head) {
			assert_int_equal(ret, -EAGAIN);
			assert_int_equal(n, cut);
			ret = sstp_http_resp_input(&r, wire + cut, total - cut, &n);
			assert_int_equal(ret, 0);
			assert_int_equal(cut + n, head);
		} else {
			assert_int_equal(ret, 0);
			assert_int_equal(n, head);
		}
		assert_int_equal(r.status, 200);
		assert_string_equal(r.reason, "OK");
	}
	/* One byte at a time, and every other chunk size. */
	for (size_t chunk = 1; chunk <= total; chunk++) {
		assert_int_equal(feed(&r, wire, total, chunk, &used), 0);
		assert_int_equal(used, head);
		assert_int_equal(r.status, 200);
	}
	/* Once done, more bytes are not the parser's. */
	assert_int_equal(sstp_http_resp_input(&r, first_pkt, sizeof(first_pkt), &n), 0);
	assert_int_equal(n, 0);
}

static void test_lf_only_and_no_reason(void **state)
{
	static const char lf[] = "HTTP/1.0 200\nContent-Length: 18446744073709551615\n\n\x10";
	struct sstp_http_resp r;
	size_t used;

	(void)state;
	assert_int_equal(feed(&r, (const uint8_t *)lf, sizeof(lf) - 1, 1, &used), 0);
	assert_int_equal(used, sizeof(lf) - 2);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.reason, "");
	/* A mix of CRLF and LF. */
	static const char mix[] = "HTTP/1.1 200 OK\r\nA: b\n\r\n";
	assert_int_equal(feed(&r, (const uint8_t *)mix, sizeof(mix) - 1, 3, &used), 0);
	assert_int_equal(used, sizeof(mix) - 1);
}

static void test_refusals_are_outcomes(void **state)
{
	static const char forbidden[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
	static const char error[] = "HTTP/1.1 500 Internal \x01Server Error\r\n\r\n";
	struct sstp_http_resp r;
	size_t used;

	(void)state;
	assert_int_equal(feed(&r, (const uint8_t *)forbidden, sizeof(forbidden) - 1, 7, &used), 0);
	assert_int_equal(r.status, 403);
	assert_string_equal(r.reason, "Forbidden");
	assert_int_equal(feed(&r, (const uint8_t *)error, sizeof(error) - 1, 64, &used), 0);
	assert_int_equal(r.status, 500);
	/* Control characters never reach a log line. */
	assert_string_equal(r.reason, "Internal ?Server Error");
}

static void expect_garbage(const char *text, size_t len)
{
	struct sstp_http_resp r;
	size_t used;

	for (size_t chunk = 1; chunk <= len; chunk++)
		assert_int_equal(feed(&r, (const uint8_t *)text, len, chunk, &used), -EBADMSG);
}

#define GARBAGE(s) expect_garbage((s), sizeof(s) - 1)

static void test_garbage(void **state)
{
	struct sstp_http_resp r;
	size_t n;

	(void)state;
	GARBAGE("GET / HTTP/1.1\r\n\r\n");
	GARBAGE("HTTP/2 200 OK\r\n\r\n");
	GARBAGE("HTTP/1.1 20 OK\r\n\r\n");
	GARBAGE("HTTP/1.1 2000 OK\r\n\r\n");
	GARBAGE("HTTP/1.1 OK 200\r\n\r\n");
	GARBAGE("HTTP/1.1 099 Low\r\n\r\n");
	GARBAGE("HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n");
	GARBAGE("HTTP/1.1 200 OK\r\nA: b\x00\r\n\r\n");
	GARBAGE("HTTP/1.1 200 OK\r\n\rX: y\r\n\r\n");
	GARBAGE("\x15\x03\x03\x00\x02\x02\x28");	/* a TLS alert record */
	/* Rejected on the first wrong byte, before any line end. */
	sstp_http_resp_init(&r);
	assert_int_equal(sstp_http_resp_input(&r, (const uint8_t *)"HTTP", 4, &n), -EAGAIN);
	assert_int_equal(sstp_http_resp_input(&r, (const uint8_t *)"S", 1, &n), -EBADMSG);
	/* A status line longer than any real one. */
	char longline[300];
	memset(longline, 'x', sizeof(longline));
	memcpy(longline, "HTTP/1.1 200 ", 13);
	expect_garbage(longline, sizeof(longline));
}

static void test_oversized(void **state)
{
	static char big[SSTP_HTTP_HDR_MAX + 64];
	struct sstp_http_resp r;
	size_t used, off;

	(void)state;
	off = (size_t)sprintf(big, "HTTP/1.1 200 OK\r\n");
	while (off < sizeof(big) - 16)
		off += (size_t)sprintf(big + off, "X-Pad: %04zu\r\n", off);
	assert_int_equal(feed(&r, (const uint8_t *)big, off, 1000, &used), -EMSGSIZE);
	assert_int_equal(feed(&r, (const uint8_t *)big, off, 1, &used), -EMSGSIZE);
	/* Exactly at the bound is still fine. */
	off = (size_t)sprintf(big, "HTTP/1.1 200 OK\r\nX: ");
	memset(big + off, 'a', SSTP_HTTP_HDR_MAX - off - 4);
	memcpy(big + SSTP_HTTP_HDR_MAX - 4, "\r\n\r\n", 4);
	assert_int_equal(feed(&r, (const uint8_t *)big, SSTP_HTTP_HDR_MAX, 100, &used), 0);
	assert_int_equal(used, SSTP_HTTP_HDR_MAX);
	big[SSTP_HTTP_HDR_MAX - 4] = 'a';
	memcpy(big + SSTP_HTTP_HDR_MAX - 3, "\r\n\r\n", 4);
	assert_int_equal(feed(&r, (const uint8_t *)big, SSTP_HTTP_HDR_MAX + 1, 100, &used),
			 -EMSGSIZE);
}

/* The server side reads back exactly what the client side writes. */
static void test_request_parse_round_trip(void **state)
{
	char buf[512];
	struct sstp_http_req req;
	const char *why = NULL;
	size_t used = 0;
	int n;

	(void)state;
	n = sstp_http_build_request(buf, sizeof(buf), "vpn.example.com", guid);
	assert_true(n > 0);
	memcpy(buf + n, "\x10\x01", 2);
	for (int cut = 0; cut < n; cut++)
		assert_int_equal(sstp_http_req_parse((const uint8_t *)buf, (size_t)cut, &req, &used,
						     &why), -EAGAIN);
	assert_int_equal(sstp_http_req_parse((const uint8_t *)buf, (size_t)n + 2, &req, &used, &why),
			 0);
	assert_null(why);
	assert_int_equal(used, n);
	assert_string_equal(req.host, "vpn.example.com");
	assert_string_equal(req.correlation_id, "{00112233-4455-6677-8899-AABBCCDDEEFF}");
}

static void expect_req_bad(const char *text, const char *reason)
{
	struct sstp_http_req req;
	const char *why = NULL;
	size_t used;

	assert_int_equal(sstp_http_req_parse((const uint8_t *)text, strlen(text), &req, &used, &why),
			 -EBADMSG);
	assert_non_null(why);
	assert_string_equal(why, reason);
}

#define REQ_LINE "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
#define CL "Content-Length: 18446744073709551615\r\n"

static void test_request_parse_rejects(void **state)
{
	static char big[SSTP_HTTP_HDR_MAX + 16];
	struct sstp_http_req req;
	size_t used;

	(void)state;
	expect_req_bad("GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		       "not an SSTP_DUPLEX_POST of the SSTP URI over HTTP/1.1");
	expect_req_bad("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.0\r\n\r\n",
		       "not an SSTP_DUPLEX_POST of the SSTP URI over HTTP/1.1");
	expect_req_bad(REQ_LINE CL "\r\n", "no Host");
	expect_req_bad(REQ_LINE "Host: a\r\n\r\n", "no Content-Length");
	expect_req_bad(REQ_LINE "Host: a\r\nContent-Length: 0\r\n\r\n",
		       "Content-Length is not 18446744073709551615");
	expect_req_bad(REQ_LINE "Host: \r\n" CL "\r\n", "bad Host");
	expect_req_bad(REQ_LINE "Host: a\r\nBroken\r\n" CL "\r\n", "header line without ':'");
	expect_req_bad(REQ_LINE "Host: a\r\n" CL "SSTPCORRELATIONID: {1234}\r\n\r\n",
		       "bad SSTPCORRELATIONID");
	/* LF-only line ends and header names in any case are fine; no correlation id is fine. */
	static const char lf[] = "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\n"
				 "host:  h.example \ncontent-length: 18446744073709551615\n\n";
	assert_int_equal(sstp_http_req_parse((const uint8_t *)lf, sizeof(lf) - 1, &req, &used, NULL), 0);
	assert_string_equal(req.host, "h.example");
	assert_string_equal(req.correlation_id, "");
	/* No blank line within the bound. */
	memset(big, 'a', sizeof(big));
	assert_int_equal(sstp_http_req_parse((const uint8_t *)big, sizeof(big), &req, &used, NULL),
			 -EMSGSIZE);
	assert_int_equal(sstp_http_req_parse((const uint8_t *)big, 100, &req, &used, NULL), -EAGAIN);
}

/* A response the test server writes is one the client parser accepts. */
static void test_response_build(void **state)
{
	char buf[256];
	struct sstp_http_resp r;
	size_t used;
	int n;

	(void)state;
	n = sstp_http_build_response(buf, sizeof(buf), 200, "OK");
	assert_string_equal(buf, "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n"
				 "Server: sstpx\r\n\r\n");
	assert_int_equal(feed(&r, (const uint8_t *)buf, (size_t)n, 1, &used), 0);
	assert_int_equal(used, n);
	assert_int_equal(r.status, 200);
	n = sstp_http_build_response(buf, sizeof(buf), 403, "Forbidden");
	assert_int_equal(feed(&r, (const uint8_t *)buf, (size_t)n, 5, &used), 0);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(buf, "Content-Length: 0\r\n"));
	assert_int_equal(sstp_http_build_response(buf, sizeof(buf), 200, "O\r\nK"), -EINVAL);
	assert_int_equal(sstp_http_build_response(buf, sizeof(buf), 99, "x"), -EINVAL);
	assert_int_equal(sstp_http_build_response(buf, 20, 200, "OK"), -EMSGSIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_bytes),
		cmocka_unit_test(test_request_bad_host),
		cmocka_unit_test(test_split_everywhere),
		cmocka_unit_test(test_lf_only_and_no_reason),
		cmocka_unit_test(test_refusals_are_outcomes),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_request_parse_round_trip),
		cmocka_unit_test(test_request_parse_rejects),
		cmocka_unit_test(test_response_build),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
