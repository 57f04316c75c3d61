// SPDX-License-Identifier: MIT
/* DNS from IPCP (RFC 1877): systemd-resolved, else resolvconf, else resolv.conf with a backup. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tun/tun_int.h"

#define RESOLVED_SOCKET "/run/systemd/resolve/io.systemd.Resolve"
#define RESOLV_MAX 65536
#define DNS_MAX 8		/* IPCP's two (or DHCP's four) and RDNSS's three */

/* FNV-1a 64: enough to notice that someone else rewrote the file meanwhile. */
static uint64_t fnv1a(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
	return h;
}

/* Reads at most RESOLV_MAX - 1 bytes into a malloc'ed string. */
static int read_text(const char *path, char **out, size_t *len)
{
	char *buf = malloc(RESOLV_MAX);
	size_t used = 0;
	int fd, ret = 0;

	*out = NULL;
	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	for (;;) {
		ssize_t r = read(fd, buf + used, RESOLV_MAX - 1 - used);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			ret = -errno;
		if (r <= 0)
			break;
		used += (size_t)r;
		if (used == RESOLV_MAX - 1) {
			ret = -EMSGSIZE;
			break;
		}
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return 0;
}

static int write_fd(int fd, const char *text, size_t len, mode_t mode)
{
	while (len) {
		ssize_t w = write(fd, text, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		text += w;
		len -= (size_t)w;
	}
	if (fchmod(fd, mode) || fsync(fd))
		return -errno;
	return 0;
}

static int write_in_place(const char *path, const char *text, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	int ret;

	if (fd < 0)
		return -errno;
	ret = write_fd(fd, text, len, mode);
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

/*
 * A bind mount (containers, `ip netns exec`) cannot be renamed over, and a temp file beside it
 * would land in the directory underneath: /proc/self/mountinfo field 5 is the mount point.
 */
static bool is_mount_point(const char *path)
{
	char line[4096], mnt[PATH_MAX], real[PATH_MAX];
	bool found = false;
	FILE *f;

	if (!realpath(path, real))
		return false;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1 && !strcmp(mnt, real);
	fclose(f);
	return found;
}

/*
 * Temp file + rename, so readers never see half a file; in place for a symlink (keep the link
 * its owner made) or a mount point, or when rename says EBUSY.
 */
static int write_file(const char *path, const char *text, size_t len, mode_t mode)
{
	char tmp[PATH_MAX];
	struct stat st;
	int fd, ret;

	if ((!lstat(path, &st) && S_ISLNK(st.st_mode)) || is_mount_point(path))
		return write_in_place(path, text, len, mode);
	if (snprintf(tmp, sizeof(tmp), "%s.sstpx-tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return write_in_place(path, text, len, mode);
	ret = write_fd(fd, text, len, mode);
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	if (ret == -EBUSY)
		ret = write_in_place(path, text, len, mode);
	return ret;
}

static const char *resolv_path(const struct tun *t)
{
	return t->resolv;
}

/*
 * /etc/netns/NAME may not exist yet: `ip netns exec` bind-mounts the files of that directory only
 * when it does. Created here (one level), and removed again on undo if still empty.
 */
static int make_parent(struct tun *t, const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	struct stat st;
	int ret;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (!stat(dir, &st))
		return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	if (errno != ENOENT)
		return -errno;
	ret = undo_push(&t->undo, "dir remove %s", dir);
	if (ret)
		return ret;
	if (mkdir(dir, 0755)) {
		ret = -errno;
		(void)undo_pop(&t->undo);
		return ret;
	}
	TUN_LOG(t, SX_LOG_INFO, "dns: created %s", dir);
	return 0;
}

/* "dir remove DIR": only when empty (someone else's files stay). */
static int dir_undo(struct tun *t, char **argv, int argc)
{
	if (argc != 3 || strcmp(argv[1], "remove"))
		return -EINVAL;
	if (rmdir(argv[2])) {
		if (errno == ENOENT)
			return 0;
		if (errno == ENOTEMPTY || errno == EEXIST) {
			TUN_LOG(t, SX_LOG_INFO, "dns: %s is not empty: left in place", argv[2]);
			return 0;
		}
		return -errno;
	}
	TUN_LOG(t, SX_LOG_INFO, "dns: removed %s", argv[2]);
	return 0;
}

/* "search a b" from domains then the original's own search domains, each once. */
static size_t put_search(char *buf, size_t cap, const struct dns_req *r, const char *orig)
{
	size_t used = 0;
	const char *line = orig;

	if (!r->n_domains)
		return 0;
	used += (size_t)snprintf(buf, cap, "search");
	for (size_t i = 0; i < r->n_domains; i++)
		used += (size_t)snprintf(buf + used, cap - used, " %s", r->domains[i].name);
	while (line && *line) {
		size_t l = strcspn(line, "\n");

		/* resolv.conf(5): the last "search" or "domain" line wins, so theirs join ours */
		if ((!strncmp(line, "search", 6) || !strncmp(line, "domain", 6)) &&
		    (line[6] == ' ' || line[6] == '\t') && used + l + 2 < cap) {
			used += (size_t)snprintf(buf + used, cap - used, " %.*s", (int)(l - 7),
						 line + 7);
		}
		line += l + (line[l] == '\n');
	}
	used += (size_t)snprintf(buf + used, cap - used, "\n");
	return used;
}

/* Our nameservers (and search list) first, then the original's other lines kept as they were. */
static int build_conf(const struct tun *t, const char *orig, char **servers,
		      const struct dns_req *r, char **out, size_t *len)
{
	size_t cap = 2 * RESOLV_MAX + 256, used;
	char *buf = malloc(cap);
	const char *line = orig;

	if (!buf)
		return -ENOMEM;
	used = (size_t)snprintf(buf, cap, "# Written by sstpx for %s; restored on disconnect.\n",
				t->name);
	for (size_t i = 0; i < r->n; i++)
		used += (size_t)snprintf(buf + used, cap - used, "nameserver %s\n", servers[i]);
	used += put_search(buf + used, cap - used, r, orig);
	while (line && *line) {
		size_t l = strcspn(line, "\n");
		bool search = r->n_domains && (!strncmp(line, "search", 6) ||
					       !strncmp(line, "domain", 6));

		if (strncmp(line, "nameserver", 10) && !search && used + l + 2 < cap) {
			memcpy(buf + used, line, l);
			used += l;
			buf[used++] = '\n';
		}
		line += l + (line[l] == '\n');
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return 0;
}

/* The journal entry an earlier dns_apply_req made ("dns resolved IF", "file restore PATH ..."). */
static int journal_find(const struct tun *t, const char *prefix)
{
	size_t len = strlen(prefix);

	for (size_t i = 0; i < t->undo.n; i++)
		if (!strncmp(t->undo.lines[i], prefix, len))
			return (int)i;
	return -1;
}

/* Applied before: rewrite from the original (the backup, or nothing) and keep the one entry. */
static int dns_file_again(struct tun *t, char **servers, const struct dns_req *r, int entry)
{
	const char *path = resolv_path(t);
	char *line = t->undo.lines[entry], backup[PATH_MAX], *orig = NULL, *text = NULL;
	unsigned mode = 0644;
	size_t olen = 0, len = 0;
	bool restore = !strncmp(line, "file restore ", 13);
	int ret = 0;

	if (restore && sscanf(line + 13 + strlen(path), " %4095s %o", backup, &mode) != 2)
		return -EBADMSG;
	if (restore)
		ret = read_text(backup, &orig, &olen);
	if (!ret)
		ret = build_conf(t, orig, servers, r, &text, &len);
	if (!ret)
		ret = write_file(path, text, len, (mode_t)mode & 07777);
	if (!ret) {
		/* The hash at the end of the entry is of what we wrote last. */
		snprintf(strrchr(line, ' ') + 1, 17, "%016llx", (unsigned long long)fnv1a(text, len));
		ret = undo_save(&t->undo);
	}
	free(orig);
	free(text);
	return ret;
}

static int dns_file(struct tun *t, char **servers, const struct dns_req *r)
{
	const char *path = resolv_path(t);
	char key[PATH_MAX + 16], backup[PATH_MAX], *orig = NULL, *text = NULL;
	size_t olen = 0, len = 0;
	struct stat st;
	mode_t mode = 0644;
	int ret;

	if (strchr(path, ' ') || strchr(t->state_dir, ' '))
		return -EINVAL;
	if (snprintf(key, sizeof(key), "file restore %s ", path) >= (int)sizeof(key))
		return -ENAMETOOLONG;
	ret = journal_find(t, key);
	if (ret < 0) {
		snprintf(key, sizeof(key), "file remove %s ", path);
		ret = journal_find(t, key);
	}
	if (ret >= 0)
		return dns_file_again(t, servers, r, ret);
	if (snprintf(backup, sizeof(backup), "%s/%s.resolv.conf.orig", t->state_dir, t->name) >=
	    (int)sizeof(backup))
		return -ENAMETOOLONG;
	ret = make_parent(t, path);
	if (ret)
		goto out;
	ret = read_text(path, &orig, &olen);
	if (ret && ret != -ENOENT)
		goto out;
	if (!ret && !stat(path, &st))
		mode = st.st_mode & 07777;
	ret = build_conf(t, orig, servers, r, &text, &len);
	if (ret)
		goto out;
	if (orig) {
		ret = write_file(backup, orig, olen, 0600);
		if (!ret)
			ret = undo_push(&t->undo, "file restore %s %s %04o %016llx", path, backup,
					(unsigned)mode, (unsigned long long)fnv1a(text, len));
	} else {
		ret = undo_push(&t->undo, "file remove %s %016llx", path,
				(unsigned long long)fnv1a(text, len));
	}
	if (ret)
		goto out;
	ret = write_file(path, text, len, mode);
	if (ret) {
		(void)undo_pop(&t->undo);
		unlink(backup);
	}
out:
	if (ret)
		TUN_LOG(t, SX_LOG_ERR, "dns: cannot rewrite %s: %s", path, strerror(-ret));
	free(orig);
	free(text);
	return ret;
}

/* "file restore PATH BACKUP MODE HASH" or "file remove PATH HASH" */
static int file_undo(struct tun *t, char **argv, int argc)
{
	bool restore = argc == 6 && !strcmp(argv[1], "restore");
	char *cur = NULL, *orig = NULL;
	size_t clen = 0, olen = 0;
	int ret;

	if (!restore && !(argc == 4 && !strcmp(argv[1], "remove")))
		return -EINVAL;
	ret = read_text(argv[2], &cur, &clen);
	if (ret && ret != -ENOENT)
		goto out;
	if (strtoull(argv[argc - 1], NULL, 16) != (cur ? fnv1a(cur, clen) : 0))
		TUN_LOG(t, SX_LOG_WARN, "dns: %s changed since sstpx wrote it; restoring anyway",
			argv[2]);
	if (!restore) {
		ret = unlink(argv[2]) && errno != ENOENT ? -errno : 0;
		goto out;
	}
	ret = read_text(argv[3], &orig, &olen);
	if (ret)
		goto out;
	ret = write_file(argv[2], orig, olen, (mode_t)strtoul(argv[4], NULL, 8) & 07777);
	if (!ret && unlink(argv[3]))
		ret = -errno;
out:
	if (!ret)
		TUN_LOG(t, SX_LOG_INFO, "dns: restored %s", argv[2]);
	free(cur);
	free(orig);
	return ret;
}

static int run2(struct tun *t, const char *prog, const char *a1, const char *a2, const char *in)
{
	char path[PATH_MAX];
	const char *argv[] = { NULL, a1, a2, NULL };

	argv[0] = cmd_find(prog, path);
	if (!argv[0])
		return -ENOENT;
	return cmd_run(t, argv, in);
}

/*
 * resolvectl(1) "domain": "~." routes every name to this link (a full tunnel: nothing leaks);
 * a plain domain is a search domain that also routes its names here, "~D" routes only.
 */
static int resolved_domains(struct tun *t, const char *prog, const struct dns_req *r)
{
	const char *argv[3 + 1 + DNS_DOMAINS_MAX + 1] = { prog, "domain", t->name };
	char names[DNS_DOMAINS_MAX][DNS_NAME_MAX + 2];
	size_t n = 3;

	if (r->full_tunnel)
		argv[n++] = "~.";
	for (size_t i = 0; i < r->n_domains; i++) {
		snprintf(names[i], sizeof(names[i]), "%s%s", r->domains[i].route_only ? "~" : "",
			 r->domains[i].name);
		argv[n++] = names[i];
	}
	if (n == 3)
		return 0;
	return cmd_run(t, argv, NULL);
}

static int dns_resolved(struct tun *t, char **servers, const struct dns_req *r)
{
	char path[PATH_MAX];
	const char *argv[3 + DNS_MAX + 1] = { NULL, "dns", t->name };
	char entry[IFNAMSIZ + 16];
	bool again;
	int ret;

	argv[0] = cmd_find("resolvectl", path);
	if (!argv[0])
		return -ENOENT;
	for (size_t i = 0; i < r->n; i++)
		argv[3 + i] = servers[i];
	snprintf(entry, sizeof(entry), "dns resolved %s", t->name);
	again = journal_find(t, entry) >= 0;
	ret = again ? 0 : undo_push(&t->undo, "dns resolved %s", t->name);
	if (ret)
		return ret;
	ret = cmd_run(t, argv, NULL);
	if (!ret)
		ret = resolved_domains(t, argv[0], r);
	if (ret && !again) {
		(void)run2(t, "resolvectl", "revert", t->name, NULL);
		(void)undo_pop(&t->undo);
	}
	return ret;
}

static int dns_resolvconf(struct tun *t, char **servers, const struct dns_req *r)
{
	char entry[IFNAMSIZ + 32];
	bool again;
	char name[IFNAMSIZ + 8], input[DNS_MAX * 64 + DNS_DOMAINS_MAX * (DNS_NAME_MAX + 1) + 16];
	size_t used = 0;
	int ret;

	snprintf(name, sizeof(name), "%s.sstpx", t->name);
	for (size_t i = 0; i < r->n; i++)
		used += (size_t)snprintf(input + used, sizeof(input) - used, "nameserver %s\n",
					 servers[i]);
	if (r->n_domains) {
		used += (size_t)snprintf(input + used, sizeof(input) - used, "search");
		for (size_t i = 0; i < r->n_domains; i++)
			used += (size_t)snprintf(input + used, sizeof(input) - used, " %s",
						 r->domains[i].name);
		snprintf(input + used, sizeof(input) - used, "\n");
	}
	snprintf(entry, sizeof(entry), "dns resolvconf %s", name);
	again = journal_find(t, entry) >= 0;
	ret = again ? 0 : undo_push(&t->undo, "dns resolvconf %s", name);
	if (ret)
		return ret;
	ret = run2(t, "resolvconf", "-a", name, input);
	if (ret && !again) {
		(void)run2(t, "resolvconf", "-d", name, NULL);
		(void)undo_pop(&t->undo);
	}
	return ret;
}

static enum dns_backend detect(void)
{
	char path[PATH_MAX];

	if (!access(RESOLVED_SOCKET, F_OK) && cmd_find("resolvectl", path))
		return DNS_RESOLVED;
	if (cmd_find("resolvconf", path))
		return DNS_RESOLVCONF;
	return DNS_FILE;
}

const char *dns_backend_name(enum dns_backend b)
{
	switch (b) {
	case DNS_AUTO: return "auto";
	case DNS_RESOLVED: return "systemd-resolved";
	case DNS_RESOLVCONF: return "resolvconf";
	case DNS_FILE: return "resolv.conf";
	}
	return "?";
}

int dns_apply(struct tun *t, const struct in_addr *servers, size_t n, bool full_tunnel)
{
	return dns_apply_req(t, &(struct dns_req){ .servers = servers, .n = n,
						   .full_tunnel = full_tunnel });
}

/* resolvconf and a plain file have no per-domain routing: say what the search list does not do. */
static void log_split(struct tun *t, enum dns_backend b, const struct dns_req *r)
{
	if (!r->n_domains || r->full_tunnel || b == DNS_RESOLVED)
		return;
	TUN_LOG(t, SX_LOG_INFO, "dns: %s cannot send only some domains to the tunnel: the search "
		"list has %s%s, and names outside these domains may still use the tunnel's servers",
		dns_backend_name(b), r->domains[0].name, r->n_domains > 1 ? " and more" : "");
}

int dns_apply_req(struct tun *t, const struct dns_req *r)
{
	char text[DNS_MAX][INET6_ADDRSTRLEN], *list[DNS_MAX], all[DNS_MAX * INET6_ADDRSTRLEN] = "";
	enum dns_backend b = t->cfg.dns;
	struct dns_req both = *r;
	int ret = -EINVAL;

	/* The backends take one list of addresses as text: IPv4 first, then IPv6. */
	both.n = r->n + r->n6;
	r = &both;
	if (!r->n || r->n > DNS_MAX || r->n_domains > DNS_DOMAINS_MAX)
		return -EINVAL;
	for (size_t i = 0; i < r->n_domains; i++)
		if (strlen(r->domains[i].name) > DNS_NAME_MAX || strpbrk(r->domains[i].name, " \t\n"))
			return -EINVAL;
	for (size_t i = 0; i < r->n; i++) {
		if (i < r->n - r->n6)
			inet_ntop(AF_INET, &r->servers[i], text[i], sizeof(text[i]));
		else
			inet_ntop(AF_INET6, &r->servers6[i - (r->n - r->n6)], text[i], sizeof(text[i]));
		list[i] = text[i];
		strcat(all, i ? " " : "");
		strcat(all, text[i]);
	}
	if (b == DNS_AUTO)
		b = detect();
	switch (b) {
	case DNS_AUTO:
		break;
	case DNS_RESOLVED:
		ret = dns_resolved(t, list, r);
		break;
	case DNS_RESOLVCONF:
		ret = dns_resolvconf(t, list, r);
		break;
	case DNS_FILE:
		ret = dns_file(t, list, r);
		break;
	}
	if (ret)
		TUN_LOG(t, SX_LOG_ERR, "dns: cannot apply %s via %s: %s", all, dns_backend_name(b),
			strerror(-ret));
	else
		TUN_LOG(t, SX_LOG_INFO, "dns: applied %s via %s", all, dns_backend_name(b));
	if (!ret)
		log_split(t, b, r);
	if (!ret && r->used)
		*r->used = b;
	return ret;
}

int dns_undo(struct tun *t, char **argv, int argc)
{
	int ret;

	if (!strcmp(argv[0], "file"))
		return file_undo(t, argv, argc);
	if (!strcmp(argv[0], "dir"))
		return dir_undo(t, argv, argc);
	if (argc != 3)
		return -EINVAL;
	if (!strcmp(argv[1], "resolved")) {
		/* resolved forgets a link's settings when the link goes (a killed run's device). */
		ret = tun_nl_ifindex(t, argv[2]);
		if (ret < 0)
			return tun_gone(ret) ? 0 : ret;
		ret = run2(t, "resolvectl", "revert", argv[2], NULL);
	}
	else if (!strcmp(argv[1], "resolvconf"))
		ret = run2(t, "resolvconf", "-d", argv[2], NULL);
	else
		return -EINVAL;
	if (!ret)
		TUN_LOG(t, SX_LOG_INFO, "dns: reverted %s via %s", argv[2], argv[1]);
	return ret;
}
