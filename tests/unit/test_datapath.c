// SPDX-License-Identifier: MIT
/*
 * tools/datapath against a fake TUN (a SOCK_SEQPACKET socket pair keeps packet boundaries as a TUN
 * does): TUN reads framed into the send buffer behind MS-SSTP 2.2.3 + RFC 1661 headers, a GSO
 * read segmented, a malformed virtio-net header dropped and counted, IP not yet open dropped, the
 * flush repeating the very same buffer after -EAGAIN, and the receive side (in order TCP segments
 * coalesced into one TUN write with offloads, one write each without; control packets and other
 * frames handed back; a partial packet kept) fed whole and split at every byte.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "datapath/dp.h"

struct fake {
	int tun[2];			/* [0] the data path's end, [1] the kernel's */
	bool ip_open;
	uint8_t out[DP_TX_CAP];		/* what the flush wrote */
	size_t out_len;
	int eagain;			/* this many -EAGAIN first */
	const uint8_t *try_buf;
	size_t try_len;
	unsigned controls, frames, datas;
	struct pkt_pool pool;
	struct dp dp;
};

static int fake_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct fake *f = ctx;

	if (f->try_buf) {
		/* wolfSSL's rule: the same buffer and length again after WANT_WRITE. */
		assert_ptr_equal(buf, f->try_buf);
		assert_int_equal(len, f->try_len);
		f->try_buf = NULL;
	}
	if (f->eagain) {
		f->eagain--;
		f->try_buf = buf;
		f->try_len = len;
		return -EAGAIN;
	}
	memcpy(f->out + f->out_len, buf, len);
	f->out_len += len;
	return (int)len;
}

static bool fake_ip_open(void *ctx, uint16_t proto)
{
	struct fake *f = ctx;

	(void)proto;
	return f->ip_open;
}

static void on_control(void *ctx, const uint8_t *pk, size_t len)
{
	struct fake *f = ctx;

	assert_int_equal(pk[1] & 1, 1);
	assert_true(len >= 4);
	f->controls++;
}

static void on_frame(void *ctx, const uint8_t *frame, size_t len)
{
	struct fake *f = ctx;

	(void)frame;
	(void)len;
	f->frames++;
}

static void on_data(void *ctx)
{
	((struct fake *)ctx)->datas++;
}

static bool more(void *ctx)
{
	(void)ctx;
	return true;
}

static const struct dp_rx_ops ops = { on_control, on_frame, on_data, more, NULL, NULL };

static struct fake *fake_new(bool vnet, unsigned offloads)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct dp_cfg cfg = { .write = fake_write, .ip_open = fake_ip_open, .pool = &f->pool };

	assert_non_null(f);
	cfg.ctx = f;
	f->ip_open = true;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, f->tun), 0);
	assert_int_equal(pkt_pool_init(&f->pool, 8, 2048), 0);
	assert_int_equal(dp_init(&f->dp, &cfg), 0);
	dp_set_tun(&f->dp, f->tun[0], vnet, offloads, 1400);
	return f;
}

static void fake_free(struct fake *f)
{
	dp_free(&f->dp);
	pkt_pool_destroy(&f->pool);
	close(f->tun[0]);
	close(f->tun[1]);
	free(f);
}

static void wr16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned rd16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* An IPv4 TCP segment 10.0.0.1:1000 -> 10.0.0.2:2000, ACK, payload bytes (i + seq) & 255. */
static size_t tcp4(uint8_t *ip, uint32_t seq, size_t payload, uint8_t flags, bool csum)
{
	uint8_t *t = ip + 20;
	size_t len = 40 + payload;
	uint16_t c;

	memset(ip, 0, len);
	ip[0] = 0x45;
	wr16(ip + 2, (unsigned)len);
	ip[6] = 0x40;
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	c = (uint16_t)~vnet_csum_add(0, ip, 20);
	wr16(ip + 10, c);
	wr16(t, 1000);
	wr16(t + 2, 2000);
	wr16(t + 4, seq >> 16);
	wr16(t + 6, seq & 0xffff);
	wr16(t + 8, 0);
	wr16(t + 10, 1);
	t[12] = 0x50;
	t[13] = flags;
	wr16(t + 14, 512);
	for (size_t i = 0; i < payload; i++)
		t[20 + i] = (uint8_t)(i + seq);
	if (csum) {
		c = (uint16_t)~vnet_csum_add(vnet_pseudo_sum(ip, 6, len - 20), t, len - 20);
		wr16(t + 16, c);
	}
	return len;
}

