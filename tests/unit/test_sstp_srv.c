// SPDX-License-Identifier: MIT
/* The server-role SSTP control machine byte for byte: Connect Ack/Nak, the MS-SSTP 4.6 binding vectors and their tamperings, timers on a virtual clock, fault knobs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sstp/srv.h"

/* MS-SSTP 4.6 "Crypto Binding" examples, as quoted in /work/shared/sstp-facts.md. */
#define HLAK256 "2A1BB40D55AB0F5EF32F06F2B3CC73C48FD3FAC41D7A1315A19228D9024CA164"
#define NONCE256 "412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435"
#define CERT256 "7993EF314C493DACE9F02D60E7E61C84B6690AAFE9D7AEEA92CBBE8AD599422D"
#define ACK256 "10010030000200010004002800000002" NONCE256
#define CC256 "10010070000400010003006800000002" NONCE256 CERT256 \
	"52A68EFD8CFFBF52770B8F0FE8EC73716583AF6D611EB6D179B3B20840985449"
#define HLAK1 "4B3128F43925D9006EEFB1C4E86515A1D88E56BAB3CA2BDF0373B7F5A8A13B19"
#define NONCE1 "0F1A2D58D4A3E3000FAD3CE4906E07B707AA9E441CCEAC5CBD7B2CC1C9D86CDF"
#define CERT1 "5826B629BDA59B8E6FD8DCD2622FD34C534805A5000000000000000000000000"
#define ACK1 "10010030000200010004002800000001" NONCE1
#define CC1 "10010070000400010003006800000001" NONCE1 CERT1 \
	"69915DD583D8062FEF16F61DB2F03290EC27CB6C000000000000000000000000"

#define CONNECT_REQUEST "1001000E000100010001000600 01"
#define ECHO_REQUEST "1001000800080000"
#define ECHO_RESPONSE "1001000800090000"
/* Call Abort with one Status Info: attribute, status. */
#define ABORT(attr, st) "10010014000500010002000C000000" attr "000000" st

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		assert_true(n < cap);
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void feed(struct sstp_srv *srv, const char *hex, uint64_t now)
{
	uint8_t buf[256];
	size_t n = unhex(hex, buf, sizeof(buf));

	assert_int_equal(sstp_srv_input(srv, buf, n, now), 0);
}

