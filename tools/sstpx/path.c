// SPDX-License-Identifier: MIT
/* Relative paths made absolute against the working directory or a profile's folder (path.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "path.h"

/* Kept on a list that stays reachable, so a leak checker at exit sees them as what they are. */
struct kept_path {
	struct kept_path *next;
	char s[];
};

static struct kept_path *kept;

static char *kept_new(size_t len)
{
	struct kept_path *k = malloc(sizeof(*k) + len);

	if (!k)
		return NULL;
	k->next = kept;
	kept = k;
	return k->s;
}

int path_dir_of(const char *file, char out[static PATH_MAX])
{
	const char *slash = strrchr(file, '/');
	char dir[PATH_MAX];

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == file)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - file) >= sizeof(dir))
		return -ENAMETOOLONG;
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - file), file);
	return realpath(dir, out) ? 0 : -errno;
}

/* The base folder: `dir`, or the working directory into buf. */
static const char *base(const char *dir, char buf[static PATH_MAX])
{
	return dir ? dir : getcwd(buf, PATH_MAX);
}

/* "./x" is "x" (only for looks: the kernel reads "/d/./x" the same way). */
static const char *skip_dot(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

const char *path_abs(const char *dir, const char *path)
{
	char cwd[PATH_MAX], *out;
	size_t len;

	if (path[0] == '/')
		return path;
	dir = base(dir, cwd);
	if (!dir)
		return NULL;
	path = skip_dot(path);
	len = strlen(dir) + 1 + strlen(path) + 1;
	out = kept_new(len);
	if (out)
		snprintf(out, len, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", path);
	return out;
}

/* A folder name sh reads as one word without quotes. */
static bool shell_plain(const char *s)
{
	return !s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._+,:@%-")];
}

const char *path_command_abs(const char *dir, const char *cmd)
{
	size_t word = strcspn(cmd, " \t\n"), len;
	char cwd[PATH_MAX], *out, *p;

	if (cmd[0] == '/' || !memchr(cmd, '/', word) || strchr("'\"\\$`~{(;&|<>!*?[=", cmd[0]))
		return cmd;
	dir = base(dir, cwd);
	if (!dir)
		return NULL;
	cmd = skip_dot(cmd);
	/* POSIX 2.2.3: inside single quotes, ' is written '\'' (4 bytes for 1). */
	len = 4 * strlen(dir) + 2 + 1 + strlen(cmd) + 1;
	out = p = kept_new(len);
	if (!out)
		return NULL;
	if (shell_plain(dir)) {
		p += sprintf(p, "%s", dir);
	} else {
		*p++ = '\'';
		for (const char *d = dir; *d; d++)
			p += *d == '\'' ? sprintf(p, "'\\''") : sprintf(p, "%c", *d);
		*p++ = '\'';
	}
	sprintf(p, "%s%s", strcmp(dir, "/") ? "/" : "", cmd);
	return out;
}
