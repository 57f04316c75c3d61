// SPDX-License-Identifier: MIT
/*
 * The data path both executables use (sstpx's client, sstpx-testserver's server): IP packets
 * between the TUN device and the TLS stream, framed as SSTP data packets carrying PPP frames.
 * TUN reads go straight into one linear TLS send buffer behind their SSTP and PPP headers; with
 * IFF_VNET_HDR offloads (tun/vnet.h) a 64 KiB read is segmented into it, and TCP segments from
 * the peer are coalesced into one TUN write. No per-packet allocation, no logging of packets.
 */
#ifndef SX_DATAPATH_DP_H
#define SX_DATAPATH_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/pkt.h"
#include "ppp/sx.h"
#include "tun/vnet.h"

/* MS-SSTP 2.2.3 data header (4) + PPP address, control and protocol (RFC 1661 2, uncompressed). */
#define DP_HDR 8
/* The TLS send buffer: room for two 64 KiB TUN reads between flushes (tx batching); 256 KiB bought
 * no throughput in tools/bench and cost 96 kB of resident memory. */
#define DP_TX_CAP (160 * 1024)

/*
 * Writes buf[0..len) to the TLS stream: len (all of it), -EAGAIN (call again with the same buffer
 * and length), or another negative errno (the stream is gone).
 */
typedef int dp_write_fn(void *ctx, const uint8_t *buf, size_t len);
/* Whether IPCP (proto PPP_IP) or IPv6CP (PPP_IPV6) is open, so IP of that kind may pass. */
typedef bool dp_ip_open_fn(void *ctx, uint16_t proto);

struct dp_cfg {
	dp_write_fn *write;
	dp_ip_open_fn *ip_open;
	void *ctx;			/* passed to both */
	struct pkt_pool *pool;		/* where queued control packets go back */
	struct sx_log log;
};

/* What went through, and what was dropped and why (never trusted, never fatal). */
struct dp_stats {
	uint64_t tx_packets, tx_bytes;	/* IP packets (segments) and bytes from TUN to TLS */
	uint64_t rx_packets, rx_bytes;	/* IP packets and bytes from TLS to TUN */
	uint64_t tun_reads, tun_writes;
	uint64_t drops[VNET_DROP__N];	/* TUN reads dropped by vnet_parse, by reason */
	uint64_t tx_drops;		/* not sendable: IP not open, too long for the MTU */
	uint64_t rx_drops;		/* TUN write refused */
};

struct dp {
	struct dp_cfg cfg;
	int tun;			/* -1: no device yet */
	bool vnet;			/* the device was opened with IFF_VNET_HDR */
	unsigned offloads;		/* TUN_F_* the kernel accepted (0: plain packets) */
	size_t mtu;			/* segments are at most this long (the device's MTU) */
	struct pkt_q ctlq;		/* control packets waiting for room in tx */
	uint8_t *tx;			/* DP_TX_CAP bytes: tx[off..len) is to be written */
	size_t tx_len, tx_off;
	size_t tx_try;			/* the length given to a write that must be repeated */
	bool gone;			/* the write failed: the stream is dead */
	uint8_t *rbuf;			/* vnet: header + one TUN read */
	struct vnet_seg seg;		/* vnet: a read being segmented into tx */
	bool seg_active;
	uint8_t *gbuf;			/* vnet: the coalescing batch */
	struct vnet_gro gro;
	struct dp_stats st;
};

/* 0, or -ENOMEM. The buffers are allocated here, once. */
int dp_init(struct dp *dp, const struct dp_cfg *cfg);
/* Frees the buffers and returns queued control packets to the pool. */
void dp_free(struct dp *dp);

/*
 * TUNSETOFFLOAD on a device opened with IFF_VNET_HDR: checksum, TSO4, TSO6 and USO4/USO6 where
 * the kernel has them (retried without), so one read returns up to 64 KiB of a flow. Returns
 * the flags accepted (0: none, packets come one by one behind an all-zero header).
 */
unsigned dp_tun_offload(int fd);
/* The device is fd (borrowed, -1: none), with a virtio-net header when vnet. */
void dp_set_tun(struct dp *dp, int fd, bool vnet, unsigned offloads, size_t mtu);

/* Reads TUN while there is room, framing each IP packet (or segment) into tx. */
void dp_tun_drain(struct dp *dp);
/* Whether the TUN should be polled: room for one more whole read. */
bool dp_tun_wanted(const struct dp *dp);

/* Control bytes (an SSTP control packet, a PPP frame in its SSTP packet, an HTTP head): queued
 * behind what tx holds. dp_queue takes p (moves). dp_queue_bytes: 0 or -ENOBUFS. */
void dp_queue(struct dp *dp, struct pkt *p);
int dp_queue_bytes(struct dp *dp, const void *buf, size_t len);
bool dp_tx_pending(const struct dp *dp);
/* Whether a write waits for the socket (the same bytes go again). */
static inline bool dp_tx_retrying(const struct dp *dp)
{
	return dp->tx_try != 0;
}
/*
 * Writes what is queued, in as few writes as the buffer allows (wolfSSL cuts records as large
 * as the peer allows): 0 when all is out, -EAGAIN when the socket is full, or the write's error
 * (dp->gone). limit > 0: one write of at most limit bytes (the test server's slow drip).
 */
int dp_flush(struct dp *dp, size_t limit);
/* Drops everything queued (the test server's silent fault). */
void dp_tx_discard(struct dp *dp);

/*
 * The receive side. dp_rx parses whole SSTP packets in buf[0..*len) in place (MS-SSTP 2.2.1):
 * data packets carrying IP go to TUN (coalesced when offloads are on), other PPP frames to
 * ops->frame, control packets to ops->control; a partial packet is moved to the front. ops->more
 * is asked before each packet (false: stop, keep the rest). Returns 0 or -EBADMSG (a header no
 * SSTP packet can have: MS-SSTP 3.1.5.1 ends the connection).
 */
struct dp_rx_ops {
	void (*control)(void *ctx, const uint8_t *pk, size_t len);
	void (*frame)(void *ctx, const uint8_t *frame, size_t len);
	void (*data)(void *ctx);	/* any data packet (the hello timer's activity) */
	bool (*more)(void *ctx);
	/* Optional: an IPv4 packet the role answers itself (true: taken, not for the TUN). */
	bool (*ip4)(void *ctx, const uint8_t *ip, size_t len);
	/* Optional: the same for IPv6 (router advertisements and solicitations, tun/ra.h). */
	bool (*ip6)(void *ctx, const uint8_t *ip, size_t len);
};
int dp_rx(struct dp *dp, uint8_t *buf, size_t *len, const struct dp_rx_ops *ops, void *ctx);
/* One IP packet for the TUN (borrowed). */
void dp_rx_ip(struct dp *dp, const uint8_t *ip, size_t len);
/* Writes the coalesced batch: call once per receive drain, before waiting. */
void dp_rx_flush(struct dp *dp);

#endif
