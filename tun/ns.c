// SPDX-License-Identifier: MIT
/* Named network namespaces (ip-netns(8)): the calling thread enters one briefly, and always returns. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tun/tun_int.h"

#define NETNS_RUN_DIR "/run/netns"

/* ip-netns(8) names: a file under /run/netns; a journal line splits at spaces, so none here. */
int tun_ns_check(const char *name)
{
	if (!name || !name[0] || strlen(name) > NAME_MAX || strpbrk(name, "/ \t\r\n") ||
	    !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	return 0;
}

static int ns_path(const char *name, char path[static PATH_MAX])
{
	int ret = tun_ns_check(name);

	if (!ret)
		snprintf(path, PATH_MAX, NETNS_RUN_DIR "/%s", name);
	return ret;
}

int tun_ns_exists(const char *name)
{
	char path[PATH_MAX];
	int ret = ns_path(name, path);

	if (ret)
		return ret;
	return access(path, F_OK) ? -errno : 0;
}

/*
 * setns(2) moves only this thread; the descriptor of our own namespace (taken first) brings it
 * back. Sockets and TUN devices opened in between stay in the namespace they were opened in.
 */
int tun_ns_enter(const char *name, int *back)
{
	char path[PATH_MAX];
	int fd, ret;

	*back = -1;
	ret = ns_path(name, path);
	if (ret)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*back = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*back < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if (setns(fd, CLONE_NEWNET)) {
		ret = -errno;
		close(*back);
		*back = -1;
	}
	close(fd);
	return ret;
}

void tun_ns_leave(int back)
{
	if (back < 0)
		return;
	/* Staying in the other namespace would send the TLS socket's successors there: stop. */
	if (setns(back, CLONE_NEWNET)) {
		fprintf(stderr, "sstpx: netns: cannot return to the starting namespace: %s\n",
			strerror(errno));
		abort();
	}
	close(back);
}
