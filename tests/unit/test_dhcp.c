// SPDX-License-Identifier: MIT
/*
 * tun/dhcp*.c: the DHCPINFORM we send, the ACK we read (RFC 2132 15 and 6, RFC 3397 119 with
 * compression, RFC 3442 121 and Microsoft's 249, RFC 3396 split options, RFC 2132 9.3 option
 * overload of the sname and file fields), malformed input, and
 * the retransmission timer. Replies are also put together here byte by byte, independently of the
 * builder.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tun/dhcp.h"
#include "tun/vnet.h"

#define XID 0x11223344u
#define CLIENT 0xc0a81e0au	/* 192.168.30.10 */
#define SERVER 0xc0a81e01u

static uint8_t pkt[4096];

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An IPv4/UDP reply 67 -> 68 around a BOOTP reply with the given options (UDP checksum 0: none). */
static size_t mk_reply(uint32_t xid, const uint8_t *opts, size_t olen)
{
	size_t blen = 240 + olen, tot = 28 + blen;
	uint8_t *ip = pkt, *b = pkt + 28;
	uint16_t c;

	memset(pkt, 0, tot);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(tot >> 8);
	ip[3] = (uint8_t)tot;
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, SERVER);
	put32(ip + 16, CLIENT);
	c = (uint16_t)~vnet_csum_add(0, ip, 20);
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
	ip[21] = 67;
	ip[23] = 68;
	ip[24] = (uint8_t)((8 + blen) >> 8);
	ip[25] = (uint8_t)(8 + blen);
	b[0] = 2;
	b[1] = 1;
	b[2] = 6;
	put32(b + 4, xid);
	put32(b + 12, CLIENT);
	memcpy(b + 236, "\x63\x82\x53\x63", 4);
	memcpy(b + 240, opts, olen);
	return tot;
}

#define ACK_HEAD "\x35\x01\x05\x36\x04\xc0\xa8\x1e\x01"

/* RFC 3397 3: "eng.apple.com" and "marketing.apple.com", the second compressed. */
static const uint8_t rfc3397[] = "\x03" "eng" "\x05" "apple" "\x03" "com" "\x00"
				 "\x09" "marketing" "\xc0\x04";
/* RFC 3442: 10.0.0.0/8 via 10.0.0.1, 172.16.0.0/12 via 0, 192.168.1.0/24 via 10.0.0.1, 0/0 */
static const uint8_t rfc3442[] = "\x08\x0a" "\x0a\x00\x00\x01"
				 "\x0c\xac\x10" "\x00\x00\x00\x00"
				 "\x18\xc0\xa8\x01" "\x0a\x00\x00\x01"
				 "\x00" "\x0a\x00\x00\x02";

static size_t opt(uint8_t *o, uint8_t code, const uint8_t *d, size_t n)
{
	o[0] = code;
	o[1] = (uint8_t)n;
	memcpy(o + 2, d, n);
	return 2 + n;
}

static void check_full(const struct dhcp_info *i)
{
	assert_string_equal(i->domain, "corp.example");
	assert_int_equal(i->n_search, 2);
	assert_string_equal(i->search[0], "eng.apple.com");
	assert_string_equal(i->search[1], "marketing.apple.com");
	assert_int_equal(i->routes_opt, 121);
	assert_int_equal(i->n_routes, 4);
	assert_int_equal(i->routes[0].dst, 0x0a000000u);
	assert_int_equal(i->routes[0].plen, 8);
	assert_int_equal(i->routes[0].gateway, 0x0a000001u);
	assert_int_equal(i->routes[1].dst, 0xac100000u);
	assert_int_equal(i->routes[1].plen, 12);
	assert_int_equal(i->routes[1].gateway, 0);
	assert_int_equal(i->routes[2].dst, 0xc0a80100u);
	assert_int_equal(i->routes[2].plen, 24);
	assert_int_equal(i->routes[3].plen, 0);
	assert_int_equal(i->routes[3].gateway, 0x0a000002u);
	assert_int_equal(i->n_dns, 2);
	assert_int_equal(i->dns[1], 0x08080404u);
	assert_int_equal(i->server_id, SERVER);
	assert_int_equal(i->n_ignored, 0);
}

