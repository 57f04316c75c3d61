// SPDX-License-Identifier: MIT
/* The single log writer of sstpx: levels, stderr, one line per call, never a secret. */
#ifndef SSTPX_LOG_H
#define SSTPX_LOG_H

#include "ppp/sx.h"

/* SX_LOG_INFO by default; -q lowers it to SX_LOG_WARN, each -v raises it one step. */
void log_set_level(enum sx_level level);
enum sx_level log_level(void);

void log_msg(enum sx_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(SX_LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(SX_LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(SX_LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(SX_LOG_DEBUG, __VA_ARGS__)
#define log_trace(...) log_msg(SX_LOG_TRACE, __VA_ARGS__)

/* The user-facing failure line: "sstpx: <what>: <why>". Always printed, even with -q. */
void log_fail(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A sink for a core's config: its lines go through log_msg with the current level. */
struct sx_log log_sink(void);

#endif
