// SPDX-License-Identifier: MIT
/* What main.c's subcommands call in the other files of sstpx. */
#ifndef SSTPX_SSTPX_H
#define SSTPX_SSTPX_H

#include "opts.h"

/* Runs one connection until it ends; returns the process exit code (enum sx_exit). */
int connect_run(const struct opts *o);

#endif