/* The options of the reference reply, with option 119 and 121 split after s119 and s121 bytes. */
static size_t full_opts(uint8_t *o, size_t s119, size_t s121)
{
	size_t n = 0;

	memcpy(o, ACK_HEAD, 9);
	n = 9;
	n += opt(o + n, 15, (const uint8_t *)"corp.example\0", 13);
	n += opt(o + n, 119, rfc3397, s119);
	if (s119 < sizeof(rfc3397) - 1)
		n += opt(o + n, 119, rfc3397 + s119, sizeof(rfc3397) - 1 - s119);
	n += opt(o + n, 121, rfc3442, s121);
	if (s121 < sizeof(rfc3442) - 1)
		n += opt(o + n, 121, rfc3442 + s121, sizeof(rfc3442) - 1 - s121);
	/* 249 is ignored when 121 is there (RFC 3442) */
	n += opt(o + n, 249, (const uint8_t *)"\x20\x01\x02\x03\x04\x00\x00\x00\x00", 9);
	n += opt(o + n, 6, (const uint8_t *)"\x08\x08\x08\x08\x08\x08\x04\x04", 8);
	o[n++] = 255;
	return n;
}

static void test_ack_reference(void **state)
{
	uint8_t o[600];
	struct dhcp_info i;
	size_t len = mk_reply(XID, o, full_opts(o, sizeof(rfc3397) - 1, sizeof(rfc3442) - 1));

	(void)state;
	assert_true(dhcp_is_reply(pkt, len));
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
	check_full(&i);
	assert_int_equal(dhcp_parse_ack(pkt, len, XID + 1, &i), -ENOENT);
}

/* RFC 3396: an option split into instances at every byte reads the same. */
static void test_ack_split_every_byte(void **state)
{
	uint8_t o[600];
	struct dhcp_info i;

	(void)state;
	for (size_t k = 1; k < sizeof(rfc3397) - 1; k++) {
		size_t len = mk_reply(XID, o, full_opts(o, k, sizeof(rfc3442) - 1));

		assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
		check_full(&i);
	}
	for (size_t k = 1; k < sizeof(rfc3442) - 1; k++) {
		size_t len = mk_reply(XID, o, full_opts(o, sizeof(rfc3397) - 1, k));

		assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
		check_full(&i);
	}
}

/*
 * The reference reply with option 52 = 3 (RFC 2132 9.3): 121 split after s121 bytes between the
 * options field and the file field, 119 after s119 bytes between file and sname. The pieces read
 * right only in RFC 3396 5's order: options, then file, then sname.
 */
static size_t overload_reply(size_t s119, size_t s121)
{
	uint8_t o[100], f[128] = { 0 }, sn[64] = { 0 };
	size_t n = 9, nf = 0, ns = 0, len;

	memcpy(o, ACK_HEAD, 9);
	n += opt(o + n, 52, (const uint8_t *)"\x03", 1);
	n += opt(o + n, 15, (const uint8_t *)"corp.example\0", 13);
	n += opt(o + n, 121, rfc3442, s121);
	o[n++] = 255;
	if (s121 < sizeof(rfc3442) - 1)
		nf += opt(f + nf, 121, rfc3442 + s121, sizeof(rfc3442) - 1 - s121);
	nf += opt(f + nf, 249, (const uint8_t *)"\x20\x01\x02\x03\x04\x00\x00\x00\x00", 9);
	nf += opt(f + nf, 6, (const uint8_t *)"\x08\x08\x08\x08\x08\x08\x04\x04", 8);
	nf += opt(f + nf, 119, rfc3397, s119);
	f[nf++] = 255;
	if (s119 < sizeof(rfc3397) - 1)
		ns += opt(sn + ns, 119, rfc3397 + s119, sizeof(rfc3397) - 1 - s119);
	sn[ns++] = 255;
	len = mk_reply(XID, o, n);
	memcpy(pkt + 28 + 108, f, sizeof(f));
	memcpy(pkt + 28 + 44, sn, sizeof(sn));
	return len;
}

/* RFC 2132 9.3 + RFC 3396 5: the same reply with its options in all three fields, split at every
 * byte across them. */
