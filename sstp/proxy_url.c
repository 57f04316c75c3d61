// SPDX-License-Identifier: MIT
/* Proxy URL parsing and curl's no_proxy rules, as strings only. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sstp/proxy_url.h"

const char *proxy_kind_name(enum proxy_kind kind)
{
	switch (kind) {
	case PROXY_KIND_HTTP:
		return "http";
	case PROXY_KIND_SOCKS5:
		return "socks5";
	case PROXY_KIND_SOCKS5H:
		return "socks5h";
	}
	return "?";
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* RFC 3986 2.1 percent-decoding of s[0..n) into out; false when malformed, NUL or too long. */
static bool pct_decode(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '%') {
			if (i + 2 >= n)
				return false;
			if (hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
				return false;
			c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			if (!c)
				return false;
			i += 2;
		}
		if (o + 1 >= cap)
			return false;
		out[o++] = c;
	}
	out[o] = '\0';
	return true;
}

static const char *scheme(const char **p, struct proxy_url *u)
{
	const char *sep = strstr(*p, "://");
	size_t n;

	u->kind = PROXY_KIND_HTTP;
	if (!sep)
		return NULL;
	n = (size_t)(sep - *p);
	if (n == 4 && !strncasecmp(*p, "http", 4))
		u->kind = PROXY_KIND_HTTP;
	else if (n == 6 && !strncasecmp(*p, "socks5", 6))
		u->kind = PROXY_KIND_SOCKS5;
	else if (n == 7 && !strncasecmp(*p, "socks5h", 7))
		u->kind = PROXY_KIND_SOCKS5H;
	else if (n == 5 && !strncasecmp(*p, "https", 5))
		return "https:// proxies (TLS to the proxy) are not supported; use http://";
	else
		return "unsupported scheme (use http://, socks5:// or socks5h://)";
	*p = sep + 3;
	return NULL;
}

static const char *userinfo(const char *s, size_t n, struct proxy_url *u)
{
	const char *colon = memchr(s, ':', n);
	size_t ul = colon ? (size_t)(colon - s) : n;

	if (!pct_decode(s, ul, u->user, sizeof(u->user)) || !u->user[0])
		return "bad user name in the URL";
	u->has_user = true;
	if (colon) {
		if (!pct_decode(colon + 1, n - ul - 1, u->password, sizeof(u->password)))
			return "bad password in the URL";
		u->has_password = u->password[0] != '\0';
	}
	return NULL;
}

static const char *port(const char *s, size_t n, unsigned *out)
{
	unsigned long v = 0;

	if (n == 0 || n > 5)
		return "bad port";
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return "bad port";
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return "bad port";
	*out = (unsigned)v;
	return NULL;
}

static const char *hostport(const char *s, size_t n, struct proxy_url *u)
{
	const char *h = s, *pp = NULL;
	size_t hl = n;

	if (n && s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (!close)
			return "unbalanced [ in the host";
		h = s + 1;
		hl = (size_t)(close - h);
		if (close + 1 < s + n) {
			if (close[1] != ':')
				return "junk after ]";
			pp = close + 2;
		}
	} else {
		const char *colon = memchr(s, ':', n);

		if (colon) {
			hl = (size_t)(colon - s);
			pp = colon + 1;
		}
	}
	if (!hl || hl >= sizeof(u->host))
		return "missing or too long host";
	memcpy(u->host, h, hl);
	u->host[hl] = '\0';
	for (size_t i = 0; i < hl; i++)
		if ((unsigned char)h[i] <= 0x20 || (unsigned char)h[i] >= 0x7f || strchr("/\\@?#%", h[i]))
			return "bad host";
	u->port = PROXY_URL_DEFAULT_PORT;
	return pp ? port(pp, (size_t)(s + n - pp), &u->port) : NULL;
}

const char *proxy_url_parse(const char *url, struct proxy_url *u)
{
	const char *p = url, *why, *at, *end;

	memset(u, 0, sizeof(*u));
	if (!url || !*url)
		return "empty";
	why = scheme(&p, u);
	if (why)
		return why;
	end = p + strcspn(p, "/?#");
	if (*end == '?' || *end == '#' || (*end == '/' && end[1]))
		return "a proxy URL has no path, query or fragment";
	/* The last '@' before the host: a password may contain an unencoded '@'. */
	at = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (at) {
		why = userinfo(p, (size_t)(at - p), u);
		if (why)
			return why;
		p = at + 1;
	}
	return hostport(p, (size_t)(end - p), u);
}

/* An address and an optional prefix length from "ADDR" or "ADDR/LEN". */
static bool parse_cidr(const char *s, size_t n, int *fam, uint8_t addr[16], unsigned *plen)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash;

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (buf[0] == '[' && buf[strlen(buf) - 1] == ']') {
		memmove(buf, buf + 1, strlen(buf));
		buf[strlen(buf) - 1] = '\0';
	}
	if (inet_pton(AF_INET, buf, addr) == 1)
		*fam = AF_INET;
	else if (inet_pton(AF_INET6, buf, addr) == 1)
		*fam = AF_INET6;
	else
		return false;
	*plen = *fam == AF_INET ? 32 : 128;
	if (slash) {
		char *e;
		unsigned long v = strtoul(slash + 1, &e, 10);

		if (!slash[1] || *e || v > *plen)
			return false;
		*plen = (unsigned)v;
	}
	return true;
}

static bool prefix_eq(const uint8_t *a, const uint8_t *b, unsigned plen)
{
	unsigned bytes = plen / 8, bits = plen % 8;

	if (memcmp(a, b, bytes))
		return false;
	return !bits || ((a[bytes] ^ b[bytes]) & (uint8_t)(0xFF << (8 - bits))) == 0;
}

static bool item_match(const char *it, size_t n, const char *host, size_t hl, bool host_ip,
		       int hfam, const uint8_t haddr[16])
{
	int fam;
	uint8_t addr[16];
	unsigned plen;

	if (n == 1 && it[0] == '*')
		return true;
	if (parse_cidr(it, n, &fam, addr, &plen))
		return host_ip && fam == hfam && prefix_eq(addr, haddr, plen);
	if (host_ip)
		return false;
	if (it[0] == '.') {
		it++;
		n--;
	}
	if (n && it[n - 1] == '.')
		n--;
	if (!n || n > hl)
		return false;
	/* The name itself, or a subdomain of it. */
	return !strncasecmp(host + hl - n, it, n) && (hl == n || host[hl - n - 1] == '.');
}

bool proxy_no_proxy_match(const char *list, const char *host)
{
	uint8_t haddr[16];
	int hfam = 0;
	size_t hl = strlen(host);
	bool ip;

	if (!list || !host)
		return false;
	if (hl && host[hl - 1] == '.')
		hl--;
	ip = inet_pton(AF_INET, host, haddr) == 1 ? (hfam = AF_INET, true)
	     : inet_pton(AF_INET6, host, haddr) == 1 ? (hfam = AF_INET6, true) : false;
	for (const char *p = list; *p;) {
		size_t n;

		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (n && item_match(p, n, host, hl, ip, hfam, haddr))
			return true;
		p += n;
	}
	return false;
}
