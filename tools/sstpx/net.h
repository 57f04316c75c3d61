// SPDX-License-Identifier: MIT
/* Name resolution and non-blocking TCP connects for sstpx. */
#ifndef SSTPX_NET_H
#define SSTPX_NET_H

#include <netdb.h>
#include <stdbool.h>
#include <stddef.h>

#define NET_ADDRSTRLEN 64	/* "[v6%scope]:port" */

/*
 * getaddrinfo for TCP, IPv4 and IPv6. 0, or -ENOENT after printing why it failed. Free the
 * result with net_resolve_free. With net_resolve_prefer_cache(true) (a kept device or lockdown:
 * DNS may be out of reach while the tunnel is down) answers are kept, and net_resolve hands back
 * the kept answer for the same host and port; net_resolve_fresh always asks (and keeps the answer).
 */
int net_resolve(const char *host, const char *port, struct addrinfo **res);
int net_resolve_fresh(const char *host, const char *port, struct addrinfo **res);
void net_resolve_free(struct addrinfo *res);
void net_resolve_prefer_cache(bool on);
bool net_resolve_cached(const struct addrinfo *res);
void net_resolve_forget_all(void);
/* A non-blocking socket connecting to ai (TCP_NODELAY set). 0 with *fd, or -errno. */
int net_connect_start(const struct addrinfo *ai, int *fd);
/* Once the socket is writable: 0 when connected, or -errno from SO_ERROR. */
int net_connect_result(int fd);
/* "192.0.2.1:443" or "[2001:db8::1]:443". Returns buf. */
const char *net_addr_str(const struct sockaddr *sa, char buf[static NET_ADDRSTRLEN]);
/* The peer address of a connected socket, in the same form. */
int net_peer(int fd, struct sockaddr_storage *ss);

#endif
