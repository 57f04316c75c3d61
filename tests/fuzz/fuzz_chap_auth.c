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

#include "fzlib.h"
#include "ppp/chap_auth.h"
#include "ppp/pap_auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define STEP_MS 700

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

/* Each packet at now, then a tick STEP_MS later, then the invariants. */
static void chap_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	chap_auth_input(obj, pkt, len, now);
	chap_auth_tick(obj, now + STEP_MS);
	check_chap(obj);
}

static void feed_chap(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static const enum chap_auth_fault faults[4] = { CHAP_AUTH_FAULT_NONE, CHAP_AUTH_FAULT_FAIL,
							CHAP_AUTH_FAULT_WRONG_S,
							CHAP_AUTH_FAULT_SILENT };
	struct chap_auth_cfg cfg = { .name = "srv", .lookup = fz_chap_lookup, .id = 7,
				     .restart_ms = 1000, .max_challenges = 3,
				     .fault = faults[knob & 3], .fail_code = 648 };
	struct chap_auth a;

	memcpy(cfg.challenge, fz_auth_challenge, 16);
	if (chap_auth_init(&a, ctx, &cfg) || chap_auth_start(&a, 0))
		abort();
	fz_ppp_drain(ctx);
	fz_records(ctx, data, size, STEP_MS, chap_packet, &a);
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

static void pap_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	pap_auth_input(obj, pkt, len, now);
	pap_auth_tick(obj, now + STEP_MS);
	check_pap(obj);
}

static void feed_pap(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static const enum pap_auth_fault faults[4] = { PAP_AUTH_FAULT_NONE, PAP_AUTH_FAULT_NAK,
						       PAP_AUTH_FAULT_SILENT, PAP_AUTH_FAULT_NONE };
	struct pap_auth_cfg cfg = { .lookup = fz_pap_lookup, .wait_ms = 5000,
				    .fault = faults[knob & 3] };
	struct pap_auth a;

	if (pap_auth_init(&a, ctx, &cfg) || pap_auth_start(&a, 0))
		abort();
	fz_records(ctx, data, size, STEP_MS, pap_packet, &a);
	pap_auth_destroy(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_auth_one_input(data, size, feed_chap, feed_pap);
}
