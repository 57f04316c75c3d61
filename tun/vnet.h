// SPDX-License-Identifier: MIT
/* TUN offloads without I/O: virtio-net header checks, GSO segmentation, TCP coalescing (GRO). */
#ifndef SX_TUN_VNET_H
#define SX_TUN_VNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * struct virtio_net_hdr of <linux/virtio_net.h> (virtio 1.x 5.1.6): 10 bytes in front of every
 * packet of a TUN opened with IFF_VNET_HDR, little-endian on x86 (and wherever TUNSETVNETLE is on).
 */
#define VNET_HDR_LEN 10
#define VNET_F_NEEDS_CSUM 1	/* checksum from csum_start to the end, stored at +csum_offset */
#define VNET_F_DATA_VALID 2	/* checksum already verified */
#define VNET_F_RSC_INFO 4
#define VNET_GSO_NONE 0
#define VNET_GSO_TCPV4 1
#define VNET_GSO_UDP 3		/* UFO: never enabled by us, rejected */
#define VNET_GSO_TCPV6 4
#define VNET_GSO_UDP_L4 5	/* USO: gso_size bytes of UDP payload per datagram */
#define VNET_GSO_ECN 0x80
/* The largest IP packet either direction handles: the 16-bit IPv4 total length. */
#define VNET_PKT_MAX 65535

struct vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len, gso_size, csum_start, csum_offset;
};

void vnet_hdr_read(const uint8_t b[static VNET_HDR_LEN], struct vnet_hdr *h);
void vnet_hdr_write(uint8_t b[static VNET_HDR_LEN], const struct vnet_hdr *h);

/* Why a packet from the kernel was dropped; VNET_OK is not a drop. Counters index by it. */
enum vnet_drop {
	VNET_OK,
	VNET_DROP_SHORT,	/* shorter than the virtio-net header, or no packet after it */
	VNET_DROP_FLAGS,	/* unknown flag bits */
	VNET_DROP_GSO_TYPE,	/* unknown or unsupported gso_type, ECN bit without TCP */
	VNET_DROP_CSUM,		/* csum_start/csum_offset outside the packet or not the L4 checksum */
	VNET_DROP_NO_CSUM,	/* a GSO packet without NEEDS_CSUM */
	VNET_DROP_HDR_LEN,	/* hdr_len past the end of the packet */
	VNET_DROP_GSO_SIZE,	/* gso_size 0, or too large for the packet's headers */
	VNET_DROP_IP,		/* bad IP header, version or length for the gso_type */
	VNET_DROP_FRAG,		/* a GSO packet that is an IPv4 fragment */
	VNET_DROP_L4,		/* not TCP/UDP as the gso_type says, bad TCP/UDP header, no payload */
	VNET_DROP_TCP_FLAGS,	/* SYN, RST or URG on a TCP GSO packet */
	VNET_DROP__N,
};
const char *vnet_drop_name(enum vnet_drop d);

/* A packet checked by vnet_parse; ip points into the caller's buffer (borrowed, not copied). */
struct vnet_pkt {
	struct vnet_hdr hdr;
	const uint8_t *ip;
	size_t len;
	uint8_t ipver;		/* 4 or 6; 0 for a GSO_NONE packet that is not IPv4/IPv6 TCP/UDP */
	uint8_t l4proto;	/* IPPROTO_TCP or IPPROTO_UDP when ipver != 0 */
	uint16_t l3len;		/* IP header bytes */
	uint16_t l4len;		/* TCP header (with options) or UDP header bytes */
};

/*
 * Checks buf[0..len) = virtio-net header + IP packet as read from the TUN. Never trusts the
 * header: GSO types TCPV4, TCPV6, UDP_L4 (NEEDS_CSUM, the L4 checksum at csum_start/offset, IP and
 * L4 headers matching the type, IP length = packet length, gso_size > 0) and NONE (csum_start and
 * csum_offset inside the packet when NEEDS_CSUM). hdr_len is only bounded (the kernel puts its
 * linear length there, not the header length); headers are measured from the packet.
 */
