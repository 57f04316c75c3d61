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

#define LOOP_AUX_MAX 4

struct loop {
	int epfd;
	int sigfd;
	int timerfd;
	int sock;		/* -1: not watched */
	int tun;		/* -1: not watched */
	uint32_t sock_events;	/* EPOLLIN / EPOLLOUT currently asked for */
	bool tun_on;
	uint64_t armed;		/* the timer's deadline, 0 = disarmed */
	int aux[LOOP_AUX_MAX];	/* observers' descriptors (the status socket); -1 = free */
};

struct loop_ready {
	uint32_t sock;		/* EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP as reported */
	bool tun;
	bool signal;
	bool timer;
	uint32_t aux[LOOP_AUX_MAX];	/* events per aux slot, as reported */
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
/*
 * Observers' descriptors: loop_aux_add watches fd for events and returns its slot (the index into
 * loop.aux and loop_ready.aux) or -ENOSPC / -errno; loop_aux_del forgets it.
 */
int loop_aux_add(struct loop *l, int fd, uint32_t events);
int loop_aux_del(struct loop *l, int fd);
/* Arms the timer for an absolute CLOCK_MONOTONIC deadline in ms; 0 disarms. */
int loop_arm(struct loop *l, uint64_t deadline_ms);
/* Waits until something is ready (no timeout: the timer is a source). 0 or -errno. */
int loop_wait(struct loop *l, struct loop_ready *r);
/* Reads one pending signal: its number, 0 when none, or -errno. */
int loop_signal(struct loop *l);

#endif
