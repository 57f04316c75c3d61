// SPDX-License-Identifier: MIT
/*
 * struct ppp_srv, the test server's authenticator side, driven byte-exactly by the scripted-peer
 * harness on a virtual clock: scripted client frames in, exact server frames out, every fault.
 * The client side is the RFC 2759 9.2 one (User / clientPass, its peer challenge and
 * NT-Response), and the server's randomness gives the RFC 2759 9.2 authenticator challenge, so the
 * Challenge, Response and Success bytes are the published vectors.
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
#include "ppp/server.h"
#include "tests/peer/link_peer.h"
#include "tests/peer/peer.h"
#include "tests/peer/softether_frames.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* RFC 2759 9.2 */
static const uint8_t auth_challenge[16] = { 0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
					    0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28 };
static const uint8_t nt_response[24] = { 0x82, 0x30, 0x9E, 0xCD, 0x8D, 0x70, 0x8B, 0x5E,
					 0xA0, 0x8F, 0xAA, 0x39, 0x81, 0xCD, 0x83, 0x54,
					 0x42, 0x33, 0x11, 0x4A, 0x3D, 0x85, 0xD6, 0xDF };

/* Server LCP Configure-Request: <mru 1400> <auth chap-ms-v2> <magic 0x5a5a5a5a>, and its Ack. */
#define S_LCP_REQ "ff 03 c0 21 01 01 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"
#define C_LCP_ACK "ff 03 c0 21 02 01 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"
/* The client's request (SE_LCP_REQ1: <mru 1400> <magic 0x1a2b3c4d>) and our Ack. */
#define S_LCP_ACK "ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"
/* "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted" (RFC 2759 9.2). */
#define S_SUCCESS                                                                            \
	"ff 03 c2 23 03 01 00 3f 53 3d 34 30 37 41 35 35 38 39 31 31 35 46 44 30 44 36 32"  \
	" 30 39 46 35 31 30 46 45 39 43 30 34 35 36 36 39 33 32 43 44 41 35 36 20 4d 3d 41" \
	" 63 63 65 73 73 20 67 72 61 6e 74 65 64"
/* IPCP: ours <addr 10.9.0.1>; the client's 0.0.0.0s Nak'd with 10.9.0.2 and DNS .53/.54. */
#define S_IPCP_REQ "ff 03 80 21 01 01 00 0a 03 06 0a 09 00 01"
#define C_IPCP_ACK "ff 03 80 21 02 01 00 0a 03 06 0a 09 00 01"
#define S_IPCP_NAK                                                                           \
	"ff 03 80 21 03 01 00 16 03 06 0a 09 00 02 81 06 0a 09 00 35 83 06 0a 09 00 36"
#define C_IPCP_REQ2                                                                          \
	"ff 03 80 21 01 02 00 16 03 06 0a 09 00 02 81 06 0a 09 00 35 83 06 0a 09 00 36"
#define S_IPCP_ACK2                                                                          \
	"ff 03 80 21 02 02 00 16 03 06 0a 09 00 02 81 06 0a 09 00 35 83 06 0a 09 00 36"
#define LCP_TERMACK2 "ff 03 c0 21 06 02 00 04"

#define LCP_OPEN_CHAP                                                                        \
	EXPECT_TX(S_LCP_REQ), SEND_RX(SE_LCP_REQ1), EXPECT_TX(S_LCP_ACK), SEND_RX(C_LCP_ACK),  \
	EXPECT_TX(SE_CHALLENGE)

#define UP_TO_IP                                                                             \
	LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),      \
	EXPECT_EVENT("auth-ok c223"), SEND_RX(SE_IPCP_REQ1), EXPECT_TX(S_IPCP_NAK),             \
	SEND_RX(C_IPCP_ACK), EXPECT_NO_EVENT(), SEND_RX(C_IPCP_REQ2), EXPECT_TX(S_IPCP_ACK2),   \
	EXPECT_EVENT("ip-up 10.9.0.1 peer 10.9.0.2 dns 10.9.0.53 10.9.0.54 mru 1400 mtu 1400")

struct peer_srv {
	struct ppp_srv srv;
	uint8_t hlak[PPP_HLAK_LEN];
	bool have_hlak;
};

