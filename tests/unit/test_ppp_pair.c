// SPDX-License-Identifier: MIT
/*
 * A real client (struct ppp_link) and the test server's authenticator (struct ppp_srv) back to
 * back in memory: frames popped from one side are fed to the other on a virtual clock, until both
 * are up or both are finished. Credentials are the RFC 2759 9.2 ones (User / clientPass).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/ppp.h"
#include "ppp/server.h"
#include "tests/peer/link_peer.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
#define SRV_ADDR IP4(10, 9, 0, 1)
#define CLI_ADDR IP4(10, 9, 0, 2)
#define DNS1 IP4(10, 9, 0, 53)
#define DNS2 IP4(10, 9, 0, 54)
#define MAX_EV 16
#define MAX_TX 256

struct side_log {
	struct ppp_event ev[MAX_EV];
	uint64_t at[MAX_EV];	/* virtual time each event was popped */
	unsigned n;
	char tx[MAX_TX][96];	/* ppp_trace of every frame this side sent */
	unsigned ntx;
};

struct pair {
	struct pkt_pool pool;
	struct ppp_link cli;
	struct ppp_srv srv;
	uint8_t cli_rand, srv_rand;
	uint64_t now;
	struct side_log c, s;
};

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

/* The server's randomness counts up: its magic never equals the client's 0x1a2b3c4d. */
static int count_rand(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *n = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = (*n)++;
	return 0;
}

/* Pool and randomness contexts are filled in by pair_new. */
static void default_cfgs(struct ppp_link_cfg *cc, struct ppp_srv_cfg *sc)
{
	*cc = (struct ppp_link_cfg){ .user = "User", .password = "clientPass", .password_len = 10,
				     .want_dns = true, .headroom = 4,
				     .rand = { peer_script_rand, NULL } };
	*sc = (struct ppp_srv_cfg){ .name = "strict", .chap_lookup = lookup_chap,
				    .pap_lookup = lookup_pap, .local_addr = SRV_ADDR,
				    .peer_addr = CLI_ADDR, .dns1 = DNS1, .dns2 = DNS2,
				    .headroom = 4, .rand = { count_rand, NULL } };
	if (getenv("SX_TRACE")) {
		cc->log = (struct sx_log){ .fn = peer_log_stderr, .max = SX_LOG_TRACE };
		sc->log = (struct sx_log){ .fn = peer_log_stderr, .max = SX_LOG_TRACE };
	}
}

static struct pair *pair_new(const struct ppp_link_cfg *cc, const struct ppp_srv_cfg *sc)
{
	static struct pair p;
	struct ppp_link_cfg c = *cc;
	struct ppp_srv_cfg s = *sc;

	c.pool = s.pool = &p.pool;
	c.rand.ctx = &p.cli_rand;
	s.rand.ctx = &p.srv_rand;
	memset(&p, 0, sizeof(p));
	p.srv_rand = 0x40;
	p.now = 1000;
	assert_int_equal(pkt_pool_init(&p.pool, 32, 1600), 0);
	assert_int_equal(ppp_link_init(&p.cli, &c), 0);
	assert_int_equal(ppp_srv_init(&p.srv, &s), 0);
	return &p;
}

static void pair_free(struct pair *p)
{
	ppp_link_destroy(&p->cli);
	ppp_srv_destroy(&p->srv);
	assert_int_equal(p->pool.nfree, p->pool.count);	/* every frame went back */
	pkt_pool_destroy(&p->pool);
}

static void log_tx(struct side_log *l, struct pkt *k)
{
	if (l->ntx < MAX_TX)
		ppp_trace(pkt_data(k), k->len, l->tx[l->ntx++], sizeof(l->tx[0]));
}

static void collect(struct pair *p)
{
	struct side_log *c = &p->c, *s = &p->s;

	while (c->n < MAX_EV && ppp_link_pop_event(&p->cli, &c->ev[c->n]))
		c->at[c->n++] = p->now;
	while (s->n < MAX_EV && ppp_srv_pop_event(&p->srv, &s->ev[s->n]))
		s->at[s->n++] = p->now;
}

