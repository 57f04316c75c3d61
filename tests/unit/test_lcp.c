// SPDX-License-Identifier: MIT
/* LCP negotiation byte for byte against hand-written server packets, on a virtual clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/lcp.h"
#include "tests/peer/cp_rig.h"

/*
 * The harness drives one struct lcp: SEND_RX takes a whole frame (FF 03 C0 21 ...), EXPECT_TX
 * sees whole frames, events are the fsm notes ("up", "down", "finished", "protrej 8057").
 * Randomness is a fixed sequence, so our first magic is 1a2b3c4d, the next 5e6f7081, then
 * 92a3b4c5.
 */
static struct cp_rig R;
static struct lcp L;
static unsigned rand_n;

static const uint8_t rand_seq[][4] = {
	{ 0x1a, 0x2b, 0x3c, 0x4d }, { 0x5e, 0x6f, 0x70, 0x81 }, { 0x92, 0xa3, 0xb4, 0xc5 },
	{ 0xd6, 0xe7, 0xf8, 0x09 },
};

static int rig_rand(void *c, uint8_t *buf, size_t len)
{
	size_t i;

	(void)c;
	for (i = 0; i < len; i++)
		buf[i] = rand_seq[(rand_n + i / 4) % 4][i % 4];
	rand_n += (unsigned)((len + 3) / 4);
	/* The lcp reads a host-order uint32_t: make the wire bytes come out as listed. */
	if (len == 4) {
		uint32_t v = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
			     (uint32_t)buf[2] << 8 | buf[3];

		memcpy(buf, &v, 4);
	}
	return 0;
}

static void rig_start(const struct lcp_conf *conf)
{
	assert_int_equal(lcp_init(&L, &R.ctx, conf), 0);
	cp_rig_start(&R, &L.fsm, PPP_LCP);
}

static int setup(void **state)
{
	(void)state;
	rand_n = 0;
	memset(&L, 0, sizeof(L));
	cp_rig_setup(&R, rig_rand, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_rig_teardown(&R);
	return 0;
}

#define OUR_REQ1 "ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"

/* Both sides ack at once: MS-CHAPv2 asked, our MRU and magic acked. */
static const struct peer_step plain[] = {
	EXPECT_EVENT("started"),
	EXPECT_TX(OUR_REQ1),
	SEND_RX("ff 03 c0 21 01 01 00 13 01 04 05 dc 03 05 c2 23 81 05 06 11 22 33 44"),
	EXPECT_TX("ff 03 c0 21 02 01 00 13 01 04 05 dc 03 05 c2 23 81 05 06 11 22 33 44"),
	SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
	EXPECT_EVENT("up"),
	END(),
};

static void test_plain_success(void **state)
{
	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, plain);
	assert_int_equal(fsm_state(&L.fsm), FSM_OPENED);
	assert_int_equal(lcp_auth_proto(&L), PPP_CHAP);
	assert_int_equal(lcp_peer_mru(&L), 1500);
	assert_int_equal(lcp_mru(&L), 1400);
	assert_int_equal(lcp_magic(&L), 0x1a2b3c4d);
	assert_int_equal(L.peer_magic, 0x11223344);
	assert_true(cp_rig_has_log(&R, "lcp: sent Configure-Request id=1 <mru 1400> <magic 0x1a2b3c4d>"));
	assert_true(cp_rig_has_log(&R, "lcp: rcvd Configure-Request id=1 <mru 1500> <auth chap-ms-v2> "
			    "<magic 0x11223344>"));
	assert_int_equal(lcp_next_deadline(&L), 0);
}

