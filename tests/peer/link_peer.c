// SPDX-License-Identifier: MIT
/* The ppp_link adapter of the scripted-peer harness: ops, event texts, script randomness. */
#include <stdio.h>
#include <string.h>

#include "tests/peer/link_peer.h"

/* RFC 2759 9.2 */
static const uint8_t peer_chal[16] = { 0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A,
				       0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E };

/*
 * Deterministic randomness by request size: 16 bytes = the RFC peer challenge, 4 = the LCP magic
 * 1a2b3c4d, 8 = the IPv6 interface identifier 0211223344556677; anything else counts up.
 */
int peer_script_rand(void *ctx, uint8_t *buf, size_t len)
{
	/* LCP and IPv6CP take these as host-order integers: copy the integers, not bytes. */
	static const uint32_t magic = 0x1a2b3c4d;
	static const uint64_t ifid = 0x0211223344556677;
	uint8_t *n = ctx;

	if (len == 16)
		memcpy(buf, peer_chal, 16);
	else if (len == 4)
		memcpy(buf, &magic, 4);
	else if (len == 8)
		memcpy(buf, &ifid, 8);
	else
		for (size_t i = 0; i < len; i++)
			buf[i] = (*n)++;
	return 0;
}

void peer_log_stderr(void *ctx, enum sx_level level, const char *line)
{
	(void)ctx;
	(void)level;
	fprintf(stderr, "  | %s\n", line);
}


static int op_input(void *core, const uint8_t *buf, size_t len, uint64_t now)
{
	return ppp_link_input(&((struct peer_link *)core)->link, buf, len, now);
}

static void op_tick(void *core, uint64_t now)
{
	ppp_link_tick(&((struct peer_link *)core)->link, now);
}

static uint64_t op_deadline(void *core)
{
	return ppp_link_next_deadline(&((struct peer_link *)core)->link);
}

static long op_pop_tx(void *core, uint8_t *buf, size_t cap)
{
	struct ppp_link *l = &((struct peer_link *)core)->link;

	return peer_pkt_copy(ppp_link_pop_tx(l), l->sess.ctx.pool, buf, cap);
}

const char *peer_reason_name(enum sx_reason r)
{
	switch (r) {
	case SX_REASON_NONE: return "none";
	case SX_REASON_USER: return "user";
	case SX_REASON_AUTH_FAILED: return "auth-failed";
	case SX_REASON_AUTH_UNVERIFIED: return "auth-unverified";
	case SX_REASON_AUTH_UNSUPPORTED: return "auth-unsupported";
	case SX_REASON_NEGOTIATION: return "negotiation";
	case SX_REASON_PEER_SILENT: return "peer-silent";
	case SX_REASON_PEER_TERMINATE: return "peer-terminate";
	case SX_REASON_LOOPBACK: return "loopback";
	case SX_REASON_SERVER_ABORT: return "server-abort";
	case SX_REASON_SERVER_DISCONNECT: return "server-disconnect";
	case SX_REASON_CONNECT_NAK: return "connect-nak";
	case SX_REASON_TIMEOUT: return "timeout";
	case SX_REASON_PROTOCOL: return "protocol";
	case SX_REASON_NETWORK_CHANGED: return "network-changed";
	case SX_REASON_AUTH_SERVER_CERT: return "auth-server-cert";
	}
	return "?";
}

static void ip4(uint32_t a, char *out)
{
	snprintf(out, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

void peer_ppp_event_text(const struct ppp_event *ev, char *buf, size_t cap)
{
	char a[4][16];

	switch (ev->type) {
	case PPP_EV_AUTH_OK:
		snprintf(buf, cap, "auth-ok %04x", ev->u.auth.proto);
		return;
	case PPP_EV_IP_UP:
		ip4(ev->u.ip.local, a[0]);
		ip4(ev->u.ip.peer, a[1]);
		ip4(ev->u.ip.dns1, a[2]);
		ip4(ev->u.ip.dns2, a[3]);
		snprintf(buf, cap, "ip-up %s peer %s dns %s %s mru %u mtu %u", a[0], a[1], a[2],
			 a[3], ev->u.ip.mru, ev->u.ip.peer_mru);
		return;
	case PPP_EV_IPV6_UP:
		snprintf(buf, cap, "ipv6-up %016llx peer %016llx",
			 (unsigned long long)ev->u.ipv6.local_id,
			 (unsigned long long)ev->u.ipv6.peer_id);
		return;
	case PPP_EV_DOWN:
		snprintf(buf, cap, "down %s %d %s", peer_reason_name(ev->u.down.reason),
			 ev->u.down.detail, ev->u.down.msg);
		return;
	case PPP_EV_FINISHED:
		snprintf(buf, cap, "finished");
		return;
	}
}

static bool op_pop_event(void *core, char *buf, size_t cap)
{
	struct peer_link *pl = core;
	struct ppp_event ev;

	if (!ppp_link_pop_event(&pl->link, &ev))
		return false;
	if (ev.type == PPP_EV_AUTH_OK)
		memcpy(pl->hlak, ev.u.auth.hlak, sizeof(pl->hlak));
	peer_ppp_event_text(&ev, buf, cap);
	return true;
}

const struct peer_ops peer_link_ops = {
	.input = op_input,
	.tick = op_tick,
	.next_deadline = op_deadline,
	.pop_tx = op_pop_tx,
	.pop_event = op_pop_event,
};
