// SPDX-License-Identifier: MIT
/*
 * TLS-in-EAP fragments (ppp/eap_frag.c): messages cut at every fragment size and reassembled
 * (RFC 5216 2.1.5: L on the first fragment, M on all but the last), PEAP's version bits and its
 * always-present length (MS-PEAP 3.1.5.2; an empty message is the Flags octet alone), SoftEther's flag-less acknowledgement, and every
 * malformed shape: short length field, a zero or changing length, too much or too little data,
 * M on the last octet, a message larger than the buffer; and the turns of the receive step.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/eap_frag.h"
#include "tests/peer/peer.h"

static uint8_t msg[3000];
static uint8_t rxbuf[4096];

static void fill(void)
{
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
}

/* Cuts len octets of msg into packets of at most room octets and reassembles them. */
static void round_trip(size_t len, size_t room, uint8_t version, bool always_length)
{
	struct eap_frag_tx tx;
	struct eap_frag_rx rx;
	uint8_t pkt[4200], flags;
	enum eap_frag_kind kind = EAP_FRAG_ACK;
	unsigned n = 0;
	long got;

	eap_frag_tx_init(&tx, msg, len, version, always_length);
	eap_frag_rx_init(&rx, rxbuf, sizeof(rxbuf));
	while ((got = eap_frag_tx_next(&tx, pkt, room)) > 0) {
		bool last = !eap_frag_tx_pending(&tx);

		assert_true((size_t)got <= room);
		assert_int_equal(pkt[0] & EAP_FRAG_VERSION, version);
		assert_int_equal(!!(pkt[0] & EAP_FRAG_M), !last);
		/* L exactly on the first packet of a fragmented message, or always when asked. */
		assert_int_equal(!!(pkt[0] & EAP_FRAG_L), n == 0 && len && (!last || always_length));
		assert_int_equal(eap_frag_input(&rx, pkt, (size_t)got, &flags, &kind), 0);
		assert_int_equal(flags, pkt[0]);
		assert_int_equal(kind, last ? (len ? EAP_FRAG_MESSAGE : EAP_FRAG_ACK) : EAP_FRAG_PARTIAL);
		n++;
	}
	assert_int_equal(got, 0);
	assert_int_equal(rx.len, len);
	assert_memory_equal(rxbuf, msg, len);
	assert_false(rx.busy);
}

static void test_every_fragment_size(void **state)
{
	static const size_t lens[] = { 0, 1, 2, 5, 100, 1404 };

	(void)state;
	fill();
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		for (size_t room = EAP_FRAG_HDR_MAX + 1; room <= lens[i] + 7; room++) {
			round_trip(lens[i], room, 0, false);
			round_trip(lens[i], room, 0, true);
			round_trip(lens[i], room, 1, true);
		}
	round_trip(sizeof(msg), 1400, 0, false);
	round_trip(sizeof(msg), 586, 0, true);
}

static void test_room_too_small(void **state)
{
	struct eap_frag_tx tx;
	uint8_t out[8];

	(void)state;
	eap_frag_tx_init(&tx, msg, 10, 0, false);
	assert_int_equal(eap_frag_tx_next(&tx, out, EAP_FRAG_HDR_MAX), -EINVAL);
	assert_true(eap_frag_tx_pending(&tx));
	assert_int_equal(eap_frag_ack(0x21), 1);
}

static int feed(struct eap_frag_rx *rx, const char *hex, enum eap_frag_kind *kind)
{
	uint8_t buf[64], flags;
	size_t n = peer_unhex(hex, buf, sizeof(buf), 0);

	return eap_frag_input(rx, buf, n, &flags, kind);
}

/* SoftEther 5.01 acknowledges a fragment with no Flags octet at all; a Start has S alone. */
static void test_acks(void **state)
{
	struct eap_frag_rx rx;
	enum eap_frag_kind kind;
	uint8_t flags = 0xff;

	(void)state;
	eap_frag_rx_init(&rx, rxbuf, sizeof(rxbuf));
	assert_int_equal(eap_frag_input(&rx, NULL, 0, &flags, &kind), 0);
	assert_int_equal(flags, 0);
	assert_int_equal(kind, EAP_FRAG_ACK);
	assert_int_equal(feed(&rx, "20", &kind), 0);
	assert_int_equal(kind, EAP_FRAG_ACK);
	assert_int_equal(feed(&rx, "00", &kind), 0);
	assert_int_equal(kind, EAP_FRAG_ACK);
}

