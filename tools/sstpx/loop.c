// SPDX-License-Identifier: MIT
/* epoll + signalfd + one monotonic timerfd over a fixed descriptor set (conventions.md 2). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

uint64_t loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int ep_ctl(struct loop *l, int op, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	return epoll_ctl(l->epfd, op, fd, &ev) ? -errno : 0;
}

int loop_init(struct loop *l)
{
	sigset_t set;
	int ret;

	memset(l, 0, sizeof(*l));
	l->sigfd = l->timerfd = l->sock = l->tun = -1;
	for (int i = 0; i < LOOP_AUX_MAX; i++)
		l->aux[i] = -1;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	signal(SIGPIPE, SIG_IGN);	/* a closed socket is an error return, not a death */
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	l->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	l->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->epfd < 0 || l->sigfd < 0 || l->timerfd < 0) {
		ret = -errno;
		goto out;
	}
	ret = ep_ctl(l, EPOLL_CTL_ADD, l->sigfd, EPOLLIN);
	if (!ret)
		ret = ep_ctl(l, EPOLL_CTL_ADD, l->timerfd, EPOLLIN);
out:
	if (ret)
		loop_free(l);
	return ret;
}

void loop_free(struct loop *l)
{
	if (l->epfd >= 0)
		close(l->epfd);
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->timerfd >= 0)
		close(l->timerfd);
	l->epfd = l->sigfd = l->timerfd = l->sock = l->tun = -1;
	for (int i = 0; i < LOOP_AUX_MAX; i++)
		l->aux[i] = -1;
}

int loop_aux_add(struct loop *l, int fd, uint32_t events)
{
	for (int i = 0; i < LOOP_AUX_MAX; i++) {
		if (l->aux[i] >= 0)
			continue;
		int ret = ep_ctl(l, EPOLL_CTL_ADD, fd, events);

		if (ret)
			return ret;
		l->aux[i] = fd;
		return i;
	}
	return -ENOSPC;
}

int loop_aux_del(struct loop *l, int fd)
{
	for (int i = 0; i < LOOP_AUX_MAX; i++) {
		if (l->aux[i] == fd && fd >= 0) {
			l->aux[i] = -1;
			return ep_ctl(l, EPOLL_CTL_DEL, fd, 0);
		}
	}
	return -ENOENT;
}

int loop_watch_sock(struct loop *l, int fd, uint32_t events)
{
	int ret = 0;

	if (fd < 0) {
		if (l->sock >= 0)
			ret = ep_ctl(l, EPOLL_CTL_DEL, l->sock, 0);
		l->sock = -1;
		return ret;
	}
	if (fd == l->sock && events == l->sock_events)
		return 0;
	if (l->sock >= 0 && l->sock != fd)
		ep_ctl(l, EPOLL_CTL_DEL, l->sock, 0);
	ret = ep_ctl(l, fd == l->sock ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, events);
	if (!ret) {
		l->sock = fd;
		l->sock_events = events;
	}
	return ret;
}

int loop_watch_tun(struct loop *l, int fd)
{
	int ret;

	if (fd < 0) {
		ret = l->tun >= 0 ? ep_ctl(l, EPOLL_CTL_DEL, l->tun, 0) : 0;
		l->tun = -1;
		return ret;
	}
	ret = ep_ctl(l, EPOLL_CTL_ADD, fd, EPOLLIN);

	if (!ret) {
		l->tun = fd;
		l->tun_on = true;
	}
	return ret;
}

int loop_tun_enable(struct loop *l, bool on)
{
	int ret;

	if (l->tun < 0 || on == l->tun_on)
		return 0;
	ret = ep_ctl(l, EPOLL_CTL_MOD, l->tun, on ? EPOLLIN : 0);
	if (!ret)
		l->tun_on = on;
	return ret;
}

int loop_arm(struct loop *l, uint64_t deadline_ms)
{
	struct itimerspec its = { 0 };

	if (deadline_ms == l->armed)
		return 0;
	its.it_value.tv_sec = (time_t)(deadline_ms / 1000u);
	its.it_value.tv_nsec = (long)(deadline_ms % 1000u) * 1000000L;
	if (timerfd_settime(l->timerfd, TFD_TIMER_ABSTIME, &its, NULL))
		return -errno;
	l->armed = deadline_ms;
	return 0;
}

int loop_wait(struct loop *l, struct loop_ready *r)
{
	struct epoll_event evs[4 + LOOP_AUX_MAX];
	int n;

	memset(r, 0, sizeof(*r));
	do
		n = epoll_wait(l->epfd, evs, (int)(sizeof(evs) / sizeof(evs[0])), -1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		int fd = evs[i].data.fd;

		if (fd == l->sock)
			r->sock = evs[i].events;
		else if (fd == l->tun)
			r->tun = true;
		else if (fd == l->sigfd)
			r->signal = true;
		else if (fd == l->timerfd)
			r->timer = true;
		else
			for (int a = 0; a < LOOP_AUX_MAX; a++)
				if (fd == l->aux[a])
					r->aux[a] = evs[i].events;
	}
	if (r->timer) {
		uint64_t expirations;

		if (read(l->timerfd, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
			return -errno;
		l->armed = 0;
	}
	return 0;
}

int loop_signal(struct loop *l)
{
	struct signalfd_siginfo si;
	ssize_t n = read(l->sigfd, &si, sizeof(si));

	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	return n == sizeof(si) ? (int)si.ssi_signo : 0;
}
