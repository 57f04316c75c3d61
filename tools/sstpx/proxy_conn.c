// SPDX-License-Identifier: MIT
/* The proxy glue: choosing it, its password, and each attempt's tunnel through it (sstp/proxy*.c do the protocol). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "exit.h"
#include "log.h"
#include "proxy_conn.h"
#include "secret_src.h"
#include "sstp/proxy.h"

#define PROXY_CONNECT_TIMEOUT_MS 10000	/* per address of the proxy */
#define PROXY_HANDSHAKE_TIMEOUT_MS 30000	/* CONNECT or SOCKS, all rounds */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* curl's order for an https:// target; never HTTP_PROXY (the CGI "httpoxy" confusion). */
static const char *env_proxy(const char **name)
{
	static const char *const vars[] = { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v) {
			*name = vars[i];
			return v;
		}
	}
	return NULL;
}

static int read_password(struct proxy_conn *pc, const struct opts *o)
{
	char prompt[600];
	int ret;

	if (pc->url.has_password) {
		log_warn("proxy: the password in the %s URL can be read by other local users; "
			 "use --proxy-password-file, --proxy-password-env or --proxy-password-command",
			 pc->source);
		ret = secret_set(&pc->password, pc->url.password, strlen(pc->url.password));
		explicit_bzero(pc->url.password, sizeof(pc->url.password));
		return ret;
	}
	if (!!o->proxy_password_file + !!o->proxy_password_env + !!o->proxy_password_command > 1) {
		log_fail("proxy", "use only one of --proxy-password-file, --proxy-password-env, "
			 "--proxy-password-command");
		return -EINVAL;
	}
	if (o->proxy_password_command)
		return secret_src_command(&pc->password, o->proxy_password_command,
					  "--proxy-password-command") ? -EINVAL : 0;
	if (o->proxy_password_file) {
		ret = secret_src_file(&pc->password, o->proxy_password_file);
	} else if (o->proxy_password_env) {
		ret = secret_from_env(&pc->password, o->proxy_password_env);
	} else {
		if (getenv("SSTPX_PROXY_PASSWORD")) {
			ret = secret_from_env(&pc->password, "SSTPX_PROXY_PASSWORD");
		} else {
			snprintf(prompt, sizeof(prompt), "Proxy password for %s@%s: ", pc->url.user,
				 pc->url.host);
			ret = secret_from_tty(&pc->password, prompt);
		}
	}
	if (ret && ret != -EPERM)
		log_fail("proxy password", "%s%s%s", o->proxy_password_file ? o->proxy_password_file : "",
			 o->proxy_password_file ? ": " : "",
			 ret == -ENXIO ? "no terminal to prompt on; use --proxy-password-file, "
					 "--proxy-password-env or --proxy-password-command" :
			 strerror(-ret));
	return ret;
}

/* SSTPX_PROXY_PASSWORD, when not used, is not left for --script or command children either. */
static void drop_env_password(void)
{
	char *value = getenv("SSTPX_PROXY_PASSWORD");

	if (!value)
		return;
	explicit_bzero(value, strlen(value));
	unsetenv("SSTPX_PROXY_PASSWORD");
}

static int choose(struct proxy_conn *pc, const struct opts *o)
{
	const char *url = o->proxy, *why, *np;

	memset(pc, 0, sizeof(*pc));
	pc->source = "--proxy";
	if (!url && !o->no_proxy) {
		url = env_proxy(&pc->source);
		np = getenv("no_proxy");
		if (!np || !*np)
			np = getenv("NO_PROXY");
		if (url && np && proxy_no_proxy_match(np, o->host)) {
			log_info("proxy: %s matches no_proxy: connecting directly", o->host);
			return 0;
		}
	}
	if (!url)
		return 0;
	why = proxy_url_parse(url, &pc->url);
	if (why) {
		log_fail("proxy", "%s: %s", pc->source, why);	/* never the URL: it may hold a password */
		return SX_EXIT_USAGE;
	}
	pc->active = true;
	snprintf(pc->auth, sizeof(pc->auth), "none");
	if ((pc->url.has_user || pc->url.has_password) && read_password(pc, o))
		return SX_EXIT_USAGE;
	if (!pc->url.has_user && (o->proxy_password_file || o->proxy_password_env ||
				  o->proxy_password_command))
		log_warn("proxy: no user in the proxy URL: the proxy password is not used");
	log_info("proxy: %s://%s%s%s:%u (from %s)", proxy_kind_name(pc->url.kind), pc->url.user,
		 pc->url.has_user ? "@" : "", pc->url.host, pc->url.port, pc->source);
	return 0;
}

