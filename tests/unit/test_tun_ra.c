// SPDX-License-Identifier: MIT
/*
 * tun/ra.c: router advertisements (RFC 4861 4.2, 6.1.2), RDNSS (RFC 8106 5.1), SLAAC (RFC 4862
 * 5.5.3). The reference packet's checksum was computed apart from ra.c (a Python one-liner over
 * the RFC 8200 8.1 pseudo-header); the truncation tests checksum with this file's own code.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tun/ra.h"

/*
 * fe80::1 -> ff02::1, hop limit 255: cur hop limit 64, O flag, router lifetime 1800; Prefix
 * Information 2001:db8:77::/64 L A valid 86400 preferred 14400; MTU 1400; a Source Link-Layer
 * Address option (ignored); RDNSS lifetime 600 2001:db8:77::53.
 */
static const uint8_t ref_ra[] =
	"\x60\x00\x00\x00\x00\x58\x3a\xff\xfe\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\xff\x02\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x01\x86\x00\x7c\xf7\x40\x40\x07\x08\x00\x00\x00\x00\x00\x00\x00\x00\x03\x04\x40\xc0\x00\x01\x51\x80"
	"\x00\x00\x38\x40\x00\x00\x00\x00\x20\x01\x0d\xb8\x00\x77\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x01\x00\x00\x00\x00\x05\x78"
	"\x01\x01\x00\x11\x22\x33\x44\x55\x19\x03\x00\x00\x00\x00\x02\x58\x20\x01\x0d\xb8\x00\x77\x00\x00\x00\x00\x00\x00\x00\x00\x00\x53";
#define REF_LEN (sizeof(ref_ra) - 1)

static void a6(uint8_t out[static 16], const char *text)
{
	assert_int_equal(inet_pton(AF_INET6, text, out), 1);
}