/* A plain read becomes one SSTP data packet: 10 00 LEN FF 03 00 21 + the packet, unchanged. */
static void test_plain_read(void **state)
{
	struct fake *f = fake_new(false, 0);
	uint8_t ip[200];
	size_t n = tcp4(ip, 7, 100, 0x10, true);

	(void)state;
	assert_int_equal(write(f->tun[1], ip, n), (ssize_t)n);
	assert_true(dp_tun_wanted(&f->dp));
	dp_tun_drain(&f->dp);
	assert_int_equal(dp_flush(&f->dp, 0), 0);
	assert_int_equal(f->out_len, n + 8);
	assert_memory_equal(f->out, "\x10\x00", 2);
	assert_int_equal(rd16(f->out + 2), n + 8);
	assert_memory_equal(f->out + 4, "\xff\x03\x00\x21", 4);
	assert_memory_equal(f->out + 8, ip, n);
	assert_int_equal(f->dp.st.tx_packets, 1);
	/* IPCP not open: read and dropped, counted. */
	f->ip_open = false;
	assert_int_equal(write(f->tun[1], ip, n), (ssize_t)n);
	dp_tun_drain(&f->dp);
	assert_false(dp_tx_pending(&f->dp));
	assert_int_equal(f->dp.st.tx_drops, 1);
	fake_free(f);
}

/* A TSO read of 350 payload bytes with gso_size 100: four segments, lengths and sequence right. */
static void test_gso_read(void **state)
{
	struct fake *f = fake_new(true, 1);
	uint8_t buf[10 + 400];
	struct vnet_hdr h = { .flags = VNET_F_NEEDS_CSUM, .gso_type = VNET_GSO_TCPV4, .hdr_len = 40,
			      .gso_size = 100, .csum_start = 20, .csum_offset = 16 };
	size_t n = tcp4(buf + 10, 1000, 350, 0x18, false), off = 0;
	uint32_t seq = 1000;

	(void)state;
	/* NEEDS_CSUM: the TCP checksum field holds the pseudo-header sum, as the kernel leaves it. */
	wr16(buf + 10 + 36, (uint16_t)vnet_pseudo_sum(buf + 10, 6, n - 20));
	vnet_hdr_write(buf, &h);
	assert_int_equal(write(f->tun[1], buf, n + 10), (ssize_t)(n + 10));
	dp_tun_drain(&f->dp);
	assert_int_equal(dp_flush(&f->dp, 0), 0);
	for (int i = 0; i < 4; i++) {
		size_t pay = i < 3 ? 100 : 50, l = rd16(f->out + off + 2);
		const uint8_t *ip = f->out + off + 8;

		assert_int_equal(l, 8 + 40 + pay);
		assert_int_equal(rd16(ip + 2), 40 + pay);
		assert_int_equal((uint32_t)rd16(ip + 24) << 16 | rd16(ip + 26), seq);
		assert_int_equal(vnet_csum_add(0, ip, 20), 0xffff);
		assert_int_equal(vnet_csum_add(vnet_pseudo_sum(ip, 6, 20 + pay), ip + 20, 20 + pay),
				 0xffff);
		assert_int_equal(ip[33] & 0x08, i == 3 ? 0x08 : 0);	/* PSH on the last only */
		seq += (uint32_t)pay;
		off += l;
	}
	assert_int_equal(off, f->out_len);
	/* A header with unknown flag bits: dropped and counted, nothing sent. */
	buf[0] = 0x80;
	assert_int_equal(write(f->tun[1], buf, n + 10), (ssize_t)(n + 10));
	dp_tun_drain(&f->dp);
	assert_false(dp_tx_pending(&f->dp));
	assert_int_equal(f->dp.st.drops[VNET_DROP_FLAGS], 1);
	fake_free(f);
}

/* -EAGAIN: the same bytes go again, then control bytes queued meanwhile follow them. */
static void test_flush_retry(void **state)
{
	struct fake *f = fake_new(false, 0);

	(void)state;
	assert_int_equal(dp_queue_bytes(&f->dp, "abc", 3), 0);
	f->eagain = 2;
	assert_int_equal(dp_flush(&f->dp, 0), -EAGAIN);
	assert_true(dp_tx_retrying(&f->dp));
	assert_int_equal(dp_queue_bytes(&f->dp, "de", 2), 0);
	assert_int_equal(dp_flush(&f->dp, 0), -EAGAIN);
	assert_int_equal(dp_flush(&f->dp, 0), 0);
	assert_int_equal(f->out_len, 5);
	assert_memory_equal(f->out, "abcde", 5);
	/* The slow drip: one byte per call. */
	assert_int_equal(dp_queue_bytes(&f->dp, "xy", 2), 0);
	assert_int_equal(dp_flush(&f->dp, 1), -EAGAIN);
	assert_int_equal(dp_flush(&f->dp, 1), 0);
	assert_memory_equal(f->out + 5, "xy", 2);
	fake_free(f);
}

