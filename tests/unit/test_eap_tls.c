// SPDX-License-Identifier: MIT
/*
 * EAP-TLS end to end in memory: the peer (ppp/eap.c + ppp/eap_tls.c) against the authenticator
 * (ppp/eap_auth.c + ppp/eap_tls_auth.c), each over a real TLS engine (tools/tlsio/eaptls.c).
 * TLS 1.2 (RFC 5216) and 1.3 (RFC 9190) agree on the MSK and so on the SSTP HLAK; every fragment
 * size from the smallest up is tried both ways; SoftEther's quirks (flag-less ACKs, the Start
 * under the Identity's Identifier); each fault knob and refusal ends with its reason and words.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/eap.h"
#include "ppp/eap_auth.h"
#include "ppp/pkt.h"
#include "tests/unit/eaptls_pair.h"
#include "tlsio/eaptls.h"

struct opts {
	enum tlsio_version max;
	const char *client_name;
	const char *client_cert, *client_key;
	uint16_t peer_room, auth_room;
	enum eap_tls_auth_fault fault;
	bool softether;
};

static int rand_fn(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0x5a, len);
	return 0;
}

static bool no_user(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	(void)ctx;
	(void)user;
	(void)nt_hash;
	return false;
}

static struct eap_pair *run_new(const struct opts *o)
{
	static struct eap_pair r;
	struct eaptls_cfg cc = {
		.role = TLSIO_CLIENT, .cafile = certs_path("ca.pem"),
		.name = o->client_name ? o->client_name : "eap.test",
		.cert_file = certs_path(o->client_cert ? o->client_cert : "cli.pem"),
		.key_file = certs_path(o->client_key ? o->client_key : "cli.key"),
	};
	struct eaptls_cfg sc = { .role = TLSIO_SERVER, .cafile = certs_path("ca.pem"),
				 .max = o->max, .cert_file = certs_path("srv.pem"),
				 .key_file = certs_path("srv.key") };
	struct eap_auth_cfg ac = { .chap = { .name = "srv", .lookup = no_user }, .id = 1,
				   .tls_room = o->auth_room, .tls_fault = o->fault };
	uint8_t nt_hash[16] = { 0 };

	eap_pair_new(&r, &cc, &sc, rand_fn);
	r.flagless_acks = o->softether;
	ac.tls = r.tls.se;
	assert_int_equal(eap_init(&r.eap, &r.p.ctx, NULL, "alice", nt_hash, EAP_ALLOW_TLS), 0);
	r.eap.tls = r.tls.ce;
	r.eap.tls_room = o->peer_room;
	assert_int_equal(eap_auth_init(&r.auth, &r.a.ctx, &ac), 0);
	return &r;
}

static struct eap_pair *exchange(const struct opts *o)
{
	struct eap_pair *r = run_new(o);

	assert_int_equal(eap_auth_start(&r->auth, 0), 0);
	eap_pair_pump(r);
	return r;
}

static void expect_success(struct eap_pair *r)
{
	uint8_t msk[EAP_MSK_LEN], hlak_peer[32], hlak_auth[32], zero[32] = { 0 };

	assert_int_equal(eap_result(&r->eap), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_auth_result(&r->auth), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_method(&r->eap), EAP_TYPE_TLS);
	assert_int_equal(eap_msk(&r->eap, msk), 0);
	cbind_hlak_msk(msk, sizeof(msk), hlak_peer);
	assert_int_equal(eap_auth_hlak(&r->auth, hlak_auth), 0);
	/* MS-SSTP 3.2.5.2.4: both ends take MSK[0..31] as the HLAK. */
	assert_memory_equal(hlak_peer, hlak_auth, 32);
	assert_memory_equal(hlak_peer, msk, 32);
	assert_memory_not_equal(hlak_peer, zero, 32);
}

static void expect_peer_failure(struct eap_pair *r, enum sx_reason reason, const char *words)
{
	assert_int_equal(eap_result(&r->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&r->eap), reason);
	if (!strstr(eap_message(&r->eap), words))
		fail_msg("\"%s\" does not say \"%s\"", eap_message(&r->eap), words);
	assert_int_not_equal(eap_auth_result(&r->auth), EAP_RESULT_SUCCESS);
}