int proxy_conn_setup(struct proxy_conn *pc, const struct opts *o)
{
	int ret = choose(pc, o);

	drop_env_password();
	return ret;
}

/* ---- the TCP connection to the proxy ---- */

static int connect_one(const struct addrinfo *ai, proxy_wait_fn *wait, void *ctx, int *fd)
{
	int ret = net_connect_start(ai, fd);

	if (ret)
		return ret;
	ret = wait(ctx, *fd, EPOLLOUT, now_ms() + PROXY_CONNECT_TIMEOUT_MS);
	if (!ret)
		ret = net_connect_result(*fd);
	if (ret) {
		wait(ctx, -1, 0, 0);
		close(*fd);
		*fd = -1;
	}
	return ret;
}

/* Tries every address of the proxy; 0, -EINTR, or an exit code after saying why. */
static int connect_proxy(struct proxy_conn *pc, const struct addrinfo *res, proxy_wait_fn *wait,
			 void *ctx, int *fd)
{
	char addr[NET_ADDRSTRLEN];
	int ret = -ENOENT;

	for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		net_addr_str(ai->ai_addr, addr);
		log_debug("proxy: connecting to %s", addr);
		ret = connect_one(ai, wait, ctx, fd);
		if (!ret) {
			snprintf(pc->addr, sizeof(pc->addr), "%s", addr);
			log_info("proxy: connected to %s", addr);
			return 0;
		}
		if (ret == -EINTR)
			return ret;
		log_fail("proxy", "%s (%s): %s", pc->url.host, addr, strerror(-ret));
	}
	return SX_EXIT_TCP;
}

static int send_all(int fd, const void *buf, size_t len, proxy_wait_fn *wait, void *ctx,
		    uint64_t deadline)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EAGAIN) {
			int ret = wait(ctx, fd, EPOLLOUT, deadline);

			if (ret)
				return ret;
			continue;
		}
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	return 0;
}

/* Some bytes from the proxy: their count, 0 at EOF, or -errno / -ETIMEDOUT / -EINTR. */
static ssize_t recv_some(int fd, uint8_t *buf, size_t cap, proxy_wait_fn *wait, void *ctx,
			 uint64_t deadline)
{
	for (;;) {
		ssize_t n = read(fd, buf, cap);
		int ret;

		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		ret = wait(ctx, fd, EPOLLIN, deadline);
		if (ret)
			return ret;
	}
}

static int sys_rand(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -EIO;
}

/* Windows FILETIME: 100 ns units since 1601-01-01 (MS-DTYP 2.3.3), for NTLMv2. */
static uint64_t filetime_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec + 11644473600ull) * 10000000ull + (uint64_t)ts.tv_nsec / 100;
}

/* A transport failure during the handshake, in words. Always SX_EXIT_TCP (or 0 for -EINTR). */
static int io_fail(const struct proxy_conn *pc, ssize_t err)
{
	if (err == -EINTR)
		return 0;
	log_fail("proxy", "%s: %s", pc->addr,
		 err == 0 ? "the proxy closed the connection" :
		 err == -ETIMEDOUT ? "no answer within 30 s" : strerror((int)-err));
	return SX_EXIT_TCP;
}

