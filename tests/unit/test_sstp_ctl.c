// SPDX-License-Identifier: MIT
/* The SSTP client control machine against scripted servers on a virtual clock (tests/peer harness). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sstp/sstp.h"
#include "tests/peer/link_peer.h"
#include "tests/peer/peer.h"

/* Packets, as hex. */
#define CONNECT_REQUEST "10 01 00 0e 00 01 00 01 00 01 00 06 00 01"
#define NONCE "412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435"
#define ACK_SHA256 "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 02" NONCE
#define ACK_BOTH "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 03" NONCE
#define ACK_SHA1 "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 01" NONCE
#define ACK_NONE "10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 00" NONCE
#define ECHO_REQUEST "10 01 00 08 00 08 00 00"
#define ECHO_RESPONSE "10 01 00 08 00 09 00 00"
#define DISCONNECT_ACK "10 01 00 08 00 07 00 00"
/* Call Abort / Call Disconnect with one Status Info (attribute 0, the given status). */
#define ABORT(st) "10 01 00 14 00 05 00 01 00 02 00 0c 00 00 00 00 00 00 00 " st
#define DISCONNECT "10 01 00 14 00 06 00 01 00 02 00 0c 00 00 00 00 00 00 00 00"
#define WILD32 ".. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. " \
	       ".. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .."
#define CERT256 "11111111111111111111111111111111" "11111111111111111111111111111111"
#define CERT1 "2222222222222222222222222222222222222222" "000000000000000000000000"
#define CONNECTED(h, cert) "10 01 00 70 00 04 00 01 00 03 00 68 00 00 00 " h NONCE cert WILD32

static int op_input(void *core, const uint8_t *buf, size_t len, uint64_t now)
{
	return sstp_ctl_input(core, buf, len, now);
}

static void op_tick(void *core, uint64_t now)
{
	uint64_t d;

	assert_int_equal(sstp_ctl_tick(core, now), 0);
	d = sstp_ctl_next_deadline(core);
	assert_true(d == 0 || d > now);
}

static uint64_t op_next_deadline(void *core)
{
	return sstp_ctl_next_deadline(core);
}

static long op_pop_tx(void *core, uint8_t *buf, size_t cap)
{
	size_t len;
	int ret = sstp_ctl_pop_tx(core, buf, cap, &len);

	if (ret == -EAGAIN)
		return 0;
	return ret < 0 ? ret : (long)len;
}

/* "connect-ack sha256", "connected sha1", "down server-abort status=7 attr=3", "finished". */
static bool op_pop_event(void *core, char *buf, size_t cap)
{
	struct sstp_event ev;

	if (sstp_ctl_pop_event(core, &ev))
		return false;
	switch (ev.type) {
	case SSTP_EV_CONNECT_ACK:
		snprintf(buf, cap, "connect-ack %s", sstp_hash_str(ev.hash));
		break;
	case SSTP_EV_CONNECTED:
		snprintf(buf, cap, "connected %s", sstp_hash_str(ev.hash));
		break;
	case SSTP_EV_DOWN:
		if (ev.has_status)
			snprintf(buf, cap, "down %s status=%u attr=%u", peer_reason_name(ev.reason),
				 (unsigned)ev.status.status, (unsigned)ev.status.attr_id);
		else
			snprintf(buf, cap, "down %s", peer_reason_name(ev.reason));
		break;
	case SSTP_EV_FINISHED:
		snprintf(buf, cap, "finished");
		break;
	}
	return true;
}

static const struct peer_ops ctl_ops = {
	.input = op_input,
	.tick = op_tick,
	.next_deadline = op_next_deadline,
	.pop_tx = op_pop_tx,
	.pop_event = op_pop_event,
};

static char logbuf[8192];

static void capture(void *ctx, enum sx_level level, const char *line)
{
	(void)ctx;
	(void)level;
	strncat(logbuf, line, sizeof(logbuf) - strlen(logbuf) - 2);
	strcat(logbuf, "\n");
}

static const uint8_t hlak[32] = { 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5,
				  0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a,
				  0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a, 0xa5, 0x5a };

struct fixture {
	struct sstp_ctl ctl;
	struct peer peer;
};

