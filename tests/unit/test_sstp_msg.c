// SPDX-License-Identifier: MIT
/* SSTP codec tests: framing, every message built and parsed back, every malformed case, data packets. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/peer/peer.h"

#include "sstp/sstp.h"

/* MS-SSTP 4.6 SHA256 example (also in sstp-facts.md). */
static const char connect_ack_hex[] =
	"10010030000200010004002800000002412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435";

static void expect_bad(const char *hex, const char *reason)
{
	uint8_t pkt[512];
	size_t n = peer_unhex(hex, pkt, sizeof(pkt), 0);
	struct sstp_msg m;
	const char *why = NULL;

	assert_int_equal(sstp_msg_parse(pkt, n, &m, &why), -EBADMSG);
	assert_non_null(why);
	assert_string_equal(why, reason);
}

static void test_connect_request_bytes(void **state)
{
	struct sstp_msg m = { .type = SSTP_MSG_CALL_CONNECT_REQUEST, .protocol_id = SSTP_ENCAP_PPP };
	uint8_t want[32], buf[64];
	size_t n = peer_unhex("10 01 00 0E 00 01 00 01 00 01 00 06 00 01", want, sizeof(want), 0);
	struct wire_w w = wire_w_init(buf, sizeof(buf));
	struct sstp_msg back;

	(void)state;
	assert_int_equal(sstp_msg_build(&m, &w), 0);
	assert_int_equal(w.off, n);
	assert_memory_equal(buf, want, n);
	assert_int_equal(sstp_msg_parse(buf, w.off, &back, NULL), 0);
	assert_int_equal(back.type, SSTP_MSG_CALL_CONNECT_REQUEST);
	assert_int_equal(back.protocol_id, 1);
}

static void test_parse_published_connect_ack(void **state)
{
	uint8_t pkt[64];
	size_t n = peer_unhex(connect_ack_hex, pkt, sizeof(pkt), 0);
	struct sstp_msg m;
	uint8_t nonce[32];

	(void)state;
	peer_unhex("412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435", nonce, 32, 0);
	assert_int_equal(sstp_msg_parse(pkt, n, &m, NULL), 0);
	assert_int_equal(m.type, SSTP_MSG_CALL_CONNECT_ACK);
	assert_int_equal(m.hash, SSTP_HASH_SHA256);
	assert_memory_equal(m.nonce, nonce, 32);
	assert_string_equal(sstp_hash_str(m.hash), "sha256");
}

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* Builds m, parses it back, compares the fields the type uses, and builds the copy again. */
static void round_trip(const struct sstp_msg *m, size_t want_len)
{
	uint8_t a[1024], b[1024];
	struct wire_w wa = wire_w_init(a, sizeof(a)), wb = wire_w_init(b, sizeof(b));
	struct sstp_msg back;
	const char *why = NULL;
	size_t plen;
	bool ctl;

	assert_int_equal(sstp_msg_build(m, &wa), 0);
	assert_int_equal(wa.off, want_len);
	assert_int_equal(sstp_msg_frame(a, wa.off, &plen, &ctl), 0);
	assert_int_equal(plen, want_len);
	assert_true(ctl);
	assert_int_equal(sstp_msg_parse(a, wa.off, &back, &why), 0);
	assert_null(why);
	assert_int_equal(back.type, m->type);
	assert_int_equal(back.n_status, m->n_status);
	for (size_t i = 0; i < m->n_status; i++) {
		assert_int_equal(back.status[i].attr_id, m->status[i].attr_id);
		assert_int_equal(back.status[i].status, m->status[i].status);
		assert_int_equal(back.status[i].value_len, m->status[i].value_len);
		assert_memory_equal(back.status[i].value, m->status[i].value, m->status[i].value_len);
	}
	assert_int_equal(sstp_msg_build(&back, &wb), 0);
	assert_int_equal(wb.off, wa.off);
	assert_memory_equal(a, b, wa.off);
}

