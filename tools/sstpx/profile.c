// SPDX-License-Identifier: MIT
/* sstpx up/down NAME: the profile CONFDIR/NAME.conf started as `connect --config`, stopped by pid. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "exit.h"
#include "log.h"
#include "opts.h"
#include "sstpx.h"
#include "tun/tun.h"

#define PROFILE_NAME_MAX 64
#define PROFILE_CONFDIR "/etc/sstpx"
#define PROFILE_RUNDIR "/run/sstpx"
#define DOWN_WAIT_MS 15000	/* more than a clean teardown takes (SESS_TEARDOWN_MS, 8 s) */

/*
 * NAME becomes a file name under two directories: no '/', no leading '.' (no "..", no hidden
 * files), printable, at most PROFILE_NAME_MAX bytes. A reason, or NULL when it is fine.
 */
static const char *name_check(const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return "empty";
	if (len > PROFILE_NAME_MAX)
		return "longer than 64 characters";
	if (name[0] == '.' || name[0] == '-')
		return "must not start with '.' or '-'";
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p <= ' ' || *p == 0x7f)
			return "must not contain '/', spaces or control characters";
	return NULL;
}

/* SSTPX_CONFDIR (for tests, documented in sstpx(1)) or /etc/sstpx. */
static const char *confdir(void)
{
	const char *d = getenv("SSTPX_CONFDIR");

	return d && *d ? d : PROFILE_CONFDIR;
}

static int profile_name(const char *cmd, int argc, char **argv)
{
	const char *why;

	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "sstpx: %s: want a profile name: %s NAME\n", cmd, cmd);
		return -EINVAL;
	}
	why = name_check(argv[1]);
	if (why) {
		fprintf(stderr, "sstpx: %s: \"%s\": not a profile name: %s\n", cmd, argv[1], why);
		return -EINVAL;
	}
	return 0;
}

static int pid_path(const char *name, char *out, size_t cap)
{
	return snprintf(out, cap, "%s/%s.pid", PROFILE_RUNDIR, name) >= (int)cap ? -ENAMETOOLONG : 0;
}

/* The pid in a pid file, when that process still runs this very program; 0 otherwise. */
static pid_t running_pid(const char *path)
{
	char buf[32];
	ssize_t n;
	long pid;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	if (pid <= 1 || pid > INT_MAX || pid == (long)getpid())
		return 0;
	return proc_alive(pid, 0) ? (pid_t)pid : 0;
}

static void set_level(const struct opts *o)
{
	if (o->quiet)
		log_set_level(SX_LOG_WARN);
	else if (o->verbose >= 2)
		log_set_level(SX_LOG_TRACE);
	else if (o->verbose == 1)
		log_set_level(SX_LOG_DEBUG);
	else
		log_set_level(SX_LOG_INFO);
}

/* up NAME [OPTIONS]: connect --config CONFDIR/NAME.conf [OPTIONS], options after it winning. */
int cmd_up(int argc, char **argv)
{
	static char conf[PATH_MAX], pidf[PATH_MAX];
	char **args;
	struct opts o;
	int ret;

	if (profile_name("up", argc, argv))
		return SX_EXIT_USAGE;
	if (snprintf(conf, sizeof(conf), "%s/%s.conf", confdir(), argv[1]) >= (int)sizeof(conf) ||
	    pid_path(argv[1], pidf, sizeof(pidf))) {
		fprintf(stderr, "sstpx: up: \"%s\": path too long\n", argv[1]);
		return SX_EXIT_USAGE;
	}
	/* argv for opts_parse: "up" --config FILE, then the rest of the command line. */
	args = calloc((size_t)argc + 3, sizeof(*args));
	if (!args)
		return SX_EXIT_INTERNAL;
	args[0] = argv[0];
	args[1] = (char *)"--config";
	args[2] = conf;
	for (int i = 2; i < argc; i++)
		args[i + 1] = argv[i];
	opts_init(&o);
	o.profile = argv[1];
	ret = opts_parse(&o, argc + 1, args);
	if (ret) {
		fprintf(stderr, "Try 'sstpx help' for more information.\n");
		free(args);
		return SX_EXIT_USAGE;
	}
	if (o.help) {
		printf("Usage: sstpx up NAME [OPTIONS]   (connect --config %s/NAME.conf [OPTIONS])\n\n",
		       confdir());
		opts_print_help(stdout);
		free(args);
		return SX_EXIT_OK;
	}
	/* daemon.c writes it (and refuses to start when it names a live sstpx: already up). */
	if (!o.pid_file) {
		o.pid_file = pidf;
		if (mkdir(PROFILE_RUNDIR, 0700) && errno != EEXIST)
			log_warn("up: %s: %s", PROFILE_RUNDIR, strerror(errno));
	}
	set_level(&o);
	ret = connect_run(&o);
	free(args);
	return ret;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * Until pid no longer runs sstpx (gone or a zombie) or the deadline; 0 or -ETIMEDOUT. The process
 * itself, not its pid file: that goes before the process has quite finished.
 */
static int wait_gone(pid_t pid, uint64_t deadline)
{
	while (proc_alive(pid, 0)) {
		if (mono_ms() >= deadline)
			return -ETIMEDOUT;
		usleep(20000);
	}
	return 0;
}

/*
 * down NAME: SIGTERM to the sstpx that `up NAME` started (its pid file), then a bounded wait: a
 * clean close takes at most SESS_TEARDOWN_MS, and a second SIGTERM stops waiting for the server.
 * With --setuid the root helper undoes the rest after the process is gone, then removes the pid
 * file: down waits for that too, so the system is restored when it returns.
 */
int cmd_down(int argc, char **argv)
{
	char pidf[PATH_MAX];
	uint64_t t0 = mono_ms();
	pid_t pid;

	if (profile_name("down", argc, argv))
		return SX_EXIT_USAGE;
	if (argc > 2) {
		fprintf(stderr, "sstpx: down: \"%s\": down takes only the profile name\n", argv[2]);
		return SX_EXIT_USAGE;
	}
	if (pid_path(argv[1], pidf, sizeof(pidf)))
		return SX_EXIT_USAGE;
	pid = running_pid(pidf);
	if (!pid) {
		fprintf(stderr, "sstpx: down: \"%s\" is not up (no running sstpx in %s)\n", argv[1],
			pidf);
		return SX_EXIT_USAGE;
	}
	if (kill(pid, SIGTERM)) {
		fprintf(stderr, "sstpx: down: \"%s\": pid %ld: %s%s\n", argv[1], (long)pid,
			strerror(errno), errno == EPERM ? " (run it as the user that ran up, or root)" : "");
		return SX_EXIT_SYSTEM;
	}
	if (wait_gone(pid, t0 + DOWN_WAIT_MS * 2 / 3) &&
	    (kill(pid, SIGTERM) || wait_gone(pid, t0 + DOWN_WAIT_MS))) {
		fprintf(stderr, "sstpx: down: \"%s\": pid %ld still running after %d s\n", argv[1],
			(long)pid, DOWN_WAIT_MS / 1000);
		return SX_EXIT_SYSTEM;
	}
	/* The pid file goes last (after a --setuid helper's undo); a stale one is removed here. */
	while (!access(pidf, F_OK) && mono_ms() < t0 + DOWN_WAIT_MS + 5000)
		usleep(20000);
	if (!access(pidf, F_OK) && !running_pid(pidf))
		unlink(pidf);
	log_info("down: \"%s\" (pid %ld) disconnected in %llu ms", argv[1], (long)pid,
		 (unsigned long long)(mono_ms() - t0));
	return SX_EXIT_OK;
}
