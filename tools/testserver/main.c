// SPDX-License-Identifier: MIT
/* sstpx-testserver: listens, accepts one connection at a time and serves it (conn.c) until told to stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tsrv.h"

/* "ADDR:PORT" or "[V6]:PORT" into a listening non-blocking socket. */
static int open_listener(const char *spec, int *out)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE | AI_NUMERICHOST |
				  AI_NUMERICSERV };
	struct addrinfo *res = NULL;
	char host[128];
	const char *port = strrchr(spec, ':');
	size_t hl;
	int fd = -1, one = 1, ret;

	if (!port || port == spec || (size_t)(port - spec) >= sizeof(host))
		return -EINVAL;
	hl = (size_t)(port - spec);
	if (spec[0] == '[' && spec[hl - 1] == ']') {
		memcpy(host, spec + 1, hl - 2);
		host[hl - 2] = '\0';
	} else {
		memcpy(host, spec, hl);
		host[hl] = '\0';
	}
	if (getaddrinfo(host, port + 1, &hints, &res))
		return -EINVAL;
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ret = bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 8) ? -errno : 0;
out:
	freeaddrinfo(res);
	if (ret && fd >= 0)
		close(fd);
	*out = ret ? -1 : fd;
	return ret;
}

static int write_ready(const char *path)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) || rename(tmp, path))
		return -errno;
	return 0;
}

static void addr_str(const struct sockaddr_storage *ss, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(buf, cap, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(buf, cap, "%s:%u", a, ntohs(s4->sin_port));
	}
}

static void on_signals(struct server *srv)
{
	int sig;

	while ((sig = loop_signal(&srv->loop)) > 0) {
		if (sig == SIGINT || sig == SIGTERM) {
			tlog(SX_LOG_INFO, "stopping (%s)", strsignal(sig));
			srv->stop = true;
		}
	}
}

/* Accepts and serves connections one after the other; --once returns after the first. */
static int serve(struct server *srv)
{
	struct sockaddr_storage ss;
	struct loop_ready r;
	char peer[64];
	int fd, one = 1, ret;

	while (!srv->stop) {
		ret = loop_watch_sock(&srv->loop, srv->lsock, EPOLLIN);
		if (!ret)
			ret = loop_arm(&srv->loop, 0);
		if (!ret)
			ret = loop_wait(&srv->loop, &r);
		if (ret) {
			tlog(SX_LOG_ERR, "loop: %s", strerror(-ret));
			return TSRV_EXIT_ERROR;
		}
		if (r.signal)
			on_signals(srv);
		if (srv->stop || !(r.sock & EPOLLIN))
			continue;
		socklen_t sl = sizeof(ss);
		fd = accept4(srv->lsock, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		/* The same as the client's socket (tools/sstpx/net.c): Nagle would hold PPP frames back. */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		loop_watch_sock(&srv->loop, -1, 0);
		addr_str(&ss, peer, sizeof(peer));
		ret = conn_serve(srv, fd, peer);
		if (srv->o->once)
			return srv->stop ? TSRV_EXIT_OK : ret;
	}
	return TSRV_EXIT_OK;
}

static int run(const struct tsrv_opts *o)
{
	struct server srv = { .o = o, .lsock = -1 };
	int ret, lret;

	srv.loop.epfd = srv.loop.sigfd = srv.loop.timerfd = -1;
	ret = users_load(o->users, &srv.users) ? TSRV_EXIT_USAGE : 0;
	if (!ret && tlssrv_init(&srv.tls, o))
		ret = TSRV_EXIT_USAGE;
	if (!ret && (pkt_pool_init(&srv.pool, TSRV_POOL, TSRV_PKT_CAP) || loop_init(&srv.loop))) {
		tlog(SX_LOG_ERR, "start-up: %s", strerror(errno));
		ret = TSRV_EXIT_ERROR;
	}
	if (!ret && (lret = open_listener(o->listen, &srv.lsock))) {
		tlog(SX_LOG_ERR, "--listen \"%s\": %s", o->listen, strerror(-lret));
		ret = TSRV_EXIT_ERROR;
	}
	if (!ret) {
		tlog(SX_LOG_INFO, "listening on %s", o->listen);
		if (o->ready_file && write_ready(o->ready_file))
			tlog(SX_LOG_WARN, "--ready-file \"%s\": %s", o->ready_file, strerror(errno));
		ret = serve(&srv);
	}
	if (srv.lsock >= 0)
		close(srv.lsock);
	loop_free(&srv.loop);
	pkt_pool_destroy(&srv.pool);
	tlssrv_free(&srv.tls);
	users_free(srv.users);
	return ret;
}

int main(int argc, char **argv)
{
	struct tsrv_opts o;
	int ret = opts_parse(&o, argc, argv);

	if (ret)
		return ret < 0 ? TSRV_EXIT_OK : ret;
	tlog_open(o.log_file, o.verbose);
	ret = o.gen_cert_dir ? gencert_run(&o) : run(&o);
	tlog_close();
	return ret;
}
