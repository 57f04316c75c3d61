// SPDX-License-Identifier: MIT
/*
 * PEAPv0 (ppp/eap_peap.c, ppp/eap_peap_auth.c) over the real TLS engine (tools/tlsio/eaptls.c,
 * wolfSSL over memory) in both roles: TLS 1.2 (the MS-PEAP key material, "client EAP encryption")
 * and TLS 1.3 (RFC 9427's exporter), the server's flight fragmented at the default and at a small
 * room, the same HLAK (CSK[0..31]) on both sides, the server certificate refused for a wrong name
 * (SX_REASON_AUTH_SERVER_CERT, sstpx exit 5), and the strict server's faults with real records.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "eaptls_certs.h"
#include "ppp/eap.h"
#include "ppp/eap_auth.h"
#include "ppp/eap_peap.h"
#include "ppp/pkt.h"
#include "tlsio/eaptls.h"

struct side {
	struct pkt_pool pool;
	struct ppp_ctx ctx;
};

struct run {
	struct side p, a;
	struct eaptls *ce, *se;
	struct eap eap;
	struct eap_peap peap;
	struct eap_auth auth;
	unsigned frames;
};

static int rand_fn(void *ctx, uint8_t *buf, size_t len)
{
	static uint8_t n;

	(void)ctx;
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(n++ * 31 + 7);
	return 0;
}

static bool lookup(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	(void)ctx;
	return !strcmp(user, "alice") && !mschapv2_nt_hash("s3cret pw", 9, nt_hash);
}

static void side_init(struct side *s)
{
	assert_int_equal(pkt_pool_init(&s->pool, 8, 2048), 0);
	s->ctx = (struct ppp_ctx){ .pool = &s->pool, .headroom = 4, .rand = { .fn = rand_fn } };
}

static struct run *run_new(enum tlsio_version max, const char *name,
			   enum eap_peap_auth_fault fault)
{
	static struct run r;
	struct eaptls_cfg cc = { .role = TLSIO_CLIENT, .cafile = path("ca.pem"), .name = name };
	struct eaptls_cfg sc = { .role = TLSIO_SERVER, .max = max, .insecure = true,
				 .cert_file = path("srv.pem"), .key_file = path("srv.key") };
	struct eap_auth_cfg ac = { .chap = { .name = "srv", .lookup = lookup, .id = 1 }, .id = 1,
				   .peap = true, .peap_fault = fault };
	struct eap_tls_engine ct;
	uint8_t nt_hash[16];
	char why[256];

	memset(&r, 0, sizeof(r));
	side_init(&r.p);
	side_init(&r.a);
	assert_int_equal(eaptls_new(&r.ce, &cc, why, sizeof(why)), 0);
	assert_int_equal(eaptls_new(&r.se, &sc, why, sizeof(why)), 0);
	ac.peap_tls = eaptls_engine(r.se);
	ct = eaptls_engine(r.ce);
	assert_int_equal(mschapv2_nt_hash("s3cret pw", 9, nt_hash), 0);
	assert_int_equal(eap_init(&r.eap, &r.p.ctx, "anonymous", "alice", nt_hash, EAP_ALLOW_PEAP),
			 0);
	assert_int_equal(eap_peap_init(&r.peap, &r.p.ctx, &ct, "alice", nt_hash), 0);
	eap_set_method(&r.eap, &eap_peap_method, &r.peap);
	assert_int_equal(eap_auth_init(&r.auth, &r.a.ctx, &ac), 0);
	assert_int_equal(eap_auth_start(&r.auth, 0), 0);
	return &r;
}

static void run_free(struct run *r)
{
	eap_peap_destroy(&r->peap);
	eap_destroy(&r->eap);
	eap_auth_destroy(&r->auth);
	eaptls_free(r->ce);
	eaptls_free(r->se);
	pkt_q_drain(&r->p.ctx.txq, &r->p.pool);
	pkt_q_drain(&r->a.ctx.txq, &r->a.pool);
	pkt_pool_destroy(&r->p.pool);
	pkt_pool_destroy(&r->a.pool);
}

static bool move(struct run *r, bool to_peer)
{
	struct side *from = to_peer ? &r->a : &r->p;
	struct pkt *p = pkt_q_pop(&from->ctx.txq);
	uint8_t buf[2048];
	size_t n;

	if (!p)
		return false;
	n = p->len - 4;
	memcpy(buf, pkt_data(p) + 4, n);	/* FF 03 C2 27 */
	pkt_pool_ret(&from->pool, p);
	r->frames++;
	if (to_peer)
		eap_input(&r->eap, buf, n, 0);
	else
		eap_auth_input(&r->auth, buf, n, 0);
	return true;
}