/* The 407 and refusals in words a person can act on; the exit code. */
static int http_outcome(struct proxy_conn *pc, const struct opts *o, const struct proxy_http *p,
			bool *no_retry)
{
	char offered[160], allowed[160];

	proxy_auth_names(p->offered, offered, sizeof(offered));
	switch (p->outcome) {
	case PROXY_OUT_AUTH_FAILED:
		*no_retry = true;
		log_fail("proxy", "%s: %s (\"%s\"; the proxy offers %s)", pc->addr,
			 p->why ? p->why : "authentication failed", p->status_line, offered);
		return SX_EXIT_AUTH;
	case PROXY_OUT_AUTH_UNSUPPORTED:
		*no_retry = true;
		proxy_auth_names(p->cfg.allowed ? p->cfg.allowed
						: (PROXY_AUTH_NTLM | PROXY_AUTH_DIGEST_SHA256 |
						   PROXY_AUTH_DIGEST_MD5),
				 allowed, sizeof(allowed));
		log_fail("proxy", "%s: the proxy asks for %s; sstpx may use %s%s", pc->addr, offered,
			 allowed, (p->offered & PROXY_AUTH_BASIC) && !o->proxy_allow_basic ?
			 " (Basic needs --proxy-allow-basic)" : "");
		return SX_EXIT_AUTH;
	case PROXY_OUT_REFUSED:
		log_fail("proxy", "%s refused CONNECT %s:%s: \"%s\"", pc->addr, o->host, o->port,
			 p->status_line);
		return SX_EXIT_TCP;
	case PROXY_OUT_NONE:
	case PROXY_OUT_OPEN:
	case PROXY_OUT_RETRY:
		break;
	}
	return SX_EXIT_INTERNAL;
}

/* One reply: 0 with p->outcome set, or an exit code (or -EINTR). */
static int http_read_reply(struct proxy_conn *pc, struct proxy_http *p, int fd,
			   proxy_wait_fn *wait, void *ctx, uint64_t deadline)
{
	uint8_t buf[4096];

	for (;;) {
		ssize_t n = recv_some(fd, buf, sizeof(buf), wait, ctx, deadline);
		size_t used = 0;
		int ret;

		if (n == 0 && proxy_http_eof(p) == 0)
			return 0;
		if (n <= 0)
			return n == -EINTR ? -EINTR : io_fail(pc, n);
		ret = proxy_http_input(p, buf, (size_t)n, &used);
		if (ret == -EAGAIN)
			continue;
		if (ret < 0) {
			log_fail("proxy", "%s: %s", pc->addr,
				 ret == -EMSGSIZE ? "the reply's header section or a line is too long "
						    "(64 KiB, 8 KiB), or its body over 1 MiB" :
				 "not an HTTP reply to CONNECT (is it an HTTP proxy?)");
			return SX_EXIT_TCP;
		}
		if (p->outcome == PROXY_OUT_OPEN && used < (size_t)n) {
			log_fail("proxy", "%s: data after the 200 before the TLS handshake", pc->addr);
			return SX_EXIT_TCP;
		}
		return 0;
	}
}

static const char *scheme_name(unsigned bit)
{
	static char name[40];

	return bit ? proxy_auth_names(bit, name, sizeof(name)) : "none";
}

