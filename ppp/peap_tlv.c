// SPDX-License-Identifier: MIT
/* PEAPv0 phase-2 TLVs, the Microsoft extension methods and the compressed inner header (MS-PEAP). */
#include <errno.h>
#include <string.h>

#include "ppp/peap_tlv.h"
#include "ppp/wire.h"

#define PEAP_EAP_HDRLEN 4
#define PEAP_EAP_TLV 33
#define PEAP_EAP_EXPANDED 254

/* One TLV from r: its type (M kept in *mandatory), its Value. -EBADMSG when cut short. */
static int peap_tlv_next(struct wire_r *r, uint16_t *type, bool *mandatory, const uint8_t **val,
			 uint16_t *vlen)
{
	uint16_t head;

	if (wire_left(r) < PEAP_TLV_HDRLEN)
		return -EBADMSG;
	head = wire_get_be16(r);
	*vlen = wire_get_be16(r);
	*val = wire_get_bytes(r, *vlen);
	if (!*val)
		return -EBADMSG;
	*type = head & PEAP_TLV_TYPE_MASK;
	*mandatory = head & PEAP_TLV_MANDATORY;
	return 0;
}

/* MS-PEAP 2.2.5: Vendor-Id(4) then vendor TLVs; only Microsoft's SoH TLVs mean anything here. */
static int peap_vendor_parse(const uint8_t *v, size_t len, struct peap_tlvs *out, bool *known)
{
	struct wire_r r = wire_r_init(v, len);
	const uint8_t *val;
	uint16_t type, vlen;
	bool m;
	int ret;

	*known = false;
	if (len < 4)
		return -EBADMSG;
	if ((uint32_t)wire_get_be32(&r) != PEAP_MS_VENDOR)
		return 0;
	*known = true;
	while (wire_left(&r)) {
		ret = peap_tlv_next(&r, &type, &m, &val, &vlen);
		if (ret)
			return ret;
		if (type == PEAP_TLV_SOH_REQUEST)
			out->soh_request = true;
		else if (type == PEAP_TLV_RESULT)
			out->soh_response = true;
	}
	return 0;
}

static int peap_binding_parse(const uint8_t *v, uint16_t vlen, struct peap_tlvs *out)
{
	struct peap_binding *b = &out->binding;

	if (vlen != PEAP_BINDING_LEN - PEAP_TLV_HDRLEN || out->have_binding)
		return -EBADMSG;
	/* v[0] is Reserved: ignored on receipt. */
	b->version = v[1];
	b->recv_version = v[2];
	b->subtype = v[3];
	memcpy(b->nonce, v + 4, PEAP_NONCE_LEN);
	memcpy(b->mac, v + 4 + PEAP_NONCE_LEN, PEAP_MAC_LEN);
	memcpy(out->binding_tlv, v - PEAP_TLV_HDRLEN, PEAP_BINDING_LEN);
	out->have_binding = true;
	return 0;
}

int peap_tlv_parse(const uint8_t *d, size_t len, struct peap_tlvs *out)
{
	struct wire_r r = wire_r_init(d, len);
	const uint8_t *val;
	uint16_t type, vlen, res;
	bool m, known;
	int ret = 0;

	*out = (struct peap_tlvs){ 0 };
	while (!ret && wire_left(&r)) {
		ret = peap_tlv_next(&r, &type, &m, &val, &vlen);
		if (ret)
			break;
		known = true;
		switch (type) {
		case PEAP_TLV_RESULT:
			if (vlen != 2 || out->result != PEAP_RESULT_NONE)
				return -EBADMSG;
			res = wire_be16(val);
			if (res != PEAP_RESULT_SUCCESS && res != PEAP_RESULT_FAILURE)
				return -EBADMSG;
			out->result = (enum peap_result)res;
			break;
		case PEAP_TLV_CRYPTO_BINDING:
			ret = peap_binding_parse(val, vlen, out);
			break;
		case PEAP_TLV_VENDOR:
			ret = peap_vendor_parse(val, vlen, out, &known);
			break;
		default:
			known = false;
			break;
		}
		/* MS-PEAP 2.2.4: an unknown optional TLV is ignored; a mandatory one is reported. */
		if (!ret && !known && m && !out->unknown_mandatory)
			out->unknown_mandatory = type ? type : PEAP_TLV_TYPE_MASK;
	}
	return ret;
}

