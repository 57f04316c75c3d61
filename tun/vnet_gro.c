// SPDX-License-Identifier: MIT
/* Coalescing in-order TCP segments of one flow into one TUN write (GRO in user space). */
#include <string.h>

#include "tun/vnet.h"
#include "tun/vnet_int.h"

/* What a coalescible segment looks like; filled by inspect(). */
struct seg_info {
	uint8_t ipver;
	uint16_t l3len, l4len;
	size_t payload;
	uint32_t seq;
	uint8_t flags;
};

void vnet_gro_init(struct vnet_gro *g, uint8_t *buf, size_t cap)
{
	memset(g, 0, sizeof(*g));
	g->buf = buf;
	g->cap = cap;
}

/* RFC 7323 3.2: only NOP, EOL and one well-formed timestamp option. */
static bool options_ok(const uint8_t *o, size_t n)
{
	bool ts = false;

	for (size_t i = 0; i < n;) {
		if (o[i] == 0)
			return true;
		if (o[i] == 1) {
			i++;
			continue;
		}
		if (o[i] != 8 || ts || n - i < 10 || o[i + 1] != 10)
			return false;
		ts = true;
		i += 10;
	}
	return true;
}

static bool inspect(const uint8_t *ip, size_t len, struct seg_info *si)
{
	uint8_t proto;
	const uint8_t *tcp;

	if (!vnet_ip_walk(ip, len, &si->ipver, &proto, &si->l3len) || proto != VNET_PROTO_TCP)
		return false;
	/* RFC 791: no options, no fragment, a header checksum that holds */
	if (si->ipver == 4 && (si->l3len != 20 || (vnet_be16(ip + 6) & 0x3fff) ||
			       vnet_fold(vnet_csum_add(0, ip, 20)) != 0xffff))
		return false;
	tcp = ip + si->l3len;
	if (len - si->l3len < 20 || (tcp[12] >> 4) < 5 || (size_t)(tcp[12] >> 4) * 4 > len - si->l3len)
		return false;
	si->l4len = (uint16_t)((tcp[12] >> 4) * 4);
	si->flags = tcp[13];
	si->payload = len - si->l3len - si->l4len;
	si->seq = vnet_be32(tcp + 4);
	if ((si->flags & ~TCP_PSH) != TCP_ACK || (tcp[12] & 0x0f) || si->payload == 0 ||
	    !options_ok(tcp + 20, si->l4len - 20u))
		return false;
	/* The server's checksum is checked here: the merged packet goes up as NEEDS_CSUM, which
	 * the kernel never verifies again. */
	return vnet_fold(vnet_csum_add(vnet_pseudo_sum(ip, VNET_PROTO_TCP, len - si->l3len),
				       tcp, len - si->l3len)) == 0xffff;
}

/* Same flow and same everything but the sequence number, length, IP id and checksums. */
static bool same_flow(const struct vnet_gro *g, const uint8_t *ip, const struct seg_info *si)
{
	const uint8_t *first = g->buf + VNET_HDR_LEN;
	const uint8_t *a = first + g->l3len, *b = ip + si->l3len;

	if (si->l3len != g->l3len || si->l4len != g->l4len || (first[0] >> 4) != si->ipver)
		return false;
	if (si->ipver == 4) {
		/* version/ihl, TOS; DF; TTL, protocol; addresses */
		if (memcmp(first, ip, 2) || (first[6] & 0x40) != (ip[6] & 0x40) ||
		    memcmp(first + 8, ip + 8, 2) || memcmp(first + 12, ip + 12, 8))
			return false;
	} else if (memcmp(first, ip, 4) || memcmp(first + 6, ip + 6, 34)) {
		/* version, class, flow label; next header, hop limit, addresses */
		return false;
	}
	/* ports; ACK number; data offset; window; options (equal timestamps) */
	return !memcmp(a, b, 4) && !memcmp(a + 8, b + 8, 5) && !memcmp(a + 14, b + 14, 2) &&
	       !memcmp(a + 20, b + 20, g->l4len - 20u);
}

enum vnet_gro_res vnet_gro_add(struct vnet_gro *g, const uint8_t *ip, size_t len)
{
	struct seg_info si;

	if (!inspect(ip, len, &si) || g->cap < VNET_HDR_LEN + len)
		return VNET_GRO_PASS;
	if (!g->len) {
		memcpy(g->buf + VNET_HDR_LEN, ip, len);
		g->len = len;
		g->l3len = si.l3len;
		g->l4len = si.l4len;
		g->gso_size = (uint16_t)si.payload;
		g->segs = 1;
		g->next_seq = si.seq + (uint32_t)si.payload;
		g->psh = si.flags & TCP_PSH;
		g->closed = g->psh;
		return VNET_GRO_HELD;
	}
	if (g->closed || si.seq != g->next_seq || si.payload > g->gso_size ||
	    g->len + si.payload > VNET_PKT_MAX || VNET_HDR_LEN + g->len + si.payload > g->cap ||
	    g->segs == UINT16_MAX || !same_flow(g, ip, &si))
		return VNET_GRO_BUSY;
	memcpy(g->buf + VNET_HDR_LEN + g->len, ip + si.l3len + si.l4len, si.payload);
	g->len += si.payload;
	g->segs++;
	g->next_seq += (uint32_t)si.payload;
	g->psh = si.flags & TCP_PSH;
	/* a short segment or PSH ends the batch (the kernel's GRO flushes on both) */
	g->closed = g->psh || si.payload < g->gso_size;
	return VNET_GRO_HELD;
}

bool vnet_gro_flush(struct vnet_gro *g, const uint8_t **out, size_t *len)
{
	uint8_t *ip = g->buf + VNET_HDR_LEN, *tcp;
	struct vnet_hdr h = { 0 };

	if (!g->len)
		return false;
	tcp = ip + g->l3len;
	if (g->segs > 1) {
		if (ip[0] >> 4 == 4) {
			vnet_put16(ip + 2, (uint16_t)g->len);
			vnet_put16(ip + 10, 0);
			vnet_put16(ip + 10, (uint16_t)~vnet_fold(vnet_csum_add(0, ip, g->l3len)));
			h.gso_type = VNET_GSO_TCPV4;
		} else {
			vnet_put16(ip + 4, (uint16_t)(g->len - 40));
			h.gso_type = VNET_GSO_TCPV6;
		}
		if (g->psh)
			tcp[13] |= TCP_PSH;
		/* CHECKSUM_PARTIAL: the field holds the pseudo-header sum, not complemented */
		vnet_put16(tcp + 16, vnet_fold(vnet_pseudo_sum(ip, VNET_PROTO_TCP, g->len - g->l3len)));
		h.flags = VNET_F_NEEDS_CSUM;
		h.hdr_len = (uint16_t)(g->l3len + g->l4len);
		h.gso_size = g->gso_size;
		h.csum_start = g->l3len;
		h.csum_offset = 16;
	}
	vnet_hdr_write(g->buf, &h);
	*out = g->buf;
	*len = VNET_HDR_LEN + g->len;
	g->len = 0;
	g->segs = 0;
	g->closed = false;
	g->psh = false;
	return true;
}
