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

#include "fzlib.h"
#include "ppp/chap.h"
#include "ppp/pap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void chap_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	chap_input(obj, pkt, len, now);
}

static void feed_chap(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	/* RFC 1994 4.1 Challenge, id 1, Value-Size 16, no name. */
	uint8_t challenge[21] = { 1, 1, 0, 21, 16 };
	struct chap c;
	uint8_t keys[2][16];

	(void)knob;
	memcpy(challenge + 5, fz_auth_challenge, 16);
	if (chap_init(&c, ctx, "DOM\\User", fz_nt_hash_client_pass))
		abort();
	chap_input(&c, challenge, sizeof(challenge), 0);
	fz_ppp_drain(ctx);
	fz_records(ctx, data, size, 0, chap_packet, &c);
	if (chap_result(&c) == CHAP_RESULT_SUCCESS && chap_keys(&c, keys[0], keys[1]))
		abort();
	if (chap_result(&c) == CHAP_RESULT_FAILURE && chap_reason(&c) == SX_REASON_NONE)
		abort();
	if (strlen(chap_message(&c)) >= CHAP_MSG_MAX)
		abort();
	chap_destroy(&c);
}

/* Each packet at now, then a tick 1 s later. */
static void pap_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	pap_input(obj, pkt, len, now);
	pap_tick(obj, now + 1000);
}

static void feed_pap(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	struct pap p;

	(void)knob;
	if (pap_init(&p, ctx, "user", "secret", 6, 0, 0) || pap_start(&p, 0))
		abort();
	fz_ppp_drain(ctx);
	fz_records(ctx, data, size, 1000, pap_packet, &p);
	if (pap_result(&p) != PAP_RESULT_PENDING && pap_next_deadline(&p))
		abort();
	pap_destroy(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_auth_one_input(data, size, feed_chap, feed_pap);
}
