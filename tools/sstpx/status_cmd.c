// SPDX-License-Identifier: MIT
/* sstpx status [NAME] [--json]: asks a running sstpx over its control socket (placeholder). */
#include <stdio.h>

#include "exit.h"
#include "sstpx.h"

int cmd_status(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "sstpx: %s: not available in this build yet\n", argv[0]);
	return SX_EXIT_INTERNAL;
}
