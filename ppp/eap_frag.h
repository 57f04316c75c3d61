// SPDX-License-Identifier: MIT
/*
 * Fragmentation of TLS messages carried in EAP (EAP-TLS, RFC 5216 2.1.5 and 3.1; PEAP, MS-PEAP
 * 2.2.2 and 3.1.5.2): the Flags octet (L length included, M more fragments, S start, and PEAP's
 * version bits), the 4-octet TLS Message Length, reassembly of the peer's fragments into a
 * caller's buffer, and cutting our own message into fragments that fit the link.
 * Pure functions and plain structs: no I/O, no allocation. Ownership: eap_frag_rx borrows its
 * buffer for its lifetime; input is borrowed; eap_frag_tx borrows the message until it is sent.
 */
#ifndef SX_PPP_EAP_FRAG_H
#define SX_PPP_EAP_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EAP_FRAG_L 0x80		/* TLS Message Length present */
#define EAP_FRAG_M 0x40		/* more fragments follow */
#define EAP_FRAG_S 0x20		/* start (server's first packet only) */
#define EAP_FRAG_VERSION 0x03	/* PEAP version; reserved (0) in EAP-TLS */
#define EAP_FRAG_HDR_MAX 5	/* Flags + TLS Message Length */

struct eap_frag_rx {
	uint8_t *buf;		/* borrowed: where the message is reassembled */
	size_t cap;
	size_t len;		/* octets reassembled so far */
	size_t total;		/* the announced TLS Message Length; 0 = not announced */
	bool busy;		/* a fragmented message is in progress */
};

/* What one received packet was. */
enum eap_frag_kind {
	EAP_FRAG_MESSAGE,	/* a whole message is in rx->buf[0..rx->len) */
	EAP_FRAG_PARTIAL,	/* a fragment with M set: acknowledge it and wait for the next */
	EAP_FRAG_ACK,		/* no data: acknowledges our last fragment (or is a Start) */
};

void eap_frag_rx_init(struct eap_frag_rx *rx, uint8_t *buf, size_t cap);
/* Forgets a message in progress (after a whole message was consumed, or a reset). */
void eap_frag_rx_reset(struct eap_frag_rx *rx);

/*
 * One received EAP-TLS/PEAP Type-Data after the Type octet (borrowed): Flags, [length], data.
 * A packet with no Flags octet at all is read as Flags 0 and no data (SoftEther 5.01 sends its
 * fragment ACKs so). Sets *flags and *kind. Returns 0; -EBADMSG for a malformed packet (a length
 * field cut short, more data than announced, M on a packet that completes the announced length,
 * a length of 0 with L, data that ends before the announced total without M); -EMSGSIZE when the
 * message would not fit the buffer. On an error the message in progress is dropped.
 */
int eap_frag_input(struct eap_frag_rx *rx, const uint8_t *d, size_t len, uint8_t *flags,
		   enum eap_frag_kind *kind);
/*
 * The receive step of both EAP-TLS roles: eap_frag_input, then RFC 5216 2.1.5's turns. While our
 * own message still has fragments out (sending), the other side may only acknowledge them, so a
 * fragment or a whole message from it is -EPROTO and the message in progress is dropped.
 */
int eap_frag_recv(struct eap_frag_rx *rx, bool sending, const uint8_t *d, size_t len,
		  uint8_t *flags, enum eap_frag_kind *kind);

struct eap_frag_tx {
	const uint8_t *msg;	/* borrowed until done */
	size_t len;
	size_t off;		/* octets already sent */
	uint8_t version;	/* PEAP version bits in every Flags octet; 0 for EAP-TLS */
	bool always_length;	/* L and the length even unfragmented (PEAP phase 1); never when empty */
};

void eap_frag_tx_init(struct eap_frag_tx *tx, const uint8_t *msg, size_t len, uint8_t version,
		      bool always_length);
/* true while fragments remain (an empty message still has its one packet to send). */
bool eap_frag_tx_pending(const struct eap_frag_tx *tx);
/*
 * Writes the next packet's Type-Data (Flags, [length], data) into out, at most `room` octets in
 * all (the link's limit after the EAP header and Type), and returns its length; 0 when nothing
 * is pending; -EINVAL when room cannot hold a header and one octet of data.
 */
long eap_frag_tx_next(struct eap_frag_tx *tx, uint8_t *out, size_t room);
/* The Type-Data of an acknowledgement or an empty message: the Flags octet alone. */
uint8_t eap_frag_ack(uint8_t version);

#endif
