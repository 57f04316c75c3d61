// SPDX-License-Identifier: MIT
/* The connect command: glue between the loop, TLS, and the SSTP/PPP cores. */
#include "exit.h"
#include "log.h"
#include "sstpx.h"

int connect_run(const struct opts *o)
{
	log_fail("connect", "\"%s\": not implemented yet", o->host);
	return SX_EXIT_INTERNAL;
}