static void test_ack_overload_split_every_byte(void **state)
{
	struct dhcp_info i;

	(void)state;
	for (size_t k = 1; k <= sizeof(rfc3397) - 1; k++) {
		size_t len = overload_reply(k, sizeof(rfc3442) - 1);

		assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
		check_full(&i);
	}
	for (size_t k = 1; k <= sizeof(rfc3442) - 1; k++) {
		size_t len = overload_reply(sizeof(rfc3397) - 1, k);

		assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
		check_full(&i);
	}
}

/*
 * Option 52's value says which fields are read: 1 file, 2 sname, 3 both; anything else (0, 4, a
 * two-byte option) none, and sname and file are then the names they were.
 */
static void test_ack_overload_values(void **state)
{
	static const struct {
		const char *opt52;
		size_t len;
		bool file, sname;
	} cases[] = {
		{ "\x01", 1, true, false },
		{ "\x02", 1, false, true },
		{ "\x03", 1, true, true },
		{ "\x00", 1, false, false },
		{ "\x04", 1, false, false },
		{ "\x03\x03", 2, false, false },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		uint8_t o[40];
		struct dhcp_info i;
		size_t n = 9, len;

		memcpy(o, ACK_HEAD, 9);
		n += opt(o + n, 52, (const uint8_t *)cases[k].opt52, cases[k].len);
		o[n++] = 255;
		len = mk_reply(XID, o, n);
		opt(pkt + 28 + 108, 15, (const uint8_t *)"file.example", 12);
		pkt[28 + 108 + 14] = 255;
		opt(pkt + 28 + 44, 6, (const uint8_t *)"\x08\x08\x08\x08", 4);
		pkt[28 + 44 + 6] = 255;
		assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
		assert_string_equal(i.domain, cases[k].file ? "file.example" : "");
		assert_int_equal(i.n_dns, cases[k].sname ? 1 : 0);
		assert_int_equal(i.n_ignored, 0);
	}
}

/* The message type may sit in an overloaded field; a field's framing is checked like the options'. */
static void test_ack_overload_framing(void **state)
{
	static const uint8_t head[] = "\x34\x01\x01\x36\x04\xc0\xa8\x1e\x01\xff";
	struct dhcp_info i;
	size_t len;

	(void)state;
	len = mk_reply(XID, head, sizeof(head) - 1);
	memcpy(pkt + 28 + 108, "\x35\x01\x05\x0f\x04" "a.bc" "\xff", 10);
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
	assert_string_equal(i.domain, "a.bc");
	assert_int_equal(i.server_id, SERVER);
	/* without option 52 the file field is a file name: no message type, plain BOOTP */
	len = mk_reply(XID, head + 3, sizeof(head) - 4);
	memcpy(pkt + 28 + 108, "\x35\x01\x05\xff", 4);
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -ENOENT);
	/* an option running past the end of the file field */
	len = mk_reply(XID, head, sizeof(head) - 1);
	memset(pkt + 28 + 108, 0, 128);
	memcpy(pkt + 28 + 108, "\x35\x01\x05", 3);
	pkt[28 + 108 + 126] = 15;
	pkt[28 + 108 + 127] = 1;
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -EBADMSG);
	/* sname is not read with option 52 = 1, so its framing does not matter */
	pkt[28 + 108 + 126] = 255;
	memset(pkt + 28 + 44, 0x7f, 64);
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
}

/* Cut at every byte: as received (IP length says more) and with the lengths made to agree. */
static void test_ack_truncated_every_byte(void **state)
{
	uint8_t o[600], copy[1024];
	struct dhcp_info i;
	size_t olen = full_opts(o, sizeof(rfc3397) - 1, sizeof(rfc3442) - 1);
	size_t len = mk_reply(XID, o, olen);

	(void)state;
	memcpy(copy, pkt, len);
	for (size_t cut = 0; cut < len; cut++) {
		assert_int_equal(dhcp_parse_ack(copy, cut, XID, &i), -EBADMSG);
		if (cut < 28 + 240)
			continue;
		/* the options end early: no crash, and only whole options are believed */
		mk_reply(XID, o, cut - 28 - 240);
		int ret = dhcp_parse_ack(pkt, cut, XID, &i);

		assert_true(ret == 0 || ret == -EBADMSG || ret == -ENOENT);
		assert_true(i.n_routes <= 4 && i.n_search <= 2);
	}
}

