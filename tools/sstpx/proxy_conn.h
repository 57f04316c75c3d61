// SPDX-License-Identifier: MIT
/*
 * The proxy between sstpx and the server (proxy_conn.c): which one (--proxy, or the environment as
 * curl reads it), its password, and each attempt's TCP connection through it (HTTP CONNECT or
 * SOCKS5, the cores in sstp/proxy*.c). TLS stays end to end with the server: this only hands back
 * a socket that reaches it.
 */
#ifndef SSTPX_PROXY_CONN_H
#define SSTPX_PROXY_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "json.h"
#include "net.h"
#include "opts.h"
#include "sstp/proxy_url.h"

struct proxy_conn {
	bool active;
	struct proxy_url url;	/* its password moved into `password` */
	const char *source;	/* "--proxy" or the environment variable's name */
	struct secret password;
	char auth[40];		/* the scheme that opened the last tunnel: "none", "NTLM", ... */
	char addr[NET_ADDRSTRLEN];	/* the proxy's address of the last connection */
};

/*
 * Waits for fd (EPOLLIN/EPOLLOUT) until deadline: 0, -ETIMEDOUT, -EINTR when a signal ends setup.
 * fd -1 means "stop watching the last one" (before it is closed).
 */
typedef int proxy_wait_fn(void *ctx, int fd, uint32_t events, uint64_t deadline);

/* Once per process: chooses the proxy and reads its password. 0 or an exit code (logged). */
int proxy_conn_setup(struct proxy_conn *pc, const struct opts *o);

/*
 * One attempt: resolves and connects to the proxy and opens the tunnel to the server. 0 with *sock
 * ready for TLS, or an exit code (the failure logged); *no_retry when retrying cannot help
 * (credentials refused). -EINTR from wait returns 0 with *sock = -1.
 */
int proxy_conn_open(struct proxy_conn *pc, const struct opts *o, proxy_wait_fn *wait, void *ctx,
		    int *sock, bool *no_retry);

/* "proxy": {"url", "type", "source", "address", "auth"} or null. */
void proxy_conn_json(const struct proxy_conn *pc, struct json *j);

void proxy_conn_free(struct proxy_conn *pc);

#endif
