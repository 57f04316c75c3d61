// SPDX-License-Identifier: MIT
/* Secrets from a file (checked to be private) or from a command's first line (bounded in time). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "perm.h"
#include "secret_src.h"

#define COMMAND_TIMEOUT_MS 30000

/* --password-file and --proxy-password-file: refused when others may read it (perm.c), checked on the descriptor read. */
int secret_src_file(struct secret *out, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int ret;

	if (fd < 0)
		return -errno;
	ret = perm_check(fd, path, PERM_SECRET);
	if (!ret)
		ret = secret_from_fd(out, fd);
	close(fd);
	return ret;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* The child: stdout into the pipe, stderr and stdin as they are, signals as a fresh program. */
static void command_child(const char *cmd, int out)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(out, STDOUT_FILENO) < 0)
		_exit(127);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/*
 * Reads the child's whole output (so it never blocks on a full pipe) until end of file or the
 * deadline, keeping the first line in line[]. -ETIMEDOUT, -EMSGSIZE (first line too long), or 0.
 */
static int command_read(int fd, char *line, size_t cap, size_t *len, uint64_t deadline)
{
	bool eol = false;
	char buf[512];
	int ret = 0;

	*len = 0;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint64_t now = now_ms();
		ssize_t n;
		int r;

		if (now >= deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		r = poll(&p, 1, (int)(deadline - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			break;
		}
		if (r == 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : 0;
			break;
		}
		for (ssize_t i = 0; i < n && !eol; i++) {
			if (buf[i] == '\n')
				eol = true;
			else if (*len < cap)
				line[(*len)++] = buf[i];
			else
				ret = -EMSGSIZE;
		}
	}
	explicit_bzero(buf, sizeof(buf));
	if (!ret && *len && line[*len - 1] == '\r')
		(*len)--;
	return ret;
}

/* Waits for the child, killing it when it outlives the deadline. Its wait status. */
static int command_reap(pid_t pid, uint64_t deadline)
{
	int status = 0;

	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid || (w < 0 && errno != EINTR))
			return status;
		if (now_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return status;
		}
		usleep(10000);
	}
}

/*
 * --password-command and --proxy-password-command: /bin/sh -c CMD, bounded by COMMAND_TIMEOUT_MS. The first line of its
 * output is the password (without the line ending); what it prints on stderr passes through. The
 * command is not a secret and is named in errors; its output never is.
 */
int secret_src_command(struct secret *out, const char *cmd, const char *what)
{
	char line[SECRET_MAX_LEN + 1];
	uint64_t deadline = now_ms() + COMMAND_TIMEOUT_MS;
	size_t len = 0;
	int fds[2], ret, status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(fds[0]);
		close(fds[1]);
		return ret;
	}
	if (pid == 0)
		command_child(cmd, fds[1]);
	close(fds[1]);
	ret = command_read(fds[0], line, sizeof(line) - 1, &len, deadline);
	close(fds[0]);
	status = command_reap(pid, ret == -ETIMEDOUT ? 0 : deadline + 1000);
	if (ret == -ETIMEDOUT)
		log_fail(what, "\"%s\": no password within %d s", cmd,
			 COMMAND_TIMEOUT_MS / 1000);
	else if (ret == -EMSGSIZE)
		log_fail(what, "\"%s\": the first line is longer than %d bytes", cmd,
			 SECRET_MAX_LEN);
	else if (ret)
		log_fail(what, "\"%s\": %s", cmd, strerror(-ret));
	else if (WIFSIGNALED(status))
		log_fail(what, "\"%s\": killed by signal %d", cmd, WTERMSIG(status));
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		log_fail(what, "\"%s\": exited with status %d", cmd,
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (!len)
		log_fail(what, "\"%s\": printed no password", cmd);
	else
		ret = secret_set(out, line, len);
	if (!ret && (WIFSIGNALED(status) || !WIFEXITED(status) || WEXITSTATUS(status) || !len))
		ret = -EINVAL;
	explicit_bzero(line, sizeof(line));
	return ret;
}