static void test_ack_249_only(void **state)
{
	uint8_t o[100];
	struct dhcp_info i;
	size_t n = 9, len;

	(void)state;
	memcpy(o, ACK_HEAD, 9);
	/* a /32 host route and a /17 with host bits set in the last significant octet */
	n += opt(o + n, 249, (const uint8_t *)"\x20\x0a\x01\x02\x03\x00\x00\x00\x00"
				      "\x11\x0a\x02\xff\x0a\x00\x00\x01", 17);
	o[n++] = 255;
	len = mk_reply(XID, o, n);
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
	assert_int_equal(i.routes_opt, 249);
	assert_int_equal(i.n_routes, 2);
	assert_int_equal(i.routes[0].dst, 0x0a010203u);
	assert_int_equal(i.routes[0].plen, 32);
	assert_int_equal(i.routes[1].dst, 0x0a028000u);
	assert_int_equal(i.routes[1].plen, 17);
	assert_string_equal(i.domain, "");
}

/* Malformed options are dropped one by one; the others still count. */
static void test_ack_malformed_options(void **state)
{
	static const struct {
		uint8_t code;
		const char *data;
		size_t len;
	} bad[] = {
		{ 119, "\x03" "abc" "\xc0\x00", 6 },		/* pointer to itself's label */
		{ 119, "\xc0\x05\x03" "abc\x00", 7 },		/* forward pointer */
		{ 119, "\x03" "a;c\x00", 5 },			/* not a host name */
		{ 119, "\x40" "abc", 4 },			/* reserved label type */
		{ 119, "\x05" "abc", 4 },			/* label past the end */
		{ 121, "\x21\x0a\x00\x00\x00\x00\x0a\x00\x00\x01", 10 },	/* width 33 */
		{ 121, "\x18\x0a\x00\x00\x0a\x00\x00", 7 },		/* router cut short */
		{ 15, "a b", 3 },
		{ 15, "x\0y", 3 },
		{ 6, "\x01\x02\x03", 3 },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		uint8_t o[100];
		struct dhcp_info i;
		size_t n = 9, len;

		memcpy(o, ACK_HEAD, 9);
		n += opt(o + n, bad[k].code, (const uint8_t *)bad[k].data, bad[k].len);
		n += opt(o + n, 15, (const uint8_t *)"ok.example", 10);
		if (bad[k].code == 15)
			n -= 12;
		o[n++] = 255;
		len = mk_reply(XID, o, n);
		assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), 0);
		assert_int_equal(i.n_ignored, 1);
		assert_int_equal(i.ignored[0], bad[k].code);
		assert_int_equal(i.n_routes + i.n_search + i.n_dns, 0);
		assert_string_equal(i.domain, bad[k].code == 15 ? "" : "ok.example");
	}
}

static void test_not_an_ack(void **state)
{
	uint8_t o[20];
	struct dhcp_info i;
	size_t len;

	(void)state;
	memcpy(o, "\x35\x01\x06\xff", 4);		/* NAK */
	len = mk_reply(XID, o, 4);
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -ENOENT);
	len = mk_reply(XID, (const uint8_t *)"\xff", 1);	/* BOOTP: no message type */
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -ENOENT);
	len = mk_reply(XID, (const uint8_t *)"\x35\x05\x05\xff", 4);	/* option past the end */
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -EBADMSG);
	memcpy(o, ACK_HEAD "\xff", 10);
	len = mk_reply(XID, o, 10);
	pkt[28 + 236] = 0;				/* cookie */
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -EBADMSG);
	len = mk_reply(XID, o, 10);
	pkt[26] = 0x12;					/* a wrong UDP checksum */
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -EBADMSG);
	len = mk_reply(XID, o, 10);
	pkt[10] ^= 1;					/* IP header checksum */
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -EBADMSG);
	len = mk_reply(XID, o, 10);
	pkt[23] = 69;
	assert_false(dhcp_is_reply(pkt, len));
	assert_int_equal(dhcp_parse_ack(pkt, len, XID, &i), -ENOENT);
}

