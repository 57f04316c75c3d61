// SPDX-License-Identifier: MIT
/*
 * struct ppp_srv's fault knobs and timers, byte-exact with the scripted-peer harness: IPCP Nak
 * loop, LCP Reject loop, IPv6CP Protocol-Reject, no Echo-Reply, server Echo and a silent client,
 * terminate-after, close and unknown protocols (frames in tests/peer/srv_frames.h).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/server.h"
#include "tests/peer/peer.h"
#include "tests/peer/srv_frames.h"
#include "tests/peer/srv_peer.h"

static void test_fault_ipcp_nak_loop(void **state)
{
	/* Every request is Nak'd, each time with an address other than the one asked for. */
	static const struct peer_step script[] = {
		SRV_LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),
		EXPECT_EVENT("auth-ok c223"),
		SEND_RX(SE_IPCP_REQ1),
		EXPECT_TX("ff 03 80 21 03 01 00 16 03 06 0a 09 00 03 81 06 0a 09 00 35"
			  " 83 06 0a 09 00 36"),
		SEND_RX("ff 03 80 21 01 02 00 16 03 06 0a 09 00 03 81 06 0a 09 00 35"
			" 83 06 0a 09 00 36"),
		EXPECT_TX("ff 03 80 21 03 02 00 0a 03 06 0a 09 00 04"),
		SEND_RX("ff 03 80 21 01 03 00 16 03 06 0a 09 00 04 81 06 0a 09 00 35"
			" 83 06 0a 09 00 36"),
		EXPECT_TX("ff 03 80 21 03 03 00 0a 03 06 0a 09 00 05"),
		/* Past Max-Failure it still Naks: never agrees (no Reject that would end it). */
		SEND_RX("ff 03 80 21 01 04 00 0a 03 06 0a 09 00 05"),
		EXPECT_TX("ff 03 80 21 03 04 00 0a 03 06 0a 09 00 06"),
		SEND_RX("ff 03 80 21 01 05 00 0a 03 06 0a 09 00 06"),
		EXPECT_TX("ff 03 80 21 03 05 00 0a 03 06 0a 09 00 07"),
		SEND_RX("ff 03 80 21 01 06 00 0a 03 06 0a 09 00 07"),
		EXPECT_TX("ff 03 80 21 03 06 00 0a 03 06 0a 09 00 08"),
		EXPECT_NO_EVENT(),
		END(),
	};
	struct ppp_srv_cfg c;
	struct srv_fx *f;

	(void)state;
	peer_srv_cfg_default(&c);
	c.faults = PPP_SRV_F_IPCP_NAK_LOOP;
	f = srv_fx_new(&c);
	peer_run(&f->peer, script);
	assert_false(ppp_srv_ip_open(&f->ps.srv));
	srv_fx_free(f);
}

