// SPDX-License-Identifier: MIT
/*
 * libFuzzer operation-sequence target over struct ppp_srv, the test server's authenticator side
 * (OSS-Fuzz openvpn style). Byte 0 picks the configuration: bit 0 PAP, bit 1 IPv6, bits 2-5 the
 * PPP_SRV_F_* faults, bit 6 server echo every 10 s, bit 7 terminate 5 s after IPCP opened. Byte 1:
 * bits 0-1 the CHAP fault, bit 2 no DNS servers. Then each operation is one byte, op % 8:
 *   0  input a canned client frame (next byte picks it): the path to IP up is short;
 *   1  input raw: next byte picks the protocol (LCP, CHAP, PAP, IPCP, IPv6CP, CCP, IP, or none),
 *      the byte after is the length, then that many information-field bytes;
 *   2  tick: the next byte * 64 ms pass, ticking at every deadline in order (a virtual clock);
 *   3  pop every frame and return it to the pool;
 *   4  pop every event;
 *   5  close;
 *   6  advance to the next deadline and tick;
 *   7  input a canned frame with one byte changed (next bytes: frame, offset, xor).
 * The server's randomness is fixed (RFC 2759 9.2 challenge, Identifier 1, magic 0x5a5a5a5a), so
 * the canned RFC 2759 9.2 Response of "User" / "clientPass" authenticates.
 * Invariants: no crash or sanitizer report; after a tick no deadline is left in the past; every
 * frame sent starts FF 03; after every drain and after destroy the whole pool is free; AUTH_OK
 * comes before IP_UP; at most one DOWN, with a reason; FINISHED once and last, and then no deadline
 * is left; IP open only in the open phase.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fzlib.h"
#include "ppp/server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define S_MAGIC "\x05\x06\x5a\x5a\x5a\x5a"
#define RESPONSE                                                                             \
	"\xff\x03\xc2\x23\x02\x01\x00\x3a\x31\x21\x40\x23\x24\x25\x5e\x26\x2a\x28\x29\x5f"  \
	"\x2b\x3a\x33\x7c\x7e\x00\x00\x00\x00\x00\x00\x00\x00\x82\x30\x9e\xcd\x8d\x70\x8b"  \
	"\x5e\xa0\x8f\xaa\x39\x81\xcd\x83\x54\x42\x33\x11\x4a\x3d\x85\xd6\xdf\x00User"

static const struct fz_bytes canned[] = {
	/* LCP: the client's request, its Acks of our MS-CHAPv2 and PAP requests. */
	FZ_BYTES("\xff\x03\xc0\x21\x01\x01\x00\x0e\x01\x04\x05\x78\x05\x06\x1a\x2b\x3c\x4d"),
	FZ_BYTES("\xff\x03\xc0\x21\x02\x01\x00\x13\x01\x04\x05\x78\x03\x05\xc2\x23\x81" S_MAGIC),
	FZ_BYTES("\xff\x03\xc0\x21\x02\x01\x00\x12\x01\x04\x05\x78\x03\x04\xc0\x23" S_MAGIC),
	FZ_BYTES(RESPONSE),
	FZ_BYTES("\xff\x03\xc0\x23\x01\x01\x00\x14\x04User\x0a" "clientPass"),
	/* IPCP: 0.0.0.0 and DNS asked, our address acked, the Nak'd values asked. */
	FZ_BYTES("\xff\x03\x80\x21\x01\x01\x00\x16\x03\x06\x00\x00\x00\x00\x81\x06\x00\x00\x00\x00"
		 "\x83\x06\x00\x00\x00\x00"),
	FZ_BYTES("\xff\x03\x80\x21\x02\x01\x00\x0a\x03\x06\x0a\x09\x00\x01"),
	FZ_BYTES("\xff\x03\x80\x21\x01\x02\x00\x16\x03\x06\x0a\x09\x00\x02\x81\x06\x0a\x09\x00\x35"
		 "\x83\x06\x0a\x09\x00\x36"),
	/* LCP Terminate-Request, Terminate-Ack (ids 2 and 3), Echo-Request, Echo-Reply. */
	FZ_BYTES("\xff\x03\xc0\x21\x05\x09\x00\x04"),
	FZ_BYTES("\xff\x03\xc0\x21\x06\x02\x00\x04"),
	FZ_BYTES("\xff\x03\xc0\x21\x06\x03\x00\x04"),
	FZ_BYTES("\xff\x03\xc0\x21\x09\x07\x00\x08\x1a\x2b\x3c\x4d"),
	FZ_BYTES("\xff\x03\xc0\x21\x0a\x02\x00\x08\x1a\x2b\x3c\x4d"),
	/* IPv6CP: the client's request and its Ack of ours. */
	FZ_BYTES("\xff\x03\x80\x57\x01\x01\x00\x0e\x01\x0a\x02\x11\x22\x33\x44\x55\x66\x77"),
	FZ_BYTES("\xff\x03\x80\x57\x02\x01\x00\x0e\x01\x0a\x0a\x0a\x0a\x0a\x0a\x0a\x0a\x0a"),
	/* LCP: Reject and Nak of our auth option; an empty request; CCP. */
	FZ_BYTES("\xff\x03\xc0\x21\x04\x01\x00\x09\x03\x05\xc2\x23\x81"),
	FZ_BYTES("\xff\x03\xc0\x21\x03\x01\x00\x08\x03\x04\xc0\x23"),
	FZ_BYTES("\xff\x03\xc0\x21\x01\x02\x00\x04"),
	FZ_BYTES("\xff\x03\x80\xfd\x01\x01\x00\x04"),
};