static int http_tunnel(struct proxy_conn *pc, const struct opts *o, const struct addrinfo *res,
		       proxy_wait_fn *wait, void *ctx, int *fd, bool *no_retry)
{
	const struct proxy_http_cfg cfg = {
		.host = o->host,
		.port = (unsigned)strtoul(o->port, NULL, 10),
		.user = pc->url.has_user ? pc->url.user : NULL,
		.password = pc->password.buf,
		.allowed = PROXY_AUTH_NTLM | PROXY_AUTH_DIGEST_SHA256 | PROXY_AUTH_DIGEST_MD5 |
			   (o->proxy_allow_basic ? PROXY_AUTH_BASIC : 0),
		.user_agent = "sstpx",
		.filetime = filetime_now(),
		.rand = { .fn = sys_rand },
	};
	uint64_t deadline = now_ms() + PROXY_HANDSHAKE_TIMEOUT_MS;
	struct proxy_http *p = calloc(1, sizeof(*p));
	char req[PROXY_REQ_MAX];
	int ret = SX_EXIT_INTERNAL;

	if (!p || proxy_http_init(p, &cfg))
		goto out;
	for (;;) {
		unsigned scheme;

		ret = proxy_http_request(p, req, sizeof(req));
		if (ret < 0) {
			log_fail("proxy", "%s: cannot answer the challenge: %s", pc->addr, strerror(-ret));
			ret = ret == -EBADMSG ? SX_EXIT_AUTH : SX_EXIT_INTERNAL;
			goto out;
		}
		scheme = p->sent;
		log_debug("proxy: CONNECT %s:%s%s%s", o->host, o->port, scheme ? " with " : "",
			  scheme ? scheme_name(scheme) : "");
		ret = send_all(*fd, req, (size_t)ret, wait, ctx, deadline);
		explicit_bzero(req, sizeof(req));
		if (ret) {
			ret = io_fail(pc, ret);
			goto out;
		}
		ret = http_read_reply(pc, p, *fd, wait, ctx, deadline);
		if (ret)
			goto out;
		log_debug("proxy: \"%s\"", p->status_line);
		if (p->outcome == PROXY_OUT_OPEN) {
			snprintf(pc->auth, sizeof(pc->auth), "%s", scheme_name(p->ntlm_step == 2 ?
							PROXY_AUTH_NTLM : scheme));
			log_info("proxy: tunnel to %s:%s open (authentication: %s)", o->host, o->port,
				 pc->auth);
			goto out;
		}
		if (p->outcome != PROXY_OUT_RETRY) {
			ret = http_outcome(pc, o, p, no_retry);
			goto out;
		}
		if (p->reconnect) {
			/* RFC 9112 9.3: the proxy closes this connection (tinyproxy always does). */
			log_debug("proxy: the proxy closes the connection; connecting again");
			wait(ctx, -1, 0, 0);
			close(*fd);
			*fd = -1;
			ret = connect_proxy(pc, res, wait, ctx, fd);
			if (ret)
				goto out;
		}
	}
out:
	if (p)
		explicit_bzero(p, sizeof(*p));
	free(p);
	return ret;
}

