// SPDX-License-Identifier: MIT
/* tun/vnet*.c: virtio-net header checks, GSO segmentation and TCP coalescing, against checksums
 * and sequence numbers computed here independently (byte pairs summed one by one). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tun/vnet.h"

#define TF_FIN 0x01
#define TF_SYN 0x02
#define TF_RST 0x04
#define TF_PSH 0x08
#define TF_ACK 0x10
#define TF_URG 0x20
#define TF_CWR 0x80

static uint8_t big[VNET_HDR_LEN + VNET_PKT_MAX];
static uint8_t seg[4][VNET_PKT_MAX];

static unsigned rd16(const uint8_t *p)
{
	return (unsigned)p[0] * 256u + p[1];
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) * 65536u + rd16(p + 2);
}

static void wr16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v / 256);
	p[1] = (uint8_t)(v % 256);
}

/* The reference: RFC 1071 one 16-bit word at a time, end-around carry after each addition. */
static unsigned ref_add(unsigned sum, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i += 2) {
		sum += (unsigned)p[i] * 256u + (i + 1 < n ? p[i + 1] : 0u);
		if (sum > 0xffff)
			sum -= 0xffff;
	}
	return sum;
}

/* The checksum a receiver expects for the L4 part of ip (field zeroed in a copy). */
static unsigned ref_l4_csum(const uint8_t *ip, size_t len, unsigned l3, int udp)
{
	static uint8_t copy[VNET_PKT_MAX];
	uint8_t pseudo[40] = { 0 };
	size_t plen, l4 = len - l3;
	unsigned s;

	memcpy(copy, ip + l3, l4);
	wr16(copy + (udp ? 6 : 16), 0);
	if (ip[0] >> 4 == 4) {
		memcpy(pseudo, ip + 12, 8);
		pseudo[9] = udp ? 17 : 6;
		wr16(pseudo + 10, (unsigned)l4);
		plen = 12;
	} else {
		memcpy(pseudo, ip + 8, 32);
		wr16(pseudo + 34, (unsigned)l4);
		pseudo[39] = udp ? 17 : 6;
		plen = 40;
	}
	s = ref_add(ref_add(0, pseudo, plen), copy, l4);
	s = 0xffff - s;
	return udp && s == 0 ? 0xffff : s;
}

static unsigned ref_ip4_csum(const uint8_t *ip)
{
	uint8_t h[60];
	size_t n = (size_t)(ip[0] & 15) * 4;

	memcpy(h, ip, n);
	wr16(h + 10, 0);
	return 0xffff - ref_add(0, h, n);
}

struct spec {
	int v6, udp;
	size_t payload, opts;
	unsigned flags, gso_size;
	uint32_t seq;
};

