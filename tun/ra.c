// SPDX-License-Identifier: MIT
/* Router advertisements (RFC 4861, RFC 8106 RDNSS) and SLAAC (RFC 4862) over the tunnel, I/O-free. */
#include <errno.h>
#include <string.h>

#include "tun/ra.h"

#define IP6_HDR 40
#define NH_ICMPV6 58
#define ICMP6_RS 133
#define ICMP6_RA 134
#define RA_HDR 16		/* type, code, checksum, hop limit, flags, lifetime, 2 timers */
#define RS_HDR 8
#define OPT_PREFIX 3
#define OPT_MTU 5
#define OPT_RDNSS 25

static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };
static const uint8_t all_routers[16] = { 0xff, 0x02, [15] = 0x02 };

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* RFC 8200 8.1: the ICMPv6 checksum covers a pseudo-header of both addresses, length and 58. */
static uint16_t icmp6_csum(const uint8_t *ip6, const uint8_t *icmp, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 8; i < IP6_HDR; i += 2)
		sum += get16(ip6 + i);
	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff) + NH_ICMPV6;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += get16(icmp + i);
	if (len & 1)
		sum += (uint32_t)icmp[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The ICMPv6 message of pkt (type at icmp[0]) when pkt is IPv6 + ICMPv6 with hop limit 255. */
static int icmp6_of(const uint8_t *pkt, size_t len, const uint8_t **icmp, size_t *ilen)
{
	size_t plen;

	if (len < IP6_HDR || pkt[0] >> 4 != 6 || pkt[6] != NH_ICMPV6)
		return -ENOENT;
	plen = get16(pkt + 4);
	if (plen > len - IP6_HDR || plen < 1)
		return -EBADMSG;
	*icmp = pkt + IP6_HDR;
	*ilen = plen;
	return 0;
}

bool ra_is_rs(const uint8_t *pkt, size_t len)
{
	const uint8_t *icmp;
	size_t ilen;

	return !icmp6_of(pkt, len, &icmp, &ilen) && icmp[0] == ICMP6_RS && ilen >= RS_HDR &&
	       pkt[7] == 255 && icmp[1] == 0 && !icmp6_csum(pkt, icmp, ilen);
}

static void opt_prefix(const uint8_t *o, struct ra_info *out)
{
	struct ra_prefix *p;

	if (out->n_prefixes == RA_PREFIX_MAX)
		return;
	p = &out->prefixes[out->n_prefixes++];
	p->plen = o[2];
	p->onlink = o[3] & 0x80;
	p->autonomous = o[3] & 0x40;
	p->valid = get32(o + 4);
	p->preferred = get32(o + 8);
	memcpy(p->prefix, o + 16, 16);
}

/* RFC 8106 5.1: Length is 1 + 2 * (number of addresses), so odd and at least 3. */
static int opt_rdnss(const uint8_t *o, size_t olen, struct ra_info *out)
{
	if (olen < 24 || (olen / 8) % 2 == 0)
		return -EBADMSG;
	if (!out->n_dns)
		out->dns_lifetime = get32(o + 4);
	for (size_t off = 8; off + 16 <= olen && out->n_dns < RA_DNS_MAX; off += 16)
		memcpy(out->dns[out->n_dns++], o + off, 16);
	return 0;
}

static int parse_opts(const uint8_t *o, size_t left, struct ra_info *out)
{
	while (left) {
		size_t olen;
		int ret = 0;

		/* RFC 4861 4.6: Length in units of 8 octets; 0 is invalid. */
		if (left < 2 || !o[1] || (size_t)o[1] * 8 > left)
			return -EBADMSG;
		olen = (size_t)o[1] * 8;
		switch (o[0]) {
		case OPT_PREFIX:
			if (olen != 32)
				return -EBADMSG;
			opt_prefix(o, out);
			break;
		case OPT_MTU:
			if (olen != 8)
				return -EBADMSG;
			out->mtu = get32(o + 4);
			break;
		case OPT_RDNSS:
			ret = opt_rdnss(o, olen, out);
			break;
		default:	/* RFC 4861 4.2: unknown options are ignored */
			break;
		}
		if (ret)
			return ret;
		o += olen;
		left -= olen;
	}
	return 0;
}

int ra_parse(const uint8_t *pkt, size_t len, struct ra_info *out)
{
	const uint8_t *icmp;
	size_t ilen;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = icmp6_of(pkt, len, &icmp, &ilen);
	if (ret)
		return ret;
	if (icmp[0] != ICMP6_RA)
		return -ENOENT;
	/* RFC 4861 6.1.2 */
	if (ilen < RA_HDR || icmp[1] != 0 || pkt[7] != 255 || pkt[8] != 0xfe ||
	    (pkt[9] & 0xc0) != 0x80 || icmp6_csum(pkt, icmp, ilen))
		return -EBADMSG;
	memcpy(out->src, pkt + 8, 16);
	out->cur_hop_limit = icmp[4];
	out->managed = icmp[5] & 0x80;
	out->other = icmp[5] & 0x40;
	out->router_lifetime = get16(icmp + 6);
	out->reachable_ms = get32(icmp + 8);
	out->retrans_ms = get32(icmp + 12);
	ret = parse_opts(icmp + RA_HDR, ilen - RA_HDR, out);
	if (ret)
		memset(out, 0, sizeof(*out));
	return ret;
}

int ra_slaac_addr(const struct ra_prefix *p, uint64_t ifid, uint8_t out[static 16])
{
	/* RFC 4862 5.5.3 a-c, and the prefix length plus the identifier's 64 bits make 128. */
	if (!p->autonomous || p->plen != 64 || p->preferred > p->valid ||
	    (p->prefix[0] == 0xfe && (p->prefix[1] & 0xc0) == 0x80))
		return -EINVAL;
	memcpy(out, p->prefix, 8);
	for (int i = 0; i < 8; i++)
		out[8 + i] = (uint8_t)(ifid >> (56 - 8 * i));
	return 0;
}

void ra_link_local(uint64_t ifid, uint8_t out[static 16])
{
	struct ra_prefix ll = { .prefix = { 0xfe, 0x80 }, .plen = 64, .autonomous = true };

	/* ra_slaac_addr refuses fe80::/64 for SLAAC; the bytes are the same. */
	memcpy(out, ll.prefix, 8);
	for (int i = 0; i < 8; i++)
		out[8 + i] = (uint8_t)(ifid >> (56 - 8 * i));
}

static void ip6_header(uint8_t *buf, size_t plen, const uint8_t src[static 16], const uint8_t *dst)
{
	memset(buf, 0, IP6_HDR);
	buf[0] = 0x60;
	put16(buf + 4, (uint16_t)plen);
	buf[6] = NH_ICMPV6;
	buf[7] = 255;	/* RFC 4861 6.1: neighbor discovery is never forwarded */
	memcpy(buf + 8, src, 16);
	memcpy(buf + 24, dst, 16);
}

int ra_build(uint8_t *buf, size_t cap, const uint8_t src[static 16], const struct ra_info *ra)
{
	size_t n_dns = ra->n_dns, len = RA_HDR + ra->n_prefixes * 32 + (ra->mtu ? 8 : 0) +
					  (n_dns ? 8 + n_dns * 16 : 0);
	uint8_t *m = buf + IP6_HDR, *o;

	if (ra->n_prefixes > RA_PREFIX_MAX || n_dns > RA_DNS_MAX)
		return -EINVAL;
	if (cap < IP6_HDR + len)
		return -EMSGSIZE;
	ip6_header(buf, len, src, all_nodes);
	memset(m, 0, len);
	m[0] = ICMP6_RA;
	m[4] = ra->cur_hop_limit;
	m[5] = (uint8_t)((ra->managed ? 0x80 : 0) | (ra->other ? 0x40 : 0));
	put16(m + 6, ra->router_lifetime);
	put32(m + 8, ra->reachable_ms);
	put32(m + 12, ra->retrans_ms);
	o = m + RA_HDR;
	for (size_t i = 0; i < ra->n_prefixes; i++, o += 32) {
		const struct ra_prefix *p = &ra->prefixes[i];

		o[0] = OPT_PREFIX;
		o[1] = 4;
		o[2] = p->plen;
		o[3] = (uint8_t)((p->onlink ? 0x80 : 0) | (p->autonomous ? 0x40 : 0));
		put32(o + 4, p->valid);
		put32(o + 8, p->preferred);
		memcpy(o + 16, p->prefix, 16);
	}
	if (ra->mtu) {
		o[0] = OPT_MTU;
		o[1] = 1;
		put32(o + 4, ra->mtu);
		o += 8;
	}
	if (n_dns) {
		o[0] = OPT_RDNSS;
		o[1] = (uint8_t)(1 + 2 * n_dns);
		put32(o + 4, ra->dns_lifetime);
		for (size_t i = 0; i < n_dns; i++)
			memcpy(o + 8 + 16 * i, ra->dns[i], 16);
	}
	put16(m + 2, icmp6_csum(buf, m, len));
	return (int)(IP6_HDR + len);
}

int ra_build_rs(uint8_t *buf, size_t cap, const uint8_t src[static 16])
{
	uint8_t *m = buf + IP6_HDR;

	if (cap < IP6_HDR + RS_HDR)
		return -EMSGSIZE;
	ip6_header(buf, RS_HDR, src, all_routers);
	memset(m, 0, RS_HDR);
	m[0] = ICMP6_RS;
	put16(m + 2, icmp6_csum(buf, m, RS_HDR));
	return IP6_HDR + RS_HDR;
}