static void expect_tx(struct sstp_srv *srv, const char *hex)
{
	uint8_t want[256], got[SSTP_SRV_TX_MAX];
	size_t n = unhex(hex, want, sizeof(want)), len;

	assert_int_equal(sstp_srv_pop_tx(srv, got, sizeof(got), &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
}

static void expect_no_tx(struct sstp_srv *srv)
{
	uint8_t got[SSTP_SRV_TX_MAX];
	size_t len;

	assert_int_equal(sstp_srv_pop_tx(srv, got, sizeof(got), &len), -EAGAIN);
}

static struct sstp_srv_event expect_event(struct sstp_srv *srv, enum sstp_srv_event_type type)
{
	struct sstp_srv_event ev;

	assert_int_equal(sstp_srv_pop_event(srv, &ev), 0);
	assert_int_equal(ev.type, type);
	return ev;
}

static void expect_down(struct sstp_srv *srv, enum sx_reason reason, const char *text)
{
	struct sstp_srv_event ev = expect_event(srv, SSTP_SRV_EV_DOWN);

	assert_int_equal(ev.reason, reason);
	assert_string_equal(ev.text, text);
}

static void expect_no_event(struct sstp_srv *srv)
{
	struct sstp_srv_event ev;

	assert_int_equal(sstp_srv_pop_event(srv, &ev), -EAGAIN);
}

/* A server with the example's nonce and certificate hashes, offering `offer`, after the Ack. */
static void setup_srv(struct sstp_srv *srv, struct sstp_srv_cfg *cfg, uint8_t offer,
		      const char *nonce, const char *cert1, const char *cert256)
{
	cfg->offer = offer;
	unhex(nonce, cfg->nonce, sizeof(cfg->nonce));
	if (cert1)
		unhex(cert1, cfg->cert_sha1, sizeof(cfg->cert_sha1));
	if (cert256)
		unhex(cert256, cfg->cert_sha256, sizeof(cfg->cert_sha256));
	assert_int_equal(sstp_srv_init(srv, cfg), 0);
	assert_int_equal(sstp_srv_start(srv, 1000), 0);
	feed(srv, CONNECT_REQUEST, 1000);
	assert_int_equal(expect_event(srv, SSTP_SRV_EV_CALL_CONNECT).hash, offer);
}

static void set_hlak(struct sstp_srv *srv, const char *hex, uint64_t now)
{
	uint8_t hlak[CBIND_HLAK_LEN];

	unhex(hex, hlak, sizeof(hlak));
	assert_int_equal(sstp_srv_set_hlak(srv, hlak, now), 0);
}

static void connect_ack_both(void **state)
{
	struct sstp_srv_cfg cfg = { 0 };
	struct sstp_srv srv;

	(void)state;
	/* offer 0 means both: bitmask 03 with the injected nonce. */
	setup_srv(&srv, &cfg, 0 | SSTP_HASH_SHA1 | SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(&srv, "10010030000200010004002800000003" NONCE256);
	expect_no_tx(&srv);
	assert_int_equal(sstp_srv_state(&srv), SSTP_SRV_CONNECTED_PENDING);
}

/* MS-SSTP 4.6, SHA256: the Ack is the published one; the published Call Connected binds. */
static void vector_sha256(void **state)
{
	struct sstp_srv_cfg cfg = { 0 };
	struct sstp_srv srv;

	(void)state;
	setup_srv(&srv, &cfg, SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(&srv, ACK256);
	set_hlak(&srv, HLAK256, 2000);
	feed(&srv, CC256, 2100);
	assert_int_equal(expect_event(&srv, SSTP_SRV_EV_BOUND).hash, SSTP_HASH_SHA256);
	expect_no_tx(&srv);
	assert_int_equal(sstp_srv_state(&srv), SSTP_SRV_CONNECTED);
	/* hello_idle_ms 0: no Echo Request ever, no deadline. */
	assert_int_equal(sstp_srv_next_deadline(&srv), 0);
}

/* MS-SSTP 4.6, SHA1 only; here Call Connected arrives before the HLAK and is held. */
static void vector_sha1_before_hlak(void **state)
{
	struct sstp_srv_cfg cfg = { 0 };
	struct sstp_srv srv;

	(void)state;
	setup_srv(&srv, &cfg, SSTP_HASH_SHA1, NONCE1, CERT1, NULL);
	expect_tx(&srv, ACK1);
	feed(&srv, CC1, 2000);
	expect_no_event(&srv);
	set_hlak(&srv, HLAK1, 2100);
	assert_int_equal(expect_event(&srv, SSTP_SRV_EV_BOUND).hash, SSTP_HASH_SHA1);
	expect_no_tx(&srv);
}

struct tamper {
	uint8_t offer;
	size_t off;		/* byte of the Call Connected flipped */
	uint8_t set;		/* new value (xor 0x01 if 0) */
	const char *abort;
	const char *text;
};

static void run_tamper(const struct tamper *t, bool hlak_first)
{
	struct sstp_srv_cfg cfg = { .abort1_ms = 3000 };
	uint8_t cc[SSTP_CALL_CONNECTED_LEN];
	struct sstp_srv srv;

	/* The SHA1 slot holds the same bytes, so a SHA1 claim gets past the certificate check. */
	setup_srv(&srv, &cfg, t->offer, NONCE256, CERT256, CERT256);
	expect_tx(&srv, t->offer == SSTP_HASH_SHA256 ? ACK256 :
		  "10010030000200010004002800000003" NONCE256);
	unhex(CC256, cc, sizeof(cc));
	cc[t->off] = t->set ? t->set : (uint8_t)(cc[t->off] ^ 1);
	if (hlak_first)
		set_hlak(&srv, HLAK256, 1500);
	assert_int_equal(sstp_srv_input(&srv, cc, sizeof(cc), 2000), 0);
	if (!hlak_first) {
		expect_no_tx(&srv);
		set_hlak(&srv, HLAK256, 2000);
	}
	expect_tx(&srv, t->abort);
	expect_down(&srv, SX_REASON_PROTOCOL, t->text);
	assert_int_equal(sstp_srv_state(&srv), SSTP_SRV_ABORT_SENT);
	/* MS-SSTP 3.1.2.1: abort timer 1, then the connection is cleared. */
	assert_int_equal(sstp_srv_next_deadline(&srv), 5000);
	sstp_srv_tick(&srv, 5000);
	expect_event(&srv, SSTP_SRV_EV_FINISHED);
	expect_no_event(&srv);
}

static const struct tamper tampers[] = {
	{ SSTP_HASH_SHA256, 20, 0, ABORT("03", "07"), "binding: nonce mismatch" },
	{ SSTP_HASH_SHA256, 50, 0, ABORT("03", "07"), "binding: certificate hash mismatch" },
	{ SSTP_HASH_SHA256, 100, 0, ABORT("03", "07"), "binding: MAC mismatch" },
	/* A SHA1 binding when only SHA256 was offered. */
	{ SSTP_HASH_SHA256, 15, 0x01, ABORT("03", "04"), "binding: hash not offered" },
	/* Both offered, SHA1 claimed: a valid type, but the MAC was made with SHA256. */
	{ SSTP_HASH_SHA1 | SSTP_HASH_SHA256, 15, 0x01, ABORT("03", "07"), "binding: MAC mismatch" },
	/* A bitmask of both is no single hash protocol (MS-SSTP 2.2.7). */
	{ SSTP_HASH_SHA1 | SSTP_HASH_SHA256, 15, 0x03, ABORT("03", "04"),
	  "binding: hash not offered" },
};

static void binding_tampered(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(tampers) / sizeof(tampers[0]); i++) {
		run_tamper(&tampers[i], true);
		run_tamper(&tampers[i], false);
	}
}

/* A wrong HLAK shows up as a MAC mismatch. */
static void binding_wrong_hlak(void **state)
{
	struct sstp_srv_cfg cfg = { 0 };
	struct sstp_srv srv;

	(void)state;
	setup_srv(&srv, &cfg, SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(&srv, ACK256);
	set_hlak(&srv, HLAK1, 1500);
	feed(&srv, CC256, 2000);
	expect_tx(&srv, ABORT("03", "07"));
	expect_down(&srv, SX_REASON_PROTOCOL, "binding: MAC mismatch");
}

static void negotiation_timeout(void **state)
{
	struct sstp_srv_cfg cfg = { .negotiation_ms = 60000 };
	struct sstp_srv srv;

	(void)state;
	setup_srv(&srv, &cfg, SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(&srv, ACK256);
	assert_int_equal(sstp_srv_next_deadline(&srv), 61000);
	sstp_srv_tick(&srv, 60999);
	expect_no_tx(&srv);
	sstp_srv_tick(&srv, 61000);
	/* MS-SSTP 2.2.8 ATTRIB_STATUS_NEGOTIATION_TIMEOUT (8). */
	expect_tx(&srv, ABORT("00", "08"));
	expect_down(&srv, SX_REASON_TIMEOUT, "negotiation: no Call Connected");
	/* Call Connected held without an HLAK does not stop the timer either. */
	setup_srv(&srv, &cfg, SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(&srv, ACK256);
	feed(&srv, CC256, 2000);
	sstp_srv_tick(&srv, 61000);
	expect_tx(&srv, ABORT("00", "08"));
	/* And no Call Connect Request at all. */
	assert_int_equal(sstp_srv_init(&srv, &cfg), 0);
	assert_int_equal(sstp_srv_start(&srv, 0), 0);
	sstp_srv_tick(&srv, 60000);
	expect_tx(&srv, ABORT("00", "08"));
	expect_down(&srv, SX_REASON_TIMEOUT, "negotiation: no Call Connect Request");
}

static void bound(struct sstp_srv *srv, struct sstp_srv_cfg *cfg)
{
	setup_srv(srv, cfg, SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(srv, ACK256);
	set_hlak(srv, HLAK256, 1000);
	feed(srv, CC256, 1000);
	expect_event(srv, SSTP_SRV_EV_BOUND);
}

static void echo_both_ways(void **state)
{
	struct sstp_srv_cfg cfg = { .hello_idle_ms = 5000, .hello_wait_ms = 3000 };
	struct sstp_srv srv;

	(void)state;
	bound(&srv, &cfg);
	/* The client's Echo Request is answered at once. */
	feed(&srv, ECHO_REQUEST, 2000);
	expect_tx(&srv, ECHO_RESPONSE);
	/* Ours after 5 s idle, counted from the last packet received. */
	assert_int_equal(sstp_srv_next_deadline(&srv), 7000);
	sstp_srv_tick(&srv, 6999);
	expect_no_tx(&srv);
	sstp_srv_tick(&srv, 7000);
	expect_tx(&srv, ECHO_REQUEST);
	assert_int_equal(sstp_srv_next_deadline(&srv), 10000);
	feed(&srv, ECHO_RESPONSE, 8000);
	assert_int_equal(sstp_srv_next_deadline(&srv), 13000);
	sstp_srv_tick(&srv, 13000);
	expect_tx(&srv, ECHO_REQUEST);
	/* Data counts as life too. */
	sstp_srv_note_rx(&srv, 14000);
	assert_int_equal(sstp_srv_next_deadline(&srv), 19000);
	sstp_srv_tick(&srv, 19000);
	expect_tx(&srv, ECHO_REQUEST);
	/* Silence: down without a message (MS-SSTP 3.1.2.3). */
	sstp_srv_tick(&srv, 21999);
	expect_no_event(&srv);
	sstp_srv_tick(&srv, 22000);
	expect_down(&srv, SX_REASON_PEER_SILENT, "hello: peer silent");
	expect_event(&srv, SSTP_SRV_EV_FINISHED);
	expect_no_tx(&srv);
	assert_int_equal(sstp_srv_next_deadline(&srv), 0);
}

static void fault_no_echo_reply_and_silent(void **state)
{
	struct sstp_srv_cfg cfg = { .hello_idle_ms = 5000, .faults = SSTP_SRV_F_NO_ECHO_REPLY };
	struct sstp_srv srv;

	(void)state;
	bound(&srv, &cfg);
	feed(&srv, ECHO_REQUEST, 2000);
	expect_no_tx(&srv);
	sstp_srv_set_faults(&srv, SSTP_SRV_F_SILENT);
	sstp_srv_tick(&srv, 7000);
	expect_no_tx(&srv);
	sstp_srv_set_faults(&srv, 0);
	feed(&srv, ECHO_REQUEST, 8000);
	expect_tx(&srv, ECHO_RESPONSE);
}

static void connect_nak_not_ppp(void **state)
{
	struct sstp_srv_cfg cfg = { 0 };
	struct sstp_srv srv;

	(void)state;
	assert_int_equal(sstp_srv_init(&srv, &cfg), 0);
	assert_int_equal(sstp_srv_start(&srv, 0), 0);
	feed(&srv, "1001000E00010001000100060002", 10);
	/* Status Info: attribute 1, ATTRIB_STATUS_VALUE_NOT_SUPPORTED (4), the value received. */
	expect_tx(&srv, "10010016 00030001 0002000E 00000001 00000004 0002");
	expect_down(&srv, SX_REASON_CONNECT_NAK, "request: protocol not PPP");
	expect_event(&srv, SSTP_SRV_EV_FINISHED);
	assert_int_equal(sstp_srv_state(&srv), SSTP_SRV_FINISHED);
}

static void client_disconnect_and_abort(void **state)
{
	struct sstp_srv_cfg cfg = { .disconnect2_ms = 1000, .abort2_ms = 1000 };
	struct sstp_srv_event ev;
	struct sstp_srv srv;

	(void)state;
	bound(&srv, &cfg);
	feed(&srv, "10010014000600010002000C0000000000000000", 3000);
	expect_tx(&srv, "1001000800070000");
	ev = expect_event(&srv, SSTP_SRV_EV_DOWN);
	assert_int_equal(ev.reason, SX_REASON_SERVER_DISCONNECT);
	assert_true(ev.has_status);
	assert_int_equal(sstp_srv_next_deadline(&srv), 4000);
	sstp_srv_tick(&srv, 4000);
	expect_event(&srv, SSTP_SRV_EV_FINISHED);

	bound(&srv, &cfg);
	feed(&srv, ABORT("00", "05"), 3000);
	expect_tx(&srv, ABORT("00", "00"));
	expect_down(&srv, SX_REASON_SERVER_ABORT, "peer: Call Abort");
	sstp_srv_tick(&srv, 4000);
	expect_event(&srv, SSTP_SRV_EV_FINISHED);
}

static void protocol_errors(void **state)
{
	struct sstp_srv_cfg cfg = { 0 };
	struct sstp_srv srv;

	(void)state;
	/* A second Call Connect Request is out of order. */
	setup_srv(&srv, &cfg, SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(&srv, ACK256);
	feed(&srv, CONNECT_REQUEST, 1100);
	expect_tx(&srv, ABORT("00", "05"));
	expect_down(&srv, SX_REASON_PROTOCOL, "protocol: unexpected message");
	/* A malformed packet: ATTRIB_STATUS_INVALID_FRAME_RECEIVED. */
	setup_srv(&srv, &cfg, SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(&srv, ACK256);
	feed(&srv, "1001000900080000 00", 1100);
	expect_tx(&srv, ABORT("00", "07"));
	expect_down(&srv, SX_REASON_PROTOCOL, "protocol: malformed packet");
	/* Echo Request before the Call Connect Request is out of order; after it, it is answered. */
	assert_int_equal(sstp_srv_init(&srv, &cfg), 0);
	assert_int_equal(sstp_srv_start(&srv, 0), 0);
	feed(&srv, ECHO_REQUEST, 10);
	expect_tx(&srv, ABORT("00", "05"));
	setup_srv(&srv, &cfg, SSTP_HASH_SHA256, NONCE256, NULL, CERT256);
	expect_tx(&srv, ACK256);
	feed(&srv, ECHO_REQUEST, 1100);
	expect_tx(&srv, ECHO_RESPONSE);
	assert_int_equal(sstp_srv_state(&srv), SSTP_SRV_CONNECTED_PENDING);
	/* A second Call Connected while one is held aborts. */
	feed(&srv, CC256, 1200);
	feed(&srv, CC256, 1300);
	expect_tx(&srv, ABORT("00", "05"));
	/* set_hlak outside Call_Connected_Pending is refused. */
	assert_int_equal(sstp_srv_set_hlak(&srv, cfg.nonce, 1400), -EPROTO);
	/* Input before start is refused. */
	assert_int_equal(sstp_srv_init(&srv, &cfg), 0);
	assert_int_equal(sstp_srv_input(&srv, (const uint8_t *)"x", 1, 0), -EINVAL);
	cfg.offer = 0x04;
	assert_int_equal(sstp_srv_init(&srv, &cfg), -EINVAL);
}

static void fault_timers_and_local_close(void **state)
{
	struct sstp_srv_cfg cfg = { .abort_after_ms = 10000, .hello_idle_ms = 60000 };
	struct sstp_srv srv;

	(void)state;
	bound(&srv, &cfg);
	assert_int_equal(sstp_srv_next_deadline(&srv), 11000);
	sstp_srv_tick(&srv, 11000);
	expect_tx(&srv, ABORT("00", "00"));
	expect_down(&srv, SX_REASON_USER, "fault: abort after connected");

	cfg.abort_after_ms = 0;
	cfg.disconnect_after_ms = 2000;
	bound(&srv, &cfg);
	sstp_srv_tick(&srv, 3000);
	expect_tx(&srv, "10010014000600010002000C0000000000000000");
	expect_down(&srv, SX_REASON_USER, "local: disconnect");
	feed(&srv, "1001000800070000", 3100);
	expect_event(&srv, SSTP_SRV_EV_FINISHED);

	cfg.disconnect_after_ms = 0;
	bound(&srv, &cfg);
	sstp_srv_abort(&srv, SSTP_STATUS_RETRY_COUNT_EXCEEDED, 2000);
	expect_tx(&srv, ABORT("00", "06"));
	expect_down(&srv, SX_REASON_USER, "local: abort");
}

static void inject_malformed(void **state)
{
	struct sstp_srv_cfg cfg = { 0 };
	uint8_t buf[SSTP_SRV_TX_MAX];
	struct sstp_srv srv;
	struct sstp_msg m;
	size_t len, plen;
	bool control;

	(void)state;
	assert_int_equal(sstp_srv_init(&srv, &cfg), 0);
	assert_int_equal(sstp_srv_inject(&srv, SSTP_SRV_FAULT_TRUNCATED), 0);
	assert_int_equal(sstp_srv_inject(&srv, SSTP_SRV_FAULT_WRONG_VERSION), 0);
	assert_int_equal(sstp_srv_inject(&srv, SSTP_SRV_FAULT_WRONG_LENGTH), 0);
	assert_int_equal(sstp_srv_inject(&srv, SSTP_SRV_FAULT_OVERSIZED), 0);
	expect_tx(&srv, "1001000C000200010004 0028");
	expect_tx(&srv, "1101000800080000");
	expect_tx(&srv, "1001000600080000");
	/* The queue keeps the header and counts the zeros after it: pop writes them all. */
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(sstp_srv_pop_tx(&srv, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, SSTP_MAX_LEN);
	assert_memory_equal(buf, "\x10\x01\x0f\xff\x00\x08\x00\x00", 8);
	for (size_t i = 8; i < len; i++)
		assert_int_equal(buf[i], 0);
	/* Framing accepts it, the parser refuses it: no control message is that long. */
	assert_int_equal(sstp_msg_frame(buf, len, &plen, &control), 0);
	assert_int_equal(plen, SSTP_MAX_LEN);
	assert_int_equal(sstp_msg_parse(buf, len, &m, NULL), -EBADMSG);
	assert_int_equal(sstp_msg_frame((const uint8_t *)"\x11\x01\x00\x08", 4, &plen, &control),
			 -EBADMSG);
	assert_int_equal(sstp_msg_frame((const uint8_t *)"\x10\x01\x00\x06", 4, &plen, &control),
			 -EBADMSG);
	assert_int_equal(sstp_msg_parse((const uint8_t *)"\x10\x01\x00\x0c\x00\x02\x00\x01"
					"\x00\x04\x00\x28", 12, &m, NULL), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(connect_ack_both),
		cmocka_unit_test(vector_sha256),
		cmocka_unit_test(vector_sha1_before_hlak),
		cmocka_unit_test(binding_tampered),
		cmocka_unit_test(binding_wrong_hlak),
		cmocka_unit_test(negotiation_timeout),
		cmocka_unit_test(echo_both_ways),
		cmocka_unit_test(fault_no_echo_reply_and_silent),
		cmocka_unit_test(connect_nak_not_ppp),
		cmocka_unit_test(client_disconnect_and_abort),
		cmocka_unit_test(protocol_errors),
		cmocka_unit_test(fault_timers_and_local_close),
		cmocka_unit_test(inject_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