/* Builds virtio-net header + IP packet into out as the kernel hands a GSO packet up; returns len. */
static size_t build(uint8_t *out, const struct spec *s)
{
	uint8_t *ip = out + VNET_HDR_LEN, *l4;
	size_t l3 = s->v6 ? 40 : 20, l4h = s->udp ? 8 : 20 + s->opts, len = l3 + l4h + s->payload;
	struct vnet_hdr h = { 0 };

	memset(ip, 0, l3 + l4h);
	if (s->v6) {
		ip[0] = 0x60;
		wr16(ip + 4, (unsigned)(len - 40));
		ip[6] = s->udp ? 17 : 6;
		ip[7] = 64;
		ip[8] = 0xfd, ip[23] = 1, ip[24] = 0xfd, ip[39] = 2;
	} else {
		ip[0] = 0x45;
		wr16(ip + 2, (unsigned)len);
		wr16(ip + 4, 0x1234);
		ip[6] = 0x40;
		ip[8] = 64;
		ip[9] = s->udp ? 17 : 6;
		ip[12] = 10, ip[15] = 1, ip[16] = 10, ip[19] = 2;
		wr16(ip + 10, ref_ip4_csum(ip));
	}
	l4 = ip + l3;
	wr16(l4, 40000);
	wr16(l4 + 2, s->udp ? 53 : 443);
	if (s->udp) {
		wr16(l4 + 4, (unsigned)(len - l3));
	} else {
		wr16(l4 + 4, (unsigned)(s->seq >> 16));
		wr16(l4 + 6, s->seq & 0xffff);
		wr16(l4 + 8, 0xa1b2);
		wr16(l4 + 10, 0xc3d4);
		l4[12] = (uint8_t)((20 + s->opts) / 4 * 16);
		l4[13] = (uint8_t)s->flags;
		wr16(l4 + 14, 502);
		for (size_t i = 0; i + 12 <= s->opts; i += 12) {
			static const uint8_t ts[12] = { 1, 1, 8, 10, 0, 0, 0x12, 0x34, 0, 0, 0x56, 0x78 };
			memcpy(l4 + 20 + i, ts, 12);
		}
	}
	for (size_t i = 0; i < s->payload; i++)
		ip[l3 + l4h + i] = (uint8_t)(i * 7 + 3 + i / 251);
	wr16(l4 + (s->udp ? 6 : 16), ref_l4_csum(ip, len, (unsigned)l3, s->udp));
	if (s->gso_size) {
		h.flags = VNET_F_NEEDS_CSUM;
		h.gso_type = s->udp ? VNET_GSO_UDP_L4 : s->v6 ? VNET_GSO_TCPV6 : VNET_GSO_TCPV4;
		h.gso_size = (uint16_t)s->gso_size;
		h.hdr_len = (uint16_t)(l3 + l4h);
		h.csum_start = (uint16_t)l3;
		h.csum_offset = s->udp ? 6 : 16;
	}
	vnet_hdr_write(out, &h);
	return VNET_HDR_LEN + len;
}

/* Segments s and checks every segment against what the test computes itself. */
static void check_segmentation(const struct spec *s, size_t mtu, size_t expect_mss)
{
	size_t total = build(big, s), l3 = s->v6 ? 40 : 20, l4h = s->udp ? 8 : 20 + s->opts;
	size_t hdrs = l3 + l4h, off = 0, len, n = 0, want_n;
	const uint8_t *src = big + VNET_HDR_LEN;
	struct vnet_pkt p;
	struct vnet_seg it;

	assert_int_equal(vnet_parse(big, total, &p), VNET_OK);
	assert_int_equal(vnet_seg_init(&it, &p, mtu), 0);
	want_n = (s->payload + expect_mss - 1) / expect_mss;
	while (vnet_seg_next(&it, seg[0], sizeof(seg[0]), &len) == 1) {
		const uint8_t *o = seg[0], *l4 = o + l3;
		size_t chunk = s->payload - off < expect_mss ? s->payload - off : expect_mss;
		int first = n == 0, last = n + 1 == want_n;

		assert_int_equal(len, hdrs + chunk);
		assert_memory_equal(o + hdrs, src + hdrs + off, chunk);
		if (s->v6) {
			assert_int_equal(rd16(o + 4), len - 40);
		} else {
			assert_int_equal(rd16(o + 2), len);
			assert_int_equal(rd16(o + 4), 0x1234 + n);
			assert_int_equal(rd16(o + 10), ref_ip4_csum(o));
		}
		assert_int_equal(rd16(l4 + (s->udp ? 6 : 16)), ref_l4_csum(o, len, (unsigned)l3, s->udp));
		if (s->udp) {
			assert_int_equal(rd16(l4 + 4), 8 + chunk);
		} else {
			unsigned want = s->flags & ~(unsigned)(TF_FIN | TF_PSH | TF_CWR);

			want |= last ? s->flags & (TF_FIN | TF_PSH) : 0;
			want |= first ? s->flags & TF_CWR : 0;
			assert_int_equal(rd32(l4 + 4), (uint32_t)(s->seq + off));
			assert_int_equal(l4[13], want);
			assert_memory_equal(l4 + 20, src + l3 + 20, s->opts);
		}
		off += chunk;
		n++;
	}
	assert_int_equal(n, want_n);
	assert_int_equal(off, s->payload);
	assert_int_equal(vnet_seg_next(&it, seg[0], sizeof(seg[0]), &len), 0);
}

