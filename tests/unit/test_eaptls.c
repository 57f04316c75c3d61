// SPDX-License-Identifier: MIT
/*
 * tools/tlsio/eaptls.c, the TLS engine for EAP, as an in-memory client/server pair: handshakes in
 * TLS 1.2 and 1.3 whose exported keys agree (RFC 5216 2.3, RFC 9190 2.3), application data both
 * ways (what PEAP needs), trust as the outer TLS has it (CA, name, pins, insecure), client
 * certificates from PEM, an encrypted PEM key and PKCS#12 (so a slimmer wolfSSL build that drops
 * PKCS#12, encrypted keys, the key export or KeepArrays fails here), and failures by cause.
 * Certificates are made with the openssl command in a temporary directory.
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

#include "tests/unit/eaptls_pair.h"
#include "tlsio/eaptls.h"

static struct eaptls_cfg client_cfg(void)
{
	return (struct eaptls_cfg){ .role = TLSIO_CLIENT, .cafile = certs_path("ca.pem"),
				    .name = "eap.test", .cert_file = certs_path("cli.pem"),
				    .key_file = certs_path("cli.key") };
}

static struct eaptls_cfg server_cfg(void)
{
	return (struct eaptls_cfg){ .role = TLSIO_SERVER, .cafile = certs_path("ca.pem"),
				    .cert_file = certs_path("srv.pem"), .key_file = certs_path("srv.key") };
}

/* Both ends made and started, the server first. */
static void pair_new(struct eaptls_pair *p, const struct eaptls_cfg *cc,
		     const struct eaptls_cfg *sc)
{
	eaptls_pair_new(p, cc, sc);
	assert_int_equal(p->se.ops->start(p->se.priv), 0);
	assert_int_equal(p->ce.ops->start(p->ce.priv), 0);
}

/* Moves one flight from a to b; false when a had nothing queued. */
static bool flight(struct eap_tls_engine *a, struct eap_tls_engine *b)
{
	static uint8_t buf[65536];
	size_t n = a->ops->out_len(a->priv);

	if (!n)
		return false;
	assert_true(n <= sizeof(buf));
	assert_int_equal(a->ops->out_take(a->priv, buf, sizeof(buf)), n);
	assert_int_equal(a->ops->out_len(a->priv), 0);
	assert_int_equal(b->ops->input(b->priv, buf, n), 0);
	return true;
}

/* Flights back and forth until neither side has anything to send. */
static void run(struct eaptls_pair *p)
{
	for (int i = 0; i < 20; i++) {
		bool moved = flight(&p->ce, &p->se);

		moved |= flight(&p->se, &p->ce);
		if (!moved)
			return;
	}
	fail_msg("the handshake does not settle");
}

static void expect_keys_agree(struct eaptls_pair *p, uint16_t version)
{
	static const uint8_t type_tls = 0x0d;
	uint8_t kc[128], ks[128], zero[128] = { 0 };
	const char *label = version == EAP_TLS_V13 ? "EXPORTER_EAP_TLS_Key_Material"
						   : "client EAP encryption";
	const uint8_t *ctx = version == EAP_TLS_V13 ? &type_tls : NULL;

	assert_int_equal(p->ce.ops->version(p->ce.priv), version);
	assert_int_equal(p->se.ops->version(p->se.priv), version);
	assert_int_equal(p->ce.ops->export_key(p->ce.priv, label, ctx, ctx ? 1 : 0, kc, 128), 0);
	assert_int_equal(p->se.ops->export_key(p->se.priv, label, ctx, ctx ? 1 : 0, ks, 128), 0);
	assert_memory_equal(kc, ks, 128);
	assert_memory_not_equal(kc, zero, 128);
	if (version == EAP_TLS_V13) {
		/* RFC 9190 2.3: the 0x0D context matters (pppd's use_context = 0 bug). */
		assert_int_equal(p->ce.ops->export_key(p->ce.priv, label, NULL, 0, ks, 128), 0);
		assert_memory_not_equal(kc, ks, 128);
	}
}