/* socks5://: the server's name resolved here (the first address); socks5h:// sends the name. */
static int socks_target(const struct opts *o, bool by_name, struct socks5_cfg *cfg)
{
	struct addrinfo *res;
	int ret = 0;

	cfg->port = (unsigned)strtoul(o->port, NULL, 10);
	if (by_name) {
		cfg->host = o->host;
		return 0;
	}
	if (net_resolve(o->host, o->port, &res))
		return SX_EXIT_RESOLVE;
	if (res->ai_family == AF_INET) {
		memcpy(cfg->addr, &((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr, 4);
		cfg->addr_len = 4;
	} else if (res->ai_family == AF_INET6) {
		memcpy(cfg->addr, &((struct sockaddr_in6 *)(void *)res->ai_addr)->sin6_addr, 16);
		cfg->addr_len = 16;
	} else {
		ret = SX_EXIT_RESOLVE;
	}
	net_resolve_free(res);
	return ret;
}

static int socks_outcome(struct proxy_conn *pc, const struct opts *o, const struct socks5 *s,
			 bool *no_retry)
{
	switch (s->outcome) {
	case SOCKS5_OUT_OPEN:
		snprintf(pc->auth, sizeof(pc->auth), "%s", s->method == 2 ? "user/password" : "none");
		log_info("proxy: SOCKS5 tunnel to %s:%s open (authentication: %s)", o->host, o->port,
			 pc->auth);
		return 0;
	case SOCKS5_OUT_NO_METHOD:
		*no_retry = true;
		log_fail("proxy", "%s: the SOCKS5 proxy accepts none of our methods (%s)", pc->addr,
			 pc->url.has_user ? "none, user/password" : "none; give a user in the URL");
		return SX_EXIT_AUTH;
	case SOCKS5_OUT_AUTH_FAILED:
		*no_retry = true;
		log_fail("proxy", "%s: the SOCKS5 proxy refused user \"%s\" (RFC 1929 status %u)",
			 pc->addr, pc->url.user, s->buf[1]);
		return SX_EXIT_AUTH;
	case SOCKS5_OUT_REFUSED:
		log_fail("proxy", "%s: SOCKS5 CONNECT %s:%s failed: %s (reply %u)", pc->addr, o->host,
			 o->port, socks5_reply_str(s->reply), s->reply);
		return SX_EXIT_TCP;
	case SOCKS5_OUT_NONE:
		break;
	}
	return SX_EXIT_INTERNAL;
}

static int socks_tunnel(struct proxy_conn *pc, const struct opts *o, proxy_wait_fn *wait,
			void *ctx, int fd, bool *no_retry)
{
	struct socks5_cfg cfg = { 0 };
	uint64_t deadline = now_ms() + PROXY_HANDSHAKE_TIMEOUT_MS;
	uint8_t msg[SOCKS5_MSG_MAX], buf[512];
	size_t have = 0, off = 0;
	struct socks5 s;
	int ret;

	ret = socks_target(o, pc->url.kind == PROXY_KIND_SOCKS5H, &cfg);
	if (ret)
		return ret;
	if (pc->url.has_user) {
		cfg.user = pc->url.user;
		cfg.password = pc->password.buf;
	}
	if (socks5_init(&s, &cfg)) {
		log_fail("proxy", "SOCKS5: the user, the password or %s is longer than 255 bytes", o->host);
		return SX_EXIT_USAGE;
	}
	while (s.outcome == SOCKS5_OUT_NONE) {
		int n = socks5_next(&s, msg, sizeof(msg));

		if (n > 0) {
			ret = send_all(fd, msg, (size_t)n, wait, ctx, deadline);
			explicit_bzero(msg, sizeof(msg));
			if (ret)
				return io_fail(pc, ret);
		}
		if (off == have) {
			ssize_t r = recv_some(fd, buf, sizeof(buf), wait, ctx, deadline);

			if (r <= 0)
				return r == -EINTR ? -EINTR : io_fail(pc, r);
			have = (size_t)r;
			off = 0;
		}
		size_t used = 0;
		ret = socks5_input(&s, buf + off, have - off, &used);
		off += used;
		if (ret < 0 && ret != -EAGAIN) {
			log_fail("proxy", "%s: not a SOCKS5 reply (is it a SOCKS5 proxy?)", pc->addr);
			return SX_EXIT_TCP;
		}
	}
	if (s.outcome == SOCKS5_OUT_OPEN && off < have) {
		log_fail("proxy", "%s: data after the SOCKS5 reply before the TLS handshake", pc->addr);
		return SX_EXIT_TCP;
	}
	return socks_outcome(pc, o, &s, no_retry);
}

int proxy_conn_open(struct proxy_conn *pc, const struct opts *o, proxy_wait_fn *wait, void *ctx,
		    int *sock, bool *no_retry)
{
	struct addrinfo *res;
	char port[8];
	int ret;

	*sock = -1;
	snprintf(port, sizeof(port), "%u", pc->url.port);
	log_info("resolving proxy %s", pc->url.host);
	if (net_resolve(pc->url.host, port, &res))
		return SX_EXIT_RESOLVE;
	ret = connect_proxy(pc, res, wait, ctx, sock);
	if (!ret && pc->url.kind == PROXY_KIND_HTTP)
		ret = http_tunnel(pc, o, res, wait, ctx, sock, no_retry);
	else if (!ret)
		ret = socks_tunnel(pc, o, wait, ctx, *sock, no_retry);
	net_resolve_free(res);
	if (ret == -EINTR)
		ret = 0;
	if ((ret || *sock < 0) && *sock >= 0) {
		wait(ctx, -1, 0, 0);
		close(*sock);
		*sock = -1;
	}
	return ret;
}

void proxy_conn_json(const struct proxy_conn *pc, struct json *j)
{
	char url[600];

	if (!pc->active) {
		json_null(j, "proxy");
		return;
	}
	/* Never the password. */
	snprintf(url, sizeof(url), "%s://%s%s%s%s%s:%u", proxy_kind_name(pc->url.kind), pc->url.user,
		 pc->url.has_user ? "@" : "", strchr(pc->url.host, ':') ? "[" : "", pc->url.host,
		 strchr(pc->url.host, ':') ? "]" : "", pc->url.port);
	json_obj_begin(j, "proxy");
	json_str(j, "url", url);
	json_str(j, "type", proxy_kind_name(pc->url.kind));
	json_str(j, "source", pc->source);
	json_str(j, "address", pc->addr[0] ? pc->addr : NULL);
	json_str(j, "auth", pc->auth);
	json_obj_end(j);
}

void proxy_conn_free(struct proxy_conn *pc)
{
	secret_free(&pc->password);
	explicit_bzero(&pc->url, sizeof(pc->url));
	pc->active = false;
}
