// SPDX-License-Identifier: MIT
/* Where a password may come from besides the environment and a terminal (secret_src.c). */
#ifndef SSTPX_SECRET_SRC_H
#define SSTPX_SECRET_SRC_H

#include "auth/auth.h"

/* FILE's first line; -EPERM (explained) when others may read the file, -errno otherwise. */
int secret_src_file(struct secret *out, const char *path);

/*
 * The first line CMD (run by /bin/sh -c) prints, within 30 s; failures are logged under `what`
 * (the option's name). 0, or a negative errno.
 */
int secret_src_command(struct secret *out, const char *cmd, const char *what);

#endif
