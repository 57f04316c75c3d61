// SPDX-License-Identifier: MIT
/* SSTP data packets (MS-SSTP 2.2.3): the 4-byte header in front of each PPP frame, in place. */
#include <errno.h>

#include "sstp/sstp.h"

int sstp_data_push(struct pkt *p)
{
	size_t total = (size_t)p->len + SSTP_HDR_LEN;
	uint8_t *h;

	if (total > SSTP_MAX_LEN)
		return -EMSGSIZE;
	h = pkt_push(p, SSTP_HDR_LEN);
	if (!h)
		return -ENOBUFS;
	/* Version 1.0, C = 0 (data), 12-bit length of the whole packet with the reserved bits zero. */
	h[0] = SSTP_VERSION;
	h[1] = 0;
	wire_set_be16(h + 2, (uint16_t)total);
	return 0;
}

int sstp_data_parse(const uint8_t *pkt, size_t len, const uint8_t **frame, size_t *frame_len)
{
	if (len < SSTP_HDR_LEN || pkt[0] != SSTP_VERSION || (pkt[1] & 1))
		return -EBADMSG;
	if ((wire_be16(pkt + 2) & 0x0fff) != len)
		return -EBADMSG;
	*frame = pkt + SSTP_HDR_LEN;
	*frame_len = len - SSTP_HDR_LEN;
	return 0;
}
