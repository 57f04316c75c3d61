// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for PEAPv0 (ppp/eap_peap.c through ppp/eap.c; ppp/eap_peap_auth.c through
 * ppp/eap_auth.c) over a pass-through TLS double: the handshake ends at the first message each way
 * (a 0xff octet fails it), and after it every message is one inner plaintext, so inputs reach the
 * compressed inner packets, the TLVs and the crypto binding directly.
 * Input: byte 0 bit 0 picks the authenticator (1) or the peer (0); for the authenticator bits 1-3
 * pick its fault. Then records of [length byte][EAP packet], one packet each.
 * Invariants: no crash; a success has an MSK (peer) or an HLAK (authenticator); a failure has a
 * reason; messages fit; every queued frame goes back to the pool.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fzlib.h"
#include "ppp/eap.h"
#include "ppp/eap_auth.h"
#include "ppp/eap_peap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct pt_tls {
	bool server;
	enum eap_tls_status st;
	uint8_t out[2048];
	size_t out_len;
	uint8_t app[2048];
	size_t app_len;
};

static int pt_start(void *priv)
{
	struct pt_tls *t = priv;

	t->st = EAP_TLS_HANDSHAKE;
	t->out_len = t->app_len = 0;
	if (!t->server)
		t->out[t->out_len++] = 'H';
	return 0;
}

static int pt_input(void *priv, const uint8_t *in, size_t len)
{
	struct pt_tls *t = priv;

	if (t->st == EAP_TLS_IDLE)
		return -EPROTO;
	if (t->st == EAP_TLS_FAILED)
		return 0;
	if (len && in[0] == 0xff) {
		t->st = EAP_TLS_FAILED;
		return 0;
	}
	if (t->st == EAP_TLS_HANDSHAKE) {
		t->st = EAP_TLS_ESTABLISHED;
		if (t->server && t->out_len < sizeof(t->out))
			t->out[t->out_len++] = 'F';
		return 0;
	}
	if (len > sizeof(t->app))
		len = sizeof(t->app);
	memcpy(t->app, in, len);
	t->app_len = len;
	return 0;
}

static size_t pt_out_len(void *priv)
{
	return ((struct pt_tls *)priv)->out_len;
}

static size_t pt_out_take(void *priv, uint8_t *out, size_t cap)
{
	struct pt_tls *t = priv;
	size_t n = t->out_len < cap ? t->out_len : cap;

	memcpy(out, t->out, n);
	memmove(t->out, t->out + n, t->out_len - n);
	t->out_len -= n;
	return n;
}

static enum eap_tls_status pt_status(void *priv)
{
	return ((struct pt_tls *)priv)->st;
}

static enum eap_tls_fail pt_failure(void *priv, char *why, size_t cap)
{
	(void)priv;
	snprintf(why, cap, "bad record");
	return EAP_TLS_FAIL_PROTOCOL;
}

static int pt_read(void *priv, uint8_t *buf, size_t cap)
{
	struct pt_tls *t = priv;
	size_t n = t->app_len;

	if (t->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	if (!n)
		return -EAGAIN;
	if (n > cap)
		n = cap;
	memcpy(buf, t->app, n);
	t->app_len = 0;
	return (int)n;
}

static int pt_write(void *priv, const uint8_t *buf, size_t len)
{
	struct pt_tls *t = priv;

	if (t->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	if (len > sizeof(t->out) - t->out_len)
		return -ENOMEM;
	memcpy(t->out + t->out_len, buf, len);
	t->out_len += len;
	return (int)len;
}

static uint16_t pt_version(void *priv)
{
	return ((struct pt_tls *)priv)->st == EAP_TLS_ESTABLISHED ? EAP_TLS_V12 : 0;
}

static int pt_export(void *priv, const char *label, const uint8_t *context, size_t context_len,
		     uint8_t *out, size_t len)
{
	(void)label;
	(void)context;
	(void)context_len;
	if (((struct pt_tls *)priv)->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)(i * 3 + 1);
	return 0;
}

static bool pt_verified(void *priv)
{
	(void)priv;
	return false;
}

static void pt_stop(void *priv)
{
	struct pt_tls *t = priv;

	t->st = EAP_TLS_IDLE;
	t->out_len = t->app_len = 0;
}

static const struct eap_tls_ops pt_ops = {
	.start = pt_start, .input = pt_input, .out_len = pt_out_len, .out_take = pt_out_take,
	.status = pt_status, .failure = pt_failure, .read = pt_read, .write = pt_write,
	.version = pt_version, .export_key = pt_export, .peer_verified = pt_verified,
	.stop = pt_stop,
};

static void peer_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	eap_input(obj, pkt, len, now);
}

static void feed_peer(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static struct eap_peap p;
	struct pt_tls t = { 0 };
	struct eap_tls_engine eng = { &pt_ops, &t };
	struct eap e;

	(void)knob;
	if (eap_init(&e, ctx, "anonymous", "DOM\\User", fz_nt_hash_client_pass, EAP_ALLOW_PEAP) ||
	    eap_peap_init(&p, ctx, &eng, "DOM\\User", fz_nt_hash_client_pass))
		abort();
	eap_set_method(&e, &eap_peap_method, &p);
	fz_records(ctx, data, size, 0, peer_packet, &e);
	fz_check_eap(&e, EAP_TYPE_PEAP);
	eap_peap_destroy(&p);
	eap_destroy(&e);
}

static void auth_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	eap_auth_input(obj, pkt, len, now);
	eap_auth_tick(obj, now + 1000);
}

static void feed_auth(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static struct eap_auth a;
	struct pt_tls t = { .server = true };
	struct eap_auth_cfg cfg = {
		.chap = { .name = "srv", .lookup = fz_chap_lookup, .id = 3 },
		.id = 1, .restart_ms = 1000, .max_requests = 3, .peap = true,
		.peap_tls = { &pt_ops, &t }, .peap_fault = (enum eap_peap_auth_fault)(knob % 5),
	};

	memcpy(cfg.chap.challenge, fz_auth_challenge, 16);
	if (eap_auth_init(&a, ctx, &cfg) || eap_auth_start(&a, 0))
		abort();
	fz_ppp_drain(ctx);
	fz_records(ctx, data, size, 2000, auth_packet, &a);
	fz_check_eap_auth(&a, true);
	eap_auth_destroy(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_auth_one_input(data, size, feed_peer, feed_auth);
}
