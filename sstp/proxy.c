// SPDX-License-Identifier: MIT
/* HTTP CONNECT through a proxy (RFC 9110 9.3.6, RFC 9112): the request and an incremental reply parser. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sstp/proxy.h"

enum proxy_rx_state {
	RX_STATUS,
	RX_HEADER,
	RX_BODY_LEN,
	RX_CHUNK_SIZE,
	RX_CHUNK_DATA,
	RX_CHUNK_CRLF,
	RX_TRAILER,
	RX_DONE,
};

static bool text_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

int proxy_http_init(struct proxy_http *p, const struct proxy_http_cfg *cfg)
{
	if (!p || !cfg || !text_ok(cfg->host) || cfg->port == 0 || cfg->port > 65535 ||
	    (cfg->user_agent && strpbrk(cfg->user_agent, "\r\n")) || !cfg->rand.fn)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->cfg = *cfg;
	if (!cfg->user || !cfg->password)
		p->cfg.allowed = 0;
	return 0;
}

static void rx_reset(struct proxy_http *p)
{
	p->state = RX_STATUS;
	p->status = 0;
	p->http10 = p->keep_alive = p->close = false;
	p->body = PROXY_BODY_NONE;
	p->body_left = 0;
	p->head_total = p->line_len = p->body_total = 0;
	p->status_line[0] = '\0';
	p->offered = 0;
	p->ntlm_token[0] = '\0';
	memset(&p->digest_new, 0, sizeof(p->digest_new));
	p->outcome = PROXY_OUT_NONE;
	p->why = NULL;
	p->reconnect = false;
}

int proxy_http_request(struct proxy_http *p, char *buf, size_t cap)
{
	char target[300], auth[PROXY_REQ_MAX - 512];
	int n, ret;

	ret = proxy_authority(p, target, sizeof(target));
	if (ret < 0)
		goto out;
	ret = proxy_auth_header(p, auth, sizeof(auth));
	if (ret < 0)
		goto out;
	/*
	 * RFC 9110 9.3.6 / RFC 9112 3.2: authority-form target and the same Host. Proxy-Connection is
	 * not in any RFC but asks HTTP/1.0-era proxies (and squid) to keep the connection for the
	 * authentication rounds.
	 */
	n = snprintf(buf, cap,
		     "CONNECT %s HTTP/1.1\r\nHost: %s\r\n%s%s%sProxy-Connection: Keep-Alive\r\n%s\r\n",
		     target, target, p->cfg.user_agent ? "User-Agent: " : "",
		     p->cfg.user_agent ? p->cfg.user_agent : "", p->cfg.user_agent ? "\r\n" : "", auth);
	explicit_bzero(auth, sizeof(auth));
	if (n < 0 || (size_t)n >= cap) {
		ret = -EMSGSIZE;
		goto out;
	}
	rx_reset(p);
	p->rounds++;
	ret = n;
out:
	return ret;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 9112 4: HTTP-version SP 3DIGIT SP [reason-phrase]; HTTP/1.x only. */
