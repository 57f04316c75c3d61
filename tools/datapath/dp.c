// SPDX-License-Identifier: MIT
/* The send side of the data path: TUN reads framed into one TLS send buffer, and its flush. */
#include <errno.h>
#include <linux/if_tun.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "datapath/dp.h"
#include "ppp/proto.h"

/* Linux 6.2 (include/uapi/linux/if_tun.h); older headers lack them. */
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#define TUN_F_USO6 0x40
#endif

/* Room one TUN read may need in tx: a whole packet behind its headers. */
#define DP_READ_ROOM (VNET_PKT_MAX + DP_HDR)

int dp_init(struct dp *dp, const struct dp_cfg *cfg)
{
	memset(dp, 0, sizeof(*dp));
	dp->cfg = *cfg;
	dp->tun = -1;
	dp->tx = malloc(DP_TX_CAP);
	return dp->tx ? 0 : -ENOMEM;
}

void dp_free(struct dp *dp)
{
	if (dp->cfg.pool)
		pkt_q_drain(&dp->ctlq, dp->cfg.pool);
	free(dp->tx);
	free(dp->rbuf);
	free(dp->gbuf);
	dp->tx = dp->rbuf = dp->gbuf = NULL;
	dp->tun = -1;
}

unsigned dp_tun_offload(int fd)
{
	unsigned all = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;

	/* USO needs Linux 6.2; an older kernel refuses the whole set with EINVAL. */
	if (ioctl(fd, TUNSETOFFLOAD, (unsigned long)(all | TUN_F_USO4 | TUN_F_USO6)) == 0)
		return all | TUN_F_USO4 | TUN_F_USO6;
	if (ioctl(fd, TUNSETOFFLOAD, (unsigned long)all) == 0)
		return all;
	return 0;
}

void dp_set_tun(struct dp *dp, int fd, bool vnet, unsigned offloads, size_t mtu)
{
	dp->tun = fd;
	dp->vnet = false;
	dp->offloads = 0;
	dp->mtu = mtu;
	dp->seg_active = false;
	if (fd < 0 || !vnet)
		return;
	/* Allocated once per process, on the first device with a header. */
	if (!dp->rbuf)
		dp->rbuf = malloc(VNET_HDR_LEN + VNET_PKT_MAX);
	if (!dp->gbuf)
		dp->gbuf = malloc(VNET_HDR_LEN + VNET_PKT_MAX);
	if (!dp->rbuf || !dp->gbuf) {
		sx_logf(&dp->cfg.log, SX_LOG_WARN, "tun: no memory for offloads: packets one by one");
		return;
	}
	dp->vnet = true;
	dp->offloads = offloads;
	vnet_gro_init(&dp->gro, dp->gbuf, VNET_HDR_LEN + VNET_PKT_MAX);
}

/* Moves unwritten bytes to the front when nothing waits to be written again. */
static void tx_compact(struct dp *dp)
{
	if (dp->tx_try || !dp->tx_off)
		return;
	memmove(dp->tx, dp->tx + dp->tx_off, dp->tx_len - dp->tx_off);
	dp->tx_len -= dp->tx_off;
	dp->tx_off = 0;
}

static size_t tx_room(struct dp *dp, size_t need)
{
	if (DP_TX_CAP - dp->tx_len < need)
		tx_compact(dp);
	return DP_TX_CAP - dp->tx_len;
}

bool dp_tun_wanted(const struct dp *dp)
{
	if (dp->tun < 0 || dp->gone || dp->ctlq.n)
		return false;
	/* A compaction makes the tx_off bytes free unless a write must be repeated. */
	return DP_TX_CAP - dp->tx_len + (dp->tx_try ? 0 : dp->tx_off) >= DP_READ_ROOM;
}

/* MS-SSTP 2.2.3 header and the uncompressed PPP header (FF 03 + protocol) in front of len bytes. */
static void frame_hdr(uint8_t *h, uint16_t proto, size_t len)
{
	size_t total = len + DP_HDR;

	h[0] = 0x10;		/* version 1.0 */
	h[1] = 0;		/* C = 0: data */
	h[2] = (uint8_t)(total >> 8);
	h[3] = (uint8_t)total;
	h[4] = 0xff;
	h[5] = 0x03;
	h[6] = (uint8_t)(proto >> 8);
	h[7] = (uint8_t)proto;
}

/* The IP packet at tx + tx_len + DP_HDR becomes a whole SSTP packet, or is dropped. */
static void commit(struct dp *dp, size_t len)
{
	uint8_t *h = dp->tx + dp->tx_len;
	uint16_t proto = (h[DP_HDR] >> 4) == 6 ? PPP_IPV6 : PPP_IP;

	/* MS-SSTP 2.2.1: 12 bits of length; the MRU (at most 4087) keeps real packets below it. */
	if (len + DP_HDR > 0x0fff || !dp->cfg.ip_open(dp->cfg.ctx, proto)) {
		dp->st.tx_drops++;
		return;
	}
	frame_hdr(h, proto, len);
	dp->tx_len += len + DP_HDR;
	dp->st.tx_packets++;
	dp->st.tx_bytes += len;
}

