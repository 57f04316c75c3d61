// SPDX-License-Identifier: MIT
/* The types and limits of the HTTP CONNECT core (sstp/proxy*.c); declarations only, no functions. */
#ifndef SX_SSTP_PROXY_TYPES_H
#define SX_SSTP_PROXY_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/sx.h"

#define PROXY_LINE_MAX 8192		/* one header line of the proxy's reply */
#define PROXY_HEAD_MAX 65536		/* the whole header section (squid's own default) */
#define PROXY_BODY_MAX (1u << 20)	/* a 407/other body read and discarded */
#define PROXY_ROUNDS_MAX 6		/* requests on one handshake before giving up */
#define PROXY_REQ_MAX 6144		/* a CONNECT request with the largest NTLM AUTHENTICATE */
#define PROXY_STATUS_MAX 128		/* the status line kept for an error message */
#define PROXY_NTLM_TOKEN_MAX 4096	/* base64 of a CHALLENGE message */

/* Authentication schemes, as bits of masks (offered by the proxy, allowed by the user). */
enum proxy_auth {
	PROXY_AUTH_BASIC = 1 << 0,
	PROXY_AUTH_DIGEST_MD5 = 1 << 1,
	PROXY_AUTH_DIGEST_SHA256 = 1 << 2,
	PROXY_AUTH_NTLM = 1 << 3,
	PROXY_AUTH_OTHER = 1 << 4,	/* offered only: Negotiate and anything unknown */
};

struct proxy_http_cfg {
	const char *host;	/* the SSTP server: a name, an IPv4 literal or an IPv6 literal (no brackets) */
	unsigned port;
	const char *user;	/* NULL: no credentials; "DOMAIN\user" or "DOMAIN/user" for NTLM */
	const char *password;
	unsigned allowed;	/* enum proxy_auth bits the user allows (Basic only by explicit choice) */
	const char *user_agent;	/* NULL: none */
	uint64_t filetime;	/* now as a Windows FILETIME, for NTLMv2 when the proxy sends none */
	struct sx_rand rand;	/* Digest cnonce, NTLM client challenge */
};

enum proxy_outcome {
	PROXY_OUT_NONE,		/* the reply is not complete yet */
	PROXY_OUT_OPEN,		/* 2xx: the tunnel is open; bytes past the head belong to TLS */
	PROXY_OUT_RETRY,	/* send the next request; on a new connection when `reconnect` */
	PROXY_OUT_AUTH_FAILED,	/* 407 though credentials were sent (or none are configured) */
	PROXY_OUT_AUTH_UNSUPPORTED,	/* 407 with no scheme we may use */
	PROXY_OUT_REFUSED,	/* any other status: status_line says which */
};

enum proxy_body {
	PROXY_BODY_NONE,
	PROXY_BODY_LENGTH,
	PROXY_BODY_CHUNKED,
	PROXY_BODY_CLOSE,
};

/* The digest challenge we answer, copied from the Proxy-Authenticate header. */
struct proxy_digest {
	bool sha256, sess, qop_auth, stale;
	char realm[256], nonce[256], opaque[256];
	unsigned nc;
};

struct proxy_http {
	struct proxy_http_cfg cfg;
	/* The reply being parsed. */
	int state;			/* enum proxy_rx_state in proxy.c */
	int status;
	bool http10, keep_alive, close;
	enum proxy_body body;
	uint64_t body_left;		/* Content-Length or the current chunk */
	size_t head_total, line_len;
	size_t body_total;
	char line[PROXY_LINE_MAX];
	char status_line[PROXY_STATUS_MAX];	/* printable, for messages */
	/* Authentication across rounds. */
	unsigned offered;		/* schemes of the last 407 */
	unsigned sent;			/* the scheme of the request being answered (0: none) */
	unsigned tried;			/* schemes whose credentials were refused or already sent */
	unsigned rounds;
	bool stale_retried;
	int ntlm_step;			/* 0 none, 1 NEGOTIATE sent, 2 AUTHENTICATE sent */
	struct proxy_digest digest, digest_new;
	char ntlm_token[PROXY_NTLM_TOKEN_MAX];	/* the CHALLENGE from the last 407, base64 */
	/* The decision. */
	enum proxy_outcome outcome;
	const char *why;		/* static text for AUTH_FAILED and friends, or NULL */
	bool reconnect;			/* PROXY_OUT_RETRY: the proxy closes this connection */
	unsigned next;			/* the scheme the next request carries */
};

#endif
