// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the CHAP (MS-CHAPv2) and PAP authenticators, started and then fed arbitrary
 * packets. Input: byte 0 bit 0 picks PAP (1) or CHAP (0), bits 1-2 pick a fault knob; then records
 * of [length byte][packet bytes], each fed as one packet, the virtual clock advancing 700 ms and
 * the object ticked after each. The CHAP authenticator knows "User" / "clientPass" and uses the
 * RFC 2759 9.2 challenge, so a seed can reach Success. Invariants: no crash; every queued frame
 * goes back to the pool; results, reasons, keys and deadlines agree with each other.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ppp/chap_auth.h"
#include "ppp/pap_auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* RFC 2759 9.2: NtPasswordHash("clientPass"). */
static const uint8_t nt_hash_vector[16] = { 0x44, 0xEB, 0xBA, 0x8D, 0x53, 0x12, 0xB8, 0xD6,
					    0x11, 0x47, 0x44, 0x11, 0xF5, 0x69, 0x89, 0xAE };

static int counter_rand(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *n = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = (*n)++;
	return 0;
}

static bool chap_lookup(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	(void)ctx;
	if (strcmp(user, "User"))
		return false;
	memcpy(nt_hash, nt_hash_vector, 16);
	return true;
}

static bool pap_lookup(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
		       size_t *password_len)
{
	(void)ctx;
	if (strcmp(user, "User"))
		return false;
	memcpy(password, "clientPass", 10);
	*password_len = 10;
	return true;
}

static void drain(struct ppp_ctx *ctx)
{
	struct pkt *p;

	while ((p = pkt_q_pop(&ctx->txq)))
		pkt_pool_ret(ctx->pool, p);
}

static void check_chap(const struct chap_auth *a)
{
	uint8_t hlak[32], keys[2][16];
	bool ok = chap_auth_result(a) == CHAP_RESULT_SUCCESS;

	if (ok != !chap_auth_hlak(a, hlak) || ok != !chap_auth_keys(a, keys[0], keys[1]))
		abort();
	if (chap_auth_result(a) == CHAP_RESULT_FAILURE && chap_auth_reason(a) == SX_REASON_NONE)
		abort();
	if (chap_auth_result(a) != CHAP_RESULT_PENDING && chap_auth_next_deadline(a))
		abort();
	if (strlen(chap_auth_message(a)) >= CHAP_MSG_MAX || strlen(chap_auth_user(a)) > CHAP_USER_MAX)
		abort();
}

static void feed_chap(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static const enum chap_auth_fault faults[4] = { CHAP_AUTH_FAULT_NONE, CHAP_AUTH_FAULT_FAIL,
							CHAP_AUTH_FAULT_WRONG_S,
							CHAP_AUTH_FAULT_SILENT };
	struct chap_auth_cfg cfg = { .name = "srv", .lookup = chap_lookup, .id = 7,
				     .restart_ms = 1000, .max_challenges = 3,
				     .fault = faults[knob & 3], .fail_code = 648 };
	static const uint8_t chal[16] = { 0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
					  0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28 };
	struct chap_auth a;
	uint64_t now = 0;

	memcpy(cfg.challenge, chal, 16);
	if (chap_auth_init(&a, ctx, &cfg) || chap_auth_start(&a, now))
		abort();
	drain(ctx);
	while (size) {
		size_t n = data[0] < size - 1 ? data[0] : size - 1;

		chap_auth_input(&a, data + 1, n, now);
		now += 700;
		chap_auth_tick(&a, now);
		drain(ctx);
		check_chap(&a);
		data += 1 + n;
		size -= 1 + n;
	}
	chap_auth_destroy(&a);
}

static void check_pap(const struct pap_auth *a)
{
	uint8_t hlak[32];
	bool ok = pap_auth_result(a) == PAP_RESULT_SUCCESS;

	if (ok != !pap_auth_hlak(a, hlak))
		abort();
	if (ok && (hlak[0] || memcmp(hlak, hlak + 1, 31)))
		abort();
	if (pap_auth_result(a) == PAP_RESULT_FAILURE && pap_auth_reason(a) == SX_REASON_NONE)
		abort();
	if (pap_auth_result(a) != PAP_RESULT_PENDING && pap_auth_next_deadline(a))
		abort();
	if (strlen(pap_auth_message(a)) >= PAP_MSG_MAX || strlen(pap_auth_user(a)) > PAP_FIELD_MAX)
		abort();
}

static void feed_pap(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static const enum pap_auth_fault faults[4] = { PAP_AUTH_FAULT_NONE, PAP_AUTH_FAULT_NAK,
						       PAP_AUTH_FAULT_SILENT, PAP_AUTH_FAULT_NONE };
	struct pap_auth_cfg cfg = { .lookup = pap_lookup, .wait_ms = 5000,
				    .fault = faults[knob & 3] };
	struct pap_auth a;
	uint64_t now = 0;

	if (pap_auth_init(&a, ctx, &cfg) || pap_auth_start(&a, now))
		abort();
	while (size) {
		size_t n = data[0] < size - 1 ? data[0] : size - 1;

		pap_auth_input(&a, data + 1, n, now);
		now += 700;
		pap_auth_tick(&a, now);
		drain(ctx);
		check_pap(&a);
		data += 1 + n;
		size -= 1 + n;
	}
	pap_auth_destroy(&a);
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
		feed_pap(&ctx, data[0] >> 1, data + 1, size - 1);
	else
		feed_chap(&ctx, data[0] >> 1, data + 1, size - 1);
	if (pool.nfree != pool.count)
		abort();
	return 0;
}
