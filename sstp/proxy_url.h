// SPDX-License-Identifier: MIT
/*
 * Proxy URLs as curl reads them (proxy_url.c): http://, socks5:// and socks5h:// with an optional
 * percent-encoded user and password, and curl's no_proxy list (host suffixes, IP addresses, CIDR
 * prefixes, "*"). Pure string functions: no I/O, no name resolution.
 */
#ifndef SX_SSTP_PROXY_URL_H
#define SX_SSTP_PROXY_URL_H

#include <stdbool.h>
#include <stddef.h>

#define PROXY_URL_DEFAULT_PORT 1080	/* curl's default for every proxy scheme */

enum proxy_kind {
	PROXY_KIND_HTTP,	/* HTTP CONNECT */
	PROXY_KIND_SOCKS5,	/* SOCKS5, the server's name resolved here */
	PROXY_KIND_SOCKS5H,	/* SOCKS5, the name sent to the proxy */
};

struct proxy_url {
	enum proxy_kind kind;
	char host[256];		/* a name or an address literal, IPv6 without brackets */
	unsigned port;
	bool has_user, has_password;
	char user[256];		/* percent-decoded */
	char password[256];	/* percent-decoded; zero it when done */
};

/* "http", "socks5" or "socks5h". */
const char *proxy_kind_name(enum proxy_kind kind);

/*
 * Parses [SCHEME://][USER[:PASSWORD]@]HOST[:PORT][/]: SCHEME is http (the default), socks5 or
 * socks5h, case-insensitive; IPv6 in brackets. NULL on success, else a reason for the user.
 */
const char *proxy_url_parse(const char *url, struct proxy_url *u);

/*
 * Does curl's no_proxy `list` exempt `host` (a name or an address literal, without brackets)?
 * Items are separated by commas or blanks: "*" matches everything; a name matches itself and its
 * subdomains (a leading '.' is ignored); an address matches itself; ADDR/LEN matches an address
 * inside the prefix. Case-insensitive; a trailing '.' on either side is ignored.
 */
bool proxy_no_proxy_match(const char *list, const char *host);

#endif