static void peap_tlv_head(uint8_t *out, uint16_t type, bool mandatory, uint16_t vlen)
{
	wire_set_be16(out, (uint16_t)(type | (mandatory ? PEAP_TLV_MANDATORY : 0)));
	wire_set_be16(out + 2, vlen);
}

size_t peap_tlv_put_result(uint8_t out[static PEAP_RESULT_LEN], enum peap_result result)
{
	/* MS-PEAP 2.2.8.1.2: M set, Length 2. */
	peap_tlv_head(out, PEAP_TLV_RESULT, true, 2);
	wire_set_be16(out + PEAP_TLV_HDRLEN, (uint16_t)result);
	return PEAP_RESULT_LEN;
}

size_t peap_tlv_put_binding(uint8_t out[static PEAP_BINDING_LEN], const struct peap_binding *b)
{
	/* MS-PEAP 2.2.8.1.1: M clear, Length 56. */
	peap_tlv_head(out, PEAP_TLV_CRYPTO_BINDING, false, PEAP_BINDING_LEN - PEAP_TLV_HDRLEN);
	out[4] = 0;
	out[5] = b->version;
	out[6] = b->recv_version;
	out[7] = b->subtype;
	memcpy(out + 8, b->nonce, PEAP_NONCE_LEN);
	memcpy(out + 8 + PEAP_NONCE_LEN, b->mac, PEAP_MAC_LEN);
	return PEAP_BINDING_LEN;
}

size_t peap_tlv_put_nak(uint8_t out[static PEAP_NAK_LEN], uint16_t type)
{
	peap_tlv_head(out, PEAP_TLV_NAK, true, PEAP_NAK_LEN - PEAP_TLV_HDRLEN);
	memset(out + PEAP_TLV_HDRLEN, 0, 4);
	wire_set_be16(out + PEAP_TLV_HDRLEN + 4, type & PEAP_TLV_TYPE_MASK);
	return PEAP_NAK_LEN;
}

uint8_t *peap_tlv_binding_mac(uint8_t tlv[static PEAP_BINDING_LEN])
{
	return tlv + PEAP_BINDING_LEN - PEAP_MAC_LEN;
}

int peap_expanded_parse(const uint8_t *d, size_t len, uint32_t *vendor, uint32_t *vendor_type,
			const uint8_t **data, size_t *data_len)
{
	/* RFC 3748 5.7: Vendor-Id 3 octets, Vendor-Type 4 octets. */
	if (len < 7)
		return -EBADMSG;
	*vendor = (uint32_t)d[0] << 16 | wire_be16(d + 1);
	*vendor_type = (uint32_t)wire_be16(d + 3) << 16 | wire_be16(d + 5);
	*data = d + 7;
	*data_len = len - 7;
	return 0;
}

int peap_soh_parse(const uint8_t *d, size_t len, bool *request)
{
	struct peap_tlvs t;
	int ret = peap_tlv_parse(d, len, &t);

	*request = !ret && t.soh_request;
	return ret;
}

bool peap_inner_has_header(const uint8_t *pt, size_t len)
{
	if (len < PEAP_EAP_HDRLEN + 1 || (pt[0] != 1 && pt[0] != 2) || wire_be16(pt + 2) != len)
		return false;
	if (pt[4] == PEAP_EAP_TLV || pt[4] == PEAP_EAP_EXPANDED)
		return true;
	/* FreeRADIUS sends the inner Identity Request with its header (hostapd eap_peap.c). */
	return pt[0] == 1 && pt[4] == 1 && len == PEAP_EAP_HDRLEN + 1;
}

long peap_inner_expand(const uint8_t *pt, size_t len, uint8_t code, uint8_t id, uint8_t *out,
		       size_t cap)
{
	if (!len)
		return -EBADMSG;
	if (peap_inner_has_header(pt, len)) {
		if (len > cap)
			return -EMSGSIZE;
		memcpy(out, pt, len);
		return (long)len;
	}
	if (len + PEAP_EAP_HDRLEN > cap || len + PEAP_EAP_HDRLEN > 0xffff)
		return -EMSGSIZE;
	out[0] = code;
	out[1] = id;
	wire_set_be16(out + 2, (uint16_t)(len + PEAP_EAP_HDRLEN));
	memmove(out + PEAP_EAP_HDRLEN, pt, len);
	return (long)(len + PEAP_EAP_HDRLEN);
}

bool peap_inner_keeps_header(uint8_t type)
{
	return type == PEAP_EAP_TLV || type == PEAP_EAP_EXPANDED;
}
