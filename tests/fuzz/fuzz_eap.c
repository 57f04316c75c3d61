// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for EAP (ppp/eap.c, ppp/eap_auth.c) with EAP-MSCHAPv2, in fresh objects.
 * Input: byte 0 bit 0 picks the authenticator (1) or the peer (0). For the peer the bits above are
 * a knob: bit 1 allows EAP-MSCHAPv2, bit 2 sends an outer identity, bit 3 first answers a fixed
 * Challenge (MS-CHAPv2-ID 1) so Success- and Failure-Requests are reachable; for the
 * authenticator they pick its fault. Then records of [length byte][EAP packet], each fed as one
 * packet (the authenticator ticks a second later each time).
 * Invariants: no crash; a success has a method and an MSK (peer) or an HLAK (authenticator); a
 * failure has a reason; the message fits; every queued frame goes back to the pool.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fzlib.h"
#include "ppp/eap.h"
#include "ppp/eap_auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void eap_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	eap_input(obj, pkt, len, now);
}

static void feed_eap(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	/* EAP Request id 1, type 26, Challenge: MS-CHAPv2-ID 1, MS-Length 21, Value-Size 16. */
	uint8_t challenge[5 + 21] = { 1, 1, 0, 26, 26, 1, 1, 0, 21, 16 };
	struct eap e;

	memcpy(challenge + 10, fz_auth_challenge, 16);
	if (eap_init(&e, ctx, knob & 2 ? "anonymous" : NULL, "DOM\\User", fz_nt_hash_client_pass,
		     knob & 1 ? EAP_ALLOW_MSCHAPV2 : 0))
		abort();
	if (knob & 4)
		eap_input(&e, challenge, sizeof(challenge), 0);
	fz_ppp_drain(ctx);
	fz_records(ctx, data, size, 0, eap_packet, &e);
	fz_check_eap(&e, EAP_TYPE_MSCHAPV2);
	eap_destroy(&e);
}

static void eap_auth_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	eap_auth_input(obj, pkt, len, now);
	eap_auth_tick(obj, now + 1000);
}

static void feed_eap_auth(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	static const enum eap_auth_fault faults[] = { EAP_AUTH_FAULT_NONE,
						      EAP_AUTH_FAULT_EARLY_SUCCESS,
						      EAP_AUTH_FAULT_FAILURE,
						      EAP_AUTH_FAULT_INSIST_TLS };
	struct eap_auth_cfg cfg = {
		.chap = { .name = "srv", .lookup = fz_chap_lookup, .id = 3, .fail_code = 691,
			  .fault = knob & 4 ? CHAP_AUTH_FAULT_WRONG_S : CHAP_AUTH_FAULT_NONE },
		.id = 1, .restart_ms = 1000, .max_requests = 3, .fault = faults[knob & 3],
	};
	struct eap_auth a;

	memcpy(cfg.chap.challenge, fz_auth_challenge, 16);
	if (eap_auth_init(&a, ctx, &cfg) || eap_auth_start(&a, 0))
		abort();
	fz_ppp_drain(ctx);
	fz_records(ctx, data, size, 2000, eap_auth_packet, &a);
	fz_check_eap_auth(&a, cfg.fault == EAP_AUTH_FAULT_NONE);
	eap_auth_destroy(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_auth_one_input(data, size, feed_eap, feed_eap_auth);
}
