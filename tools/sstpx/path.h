// SPDX-License-Identifier: MIT
/*
 * Relative paths made absolute when they are recorded (issue 15 bug 4): against the working
 * directory on the command line, against the config file's folder in a profile. What these
 * return lives as long as the process (struct opts borrows it).
 */
#ifndef SSTPX_PATH_H
#define SSTPX_PATH_H

#include <limits.h>

/* The absolute folder that holds `file` (symbolic links resolved). 0 or -errno. */
int path_dir_of(const char *file, char out[static PATH_MAX]);
/* `path` against `dir` (NULL: the working directory) when relative; NULL on an error (errno). */
const char *path_abs(const char *dir, const char *path);
/*
 * A command for /bin/sh -c (--script: arguments may follow): its first word made absolute against
 * `dir` (NULL: the working directory) when that word is a relative path with a '/' in it
 * (./hook.sh, bin/hook). A bare name is left to the shell's PATH search, and a first word that
 * starts with a quote or another shell character is left alone. NULL on an error (errno).
 */
const char *path_command_abs(const char *dir, const char *cmd);

#endif