static int status_line(struct proxy_http *p, const char *l, size_t n)
{
	size_t o = 0;

	if (n < 12 || memcmp(l, "HTTP/1.", 7) || !is_digit(l[7]) || l[8] != ' ' ||
	    !is_digit(l[9]) || !is_digit(l[10]) || !is_digit(l[11]) || (n > 12 && l[12] != ' '))
		return -EBADMSG;
	p->status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
	if (p->status < 100)
		return -EBADMSG;
	p->http10 = l[7] == '0';
	for (size_t i = 0; i < n && o < sizeof(p->status_line) - 1; i++) {
		unsigned char c = (unsigned char)l[i];

		p->status_line[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	p->status_line[o] = '\0';
	p->state = RX_HEADER;
	return 0;
}

static int content_length(struct proxy_http *p, const char *v, size_t n)
{
	uint64_t cl = 0;
	size_t i = 0;

	if (n == 0 || n > 18)
		return -EBADMSG;
	for (; i < n; i++) {
		if (!is_digit(v[i]))
			return -EBADMSG;
		cl = cl * 10 + (uint64_t)(v[i] - '0');
	}
	/* RFC 9112 6.3: differing Content-Length values are an unrecoverable error. */
	if (p->body == PROXY_BODY_LENGTH && p->body_left != cl)
		return -EBADMSG;
	if (p->body != PROXY_BODY_CHUNKED && p->body != PROXY_BODY_CLOSE) {
		p->body = PROXY_BODY_LENGTH;
		p->body_left = cl;
	}
	return 0;
}

static int header_line(struct proxy_http *p, const char *l, size_t n)
{
	const char *colon = memchr(l, ':', n);
	size_t nl, vl;
	const char *v;

	/* RFC 9112 5.2: obs-fold is not accepted here; neither is a line without a name. */
	if (!colon || colon == l || l[0] == ' ' || l[0] == '\t')
		return -EBADMSG;
	nl = (size_t)(colon - l);
	if (l[nl - 1] == ' ' || l[nl - 1] == '\t')
		return -EBADMSG;	/* RFC 9112 5.1: no whitespace before the colon */
	v = colon + 1;
	vl = n - nl - 1;
	while (vl && (*v == ' ' || *v == '\t')) {
		v++;
		vl--;
	}
	while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
		vl--;
	if (nl == 14 && !strncasecmp(l, "Content-Length", nl))
		return content_length(p, v, vl);
	if (nl == 17 && !strncasecmp(l, "Transfer-Encoding", nl)) {
		/* RFC 9112 6.3: chunked last means chunked; any other coding means read to close. */
		p->body = vl >= 7 && !strncasecmp(v + vl - 7, "chunked", 7) ? PROXY_BODY_CHUNKED
									: PROXY_BODY_CLOSE;
		return 0;
	}
	if ((nl == 10 && !strncasecmp(l, "Connection", nl)) ||
	    (nl == 16 && !strncasecmp(l, "Proxy-Connection", nl))) {
		if (proxy_list_has(v, vl, "close"))
			p->close = true;
		if (proxy_list_has(v, vl, "keep-alive"))
			p->keep_alive = true;
		return 0;
	}
	if (nl == 18 && !strncasecmp(l, "Proxy-Authenticate", nl))
		proxy_auth_challenge(p, v, vl);
	return 0;
}

static void decide(struct proxy_http *p)
{
	p->state = RX_DONE;
	if (p->status == 407) {
		proxy_auth_decide(p);
		if (p->outcome == PROXY_OUT_RETRY)
			p->reconnect = p->close;
		return;
	}
	p->outcome = PROXY_OUT_REFUSED;
}

/* The blank line: 2xx opens the tunnel (RFC 9110 9.3.6: never a body), 1xx is skipped. */
static void head_done(struct proxy_http *p)
{
	if (p->status >= 200 && p->status < 300) {
		p->state = RX_DONE;
		p->outcome = PROXY_OUT_OPEN;
		return;
	}
	if (p->status < 200) {
		p->state = RX_STATUS;
		p->status = 0;
		return;
	}
	/* RFC 9112 9.3: HTTP/1.0 persists only with keep-alive; a body to EOF ends it too. */
	if ((p->http10 && !p->keep_alive) || p->body == PROXY_BODY_CLOSE)
		p->close = true;
	/* Only a 407 on a connection we keep needs its body read; otherwise decide now. */
	if (p->status != 407 || p->close)
		return decide(p);
	switch (p->body) {
	case PROXY_BODY_NONE:
	case PROXY_BODY_CLOSE:
		return decide(p);
	case PROXY_BODY_LENGTH:
		if (p->body_left == 0)
			return decide(p);
		if (p->body_left > PROXY_BODY_MAX) {
			p->close = true;
			return decide(p);
		}
		p->state = RX_BODY_LEN;
		return;
	case PROXY_BODY_CHUNKED:
		p->state = RX_CHUNK_SIZE;
		return;
	}
}

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* RFC 9112 7.1: chunk-size [chunk-ext]; at most 15 hex digits. */
static int chunk_size(struct proxy_http *p, const char *l, size_t n)
{
	uint64_t sz = 0;
	size_t i = 0;

	for (; i < n && hexval(l[i]) >= 0; i++) {
		if (i >= 15)
			return -EMSGSIZE;
		sz = sz * 16 + (uint64_t)hexval(l[i]);
	}
	if (i == 0 || (i < n && l[i] != ';' && l[i] != ' ' && l[i] != '\t'))
		return -EBADMSG;
	if (sz > PROXY_BODY_MAX || p->body_total + sz > PROXY_BODY_MAX)
		return -EMSGSIZE;
	p->body_left = sz;
	p->state = sz ? RX_CHUNK_DATA : RX_TRAILER;
	return 0;
}

/* A complete line (without its LF, CR stripped) in the state that collects lines. */
static int line_done(struct proxy_http *p, const char *l, size_t n)
{
	switch ((enum proxy_rx_state)p->state) {
	case RX_STATUS:
		/* RFC 9112 2.2: a client may skip empty lines before the status line. */
		return n == 0 && p->head_total <= 2 ? 0 : status_line(p, l, n);
	case RX_HEADER:
		if (n == 0) {
			head_done(p);
			return 0;
		}
		return header_line(p, l, n);
	case RX_CHUNK_SIZE:
		return chunk_size(p, l, n);
	case RX_CHUNK_CRLF:
		if (n)
			return -EBADMSG;
		p->state = RX_CHUNK_SIZE;
		return 0;
	case RX_TRAILER:
		if (n == 0)
			decide(p);
		return 0;
	case RX_BODY_LEN:
	case RX_CHUNK_DATA:
	case RX_DONE:
		break;
	}
	return -EPROTO;
}

/* One byte of a line; returns 0 or an error. */
static int line_byte(struct proxy_http *p, uint8_t c)
{
	size_t n;

	if (p->state == RX_STATUS || p->state == RX_HEADER) {
		if (++p->head_total > PROXY_HEAD_MAX)
			return -EMSGSIZE;
	} else if (++p->body_total > PROXY_BODY_MAX + 1024) {
		return -EMSGSIZE;
	}
	if (c != '\n') {
		if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
			return -EBADMSG;
		if (p->line_len >= sizeof(p->line) - 1)
			return -EMSGSIZE;
		p->line[p->line_len++] = (char)c;
		return 0;
	}
	n = p->line_len;
	p->line_len = 0;
	if (n && p->line[n - 1] == '\r')
		n--;
	if (memchr(p->line, '\r', n))
		return -EBADMSG;	/* a bare CR inside a line */
	p->line[n] = '\0';
	return line_done(p, p->line, n);
}

int proxy_http_input(struct proxy_http *p, const uint8_t *data, size_t len, size_t *consumed)
{
	size_t i = 0;
	int ret = 0;

	*consumed = 0;
	while (i < len && p->state != RX_DONE) {
		if (p->state == RX_BODY_LEN || p->state == RX_CHUNK_DATA) {
			size_t take = len - i;

			if (take > p->body_left)
				take = (size_t)p->body_left;
			p->body_left -= take;
			p->body_total += take;
			i += take;
			if (p->body_left == 0) {
				if (p->state == RX_CHUNK_DATA)
					p->state = RX_CHUNK_CRLF;
				else
					decide(p);
			}
			continue;
		}
		ret = line_byte(p, data[i++]);
		if (ret < 0)
			goto out;
	}
	*consumed = i;
	ret = p->state == RX_DONE ? 0 : -EAGAIN;
out:
	return ret;
}

int proxy_http_eof(struct proxy_http *p)
{
	if (p->state == RX_DONE)
		return 0;
	return -ECONNRESET;
}
