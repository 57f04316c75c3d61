// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for tun/ra.c. Byte 0 picks the mode: even, the rest is an IPv6 packet as it
 * would arrive through the tunnel; odd, the rest is an ICMPv6 message put behind a valid IPv6
 * header (fe80::1 -> ff02::1, hop limit 255) with its checksum computed, so the option walker is
 * reached. Checked: an accepted advertisement is within bounds, from a link-local source, and an
 * advertisement built from it parses back to the same values; SLAAC addresses keep the prefix's
 * first 64 bits and the identifier.
 */
#include <stdlib.h>
#include <string.h>

#include "tun/ra.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t pkt[40 + 65535], out[RA_PKT_MAX];

static void wrap(const uint8_t *m, size_t len)
{
	uint32_t sum = (uint32_t)len + 58;

	memset(pkt, 0, 40);
	pkt[0] = 0x60;
	pkt[4] = (uint8_t)(len >> 8);
	pkt[5] = (uint8_t)len;
	pkt[6] = 58;
	pkt[7] = 255;
	pkt[8] = 0xfe;
	pkt[9] = 0x80;
	pkt[23] = 1;
	pkt[24] = 0xff;
	pkt[25] = 0x02;
	pkt[39] = 1;
	memcpy(pkt + 40, m, len);
	if (len < 4)
		return;
	pkt[42] = pkt[43] = 0;
	for (size_t i = 8; i < 40; i += 2)
		sum += (uint32_t)pkt[i] << 8 | pkt[i + 1];
	for (size_t i = 0; i < len; i++)
		sum += i % 2 ? pkt[40 + i] : (uint32_t)pkt[40 + i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	pkt[42] = (uint8_t)(~sum >> 8);
	pkt[43] = (uint8_t)~sum;
}

static void check(const struct ra_info *ra)
{
	struct ra_info back;
	uint8_t addr[16];
	int len;

	if (ra->n_prefixes > RA_PREFIX_MAX || ra->n_dns > RA_DNS_MAX || ra->src[0] != 0xfe ||
	    (ra->src[1] & 0xc0) != 0x80)
		abort();
	for (size_t i = 0; i < ra->n_prefixes; i++)
		if (!ra_slaac_addr(&ra->prefixes[i], 0x0123456789abcdefull, addr) &&
		    (memcmp(addr, ra->prefixes[i].prefix, 8) || addr[8] != 0x01 || addr[15] != 0xef))
			abort();
	len = ra_build(out, sizeof(out), ra->src, ra);
	if (len < 0 || ra_parse(out, (size_t)len, &back))
		abort();
	if (back.n_dns && back.dns_lifetime != ra->dns_lifetime)
		abort();
	back.dns_lifetime = ra->dns_lifetime;
	if (memcmp(&back, ra, sizeof(back)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_info ra;
	const uint8_t *p = data + 1;
	size_t len = size ? size - 1 : 0;

	if (!size)
		return 0;
	if (data[0] & 1) {
		if (len > 65535)
			return 0;
		wrap(data + 1, len);
		p = pkt;
		len += 40;
	}
	(void)ra_is_rs(p, len);
	if (!ra_parse(p, len, &ra))
		check(&ra);
	return 0;
}
