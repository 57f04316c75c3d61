// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the PEAPv0 phase-2 TLVs and headers (ppp/peap_tlv.c).
 * Input: byte 0 picks the outer code (bit 0: Request/Response) and id (the rest) for the inner
 * header; the rest is parsed as EAP-TLV payload, as an expanded-type payload (then its data as SoH
 * TLVs), and expanded from a compressed inner packet.
 * Invariants: no crash; a parsed Cryptobinding TLV builds back to the bytes received (Reserved
 * aside); a Result is none, success or failure; an expanded packet is the input with at most a
 * 4-octet header whose Length is the packet's.
 */
#include <stdlib.h>
#include <string.h>

#include "ppp/peap_tlv.h"
#include "ppp/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tlvs(const uint8_t *d, size_t len)
{
	uint8_t again[PEAP_BINDING_LEN];
	struct peap_tlvs t;

	if (peap_tlv_parse(d, len, &t))
		return;
	if (t.result != PEAP_RESULT_NONE && t.result != PEAP_RESULT_SUCCESS &&
	    t.result != PEAP_RESULT_FAILURE)
		abort();
	if (!t.have_binding)
		return;
	peap_tlv_put_binding(again, &t.binding);
	if (memcmp(again + 5, t.binding_tlv + 5, PEAP_BINDING_LEN - 5) ||
	    (wire_be16(again) & PEAP_TLV_TYPE_MASK) != (wire_be16(t.binding_tlv) & PEAP_TLV_TYPE_MASK))
		abort();
}

static void check_expanded(const uint8_t *d, size_t len)
{
	const uint8_t *rest;
	uint32_t vendor, vt;
	size_t rest_len;
	bool req;

	if (peap_expanded_parse(d, len, &vendor, &vt, &rest, &rest_len))
		return;
	if (vendor > 0xffffff || rest + rest_len != d + len)
		abort();
	peap_soh_parse(rest, rest_len, &req);
}

static void check_inner(const uint8_t *d, size_t len, uint8_t sel)
{
	static uint8_t out[70000];
	long n = peap_inner_expand(d, len, (sel & 1) + 1, sel >> 1, out, sizeof(out));

	if (n < 0)
		return;
	if ((size_t)n != len && (size_t)n != len + 4)
		abort();
	if (wire_be16(out + 2) != n || memcmp(out + n - len, d, len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	check_tlvs(data + 1, size - 1);
	check_expanded(data + 1, size - 1);
	check_inner(data + 1, size - 1, data[0]);
	return 0;
}
