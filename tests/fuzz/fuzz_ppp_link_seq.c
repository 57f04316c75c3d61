// SPDX-License-Identifier: MIT
/*
 * libFuzzer operation-sequence target over struct ppp_link (OSS-Fuzz openvpn style).
 * Byte 0 picks the configuration (bit 0 allow PAP, bit 1 IPv6, bit 2 DNS). Then each operation is
 * one byte, op % 5:
 *   0  input: next byte picks the protocol (LCP, CHAP, PAP, IPCP, IPv6CP, CCP, IP, or none: raw
 *      bytes), the byte after is the length, then that many information-field bytes;
 *   1  tick: the next byte * 64 ms pass, ticking at every deadline in order (a virtual clock);
 *   2  pop every frame and return it to the pool;
 *   3  pop every event;
 *   4  close.
 * Invariants: no crash or sanitizer report; after a tick no deadline is left in the past; after
 * every drain and after destroy the whole pool is free (no leak, no double return); a DOWN event
 * always carries a reason.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fzlib.h"
#include "ppp/ppp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Randomness by request size, as tests/unit/test_link_script.c does, so seeds can carry valid
 * exchanges: 4 bytes = LCP magic 1a2b3c4d, 16 = the RFC 2759 9.2 peer challenge (user "User",
 * password "clientPass"), anything else a counter.
 */
static int script_rand(void *ctx, uint8_t *buf, size_t len)
{
	static const uint32_t magic = 0x1a2b3c4d;	/* LCP reads a host-order integer */
	static const uint8_t peer_chal[16] = { 0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A,
					       0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E };
	uint8_t *n = ctx;

	if (len == 4)
		memcpy(buf, &magic, 4);
	else if (len == 16)
		memcpy(buf, peer_chal, 16);
	else
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)((*n)++ * 37 + 1);
	return 0;
}

static const uint16_t protos[] = { PPP_LCP, PPP_CHAP, PPP_PAP, PPP_IPCP, PPP_IPV6CP,
				   PPP_CCP, PPP_IP, 0 };

static void drain_tx(struct ppp_link *l, struct pkt_pool *pool)
{
	struct pkt *p;

	while ((p = ppp_link_pop_tx(l))) {
		if (p->len < PPP_HDRLEN || pkt_data(p)[0] != PPP_ADDRESS)
			abort();
		pkt_pool_ret(pool, p);
	}
	/* The link holds packets only in its tx queue: once drained, the whole pool is free. */
	if (pool->nfree != pool->count)
		abort();
}

static void advance(struct ppp_link *l, uint64_t *now, uint64_t ms)
{
	uint64_t target = *now + ms, d;

	while ((d = ppp_link_next_deadline(l)) && d <= target) {
		if (d > *now)
			*now = d;
		ppp_link_tick(l, *now);
		d = ppp_link_next_deadline(l);
		if (d && d <= *now)
			abort();	/* a deadline that does not move would spin the loop */
	}
	*now = target;
}

static size_t op_input(struct ppp_link *l, uint64_t now, const uint8_t *d, size_t n)
{
	uint8_t frame[FZ_PPP_FRAME_MAX];
	size_t len, used;

	if (fz_ppp_frame(d, n, protos, FZ_COUNT(protos), frame, &len, &used))
		ppp_link_input(l, frame, len, now);
	return used;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pkt_pool pool;
	struct ppp_link l;
	struct ppp_event ev;
	uint8_t seed = 0;
	uint64_t now = 1000;
	size_t i = 1;
	struct ppp_link_cfg cfg = {
		.user = "User",
		.password = "clientPass",
		.password_len = 10,
		.headroom = 4,
		.rand = { script_rand, &seed },
	};

	if (!pool.mem && pkt_pool_init(&pool, 12, 1600))
		abort();
	if (!size)
		return 0;
	cfg.pool = &pool;
	cfg.allow_pap = data[0] & 1;
	cfg.want_ipv6 = data[0] & 2;
	cfg.want_dns = data[0] & 4;
	cfg.allow_no_auth = !(data[0] & 8);	/* seeds older than the option keep their path */
	if (ppp_link_init(&l, &cfg))
		abort();
	ppp_link_open(&l, now);
	while (i < size) {
		uint8_t op = data[i++];

		switch (op % 5) {
		case 0:
			i += op_input(&l, now, data + i, size - i);
			break;
		case 1:
			if (i < size)
				advance(&l, &now, (uint64_t)data[i++] * 64);
			break;
		case 2:
			drain_tx(&l, &pool);
			break;
		case 3:
			while (ppp_link_pop_event(&l, &ev))
				if (ev.type == PPP_EV_DOWN && ev.u.down.reason == SX_REASON_NONE)
					abort();
			break;
		case 4:
			ppp_link_close(&l, now);
			break;
		}
	}
	drain_tx(&l, &pool);
	ppp_link_destroy(&l);
	if (pool.nfree != pool.count)
		abort();
	return 0;
}