/* Independent of ra.c: one's complement sum of the pseudo-header and the message. */
static void fix_csum(uint8_t *pkt)
{
	size_t len = (size_t)pkt[4] << 8 | pkt[5];
	uint32_t sum = (uint32_t)len + 58;
	uint8_t *m = pkt + 40;

	m[2] = m[3] = 0;
	for (size_t i = 8; i < 40; i += 2)
		sum += (uint32_t)pkt[i] << 8 | pkt[i + 1];
	for (size_t i = 0; i < len; i++)
		sum += i % 2 ? m[i] : (uint32_t)m[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	m[2] = (uint8_t)(~sum >> 8);
	m[3] = (uint8_t)~sum;
}

static void parses_reference(void **state)
{
	struct ra_info ra;
	uint8_t want[16];

	(void)state;
	assert_int_equal(ra_parse(ref_ra, REF_LEN, &ra), 0);
	a6(want, "fe80::1");
	assert_memory_equal(ra.src, want, 16);
	assert_int_equal(ra.cur_hop_limit, 64);
	assert_false(ra.managed);
	assert_true(ra.other);
	assert_int_equal(ra.router_lifetime, 1800);
	assert_int_equal(ra.mtu, 1400);
	assert_int_equal(ra.n_prefixes, 1);
	a6(want, "2001:db8:77::");
	assert_memory_equal(ra.prefixes[0].prefix, want, 16);
	assert_int_equal(ra.prefixes[0].plen, 64);
	assert_true(ra.prefixes[0].onlink);
	assert_true(ra.prefixes[0].autonomous);
	assert_int_equal(ra.prefixes[0].valid, 86400);
	assert_int_equal(ra.prefixes[0].preferred, 14400);
	assert_int_equal(ra.n_dns, 1);
	a6(want, "2001:db8:77::53");
	assert_memory_equal(ra.dns[0], want, 16);
	assert_int_equal(ra.dns_lifetime, 600);
}

/* ra_build writes what ra_parse reads, and the reference packet byte for byte (less the option
 * ra_build does not write). */
static void builds_and_round_trips(void **state)
{
	uint8_t buf[RA_PKT_MAX], src[16], want[REF_LEN];
	struct ra_info ra, back;
	int len;

	(void)state;
	assert_int_equal(ra_parse(ref_ra, REF_LEN, &ra), 0);
	a6(src, "fe80::1");
	len = ra_build(buf, sizeof(buf), src, &ra);
	assert_int_equal(len, REF_LEN - 8);
	memcpy(want, ref_ra, 96);
	memcpy(want + 96, ref_ra + 104, REF_LEN - 104);
	want[5] -= 8;
	fix_csum(want);
	assert_memory_equal(buf, want, (size_t)len);
	assert_int_equal(ra_parse(buf, (size_t)len, &back), 0);
	assert_memory_equal(&back, &ra, sizeof(ra));
	assert_int_equal(ra_build(buf, (size_t)len - 1, src, &ra), -EMSGSIZE);
	ra.n_dns = RA_DNS_MAX + 1;
	assert_int_equal(ra_build(buf, sizeof(buf), src, &ra), -EINVAL);
}

static void full_lists(void **state)
{
	uint8_t buf[RA_PKT_MAX], src[16], pkt[400];
	struct ra_info ra = { .router_lifetime = 60 }, back;
	int len;

	(void)state;
	a6(src, "fe80::2");
	ra.n_prefixes = RA_PREFIX_MAX;
	for (int i = 0; i < RA_PREFIX_MAX; i++) {
		a6(ra.prefixes[i].prefix, "2001:db8::");
		ra.prefixes[i].prefix[5] = (uint8_t)i;
		ra.prefixes[i].plen = 64;
	}
	ra.n_dns = RA_DNS_MAX;
	len = ra_build(buf, sizeof(buf), src, &ra);
	assert_true(len > 0);
	/* One more prefix and a second RDNSS option with two more servers: both lists stay full. */
	memcpy(pkt, buf, (size_t)len);
	memcpy(pkt + len, buf + 56, 32);
	memcpy(pkt + len + 32, "\x19\x05\0\0\0\0\0\x01", 8);
	memset(pkt + len + 40, 0x20, 32);
	pkt[4] = (uint8_t)((len + 72 - 40) >> 8);
	pkt[5] = (uint8_t)(len + 72 - 40);
	fix_csum(pkt);
	assert_int_equal(ra_parse(pkt, (size_t)len + 72, &back), 0);
	assert_int_equal(back.n_prefixes, RA_PREFIX_MAX);
	assert_int_equal(back.n_dns, RA_DNS_MAX);
	assert_int_equal(back.prefixes[3].prefix[5], 3);
}

static void not_an_ra(void **state)
{
	uint8_t pkt[REF_LEN], v4[60] = { 0x45 }, src[16];
	struct ra_info ra;
	int len;

	(void)state;
	assert_int_equal(ra_parse(v4, sizeof(v4), &ra), -ENOENT);
	memcpy(pkt, ref_ra, REF_LEN);
	pkt[6] = 17;	/* UDP */
	assert_int_equal(ra_parse(pkt, REF_LEN, &ra), -ENOENT);
	memcpy(pkt, ref_ra, REF_LEN);
	pkt[40] = 128;	/* Echo Request */
	fix_csum(pkt);
	assert_int_equal(ra_parse(pkt, REF_LEN, &ra), -ENOENT);
	assert_false(ra_is_rs(ref_ra, REF_LEN));
	a6(src, "fe80::5");
	len = ra_build_rs(pkt, sizeof(pkt), src);
	assert_int_equal(len, 48);
	assert_true(ra_is_rs(pkt, (size_t)len));
	assert_int_equal(ra_parse(pkt, (size_t)len, &ra), -ENOENT);
	pkt[7] = 64;
	assert_false(ra_is_rs(pkt, (size_t)len));
}

/* RFC 4861 6.1.2: each check alone makes the advertisement invalid. */
static void invalid(void **state)
{
	static const struct {
		size_t off;
		uint8_t val;
		bool fix;	/* recompute the checksum after the change */
	} cases[] = {
		{ 7, 254, false },	/* hop limit */
		{ 8, 0x20, true },	/* source not link-local */
		{ 41, 1, true },	/* code */
		{ 43, 0xf8, false },	/* checksum */
		{ 57, 0, true },	/* prefix option length 0 */
		{ 57, 3, true },	/* prefix option of 24 bytes */
		{ 97, 2, true },	/* MTU option of 16 bytes */
		{ 105, 2, true },	/* RDNSS of even length */
		{ 105, 9, true },	/* RDNSS past the end */
		{ 5, 0x59, false },	/* payload length past the packet */
	};
	uint8_t pkt[REF_LEN];
	struct ra_info ra;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(pkt, ref_ra, REF_LEN);
		pkt[cases[i].off] = cases[i].val;
		if (cases[i].fix)
			fix_csum(pkt);
		assert_int_equal(ra_parse(pkt, REF_LEN, &ra), -EBADMSG);
		assert_int_equal(ra.n_prefixes + ra.n_dns, 0);
	}
}

