// SPDX-License-Identifier: MIT
/* DHCP over IPv4/UDP: framing, the option walker, and the INFORM and ACK builders. */
#include <errno.h>
#include <string.h>

#include "tun/dhcp.h"
#include "tun/dhcp_int.h"
#include "tun/vnet.h"

static const uint8_t cookie[4] = { 99, 130, 83, 99 };	/* RFC 2131 3 */

static uint16_t csum_done(uint32_t sum)
{
	return (uint16_t)~sum;
}

void dhcp_udp_wrap(uint8_t *buf, const struct dhcp_udp *u)
{
	size_t udp_len = DHCP_UDP_HLEN + u->len;
	uint16_t c;

	memset(buf, 0, DHCP_HDR);
	buf[0] = 0x45;
	buf[2] = (uint8_t)((DHCP_IP_HLEN + udp_len) >> 8);
	buf[3] = (uint8_t)(DHCP_IP_HLEN + udp_len);
	buf[8] = 64;
	buf[9] = 17;
	dhcp_wr32(buf + 12, u->src);
	dhcp_wr32(buf + 16, u->dst);
	c = csum_done(vnet_csum_add(0, buf, DHCP_IP_HLEN));
	buf[10] = (uint8_t)(c >> 8);
	buf[11] = (uint8_t)c;
	buf[20] = (uint8_t)(u->sport >> 8);
	buf[21] = (uint8_t)u->sport;
	buf[22] = (uint8_t)(u->dport >> 8);
	buf[23] = (uint8_t)u->dport;
	buf[24] = (uint8_t)(udp_len >> 8);
	buf[25] = (uint8_t)udp_len;
	/* RFC 768: computed over the pseudo-header; a result of 0 is sent as all ones */
	c = csum_done(vnet_csum_add(vnet_pseudo_sum(buf, 17, udp_len), buf + DHCP_IP_HLEN, udp_len));
	if (!c)
		c = 0xffff;
	buf[26] = (uint8_t)(c >> 8);
	buf[27] = (uint8_t)c;
}

int dhcp_udp_unwrap(const uint8_t *ip, size_t len, struct dhcp_udp *out)
{
	size_t hl, tot, ulen;
	const uint8_t *udp;

	if (len < DHCP_IP_HLEN || ip[0] >> 4 != 4)
		return -EBADMSG;
	hl = (size_t)(ip[0] & 15) * 4;
	tot = (size_t)ip[2] << 8 | ip[3];
	if (hl < DHCP_IP_HLEN || tot < hl || tot > len)
		return -EBADMSG;
	if ((uint16_t)vnet_csum_add(0, ip, hl) != 0xffff)
		return -EBADMSG;
	if (ip[9] != 17)
		return -ENOENT;
	/* fragments: offset or more-fragments set; DHCP replies we take fit one packet */
	if ((ip[6] & 0x3f) || ip[7] || tot - hl < DHCP_UDP_HLEN)
		return -EBADMSG;
	udp = ip + hl;
	ulen = (size_t)udp[4] << 8 | udp[5];
	if (ulen < DHCP_UDP_HLEN || ulen > tot - hl)
		return -EBADMSG;
	if ((udp[6] || udp[7]) &&
	    (uint16_t)vnet_csum_add(vnet_pseudo_sum(ip, 17, ulen), udp, ulen) != 0xffff)
		return -EBADMSG;
	out->src = dhcp_rd32(ip + 12);
	out->dst = dhcp_rd32(ip + 16);
	out->sport = (uint16_t)(udp[0] << 8 | udp[1]);
	out->dport = (uint16_t)(udp[2] << 8 | udp[3]);
	out->data = udp + DHCP_UDP_HLEN;
	out->len = ulen - DHCP_UDP_HLEN;
	return 0;
}

