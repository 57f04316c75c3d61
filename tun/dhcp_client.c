// SPDX-License-Identifier: MIT
/* The DHCPINFORM exchange: send, retransmit with backoff, stop at the deadline or the ACK. */
#include <errno.h>
#include <string.h>

#include "tun/dhcp.h"

void dhcp_client_start(struct dhcp_client *c, const struct dhcp_client_cfg *cfg, uint64_t now)
{
	memset(c, 0, sizeof(*c));
	c->cfg = *cfg;
	c->interval = cfg->first_ms ? cfg->first_ms : 500;
	c->start = now;
	c->next_tx = now;
	c->deadline = now + (cfg->deadline_ms ? cfg->deadline_ms : 3000);
	c->tx_due = true;
}

int dhcp_client_input(struct dhcp_client *c, const uint8_t *ip, size_t len, uint64_t now)
{
	struct dhcp_info info;
	int ret;

	(void)now;
	if (c->done || !c->deadline)
		return -ENOENT;
	ret = dhcp_parse_ack(ip, len, c->cfg.xid, &info);
	if (ret)
		return ret;
	c->info = info;
	c->done = true;
	c->tx_due = false;
	c->next_tx = c->deadline = 0;
	c->ev = DHCP_EV_ACK;
	return 0;
}

void dhcp_client_tick(struct dhcp_client *c, uint64_t now)
{
	if (c->done || !c->deadline)
		return;
	if (now >= c->deadline) {
		c->done = true;
		c->tx_due = false;
		c->next_tx = c->deadline = 0;
		c->ev = DHCP_EV_TIMEOUT;
		return;
	}
	if (c->next_tx && now >= c->next_tx)
		c->tx_due = true;
}

uint64_t dhcp_client_next_deadline(const struct dhcp_client *c)
{
	if (c->done || !c->deadline)
		return 0;
	return c->next_tx && c->next_tx < c->deadline ? c->next_tx : c->deadline;
}

int dhcp_client_pop_tx(struct dhcp_client *c, uint64_t now, uint8_t *buf, size_t cap, size_t *len)
{
	struct dhcp_inform in = { .ciaddr = c->cfg.ciaddr, .xid = c->cfg.xid };
	uint64_t secs = (now - c->start) / 1000;
	int ret;

	if (!c->tx_due)
		return -EAGAIN;
	memcpy(in.hwaddr, c->cfg.hwaddr, sizeof(in.hwaddr));
	in.secs = secs > 0xffff ? 0xffff : (uint16_t)secs;	/* RFC 2131 2: secs since the start */
	ret = dhcp_build_inform(&in, buf, cap, len);
	if (ret)
		return ret;
	c->tx_due = false;
	c->sent++;
	c->next_tx = now + c->interval;
	/* RFC 2131 4.1: back off, doubling (the deadline bounds it here) */
	c->interval = c->interval > 32000 ? 64000 : c->interval * 2;
	return 0;
}

bool dhcp_client_pop_event(struct dhcp_client *c, enum dhcp_ev_type *ev)
{
	if (c->ev == DHCP_EV_NONE)
		return false;
	*ev = c->ev;
	c->ev = DHCP_EV_NONE;
	return true;
}