static void tls12(void **state)
{
	struct opts o = { .max = TLSIO_TLS12 };
	struct eap_pair *r;

	(void)state;
	r = exchange(&o);
	expect_success(r);
	assert_int_equal(r->eap.tlsp.version, EAP_TLS_V12);
	eap_pair_free(r);
}

static void tls13(void **state)
{
	struct opts o = { .max = TLSIO_TLS13 };
	struct eap_pair *r;

	(void)state;
	r = exchange(&o);
	expect_success(r);
	assert_int_equal(r->eap.tlsp.version, EAP_TLS_V13);
	eap_pair_free(r);
}

/* Every fragment size from the smallest (a Flags octet, the length and one octet) upwards, both
 * ways at once: each TLS flight is cut at every possible boundary across the sizes. */
static void every_fragment_size(void **state)
{
	(void)state;
	for (uint16_t room = EAP_FRAG_HDR_MAX + 1; room <= 1000; room = (uint16_t)(room + (room < 80 ? 1 : 61))) {
		struct opts o = { .max = room & 1 ? TLSIO_TLS12 : TLSIO_TLS13,
				  .peer_room = room, .auth_room = (uint16_t)(room + 3) };
		struct eap_pair *r = exchange(&o);

		expect_success(r);
		eap_pair_free(r);
	}
}

static void softether_flagless_acks(void **state)
{
	struct opts o = { .max = TLSIO_TLS12, .peer_room = 300, .auth_room = 300,
			  .softether = true };
	struct eap_pair *r;

	(void)state;
	r = exchange(&o);
	expect_success(r);
	eap_pair_free(r);
}

/* SoftEther 5.01: the EAP-TLS Start comes with the Identity Request's Identifier; it is a new
 * Request (other bytes), not a duplicate to answer with the Identity again. */
static void softether_start_same_identifier(void **state)
{
	static const uint8_t identity[] = { 1, 1, 0, 5, EAP_TYPE_IDENTITY };
	static const uint8_t start[] = { 1, 1, 0, 6, EAP_TYPE_TLS, EAP_FRAG_S };
	struct opts o = { 0 };
	struct eap_pair *r = run_new(&o);
	struct pkt *p;

	(void)state;
	assert_int_equal(eap_input(&r->eap, identity, sizeof(identity), 0), 0);
	p = pkt_q_pop(&r->p.ctx.txq);
	assert_non_null(p);
	assert_int_equal(pkt_data(p)[8], EAP_TYPE_IDENTITY);
	pkt_pool_ret(&r->p.pool, p);
	assert_int_equal(eap_input(&r->eap, start, sizeof(start), 0), 0);
	p = pkt_q_pop(&r->p.ctx.txq);
	assert_non_null(p);
	/* FF 03 C2 27 | 02 01 len | 0D | flags 00 | 16 03 (a TLS handshake record) */
	assert_int_equal(pkt_data(p)[5], 1);
	assert_int_equal(pkt_data(p)[8], EAP_TYPE_TLS);
	assert_int_equal(pkt_data(p)[9], 0);
	assert_int_equal(pkt_data(p)[10], 0x16);
	pkt_pool_ret(&r->p.pool, p);
	eap_pair_free(r);
}

static void fault_bad_record(void **state)
{
	struct opts o = { .fault = EAP_TLS_AUTH_FAULT_BAD_RECORD };
	struct eap_pair *r;

	(void)state;
	r = exchange(&o);
	expect_peer_failure(r, SX_REASON_PROTOCOL, "bad TLS data from the peer");
	eap_pair_free(r);
}

static void fault_fragments_out_of_order(void **state)
{
	struct opts o = { .fault = EAP_TLS_AUTH_FAULT_FRAG_ORDER, .auth_room = 300 };
	struct eap_pair *r;

	(void)state;
	r = exchange(&o);
	expect_peer_failure(r, SX_REASON_PROTOCOL, "fragments do not add up");
	eap_pair_free(r);
}

