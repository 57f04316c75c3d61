// SPDX-License-Identifier: MIT
/*
 * --script: a vpnc-script compatible hook, run as OpenConnect runs it (/bin/sh -c PATH, the
 * environment below, `reason` saying why), synchronously and bounded, its output into the log.
 *
 * Reasons, and what a failure (non-zero exit, killed, timeout) does:
 *   pre-init    SX_PHASE_START, nothing set up yet. Logged, the session goes on (OpenConnect
 *               ignores it too; vpnc-script only loads the tun module there).
 *   connect     CONNECTED, on every attempt: sstpx made a new TUN device (it removes it at each
 *               attempt's end), and the script configures address, MTU, link, routes and DNS.
 *               A failure ends the session with exit code 9 (system), after "disconnect".
 *   reconnect   CONNECTED after s->attempt > 0, right after "connect": tells the script's hooks
 *               that this is a reconnection (vpnc-script only runs /etc/vpnc/reconnect.d). Logged.
 *   disconnect  the attempt ends while the device still exists (device_down, before it goes), so
 *               the script removes its routes and restores DNS. Logged; sstpx still removes the
 *               device and replays its own journal. The run is also journaled (as a file with
 *               connect's environment) before connect runs, so `sstpx cleanup IFNAME` after a
 *               SIGKILL still lets the script undo; the normal path drops that entry.
 * attempt-reconnect is not sent: by SX_PHASE_RECONNECTING the tunnel, its routes and device are
 * gone already, and vpnc-script's answer (a host route to VPNGATEWAY, for a tunnel that stays) is
 * a route nothing would remove if sstpx then gave up.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exit.h"
#include "hooks.h"
#include "log.h"
#include "net.h"
#include "observers.h"
#include "pushed.h"
#include "session.h"

#define SCRIPT_TIMEOUT_MS 30000
#define SCRIPT_ENV_MAX (16 + 6 * (OPTS_MAX_ROUTES + 1))
#define SCRIPT_ENV_BYTES 16384
#define SCRIPT_LINE 512

extern char **environ;

struct script_env {
	size_t n, used;
	char *v[SCRIPT_ENV_MAX];
	char buf[SCRIPT_ENV_BYTES];
};

/* The observer's own object (hooks.h): the environment "connect" got, kept for "reconnect" and
 * "disconnect". */
struct script_state {
	bool connected;			/* "connect" ran; "disconnect" is owed */
	bool journaled;			/* undo_file is in the device's journal */
	char undo_file[PATH_MAX];
	struct script_env env;
};

static void env_add(struct script_env *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void env_add(struct script_env *e, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (e->n >= SCRIPT_ENV_MAX || e->used >= SCRIPT_ENV_BYTES)
		return;
	va_start(ap, fmt);
	len = vsnprintf(e->buf + e->used, SCRIPT_ENV_BYTES - e->used, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= SCRIPT_ENV_BYTES - e->used)
		return;
	e->v[e->n++] = e->buf + e->used;
	e->used += (size_t)len + 1;
}

static const char *ip4(uint32_t host_order, char buf[static INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* The server's address without port or brackets; a v4-mapped one as plain IPv4. */
static void gateway(const struct session *s, char out[static INET6_ADDRSTRLEN])
{
	struct sockaddr_storage ss;
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&ss;

	out[0] = '\0';
	if (s->sock < 0 || net_peer(s->sock, &ss))
		return;
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)&ss)->sin_addr, out, INET6_ADDRSTRLEN);
	else if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
		inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], out, INET6_ADDRSTRLEN);
	else
		inet_ntop(AF_INET6, &s6->sin6_addr, out, INET6_ADDRSTRLEN);
}

static void split_v4(struct script_env *e, size_t i, const uint8_t addr[4], unsigned plen)
{
	uint32_t mask = plen ? 0xffffffffu << (32 - plen) : 0;
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, addr, a, sizeof(a));
	env_add(e, "CISCO_SPLIT_INC_%zu_ADDR=%s", i, a);
	env_add(e, "CISCO_SPLIT_INC_%zu_MASK=%s", i, ip4(mask, m));
	env_add(e, "CISCO_SPLIT_INC_%zu_MASKLEN=%u", i, plen);
	env_add(e, "CISCO_SPLIT_INC_%zu_PROTOCOL=0", i);
	env_add(e, "CISCO_SPLIT_INC_%zu_SPORT=0", i);
	env_add(e, "CISCO_SPLIT_INC_%zu_DPORT=0", i);
}

