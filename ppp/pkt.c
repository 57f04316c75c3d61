// SPDX-License-Identifier: MIT
/* The fixed packet pool, headroom verbs and FIFO behind ppp/pkt.h. */
#include <errno.h>
#include <stdlib.h>

#include "ppp/pkt.h"

static size_t pkt_stride(uint16_t cap)
{
	size_t s = sizeof(struct pkt) + cap;

	return (s + 15) & ~(size_t)15;
}

/* Buffers are carved from the block on first use, not threaded onto the free list here: a pool
 * sized for the worst case then costs memory (and page faults at start-up) only for the buffers
 * traffic has needed at once (issue 14: 512 x 2 kB touched at start was 1 MiB of VmHWM and a few
 * ms before the first packet). */
int pkt_pool_init(struct pkt_pool *pool, size_t count, uint16_t cap)
{
	size_t stride = pkt_stride(cap);
	uint8_t *mem;

	*pool = (struct pkt_pool){ 0 };
	if (!count || !cap)
		return -EINVAL;
	mem = aligned_alloc(16, stride * count);
	if (!mem)
		return -ENOMEM;
	pool->mem = mem;
	pool->count = count;
	pool->nfree = count;
	pool->stride = stride;
	pool->cap = cap;
	return 0;
}

void pkt_pool_destroy(struct pkt_pool *pool)
{
	free(pool->mem);
	*pool = (struct pkt_pool){ 0 };
}

struct pkt *pkt_pool_get(struct pkt_pool *pool, uint16_t headroom)
{
	struct pkt *p = pool->free;

	if (headroom > pool->cap)
		return NULL;
	if (p) {
		pool->free = p->next;
	} else if (pool->carved < pool->count) {
		p = (struct pkt *)(void *)((uint8_t *)pool->mem + pool->carved++ * pool->stride);
		p->cap = pool->cap;
	} else {
		return NULL;
	}
	pool->nfree--;
	p->next = NULL;
	p->head = headroom;
	p->len = 0;
	return p;
}

void pkt_pool_ret(struct pkt_pool *pool, struct pkt *p)
{
	if (!p)
		return;
	p->next = pool->free;
	pool->free = p;
	pool->nfree++;
}

int pkt_reserve(struct pkt *p, uint16_t headroom)
{
	if (p->len || headroom > p->cap)
		return -ENOBUFS;
	p->head = headroom;
	return 0;
}

uint8_t *pkt_push(struct pkt *p, uint16_t n)
{
	if (n > p->head)
		return NULL;
	p->head = (uint16_t)(p->head - n);
	p->len = (uint16_t)(p->len + n);
	return p->buf + p->head;
}

uint8_t *pkt_pull(struct pkt *p, uint16_t n)
{
	if (n > p->len)
		return NULL;
	p->head = (uint16_t)(p->head + n);
	p->len = (uint16_t)(p->len - n);
	return p->buf + p->head;
}

uint8_t *pkt_put(struct pkt *p, uint16_t n)
{
	uint8_t *tail = p->buf + p->head + p->len;

	if (n > pkt_tailroom(p))
		return NULL;
	p->len = (uint16_t)(p->len + n);
	return tail;
}

void pkt_q_push(struct pkt_q *q, struct pkt *p)
{
	p->next = NULL;
	if (q->tail)
		q->tail->next = p;
	else
		q->head = p;
	q->tail = p;
	q->n++;
}

struct pkt *pkt_q_pop(struct pkt_q *q)
{
	struct pkt *p = q->head;

	if (!p)
		return NULL;
	q->head = p->next;
	if (!q->head)
		q->tail = NULL;
	q->n--;
	p->next = NULL;
	return p;
}

void pkt_q_drain(struct pkt_q *q, struct pkt_pool *pool)
{
	struct pkt *p;

	while ((p = pkt_q_pop(q)))
		pkt_pool_ret(pool, p);
}