static void test_round_trip_every_type(void **state)
{
	struct sstp_msg m;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.type = SSTP_MSG_CALL_CONNECT_ACK;
	m.hash = SSTP_HASH_SHA1 | SSTP_HASH_SHA256;
	fill(m.nonce, sizeof(m.nonce), 1);
	round_trip(&m, 48);

	memset(&m, 0, sizeof(m));
	m.type = SSTP_MSG_CALL_CONNECTED;
	m.hash = SSTP_HASH_SHA256;
	fill(m.nonce, 32, 2);
	fill(m.cert_hash, 32, 3);
	fill(m.mac, 32, 4);
	round_trip(&m, SSTP_CALL_CONNECTED_LEN);

	memset(&m, 0, sizeof(m));
	m.type = SSTP_MSG_CALL_CONNECT_NAK;
	m.n_status = 2;
	m.status[0] = (struct sstp_status_info){ .attr_id = 1, .status = 4, .value_len = 6 };
	memcpy(m.status[0].value, "\x00\x01\x00\x06\x00\x02", 6);
	m.status[1] = (struct sstp_status_info){ .attr_id = 9, .status = 0xdeadbeef,
						 .value_len = SSTP_STATUS_VALUE_MAX };
	fill(m.status[1].value, SSTP_STATUS_VALUE_MAX, 5);
	round_trip(&m, 8 + 18 + 76);

	for (unsigned t = SSTP_MSG_CALL_ABORT; t <= SSTP_MSG_CALL_DISCONNECT; t++) {
		memset(&m, 0, sizeof(m));
		m.type = (enum sstp_msg_type)t;
		round_trip(&m, 8);
		m.n_status = 1;
		m.status[0].status = SSTP_STATUS_NEGOTIATION_TIMEOUT;
		round_trip(&m, 20);
	}
	for (unsigned t = SSTP_MSG_CALL_DISCONNECT_ACK; t <= SSTP_MSG_ECHO_RESPONSE; t++) {
		memset(&m, 0, sizeof(m));
		m.type = (enum sstp_msg_type)t;
		round_trip(&m, 8);
		assert_string_not_equal(sstp_msg_type_str(t), "unknown");
	}
}

static void test_build_rejects(void **state)
{
	struct sstp_msg m = { .type = SSTP_MSG_CALL_CONNECT_NAK };
	uint8_t buf[128];
	struct wire_w w = wire_w_init(buf, sizeof(buf));

	(void)state;
	assert_int_equal(sstp_msg_build(&m, &w), -EINVAL);	/* Nak needs a Status Info */
	m.type = SSTP_MSG_CALL_ABORT;
	m.n_status = 2;
	assert_int_equal(sstp_msg_build(&m, &w), -EINVAL);	/* at most one */
	m.n_status = 1;
	m.status[0].value_len = SSTP_STATUS_VALUE_MAX + 1;
	assert_int_equal(sstp_msg_build(&m, &w), -EINVAL);
	m.type = (enum sstp_msg_type)10;
	assert_int_equal(sstp_msg_build(&m, &w), -EINVAL);
	m.type = SSTP_MSG_CALL_CONNECTED;
	w = wire_w_init(buf, 111);
	assert_int_equal(sstp_msg_build(&m, &w), -EMSGSIZE);
}