/* Segments of the read in rbuf go into tx while there is room; false when it must wait. */
static bool seg_more(struct dp *dp)
{
	size_t len;
	int ret;

	while (dp->seg_active) {
		size_t room = tx_room(dp, dp->mtu + 2 * DP_HDR);

		if (room <= DP_HDR)
			return false;
		ret = vnet_seg_next(&dp->seg, dp->tx + dp->tx_len + DP_HDR, room - DP_HDR, &len);
		if (ret == -ENOBUFS)
			return false;
		if (ret != 1) {
			dp->seg_active = false;
			break;
		}
		commit(dp, len);
	}
	return true;
}

static void read_vnet(struct dp *dp, size_t n)
{
	struct vnet_pkt p;
	enum vnet_drop d = vnet_parse(dp->rbuf, n, &p);

	if (d != VNET_OK) {
		dp->st.drops[d]++;
		return;
	}
	/* USO datagrams larger than the MTU cannot be split (-EMSGSIZE): dropped, as the kernel would. */
	if (vnet_seg_init(&dp->seg, &p, dp->mtu)) {
		dp->st.tx_drops++;
		return;
	}
	dp->seg_active = true;
	seg_more(dp);
}

/* One read; false when the device has nothing more (or failed). */
static bool read_one(struct dp *dp)
{
	uint8_t *to = dp->vnet ? dp->rbuf : dp->tx + dp->tx_len + DP_HDR;
	size_t cap = dp->vnet ? VNET_HDR_LEN + VNET_PKT_MAX : VNET_PKT_MAX;
	ssize_t n = read(dp->tun, to, cap);

	if (n <= 0) {
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			sx_logf(&dp->cfg.log, SX_LOG_DEBUG, "tun: read: %s", strerror(errno));
		return false;
	}
	dp->st.tun_reads++;
	if (dp->vnet)
		read_vnet(dp, (size_t)n);
	else if ((to[0] >> 4) == 4 || (to[0] >> 4) == 6)
		commit(dp, (size_t)n);
	else
		dp->st.tx_drops++;
	return true;
}

void dp_tun_drain(struct dp *dp)
{
	if (dp->seg_active && !seg_more(dp))
		return;
	for (int budget = 64; budget > 0 && dp_tun_wanted(dp); budget--) {
		tx_room(dp, DP_READ_ROOM);
		if (!read_one(dp))
			return;
	}
}

/* Queued control packets move into tx while there is room (conventions.md 7: p moves). */
static void ctl_gather(struct dp *dp)
{
	struct pkt *p;

	while ((p = dp->ctlq.head) && tx_room(dp, p->len) >= p->len) {
		pkt_q_pop(&dp->ctlq);
		memcpy(dp->tx + dp->tx_len, pkt_data(p), p->len);
		dp->tx_len += p->len;
		pkt_pool_ret(dp->cfg.pool, p);
	}
}

void dp_queue(struct dp *dp, struct pkt *p)
{
	pkt_q_push(&dp->ctlq, p);
	ctl_gather(dp);
}

int dp_queue_bytes(struct dp *dp, const void *buf, size_t len)
{
	if (dp->ctlq.n || tx_room(dp, len) < len)
		return -ENOBUFS;
	memcpy(dp->tx + dp->tx_len, buf, len);
	dp->tx_len += len;
	return 0;
}

bool dp_tx_pending(const struct dp *dp)
{
	return dp->tx_off < dp->tx_len || dp->ctlq.n;
}

int dp_flush(struct dp *dp, size_t limit)
{
	int ret = 0;

	while (!dp->gone) {
		size_t n;

		if (dp->tx_off == dp->tx_len) {
			dp->tx_off = dp->tx_len = 0;
			ctl_gather(dp);
			if (!dp->tx_len)
				return 0;
		}
		n = dp->tx_try ? dp->tx_try : dp->tx_len - dp->tx_off;
		if (limit && n > limit)
			n = limit;
		/* wolfSSL wants the very same buffer and length again after WANT_WRITE. */
		ret = dp->cfg.write(dp->cfg.ctx, dp->tx + dp->tx_off, n);
		if (ret == -EAGAIN) {
			dp->tx_try = n;
			return ret;
		}
		dp->tx_try = 0;
		if (ret < 0) {
			dp->gone = true;
			return ret;
		}
		dp->tx_off += n;
		if (limit)
			return dp_tx_pending(dp) ? -EAGAIN : 0;
	}
	return -EPIPE;
}

void dp_tx_discard(struct dp *dp)
{
	if (dp->cfg.pool)
		pkt_q_drain(&dp->ctlq, dp->cfg.pool);
	dp->tx_off = dp->tx_len = dp->tx_try = 0;
	dp->seg_active = false;
}
