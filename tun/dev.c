// SPDX-License-Identifier: MIT
/* The TUN device and the tun object's life: open, stale-journal replay, close with undo. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tun/tun_int.h"

#define TUN_DEFAULT_NAME "sstp%d"
#define TUN_STATE_DIR "/run/sstpx"
#define UNDO_WORDS 16
#define TUN_NAME_TRIES 256

/* Splits a journal line in place at spaces and hands it to the module that wrote it. */
static int undo_exec(void *ctx, const char *line)
{
	char buf[UNDO_LINE_MAX], *argv[UNDO_WORDS], *save = NULL, *w;
	struct tun *t = ctx;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (argc == UNDO_WORDS)
			return -EINVAL;
		argv[argc++] = w;
	}
	if (!argc)
		return -EINVAL;
	if (!strcmp(argv[0], "netns"))		/* where the others apply: read by replay_stale */
		return argc == 2 ? 0 : -EINVAL;
	if (!strcmp(argv[0], "nsid"))		/* the writer's own namespace: read by replay_stale */
		return argc == 4 ? 0 : -EINVAL;
	/* The namespace went, and with it its devices and their addresses and routes. */
	if (t->ns_gone && strcmp(argv[0], "file") && strcmp(argv[0], "dir") &&
	    strcmp(argv[0], "exec"))
		return 0;
	if (!strcmp(argv[0], "exec"))
		return cmd_exec_undo(t, argv, argc);
	if (!strcmp(argv[0], "link") || !strcmp(argv[0], "addr4") || !strcmp(argv[0], "addr6"))
		return tun_nl_undo(t, argv, argc);
	if (!strcmp(argv[0], "route4") || !strcmp(argv[0], "route6"))
		return route_undo(t, argv, argc);
	if (!strcmp(argv[0], "rule4") || !strcmp(argv[0], "rule6") || !strcmp(argv[0], "troute4") ||
	    !strcmp(argv[0], "troute6"))
		return policy_undo(t, argv, argc);
	if (!strcmp(argv[0], "dns") || !strcmp(argv[0], "file") || !strcmp(argv[0], "dir"))
		return dns_undo(t, argv, argc);
	return -EINVAL;
}

