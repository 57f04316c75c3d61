// SPDX-License-Identifier: MIT
/*
 * The status control socket: /run/sstpx/NAME.sock (AF_UNIX stream, mode 0600, the directory 0755),
 * NAME being the profile (`sstpx up NAME`), else --ifname, else "sstpx-PID". Each connection gets
 * one JSON document and is closed, from the event loop (loop_aux_add), never blocking it.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "exit.h"
#include "facts.h"
#include "hooks.h"
#include "log.h"
#include "observers.h"
#include "session.h"
#include "status.h"

#define STATUS_ACCEPT_MAX 8	/* connections served per wake-up: the loop has other work */

/* One status socket per process. */
static struct {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char name[STATUS_NAME_MAX + 1];
	bool bound;			/* path is this process's listening socket */
	pid_t owner;			/* the process that bound it: only it removes the path */
	uid_t uid;			/* the user that started sstpx */
	uid_t setuid_uid;		/* --setuid's user, who owns the socket; else uid */
	/* The last attempt that failed, kept across attempts. */
	bool failed;
	char error[128];
	int error_exit;
	char error_time[40];
} st;

bool status_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > STATUS_NAME_MAX || name[0] == '.')
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-") == n;
}

static void choose_name(const struct opts *o)
{
	if (o->profile && status_name_ok(o->profile))
		snprintf(st.name, sizeof(st.name), "%s", o->profile);
	else if (o->ifname && status_name_ok(o->ifname))
		snprintf(st.name, sizeof(st.name), "%s", o->ifname);
	else
		snprintf(st.name, sizeof(st.name), "sstpx-%ld", (long)getpid());
	snprintf(st.path, sizeof(st.path), STATUS_DIR "/%s" STATUS_SUFFIX, st.name);
}

/* An existing path: -EADDRINUSE when an sstpx answers there, else it is stale and goes. */
static int claim_path(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0)
		ret = -EADDRINUSE;
	else if (errno == ECONNREFUSED)
		unlink(sa->sun_path);	/* a killed sstpx left it */
	close(fd);
	return ret;
}

/* STATUS_DIR exists, is a directory of ours, mode 0755. 0 or -errno. */
static int ensure_dir(void)
{
	struct stat sb;

	if (mkdir(STATUS_DIR, 0755) && errno != EEXIST)
		return -errno;
	if (lstat(STATUS_DIR, &sb))
		return -errno;
	if (!S_ISDIR(sb.st_mode) || sb.st_uid != geteuid())
		return -ENOTDIR;	/* not ours: no socket there */
	/*
	 * 0755 whatever the umask, or tun/'s 0700 for the journals (each file 0600): the socket's
	 * own mode and SO_PEERCRED decide who may ask, so its owner may reach it without root.
	 */
	if ((sb.st_mode & 07777) != 0755 && chmod(STATUS_DIR, 0755))
		return -errno;
	return 0;
}

/* Creates, binds (mode 0600 from the start) and listens. The fd, or -errno. */
static int listen_at(const struct sockaddr_un *sa)
{
	int fd, ret = ensure_dir();
	mode_t old;

	if (!ret)
		ret = claim_path(sa);
	if (ret)
		return ret;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	old = umask(0177);
	ret = bind(fd, (const struct sockaddr *)sa, sizeof(*sa));
	umask(old);
	if (ret == 0)
		ret = listen(fd, STATUS_ACCEPT_MAX);
	if (ret) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

/* --setuid USER: USER, whom sstpx becomes once connected, owns the socket (and may ask) from the start. */
static void give_to_setuid_user(const struct opts *o)
{
	struct passwd *pw = o->setuid_user ? getpwnam(o->setuid_user) : NULL;

	st.setuid_uid = st.uid;
	if (!pw)
		return;
	if (chown(st.path, pw->pw_uid, pw->pw_gid))
		log_warn("status: \"%s\": cannot give it to %s: %s", st.path, o->setuid_user,
			 strerror(errno));
	else
		st.setuid_uid = pw->pw_uid;
}

const char *status_socket_path(void)
{
	return st.bound ? st.path : NULL;
}

static int status_init(struct session *s, void *self)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	(void)self;
	if (s->status_fd >= 0)
		return 0;	/* set up once per process */
	choose_name(s->o);
	st.owner = getpid();
	st.uid = geteuid();
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", st.path);
	fd = listen_at(&sa);
	if (fd == -EADDRINUSE) {
		log_fail("status", "\"%s\": another sstpx is running under the name \"%s\"", st.path,
			 st.name);
		return SX_EXIT_USAGE;
	}
	if (fd < 0) {
		/* The tunnel does not need it: say so and go on without `sstpx status`. */
		log_warn("status: \"%s\": %s; sstpx status will not find this tunnel", st.path,
			 strerror(-fd));
		return 0;
	}
	give_to_setuid_user(s->o);
	ret = loop_aux_add(&s->loop, fd, EPOLLIN);
	if (ret < 0) {
		log_warn("status: cannot watch the socket: %s", strerror(-ret));
		close(fd);
		unlink(st.path);
		return 0;
	}
	s->status_fd = fd;
	st.bound = true;
	log_debug("status: listening on %s", st.path);
	return 0;
}

