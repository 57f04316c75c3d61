// SPDX-License-Identifier: MIT
/* IPCP negotiation byte for byte against hand-written server packets (SoftEther's habits). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/ipcp.h"
#include "tests/peer/cp_rig.h"

/* The harness drives one struct ipcp with whole frames (FF 03 80 21 ...); events are fsm notes. */
static struct cp_rig R;
static struct ipcp I;

static int rig_rand(void *c, uint8_t *buf, size_t len)
{
	(void)c;
	memset(buf, 0x5a, len);
	return 0;
}

static void rig_start(const struct ipcp_conf *conf)
{
	assert_int_equal(ipcp_init(&I, &R.ctx, conf), 0);
	cp_rig_start(&R, &I.fsm, PPP_IPCP);
}

static int setup(void **state)
{
	(void)state;
	memset(&I, 0, sizeof(I));
	cp_rig_setup(&R, rig_rand, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_rig_teardown(&R);
	return 0;
}

#define OUR_REQ1 "ff 03 80 21 01 01 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"
#define PEER_REQ "ff 03 80 21 01 01 00 0a 03 06 c0 a8 1e 01"
#define PEER_ACKED "ff 03 80 21 02 01 00 0a 03 06 c0 a8 1e 01"

/* SoftEther: rejects Secondary-DNS, Naks 0.0.0.0 with its DHCP address and DNS 192.168.30.1. */
static void test_softether(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX(PEER_REQ),
		EXPECT_TX(PEER_ACKED),
		SEND_RX("ff 03 80 21 04 01 00 0a 83 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 21 01 02 00 10 03 06 00 00 00 00 81 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 03 02 00 10 03 06 c0 a8 1e 0a 81 06 c0 a8 1e 01"),
		EXPECT_TX("ff 03 80 21 01 03 00 10 03 06 c0 a8 1e 0a 81 06 c0 a8 1e 01"),
		SEND_RX("ff 03 80 21 02 03 00 10 03 06 c0 a8 1e 0a 81 06 c0 a8 1e 01"),
		EXPECT_EVENT("up"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_state(&I.fsm), FSM_OPENED);
	assert_int_equal(ipcp_addr(&I), 0xc0a81e0a);
	assert_int_equal(ipcp_peer_addr(&I), 0xc0a81e01);
	assert_int_equal(ipcp_dns1(&I), 0xc0a81e01);
	assert_int_equal(ipcp_dns2(&I), 0);
	assert_true(cp_rig_has_log(&R, "ipcp: rcvd Configure-Nak id=2 <addr 192.168.30.10> <dns1 192.168.30.1>"));
	assert_true(cp_rig_has_log(&R, "ipcp: rcvd Configure-Reject id=1 <dns2 0.0.0.0>"));
	assert_true(cp_rig_has_log(&R, "ipcp: up local=192.168.30.10 peer=192.168.30.1 dns1=192.168.30.1 "
			    "dns2=0.0.0.0"));
}

/* The peer's IP-Compression-Protocol and a 0.0.0.0 address for itself are Rejected verbatim. */
static void test_peer_options(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 21 01 01 00 10 02 06 00 2d 0f 01 03 06 c0 a8 1e 01"),
		EXPECT_TX("ff 03 80 21 04 01 00 0a 02 06 00 2d 0f 01"),
		SEND_RX("ff 03 80 21 01 02 00 0a 03 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 21 04 02 00 0a 03 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 01 03 00 0a 03 06 c0 a8 1e 01"),
		EXPECT_TX("ff 03 80 21 02 03 00 0a 03 06 c0 a8 1e 01"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(ipcp_peer_addr(&I), 0xc0a81e01);
	assert_int_equal(fsm_state(&I.fsm), FSM_ACK_SENT);
}

/* Documented: a server that keeps Nak'ing the address fails at Max-Failure (5) Naks. */
static void test_address_never_agreed(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 21 03 01 00 0a 03 06 0a 00 00 01"),
		EXPECT_TX("ff 03 80 21 01 02 00 16 03 06 0a 00 00 01 81 06 00 00 00 00 83 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 03 02 00 0a 03 06 0a 00 00 02"),
		EXPECT_TX("ff 03 80 21 01 03 00 16 03 06 0a 00 00 02 81 06 00 00 00 00 83 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 03 03 00 0a 03 06 0a 00 00 03"),
		EXPECT_TX("ff 03 80 21 01 04 00 16 03 06 0a 00 00 03 81 06 00 00 00 00 83 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 03 04 00 0a 03 06 0a 00 00 04"),
		EXPECT_TX("ff 03 80 21 01 05 00 16 03 06 0a 00 00 04 81 06 00 00 00 00 83 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 03 05 00 0a 03 06 0a 00 00 05"),
		/* Terminate-Request id=6 "address never agreed" (20 bytes). */
		EXPECT_TX("ff 03 80 21 05 06 00 18 61 64 64 72 65 73 73 20 6e 65 76 65 72 20 61 67"
			  " 72 65 65 64"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_state(&I.fsm), FSM_CLOSING);
	assert_int_equal(fsm_reason(&I.fsm), SX_REASON_NEGOTIATION);
}

/* Documented: a server that keeps Nak'ing a DNS option converges: we stop asking for it. */
static void test_dns_nak_loop_converges(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 21 03 01 00 0a 83 06 0a 00 00 01"),
		EXPECT_TX("ff 03 80 21 01 02 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 0a 00 00 01"),
		SEND_RX("ff 03 80 21 03 02 00 0a 83 06 0a 00 00 02"),
		EXPECT_TX("ff 03 80 21 01 03 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 03 03 00 0a 83 06 0a 00 00 03"),
		EXPECT_TX("ff 03 80 21 01 04 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 0a 00 00 03"),
		SEND_RX("ff 03 80 21 03 04 00 0a 83 06 0a 00 00 04"),
		EXPECT_TX("ff 03 80 21 01 05 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 0a 00 00 04"),
		SEND_RX("ff 03 80 21 03 05 00 0a 83 06 0a 00 00 05"),
		EXPECT_TX("ff 03 80 21 01 06 00 10 03 06 00 00 00 00 81 06 00 00 00 00"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_state(&I.fsm), FSM_REQ_SENT);
	assert_int_equal(fsm_reason(&I.fsm), SX_REASON_NONE);
}

/* An Ack of 0.0.0.0 means no address was assigned: the layer closes (NEGOTIATION). */
static void test_zero_address_acked(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX(PEER_REQ),
		EXPECT_TX(PEER_ACKED),
		SEND_RX("ff 03 80 21 02 01 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"),
		EXPECT_NO_EVENT(),
		EXPECT_TX("ff 03 80 21 05 02 00 17 .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .."
			  " .. .."),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_reason(&I.fsm), SX_REASON_NEGOTIATION);
	assert_int_equal(fsm_state(&I.fsm), FSM_CLOSING);
}

/* A Reject of IP-Address leaves us without an address: fail; a Reject of what we never sent: dropped. */
static void test_address_rejected(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 21 04 01 00 0a 82 06 00 00 00 00"),
		EXPECT_NO_TX(),
		SEND_RX("ff 03 80 21 04 01 00 0a 03 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 21 05 02 00 1c .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .."
			  " .. .. .. .. .. .. .."),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_reason(&I.fsm), SX_REASON_NEGOTIATION);
}