static int op_input(void *core, const uint8_t *buf, size_t len, uint64_t now)
{
	return ppp_srv_input(&((struct peer_srv *)core)->srv, buf, len, now);
}

static void op_tick(void *core, uint64_t now)
{
	ppp_srv_tick(&((struct peer_srv *)core)->srv, now);
}

static uint64_t op_deadline(void *core)
{
	return ppp_srv_next_deadline(&((struct peer_srv *)core)->srv);
}

static long op_pop_tx(void *core, uint8_t *buf, size_t cap)
{
	struct ppp_srv *s = &((struct peer_srv *)core)->srv;
	struct pkt *p = ppp_srv_pop_tx(s);
	long n;

	if (!p)
		return 0;
	n = p->len <= cap ? (long)p->len : -1;
	if (n > 0)
		memcpy(buf, pkt_data(p), p->len);
	pkt_pool_ret(s->ctx.pool, p);
	return n;
}

static void ip4(uint32_t a, char *out)
{
	snprintf(out, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

/* The same texts as tests/peer/link_peer.h. */
static bool op_pop_event(void *core, char *buf, size_t cap)
{
	struct peer_srv *ps = core;
	struct ppp_event ev;
	char a[4][16];

	if (!ppp_srv_pop_event(&ps->srv, &ev))
		return false;
	switch (ev.type) {
	case PPP_EV_AUTH_OK:
		memcpy(ps->hlak, ev.u.auth.hlak, sizeof(ps->hlak));
		ps->have_hlak = true;
		snprintf(buf, cap, "auth-ok %04x", ev.u.auth.proto);
		break;
	case PPP_EV_IP_UP:
		ip4(ev.u.ip.local, a[0]);
		ip4(ev.u.ip.peer, a[1]);
		ip4(ev.u.ip.dns1, a[2]);
		ip4(ev.u.ip.dns2, a[3]);
		snprintf(buf, cap, "ip-up %s peer %s dns %s %s mru %u mtu %u", a[0], a[1], a[2],
			 a[3], ev.u.ip.mru, ev.u.ip.peer_mru);
		break;
	case PPP_EV_IPV6_UP:
		snprintf(buf, cap, "ipv6-up %016llx peer %016llx",
			 (unsigned long long)ev.u.ipv6.local_id, (unsigned long long)ev.u.ipv6.peer_id);
		break;
	case PPP_EV_DOWN:
		snprintf(buf, cap, "down %s %d %s", peer_reason_name(ev.u.down.reason),
			 ev.u.down.detail, ev.u.down.msg);
		break;
	case PPP_EV_FINISHED:
		snprintf(buf, cap, "finished");
		break;
	}
	return true;
}

static const struct peer_ops srv_ops = {
	.input = op_input,
	.tick = op_tick,
	.next_deadline = op_deadline,
	.pop_tx = op_pop_tx,
	.pop_event = op_pop_event,
};

/* 16 bytes: the RFC 2759 9.2 authenticator challenge; 4: magic 0x5a5a5a5a; others: 0x01s. */
static int srv_rand(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	if (len == 16)
		memcpy(buf, auth_challenge, 16);
	else if (len == 4)
		memset(buf, 0x5a, 4);
	else if (len == 8)
		memset(buf, 0x0a, 8);
	else
		memset(buf, 0x01, len);
	return 0;
}

static bool lookup_chap(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	(void)ctx;
	if (strcmp(user, "User"))
		return false;
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	return true;
}

static bool lookup_pap(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
		       size_t *len)
{
	(void)ctx;
	if (strcmp(user, "User"))
		return false;
	memcpy(password, "clientPass", 10);
	*len = 10;
	return true;
}

struct sfx {
	struct pkt_pool pool;
	struct peer_srv ps;
	struct peer peer;
};

static struct sfx fx;

static void cfg_default(struct ppp_srv_cfg *c)
{
	*c = (struct ppp_srv_cfg){ .name = "SE", .chap_lookup = lookup_chap,
				   .pap_lookup = lookup_pap, .local_addr = IP4(10, 9, 0, 1),
				   .peer_addr = IP4(10, 9, 0, 2), .dns1 = IP4(10, 9, 0, 53),
				   .dns2 = IP4(10, 9, 0, 54), .headroom = 4,
				   .rand = { srv_rand, NULL } };
	if (getenv("SX_TRACE"))
		c->log = (struct sx_log){ .fn = peer_log_stderr, .max = SX_LOG_TRACE };
}

/* A started server (its LCP Configure-Request queued) on the virtual clock at 1000. */
static struct sfx *sfx_new(const struct ppp_srv_cfg *cfg)
{
	struct ppp_srv_cfg c = *cfg;

	memset(&fx, 0, sizeof(fx));
	assert_int_equal(pkt_pool_init(&fx.pool, 16, 1600), 0);
	c.pool = &fx.pool;
	assert_int_equal(ppp_srv_init(&fx.ps.srv, &c), 0);
	fx.peer = (struct peer){ .ops = &srv_ops, .core = &fx.ps, .now = 1000 };
	assert_int_equal(ppp_srv_open(&fx.ps.srv, fx.peer.now), 0);
	return &fx;
}

static void sfx_free(struct sfx *f)
{
	ppp_srv_destroy(&f->ps.srv);
	assert_int_equal(f->pool.nfree, f->pool.count);	/* every frame went back */
	pkt_pool_destroy(&f->pool);
}

static struct sfx *sfx_default(void)
{
	struct ppp_srv_cfg c;

	cfg_default(&c);
	return sfx_new(&c);
}

static void test_chap_to_ip_up(void **state)
{
	static const struct peer_step script[] = { UP_TO_IP, EXPECT_NO_TX(), END() };
	struct sfx *f = sfx_default();
	uint8_t nt_hash[16], send[16], recv[16], hlak[32];

	(void)state;
	peer_run(&f->peer, script);
	/* MS-SSTP 3.2.5.2: the HLAK is the client's MasterSendKey | MasterReceiveKey. */
	assert_int_equal(mschapv2_nt_hash("clientPass", 10, nt_hash), 0);
	assert_int_equal(mppe_client_keys(nt_hash, nt_response, send, recv), 0);
	cbind_hlak_mschapv2(send, recv, hlak);
	assert_true(f->ps.have_hlak);
	assert_memory_equal(f->ps.hlak, hlak, 32);
	assert_string_equal(ppp_srv_user(&f->ps.srv), "User");
	assert_true(ppp_srv_ip_open(&f->ps.srv));
	assert_false(ppp_srv_ipv6_open(&f->ps.srv));
	assert_int_equal(ppp_srv_phase(&f->ps.srv), PPP_PHASE_OPEN);
	sfx_free(f);
}

static void test_repeated_response_same_answer(void **state)
{
	/* RFC 1994 4.1: our Success was lost; the repeated Response gets it again. */
	static const struct peer_step script[] = {
		LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),
		EXPECT_EVENT("auth-ok c223"),
		SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_NO_EVENT(), END(),
	};
	struct sfx *f = sfx_default();

	(void)state;
	peer_run(&f->peer, script);
	sfx_free(f);
}

static void test_chap_failure_then_terminate(void **state)
{
	static const struct peer_step script[] = {
		LCP_OPEN_CHAP,
		/* The RFC Response with the last NT-Response octet changed. */
		SEND_RX("ff 03 c2 23 02 01 00 3a 31 21 40 23 24 25 5e 26 2a 28 29 5f 2b 3a 33 7c 7e"
			" 00 00 00 00 00 00 00 00 82 30 9e cd 8d 70 8b 5e a0 8f aa 39 81 cd 83 54"
			" 42 33 11 4a 3d 85 d6 de 00 55 73 65 72"),
		/* RFC 2759 6: "E=691 R=0 C=<next challenge> V=3 M=..." */
		EXPECT_TX("ff 03 c2 23 04 01 00 4d 45 3d 36 39 31 20 52 3d 30 20 43 3d 35 42 35 44"
			  " 37 43 37 44 37 42 33 46 32 46 33 45 33 43 32 43 36 30 32 31 33 32 32 36"
			  " 32 36 32 38 20 56 3d 33 20 4d 3d 41 75 74 68 65 6e 74 69 63 61 74 69 6f"
			  " 6e 20 66 61 69 6c 75 72 65"),
		/* Then LCP Terminate-Request "E=691 wrong NT-Response (bad password) (sent E=691)". */
		EXPECT_TX("ff 03 c0 21 05 02 00 37 45 3d 36 39 31 20 77 72 6f 6e 67 20 4e 54 2d 52"
			  " 65 73 70 6f 6e 73 65 20 28 62 61 64 20 70 61 73 73 77 6f 72 64 29 20 28"
			  " 73 65 6e 74 20 45 3d 36 39 31 29"),
		EXPECT_EVENT("down auth-failed 691 E=691 wrong NT-Response"),
		EXPECT_NO_EVENT(),
		SEND_RX(LCP_TERMACK2),
		EXPECT_EVENT("finished"),
		EXPECT_NO_TX(),
		END(),
	};
	struct sfx *f = sfx_default();

	(void)state;
	peer_run(&f->peer, script);
	assert_false(f->ps.have_hlak);
	assert_string_equal(ppp_srv_user(&f->ps.srv), "");
	assert_int_equal(ppp_srv_phase(&f->ps.srv), PPP_PHASE_DEAD);
	sfx_free(f);
}

static void test_chap_silent_client(void **state)
{
	/* RFC 1994 4.1: the Challenge is resent every 3 s; after 10 the server gives up. */
	static const struct peer_step script[] = {
		LCP_OPEN_CHAP,
		ADVANCE(2999), EXPECT_NO_TX(),
		ADVANCE(1), EXPECT_TX(SE_CHALLENGE),
		ADVANCE(8 * 3000), EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE),
		EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE),
		EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE), EXPECT_TX(SE_CHALLENGE),
		EXPECT_NO_EVENT(),
		ADVANCE(3000),
		/* "no Response to 10 Challenges" */
		EXPECT_TX("ff 03 c0 21 05 02 00 20 6e 6f 20 52 65 73 70 6f 6e 73 65 20 74 6f 20 31"
			  " 30 20 43 68 61 6c 6c 65 6e 67 65 73"),
		EXPECT_EVENT("down peer-silent 0 no Response to 10 Challenges"),
		END(),
	};
	struct sfx *f = sfx_default();

	(void)state;
	peer_run(&f->peer, script);
	sfx_free(f);
}