static void fault_failure_after_handshake(void **state)
{
	struct opts o = { .fault = EAP_TLS_AUTH_FAULT_FAILURE };
	struct eap_pair *r;

	(void)state;
	r = exchange(&o);
	expect_peer_failure(r, SX_REASON_AUTH_FAILED, "refused our certificate");
	eap_pair_free(r);
}

static void server_certificate_refused(void **state)
{
	struct opts o = { .client_name = "vpn.example" };
	struct eap_pair *r;

	(void)state;
	r = exchange(&o);
	expect_peer_failure(r, SX_REASON_AUTH_SERVER_CERT, "does not name the expected server");
	assert_int_equal(eap_auth_result(&r->auth), EAP_RESULT_FAILURE);
	eap_pair_free(r);
}

static void client_certificate_refused(enum tlsio_version v)
{
	struct opts o = { .max = v, .client_cert = "bad.pem", .client_key = "bad.key" };
	struct eap_pair *r = exchange(&o);

	expect_peer_failure(r, SX_REASON_AUTH_FAILED, "EAP-TLS");
	assert_int_equal(eap_auth_result(&r->auth), EAP_RESULT_FAILURE);
	assert_int_equal(eap_auth_reason(&r->auth), SX_REASON_AUTH_FAILED);
	if (!strstr(eap_auth_message(&r->auth), "client's certificate"))
		fail_msg("server says \"%s\"", eap_auth_message(&r->auth));
	eap_pair_free(r);
}

static void client_certificate_refused12(void **state)
{
	(void)state;
	client_certificate_refused(TLSIO_TLS12);
}

static void client_certificate_refused13(void **state)
{
	(void)state;
	client_certificate_refused(TLSIO_TLS13);
}

/* RFC 3748 4.2 aside, a Success before the handshake proved the server is refused. */
static void early_success_refused(void **state)
{
	static const uint8_t start[] = { 1, 2, 0, 6, EAP_TYPE_TLS, EAP_FRAG_S };
	static const uint8_t success[] = { 3, 2, 0, 4 };
	struct opts o = { 0 };
	struct eap_pair *r = run_new(&o);

	(void)state;
	assert_int_equal(eap_input(&r->eap, start, sizeof(start), 0), 0);
	assert_int_equal(eap_input(&r->eap, success, sizeof(success), 0), 0);
	assert_int_equal(eap_result(&r->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&r->eap), SX_REASON_AUTH_UNVERIFIED);
	eap_pair_free(r);
}

/* Without an engine EAP-TLS is not offered: the Start gets a Nak. */
static void no_engine_naks(void **state)
{
	static const uint8_t start[] = { 1, 2, 0, 6, EAP_TYPE_TLS, EAP_FRAG_S };
	struct opts o = { 0 };
	struct eap_pair *r = run_new(&o);
	struct pkt *p;

	(void)state;
	r->eap.tls.ops = NULL;
	assert_int_equal(eap_input(&r->eap, start, sizeof(start), 0), 0);
	p = pkt_q_pop(&r->p.ctx.txq);
	assert_non_null(p);
	assert_int_equal(pkt_data(p)[8], EAP_TYPE_NAK);
	pkt_pool_ret(&r->p.pool, p);
	eap_pair_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tls12),
		cmocka_unit_test(tls13),
		cmocka_unit_test(every_fragment_size),
		cmocka_unit_test(softether_flagless_acks),
		cmocka_unit_test(softether_start_same_identifier),
		cmocka_unit_test(fault_bad_record),
		cmocka_unit_test(fault_fragments_out_of_order),
		cmocka_unit_test(fault_failure_after_handshake),
		cmocka_unit_test(server_certificate_refused),
		cmocka_unit_test(client_certificate_refused12),
		cmocka_unit_test(client_certificate_refused13),
		cmocka_unit_test(early_success_refused),
		cmocka_unit_test(no_engine_naks),
	};

	return cmocka_run_group_tests(tests, certs_setup, certs_teardown);
}