static void established(struct eaptls_pair *p)
{
	assert_int_equal(p->ce.ops->status(p->ce.priv), EAP_TLS_ESTABLISHED);
	assert_int_equal(p->se.ops->status(p->se.priv), EAP_TLS_ESTABLISHED);
	assert_true(p->ce.ops->peer_verified(p->ce.priv));
	assert_true(p->se.ops->peer_verified(p->se.priv));
}

static void handshake_version(enum tlsio_version v, uint16_t wire)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct eaptls_pair p;
	char subj[160];

	sc.max = v;
	pair_new(&p, &cc, &sc);
	run(&p);
	established(&p);
	expect_keys_agree(&p, wire);
	eaptls_peer_subject(p.s, subj, sizeof(subj));
	assert_non_null(strstr(subj, "alice"));
	eaptls_pair_free(&p);
}

static void handshake_tls12(void **state)
{
	(void)state;
	handshake_version(TLSIO_TLS12, EAP_TLS_V12);
}

static void handshake_tls13(void **state)
{
	(void)state;
	handshake_version(TLSIO_TLS13, EAP_TLS_V13);
}

/* PEAP phase 2: plaintext both ways through the out queue and input. */
static void application_data(void **state)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	uint8_t buf[64];
	struct eaptls_pair p;

	(void)state;
	sc.max = TLSIO_TLS12;
	pair_new(&p, &cc, &sc);
	run(&p);
	established(&p);
	assert_int_equal(p.ce.ops->read(p.ce.priv, buf, sizeof(buf)), -EAGAIN);
	assert_int_equal(p.se.ops->write(p.se.priv, (const uint8_t *)"\x01ping", 5), 5);
	assert_true(flight(&p.se, &p.ce));
	assert_int_equal(p.ce.ops->read(p.ce.priv, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "\x01ping", 5);
	assert_int_equal(p.ce.ops->read(p.ce.priv, buf, sizeof(buf)), -EAGAIN);
	assert_int_equal(p.ce.ops->write(p.ce.priv, (const uint8_t *)"pong", 4), 4);
	assert_true(flight(&p.ce, &p.se));
	assert_int_equal(p.se.ops->read(p.se.priv, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "pong", 4);
	eaptls_pair_free(&p);
}

static void expect_fail(struct eap_tls_engine *e, enum eap_tls_fail want, const char *words)
{
	char why[256];

	assert_int_equal(e->ops->status(e->priv), EAP_TLS_FAILED);
	assert_int_equal(e->ops->failure(e->priv, why, sizeof(why)), want);
	if (words && !strstr(why, words))
		fail_msg("\"%s\" does not say \"%s\"", why, words);
}

/* Drives a pair whose client refuses the server, and checks both ends name why. */
static void client_refuses(struct eaptls_cfg *cc, const char *words)
{
	struct eaptls_cfg sc = server_cfg();
	struct eaptls_pair p;

	pair_new(&p, cc, &sc);
	run(&p);
	expect_fail(&p.ce, EAP_TLS_FAIL_PEER_CERT, words);
	expect_fail(&p.se, EAP_TLS_FAIL_REFUSED, "alert");
	eaptls_pair_free(&p);
}

static void wrong_name_refused(void **state)
{
	struct eaptls_cfg cc = client_cfg();

	(void)state;
	cc.name = "other.test";
	client_refuses(&cc, "does not name");
}

static void ip_name_accepted(void **state)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct eaptls_pair p;

	(void)state;
	cc.name = "10.9.8.7";
	pair_new(&p, &cc, &sc);
	run(&p);
	established(&p);
	eaptls_pair_free(&p);
}

static void unknown_ca_refused(void **state)
{
	struct eaptls_cfg cc = client_cfg();

	(void)state;
	cc.cafile = certs_path("ca2.pem");
	client_refuses(&cc, "unknown CA");
}

static void srv_pin(struct tlsio_pin *pin, enum tlsio_pin_kind kind)
{
	uint8_t der[4096];
	char cmd[512];
	size_t n;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "openssl x509 -in '%s' -outform DER", certs_path("srv.pem"));
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(der, 1, sizeof(der), f);
	assert_int_equal(pclose(f), 0);
	pin->kind = kind;
	assert_int_equal(tlsio_pin_hash(der, n, kind, pin->sha256), 0);
}

