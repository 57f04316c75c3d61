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
#include <string.h>

#include <cmocka.h>

#include "ppp/ppp.h"
#include "ppp/server.h"
#include "ppp/eap.h"
#include "tests/peer/ppp_pair.h"
#include "tests/peer/srv_peer.h"

#define SRV_ADDR PEER_IP4(10, 9, 0, 1)
#define CLI_ADDR PEER_IP4(10, 9, 0, 2)
#define DNS1 PEER_IP4(10, 9, 0, 53)
#define DNS2 PEER_IP4(10, 9, 0, 54)

static void assert_both_up(struct ppp_pair *p)
{
	const struct ppp_event *c = ppp_pair_ev(&p->c, PPP_EV_IP_UP, NULL);
	const struct ppp_event *s = ppp_pair_ev(&p->s, PPP_EV_IP_UP, NULL);

	assert_non_null(c);
	assert_non_null(s);
	assert_int_equal(c->u.ip.local, CLI_ADDR);
	assert_int_equal(c->u.ip.peer, SRV_ADDR);
	assert_int_equal(s->u.ip.local, SRV_ADDR);
	assert_int_equal(s->u.ip.peer, CLI_ADDR);
	assert_true(ppp_link_ip_open(&p->cli));
	assert_true(ppp_srv_ip_open(&p->srv));
	assert_null(ppp_pair_ev(&p->c, PPP_EV_DOWN, NULL));
	assert_null(ppp_pair_ev(&p->s, PPP_EV_DOWN, NULL));
}

/* Client closes: Terminate-Request, both DOWN once and FINISHED. */
static void close_both(struct ppp_pair *p)
{
	assert_int_equal(ppp_link_close(&p->cli, p->now), 0);
	ppp_pair_run(p, p->now + 60000);
	ppp_pair_assert_down(&p->c, SX_REASON_USER, 0);
	ppp_pair_assert_down(&p->s, SX_REASON_PEER_TERMINATE, 0);
}

static void test_chap_ip_up(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	const struct ppp_event *ca, *sa, *ci, *si;
	static const uint8_t zero[PPP_HLAK_LEN];

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	assert_both_up(p);
	ca = ppp_pair_ev(&p->c, PPP_EV_AUTH_OK, NULL);
	sa = ppp_pair_ev(&p->s, PPP_EV_AUTH_OK, NULL);
	assert_non_null(ca);
	assert_non_null(sa);
	assert_int_equal(ca->u.auth.proto, PPP_CHAP);
	assert_int_equal(sa->u.auth.proto, PPP_CHAP);
	/* MS-SSTP 3.2.5.2: both ends derive the same HLAK, and it is not zero. */
	assert_memory_equal(ca->u.auth.hlak, sa->u.auth.hlak, PPP_HLAK_LEN);
	assert_memory_not_equal(sa->u.auth.hlak, zero, PPP_HLAK_LEN);
	ci = ppp_pair_ev(&p->c, PPP_EV_IP_UP, NULL);
	si = ppp_pair_ev(&p->s, PPP_EV_IP_UP, NULL);
	assert_int_equal(ci->u.ip.dns1, DNS1);
	assert_int_equal(ci->u.ip.dns2, DNS2);
	assert_int_equal(si->u.ip.dns1, DNS1);
	assert_int_equal(si->u.ip.dns2, DNS2);
	assert_int_equal(ci->u.ip.mru, 1400);
	assert_int_equal(si->u.ip.peer_mru, 1400);
	assert_string_equal(ppp_srv_user(&p->srv), "User");
	assert_int_equal(ppp_srv_phase(&p->srv), PPP_PHASE_OPEN);
	/* Our request names MS-CHAPv2 (RFC 2759 2: C2 23 81). */
	assert_true(ppp_pair_find_tx(&p->s, "LCP ConfReq") >= 0);
	assert_non_null(strstr(p->s.tx[ppp_pair_find_tx(&p->s, "LCP ConfReq")], "<3 c22381>"));
	close_both(p);
	assert_false(ppp_srv_ip_open(&p->srv));
	ppp_pair_free(p);
}

