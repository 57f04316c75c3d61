// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for CHAP (MS-CHAPv2) and PAP packet parsing in fresh objects.
 * Input: byte 0 bit 0 picks PAP (1) or CHAP (0); then records of [length byte][packet bytes], each
 * fed as one packet. A CHAP object first answers a fixed Challenge (id 1), so Success and Failure
 * parsing is reachable. Invariants: no crash, every queued frame goes back to the pool.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ppp/chap.h"
#include "ppp/pap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int counter_rand(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *n = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = (*n)++;
	return 0;
}

static void drain(struct ppp_ctx *ctx)
{
	struct pkt *p;

	while ((p = pkt_q_pop(&ctx->txq)))
		pkt_pool_ret(ctx->pool, p);
}

static void feed_chap(struct ppp_ctx *ctx, const uint8_t *data, size_t size)
{
	static const uint8_t challenge[] = { 1, 1, 0, 21, 16, 0x5b, 0x5d, 0x7c, 0x7d, 0x7b, 0x3f,
					     0x2f, 0x3e, 0x3c, 0x2c, 0x60, 0x21, 0x32, 0x26, 0x26,
					     0x28 };
	static const uint8_t nt_hash[16] = { 0x44, 0xEB, 0xBA, 0x8D, 0x53, 0x12, 0xB8, 0xD6,
					     0x11, 0x47, 0x44, 0x11, 0xF5, 0x69, 0x89, 0xAE };
	struct chap c;
	uint8_t keys[2][16];

	if (chap_init(&c, ctx, "DOM\\User", nt_hash))
		abort();
	chap_input(&c, challenge, sizeof(challenge), 0);
	drain(ctx);
	while (size) {
		size_t n = data[0] < size - 1 ? data[0] : size - 1;

		chap_input(&c, data + 1, n, 0);
		drain(ctx);
		data += 1 + n;
		size -= 1 + n;
	}
	if (chap_result(&c) == CHAP_RESULT_SUCCESS && chap_keys(&c, keys[0], keys[1]))
		abort();
	if (chap_result(&c) == CHAP_RESULT_FAILURE && chap_reason(&c) == SX_REASON_NONE)
		abort();
	if (strlen(chap_message(&c)) >= CHAP_MSG_MAX)
		abort();
	chap_destroy(&c);
}

static void feed_pap(struct ppp_ctx *ctx, const uint8_t *data, size_t size)
{
	struct pap p;
	uint64_t now = 0;

	if (pap_init(&p, ctx, "user", "secret", 6, 0, 0) || pap_start(&p, now))
		abort();
	drain(ctx);
	while (size) {
		size_t n = data[0] < size - 1 ? data[0] : size - 1;

		pap_input(&p, data + 1, n, now);
		now += 1000;
		pap_tick(&p, now);
		drain(ctx);
		data += 1 + n;
		size -= 1 + n;
	}
	if (pap_result(&p) != PAP_RESULT_PENDING && pap_next_deadline(&p))
		abort();
	pap_destroy(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pkt_pool pool;
	uint8_t seed = 0;
	struct ppp_ctx ctx = { .pool = &pool, .headroom = 4, .rand = { counter_rand, &seed } };

	if (!pool.mem && pkt_pool_init(&pool, 4, 1600))
		abort();
	if (!size)
		return 0;
	if (data[0] & 1)
		feed_pap(&ctx, data + 1, size - 1);
	else
		feed_chap(&ctx, data + 1, size - 1);
	if (pool.nfree != pool.count)
		abort();
	return 0;
}