static int setup(void **state)
{
	static struct fixture f;
	struct sstp_ctl_cfg cfg = { .log = { .fn = capture, .max = SX_LOG_TRACE } };
	uint8_t h1[32] = { 0 }, h256[32];

	memset(&f, 0, sizeof(f));
	logbuf[0] = '\0';
	assert_int_equal(sstp_ctl_init(&f.ctl, &cfg), 0);
	memset(h256, 0x11, sizeof(h256));
	memset(h1, 0x22, 20);
	assert_int_equal(sstp_ctl_set_cert_hash(&f.ctl, CBIND_SHA256, h256), 0);
	assert_int_equal(sstp_ctl_set_cert_hash(&f.ctl, CBIND_SHA1, h1), 0);
	f.peer = (struct peer){ .ops = &ctl_ops, .core = &f.ctl, .now = 1000 };
	assert_int_equal(sstp_ctl_start(&f.ctl, f.peer.now), 0);
	*state = &f;
	return 0;
}

/* Start, Connect Ack (SHA256), bind: the common prefix of most tests. */
static void connect(struct fixture *f)
{
	static const struct peer_step steps[] = {
		EXPECT_TX(CONNECT_REQUEST),
		SEND_RX(ACK_SHA256),
		EXPECT_EVENT("connect-ack sha256"),
		EXPECT_NO_TX(),
		END(),
	};
	static const struct peer_step after[] = {
		EXPECT_TX(CONNECTED("02", CERT256)),
		EXPECT_EVENT("connected sha256"),
		EXPECT_NO_EVENT(),
		END(),
	};

	peer_run(&f->peer, steps);
	assert_int_equal(sstp_ctl_bind(&f->ctl, hlak, f->peer.now), 0);
	peer_run(&f->peer, after);
	assert_int_equal(sstp_ctl_state(&f->ctl), SSTP_CTL_CONNECTED);
}

static void test_connect_and_echo_timing(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		/* Hello: an Echo Request after 10 s without any packet, not a millisecond earlier. */
		ADVANCE(9999), EXPECT_NO_TX(),
		ADVANCE(1), EXPECT_TX(ECHO_REQUEST),
		ADVANCE(500), SEND_RX(ECHO_RESPONSE),
		ADVANCE(9999), EXPECT_NO_TX(),
		ADVANCE(1), EXPECT_TX(ECHO_REQUEST),
		/* Peer silent: down within 10 s of the Echo Request, and nothing else sent. */
		ADVANCE(9999), EXPECT_NO_EVENT(),
		ADVANCE(1), EXPECT_EVENT("down peer-silent"), EXPECT_EVENT("finished"),
		EXPECT_NO_TX(), ADVANCE(100000), EXPECT_NO_TX(), EXPECT_NO_EVENT(),
		END(),
	};

	connect(f);
	peer_run(&f->peer, steps);
	assert_int_equal(sstp_ctl_next_deadline(&f->ctl), 0);
	assert_non_null(strstr(logbuf, "sstp: sent Call Connect Request\n"));
	assert_non_null(strstr(logbuf, "sstp: rcvd Connect Ack hash=sha256\n"));
	assert_non_null(strstr(logbuf, "sstp: sent Call Connected hash=sha256\n"));
	/* The HLAK never reaches a log line, in any spelling. */
	assert_null(strcasestr(logbuf, "a55aa55a"));
	assert_null(strcasestr(logbuf, "a5 5a"));
}

static void test_data_counts_as_liveness(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step idle[] = { ADVANCE(8000), EXPECT_NO_TX(), END() };
	static const struct peer_step later[] = {
		ADVANCE(9999), EXPECT_NO_TX(),
		ADVANCE(1), EXPECT_TX(ECHO_REQUEST),
		END(),
	};
	static const struct peer_step rescued[] = {
		ADVANCE(9999), EXPECT_NO_TX(), EXPECT_NO_EVENT(),
		ADVANCE(1), EXPECT_TX(ECHO_REQUEST),
		END(),
	};

	connect(f);
	peer_run(&f->peer, idle);
	sstp_ctl_note_rx(&f->ctl, f->peer.now);
	peer_run(&f->peer, later);
	/* A data packet after the Echo Request answers it as well as an Echo Response would. */
	f->peer.now += 9000;
	sstp_ctl_note_rx(&f->ctl, f->peer.now);
	peer_run(&f->peer, rescued);
}