static void test_pap_ip_up(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	static const uint8_t zero[PPP_HLAK_LEN];
	const struct ppp_event *ca, *sa;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	cc.allow_pap = true;
	sc.pap = true;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	assert_both_up(p);
	ca = ppp_pair_ev(&p->c, PPP_EV_AUTH_OK, NULL);
	sa = ppp_pair_ev(&p->s, PPP_EV_AUTH_OK, NULL);
	assert_non_null(ca);
	assert_non_null(sa);
	assert_int_equal(ca->u.auth.proto, PPP_PAP);
	assert_int_equal(sa->u.auth.proto, PPP_PAP);
	assert_memory_equal(sa->u.auth.hlak, zero, PPP_HLAK_LEN);
	assert_memory_equal(ca->u.auth.hlak, zero, PPP_HLAK_LEN);
	assert_non_null(strstr(p->s.tx[ppp_pair_find_tx(&p->s, "LCP ConfReq")], "<3 c023>"));
	assert_string_equal(ppp_srv_user(&p->srv), "User");
	close_both(p);
	ppp_pair_free(p);
}

static void test_no_dns_rejected(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	sc.dns1 = 0;
	sc.dns2 = 0;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	assert_both_up(p);
	/* RFC 1877: the server Rejects DNS options it has no value for; the client drops them. */
	assert_int_equal(ppp_pair_ev(&p->c, PPP_EV_IP_UP, NULL)->u.ip.dns1, 0);
	assert_int_equal(ppp_pair_ev(&p->c, PPP_EV_IP_UP, NULL)->u.ip.dns2, 0);
	assert_true(ppp_pair_find_tx(&p->s, "IPCP ConfRej") >= 0);
	close_both(p);
	ppp_pair_free(p);
}

static void test_wrong_password(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	const struct ppp_event *sd;
	int fail_at, term_at;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	cc.password = "wrongPass!";
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_FAILED, 691);
	ppp_pair_assert_down(&p->s, SX_REASON_AUTH_FAILED, 691);
	sd = ppp_pair_ev(&p->s, PPP_EV_DOWN, NULL);
	assert_memory_equal(sd->u.down.msg, "E=691 ", 6);
	assert_null(ppp_pair_ev(&p->s, PPP_EV_AUTH_OK, NULL));
	assert_null(ppp_pair_ev(&p->c, PPP_EV_IP_UP, NULL));
	/* The CHAP Failure goes out first, then the LCP Terminate-Request. */
	fail_at = ppp_pair_find_tx(&p->s, "CHAP Failure");
	term_at = ppp_pair_find_tx(&p->s, "LCP TermReq");
	assert_true(fail_at >= 0);
	assert_true(term_at > fail_at);
	ppp_pair_free(p);
}

static void test_pap_wrong_password(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	cc.allow_pap = true;
	cc.password = "wrongPass!";
	sc.pap = true;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_FAILED, 0);
	ppp_pair_assert_down(&p->s, SX_REASON_AUTH_FAILED, 0);
	assert_true(ppp_pair_find_tx(&p->s, "PAP Authenticate-Nak") >= 0);
	assert_true(ppp_pair_find_tx(&p->s, "LCP TermReq") >
		    ppp_pair_find_tx(&p->s, "PAP Authenticate-Nak"));
	ppp_pair_free(p);
}

static void test_chap_fail_codes(void **state)
{
	static const int codes[] = { 691, 646, 647, 648, 649, 709, 12345 };
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	char want[16];

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ppp_pair_cfgs(&cc, &sc);
		sc.chap_fault = CHAP_AUTH_FAULT_FAIL;
		sc.chap_fail_code = codes[i];
		p = ppp_pair_new(&cc, &sc);
		ppp_pair_start(p);
		ppp_pair_assert_down(&p->c, SX_REASON_AUTH_FAILED, codes[i]);
		ppp_pair_assert_down(&p->s, SX_REASON_AUTH_FAILED, codes[i]);
		/* The client's message names the code the server sent (RFC 2759 6). */
		snprintf(want, sizeof(want), chap_error_str(codes[i]) ? "(E=%d)" : "error %d",
			 codes[i]);
		assert_non_null(strstr(ppp_pair_ev(&p->c, PPP_EV_DOWN, NULL)->u.down.msg, want));
		ppp_pair_free(p);
	}
}