/*
 * sstpx's own routing, in vpnc-script's terms. vpnc-script routes everything through the tunnel
 * when CISCO_SPLIT_INC is unset, and only the listed prefixes when it is set (a 0.0.0.0 entry
 * there means the default route). So: all traffic and no --route: unset; all traffic plus
 * --route: the prefixes and 0.0.0.0/0; --no-default-route: the prefixes, CISCO_SPLIT_INC=0 when
 * there are none. IPv6 --route prefixes go to CISCO_IPV6_SPLIT_INC (sstpx never routes all IPv6).
 */
static void env_routes(struct script_env *e, const struct session *s)
{
	static const uint8_t any[4];
	const struct opts *o = s->o;
	size_t n4 = 0, n6 = 0;
	char a[INET6_ADDRSTRLEN];

	for (size_t i = 0; i < o->n_routes; i++) {
		const struct route_prefix *r = &o->routes[i];

		if (r->family == AF_INET) {
			split_v4(e, n4++, r->addr, r->plen);
			continue;
		}
		inet_ntop(AF_INET6, r->addr, a, sizeof(a));
		env_add(e, "CISCO_IPV6_SPLIT_INC_%zu_ADDR=%s", n6, a);
		env_add(e, "CISCO_IPV6_SPLIT_INC_%zu_MASKLEN=%u", n6, r->plen);
		n6++;
	}
	/* the routes the server pushed with DHCP (pushed.c), refused ones already dropped */
	for (size_t i = 0; s->have_pushed && i < s->pushed.n_routes; i++) {
		uint32_t be = htonl(s->pushed.routes[i].dst);

		split_v4(e, n4++, (const uint8_t *)&be, s->pushed.routes[i].plen);
	}
	if (!o->no_default_route && n4)
		split_v4(e, n4++, any, 0);
	if (o->no_default_route || n4)
		env_add(e, "CISCO_SPLIT_INC=%zu", n4);
	if (n6)
		env_add(e, "CISCO_IPV6_SPLIT_INC=%zu", n6);
}

/*
 * vpnc-script's names: CISCO_DEF_DOMAIN the search domains (space-separated), CISCO_SPLIT_DNS the
 * domains whose names go to the tunnel's servers (comma-separated): the server's, then --dns-domain.
 */
static void env_domains(struct script_env *e, const struct session *s)
{
	struct dns_domain d[DNS_DOMAINS_MAX];
	char search[DNS_DOMAINS_MAX * (DNS_NAME_MAX + 1)] = "", split[sizeof(search)] = "";
	size_t n = pushed_dns_domains(s, d, DNS_DOMAINS_MAX);

	if (s->o->no_dns || !n)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!d[i].route_only) {
			strcat(search, search[0] ? " " : "");
			strcat(search, d[i].name);
		}
		strcat(split, split[0] ? "," : "");
		strcat(split, d[i].name);
	}
	if (search[0])
		env_add(e, "CISCO_DEF_DOMAIN=%s", search);
	if (s->o->no_default_route)
		env_add(e, "CISCO_SPLIT_DNS=%s", split);
}

/*
 * With --netns the script runs under `ip netns exec`, which bind-mounts /etc/netns/NAME/resolv.conf
 * over /etc/resolv.conf only when that file exists: without it, vpnc-script would rewrite the
 * host's. No INTERNAL_IP4_DNS then.
 */
static bool netns_resolv_ok(const struct session *s)
{
	char path[PATH_MAX];

	if (!s->o->netns)
		return true;
	snprintf(path, sizeof(path), "/etc/netns/%s/resolv.conf", s->o->netns);
	if (!access(path, F_OK))
		return true;
	log_warn("script: DNS not passed: %s does not exist, and the script would change the host's "
		 "/etc/resolv.conf", path);
	return false;
}

/*
 * IPv6: sstpx has only the link-local address from IPv6CP (RFC 5072), which it adds itself in
 * sstpx's own mode; INTERNAL_IP6_ADDRESS is left unset, because vpnc-script would give such an
 * address a global IPv6 default route through the tunnel with no routable address behind it.
 */
