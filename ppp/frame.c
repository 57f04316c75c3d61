// SPDX-License-Identifier: MIT
/* PPP framing as SSTP carries it: no HDLC, no FCS; FF 03 and a 2-byte protocol on every frame we send. */
#include <errno.h>
#include <string.h>

#include "ppp/proto.h"
#include "ppp/wire.h"

int ppp_frame_push(struct pkt *p, uint16_t proto)
{
	uint8_t *h = pkt_push(p, PPP_HDRLEN);

	if (!h)
		return -ENOBUFS;
	/* Send uncompressed: SoftEther ignores frames without FF 03 and misreads 1-byte protocols. */
	h[0] = PPP_ADDRESS;
	h[1] = PPP_CONTROL;
	wire_set_be16(h + 2, proto);
	return 0;
}

int ppp_frame_parse(const uint8_t *frame, size_t len, uint16_t *proto,
		    const uint8_t **info, size_t *info_len)
{
	size_t off = 0;

	if (len >= 2 && frame[0] == PPP_ADDRESS && frame[1] == PPP_CONTROL)
		off = 2;
	if (off >= len)
		return -EBADMSG;
	/* RFC 1661 6.5: a protocol field whose first byte is odd is the compressed 1-byte form. */
	if (frame[off] & 1) {
		*proto = frame[off];
		off += 1;
	} else {
		if (len - off < 2 || !(frame[off + 1] & 1))
			return -EBADMSG;
		*proto = wire_be16(frame + off);
		off += 2;
	}
	*info = frame + off;
	*info_len = len - off;
	return 0;
}

int ppp_send_cp(struct ppp_ctx *c, uint16_t proto, uint8_t code, uint8_t id,
		const uint8_t *data, size_t len)
{
	struct pkt *p;
	uint8_t *h;
	int ret = 0;

	if (len > 0xffff - CP_HDRLEN)
		return -EMSGSIZE;
	p = pkt_pool_get(c->pool, c->headroom + PPP_HDRLEN);
	if (!p)
		return -ENOBUFS;
	h = pkt_put(p, (uint16_t)(CP_HDRLEN + len));
	if (!h) {
		ret = -EMSGSIZE;
		goto out;
	}
	h[0] = code;
	h[1] = id;
	wire_set_be16(h + 2, (uint16_t)(CP_HDRLEN + len));
	if (len)
		memcpy(h + CP_HDRLEN, data, len);
	ret = ppp_frame_push(p, proto);
	if (ret)
		goto out;
	pkt_q_push(&c->txq, p);
	p = NULL;
out:
	if (p)
		pkt_pool_ret(c->pool, p);
	return ret;
}