static void test_seg_tcp4_options_odd(void **state)
{
	(void)state;
	/* 4001 bytes, MSS 1000: four full segments and a 1-byte one; seq wraps past 2^32 */
	check_segmentation(&(struct spec){ .payload = 4001, .opts = 12, .gso_size = 1000,
		.flags = TF_ACK | TF_PSH | TF_FIN | TF_CWR, .seq = 0xfffffc00u }, 0, 1000);
}

static void test_seg_tcp6_no_options(void **state)
{
	(void)state;
	check_segmentation(&(struct spec){ .v6 = 1, .payload = 3000, .gso_size = 1440,
		.flags = TF_ACK | TF_PSH, .seq = 7 }, 0, 1440);
	check_segmentation(&(struct spec){ .v6 = 1, .payload = 65535 - 40 - 32, .opts = 12,
		.gso_size = 1388, .flags = TF_ACK, .seq = 1 }, 0, 1388);
}

static void test_seg_udp(void **state)
{
	(void)state;
	check_segmentation(&(struct spec){ .udp = 1, .payload = 2501, .gso_size = 1000 }, 0, 1000);
	check_segmentation(&(struct spec){ .udp = 1, .v6 = 1, .payload = 1999, .gso_size = 1000 },
			   0, 1000);
}

static void test_seg_mtu(void **state)
{
	struct spec s = { .udp = 1, .payload = 3000, .gso_size = 1400 };
	struct vnet_pkt p;
	struct vnet_seg it;
	size_t total, len;

	(void)state;
	/* TCP may be cut finer than gso_size; a USO datagram may not */
	check_segmentation(&(struct spec){ .payload = 5000, .gso_size = 1460, .flags = TF_ACK },
			   1300, 1300 - 40);
	total = build(big, &s);
	assert_int_equal(vnet_parse(big, total, &p), VNET_OK);
	assert_int_equal(vnet_seg_init(&it, &p, 1300), -EMSGSIZE);
	assert_int_equal(vnet_seg_init(&it, &p, 1428), 0);
	assert_int_equal(vnet_seg_next(&it, seg[0], 1427, &len), -ENOBUFS);
	assert_int_equal(vnet_seg_next(&it, seg[0], 1428, &len), 1);
}

static void test_seg_none_needs_csum(void **state)
{
	struct spec specs[] = { { .payload = 333 }, { .v6 = 1, .udp = 1, .payload = 77 } };

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		const struct spec *s = &specs[k];
		size_t total = build(big, s), l3 = s->v6 ? 40 : 20, len;
		uint8_t *ip = big + VNET_HDR_LEN;
		unsigned good = rd16(ip + l3 + (s->udp ? 6 : 16)), partial;
		struct vnet_hdr h = { .flags = VNET_F_NEEDS_CSUM, .csum_start = (uint16_t)l3,
				      .csum_offset = s->udp ? 6 : 16 };
		struct vnet_pkt p;
		struct vnet_seg it;
		uint8_t pseudo[40] = { 0 };

		/* the kernel leaves the pseudo-header sum, not complemented, in the field */
		memcpy(pseudo, ip + (s->v6 ? 8 : 12), s->v6 ? 32 : 8);
		wr16(pseudo + 34, (unsigned)(total - VNET_HDR_LEN - l3));
		pseudo[39] = s->udp ? 17 : 6;
		partial = ref_add(0, pseudo, 40);
		wr16(ip + l3 + h.csum_offset, partial);
		vnet_hdr_write(big, &h);
		assert_int_equal(vnet_parse(big, total, &p), VNET_OK);
		assert_int_equal(vnet_seg_init(&it, &p, 0), 0);
		assert_int_equal(vnet_seg_next(&it, seg[0], sizeof(seg[0]), &len), 1);
		assert_int_equal(len, total - VNET_HDR_LEN);
		assert_int_equal(rd16(seg[0] + l3 + h.csum_offset), good);
		assert_int_equal(vnet_seg_next(&it, seg[0], sizeof(seg[0]), &len), 0);
	}
}

