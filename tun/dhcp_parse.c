// SPDX-License-Identifier: MIT
/*
 * DHCP messages read back: the client's ACK (15, 119, 121/249, 6) and, for the test server,
 * requests; options also from the sname and file fields when option 52 overloads them.
 */
#include <errno.h>
#include <string.h>

#include "tun/dhcp.h"
#include "tun/dhcp_int.h"

#define NAME_JUMPS 32

static const uint8_t cookie[4] = { 99, 130, 83, 99 };

/*
 * Where a message's options are. RFC 2132 9.3: option 52 (in the options field) says the file
 * (1), sname (2) or both (3) fields carry options too; RFC 3396 5: "the aggregate option buffer is
 * made up of the optional parameters field, the file field, and the sname field, in that order".
 * An option does not straddle two fields, so each is walked alone.
 */
struct opt_areas {
	const uint8_t *p[3];
	size_t n[3];
	size_t count;
};

/* Every instance of code in the areas, concatenated in their order: as dhcp_opt_get. */
static int areas_get(const struct opt_areas *a, uint8_t code, uint8_t *out, size_t cap,
		     size_t *out_len)
{
	size_t used = 0, n;
	bool found = false;

	for (size_t i = 0; i < a->count; i++) {
		int ret = dhcp_opt_get(a->p[i], a->n[i], code, out + used, cap - used, &n);

		if (ret == -ENOENT)
			continue;
		if (ret)
			return ret;
		used += n;
		found = true;
	}
	*out_len = used;
	return found ? 0 : -ENOENT;
}

/* The BOOTP message's option areas (u->len >= BOOTP_OPTS): 0 or -EBADMSG (framing). */
static int areas_open(const struct dhcp_udp *u, struct opt_areas *a)
{
	uint8_t ov;
	size_t n;

	a->p[0] = u->data + BOOTP_OPTS;
	a->n[0] = u->len - BOOTP_OPTS;
	a->count = 1;
	if (dhcp_opts_check(a->p[0], a->n[0]))
		return -EBADMSG;
	/* a value other than 1, 2 or 3 (or a longer option) overloads nothing */
	if (dhcp_opt_get(a->p[0], a->n[0], DHCP_OPT_OVERLOAD, &ov, 1, &n) || n != 1 || !ov || ov > 3)
		return 0;
	if (ov & 1) {
		a->p[a->count] = u->data + BOOTP_FILE;
		a->n[a->count++] = BOOTP_FILE_LEN;
	}
	if (ov & 2) {
		a->p[a->count] = u->data + BOOTP_SNAME;
		a->n[a->count++] = BOOTP_SNAME_LEN;
	}
	for (size_t i = 1; i < a->count; i++)
		if (dhcp_opts_check(a->p[i], a->n[i]))
			return -EBADMSG;
	return 0;
}

static void ignore(struct dhcp_info *out, uint8_t code)
{
	if (out->n_ignored < sizeof(out->ignored))
		out->ignored[out->n_ignored++] = code;
}

/*
 * One name of an RFC 3397 search list at *pos of the concatenated option data (RFC 3396), as
 * dotted text. RFC 3397 2: compression pointers are offsets into that data; each must point
 * before the piece of name that holds it (so targets strictly decrease and a name cannot loop).
 */
static int read_name(const uint8_t *d, size_t n, size_t *pos, char *text)
{
	size_t p = *pos, seg = *pos, used = 0, jumps = 0;
	bool jumped = false;

	for (;;) {
		uint8_t l;

		if (p >= n)
			return -EBADMSG;
		l = d[p];
		if ((l & 0xc0) == 0xc0) {
			size_t to;

			if (p + 1 >= n)
				return -EBADMSG;
			to = (size_t)(l & 0x3f) << 8 | d[p + 1];
			/* before the piece of name being read: targets strictly decrease */
			if (to >= seg || ++jumps > NAME_JUMPS)
				return -EBADMSG;
			if (!jumped)
				*pos = p + 2;
			jumped = true;
			p = seg = to;
			continue;
		}
		if (l & 0xc0)
			return -EBADMSG;	/* RFC 1035 4.1.4: 01 and 10 are reserved */
		if (!l)
			break;
		if (p + 1 + l > n || used + l + 1 > DHCP_NAME_MAX + 1)
			return -EBADMSG;
		if (used)
			text[used++] = '.';
		memcpy(text + used, d + p + 1, l);
		used += l;
		p += 1 + (size_t)l;
	}
	if (!jumped)
		*pos = p + 1;
	text[used] = '\0';
	/* the names end up in resolv.conf and resolvectl's argv: plain host-name characters only */
	return !used || dhcp_name_check(text) ? -EBADMSG : 0;
}

