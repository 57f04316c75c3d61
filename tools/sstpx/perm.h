// SPDX-License-Identifier: MIT
/* Who may write the config file and read the password file: the checks ssh makes of its keys. */
#ifndef SSTPX_PERM_H
#define SSTPX_PERM_H

#include <stdbool.h>
#include <sys/types.h>

enum perm_kind {
	PERM_CONFIG,		/* --config, a profile: no one but the owner may write it */
	PERM_SECRET,		/* --password-file: no one but the owner may read or write it */
};

/*
 * Checks the open file fd (fstat, so what was checked is what is read) against its kind: owned
 * by root or the invoking user, and not writable (PERM_CONFIG) or not readable or writable
 * (PERM_SECRET) by group or others. On refusal prints
 *   sstpx: OPTION: "PATH": REASON (fix: FIX)
 * and returns -EPERM; 0 when the file is acceptable, or -errno from fstat.
 */
int perm_check(int fd, const char *path, enum perm_kind kind);

/* The reason of a refusal, for tests and the man page: NULL when acceptable. */
const char *perm_reason(enum perm_kind kind, mode_t mode, uid_t owner, uid_t me);

#endif
