// SPDX-License-Identifier: MIT
/* The exit-code table of sstpx; --help prints it and every end reason maps onto it. */
#include "exit.h"

static const struct {
	enum sx_exit code;
	const char *what;
} exit_table[] = {
	{ SX_EXIT_OK, "success, including a clean disconnect on SIGINT/SIGTERM" },
	{ SX_EXIT_INTERNAL, "internal error" },
	{ SX_EXIT_USAGE, "usage error (bad option or value)" },
	{ SX_EXIT_RESOLVE, "the server name did not resolve" },
	{ SX_EXIT_TCP, "TCP connection to the server failed (or through the proxy)" },
	{ SX_EXIT_TLS, "TLS failed or the server certificate did not verify" },
	{ SX_EXIT_AUTH, "authentication failed" },
	{ SX_EXIT_NEGOTIATION, "negotiation failed (SSTP, PPP or IPCP; protocol violation)" },
	{ SX_EXIT_SERVER, "the server disconnected or went silent" },
	{ SX_EXIT_SYSTEM, "local system error (TUN, netlink, routes, DNS, permissions)" },
};

const char *exit_str(enum sx_exit code)
{
	for (size_t i = 0; i < sizeof(exit_table) / sizeof(exit_table[0]); i++)
		if (exit_table[i].code == code)
			return exit_table[i].what;
	return "unknown";
}

void exit_print_table(FILE *f)
{
	fprintf(f, "Exit codes:\n");
	for (size_t i = 0; i < sizeof(exit_table) / sizeof(exit_table[0]); i++)
		fprintf(f, "  %d  %s\n", exit_table[i].code, exit_table[i].what);
}

enum sx_exit exit_from_reason(enum sx_reason reason)
{
	switch (reason) {
	case SX_REASON_NONE:
	case SX_REASON_USER:
		return SX_EXIT_OK;
	case SX_REASON_AUTH_FAILED:
	case SX_REASON_AUTH_UNVERIFIED:
		return SX_EXIT_AUTH;
	case SX_REASON_AUTH_UNSUPPORTED:
	case SX_REASON_NEGOTIATION:
	case SX_REASON_LOOPBACK:
	case SX_REASON_CONNECT_NAK:
	case SX_REASON_TIMEOUT:
	case SX_REASON_PROTOCOL:
		return SX_EXIT_NEGOTIATION;
	case SX_REASON_AUTH_SERVER_CERT:
		return SX_EXIT_TLS;
	case SX_REASON_PEER_SILENT:
	case SX_REASON_PEER_TERMINATE:
	case SX_REASON_SERVER_ABORT:
	case SX_REASON_SERVER_DISCONNECT:
	case SX_REASON_NETWORK_CHANGED:	/* the connection is lost as if the server went */
		return SX_EXIT_SERVER;
	}
	return SX_EXIT_INTERNAL;
}