/* Moves frames both ways until neither side has anything to send. */
static void pair_pump(struct pair *p)
{
	struct pkt *k;
	bool moved = true;

	while (moved) {
		moved = false;
		while ((k = ppp_link_pop_tx(&p->cli))) {
			log_tx(&p->c, k);
			ppp_srv_input(&p->srv, pkt_data(k), k->len, p->now);
			pkt_pool_ret(&p->pool, k);
			moved = true;
		}
		while ((k = ppp_srv_pop_tx(&p->srv))) {
			log_tx(&p->s, k);
			ppp_link_input(&p->cli, pkt_data(k), k->len, p->now);
			pkt_pool_ret(&p->pool, k);
			moved = true;
		}
		collect(p);
	}
}

static uint64_t min_nz(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

/* Pumps and ticks at every deadline until none is left before `until` (virtual ms). */
static void pair_run(struct pair *p, uint64_t until)
{
	uint64_t d;

	pair_pump(p);
	for (;;) {
		d = min_nz(ppp_link_next_deadline(&p->cli), ppp_srv_next_deadline(&p->srv));
		if (!d || d > until)
			break;
		if (d > p->now)
			p->now = d;
		ppp_link_tick(&p->cli, p->now);
		ppp_srv_tick(&p->srv, p->now);
		pair_pump(p);
	}
}

static void pair_start(struct pair *p)
{
	assert_int_equal(ppp_srv_open(&p->srv, p->now), 0);
	assert_int_equal(ppp_link_open(&p->cli, p->now), 0);
	pair_run(p, p->now + 120000);
}

static const struct ppp_event *find_ev(const struct side_log *l, enum ppp_event_type t,
				       uint64_t *at)
{
	for (unsigned i = 0; i < l->n; i++) {
		if (l->ev[i].type == t) {
			if (at)
				*at = l->at[i];
			return &l->ev[i];
		}
	}
	return NULL;
}

static unsigned count_ev(const struct side_log *l, enum ppp_event_type t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < l->n; i++)
		n += l->ev[i].type == t;
	return n;
}

/* Index of the first frame sent whose trace starts with prefix, or -1. */
static int find_tx(const struct side_log *l, const char *prefix)
{
	for (unsigned i = 0; i < l->ntx; i++)
		if (!strncmp(l->tx[i], prefix, strlen(prefix)))
			return (int)i;
	return -1;
}

static unsigned count_tx(const struct side_log *l, const char *prefix)
{
	unsigned n = 0;

	for (unsigned i = 0; i < l->ntx; i++)
		n += !strncmp(l->tx[i], prefix, strlen(prefix));
	return n;
}

static void assert_down(const struct side_log *l, enum sx_reason reason, int detail)
{
	const struct ppp_event *ev = find_ev(l, PPP_EV_DOWN, NULL);

	assert_non_null(ev);
	if (ev->u.down.reason != reason)
		fail_msg("down reason %s (%s), expected %s", peer_reason_name(ev->u.down.reason),
			 ev->u.down.msg, peer_reason_name(reason));
	assert_int_equal(ev->u.down.detail, detail);
	assert_int_equal(count_ev(l, PPP_EV_DOWN), 1);
	assert_non_null(find_ev(l, PPP_EV_FINISHED, NULL));
}

static void assert_both_up(struct pair *p)
{
	const struct ppp_event *c = find_ev(&p->c, PPP_EV_IP_UP, NULL);
	const struct ppp_event *s = find_ev(&p->s, PPP_EV_IP_UP, NULL);

	assert_non_null(c);
	assert_non_null(s);
	assert_int_equal(c->u.ip.local, CLI_ADDR);
	assert_int_equal(c->u.ip.peer, SRV_ADDR);
	assert_int_equal(s->u.ip.local, SRV_ADDR);
	assert_int_equal(s->u.ip.peer, CLI_ADDR);
	assert_true(ppp_link_ip_open(&p->cli));
	assert_true(ppp_srv_ip_open(&p->srv));
	assert_null(find_ev(&p->c, PPP_EV_DOWN, NULL));
	assert_null(find_ev(&p->s, PPP_EV_DOWN, NULL));
}

