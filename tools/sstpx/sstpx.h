// SPDX-License-Identifier: MIT
/* What main.c's subcommands call in the other files of sstpx. */
#ifndef SSTPX_SSTPX_H
#define SSTPX_SSTPX_H

#include "opts.h"

/* Runs one connection until it ends; returns the process exit code (enum sx_exit). */
int connect_run(const struct opts *o);

/* caps.c: --netns and --setuid need capabilities beyond CAP_NET_ADMIN: 0, or -EPERM (logged). */
int caps_check_options(const struct opts *o);

/* The other subcommands: argv[0] is the subcommand's name; each returns an exit code. */
int cmd_up(int argc, char **argv);		/* profile.c: up NAME (/etc/sstpx/NAME.conf) */
int cmd_down(int argc, char **argv);		/* profile.c: down NAME */
int cmd_status(int argc, char **argv);		/* status_cmd.c: status [NAME] [--json] */

#endif
