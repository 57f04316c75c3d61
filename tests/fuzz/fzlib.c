// SPDX-License-Identifier: MIT
/* The operation-sequence driver, CHAP/PAP fixtures and EAP checks shared by the fuzz targets. */
#include <stdlib.h>
#include <string.h>

#include "fzlib.h"

const uint8_t fz_nt_hash_client_pass[16] = { 0x44, 0xEB, 0xBA, 0x8D, 0x53, 0x12, 0xB8, 0xD6,
					     0x11, 0x47, 0x44, 0x11, 0xF5, 0x69, 0x89, 0xAE };
const uint8_t fz_auth_challenge[16] = { 0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
					0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28 };

void fz_seq_init(struct fz_seq *s, const struct fz_seq_ops *ops, void *core)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->core = core;
	s->now = 1;
	s->produced_at_finish = ~0u;
}

uint8_t fz_seq_byte(struct fz_seq *s)
{
	return s->pos < s->size ? s->data[s->pos++] : 0;
}

static unsigned produced(const struct fz_seq *s)
{
	return s->popped + s->ops->verbs.queued_tx(s->core) - s->exempt;
}

static void tick(struct fz_seq *s)
{
	uint64_t d;

	s->ops->verbs.tick(s->core, s->now);
	d = s->ops->verbs.next_deadline(s->core);
	if (d && d <= s->now)
		abort();
}

static void check_finished(struct fz_seq *s)
{
	if (!s->ops->verbs.finished(s->core))
		return;
	if (s->produced_at_finish == ~0u)
		s->produced_at_finish = produced(s);
	else if (produced(s) != s->produced_at_finish)
		abort();
	if (s->ops->verbs.next_deadline(s->core))
		abort();
}

void fz_seq_input(struct fz_seq *s, const uint8_t *bytes, size_t len)
{
	if (s->ops->before_input)
		s->ops->before_input(s, bytes, len);
	s->ops->verbs.input(s->core, bytes, len, s->now);
}

static void op_input(struct fz_seq *s)
{
	const struct fz_bytes *c;
	size_t n;

	if (s->pos >= s->size)
		return;
	n = s->data[s->pos++];
	if (n < 0x80) {
		c = &s->ops->canned[n % s->ops->n_canned];
		fz_seq_input(s, (const uint8_t *)c->bytes, c->len);
		return;
	}
	n &= 0x7f;
	if (n > s->size - s->pos)
		n = s->size - s->pos;
	fz_seq_input(s, s->data + s->pos, n);
	s->pos += n;
}

static void step(struct fz_seq *s, uint8_t op)
{
	uint64_t d;

	switch (op & s->ops->op_mask) {
	case 0:
		op_input(s);
		break;
	case 1:
		s->now += (uint64_t)fz_seq_byte(s) * 100;
		tick(s);
		break;
	case 3:
		s->ops->verbs.disconnect(s->core, s->now);
		break;
	case 4:
		s->ops->pop_tx(s);
		break;
	case 5:
		s->ops->pop_event(s);
		break;
	case 6:
		s->ops->verbs.note_rx(s->core, s->now);
		break;
	case 7:
		d = s->ops->verbs.next_deadline(s->core);
		if (d > s->now)
			s->now = d;
		tick(s);
		break;
	default:
		s->ops->other(s, op);
		break;
	}
}

void fz_seq_run(struct fz_seq *s, const uint8_t *data, size_t size)
{
	s->data = data;
	s->size = size;
	s->pos = 0;
	while (s->pos < s->size) {
		step(s, s->data[s->pos++]);
		check_finished(s);
	}
	while (s->ops->verbs.queued_tx(s->core))
		s->ops->pop_tx(s);
	while (s->ops->verbs.queued_ev(s->core))
		s->ops->pop_event(s);
}

void fz_seq_sent(struct fz_seq *s, const uint8_t *buf, size_t len, struct sstp_msg *m)
{
	s->popped++;
	/* Exempted packets (injected faults) are the only ones allowed not to parse. */
	if (sstp_msg_parse(buf, len, m, NULL) && !s->exempt)
		abort();
}

