// SPDX-License-Identifier: MIT
/*
 * The only place sstpx writes log lines (conventions.md 9): one line each, level-filtered, to
 * stderr, to the journal (stderr with <N> priority prefixes) or to syslog when stderr goes nowhere.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static enum sx_level cur_level = SX_LOG_INFO;
static struct timespec t0;

/*
 * Started with stdin, stdout or stderr closed, the next socket or file would get that number and
 * log lines (or events) would go into it: the first call (main's) puts /dev/null there instead,
 * as OpenSSH's sanitise_stdfd does. A closed stderr thus means syslog (target()).
 */
static void stdio_sanitize(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR | O_NOCTTY)) >= 0 && fd <= STDERR_FILENO)
		;
	if (fd > STDERR_FILENO)
		close(fd);
}

void log_set_level(enum sx_level level)
{
	static bool sanitized;

	if (!sanitized) {
		stdio_sanitize();
		sanitized = true;
	}
	cur_level = level;
	clock_gettime(CLOCK_MONOTONIC, &t0);
}

enum sx_level log_level(void)
{
	return cur_level;
}

static const char *prefix(enum sx_level level)
{
	switch (level) {
	case SX_LOG_ERR: return "sstpx: error: ";
	case SX_LOG_WARN: return "sstpx: warning: ";
	case SX_LOG_INFO: return "";
	case SX_LOG_DEBUG: return "";
	case SX_LOG_TRACE: return "";
	}
	return "";
}

enum log_target {
	LOG_TARGET_STDERR,	/* a terminal, a file, a pipe: as the user or a test redirected it */
	LOG_TARGET_JOURNAL,	/* systemd's journal: stderr, each line with its <N> priority */
	LOG_TARGET_SYSLOG,	/* stderr is closed or /dev/null (--background once detached) */
};

/*
 * Decided per line, because --background moves stderr to /dev/null once connected. The journal
 * is recognised as systemd documents it (systemd.exec(5), JOURNAL_STREAM): the "DEV:INODE" of
 * the stream it connected to stderr. Syslog only when the lines would otherwise be lost, so
 * every redirection a user or a test makes (2>file, 2>&1 | tee) keeps working.
 */
static enum log_target target(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (fstat(STDERR_FILENO, &st))
		return LOG_TARGET_SYSLOG;
	if (js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && st.st_dev == dev && st.st_ino == ino)
		return LOG_TARGET_JOURNAL;
	if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))
		return LOG_TARGET_SYSLOG;	/* /dev/null: Linux's devices.txt, major 1 minor 3 */
	return LOG_TARGET_STDERR;
}

static int syslog_priority(enum sx_level level)
{
	switch (level) {
	case SX_LOG_ERR: return LOG_ERR;
	case SX_LOG_WARN: return LOG_WARNING;
	case SX_LOG_INFO: return LOG_INFO;
	case SX_LOG_DEBUG: return LOG_DEBUG;
	case SX_LOG_TRACE: return LOG_DEBUG;
	}
	return LOG_INFO;
}

/* syslog(3) under the name sstpx (openlog once); the priority says what the prefix said. */
static void to_syslog(int priority, const char *line)
{
	static bool opened;

	if (!opened) {
		openlog("sstpx", LOG_PID, LOG_DAEMON);
		opened = true;
	}
	syslog(priority, "%s", line);
}

/* With -v every line carries the time since start-up, so traces show the protocol's timing. */
static void write_line(enum sx_level level, const char *line)
{
	enum log_target t = target();
	char stamp[32] = "", prio[8] = "", msg[1100];

	if (cur_level >= SX_LOG_DEBUG) {
		struct timespec now;
		long ms;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (now.tv_sec - t0.tv_sec) * 1000L + (now.tv_nsec - t0.tv_nsec) / 1000000L;
		snprintf(stamp, sizeof(stamp), "[%4ld.%03ld] ", ms / 1000, ms % 1000);
	}
	switch (t) {
	case LOG_TARGET_SYSLOG:
		/* The tag already says sstpx[PID]; "error: " stays for files that drop priorities. */
		snprintf(msg, sizeof(msg), "%s%s", level == SX_LOG_ERR ? "error: " :
			 level == SX_LOG_WARN ? "warning: " : "", line);
		to_syslog(syslog_priority(level), msg);
		return;
	case LOG_TARGET_JOURNAL:
		snprintf(prio, sizeof(prio), "<%d>", syslog_priority(level));
		break;
	case LOG_TARGET_STDERR:
		break;
	}
	fprintf(stderr, "%s%s%s%s\n", prio, stamp, prefix(level), line);
}

void log_msg(enum sx_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (level > cur_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	write_line(level, line);
}

static void syslog_fail(const char *what, const char *why)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s: %s", what, why);
	to_syslog(LOG_ERR, line);
}

void log_fail(const char *what, const char *fmt, ...)
{
	char why[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	switch (target()) {
	case LOG_TARGET_SYSLOG:
		syslog_fail(what, why);
		return;
	case LOG_TARGET_JOURNAL:
		fprintf(stderr, "<%d>sstpx: %s: %s\n", LOG_ERR, what, why);
		return;
	case LOG_TARGET_STDERR:
		break;
	}
	fprintf(stderr, "sstpx: %s: %s\n", what, why);
}

/*
 * The cores' own info lines (every message sent and received) are the protocol trace that -v
 * shows; without -v only sstpx's progress lines and the cores' warnings and errors appear.
 */
static void sink(void *ctx, enum sx_level level, const char *line)
{
	(void)ctx;
	if (level == SX_LOG_INFO)
		level = SX_LOG_DEBUG;
	if (level <= cur_level)
		write_line(level, line);
}

struct sx_log log_sink(void)
{
	return (struct sx_log){ .fn = sink, .ctx = NULL, .max = cur_level };
}