static void test_pap_to_ip_up(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX("ff 03 c0 21 01 01 00 12 01 04 05 78 03 04 c0 23 05 06 5a 5a 5a 5a"),
		SEND_RX(SE_LCP_REQ1), EXPECT_TX(S_LCP_ACK),
		SEND_RX("ff 03 c0 21 02 01 00 12 01 04 05 78 03 04 c0 23 05 06 5a 5a 5a 5a"),
		/* RFC 1334 2: the PAP peer speaks first. */
		EXPECT_NO_TX(),
		SEND_RX("ff 03 c0 23 01 07 00 14 04 55 73 65 72 0a 63 6c 69 65 6e 74 50 61 73 73"),
		EXPECT_TX("ff 03 c0 23 02 07 00 13 0e 41 63 63 65 73 73 20 67 72 61 6e 74 65 64"),
		EXPECT_TX(S_IPCP_REQ),
		EXPECT_EVENT("auth-ok c023"),
		END(),
	};
	static const uint8_t zero[32];
	struct ppp_srv_cfg c;
	struct sfx *f;

	(void)state;
	cfg_default(&c);
	c.pap = true;
	f = sfx_new(&c);
	peer_run(&f->peer, script);
	assert_true(f->ps.have_hlak);
	assert_memory_equal(f->ps.hlak, zero, 32);	/* MS-SSTP 3.2.5.2: PAP's HLAK is zeros */
	assert_string_equal(ppp_srv_user(&f->ps.srv), "User");
	sfx_free(f);
}

