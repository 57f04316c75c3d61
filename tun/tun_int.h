// SPDX-License-Identifier: MIT
/* Private to tun/: the tun object and the helpers its files share. */
#ifndef SX_TUN_INT_H
#define SX_TUN_INT_H

#include <errno.h>
#include <net/if.h>

#include "tun/tun.h"

struct nl_sock;

struct tun {
	struct tun_cfg cfg;
	const char *state_dir;
	struct nl_sock *nl;
	int fd;				/* -1 in `cleanup` (no device of our own) */
	int ifindex;
	char name[IFNAMSIZ];
	bool ns_gone;			/* replaying a journal whose namespace no longer exists */
	char resolv[PATH_MAX];		/* resolv.conf in use: cfg's, /etc/netns/NS/..., or the host's */
	struct route_path server_path;	/* the first server host route's path (route_server_add) */
	bool has_server_path;
	uint32_t policy_table;		/* policy.c: our table, 0 until used */
	bool locked, blocked6, unreach4, unreach6;
	struct undo undo;		/* last: tun_new zeroes what is before it */
};

#define TUN_LOG(t, level, ...) sx_logf(&(t)->cfg.log, (level), __VA_ARGS__)

/* ns.c: enter the named namespace (back: our own, for tun_ns_leave); leave aborts on failure. */
int tun_ns_check(const char *name);
int tun_ns_enter(const char *name, int *back);
void tun_ns_leave(int back);
/* A network namespace's identity: /proc/self/ns/net's st_dev and st_ino. */
struct tun_nsid {
	unsigned long long dev, ino;
};
int tun_ns_self(struct tun_nsid *id);
/* Where id is now: 1 with its /run/netns name copied to name, 2 for pid 1's, else -ENOENT. */
int tun_ns_find(const struct tun_nsid *id, char name[static NAME_MAX + 1]);
/* For good, in a forked single-threaded process: into the named namespace with the mount view
 * `ip netns exec NAME` gives, or with NULL into pid 1's network and mount namespaces. */
int tun_ns_switch(const char *name);

/* nl.c: the route socket, opened inside netns when it is not NULL. */
int tun_nl_open(struct tun *t, const char *netns);
void tun_nl_close(struct tun *t);
int tun_nl_err(int nle);			/* libnl error -> negative errno */
int tun_nl_ifindex(struct tun *t, const char *name);	/* -ENODEV when absent */
int tun_nl_ifname(struct tun *t, int ifindex, char name[static IFNAMSIZ]);
/* Undo executors: argv are the words of one journal line; 0 also when already gone. */
int tun_nl_undo(struct tun *t, char **argv, int argc);

/* route.c */
int route_undo(struct tun *t, char **argv, int argc);

/* policy.c: "rule4|rule6|troute4|troute6 ..." entries; a route through the tunnel copied into
 * our table while locked (route.c calls it for every route it adds through the device). */
int policy_undo(struct tun *t, char **argv, int argc);
int policy_copy_route(struct tun *t, int family, const uint8_t *dst, unsigned plen);

/* dns.c */
int dns_undo(struct tun *t, char **argv, int argc);

/* cmd.c: fork + execve of an explicit argv (no shell), stdin text, timeout. 0 when it exits 0. */
int cmd_run(struct tun *t, const char *const argv[], const char *input);
/* "exec PATH" journal entries (tun_exec_push). */
int cmd_exec_undo(struct tun *t, char **argv, int argc);
/* The full path of a program in the usual sbin/bin directories, or NULL. */
const char *cmd_find(const char *name, char buf[static PATH_MAX]);

/* Not found / already gone, as a replay sees it. */
static inline int tun_gone(int ret)
{
	return ret == -ENODEV || ret == -ESRCH || ret == -ENOENT || ret == -EADDRNOTAVAIL;
}

#endif
