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
#include "ppp/eap.h"
#include "ppp/eap_auth.h"
#include "ppp/eap_peap.h"
#include "ppp/pkt.h"
#include "tests/unit/eaptls_pair.h"
#include "tlsio/eaptls.h"

struct run {
	struct eap_pair pair;
	struct eap_peap peap;
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

/* The peer and the authenticator set up and run until both are quiet. */
static struct run *exchange(enum tlsio_version max, const char *name,
			   enum eap_peap_auth_fault fault)
{
	static struct run r;
	struct eaptls_cfg cc = { .role = TLSIO_CLIENT, .cafile = certs_path("ca.pem"),
				 .name = name };
	struct eaptls_cfg sc = { .role = TLSIO_SERVER, .max = max, .insecure = true,
				 .cert_file = certs_path("srv.pem"),
				 .key_file = certs_path("srv.key") };
	struct eap_auth_cfg ac = { .chap = { .name = "srv", .lookup = lookup, .id = 1 }, .id = 1,
				   .peap = true, .peap_fault = fault };
	struct eap_pair *q = &r.pair;
	uint8_t nt_hash[16];

	eap_pair_new(q, &cc, &sc, rand_fn);
	ac.peap_tls = q->tls.se;
	assert_int_equal(mschapv2_nt_hash("s3cret pw", 9, nt_hash), 0);
	assert_int_equal(eap_init(&q->eap, &q->p.ctx, "anonymous", "alice", nt_hash, EAP_ALLOW_PEAP),
			 0);
	assert_int_equal(eap_peap_init(&r.peap, &q->p.ctx, &q->tls.ce, "alice", nt_hash), 0);
	eap_set_method(&q->eap, &eap_peap_method, &r.peap);
	assert_int_equal(eap_auth_init(&q->auth, &q->a.ctx, &ac), 0);
	assert_int_equal(eap_auth_start(&q->auth, 0), 0);
	eap_pair_pump(q);
	return &r;
}

static void run_free(struct run *r)
{
	eap_peap_destroy(&r->peap);
	eap_pair_free(&r->pair);
}

static void success(enum tlsio_version max)
{
	struct run *r = exchange(max, "eap.test", EAP_PEAP_AUTH_FAULT_NONE);
	uint8_t msk[EAP_MSK_LEN], hp[32], hs[32];

	assert_int_equal(eap_result(&r->pair.eap), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_auth_result(&r->pair.auth), EAP_RESULT_SUCCESS);
	assert_true(r->peap.bound);
	assert_string_equal(eap_auth_user(&r->pair.auth), "alice");
	assert_string_equal(eap_auth_identity(&r->pair.auth), "anonymous");
	assert_int_equal(eap_msk(&r->pair.eap, msk), 0);
	cbind_hlak_msk(msk, sizeof(msk), hp);
	assert_int_equal(eap_auth_hlak(&r->pair.auth, hs), 0);
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
	struct run *r = exchange(TLSIO_TLS12, "nps.example", EAP_PEAP_AUTH_FAULT_NONE);

	(void)state;
	assert_int_equal(eap_result(&r->pair.eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&r->pair.eap), SX_REASON_AUTH_SERVER_CERT);
	assert_non_null(strstr(eap_message(&r->pair.eap), "PEAP TLS: "));
	assert_string_equal(eap_auth_user(&r->pair.auth), "");	/* no password hash ever sent */
	assert_int_equal(eap_auth_result(&r->pair.auth), EAP_RESULT_FAILURE);
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
			struct run *r = exchange(v ? TLSIO_ANY : TLSIO_TLS12, "eap.test",
						 cases[i].fault);

			assert_int_equal(eap_result(&r->pair.eap), cases[i].result);
			assert_int_equal(eap_reason(&r->pair.eap), cases[i].reason);
			run_free(r);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tls12),
		cmocka_unit_test(tls13),
		cmocka_unit_test(wrong_name),
		cmocka_unit_test(faults),
	};

	return cmocka_run_group_tests(tests, certs_setup, certs_teardown);
}
