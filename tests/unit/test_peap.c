// SPDX-License-Identifier: MIT
/*
 * PEAPv0 (ppp/eap_peap.c, peer; ppp/eap_peap_auth.c, authenticator) back to back through the
 * outer EAP objects (ppp/eap.c, ppp/eap_auth.c), over a scripted TLS double of
 * ppp/eap_tls_engine.h: a fixed handshake whose flights are large enough to be fragmented, and
 * "records" the double seals with a checksum, so a flipped octet is a bad record. Checked: the
 * Start, the phase-1 TLS Message Length on every peer packet, lock-step fragments, the compressed
 * inner packets (MS-PEAP 3.1.5.6), Result and Crypto Binding TLVs both ways with the compound
 * keys, the same HLAK on both sides (CSK[0..31]), and each fault: a wrong server Compound MAC,
 * Result failure, an SoH request (answered with a compressed Nak), a bad record, a wrong password,
 * a refused server certificate, a PEAP version offer other than 0, a second Start.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/eap.h"
#include "ppp/eap_auth.h"
#include "ppp/eap_peap.h"
#include "ppp/eap_peap_auth.h"
#include "ppp/pkt.h"
#include "ppp/proto.h"
#include "tests/peer/peer.h"

/* ---- the TLS double ------------------------------------------------------------------------ */

enum { REC_HS = 0x16, REC_APP = 0x17, REC_ALERT = 0x15 };

struct fake_tls {
	bool server;
	bool reject_cert;		/* client: refuse the server's "certificate" */
	bool small;			/* a server flight that needs no fragments */
	enum eap_tls_status st;
	enum eap_tls_fail fail;
	unsigned step;
	uint8_t out[8192];
	size_t out_len;
	uint8_t app[4096];
	size_t app_len;
	unsigned inputs;		/* input() calls, for the tests */
};

static void fk_queue(struct fake_tls *t, uint8_t type, const uint8_t *p, size_t n, uint8_t fill)
{
	uint8_t sum = 0;

	assert_true(t->out_len + n + 4 <= sizeof(t->out));
	t->out[t->out_len++] = type;
	t->out[t->out_len++] = (uint8_t)(n >> 8);
	t->out[t->out_len++] = (uint8_t)n;
	for (size_t i = 0; i < n; i++) {
		uint8_t b = p ? p[i] : fill;

		sum = (uint8_t)(sum + b);
		t->out[t->out_len++] = type == REC_APP ? b ^ 0x5a : b;
	}
	t->out[t->out_len++] = sum;	/* the "MAC" */
}

static int fk_start(void *priv)
{
	struct fake_tls *t = priv;

	t->st = EAP_TLS_HANDSHAKE;
	t->step = 0;
	t->out_len = t->app_len = 0;
	if (!t->server)
		fk_queue(t, REC_HS, NULL, 300, 'C');	/* ClientHello */
	return 0;
}

static void fk_fail(struct fake_tls *t, enum eap_tls_fail f)
{
	t->st = EAP_TLS_FAILED;
	t->fail = f;
	if (f != EAP_TLS_FAIL_REFUSED)
		fk_queue(t, REC_ALERT, NULL, 2, 'A');
}

/* The handshake: CH -> SH(2500) -> CF(100) -> SF(50), both sides ESTABLISHED after it. */
static void fk_handshake(struct fake_tls *t, uint8_t first)
{
	if (t->server && t->step == 0 && first == 'C') {
		fk_queue(t, REC_HS, NULL, t->small ? 100 : 2500, 'S');
		t->step = 1;
	} else if (!t->server && t->step == 0 && first == 'S') {
		if (t->reject_cert)
			return fk_fail(t, EAP_TLS_FAIL_PEER_CERT);
		fk_queue(t, REC_HS, NULL, 100, 'c');
		t->step = 1;
	} else if (t->server && t->step == 1 && first == 'c') {
		fk_queue(t, REC_HS, NULL, 50, 's');
		t->st = EAP_TLS_ESTABLISHED;
	} else if (!t->server && t->step == 1 && first == 's') {
		t->st = EAP_TLS_ESTABLISHED;
	} else {
		fk_fail(t, EAP_TLS_FAIL_PROTOCOL);
	}
}