static void test_no_echo_before_connected(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		EXPECT_TX(CONNECT_REQUEST),
		ADVANCE(30000), SEND_RX(ACK_BOTH), EXPECT_EVENT("connect-ack sha1+sha256"),
		/* PPP authenticates; no Echo Request however long it takes, but the server's are answered. */
		ADVANCE(20000), SEND_RX(ECHO_REQUEST), EXPECT_TX(ECHO_RESPONSE),
		ADVANCE(39999), EXPECT_NO_TX(), EXPECT_NO_EVENT(),
		/* MS-SSTP 3.2.2.1: the negotiation timer restarted at Connect Ack ran out. */
		ADVANCE(1), EXPECT_TX(ABORT("08")), EXPECT_EVENT("down timeout"),
		ADVANCE(2999), EXPECT_NO_EVENT(),
		ADVANCE(1), EXPECT_EVENT("finished"),
		END(),
	};

	peer_run(&f->peer, steps);
	assert_int_equal(sstp_ctl_bind(&f->ctl, hlak, f->peer.now), -EPROTO);
	assert_int_equal(sstp_ctl_pop_tx(&f->ctl, (uint8_t[8]){ 0 }, 8, &(size_t){ 0 }), -EAGAIN);
}

static void test_negotiation_timeout_then_server_abort(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		EXPECT_TX(CONNECT_REQUEST),
		ADVANCE(59999), EXPECT_NO_TX(),
		ADVANCE(1), EXPECT_TX(ABORT("08")), EXPECT_EVENT("down timeout"),
		/* MS-SSTP 3.1.2.1: while aborting only Call Abort counts; it starts timer 2 (1 s). */
		ADVANCE(100), SEND_RX(ECHO_REQUEST), SEND_RX(ACK_SHA256), EXPECT_NO_TX(),
		SEND_RX(ABORT("00")), EXPECT_NO_TX(), EXPECT_NO_EVENT(),
		ADVANCE(999), EXPECT_NO_EVENT(),
		ADVANCE(1), EXPECT_EVENT("finished"),
		END(),
	};

	peer_run(&f->peer, steps);
}

static void test_server_echo_answered(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		ADVANCE(3000), SEND_RX(ECHO_REQUEST), EXPECT_TX(ECHO_RESPONSE),
		SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST),
		EXPECT_TX(ECHO_RESPONSE), EXPECT_TX(ECHO_RESPONSE),
		/* The server's echoes keep the link alive: ours never becomes due. */
		ADVANCE(9000), SEND_RX(ECHO_REQUEST), EXPECT_TX(ECHO_RESPONSE),
		ADVANCE(9000), SEND_RX(ECHO_REQUEST), EXPECT_TX(ECHO_RESPONSE),
		EXPECT_NO_EVENT(),
		END(),
	};

	connect(f);
	peer_run(&f->peer, steps);
}

/* How many times needle occurs in logbuf. */
static unsigned log_count(const char *needle)
{
	unsigned n = 0;

	for (const char *p = logbuf; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/*
 * Hostile server: an Echo Request flood faster than we send. What fits the queue (8) is answered;
 * the rest is dropped with one warning for the burst, not one line per drop, and a count once
 * the queue has room again.
 */
static void test_echo_flood(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		ADVANCE(3000),
		SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST),
		SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST),
		SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST),
		SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST), SEND_RX(ECHO_REQUEST),
		EXPECT_TX(ECHO_RESPONSE), EXPECT_TX(ECHO_RESPONSE), EXPECT_TX(ECHO_RESPONSE),
		EXPECT_TX(ECHO_RESPONSE), EXPECT_TX(ECHO_RESPONSE), EXPECT_TX(ECHO_RESPONSE),
		EXPECT_TX(ECHO_RESPONSE), EXPECT_TX(ECHO_RESPONSE), EXPECT_NO_TX(),
		SEND_RX(ECHO_REQUEST), EXPECT_TX(ECHO_RESPONSE),
		EXPECT_NO_EVENT(),
		END(),
	};

	connect(f);
	peer_run(&f->peer, steps);
	assert_int_equal(log_count("cannot queue Echo Response"), 0);
	assert_int_equal(log_count("sstp: tx queue full: Echo Responses dropped "
				   "(an Echo Request flood?)\n"), 1);
	assert_non_null(strstr(logbuf, "sstp: 4 Echo Responses were dropped\n"));
}

static void test_server_abort(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		ADVANCE(10),
		SEND_RX("10 01 00 16 00 05 00 01 00 02 00 0e 00 00 00 03 00 00 00 07 ab cd"),
		EXPECT_TX(ABORT("00")),
		EXPECT_EVENT("down server-abort status=7 attr=3"),
		ADVANCE(500), SEND_RX(ECHO_REQUEST), SEND_RX("ff ff"), EXPECT_NO_TX(),
		ADVANCE(499), EXPECT_NO_EVENT(),
		ADVANCE(1), EXPECT_EVENT("finished"),
		END(),
	};

	connect(f);
	peer_run(&f->peer, steps);
	assert_non_null(strstr(logbuf, "sstp: rcvd Call Abort status=7 attr=3\n"));
	/* The DOWN event carries the call core's text; the log line shows it with the reason. */
	assert_non_null(strstr(logbuf, "sstp: down: peer: Call Abort (server aborted the call)\n"));
}