/* SoftEther: EAP first (Nak'd with C2 23 81), then MS-CHAPv2; it rejects our magic. */
static const struct peer_step softether[] = {
	EXPECT_EVENT("started"),
	EXPECT_TX(OUR_REQ1),
	SEND_RX("ff 03 c0 21 04 01 00 0a 05 06 1a 2b 3c 4d"),
	EXPECT_TX("ff 03 c0 21 01 02 00 08 01 04 05 78"),
	SEND_RX("ff 03 c0 21 01 01 00 08 03 04 c2 27"),
	EXPECT_TX("ff 03 c0 21 03 01 00 09 03 05 c2 23 81"),
	SEND_RX("ff 03 c0 21 02 02 00 08 01 04 05 78"),
	SEND_RX("ff 03 c0 21 01 02 00 09 03 05 c2 23 81"),
	EXPECT_TX("ff 03 c0 21 02 02 00 09 03 05 c2 23 81"),
	EXPECT_EVENT("up"),
	/* Its Echo-Requests carry magic 0; our reply carries 0 too, having no magic. */
	SEND_RX("ff 03 c0 21 09 07 00 0a 00 00 00 00 de ad"),
	EXPECT_TX("ff 03 c0 21 0a 07 00 0a 00 00 00 00 de ad"),
	END(),
};

static void test_softether_eap_and_magic_reject(void **state)
{
	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, softether);
	assert_int_equal(lcp_auth_proto(&L), PPP_CHAP);
	assert_int_equal(lcp_magic(&L), 0);
	assert_true(cp_rig_has_log(&R, "lcp: rcvd Configure-Request id=1 <auth eap>"));
	assert_true(cp_rig_has_log(&R, "lcp: sent Configure-Nak id=1 <auth chap-ms-v2>"));
	assert_true(cp_rig_has_log(&R, "lcp: rcvd Configure-Reject id=1 <magic 0x1a2b3c4d>"));
}

/* A server that insists on CHAP-MD5: Nak'd 5 times, then Rejected and closed. */
static void test_auth_unsupported(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 09 03 05 c2 23 05"),
		EXPECT_TX("ff 03 c0 21 03 01 00 09 03 05 c2 23 81"),
		SEND_RX("ff 03 c0 21 01 02 00 09 03 05 c2 23 05"),
		EXPECT_TX("ff 03 c0 21 03 02 00 09 03 05 c2 23 81"),
		SEND_RX("ff 03 c0 21 01 03 00 09 03 05 c2 23 05"),
		EXPECT_TX("ff 03 c0 21 03 03 00 09 03 05 c2 23 81"),
		SEND_RX("ff 03 c0 21 01 04 00 09 03 05 c2 23 05"),
		EXPECT_TX("ff 03 c0 21 03 04 00 09 03 05 c2 23 81"),
		SEND_RX("ff 03 c0 21 01 05 00 09 03 05 c2 23 05"),
		EXPECT_TX("ff 03 c0 21 03 05 00 09 03 05 c2 23 81"),
		SEND_RX("ff 03 c0 21 01 06 00 09 03 05 c2 23 05"),
		EXPECT_TX("ff 03 c0 21 04 06 00 09 03 05 c2 23 05"),
		/* Terminate-Request id=2 "no common authentication" (24 bytes). */
		EXPECT_TX("ff 03 c0 21 05 02 00 1c 6e 6f 20 63 6f 6d 6d 6f 6e 20 61 75 74 68 65 6e"
			  " 74 69 63 61 74 69 6f 6e"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_state(&L.fsm), FSM_CLOSING);
	assert_int_equal(fsm_reason(&L.fsm), SX_REASON_AUTH_UNSUPPORTED);
}

/* PAP is acked only when the configuration allows it; a refused PAP is named in a warning. */
static void test_pap_policy(void **state)
{
	static const struct peer_step nak[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 03 01 00 09 03 05 c2 23 81"),
		END(),
	};
	static const struct peer_step ack[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 02 01 00 08 03 04 c0 23"),
		END(),
	};
	struct lcp_conf c;

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, nak);
	assert_true(cp_rig_has_log(&R, "lcp: the server asks for PAP (clear-text password), which is "
				   "not allowed; asking for MS-CHAPv2"));
	teardown(NULL);
	setup(NULL);
	lcp_conf_default(&c);
	c.allow_pap = true;
	rig_start(&c);
	peer_run(&R.peer, ack);
	assert_int_equal(lcp_auth_proto(&L), PPP_PAP);
	assert_false(cp_rig_has_log(&R, "lcp: the server asks for PAP (clear-text password), which is "
				    "not allowed; asking for MS-CHAPv2"));
}