static void test_client_rejects_auth(void **state)
{
	static const struct peer_step script[] = {
		EXPECT_TX(S_LCP_REQ),
		SEND_RX("ff 03 c0 21 04 01 00 09 03 05 c2 23 81"),
		/* "peer rejected authentication" */
		EXPECT_TX("ff 03 c0 21 05 02 00 20 70 65 65 72 20 72 65 6a 65 63 74 65 64 20 61 75"
			  " 74 68 65 6e 74 69 63 61 74 69 6f 6e"),
		SEND_RX(LCP_TERMACK2),
		EXPECT_EVENT("down auth-unsupported 0 peer rejected authentication"),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct sfx *f = sfx_default();

	(void)state;
	peer_run(&f->peer, script);
	sfx_free(f);
}

static void test_client_naks_auth(void **state)
{
	/* RFC 1661 6.2: the test server asks again; the 5th Nak (Max-Failure) ends it. */
	static const struct peer_step script[] = {
		EXPECT_TX(S_LCP_REQ),
		SEND_RX("ff 03 c0 21 03 01 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 01 02 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"),
		SEND_RX("ff 03 c0 21 03 02 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 01 03 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"),
		SEND_RX("ff 03 c0 21 03 03 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 01 04 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"),
		SEND_RX("ff 03 c0 21 03 04 00 08 03 04 c0 23"),
		EXPECT_TX("ff 03 c0 21 01 05 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"),
		EXPECT_NO_EVENT(),
		SEND_RX("ff 03 c0 21 03 05 00 08 03 04 c0 23"),
		/* "peer refuses the authentication protocol" */
		EXPECT_TX("ff 03 c0 21 05 06 00 2c 70 65 65 72 20 72 65 66 75 73 65 73 20 74 68 65"
			  " 20 61 75 74 68 65 6e 74 69 63 61 74 69 6f 6e 20 70 72 6f 74 6f 63 6f 6c"),
		SEND_RX("ff 03 c0 21 06 06 00 04"),
		EXPECT_EVENT("down auth-unsupported 0 peer refuses"),
		EXPECT_EVENT("finished"),
		END(),
	};
	struct sfx *f = sfx_default();

	(void)state;
	peer_run(&f->peer, script);
	sfx_free(f);
}

static void test_client_asks_us_to_authenticate(void **state)
{
	/* We authenticate the client, never the other way: its auth option is Rejected. */
	static const struct peer_step script[] = {
		EXPECT_TX(S_LCP_REQ),
		SEND_RX("ff 03 c0 21 01 01 00 13 01 04 05 78 03 05 c2 23 81 05 06 1a 2b 3c 4d"),
		EXPECT_TX("ff 03 c0 21 04 01 00 09 03 05 c2 23 81"),
		END(),
	};
	struct sfx *f = sfx_default();

	(void)state;
	peer_run(&f->peer, script);
	sfx_free(f);
}

static void test_ipcp_dns_rejected_when_zero(void **state)
{
	static const struct peer_step script[] = {
		LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),
		SEND_RX(SE_IPCP_REQ1),
		/* RFC 1877: no secondary server to give: Reject it (before any Nak). */
		EXPECT_TX("ff 03 80 21 04 01 00 0a 83 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 01 02 00 10 03 06 00 00 00 00 81 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 21 03 02 00 10 03 06 0a 09 00 02 81 06 0a 09 00 35"),
		/* NBNS and IP-Compression are Rejected too. */
		SEND_RX("ff 03 80 21 01 03 00 16 03 06 0a 09 00 02 81 06 0a 09 00 35"
			" 82 06 00 00 00 00"),
		EXPECT_TX("ff 03 80 21 04 03 00 0a 82 06 00 00 00 00"),
		SEND_RX("ff 03 80 21 01 04 00 10 03 06 0a 09 00 02 81 06 0a 09 00 35"),
		EXPECT_TX("ff 03 80 21 02 04 00 10 03 06 0a 09 00 02 81 06 0a 09 00 35"),
		SEND_RX(C_IPCP_ACK),
		EXPECT_EVENT("auth-ok c223"),
		EXPECT_EVENT("ip-up 10.9.0.1 peer 10.9.0.2 dns 10.9.0.53 0.0.0.0"),
		END(),
	};
	struct ppp_srv_cfg c;
	struct sfx *f;

	(void)state;
	cfg_default(&c);
	c.dns2 = 0;
	f = sfx_new(&c);
	peer_run(&f->peer, script);
	sfx_free(f);
}