static int fk_input(void *priv, const uint8_t *in, size_t len)
{
	struct fake_tls *t = priv;

	t->inputs++;
	if (t->st == EAP_TLS_IDLE)
		return -EPROTO;
	while (len && t->st != EAP_TLS_FAILED) {
		size_t n = len >= 3 ? (size_t)in[1] << 8 | in[2] : 0;
		uint8_t sum = 0;

		if (len < 4 || n + 4 > len)
			return fk_fail(t, EAP_TLS_FAIL_PROTOCOL), 0;
		for (size_t i = 0; i < n; i++)
			sum = (uint8_t)(sum + (in[0] == REC_APP ? in[3 + i] ^ 0x5a : in[3 + i]));
		if (sum != in[3 + n])
			return fk_fail(t, EAP_TLS_FAIL_PROTOCOL), 0;
		if (in[0] == REC_ALERT) {
			fk_fail(t, EAP_TLS_FAIL_REFUSED);
		} else if (in[0] == REC_HS && t->st == EAP_TLS_HANDSHAKE) {
			fk_handshake(t, n ? in[3] : 0);
		} else if (in[0] == REC_APP && t->st == EAP_TLS_ESTABLISHED) {
			assert_true(t->app_len + n + 2 <= sizeof(t->app));
			t->app[t->app_len++] = (uint8_t)(n >> 8);
			t->app[t->app_len++] = (uint8_t)n;
			for (size_t i = 0; i < n; i++)
				t->app[t->app_len++] = in[3 + i] ^ 0x5a;
		} else {
			fk_fail(t, EAP_TLS_FAIL_PROTOCOL);
		}
		in += n + 4;
		len -= n + 4;
	}
	return 0;
}

static size_t fk_out_len(void *priv)
{
	return ((struct fake_tls *)priv)->out_len;
}

static size_t fk_out_take(void *priv, uint8_t *out, size_t cap)
{
	struct fake_tls *t = priv;
	size_t n = t->out_len < cap ? t->out_len : cap;

	memcpy(out, t->out, n);
	memmove(t->out, t->out + n, t->out_len - n);
	t->out_len -= n;
	return n;
}

static enum eap_tls_status fk_status(void *priv)
{
	return ((struct fake_tls *)priv)->st;
}

static enum eap_tls_fail fk_failure(void *priv, char *why, size_t cap)
{
	struct fake_tls *t = priv;

	snprintf(why, cap, "%s", t->fail == EAP_TLS_FAIL_PEER_CERT ? "certificate refused"
				 : t->fail == EAP_TLS_FAIL_REFUSED ? "the peer sent an alert"
								    : "bad record");
	return t->fail;
}