/* Client closes: Terminate-Request, both DOWN once and FINISHED. */
static void close_both(struct pair *p)
{
	assert_int_equal(ppp_link_close(&p->cli, p->now), 0);
	pair_run(p, p->now + 60000);
	assert_down(&p->c, SX_REASON_USER, 0);
	assert_down(&p->s, SX_REASON_PEER_TERMINATE, 0);
}

static void test_chap_ip_up(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	const struct ppp_event *ca, *sa, *ci, *si;
	static const uint8_t zero[PPP_HLAK_LEN];

	(void)state;
	default_cfgs(&cc, &sc);
	p = pair_new(&cc, &sc);
	pair_start(p);
	assert_both_up(p);
	ca = find_ev(&p->c, PPP_EV_AUTH_OK, NULL);
	sa = find_ev(&p->s, PPP_EV_AUTH_OK, NULL);
	assert_non_null(ca);
	assert_non_null(sa);
	assert_int_equal(ca->u.auth.proto, PPP_CHAP);
	assert_int_equal(sa->u.auth.proto, PPP_CHAP);
	/* MS-SSTP 3.2.5.2: both ends derive the same HLAK, and it is not zero. */
	assert_memory_equal(ca->u.auth.hlak, sa->u.auth.hlak, PPP_HLAK_LEN);
	assert_memory_not_equal(sa->u.auth.hlak, zero, PPP_HLAK_LEN);
	ci = find_ev(&p->c, PPP_EV_IP_UP, NULL);
	si = find_ev(&p->s, PPP_EV_IP_UP, NULL);
	assert_int_equal(ci->u.ip.dns1, DNS1);
	assert_int_equal(ci->u.ip.dns2, DNS2);
	assert_int_equal(si->u.ip.dns1, DNS1);
	assert_int_equal(si->u.ip.dns2, DNS2);
	assert_int_equal(ci->u.ip.mru, 1400);
	assert_int_equal(si->u.ip.peer_mru, 1400);
	assert_string_equal(ppp_srv_user(&p->srv), "User");
	assert_int_equal(ppp_srv_phase(&p->srv), PPP_PHASE_OPEN);
	/* Our request names MS-CHAPv2 (RFC 2759 2: C2 23 81). */
	assert_true(find_tx(&p->s, "LCP ConfReq") >= 0);
	assert_non_null(strstr(p->s.tx[find_tx(&p->s, "LCP ConfReq")], "<3 c22381>"));
	close_both(p);
	assert_false(ppp_srv_ip_open(&p->srv));
	pair_free(p);
}

static void test_pap_ip_up(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	static const uint8_t zero[PPP_HLAK_LEN];
	const struct ppp_event *ca, *sa;

	(void)state;
	default_cfgs(&cc, &sc);
	cc.allow_pap = true;
	sc.pap = true;
	p = pair_new(&cc, &sc);
	pair_start(p);
	assert_both_up(p);
	ca = find_ev(&p->c, PPP_EV_AUTH_OK, NULL);
	sa = find_ev(&p->s, PPP_EV_AUTH_OK, NULL);
	assert_non_null(ca);
	assert_non_null(sa);
	assert_int_equal(ca->u.auth.proto, PPP_PAP);
	assert_int_equal(sa->u.auth.proto, PPP_PAP);
	assert_memory_equal(sa->u.auth.hlak, zero, PPP_HLAK_LEN);
	assert_memory_equal(ca->u.auth.hlak, zero, PPP_HLAK_LEN);
	assert_non_null(strstr(p->s.tx[find_tx(&p->s, "LCP ConfReq")], "<3 c023>"));
	assert_string_equal(ppp_srv_user(&p->srv), "User");
	close_both(p);
	pair_free(p);
}