void fz_seq_event(struct fz_seq *s, enum fz_ev ev, bool has_reason)
{
	if (s->finished_seen)
		abort();
	switch (ev) {
	case FZ_EV_UP:
		if (s->down_seen)
			abort();
		break;
	case FZ_EV_DOWN:
		if (s->down_seen || !has_reason)
			abort();
		s->down_seen = true;
		break;
	case FZ_EV_FINISHED:
		s->finished_seen = true;
		break;
	}
}

bool fz_ppp_frame(const uint8_t *d, size_t n, const uint16_t *protos, size_t n_protos,
		  uint8_t frame[static FZ_PPP_FRAME_MAX], size_t *len, size_t *used)
{
	size_t info, hdr = 0;
	uint16_t proto;

	*used = n;
	if (n < 2)
		return false;
	proto = protos[d[0] % n_protos];
	info = d[1] < n - 2 ? d[1] : n - 2;
	if (proto) {
		frame[0] = PPP_ADDRESS;
		frame[1] = PPP_CONTROL;
		frame[2] = (uint8_t)(proto >> 8);
		frame[3] = (uint8_t)proto;
		hdr = 4;
	}
	memcpy(frame + hdr, d + 2, info);
	*len = hdr + info;
	*used = 2 + info;
	return true;
}

bool fz_chap_lookup(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	(void)ctx;
	if (strcmp(user, "User"))
		return false;
	memcpy(nt_hash, fz_nt_hash_client_pass, 16);
	return true;
}

bool fz_pap_lookup(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
		   size_t *password_len)
{
	(void)ctx;
	if (strcmp(user, "User"))
		return false;
	memcpy(password, "clientPass", 10);
	*password_len = 10;
	return true;
}

void fz_ppp_drain(struct ppp_ctx *ctx)
{
	struct pkt *p;

	while ((p = pkt_q_pop(&ctx->txq)))
		pkt_pool_ret(ctx->pool, p);
}

void fz_records(struct ppp_ctx *ctx, const uint8_t *data, size_t size, uint64_t step_ms,
		fz_packet_fn fn, void *obj)
{
	uint64_t now = 0;

	while (size) {
		size_t n = data[0] < size - 1 ? data[0] : size - 1;

		fn(obj, data + 1, n, now);
		fz_ppp_drain(ctx);
		now += step_ms;
		data += 1 + n;
		size -= 1 + n;
	}
}

static int counter_rand(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *n = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = (*n)++;
	return 0;
}

int fz_auth_one_input(const uint8_t *data, size_t size, fz_auth_feed_fn chap, fz_auth_feed_fn pap)
{
	static struct pkt_pool pool;
	uint8_t seed = 0;
	struct ppp_ctx ctx = { .pool = &pool, .headroom = 4, .rand = { counter_rand, &seed } };

	if (!pool.mem && pkt_pool_init(&pool, 4, 1600))
		abort();
	if (!size)
		return 0;
	if (data[0] & 1)
		pap(&ctx, data[0] >> 1, data + 1, size - 1);
	else
		chap(&ctx, data[0] >> 1, data + 1, size - 1);
	if (pool.nfree != pool.count)
		abort();
	return 0;
}

void fz_check_eap(const struct eap *e, uint8_t method)
{
	uint8_t msk[EAP_MSK_LEN];

	if (eap_result(e) == EAP_RESULT_SUCCESS &&
	    (eap_msk(e, msk) || (method && eap_method(e) != method)))
		abort();
	if (eap_result(e) == EAP_RESULT_FAILURE && eap_reason(e) == SX_REASON_NONE)
		abort();
	if (strlen(eap_message(e)) >= EAP_MSG_MAX)
		abort();
}

void fz_check_eap_auth(const struct eap_auth *a, bool want_hlak)
{
	uint8_t hlak[32];

	if (eap_auth_result(a) == EAP_RESULT_SUCCESS && want_hlak && eap_auth_hlak(a, hlak))
		abort();
	if (eap_auth_result(a) == EAP_RESULT_FAILURE && eap_auth_reason(a) == SX_REASON_NONE)
		abort();
	if (strlen(eap_auth_message(a)) >= EAP_MSG_MAX)
		abort();
}
