// SPDX-License-Identifier: MIT
/* The system edge: TUN device, addresses, routes and DNS, every change journaled for undo. */
#ifndef SX_TUN_H
#define SX_TUN_H

#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "ppp/sx.h"

/*
 * The undo journal (convention 14: wg-quick's trap, generalized). Each entry is one
 * self-contained text line naming an inverse ("route4 del 0.0.0.0/1 dev sstp0"), pushed *before*
 * the change is made and popped again if the change fails, so a SIGKILL at any moment leaves a
 * state file that undoes at most what exists. Replay runs the entries newest first through an
 * executor callback (swappable for tests), continues past failures and returns the first one.
 * The state file is rewritten atomically (temp + rename) after every push and pop, and removed
 * once the journal is empty.
 */
#define UNDO_LINE_MAX 256
#define UNDO_MAX 64

/* Performs one inverse; 0 also when the thing is already gone. Negative errno otherwise. */
typedef int undo_exec_fn(void *ctx, const char *line);

struct undo {
	struct sx_log log;
	undo_exec_fn *exec;
	void *exec_ctx;
	char path[PATH_MAX];		/* state file; "" keeps the journal in memory only */
	long pid;			/* the writer, from undo_load's header; 0 if none */
	unsigned long long start;	/* its start time (proc_start_time); 0 if not recorded */
	size_t n;
	char lines[UNDO_MAX][UNDO_LINE_MAX];
};

/* path may be NULL or "" (no state file). Does not touch the file system. */
void undo_init(struct undo *u, const struct sx_log *log, undo_exec_fn *exec, void *exec_ctx,
	       const char *path);
/* Appends an entry and persists it: -EINVAL (newline, empty), -EMSGSIZE, -ENOBUFS (full), or
 * a write error (the entry then stays in memory, and the error is returned). */
