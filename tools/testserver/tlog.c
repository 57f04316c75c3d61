// SPDX-License-Identifier: MIT
/* The only writer of sstpx-testserver's log lines: stderr and --log FILE, one line per event. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "tsrv.h"

static enum sx_level cur_level = SX_LOG_INFO;
static FILE *logf_;
static struct timespec t0;

void tlog_open(const char *path, bool verbose)
{
	cur_level = verbose ? SX_LOG_TRACE : SX_LOG_INFO;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (path) {
		logf_ = fopen(path, "ae");
		if (!logf_)
			fprintf(stderr, "sstpx-testserver: --log \"%s\": %s\n", path, strerror(errno));
	}
}

void tlog_close(void)
{
	if (logf_)
		fclose(logf_);
	logf_ = NULL;
}

bool tlog_on(enum sx_level level)
{
	return level <= cur_level;
}

static const char *tag(enum sx_level level)
{
	switch (level) {
	case SX_LOG_ERR: return "error: ";
	case SX_LOG_WARN: return "warning: ";
	case SX_LOG_INFO: return "";
	case SX_LOG_DEBUG: return "";
	case SX_LOG_TRACE: return "";
	}
	return "";
}

/* "[   s.mmm] " since start-up, so a test's log shows the protocol's timing, then the tag. */
static size_t stamp(char *buf, size_t cap, enum sx_level level)
{
	struct timespec now;
	long ms;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - t0.tv_sec) * 1000L + (now.tv_nsec - t0.tv_nsec) / 1000000L;
	n = snprintf(buf, cap, "[%4ld.%03ld] %s", ms / 1000, ms % 1000, tag(level));
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

static void emit(const char *line)
{
	fprintf(stderr, "%s\n", line);
	if (logf_) {
		fprintf(logf_, "%s\n", line);
		fflush(logf_);
	}
}

void tlog(enum sx_level level, const char *fmt, ...)
{
	char line[1100];
	size_t n;
	va_list ap;

	if (!tlog_on(level))
		return;
	n = stamp(line, sizeof(line), level);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	emit(line);
}

/* The cores' per-message lines are the server's protocol trace: shown at the default level. */
static void sink(void *ctx, enum sx_level level, const char *text)
{
	(void)ctx;
	tlog(level, "%s", text);
}

struct sx_log tlog_sink(void)
{
	return (struct sx_log){ .fn = sink, .ctx = NULL, .max = cur_level };
}
