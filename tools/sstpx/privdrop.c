// SPDX-License-Identifier: MIT
/*
 * --setuid USER: once connected, sstpx runs as USER with CAP_NET_ADMIN only, and a root helper
 * forked just before (the "undo keeper", OpenVPN's down-root idea) undoes what USER cannot.
 *
 * What USER can still do with CAP_NET_ADMIN: routes, addresses, deleting the interface (netlink).
 * What it cannot: rewrite the undo journal under /run/sstpx (root's), restore /etc/resolv.conf,
 * run resolvconf, remove the pid file and the status socket. So the journal is handed to the
 * keeper: it rewrites the journal under its own pid (so `sstpx cleanup` and a new `connect` on the
 * same interface still see a live owner), waits until told (SX_PHASE_EXIT) or until every sstpx
 * holding the pipe is gone (a crash, SIGKILL), then replays the journal as root (tun_cleanup:
 * host route, DNS, the interface if still there) and removes the pid file and the status socket.
 * The unprivileged process's own journal is emptied, so it never tries what would fail; closing
 * its TUN descriptor removes the device and the routes through it.
 *
 * Why CAP_NET_ADMIN stays (issue 15 weighed dropping it): after the switch the process still
 * changes the network through netlink when IPv6CP opens after IPCP (netup_ipv6: the link-local
 * address and the IPv6 routes), and a --script run at disconnect gets it as an ambient capability
 * to remove its routes. Capabilities are per user namespace, not per network namespace, so it
 * also reaches the namespace sstpx started in (with --netns, not the tunnel's); sstpx(1) says so.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <net/if.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exit.h"
#include "hooks.h"
#include "log.h"
#include "observers.h"
#include "session.h"

#define KEEPER_WAIT_MS 15000	/* the keeper's replay runs commands bounded at 5 s each */

static struct {
	pid_t keeper;		/* 0: none */
	int go;			/* write end: a byte or end of file starts the keeper's undo */
	int done;		/* read end: end of file once the keeper has finished */
	bool dropped;
} pd = { .go = -1, .done = -1 };

/* The keeper owns exactly these descriptors (and 0-2 for its log lines). */
static void keeper_close_fds(int keep1, int keep2)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d) {
		for (int fd = 3; fd < 4096; fd++)
			if (fd != keep1 && fd != keep2)
				close(fd);
		return;
	}
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);

		if (fd > 2 && fd != keep1 && fd != keep2 && fd != dirfd(d))
			close(fd);
	}
	closedir(d);
}

/* The pid file names the unprivileged sstpx (parent): remove it only while it still does. */
static void keeper_remove_pid_file(const char *path, pid_t parent)
{
	char buf[32];
	ssize_t n;
	int fd;

	if (!path)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		if (strtol(buf, NULL, 10) == (long)parent)
			unlink(path);
	}
}

/*
 * The status socket (status.c) is bound under /run/sstpx as root; USER cannot remove it. The
 * keeper notes its path and inode before the drop and removes it afterwards if it is still that
 * very socket (a new sstpx may have claimed the name since a SIGKILL).
 */
struct bound_path {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	dev_t dev;
	ino_t ino;
};

static void bound_path_note(int fd, struct bound_path *b)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);
	struct stat st;

	b->path[0] = '\0';
	if (fd < 0 || getsockname(fd, (struct sockaddr *)&sa, &len) || sa.sun_family != AF_UNIX ||
	    len <= offsetof(struct sockaddr_un, sun_path) || !sa.sun_path[0])
		return;
	snprintf(b->path, sizeof(b->path), "%.*s",
		 (int)(len - offsetof(struct sockaddr_un, sun_path)), sa.sun_path);
	if (lstat(b->path, &st) || !S_ISSOCK(st.st_mode)) {
		b->path[0] = '\0';
		return;
	}
	b->dev = st.st_dev;
	b->ino = st.st_ino;
}

