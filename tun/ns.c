// SPDX-License-Identifier: MIT
/*
 * Named network namespaces (ip-netns(8)): the calling thread enters one briefly, and always returns;
 * and the identity of a namespace, which a forked replay may switch to for good.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
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

int tun_ns_self(struct tun_nsid *id)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st))
		return -errno;
	id->dev = (unsigned long long)st.st_dev;
	id->ino = (unsigned long long)st.st_ino;
	return 0;
}

static bool ns_is(const char *path, const struct tun_nsid *id)
{
	struct stat st;

	return !stat(path, &st) && (unsigned long long)st.st_dev == id->dev &&
	       (unsigned long long)st.st_ino == id->ino;
}

int tun_ns_find(const struct tun_nsid *id, char name[static NAME_MAX + 1])
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(NETNS_RUN_DIR);
	int ret = -ENOENT;

	while (d && ret < 0 && (e = readdir(d))) {
		if (tun_ns_check(e->d_name))
			continue;
		snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", e->d_name);
		if (ns_is(path, id)) {
			snprintf(name, NAME_MAX + 1, "%s", e->d_name);
			ret = 1;
		}
	}
	if (d)
		closedir(d);
	if (ret < 0 && ns_is("/proc/1/ns/net", id))
		ret = 2;
	return ret;
}

static int enter(const char *path, int type)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (setns(fd, type))
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * ip-netns(8) exec: a private mount namespace (changes not propagated back) in which each file of
 * /etc/netns/NAME is bind-mounted over its namesake in /etc. Started from pid 1's mount namespace
 * when we may, so the bind mounts of an `ip netns exec` we run under do not show through.
 */
static int netns_exec_view(const char *name)
{
	char dir[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
	struct dirent *e;
	DIR *d;

	(void)enter("/proc/1/ns/mnt", CLONE_NEWNS);
	if (unshare(CLONE_NEWNS) || mount("", "/", "none", MS_SLAVE | MS_REC, NULL))
		return -errno;
	snprintf(dir, sizeof(dir), "/etc/netns/%s", name);
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(from, sizeof(from), "%s/%s", dir, e->d_name) >= (int)sizeof(from))
			continue;
		snprintf(to, sizeof(to), "/etc/%s", e->d_name);
		if (mount(from, to, "none", MS_BIND, NULL))
			fprintf(stderr, "sstpx: netns: cannot bind %s over %s: %s\n", from, to,
				strerror(errno));
	}
	closedir(d);
	return 0;
}

int tun_ns_switch(const char *name)
{
	char path[PATH_MAX];
	int ret;

	if (!name) {
		ret = enter("/proc/1/ns/net", CLONE_NEWNET);
		return ret ? ret : enter("/proc/1/ns/mnt", CLONE_NEWNS);
	}
	ret = ns_path(name, path);
	if (!ret)
		ret = enter(path, CLONE_NEWNET);
	return ret ? ret : netns_exec_view(name);
}