static void test_parse_malformed(void **state)
{
	(void)state;
	expect_bad("10 01 00 06 00 08", "too short for a control packet");
	expect_bad("11 01 00 08 00 08 00 00", "version is not 1.0");
	expect_bad("10 00 00 08 00 08 00 00", "not a control packet");
	expect_bad("10 01 00 09 00 08 00 00", "length field does not match the packet");
	expect_bad("10 01 00 0a 00 08 00 00", "length field does not match the packet");
	expect_bad("10 01 00 08 00 08 00 00 00", "length field does not match the packet");
	expect_bad("10 01 00 08 00 00 00 00", "unknown message type");
	expect_bad("10 01 00 08 00 0a 00 00", "unknown message type");
	expect_bad("10 01 00 08 ff ff 00 00", "unknown message type");
	/* Attribute count disagrees with the attributes present. */
	expect_bad("10 01 00 08 00 08 00 01", "attribute count does not match the attributes");
	expect_bad("10 01 00 0E 00 01 00 02 00 01 00 06 00 01",
		   "attribute count does not match the attributes");
	expect_bad("10 01 00 0E 00 01 00 00 00 01 00 06 00 01",
		   "attribute count does not match the attributes");
	/* Attribute lengths: past the end, shorter than the header, a stray byte after. */
	expect_bad("10 01 00 0E 00 01 00 01 00 01 00 07 00 01", "attribute length runs past the packet");
	expect_bad("10 01 00 0E 00 01 00 01 00 01 00 03 00 01", "attribute length runs past the packet");
	expect_bad("10 01 00 0F 00 01 00 01 00 01 00 06 00 01 00",
		   "attribute length runs past the packet");
	/* Wrong fixed sizes: Encapsulated Protocol Id of 8, Crypto Binding Request of 36. */
	expect_bad("10 01 00 10 00 01 00 01 00 01 00 08 00 01 00 00", "attribute has the wrong length");
	expect_bad("10 01 00 2C 00 02 00 01 00 04 00 24" "00000002" "00000000000000000000000000000000"
		   "000000000000000000000000", "attribute has the wrong length");
	/* Status Info shorter than 12 and longer than 76. */
	expect_bad("10 01 00 12 00 05 00 01 00 02 00 0a 00 00 00 00 00 00", "attribute has the wrong length");
	expect_bad("10 01 00 12 00 05 00 01 00 04 00 0a 00 00 00 00 00 00", "attribute not allowed in this message");
	expect_bad("10 01 00 12 00 05 00 01 00 05 00 0a 00 00 00 00 00 00", "unknown attribute");
	expect_bad("10 01 00 0c 00 05 00 01 00 00 00 04", "unknown attribute");
	/* Message-specific attribute sets. */
	expect_bad("10 01 00 08 00 02 00 00", "required attribute missing");
	expect_bad("10 01 00 08 00 03 00 00", "required attribute missing");
	expect_bad("10 01 00 08 00 04 00 00", "required attribute missing");
	expect_bad("10 01 00 08 00 01 00 00", "required attribute missing");
	expect_bad("10 01 00 20 00 05 00 02 00 02 00 0c 00 00 00 00 00 00 00 00"
		   "00 02 00 0c 00 00 00 00 00 00 00 00", "too many attributes");
	expect_bad("10 01 00 14 00 08 00 01 00 02 00 0c 00 00 00 00 00 00 00 00",
		   "attribute not allowed in this message");
	expect_bad("10 01 00 0c 00 07 00 01 00 01 00 04", "attribute not allowed in this message");
}

static void test_parse_status_and_reserved_bits(void **state)
{
	uint8_t pkt[128];
	size_t n;
	struct sstp_msg m;

	(void)state;
	/* Reserved top bits of both length fields are masked (MS-SSTP 2.2.1, 2.2.4). */
	n = peer_unhex("10 01 f0 16 00 05 00 01 00 02 f0 0e 00 00 00 03 00 00 00 07 ab cd", pkt, sizeof(pkt), 0);
	assert_int_equal(sstp_msg_parse(pkt, n, &m, NULL), 0);
	assert_int_equal(m.type, SSTP_MSG_CALL_ABORT);
	assert_int_equal(m.n_status, 1);
	assert_int_equal(m.status[0].attr_id, 3);
	assert_int_equal(m.status[0].status, 7);
	assert_int_equal(m.status[0].value_len, 2);
	assert_int_equal(m.status[0].value[1], 0xcd);
	/* Reserved bits in the second byte are ignored too; only the C bit counts. */
	pkt[1] = 0xff;
	assert_int_equal(sstp_msg_parse(pkt, n, &m, NULL), 0);
}

