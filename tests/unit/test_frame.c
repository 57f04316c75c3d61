// SPDX-License-Identifier: MIT
/* ppp/frame.c: FF 03 + 2-byte protocol on send, RFC 1661 6.5-6.6 compressed forms on receive; ppp/trace.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/ppp.h"
#include "ppp/proto.h"
#include "tests/peer/peer.h"

static void check_parse(const uint8_t *f, size_t len, int ret, uint16_t proto, size_t off)
{
	const uint8_t *info = NULL;
	size_t ilen = 0;
	uint16_t pr = 0;

	assert_int_equal(ppp_frame_parse(f, len, &pr, &info, &ilen), ret);
	if (ret)
		return;
	assert_int_equal(pr, proto);
	assert_ptr_equal(info, f + off);
	assert_int_equal(ilen, len - off);
}

static void test_parse(void **state)
{
	static const uint8_t full[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04 };
	static const uint8_t acfc[] = { 0xc0, 0x21, 0x09 };
	static const uint8_t pfc[] = { 0xff, 0x03, 0x21, 0x45 };
	static const uint8_t both[] = { 0x21, 0x45, 0x00 };
	static const uint8_t ipv6[] = { 0xff, 0x03, 0x00, 0x57, 0x60 };
	static const uint8_t empty_info[] = { 0xff, 0x03, 0x80, 0x21 };
	static const uint8_t even_low[] = { 0xff, 0x03, 0xc0, 0x20, 0x01 };	/* low byte even */
	static const uint8_t only_hdr[] = { 0xff, 0x03 };
	static const uint8_t short_proto[] = { 0xff, 0x03, 0xc0 };
	static const uint8_t ff_only[] = { 0xff };

	(void)state;
	check_parse(full, sizeof(full), 0, PPP_LCP, 4);
	check_parse(acfc, sizeof(acfc), 0, PPP_LCP, 2);
	check_parse(pfc, sizeof(pfc), 0, PPP_IP, 3);
	check_parse(both, sizeof(both), 0, PPP_IP, 1);
	check_parse(ipv6, sizeof(ipv6), 0, PPP_IPV6, 4);
	check_parse(empty_info, sizeof(empty_info), 0, PPP_IPCP, 4);
	check_parse(even_low, sizeof(even_low), -EBADMSG, 0, 0);
	check_parse(only_hdr, sizeof(only_hdr), -EBADMSG, 0, 0);
	check_parse(short_proto, sizeof(short_proto), -EBADMSG, 0, 0);
	/* A lone FF is a valid PFC-compressed protocol 0x00ff with an empty information field. */
	check_parse(ff_only, sizeof(ff_only), 0, 0x00ff, 1);
	check_parse(full, 0, -EBADMSG, 0, 0);
}

static void test_push(void **state)
{
	static const uint8_t want[] = { 0xff, 0x03, 0x00, 0x21, 0x45 };
	struct pkt_pool pool;
	struct pkt *p;

	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 1, 64), 0);
	p = pkt_pool_get(&pool, 8);
	*pkt_put(p, 1) = 0x45;
	assert_int_equal(ppp_frame_push(p, PPP_IP), 0);
	assert_int_equal(p->len, 5);
	assert_memory_equal(pkt_data(p), want, 5);
	assert_int_equal(ppp_frame_push(p, PPP_IP), 0);		/* 4 bytes of headroom left */
	assert_int_equal(ppp_frame_push(p, PPP_IP), -ENOBUFS);
	assert_int_equal(p->len, 9);
	pkt_pool_ret(&pool, p);
	pkt_pool_destroy(&pool);
}

