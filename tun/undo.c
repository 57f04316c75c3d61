// SPDX-License-Identifier: MIT
/* The undo journal: inverse actions as text lines, replayed newest first, kept in a state file. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tun/tun.h"

#define UNDO_MAGIC "# sstpx undo journal v1"
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)	/* linux/fs.h */
#endif

void undo_init(struct undo *u, const struct sx_log *log, undo_exec_fn *exec, void *exec_ctx,
	       const char *path)
{
	/* Not the 16 kB of lines: an entry is written before it is read (lines[0..n) only), and the
	 * pages no entry reaches stay untouched, so not resident (issue 14). */
	memset(u, 0, offsetof(struct undo, lines));
	if (log)
		u->log = *log;
	u->exec = exec;
	u->exec_ctx = exec_ctx;
	if (path)
		snprintf(u->path, sizeof(u->path), "%s", path);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Puts tmp in path's place atomically. Over an existing journal: exchange the two, then remove
 * the old one. A plain rename over an existing name makes ext4 (auto_da_alloc) start writing the
 * new file to disk, once per journal entry where /run is on a disk (issue 14); an exchange does
 * not. Without one (the first save, a file system or kernel without RENAME_EXCHANGE): rename.
 */
static int replace(const char *tmp, const char *path)
{
	if (!syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE)) {
		unlink(tmp);	/* the old journal; if it stays, the next save truncates it */
		return 0;
	}
	return rename(tmp, path) ? -errno : 0;
}

/* Atomic: a crash leaves either the old or the new journal, never half of one. No fsync: the
 * journal undoes kernel state (links, addresses, routes) that a power loss or kernel crash takes
 * with it, and it lives in /run, which boot clears; a killed sstpx loses nothing from the page
 * cache. Six fsyncs were a third of the time to the first ping where /run is on a disk (issue 14). */
int undo_save(const struct undo *u)
{
	char tmp[PATH_MAX + 16], head[96];
	unsigned long long start = 0;
	int fd = -1, ret = 0;

	if (!u->path[0])
		return 0;
	if (!u->n) {
		if (unlink(u->path) && errno != ENOENT)
			ret = -errno;
		goto out;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", u->path) >= (int)sizeof(tmp)) {
		ret = -ENAMETOOLONG;
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	/* The start time tells a live writer from a later process that got its pid. */
	(void)proc_start_time((long)getpid(), &start);
	snprintf(head, sizeof(head), UNDO_MAGIC " pid %ld start %llu\n", (long)getpid(), start);
	ret = write_all(fd, head, strlen(head));
	for (size_t i = 0; !ret && i < u->n; i++) {
		ret = write_all(fd, u->lines[i], strlen(u->lines[i]));
		if (!ret)
			ret = write_all(fd, "\n", 1);
	}
	if (close(fd) && !ret)
		ret = -errno;
	fd = -1;
	if (!ret)
		ret = replace(tmp, u->path);
	if (ret)
		unlink(tmp);
out:
	if (fd >= 0)
		close(fd);
	if (ret)
		sx_logf(&u->log, SX_LOG_ERR, "undo: cannot write %s: %s", u->path, strerror(-ret));
	return ret;
}

static int check_line(const char *line)
{
	if (!line[0] || strchr(line, '\n') || strchr(line, '\r'))
		return -EINVAL;
	return 0;
}

int undo_push(struct undo *u, const char *fmt, ...)
{
	va_list ap;
	int len, ret;

	if (u->n >= UNDO_MAX)
		return -ENOBUFS;
	va_start(ap, fmt);
	len = vsnprintf(u->lines[u->n], UNDO_LINE_MAX, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -EINVAL;
	if (len >= UNDO_LINE_MAX)
		return -EMSGSIZE;
	ret = check_line(u->lines[u->n]);
	if (ret)
		return ret;
	sx_logf(&u->log, SX_LOG_DEBUG, "undo: journaled \"%s\"", u->lines[u->n]);
	u->n++;
	return undo_save(u);
}

int undo_pop(struct undo *u)
{
	if (!u->n)
		return 0;
	u->n--;
	sx_logf(&u->log, SX_LOG_DEBUG, "undo: dropped \"%s\"", u->lines[u->n]);
	return undo_save(u);
}

int undo_revert(struct undo *u, const char *line)
{
	size_t i = u->n;
	int ret, saved;

	while (i && strcmp(u->lines[i - 1], line))
		i--;
	if (!i)
		return -ENOENT;
	ret = u->exec ? u->exec(u->exec_ctx, u->lines[i - 1]) : -EINVAL;
	if (ret)
		sx_logf(&u->log, SX_LOG_ERR, "undo: \"%s\" failed: %s", line, strerror(-ret));
	else
		sx_logf(&u->log, SX_LOG_DEBUG, "undo: reverted \"%s\"", line);
	/* Dropped even when it failed, as in a replay: an inverse runs once. */
	memmove(u->lines[i - 1], u->lines[i], (u->n - i) * sizeof(u->lines[0]));
	u->n--;
	saved = undo_save(u);
	return ret ? ret : saved;
}

int undo_replay(struct undo *u)
{
	int first = 0, ret;

	if (u->n)
		sx_logf(&u->log, SX_LOG_DEBUG, "undo: replaying %zu entries", u->n);
	while (u->n) {
		const char *line = u->lines[u->n - 1];

		ret = u->exec ? u->exec(u->exec_ctx, line) : -EINVAL;
		if (ret) {
			sx_logf(&u->log, SX_LOG_ERR, "undo: \"%s\" failed: %s", line, strerror(-ret));
			if (!first)
				first = ret;
		}
		/* Dropped even when it failed: an inverse runs once, never twice. */
		u->n--;
	}
	ret = undo_save(u);
	return first ? first : ret;
}

int undo_load(struct undo *u, const char *path)
{
	char line[UNDO_LINE_MAX + 2];
	size_t n = u->n;
	FILE *f;
	int ret = 0;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f) || strncmp(line, UNDO_MAGIC, strlen(UNDO_MAGIC))) {
		ret = -EBADMSG;
		goto out;
	}
	u->start = 0;
	if (sscanf(line + strlen(UNDO_MAGIC), " pid %ld start %llu", &u->pid, &u->start) < 1)
		u->pid = 0;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		if (!len || line[len - 1] != '\n') {
			ret = -EBADMSG;		/* longer than an entry, or cut short */
			goto out;
		}
		line[len - 1] = '\0';
		if (n >= UNDO_MAX) {
			ret = -ENOBUFS;
			goto out;
		}
		if (check_line(line) || len - 1 >= UNDO_LINE_MAX) {
			ret = -EBADMSG;
			goto out;
		}
		memcpy(u->lines[n++], line, len);
	}
	if (ferror(f)) {
		ret = -EIO;
		goto out;
	}
	u->n = n;
	if (path != u->path)
		snprintf(u->path, sizeof(u->path), "%s", path);
out:
	fclose(f);
	return ret;
}