/* Unknown options (and Quality-Protocol, and a wrong-length MRU) are Rejected verbatim. */
static void test_unknown_option_rejected(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 14 01 04 05 dc 11 04 05 dc 04 08 c0 25 00 00 00 0a"),
		EXPECT_TX("ff 03 c0 21 04 01 00 10 11 04 05 dc 04 08 c0 25 00 00 00 0a"),
		SEND_RX("ff 03 c0 21 01 02 00 0c 01 03 05 03 05 c2 23 81"),
		EXPECT_TX("ff 03 c0 21 04 02 00 07 01 03 05"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
}

/* A broken option length drops the whole packet: no answer, state unchanged. */
static void test_bad_option_length_dropped(void **state)
{
	static const uint8_t over[] = { 1, 1, 0, 8, 1, 7, 5, 0xdc };
	static const uint8_t under[] = { 1, 1, 0, 6, 1, 1 };
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 08 01 07 05 dc"),
		EXPECT_NO_TX(),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(lcp_input(&L, over, sizeof(over), 1), -EBADMSG);
	assert_int_equal(lcp_input(&L, under, sizeof(under), 1), -EBADMSG);
	assert_int_equal(fsm_state(&L.fsm), FSM_REQ_SENT);
	assert_null(pkt_q_pop(&R.ctx.txq));
}

/* RFC 1661 5.8: Echo-Request answered in Opened only; replies carry our magic. */
static void test_echo(void **state)
{
	static const struct peer_step before[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 09 07 00 08 00 00 00 00"),
		EXPECT_NO_TX(),
		END(),
	};
	static const struct peer_step after[] = {
		SEND_RX("ff 03 c0 21 01 01 00 04"),
		EXPECT_TX("ff 03 c0 21 02 01 00 04"),
		SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_EVENT("up"),
		SEND_RX("ff 03 c0 21 09 08 00 0a 00 00 00 00 be ef"),
		EXPECT_TX("ff 03 c0 21 0a 08 00 0a 1a 2b 3c 4d be ef"),
		/* Discard-Request: ignored. */
		SEND_RX("ff 03 c0 21 0b 09 00 08 00 00 00 00"),
		EXPECT_NO_TX(),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, before);
	peer_run(&R.peer, after);
}

/* Our Echo-Requests: a reply with our own magic (SoftEther) is not a loop; silence is fatal. */
static void test_echo_keepalive(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 04"),
		EXPECT_TX("ff 03 c0 21 02 01 00 04"),
		SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_EVENT("up"),
		ADVANCE(10000),
		EXPECT_TX("ff 03 c0 21 09 02 00 08 1a 2b 3c 4d"),
		SEND_RX("ff 03 c0 21 0a 02 00 08 1a 2b 3c 4d"),
		ADVANCE(10000),
		EXPECT_TX("ff 03 c0 21 09 03 00 08 1a 2b 3c 4d"),
		ADVANCE(10000),
		EXPECT_TX("ff 03 c0 21 09 04 00 08 1a 2b 3c 4d"),
		ADVANCE(10000),
		EXPECT_TX("ff 03 c0 21 09 05 00 08 1a 2b 3c 4d"),
		ADVANCE(10000),
		EXPECT_EVENT("down"),
		/* Terminate-Request id=6 "peer not responding" (19 bytes). */
		EXPECT_TX("ff 03 c0 21 05 06 00 17 70 65 65 72 20 6e 6f 74 20 72 65 73 70 6f 6e 64"
			  " 69 6e 67"),
		ADVANCE(3000),
		EXPECT_TX("ff 03 c0 21 05 07 00 17 .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .."
			  " .. .. .."),
		ADVANCE(3000),
		EXPECT_EVENT("finished peer stopped answering"),
		END(),
	};
	struct lcp_conf c;

	(void)state;
	lcp_conf_default(&c);
	c.echo_interval_ms = 10000;
	rig_start(&c);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_reason(&L.fsm), SX_REASON_PEER_SILENT);
	assert_int_equal(fsm_state(&L.fsm), FSM_CLOSED);
}

