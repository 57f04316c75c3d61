// SPDX-License-Identifier: MIT
/* getaddrinfo and non-blocking TCP connects; the loop waits for the result. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "net.h"

/*
 * The answers kept for a tunnel that routes everything (a kept device, --lockdown): while it is
 * down, the DNS servers behind it cannot answer (or answer only after their timeouts).
 */
#define NET_CACHE 4

static struct {
	char host[256];
	char port[8];
	struct addrinfo *res;
} cache[NET_CACHE];
static bool prefer_cache;

void net_resolve_prefer_cache(bool on)
{
	prefer_cache = on;
}

static int cache_find(const char *host, const char *port)
{
	for (int i = 0; i < NET_CACHE; i++)
		if (cache[i].res && !strcmp(cache[i].host, host) && !strcmp(cache[i].port, port))
			return i;
	return -1;
}

static void cache_store(const char *host, const char *port, struct addrinfo *res)
{
	int i = cache_find(host, port);

	for (int j = 0; i < 0 && j < NET_CACHE; j++)
		if (!cache[j].res)
			i = j;
	if (i < 0 || strlen(host) >= sizeof(cache[i].host) || strlen(port) >= sizeof(cache[i].port))
		return;
	if (cache[i].res)
		freeaddrinfo(cache[i].res);
	snprintf(cache[i].host, sizeof(cache[i].host), "%s", host);
	snprintf(cache[i].port, sizeof(cache[i].port), "%s", port);
	cache[i].res = res;
}

bool net_resolve_cached(const struct addrinfo *res)
{
	for (int i = 0; res && i < NET_CACHE; i++)
		if (cache[i].res == res)
			return true;
	return false;
}

void net_resolve_free(struct addrinfo *res)
{
	if (res && !net_resolve_cached(res))
		freeaddrinfo(res);
}

void net_resolve_forget_all(void)
{
	for (int i = 0; i < NET_CACHE; i++) {
		if (cache[i].res)
			freeaddrinfo(cache[i].res);
		cache[i].res = NULL;
	}
}

int net_resolve(const char *host, const char *port, struct addrinfo **res)
{
	int i = cache_find(host, port);
	uint8_t literal[16];

	/* An address literal needs no DNS. */
	if (inet_pton(AF_INET, host, literal) == 1 || inet_pton(AF_INET6, host, literal) == 1)
		i = -1;
	if (prefer_cache && i >= 0) {
		log_info("resolve: \"%s\": using the addresses resolved before (DNS may be out of "
			 "reach while the tunnel is down)", host);
		*res = cache[i].res;
		return 0;
	}
	return net_resolve_fresh(host, port, res);
}

int net_resolve_fresh(const char *host, const char *port, struct addrinfo **res)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_protocol = IPPROTO_TCP,
	};
	int ret;

	ret = getaddrinfo(host, port, &hints, res);
	if (ret) {
		log_fail("resolve", "\"%s\": %s", host,
			 ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret));
		return -ENOENT;
	}
	if (prefer_cache)
		cache_store(host, port, *res);
	return 0;
}

int net_connect_start(const struct addrinfo *ai, int *fd)
{
	int one = 1, s, ret = 0;

	s = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (s < 0)
		return -errno;
	/* SSTP carries interactive PPP frames: do not let Nagle hold them back. */
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(s, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS) {
		ret = -errno;
		close(s);
		goto out;
	}
	*fd = s;
out:
	return ret;
}

int net_connect_result(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return -errno;
	return -err;
}

const char *net_addr_str(const struct sockaddr *sa, char buf[static NET_ADDRSTRLEN])
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(buf, NET_ADDRSTRLEN, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(buf, NET_ADDRSTRLEN, "%s:%u", a, ntohs(s4->sin_port));
	} else {
		snprintf(buf, NET_ADDRSTRLEN, "(family %d)", sa->sa_family);
	}
	return buf;
}

int net_peer(int fd, struct sockaddr_storage *ss)
{
	socklen_t len = sizeof(*ss);

	return getpeername(fd, (struct sockaddr *)ss, &len) ? -errno : 0;
}