static int state_path(const struct tun *t, const char *ifname, char out[static PATH_MAX])
{
	if (snprintf(out, PATH_MAX, "%s/%s.undo", t->state_dir, ifname) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

static int tun_new(struct tun **out, const struct tun_cfg *cfg)
{
	struct tun *t = malloc(sizeof(*t));
	int ret;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	memset(t, 0, offsetof(struct tun, undo));	/* undo_init clears its own header */
	t->cfg = *cfg;
	t->state_dir = cfg->state_dir ? cfg->state_dir : TUN_STATE_DIR;
	t->fd = -1;
	undo_init(&t->undo, &cfg->log, undo_exec, t, NULL);
	ret = cfg->netns ? tun_ns_check(cfg->netns) : 0;
	if (!ret && cfg->resolv_conf)
		snprintf(t->resolv, sizeof(t->resolv), "%s", cfg->resolv_conf);
	else if (!ret && cfg->netns)		/* ip-netns(8): "/etc/netns/NAME/resolv.conf" */
		snprintf(t->resolv, sizeof(t->resolv), "/etc/netns/%s/resolv.conf", cfg->netns);
	else
		snprintf(t->resolv, sizeof(t->resolv), "/etc/resolv.conf");
	/* resolvectl and resolvconf speak for the starting namespace only: a file it is there. */
	if (cfg->netns && t->cfg.dns == DNS_AUTO)
		t->cfg.dns = DNS_FILE;
	if (ret) {
		free(t);
		return ret;
	}
	if (mkdir(t->state_dir, 0700) && errno != EEXIST) {
		ret = -errno;
		TUN_LOG(t, SX_LOG_ERR, "tun: cannot create %s: %s", t->state_dir, strerror(-ret));
		free(t);
		return ret;
	}
	ret = tun_nl_open(t, cfg->netns);
	if (ret) {
		free(t);
		return ret;
	}
	*out = t;
	return 0;
}

static void tun_free(struct tun *t)
{
	if (t->fd >= 0)
		close(t->fd);
	tun_nl_close(t);
	free(t);
}

/* The namespace a journal's "netns NAME" entry names (copied to out), or NULL for the writer's own. */
static const char *journal_netns(const struct undo *u, char out[static NAME_MAX + 1])
{
	for (size_t i = 0; i < u->n; i++)
		if (sscanf(u->lines[i], "netns %255s", out) == 1)
			return out;
	return NULL;
}

/*
 * A journal's entries apply in the namespace it was written for: with none named, the writer's
 * starting namespace, which is ours too (the thread never stays elsewhere). A socket is opened
 * there for the replay when ours lives in another one.
 */
static int replay_where_written(struct tun *t)
{
	char buf[NAME_MAX + 1];
	const char *ns = journal_netns(&t->undo, buf), *ours = t->cfg.netns;
	struct nl_sock *saved = t->nl;
	int ret;

	if ((!ns && !ours) || (ns && ours && !strcmp(ns, ours)))
		return undo_replay(&t->undo);
	t->nl = NULL;
	ret = tun_nl_open(t, ns);
	if (ret == -ENOENT) {
		TUN_LOG(t, SX_LOG_INFO, "undo: network namespace \"%s\" is gone, and its interface "
			"with it", ns);
		t->ns_gone = true;
	} else if (ret) {
		t->nl = saved;
		return ret;
	}
	if (ns)
		TUN_LOG(t, SX_LOG_DEBUG, "undo: replaying in network namespace \"%s\"", ns);
	ret = undo_replay(&t->undo);
	tun_nl_close(t);
	t->nl = saved;
	t->ns_gone = false;
	return ret;
}

/* The writer's namespace from the journal's "nsid DEV INO NAME" entry: 0, or -ENOENT (an older
 * journal, written before it was recorded: taken to be ours). */
static int journal_nsid(const struct undo *u, struct tun_nsid *id, char name[static NAME_MAX + 1])
{
	for (size_t i = 0; i < u->n; i++)
		if (sscanf(u->lines[i], "nsid %llu %llu %255s", &id->dev, &id->ino, name) == 3)
			return 0;
	return -ENOENT;
}

/*
 * The journal was written in another network namespace (/run/sstpx is shared by all of them): its
 * routes, DNS file (what `ip netns exec` bind-mounted over /etc/resolv.conf) and host route are
 * there, and replaying them here would undo the wrong things. A forked child moves there for
 * good and replays; when the namespace cannot be found, the journal is left alone.
 */
static int replay_foreign(struct tun *t, const struct tun_nsid *id, const char *rec_name)
{
	char name[NAME_MAX + 1] = "", where[NAME_MAX + 32];
	int found = tun_ns_find(id, name), status, ret;
	pid_t pid;

	if (found < 0) {
		TUN_LOG(t, SX_LOG_ERR, "undo: %s was written in another network namespace (%s, inode "
			"%llu) that cannot be found from here: left alone; run the cleanup inside that "
			"namespace, or remove the file", t->undo.path, rec_name, id->ino);
		ret = -EXDEV;
		goto out;
	}
	snprintf(where, sizeof(where), found == 1 ? "\"%s\"" : "%s", found == 1 ? name : "of pid 1");
	TUN_LOG(t, SX_LOG_INFO, "undo: %s was written in network namespace %s: replaying there",
		t->undo.path, where);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out;
	}
	if (pid == 0) {
		ret = tun_ns_switch(found == 1 ? name : NULL);
		if (ret)
			TUN_LOG(t, SX_LOG_ERR, "undo: cannot enter network namespace %s: %s", where,
				strerror(-ret));
		tun_nl_close(t);	/* ours, in the other namespace */
		if (!ret)
			ret = tun_nl_open(t, NULL);
		if (!ret)
			ret = replay_where_written(t);
		_exit(ret < 0 && -ret < 256 ? -ret : ret ? EIO : 0);
	}
	while ((ret = (int)waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	ret = ret < 0 ? -errno : WIFEXITED(status) ? -WEXITSTATUS(status) : -EIO;
out:
	/* The child replayed and removed the file, or nothing was done: either way not ours to. */
	t->undo.n = 0;
	t->undo.path[0] = '\0';
	return ret;
}

/* A journal left behind by an sstpx that died (SIGKILL, power loss) for this interface name. */
static int replay_stale(struct tun *t, const char *path)
{
	char rec_name[NAME_MAX + 1];
	struct tun_nsid rec, ours;
	int ret;

	ret = undo_load(&t->undo, path);
	if (ret == -ENOENT)
		return ret;
	if (ret) {
		TUN_LOG(t, SX_LOG_ERR, "undo: cannot read %s: %s", path, strerror(-ret));
		return ret;
	}
	if (proc_alive(t->undo.pid, t->undo.start)) {
		TUN_LOG(t, SX_LOG_ERR, "undo: %s belongs to running pid %ld: left alone", path,
			t->undo.pid);
		t->undo.n = 0;
		t->undo.path[0] = '\0';	/* and never remove its file */
		return -EBUSY;
	}
	TUN_LOG(t, SX_LOG_WARN, "undo: replaying %zu changes left by an earlier run (%s)",
		t->undo.n, path);
	if (!journal_nsid(&t->undo, &rec, rec_name) && !tun_ns_self(&ours) &&
	    (rec.dev != ours.dev || rec.ino != ours.ino))
		return replay_foreign(t, &rec, rec_name);
	return replay_where_written(t);
}

/* Linux Documentation/networking/tuntap.rst: TUNSETIFF names the device (or fills in %d). */
static int dev_create(struct tun *t, const char *pattern)
{
	struct ifreq ifr;
	int ret = 0;

	int back = -1;

	if (strlen(pattern) >= IFNAMSIZ)
		return -EINVAL;
	/* The kernel creates a TUN device in the namespace /dev/net/tun was opened in (tun_chr_open). */
	if (t->cfg.netns) {
		ret = tun_ns_enter(t->cfg.netns, &back);
		if (ret) {
			TUN_LOG(t, SX_LOG_ERR, "tun: cannot enter network namespace \"%s\": %s",
				t->cfg.netns, strerror(-ret));
			return ret;
		}
	}
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	ret = t->fd < 0 ? -errno : 0;
	tun_ns_leave(back);
	if (ret) {
		TUN_LOG(t, SX_LOG_ERR, "tun: cannot open /dev/net/tun: %s", strerror(-ret));
		goto out;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | (t->cfg.vnet_hdr ? IFF_VNET_HDR : 0);
	memcpy(ifr.ifr_name, pattern, strlen(pattern));
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		ret = -errno;
		TUN_LOG(t, SX_LOG_ERR, "tun: cannot create \"%s\": %s", pattern, strerror(-ret));
		goto out;
	}
	memcpy(t->name, ifr.ifr_name, IFNAMSIZ);
	t->name[IFNAMSIZ - 1] = '\0';
	ret = tun_nl_ifindex(t, t->name);
	if (ret < 0)
		goto out;
	t->ifindex = ret;
	ret = 0;
	TUN_LOG(t, SX_LOG_INFO, "tun: created %s (ifindex %d)%s%s", t->name, t->ifindex,
		t->cfg.netns ? " in network namespace " : "", t->cfg.netns ? t->cfg.netns : "");
out:
	return ret;
}

/* The namespace this process runs in (not cfg.netns, which "netns NAME" records), by identity
 * and, when it has one, by its /run/netns name. */
static int push_nsid(struct tun *t)
{
	char name[NAME_MAX + 1];
	struct tun_nsid id;
	int ret = tun_ns_self(&id);

	/* No /proc (an empty root or a FROM scratch container): nothing names the namespace; the
	 * journal is then one without an nsid line, as journals were before, and replays in place. */
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	if (tun_ns_find(&id, name) != 1)
		snprintf(name, sizeof(name), "-");
	return undo_push(&t->undo, "nsid %llu %llu %s", id.dev, id.ino, name);
}

/*
 * The I-th name a pattern stands for: "sstp%d" -> sstp0, sstp1, ... (one %d, no other '%', as the
 * kernel's dev_alloc_name wants); a plain name only for i == 0. -ENOSPC past the last.
 */
static int name_nth(const char *pattern, unsigned i, char out[static IFNAMSIZ])
{
	const char *d = strstr(pattern, "%d");
	int len;

	if (!d) {
		if (strchr(pattern, '%') || strlen(pattern) >= IFNAMSIZ)
			return -EINVAL;
		if (i)
			return -ENOSPC;
		snprintf(out, IFNAMSIZ, "%s", pattern);
		return 0;
	}
	if (strchr(d + 2, '%') || memchr(pattern, '%', (size_t)(d - pattern)))
		return -EINVAL;
	if (i >= TUN_NAME_TRIES)
		return -ENOSPC;
	len = snprintf(out, IFNAMSIZ, "%.*s%u%s", (int)(d - pattern), pattern, i, d + 2);
	return len < 0 || len >= IFNAMSIZ ? -EINVAL : 0;
}

/*
 * Whether name is ours to take: -EEXIST when an interface of that name exists where the device
 * goes, -EBUSY when a running sstpx holds its journal (in whatever namespace: /run/sstpx is
 * shared), -EXDEV when a dead one's journal is of a namespace we cannot reach. 0 also for a
 * stale journal we can replay.
 */
static int name_state(struct tun *t, const char *name)
{
	char path[PATH_MAX], rec_name[NAME_MAX + 1], found_name[NAME_MAX + 1];
	struct tun_nsid rec, ours;
	struct undo *u;
	int ret;

	if (tun_nl_ifindex(t, name) >= 0)
		return -EEXIST;
	ret = state_path(t, name, path);
	if (ret)
		return ret;
	u = malloc(sizeof(*u));
	if (!u)
		return -ENOMEM;
	undo_init(u, NULL, NULL, NULL, NULL);
	ret = undo_load(u, path);
	if (ret)
		ret = ret == -ENOENT || ret == -EBADMSG ? 0 : ret;
	else if (proc_alive(u->pid, u->start))
		ret = -EBUSY;
	else if (!journal_nsid(u, &rec, rec_name) && !tun_ns_self(&ours) &&
		 (rec.dev != ours.dev || rec.ino != ours.ino) && tun_ns_find(&rec, found_name) < 0)
		ret = -EXDEV;
	free(u);
	return ret;
}

/* The first name the pattern allows that is free (name_state), created. */
static int dev_create_free(struct tun *t, const char *pattern)
{
	bool many = strstr(pattern, "%d");
	char name[IFNAMSIZ];
	int ret;

	for (unsigned i = 0;; i++) {
		ret = name_nth(pattern, i, name);
		if (ret == -ENOSPC && many)
			TUN_LOG(t, SX_LOG_ERR, "tun: no free name for \"%s\" among the first %d", pattern,
				TUN_NAME_TRIES);
		if (ret)
			return ret == -ENOSPC && many ? -EBUSY : ret;
		ret = name_state(t, name);
		if (!ret)
			ret = dev_create(t, name);
		/* Taken meanwhile by another device or sstpx: the next one, as %d promises. */
		if (!many || (ret != -EEXIST && ret != -EBUSY && ret != -EXDEV))
			break;
		TUN_LOG(t, SX_LOG_DEBUG, "tun: %s is taken (%s), trying the next name", name,
			strerror(-ret));
	}
	if (ret == -EEXIST)
		TUN_LOG(t, SX_LOG_ERR, "tun: \"%s\": an interface of that name exists already", name);
	else if (ret == -EBUSY)
		TUN_LOG(t, SX_LOG_ERR, "tun: \"%s\": a running sstpx uses that name", name);
	return ret;
}

int tun_ifname_check(const struct tun_cfg *cfg)
{
	const char *pattern = cfg->ifname ? cfg->ifname : TUN_DEFAULT_NAME;
	bool many = strstr(pattern, "%d");
	char name[IFNAMSIZ];
	struct tun *t;
	int ret;

	ret = tun_new(&t, cfg);
	if (ret)
		return ret;
	for (unsigned i = 0;; i++) {
		ret = name_nth(pattern, i, name);
		if (ret) {
			ret = ret == -ENOSPC ? -EBUSY : ret;
			break;
		}
		ret = name_state(t, name);
		if (!ret || !many)
			break;
	}
	tun_free(t);
	return ret;
}

int tun_open(struct tun **out, const struct tun_cfg *cfg)
{
	const char *pattern = cfg->ifname ? cfg->ifname : TUN_DEFAULT_NAME;
	char path[PATH_MAX];
	struct tun *t;
	int ret;

	*out = NULL;
	ret = tun_new(&t, cfg);
	if (ret)
		return ret;
	ret = dev_create_free(t, pattern);
	if (!ret)
		ret = state_path(t, t->name, path);
	if (ret)
		goto out;
	/*
	 * We never make the device persistent, so a dead run's device died with its fd, and the
	 * kernel could give us the name only because nobody holds it now. Its journal's "link del
	 * NAME ifindex N" names another ifindex (they are not reused soon) and spares ours.
	 */
	ret = replay_stale(t, path);
	if (ret == -EBUSY || ret == -EXDEV)	/* a live owner, or a namespace we cannot reach */
		goto out;
	if (ret && ret != -ENOENT)
		TUN_LOG(t, SX_LOG_WARN, "undo: continuing after a failed stale replay");
	undo_init(&t->undo, &cfg->log, undo_exec, t, path);
	ret = push_nsid(t);
	if (!ret && cfg->netns)
		ret = undo_push(&t->undo, "netns %s", cfg->netns);
	if (!ret)
		ret = undo_push(&t->undo, "link del %s ifindex %d", t->name, t->ifindex);
out:
	if (ret) {
		(void)undo_replay(&t->undo);
		tun_free(t);
		return ret;
	}
	*out = t;
	return 0;
}

int tun_fd(const struct tun *t)
{
	return t->fd;
}

const char *tun_name(const struct tun *t)
{
	return t->name;
}

int tun_ifindex(const struct tun *t)
{
	return t->ifindex;
}

struct undo *tun_journal(struct tun *t)
{
	return &t->undo;
}

int tun_close(struct tun *t)
{
	int ret;

	if (!t)
		return 0;
	ret = undo_replay(&t->undo);
	tun_free(t);
	return ret;
}

int tun_cleanup(const struct tun_cfg *cfg, const char *ifname)
{
	char path[PATH_MAX];
	struct tun *t;
	int ret;

	if (!ifname || !ifname[0] || strlen(ifname) >= IFNAMSIZ || strchr(ifname, '/'))
		return -EINVAL;
	ret = tun_new(&t, cfg);
	if (ret)
		return ret;
	ret = state_path(t, ifname, path);
	if (!ret)
		ret = replay_stale(t, path);
	tun_free(t);
	return ret;
}
