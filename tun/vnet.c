// SPDX-License-Identifier: MIT
/* virtio-net header checks and GSO segmentation of what a TUN with IFF_VNET_HDR returns. */
#include <errno.h>
#include <string.h>

#include "tun/vnet.h"
#include "tun/vnet_int.h"

void vnet_hdr_read(const uint8_t b[static VNET_HDR_LEN], struct vnet_hdr *h)
{
	/* virtio 1.x: little-endian fields (TUNSETVNETLE, or native on x86) */
	h->flags = b[0];
	h->gso_type = b[1];
	h->hdr_len = (uint16_t)(b[2] | b[3] << 8);
	h->gso_size = (uint16_t)(b[4] | b[5] << 8);
	h->csum_start = (uint16_t)(b[6] | b[7] << 8);
	h->csum_offset = (uint16_t)(b[8] | b[9] << 8);
}

void vnet_hdr_write(uint8_t b[static VNET_HDR_LEN], const struct vnet_hdr *h)
{
	const uint16_t f[4] = { h->hdr_len, h->gso_size, h->csum_start, h->csum_offset };

	b[0] = h->flags;
	b[1] = h->gso_type;
	for (int i = 0; i < 4; i++) {
		b[2 + 2 * i] = (uint8_t)f[i];
		b[3 + 2 * i] = (uint8_t)(f[i] >> 8);
	}
}

const char *vnet_drop_name(enum vnet_drop d)
{
	switch (d) {
	case VNET_OK: return "ok";
	case VNET_DROP_SHORT: return "short";
	case VNET_DROP_FLAGS: return "flags";
	case VNET_DROP_GSO_TYPE: return "gso-type";
	case VNET_DROP_CSUM: return "csum-span";
	case VNET_DROP_NO_CSUM: return "gso-without-csum";
	case VNET_DROP_HDR_LEN: return "hdr-len";
	case VNET_DROP_GSO_SIZE: return "gso-size";
	case VNET_DROP_IP: return "ip-header";
	case VNET_DROP_FRAG: return "fragment";
	case VNET_DROP_L4: return "l4-header";
	case VNET_DROP_TCP_FLAGS: return "tcp-flags";
	case VNET_DROP__N: break;
	}
	return "?";
}

/* a + b in one's complement on 64 bits: a carry out of bit 63 comes back in at bit 0. */
static inline uint64_t add_ec(uint64_t a, uint64_t b)
{
	a += b;
	return a + (a < b);
}

uint32_t vnet_csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	uint64_t a = 0, b = 0, ca = 0, cb = 0, x, y;
	uint8_t tail[16] = { 0 };
	size_t i = 0;

	/*
	 * RFC 1071 2(A)-(C): the sum does not depend on byte order and may be taken on wider words,
	 * so native 64-bit words are added (two chains, their carries counted: 2^64 = 1 modulo
	 * 2^16 - 1), folded to 16 bits and swapped to network order once. The tail is zero-padded
	 * in place, so an odd last byte stays the high byte of its 16-bit word.
	 */
	for (; i + 16 <= n; i += 16) {
		memcpy(&x, p + i, 8);
		memcpy(&y, p + i + 8, 8);
		a += x;
		ca += a < x;
		b += y;
		cb += b < y;
	}
	memcpy(tail, p + i, n - i);
	memcpy(&x, tail, 8);
	memcpy(&y, tail + 8, 8);
	a = add_ec(add_ec(add_ec(add_ec(add_ec(a, x), y), b), ca), cb);
	a = (a & 0xffffffff) + (a >> 32);
	a = (a & 0xffff) + (a >> 16);
	a = (a & 0xffff) + (a >> 16);
	a = (a & 0xffff) + (a >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	a = (uint16_t)(a >> 8 | a << 8);
#endif
	a += sum;
	a = (a & 0xffff) + (a >> 16);
	a = (a & 0xffff) + (a >> 16);
	return (uint32_t)((a & 0xffff) + (a >> 16));
}

uint32_t vnet_pseudo_sum(const uint8_t *ip, uint8_t l4proto, size_t l4_len)
{
	uint8_t tail[4];
	uint32_t sum;

	/* RFC 793 3.1 / RFC 768: src, dst, zero, proto, length; RFC 8200 8.1: 32-bit length */
	if (ip[0] >> 4 == 4)
		sum = vnet_csum_add(0, ip + 12, 8);
	else
		sum = vnet_csum_add(0, ip + 8, 32);
	vnet_put32(tail, (uint32_t)l4_len);
	sum = vnet_csum_add(sum, tail, 4);
	return vnet_fold(sum + l4proto);
}

