// SPDX-License-Identifier: MIT
/*
 * sstpx status [NAME] [--json]: reads the status document of a running sstpx from its control
 * socket STATUS_DIR/NAME.sock and prints it as is (--json) or as a table like `wg show`. NAME is
 * a socket's name (the profile, --ifname, or sstpx-PID) or an interface name; without NAME the
 * one running sstpx answers. Exit codes: 0; 2 for usage, or several running and no NAME; 9
 * (SX_EXIT_SYSTEM) when no running sstpx answers (none, no such NAME, or permission denied).
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "exit.h"
#include "json.h"
#include "loop.h"
#include "sstpx.h"
#include "status.h"

#define STATUS_READ_MS 5000	/* a running sstpx answers from its loop at once */
#define STATUS_SCAN_MAX 64

struct doc {
	char name[STATUS_NAME_MAX + 1];
	char text[STATUS_DOC_MAX + 1];
	size_t len;
};

/* Connects to the socket of `name`: the fd, or -ENOENT (none), -ECONNREFUSED (stale), -EACCES. */
static int open_socket(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	snprintf(sa.sun_path, sizeof(sa.sun_path), STATUS_DIR "/%s" STATUS_SUFFIX, name);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (const struct sockaddr *)&sa, sizeof(sa))) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

/* Reads the document until the server closes, bounded in time and size. 0 or -errno. */
static int read_doc(int fd, struct doc *d)
{
	uint64_t deadline = loop_now_ms() + STATUS_READ_MS, now;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct json_span state;
	ssize_t n;
	int ret;

	d->len = 0;
	for (;;) {
		now = loop_now_ms();
		if (now >= deadline)
			return -ETIMEDOUT;
		ret = poll(&p, 1, (int)(deadline - now));
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			return ret ? -errno : -ETIMEDOUT;
		n = read(fd, d->text + d->len, STATUS_DOC_MAX - d->len);
		if (n == 0)
			break;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if (n > 0 && (d->len += (size_t)n) == STATUS_DOC_MAX)
			return -EMSGSIZE;
	}
	d->text[d->len] = '\0';
	return json_member((struct json_span){ d->text, d->len }, "state", &state);
}

static int query(const char *name, struct doc *d)
{
	int fd = open_socket(name), ret;

	if (fd < 0)
		return fd;
	snprintf(d->name, sizeof(d->name), "%s", name);
	ret = read_doc(fd, d);
	close(fd);
	return ret;
}

static int sock_filter(const struct dirent *e)
{
	size_t n = strlen(e->d_name), k = strlen(STATUS_SUFFIX);

	return n > k && strcmp(e->d_name + n - k, STATUS_SUFFIX) == 0;
}

/*
 * Every running sstpx that answers: their count (documents in docs, up to max), with *denied set
 * when a socket refused us. Stale sockets (a killed sstpx's) are skipped.
 */
static int scan(struct doc *docs, int max, bool *denied)
{
	struct dirent **list;
	int n = scandir(STATUS_DIR, &list, sock_filter, alphasort), found = 0, ret;
	char name[STATUS_NAME_MAX + 1];

	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(list[i]->d_name) - strlen(STATUS_SUFFIX);

		if (len <= STATUS_NAME_MAX && found < max) {
			snprintf(name, sizeof(name), "%.*s", (int)len, list[i]->d_name);
			ret = query(name, &docs[found]);
			if (ret == 0)
				found++;
			else if (ret == -EACCES || ret == -EPERM)
				*denied = true;
		}
		free(list[i]);
	}
	free(list);
	return found;
}

static void text(const struct doc *d, const char *key, char *out, size_t cap)
{
	struct json_span v;

	if (json_member((struct json_span){ d->text, d->len }, key, &v) ||
	    json_text(v, out, cap) || strcmp(out, "null") == 0)
		snprintf(out, cap, "%s", "");
}

/* Array members joined with ", " (dns, routes). */
static void list(const struct doc *d, const char *key, char *out, size_t cap)
{
	struct json_span arr, v;
	char item[128];
	size_t len = 0;

	out[0] = '\0';
	if (json_member((struct json_span){ d->text, d->len }, key, &arr))
		return;
	for (size_t i = 0; !json_elem(arr, i, &v) && !json_text(v, item, sizeof(item)); i++)
		len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s%s", i ? ", " : "",
					item);
}

static void bytes(uint64_t b, char *out, size_t cap)
{
	if (b < 1024)
		snprintf(out, cap, "%llu B", (unsigned long long)b);
	else if (b < 1024 * 1024)
		snprintf(out, cap, "%.2f KiB", (double)b / 1024);
	else if (b < 1024ull * 1024 * 1024)
		snprintf(out, cap, "%.2f MiB", (double)b / (1024 * 1024));
	else
		snprintf(out, cap, "%.2f GiB", (double)b / (1024.0 * 1024 * 1024));
}

static uint64_t num(const struct doc *d, const char *key)
{
	char v[32];

	text(d, key, v, sizeof(v));
	return strtoull(v, NULL, 10);
}

static void row(const char *label, const char *value)
{
	if (value[0])
		printf("  %s: %s\n", label, value);
}

