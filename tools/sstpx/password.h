// SPDX-License-Identifier: MIT
/* The connect command's password source (password.c). */
#ifndef SSTPX_PASSWORD_H
#define SSTPX_PASSWORD_H

struct session;

/* Fills s->password from the one source the options name (or a prompt). 0, or -errno (logged). */
int password_read(struct session *s);

#endif
