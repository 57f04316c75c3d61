// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for TLS-in-EAP fragments (ppp/eap_frag.c).
 * Input: byte 0 is the room per fragment (6 + byte 0) for the round trip, byte 1 the receive
 * buffer size in 16-octet units; then records of [length byte][Type-Data], each fed to the
 * receiver as one packet. Afterwards the whole input is cut into fragments and reassembled.
 * Invariants: no crash; reassembly stays within the buffer and the announced length; a whole
 * message leaves nothing in progress; the round trip gives back the bytes it was given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ppp/eap_frag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_rx(const uint8_t *data, size_t size, size_t cap)
{
	static uint8_t buf[4096];
	struct eap_frag_rx rx;
	enum eap_frag_kind kind;
	uint8_t flags;

	eap_frag_rx_init(&rx, buf, cap);
	while (size) {
		size_t n = data[0] < size - 1 ? data[0] : size - 1;

		if (!eap_frag_input(&rx, data + 1, n, &flags, &kind)) {
			if (kind == EAP_FRAG_MESSAGE && rx.busy)
				abort();
			if (kind == EAP_FRAG_MESSAGE)
				eap_frag_rx_reset(&rx);
		}
		if (rx.len > rx.cap || (rx.total && rx.len > rx.total))
			abort();
		data += 1 + n;
		size -= 1 + n;
	}
}

static void check_round_trip(const uint8_t *msg, size_t len, size_t room)
{
	static uint8_t buf[4096], pkt[300];
	struct eap_frag_tx tx;
	struct eap_frag_rx rx;
	enum eap_frag_kind kind = EAP_FRAG_ACK;
	uint8_t flags;
	long n;

	eap_frag_tx_init(&tx, msg, len, (uint8_t)len, len & 4);
	eap_frag_rx_init(&rx, buf, sizeof(buf));
	while ((n = eap_frag_tx_next(&tx, pkt, room)) > 0)
		if ((size_t)n > room || eap_frag_input(&rx, pkt, (size_t)n, &flags, &kind))
			abort();
	if (n < 0 || rx.len != len || memcmp(buf, msg, len) ||
	    kind != (len ? EAP_FRAG_MESSAGE : EAP_FRAG_ACK))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	check_rx(data + 2, size - 2, 16 * (size_t)(data[1] + 1));
	if (size - 2 <= 4096)
		check_round_trip(data + 2, size - 2, 6 + (size_t)data[0]);
	return 0;
}
