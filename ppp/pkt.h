// SPDX-License-Identifier: MIT
/*
 * Packet buffers with headroom, from a fixed pool allocated once at start-up, so headers are
 * prepended without copying and the data path never mallocs (OpenConnect's struct pkt idea).
 *
 *   buf[0 .. head)            headroom: pkt_push() grows the data towards the front
 *   buf[head .. head+len)     the data: pkt_data()
 *   buf[head+len .. cap)      tailroom: pkt_put() grows the data towards the back
 *
 * Ownership: a struct pkt * moves. Whoever takes one from the pool or pops it from a queue owns it
 * and must either push it on a queue or give it back with pkt_pool_ret().
 */
#ifndef SX_PKT_H
#define SX_PKT_H

#include <stddef.h>
#include <stdint.h>

struct pkt {
	struct pkt *next;
	uint16_t head;
	uint16_t len;
	uint16_t cap;
	uint8_t buf[];
};

struct pkt_pool {
	struct pkt *free;
	void *mem;
	size_t count;
	size_t nfree;
	size_t carved;		/* buffers ever handed out; the rest of mem is never touched */
	size_t stride;
	uint16_t cap;
};

/* A FIFO of packets; zero-initialised is empty. */
struct pkt_q {
	struct pkt *head;
	struct pkt *tail;
	size_t n;
};

/* Allocates count buffers of cap bytes each. Returns 0, -EINVAL or -ENOMEM. */
int pkt_pool_init(struct pkt_pool *pool, size_t count, uint16_t cap);
void pkt_pool_destroy(struct pkt_pool *pool);
/* Takes a buffer with `headroom` bytes reserved and no data; NULL when the pool is empty. */
struct pkt *pkt_pool_get(struct pkt_pool *pool, uint16_t headroom);
void pkt_pool_ret(struct pkt_pool *pool, struct pkt *p);

static inline uint8_t *pkt_data(struct pkt *p)
{
	return p->buf + p->head;
}

static inline uint16_t pkt_tailroom(const struct pkt *p)
{
	return (uint16_t)(p->cap - p->head - p->len);
}

/* Resets an empty packet so it starts `headroom` bytes in. Returns 0 or -ENOBUFS. */
int pkt_reserve(struct pkt *p, uint16_t headroom);
/* Prepends n bytes; returns where to write them, or NULL if the headroom is too small. */
uint8_t *pkt_push(struct pkt *p, uint16_t n);
/* Drops n bytes from the front; returns the new start, or NULL if fewer than n bytes are held. */
uint8_t *pkt_pull(struct pkt *p, uint16_t n);
/* Appends n bytes; returns where to write them, or NULL if the tailroom is too small. */
uint8_t *pkt_put(struct pkt *p, uint16_t n);

void pkt_q_push(struct pkt_q *q, struct pkt *p);
struct pkt *pkt_q_pop(struct pkt_q *q);
/* Returns every packet of the queue to the pool. */
void pkt_q_drain(struct pkt_q *q, struct pkt_pool *pool);

#endif