static void parse_search(const uint8_t *d, size_t n, struct dhcp_info *out)
{
	size_t pos = 0;
	char name[DHCP_NAME_MAX + 2];

	while (pos < n) {
		if (read_name(d, n, &pos, name)) {
			out->n_search = 0;
			ignore(out, DHCP_OPT_SEARCH);
			return;
		}
		if (out->n_search == DHCP_SEARCH_MAX) {
			ignore(out, DHCP_OPT_SEARCH);	/* the first ones are kept */
			return;
		}
		memcpy(out->search[out->n_search++], name, strlen(name) + 1);
	}
}

/* RFC 3442: width (0..32), ceil(width / 8) octets of destination, 4 octets of router. */
static void parse_routes(const uint8_t *d, size_t n, struct dhcp_info *out, uint8_t code)
{
	size_t i = 0;

	out->n_routes = 0;
	while (i < n) {
		uint8_t w = d[i], dst[4] = { 0 };
		size_t sig = (w + 7u) / 8;
		struct dhcp_route *r;

		if (w > 32 || i + 1 + sig + 4 > n) {
			out->n_routes = 0;
			ignore(out, code);
			return;
		}
		if (out->n_routes == DHCP_ROUTES_MAX) {
			ignore(out, code);
			return;
		}
		r = &out->routes[out->n_routes++];
		memcpy(dst, d + i + 1, sig);
		r->plen = w;
		/* bits past the width are not part of the destination */
		r->dst = w ? dhcp_rd32(dst) & (uint32_t)(0xffffffffull << (32 - w)) : 0;
		r->gateway = dhcp_rd32(d + i + 1 + sig);
		i += 1 + sig + 4;
	}
	out->routes_opt = code;
}

/* Option 15: one name; a trailing NUL or root dot (some servers send them) is dropped. */
static void parse_domain(const uint8_t *d, size_t n, struct dhcp_info *out)
{
	while (n && (d[n - 1] == 0 || d[n - 1] == '.'))
		n--;
	if (!n || n > DHCP_NAME_MAX || memchr(d, 0, n)) {
		ignore(out, DHCP_OPT_DOMAIN);
		return;
	}
	memcpy(out->domain, d, n);
	out->domain[n] = '\0';
	if (dhcp_name_check(out->domain)) {
		out->domain[0] = '\0';
		ignore(out, DHCP_OPT_DOMAIN);
	}
}

static void parse_dns(const uint8_t *d, size_t n, struct dhcp_info *out)
{
	if (!n || n % 4) {
		ignore(out, DHCP_OPT_DNS);
		return;
	}
	for (size_t i = 0; i < n / 4 && out->n_dns < DHCP_DNS_MAX; i++)
		if (dhcp_rd32(d + 4 * i))
			out->dns[out->n_dns++] = dhcp_rd32(d + 4 * i);
}