int undo_push(struct undo *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Drops the newest entry (its change failed) and persists. */
int undo_pop(struct undo *u);
/* Runs the inverse of the newest entry equal to line now and drops it (a change replaced before
 * the end: an old address, the DNS of the previous connection). -ENOENT when there is none. */
int undo_revert(struct undo *u, const char *line);
/* Runs every inverse newest first, empties the journal, removes the state file. Idempotent. */
int undo_replay(struct undo *u);
/* Appends the entries of a state file (oldest first, as written); path becomes the journal's
 * state file. -ENOENT when there is none, -EBADMSG when it is not a journal. */
int undo_load(struct undo *u, const char *path);
/* Writes the state file now (temp + rename), or removes it when the journal is empty. */
int undo_save(const struct undo *u);

/*
 * Liveness (proc.c), shared by the journal's owner check and the pid files of up/down/--pid-file.
 * proc_start_time: /proc/PID/stat field 22 (clock ticks since boot), -ESRCH when pid is gone.
 * proc_alive: pid runs and is the process recorded with it: same start time when start is not
 * 0; otherwise this program (its /proc/PID/exe with an upgrade's " (deleted)" tolerated, or its
 * command name when that link is unreadable or names another file). Zombies are not alive.
 */
int proc_start_time(long pid, unsigned long long *start);
bool proc_alive(long pid, unsigned long long start);

/* DNS back-ends, tried in this order by DNS_AUTO. */
enum dns_backend {
	DNS_AUTO,
	DNS_RESOLVED,		/* systemd-resolved through resolvectl */
	DNS_RESOLVCONF,		/* resolvconf -a IFNAME.sstpx */
	DNS_FILE,		/* rewrite resolv.conf, backup restored on undo */
};

struct tun_cfg {
	struct sx_log log;
	const char *ifname;		/* a name or a pattern with one %d; NULL: "sstp%d" */
	const char *state_dir;		/* NULL: "/run/sstpx" (journal, resolv.conf backup) */
	const char *resolv_conf;	/* NULL: "/etc/resolv.conf" */
	enum dns_backend dns;
	unsigned cmd_timeout_ms;	/* external commands; 0: 5000 */
	/*
	 * A named namespace (/run/netns/NAME, as ip-netns(8) makes them), or NULL for ours. The device
	 * is created there and configured through a netlink socket opened there; the caller's thread
	 * only visits it. DNS then goes to /etc/netns/NAME/resolv.conf (what `ip netns exec`
	 * bind-mounts), unless resolv_conf says otherwise. The journal records the namespace, so
	 * tun_cleanup and a stale replay undo there.
	 */
	const char *netns;
	/* IFF_VNET_HDR: every read and write carries a virtio-net header (tun/vnet.h). */
	bool vnet_hdr;
};

/*
 * Use, in the order sstpx configures an interface (each call journals its inverse first):
 *   tun_open(&t, &cfg);  poll tun_fd(t)
 *   tun_set_mtu(t, mru);  tun_addr4_add(t, &local, &peer);  tun_set_up(t, true);
 *   tun_addr6_add_ll(t, ifid);                       when IPv6CP is up
 *   route_server_add(t, server);                     before any route through the tunnel
 *   route_default_add(t, AF_INET) or route_prefix_add(t, &p) per --route;
 *   dns_apply(t, dns, n, full_tunnel);
 *   ... tun_close(t) on every exit path: replays the journal, deletes the device.
 * A killed run leaves STATE_DIR/IFNAME.undo; the next tun_open on that name, or tun_cleanup,
 * replays it (in the namespace its "netns NAME" entry names, if any; entries of a namespace that
 * is gone are dropped: its devices, addresses and routes went with it).
 * STATE_DIR is shared by every namespace, so each journal opens with "nsid DEV INO NAME", the
 * network namespace its writer ran in (NAME from /run/netns, or "-"). A replay from another
 * namespace runs in a forked child that moves there for good: the /run/netns namespace of that
 * inode, with the mount view `ip netns exec` gives (so "/etc/resolv.conf" is the file it was), or
 * pid 1's. When it cannot be found, the journal is kept and the replay fails with -EXDEV.
 */
struct tun;

/*
 * Creates the TUN device (IFF_TUN | IFF_NO_PI, non-blocking, close-on-exec), opens the netlink
 * socket, replays a journal a dead sstpx left for the same interface name, and starts a new one
 * whose first entry deletes the link. cfg's strings must outlive the object.
 */
int tun_open(struct tun **out, const struct tun_cfg *cfg);
/*
 * Before connecting: whether tun_open could take cfg's name. A pattern ("sstp%d") stands for the
 * first of sstp0, sstp1, ... that is free: no interface of that name where the device goes, and no
 * journal of that name held by a running sstpx (in any namespace: the state directory is shared)
 * or left in a namespace out of reach. For a plain name: 0, -EEXIST (an interface has it), -EBUSY
 * (a running sstpx), -EXDEV (a journal of another namespace), -EINVAL (a bad name or pattern).
 */
int tun_ifname_check(const struct tun_cfg *cfg);
int tun_fd(const struct tun *t);
const char *tun_name(const struct tun *t);
int tun_ifindex(const struct tun *t);
struct undo *tun_journal(struct tun *t);
/* Replays the journal (undoing everything), closes the device and frees; NULL is fine. Returns
 * the first replay error. Call it from the loop (after signalfd), not from a signal handler. */
int tun_close(struct tun *t);
/* Whether the named network namespace (/run/netns/NAME) is there: 0, -ENOENT, -EINVAL (bad name). */
int tun_ns_exists(const char *name);
/* `sstpx cleanup IFNAME`: loads STATE_DIR/IFNAME.undo and replays it. -ENOENT: nothing left. */
int tun_cleanup(const struct tun_cfg *cfg, const char *ifname);

/* Link and addresses (nl.c); each journals its inverse. */
int tun_set_mtu(struct tun *t, unsigned mtu);
int tun_set_up(struct tun *t, bool up);
/* local/32, point-to-point to peer when peer is not NULL (IFA_LOCAL + IFA_ADDRESS, as pppd). */
int tun_addr4_add(struct tun *t, const struct in_addr *local, const struct in_addr *peer);
/* fe80::<ifid>/64 from the IPv6CP interface identifier (RFC 5072 5). */
int tun_addr6_add_ll(struct tun *t, uint64_t ifid);
int tun_addr6_add(struct tun *t, const struct in6_addr *addr, unsigned plen);
/* Removes an address added above before the end (a new connection's replaces it); -ENOENT when
 * the journal has no such entry. */
int tun_addr4_del(struct tun *t, const struct in_addr *local, const struct in_addr *peer);
int tun_addr6_del_ll(struct tun *t, uint64_t ifid);

/* Routes (route.c). */
struct tun_prefix {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t plen;
};

/* The path the kernel uses now to reach dst (RTM_GETROUTE). */
struct route_path {
	int family;
	uint8_t dst[16];
	uint8_t gateway[16];
	bool has_gateway;
	uint8_t src[16];
	bool has_src;
	int oif;
	char oif_name[16];
};

/* "10.0.0.0/8", "2001:db8::/32", a bare address is a host prefix; host bits must be zero.
 * -EINVAL for anything else. */
int route_parse_cidr(const char *text, struct tun_prefix *out);
int route_lookup(struct tun *t, const struct sockaddr *dst, struct route_path *out);
/* Host route (/32, /128) to the server via the current path, so the TLS connection survives the
 * tunnel's routes. An existing host route is left alone and not journaled. */
int route_server_add(struct tun *t, const struct sockaddr *server);
/* 0.0.0.0/1 + 128.0.0.0/1 (or ::/1 + 8000::/1) through the tunnel: the default route stays. */
int route_default_add(struct tun *t, int family);
/* One split-tunnel prefix through the tunnel. */
int route_prefix_add(struct tun *t, const struct tun_prefix *p);
/* Removes one added above before the end (a new connection no longer pushes it); -ENOENT when
 * the journal has no such entry (it was there before us: left alone). */
int route_prefix_del(struct tun *t, const struct tun_prefix *p);

/*
 * Leak protection (policy.c), journaled like the rest. policy_lockdown: from now on nothing
 * leaves outside the device but loopback, the host's own addresses and the exemptions: a table
 * of ours with unreachable defaults (IPv4 and IPv6) and a copy of every route added through the
 * device, rules at priority 5230 (exemptions: main) and 5232 (the rest: our table). The device
 * needs no address for it. policy_allow adds one exemption (a prefix looked up in main: the
 * server, the proxy, --lockdown-allow). policy_block_ipv6: IPv6 whose only way out is a default
 * route outside the tunnel is unreachable (main is asked first, its default route suppressed);
 * more specific IPv6 routes, the tunnel's included, still apply. Nothing to do under lockdown.
 */
int policy_lockdown(struct tun *t, const struct tun_prefix *allow, size_t n);
int policy_allow(struct tun *t, const struct tun_prefix *p);
int policy_block_ipv6(struct tun *t);

/*
 * A program of the caller's to run on replay (cmd.c), e.g. a --script disconnect run written
 * with the environment its connect had. path must be a file directly in the state directory,
 * owned by the effective user and writable by nobody else (checked again before it runs, bounded
 * by 30 s); it is removed after running. tun_exec_drop removes the file and the entry when the
 * caller ran it itself (-ENOENT unless it is the newest entry).
 */
int tun_exec_push(struct tun *t, const char *path);
int tun_exec_drop(struct tun *t, const char *path);
const char *tun_state_dir(const struct tun *t);

/* DNS (dns.c): full_tunnel also routes every DNS domain ("~.") to these servers (resolved). */
int dns_apply(struct tun *t, const struct in_addr *servers, size_t n, bool full_tunnel);

#define DNS_DOMAINS_MAX 16
#define DNS_NAME_MAX 253

struct dns_domain {
	const char *name;		/* "corp.example": host-name characters, no spaces */
	bool route_only;		/* resolved: "~name", names in it go here but it is no search domain */
};

/*
 * Servers and domains together. systemd-resolved: the domains become the link's domains (a split
 * tunnel sends only names in them here; full_tunnel adds "~." so every name does). resolvconf and
 * resolv.conf: the domains become the search list, and a log line says that other names may still
 * reach these servers (neither can route by domain).
 */
struct dns_req {
	const struct in_addr *servers;
	size_t n;
	const struct in6_addr *servers6;	/* after the IPv4 ones (RA RDNSS, RFC 8106) */
	size_t n6;
	bool full_tunnel;
	const struct dns_domain *domains;
	size_t n_domains;
	enum dns_backend *used;		/* out, if not NULL: the back-end that applied it */
};
/*
 * Called again on the same tun (servers learnt later, e.g. from a router advertisement), it
 * replaces what the first call set, under the journal entry that call made: one undo restores
 * the state before the first.
 */
int dns_apply_req(struct tun *t, const struct dns_req *r);
/* "systemd-resolved", "resolvconf", "resolv.conf" (or "auto"). */
const char *dns_backend_name(enum dns_backend b);

#endif