static int fk_read(void *priv, uint8_t *buf, size_t cap)
{
	struct fake_tls *t = priv;
	size_t n;

	if (t->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	if (!t->app_len)
		return -EAGAIN;
	n = (size_t)t->app[0] << 8 | t->app[1];
	assert_true(n <= cap);
	memcpy(buf, t->app + 2, n);
	memmove(t->app, t->app + 2 + n, t->app_len - 2 - n);
	t->app_len -= 2 + n;
	return (int)n;
}

static int fk_write(void *priv, const uint8_t *buf, size_t len)
{
	struct fake_tls *t = priv;

	if (t->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	fk_queue(t, REC_APP, buf, len, 0);
	return (int)len;
}

static uint16_t fk_version(void *priv)
{
	return ((struct fake_tls *)priv)->st == EAP_TLS_ESTABLISHED ? EAP_TLS_V12 : 0;
}

/* Both sides derive the same bytes from the label, as a real exporter would. */
static int fk_export(void *priv, const char *label, const uint8_t *context, size_t context_len,
		     uint8_t *out, size_t len)
{
	if (((struct fake_tls *)priv)->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	assert_string_equal(label, "client EAP encryption");
	assert_null(context);
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)((size_t)label[i % strlen(label)] * 7 + i + context_len);
	return 0;
}

static bool fk_verified(void *priv)
{
	(void)priv;
	return false;
}

static void fk_stop(void *priv)
{
	struct fake_tls *t = priv;

	t->st = EAP_TLS_IDLE;
	t->out_len = t->app_len = 0;
}

static const struct eap_tls_ops fk_ops = {
	.start = fk_start, .input = fk_input, .out_len = fk_out_len, .out_take = fk_out_take,
	.status = fk_status, .failure = fk_failure, .read = fk_read, .write = fk_write,
	.version = fk_version, .export_key = fk_export, .peer_verified = fk_verified,
	.stop = fk_stop,
};

/* ---- the pair ------------------------------------------------------------------------------ */

struct pair {
	struct pkt_pool pool;
	struct ppp_ctx peer_ctx, auth_ctx;
	struct fake_tls ctls, stls;
	struct eap eap;
	struct eap_peap peap;
	struct eap_auth auth;
	unsigned rand_off;
	unsigned peer_packets;		/* PEAP Responses the peer sent */
	unsigned fragments;		/* Requests with M set */
	bool peer_always_l;		/* every peer phase-1 packet with data carried L */
	bool flip_server_version;	/* rewrite the server's Start to offer version 1 */
};

static int pair_rand(void *ctx, uint8_t *buf, size_t len)
{
	struct pair *pr = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(pr->rand_off++ * 13 + 1);
	return 0;
}

static bool lookup(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	(void)ctx;
	return !strcmp(user, "alice") && !mschapv2_nt_hash("correct horse", 13, nt_hash);
}

static struct pair *pair_new(const char *password, enum eap_peap_auth_fault fault)
{
	static struct pair pr;
	uint8_t nt_hash[16];
	struct eap_auth_cfg cfg = {
		.chap = { .name = "srv", .lookup = lookup, .id = 1 },
		.id = 1, .peap = true, .peap_tls = { &fk_ops, &pr.stls }, .peap_fault = fault,
	};
	struct eap_tls_engine ctls = { &fk_ops, &pr.ctls };

	memset(&pr, 0, sizeof(pr));
	pr.stls.server = true;
	assert_int_equal(pkt_pool_init(&pr.pool, 16, 2048), 0);
	pr.peer_ctx = (struct ppp_ctx){ .pool = &pr.pool, .headroom = 4,
					.rand = { .fn = pair_rand, .ctx = &pr } };
	pr.auth_ctx = pr.peer_ctx;
	memcpy(cfg.chap.challenge, "0123456789abcdef", 16);
	assert_int_equal(mschapv2_nt_hash(password, strlen(password), nt_hash), 0);
	assert_int_equal(eap_init(&pr.eap, &pr.peer_ctx, "anonymous", "alice", nt_hash,
				  EAP_ALLOW_PEAP), 0);
	assert_int_equal(eap_peap_init(&pr.peap, &pr.peer_ctx, &ctls, "alice", nt_hash), 0);
	eap_set_method(&pr.eap, &eap_peap_method, &pr.peap);
	assert_int_equal(eap_auth_init(&pr.auth, &pr.auth_ctx, &cfg), 0);
	assert_int_equal(eap_auth_start(&pr.auth, 0), 0);
	return &pr;
}

static void pair_free(struct pair *pr)
{
	pkt_q_drain(&pr->peer_ctx.txq, &pr->pool);
	pkt_q_drain(&pr->auth_ctx.txq, &pr->pool);
	eap_peap_destroy(&pr->peap);
	eap_destroy(&pr->eap);
	eap_auth_destroy(&pr->auth);
	assert_int_equal(pr->pool.nfree, pr->pool.count);
	pkt_pool_destroy(&pr->pool);
}

/* Moves frames both ways until both queues are empty (or a bound is hit). */
static void pair_run(struct pair *pr)
{
	for (unsigned round = 0; round < 200; round++) {
		struct pkt *p = pkt_q_pop(&pr->auth_ctx.txq);
		uint8_t *d;

		if (p) {
			d = pkt_data(p) + PPP_HDRLEN;
			if (d[0] == EAP_REQUEST && d[4] == EAP_TYPE_PEAP && p->len > PPP_HDRLEN + 5) {
				if (d[5] & EAP_FRAG_M)
					pr->fragments++;
				if ((d[5] & EAP_FRAG_S) && pr->flip_server_version)
					d[5] |= 1;
			}
			eap_input(&pr->eap, d, p->len - PPP_HDRLEN, round);
			pkt_pool_ret(&pr->pool, p);
			continue;
		}
		p = pkt_q_pop(&pr->peer_ctx.txq);
		if (!p)
			return;
		d = pkt_data(p) + PPP_HDRLEN;
		if (d[0] == EAP_RESPONSE && d[4] == EAP_TYPE_PEAP) {
			pr->peer_packets++;
			assert_int_equal(d[5] & EAP_FRAG_VERSION, 0);	/* always version 0 */
			if (pr->peap.state == EAP_PEAP_HANDSHAKE && p->len > PPP_HDRLEN + 6 &&
			    !(d[5] & EAP_FRAG_L))
				pr->peer_always_l = false;
		}
		eap_auth_input(&pr->auth, d, p->len - PPP_HDRLEN, round);
		pkt_pool_ret(&pr->pool, p);
	}
	fail_msg("the pair did not settle");
}

static void test_success(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_NONE);
	uint8_t msk[EAP_MSK_LEN], hlak_peer[32], hlak_srv[32], zero[32] = { 0 };

	(void)state;
	pr->peer_always_l = true;
	pair_run(pr);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_method(&pr->eap), EAP_TYPE_PEAP);
	assert_int_equal(eap_auth_result(&pr->auth), EAP_RESULT_SUCCESS);
	assert_string_equal(eap_auth_identity(&pr->auth), "anonymous");	/* outer identity */
	assert_string_equal(eap_auth_user(&pr->auth), "alice");	/* inner MS-CHAPv2 name */
	assert_string_equal(pr->auth.peap.identity, "alice");		/* inner identity */
	assert_true(pr->peap.bound);
	assert_true(pr->fragments >= 2);	/* the 2500-octet flight took three Requests */
	assert_true(pr->peer_always_l);
	/* MS-SSTP 3.2.5.2.4: HLAK = MSK[0..31] = CSK[0..31], the same on both sides. */
	assert_int_equal(eap_msk(&pr->eap, msk), 0);
	cbind_hlak_msk(msk, sizeof(msk), hlak_peer);
	assert_int_equal(eap_auth_hlak(&pr->auth, hlak_srv), 0);
	assert_memory_equal(hlak_peer, hlak_srv, 32);
	assert_memory_not_equal(hlak_peer, zero, 32);
	assert_memory_equal(msk, pr->auth.peap.csk, EAP_MSK_LEN);
	pair_free(pr);
}

