// SPDX-License-Identifier: MIT
/*
 * systemd readiness without libsystemd: the sd_notify(3) datagram protocol on $NOTIFY_SOCKET (a
 * path, or '@' for an abstract name). READY=1 once the tunnel is up (again after a reconnection),
 * STATUS= at each phase, STOPPING=1 when sstpx is going away. Nothing is sent without the variable.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "hooks.h"
#include "log.h"
#include "observers.h"
#include "session.h"
#include "tun/tun.h"

/* Connects a datagram socket to $NOTIFY_SOCKET; -1 when unset or unusable (said at debug level). */
static int notify_open(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len;
	int fd;

	if (!path || !*path)
		return -1;
	len = strlen(path);
	/* sd_notify(3): an absolute path or an abstract name; vsock addresses are not handled. */
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof(sa.sun_path)) {
		log_warn("notify: NOTIFY_SOCKET \"%s\" is not a socket path sstpx can use", path);
		return -1;
	}
	memcpy(sa.sun_path, path, len);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 &&
	    connect(fd, (struct sockaddr *)&sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len))) {
		log_warn("notify: \"%s\": %s", path, strerror(errno));
		close(fd);
		fd = -1;
	}
	/* The vpnc-script and other children must not speak for sstpx. */
	unsetenv("NOTIFY_SOCKET");
	return fd;
}

static void send_msg(struct session *s, const char *msg)
{
	if (s->notify_fd < 0)
		return;
	if (send(s->notify_fd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		log_debug("notify: %s", strerror(errno));
	else
		log_trace("notify: sent \"%s\"", msg);
}

static const char *ip4(uint32_t host_order, char buf[static INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* READY=1 each time the tunnel is up; the first time is what Type=notify waits for. */
static void connected(struct session *s, char *msg, size_t cap)
{
	char a[INET_ADDRSTRLEN];

	snprintf(msg, cap, "READY=1\nSTATUS=%s %s as %s on %s", s->connections ? "Reconnected to" :
		 "Connected to", s->o->host, ip4(s->ip.local, a),
		 s->tunobj ? tun_name(s->tunobj) : "?");
}

/* A phase's STATUS= line (plus READY=1 / STOPPING=1 where they belong). */
static void phase_msg(struct session *s, enum sx_phase phase, char *msg, size_t cap)
{
	const char *host = s->o->host;
	bool leaving = s->stop_requested || !s->o->reconnect;

	switch (phase) {
	case SX_PHASE_START:
		snprintf(msg, cap, "STATUS=Starting");
		return;
	case SX_PHASE_RESOLVING:
		snprintf(msg, cap, "STATUS=Resolving %s", host);
		return;
	case SX_PHASE_TCP:
		snprintf(msg, cap, "STATUS=Connecting to %s (TCP)", host);
		return;
	case SX_PHASE_TLS:
		snprintf(msg, cap, "STATUS=TLS handshake with %s", host);
		return;
	case SX_PHASE_HTTP:
		snprintf(msg, cap, "STATUS=Opening the SSTP channel (HTTP)");
		return;
	case SX_PHASE_SSTP:
		snprintf(msg, cap, "STATUS=Negotiating the SSTP call");
		return;
	case SX_PHASE_PPP:
		snprintf(msg, cap, "STATUS=PPP: link and authentication");
		return;
	case SX_PHASE_AUTHENTICATED:
		snprintf(msg, cap, "STATUS=Authenticated; configuring the interface");
		return;
	case SX_PHASE_CONNECTED:
		connected(s, msg, cap);
		return;
	case SX_PHASE_DISCONNECTING:
		snprintf(msg, cap, "%sSTATUS=Disconnecting: %s", leaving ? "STOPPING=1\n" : "",
			 s->hup ? "SIGHUP, to reconnect at once" : sx_reason_str(s->reason));
		return;
	case SX_PHASE_DISCONNECTED:
		snprintf(msg, cap, "STATUS=Disconnected: %s (exit %d)", sx_reason_str(s->reason),
			 s->exit_code);
		return;
	case SX_PHASE_RECONNECTING:
		if (s->hup)
			snprintf(msg, cap, "STATUS=Reconnecting now (attempt %u)", s->attempt);
		else
			snprintf(msg, cap, "STATUS=Reconnecting in %u.%u s (attempt %u)",
				 s->backoff_ms / 1000, s->backoff_ms % 1000 / 100, s->attempt);
		return;
	case SX_PHASE_EXIT:
		snprintf(msg, cap, "STOPPING=1\nSTATUS=Exiting (exit %d)", s->exit_code);
		return;
	}
	msg[0] = '\0';
}

static int notify_phase(struct session *s, void *self, enum sx_phase phase)
{
	char msg[512];

	(void)self;
	if (phase == SX_PHASE_START && s->notify_fd < 0)
		s->notify_fd = notify_open();
	phase_msg(s, phase, msg, sizeof(msg));
	if (msg[0])
		send_msg(s, msg);
	if (phase == SX_PHASE_EXIT && s->notify_fd >= 0) {
		close(s->notify_fd);
		s->notify_fd = -1;
	}
	return 0;
}

const struct sx_observer notify_observer = {
	.name = "notify",
	.phase = notify_phase,
};
