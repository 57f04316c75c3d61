// SPDX-License-Identifier: MIT
/* The log sink front-end and reason names shared by every core. */
#include <stdarg.h>
#include <stdio.h>

#include "ppp/sx.h"

void sx_logf(const struct sx_log *log, enum sx_level level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!log || !log->fn || level > log->max)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log->fn(log->ctx, level, line);
}

const char *sx_reason_str(enum sx_reason reason)
{
	switch (reason) {
	case SX_REASON_NONE: return "none";
	case SX_REASON_USER: return "closed by user";
	case SX_REASON_AUTH_FAILED: return "authentication failed";
	case SX_REASON_AUTH_UNVERIFIED: return "server failed to prove it knows the password";
	case SX_REASON_AUTH_UNSUPPORTED: return "no common authentication protocol";
	case SX_REASON_NEGOTIATION: return "negotiation did not converge";
	case SX_REASON_PEER_SILENT: return "peer stopped answering";
	case SX_REASON_PEER_TERMINATE: return "peer terminated the link";
	case SX_REASON_LOOPBACK: return "link is looped back";
	case SX_REASON_SERVER_ABORT: return "server aborted the call";
	case SX_REASON_SERVER_DISCONNECT: return "server disconnected";
	case SX_REASON_CONNECT_NAK: return "server refused the call";
	case SX_REASON_TIMEOUT: return "negotiation timed out";
	case SX_REASON_PROTOCOL: return "protocol violation by peer";
	case SX_REASON_NETWORK_CHANGED: return "the network path to the server changed";
	case SX_REASON_AUTH_SERVER_CERT: return "the authentication server's certificate was refused";
	}
	return "unknown";
}