static void test_fault_ipcp_nak_loop(void **state)
{
	/* Every request is Nak'd, each time with an address other than the one asked for. */
	static const struct peer_step script[] = {
		LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),
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
	struct sfx *f;

	(void)state;
	cfg_default(&c);
	c.faults = PPP_SRV_F_IPCP_NAK_LOOP;
	f = sfx_new(&c);
	peer_run(&f->peer, script);
	assert_false(ppp_srv_ip_open(&f->ps.srv));
	sfx_free(f);
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
	struct sfx *f;

	(void)state;
	cfg_default(&c);
	c.faults = PPP_SRV_F_LCP_REJECT_LOOP;
	f = sfx_new(&c);
	peer_run(&f->peer, script);
	assert_int_equal(ppp_srv_phase(&f->ps.srv), PPP_PHASE_ESTABLISH);
	sfx_free(f);
	f = sfx_new(&c);
	peer_run(&f->peer, first_empty);
	sfx_free(f);
}

static void test_fault_ipv6cp_protrej(void **state)
{
	static const struct peer_step script[] = {
		UP_TO_IP,
		SEND_RX("ff 03 80 57 01 01 00 0e 01 0a 02 11 22 33 44 55 66 77"),
		EXPECT_TX("ff 03 c0 21 08 02 00 14 80 57 01 01 00 0e 01 0a 02 11 22 33 44 55 66 77"),
		EXPECT_NO_EVENT(),
		END(),
	};
	struct ppp_srv_cfg c;
	struct sfx *f;

	(void)state;
	cfg_default(&c);
	c.ipv6 = true;
	c.faults = PPP_SRV_F_IPV6CP_PROTREJ;
	f = sfx_new(&c);
	peer_run(&f->peer, script);
	assert_true(ppp_srv_ip_open(&f->ps.srv));
	sfx_free(f);
}

