// SPDX-License-Identifier: MIT
/*
 * IPv6 router advertisements over the tunnel, I/O-free: the client's parser (RFC 4861 4.2 and
 * 6.1.2, with Prefix Information, MTU and RFC 8106 RDNSS options), its SLAAC address (RFC 4862
 * 5.5.3 with the IPv6CP interface identifier, RFC 5072 5) and Router Solicitation, and the
 * builder sstpx-testserver sends advertisements with. Packets are whole IPv6 packets (what PPP
 * carries as protocol 0x0057); inputs are borrowed.
 */
#ifndef SX_TUN_RA_H
#define SX_TUN_RA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RA_PREFIX_MAX 4		/* further Prefix Information options are ignored */
#define RA_DNS_MAX 3		/* RFC 8106 5.3.1: at most three servers are used */
#define RA_PKT_MAX 256		/* what ra_build writes at most with the maxima above */

struct ra_prefix {
	uint8_t prefix[16];
	uint8_t plen;
	bool onlink;		/* L */
	bool autonomous;	/* A: use it for SLAAC */
	uint32_t valid;		/* lifetimes in seconds; 0xffffffff is infinity */
	uint32_t preferred;
};

struct ra_info {
	uint8_t src[16];		/* the router's link-local address */
	uint8_t cur_hop_limit;
	bool managed, other;		/* M and O flags */
	uint16_t router_lifetime;	/* seconds; 0: not a default router */
	uint32_t reachable_ms, retrans_ms;
	uint32_t mtu;			/* 0: no MTU option */
	struct ra_prefix prefixes[RA_PREFIX_MAX];
	size_t n_prefixes;
	uint8_t dns[RA_DNS_MAX][16];
	size_t n_dns;
	uint32_t dns_lifetime;		/* of the first RDNSS option used */
};

/*
 * One IPv6 packet: 0 and out filled when it is a valid router advertisement (IPv6 hop limit 255,
 * a link-local source, ICMPv6 type 134 code 0, checksum correct, every option's length nonzero
 * and inside the packet); -ENOENT when it is another packet (not ICMPv6 type 134, or behind
 * extension headers), for the caller to pass on; -EBADMSG when it claims to be one but is not
 * valid (RFC 4861 6.1.2: silently discarded).
 */
int ra_parse(const uint8_t *pkt, size_t len, struct ra_info *out);
/* True for a Router Solicitation (ICMPv6 type 133, hop limit 255); the server answers it. */
bool ra_is_rs(const uint8_t *pkt, size_t len);
/*
 * The SLAAC address of prefix p with the interface identifier ifid (RFC 4862 5.5.3): 0, or
 * -EINVAL when p is not for autoconfiguration (no A flag, not a /64, link-local, preferred
 * lifetime above the valid one).
 */
int ra_slaac_addr(const struct ra_prefix *p, uint64_t ifid, uint8_t out[static 16]);
/* A router advertisement from src to ff02::1 (all nodes): the whole packet, checksummed.
 * Returns its length, or -EMSGSIZE / -EINVAL. */
int ra_build(uint8_t *buf, size_t cap, const uint8_t src[static 16], const struct ra_info *ra);
/* A Router Solicitation from src to ff02::2 (all routers), RFC 4861 4.1. Length or -EMSGSIZE. */
int ra_build_rs(uint8_t *buf, size_t cap, const uint8_t src[static 16]);
/* fe80::<ifid> */
void ra_link_local(uint64_t ifid, uint8_t out[static 16]);

#endif
