// SPDX-License-Identifier: MIT
/*
 * PEAPv0 phase-2 messages as Windows builds them (MS-PEAP 2.2.4, 2.2.5, 2.2.8): the TLVs of the
 * EAP TLV Extensions Method (type 33: Result, Cryptobinding, SoH Response, NAK), the Microsoft
 * Vendor-Specific TLV with the SoH TLVs, the SoH and Capabilities methods (type 254, vendor 311),
 * and the compressed inner EAP header (MS-PEAP 3.1.5.6). Parsers and builders over byte arrays:
 * no I/O, no allocation, no keys. Ownership: input is borrowed; nothing keeps a pointer into it.
 */
#ifndef SX_PPP_PEAP_TLV_H
#define SX_PPP_PEAP_TLV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MS-PEAP 2.2.4: M(1) R(1) TLV_Type(14) Length(16, of the Value). */
#define PEAP_TLV_HDRLEN 4
#define PEAP_TLV_MANDATORY 0x8000
#define PEAP_TLV_TYPE_MASK 0x3fff

enum peap_tlv_type {
	PEAP_TLV_SOH = 1,		/* inside a Vendor-Specific TLV (2.2.8.2.2) */
	PEAP_TLV_SOH_REQUEST = 2,	/* inside a Vendor-Specific TLV (2.2.8.2.1) */
	PEAP_TLV_RESULT = 3,		/* also the SoH Response TLV inside a Vendor-Specific TLV */
	PEAP_TLV_NAK = 4,		/* draft-josefsson-pppext-eap-tls-eap-10 4.2, as hostapd */
	PEAP_TLV_VENDOR = 7,		/* 2.2.5 */
	PEAP_TLV_CRYPTO_BINDING = 12,	/* 2.2.8.1.1 */
};

/* MS-PEAP 2.2.8.1.2: the Result TLV's Value. */
enum peap_result {
	PEAP_RESULT_NONE = 0,		/* no Result TLV */
	PEAP_RESULT_SUCCESS = 1,
	PEAP_RESULT_FAILURE = 2,
};

/* MS-PEAP 2.2.8.1.1: SubType. */
enum peap_binding_subtype {
	PEAP_BINDING_REQUEST = 0,	/* from the server */
	PEAP_BINDING_RESPONSE = 1,	/* from the peer */
};

#define PEAP_MS_VENDOR 311		/* Microsoft's SMI number (MS-PEAP 2.2.5, 2.2.8.2, 2.2.8.3) */
#define PEAP_VT_SOH 0x21		/* SoH EAP Extensions Method (2.2.8.2) */
#define PEAP_VT_CAPABILITIES 0x22	/* Capabilities Negotiation Method (2.2.8.3) */
#define PEAP_NONCE_LEN 32
#define PEAP_MAC_LEN 20
#define PEAP_BINDING_LEN 60		/* the Cryptobinding TLV, header included */
#define PEAP_RESULT_LEN 6		/* the Result TLV, header included */
#define PEAP_NAK_LEN 10			/* the NAK TLV, header included */

struct peap_binding {
	uint8_t version;
	uint8_t recv_version;
	uint8_t subtype;		/* enum peap_binding_subtype */
	uint8_t nonce[PEAP_NONCE_LEN];
	uint8_t mac[PEAP_MAC_LEN];
};

/* What one EAP TLV Extensions Method payload (the Type-Data after type 33) carries. */
struct peap_tlvs {
	enum peap_result result;
	bool have_binding;
	struct peap_binding binding;
	uint8_t binding_tlv[PEAP_BINDING_LEN];	/* as received: the Compound MAC covers it */
	bool soh_request;		/* a Microsoft Vendor-Specific TLV holding an SoH Request TLV */
	bool soh_response;		/* ... holding an SoH Response TLV (ignored: NAP is gone) */
	uint16_t unknown_mandatory;	/* the first TLV type with M set we do not know; 0 none */
};

/*
 * Parses TLVs in any order (MS-PEAP 2.2.8.1: "the receiver MUST NOT assume any order"). Unknown
 * TLVs without M are skipped; the first unknown with M is named in unknown_mandatory (the packet
 * is still parsed: the caller decides). Returns 0; -EBADMSG for a TLV running past the end, a
 * trailing partial header, a Result or Cryptobinding TLV of the wrong length or repeated, or a
 * Result value other than 1 or 2.
 */
int peap_tlv_parse(const uint8_t *d, size_t len, struct peap_tlvs *out);

/* Builders: each writes the TLV (header included) and returns its length (the *_LEN above). */
size_t peap_tlv_put_result(uint8_t out[static PEAP_RESULT_LEN], enum peap_result result);
size_t peap_tlv_put_binding(uint8_t out[static PEAP_BINDING_LEN], const struct peap_binding *b);
/* NAK TLV (M set): Vendor-Id 0 and the refused TLV type. */
size_t peap_tlv_put_nak(uint8_t out[static PEAP_NAK_LEN], uint16_t type);
/* The Compound MAC field inside a built or received Cryptobinding TLV. */
uint8_t *peap_tlv_binding_mac(uint8_t tlv[static PEAP_BINDING_LEN]);

/*
 * An Expanded-Type payload (the Type-Data after type 254): Vendor-Id(3) Vendor-Type(4) data.
 * Sets *vendor, *vendor_type and the data. Returns 0 or -EBADMSG (shorter than 7 octets).
 */
int peap_expanded_parse(const uint8_t *d, size_t len, uint32_t *vendor, uint32_t *vendor_type,
			const uint8_t **data, size_t *data_len);
/*
 * MS-PEAP 2.2.8.2: whether an SoH EAP Extensions Method payload (after Vendor-Type) asks for a
 * Statement of Health: a Microsoft Vendor-Specific TLV with an SoH Request TLV. -EBADMSG when
 * the TLVs are malformed.
 */
int peap_soh_parse(const uint8_t *d, size_t len, bool *request);

/*
 * MS-PEAP 3.1.5.6: phase-2 EAP packets travel without Code, Identifier and Length, except the
 * EAP TLV Extensions Method (33) and the Microsoft methods of type 254, which keep them. Whether
 * this plaintext carries a full header: a Request or Response whose Length matches and whose
 * Type is 33 or 254, or (FreeRADIUS, hostapd's heuristic) an Identity Request with its header.
 */
bool peap_inner_has_header(const uint8_t *pt, size_t len);
/*
 * The plaintext as a full EAP packet in out: copied when it has a header, otherwise code, id
 * and Length = len + 4 prepended. Returns the packet's length, or -EMSGSIZE, -EBADMSG (empty).
 */
long peap_inner_expand(const uint8_t *pt, size_t len, uint8_t code, uint8_t id, uint8_t *out,
		       size_t cap);
/* Whether a packet of this Type travels with its header (33 and 254) on send. */
bool peap_inner_keeps_header(uint8_t type);

#endif
