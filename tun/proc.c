// SPDX-License-Identifier: MIT
/* Whether a recorded pid still is the sstpx that recorded it: one check for journals and pid files. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tun/tun.h"

#define DELETED " (deleted)"

/* proc(5): "pid (comm) state ppid ..."; comm may hold spaces and ')', so parse after the last ')'. */
static int read_stat(long pid, char comm[static 17], char *state, unsigned long long *start)
{
	char path[64], buf[1024], *open_paren, *close_paren, *p;
	ssize_t n;
	int fd;

	if (pid <= 0)
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren || close_paren - open_paren > 17)
		return -EBADMSG;
	memcpy(comm, open_paren + 1, (size_t)(close_paren - open_paren - 1));
	comm[close_paren - open_paren - 1] = '\0';
	p = close_paren + 2;
	*state = *p;
	/* Field 3 is the state; field 22 the start time: 19 fields after it. */
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -EBADMSG;
		p++;
	}
	*start = strtoull(p, NULL, 10);
	return 0;
}

int proc_start_time(long pid, unsigned long long *start)
{
	char comm[17], state;

	return read_stat(pid, comm, &state, start);
}

/* readlink of /proc/PID/exe without the suffix the kernel adds once the file was replaced. */
static ssize_t exe_path(const char *link, char out[static PATH_MAX])
{
	ssize_t n = readlink(link, out, PATH_MAX - 1);
	size_t dl = strlen(DELETED);

	if (n < 0)
		return -errno;
	out[n] = '\0';
	if ((size_t)n > dl && !strcmp(out + n - dl, DELETED)) {
		n -= (ssize_t)dl;
		out[n] = '\0';
	}
	return n;
}

/*
 * Without a recorded start time: pid must run this program. The path of /proc/PID/exe, read
 * without " (deleted)" (a package upgrade replaced the file under the running process), or when
 * that link cannot be read (another user's process, EACCES) or names another file, the command
 * name, which an upgrade keeps.
 */
static bool same_program(long pid, const char *comm)
{
	char self[PATH_MAX], other[PATH_MAX], link[64], own_comm[17], state;
	unsigned long long start;

	snprintf(link, sizeof(link), "/proc/%ld/exe", pid);
	if (exe_path("/proc/self/exe", self) > 0 && exe_path(link, other) > 0 && !strcmp(self, other))
		return true;
	return !read_stat((long)getpid(), own_comm, &state, &start) && !strcmp(comm, own_comm);
}

bool proc_alive(long pid, unsigned long long start)
{
	unsigned long long now_start;
	char comm[17], state;

	if (pid <= 0 || pid == (long)getpid())
		return false;
	if (read_stat(pid, comm, &state, &now_start))
		return false;
	if (state == 'Z' || state == 'X')	/* finished; only its parent has not reaped it yet */
		return false;
	if (start)		/* a recycled pid started later: the start time tells them apart */
		return now_start == start;
	return same_program(pid, comm);
}
