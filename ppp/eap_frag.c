// SPDX-License-Identifier: MIT
/* TLS-in-EAP fragments (RFC 5216 2.1.5, 3.1; MS-PEAP 2.2.2): reassembly and cutting. */
#include <errno.h>
#include <string.h>

#include "ppp/eap_frag.h"
#include "ppp/wire.h"

void eap_frag_rx_init(struct eap_frag_rx *rx, uint8_t *buf, size_t cap)
{
	*rx = (struct eap_frag_rx){ .buf = buf, .cap = cap };
}

void eap_frag_rx_reset(struct eap_frag_rx *rx)
{
	rx->len = 0;
	rx->total = 0;
	rx->busy = false;
}

static int eap_frag_bad(struct eap_frag_rx *rx, int err)
{
	eap_frag_rx_reset(rx);
	return err;
}

int eap_frag_input(struct eap_frag_rx *rx, const uint8_t *d, size_t len, uint8_t *flags,
		   enum eap_frag_kind *kind)
{
	size_t off = 1;

	*flags = len ? d[0] : 0;
	if (*flags & EAP_FRAG_L) {
		uint32_t total;

		if (len < EAP_FRAG_HDR_MAX)
			return eap_frag_bad(rx, -EBADMSG);
		total = (uint32_t)d[1] << 24 | (uint32_t)wire_be16(d + 2) << 8 | d[4];
		/* RFC 5216 2.1.5: L comes with the first fragment; a repeat must agree. */
		if (!total || (rx->busy && total != rx->total))
			return eap_frag_bad(rx, -EBADMSG);
		if (total > rx->cap)
			return eap_frag_bad(rx, -EMSGSIZE);
		rx->total = total;
		off = EAP_FRAG_HDR_MAX;
	}
	if (len <= off && !(*flags & EAP_FRAG_M)) {
		/* No data: an acknowledgement, a Start or an empty message. */
		if (rx->busy)
			return eap_frag_bad(rx, -EBADMSG);
		*kind = EAP_FRAG_ACK;
		return 0;
	}
	len = len > off ? len - off : 0;
	if (len > rx->cap - rx->len || (rx->total && rx->len + len > rx->total))
		return eap_frag_bad(rx, rx->total ? -EBADMSG : -EMSGSIZE);
	memcpy(rx->buf + rx->len, d + off, len);
	rx->len += len;
	if (*flags & EAP_FRAG_M) {
		if (rx->total && rx->len == rx->total)
			return eap_frag_bad(rx, -EBADMSG);
		rx->busy = true;
		*kind = EAP_FRAG_PARTIAL;
		return 0;
	}
	if (rx->total && rx->len != rx->total)
		return eap_frag_bad(rx, -EBADMSG);
	rx->busy = false;
	*kind = EAP_FRAG_MESSAGE;
	return 0;
}

int eap_frag_recv(struct eap_frag_rx *rx, bool sending, const uint8_t *d, size_t len,
		  uint8_t *flags, enum eap_frag_kind *kind)
{
	int ret = eap_frag_input(rx, d, len, flags, kind);

	if (ret || !sending || *kind == EAP_FRAG_ACK)
		return ret;
	return eap_frag_bad(rx, -EPROTO);
}

void eap_frag_tx_init(struct eap_frag_tx *tx, const uint8_t *msg, size_t len, uint8_t version,
		      bool always_length)
{
	*tx = (struct eap_frag_tx){ .msg = msg, .len = len,
				    .version = (uint8_t)(version & EAP_FRAG_VERSION),
				    .always_length = always_length };
}

bool eap_frag_tx_pending(const struct eap_frag_tx *tx)
{
	return tx->msg && (tx->off < tx->len || (!tx->len && !tx->off));
}

long eap_frag_tx_next(struct eap_frag_tx *tx, uint8_t *out, size_t room)
{
	bool first = !tx->off, fits;
	size_t hdr, take;

	if (!eap_frag_tx_pending(tx))
		return 0;
	if (room < EAP_FRAG_HDR_MAX + 1)
		return -EINVAL;
	fits = first && tx->len + 1 + (tx->always_length ? 4 : 0) <= room;
	/* RFC 5216 2.1.5: L on the first fragment of a fragmented message. */
	hdr = first && tx->len && (!fits || tx->always_length) ? EAP_FRAG_HDR_MAX : 1;
	take = tx->len - tx->off < room - hdr ? tx->len - tx->off : room - hdr;
	out[0] = tx->version;
	if (hdr == EAP_FRAG_HDR_MAX) {
		out[0] |= EAP_FRAG_L;
		out[1] = (uint8_t)(tx->len >> 24);
		wire_set_be16(out + 2, (uint16_t)(tx->len >> 8));
		out[4] = (uint8_t)tx->len;
	}
	if (tx->off + take < tx->len)
		out[0] |= EAP_FRAG_M;
	memcpy(out + hdr, tx->msg + tx->off, take);
	tx->off += take;
	if (!tx->len)
		tx->off = 1;	/* the one packet of an empty message is out */
	return (long)(hdr + take);
}

uint8_t eap_frag_ack(uint8_t version)
{
	return (uint8_t)(version & EAP_FRAG_VERSION);
}
