// SPDX-License-Identifier: MIT
/*
 * The event loop of sstpx: one epoll over a fixed set of descriptors (the server socket, the TUN
 * device, a signalfd for SIGINT/SIGTERM/SIGHUP/SIGUSR1 and one CLOCK_MONOTONIC timerfd armed to
 * the earliest deadline of the cores). Nothing here allocates after loop_init.
 */
#ifndef SSTPX_LOOP_H
#define SSTPX_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop {
	int epfd;
	int sigfd;
	int timerfd;
	int sock;		/* -1: not watched */
	int tun;		/* -1: not watched */
	uint32_t sock_events;	/* EPOLLIN / EPOLLOUT currently asked for */
	bool tun_on;
	uint64_t armed;		/* the timer's deadline, 0 = disarmed */
};

struct loop_ready {
	uint32_t sock;		/* EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP as reported */
	bool tun;
	bool signal;
	bool timer;
};

/* CLOCK_MONOTONIC in milliseconds: the `now` every core is given. */
uint64_t loop_now_ms(void);

/* Blocks the four signals and creates the descriptors. 0 or -errno. */
int loop_init(struct loop *l);
void loop_free(struct loop *l);
/* Watches fd for `events` (EPOLLIN|EPOLLOUT); the same fd again just changes them. -1: stop. */
int loop_watch_sock(struct loop *l, int fd, uint32_t events);
/* Registers the TUN fd (once; -1 forgets it); loop_tun_enable turns reading it on or off (backpressure). */
int loop_watch_tun(struct loop *l, int fd);
int loop_tun_enable(struct loop *l, bool on);
/* Arms the timer for an absolute CLOCK_MONOTONIC deadline in ms; 0 disarms. */
int loop_arm(struct loop *l, uint64_t deadline_ms);
/* Waits until something is ready (no timeout: the timer is a source). 0 or -errno. */
int loop_wait(struct loop *l, struct loop_ready *r);
/* Reads one pending signal: its number, 0 when none, or -errno. */
int loop_signal(struct loop *l);

#endif
