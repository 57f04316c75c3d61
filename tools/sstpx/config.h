// SPDX-License-Identifier: MIT
/* The config file of `sstpx connect --config FILE` and of profiles (config.c, sstpx.conf(5)). */
#ifndef SSTPX_CONFIG_H
#define SSTPX_CONFIG_H

#include "opts.h"

/*
 * Applies a `key = value` file through opts_table (keys are the long option names, plus
 * `server`). Prints `sstpx: FILE:LINE: KEY: REASON` itself, never a value read from FILE.
 * 0 or -EINVAL / -errno.
 */
int config_read(struct opts *o, const char *path);

#endif