/* A pin without a CA file is the trust anchor (tools/sstpx/tls.h): no CA store consulted. */
static void pin_only_accepted(void **state)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct tlsio_pin pin;
	struct eaptls_pair p;

	(void)state;
	srv_pin(&pin, TLSIO_PIN_SPKI_SHA256);
	cc.cafile = NULL;
	cc.pins = &pin;
	cc.n_pins = 1;
	pair_new(&p, &cc, &sc);
	run(&p);
	established(&p);
	eaptls_pair_free(&p);
}

static void pin_mismatch_refused(void **state)
{
	struct eaptls_cfg cc = client_cfg();
	struct tlsio_pin pin;

	(void)state;
	srv_pin(&pin, TLSIO_PIN_CERT_SHA256);
	pin.sha256[0] ^= 1;
	cc.pins = &pin;
	cc.n_pins = 1;
	client_refuses(&cc, "pinned");
}

static void insecure_accepts_anything(void **state)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct eaptls_pair p;

	(void)state;
	cc.cafile = certs_path("ca2.pem");
	cc.name = "other.test";
	cc.insecure = true;
	pair_new(&p, &cc, &sc);
	run(&p);
	assert_int_equal(p.ce.ops->status(p.ce.priv), EAP_TLS_ESTABLISHED);
	assert_false(p.ce.ops->peer_verified(p.ce.priv));
	eaptls_pair_free(&p);
}

/* The server refuses a client certificate from another CA; the client hears an alert. */
static void server_refuses_client(enum tlsio_version v)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct eaptls_pair p;
	uint8_t buf[16];

	cc.cert_file = certs_path("bad.pem");
	cc.key_file = certs_path("bad.key");
	sc.max = v;
	pair_new(&p, &cc, &sc);
	run(&p);
	expect_fail(&p.se, EAP_TLS_FAIL_PEER_CERT, "the client's certificate");
	/* TLS 1.3: the client's handshake is over before the server's verdict arrives. */
	if (p.ce.ops->status(p.ce.priv) == EAP_TLS_ESTABLISHED)
		assert_int_equal(p.ce.ops->read(p.ce.priv, buf, sizeof(buf)), -EPROTO);
	expect_fail(&p.ce, EAP_TLS_FAIL_REFUSED, "alert");
	eaptls_pair_free(&p);
}

static void server_refuses_client12(void **state)
{
	(void)state;
	server_refuses_client(TLSIO_TLS12);
}

static void server_refuses_client13(void **state)
{
	(void)state;
	server_refuses_client(TLSIO_TLS13);
}

static void no_client_cert_refused(void **state)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct eaptls_pair p;

	(void)state;
	cc.cert_file = cc.key_file = NULL;
	sc.max = TLSIO_TLS12;
	pair_new(&p, &cc, &sc);
	run(&p);
	expect_fail(&p.se, EAP_TLS_FAIL_PEER_CERT, "missing");
	eaptls_pair_free(&p);
}

static void garbage_is_protocol_error(void **state)
{
	struct eaptls_cfg sc = server_cfg();
	struct eap_tls_engine se;
	struct eaptls *s;
	char why[256];
	/* A record of an unknown content type (RFC 8446 5: unexpected_message). */
	static const uint8_t bad[] = { 0x99, 0x03, 0x03, 0x00, 0x02, 0x00, 0x00 };

	(void)state;
	assert_int_equal(eaptls_new(&s, &sc, why, sizeof(why)), 0);
	se = eaptls_engine(s);
	assert_int_equal(se.ops->input(se.priv, bad, sizeof(bad)), -EPROTO);	/* not started */
	assert_int_equal(se.ops->start(se.priv), 0);
	assert_int_equal(se.ops->input(se.priv, bad, sizeof(bad)), 0);
	expect_fail(&se, EAP_TLS_FAIL_PROTOCOL, "bad TLS data");
	eaptls_free(s);
}

