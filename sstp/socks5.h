// SPDX-License-Identifier: MIT
/* SOCKS5 CONNECT (RFC 1928) with username/password (RFC 1929): the I/O-free client of socks5.c. */
#ifndef SX_SSTP_SOCKS5_H
#define SX_SSTP_SOCKS5_H

#include <stddef.h>
#include <stdint.h>

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

#endif