static void env_connect(struct session *s, struct script_env *e)
{
	const struct ppp_ip_info *ip = &s->ip;
	char a[INET6_ADDRSTRLEN], d[INET_ADDRSTRLEN], list[DHCP_DNS_MAX * INET_ADDRSTRLEN] = "";
	uint32_t dns[DHCP_DNS_MAX];
	size_t n_dns = s->o->no_dns ? 0 : pushed_dns_servers(s, dns);

	memset(e, 0, sizeof(*e));
	gateway(s, a);
	if (a[0])
		env_add(e, "VPNGATEWAY=%s", a);
	env_add(e, "VPNPID=%ld", (long)getpid());
	env_add(e, "TUNDEV=%s", s->tunobj ? tun_name(s->tunobj) : "");
	env_add(e, "INTERNAL_IP4_ADDRESS=%s", ip4(ip->local, a));
	/* A point-to-point PPP link: the address alone (vpnc-script adds it with peer = itself). */
	env_add(e, "INTERNAL_IP4_NETMASK=255.255.255.255");
	env_add(e, "INTERNAL_IP4_NETMASKLEN=32");
	env_add(e, "INTERNAL_IP4_NETADDR=%s", a);
	if (s->mtu)
		env_add(e, "INTERNAL_IP4_MTU=%u", s->mtu);
	/* IPCP's servers, else those of the DHCP answer (pushed.c), as sstpx's own DNS takes them */
	for (size_t i = 0; i < n_dns; i++) {
		strcat(list, i ? " " : "");
		strcat(list, ip4(dns[i], d));
	}
	if (n_dns && netns_resolv_ok(s))
		env_add(e, "INTERNAL_IP4_DNS=%s", list);
	env_routes(e, s);
	env_domains(e, s);
}

/* Ours replace whatever the process inherited under the same names; the rest passes through. */
static bool ours(const char *kv)
{
	static const char *const names[] = { "reason=", "VPNGATEWAY=", "VPNPID=", "TUNDEV=",
					     "INTERNAL_IP4_", "INTERNAL_IP6_", "CISCO_" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strncmp(kv, names[i], strlen(names[i])))
			return true;
	return false;
}

/* In the child: own process group (a timeout kills the lot), default signals, no stdin. */
static void child(const struct session *s, const struct script_env *e, const char *reason,
		  int out)
{
	size_t n = 0, cap = e->n + 2;
	char **envp, rs[64];
	sigset_t none;
	int null;

	for (char **p = environ; *p; p++)
		cap++;
	envp = calloc(cap, sizeof(*envp));
	if (!envp)
		_exit(126);
	for (char **p = environ; *p; p++)
		if (!ours(*p))
			envp[n++] = *p;
	snprintf(rs, sizeof(rs), "reason=%s", reason);
	envp[n++] = rs;
	for (size_t i = 0; i < e->n; i++)
		envp[n++] = e->v[i];
	envp[n] = NULL;
	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(out, STDERR_FILENO) < 0)
		_exit(126);
	if (s->o->netns) {
		/* The device and its routes live there; `ip netns exec` also bind-mounts its
		 * /etc/netns/NAME files, so vpnc-script's resolv.conf is the namespace's. */
		char *const argv[] = { "ip", "netns", "exec", (char *)s->o->netns, "/bin/sh", "-c",
				       (char *)s->o->script, NULL };

		execve("/usr/sbin/ip", argv, envp);
		execve("/sbin/ip", argv, envp);
		execve("/bin/ip", argv, envp);
	} else {
		char *const argv[] = { "/bin/sh", "-c", (char *)s->o->script, NULL };

		execve("/bin/sh", argv, envp);
	}
	_exit(127);
}

static void log_lines(const char *reason, char *buf, size_t *used, bool all)
{
	char *nl;

	while ((nl = memchr(buf, '\n', *used)) || (all && *used)) {
		size_t len = nl ? (size_t)(nl - buf) : *used;

		log_info("script %s: %.*s", reason, (int)len, buf);
		len += nl ? 1 : 0;
		memmove(buf, buf + len, *used - len);
		*used -= len;
	}
}

