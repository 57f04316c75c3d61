// SPDX-License-Identifier: MIT
/* The only place sstpx writes log lines (conventions.md 9): stderr, one line each, level-filtered. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

static enum sx_level cur_level = SX_LOG_INFO;
static struct timespec t0;

void log_set_level(enum sx_level level)
{
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

/* With -v every line carries the time since start-up, so traces show the protocol's timing. */
static void write_line(enum sx_level level, const char *line)
{
	char stamp[32] = "";

	if (cur_level >= SX_LOG_DEBUG) {
		struct timespec now;
		long ms;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (now.tv_sec - t0.tv_sec) * 1000L + (now.tv_nsec - t0.tv_nsec) / 1000000L;
		snprintf(stamp, sizeof(stamp), "[%4ld.%03ld] ", ms / 1000, ms % 1000);
	}
	fprintf(stderr, "%s%s%s\n", stamp, prefix(level), line);
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

void log_fail(const char *what, const char *fmt, ...)
{
	char why[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
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