/* The peer's check of the server's binding: a wrong MAC is refused before Success. */
static void test_bad_binding(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_BAD_BINDING);

	(void)state;
	pair_run(pr);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_UNVERIFIED);
	assert_non_null(strstr(eap_message(&pr->eap), "Crypto Binding TLV does not match"));
	assert_int_equal(eap_auth_result(&pr->auth), EAP_RESULT_FAILURE);
	pair_free(pr);
}

static void test_result_failure(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_RESULT_FAILURE);

	(void)state;
	pair_run(pr);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_FAILED);
	assert_non_null(strstr(eap_message(&pr->eap), "Result TLV says failure"));
	pair_free(pr);
}

static void test_wrong_password(void **state)
{
	struct pair *pr = pair_new("wrong horse", EAP_PEAP_AUTH_FAULT_NONE);

	(void)state;
	pair_run(pr);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_FAILED);
	assert_int_equal(eap_peap_chap_error(&pr->peap), 691);
	assert_int_equal(eap_auth_result(&pr->auth), EAP_RESULT_FAILURE);
	pair_free(pr);
}

/* MS-PEAP 3.2.5.4.5: an SoH request is answered with a compressed Nak; the method then runs. */
static void test_soh(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_SOH);

	(void)state;
	pair_run(pr);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_auth_result(&pr->auth), EAP_RESULT_SUCCESS);
	pair_free(pr);
}

