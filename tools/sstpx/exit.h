// SPDX-License-Identifier: MIT
/* sstpx exit codes: one documented table, and the map from a session's end reason to it. */
#ifndef SSTPX_EXIT_H
#define SSTPX_EXIT_H

#include <stdio.h>

#include "ppp/sx.h"

enum sx_exit {
	SX_EXIT_OK = 0,
	SX_EXIT_INTERNAL = 1,
	SX_EXIT_USAGE = 2,
	SX_EXIT_RESOLVE = 3,
	SX_EXIT_TCP = 4,
	SX_EXIT_TLS = 5,
	SX_EXIT_AUTH = 6,
	SX_EXIT_NEGOTIATION = 7,
	SX_EXIT_SERVER = 8,
	SX_EXIT_SYSTEM = 9,
};

/* The exit code a session ending for `reason` returns. */
enum sx_exit exit_from_reason(enum sx_reason reason);
/* The one-line meaning of an exit code, as --help prints it. */
const char *exit_str(enum sx_exit code);
/* Writes the exit-code table for --help. */
void exit_print_table(FILE *f);

#endif
