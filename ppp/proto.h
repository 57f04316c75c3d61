// SPDX-License-Identifier: MIT
/*
 * What every PPP protocol object inside a link shares: protocol numbers, packet codes, the frame
 * helpers (FF 03 + 2-byte protocol, as SSTP carries PPP) and where control frames are queued.
 */
#ifndef SX_PPP_PROTO_H
#define SX_PPP_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "ppp/pkt.h"
#include "ppp/sx.h"

enum ppp_proto {
	PPP_IP = 0x0021,
	PPP_IPV6 = 0x0057,
	PPP_IPCP = 0x8021,
	PPP_IPV6CP = 0x8057,
	PPP_CCP = 0x80fd,
	PPP_LCP = 0xc021,
	PPP_PAP = 0xc023,
	PPP_CHAP = 0xc223,
	PPP_EAP = 0xc227,
};

/* RFC 1661 5: control-protocol packet codes (LCP uses all; NCPs use 1-7). */
enum cp_code {
	CP_CONFREQ = 1,
	CP_CONFACK = 2,
	CP_CONFNAK = 3,
	CP_CONFREJ = 4,
	CP_TERMREQ = 5,
	CP_TERMACK = 6,
	CP_CODEREJ = 7,
	CP_PROTREJ = 8,
	CP_ECHOREQ = 9,
	CP_ECHOREP = 10,
	CP_DISCREQ = 11,
	CP_IDENT = 12,
	CP_TIMEREM = 13,
};

#define PPP_ADDRESS 0xff
#define PPP_CONTROL 0x03
#define PPP_HDRLEN 4		/* FF 03 + 2-byte protocol */
#define CP_HDRLEN 4		/* code, id, 2-byte length */

/* The shared output side of one link; embedded in struct ppp_link, borrowed by its protocols. */
struct ppp_ctx {
	struct pkt_pool *pool;	/* borrowed: control frames are taken from it */
	struct pkt_q txq;	/* frames ready to send, FF 03 + protocol already written */
	uint16_t headroom;	/* left free in front of FF 03 for the carrier (SSTP: 4) */
	struct sx_log log;
	struct sx_rand rand;
};

/*
 * Queues FF 03 | proto | code | id | length | data (data borrowed, copied). Returns 0, -ENOBUFS when
 * the pool is empty, or -EMSGSIZE when the packet does not fit a buffer.
 */
int ppp_send_cp(struct ppp_ctx *c, uint16_t proto, uint8_t code, uint8_t id,
		const uint8_t *data, size_t len);

/* Prepends FF 03 and the 2-byte protocol into p's headroom. Returns 0 or -ENOBUFS. */
int ppp_frame_push(struct pkt *p, uint16_t proto);

/*
 * Splits a received frame (borrowed) into protocol and information field. Accepts the uncompressed
 * form and the ACFC (no FF 03) and PFC (1-byte protocol) forms of RFC 1661 6.5-6.6.
 * Returns 0 or -EBADMSG.
 */
int ppp_frame_parse(const uint8_t *frame, size_t len, uint16_t *proto,
		    const uint8_t **info, size_t *info_len);

/*
 * One stable text line for a frame (borrowed) into out, for -v and tests, e.g.
 * "LCP ConfReq id=1 <1 0578> <5 1a2b3c4d>", "CHAP Challenge id=1 name=\"SE\"", "IP len=84".
 * Never shows the PAP password (ppp/trace.c).
 */
void ppp_trace(const uint8_t *frame, size_t len, char *out, size_t cap);

#endif