/* RFC 2131 4.4.3 as the Windows client fills it in; read back by the test server's parser. */
static void test_inform(void **state)
{
	struct dhcp_inform in = { .ciaddr = CLIENT, .xid = XID, .secs = 2,
				  .hwaddr = { 2, 0x11, 0x22, 0x33, 0x44, 0x55 } };
	static const uint8_t prl[] = { 1, 3, 6, 15, 119, 121, 249 };
	struct dhcp_request r;
	size_t len;

	(void)state;
	assert_int_equal(dhcp_build_inform(&in, pkt, 100, &len), -EMSGSIZE);
	assert_int_equal(dhcp_build_inform(&in, pkt, sizeof(pkt), &len), 0);
	assert_true(len <= DHCP_PKT_MAX);
	assert_int_equal(get32(pkt + 12), CLIENT);
	assert_int_equal(get32(pkt + 16), 0xffffffffu);
	assert_int_equal(pkt[20] << 8 | pkt[21], 68);
	assert_int_equal(pkt[22] << 8 | pkt[23], 67);
	assert_int_equal(pkt[28], 1);			/* BOOTREQUEST */
	assert_int_equal(get32(pkt + 28 + 12), CLIENT);	/* ciaddr */
	assert_int_equal(get32(pkt + 28 + 16), 0);	/* yiaddr */
	assert_int_equal(pkt[28 + 9], 2);		/* secs */
	assert_memory_equal(pkt + 28 + 28, in.hwaddr, 6);
	assert_non_null(memmem(pkt, len, "\x3d\x07\x01\x02\x11\x22\x33\x44\x55", 9));
	assert_int_equal(dhcp_parse_request(pkt, len, &r), 0);
	assert_int_equal(r.type, DHCP_INFORM);
	assert_int_equal(r.xid, XID);
	assert_int_equal(r.ciaddr, CLIENT);
	assert_true(r.has_vendor_class);
	assert_string_equal(r.vendor_class, "MSFT 5.0");
	assert_int_equal(r.n_prl, sizeof(prl));
	assert_memory_equal(r.prl, prl, sizeof(prl));
	assert_false(dhcp_is_reply(pkt, len));
}

/* The server side's ACK, long enough for RFC 3396 splitting, read back by the client's parser. */
static void test_ack_roundtrip(void **state)
{
	struct dhcp_request r = { .type = DHCP_INFORM, .xid = XID, .ciaddr = CLIENT };
	struct dhcp_info in = { .domain = "corp.example", .n_search = 2, .n_dns = 1,
				.dns = { 0x0a000035u } }, out;
	size_t len;

	(void)state;
	strcpy(in.search[0], "a.example");
	strcpy(in.search[1], "b.example");
	for (unsigned k = 0; k < DHCP_ROUTES_MAX; k++)
		in.routes[in.n_routes++] = (struct dhcp_route){ 0x0a000000u | k << 8, 24, 0 };
	in.routes[5] = (struct dhcp_route){ 0xac100000u, 12, 0x0a000001u };
	for (uint8_t which = 0; which < 2; which++) {
		in.routes_opt = which ? 249 : 0;
		assert_int_equal(dhcp_build_ack(&r, SERVER, &in, pkt, sizeof(pkt), &len), 0);
		assert_int_equal(get32(pkt + 16), CLIENT);
		assert_int_equal(dhcp_parse_ack(pkt, len, XID, &out), 0);
		assert_string_equal(out.domain, "corp.example");
		assert_int_equal(out.n_search, 2);
		assert_string_equal(out.search[1], "b.example");
		assert_int_equal(out.routes_opt, which ? 249 : 121);
		assert_int_equal(out.n_routes, DHCP_ROUTES_MAX);
		assert_memory_equal(out.routes, in.routes, sizeof(in.routes));
		assert_int_equal(out.n_dns, 1);
		assert_int_equal(out.n_ignored, 0);
	}
	strcpy(in.search[1], "bad name");
	assert_int_equal(dhcp_build_ack(&r, SERVER, &in, pkt, sizeof(pkt), &len), -EINVAL);
}

