// SPDX-License-Identifier: MIT
/*
 * --background and --pid-file. The fork happens before the first attempt, so the process that
 * connects is the daemon from the start (its pid is the one in the pid file); the parent waits on
 * a pipe for one byte, the exit code to return: 0 once the tunnel is up, or the child's failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"
#include "exit.h"
#include "log.h"
#include "session.h"
#include "tun/tun.h"

static volatile pid_t child_pid;	/* the waiting parent's, for its signal handler */
static bool pid_written;		/* this process wrote o->pid_file */

int daemon_pidfile_check(const char *path)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");
	long pid;
	char *end;

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	pid = strtol(buf, &end, 10);
	if (end == buf || pid <= 0 || pid > INT_MAX || pid == getpid())
		return 0;
	if (!proc_alive(pid, 0))
		return 0;
	log_fail("pid-file", "\"%s\": sstpx (pid %ld) is running already", path, pid);
	return SX_EXIT_USAGE;
}

int daemon_pidfile_write(struct session *s)
{
	const char *path = s->o->pid_file;
	char tmp[PATH_MAX], line[32];
	int fd, len, ret = 0;

	if (!path)
		return 0;
	if (snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()) >= (int)sizeof(tmp)) {
		log_fail("pid-file", "\"%s\": name too long", path);
		return SX_EXIT_USAGE;
	}
	len = snprintf(line, sizeof(line), "%d\n", (int)getpid());
	/* Written beside the target and renamed over it: a reader never sees half a pid. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || fchmod(fd, 0644) || write(fd, line, (size_t)len) != len || fsync(fd))
		ret = -errno;
	if (fd >= 0 && close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		log_fail("pid-file", "\"%s\": %s", path, strerror(-ret));
		return SX_EXIT_SYSTEM;
	}
	pid_written = true;
	return 0;
}

static void pass_on(int sig)
{
	if (child_pid > 0)
		kill(child_pid, sig);
}

/* The parent's side: the child's verdict, passing signals on meanwhile. */
static int parent_wait(int fd, pid_t pid)
{
	struct sigaction sa = { .sa_handler = pass_on };	/* no SA_RESTART: read sees EINTR */
	unsigned char code;
	ssize_t n;
	int status;

	child_pid = pid;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	do
		n = read(fd, &code, 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n == 1)
		return code;
	/* No verdict: the child died before it could send one. */
	if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		return WEXITSTATUS(status);
	log_fail("background", "sstpx (pid %d) died before connecting", (int)pid);
	return SX_EXIT_INTERNAL;
}

bool daemon_fork(struct session *s, int *exit_code)
{
	int fds[2];
	pid_t pid;

	if (!s->o->background)
		return false;
	if (pipe2(fds, O_CLOEXEC)) {
		log_fail("background", "pipe: %s", strerror(errno));
		*exit_code = SX_EXIT_SYSTEM;
		return true;
	}
	fflush(NULL);	/* what stdio holds is written once, not by both processes */
	pid = fork();
	if (pid < 0) {
		log_fail("background", "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		*exit_code = SX_EXIT_SYSTEM;
		return true;
	}
	if (pid > 0) {
		close(fds[1]);
		*exit_code = parent_wait(fds[0], pid);
		return true;
	}
	close(fds[0]);
	s->daemon_fd = fds[1];
	/* Its own session: the terminal's ^C and hang-up no longer reach the daemon. */
	if (setsid() < 0)
		log_warn("background: setsid: %s", strerror(errno));
	return false;
}

static void tell_parent(struct session *s, int code)
{
	unsigned char c = (unsigned char)code;

	if (s->daemon_fd < 0)
		return;
	if (write(s->daemon_fd, &c, 1) != 1)
		log_debug("background: telling the parent: %s", strerror(errno));
	close(s->daemon_fd);
	s->daemon_fd = -1;
}

void daemon_connected(struct session *s)
{
	int fd;

	if (s->daemon_fd < 0)
		return;
	log_info("background: running as pid %d", (int)getpid());
	fflush(NULL);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0 || dup2(fd, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0 ||
	    dup2(fd, STDERR_FILENO) < 0)
		log_warn("background: /dev/null: %s", strerror(errno));
	if (fd > STDERR_FILENO)
		close(fd);
	tell_parent(s, SX_EXIT_OK);
}

void daemon_exit(struct session *s, int code)
{
	char buf[32] = "";
	FILE *f;

	tell_parent(s, code);
	if (!pid_written)
		return;
	/* Only our own: another sstpx may have taken the file over meanwhile. */
	f = fopen(s->o->pid_file, "r");
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
		if (atoi(buf) == (int)getpid() && unlink(s->o->pid_file))
			log_warn("pid-file: \"%s\": %s", s->o->pid_file, strerror(errno));
	}
	pid_written = false;
}