static enum vnet_drop check_l4(struct vnet_pkt *p)
{
	const uint8_t *l4 = p->ip + p->l3len;
	size_t left = p->len - p->l3len;

	if (p->l4proto == VNET_PROTO_TCP) {
		if (left < 20 || (l4[12] >> 4) < 5 || (size_t)(l4[12] >> 4) * 4 > left)
			return VNET_DROP_L4;
		p->l4len = (uint16_t)((l4[12] >> 4) * 4);
	} else if (p->l4proto == VNET_PROTO_UDP) {
		if (left < 8)
			return VNET_DROP_L4;
		p->l4len = 8;
	} else {
		return VNET_DROP_L4;
	}
	return VNET_OK;
}

/* The GSO checks: the packet is what the type says, with payload to split. */
static enum vnet_drop check_gso(struct vnet_pkt *p)
{
	const struct vnet_hdr *h = &p->hdr;
	uint8_t type = h->gso_type & (uint8_t)~VNET_GSO_ECN;
	bool tcp = type == VNET_GSO_TCPV4 || type == VNET_GSO_TCPV6;
	enum vnet_drop d;

	if (!(h->flags & VNET_F_NEEDS_CSUM))
		return VNET_DROP_NO_CSUM;
	if (!vnet_ip_walk(p->ip, p->len, &p->ipver, &p->l4proto, &p->l3len) ||
	    (type == VNET_GSO_TCPV4 && p->ipver != 4) || (type == VNET_GSO_TCPV6 && p->ipver != 6))
		return VNET_DROP_IP;
	/* RFC 791 3.1: MF set or a fragment offset */
	if (p->ipver == 4 && (vnet_be16(p->ip + 6) & 0x3fff))
		return VNET_DROP_FRAG;
	if (p->l4proto != (tcp ? VNET_PROTO_TCP : VNET_PROTO_UDP))
		return VNET_DROP_L4;
	d = check_l4(p);
	if (d != VNET_OK)
		return d;
	if (p->len == (size_t)p->l3len + p->l4len)
		return VNET_DROP_L4;
	if (tcp && (p->ip[p->l3len + 13] & (TCP_SYN | TCP_RST | TCP_URG)))
		return VNET_DROP_TCP_FLAGS;
	if (h->csum_start != p->l3len || h->csum_offset != (tcp ? 16 : 6))
		return VNET_DROP_CSUM;
	if (h->gso_size == 0 || (size_t)h->gso_size + p->l3len + p->l4len > VNET_PKT_MAX)
		return VNET_DROP_GSO_SIZE;
	return VNET_OK;
}

enum vnet_drop vnet_parse(const uint8_t *buf, size_t len, struct vnet_pkt *p)
{
	struct vnet_hdr *h = &p->hdr;
	uint8_t type;

	memset(p, 0, sizeof(*p));
	if (len <= VNET_HDR_LEN)
		return VNET_DROP_SHORT;
	vnet_hdr_read(buf, h);
	p->ip = buf + VNET_HDR_LEN;
	p->len = len - VNET_HDR_LEN;
	if (p->len > VNET_PKT_MAX)
		return VNET_DROP_IP;
	if (h->flags & ~(VNET_F_NEEDS_CSUM | VNET_F_DATA_VALID | VNET_F_RSC_INFO))
		return VNET_DROP_FLAGS;
	if (h->hdr_len > p->len)
		return VNET_DROP_HDR_LEN;
	type = h->gso_type & (uint8_t)~VNET_GSO_ECN;
	switch (type) {
	case VNET_GSO_TCPV4:
	case VNET_GSO_TCPV6:
		return check_gso(p);
	case VNET_GSO_UDP_L4:
		if (h->gso_type & VNET_GSO_ECN)
			return VNET_DROP_GSO_TYPE;
		return check_gso(p);
	case VNET_GSO_NONE:
		break;
	default:
		return VNET_DROP_GSO_TYPE;
	}
	if (h->gso_type & VNET_GSO_ECN)
		return VNET_DROP_GSO_TYPE;
	/* Not GSO: headers are looked at only to know the protocol; anything else passes as is. */
	if (vnet_ip_walk(p->ip, p->len, &p->ipver, &p->l4proto, &p->l3len) && check_l4(p) != VNET_OK)
		p->ipver = 0;
	if (!p->ipver) {
		p->l4proto = 0;
		p->l3len = 0;
		p->l4len = 0;
	}
	if ((h->flags & VNET_F_NEEDS_CSUM) &&
	    ((size_t)h->csum_start + h->csum_offset + 2 > p->len || h->csum_start < 20))
		return VNET_DROP_CSUM;
	return VNET_OK;
}

