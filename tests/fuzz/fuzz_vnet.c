// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for tun/vnet*.c, both directions. Input: byte 0 picks the MTU (0: none, else
 * 576 + 4 * byte), the rest is read twice:
 *   TUN -> server: a virtio-net header and packet. If vnet_parse accepts it, every segment must
 *     fit, carry IP lengths equal to its size and an L4 checksum that verifies, and the payloads
 *     must add up to the packet's; the segments are then coalesced again.
 *   server -> TUN: records of [2-byte length][packet] offered to the coalescer.
 * Whatever the coalescer writes must pass vnet_parse, and a GSO write must split back into
 * segments whose payloads are the written payload in order.
 */
#include <stdlib.h>
#include <string.h>

#include "tun/vnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t seg[VNET_PKT_MAX], seg2[VNET_PKT_MAX];
static uint8_t grobuf[VNET_HDR_LEN + VNET_PKT_MAX];

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* One segment of p: lengths and checksum. */
static void check_seg(const struct vnet_pkt *p, const uint8_t *o, size_t len)
{
	size_t l4_len = len - p->l3len;

	if (p->ipver == 4 && (be16(o + 2) != len ||
			      (uint16_t)vnet_csum_add(0, o, p->l3len) != 0xffff))
		abort();
	if (p->ipver == 6 && be16(o + 4) + 40u != len)
		abort();
	if ((uint16_t)vnet_csum_add(vnet_pseudo_sum(o, p->l4proto, l4_len), o + p->l3len,
				    l4_len) != 0xffff)
		abort();
}

/* A coalesced write: accepted by our own reader, and splitting it gives its payload back. */
static void check_write(const uint8_t *out, size_t len)
{
	struct vnet_pkt p;
	struct vnet_seg it;
	size_t n, hdrs, off = 0;

	if (vnet_parse(out, len, &p) != VNET_OK || vnet_seg_init(&it, &p, 0))
		abort();
	if (p.hdr.gso_type == VNET_GSO_NONE)
		return;
	hdrs = (size_t)p.l3len + p.l4len;
	while (vnet_seg_next(&it, seg2, sizeof(seg2), &n) == 1) {
		check_seg(&p, seg2, n);
		if (n < hdrs || memcmp(seg2 + hdrs, p.ip + hdrs + off, n - hdrs))
			abort();
		off += n - hdrs;
	}
	if (hdrs + off != p.len)
		abort();
}

static void offer(struct vnet_gro *g, const uint8_t *ip, size_t len)
{
	const uint8_t *out;
	size_t n;
	enum vnet_gro_res r = vnet_gro_add(g, ip, len);

	if (r == VNET_GRO_HELD)
		return;
	if (vnet_gro_flush(g, &out, &n))
		check_write(out, n);
	if (r == VNET_GRO_BUSY && vnet_gro_add(g, ip, len) != VNET_GRO_HELD)
		abort();
}

static void finish(struct vnet_gro *g)
{
	const uint8_t *out;
	size_t n;

	if (vnet_gro_flush(g, &out, &n))
		check_write(out, n);
}

static void from_tun(const uint8_t *buf, size_t size, size_t mtu)
{
	struct vnet_pkt p;
	struct vnet_seg it;
	struct vnet_gro g;
	size_t len, hdrs, payload = 0;
	bool gso;

	if (vnet_parse(buf, size, &p) != VNET_OK || vnet_seg_init(&it, &p, mtu))
		return;
	gso = p.hdr.gso_type != VNET_GSO_NONE;
	hdrs = (size_t)p.l3len + p.l4len;
	vnet_gro_init(&g, grobuf, sizeof(grobuf));
	while (vnet_seg_next(&it, seg, sizeof(seg), &len) == 1) {
		if (gso) {
			check_seg(&p, seg, len);
			if (len <= hdrs || (mtu && len > mtu))
				abort();
			payload += len - hdrs;
		}
		offer(&g, seg, len);
	}
	if (gso && hdrs + payload != p.len)
		abort();
	finish(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vnet_gro g;
	size_t mtu, off = 1;

	if (size < 1)
		return 0;
	mtu = data[0] ? 576 + 4 * (size_t)data[0] : 0;
	from_tun(data + 1, size - 1, mtu);
	vnet_gro_init(&g, grobuf, sizeof(grobuf));
	while (size - off >= 2) {
		size_t n = be16(data + off);

		off += 2;
		if (n > size - off)
			n = size - off;
		offer(&g, data + off, n);
		off += n;
	}
	finish(&g);
	return 0;
}
