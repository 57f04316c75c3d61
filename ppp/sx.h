// SPDX-License-Identifier: MIT
/* Types every I/O-free core shares: the log sink, injected randomness, and disconnect reasons. */
#ifndef SX_SX_H
#define SX_SX_H

#include <stddef.h>
#include <stdint.h>

enum sx_level { SX_LOG_ERR, SX_LOG_WARN, SX_LOG_INFO, SX_LOG_DEBUG, SX_LOG_TRACE };

/* A core never prints: it formats one line (no newline) and hands it to this sink. */
typedef void sx_log_fn(void *ctx, enum sx_level level, const char *line);
struct sx_log {
	sx_log_fn *fn;		/* NULL: discard */
	void *ctx;
	enum sx_level max;	/* lines above this level are not even formatted */
};

void sx_logf(const struct sx_log *log, enum sx_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fills buf with len random bytes; returns 0 or a negative errno. Default: getrandom(2) in tools/. */
typedef int sx_rand_fn(void *ctx, uint8_t *buf, size_t len);
struct sx_rand {
	sx_rand_fn *fn;
	void *ctx;
};

static inline int sx_random(const struct sx_rand *r, void *buf, size_t len)
{
	return r->fn(r->ctx, buf, len);
}

/*
 * Why a session ended. Protocol outcomes are events carrying one of these, never error returns;
 * the first cause recorded wins. tools/sstpx/exit.c maps each to a documented exit code.
 */
enum sx_reason {
	SX_REASON_NONE,
	SX_REASON_USER,			/* local request: signal, API call */
	SX_REASON_AUTH_FAILED,		/* CHAP Failure / PAP Nak; detail = MS-CHAPv2 E= code */
	SX_REASON_AUTH_UNVERIFIED,	/* server's authenticator response (S=) did not check */
	SX_REASON_AUTH_UNSUPPORTED,	/* no authentication protocol both sides accept */
	SX_REASON_NEGOTIATION,		/* LCP/NCP never converged (Max-Configure / Max-Failure) */
	SX_REASON_PEER_SILENT,		/* echo or restart timers ran out */
	SX_REASON_PEER_TERMINATE,	/* LCP Terminate-Request from the peer */
	SX_REASON_LOOPBACK,		/* looped-back link detected by magic numbers */
	SX_REASON_SERVER_ABORT,		/* SSTP Call Abort */
	SX_REASON_SERVER_DISCONNECT,	/* SSTP Call Disconnect */
	SX_REASON_CONNECT_NAK,		/* SSTP Call Connect Nak */
	SX_REASON_TIMEOUT,		/* SSTP negotiation timer */
	SX_REASON_PROTOCOL,		/* the peer broke the protocol (malformed or out-of-order data) */
	SX_REASON_NETWORK_CHANGED,	/* the local path to the server changed (tools/: netlink) */
	SX_REASON_AUTH_SERVER_CERT,	/* the certificate of the TLS inside EAP (EAP-TLS, PEAP) refused */
};

const char *sx_reason_str(enum sx_reason reason);

#endif