static void test_malformed(void **state)
{
	static const struct {
		const char *first, *second;
		int err;
	} cases[] = {
		{ "80 00 00", NULL, -EBADMSG },				/* length cut short */
		{ "80 00 00 00 00 aa", NULL, -EBADMSG },		/* L with length 0 */
		{ "80 00 00 00 02 aa bb cc", NULL, -EBADMSG },		/* more than announced */
		{ "80 00 00 00 03 aa bb", NULL, -EBADMSG },		/* ends short without M */
		{ "c0 00 00 00 02 aa bb", NULL, -EBADMSG },		/* M on the last octet */
		{ "c0 00 00 00 04 aa", "c0 00 00 00 05 bb", -EBADMSG },	/* the length changes */
		{ "40 aa", "80 00 00 00 02 bb", -EBADMSG },		/* L after the first */
		{ "c0 00 00 00 04 aa", "00", -EBADMSG },		/* an ACK mid-message */
		{ "c0 00 00 00 04 aa", "00 bb cc dd ee", -EBADMSG },	/* past the total */
		{ "80 00 00 20 00 aa", NULL, -EMSGSIZE },		/* larger than the buffer */
	};
	struct eap_frag_rx rx;
	enum eap_frag_kind kind;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		eap_frag_rx_init(&rx, rxbuf, 16);
		if (cases[i].second) {
			assert_int_equal(feed(&rx, cases[i].first, &kind), 0);
			assert_int_equal(feed(&rx, cases[i].second, &kind), cases[i].err);
		} else {
			assert_int_equal(feed(&rx, cases[i].first, &kind), cases[i].err);
		}
		/* The message in progress is dropped: a fresh one reassembles. */
		assert_false(rx.busy);
		assert_int_equal(rx.len, 0);
		assert_int_equal(feed(&rx, "00 01 02", &kind), 0);
		assert_int_equal(kind, EAP_FRAG_MESSAGE);
	}
	/* Without L, the buffer still bounds the message. */
	eap_frag_rx_init(&rx, rxbuf, 4);
	assert_int_equal(feed(&rx, "40 01 02 03", &kind), 0);
	assert_int_equal(feed(&rx, "00 04 05", &kind), -EMSGSIZE);
}

/* RFC 5216 2.1.5: while our fragments are out, the other side only acknowledges them. */
static void test_turns(void **state)
{
	static const char *const not_acks[] = { "c0 00 00 00 04 aa", "00 aa bb" };
	uint8_t buf[16], flags;
	struct eap_frag_rx rx;
	enum eap_frag_kind kind;
	size_t n;

	(void)state;
	eap_frag_rx_init(&rx, rxbuf, sizeof(rxbuf));
	assert_int_equal(eap_frag_recv(&rx, true, NULL, 0, &flags, &kind), 0);
	assert_int_equal(kind, EAP_FRAG_ACK);
	for (size_t i = 0; i < sizeof(not_acks) / sizeof(not_acks[0]); i++) {
		n = peer_unhex(not_acks[i], buf, sizeof(buf), 0);
		assert_int_equal(eap_frag_recv(&rx, true, buf, n, &flags, &kind), -EPROTO);
		assert_false(rx.busy);
		assert_int_equal(rx.len, 0);
		assert_int_equal(eap_frag_recv(&rx, false, buf, n, &flags, &kind), 0);
		eap_frag_rx_reset(&rx);
	}
	/* Its own errors come first, as eap_frag_input has them. */
	n = peer_unhex("80 00 00", buf, sizeof(buf), 0);
	assert_int_equal(eap_frag_recv(&rx, true, buf, n, &flags, &kind), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fragment_size),
		cmocka_unit_test(test_room_too_small),
		cmocka_unit_test(test_acks),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_turns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
