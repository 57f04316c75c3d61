// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the HTTP CONNECT core (sstp/proxy*.c) across authentication rounds. Input:
 * byte 0 = allowed schemes (low 4 bits), credentials set (bit 4), k = bits 5-7 chunk sizes; then k
 * chunk sizes; then everything the proxy sends, one reply after another. After each RETRY the next
 * request is built. The run fed in the chunk sizes (cycled, 0 means 1) must decide exactly as the
 * run fed in one piece: same outcomes, at the same offsets, with the same errors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sstp/proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_REC 16

struct rec {
	int what[MAX_REC];	/* an outcome, or a negative error */
	size_t at[MAX_REC];
	int n;
};

static int fz_rand(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0x5a, len);
	return 0;
}

static void add(struct rec *r, int what, size_t at)
{
	if (r->n < MAX_REC) {
		r->what[r->n] = what;
		r->at[r->n] = at;
	}
	r->n++;
}

static void run(const struct proxy_http_cfg *cfg, const uint8_t *s, size_t len,
		const uint8_t *sizes, size_t k, struct rec *r)
{
	static struct proxy_http p;
	static char req[PROXY_REQ_MAX];
	size_t off = 0, i = 0;

	memset(r, 0, sizeof(*r));
	if (proxy_http_init(&p, cfg) || proxy_http_request(&p, req, sizeof(req)) <= 0)
		abort();
	while (off < len) {
		size_t chunk = k ? sizes[i++ % k] : len - off, n = 0;
		int ret;

		if (chunk == 0)
			chunk = 1;
		if (chunk > len - off)
			chunk = len - off;
		ret = proxy_http_input(&p, s + off, chunk, &n);
		if (n > chunk || (ret == -EAGAIN && n != chunk))
			abort();
		off += n;
		if (ret == -EAGAIN)
			continue;
		if (ret < 0) {
			if (ret != -EBADMSG && ret != -EMSGSIZE)
				abort();
			add(r, ret, 0);	/* where a malformed reply is noticed is no contract */
			return;
		}
		if (p.outcome == PROXY_OUT_NONE || !memchr(p.status_line, 0, sizeof(p.status_line)))
			abort();
		add(r, (int)p.outcome, off);
		if (p.outcome != PROXY_OUT_RETRY)
			return;
		ret = proxy_http_request(&p, req, sizeof(req));
		if (ret <= 0) {
			add(r, ret - 1000, off);
			return;
		}
		if (memchr(req, 0, (size_t)ret) || strstr(req, "\r\n\r\n") != req + ret - 4)
			abort();
	}
	add(r, proxy_http_eof(&p), off);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_http_cfg cfg = {
		.host = "vpn.example.com",
		.port = 443,
		.rand = { .fn = fz_rand },
		.filetime = 1,
	};
	struct rec whole, split;
	size_t k;

	if (size < 1)
		return 0;
	k = data[0] >> 5;
	if (size < 1 + k)
		return 0;
	cfg.allowed = data[0] & 0x0f;
	if (data[0] & 0x10) {
		cfg.user = "DOM\\alice";
		cfg.password = "Wonder-1and";
	}
	run(&cfg, data + 1 + k, size - 1 - k, NULL, 0, &whole);
	run(&cfg, data + 1 + k, size - 1 - k, data + 1, k, &split);
	if (whole.n != split.n || memcmp(whole.what, split.what, sizeof(whole.what)) ||
	    memcmp(whole.at, split.at, sizeof(whole.at)))
		abort();
	return 0;
}
