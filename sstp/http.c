// SPDX-License-Identifier: MIT
/* The HTTPS handshake of MS-SSTP 3.2.4.1: the SSTP_DUPLEX_POST request and an incremental parser of the reply's head. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sstp/sstp.h"

static bool host_ok(const char *host)
{
	if (!host || !*host)
		return false;
	for (const char *p = host; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

int sstp_http_build_request(char *buf, size_t cap, const char *host, const uint8_t guid[static 16])
{
	int n;

	if (!buf || !host_ok(host))
		return -EINVAL;
	/*
	 * MS-SSTP 3.2.4.1: the fixed URI, Content-Length 2^64-1 (the request body is the tunnel)
	 * and a correlation id in GUID text form.
	 */
	n = snprintf(buf, cap,
		     "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
		     "Host: %s\r\n"
		     "Content-Length: 18446744073709551615\r\n"
		     "SSTPCORRELATIONID: {%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
		     "%02X%02X%02X%02X%02X%02X}\r\n"
		     "\r\n",
		     host, guid[0], guid[1], guid[2], guid[3], guid[4], guid[5], guid[6], guid[7],
		     guid[8], guid[9], guid[10], guid[11], guid[12], guid[13], guid[14], guid[15]);
	if (n < 0 || (size_t)n >= cap)
		return -EMSGSIZE;
	return n;
}

void sstp_http_resp_init(struct sstp_http_resp *r)
{
	memset(r, 0, sizeof(*r));
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 9112 4: status-line = HTTP-version SP 3DIGIT SP [reason-phrase]; we accept HTTP/1.x only. */
static int parse_status_line(struct sstp_http_resp *r)
{
	size_t n = r->line_len, off = 0;
	const char *l = r->line;

	if (n && l[n - 1] == '\r')
		n--;
	if (n < 12 || memcmp(l, "HTTP/1.", 7) || !is_digit(l[7]) || l[8] != ' ' ||
	    !is_digit(l[9]) || !is_digit(l[10]) || !is_digit(l[11]))
		return -EBADMSG;
	if (n > 12 && l[12] != ' ')
		return -EBADMSG;
	r->status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
	if (r->status < 100)
		return -EBADMSG;
	for (size_t i = 13; i < n && off < sizeof(r->reason) - 1; i++) {
		unsigned char c = (unsigned char)l[i];

		/* Kept for a log line: anything unprintable becomes '?'. */
		r->reason[off++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	r->reason[off] = '\0';
	return 0;
}

/* One byte of the status line; -EBADMSG as soon as the prefix cannot be "HTTP/1.". */
static int status_byte(struct sstp_http_resp *r, uint8_t c)
{
	static const char prefix[] = "HTTP/1.";

	if (c == '\n') {
		int ret = parse_status_line(r);

		r->line_len = 0;
		return ret;
	}
	if (r->line_len < sizeof(prefix) - 1 && c != (uint8_t)prefix[r->line_len])
		return -EBADMSG;
	if (r->line_len >= sizeof(r->line) - 1)
		return -EBADMSG;
	r->line[r->line_len++] = (char)c;
	return 0;
}

/* One byte of a header line. Returns 1 at the blank line that ends the head. */
static int header_byte(struct sstp_http_resp *r, uint8_t c)
{
	if (c == '\n') {
		bool blank = r->line_len == 0 || (r->line_len == 1 && r->line[0] == '\r');

		if (blank)
			return 1;
		if (!r->line_colon)
			return -EBADMSG;
		r->line_len = 0;
		r->line_colon = false;
		return 0;
	}
	if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
		return -EBADMSG;
	/* A CR anywhere but before LF is not a line end we know. */
	if (r->line_len && r->line[0] == '\r')
		return -EBADMSG;
	if (r->line_len == 0)
		r->line[0] = (char)c;
	if (c == ':')
		r->line_colon = true;
	r->line_len++;
	return 0;
}

int sstp_http_resp_input(struct sstp_http_resp *r, const uint8_t *data, size_t len,
			 size_t *consumed)
{
	int ret = 0;
	size_t i;

	*consumed = 0;
	if (r->done)
		goto out;
	for (i = 0; i < len; i++) {
		if (++r->total > SSTP_HTTP_HDR_MAX) {
			ret = -EMSGSIZE;
			goto out;
		}
		ret = r->status ? header_byte(r, data[i]) : status_byte(r, data[i]);
		if (ret < 0)
			goto out;
		if (ret == 1) {
			r->done = true;
			*consumed = i + 1;
			ret = 0;
			goto out;
		}
	}
	*consumed = len;
	ret = -EAGAIN;
out:
	return ret;
}

#define SSTP_URI "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/"

/* Where the head ends (after its blank line) within the first SSTP_HTTP_HDR_MAX bytes, or 0. */
static size_t head_end(const uint8_t *buf, size_t len, bool *too_long)
{
	size_t lim = len < SSTP_HTTP_HDR_MAX ? len : SSTP_HTTP_HDR_MAX;

	for (size_t i = 1; i < lim; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i - 1] == '\n' || (i >= 2 && buf[i - 1] == '\r' && buf[i - 2] == '\n'))
			return i + 1;
	}
	*too_long = len >= SSTP_HTTP_HDR_MAX;
	return 0;
}

/* Copies a header value without surrounding blanks; false when it does not fit or is empty. */
static bool copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (!n || n >= cap)
		return false;
	memcpy(dst, v, n);
	dst[n] = '\0';
	return true;
}