static const uint16_t protos[] = { PPP_LCP, PPP_CHAP, PPP_PAP, PPP_IPCP, PPP_IPV6CP,
				   PPP_CCP, PPP_IP, 0 };

struct run {
	struct ppp_srv srv;
	struct pkt_pool *pool;
	uint64_t now;
	bool auth_ok, ip_up, down, finished;
};

static int fixed_rand(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	if (len == 16)
		memcpy(buf, fz_auth_challenge, 16);
	else
		memset(buf, len == 4 ? 0x5a : len == 8 ? 0x0a : 0x01, len);
	return 0;
}

static void drain_tx(struct run *r)
{
	struct pkt *p;

	while ((p = ppp_srv_pop_tx(&r->srv))) {
		if (p->len < PPP_HDRLEN || pkt_data(p)[0] != PPP_ADDRESS ||
		    pkt_data(p)[1] != PPP_CONTROL)
			abort();
		pkt_pool_ret(r->pool, p);
	}
	if (r->pool->nfree != r->pool->count)
		abort();
}

static void check_event(struct run *r, const struct ppp_event *ev)
{
	if (r->finished)
		abort();	/* FINISHED is the last event */
	switch (ev->type) {
	case PPP_EV_AUTH_OK:
		if (r->auth_ok || r->down)
			abort();
		r->auth_ok = true;
		break;
	case PPP_EV_IP_UP:
		if (!r->auth_ok || r->ip_up || r->down)
			abort();
		r->ip_up = true;
		break;
	case PPP_EV_IPV6_UP:
		if (!r->auth_ok || r->down)
			abort();
		break;
	case PPP_EV_DOWN:
		if (r->down || ev->u.down.reason == SX_REASON_NONE ||
		    !memchr(ev->u.down.msg, 0, sizeof(ev->u.down.msg)))
			abort();
		r->down = true;
		break;
	case PPP_EV_FINISHED:
		r->finished = true;
		break;
	}
}

static void pop_events(struct run *r)
{
	struct ppp_event ev;

	while (ppp_srv_pop_event(&r->srv, &ev))
		check_event(r, &ev);
	if (r->finished && ppp_srv_next_deadline(&r->srv))
		abort();
	if (ppp_srv_ip_open(&r->srv) && ppp_srv_phase(&r->srv) != PPP_PHASE_OPEN)
		abort();
}