/* RFC 3442: 121 wins over 249, which is taken only without it. */
static void parse_options(const struct opt_areas *a, struct dhcp_info *out)
{
	uint8_t d[DHCP_OPT_CAT_MAX];
	size_t n;
	int ret;

	if (!areas_get(a, DHCP_OPT_SERVER_ID, d, sizeof(d), &n) && n == 4)
		out->server_id = dhcp_rd32(d);
	if ((ret = areas_get(a, DHCP_OPT_DOMAIN, d, sizeof(d), &n)) != -ENOENT)
		ret ? ignore(out, DHCP_OPT_DOMAIN) : parse_domain(d, n, out);
	if ((ret = areas_get(a, DHCP_OPT_SEARCH, d, sizeof(d), &n)) != -ENOENT)
		ret ? ignore(out, DHCP_OPT_SEARCH) : parse_search(d, n, out);
	if ((ret = areas_get(a, DHCP_OPT_CLASSLESS, d, sizeof(d), &n)) != -ENOENT)
		ret ? ignore(out, DHCP_OPT_CLASSLESS) : parse_routes(d, n, out, DHCP_OPT_CLASSLESS);
	if (!out->routes_opt &&
	    (ret = areas_get(a, DHCP_OPT_MS_CLASSLESS, d, sizeof(d), &n)) != -ENOENT)
		ret ? ignore(out, DHCP_OPT_MS_CLASSLESS)
		    : parse_routes(d, n, out, DHCP_OPT_MS_CLASSLESS);
	if ((ret = areas_get(a, DHCP_OPT_DNS, d, sizeof(d), &n)) != -ENOENT)
		ret ? ignore(out, DHCP_OPT_DNS) : parse_dns(d, n, out);
}

/* The BOOTP message in a UDP datagram from sport to dport: its option areas. */
static int bootp_open(const uint8_t *ip, size_t len, uint16_t sport, uint16_t dport, uint8_t op,
		      struct dhcp_udp *u, struct opt_areas *a, uint8_t *type)
{
	size_t n;
	int ret = dhcp_udp_unwrap(ip, len, u);

	if (ret)
		return ret;
	if (u->sport != sport || u->dport != dport)
		return -ENOENT;
	if (u->len < BOOTP_OPTS || memcmp(u->data + BOOTP_FIXED, cookie, 4))
		return -EBADMSG;
	if (u->data[0] != op)
		return -ENOENT;
	if (areas_open(u, a))
		return -EBADMSG;
	/* RFC 2132 9.6: without a message type it is plain BOOTP, not ours */
	if (areas_get(a, DHCP_OPT_MSG_TYPE, type, 1, &n) || n != 1)
		return -ENOENT;
	return 0;
}

bool dhcp_is_reply(const uint8_t *ip, size_t len)
{
	size_t hl;

	if (len < DHCP_IP_HLEN + DHCP_UDP_HLEN || ip[0] >> 4 != 4 || ip[9] != 17)
		return false;
	hl = (size_t)(ip[0] & 15) * 4;
	return hl + DHCP_UDP_HLEN <= len && ip[hl] == 0 && ip[hl + 1] == DHCP_SERVER_PORT &&
	       ip[hl + 2] == 0 && ip[hl + 3] == DHCP_CLIENT_PORT;
}

int dhcp_parse_ack(const uint8_t *ip, size_t len, uint32_t xid, struct dhcp_info *out)
{
	struct opt_areas a;
	struct dhcp_udp u;
	uint8_t type = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = bootp_open(ip, len, DHCP_SERVER_PORT, DHCP_CLIENT_PORT, BOOTP_REPLY, &u, &a, &type);
	if (ret)
		return ret;
	if (dhcp_rd32(u.data + 4) != xid || type != DHCP_ACK)
		return -ENOENT;
	parse_options(&a, out);
	return 0;
}

int dhcp_parse_request(const uint8_t *ip, size_t len, struct dhcp_request *out)
{
	struct opt_areas a;
	struct dhcp_udp u;
	size_t n;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = bootp_open(ip, len, DHCP_CLIENT_PORT, DHCP_SERVER_PORT, BOOTP_REQUEST, &u, &a,
			 &out->type);
	if (ret)
		return ret;
	out->xid = dhcp_rd32(u.data + 4);
	out->ciaddr = dhcp_rd32(u.data + 12);
	out->src = u.src;
	memcpy(out->chaddr, u.data + 28, sizeof(out->chaddr));
	if (areas_get(&a, DHCP_OPT_PRL, out->prl, sizeof(out->prl), &out->n_prl))
		out->n_prl = 0;
	if (!areas_get(&a, DHCP_OPT_VENDOR_CLASS, (uint8_t *)out->vendor_class,
		       sizeof(out->vendor_class) - 1, &n)) {
		out->has_vendor_class = true;
		out->vendor_class[n] = '\0';
	}
	return 0;
}