static bool guid_ok(const char *g)
{
	static const char form[] = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";

	if (strlen(g) != sizeof(form) - 1)
		return false;
	for (size_t i = 0; form[i]; i++) {
		bool hex = (g[i] >= '0' && g[i] <= '9') || (g[i] >= 'a' && g[i] <= 'f') ||
			   (g[i] >= 'A' && g[i] <= 'F');

		if (form[i] == 'x' ? !hex : g[i] != form[i])
			return false;
	}
	return true;
}

/* One "Name: value" line of a request; *seen collects bit 0 Host, bit 1 Content-Length. */
static int req_header(struct sstp_http_req *req, const char *l, size_t n, unsigned *seen,
		      const char **why)
{
	const char *colon = memchr(l, ':', n);
	size_t name_len, vlen;
	char cl[32];

	if (!colon) {
		*why = "header line without ':'";
		return -EBADMSG;
	}
	name_len = (size_t)(colon - l);
	vlen = n - name_len - 1;
	if (name_len == 4 && !strncasecmp(l, "Host", 4)) {
		if (!copy_value(req->host, sizeof(req->host), colon + 1, vlen) || !host_ok(req->host)) {
			*why = "bad Host";
			return -EBADMSG;
		}
		*seen |= 1;
	} else if (name_len == 14 && !strncasecmp(l, "Content-Length", 14)) {
		if (!copy_value(cl, sizeof(cl), colon + 1, vlen) ||
		    strcmp(cl, "18446744073709551615")) {
			*why = "Content-Length is not 18446744073709551615";
			return -EBADMSG;
		}
		*seen |= 2;
	} else if (name_len == 17 && !strncasecmp(l, "SSTPCORRELATIONID", 17)) {
		if (!copy_value(req->correlation_id, sizeof(req->correlation_id), colon + 1, vlen) ||
		    !guid_ok(req->correlation_id)) {
			*why = "bad SSTPCORRELATIONID";
			return -EBADMSG;
		}
	}
	return 0;
}

int sstp_http_req_parse(const uint8_t *buf, size_t len, struct sstp_http_req *req,
			size_t *consumed, const char **why)
{
	static const char line1[] = "SSTP_DUPLEX_POST " SSTP_URI " HTTP/1.1";
	const char *dummy, *p = (const char *)buf;
	bool too_long = false;
	size_t end = head_end(buf, len, &too_long), off = 0;
	unsigned seen = 0;
	int ret = -EAGAIN;

	if (!why)
		why = &dummy;
	*why = NULL;
	memset(req, 0, sizeof(*req));
	if (!end) {
		ret = too_long ? -EMSGSIZE : -EAGAIN;
		goto out;
	}
	ret = -EBADMSG;
	for (unsigned i = 0; off < end; i++) {
		const char *nl = memchr(p + off, '\n', end - off);
		size_t n = (size_t)(nl - (p + off));

		if (n && p[off + n - 1] == '\r')
			n--;
		if (memchr(p + off, '\0', n)) {
			*why = "NUL in the request head";
			goto out;
		}
		if (i == 0 && (n != sizeof(line1) - 1 || memcmp(p, line1, n))) {
			*why = "not an SSTP_DUPLEX_POST of the SSTP URI over HTTP/1.1";
			goto out;
		}
		if (i > 0 && n > 0 && req_header(req, p + off, n, &seen, why))
			goto out;
		off += (size_t)(nl - (p + off)) + 1;
	}
	if (!(seen & 1)) {
		*why = "no Host";
		goto out;
	}
	if (!(seen & 2)) {
		*why = "no Content-Length";
		goto out;
	}
	*consumed = end;
	ret = 0;
out:
	return ret;
}

int sstp_http_build_response(char *buf, size_t cap, int status, const char *reason)
{
	int n;

	if (!buf || status < 100 || status > 999 || !reason || strpbrk(reason, "\r\n"))
		return -EINVAL;
	n = snprintf(buf, cap, "HTTP/1.1 %d %s\r\nContent-Length: %s\r\nServer: sstpx\r\n\r\n",
		     status, reason, status == 200 ? "18446744073709551615" : "0");
	if (n < 0 || (size_t)n >= cap)
		return -EMSGSIZE;
	return n;
}