static void test_bad_record(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_BAD_RECORD);

	(void)state;
	pair_run(pr);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_PROTOCOL);
	assert_non_null(strstr(eap_message(&pr->eap), "PEAP TLS: bad record"));
	assert_int_equal(eap_auth_result(&pr->auth), EAP_RESULT_FAILURE);
	pair_free(pr);
}

static void test_cert_refused(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_NONE);

	(void)state;
	pr->ctls.reject_cert = true;
	pair_run(pr);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_SERVER_CERT);
	assert_non_null(strstr(eap_message(&pr->eap), "certificate refused"));
	/* The alert reached the server, which ends with Failure. */
	assert_int_equal(eap_auth_result(&pr->auth), EAP_RESULT_FAILURE);
	pair_free(pr);
}

/* MS-PEAP 3.2.5.2: the peer answers version 0 to any offer (checked in pair_run). */
static void test_version_offer(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_NONE);

	(void)state;
	pr->flip_server_version = true;
	pair_run(pr);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_SUCCESS);
	pair_free(pr);
}

/* Driving the peer alone: Capabilities, unknown mandatory TLV, early Result, a second Start. */
static void peer_req(struct pair *pr, uint8_t id, const uint8_t *td, size_t len)
{
	uint8_t pkt[1200] = { EAP_REQUEST, id, (uint8_t)((len + 5) >> 8), (uint8_t)(len + 5),
			      EAP_TYPE_PEAP };

	memcpy(pkt + 5, td, len);
	eap_input(&pr->eap, pkt, len + 5, 0);
}

/* The server double's next flight as one unfragmented PEAP Request to the peer. */
static void peer_flight(struct pair *pr, uint8_t id)
{
	uint8_t td[1200];
	size_t n = fk_out_take(&pr->stls, td + 1, sizeof(td) - 1);

	td[0] = 0;
	peer_req(pr, id, td, n + 1);
	pkt_q_drain(&pr->peer_ctx.txq, &pr->pool);
}

/* Brings the peer into phase 2 by hand, the server double's handshake driven step by step. */
static void peer_to_phase2(struct pair *pr)
{
	pkt_q_drain(&pr->auth_ctx.txq, &pr->pool);
	peer_req(pr, 2, (const uint8_t[]){ EAP_FRAG_S }, 1);
	pkt_q_drain(&pr->peer_ctx.txq, &pr->pool);
	pr->stls.small = true;
	fk_start(&pr->stls);
	fk_handshake(&pr->stls, 'C');
	peer_flight(pr, 3);		/* ServerHello: the peer answers with its Finished */
	fk_handshake(&pr->stls, 'c');
	peer_flight(pr, 4);		/* server Finished: the tunnel is up */
	assert_int_equal(pr->peap.state, EAP_PEAP_PHASE2);
}

/* Sends one inner plaintext to the peer and returns what it answered, decrypted. */
static size_t peer_inner(struct pair *pr, uint8_t id, const uint8_t *pt, size_t len, uint8_t *rsp)
{
	uint8_t td[1200];
	struct pkt *p;
	int n;

	pr->stls.st = EAP_TLS_ESTABLISHED;
	fk_write(&pr->stls, pt, len);
	td[0] = 0;
	len = fk_out_take(&pr->stls, td + 1, sizeof(td) - 1);
	peer_req(pr, id, td, len + 1);
	p = pkt_q_pop(&pr->peer_ctx.txq);
	if (!p)
		return 0;
	assert_int_equal(pkt_data(p)[PPP_HDRLEN + 4], EAP_TYPE_PEAP);
	fk_input(&pr->stls, pkt_data(p) + PPP_HDRLEN + 6, p->len - PPP_HDRLEN - 6);
	pkt_pool_ret(&pr->pool, p);
	n = fk_read(&pr->stls, rsp, 1200);
	return n > 0 ? (size_t)n : 0;
}