static void test_chap_wrong_s(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	sc.chap_fault = CHAP_AUTH_FAULT_WRONG_S;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	/* The client catches the bad S= and ends the link; the server saw it terminate. */
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_UNVERIFIED, 0);
	ppp_pair_assert_down(&p->s, SX_REASON_PEER_TERMINATE, 0);
	assert_null(ppp_pair_ev(&p->c, PPP_EV_IP_UP, NULL));
	ppp_pair_free(p);
}

static void test_ipcp_nak_loop(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	uint64_t start, at = 0;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	sc.faults = PPP_SRV_F_IPCP_NAK_LOOP;
	p = ppp_pair_new(&cc, &sc);
	start = p->now;
	ppp_pair_start(p);
	assert_null(ppp_pair_ev(&p->c, PPP_EV_IP_UP, NULL));
	assert_null(ppp_pair_ev(&p->s, PPP_EV_IP_UP, NULL));
	ppp_pair_assert_down(&p->c, SX_REASON_NEGOTIATION, 0);
	ppp_pair_ev(&p->c, PPP_EV_DOWN, &at);
	assert_true(at - start <= 30000);	/* Max-Failure Naks, no timers needed */
	ppp_pair_assert_down(&p->s, SX_REASON_PEER_TERMINATE, 0);
	assert_true(ppp_pair_find_tx(&p->s, "IPCP ConfNak") >= 0);
	ppp_pair_free(p);
}

static void test_lcp_reject_loop(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	uint64_t start, at = 0;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	sc.faults = PPP_SRV_F_LCP_REJECT_LOOP;
	p = ppp_pair_new(&cc, &sc);
	start = p->now;
	ppp_pair_start(p);
	assert_null(ppp_pair_ev(&p->c, PPP_EV_AUTH_OK, NULL));
	ppp_pair_assert_down(&p->c, SX_REASON_NEGOTIATION, 0);
	ppp_pair_ev(&p->c, PPP_EV_DOWN, &at);
	/* Max-Configure (10) requests 3 s apart, never answered in a way the client can use. */
	assert_true(at - start <= 10 * 3000 + 1000);
	/* The server, its requests no longer answered, gives up too. */
	assert_non_null(ppp_pair_ev(&p->s, PPP_EV_DOWN, NULL));
	assert_non_null(ppp_pair_ev(&p->s, PPP_EV_FINISHED, NULL));
	assert_true(ppp_pair_find_tx(&p->s, "LCP ConfRej") >= 0);
	ppp_pair_free(p);
}

static void test_ipv6_up(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	const struct ppp_event *c6, *s6;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	cc.want_ipv6 = true;
	sc.ipv6 = true;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	assert_both_up(p);
	c6 = ppp_pair_ev(&p->c, PPP_EV_IPV6_UP, NULL);
	s6 = ppp_pair_ev(&p->s, PPP_EV_IPV6_UP, NULL);
	assert_non_null(c6);
	assert_non_null(s6);
	assert_true(c6->u.ipv6.local_id == s6->u.ipv6.peer_id);
	assert_true(c6->u.ipv6.peer_id == s6->u.ipv6.local_id);
	assert_true(ppp_srv_ipv6_open(&p->srv));
	close_both(p);
	ppp_pair_free(p);
}

static void test_ipv6cp_protrej(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	cc.want_ipv6 = true;
	sc.ipv6 = true;
	sc.faults = PPP_SRV_F_IPV6CP_PROTREJ;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	/* RFC 1661 5.7: the client stops IPv6CP; IPv4 stays up on both ends. */
	assert_both_up(p);
	assert_true(ppp_pair_find_tx(&p->s, "LCP ProtRej") >= 0);
	assert_null(ppp_pair_ev(&p->c, PPP_EV_IPV6_UP, NULL));
	assert_null(ppp_pair_ev(&p->s, PPP_EV_IPV6_UP, NULL));
	assert_false(ppp_link_ipv6_open(&p->cli));
	assert_false(ppp_srv_ipv6_open(&p->srv));
	ppp_pair_run(p, p->now + 60000);
	assert_true(ppp_link_ip_open(&p->cli));
	assert_true(ppp_srv_ip_open(&p->srv));
	close_both(p);
	ppp_pair_free(p);
}