/* Our own request looped back: Nak'd with a new magic each time, then LOOPBACK. */
static void test_loopback(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 01 00 0a 05 06 5e 6f 70 81"),
		SEND_RX("ff 03 c0 21 01 02 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 02 00 0a 05 06 92 a3 b4 c5"),
		SEND_RX("ff 03 c0 21 01 03 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 03 00 0a 05 06 d6 e7 f8 09"),
		SEND_RX("ff 03 c0 21 01 04 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 04 00 0a 05 06 1a 2b 3c 4d"),
		SEND_RX("ff 03 c0 21 01 05 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 05 00 0a 05 06 5e 6f 70 81"),
		/* Terminate-Request id=2 "loopback". */
		EXPECT_TX("ff 03 c0 21 05 02 00 0c 6c 6f 6f 70 62 61 63 6b"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_reason(&L.fsm), SX_REASON_LOOPBACK);
}

/* With a higher loop limit, Max-Failure comes first: the colliding magic is Rejected verbatim. */
static void test_magic_collision_rejected(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 0a 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 01 00 0a 05 06 5e 6f 70 81"),
		SEND_RX("ff 03 c0 21 01 02 00 0a 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 02 00 0a 05 06 92 a3 b4 c5"),
		SEND_RX("ff 03 c0 21 01 03 00 0a 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 03 00 0a 05 06 d6 e7 f8 09"),
		SEND_RX("ff 03 c0 21 01 04 00 0a 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 04 00 0a 05 06 1a 2b 3c 4d"),
		SEND_RX("ff 03 c0 21 01 05 00 0a 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 03 05 00 0a 05 06 5e 6f 70 81"),
		SEND_RX("ff 03 c0 21 01 06 00 0a 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 04 06 00 0a 05 06 1a 2b 3c 4d"),
		END(),
	};
	struct lcp_conf c;

	(void)state;
	lcp_conf_default(&c);
	c.loop_max = 10;
	rig_start(&c);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_reason(&L.fsm), SX_REASON_NONE);
	assert_int_equal(fsm_state(&L.fsm), FSM_REQ_SENT);
}

/* RFC 1661 5.5: Terminate-Request from the server: Terminate-Ack, down, then finished. */
static void test_peer_terminate(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 04"),
		EXPECT_TX("ff 03 c0 21 02 01 00 04"),
		SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_EVENT("up"),
		SEND_RX("ff 03 c0 21 05 09 00 06 62 79"),
		EXPECT_EVENT("down"),
		EXPECT_TX("ff 03 c0 21 06 09 00 04"),
		ADVANCE(3000),
		EXPECT_EVENT("finished peer terminated"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_reason(&L.fsm), SX_REASON_PEER_TERMINATE);
	assert_int_equal(fsm_state(&L.fsm), FSM_STOPPED);
}