static void test_fault_lcp_reject_loop(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX(S_LCP_REQ),
		SEND_RX(SE_LCP_REQ1),
		EXPECT_TX("ff 03 c0 21 04 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		SEND_RX(C_LCP_ACK),
		/* The empty request gets the same Reject, which the client must drop. */
		SEND_RX("ff 03 c0 21 01 02 00 04"),
		EXPECT_TX("ff 03 c0 21 04 02 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		SEND_RX("ff 03 c0 21 01 02 00 04"),
		EXPECT_TX("ff 03 c0 21 04 02 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_NO_EVENT(),
		END(),
	};
	static const struct peer_step first_empty[] = {
		EXPECT_TX(S_LCP_REQ),
		/* Nothing rejected yet: an MRU the client never sent. */
		SEND_RX("ff 03 c0 21 01 01 00 04"),
		EXPECT_TX("ff 03 c0 21 04 01 00 08 01 04 05 dc"),
		END(),
	};
	struct ppp_srv_cfg c;
	struct srv_fx *f;

	(void)state;
	peer_srv_cfg_default(&c);
	c.faults = PPP_SRV_F_LCP_REJECT_LOOP;
	f = srv_fx_new(&c);
	peer_run(&f->peer, script);
	assert_int_equal(ppp_srv_phase(&f->ps.srv), PPP_PHASE_ESTABLISH);
	srv_fx_free(f);
	f = srv_fx_new(&c);
	peer_run(&f->peer, first_empty);
	srv_fx_free(f);
}

static void test_fault_ipv6cp_protrej(void **state)
{
	static const struct peer_step script[] = {
		SRV_UP_TO_IP,
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 02 11 22 33 44 55 66 77"),
		EXPECT_TX("ff 03 c0 21 08 02 00 14 80 57 01 01 00 0e 01 0a 02 11 22 33 44 55 66 77"),
		EXPECT_NO_EVENT(),
		END(),
	};
	struct ppp_srv_cfg c;
	struct srv_fx *f;

	(void)state;
	peer_srv_cfg_default(&c);
	c.ipv6 = true;
	c.faults = PPP_SRV_F_IPV6CP_PROTREJ;
	f = srv_fx_new(&c);
	peer_run(&f->peer, script);
	assert_true(ppp_srv_ip_open(&f->ps.srv));
	srv_fx_free(f);
}

static void test_echo_reply_and_fault(void **state)
{
	static const struct peer_step answered[] = {
		SRV_UP_TO_IP,
		SEND_RX("ff 03 c0 21 09 07 00 0c 1a 2b 3c 4d 01 02 03 04"),
		EXPECT_TX("ff 03 c0 21 0a 07 00 0c 5a 5a 5a 5a 01 02 03 04"),
		END(),
	};
	static const struct peer_step ignored[] = {
		SRV_UP_TO_IP,
		SEND_RX("ff 03 c0 21 09 07 00 08 1a 2b 3c 4d"),
		EXPECT_NO_TX(),
		END(),
	};
	struct ppp_srv_cfg c;
	struct srv_fx *f;

	(void)state;
	f = srv_fx_default();
	peer_run(&f->peer, answered);
	srv_fx_free(f);
	peer_srv_cfg_default(&c);
	c.faults = PPP_SRV_F_NO_LCP_ECHO_REPLY;
	f = srv_fx_new(&c);
	peer_run(&f->peer, ignored);
	srv_fx_free(f);
}

static void test_server_echo_peer_silent(void **state)
{
	static const struct peer_step script[] = {
		SRV_UP_TO_IP,
		ADVANCE(10000), EXPECT_TX("ff 03 c0 21 09 02 00 08 5a 5a 5a 5a"),
		SEND_RX("ff 03 c0 21 0a 02 00 08 1a 2b 3c 4d"),
		ADVANCE(10000), EXPECT_TX("ff 03 c0 21 09 03 00 08 5a 5a 5a 5a"),
		ADVANCE(10000), EXPECT_TX("ff 03 c0 21 09 04 00 08 5a 5a 5a 5a"),
		ADVANCE(10000), EXPECT_TX("ff 03 c0 21 09 05 00 08 5a 5a 5a 5a"),
		EXPECT_NO_EVENT(),
		ADVANCE(10000),
		/* "peer not responding" */
		EXPECT_TX("ff 03 c0 21 05 06 00 17 70 65 65 72 20 6e 6f 74 20 72 65 73 70 6f 6e 64"
			  " 69 6e 67"),
		EXPECT_EVENT("down peer-silent 0"),
		END(),
	};
	struct ppp_srv_cfg c;
	struct srv_fx *f;

	(void)state;
	peer_srv_cfg_default(&c);
	c.echo_interval_ms = 10000;
	f = srv_fx_new(&c);
	peer_run(&f->peer, script);
	srv_fx_free(f);
}

static void test_fault_terminate_after(void **state)
{
	static const struct peer_step script[] = {
		SRV_UP_TO_IP,
		ADVANCE(4999), EXPECT_NO_TX(),
		ADVANCE(1),
		/* "terminate-after fault" */
		EXPECT_TX("ff 03 c0 21 05 02 00 19 74 65 72 6d 69 6e 61 74 65 2d 61 66 74 65 72 20"
			  " 66 61 75 6c 74"),
		EXPECT_EVENT("down user 0 terminate-after fault"),
		SEND_RX(C_LCP_TERMACK2),
		EXPECT_EVENT("finished"),
		EXPECT_NO_TX(),
		END(),
	};
	struct ppp_srv_cfg c;
	struct srv_fx *f;

	(void)state;
	peer_srv_cfg_default(&c);
	c.terminate_after_ms = 5000;
	f = srv_fx_new(&c);
	peer_run(&f->peer, script);
	assert_int_equal(ppp_srv_next_deadline(&f->ps.srv), 0);
	srv_fx_free(f);
}

static void test_close_and_unknown_protocol(void **state)
{
	static const struct peer_step script[] = {
		SRV_UP_TO_IP,
		/* RFC 1661 5.7: CCP is not ours: Protocol-Reject. */
		SEND_RX("ff 03 80 fd 01 01 00 04"),
		EXPECT_TX("ff 03 c0 21 08 02 00 0a 80 fd 01 01 00 04"),
		END(),
	};
	static const struct peer_step after[] = {
		/* "closed by server" */
		EXPECT_TX("ff 03 c0 21 05 03 00 14 63 6c 6f 73 65 64 20 62 79 20 73 65 72 76 65 72"),
		EXPECT_EVENT("down user 0 closed by server"),
		SEND_RX("ff 03 c0 21 06 03 00 04"),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct srv_fx *f = srv_fx_default();

	(void)state;
	peer_run(&f->peer, script);
	assert_int_equal(ppp_srv_close(&f->ps.srv, f->peer.now), 0);
	peer_run(&f->peer, after);
	srv_fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_ipcp_nak_loop),
		cmocka_unit_test(test_fault_lcp_reject_loop),
		cmocka_unit_test(test_fault_ipv6cp_protrej),
		cmocka_unit_test(test_echo_reply_and_fault),
		cmocka_unit_test(test_server_echo_peer_silent),
		cmocka_unit_test(test_fault_terminate_after),
		cmocka_unit_test(test_close_and_unknown_protocol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
