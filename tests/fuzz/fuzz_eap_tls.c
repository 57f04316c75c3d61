// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for EAP-TLS (ppp/eap_tls.c through ppp/eap.c, ppp/eap_tls_auth.c through
 * ppp/eap_auth.c) over a scripted TLS engine, so no TLS library is needed: it queues a flight of
 * a knob-chosen size on start and on each input, becomes ESTABLISHED after a knob-chosen number of
 * inputs (TLS 1.2 or 1.3 by knob), or FAILED when an input starts with 0x15 (an alert), with a
 * failure cause picked by the input's second octet.
 * Input: byte 0 bit 0 picks the authenticator (1) or the peer (0); byte 0 >> 1 is the knob (bits
 * 0-1: fragment room 6, 40, 300 or 1000; bit 2: TLS 1.3; bits 3-4: inputs until established;
 * bits 5-6: the authenticator's fault). Then records of [length][EAP packet].
 * Invariants: no crash; a success has a method and an MSK (peer) or an HLAK (authenticator); a
 * failure has a reason; messages fit; every frame goes back to the pool.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fzlib.h"
#include "ppp/eap.h"
#include "ppp/eap_auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fake {
	unsigned knob;
	enum eap_tls_status st;
	enum eap_tls_fail fail;
	unsigned inputs;
	size_t out;		/* octets queued */
	uint8_t next;		/* their content: a counter */
};

static const uint16_t rooms[4] = { 6, 40, 300, 1000 };

static int f_start(void *priv)
{
	struct fake *f = priv;

	f->st = EAP_TLS_HANDSHAKE;
	f->fail = EAP_TLS_FAIL_NONE;
	f->inputs = 0;
	f->out = 50 + 700 * (f->knob & 3);
	return 0;
}

static int f_input(void *priv, const uint8_t *in, size_t len)
{
	struct fake *f = priv;

	if (f->st == EAP_TLS_IDLE)
		return -EPROTO;
	if (f->st != EAP_TLS_HANDSHAKE)
		return 0;
	if (len && in[0] == 0x15) {
		f->st = EAP_TLS_FAILED;
		f->fail = len > 1 ? (enum eap_tls_fail)(in[1] % 5) : EAP_TLS_FAIL_OTHER;
		f->out = len > 2 ? 7 : 0;
		return 0;
	}
	f->out = len * 3 % 5000;
	if (++f->inputs > ((f->knob >> 3) & 3))
		f->st = EAP_TLS_ESTABLISHED;
	return 0;
}

static size_t f_out_len(void *priv)
{
	return ((struct fake *)priv)->out;
}

static size_t f_out_take(void *priv, uint8_t *out, size_t cap)
{
	struct fake *f = priv;
	size_t n = f->out < cap ? f->out : cap;

	for (size_t i = 0; i < n; i++)
		out[i] = f->next++;
	f->out -= n;
	return n;
}

static enum eap_tls_status f_status(void *priv)
{
	return ((struct fake *)priv)->st;
}

static enum eap_tls_fail f_failure(void *priv, char *why, size_t cap)
{
	if (cap)
		strncpy(why, "scripted failure", cap - 1)[cap - 1] = '\0';
	return ((struct fake *)priv)->fail;
}

static int f_read(void *priv, uint8_t *buf, size_t cap)
{
	(void)buf;
	(void)cap;
	return ((struct fake *)priv)->st == EAP_TLS_ESTABLISHED ? -EAGAIN : -EPROTO;
}

static int f_write(void *priv, const uint8_t *buf, size_t len)
{
	struct fake *f = priv;

	(void)buf;
	if (f->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	f->out += len + 22;
	return (int)len;
}

static uint16_t f_version(void *priv)
{
	struct fake *f = priv;

	return f->st != EAP_TLS_ESTABLISHED ? 0 : f->knob & 4 ? EAP_TLS_V13 : EAP_TLS_V12;
}

static int f_export(void *priv, const char *label, const uint8_t *context, size_t context_len,
		    uint8_t *out, size_t len)
{
	struct fake *f = priv;

	if (f->st != EAP_TLS_ESTABLISHED || !label || (context && context_len != 1))
		return -EPROTO;
	memset(out, 0xa5, len);
	return 0;
}

static bool f_verified(void *priv)
{
	return ((struct fake *)priv)->st == EAP_TLS_ESTABLISHED;
}

static void f_stop(void *priv)
{
	struct fake *f = priv;

	f->st = EAP_TLS_IDLE;
	f->out = 0;
}

static const struct eap_tls_ops fake_ops = {
	.start = f_start, .input = f_input, .out_len = f_out_len, .out_take = f_out_take,
	.status = f_status, .failure = f_failure, .read = f_read, .write = f_write,
	.version = f_version, .export_key = f_export, .peer_verified = f_verified, .stop = f_stop,
};

static void peer_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	eap_input(obj, pkt, len, now);
}

static void feed_peer(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static struct eap e;
	static const uint8_t zero[16];
	struct fake f = { .knob = knob };

	if (eap_init(&e, ctx, NULL, "alice", zero, EAP_ALLOW_TLS | EAP_ALLOW_MSCHAPV2))
		abort();
	e.tls = (struct eap_tls_engine){ .ops = &fake_ops, .priv = &f };
	e.tls_room = rooms[knob & 3];
	fz_records(ctx, data, size, 0, peer_packet, &e);
	fz_check_eap(&e, 0);
	eap_destroy(&e);
}

static bool no_user(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	(void)ctx;
	(void)user;
	(void)nt_hash;
	return false;
}

static void auth_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	eap_auth_input(obj, pkt, len, now);
	eap_auth_tick(obj, now + 1000);
}

static void feed_auth(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static struct eap_auth a;
	struct fake f = { .knob = knob };
	struct eap_auth_cfg cfg = {
		.chap = { .name = "srv", .lookup = no_user }, .id = 1,
		.tls = { .ops = &fake_ops, .priv = &f }, .tls_room = rooms[knob & 3],
		.tls_fault = (enum eap_tls_auth_fault)((knob >> 5) & 3),
	};

	if (eap_auth_init(&a, ctx, &cfg))
		abort();
	eap_auth_start(&a, 0);
	fz_ppp_drain(ctx);
	fz_records(ctx, data, size, 0, auth_packet, &a);
	fz_check_eap_auth(&a, true);
	eap_auth_destroy(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_auth_one_input(data, size, feed_peer, feed_auth);
}
