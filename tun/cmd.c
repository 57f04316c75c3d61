// SPDX-License-Identifier: MIT
/* External helpers (resolvectl, resolvconf, undo programs): fork + execve of an explicit argv. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tun/tun_int.h"

#define CMD_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define CMD_TIMEOUT_MS 5000
#define CMD_EXEC_TIMEOUT_MS 30000	/* a --script run, as script.c bounds it */

const char *cmd_find(const char *name, char buf[static PATH_MAX])
{
	static const char *const dirs[] = { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
					    "/usr/bin", "/sbin", "/bin" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, PATH_MAX, "%s/%s", dirs[i], name);
		if (!access(buf, X_OK))
			return buf;
	}
	return NULL;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* In the child: stdin from the pipe, stdout+stderr into the other, a fixed environment. */
static void child(const char *path, const char *const argv[], int in, int out)
{
	static char *const envp[] = { "PATH=" CMD_PATH, "LC_ALL=C", NULL };

	if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(out, STDERR_FILENO) < 0)
		_exit(126);
	execve(path, (char *const *)argv, envp);
	_exit(127);
}

/* Collects output (the first line goes into the log on failure) until exit or the deadline. */
static int wait_child(struct tun *t, pid_t pid, int out, char *msg, size_t cap, int *status)
{
	unsigned timeout = t->cfg.cmd_timeout_ms ? t->cfg.cmd_timeout_ms : CMD_TIMEOUT_MS;
	uint64_t deadline = now_ms() + timeout;
	size_t used = 0;
	bool eof = false;
	char sink[256];

	for (;;) {
		struct pollfd pfd = { .fd = out, .events = POLLIN };
		pid_t w = waitpid(pid, status, WNOHANG);

		if (w == pid)
			return 0;
		if (w < 0 && errno != EINTR)
			return -errno;
		if (now_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return -ETIMEDOUT;
		}
		if (!eof && poll(&pfd, 1, 20) > 0) {
			ssize_t r = used + 1 < cap ? read(out, msg + used, cap - used - 1)
						   : read(out, sink, sizeof(sink));
			if (r <= 0)
				eof = true;	/* only the exit is left to wait for */
			else if (used + 1 < cap) {
				used += (size_t)r;
				msg[used] = '\0';
			}
		} else if (eof) {
			struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
	}
}

/*
 * Our input is a few lines, far below a pipe's capacity, so the write cannot block; a child that
 * exits without reading would raise SIGPIPE, which is held and consumed here instead.
 */
static int write_input(int fd, const char *input)
{
	static const struct timespec zero;
	sigset_t pipe_set, old;
	int ret = 0;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	if (write(fd, input, strlen(input)) < 0) {
		ret = -errno;
		if (ret == -EPIPE)
			sigtimedwait(&pipe_set, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ret;
}

int cmd_run(struct tun *t, const char *const argv[], const char *input)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, status = 0, ret = 0;
	char msg[256] = "";
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
		ret = -errno;
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out;
	}
	if (pid == 0)
		child(argv[0], argv, in[0], out[1]);
	close(in[0]);
	close(out[1]);
	in[0] = out[1] = -1;
	if (input)
		ret = write_input(in[1], input);
	close(in[1]);
	in[1] = -1;
	{
		int wret = wait_child(t, pid, out[0], msg, sizeof(msg), &status);

		if (!ret)
			ret = wret;
	}
	if (!ret && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		ret = -EIO;
	if (ret) {
		msg[strcspn(msg, "\n")] = '\0';
		TUN_LOG(t, SX_LOG_ERR, "cmd: %s %s failed (%s)%s%s", argv[0], argv[1] ? argv[1] : "",
			ret == -EIO ? "non-zero exit" : strerror(-ret), msg[0] ? ": " : "", msg);
	}
out:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	return ret;
}

/*
 * "exec PATH": a program sstpx wrote for its own undo (the --script disconnect run, with the
 * environment of its connect), run on replay before the device goes. Only a file of ours in the
 * state directory that nobody else can write is run; it is removed afterwards.
 */
static int exec_path_ok(const struct tun *t, const char *path)
{
	size_t n = strlen(t->state_dir);
	struct stat st;

	if (strncmp(path, t->state_dir, n) || path[n] != '/' || strchr(path + n + 1, '/') ||
	    strstr(path, ".."))
		return -EPERM;
	if (lstat(path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022))
		return -EPERM;
	return 0;
}

int tun_exec_push(struct tun *t, const char *path)
{
	int ret = exec_path_ok(t, path);

	if (ret) {
		TUN_LOG(t, SX_LOG_ERR, "undo: will not journal \"%s\": %s", path, strerror(-ret));
		return ret;
	}
	return undo_push(&t->undo, "exec %s", path);
}

int tun_exec_drop(struct tun *t, const char *path)
{
	char line[UNDO_LINE_MAX];
	struct undo *u = &t->undo;

	snprintf(line, sizeof(line), "exec %s", path);
	if (!u->n || strcmp(u->lines[u->n - 1], line))
		return -ENOENT;
	(void)unlink(path);
	return undo_pop(u);
}

const char *tun_state_dir(const struct tun *t)
{
	return t->state_dir;
}

int cmd_exec_undo(struct tun *t, char **argv, int argc)
{
	const char *run[] = { NULL, NULL };
	unsigned saved = t->cfg.cmd_timeout_ms;
	int ret;

	if (argc != 2)
		return -EINVAL;
	ret = exec_path_ok(t, argv[1]);
	if (ret == -ENOENT)
		return 0;
	if (ret) {
		TUN_LOG(t, SX_LOG_ERR, "undo: will not run \"%s\": %s", argv[1], strerror(-ret));
		return ret;
	}
	run[0] = argv[1];
	t->cfg.cmd_timeout_ms = CMD_EXEC_TIMEOUT_MS;
	ret = cmd_run(t, run, NULL);
	t->cfg.cmd_timeout_ms = saved;
	if (!ret)
		TUN_LOG(t, SX_LOG_INFO, "undo: ran %s", argv[1]);
	if (unlink(argv[1]) && errno != ENOENT && !ret)
		ret = -errno;
	return ret;
}
