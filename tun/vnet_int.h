// SPDX-License-Identifier: MIT
/* Private to tun/vnet*.c: big-endian field access and the IP header walk both directions share. */
#ifndef SX_TUN_VNET_INT_H
#define SX_TUN_VNET_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20
#define TCP_CWR 0x80
#define VNET_PROTO_TCP 6
#define VNET_PROTO_UDP 17

static inline uint16_t vnet_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t vnet_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void vnet_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void vnet_put32(uint8_t *p, uint32_t v)
{
	vnet_put16(p, (uint16_t)(v >> 16));
	vnet_put16(p + 2, (uint16_t)v);
}

/* The 16-bit ones'-complement result of a running sum. */
static inline uint16_t vnet_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * IPv4 (no fragment offset check here) or IPv6 without extension headers, its length field equal
 * to len: sets *ipver, *proto, *l3len. False otherwise.
 */
static inline bool vnet_ip_walk(const uint8_t *ip, size_t len, uint8_t *ipver, uint8_t *proto,
				uint16_t *l3len)
{
	if (len >= 20 && ip[0] >> 4 == 4) {
		*l3len = (uint16_t)((ip[0] & 0x0f) * 4);
		*ipver = 4;
		*proto = ip[9];
		return *l3len >= 20 && *l3len <= len && vnet_be16(ip + 2) == len;
	}
	if (len >= 40 && ip[0] >> 4 == 6) {
		*l3len = 40;
		*ipver = 6;
		*proto = ip[6];
		return vnet_be16(ip + 4) + 40u == len;
	}
	return false;
}

#endif