static void test_server_disconnect(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		SEND_RX("10 01 00 08 00 06 00 00"),
		EXPECT_TX(DISCONNECT_ACK),
		EXPECT_EVENT("down server-disconnect"),
		ADVANCE(999), EXPECT_NO_EVENT(),
		ADVANCE(1), EXPECT_EVENT("finished"),
		END(),
	};

	connect(f);
	peer_run(&f->peer, steps);
}

static void test_connect_nak(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		EXPECT_TX(CONNECT_REQUEST),
		SEND_RX("10 01 00 1a 00 03 00 01 00 02 00 12 00 00 00 01 00 00 00 04 00 01 00 06 00 02"),
		EXPECT_EVENT("down connect-nak status=4 attr=1"),
		EXPECT_EVENT("finished"),
		EXPECT_NO_TX(),
		END(),
	};

	peer_run(&f->peer, steps);
	assert_int_equal(sstp_ctl_next_deadline(&f->ctl), 0);
}

static void test_local_disconnect_acked(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		EXPECT_TX(DISCONNECT),
		EXPECT_EVENT("down user"),
		/* Only the Ack matters now; echoes are not answered. */
		ADVANCE(200), SEND_RX(ECHO_REQUEST), EXPECT_NO_TX(),
		SEND_RX(DISCONNECT_ACK),
		EXPECT_EVENT("finished"),
		END(),
	};

	connect(f);
	assert_int_equal(sstp_ctl_disconnect(&f->ctl, f->peer.now), 0);
	assert_int_equal(sstp_ctl_disconnect(&f->ctl, f->peer.now), 0);
	peer_run(&f->peer, steps);
	assert_int_equal(sstp_ctl_state(&f->ctl), SSTP_CTL_FINISHED);
}

static void test_local_disconnect_unanswered(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step steps[] = {
		EXPECT_TX(CONNECT_REQUEST), EXPECT_TX(DISCONNECT),
		EXPECT_EVENT("down user"),
		ADVANCE(4999), EXPECT_NO_EVENT(),
		ADVANCE(1), EXPECT_EVENT("finished"),
		EXPECT_NO_EVENT(),
		END(),
	};

	/* Before the Connect Ack even arrived. */
	assert_int_equal(sstp_ctl_disconnect(&f->ctl, f->peer.now), 0);
	peer_run(&f->peer, steps);
}

static void test_protocol_violations(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step malformed[] = {
		SEND_RX("10 01 00 09 00 08 00 00"),
		EXPECT_TX(ABORT("07")), EXPECT_EVENT("down protocol"),
		ADVANCE(3000), EXPECT_EVENT("finished"),
		END(),
	};
	static const struct peer_step out_of_order[] = {
		EXPECT_TX(CONNECT_REQUEST),
		SEND_RX(ECHO_RESPONSE), EXPECT_NO_TX(),
		SEND_RX(DISCONNECT_ACK),
		EXPECT_TX(ABORT("05")), EXPECT_EVENT("down protocol"),
		/* First cause wins: the server's abort does not replace it. */
		SEND_RX(ABORT("00")), EXPECT_NO_TX(), EXPECT_NO_EVENT(),
		ADVANCE(1000), EXPECT_EVENT("finished"),
		END(),
	};

	connect(f);
	peer_run(&f->peer, malformed);
	assert_true(strstr(logbuf, "sstp: rcvd bad packet (8 bytes): length field does not match") != NULL);
	setup(state);
	peer_run(&f->peer, out_of_order);
}

static void test_second_ack_and_bad_hash(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step again[] = {
		SEND_RX(ACK_SHA256), EXPECT_TX(ABORT("05")), EXPECT_EVENT("down protocol"), END(),
	};
	static const struct peer_step nohash[] = {
		EXPECT_TX(CONNECT_REQUEST), SEND_RX(ACK_NONE),
		EXPECT_TX(ABORT("04")), EXPECT_EVENT("down protocol"), END(),
	};

	connect(f);
	peer_run(&f->peer, again);
	setup(state);
	peer_run(&f->peer, nohash);
}