/* Reads what is there (non-blocking after poll); false at end of file or on an error. */
static bool read_some(int out, const char *reason, char *buf, size_t *used)
{
	ssize_t r = read(out, buf + *used, SCRIPT_LINE - *used);

	if (r < 0)
		return errno == EINTR || errno == EAGAIN;
	if (r == 0)
		return false;
	*used += (size_t)r;
	log_lines(reason, buf, used, *used == SCRIPT_LINE);	/* an over-long line: in pieces */
	return true;
}

/*
 * Output into the log line by line until the script exits, bounded by SCRIPT_TIMEOUT_MS. A child
 * it left running may keep the pipe open: the script's own exit ends the wait.
 */
static int wait_script(pid_t pid, int out, const char *reason, int *status)
{
	uint64_t deadline = loop_now_ms() + SCRIPT_TIMEOUT_MS;
	struct pollfd pfd = { .fd = out, .events = POLLIN };
	char buf[SCRIPT_LINE];
	size_t used = 0;
	bool open = true;

	for (;;) {
		uint64_t now = loop_now_ms();
		int wait_ms = deadline - now > 50 ? 50 : (int)(deadline - now);
		pid_t w;

		if (now >= deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, status, 0);
			log_lines(reason, buf, &used, true);
			return -ETIMEDOUT;
		}
		if (open && poll(&pfd, 1, wait_ms) > 0)
			open = read_some(out, reason, buf, &used);
		else if (!open)
			poll(NULL, 0, wait_ms);
		w = waitpid(pid, status, WNOHANG);
		if (w == pid) {
			for (int i = 0; open && i < 64 && poll(&pfd, 1, 0) > 0; i++)
				open = read_some(out, reason, buf, &used);
			log_lines(reason, buf, &used, true);
			return 0;
		}
		if (w < 0 && errno != EINTR)
			return -errno;
	}
}

/* 0 when the script exited 0; otherwise logged with the reason and -EIO / -ETIMEDOUT / errno. */
static int run(const struct session *s, const struct script_env *e, const char *reason)
{
	uint64_t t0 = loop_now_ms();
	int pipefd[2], status = 0, ret;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	log_debug("script: running %s for %s", s->o->script, reason);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		goto out;
	}
	if (pid == 0)
		child(s, e, reason, pipefd[1]);
	close(pipefd[1]);
	ret = wait_script(pid, pipefd[0], reason, &status);
	close(pipefd[0]);
	if (!ret && WIFEXITED(status) && WEXITSTATUS(status))
		ret = -EIO;
	else if (!ret && !WIFEXITED(status))
		ret = -EINTR;
out:
	if (ret == -EIO)
		log_warn("script: %s for %s exited with %d", s->o->script, reason, WEXITSTATUS(status));
	else if (ret == -EINTR)
		log_warn("script: %s for %s was killed by signal %d", s->o->script, reason,
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	else if (ret == -ETIMEDOUT)
		log_warn("script: %s for %s did not finish in %d s: killed", s->o->script, reason,
			 SCRIPT_TIMEOUT_MS / 1000);
	else if (ret)
		log_warn("script: cannot run %s for %s: %s", s->o->script, reason, strerror(-ret));
	else
		log_debug("script: %s for %s: exit 0 in %llu ms", s->o->script, reason,
			  (unsigned long long)(loop_now_ms() - t0));
	return ret;
}

/* Single quotes for sh: ' becomes '\'' (POSIX 2.2.3). */
static void put_quoted(FILE *f, const char *v)
{
	fputc('\'', f);
	for (; *v; v++)
		fputs(*v == '\'' ? "'\\''" : (char[]){ *v, 0 }, f);
	fputc('\'', f);
}