/* One mutation of a valid TCPv4 GSO packet and the reason it must be dropped with. */
static void expect_drop(size_t total, void (*mut)(uint8_t *b, struct vnet_hdr *h), int want)
{
	struct vnet_hdr h;
	struct vnet_pkt p;

	size_t built = build(big, &(struct spec){ .payload = 3000, .gso_size = 1000,
						 .flags = TF_ACK, .opts = 12 });

	if (!total)
		total = built;
	vnet_hdr_read(big, &h);
	mut(big + VNET_HDR_LEN, &h);
	vnet_hdr_write(big, &h);
	assert_int_equal(vnet_parse(big, total, &p), want);
}

#define MUT(name, body) \
	static void name(uint8_t *b, struct vnet_hdr *h) { (void)b; (void)h; body; }
MUT(m_flags, h->flags |= 0x10) MUT(m_ufo, h->gso_type = VNET_GSO_UDP)
MUT(m_type9, h->gso_type = 9) MUT(m_ecn_udp, h->gso_type = VNET_GSO_UDP_L4 | VNET_GSO_ECN)
MUT(m_no_csum, h->flags = 0) MUT(m_csum_start, h->csum_start = 21)
MUT(m_csum_off, h->csum_offset = 6) MUT(m_hdr_len, h->hdr_len = 60000)
MUT(m_gso0, h->gso_size = 0) MUT(m_v6type, h->gso_type = VNET_GSO_TCPV6)
MUT(m_udp_type, h->gso_type = VNET_GSO_UDP_L4) MUT(m_totlen, b[3]++)
MUT(m_ihl, b[0] = 0x44) MUT(m_version, b[0] = 0x55)
MUT(m_mf, b[6] = 0x20) MUT(m_fragoff, b[7] = 1)
MUT(m_doff_small, b[32] = 0x40) MUT(m_doff_big, b[32] = 0xf0; b[2] = 0; b[3] = 70; h->hdr_len = 0)
MUT(m_syn, b[33] |= TF_SYN) MUT(m_rst, b[33] |= TF_RST)
MUT(m_urg, b[33] |= TF_URG) MUT(m_nopayload, b[2] = 0; b[3] = 52; h->hdr_len = 0)