static void test_echo_reply_and_fault(void **state)
{
	static const struct peer_step answered[] = {
		UP_TO_IP,
		SEND_RX("ff 03 c0 21 09 07 00 0c 1a 2b 3c 4d 01 02 03 04"),
		EXPECT_TX("ff 03 c0 21 0a 07 00 0c 5a 5a 5a 5a 01 02 03 04"),
		END(),
	};
	static const struct peer_step ignored[] = {
		UP_TO_IP,
		SEND_RX("ff 03 c0 21 09 07 00 08 1a 2b 3c 4d"),
		EXPECT_NO_TX(),
		END(),
	};
	struct ppp_srv_cfg c;
	struct sfx *f;

	(void)state;
	f = sfx_default();
	peer_run(&f->peer, answered);
	sfx_free(f);
	cfg_default(&c);
	c.faults = PPP_SRV_F_NO_LCP_ECHO_REPLY;
	f = sfx_new(&c);
	peer_run(&f->peer, ignored);
	sfx_free(f);
}

static void test_server_echo_peer_silent(void **state)
{
	static const struct peer_step script[] = {
		UP_TO_IP,
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
	struct sfx *f;

	(void)state;
	cfg_default(&c);
	c.echo_interval_ms = 10000;
	f = sfx_new(&c);
	peer_run(&f->peer, script);
	sfx_free(f);
}

static void test_fault_terminate_after(void **state)
{
	static const struct peer_step script[] = {
		UP_TO_IP,
		ADVANCE(4999), EXPECT_NO_TX(),
		ADVANCE(1),
		/* "terminate-after fault" */
		EXPECT_TX("ff 03 c0 21 05 02 00 19 74 65 72 6d 69 6e 61 74 65 2d 61 66 74 65 72 20"
			  " 66 61 75 6c 74"),
		EXPECT_EVENT("down user 0 terminate-after fault"),
		SEND_RX(LCP_TERMACK2),
		EXPECT_EVENT("finished"),
		EXPECT_NO_TX(),
		END(),
	};
	struct ppp_srv_cfg c;
	struct sfx *f;

	(void)state;
	cfg_default(&c);
	c.terminate_after_ms = 5000;
	f = sfx_new(&c);
	peer_run(&f->peer, script);
	assert_int_equal(ppp_srv_next_deadline(&f->ps.srv), 0);
	sfx_free(f);
}

static void test_close_and_unknown_protocol(void **state)
{
	static const struct peer_step script[] = {
		UP_TO_IP,
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
	struct sfx *f = sfx_default();

	(void)state;
	peer_run(&f->peer, script);
	assert_int_equal(ppp_srv_close(&f->ps.srv, f->peer.now), 0);
	peer_run(&f->peer, after);
	sfx_free(f);
}

static void test_out_of_phase(void **state)
{
	static const uint8_t ipcp[] = { 0xff, 0x03, 0x80, 0x21, 0x01, 0x01, 0x00, 0x04 };
	static const uint8_t pap[] = { 0xff, 0x03, 0xc0, 0x23, 0x01, 0x01, 0x00, 0x06, 0, 0 };
	uint8_t resp[64];
	size_t n = peer_unhex(SE_RESPONSE, resp, sizeof(resp), 0);
	struct sfx *f = sfx_default();
	struct pkt *p;

	(void)state;
	assert_int_equal(ppp_srv_open(&f->ps.srv, 1000), -EPROTO);
	/* RFC 1661 3.4/3.5: NCP and authentication packets before their phase are dropped. */
	assert_int_equal(ppp_srv_input(&f->ps.srv, ipcp, sizeof(ipcp), 1000), -EPROTO);
	assert_int_equal(ppp_srv_input(&f->ps.srv, resp, n, 1000), -EPROTO);
	/* PAP while MS-CHAPv2 was asked for: not ours (Protocol-Reject only once Opened). */
	assert_int_equal(ppp_srv_input(&f->ps.srv, pap, sizeof(pap), 1000), -EPROTO);
	assert_int_equal(ppp_srv_input(&f->ps.srv, ipcp, 3, 1000), -EBADMSG);
	p = ppp_srv_pop_tx(&f->ps.srv);	/* only our LCP request */
	assert_non_null(p);
	pkt_pool_ret(&f->pool, p);
	assert_null(ppp_srv_pop_tx(&f->ps.srv));
	sfx_free(f);
}

static void test_init_rejects(void **state)
{
	struct ppp_srv_cfg c;
	struct ppp_srv s;
	struct pkt_pool pool;
	char long_name[CHAP_USER_MAX + 2];

	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 4, 256), 0);
	cfg_default(&c);
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);	/* no pool */
	c.pool = &pool;
	c.rand.fn = NULL;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	cfg_default(&c);
	c.pool = &pool;
	c.chap_lookup = NULL;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	c.pap = true;
	assert_int_equal(ppp_srv_init(&s, &c), 0);	/* PAP needs only its own lookup */
	ppp_srv_destroy(&s);
	c.pap_lookup = NULL;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	cfg_default(&c);
	c.pool = &pool;
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	c.name = long_name;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	cfg_default(&c);
	c.pool = &pool;
	c.chap_fault = CHAP_AUTH_FAULT_FAIL;
	c.chap_fail_code = 0;
	assert_int_equal(ppp_srv_init(&s, &c), -EINVAL);
	c.chap_fail_code = 649;
	assert_int_equal(ppp_srv_init(&s, &c), 0);
	assert_string_equal(ppp_srv_user(&s), "");
	assert_int_equal(ppp_srv_next_deadline(&s), 0);	/* nothing runs before open */
	ppp_srv_destroy(&s);
	assert_int_equal(pool.nfree, pool.count);
	pkt_pool_destroy(&pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chap_to_ip_up),
		cmocka_unit_test(test_repeated_response_same_answer),
		cmocka_unit_test(test_chap_failure_then_terminate),
		cmocka_unit_test(test_chap_silent_client),
		cmocka_unit_test(test_pap_to_ip_up),
		cmocka_unit_test(test_client_rejects_auth),
		cmocka_unit_test(test_client_naks_auth),
		cmocka_unit_test(test_client_asks_us_to_authenticate),
		cmocka_unit_test(test_ipcp_dns_rejected_when_zero),
		cmocka_unit_test(test_fault_ipcp_nak_loop),
		cmocka_unit_test(test_fault_lcp_reject_loop),
		cmocka_unit_test(test_fault_ipv6cp_protrej),
		cmocka_unit_test(test_echo_reply_and_fault),
		cmocka_unit_test(test_server_echo_peer_silent),
		cmocka_unit_test(test_fault_terminate_after),
		cmocka_unit_test(test_close_and_unknown_protocol),
		cmocka_unit_test(test_out_of_phase),
		cmocka_unit_test(test_init_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