static void test_frame(void **state)
{
	uint8_t pkt[64];
	size_t n = peer_unhex(connect_ack_hex, pkt, sizeof(pkt), 0), plen = 0;
	bool ctl = false;

	(void)state;
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sstp_msg_frame(pkt, i, &plen, &ctl), -EAGAIN);
	assert_int_equal(sstp_msg_frame(pkt, n, &plen, &ctl), 0);
	assert_int_equal(plen, 48);
	assert_true(ctl);
	/* Followed by more stream bytes: still just the first packet. */
	assert_int_equal(sstp_msg_frame(pkt, sizeof(pkt), &plen, &ctl), 0);
	assert_int_equal(plen, 48);
	/* A data packet of 4 bytes is legal framing; a control one is not. */
	peer_unhex("10 00 f0 04", pkt, 4, 0);
	assert_int_equal(sstp_msg_frame(pkt, 4, &plen, &ctl), 0);
	assert_false(ctl);
	assert_int_equal(plen, 4);
	pkt[1] = 1;
	assert_int_equal(sstp_msg_frame(pkt, 4, &plen, &ctl), -EBADMSG);
	peer_unhex("10 00 00 03", pkt, 4, 0);
	assert_int_equal(sstp_msg_frame(pkt, 4, &plen, &ctl), -EBADMSG);
	pkt[0] = 0x20;
	assert_int_equal(sstp_msg_frame(pkt, 1, &plen, &ctl), -EBADMSG);
	assert_int_equal(sstp_msg_frame(pkt, 0, &plen, &ctl), -EAGAIN);
}

static void test_data(void **state)
{
	struct pkt_pool pool;
	struct pkt *p;
	const uint8_t *frame;
	size_t flen;
	uint8_t want[] = { 0x10, 0x00, 0x00, 0x0a, 0xff, 0x03, 0xc0, 0x21, 0x09, 0x01 };

	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 2, 4200), 0);
	p = pkt_pool_get(&pool, 16);
	assert_non_null(p);
	memcpy(pkt_put(p, 6), want + 4, 6);
	assert_int_equal(sstp_data_push(p), 0);
	assert_int_equal(p->len, 10);
	assert_memory_equal(pkt_data(p), want, 10);
	assert_int_equal(sstp_data_parse(pkt_data(p), p->len, &frame, &flen), 0);
	assert_int_equal(flen, 6);
	assert_ptr_equal(frame, pkt_data(p) + 4);
	pkt_pool_ret(&pool, p);
	/* No headroom left, then a packet too long for the 12-bit length. */
	p = pkt_pool_get(&pool, 2);
	assert_non_null(pkt_put(p, 4));
	assert_int_equal(sstp_data_push(p), -ENOBUFS);
	pkt_pool_ret(&pool, p);
	p = pkt_pool_get(&pool, 8);
	assert_non_null(pkt_put(p, 4092));
	assert_int_equal(sstp_data_push(p), -EMSGSIZE);
	assert_non_null(pkt_pull(p, 1));
	assert_int_equal(sstp_data_push(p), 0);
	assert_int_equal(wire_be16(pkt_data(p) + 2), 4095);
	/* Parse side: control packets, bad version, length mismatch. */
	assert_int_equal(sstp_data_parse(want, 9, &frame, &flen), -EBADMSG);
	want[1] = 1;
	assert_int_equal(sstp_data_parse(want, 10, &frame, &flen), -EBADMSG);
	want[1] = 0;
	want[0] = 0x11;
	assert_int_equal(sstp_data_parse(want, 10, &frame, &flen), -EBADMSG);
	assert_int_equal(sstp_data_parse(want, 3, &frame, &flen), -EBADMSG);
	pkt_pool_ret(&pool, p);
	pkt_pool_destroy(&pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_request_bytes),
		cmocka_unit_test(test_parse_published_connect_ack),
		cmocka_unit_test(test_round_trip_every_type),
		cmocka_unit_test(test_build_rejects),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_status_and_reserved_bits),
		cmocka_unit_test(test_frame),
		cmocka_unit_test(test_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