static void test_terminate_after(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	uint64_t up = 0, cdown = 0;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	sc.terminate_after_ms = 5000;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	assert_non_null(ppp_pair_ev(&p->s, PPP_EV_IP_UP, &up));
	assert_non_null(ppp_pair_ev(&p->c, PPP_EV_IP_UP, NULL));
	/* 5 s after IPCP opened the server terminates; the client acks and both finish cleanly. */
	ppp_pair_assert_down(&p->s, SX_REASON_USER, 0);
	ppp_pair_assert_down(&p->c, SX_REASON_PEER_TERMINATE, 0);
	ppp_pair_ev(&p->c, PPP_EV_DOWN, &cdown);
	assert_int_equal(cdown - up, 5000);
	assert_true(ppp_pair_find_tx(&p->c, "LCP TermAck") >= 0);
	assert_int_equal(ppp_srv_phase(&p->srv), PPP_PHASE_DEAD);
	assert_int_equal(ppp_link_phase(&p->cli), PPP_PHASE_DEAD);
	ppp_pair_free(p);
}

static void test_client_naks_auth(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	sc.pap = true;		/* the client does not allow PAP: it Naks suggesting MS-CHAPv2 */
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	/*
	 * The test server does only what it was told and asks again (RFC 1661 6.2); after
	 * Max-Failure Naks it ends the link, saying why in the Terminate-Request.
	 */
	ppp_pair_assert_down(&p->s, SX_REASON_AUTH_UNSUPPORTED, 0);
	assert_int_equal(ppp_pair_count_tx(&p->c, "LCP ConfNak"), 5);
	assert_true(ppp_pair_find_tx(&p->s, "LCP TermReq") >= 0);
	assert_non_null(strstr(ppp_pair_ev(&p->s, PPP_EV_DOWN, NULL)->u.down.msg, "refuses"));
	/* The client, having refused PAP, reads the Terminate-Request as no common protocol. */
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_UNSUPPORTED, 0);
	assert_null(ppp_pair_ev(&p->s, PPP_EV_AUTH_OK, NULL));
	ppp_pair_free(p);
}

static void test_no_echo_reply(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	uint64_t up = 0, down = 0;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	cc.echo_interval_ms = 10000;
	sc.faults = PPP_SRV_F_NO_LCP_ECHO_REPLY;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	ppp_pair_ev(&p->c, PPP_EV_IP_UP, &up);
	assert_true(up > 0);
	ppp_pair_assert_down(&p->c, SX_REASON_PEER_SILENT, 0);
	ppp_pair_ev(&p->c, PPP_EV_DOWN, &down);
	assert_true(down - up <= 4 * 10000 + 1000);
	ppp_pair_assert_down(&p->s, SX_REASON_PEER_TERMINATE, 0);
	assert_int_equal(ppp_pair_find_tx(&p->s, "LCP EchoRep"), -1);
	ppp_pair_free(p);
}

static void test_server_echo(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	sc.echo_interval_ms = 10000;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	assert_both_up(p);
	/* The client answers; nothing ends while the clock runs. */
	ppp_pair_run(p, p->now + 60000);
	assert_true(ppp_pair_find_tx(&p->s, "LCP EchoReq") >= 0);
	assert_true(ppp_pair_find_tx(&p->c, "LCP EchoRep") >= 0);
	assert_null(ppp_pair_ev(&p->s, PPP_EV_DOWN, NULL));
	close_both(p);
	ppp_pair_free(p);
}

/*
 * A server that asks for EAP: the client Naks it once towards MS-CHAPv2 (SoftEther steps down
 * then), the server asks again, and EAP-MSCHAPv2 runs; both ends derive the same HLAK, the first
 * 32 octets of the MSK, which is what plain MS-CHAPv2 would give.
 */