static void test_send_cp(void **state)
{
	static const uint8_t want[] = { 0xff, 0x03, 0xc0, 0x21, 0x05, 0x07, 0x00, 0x06, 0xab, 0xcd };
	struct pkt_pool pool;
	struct ppp_ctx c = { .pool = &pool, .headroom = 4 };
	struct pkt *p;
	uint8_t big[64] = { 0 };

	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 2, 32), 0);
	assert_int_equal(ppp_send_cp(&c, PPP_LCP, CP_TERMREQ, 7, (const uint8_t *)"\xab\xcd", 2), 0);
	assert_int_equal(c.txq.n, 1);
	p = pkt_q_pop(&c.txq);
	assert_int_equal(p->head, 4);		/* the carrier's headroom stays free */
	assert_int_equal(p->len, sizeof(want));
	assert_memory_equal(pkt_data(p), want, sizeof(want));
	pkt_pool_ret(&pool, p);
	/* Too big for a buffer: nothing queued, the buffer goes back to the pool. */
	assert_int_equal(ppp_send_cp(&c, PPP_LCP, CP_CONFREQ, 1, big, sizeof(big)), -EMSGSIZE);
	assert_int_equal(ppp_send_cp(&c, PPP_LCP, CP_CONFREQ, 1, big, 0x10000), -EMSGSIZE);
	assert_int_equal(pool.nfree, 2);
	assert_int_equal(c.txq.n, 0);
	/* Empty pool. */
	assert_int_equal(ppp_send_cp(&c, PPP_LCP, CP_ECHOREQ, 1, NULL, 0), 0);
	assert_int_equal(ppp_send_cp(&c, PPP_LCP, CP_ECHOREQ, 2, NULL, 0), 0);
	assert_int_equal(ppp_send_cp(&c, PPP_LCP, CP_ECHOREQ, 3, NULL, 0), -ENOBUFS);
	assert_int_equal(c.txq.n, 2);
	pkt_q_drain(&c.txq, &pool);
	assert_int_equal(pool.nfree, 2);
	pkt_pool_destroy(&pool);
}

/* ppp/trace.c: the one-line form of a frame used by -v. */
static void test_trace(void **state)
{
	static const struct {
		const char *hex, *text;
	} cases[] = {
		{ "ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d",
		  "LCP ConfReq id=1 <1 0578> <5 1a2b3c4d>" },
		{ "ff 03 c2 23 01 01 00 17 10 5b 5d 7c 7d 7b 3f 2f 3e 3c 2c 60 21 32 26 26 28 53 45",
		  "CHAP Challenge id=1 name=\"SE\"" },
		{ "ff 03 c2 23 02 01 00 09 00 55 73 65 72", "CHAP Response id=1 name=\"User\"" },
		{ "ff 03 c2 23 02 01 00 09 31 55 73 65 72", "CHAP Response id=1" },	/* cut short */
		{ "ff 03 c0 23 01 01 00 14 04 55 73 65 72 0a 63 6c 69 65 6e 74 50 61 73 73",
		  "PAP Authenticate-Request id=1 user=\"User\" password=<10 bytes>" },
		{ "ff 03 c0 23 03 01 00 07 02 6e 6f", "PAP Authenticate-Nak id=1 msg=\"no\"" },
		{ "ff 03 00 21 45 00", "IP len=2" },
		{ "21 45 00", "IP len=2" },
		{ "ff 03 80 fd 01 01 00 04", "CCP len=4" },
		{ "ff 03 c0 21 05 09 00 04", "LCP TermReq id=9" },
		{ "ff 03 c0 21 09 07 00 08 00 00 00 00", "LCP EchoReq id=7 len=4" },
		{ "ff 03 80 21 01 01 00 0a 03 01 00 00 00 00", "IPCP ConfReq id=1 <malformed>" },
		{ "ff 03 80 21 01 01 00 40", "IPCP len=4" },
		{ "ff 03 12 35 00", "proto 0x1235 len=1" },
		{ "ff 03 c0", "malformed frame len=3" },
	};
	uint8_t frame[512];
	char out[256], tiny[8];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long n = peer_hex(cases[i].hex, frame, NULL, sizeof(frame));

		assert_true(n >= 0);
		ppp_trace(frame, (size_t)n, out, sizeof(out));
		assert_string_equal(out, cases[i].text);
	}
	ppp_trace(frame, 3, tiny, sizeof(tiny));
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_push),
		cmocka_unit_test(test_send_cp),
		cmocka_unit_test(test_trace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
