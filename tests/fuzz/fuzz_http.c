// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the HTTP response parser. Input: one byte k (low 4 bits), k chunk sizes,
 * then the response. It is fed in those chunk sizes (cycled; 0 means 1) and the outcome must match
 * feeding it in one piece: splitting never changes the result. The same bytes also go through the
 * server-side request parser.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sstp/sstp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_result(const struct sstp_http_resp *r, int ret, size_t used)
{
	if (ret != 0 && ret != -EAGAIN && ret != -EBADMSG && ret != -EMSGSIZE)
		abort();
	if (ret == 0 && (used > SSTP_HTTP_HDR_MAX || r->status < 100 || r->status > 999))
		abort();
	if (!memchr(r->reason, '\0', sizeof(r->reason)))
		abort();
	for (const char *p = r->reason; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			abort();
}

static void check_request(const uint8_t *buf, size_t len)
{
	struct sstp_http_req req, again;
	const char *why = NULL;
	size_t used = 0, used2 = 0;
	int ret = sstp_http_req_parse(buf, len, &req, &used, &why);

	if (ret == -EBADMSG && !why)
		abort();
	if (ret != 0)
		return;
	if (used > len || used > SSTP_HTTP_HDR_MAX || !req.host[0] ||
	    !memchr(req.host, '\0', sizeof(req.host)) ||
	    !memchr(req.correlation_id, '\0', sizeof(req.correlation_id)))
		abort();
	/* The head alone parses the same: nothing after the blank line was looked at. */
	if (sstp_http_req_parse(buf, used, &again, &used2, NULL) || used2 != used ||
	    strcmp(again.host, req.host))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sstp_http_resp whole, split;
	const uint8_t *sizes, *body;
	size_t k, n, len, used_whole = 0, used = 0, off = 0, i = 0;
	int ret_whole, ret = -EAGAIN;

	if (size < 1)
		return 0;
	k = data[0] & 0x0f;
	if (size < 1 + k)
		return 0;
	sizes = data + 1;
	body = data + 1 + k;
	len = size - 1 - k;
	check_request(body, len);

	sstp_http_resp_init(&whole);
	ret_whole = sstp_http_resp_input(&whole, body, len, &used_whole);
	check_result(&whole, ret_whole, used_whole);

	sstp_http_resp_init(&split);
	while (off < len && ret == -EAGAIN) {
		size_t chunk = k ? sizes[i++ % k] : len;

		if (chunk == 0)
			chunk = 1;
		if (chunk > len - off)
			chunk = len - off;
		ret = sstp_http_resp_input(&split, body + off, chunk, &n);
		if (n > chunk)
			abort();
		if (ret == 0 || ret == -EAGAIN) {
			off += n;
			used = off;
		}
	}
	if (len == 0)
		return 0;
	check_result(&split, ret, used);
	if (ret != ret_whole || (ret == 0 && (used != used_whole || split.status != whole.status ||
					      strcmp(split.reason, whole.reason))))
		abort();
	return 0;
}