/* DNS requests are configurable. */
static void test_no_dns(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		END(),
	};
	struct ipcp_conf c;

	(void)state;
	ipcp_conf_default(&c);
	c.request_dns1 = c.request_dns2 = false;
	rig_start(&c);
	peer_run(&R.peer, steps);
}

/* "ff 03 80 21 05 <id> <len> <text>": our Terminate-Request carrying text. */
static void term_hex(uint8_t id, const char *text, char *out, size_t cap)
{
	size_t n = strlen(text), off;

	off = (size_t)snprintf(out, cap, "ff 03 80 21 05 %02x %02x %02x", id, (unsigned)(n + 4) >> 8,
			       (unsigned)(n + 4) & 0xff);
	for (size_t i = 0; i < n && off < cap; i++)
		off += (size_t)snprintf(out + off, cap - off, " %02x", (uint8_t)text[i]);
}

/*
 * Hostile server: a Nak (or the server's own request) that would give us a loopback, broadcast,
 * multicast, unspecified or reserved address, or the server's own, is refused: IPCP ends naming
 * the address (the session then ends with exit 7), instead of configuring it on the interface.
 */
static void test_bad_address_refused(void **state)
{
	static const struct {
		const char *nak;	/* the address in the server's Nak */
		const char *addr;
		const char *why;
	} cases[] = {
		{ "7f 00 00 01", "127.0.0.1", "loopback" },
		{ "ff ff ff ff", "255.255.255.255", "broadcast" },
		{ "e0 00 00 01", "224.0.0.1", "multicast" },
		{ "00 00 00 00", "0.0.0.0", "unspecified" },
		{ "00 00 00 05", "0.0.0.5", "this-network" },
		{ "f0 00 00 01", "240.0.0.1", "reserved" },
		{ "c0 a8 1e 01", "192.168.30.1", "the server's own" },	/* PEER_REQ's */
	};
	char nak[96], text[64], term[200], line[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct peer_step steps[] = {
			EXPECT_EVENT("started"),
			EXPECT_TX(OUR_REQ1),
			SEND_RX(PEER_REQ),
			EXPECT_TX(PEER_ACKED),
			SEND_RX(nak),
			EXPECT_TX(term),
			EXPECT_NO_TX(),
			END(),
		};

		snprintf(nak, sizeof(nak), "ff 03 80 21 03 01 00 0a 03 06 %s", cases[i].nak);
		snprintf(text, sizeof(text), "refused address %s (%s)", cases[i].addr, cases[i].why);
		term_hex(2, text, term, sizeof(term));
		teardown(NULL);
		setup(NULL);
		rig_start(NULL);
		peer_run(&R.peer, steps);
		assert_int_equal(fsm_state(&I.fsm), FSM_CLOSING);
		assert_int_equal(fsm_reason(&I.fsm), SX_REASON_NEGOTIATION);
		snprintf(line, sizeof(line), "ipcp: the server assigned %s, %s address: refused",
			 cases[i].addr, cases[i].why);
		assert_true(cp_rig_has_log(&R, line));
	}
}

/* The server's own request names the address its Nak gave us first: refused as well. */
static void test_peer_claims_our_address(void **state)
{
	char term[200];
	struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 21 03 01 00 0a 03 06 c0 a8 1e 0a"),
		EXPECT_TX("ff 03 80 21 01 02 00 16 03 06 c0 a8 1e 0a 81 06 00 00 00 00 83 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 01 01 00 0a 03 06 c0 a8 1e 0a"),
		EXPECT_TX(term),
		EXPECT_NO_TX(),
		END(),
	};

	(void)state;
	term_hex(3, "refused address 192.168.30.10 (the server's own)", term, sizeof(term));
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_reason(&I.fsm), SX_REASON_NEGOTIATION);
	assert_true(cp_rig_has_log(&R, "ipcp: the server assigned 192.168.30.10, the server's own "
			    "address: refused"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_softether, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_never_agreed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dns_nak_loop_converges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_address_acked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_dns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_address_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_claims_our_address, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