void vnet_csum_complete(uint8_t *ip, const struct vnet_pkt *p)
{
	size_t at = (size_t)p->hdr.csum_start + p->hdr.csum_offset;
	uint16_t c;

	if (!(p->hdr.flags & VNET_F_NEEDS_CSUM))
		return;
	/* The field holds the pseudo-header sum; the sum runs from csum_start to the end. */
	c = (uint16_t)~vnet_fold(vnet_csum_add(0, ip + p->hdr.csum_start, p->len - p->hdr.csum_start));
	/* RFC 768: a computed zero is sent as all ones */
	if (c == 0 && p->l4proto == VNET_PROTO_UDP && p->hdr.csum_start == p->l3len && p->ipver)
		c = 0xffff;
	vnet_put16(ip + at, c);
}

int vnet_seg_init(struct vnet_seg *s, const struct vnet_pkt *p, size_t mtu)
{
	size_t hdrs = (size_t)p->l3len + p->l4len;
	bool udp = (p->hdr.gso_type & ~VNET_GSO_ECN) == VNET_GSO_UDP_L4;

	memset(s, 0, sizeof(*s));
	s->p = *p;
	s->mss = p->hdr.gso_size;
	if (p->hdr.gso_type == VNET_GSO_NONE || !mtu || hdrs + s->mss <= mtu)
		return 0;
	if (udp || mtu <= hdrs)
		return -EMSGSIZE;
	s->mss = mtu - hdrs;
	return 0;
}

/* Fills the L4 checksum of one segment at out[0..len) from scratch. */
static void seg_csum(uint8_t *out, const struct vnet_pkt *p, size_t len)
{
	uint8_t *l4 = out + p->l3len;
	size_t l4_len = len - p->l3len;
	uint8_t *field = l4 + (p->l4proto == VNET_PROTO_TCP ? 16 : 6);
	uint16_t c;

	vnet_put16(field, 0);
	c = (uint16_t)~vnet_fold(vnet_csum_add(vnet_pseudo_sum(out, p->l4proto, l4_len), l4, l4_len));
	if (c == 0 && p->l4proto == VNET_PROTO_UDP)
		c = 0xffff;
	vnet_put16(field, c);
}

int vnet_seg_next(struct vnet_seg *s, uint8_t *out, size_t cap, size_t *len)
{
	const struct vnet_pkt *p = &s->p;
	size_t hdrs = (size_t)p->l3len + p->l4len, total = p->len - hdrs, chunk;
	uint8_t *l4 = out + p->l3len;
	bool last;

	if (s->done)
		return 0;
	if (p->hdr.gso_type == VNET_GSO_NONE) {
		if (cap < p->len)
			return -ENOBUFS;
		memcpy(out, p->ip, p->len);
		vnet_csum_complete(out, p);
		*len = p->len;
		s->done = true;
		return 1;
	}
	chunk = total - s->off < s->mss ? total - s->off : s->mss;
	if (cap < hdrs + chunk)
		return -ENOBUFS;
	last = s->off + chunk == total;
	memcpy(out, p->ip, hdrs);
	memcpy(out + hdrs, p->ip + hdrs + s->off, chunk);
	*len = hdrs + chunk;
	if (p->ipver == 4) {
		/* RFC 791: per-datagram id (incremented, as the kernel's own segmentation does) */
		vnet_put16(out + 2, (uint16_t)*len);
		vnet_put16(out + 4, (uint16_t)(vnet_be16(p->ip + 4) + s->n));
		vnet_put16(out + 10, 0);
		vnet_put16(out + 10, (uint16_t)~vnet_fold(vnet_csum_add(0, out, p->l3len)));
	} else {
		vnet_put16(out + 4, (uint16_t)(*len - 40));
	}
	if (p->l4proto == VNET_PROTO_TCP) {
		vnet_put32(l4 + 4, vnet_be32(p->ip + p->l3len + 4) + (uint32_t)s->off);
		if (!last)
			l4[13] &= (uint8_t)~(TCP_FIN | TCP_PSH);
		if (s->n)
			l4[13] &= (uint8_t)~TCP_CWR;
	} else {
		vnet_put16(l4 + 4, (uint16_t)(8 + chunk));
	}
	seg_csum(out, p, *len);
	s->off += chunk;
	s->n++;
	s->done = last;
	return 1;
}
