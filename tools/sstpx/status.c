// SPDX-License-Identifier: MIT
/* The status control socket under /run/sstpx (placeholder until written). */
#include "hooks.h"
#include "log.h"
#include "session.h"

int status_init(struct session *s)
{
	(void)s;
	return 0;
}

void status_free(struct session *s)
{
	(void)s;
}

void status_phase(struct session *s, enum sx_phase phase)
{
	(void)s;
	(void)phase;
}

void status_ready(struct session *s, const struct loop_ready *r)
{
	(void)s;
	(void)r;
}

void status_log(struct session *s)
{
	log_info("stats: %llu packets in, %llu packets out, %zu queued",
		 (unsigned long long)s->rx_packets, (unsigned long long)s->tx_packets, s->txq.n);
}