static void test_sha1_server_and_bind_errors(void **state)
{
	struct fixture *f = *state;
	struct sstp_ctl_cfg cfg = { 0 };
	static const struct peer_step steps[] = {
		EXPECT_TX(CONNECT_REQUEST), SEND_RX(ACK_SHA1), EXPECT_EVENT("connect-ack sha1"), END(),
	};
	static const struct peer_step bound[] = {
		EXPECT_TX(CONNECTED("01", CERT1)), EXPECT_EVENT("connected sha1"), END(),
	};
	uint8_t small[64];
	size_t len;

	assert_int_equal(sstp_ctl_bind(&f->ctl, hlak, f->peer.now), -EPROTO);
	assert_int_equal(sstp_ctl_pop_tx(&f->ctl, small, 13, &len), -EMSGSIZE);
	peer_run(&f->peer, steps);
	assert_int_equal(sstp_ctl_bind(&f->ctl, hlak, f->peer.now), 0);
	peer_run(&f->peer, bound);
	assert_int_equal(sstp_ctl_bind(&f->ctl, hlak, f->peer.now), -EPROTO);
	assert_int_equal(sstp_ctl_start(&f->ctl, f->peer.now), -EPROTO);

	/* A fresh machine: no certificate hash set for what the server offers. */
	assert_int_equal(sstp_ctl_init(&f->ctl, &cfg), 0);
	assert_int_equal(sstp_ctl_input(&f->ctl, small, 8, 0), -EINVAL);
	assert_int_equal(sstp_ctl_set_cert_hash(&f->ctl, (enum cbind_hash)3, small), -EINVAL);
	assert_int_equal(sstp_ctl_start(&f->ctl, f->peer.now), 0);
	peer_run(&f->peer, steps);
	assert_int_equal(sstp_ctl_bind(&f->ctl, hlak, f->peer.now), -EINVAL);
	assert_int_equal(sstp_ctl_state(&f->ctl), SSTP_CTL_ACK_RECEIVED);
	assert_int_equal(sstp_ctl_init(&f->ctl, NULL), -EINVAL);
}

static void test_disconnect_collisions(void **state)
{
	struct fixture *f = *state;
	static const struct peer_step crossed[] = {
		EXPECT_TX(DISCONNECT), EXPECT_EVENT("down user"),
		/* Both sides disconnect at once: acknowledge theirs, then disconnect timer 2. */
		SEND_RX(DISCONNECT), EXPECT_TX(DISCONNECT_ACK), EXPECT_NO_EVENT(),
		ADVANCE(999), EXPECT_NO_EVENT(),
		ADVANCE(1), EXPECT_EVENT("finished"),
		END(),
	};
	static const struct peer_step aborted[] = {
		EXPECT_TX(DISCONNECT), EXPECT_EVENT("down user"),
		SEND_RX(ABORT("06")), EXPECT_TX(ABORT("00")), EXPECT_NO_EVENT(),
		ADVANCE(1000), EXPECT_EVENT("finished"),
		END(),
	};
	static const struct peer_step server_status[] = {
		SEND_RX(DISCONNECT), EXPECT_TX(DISCONNECT_ACK),
		EXPECT_EVENT("down server-disconnect status=0 attr=0"),
		END(),
	};

	connect(f);
	sstp_ctl_disconnect(&f->ctl, f->peer.now);
	peer_run(&f->peer, crossed);
	setup(state);
	connect(f);
	sstp_ctl_disconnect(&f->ctl, f->peer.now);
	peer_run(&f->peer, aborted);
	setup(state);
	connect(f);
	peer_run(&f->peer, server_status);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_connect_and_echo_timing, setup),
		cmocka_unit_test_setup(test_data_counts_as_liveness, setup),
		cmocka_unit_test_setup(test_no_echo_before_connected, setup),
		cmocka_unit_test_setup(test_echo_flood, setup),
		cmocka_unit_test_setup(test_negotiation_timeout_then_server_abort, setup),
		cmocka_unit_test_setup(test_server_echo_answered, setup),
		cmocka_unit_test_setup(test_server_abort, setup),
		cmocka_unit_test_setup(test_server_disconnect, setup),
		cmocka_unit_test_setup(test_connect_nak, setup),
		cmocka_unit_test_setup(test_local_disconnect_acked, setup),
		cmocka_unit_test_setup(test_local_disconnect_unanswered, setup),
		cmocka_unit_test_setup(test_disconnect_collisions, setup),
		cmocka_unit_test_setup(test_protocol_violations, setup),
		cmocka_unit_test_setup(test_second_ack_and_bad_hash, setup),
		cmocka_unit_test_setup(test_sha1_server_and_bind_errors, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