static void test_malformed(void **state)
{
	struct vnet_pkt p;
	size_t total;
	uint8_t hdr[VNET_HDR_LEN + 1] = { 0 };
	const struct { void (*mut)(uint8_t *, struct vnet_hdr *); size_t total; int want; } cases[] = {
		{ m_flags, 0, VNET_DROP_FLAGS }, { m_ufo, 0, VNET_DROP_GSO_TYPE },
		{ m_type9, 0, VNET_DROP_GSO_TYPE }, { m_ecn_udp, 0, VNET_DROP_GSO_TYPE },
		{ m_no_csum, 0, VNET_DROP_NO_CSUM }, { m_csum_start, 0, VNET_DROP_CSUM },
		{ m_csum_off, 0, VNET_DROP_CSUM }, { m_hdr_len, 0, VNET_DROP_HDR_LEN },
		{ m_gso0, 0, VNET_DROP_GSO_SIZE }, { m_v6type, 0, VNET_DROP_IP },
		{ m_udp_type, 0, VNET_DROP_L4 }, { m_totlen, 0, VNET_DROP_IP },
		{ m_ihl, 0, VNET_DROP_IP }, { m_version, 0, VNET_DROP_IP },
		{ m_mf, 0, VNET_DROP_FRAG }, { m_fragoff, 0, VNET_DROP_FRAG },
		{ m_doff_small, 0, VNET_DROP_L4 }, { m_doff_big, 70 + VNET_HDR_LEN, VNET_DROP_L4 },
		{ m_syn, 0, VNET_DROP_TCP_FLAGS }, { m_rst, 0, VNET_DROP_TCP_FLAGS },
		{ m_urg, 0, VNET_DROP_TCP_FLAGS },
		{ m_nopayload, 52 + VNET_HDR_LEN, VNET_DROP_L4 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_drop(cases[i].total, cases[i].mut, cases[i].want);
	assert_int_equal(vnet_parse(hdr, VNET_HDR_LEN, &p), VNET_DROP_SHORT);
	/* NONE + NEEDS_CSUM whose field would lie past the end */
	hdr[0] = VNET_F_NEEDS_CSUM;
	assert_int_equal(vnet_parse(hdr, sizeof(hdr), &p), VNET_DROP_CSUM);
	/* every truncation of a valid GSO packet is refused, never read past */
	total = build(big, &(struct spec){ .payload = 100, .gso_size = 40, .flags = TF_ACK });
	for (size_t n = 0; n < total; n++) {
		uint8_t *cut = malloc(n ? n : 1);

		memcpy(cut, big, n);
		assert_int_not_equal(vnet_parse(cut, n, &p), VNET_OK);
		free(cut);
	}
	assert_int_equal(vnet_parse(big, total, &p), VNET_OK);
	assert_string_equal(vnet_drop_name(VNET_DROP_FRAG), "fragment");
}

static void test_udp_zero_and_passthrough(void **state)
{
	struct spec s = { .udp = 1, .payload = 100, .gso_size = 1000 };
	size_t total = build(big, &s), len;
	uint8_t *ip = big + VNET_HDR_LEN, icmp[28] = { 0x45, 0, 0, 28, [8] = 64, [9] = 1 };
	struct vnet_pkt p;
	struct vnet_seg it;
	unsigned c;

	(void)state;
	/* RFC 768: a last payload word equal to the checksum without it makes the sum zero, which
	 * is sent as 0xffff (0 means "no checksum") */
	wr16(ip + total - VNET_HDR_LEN - 2, 0);
	c = ref_l4_csum(ip, total - VNET_HDR_LEN, 20, 1);
	wr16(ip + total - VNET_HDR_LEN - 2, c);
	assert_int_equal(vnet_parse(big, total, &p), VNET_OK);
	assert_int_equal(vnet_seg_init(&it, &p, 0), 0);
	assert_int_equal(vnet_seg_next(&it, seg[0], sizeof(seg[0]), &len), 1);
	assert_int_equal(rd16(seg[0] + 20 + 6), 0xffff);
	/* not GSO, not TCP/UDP, even not IP: passes unchanged */
	memset(big, 0, VNET_HDR_LEN);
	memcpy(big + VNET_HDR_LEN, icmp, sizeof(icmp));
	assert_int_equal(vnet_parse(big, VNET_HDR_LEN + sizeof(icmp), &p), VNET_OK);
	assert_int_equal(p.ipver, 0);
	memcpy(big + VNET_HDR_LEN, "\x99garbage", 8);
	big[0] = VNET_F_DATA_VALID;
	assert_int_equal(vnet_parse(big, VNET_HDR_LEN + 8, &p), VNET_OK);
	assert_int_equal(vnet_seg_init(&it, &p, 0), 0);
	assert_int_equal(vnet_seg_next(&it, seg[0], sizeof(seg[0]), &len), 1);
	assert_memory_equal(seg[0], "\x99garbage", len);
	assert_int_equal(len, 8);
}

static uint8_t pk[64][2048];
static uint8_t grobuf[VNET_HDR_LEN + VNET_PKT_MAX];

/* One plain segment (no virtio-net header) into out; returns its length. */
static size_t mkseg(uint8_t *out, struct spec s)
{
	size_t n;

	s.gso_size = 0;
	n = build(big, &s) - VNET_HDR_LEN;
	memcpy(out, big + VNET_HDR_LEN, n);
	return n;
}

static void fix_ip4(uint8_t *ip)
{
	wr16(ip + 10, ref_ip4_csum(ip));
}

static void fix_tcp(uint8_t *ip, size_t len)
{
	unsigned l3 = ip[0] >> 4 == 4 ? 20 : 40;

	wr16(ip + l3 + 16, ref_l4_csum(ip, len, l3, 0));
}

/* Segments the spec'd GSO packet, coalesces the segments back, checks the result and that
 * segmenting it again gives the same segments byte for byte. */
static void check_round_trip(const struct spec *s)
{
	size_t total = build(big, s), len, n = 0, outlen, l3 = s->v6 ? 40 : 20;
	size_t hdrs = l3 + 20 + s->opts, lens[64];
	uint8_t orig[VNET_PKT_MAX];
	const uint8_t *out;
	struct vnet_pkt p;
	struct vnet_seg it;
	struct vnet_gro g;
	struct vnet_hdr h;

	memcpy(orig, big + VNET_HDR_LEN, total - VNET_HDR_LEN);
	assert_int_equal(vnet_parse(big, total, &p), VNET_OK);
	assert_int_equal(vnet_seg_init(&it, &p, 0), 0);
	while (vnet_seg_next(&it, pk[n], sizeof(pk[n]), &lens[n]) == 1)
		n++;
	vnet_gro_init(&g, grobuf, sizeof(grobuf));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(vnet_gro_add(&g, pk[i], lens[i]), VNET_GRO_HELD);
	assert_true(vnet_gro_flush(&g, &out, &outlen));
	assert_false(vnet_gro_flush(&g, &out, &outlen));
	assert_int_equal(outlen, total);
	vnet_hdr_read(out, &h);
	assert_int_equal(h.flags, VNET_F_NEEDS_CSUM);
	assert_int_equal(h.gso_type, s->v6 ? VNET_GSO_TCPV6 : VNET_GSO_TCPV4);
	assert_int_equal(h.gso_size, s->gso_size);
	assert_int_equal(h.csum_start, l3);
	assert_int_equal(h.csum_offset, 16);
	assert_int_equal(h.hdr_len, hdrs);
	/* the payload and sequence number are the original's */
	assert_memory_equal(out + VNET_HDR_LEN + hdrs, orig + hdrs, s->payload);
	assert_int_equal(rd32(out + VNET_HDR_LEN + l3 + 4), s->seq);
	if (!s->v6)
		assert_int_equal(rd16(out + VNET_HDR_LEN + 10), ref_ip4_csum(out + VNET_HDR_LEN));
	/* NEEDS_CSUM: completing the partial sum gives the packet's real checksum */
	assert_int_equal(0xffff - ref_add(0, out + VNET_HDR_LEN + l3, total - VNET_HDR_LEN - l3),
			 ref_l4_csum(out + VNET_HDR_LEN, total - VNET_HDR_LEN, (unsigned)l3, 0));
	/* what we write, our own reader accepts and splits into the same segments */
	memcpy(big, out, outlen);
	assert_int_equal(vnet_parse(big, outlen, &p), VNET_OK);
	assert_int_equal(vnet_seg_init(&it, &p, 0), 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(vnet_seg_next(&it, seg[0], sizeof(seg[0]), &len), 1);
		assert_int_equal(len, lens[i]);
		assert_memory_equal(seg[0], pk[i], len);
	}
	assert_int_equal(vnet_seg_next(&it, seg[0], sizeof(seg[0]), &len), 0);
}

static void test_round_trip(void **state)
{
	(void)state;
	check_round_trip(&(struct spec){ .payload = 4001, .opts = 12, .gso_size = 1000,
		.flags = TF_ACK | TF_PSH, .seq = 0xfffff000u });
	check_round_trip(&(struct spec){ .v6 = 1, .payload = 2880, .gso_size = 1440,
		.flags = TF_ACK, .seq = 99 });
	check_round_trip(&(struct spec){ .payload = 65535 - 40, .gso_size = 1460,
		.flags = TF_ACK | TF_PSH, .seq = 5 });
}

/* Three 100-byte segments; the middle one gets flags f: what the batch does with each. A passed
 * middle one leaves a sequence gap, so the third cannot join the first's batch either. */
static void check_flags(unsigned f, enum vnet_gro_res r2, enum vnet_gro_res r3)
{
	struct vnet_gro g;
	size_t n;

	vnet_gro_init(&g, grobuf, sizeof(grobuf));
	n = mkseg(pk[0], (struct spec){ .payload = 100, .flags = TF_ACK, .seq = 1000 });
	assert_int_equal(vnet_gro_add(&g, pk[0], n), VNET_GRO_HELD);
	n = mkseg(pk[1], (struct spec){ .payload = 100, .flags = f, .seq = 1100 });
	assert_int_equal(vnet_gro_add(&g, pk[1], n), r2);
	n = mkseg(pk[2], (struct spec){ .payload = 100, .flags = TF_ACK, .seq = 1200 });
	assert_int_equal(vnet_gro_add(&g, pk[2], n), r3);
}

static void test_gro_flags(void **state)
{
	(void)state;
	check_flags(TF_ACK, VNET_GRO_HELD, VNET_GRO_HELD);
	check_flags(TF_ACK | TF_PSH, VNET_GRO_HELD, VNET_GRO_BUSY);
	check_flags(TF_ACK | TF_FIN, VNET_GRO_PASS, VNET_GRO_BUSY);
	check_flags(TF_ACK | TF_RST, VNET_GRO_PASS, VNET_GRO_BUSY);
	check_flags(TF_ACK | TF_URG, VNET_GRO_PASS, VNET_GRO_BUSY);
	check_flags(TF_ACK | TF_SYN, VNET_GRO_PASS, VNET_GRO_BUSY);
	check_flags(TF_ACK | TF_CWR, VNET_GRO_PASS, VNET_GRO_BUSY);
	check_flags(0, VNET_GRO_PASS, VNET_GRO_BUSY);
}

static void test_gro_refuse(void **state)
{
	struct spec base = { .payload = 100, .flags = TF_ACK, .seq = 1000, .opts = 12 };
	struct vnet_gro g;
	const uint8_t *out;
	size_t n, a, outlen;

	(void)state;
	vnet_gro_init(&g, grobuf, sizeof(grobuf));
	a = mkseg(pk[0], base);
	assert_int_equal(vnet_gro_add(&g, pk[0], a), VNET_GRO_HELD);
	base.seq = 1101;	/* a gap */
	n = mkseg(pk[1], base);
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_BUSY);
	base.seq = 1100;
	base.payload = 101;	/* longer than gso_size */
	n = mkseg(pk[1], base);
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_BUSY);
	base.payload = 100;
	n = mkseg(pk[1], base);
	pk[1][20 + 2 * 1] ^= 1;	/* another destination port */
	fix_tcp(pk[1], n);
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_BUSY);
	n = mkseg(pk[1], base);
	pk[1][20 + 20 + 7] ^= 1;	/* another timestamp value */
	fix_tcp(pk[1], n);
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_BUSY);
	n = mkseg(pk[1], base);
	pk[1][20 + 9] ^= 1;	/* another ACK */
	fix_tcp(pk[1], n);
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_BUSY);
	n = mkseg(pk[1], base);
	pk[1][8]--;		/* another TTL */
	fix_ip4(pk[1]);
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_BUSY);
	n = mkseg(pk[1], base);
	pk[1][n - 1] ^= 1;	/* bad TCP checksum */
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	n = mkseg(pk[1], base);
	pk[1][10] ^= 1;		/* bad IPv4 header checksum */
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	n = mkseg(pk[1], base);
	pk[1][6] |= 0x20;	/* a fragment */
	fix_ip4(pk[1]);
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	n = mkseg(pk[1], base);
	memcpy(pk[1] + 40, "\x02\x04\x05\xb4", 4);	/* an MSS option */
	fix_tcp(pk[1], n);
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	n = mkseg(pk[1], (struct spec){ .udp = 1, .payload = 100 });
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	n = mkseg(pk[1], (struct spec){ .payload = 0, .flags = TF_ACK, .seq = 1100 });
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	/* one segment goes out unchanged behind an all-zero header */
	assert_true(vnet_gro_flush(&g, &out, &outlen));
	assert_int_equal(outlen, VNET_HDR_LEN + a);
	assert_memory_equal(out, "\0\0\0\0\0\0\0\0\0\0", VNET_HDR_LEN);
	assert_memory_equal(out + VNET_HDR_LEN, pk[0], a);
	/* a damaged first segment, in the payload or in the TCP header, starts no batch */
	base.seq = 1000;
	n = mkseg(pk[1], base);
	pk[1][n - 1] ^= 1;
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	n = mkseg(pk[1], base);
	pk[1][20 + 19] ^= 1;	/* the urgent pointer, the checksum left as it was */
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	assert_false(vnet_gro_flush(&g, &out, &outlen));
	/* the same damage to the TCP header of a later segment leaves the batch as it was */
	assert_int_equal(vnet_gro_add(&g, pk[0], a), VNET_GRO_HELD);
	base.seq = 1100;
	n = mkseg(pk[1], base);
	pk[1][20 + 19] ^= 1;
	assert_int_equal(vnet_gro_add(&g, pk[1], n), VNET_GRO_PASS);
	assert_true(vnet_gro_flush(&g, &out, &outlen));
	assert_int_equal(outlen, VNET_HDR_LEN + a);
	assert_memory_equal(out + VNET_HDR_LEN, pk[0], a);
}