static int write_undo_file(const struct session *s, const struct script_state *st)
{
	const char *path = st->undo_file;
	FILE *f;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0700);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0700) || !(f = fdopen(fd, "w"))) {
		ret = -errno;
		close(fd);
		return ret;
	}
	fprintf(f, "#!/bin/sh\n# sstpx %ld: the --script disconnect run for %s, for 'sstpx cleanup'.\n",
		(long)getpid(), tun_name(s->tunobj));
	fputs("export reason='disconnect'\n", f);
	for (size_t i = 0; i < st->env.n; i++) {
		const char *eq = strchr(st->env.v[i], '=');

		fprintf(f, "export %.*s=", (int)(eq - st->env.v[i]), st->env.v[i]);
		put_quoted(f, eq + 1);
		fputc('\n', f);
	}
	fputs(s->o->netns ? "exec ip netns exec " : "exec /bin/sh -c ", f);
	if (s->o->netns) {
		put_quoted(f, s->o->netns);
		fputs(" /bin/sh -c ", f);
	}
	put_quoted(f, s->o->script);
	fputc('\n', f);
	if (fflush(f) || fsync(fd))
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/*
 * The disconnect run goes into the device's undo journal before connect runs, so that a killed
 * sstpx's `sstpx cleanup IFNAME` (or the next run on that name) lets the script undo what it did:
 * vpnc-script finds its saved default route and resolv.conf by VPNPID, which the file keeps.
 */
static void journal_disconnect(struct session *s, struct script_state *st)
{
	int ret;

	snprintf(st->undo_file, sizeof(st->undo_file), "%s/%s.disconnect",
		 tun_state_dir(s->tunobj), tun_name(s->tunobj));
	ret = write_undo_file(s, st);
	if (!ret)
		ret = tun_exec_push(s->tunobj, st->undo_file);
	st->journaled = !ret;
	if (ret) {
		(void)unlink(st->undo_file);
		log_warn("script: disconnect not journaled (%s): after a crash, 'sstpx cleanup' "
			 "removes only the device", strerror(-ret));
	}
}

/* 0, or the exit code that ends the session when the connect run failed. */
static int on_connected(struct session *s, struct script_state *st)
{
	env_connect(s, &st->env);
	st->connected = true;
	journal_disconnect(s, st);
	if (run(s, &st->env, "connect")) {
		log_fail("script", "%s failed for connect: the tunnel is not configured",
			 s->o->script);
		return SX_EXIT_SYSTEM;
	}
	log_info("script: %s configured %s", s->o->script, tun_name(s->tunobj));
	if (s->attempt > 0)
		(void)run(s, &st->env, "reconnect");
	return 0;
}

/* The "disconnect" run, if "connect" ran for this attempt: while the TUN device still exists
 * (vpnc-script deletes its address and routes on it). */
static void script_device_down(struct session *s, void *self)
{
	struct script_state *st = self;

	if (!st->connected)
		return;
	st->connected = false;
	if (st->journaled && !s->tunobj) {	/* tun_close's replay ran it already */
		st->journaled = false;
		return;
	}
	(void)run(s, &st->env, "disconnect");
	if (st->journaled && s->tunobj)
		(void)tun_exec_drop(s->tunobj, st->undo_file);
	st->journaled = false;
}

/* Its own function: the 17 kB environment is on the stack only for this call. */
static __attribute__((noinline)) void script_pre_init(struct session *s)
{
	struct script_env none;

	memset(&none, 0, sizeof(none));
	env_add(&none, "VPNPID=%ld", (long)getpid());
	(void)run(s, &none, "pre-init");
}

/* Registered only with --script (script_wanted). */
static int script_phase(struct session *s, void *self, enum sx_phase phase)
{
	switch (phase) {
	case SX_PHASE_START:
		script_pre_init(s);
		break;
	case SX_PHASE_CONNECTED:
		return s->tunobj ? on_connected(s, self) : 0;
	case SX_PHASE_DISCONNECTED:
		/* device_down ran it before the device went; this only covers a path that did not. */
		script_device_down(s, self);
		break;
	case SX_PHASE_RESOLVING:
	case SX_PHASE_TCP:
	case SX_PHASE_TLS:
	case SX_PHASE_HTTP:
	case SX_PHASE_SSTP:
	case SX_PHASE_PPP:
	case SX_PHASE_AUTHENTICATED:
	case SX_PHASE_DISCONNECTING:
	case SX_PHASE_RECONNECTING:
	case SX_PHASE_EXIT:
		break;
	}
	return 0;
}

static bool script_wanted(const struct opts *o)
{
	return o->script != NULL;
}

const struct sx_observer script_observer = {
	.name = "script",
	.self_size = sizeof(struct script_state),
	.wanted = script_wanted,
	.phase = script_phase,
	.device_down = script_device_down,
};