static void test_no_dns_rejected(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;

	(void)state;
	default_cfgs(&cc, &sc);
	sc.dns1 = 0;
	sc.dns2 = 0;
	p = pair_new(&cc, &sc);
	pair_start(p);
	assert_both_up(p);
	/* RFC 1877: the server Rejects DNS options it has no value for; the client drops them. */
	assert_int_equal(find_ev(&p->c, PPP_EV_IP_UP, NULL)->u.ip.dns1, 0);
	assert_int_equal(find_ev(&p->c, PPP_EV_IP_UP, NULL)->u.ip.dns2, 0);
	assert_true(find_tx(&p->s, "IPCP ConfRej") >= 0);
	close_both(p);
	pair_free(p);
}

static void test_wrong_password(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	const struct ppp_event *sd;
	int fail_at, term_at;

	(void)state;
	default_cfgs(&cc, &sc);
	cc.password = "wrongPass!";
	p = pair_new(&cc, &sc);
	pair_start(p);
	assert_down(&p->c, SX_REASON_AUTH_FAILED, 691);
	assert_down(&p->s, SX_REASON_AUTH_FAILED, 691);
	sd = find_ev(&p->s, PPP_EV_DOWN, NULL);
	assert_memory_equal(sd->u.down.msg, "E=691 ", 6);
	assert_null(find_ev(&p->s, PPP_EV_AUTH_OK, NULL));
	assert_null(find_ev(&p->c, PPP_EV_IP_UP, NULL));
	/* The CHAP Failure goes out first, then the LCP Terminate-Request. */
	fail_at = find_tx(&p->s, "CHAP Failure");
	term_at = find_tx(&p->s, "LCP TermReq");
	assert_true(fail_at >= 0);
	assert_true(term_at > fail_at);
	pair_free(p);
}

static void test_pap_wrong_password(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;

	(void)state;
	default_cfgs(&cc, &sc);
	cc.allow_pap = true;
	cc.password = "wrongPass!";
	sc.pap = true;
	p = pair_new(&cc, &sc);
	pair_start(p);
	assert_down(&p->c, SX_REASON_AUTH_FAILED, 0);
	assert_down(&p->s, SX_REASON_AUTH_FAILED, 0);
	assert_true(find_tx(&p->s, "PAP Authenticate-Nak") >= 0);
	assert_true(find_tx(&p->s, "LCP TermReq") > find_tx(&p->s, "PAP Authenticate-Nak"));
	pair_free(p);
}

static void test_chap_fail_codes(void **state)
{
	static const int codes[] = { 691, 646, 647, 648, 649, 709, 12345 };
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	char want[16];

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		default_cfgs(&cc, &sc);
		sc.chap_fault = CHAP_AUTH_FAULT_FAIL;
		sc.chap_fail_code = codes[i];
		p = pair_new(&cc, &sc);
		pair_start(p);
		assert_down(&p->c, SX_REASON_AUTH_FAILED, codes[i]);
		assert_down(&p->s, SX_REASON_AUTH_FAILED, codes[i]);
		/* The client's message names the code the server sent (RFC 2759 6). */
		snprintf(want, sizeof(want), chap_error_str(codes[i]) ? "(E=%d)" : "error %d",
			 codes[i]);
		assert_non_null(strstr(find_ev(&p->c, PPP_EV_DOWN, NULL)->u.down.msg, want));
		pair_free(p);
	}
}

static void test_chap_wrong_s(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;

	(void)state;
	default_cfgs(&cc, &sc);
	sc.chap_fault = CHAP_AUTH_FAULT_WRONG_S;
	p = pair_new(&cc, &sc);
	pair_start(p);
	/* The client catches the bad S= and ends the link; the server saw it terminate. */
	assert_down(&p->c, SX_REASON_AUTH_UNVERIFIED, 0);
	assert_down(&p->s, SX_REASON_PEER_TERMINATE, 0);
	assert_null(find_ev(&p->c, PPP_EV_IP_UP, NULL));
	pair_free(p);
}

