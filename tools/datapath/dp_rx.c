// SPDX-License-Identifier: MIT
/* The receive side of the data path: SSTP packets parsed in place, IP to TUN, TCP coalesced. */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "datapath/dp.h"
#include "ppp/proto.h"
#include "sstp/sstp.h"

static void tun_write(struct dp *dp, const struct iovec *iov, int n)
{
	if (dp->tun < 0)
		return;
	dp->st.tun_writes++;
	/* A full device queue (EAGAIN) drops, as a router would; TCP recovers. */
	if (writev(dp->tun, iov, n) < 0) {
		dp->st.rx_drops++;
		if (errno != EAGAIN)
			sx_logf(&dp->cfg.log, SX_LOG_DEBUG, "tun: write: %s", strerror(errno));
	}
}

void dp_rx_flush(struct dp *dp)
{
	const uint8_t *out;
	size_t len;

	if (dp->vnet && vnet_gro_flush(&dp->gro, &out, &len)) {
		struct iovec iov = { .iov_base = (void *)out, .iov_len = len };

		tun_write(dp, &iov, 1);
	}
}

void dp_rx_ip(struct dp *dp, const uint8_t *ip, size_t len)
{
	static const uint8_t zero_hdr[VNET_HDR_LEN];
	struct iovec iov[2] = { { (void *)zero_hdr, VNET_HDR_LEN }, { (void *)ip, len } };

	dp->st.rx_packets++;
	dp->st.rx_bytes += len;
	if (!dp->vnet) {
		tun_write(dp, iov + 1, 1);
		return;
	}
	/* Coalescing needs the kernel to take GSO packets back, which TSO on the device says. */
	switch (dp->offloads ? vnet_gro_add(&dp->gro, ip, len) : VNET_GRO_PASS) {
	case VNET_GRO_HELD:
		return;
	case VNET_GRO_BUSY:
		dp_rx_flush(dp);
		if (vnet_gro_add(&dp->gro, ip, len) == VNET_GRO_HELD)
			return;
		break;
	case VNET_GRO_PASS:
		dp_rx_flush(dp);
		break;
	}
	tun_write(dp, iov, 2);
}

/* One PPP frame: IP straight to TUN from the receive buffer (conventions.md 6), the rest to ops. */
static void rx_frame(struct dp *dp, const uint8_t *frame, size_t len, const struct dp_rx_ops *ops,
		     void *ctx)
{
	const uint8_t *info;
	size_t info_len;
	uint16_t proto;

	if (ppp_frame_parse(frame, len, &proto, &info, &info_len))
		return;
	if ((proto == PPP_IP || proto == PPP_IPV6) && dp->cfg.ip_open(dp->cfg.ctx, proto)) {
		if (proto == PPP_IP && ops->ip4 && ops->ip4(ctx, info, info_len))
			return;
		if (proto == PPP_IPV6 && ops->ip6 && ops->ip6(ctx, info, info_len))
			return;
		dp_rx_ip(dp, info, info_len);
		return;
	}
	ops->frame(ctx, frame, len);
}

int dp_rx(struct dp *dp, uint8_t *buf, size_t *len, const struct dp_rx_ops *ops, void *ctx)
{
	size_t off = 0, plen, flen;
	const uint8_t *frame;
	bool control;
	int ret = 0;

	while (ops->more(ctx) && (ret = sstp_msg_frame(buf + off, *len - off, &plen, &control)) == 0) {
		const uint8_t *pk = buf + off;

		if (control) {
			ops->control(ctx, pk, plen);
		} else {
			ops->data(ctx);
			if (!sstp_data_parse(pk, plen, &frame, &flen))
				rx_frame(dp, frame, flen, ops, ctx);
		}
		off += plen;
	}
	memmove(buf, buf + off, *len - off);
	*len -= off;
	return ret == -EBADMSG ? -EBADMSG : 0;
}