static void test_peer_shapes(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_NONE);
	uint8_t rsp[1200], want[64];
	size_t n, w;

	(void)state;
	peer_to_phase2(pr);
	/* Compressed Identity Request -> compressed Response with the user name (inner identity). */
	n = peer_inner(pr, 4, (const uint8_t[]){ 0x01 }, 1, rsp);
	w = peer_unhex("01 61 6c 69 63 65", want, sizeof(want), 0);
	assert_int_equal(n, w);
	assert_memory_equal(rsp, want, w);
	/* MS-PEAP 2.2.8.3: Capabilities -> ours, F = 0, with its header. */
	w = peer_unhex("01 05 00 10 fe 00 01 37 00 00 00 22 00 00 00 01", want, sizeof(want), 0);
	n = peer_inner(pr, 5, want, w, rsp);
	w = peer_unhex("02 05 00 10 fe 00 01 37 00 00 00 22 00 00 00 00", want, sizeof(want), 0);
	assert_int_equal(n, w);
	assert_memory_equal(rsp, want, w);
	/* SoH request -> the compressed legacy Nak "03 1a" (EAP-MSCHAPv2 wanted). */
	w = peer_unhex("01 06 00 18 fe 00 01 37 00 00 00 21 80 07 00 08 00 00 01 37 00 02 00 00",
		       want, sizeof(want), 0);
	n = peer_inner(pr, 6, want, w, rsp);
	assert_int_equal(n, 2);
	assert_memory_equal(rsp, "\x03\x1a", 2);
	/* An unknown mandatory TLV -> a NAK TLV naming it, header kept. */
	w = peer_unhex("01 07 00 09 21 80 09 00 00", want, sizeof(want), 0);
	n = peer_inner(pr, 7, want, w, rsp);
	w = peer_unhex("02 07 00 0f 21 80 04 00 06 00 00 00 00 00 09", want, sizeof(want), 0);
	assert_int_equal(n, w);
	assert_memory_equal(rsp, want, w);
	/* Result success before the inner method: refused with Result failure. */
	w = peer_unhex("01 08 00 0b 21 80 03 00 02 00 01", want, sizeof(want), 0);
	n = peer_inner(pr, 8, want, w, rsp);
	w = peer_unhex("02 08 00 0b 21 80 03 00 02 00 02", want, sizeof(want), 0);
	assert_int_equal(n, w);
	assert_memory_equal(rsp, want, w);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_UNVERIFIED);
	pair_free(pr);
}

/* MS-PEAP 3.2.5.2: a Start in the middle restarts the TLS session; before any Start, nothing. */
static void test_restart(void **state)
{
	struct pair *pr = pair_new("correct horse", EAP_PEAP_AUTH_FAULT_NONE);

	(void)state;
	pkt_q_drain(&pr->auth_ctx.txq, &pr->pool);
	peer_req(pr, 2, (const uint8_t[]){ 0x00, 0x16 }, 2);	/* data before a Start */
	assert_null(pkt_q_pop(&pr->peer_ctx.txq));
	peer_req(pr, 3, (const uint8_t[]){ EAP_FRAG_S }, 1);
	peer_req(pr, 4, (const uint8_t[]){ EAP_FRAG_S | 1 }, 1);
	assert_int_equal(pr->peap.state, EAP_PEAP_HANDSHAKE);
	assert_int_equal(pr->peer_ctx.txq.n, 2);	/* a ClientHello each time */
	pair_free(pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_bad_binding),
		cmocka_unit_test(test_result_failure),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_soh),
		cmocka_unit_test(test_bad_record),
		cmocka_unit_test(test_cert_refused),
		cmocka_unit_test(test_version_offer),
		cmocka_unit_test(test_peer_shapes),
		cmocka_unit_test(test_restart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
