// SPDX-License-Identifier: MIT
/* Who may write the config file and read the password file: the checks ssh makes of its keys. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "perm.h"

/*
 * The reasons are documented word for word in sstpx.conf(5) (ERRORS); test_sstpx_config_perm
 * checks each one against the page. A config file another user can write would let that user
 * choose the server, the CA and the script sstpx runs as root; a password file others can read
 * leaks the password.
 */
static const char reason_owner[] = "not owned by root or the invoking user";
static const char reason_config_mode[] = "writable by group or others";
static const char reason_secret_mode[] = "readable or writable by group or others";

const char *perm_reason(enum perm_kind kind, mode_t mode, uid_t owner, uid_t me)
{
	if (owner != 0 && owner != me)
		return reason_owner;
	switch (kind) {
	case PERM_CONFIG:
		return mode & (S_IWGRP | S_IWOTH) ? reason_config_mode : NULL;
	case PERM_SECRET:
		return mode & (S_IRWXG | S_IRWXO) ? reason_secret_mode : NULL;
	}
	return NULL;
}

int perm_check(int fd, const char *path, enum perm_kind kind)
{
	const char *option = kind == PERM_CONFIG ? "--config" : "--password-file";
	const char *why;
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	why = perm_reason(kind, st.st_mode, st.st_uid, getuid());
	if (!why)
		return 0;
	if (why == reason_owner)
		fprintf(stderr, "sstpx: %s: \"%s\": owner uid %u: %s (fix: chown root \"%s\")\n",
			option, path, (unsigned)st.st_uid, why, path);
	else
		fprintf(stderr, "sstpx: %s: \"%s\": mode %04o: %s (fix: chmod 600 \"%s\")\n", option,
			path, (unsigned)(st.st_mode & 07777), why, path);
	return -EPERM;
}