static void test_ipcp_nak_loop(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	uint64_t start, at = 0;

	(void)state;
	default_cfgs(&cc, &sc);
	sc.faults = PPP_SRV_F_IPCP_NAK_LOOP;
	p = pair_new(&cc, &sc);
	start = p->now;
	pair_start(p);
	assert_null(find_ev(&p->c, PPP_EV_IP_UP, NULL));
	assert_null(find_ev(&p->s, PPP_EV_IP_UP, NULL));
	assert_down(&p->c, SX_REASON_NEGOTIATION, 0);
	find_ev(&p->c, PPP_EV_DOWN, &at);
	assert_true(at - start <= 30000);	/* Max-Failure Naks, no timers needed */
	assert_down(&p->s, SX_REASON_PEER_TERMINATE, 0);
	assert_true(find_tx(&p->s, "IPCP ConfNak") >= 0);
	pair_free(p);
}

static void test_lcp_reject_loop(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	uint64_t start, at = 0;

	(void)state;
	default_cfgs(&cc, &sc);
	sc.faults = PPP_SRV_F_LCP_REJECT_LOOP;
	p = pair_new(&cc, &sc);
	start = p->now;
	pair_start(p);
	assert_null(find_ev(&p->c, PPP_EV_AUTH_OK, NULL));
	assert_down(&p->c, SX_REASON_NEGOTIATION, 0);
	find_ev(&p->c, PPP_EV_DOWN, &at);
	/* Max-Configure (10) requests 3 s apart, never answered in a way the client can use. */
	assert_true(at - start <= 10 * 3000 + 1000);
	/* The server, its requests no longer answered, gives up too. */
	assert_non_null(find_ev(&p->s, PPP_EV_DOWN, NULL));
	assert_non_null(find_ev(&p->s, PPP_EV_FINISHED, NULL));
	assert_true(find_tx(&p->s, "LCP ConfRej") >= 0);
	pair_free(p);
}

static void test_ipv6_up(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	const struct ppp_event *c6, *s6;

	(void)state;
	default_cfgs(&cc, &sc);
	cc.want_ipv6 = true;
	sc.ipv6 = true;
	p = pair_new(&cc, &sc);
	pair_start(p);
	assert_both_up(p);
	c6 = find_ev(&p->c, PPP_EV_IPV6_UP, NULL);
	s6 = find_ev(&p->s, PPP_EV_IPV6_UP, NULL);
	assert_non_null(c6);
	assert_non_null(s6);
	assert_true(c6->u.ipv6.local_id == s6->u.ipv6.peer_id);
	assert_true(c6->u.ipv6.peer_id == s6->u.ipv6.local_id);
	assert_true(ppp_srv_ipv6_open(&p->srv));
	close_both(p);
	pair_free(p);
}

static void test_ipv6cp_protrej(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;

	(void)state;
	default_cfgs(&cc, &sc);
	cc.want_ipv6 = true;
	sc.ipv6 = true;
	sc.faults = PPP_SRV_F_IPV6CP_PROTREJ;
	p = pair_new(&cc, &sc);
	pair_start(p);
	/* RFC 1661 5.7: the client stops IPv6CP; IPv4 stays up on both ends. */
	assert_both_up(p);
	assert_true(find_tx(&p->s, "LCP ProtRej") >= 0);
	assert_null(find_ev(&p->c, PPP_EV_IPV6_UP, NULL));
	assert_null(find_ev(&p->s, PPP_EV_IPV6_UP, NULL));
	assert_false(ppp_link_ipv6_open(&p->cli));
	assert_false(ppp_srv_ipv6_open(&p->srv));
	pair_run(p, p->now + 60000);
	assert_true(ppp_link_ip_open(&p->cli));
	assert_true(ppp_srv_ip_open(&p->srv));
	close_both(p);
	pair_free(p);
}