static void pump(struct run *r)
{
	for (unsigned i = 0; i < 200 && (move(r, true) || move(r, false)); i++)
		;
}

static void success(enum tlsio_version max)
{
	struct run *r = run_new(max, "eap.test", EAP_PEAP_AUTH_FAULT_NONE);
	uint8_t msk[EAP_MSK_LEN], hp[32], hs[32];

	pump(r);
	assert_int_equal(eap_result(&r->eap), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_auth_result(&r->auth), EAP_RESULT_SUCCESS);
	assert_true(r->peap.bound);
	assert_string_equal(eap_auth_user(&r->auth), "alice");
	assert_string_equal(eap_auth_identity(&r->auth), "anonymous");
	assert_int_equal(eap_msk(&r->eap, msk), 0);
	cbind_hlak_msk(msk, sizeof(msk), hp);
	assert_int_equal(eap_auth_hlak(&r->auth, hs), 0);
	assert_memory_equal(hp, hs, 32);
	run_free(r);
}

static void tls12(void **state)
{
	(void)state;
	success(TLSIO_TLS12);
}

static void tls13(void **state)
{
	(void)state;
	success(TLSIO_ANY);
}

/* The certificate names eap.test: expecting another name refuses it, before any inner packet. */
static void wrong_name(void **state)
{
	struct run *r = run_new(TLSIO_TLS12, "nps.example", EAP_PEAP_AUTH_FAULT_NONE);

	(void)state;
	pump(r);
	assert_int_equal(eap_result(&r->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&r->eap), SX_REASON_AUTH_SERVER_CERT);
	assert_non_null(strstr(eap_message(&r->eap), "PEAP TLS: "));
	assert_string_equal(eap_auth_user(&r->auth), "");	/* no password hash ever sent */
	assert_int_equal(eap_auth_result(&r->auth), EAP_RESULT_FAILURE);
	run_free(r);
}

static void faults(void **state)
{
	static const struct {
		enum eap_peap_auth_fault fault;
		enum eap_result result;
		enum sx_reason reason;
	} cases[] = {
		{ EAP_PEAP_AUTH_FAULT_BAD_BINDING, EAP_RESULT_FAILURE, SX_REASON_AUTH_UNVERIFIED },
		{ EAP_PEAP_AUTH_FAULT_RESULT_FAILURE, EAP_RESULT_FAILURE, SX_REASON_AUTH_FAILED },
		{ EAP_PEAP_AUTH_FAULT_SOH, EAP_RESULT_SUCCESS, SX_REASON_NONE },
		{ EAP_PEAP_AUTH_FAULT_BAD_RECORD, EAP_RESULT_FAILURE, SX_REASON_PROTOCOL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int v = 0; v < 2; v++) {
			struct run *r = run_new(v ? TLSIO_ANY : TLSIO_TLS12, "eap.test",
						cases[i].fault);

			pump(r);
			assert_int_equal(eap_result(&r->eap), cases[i].result);
			assert_int_equal(eap_reason(&r->eap), cases[i].reason);
			run_free(r);
		}
	}
}

static int setup(void **state)
{
	(void)state;
	return certs_make();
}

static int teardown(void **state)
{
	(void)state;
	return certs_remove();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tls12),
		cmocka_unit_test(tls13),
		cmocka_unit_test(wrong_name),
		cmocka_unit_test(faults),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
