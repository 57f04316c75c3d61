// SPDX-License-Identifier: MIT
/*
 * tun/vnet against the running kernel (run by test_tun_vnet.sh inside a fresh namespace):
 * opens vnp0 with IFF_VNET_HDR, offloads on ("on": CSUM, TSO4/6, USO4/6 where the kernel has
 * them) or off ("off"), sends a 5001-byte UDP_SEGMENT send and a plain 333-byte datagram out of
 * it, and checks what the TUN returns: vnet_parse accepts every packet and its segments carry
 * checksums that verify. Then three in-order TCP segments are coalesced and written in one write,
 * which the kernel must accept as one packet (one RST back, no listener). Exit 0 when all hold.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tun/vnet.h"

#define PROBE_UDP_SEGMENT 103	/* linux/udp.h */
#define PROBE_TUN_F_USO 0x60	/* TUN_F_USO4 | TUN_F_USO6, Linux 6.2 */

static uint8_t buf[VNET_HDR_LEN + VNET_PKT_MAX], seg[VNET_PKT_MAX];
static uint8_t grobuf[VNET_HDR_LEN + VNET_PKT_MAX];
static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { printf("FAIL: " __VA_ARGS__); putchar('\n'); \
		failures++; } } while (0)

/* The next IPv4 TCP/UDP packet to port from the TUN, or -1 after 2 s of nothing. */
static ssize_t next_packet(int fd, unsigned port)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		const uint8_t *ip = buf + VNET_HDR_LEN;
		ssize_t n;

		if (poll(&p, 1, 2000) <= 0)
			return -1;
		n = read(fd, buf, sizeof(buf));
		if (n > VNET_HDR_LEN + 24 && ip[0] == 0x45 && (ip[9] == 17 || ip[9] == 6) &&
		    (unsigned)(ip[22] << 8 | ip[23]) == port)
			return n;
	}
}

/* Parses one read and segments it; returns the number of UDP payload bytes it carried. */
static size_t check_read(const char *what, ssize_t n)
{
	struct vnet_pkt p;
	struct vnet_seg it;
	size_t len, payload = 0;
	enum vnet_drop d;

	CHECK(n > 0, "%s: nothing read", what);
	if (n <= 0)
		return 0;
	d = vnet_parse(buf, (size_t)n, &p);
	printf("%s: %zd bytes, gso_type %u gso_size %u flags %u -> %s\n", what, n,
	       p.hdr.gso_type, p.hdr.gso_size, p.hdr.flags, vnet_drop_name(d));
	CHECK(d == VNET_OK, "%s: dropped (%s)", what, vnet_drop_name(d));
	if (d != VNET_OK || vnet_seg_init(&it, &p, 0))
		return 0;
	while (vnet_seg_next(&it, seg, sizeof(seg), &len) == 1) {
		size_t l4 = len - p.l3len;

		CHECK((uint16_t)vnet_csum_add(vnet_pseudo_sum(seg, p.l4proto, l4), seg + p.l3len,
					      l4) == 0xffff, "%s: bad checksum", what);
		payload += l4 - p.l4len;
	}
	return payload;
}

static void send_udp(int u, size_t len, int gso)
{
	static char data[5001];
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7);
	inet_pton(AF_INET, "10.99.0.2", &to.sin_addr);
	setsockopt(u, IPPROTO_UDP, PROBE_UDP_SEGMENT, &gso, sizeof(gso));
	CHECK(sendto(u, data, len, 0, (struct sockaddr *)&to, sizeof(to)) == (ssize_t)len,
	      "sendto: %s", strerror(errno));
}

/* One 1000-byte TCP segment 10.99.0.2:80 -> 10.99.0.1:5555 with seq, checksums right. */
static size_t tcp_segment(uint8_t pk[static 1040], uint32_t seq)
{
	static const uint8_t ip[20] = { 0x45, 0, 1040 >> 8, 1040 & 255, 0, 1, 0x40, 0, 64, 6, 0, 0,
					10, 99, 0, 2, 10, 99, 0, 1 };
	uint8_t *t = pk + 20;
	uint16_t c;

	memset(pk, 0, 1040);
	memcpy(pk, ip, 20);
	c = (uint16_t)~vnet_csum_add(0, pk, 20);
	pk[10] = (uint8_t)(c >> 8);
	pk[11] = (uint8_t)c;
	t[1] = 80;
	t[2] = 5555 >> 8;
	t[3] = 5555 & 255;
	for (int i = 0; i < 4; i++)
		t[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
	t[11] = 1;
	t[12] = 0x50;
	t[13] = 0x10;
	t[14] = 2;
	for (int k = 0; k < 1000; k++)
		t[20 + k] = (uint8_t)k;
	c = (uint16_t)~vnet_csum_add(vnet_pseudo_sum(pk, 6, 1020), t, 1020);
	t[16] = (uint8_t)(c >> 8);
	t[17] = (uint8_t)c;
	return 1040;
}

static void check_gro_write(int fd)
{
	struct vnet_gro g;
	uint8_t pk[1040];
	const uint8_t *out;
	size_t len;
	ssize_t w;
	int rsts = 0;

	vnet_gro_init(&g, grobuf, sizeof(grobuf));
	for (uint32_t i = 0; i < 3; i++) {
		len = tcp_segment(pk, 1000 + 1000 * i);
		CHECK(vnet_gro_add(&g, pk, len) == VNET_GRO_HELD, "segment %u not held", i);
	}
	CHECK(vnet_gro_flush(&g, &out, &len), "nothing to flush");
	w = write(fd, out, len);
	printf("coalesced write: %zu bytes -> %zd\n", len, w);
	CHECK(w == (ssize_t)len, "write: %s", w < 0 ? strerror(errno) : "short");
	while (next_packet(fd, 80) > 0)
		rsts++;
	CHECK(rsts == 1, "%d RSTs for one coalesced packet", rsts);
}

int main(int argc, char **argv)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI | IFF_VNET_HDR };
	unsigned off = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | PROBE_TUN_F_USO;
	int fd = open("/dev/net/tun", O_RDWR), u, on = argc > 1 && !strcmp(argv[1], "on");
	size_t got = 0;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "vnp0");
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr)) {
		perror("tun");
		return 1;
	}
	if (!on)
		off = 0;
	if (ioctl(fd, TUNSETOFFLOAD, off) && (off &= ~(unsigned)PROBE_TUN_F_USO, ioctl(fd, TUNSETOFFLOAD, off))) {
		perror("TUNSETOFFLOAD");
		return 1;
	}
	printf("offloads 0x%x\n", off);
	if (system("ip addr add 10.99.0.1/24 dev vnp0 && ip link set vnp0 up mtu 1400"))
		return 1;
	u = socket(AF_INET, SOCK_DGRAM, 0);
	send_udp(u, 5001, 1000);
	while (got < 5001) {
		size_t n = check_read("udp gso send", next_packet(fd, 9));

		if (!n)
			break;
		got += n;
	}
	CHECK(got == 5001, "UDP_SEGMENT send: %zu of 5001 payload bytes", got);
	send_udp(u, 333, 0);
	CHECK(check_read("udp", next_packet(fd, 9)) == 333, "plain datagram");
	check_gro_write(fd);
	printf("%s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