/* Cut at every byte: the packet as received is never accepted. */
static void truncated_everywhere(void **state)
{
	struct ra_info ra;

	(void)state;
	for (size_t len = 0; len < REF_LEN; len++) {
		int ret = ra_parse(ref_ra, len, &ra);

		assert_true(ret == (len < 40 ? -ENOENT : -EBADMSG));
	}
}

/*
 * Split at every byte with the IPv6 length and checksum made to fit: accepted exactly when the
 * cut falls between options, and then with the options before the cut.
 */
static void split_everywhere(void **state)
{
	static const size_t bounds[] = { 56, 88, 96, 104, 128 };	/* option ends */
	uint8_t pkt[REF_LEN];
	struct ra_info ra;

	(void)state;
	for (size_t len = 41; len <= REF_LEN; len++) {
		bool boundary = false;
		int ret;

		for (size_t b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++)
			boundary |= len == bounds[b];
		memcpy(pkt, ref_ra, len);
		pkt[4] = (uint8_t)((len - 40) >> 8);
		pkt[5] = (uint8_t)(len - 40);
		if (len >= 44)
			fix_csum(pkt);
		ret = ra_parse(pkt, len, &ra);
		assert_int_equal(ret, boundary ? 0 : -EBADMSG);
		if (boundary) {
			assert_int_equal(ra.n_prefixes, len >= 88);
			assert_int_equal(ra.mtu, len >= 96 ? 1400 : 0);
			assert_int_equal(ra.n_dns, len >= 128);
		}
	}
}

static void slaac(void **state)
{
	struct ra_prefix p = { .plen = 64, .autonomous = true, .valid = 100, .preferred = 50 };
	uint8_t out[16], want[16];

	(void)state;
	a6(p.prefix, "2001:db8:77::");
	assert_int_equal(ra_slaac_addr(&p, 0x58618c92426ac6b6ull, out), 0);
	a6(want, "2001:db8:77:0:5861:8c92:426a:c6b6");
	assert_memory_equal(out, want, 16);
	ra_link_local(0x58618c92426ac6b6ull, out);
	a6(want, "fe80::5861:8c92:426a:c6b6");
	assert_memory_equal(out, want, 16);
	p.autonomous = false;
	assert_int_equal(ra_slaac_addr(&p, 1, out), -EINVAL);
	p.autonomous = true;
	p.plen = 48;
	assert_int_equal(ra_slaac_addr(&p, 1, out), -EINVAL);
	p.plen = 64;
	p.preferred = 101;
	assert_int_equal(ra_slaac_addr(&p, 1, out), -EINVAL);
	p.preferred = 50;
	a6(p.prefix, "fe80::");
	assert_int_equal(ra_slaac_addr(&p, 1, out), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_reference),
		cmocka_unit_test(builds_and_round_trips),
		cmocka_unit_test(full_lists),
		cmocka_unit_test(not_an_ra),
		cmocka_unit_test(invalid),
		cmocka_unit_test(truncated_everywhere),
		cmocka_unit_test(split_everywhere),
		cmocka_unit_test(slaac),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