static void test_client_timer(void **state)
{
	struct dhcp_client_cfg cfg = { .ciaddr = CLIENT, .xid = XID };
	struct dhcp_client c;
	enum dhcp_ev_type ev;
	size_t len;

	(void)state;
	dhcp_client_start(&c, &cfg, 1000);
	assert_int_equal(dhcp_client_pop_tx(&c, 1000, pkt, sizeof(pkt), &len), 0);
	assert_int_equal(dhcp_client_pop_tx(&c, 1000, pkt, sizeof(pkt), &len), -EAGAIN);
	assert_int_equal(dhcp_client_next_deadline(&c), 1500);
	dhcp_client_tick(&c, 1499);
	assert_int_equal(dhcp_client_pop_tx(&c, 1499, pkt, sizeof(pkt), &len), -EAGAIN);
	dhcp_client_tick(&c, 1500);
	assert_int_equal(dhcp_client_pop_tx(&c, 1500, pkt, sizeof(pkt), &len), 0);
	assert_int_equal(dhcp_client_next_deadline(&c), 2500);
	dhcp_client_tick(&c, 2600);
	assert_int_equal(dhcp_client_pop_tx(&c, 2600, pkt, sizeof(pkt), &len), 0);
	assert_int_equal(pkt[28 + 9], 1);		/* secs since the start */
	assert_int_equal(dhcp_client_next_deadline(&c), 4000);	/* 4600 is past the deadline */
	assert_false(dhcp_client_pop_event(&c, &ev));
	dhcp_client_tick(&c, 4000);
	assert_true(dhcp_client_pop_event(&c, &ev));
	assert_int_equal(ev, DHCP_EV_TIMEOUT);
	assert_false(dhcp_client_pop_event(&c, &ev));
	assert_int_equal(dhcp_client_next_deadline(&c), 0);
	assert_int_equal(c.sent, 3);
}

static void test_client_ack(void **state)
{
	struct dhcp_client_cfg cfg = { .ciaddr = CLIENT, .xid = XID, .first_ms = 100,
				       .deadline_ms = 1000 };
	struct dhcp_request r = { .xid = XID, .ciaddr = CLIENT };
	struct dhcp_info in = { .domain = "x.example" };
	struct dhcp_client c;
	enum dhcp_ev_type ev;
	size_t len;

	(void)state;
	dhcp_client_start(&c, &cfg, 0);
	assert_int_equal(dhcp_client_pop_tx(&c, 0, pkt, sizeof(pkt), &len), 0);
	assert_int_equal(dhcp_client_next_deadline(&c), 100);
	r.xid = XID + 1;
	assert_int_equal(dhcp_build_ack(&r, SERVER, &in, pkt, sizeof(pkt), &len), 0);
	assert_int_equal(dhcp_client_input(&c, pkt, len, 50), -ENOENT);
	r.xid = XID;
	assert_int_equal(dhcp_build_ack(&r, SERVER, &in, pkt, sizeof(pkt), &len), 0);
	assert_int_equal(dhcp_client_input(&c, pkt, len, 60), 0);
	assert_true(dhcp_client_pop_event(&c, &ev));
	assert_int_equal(ev, DHCP_EV_ACK);
	assert_string_equal(c.info.domain, "x.example");
	assert_int_equal(dhcp_client_next_deadline(&c), 0);
	assert_int_equal(dhcp_client_input(&c, pkt, len, 70), -ENOENT);	/* a duplicate */
	dhcp_client_tick(&c, 5000);
	assert_false(dhcp_client_pop_event(&c, &ev));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ack_reference),
		cmocka_unit_test(test_ack_split_every_byte),
		cmocka_unit_test(test_ack_truncated_every_byte),
		cmocka_unit_test(test_ack_overload_split_every_byte),
		cmocka_unit_test(test_ack_overload_values),
		cmocka_unit_test(test_ack_overload_framing),
		cmocka_unit_test(test_ack_249_only),
		cmocka_unit_test(test_ack_malformed_options),
		cmocka_unit_test(test_not_an_ack),
		cmocka_unit_test(test_inform),
		cmocka_unit_test(test_ack_roundtrip),
		cmocka_unit_test(test_client_timer),
		cmocka_unit_test(test_client_ack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