static void test_gro_bound(void **state)
{
	struct vnet_gro g;
	const uint8_t *out;
	size_t n, outlen, held = 0, seq = 1;

	(void)state;
	vnet_gro_init(&g, grobuf, sizeof(grobuf));
	for (;;) {
		n = mkseg(pk[0], (struct spec){ .v6 = 1, .payload = 1400, .flags = TF_ACK,
						.seq = (uint32_t)seq });
		if (vnet_gro_add(&g, pk[0], n) != VNET_GRO_HELD)
			break;
		held++;
		seq += 1400;
	}
	assert_int_equal(held, (VNET_PKT_MAX - 60) / 1400);
	assert_true(vnet_gro_flush(&g, &out, &outlen));
	assert_true(outlen - VNET_HDR_LEN <= VNET_PKT_MAX);
	assert_int_equal(vnet_gro_add(&g, pk[0], n), VNET_GRO_HELD);
	/* a buffer too small for even one packet: the packet goes its own way */
	vnet_gro_init(&g, grobuf, 100);
	assert_int_equal(vnet_gro_add(&g, pk[0], n), VNET_GRO_PASS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seg_tcp4_options_odd),
		cmocka_unit_test(test_seg_tcp6_no_options),
		cmocka_unit_test(test_seg_udp),
		cmocka_unit_test(test_seg_mtu),
		cmocka_unit_test(test_seg_none_needs_csum),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_udp_zero_and_passthrough),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_gro_flags),
		cmocka_unit_test(test_gro_refuse),
		cmocka_unit_test(test_gro_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