static void encrypted_key(void **state)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct eaptls *e;
	struct eaptls_pair p;
	char why[256];

	(void)state;
	cc.key_file = certs_path("cli-enc.key");
	assert_int_equal(eaptls_new(&e, &cc, why, sizeof(why)), -ENOKEY);
	assert_non_null(strstr(why, "no passphrase"));
	cc.passphrase = "wrong";
	assert_int_equal(eaptls_new(&e, &cc, why, sizeof(why)), -EKEYREJECTED);
	assert_non_null(strstr(why, "wrong passphrase"));
	assert_non_null(strstr(why, "cli-enc.key"));
	cc.passphrase = "s3cret";
	pair_new(&p, &cc, &sc);
	run(&p);
	established(&p);
	eaptls_pair_free(&p);
}

static void pkcs12(void **state)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct eaptls *e;
	struct eaptls_pair p;
	char why[256];

	(void)state;
	cc.cert_file = cc.key_file = NULL;
	cc.pkcs12_file = certs_path("cli.p12");
	assert_int_equal(eaptls_new(&e, &cc, why, sizeof(why)), -ENOKEY);
	cc.passphrase = "nope";
	assert_int_equal(eaptls_new(&e, &cc, why, sizeof(why)), -EKEYREJECTED);
	assert_non_null(strstr(why, "wrong passphrase"));
	cc.passphrase = "s3cret";
	pair_new(&p, &cc, &sc);
	run(&p);
	established(&p);
	eaptls_pair_free(&p);
}

static void bad_files(void **state)
{
	struct eaptls_cfg cc = client_cfg();
	struct eaptls *e;
	char why[256];

	(void)state;
	cc.cert_file = certs_path("missing.pem");
	assert_int_equal(eaptls_new(&e, &cc, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "missing.pem"));
	cc.cert_file = certs_path("gen.sh");
	assert_int_equal(eaptls_new(&e, &cc, why, sizeof(why)), -EBADMSG);
	cc = client_cfg();
	cc.key_file = certs_path("bad.key");
	assert_int_equal(eaptls_new(&e, &cc, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "does not belong"));
	cc = client_cfg();
	cc.pkcs12_file = certs_path("cli.pem");
	cc.cert_file = NULL;
	cc.passphrase = "x";
	assert_int_equal(eaptls_new(&e, &cc, why, sizeof(why)), -EBADMSG);
}

/* A second start() is a fresh session (MS-PEAP 3.2.5.2: reset on a new S flag). */
static void restart(void **state)
{
	struct eaptls_cfg cc = client_cfg(), sc = server_cfg();
	struct eaptls_pair p;

	(void)state;
	pair_new(&p, &cc, &sc);
	run(&p);
	established(&p);
	assert_int_equal(p.se.ops->start(p.se.priv), 0);
	assert_int_equal(p.ce.ops->start(p.ce.priv), 0);
	assert_int_equal(p.ce.ops->status(p.ce.priv), EAP_TLS_HANDSHAKE);
	run(&p);
	established(&p);
	p.ce.ops->stop(p.ce.priv);
	assert_int_equal(p.ce.ops->status(p.ce.priv), EAP_TLS_IDLE);
	eaptls_pair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handshake_tls12),
		cmocka_unit_test(handshake_tls13),
		cmocka_unit_test(application_data),
		cmocka_unit_test(wrong_name_refused),
		cmocka_unit_test(ip_name_accepted),
		cmocka_unit_test(unknown_ca_refused),
		cmocka_unit_test(pin_only_accepted),
		cmocka_unit_test(pin_mismatch_refused),
		cmocka_unit_test(insecure_accepts_anything),
		cmocka_unit_test(server_refuses_client12),
		cmocka_unit_test(server_refuses_client13),
		cmocka_unit_test(no_client_cert_refused),
		cmocka_unit_test(garbage_is_protocol_error),
		cmocka_unit_test(encrypted_key),
		cmocka_unit_test(pkcs12),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(restart),
	};

	return cmocka_run_group_tests(tests, certs_setup, certs_teardown);
}