static void test_terminate_after(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	uint64_t up = 0, cdown = 0;

	(void)state;
	default_cfgs(&cc, &sc);
	sc.terminate_after_ms = 5000;
	p = pair_new(&cc, &sc);
	pair_start(p);
	assert_non_null(find_ev(&p->s, PPP_EV_IP_UP, &up));
	assert_non_null(find_ev(&p->c, PPP_EV_IP_UP, NULL));
	/* 5 s after IPCP opened the server terminates; the client acks and both finish cleanly. */
	assert_down(&p->s, SX_REASON_USER, 0);
	assert_down(&p->c, SX_REASON_PEER_TERMINATE, 0);
	find_ev(&p->c, PPP_EV_DOWN, &cdown);
	assert_int_equal(cdown - up, 5000);
	assert_true(find_tx(&p->c, "LCP TermAck") >= 0);
	assert_int_equal(ppp_srv_phase(&p->srv), PPP_PHASE_DEAD);
	assert_int_equal(ppp_link_phase(&p->cli), PPP_PHASE_DEAD);
	pair_free(p);
}

static void test_client_naks_auth(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;

	(void)state;
	default_cfgs(&cc, &sc);
	sc.pap = true;		/* the client does not allow PAP: it Naks suggesting MS-CHAPv2 */
	p = pair_new(&cc, &sc);
	pair_start(p);
	/*
	 * The test server does only what it was told and asks again (RFC 1661 6.2); after
	 * Max-Failure Naks it ends the link, saying why in the Terminate-Request.
	 */
	assert_down(&p->s, SX_REASON_AUTH_UNSUPPORTED, 0);
	assert_int_equal(count_tx(&p->c, "LCP ConfNak"), 5);
	assert_true(find_tx(&p->s, "LCP TermReq") >= 0);
	assert_non_null(strstr(find_ev(&p->s, PPP_EV_DOWN, NULL)->u.down.msg, "refuses"));
	assert_down(&p->c, SX_REASON_PEER_TERMINATE, 0);
	assert_null(find_ev(&p->s, PPP_EV_AUTH_OK, NULL));
	pair_free(p);
}

static void test_no_echo_reply(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;
	uint64_t up = 0, down = 0;

	(void)state;
	default_cfgs(&cc, &sc);
	cc.echo_interval_ms = 10000;
	sc.faults = PPP_SRV_F_NO_LCP_ECHO_REPLY;
	p = pair_new(&cc, &sc);
	pair_start(p);
	find_ev(&p->c, PPP_EV_IP_UP, &up);
	assert_true(up > 0);
	assert_down(&p->c, SX_REASON_PEER_SILENT, 0);
	find_ev(&p->c, PPP_EV_DOWN, &down);
	assert_true(down - up <= 4 * 10000 + 1000);
	assert_down(&p->s, SX_REASON_PEER_TERMINATE, 0);
	assert_int_equal(find_tx(&p->s, "LCP EchoRep"), -1);
	pair_free(p);
}

static void test_server_echo(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct pair *p;

	(void)state;
	default_cfgs(&cc, &sc);
	sc.echo_interval_ms = 10000;
	p = pair_new(&cc, &sc);
	pair_start(p);
	assert_both_up(p);
	/* The client answers; nothing ends while the clock runs. */
	pair_run(p, p->now + 60000);
	assert_true(find_tx(&p->s, "LCP EchoReq") >= 0);
	assert_true(find_tx(&p->c, "LCP EchoRep") >= 0);
	assert_null(find_ev(&p->s, PPP_EV_DOWN, NULL));
	close_both(p);
	pair_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chap_ip_up),
		cmocka_unit_test(test_pap_ip_up),
		cmocka_unit_test(test_no_dns_rejected),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_pap_wrong_password),
		cmocka_unit_test(test_chap_fail_codes),
		cmocka_unit_test(test_chap_wrong_s),
		cmocka_unit_test(test_ipcp_nak_loop),
		cmocka_unit_test(test_lcp_reject_loop),
		cmocka_unit_test(test_ipv6_up),
		cmocka_unit_test(test_ipv6cp_protrej),
		cmocka_unit_test(test_terminate_after),
		cmocka_unit_test(test_client_naks_auth),
		cmocka_unit_test(test_no_echo_reply),
		cmocka_unit_test(test_server_echo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