/* Protocol-Reject of an NCP is reported; of LCP itself it ends the layer. Unknown codes: Code-Reject. */
static void test_protocol_reject(void **state)
{
	static const uint8_t ipx[] = { 0x01, 0x02 };
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 04"),
		EXPECT_TX("ff 03 c0 21 02 01 00 04"),
		SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_EVENT("up"),
		SEND_RX("ff 03 c0 21 08 0a 00 08 80 57 01 01"),
		EXPECT_EVENT("protrej 8057"),
		EXPECT_NO_TX(),
		SEND_RX("ff 03 c0 21 20 0b 00 05 aa"),
		EXPECT_TX("ff 03 c0 21 07 02 00 09 20 0b 00 05 aa"),
		END(),
	};
	static const struct peer_step fatal[] = {
		EXPECT_TX("ff 03 c0 21 08 03 00 08 00 2b 01 02"),
		SEND_RX("ff 03 c0 21 08 0c 00 08 c0 21 01 01"),
		EXPECT_EVENT("down"),
		EXPECT_TX("ff 03 c0 21 05 04 00 04"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(lcp_send_protrej(&L, 0x002b, ipx, sizeof(ipx)), 0);
	peer_run(&R.peer, fatal);
	assert_int_equal(fsm_state(&L.fsm), FSM_STOPPING);
	assert_int_equal(fsm_reason(&L.fsm), SX_REASON_PROTOCOL);
	assert_int_equal(lcp_send_protrej(&L, 0x002b, ipx, sizeof(ipx)), -EPROTO);
}

/* MRU: a Nak'd MRU is taken; a peer MRU below 576 is Nak'd up to 576. */
static void test_mru(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		EXPECT_TX(OUR_REQ1),
		SEND_RX("ff 03 c0 21 03 01 00 08 01 04 05 00"),
		EXPECT_TX("ff 03 c0 21 01 02 00 0e 01 04 05 00 05 06 1a 2b 3c 4d"),
		SEND_RX("ff 03 c0 21 01 01 00 08 01 04 01 00"),
		EXPECT_TX("ff 03 c0 21 03 01 00 08 01 04 02 40"),
		SEND_RX("ff 03 c0 21 01 02 00 08 01 04 05 50"),
		EXPECT_TX("ff 03 c0 21 02 02 00 08 01 04 05 50"),
		SEND_RX("ff 03 c0 21 02 02 00 0e 01 04 05 00 05 06 1a 2b 3c 4d"),
		EXPECT_EVENT("up"),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(lcp_mru(&L), 1280);
	assert_int_equal(lcp_peer_mru(&L), 1360);
}

/*
 * A server that Naks every request with a hint we did not ask for (here ACCM): our request never
 * changes, and RFC 1661 4.3 RCN re-arms the restart counter, so nothing bounded the loop (it ran
 * at wire speed until the SSTP timer). After 2 x Max-Failure Naks in a row LCP gives up.
 */
#define NAK_ROUND(id)                                                                      \
	EXPECT_TX("ff 03 c0 21 01 " id " 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),            \
	SEND_RX("ff 03 c0 21 03 " id " 00 0a 02 06 00 00 00 00")

static void test_nak_loop_bounded(void **state)
{
	static const struct peer_step steps[] = {
		EXPECT_EVENT("started"),
		NAK_ROUND("01"), NAK_ROUND("02"), NAK_ROUND("03"), NAK_ROUND("04"),
		NAK_ROUND("05"), NAK_ROUND("06"), NAK_ROUND("07"), NAK_ROUND("08"),
		NAK_ROUND("09"), NAK_ROUND("0a"),
		/* Terminate-Request "negotiation did not converge" */
		EXPECT_TX("ff 03 c0 21 05 0b 00 20 6e 65 67 6f 74 69 61 74 69 6f 6e 20 64 69 64 20"
			  " 6e 6f 74 20 63 6f 6e 76 65 72 67 65"),
		EXPECT_NO_TX(),
		END(),
	};

	(void)state;
	rig_start(NULL);
	peer_run(&R.peer, steps);
	assert_int_equal(fsm_reason(&L.fsm), SX_REASON_NEGOTIATION);
	assert_true(cp_rig_has_log(&R, "lcp: 10 Configure-Naks in a row: giving up"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_softether_eap_and_magic_reject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auth_unsupported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pap_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_option_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_option_length_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_echo_keepalive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_magic_collision_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_terminate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protocol_reject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mru, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nak_loop_bounded, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
