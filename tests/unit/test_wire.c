// SPDX-License-Identifier: MIT
/* ppp/wire.h: sticky-error reader/writer and the opt_next TLV walker in both layouts (RFC 1661 6, MS-SSTP 2.2.8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ppp/wire.h"

static void test_reader(void **state)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 };
	struct wire_r r = wire_r_init(b, sizeof(b));

	(void)state;
	assert_int_equal(wire_get_u8(&r), 0x01);
	assert_int_equal(wire_get_be16(&r), 0x0203);
	assert_int_equal(wire_get_be32(&r), 0x04050607);
	assert_false(r.err);
	assert_int_equal(wire_left(&r), 0);
	/* Past the end: zero, and the error sticks. */
	assert_int_equal(wire_get_u8(&r), 0);
	assert_true(r.err);
	assert_int_equal(wire_left(&r), 0);

	r = wire_r_init(b, 3);
	assert_int_equal(wire_get_be32(&r), 0);
	assert_true(r.err);
	assert_int_equal(r.off, 0);
	/* Once failed, even a read that would fit fails. */
	assert_int_equal(wire_get_u8(&r), 0);
	assert_null(wire_get_bytes(&r, 0));

	r = wire_r_init(b, sizeof(b));
	assert_ptr_equal(wire_get_bytes(&r, 7), b);
	assert_null(wire_get_bytes(&r, 1));
	r = wire_r_init(b, sizeof(b));
	assert_null(wire_get_bytes(&r, SIZE_MAX));	/* no overflow in the bound check */
	assert_true(r.err);
	assert_int_equal(wire_be16(b + 5), 0x0607);
}

static void test_writer(void **state)
{
	uint8_t b[8] = { 0 };
	struct wire_w w = wire_w_init(b, sizeof(b));
	static const uint8_t want[8] = { 0xaa, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 0x55 };

	(void)state;
	wire_put_u8(&w, 0xaa);
	wire_put_be16(&w, 0x1234);
	wire_put_be32(&w, 0xdeadbeef);
	wire_put_bytes(&w, "\x55", 1);
	assert_false(w.err);
	assert_int_equal(w.off, 8);
	assert_memory_equal(b, want, 8);
	wire_put_u8(&w, 1);
	assert_true(w.err);
	assert_int_equal(w.off, 8);
	assert_memory_equal(b, want, 8);

	w = wire_w_init(b, 3);
	wire_put_be32(&w, 0x01020304);		/* does not fit: nothing written */
	assert_true(w.err);
	assert_int_equal(b[0], 0xaa);
	wire_put_u8(&w, 0);			/* sticky */
	assert_int_equal(w.off, 0);
	w = wire_w_init(b, 8);
	assert_null(wire_put_space(&w, SIZE_MAX));
	wire_set_be16(b, 0xc021);
	assert_int_equal(b[0], 0xc0);
	assert_int_equal(b[1], 0x21);
}

static void test_opt_ppp(void **state)
{
	/* MRU 1400, Magic-Number, then a zero-value option of length 2. */
	static const uint8_t b[] = { 0x01, 0x04, 0x05, 0x78, 0x05, 0x06, 0x11, 0x22, 0x33, 0x44,
				     0x07, 0x02 };
	struct wire_r r = wire_r_init(b, sizeof(b));
	struct opt o;

	(void)state;
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), 1);
	assert_int_equal(o.type, 1);
	assert_int_equal(o.len, 2);
	assert_ptr_equal(o.raw, b);
	assert_int_equal(o.raw_len, 4);
	assert_int_equal(wire_be16(o.val), 1400);
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), 1);
	assert_int_equal(o.type, 5);
	assert_int_equal(o.len, 4);
	assert_ptr_equal(o.val, b + 6);
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), 1);
	assert_int_equal(o.type, 7);
	assert_int_equal(o.len, 0);
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), 0);
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), 0);
}

static void test_opt_ppp_bad(void **state)
{
	static const uint8_t len1[] = { 0x01, 0x01, 0x00 };
	static const uint8_t len0[] = { 0x01, 0x00 };
	static const uint8_t over[] = { 0x01, 0x04, 0x05 };
	static const uint8_t half[] = { 0x01, 0x02, 0x03 };
	struct wire_r r;
	struct opt o;

	(void)state;
	r = wire_r_init(len1, sizeof(len1));
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), -EBADMSG);
	assert_true(r.err);
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), -EBADMSG);	/* sticky */
	r = wire_r_init(len0, sizeof(len0));
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), -EBADMSG);
	r = wire_r_init(over, sizeof(over));
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), -EBADMSG);
	/* A good option followed by a lone byte (shorter than a header). */
	r = wire_r_init(half, sizeof(half));
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), 1);
	assert_int_equal(opt_next(&r, OPT_FMT_PPP, &o), -EBADMSG);
}

static void test_opt_sstp(void **state)
{
	/* MS-SSTP 2.2.8: Encapsulated Protocol Id (1) = PPP, then a 12-bit length with reserved bits set. */
	static const uint8_t b[] = { 0x00, 0x01, 0x00, 0x06, 0x00, 0x01,
				     0x00, 0x02, 0xf0, 0x05, 0x99 };
	static const uint8_t bad[] = { 0x00, 0x01, 0x00, 0x03 };
	struct wire_r r = wire_r_init(b, sizeof(b));
	struct opt o;

	(void)state;
	assert_int_equal(opt_next(&r, OPT_FMT_SSTP, &o), 1);
	assert_int_equal(o.type, 1);
	assert_int_equal(o.len, 2);
	assert_int_equal(wire_be16(o.val), 1);
	assert_int_equal(opt_next(&r, OPT_FMT_SSTP, &o), 1);	/* reserved top bits masked */
	assert_int_equal(o.type, 2);
	assert_int_equal(o.raw_len, 5);
	assert_int_equal(o.len, 1);
	assert_int_equal(opt_next(&r, OPT_FMT_SSTP, &o), 0);
	r = wire_r_init(bad, sizeof(bad));
	assert_int_equal(opt_next(&r, OPT_FMT_SSTP, &o), -EBADMSG);
	r = wire_r_init(b, 3);
	assert_int_equal(opt_next(&r, OPT_FMT_SSTP, &o), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_opt_ppp),
		cmocka_unit_test(test_opt_ppp_bad),
		cmocka_unit_test(test_opt_sstp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
