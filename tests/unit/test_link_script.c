// SPDX-License-Identifier: MIT
/*
 * Whole PPP negotiations through struct ppp_link, byte-exact, with the scripted-peer harness on a
 * virtual clock. Credentials and challenges are the RFC 2759 9.2 ones (User / clientPass), so the
 * Response and Success bytes are the published vectors. The SoftEther-like peer follows what
 * /work/shared/softether.md records of that server (EAP first, Magic-Number rejected, IPCP Nak).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/ppp.h"
#include "tests/peer/link_peer.h"
#include "tests/peer/peer.h"
#include "tests/peer/softether_frames.h"

struct lfx {
	struct pkt_pool pool;
	struct peer_link pl;
	uint8_t rand_n;
	struct peer peer;
};

#define LFX_PAP 1u	/* allow PAP */
#define LFX_NO_AUTH 2u	/* allow a server that asks for no authentication */

static struct lfx *lfx_new(unsigned allow, bool want_ipv6, bool want_dns)
{
	static struct lfx f;
	struct ppp_link_cfg cfg = {
		.user = "User",
		.password = "clientPass",
		.password_len = 10,
		.allow_pap = allow & LFX_PAP,
		.allow_no_auth = allow & LFX_NO_AUTH,
		.want_ipv6 = want_ipv6,
		.want_dns = want_dns,
		.headroom = 4,
		.rand = { peer_script_rand, &f.rand_n },
	};

	/* SX_TRACE=1 in the environment prints the link's log lines while a script runs. */
	if (getenv("SX_TRACE"))
		cfg.log = (struct sx_log){ .fn = peer_log_stderr, .max = SX_LOG_TRACE };

	memset(&f, 0, sizeof(f));
	assert_int_equal(pkt_pool_init(&f.pool, 16, 1600), 0);
	cfg.pool = &f.pool;
	assert_int_equal(ppp_link_init(&f.pl.link, &cfg), 0);
	f.peer = (struct peer){ .ops = &peer_link_ops, .core = &f.pl, .now = 1000 };
	return &f;
}

static void lfx_free(struct lfx *f)
{
	ppp_link_destroy(&f->pl.link);
	peer_pool_done(NULL, &f->pool);
}

static void test_softether_ip_up(void **state)
{
	static const struct peer_step script[] = {
		SOFTETHER_LCP_AND_CHAP,
		EXPECT_TX(SE_IPCP_REQ1),
		SEND_RX(SE_SRV_IPCP_REQ),
		EXPECT_TX(SE_IPCP_ACK_SRV),
		/* Secondary-DNS rejected ... */
		SEND_RX("ff 03 80 21 04 01 00 0a 83 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 21 01 02 00 10 03 06 00 00 00 00 81 06 00 00 00 00"),
		/* ... and 0.0.0.0 Nak'd with the DHCP address, the DNS with 192.168.30.1. */
		SEND_RX("ff 03 80 21 03 02 00 10 03 06 c0 a8 1e 0a 81 06 c0 a8 1e 01"),
		EXPECT_TX("ff 03 80 21 01 03 00 10 03 06 c0 a8 1e 0a 81 06 c0 a8 1e 01"),
		EXPECT_NO_EVENT(),
		SEND_RX("ff 03 80 21 02 03 00 10 03 06 c0 a8 1e 0a 81 06 c0 a8 1e 01"),
		EXPECT_EVENT("ip-up 192.168.30.10 peer 192.168.30.1 dns 192.168.30.1 0.0.0.0"
			     " mru 1400 mtu 1500"),
		EXPECT_NO_TX(),
		/* CCP is not ours: Protocol-Reject (RFC 1661 5.7), id from LCP's counter. */
		SEND_RX("ff 03 80 fd 01 01 00 04"),
		EXPECT_TX("ff 03 c0 21 08 .. 00 0a 80 fd 01 01 00 04"),
		/* Echo-Reply: magic 0, ours was rejected (RFC 1661 5.8: zero when not negotiated). */
		SEND_RX("ff 03 c0 21 09 07 00 08 00 00 00 00"),
		EXPECT_TX("ff 03 c0 21 0a 07 00 08 00 00 00 00"),
		END(),
	};
	static const uint8_t server_send[16] = { 0x8B, 0x7C, 0xDC, 0x14, 0x9B, 0x99, 0x3A, 0x1B,
						 0xA1, 0x18, 0xCB, 0x15, 0x3F, 0x56, 0xDC, 0xCB };
	struct lfx *f = lfx_new(false, false, true);
	uint8_t nt_hash[16], nt_resp[24], send[16], recv[16];

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_true(ppp_link_ip_open(&f->pl.link));
	assert_false(ppp_link_ipv6_open(&f->pl.link));
	assert_int_equal(ppp_link_phase(&f->pl.link), PPP_PHASE_OPEN);
	/* HLAK = client MasterSendKey | MasterReceiveKey; the receive key is RFC 3079 3.5.3's. */
	assert_memory_equal(f->pl.hlak + 16, server_send, 16);
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	assert_int_equal(peer_hex("82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df", nt_resp, NULL,
				  24), 24);
	assert_int_equal(mppe_client_keys(nt_hash, nt_resp, send, recv), 0);
	assert_memory_equal(f->pl.hlak, send, 16);
	lfx_free(f);
}