/* Three in-order segments, an LCP frame, an Echo Request and half a packet, in one buffer. */
static size_t rx_stream(uint8_t *buf)
{
	static const uint8_t echo[] = { 0x10, 0x01, 0x00, 0x08, 0x00, 0x08, 0x00, 0x00 };
	static const uint8_t lcp[] = { 0x10, 0x00, 0x00, 0x0c, 0xff, 0x03, 0xc0, 0x21,
				       0x09, 0x01, 0x00, 0x08 };
	size_t off = 0;

	for (int i = 0; i < 3; i++) {
		size_t n = tcp4(buf + off + 8, 5000 + 300u * (unsigned)i, 300, 0x10, true);

		memcpy(buf + off, "\x10\x00\x00\x00\xff\x03\x00\x21", 8);
		wr16(buf + off + 2, (unsigned)n + 8);
		off += n + 8;
	}
	memcpy(buf + off, lcp, sizeof(lcp));
	off += sizeof(lcp);
	memcpy(buf + off, echo, sizeof(echo));
	off += sizeof(echo);
	memcpy(buf + off, "\x10\x00\x01\x00\xff\x03", 6);	/* 256 bytes announced, 6 here */
	return off + 6;
}

static void rx_check(bool vnet, size_t step)
{
	struct fake *f = fake_new(vnet, vnet ? 7 : 0);
	uint8_t stream[2048], rx[4096], got[4096];
	size_t total = rx_stream(stream), len = 0, fed = 0;
	ssize_t n;
	int writes = 0;

	while (fed < total) {
		size_t k = total - fed < step ? total - fed : step;

		memcpy(rx + len, stream + fed, k);
		len += k;
		fed += k;
		assert_int_equal(dp_rx(&f->dp, rx, &len, &ops, f), 0);
	}
	dp_rx_flush(&f->dp);
	assert_int_equal(len, 6);	/* the partial packet waits */
	assert_int_equal(f->controls, 1);
	assert_int_equal(f->frames, 1);
	assert_int_equal(f->datas, 4);
	while ((n = read(f->tun[1], got, sizeof(got))) > 0) {
		writes++;
		if (vnet && step == total) {
			struct vnet_hdr h;

			/* One receive drain: the three segments leave as one TSO packet. */
			vnet_hdr_read(got, &h);
			assert_int_equal(n, 10 + 40 + 900);
			assert_int_equal(h.gso_type, VNET_GSO_TCPV4);
			assert_int_equal(h.gso_size, 300);
		} else if (!vnet) {
			assert_int_equal(n, 340);
		}
	}
	if (!vnet)
		assert_int_equal(writes, 3);
	else if (step == total)
		assert_int_equal(writes, 1);
	assert_int_equal(f->dp.st.rx_packets, 3);
	fake_free(f);
}

static void test_rx_coalesced(void **state)
{
	(void)state;
	rx_check(true, 4096);
}

static void test_rx_plain(void **state)
{
	(void)state;
	rx_check(false, 4096);
}

/* Split at every byte: the same frames, controls and IP, whatever the TLS records cut. */
static void test_rx_split_every_byte(void **state)
{
	(void)state;
	for (size_t step = 1; step < 64; step++) {
		rx_check(false, step);
		rx_check(true, step);
	}
}

/* A header no SSTP packet can have (MS-SSTP 3.1.5.1): -EBADMSG. */
static void test_rx_bad_header(void **state)
{
	struct fake *f = fake_new(false, 0);
	uint8_t rx[8] = { 0x11, 0x00, 0x00, 0x08 };
	size_t len = sizeof(rx);

	(void)state;
	assert_int_equal(dp_rx(&f->dp, rx, &len, &ops, f), -EBADMSG);
	fake_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_read),
		cmocka_unit_test(test_gso_read),
		cmocka_unit_test(test_flush_retry),
		cmocka_unit_test(test_rx_coalesced),
		cmocka_unit_test(test_rx_plain),
		cmocka_unit_test(test_rx_split_every_byte),
		cmocka_unit_test(test_rx_bad_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
