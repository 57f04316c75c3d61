// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the EAP peer (ppp/eap.c) and EAP-MSCHAPv2 in fresh objects.
 * Input: byte 0's bits above bit 0 are a knob: bit 1 allows EAP-MSCHAPv2, bit 2 sends an outer
 * identity, bit 3 first answers a fixed Challenge (MS-CHAPv2-ID 1) so Success- and Failure-Requests
 * are reachable; then records of [length byte][EAP packet], each fed as one packet.
 * Invariants: no crash; a success has a method and an MSK; a failure has a reason; the message
 * fits; every queued frame goes back to the pool.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fzlib.h"
#include "ppp/eap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void eap_packet(void *obj, const uint8_t *pkt, size_t len, uint64_t now)
{
	eap_input(obj, pkt, len, now);
}

static void feed_eap(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data, size_t size)
{
	/* EAP Request id 1, type 26, Challenge: MS-CHAPv2-ID 1, MS-Length 21, Value-Size 16. */
	uint8_t challenge[5 + 21] = { 1, 1, 0, 26, 26, 1, 1, 0, 21, 16 };
	uint8_t msk[EAP_MSK_LEN];
	struct eap e;

	memcpy(challenge + 10, fz_auth_challenge, 16);
	if (eap_init(&e, ctx, knob & 2 ? "anonymous" : NULL, "DOM\\User", fz_nt_hash_client_pass,
		     knob & 1 ? EAP_ALLOW_MSCHAPV2 : 0))
		abort();
	if (knob & 4)
		eap_input(&e, challenge, sizeof(challenge), 0);
	fz_ppp_drain(ctx);
	fz_records(ctx, data, size, 0, eap_packet, &e);
	if (eap_result(&e) == EAP_RESULT_SUCCESS &&
	    (eap_msk(&e, msk) || eap_method(&e) != EAP_TYPE_MSCHAPV2))
		abort();
	if (eap_result(&e) == EAP_RESULT_FAILURE && eap_reason(&e) == SX_REASON_NONE)
		abort();
	if (strlen(eap_message(&e)) >= EAP_MSG_MAX)
		abort();
	eap_destroy(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fz_auth_one_input(data, size, feed_eap, feed_eap);
}
