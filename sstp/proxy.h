// SPDX-License-Identifier: MIT
/*
 * I/O-free proxy handshakes that open a TCP tunnel to the SSTP server: HTTP CONNECT (RFC 9110
 * 9.3.6) with Basic, Digest (RFC 7616) and NTLMv2 (MS-NLMP) proxy authentication, and SOCKS5
 * (RFC 1928) with username/password (RFC 1929). Part of the sstp library; tools/sstpx does the I/O.
 * Configuration strings are borrowed for the object's lifetime; input bytes are borrowed per call.
 * Nothing here logs, reads the clock or draws randomness itself (the config's sx_rand does).
 */
#ifndef SX_SSTP_PROXY_H
#define SX_SSTP_PROXY_H

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

/* "NTLM, Digest SHA-256, Basic": the schemes in a mask, strongest first. Returns out. */
const char *proxy_auth_names(unsigned mask, char *out, size_t cap);

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

/* 0, or -EINVAL for a missing host, port 0 or a host with control characters. */
int proxy_http_init(struct proxy_http *p, const struct proxy_http_cfg *cfg);

/*
 * Writes the next CONNECT request (the first one, or the retry after PROXY_OUT_RETRY) and resets
 * the reply parser. Returns its length, -EMSGSIZE when cap is too small, or auth/'s error.
 */
int proxy_http_request(struct proxy_http *p, char *buf, size_t cap);

/*
 * Feeds reply bytes (split anywhere). -EAGAIN: all consumed, more needed. 0: p->outcome is set and
 * *consumed counts the bytes used; after PROXY_OUT_OPEN the rest is the tunnel's. -EBADMSG for a
 * malformed reply, -EMSGSIZE past PROXY_LINE_MAX, PROXY_HEAD_MAX or PROXY_BODY_MAX.
 */
int proxy_http_input(struct proxy_http *p, const uint8_t *data, size_t len, size_t *consumed);

/* The proxy closed the connection: 0 when that ends a close-delimited body, else -ECONNRESET. */
int proxy_http_eof(struct proxy_http *p);

/* ---- SOCKS5 (socks5.c) ---- */

#define SOCKS5_MSG_MAX 515	/* the longest request: 1+1+1+255+1+255 (RFC 1929) or a name CONNECT */

struct socks5_cfg {
	const char *host;	/* sent as ATYP 3 when addr_len is 0 (socks5h) */
	uint8_t addr[16];	/* an address resolved by the caller (socks5://): 4 or 16 bytes */
	size_t addr_len;
	unsigned port;
	const char *user;	/* NULL: offer "no authentication" only */
	const char *password;
};

enum socks5_outcome {
	SOCKS5_OUT_NONE,
	SOCKS5_OUT_OPEN,
	SOCKS5_OUT_NO_METHOD,	/* 05 FF: none of our methods is acceptable */
	SOCKS5_OUT_AUTH_FAILED,	/* RFC 1929 status not 0 */
	SOCKS5_OUT_REFUSED,	/* REP != 0: reply holds it */
};

struct socks5 {
	struct socks5_cfg cfg;
	int state;		/* enum socks5_state in socks5.c */
	uint8_t buf[SOCKS5_MSG_MAX];
	size_t have, need;
	enum socks5_outcome outcome;
	uint8_t method;		/* the proxy's choice */
	uint8_t reply;		/* REP of the CONNECT reply */
};

/* 0, or -EINVAL (no host and no address, a name over 255 bytes, user or password over 255). */
int socks5_init(struct socks5 *s, const struct socks5_cfg *cfg);
/* The next message to send (greeting, credentials, CONNECT); its length, 0 when none is due. */
int socks5_next(struct socks5 *s, uint8_t *buf, size_t cap);
/*
 * Feeds the proxy's bytes. -EAGAIN: all consumed, more needed. 0: a reply is complete; then either
 * s->outcome is set (the end; after SOCKS5_OUT_OPEN bytes past *consumed are the tunnel's) or
 * socks5_next has the next message (bytes past *consumed are fed after it). -EBADMSG for a bad
 * reply, -EPROTO for bytes while nothing is expected.
 */
int socks5_input(struct socks5 *s, const uint8_t *data, size_t len, size_t *consumed);
/* RFC 1928 6: the reply code in words. */
const char *socks5_reply_str(uint8_t rep);

/* ---- base64 (RFC 4648 4) for the Proxy-Authorization tokens ---- */
/* Encodes with padding and a NUL; the length, or -EMSGSIZE. */
int proxy_b64_encode(const uint8_t *in, size_t len, char *out, size_t cap);
/* Decodes (padding required, no blanks); the length, -EBADMSG or -EMSGSIZE. */
int proxy_b64_decode(const char *in, size_t len, uint8_t *out, size_t cap);

#endif
