// SPDX-License-Identifier: MIT
/* Private to tun/dhcp*.c: IPv4/UDP framing, the BOOTP layout and the option walker. */
#ifndef SX_TUN_DHCP_INT_H
#define SX_TUN_DHCP_INT_H

#include <stddef.h>
#include <stdint.h>

#define DHCP_IP_HLEN 20
#define DHCP_UDP_HLEN 8
#define DHCP_HDR 28			/* IPv4 without options + UDP, as we send them */
#define BOOTP_SNAME 44			/* RFC 2131 2: sname, 64 octets */
#define BOOTP_SNAME_LEN 64
#define BOOTP_FILE 108			/* file, 128 octets */
#define BOOTP_FILE_LEN 128
#define BOOTP_FIXED 236			/* RFC 2131 2: op .. file */
#define BOOTP_OPTS 240			/* after the magic cookie */
#define BOOTP_REQUEST 1
#define BOOTP_REPLY 2

enum {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_SUBNET = 1,
	DHCP_OPT_ROUTER = 3,
	DHCP_OPT_DNS = 6,
	DHCP_OPT_DOMAIN = 15,
	DHCP_OPT_OVERLOAD = 52,
	DHCP_OPT_MSG_TYPE = 53,
	DHCP_OPT_SERVER_ID = 54,
	DHCP_OPT_PRL = 55,
	DHCP_OPT_VENDOR_CLASS = 60,
	DHCP_OPT_CLIENT_ID = 61,
	DHCP_OPT_SEARCH = 119,
	DHCP_OPT_CLASSLESS = 121,
	DHCP_OPT_MS_CLASSLESS = 249,
	DHCP_OPT_END = 255,
};

/* RFC 3396: one option's instances concatenated can be long; 119 and 121 are the ones that are. */
#define DHCP_OPT_CAT_MAX 2048

struct dhcp_udp {
	uint32_t src, dst;		/* host order */
	uint16_t sport, dport;
	const uint8_t *data;
	size_t len;
};

static inline uint32_t dhcp_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void dhcp_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Fills the IPv4 and UDP headers in front of the payload_len bytes at buf + DHCP_HDR. */
void dhcp_udp_wrap(uint8_t *buf, const struct dhcp_udp *u);
/* A whole unfragmented IPv4/UDP datagram with valid checksums: 0, -EBADMSG, -ENOENT (not UDP). */
int dhcp_udp_unwrap(const uint8_t *ip, size_t len, struct dhcp_udp *out);
/* The option area's framing (RFC 2132 2): 0 or -EBADMSG. */
int dhcp_opts_check(const uint8_t *opts, size_t len);
/* Every instance of code concatenated (RFC 3396): 0, -ENOENT (absent), -EMSGSIZE. */
int dhcp_opt_get(const uint8_t *opts, size_t len, uint8_t code, uint8_t *out, size_t cap,
		 size_t *out_len);
/* Appends code with data, split into instances of 255 (RFC 3396): 0 or -EMSGSIZE. */
int dhcp_opt_put(uint8_t *buf, size_t cap, size_t *used, uint8_t code, const void *data,
		 size_t len);

#endif
