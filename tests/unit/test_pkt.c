// SPDX-License-Identifier: MIT
/* ppp/pkt.h: the fixed pool, headroom/tailroom verbs and the FIFO. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ppp/pkt.h"

static void test_pool(void **state)
{
	struct pkt_pool pool;
	struct pkt *p[3];

	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 0, 64), -EINVAL);
	assert_int_equal(pkt_pool_init(&pool, 2, 0), -EINVAL);
	assert_int_equal(pkt_pool_init(&pool, 2, 64), 0);
	assert_int_equal(pool.nfree, 2);
	assert_int_equal(pool.carved, 0);		/* nothing touched until first use */
	assert_null(pkt_pool_get(&pool, 65));		/* headroom beyond the buffer */
	assert_int_equal(pool.nfree, 2);
	p[0] = pkt_pool_get(&pool, 16);
	p[1] = pkt_pool_get(&pool, 64);
	assert_non_null(p[0]);
	assert_non_null(p[1]);
	assert_ptr_not_equal(p[0], p[1]);
	assert_null(pkt_pool_get(&pool, 0));		/* exhausted */
	assert_int_equal(pool.nfree, 0);
	assert_int_equal(p[0]->head, 16);
	assert_int_equal(p[0]->len, 0);
	assert_int_equal(p[0]->cap, 64);
	assert_int_equal(pkt_tailroom(p[0]), 48);
	assert_int_equal(pkt_tailroom(p[1]), 0);
	/* Buffers do not overlap: fill both fully. */
	memset(p[0]->buf, 0x11, 64);
	memset(p[1]->buf, 0x22, 64);
	assert_int_equal(p[0]->buf[63], 0x11);
	assert_int_equal(((uintptr_t)p[0] | (uintptr_t)p[1]) & 7, 0);
	pkt_pool_ret(&pool, p[1]);
	pkt_pool_ret(&pool, NULL);
	assert_int_equal(pool.nfree, 1);
	p[2] = pkt_pool_get(&pool, 0);
	assert_ptr_equal(p[2], p[1]);
	assert_int_equal(pool.carved, 2);		/* a returned buffer is reused first */
	assert_int_equal(p[2]->head, 0);
	assert_int_equal(p[2]->len, 0);
	pkt_pool_ret(&pool, p[0]);
	pkt_pool_ret(&pool, p[2]);
	assert_int_equal(pool.nfree, 2);
	pkt_pool_destroy(&pool);
	assert_null(pool.mem);
}

static void test_push_pull_put(void **state)
{
	struct pkt_pool pool;
	struct pkt *p;
	uint8_t *q;

	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 1, 32), 0);
	p = pkt_pool_get(&pool, 8);
	q = pkt_put(p, 4);
	assert_ptr_equal(q, p->buf + 8);
	memcpy(q, "data", 4);
	q = pkt_push(p, 4);
	assert_ptr_equal(q, p->buf + 4);
	memcpy(q, "hdr:", 4);
	assert_int_equal(p->len, 8);
	assert_memory_equal(pkt_data(p), "hdr:data", 8);
	assert_null(pkt_push(p, 5));			/* only 4 bytes of headroom left */
	assert_int_equal(p->len, 8);
	assert_non_null(pkt_push(p, 4));
	assert_null(pkt_push(p, 1));
	assert_int_equal(p->head, 0);
	assert_null(pkt_put(p, 21));			/* 20 bytes of tailroom */
	assert_non_null(pkt_put(p, 20));
	assert_int_equal(pkt_tailroom(p), 0);
	assert_null(pkt_put(p, 1));
	assert_int_equal(p->len, 32);
	q = pkt_pull(p, 8);
	assert_memory_equal(q, "data", 4);
	assert_int_equal(p->len, 24);
	assert_null(pkt_pull(p, 25));
	assert_non_null(pkt_pull(p, 24));
	assert_int_equal(p->len, 0);
	/* pkt_reserve only on an empty packet, and within the buffer. */
	assert_int_equal(pkt_reserve(p, 33), -ENOBUFS);
	assert_int_equal(pkt_reserve(p, 12), 0);
	assert_int_equal(p->head, 12);
	pkt_put(p, 1);
	assert_int_equal(pkt_reserve(p, 0), -ENOBUFS);
	pkt_pool_ret(&pool, p);
	pkt_pool_destroy(&pool);
}

static void test_queue(void **state)
{
	struct pkt_pool pool;
	struct pkt_q q = { 0 };
	struct pkt *a, *b, *c;

	(void)state;
	assert_int_equal(pkt_pool_init(&pool, 3, 16), 0);
	assert_null(pkt_q_pop(&q));
	a = pkt_pool_get(&pool, 0);
	b = pkt_pool_get(&pool, 0);
	c = pkt_pool_get(&pool, 0);
	pkt_q_push(&q, a);
	pkt_q_push(&q, b);
	assert_int_equal(q.n, 2);
	assert_ptr_equal(pkt_q_pop(&q), a);
	assert_null(a->next);
	pkt_q_push(&q, c);
	assert_ptr_equal(pkt_q_pop(&q), b);
	assert_ptr_equal(pkt_q_pop(&q), c);
	assert_null(pkt_q_pop(&q));
	assert_int_equal(q.n, 0);
	assert_null(q.tail);
	pkt_q_push(&q, a);
	pkt_q_push(&q, b);
	pkt_q_push(&q, c);
	pkt_q_drain(&q, &pool);
	assert_int_equal(q.n, 0);
	assert_null(q.head);
	assert_int_equal(pool.nfree, 3);
	pkt_pool_destroy(&pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool),
		cmocka_unit_test(test_push_pull_put),
		cmocka_unit_test(test_queue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
