// SPDX-License-Identifier: MIT
/* IPv6CP (RFC 5072) Interface-Identifier negotiation byte for byte, collisions included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/ipv6cp.h"
#include "tests/peer/cp_rig.h"

/*
 * The harness drives one struct ipv6cp with whole frames (FF 03 80 57 ...); events are fsm notes.
 * Randomness yields the identifiers 0011223344556677, 8899aabbccddeeff, 0102030405060708 in turn.
 */
static struct cp_rig R;
static struct ipv6cp V;
static unsigned rand_n;

static int rig_rand(void *c, uint8_t *buf, size_t len)
{
	static const uint64_t seq[] = {
		0x0011223344556677ull, 0x8899aabbccddeeffull, 0x0102030405060708ull,
	};
	uint64_t v = seq[rand_n++ % 3];

	(void)c;
	assert_int_equal(len, sizeof(v));
	memcpy(buf, &v, sizeof(v));
	return 0;
}

static void rig_start(void)
{
	assert_int_equal(ipv6cp_init(&V, &R.ctx, NULL), 0);
	cp_rig_start(&R, &V.fsm, PPP_IPV6CP);
}

static int setup(void **state)
{
	(void)state;
	rand_n = 0;
	memset(&V, 0, sizeof(V));
	cp_rig_setup(&R, rig_rand, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_rig_teardown(&R);
	return 0;
}

#define OUR_REQ1 "ff 03 80 57 01 01 00 0e 01 0a 00 11 22 33 44 55 66 77"

/* Both ids exchanged; the peer Naks ours with a suggestion, which we take. */
static void test_negotiation(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 02 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		SEND_RX("ff 03 80 57 03 01 00 0e 01 0a 12 34 56 78 9a bc de f0"),
		EXPECT_TX("ff 03 80 57 01 02 00 0e 01 0a 12 34 56 78 9a bc de f0"),
		SEND_RX("ff 03 80 57 02 02 00 0e 01 0a 12 34 56 78 9a bc de f0"),
		EXPECT_EVENT("up"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_state(&V.fsm), FSM_OPENED);
	assert_true(ipv6cp_id(&V) == 0x123456789abcdef0ull);
	assert_true(ipv6cp_peer_id(&V) == 0x02005efffe123456ull);
	assert_true(cp_rig_has_log(&R, "ipv6cp: sent Configure-Request id=1 <ifid 0011:2233:4455:6677>"));
}

/* RFC 5072 4.1: the peer's id equal to ours, or zero, is Nak'd with a new unique value. */
static void test_collision(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 00 11 22 33 44 55 66 77"),
		EXPECT_TX("ff 03 80 57 03 01 00 0e 01 0a 88 99 aa bb cc dd ee ff"),
		SEND_RX("ff 03 80 57 01 02 00 0e 01 0a 00 00 00 00 00 00 00 00"),
		EXPECT_TX("ff 03 80 57 03 02 00 0e 01 0a 01 02 03 04 05 06 07 08"),
		SEND_RX("ff 03 80 57 01 03 00 0e 01 0a 01 02 03 04 05 06 07 08"),
		EXPECT_TX("ff 03 80 57 02 03 00 0e 01 0a 01 02 03 04 05 06 07 08"),
		SEND_RX("ff 03 80 57 02 01 00 0e 01 0a 00 11 22 33 44 55 66 77"),
		EXPECT_EVENT("up"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
	assert_true(ipv6cp_id(&V) == 0x0011223344556677ull);
	assert_true(ipv6cp_peer_id(&V) == 0x0102030405060708ull);
}

/* A Nak suggesting the peer's own id is not taken: we pick a new random one instead. */
static void test_nak_with_peer_id(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 02 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		SEND_RX("ff 03 80 57 03 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 01 02 00 0e 01 0a 88 99 aa bb cc dd ee ff"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
	assert_true(cp_rig_has_log(&R, "ipv6cp: the server suggested interface identifier "
			    "0200:5eff:fe12:3456 (the server's own): refused, a random one is used"));
}

/* Hostile server: a Nak suggesting identifier zero is not taken either. */
static void test_nak_with_zero_id(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 03 01 00 0e 01 0a 00 00 00 00 00 00 00 00"),
		EXPECT_TX("ff 03 80 57 01 02 00 0e 01 0a 88 99 aa bb cc dd ee ff"),
		SEND_RX("ff 03 80 57 02 02 00 0e 01 0a 88 99 aa bb cc dd ee ff"),
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 02 01 00 0e 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_EVENT("up"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
	assert_true(ipv6cp_id(&V) == 0x8899aabbccddeeffull);
	assert_true(cp_rig_has_log(&R, "ipv6cp: the server suggested interface identifier "
			    "0000:0000:0000:0000 (zero): refused, a random one is used"));
}

/* IPv6-Compression-Protocol and unknown options are Rejected verbatim; a short ifid too. */
static void test_rejects(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 80 57 01 01 00 12 02 04 00 4f 01 0a 02 00 5e ff fe 12 34 56"),
		EXPECT_TX("ff 03 80 57 04 01 00 08 02 04 00 4f"),
		SEND_RX("ff 03 80 57 01 02 00 08 01 04 aa bb"),
		EXPECT_TX("ff 03 80 57 04 02 00 08 01 04 aa bb"),
		/* The peer rejects our ifid: we carry on with an empty request. */
		SEND_RX("ff 03 80 57 04 01 00 0e 01 0a 00 11 22 33 44 55 66 77"),
		EXPECT_TX("ff 03 80 57 01 02 00 04"),
		END(),
	};

	(void)state;
	rig_start();
	peer_run(&R.peer, steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_negotiation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nak_with_peer_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nak_with_zero_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejects, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