static void test_eap_mschapv2_ip_up(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;
	const struct ppp_event *ca, *sa;
	static const uint8_t zero[PPP_HLAK_LEN];

	(void)state;
	ppp_pair_cfgs(&cc, &sc);
	cc.eap_methods = EAP_ALLOW_MSCHAPV2;
	cc.identity = "anonymous";
	sc.eap = true;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	assert_both_up(p);
	ca = ppp_pair_ev(&p->c, PPP_EV_AUTH_OK, NULL);
	sa = ppp_pair_ev(&p->s, PPP_EV_AUTH_OK, NULL);
	assert_int_equal(ca->u.auth.proto, PPP_EAP);
	assert_int_equal(sa->u.auth.proto, PPP_EAP);
	assert_memory_equal(ca->u.auth.hlak, sa->u.auth.hlak, PPP_HLAK_LEN);
	assert_memory_not_equal(sa->u.auth.hlak, zero, PPP_HLAK_LEN);
	assert_non_null(strstr(p->s.tx[ppp_pair_find_tx(&p->s, "LCP ConfReq")], "<3 c227>"));
	assert_int_equal(ppp_pair_count_tx(&p->c, "LCP ConfNak"), 1);
	assert_true(ppp_pair_find_tx(&p->c, "EAP Response id=") >= 0);
	assert_string_equal(ppp_srv_user(&p->srv), "User");
	close_both(p);
	ppp_pair_free(p);

	/* Preferring EAP: no Nak first. */
	ppp_pair_cfgs(&cc, &sc);
	cc.eap_methods = EAP_ALLOW_MSCHAPV2;
	cc.prefer_eap = true;
	sc.eap = true;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	assert_both_up(p);
	assert_int_equal(ppp_pair_count_tx(&p->c, "LCP ConfNak"), 0);
	close_both(p);
	ppp_pair_free(p);
}

static void test_eap_refusals(void **state)
{
	struct ppp_link_cfg cc;
	struct ppp_srv_cfg sc;
	struct ppp_pair *p;

	(void)state;
	/* A wrong password inside EAP-MSCHAPv2: E=691 on both sides. */
	ppp_pair_cfgs(&cc, &sc);
	cc.eap_methods = EAP_ALLOW_MSCHAPV2;
	cc.prefer_eap = true;
	cc.password = "wrongPass!";
	sc.eap = true;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_FAILED, 691);
	ppp_pair_assert_down(&p->s, SX_REASON_AUTH_FAILED, 691);
	ppp_pair_free(p);

	/* EAP not allowed: the client keeps Nak'ing C2 27 and the server gives up. */
	ppp_pair_cfgs(&cc, &sc);
	sc.eap = true;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	ppp_pair_assert_down(&p->s, SX_REASON_AUTH_UNSUPPORTED, 0);
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_UNSUPPORTED, 0);
	ppp_pair_free(p);

	/* A server whose EAP Success comes before any method: the client does not believe it. */
	ppp_pair_cfgs(&cc, &sc);
	cc.eap_methods = EAP_ALLOW_MSCHAPV2;
	cc.prefer_eap = true;
	sc.eap = true;
	sc.eap_fault = EAP_AUTH_FAULT_EARLY_SUCCESS;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_UNVERIFIED, 0);
	assert_null(ppp_pair_ev(&p->c, PPP_EV_AUTH_OK, NULL));
	ppp_pair_free(p);

	/* A server that insists on EAP-TLS, which the client does not allow. */
	ppp_pair_cfgs(&cc, &sc);
	cc.eap_methods = EAP_ALLOW_MSCHAPV2;
	cc.prefer_eap = true;
	sc.eap = true;
	sc.eap_fault = EAP_AUTH_FAULT_INSIST_TLS;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_UNSUPPORTED, 0);
	assert_non_null(strstr(ppp_pair_ev(&p->c, PPP_EV_DOWN, NULL)->u.down.msg, "EAP-TLS"));
	ppp_pair_free(p);

	/* An EAP-only client (no plain MS-CHAPv2) against an MS-CHAPv2-only server. */
	ppp_pair_cfgs(&cc, &sc);
	cc.eap_methods = EAP_ALLOW_MSCHAPV2;
	cc.no_mschapv2 = true;
	p = ppp_pair_new(&cc, &sc);
	ppp_pair_start(p);
	ppp_pair_assert_down(&p->c, SX_REASON_AUTH_UNSUPPORTED, 0);
	assert_non_null(strstr(p->c.tx[ppp_pair_find_tx(&p->c, "LCP ConfNak")], "<3 c227>"));
	ppp_pair_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chap_ip_up),
		cmocka_unit_test(test_eap_mschapv2_ip_up),
		cmocka_unit_test(test_eap_refusals),
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