static void status_free(struct session *s, void *self)
{
	(void)self;
	if (s->status_fd < 0)
		return;
	loop_aux_del(&s->loop, s->status_fd);
	close(s->status_fd);
	s->status_fd = -1;
	st.bound = false;
	/* A child of --background inherits the descriptor; the path is the binder's to remove. */
	if (getpid() != st.owner || !unlink(st.path) || errno == ENOENT)
		return;
	/*
	 * After --setuid the directory is root's: privdrop.c's root helper removes the path, and if
	 * it cannot, sstpx status calls it not running and the next sstpx of this name replaces it.
	 */
	if (errno == EACCES && geteuid() != st.uid)
		log_debug("status: \"%s\" is left to the root helper (--setuid)", st.path);
	else
		log_warn("status: cannot remove \"%s\": %s", st.path, strerror(errno));
}

static int status_phase(struct session *s, void *self, enum sx_phase phase)
{
	(void)self;
	if (phase != SX_PHASE_DISCONNECTED)
		return 0;
	/* log.c keeps no history: the attempt's own end is the last error. */
	if (s->exit_code == 0 && (s->reason == SX_REASON_NONE || s->reason == SX_REASON_USER))
		return 0;
	st.failed = true;
	st.error_exit = s->exit_code;
	snprintf(st.error, sizeof(st.error), "%s",
		 s->reason != SX_REASON_NONE ? sx_reason_str(s->reason)
					     : exit_str((enum sx_exit)s->exit_code));
	facts_utc(st.error_time, sizeof(st.error_time));
	return 0;
}

static const char *state_name(enum sx_phase phase)
{
	switch (phase) {
	case SX_PHASE_START:
	case SX_PHASE_RESOLVING:
	case SX_PHASE_TCP:
	case SX_PHASE_TLS:
	case SX_PHASE_HTTP:
	case SX_PHASE_SSTP:
	case SX_PHASE_PPP:
	case SX_PHASE_AUTHENTICATED:
		return "connecting";
	case SX_PHASE_CONNECTED: return "connected";
	case SX_PHASE_DISCONNECTING: return "disconnecting";
	case SX_PHASE_DISCONNECTED: return "disconnected";
	case SX_PHASE_RECONNECTING: return "reconnecting";
	case SX_PHASE_EXIT: return "exiting";
	}
	return "?";
}

/* The status document (the schema is in sstpx(1) under status). Its length or -EMSGSIZE. */
static int status_doc(const struct session *s, char *buf, size_t cap)
{
	char utc[40];
	struct json j;

	json_init(&j, buf, cap);
	json_obj_begin(&j, NULL);
	json_str(&j, "name", st.name);
	json_int(&j, "pid", getpid());
	json_str(&j, "time", facts_utc(utc, sizeof(utc)));
	json_str(&j, "state", state_name(s->phase));
	json_str(&j, "phase", sx_phase_name(s->phase));
	json_uint(&j, "attempt", s->attempt);
	json_uint(&j, "running_ms", facts_elapsed_ms());
	facts_connection(&j, s);
	facts_traffic(&j, s);
	if (st.failed) {
		json_obj_begin(&j, "last_error");
		json_str(&j, "reason", st.error);
		json_int(&j, "exit_code", st.error_exit);
		json_str(&j, "time", st.error_time);
		json_obj_end(&j);
	} else {
		json_null(&j, "last_error");
	}
	json_obj_end(&j);
	return json_finish(&j);
}

/* SO_PEERCRED: root, the user who started sstpx, or --setuid's user (the file mode says so too). */
static bool peer_allowed(int fd)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len))
		return false;
	if (uc.uid == 0 || uc.uid == st.uid || uc.uid == st.setuid_uid)
		return true;
	log_warn("status: refused a connection from uid %u (pid %ld)", (unsigned)uc.uid, (long)uc.pid);
	return false;
}

static void serve(const struct session *s, int fd)
{
	char doc[STATUS_DOC_MAX];
	int len;
	ssize_t n;

	if (!peer_allowed(fd))
		return;
	len = status_doc(s, doc, sizeof(doc) - 1);
	if (len < 0) {
		log_warn("status: document not built: %s", strerror(-len));
		return;
	}
	doc[len++] = '\n';
	/* A fresh socket's buffer holds the document; a reader that is not there loses it. */
	n = send(fd, doc, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n != len)
		log_debug("status: sent %zd of %d bytes", n, len);
}

static void status_ready(struct session *s, void *self, const struct loop_ready *r)
{
	int slot = -1, fd;

	(void)self;
	if (s->status_fd < 0)
		return;
	for (int i = 0; i < LOOP_AUX_MAX; i++)
		if (s->loop.aux[i] == s->status_fd)
			slot = i;
	if (slot < 0 || !(r->aux[slot] & EPOLLIN))
		return;
	for (int i = 0; i < STATUS_ACCEPT_MAX; i++) {
		fd = accept4(s->status_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			break;	/* EAGAIN: served them all; anything else: try at the next wake-up */
		serve(s, fd);
		close(fd);
	}
}

void status_log(struct session *s)
{
	char line[1024];

	facts_line(s, line, sizeof(line));
	log_info("status: %s, %zu bytes queued", line, (size_t)(s->dp.tx_len - s->dp.tx_off));
}

const struct sx_observer status_observer = {
	.name = "status",
	.init = status_init,
	.free = status_free,
	.phase = status_phase,
	.ready = status_ready,
};