int dhcp_opts_check(const uint8_t *opts, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (opts[i] == DHCP_OPT_END)
			return 0;
		if (opts[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (i + 2 > len || i + 2 + opts[i + 1] > len)
			return -EBADMSG;
		i += 2 + (size_t)opts[i + 1];
	}
	/* RFC 2131 4.1 wants an END; a list that fills the packet exactly is taken as it is */
	return 0;
}

int dhcp_opt_get(const uint8_t *opts, size_t len, uint8_t code, uint8_t *out, size_t cap,
		 size_t *out_len)
{
	bool found = false;
	size_t i = 0, used = 0;

	while (i + 2 <= len && opts[i] != DHCP_OPT_END) {
		size_t l = opts[i + 1];

		if (opts[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (i + 2 + l > len)
			break;
		if (opts[i] == code) {
			if (used + l > cap)
				return -EMSGSIZE;
			memcpy(out + used, opts + i + 2, l);
			used += l;
			found = true;
		}
		i += 2 + l;
	}
	*out_len = used;
	return found ? 0 : -ENOENT;
}

int dhcp_opt_put(uint8_t *buf, size_t cap, size_t *used, uint8_t code, const void *data,
		 size_t len)
{
	const uint8_t *p = data;

	do {
		size_t l = len > 255 ? 255 : len;

		if (*used + 2 + l > cap)
			return -EMSGSIZE;
		buf[(*used)++] = code;
		buf[(*used)++] = (uint8_t)l;
		if (l)
			memcpy(buf + *used, p, l);
		*used += l;
		p += l;
		len -= l;
	} while (len);
	return 0;
}

int dhcp_name_check(const char *name)
{
	size_t label = 0, total = strlen(name);

	if (!total || total > DHCP_NAME_MAX || name[0] == '.' || name[total - 1] == '.')
		return -EINVAL;
	for (const char *c = name; *c; c++) {
		if (*c == '.') {
			if (!label)
				return -EINVAL;
			label = 0;
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return -EINVAL;
		if (++label > 63)
			return -EINVAL;
	}
	return 0;
}

/* op .. chaddr and the cookie; the caller adds options from BOOTP_OPTS on. */
static void bootp_fixed(uint8_t *b, uint8_t op, uint32_t xid, uint16_t secs, uint32_t ciaddr,
			const uint8_t *chaddr, size_t chlen)
{
	memset(b, 0, BOOTP_OPTS);
	b[0] = op;
	b[1] = 1;	/* htype Ethernet, as Windows and SoftEther's IPC send it */
	b[2] = 6;
	dhcp_wr32(b + 4, xid);
	b[8] = (uint8_t)(secs >> 8);
	b[9] = (uint8_t)secs;
	dhcp_wr32(b + 12, ciaddr);
	memcpy(b + 28, chaddr, chlen);
	memcpy(b + BOOTP_FIXED, cookie, 4);
}

int dhcp_build_inform(const struct dhcp_inform *in, uint8_t *buf, size_t cap, size_t *len)
{
	/* The parameters asked for: the Windows RAS client's list, plus RFC 3397's search list */
	static const uint8_t prl[] = { DHCP_OPT_SUBNET, DHCP_OPT_ROUTER, DHCP_OPT_DNS,
				       DHCP_OPT_DOMAIN, DHCP_OPT_SEARCH, DHCP_OPT_CLASSLESS,
				       DHCP_OPT_MS_CLASSLESS };
	const uint8_t type = DHCP_INFORM;
	uint8_t cid[7] = { 1 };
	uint8_t *b = buf + DHCP_HDR;
	size_t used = BOOTP_OPTS;
	int ret;

	if (cap < DHCP_HDR + BOOTP_OPTS)
		return -EMSGSIZE;
	bootp_fixed(b, BOOTP_REQUEST, in->xid, in->secs, in->ciaddr, in->hwaddr, 6);
	memcpy(cid + 1, in->hwaddr, 6);
	cap -= DHCP_HDR;
	ret = dhcp_opt_put(b, cap, &used, DHCP_OPT_MSG_TYPE, &type, 1);
	if (!ret)
		ret = dhcp_opt_put(b, cap, &used, DHCP_OPT_CLIENT_ID, cid, sizeof(cid));
	/* Windows sends "MSFT 5.0"; RRAS/Windows DHCP servers pick vendor options by it */
	if (!ret)
		ret = dhcp_opt_put(b, cap, &used, DHCP_OPT_VENDOR_CLASS, "MSFT 5.0", 8);
	if (!ret)
		ret = dhcp_opt_put(b, cap, &used, DHCP_OPT_PRL, prl, sizeof(prl));
	if (!ret && used + 1 > cap)
		ret = -EMSGSIZE;
	if (ret)
		return ret;
	b[used++] = DHCP_OPT_END;
	/* RFC 2131 4.4.3: from the client's address, to the limited broadcast (RRAS relays it) */
	dhcp_udp_wrap(buf, &(struct dhcp_udp){ .src = in->ciaddr, .dst = 0xffffffffu,
					       .sport = DHCP_CLIENT_PORT,
					       .dport = DHCP_SERVER_PORT, .len = used });
	*len = DHCP_HDR + used;
	return 0;
}

/* RFC 1035 3.1 labels, uncompressed (RFC 3397 allows either). */
static int put_names(uint8_t *out, size_t cap, size_t *len, const struct dhcp_info *info)
{
	size_t used = 0;

	for (size_t i = 0; i < info->n_search; i++) {
		const char *n = info->search[i];

		if (dhcp_name_check(n))
			return -EINVAL;
		if (used + strlen(n) + 2 > cap)
			return -EMSGSIZE;
		while (*n) {
			size_t l = strcspn(n, ".");

			out[used++] = (uint8_t)l;
			memcpy(out + used, n, l);
			used += l;
			n += l + (n[l] == '.');
		}
		out[used++] = 0;
	}
	*len = used;
	return 0;
}

/* RFC 3442: width, the significant octets of the destination, the router. */
static size_t put_routes(uint8_t *out, const struct dhcp_info *info)
{
	size_t used = 0;

	for (size_t i = 0; i < info->n_routes; i++) {
		const struct dhcp_route *r = &info->routes[i];
		uint8_t dst[4];

		dhcp_wr32(dst, r->dst);
		out[used++] = r->plen;
		memcpy(out + used, dst, (r->plen + 7u) / 8);
		used += (r->plen + 7u) / 8;
		dhcp_wr32(out + used, r->gateway);
		used += 4;
	}
	return used;
}

static int ack_options(uint8_t *b, size_t cap, size_t *used, uint32_t server,
		       const struct dhcp_info *info)
{
	uint8_t tmp[DHCP_OPT_CAT_MAX], type = DHCP_ACK, sid[4];
	size_t l;
	int ret;

	dhcp_wr32(sid, server);
	ret = dhcp_opt_put(b, cap, used, DHCP_OPT_MSG_TYPE, &type, 1);
	if (!ret)
		ret = dhcp_opt_put(b, cap, used, DHCP_OPT_SERVER_ID, sid, 4);
	if (!ret && info->domain[0])
		ret = dhcp_opt_put(b, cap, used, DHCP_OPT_DOMAIN, info->domain, strlen(info->domain));
	if (!ret && info->n_search && !(ret = put_names(tmp, sizeof(tmp), &l, info)))
		ret = dhcp_opt_put(b, cap, used, DHCP_OPT_SEARCH, tmp, l);
	l = put_routes(tmp, info);
	if (!ret && info->n_routes && info->routes_opt != DHCP_OPT_MS_CLASSLESS)
		ret = dhcp_opt_put(b, cap, used, DHCP_OPT_CLASSLESS, tmp, l);
	if (!ret && info->n_routes && info->routes_opt != DHCP_OPT_CLASSLESS)
		ret = dhcp_opt_put(b, cap, used, DHCP_OPT_MS_CLASSLESS, tmp, l);
	for (size_t i = 0; i < info->n_dns; i++)
		dhcp_wr32(tmp + 4 * i, info->dns[i]);
	if (!ret && info->n_dns)
		ret = dhcp_opt_put(b, cap, used, DHCP_OPT_DNS, tmp, 4 * info->n_dns);
	if (!ret && *used + 1 > cap)
		ret = -EMSGSIZE;
	if (!ret)
		b[(*used)++] = DHCP_OPT_END;
	return ret;
}

int dhcp_build_ack(const struct dhcp_request *req, uint32_t server, const struct dhcp_info *info,
		   uint8_t *buf, size_t cap, size_t *len)
{
	uint8_t *b = buf + DHCP_HDR;
	size_t used = BOOTP_OPTS;
	int ret;

	if (cap < DHCP_HDR + BOOTP_OPTS || info->n_routes > DHCP_ROUTES_MAX ||
	    info->n_search > DHCP_SEARCH_MAX || info->n_dns > DHCP_DNS_MAX)
		return cap < DHCP_HDR + BOOTP_OPTS ? -EMSGSIZE : -EINVAL;
	bootp_fixed(b, BOOTP_REPLY, req->xid, 0, req->ciaddr, req->chaddr, 16);
	ret = ack_options(b, cap - DHCP_HDR, &used, server, info);
	if (ret)
		return ret;
	/* RFC 2131 4.4.3: the ACK to an INFORM goes straight to ciaddr */
	dhcp_udp_wrap(buf, &(struct dhcp_udp){ .src = server,
					       .dst = req->ciaddr ? req->ciaddr : req->src,
					       .sport = DHCP_SERVER_PORT,
					       .dport = DHCP_CLIENT_PORT, .len = used });
	*len = DHCP_HDR + used;
	return 0;
}