enum vnet_drop vnet_parse(const uint8_t *buf, size_t len, struct vnet_pkt *p);

/*
 * Segmentation of a GSO packet into IP packets of at most gso_size payload bytes (TCP: also at
 * most mtu), each with its own IPv4 id/length/header checksum or IPv6 payload length, TCP sequence
 * number and flags (FIN/PSH on the last segment only, CWR on the first only) or UDP length, and a
 * full TCP/UDP checksum. A GSO_NONE packet comes out once, its NEEDS_CSUM checksum completed.
 * The iterator holds p->ip (borrowed) until the last segment is out.
 */
struct vnet_seg {
	struct vnet_pkt p;
	size_t off;		/* next payload byte, from the end of the headers */
	size_t mss;
	uint16_t n;		/* segments written */
	bool done;
};
/* mtu 0: no limit. -EMSGSIZE when a USO datagram (which cannot be split) exceeds mtu. */
int vnet_seg_init(struct vnet_seg *s, const struct vnet_pkt *p, size_t mtu);
/*
 * Writes the next segment to out[0..cap) (the caller leaves its SSTP/PPP headroom before out) and
 * sets *len: 1 with a segment, 0 when all are out, -ENOBUFS when cap is too small (retry larger).
 */
int vnet_seg_next(struct vnet_seg *s, uint8_t *out, size_t cap, size_t *len);
/* In place, for a GSO_NONE packet read where it will be sent: fills its NEEDS_CSUM checksum. */
void vnet_csum_complete(uint8_t *ip, const struct vnet_pkt *p);

/*
 * Coalescing (GRO in user space) for TUN writes. Packets are offered one by one in arrival order:
 *   VNET_GRO_HELD  copied into the batch;
 *   VNET_GRO_BUSY  TCP that can coalesce, but not into this batch: flush, then offer it again
 *                  (an empty batch always holds it);
 *   VNET_GRO_PASS  not coalescible (not TCP, fragment, options other than timestamps, flags other
 *                  than ACK/PSH, no payload, bad checksum...): flush, then write it alone behind
 *                  an all-zero virtio-net header, unchanged.
 * A batch is one flow: same addresses, ports, ACK, window, TTL/TOS or hop limit/class, same
 * options bytes, sequence numbers contiguous, every segment gso_size long but a shorter last one;
 * a PSH segment ends it. Its length stays <= VNET_PKT_MAX.
 */
enum vnet_gro_res { VNET_GRO_HELD, VNET_GRO_BUSY, VNET_GRO_PASS };

struct vnet_gro {
	uint8_t *buf;		/* VNET_HDR_LEN + up to VNET_PKT_MAX bytes, the caller's (borrowed) */
	size_t cap;
	size_t len;		/* IP bytes held after the header; 0: empty */
	uint16_t l3len, l4len, gso_size, segs;
	uint32_t next_seq;
	bool closed, psh;
};

void vnet_gro_init(struct vnet_gro *g, uint8_t *buf, size_t cap);
enum vnet_gro_res vnet_gro_add(struct vnet_gro *g, const uint8_t *ip, size_t len);
/*
 * Finishes the batch for one TUN write and empties it: *out and *len are the virtio-net header + packet
 * (inside g->buf). One segment: all-zero header, packet as received. More: TCPV4/TCPV6 with
 * gso_size, NEEDS_CSUM with the pseudo-header sum in the TCP checksum field (what the kernel's
 * segmentation expects), IP lengths and IPv4 header checksum rewritten. Returns false if empty.
 */
bool vnet_gro_flush(struct vnet_gro *g, const uint8_t **out, size_t *len);

/* RFC 1071 ones'-complement sum of p[0..n) added to sum (a 16-bit value); even n but the last. */
uint32_t vnet_csum_add(uint32_t sum, const uint8_t *p, size_t n);
/* The pseudo-header (RFC 768, RFC 793, RFC 8200 8.1) sum for an IP packet with l4_len L4 bytes. */
uint32_t vnet_pseudo_sum(const uint8_t *ip, uint8_t l4proto, size_t l4_len);

#endif
