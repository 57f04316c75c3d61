// SPDX-License-Identifier: MIT
/* sstpx up/down NAME: profiles in /etc/sstpx/NAME.conf (placeholder until written). */
#include <stdio.h>

#include "exit.h"
#include "sstpx.h"

int cmd_up(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "sstpx: %s: not available in this build yet\n", argv[0]);
	return SX_EXIT_INTERNAL;
}

int cmd_down(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "sstpx: %s: not available in this build yet\n", argv[0]);
	return SX_EXIT_INTERNAL;
}
