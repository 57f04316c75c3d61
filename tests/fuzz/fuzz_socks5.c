// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the SOCKS5 client core (sstp/socks5.c). Input: byte 0 = credentials (bit 0),
 * socks5h (bit 1), k = bits 4-7 chunk sizes; then k sizes; then what the proxy sends. Fed in those
 * chunks it must end as it does fed whole, at the same offset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sstp/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run(const struct socks5_cfg *cfg, const uint8_t *s, size_t len, const uint8_t *sizes,
	       size_t k, size_t *at, int *outcome)
{
	struct socks5 x;
	uint8_t msg[SOCKS5_MSG_MAX];
	size_t off = 0, i = 0;
	int ret = -EAGAIN;

	if (socks5_init(&x, cfg) || socks5_next(&x, msg, sizeof(msg)) <= 0)
		abort();
	while (off < len) {
		size_t chunk = k ? sizes[i++ % k] : len - off, n = 0;

		if (chunk == 0)
			chunk = 1;
		if (chunk > len - off)
			chunk = len - off;
		ret = socks5_input(&x, s + off, chunk, &n);
		if (n > chunk || (ret == -EAGAIN && n != chunk))
			abort();
		off += n;
		if (ret == -EAGAIN)
			continue;
		if (ret < 0 || x.outcome != SOCKS5_OUT_NONE)
			break;
		if (socks5_next(&x, msg, sizeof(msg)) <= 0)
			abort();
	}
	if (x.outcome == SOCKS5_OUT_REFUSED && !socks5_reply_str(x.reply))
		abort();
	*at = off;
	*outcome = (int)x.outcome;
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct socks5_cfg cfg = { .host = "vpn.example.com", .port = 443 };
	size_t k, at1, at2;
	int o1, o2, r1, r2;

	if (size < 1)
		return 0;
	k = data[0] >> 4;
	if (size < 1 + k)
		return 0;
	if (data[0] & 1) {
		cfg.user = "alice";
		cfg.password = "Wonder-1and";
	}
	if (!(data[0] & 2)) {
		cfg.addr_len = 4;
		memcpy(cfg.addr, "\x0a\x00\x00\x01", 4);
	}
	r1 = run(&cfg, data + 1 + k, size - 1 - k, NULL, 0, &at1, &o1);
	r2 = run(&cfg, data + 1 + k, size - 1 - k, data + 1, k, &at2, &o2);
	if (r1 != r2 || at1 != at2 || o1 != o2)
		abort();
	return 0;
}