static void bound_path_remove(const struct bound_path *b)
{
	struct stat st;

	if (b->path[0] && !lstat(b->path, &st) && st.st_dev == b->dev && st.st_ino == b->ino)
		unlink(b->path);
}

/* The forked root helper; never returns. */
static void keeper_main(struct session *s, int go, int done)
{
	struct tun_cfg cfg = s->tun_cfg;
	struct bound_path status_sock;
	char ifname[IFNAMSIZ];
	pid_t parent = getppid();
	int ret;
	char c;

	/* A Ctrl-C or systemd's SIGTERM to the whole group is for sstpx: the keeper outlives it. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	bound_path_note(s->status_fd, &status_sock);
	/* Above all the TUN descriptor: the device must go when the unprivileged process closes it. */
	keeper_close_fds(go, done);
	snprintf(ifname, sizeof(ifname), "%s", tun_name(s->tunobj));
	/* This copy of the session's keys and buffers is never used here. */
	explicit_bzero(&s->ppp, sizeof(s->ppp));
	explicit_bzero(&s->ctl, sizeof(s->ctl));
	explicit_bzero(s->rx, sizeof(s->rx));
	if (s->dp.tx)
		explicit_bzero(s->dp.tx, DP_TX_CAP);
	/* The journal now carries the keeper's pid: the live owner the tun/ code respects. */
	ret = undo_save(tun_journal(s->tunobj));
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	/* tun_cleanup's "left by an earlier run" warning would mislead: errors only, then ours. */
	cfg.log.max = SX_LOG_ERR;
	ret = ret ? ret : tun_cleanup(&cfg, ifname);
	if (ret && ret != -ENOENT)
		log_fail("setuid", "the root helper could not undo everything for \"%s\": %s "
			 "(run 'sstpx cleanup %s')", ifname, strerror(-ret), ifname);
	else
		log_info("setuid: root helper: host route and DNS for %s restored", ifname);
	keeper_remove_pid_file(s->o->pid_file, parent);
	bound_path_remove(&status_sock);
	_exit(ret && ret != -ENOENT ? SX_EXIT_SYSTEM : SX_EXIT_OK);
}

static int keeper_start(struct session *s)
{
	struct undo *u = tun_journal(s->tunobj);
	int go[2], done[2], ret;
	pid_t pid;

	if (pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(done, O_CLOEXEC)) {
		ret = -errno;
		close(go[0]);
		close(go[1]);
		return ret;
	}
	pid = fork();
	if (pid == 0)
		keeper_main(s, go[0], done[1]);
	ret = pid < 0 ? -errno : 0;
	close(go[0]);
	close(done[1]);
	if (ret) {
		close(go[1]);
		close(done[0]);
		return ret;
	}
	pd.keeper = pid;
	pd.go = go[1];
	pd.done = done[0];
	/* tun.h: an empty path keeps the journal in memory only; and it is empty: the keeper's now. */
	u->n = 0;
	u->path[0] = '\0';
	return 0;
}

/*
 * setgroups/setgid/setuid with PR_SET_KEEPCAPS, then CAP_NET_ADMIN alone in the permitted,
 * effective, inheritable and ambient sets (ambient: a --script run at disconnect keeps it), the
 * bounding set reduced to it, and PR_SET_NO_NEW_PRIVS. capabilities(7), "Effect of user ID
 * changes on capabilities".
 */