static void print_table(const struct doc *d)
{
	char a[256], b[256], c[64], e[64], line[600];
	struct json_span err;
	uint64_t up;

	text(d, "name", a, sizeof(a));
	printf("sstpx: %s\n", a);
	text(d, "state", a, sizeof(a));
	snprintf(line, sizeof(line), "%s (attempt %llu)", a, (unsigned long long)num(d, "attempt"));
	row("state", line);
	text(d, "server", a, sizeof(a));
	text(d, "port", c, sizeof(c));
	text(d, "server_address", b, sizeof(b));
	snprintf(line, sizeof(line), "%s:%s%s%s%s", a, c, b[0] ? " (" : "", b, b[0] ? ")" : "");
	row("server", line);
	text(d, "tls_version", a, sizeof(a));
	text(d, "tls_cipher", b, sizeof(b));
	snprintf(line, sizeof(line), "%s%s%s", a, a[0] ? ", " : "", b);
	row("tls", line);
	text(d, "interface", a, sizeof(a));
	row("interface", a);
	text(d, "local", a, sizeof(a));
	text(d, "peer", b, sizeof(b));
	snprintf(line, sizeof(line), "%s%s%s", a, b[0] ? " peer " : "", b);
	row("address", a[0] ? line : "");
	list(d, "dns", a, sizeof(a));
	row("dns", a);
	text(d, "mtu", a, sizeof(a));
	row("mtu", a);
	list(d, "routes", a, sizeof(a));
	row("routes", a);
	text(d, "dhcp", a, sizeof(a));
	row("pushed", a);	/* the DHCPINFORM's routes and domains: waiting, answered, no answer */
	bytes(num(d, "rx_bytes"), c, sizeof(c));
	bytes(num(d, "tx_bytes"), e, sizeof(e));
	snprintf(line, sizeof(line), "%s received (%llu packets), %s sent (%llu packets)", c,
		 (unsigned long long)num(d, "rx_packets"), e, (unsigned long long)num(d, "tx_packets"));
	row("transfer", line);
	text(d, "uptime_ms", a, sizeof(a));
	up = num(d, "uptime_ms") / 1000;
	snprintf(line, sizeof(line), "%llu h %llu min %llu s", (unsigned long long)(up / 3600),
		 (unsigned long long)(up / 60 % 60), (unsigned long long)(up % 60));
	row("uptime", a[0] ? line : "");
	if (!json_member((struct json_span){ d->text, d->len }, "last_error", &err) &&
	    err.p[0] == '{') {
		struct doc sub = { .len = err.len };

		memcpy(sub.text, err.p, err.len);
		text(&sub, "reason", a, sizeof(a));
		text(&sub, "time", b, sizeof(b));
		snprintf(line, sizeof(line), "%s (exit %llu) at %s", a,
			 (unsigned long long)num(&sub, "exit_code"), b);
		row("last error", line);
	}
	text(d, "pid", a, sizeof(a));
	row("pid", a);
}

static int usage(void)
{
	fprintf(stderr, "Usage: sstpx status [NAME] [--json]\n");
	return SX_EXIT_USAGE;
}

/* NAME is a socket's name, or else the interface of one of the running instances. */
static int find(const char *name, struct doc *d, struct doc *docs, int max)
{
	bool denied = false;
	char ifname[64];
	int ret = query(name, d), n;

	if (ret != -ENOENT)
		return ret;
	n = scan(docs, max, &denied);
	for (int i = 0; i < n; i++) {
		text(&docs[i], "interface", ifname, sizeof(ifname));
		if (strcmp(ifname, name) == 0) {
			*d = docs[i];
			return 0;
		}
	}
	return denied ? -EACCES : -ENOENT;
}

static int fetch(const char *name, struct doc *d)
{
	struct doc *docs = calloc(STATUS_SCAN_MAX, sizeof(*docs));
	bool denied = false;
	int ret, n;

	if (!docs) {
		fprintf(stderr, "sstpx: status: out of memory\n");
		return SX_EXIT_INTERNAL;
	}
	if (name) {
		ret = find(name, d, docs, STATUS_SCAN_MAX);
		if (ret == -ENOENT || ret == -ECONNREFUSED)
			fprintf(stderr, "sstpx: status: \"%s\": no running sstpx by that name\n", name);
		else if (ret)
			fprintf(stderr, "sstpx: status: \"%s\": %s\n", name, strerror(-ret));
		free(docs);
		return ret ? SX_EXIT_SYSTEM : SX_EXIT_OK;
	}
	n = scan(docs, STATUS_SCAN_MAX, &denied);
	if (n == 1)
		*d = docs[0];
	else if (n == 0)
		fprintf(stderr, "sstpx: status: %s\n", denied ? "permission denied (run it as root or as the user sstpx runs as)"
							      : "no sstpx is running");
	else {
		fprintf(stderr, "sstpx: status: %d instances are running; name one:", n);
		for (int i = 0; i < n; i++)
			fprintf(stderr, " %s", docs[i].name);
		fprintf(stderr, "\n");
	}
	free(docs);
	return n == 1 ? SX_EXIT_OK : n == 0 ? SX_EXIT_SYSTEM : SX_EXIT_USAGE;
}

int cmd_status(int argc, char **argv)
{
	const char *name = NULL;
	bool json = false;
	struct doc *d;
	int ret;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return usage(), SX_EXIT_OK;
		else if (argv[i][0] == '-' || name)
			return usage();
		else if (!status_name_ok(argv[i])) {
			fprintf(stderr, "sstpx: status: \"%s\": not a valid name\n", argv[i]);
			return SX_EXIT_USAGE;
		} else
			name = argv[i];
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		fprintf(stderr, "sstpx: status: out of memory\n");
		return SX_EXIT_INTERNAL;
	}
	ret = fetch(name, d);
	if (ret == SX_EXIT_OK) {
		if (json)
			fwrite(d->text, 1, d->len, stdout);
		else
			print_table(d);
	}
	free(d);
	return ret;
}
