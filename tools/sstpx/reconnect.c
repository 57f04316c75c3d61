// SPDX-License-Identifier: MIT
/* --reconnect: the retry policy, exponential backoff with jitter, and the interruptible wait. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>

#include "exit.h"
#include "keep.h"
#include "log.h"
#include "observers.h"
#include "reconnect.h"
#include "session.h"

#define BACKOFF_FIRST_MS 1000u

uint32_t reconnect_backoff_ms(unsigned waits, unsigned max_s, uint16_t random16)
{
	uint64_t max_ms = (uint64_t)max_s * 1000u;
	uint64_t base = waits >= 22 ? max_ms : (uint64_t)BACKOFF_FIRST_MS << waits;
	uint64_t ms;

	if (base > max_ms)
		base = max_ms;
	/* +-20%: clients that lost the same server at the same moment do not return in step. */
	ms = base * (800u + (uint64_t)random16 * 400u / 65536u) / 1000u;
	return (uint32_t)(ms > max_ms ? max_ms : ms);
}

/* NULL when an attempt that ended with `code` is worth another; otherwise why it is not. */
static const char *final_because(const struct session *s, int code)
{
	switch ((enum sx_exit)code) {
	case SX_EXIT_OK:
	case SX_EXIT_RESOLVE:
	case SX_EXIT_TCP:
	case SX_EXIT_SERVER:
		return NULL;
	case SX_EXIT_TLS:
		return s->no_retry ? "the server's certificate or TLS setup was not accepted" : NULL;
	case SX_EXIT_NEGOTIATION:
		return s->reason == SX_REASON_AUTH_UNSUPPORTED ?
			"the server wants an authentication sstpx is not allowed to use" : NULL;
	case SX_EXIT_AUTH:
		return "the server refused the credentials (retrying could lock the account)";
	case SX_EXIT_USAGE:
		return "a usage or configuration error";
	case SX_EXIT_INTERNAL:
		return "an internal error";
	case SX_EXIT_SYSTEM:
		return "a local system error";
	}
	return "an unknown exit code";
}

static uint16_t random16(void)
{
	uint16_t r = 0x8000;	/* no jitter if the kernel cannot give any */

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = 0x8000;
	return r;
}

/* Signals while waiting: true when sstpx must stop; SIGHUP ends the wait early (s->hup). */
static bool wait_signal(struct session *s)
{
	int sig;

	while ((sig = loop_signal(&s->loop)) > 0) {
		if (sig == SIGUSR1) {
			status_log(s);
		} else if (sig == SIGHUP) {
			log_info("SIGHUP: reconnecting now");
			s->hup = true;
		} else {
			log_info("stopped while waiting to reconnect (%s)", strsignal(sig));
			s->stop_requested = true;
		}
	}
	return s->stop_requested;
}

/* 0 when the wait is over (or SIGHUP cut it short), 1 when a signal stopped sstpx, or -errno. */
static int backoff_wait(struct session *s, uint32_t ms)
{
	uint64_t deadline = loop_now_ms() + ms;
	struct loop_ready r;
	int ret = 0;

	while (!s->hup && loop_now_ms() < deadline) {
		ret = loop_arm(&s->loop, deadline);
		if (!ret)
			ret = loop_wait(&s->loop, &r);
		if (ret)
			return ret;
		hooks_ready(&s->hooks, s, &r);
		if (r.tun)
			keep_drop(s);
		if (r.signal && wait_signal(s))
			return 1;
	}
	return 0;
}

/* After an attempt ended with `code`: the next wait in ms, or -1 to stop (after saying why). */
static int64_t next_wait(struct session *s, int code, unsigned *failures, unsigned *waits)
{
	const struct opts *o = s->o;
	const char *why;

	if (s->stop_requested || !o->reconnect)
		return -1;
	if (s->hup)
		return 0;
	if (s->t_connected) {
		*failures = 0;
		*waits = 0;
	} else {
		++*failures;
	}
	why = final_because(s, code);
	if (why) {
		log_fail("reconnect", "not trying again: %s (exit %d)", why, code);
		return -1;
	}
	if (o->reconnect_attempts && *failures >= o->reconnect_attempts) {
		log_fail("reconnect", "giving up after %u failed attempt%s in a row (exit %d)",
			 *failures, *failures == 1 ? "" : "s", code);
		return -1;
	}
	return reconnect_backoff_ms((*waits)++, o->reconnect_max_delay, random16());
}

int reconnect_run(struct session *s, reconnect_attempt_fn attempt)
{
	unsigned failures = 0, waits = 0;
	int64_t wait;
	int code, ret;

	for (;;) {
		code = attempt(s);
		s->exit_code = code;
		session_phase(s, SX_PHASE_DISCONNECTED);
		wait = next_wait(s, code, &failures, &waits);
		if (wait < 0)
			break;
		s->attempt++;
		s->backoff_ms = (uint32_t)wait;
		if (s->hup)
			log_info("reconnecting now (attempt %u)", s->attempt);
		else
			log_info("reconnecting in %u.%u s (attempt %u)", s->backoff_ms / 1000,
				 s->backoff_ms % 1000 / 100, s->attempt);
		session_phase(s, SX_PHASE_RECONNECTING);
		ret = backoff_wait(s, s->backoff_ms);
		s->hup = false;
		if (ret < 0) {
			log_fail("loop", "%s", strerror(-ret));
			return SX_EXIT_INTERNAL;
		}
		if (ret > 0)
			return SX_EXIT_OK;
	}
	/* With --reconnect a signal, not a failure, ended the last attempt: that is success. */
	return s->stop_requested && s->o->reconnect ? SX_EXIT_OK : code;
}