static int drop_to(const struct passwd *pw)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L))
		return -errno;
	for (unsigned long cap = 0; cap < 64; cap++)
		if (cap != CAP_NET_ADMIN && prctl(PR_CAPBSET_DROP, cap, 0L, 0L, 0L) && errno != EINVAL)
			return -errno;
	if (initgroups(pw->pw_name, pw->pw_gid) || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid))
		return -errno;
	data[CAP_TO_INDEX(CAP_NET_ADMIN)].permitted = CAP_TO_MASK(CAP_NET_ADMIN);
	data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective = CAP_TO_MASK(CAP_NET_ADMIN);
	data[CAP_TO_INDEX(CAP_NET_ADMIN)].inheritable = CAP_TO_MASK(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	/* A uid change resets dumpability to fs.suid_dumpable (prctl(2)): no core, no ptrace. */
	if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L))
		return -errno;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)CAP_NET_ADMIN, 0L, 0L))
		return -errno;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L))
		return -errno;
	/* OpenSSH's permanently_set_uid check: there is no way back to root. */
	if (setuid(0) == 0 || getuid() != pw->pw_uid || geteuid() != pw->pw_uid)
		return -EPERM;
	return 0;
}

/* 0 or the exit code that ends the session. */
static int privdrop_connected(struct session *s)
{
	const char *user = s->o->setuid_user;
	struct passwd *pw;
	int ret;

	if (pd.dropped)
		return 0;
	if (s->o->reconnect) {
		/* A new attempt needs root again (a new device, journal and DNS). */
		log_fail("--setuid", "cannot be combined with --reconnect");
		return SX_EXIT_USAGE;
	}
	errno = 0;
	pw = getpwnam(user);
	if (!pw || pw->pw_uid == 0) {
		log_fail("--setuid", "\"%s\": %s", user, pw ? "is root: nothing to drop" :
			 errno ? strerror(errno) : "no such user");
		return SX_EXIT_USAGE;
	}
	ret = s->tunobj ? keeper_start(s) : 0;
	if (!ret)
		ret = drop_to(pw);
	if (ret) {
		log_fail("--setuid", "\"%s\": %s", user, strerror(-ret));
		return SX_EXIT_SYSTEM;
	}
	pd.dropped = true;
	log_info("setuid: running as %s (uid %u), keeping only CAP_NET_ADMIN%s", user,
		 (unsigned)pw->pw_uid, pd.keeper ? "; a root helper keeps the undo journal" : "");
	return 0;
}

/* EXIT: the keeper undoes now, and the process ends only once it has (bounded). */
static void privdrop_exit(void)
{
	struct pollfd p = { .fd = pd.done, .events = POLLIN };
	char c = 'x';
	int status;

	if (!pd.keeper)
		return;
	if (write(pd.go, &c, 1) < 0)
		log_debug("setuid: root helper: %s", strerror(errno));
	close(pd.go);
	pd.go = -1;
	while (poll(&p, 1, KEEPER_WAIT_MS) < 0 && errno == EINTR)
		;
	close(pd.done);
	pd.done = -1;
	/* It has closed `done` on its way out: reaping it takes a moment at most. */
	for (int i = 0; i < 100; i++) {
		if (waitpid(pd.keeper, &status, WNOHANG) == pd.keeper) {
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				log_warn("setuid: the root helper failed (status %d)", status);
			break;
		}
		usleep(10000);
	}
	pd.keeper = 0;
}

static int privdrop_phase(struct session *s, void *self, enum sx_phase phase)
{
	(void)self;
	if (!s->o->setuid_user)
		return 0;
	switch (phase) {
	case SX_PHASE_CONNECTED:
		return privdrop_connected(s);
	case SX_PHASE_EXIT:
		privdrop_exit();
		break;
	case SX_PHASE_START:
	case SX_PHASE_RESOLVING:
	case SX_PHASE_TCP:
	case SX_PHASE_TLS:
	case SX_PHASE_HTTP:
	case SX_PHASE_SSTP:
	case SX_PHASE_PPP:
	case SX_PHASE_AUTHENTICATED:
	case SX_PHASE_DISCONNECTING:
	case SX_PHASE_DISCONNECTED:
	case SX_PHASE_RECONNECTING:
		break;
	}
	return 0;
}

const struct sx_observer privdrop_observer = {
	.name = "privdrop",
	.phase = privdrop_phase,
};