static void tick_at(struct run *r, uint64_t t)
{
	uint64_t d;

	if (t > r->now)
		r->now = t;
	ppp_srv_tick(&r->srv, r->now);
	d = ppp_srv_next_deadline(&r->srv);
	if (d && d <= r->now)
		abort();	/* a deadline that does not move would spin the loop */
}

static void advance(struct run *r, uint64_t ms)
{
	uint64_t target = r->now + ms, d;

	while ((d = ppp_srv_next_deadline(&r->srv)) && d <= target)
		tick_at(r, d);
	r->now = target;
}

static size_t op_raw(struct run *r, const uint8_t *d, size_t n)
{
	uint8_t frame[FZ_PPP_FRAME_MAX];
	size_t len, used;

	if (fz_ppp_frame(d, n, protos, FZ_COUNT(protos), frame, &len, &used))
		ppp_srv_input(&r->srv, frame, len, r->now);
	return used;
}

static size_t op_canned(struct run *r, const uint8_t *d, size_t n, bool mutate)
{
	uint8_t frame[128];
	const struct fz_bytes *c;

	if (n < (mutate ? 3u : 1u))
		return n;
	c = &canned[d[0] % FZ_COUNT(canned)];
	memcpy(frame, c->bytes, c->len);
	if (mutate)
		frame[d[1] % c->len] ^= d[2];
	ppp_srv_input(&r->srv, frame, c->len, r->now);
	return mutate ? 3 : 1;
}

static void run_ops(struct run *r, const uint8_t *data, size_t size)
{
	size_t i = 0;

	while (i < size) {
		uint8_t op = data[i++];

		switch (op % 8) {
		case 0:
		case 7:
			i += op_canned(r, data + i, size - i, op % 8 == 7);
			break;
		case 1:
			i += op_raw(r, data + i, size - i);
			break;
		case 2:
			if (i < size)
				advance(r, (uint64_t)data[i++] * 64);
			break;
		case 3:
			drain_tx(r);
			break;
		case 4:
			pop_events(r);
			break;
		case 5:
			ppp_srv_close(&r->srv, r->now);
			break;
		case 6:
			if (ppp_srv_next_deadline(&r->srv))
				tick_at(r, ppp_srv_next_deadline(&r->srv));
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum chap_auth_fault chap_faults[4] = {
		CHAP_AUTH_FAULT_NONE, CHAP_AUTH_FAULT_FAIL, CHAP_AUTH_FAULT_WRONG_S,
		CHAP_AUTH_FAULT_SILENT };
	static struct pkt_pool pool;
	static struct run r;
	struct ppp_srv_cfg cfg = {
		.name = "fz", .chap_lookup = fz_chap_lookup, .pap_lookup = fz_pap_lookup,
		.local_addr = 0x0a090001, .peer_addr = 0x0a090002, .dns1 = 0x0a090035,
		.dns2 = 0x0a090036, .chap_fail_code = 691, .headroom = 4,
		.rand = { fixed_rand, NULL },
	};

	if (!pool.mem && pkt_pool_init(&pool, 16, 1600))
		abort();
	if (size < 2)
		return 0;
	memset(&r, 0, sizeof(r));
	r.pool = &pool;
	r.now = 1000;
	cfg.pool = &pool;
	cfg.pap = data[0] & 1;
	cfg.ipv6 = data[0] & 2;
	cfg.faults = (data[0] >> 2) & 0x0f;
	cfg.echo_interval_ms = data[0] & 0x40 ? 10000 : 0;
	cfg.terminate_after_ms = data[0] & 0x80 ? 5000 : 0;
	cfg.chap_fault = chap_faults[data[1] & 3];
	if (data[1] & 4)
		cfg.dns1 = cfg.dns2 = 0;
	if (ppp_srv_init(&r.srv, &cfg) || ppp_srv_open(&r.srv, r.now))
		abort();
	run_ops(&r, data + 2, size - 2);
	drain_tx(&r);
	pop_events(&r);
	ppp_srv_destroy(&r.srv);
	if (pool.nfree != pool.count)
		abort();
	return 0;
}
