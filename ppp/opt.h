// SPDX-License-Identifier: MIT
/*
 * Configuration options shared by LCP, IPCP and IPv6CP: one table per protocol naming each option
 * and its legal lengths, the Reject builder for unknown or wrong-length options, trace formatting,
 * and per-option negotiation state bits (ours/peer's x requested/acked/naked/rejected).
 * Ownership: option bytes are borrowed; formatted text goes into the caller's buffer.
 */
#ifndef SX_PPP_OPT_H
#define SX_PPP_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/wire.h"

/* How an option's value is shown in trace lines. */
enum opt_kind {
	OPT_KIND_FLAG,		/* no value: "<pfc>" */
	OPT_KIND_U16,		/* "<mru 1400>" */
	OPT_KIND_HEX32,		/* "<magic 0x1a2b3c4d>" */
	OPT_KIND_IPV4,		/* "<addr 192.168.30.10>" */
	OPT_KIND_AUTH,		/* "<auth chap-ms-v2>" */
	OPT_KIND_ID64,		/* "<ifid 0011:2233:4455:6677>" */
	OPT_KIND_RAW,		/* "<name 0a0b0c>" */
};

/* min_len and max_len count the whole option, the 2-byte header included (RFC 1661 6). */
struct opt_desc {
	uint8_t type;
	uint8_t min_len;
	uint8_t max_len;
	const char *name;
	enum opt_kind kind;
};

/* Negotiation state bits of one option. */
#define OPT_OURS_REQ 0x01u	/* we put it in our Configure-Request */
#define OPT_OURS_ACK 0x02u
#define OPT_OURS_NAK 0x04u
#define OPT_OURS_REJ 0x08u	/* the peer rejected it: never request it again */
#define OPT_PEER_REQ 0x10u	/* the peer put it in its Configure-Request */
#define OPT_PEER_ACK 0x20u
#define OPT_PEER_NAK 0x40u
#define OPT_PEER_REJ 0x80u

/* The table entry for type, or NULL. */
const struct opt_desc *opt_find(const struct opt_desc *tab, size_t n, uint8_t type);
/* Index of type in tab, or -1. */
int opt_index(const struct opt_desc *tab, size_t n, uint8_t type);

/* A protocol's own reasons to Reject a known option (e.g. LCP Quality-Protocol); may be NULL. */
typedef bool opt_reject_fn(void *arg, const struct opt *o);

/*
 * RFC 1661 5.4: copies every option of a Configure-Request that is not in tab, whose length is
 * outside [min_len, max_len], or for which also(arg, o) is true, verbatim and in order into rej.
 * Returns how many were copied, -EBADMSG when the option list itself is malformed (the packet
 * must be dropped), or -EMSGSIZE when rej is full.
 */
int opt_reject_unknown(const struct opt_desc *tab, size_t n, const uint8_t *opts, size_t len,
		       struct wire_w *rej, opt_reject_fn *also, void *arg);

/* True when o appears, byte for byte, among the options of list (RFC 1661 5.4 subset rule). */
bool opt_in_list(const uint8_t *list, size_t len, const struct opt *o);

/* Checks the TLV structure only: 0 or -EBADMSG. */
int opt_validate(const uint8_t *opts, size_t len);

/* Appends " <name value>" for each option to out (always NUL-terminated, truncated with "..."). */
void opt_format(const struct opt_desc *tab, size_t n, const uint8_t *opts, size_t len,
		char *out, size_t cap);

/* Writes a whole option: type, length, value. */
void opt_put(struct wire_w *w, uint8_t type, const void *val, size_t len);
void opt_put_u16(struct wire_w *w, uint8_t type, uint16_t v);
void opt_put_u32(struct wire_w *w, uint8_t type, uint32_t v);

#endif