/* A peer that asks no authentication, Naks our 0.0.0.0 and gives its own address. */
#define PLAIN_LCP_OPEN                                                                     \
	EXPECT_TX(SE_LCP_REQ1),                                                               \
	SEND_RX("ff 03 c0 21 01 01 00 04"),                                                \
	EXPECT_TX("ff 03 c0 21 02 01 00 04"),                                              \
	SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),                  \
	EXPECT_EVENT("auth-ok 0000")

static void test_peer_naks_address(void **state)
{
	static const struct peer_step script[] = {
		PLAIN_LCP_OPEN,
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 03 01 00 0a 03 06 0a 00 00 02"),
		EXPECT_TX("ff 03 80 21 01 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 02 02 00 0a 03 06 0a 00 00 02"),
		EXPECT_NO_EVENT(),		/* the peer has not acked ours yet: Ack-Rcvd */
		SEND_RX("ff 03 80 21 01 07 00 0a 03 06 0a 00 00 01"),
		EXPECT_TX("ff 03 80 21 02 07 00 0a 03 06 0a 00 00 01"),
		EXPECT_EVENT("ip-up 10.0.0.2 peer 10.0.0.1 dns 0.0.0.0 0.0.0.0 mru 1400 mtu 1500"),
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, false, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_true(ppp_link_ip_open(&f->pl.link));
	for (size_t i = 0; i < 32; i++)
		assert_int_equal(f->pl.hlak[i], 0);	/* no authentication: zero HLAK */
	lfx_free(f);
}

/*
 * A server that asks for no authentication proves nothing (no S= check, zero HLAK): refused
 * unless allowed, with LCP terminated and DOWN auth-unverified (exit 6 in sstpx).
 */
static void test_no_auth_refused(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX(SE_LCP_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 04"),
		EXPECT_TX("ff 03 c0 21 02 01 00 04"),
		SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		/* Terminate-Request "server asked for no authentication" */
		EXPECT_TX("ff 03 c0 21 05 02 00 26 73 65 72 76 65 72 20 61 73 6b 65 64 20 66 6f 72"
			  " 20 6e 6f 20 61 75 74 68 65 6e 74 69 63 61 74 69 6f 6e"),
		EXPECT_EVENT("down auth-unverified 0 server asked for no authentication"),
		EXPECT_NO_EVENT(),
		SEND_RX("ff 03 c0 21 06 02 00 04"),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct lfx *f = lfx_new(0, false, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_false(ppp_link_ip_open(&f->pl.link));
	lfx_free(f);
}

/* A peer that rejects our MRU and magic number: we ask for nothing and the MRU stays 1500. */
static void test_peer_rejects_options(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX(SE_LCP_REQ1),
		SEND_RX("ff 03 c0 21 04 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 01 02 00 04"),
		SEND_RX("ff 03 c0 21 02 02 00 04"),
		EXPECT_NO_EVENT(),
		/* The peer's MRU 1300 is ours to respect when sending. */
		SEND_RX("ff 03 c0 21 01 03 00 08 01 04 05 14"),
		EXPECT_TX("ff 03 c0 21 02 03 00 08 01 04 05 14"),
		EXPECT_EVENT("auth-ok 0000"),
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		/* The peer rejects an IPCP option it does not know either: still fine. */
		SEND_RX("ff 03 80 21 01 01 00 10 03 06 0a 00 00 01 02 06 00 2d 0f 01"),
		EXPECT_TX("ff 03 80 21 04 01 00 0a 02 06 00 2d 0f 01"),
		SEND_RX("ff 03 80 21 01 02 00 0a 03 06 0a 00 00 01"),
		EXPECT_TX("ff 03 80 21 02 02 00 0a 03 06 0a 00 00 01"),
		SEND_RX("ff 03 80 21 03 01 00 0a 03 06 0a 00 00 05"),
		EXPECT_TX("ff 03 80 21 01 02 00 0a 03 06 0a 00 00 05"),
		SEND_RX("ff 03 80 21 02 02 00 0a 03 06 0a 00 00 05"),
		EXPECT_EVENT("ip-up 10.0.0.5 peer 10.0.0.1 dns 0.0.0.0 0.0.0.0 mru 1500 mtu 1300"),
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, false, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	lfx_free(f);
}

/* SoftEther on a wrong password: Failure E=691; we terminate and report it. */
static void test_chap_failure_691(void **state)
{
	static const struct peer_step script[] = {
		SOFTETHER_LCP_AND_CHAP_FAIL,
		/* "E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3" */
		SEND_RX("ff 03 c2 23 04 01 00 34 45 3d 36 39 31 20 52 3d 30 20 43 3d 30 30 31 31 32"
			" 32 33 33 34 34 35 35 36 36 37 37 38 38 39 39 41 41 42 42 43 43 44 44 45 45"
			" 46 46 20 56 3d 33"),
		/* Terminate-Request "bad user name or password (E=691)" */
		EXPECT_TX("ff 03 c0 21 05 03 00 25 62 61 64 20 75 73 65 72 20 6e 61 6d 65 20 6f 72"
			  " 20 70 61 73 73 77 6f 72 64 20 28 45 3d 36 39 31 29"),
		EXPECT_EVENT("down auth-failed 691 bad user name or password (E=691)"),
		EXPECT_NO_EVENT(),
		/* SoftEther also sends its own Terminate-Request: acked; then its Ack to ours. */
		SEND_RX("ff 03 c0 21 05 04 00 04"),
		EXPECT_TX("ff 03 c0 21 06 04 00 04"),
		SEND_RX("ff 03 c0 21 06 03 00 04"),
		EXPECT_EVENT("finished"),
		EXPECT_NO_EVENT(),
		END(),
	};
	struct lfx *f = lfx_new(false, false, true);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_int_equal(ppp_link_phase(&f->pl.link), PPP_PHASE_DEAD);
	assert_int_equal(ppp_link_next_deadline(&f->pl.link), 0);
	lfx_free(f);
}

/* A server that cannot prove it knows the password (wrong S=) is refused. */
static void test_chap_unverified(void **state)
{
	static const struct peer_step script[] = {
		SOFTETHER_LCP_AND_CHAP_FAIL,
		/* S= with the last digit changed (…DA57). */
		SEND_RX("ff 03 c2 23 03 01 00 2e 53 3d 34 30 37 41 35 35 38 39 31 31 35 46 44 30 44"
			" 36 32 30 39 46 35 31 30 46 45 39 43 30 34 35 36 36 39 33 32 43 44 41 35 37"),
		EXPECT_TX("ff 03 c0 21 05 03 00 32 73 65 72 76 65 72 27 73 20 61 75 74 68 65 6e 74"
			  " 69 63 61 74 6f 72 20 72 65 73 70 6f 6e 73 65 20 64 6f 65 73 20 6e 6f 74"
			  " 20 6d 61 74 63 68"),
		EXPECT_EVENT("down auth-unverified 0 server's authenticator response"),
		/* No Terminate-Ack: Max-Terminate (2) requests, then finished. */
		ADVANCE(3000),
		EXPECT_TX("ff 03 c0 21 05 04 00 32 .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .."
			  " .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .."
			  " .. .. .. .. .. .."),
		ADVANCE(3000),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct lfx *f = lfx_new(false, false, true);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	for (size_t i = 0; i < 32; i++)
		assert_int_equal(f->pl.hlak[i], 0);	/* no AUTH_OK was ever delivered */
	lfx_free(f);
}

/* Nobody answers: Max-Configure (10) requests 3 s apart, then DOWN peer-silent. */
static void test_peer_silent(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX(SE_LCP_REQ1),
		ADVANCE(2999),
		EXPECT_NO_TX(),
		ADVANCE(1),
		EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		ADVANCE(3000), EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		ADVANCE(3000), EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		ADVANCE(3000), EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		ADVANCE(3000), EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		ADVANCE(3000), EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		ADVANCE(3000), EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		ADVANCE(3000), EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		ADVANCE(3000), EXPECT_TX("ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_NO_EVENT(),
		ADVANCE(3000),
		EXPECT_NO_TX(),
		EXPECT_EVENT("down peer-silent"),
		EXPECT_EVENT("finished"),
		ADVANCE(60000),
		EXPECT_NO_TX(),
		END(),
	};
	struct lfx *f = lfx_new(false, false, true);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_int_equal(f->peer.now, 1000 + 10 * 3000 + 60000);
	lfx_free(f);
}

/* The server ends the session: Terminate-Ack at once, DOWN peer-terminate, finished later. */
static void test_peer_terminate(void **state)
{
	static const struct peer_step script[] = {
		PLAIN_LCP_OPEN,
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 03 01 00 0a 03 06 0a 00 00 02"),
		EXPECT_TX("ff 03 80 21 01 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 02 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 01 07 00 04"),
		EXPECT_TX("ff 03 80 21 02 07 00 04"),
		EXPECT_EVENT("ip-up 10.0.0.2 peer 0.0.0.0"),
		SEND_RX("ff 03 c0 21 05 09 00 04"),
		EXPECT_TX("ff 03 c0 21 06 09 00 04"),
		EXPECT_EVENT("down peer-terminate"),
		EXPECT_NO_EVENT(),
		ADVANCE(3000),			/* RFC 1661 4.4 ZRC: one restart period, then TLF */
		EXPECT_EVENT("finished"),
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, false, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_false(ppp_link_ip_open(&f->pl.link));
	lfx_free(f);
}

/* A server without IPv6CP Protocol-Rejects it: IPv6CP stops, IPv4 comes up alone. */
static void test_ipv6cp_protocol_reject(void **state)
{
	static const struct peer_step script[] = {
		PLAIN_LCP_OPEN,
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 57 01 01 00 0e 01 0a 02 11 22 33 44 55 66 77"),
		SEND_RX("ff 03 c0 21 08 05 00 14 80 57 01 01 00 0e 01 0a 02 11 22 33 44 55 66 77"),
		EXPECT_NO_TX(),
		SEND_RX("ff 03 80 21 03 01 00 0a 03 06 0a 00 00 02"),
		EXPECT_TX("ff 03 80 21 01 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 02 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 01 07 00 0a 03 06 0a 00 00 01"),
		EXPECT_TX("ff 03 80 21 02 07 00 0a 03 06 0a 00 00 01"),
		EXPECT_EVENT("ip-up 10.0.0.2 peer 10.0.0.1"),
		EXPECT_NO_EVENT(),
		ADVANCE(40000),			/* no IPv6CP retransmissions, no DOWN */
		EXPECT_NO_TX(),
		EXPECT_NO_EVENT(),
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, true, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_true(ppp_link_ip_open(&f->pl.link));
	assert_false(ppp_link_ipv6_open(&f->pl.link));
	lfx_free(f);
}

/*
 * Hostile server: an MRU of 1200 is below IPv6's minimum link MTU (1280, RFC 8200 5), where the
 * kernel refuses the link-local address and the whole connection used to end (exit 9). IPv6CP is
 * not started (its frames are Protocol-Rejected) and IPv4 comes up alone with MTU 1200.
 */
static void test_small_mru_ipv4_only(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX(SE_LCP_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 08 01 04 04 b0"),
		EXPECT_TX("ff 03 c0 21 02 01 00 08 01 04 04 b0"),
		SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_EVENT("auth-ok 0000"),
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		EXPECT_NO_TX(),			/* no IPv6CP Configure-Request */
		SEND_RX("ff 03 80 57 01 04 00 0e 01 0a 0a bb cc dd ee ff 00 11"),
		EXPECT_TX("ff 03 c0 21 08 .. 00 14 80 57 01 04 00 0e 01 0a 0a bb cc dd ee ff 00 11"),
		SEND_RX("ff 03 80 21 03 01 00 0a 03 06 0a 00 00 02"),
		EXPECT_TX("ff 03 80 21 01 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 02 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 01 07 00 0a 03 06 0a 00 00 01"),
		EXPECT_TX("ff 03 80 21 02 07 00 0a 03 06 0a 00 00 01"),
		EXPECT_EVENT("ip-up 10.0.0.2 peer 10.0.0.1 dns 0.0.0.0 0.0.0.0 mru 1400 mtu 1200"),
		EXPECT_NO_EVENT(),
		ADVANCE(40000),
		EXPECT_NO_TX(),
		EXPECT_NO_EVENT(),
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, true, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_true(ppp_link_ip_open(&f->pl.link));
	assert_false(ppp_link_ipv6_open(&f->pl.link));
	lfx_free(f);
}

/* IPv6CP that opens: both interface identifiers reported. */
static void test_ipv6_up(void **state)
{
	static const struct peer_step script[] = {
		PLAIN_LCP_OPEN,
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 57 01 01 00 0e 01 0a 02 11 22 33 44 55 66 77"),
		SEND_RX("ff 03 80 57 01 04 00 0e 01 0a 0a bb cc dd ee ff 00 11"),
		EXPECT_TX("ff 03 80 57 02 04 00 0e 01 0a 0a bb cc dd ee ff 00 11"),
		SEND_RX("ff 03 80 57 02 01 00 0e 01 0a 02 11 22 33 44 55 66 77"),
		EXPECT_EVENT("ipv6-up 0211223344556677 peer 0abbccddeeff0011"),
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, true, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_true(ppp_link_ipv6_open(&f->pl.link));
	assert_false(ppp_link_ip_open(&f->pl.link));
	lfx_free(f);
}

/* PAP when allowed; HLAK is 32 zero bytes (MS-SSTP 3.2.5.2). */
#define PAP_LCP_OPEN                                                                       \
	EXPECT_TX(SE_LCP_REQ1),                                                               \
	SEND_RX("ff 03 c0 21 01 01 00 08 03 04 c0 23"),                                    \
	EXPECT_TX("ff 03 c0 21 02 01 00 08 03 04 c0 23"),                                  \
	SEND_RX("ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),                  \
	/* Authenticate-Request "User" / "clientPass" */                                  \
	EXPECT_TX("ff 03 c0 23 01 01 00 14 04 55 73 65 72 0a 63 6c 69 65 6e 74 50 61 73 73")

static void test_pap_ok(void **state)
{
	static const struct peer_step script[] = {
		PAP_LCP_OPEN,
		ADVANCE(3000),
		EXPECT_TX("ff 03 c0 23 01 02 00 14 04 55 73 65 72 0a 63 6c 69 65 6e 74 50 61 73 73"),
		SEND_RX("ff 03 c0 23 02 02 00 05 00"),
		EXPECT_EVENT("auth-ok c023"),
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		END(),
	};
	struct lfx *f = lfx_new(LFX_PAP, false, false);

	(void)state;
	memset(f->pl.hlak, 0xee, sizeof(f->pl.hlak));
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	for (size_t i = 0; i < 32; i++)
		assert_int_equal(f->pl.hlak[i], 0);
	lfx_free(f);
}

/* SoftEther answers a wrong PAP password with no Nak, only LCP Terminate-Request. */
static void test_pap_softether_wrong_password(void **state)
{
	static const struct peer_step script[] = {
		PAP_LCP_OPEN,
		SEND_RX("ff 03 c0 21 05 02 00 04"),
		EXPECT_TX("ff 03 c0 21 06 02 00 04"),
		EXPECT_EVENT("down auth-failed 0 server ended the link during authentication"),
		ADVANCE(3000),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct lfx *f = lfx_new(LFX_PAP, false, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	lfx_free(f);
}

/* PAP is refused unless allowed: LCP Naks it towards MS-CHAPv2 (no password in clear). */
static void test_pap_refused(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX(SE_LCP_REQ1),
		SEND_RX("ff 03 c0 21 01 01 00 08 03 04 c0 23"),
		EXPECT_TX(SE_NAK_EAP),
		END(),
	};
	struct lfx *f = lfx_new(false, false, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	lfx_free(f);
}

/* The server never sends a Challenge: DOWN timeout after auth_timeout_ms (30 s). */
static void test_auth_timeout(void **state)
{
	static const struct peer_step script[] = {
		SOFTETHER_LCP_ONLY,
		ADVANCE(29999),
		EXPECT_NO_TX(),
		EXPECT_NO_EVENT(),
		ADVANCE(1),
		EXPECT_TX("ff 03 c0 21 05 03 00 1c 61 75 74 68 65 6e 74 69 63 61 74 69 6f 6e 20 74"
			  " 69 6d 65 64 20 6f 75 74"),
		EXPECT_EVENT("down timeout 0 authentication timed out"),
		SEND_RX("ff 03 c0 21 06 03 00 04"),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct lfx *f = lfx_new(false, false, true);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	lfx_free(f);
}

/* Local close while open: Terminate-Request, DOWN user; input after the end is refused. */
static void test_user_close(void **state)
{
	static const struct peer_step script[] = {
		PLAIN_LCP_OPEN,
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		END(),
	};
	static const struct peer_step after[] = {
		EXPECT_TX("ff 03 c0 21 05 02 00 12 63 6c 6f 73 65 64 20 62 79 20 75 73 65 72"),
		EXPECT_EVENT("down user 0 closed by user"),
		SEND_RX("ff 03 c0 21 06 02 00 04"),
		EXPECT_EVENT("finished"),
		SEND_RX("ff 03 c0 21 01 01 00 04"),	/* dead: ignored */
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, false, false);
	static const uint8_t lcp_req[] = { 0xff, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04 };

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), -EPROTO);
	peer_run(&f->peer, script);
	assert_int_equal(ppp_link_close(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, after);
	assert_int_equal(ppp_link_input(&f->pl.link, lcp_req, sizeof(lcp_req), f->peer.now), -EPROTO);
	lfx_free(f);
}

/* The server renegotiates LCP mid-session (RFC 1661 4.3 RCR in Opened): the session ends. */
static void test_lcp_renegotiation(void **state)
{
	static const struct peer_step script[] = {
		PLAIN_LCP_OPEN,
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 03 01 00 0a 03 06 0a 00 00 02"),
		EXPECT_TX("ff 03 80 21 01 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 02 02 00 0a 03 06 0a 00 00 02"),
		SEND_RX("ff 03 80 21 01 07 00 04"),
		EXPECT_TX("ff 03 80 21 02 07 00 04"),
		EXPECT_EVENT("ip-up 10.0.0.2 peer 0.0.0.0"),
		SEND_RX("ff 03 c0 21 01 0a 00 04"),
		EXPECT_TX("ff 03 c0 21 01 02 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 02 0a 00 04"),
		/* Terminate-Request "LCP renegotiation" */
		EXPECT_TX("ff 03 c0 21 05 03 00 15 4c 43 50 20 72 65 6e 65 67 6f 74 69 61 74 69 6f 6e"),
		EXPECT_EVENT("down negotiation 0 LCP renegotiation"),
		SEND_RX("ff 03 c0 21 06 03 00 04"),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, false, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_false(ppp_link_ip_open(&f->pl.link));
	lfx_free(f);
}

/* Bad configurations are refused; closing a link never opened ends it without a frame. */
static void test_init_and_early_close(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_EVENT("down user 0 closed by user"), EXPECT_EVENT("finished"), END(),
	};
	struct lfx *f = lfx_new(false, false, false);
	struct ppp_link_cfg cfg = { .user = "u", .pool = &f->pool,
				    .rand = { .fn = peer_script_rand } };
	struct ppp_link l;

	(void)state;
	assert_int_equal(ppp_link_close(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	assert_int_equal(ppp_link_phase(&f->pl.link), PPP_PHASE_DEAD);
	assert_int_equal(ppp_link_init(&l, &cfg), 0);
	ppp_link_destroy(&l);
	cfg.password = "\xff\xfe";	/* not UTF-8 */
	cfg.password_len = 2;
	assert_int_equal(ppp_link_init(&l, &cfg), -EBADMSG);
	cfg.password = NULL;
	assert_int_equal(ppp_link_init(&l, &cfg), -EINVAL);
	cfg = (struct ppp_link_cfg){ .pool = &f->pool, .rand = { .fn = peer_script_rand } };
	assert_int_equal(ppp_link_init(&l, &cfg), -EINVAL);	/* no user */
	cfg.user = "";
	assert_int_equal(ppp_link_init(&l, &cfg), -EINVAL);
	cfg = (struct ppp_link_cfg){ .user = "u", .rand = { .fn = peer_script_rand } };
	assert_int_equal(ppp_link_init(&l, &cfg), -EINVAL);	/* no pool */
	lfx_free(f);
}

#define IPCP_REQ_ANY "ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"	/* retransmitted: same id */

/* IPCP never answered: after Max-Configure IPCP gives up and, without IPv4, LCP is closed. */
static void test_ipcp_silent(void **state)
{
	static const struct peer_step script[] = {
		PLAIN_LCP_OPEN,
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		ADVANCE(9 * 3000),
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		EXPECT_TX(IPCP_REQ_ANY), EXPECT_TX(IPCP_REQ_ANY), EXPECT_TX(IPCP_REQ_ANY),
		EXPECT_TX(IPCP_REQ_ANY), EXPECT_TX(IPCP_REQ_ANY), EXPECT_TX(IPCP_REQ_ANY),
		EXPECT_TX(IPCP_REQ_ANY),
		EXPECT_TX("ff 03 80 21 01 01 00 0a 03 06 00 00 00 00"),
		EXPECT_NO_EVENT(),
		ADVANCE(3000),
		/* Terminate-Request "IPCP did not open" */
		EXPECT_TX("ff 03 c0 21 05 02 00 15 49 50 43 50 20 64 69 64 20 6e 6f 74 20 6f 70 65 6e"),
		EXPECT_EVENT("down peer-silent 0 IPCP did not open"),
		SEND_RX("ff 03 c0 21 06 02 00 04"),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct lfx *f = lfx_new(LFX_NO_AUTH, false, false);

	(void)state;
	assert_int_equal(ppp_link_open(&f->pl.link, f->peer.now), 0);
	peer_run(&f->peer, script);
	lfx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_softether_ip_up),
		cmocka_unit_test(test_peer_naks_address),
		cmocka_unit_test(test_no_auth_refused),
		cmocka_unit_test(test_peer_rejects_options),
		cmocka_unit_test(test_chap_failure_691),
		cmocka_unit_test(test_chap_unverified),
		cmocka_unit_test(test_peer_silent),
		cmocka_unit_test(test_peer_terminate),
		cmocka_unit_test(test_ipv6cp_protocol_reject),
		cmocka_unit_test(test_ipv6_up),
		cmocka_unit_test(test_small_mru_ipv4_only),
		cmocka_unit_test(test_pap_ok),
		cmocka_unit_test(test_pap_softether_wrong_password),
		cmocka_unit_test(test_pap_refused),
		cmocka_unit_test(test_auth_timeout),
		cmocka_unit_test(test_user_close),
		cmocka_unit_test(test_lcp_renegotiation),
		cmocka_unit_test(test_init_and_early_close),
		cmocka_unit_test(test_ipcp_silent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
