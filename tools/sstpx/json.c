// SPDX-License-Identifier: MIT
/* A tiny JSON writer into a fixed buffer with RFC 8259 string escaping (see json.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

void json_init(struct json *j, char *buf, size_t cap)
{
	memset(j, 0, sizeof(*j));
	j->buf = buf;
	j->cap = cap;
	j->first[0] = true;
	if (cap)
		buf[0] = '\0';
	else
		j->err = -EMSGSIZE;
}

static void put(struct json *j, const char *s, size_t n)
{
	if (j->err)
		return;
	/* One byte always stays for the terminating NUL. */
	if (n >= j->cap - j->len) {
		j->err = -EMSGSIZE;
		return;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at s (RFC 3629 section 4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		unsigned char lo = s[0] == 0xe0 ? 0xa0 : 0x80;	/* no overlong forms */
		unsigned char hi = s[0] == 0xed ? 0x9f : 0xbf;	/* no UTF-16 surrogates */

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		unsigned char lo = s[0] == 0xf0 ? 0x90 : 0x80;
		unsigned char hi = s[0] == 0xf4 ? 0x8f : 0xbf;	/* at most U+10FFFF */

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80 ?
			       4 : 0;
	}
	return 0;
}

/* RFC 8259 section 7: quote, backslash and C0 controls are escaped; the rest passes through. */
static void put_string(struct json *j, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	char esc[8];

	puts_(j, "\"");
	while (*s && !j->err) {
		size_t n = utf8_len(s);

		if (n == 0) {
			puts_(j, "\\ufffd");
			s++;
			continue;
		}
		switch (*s) {
		case '"': puts_(j, "\\\""); break;
		case '\\': puts_(j, "\\\\"); break;
		case '\b': puts_(j, "\\b"); break;
		case '\f': puts_(j, "\\f"); break;
		case '\n': puts_(j, "\\n"); break;
		case '\r': puts_(j, "\\r"); break;
		case '\t': puts_(j, "\\t"); break;
		default:
			if (*s < 0x20) {
				snprintf(esc, sizeof(esc), "\\u%04x", *s);
				puts_(j, esc);
			} else {
				put(j, (const char *)s, n);
			}
		}
		s += n;
	}
	puts_(j, "\"");
}

/* The separator and member name before a value; a key is required exactly inside objects. */
static void member(struct json *j, const char *key)
{
	if (j->err)
		return;
	if (j->depth == 0 && !j->first[0]) {
		j->err = -EINVAL;	/* one top-level value only */
		return;
	}
	if (!key != !j->in_obj[j->depth]) {
		j->err = -EINVAL;
		return;
	}
	if (!j->first[j->depth])
		puts_(j, ",");
	j->first[j->depth] = false;
	if (key) {
		put_string(j, key);
		puts_(j, ":");
	}
}

static void open_(struct json *j, const char *key, const char *bracket)
{
	member(j, key);
	if (j->err)
		return;
	if (j->depth == JSON_DEPTH_MAX) {
		j->err = -EINVAL;
		return;
	}
	puts_(j, bracket);
	j->first[++j->depth] = true;
	j->in_obj[j->depth] = bracket[0] == '{';
}

static void close_(struct json *j, const char *bracket)
{
	if (j->err)
		return;
	if (j->depth == 0 || j->in_obj[j->depth] != (bracket[0] == '}')) {
		j->err = -EINVAL;
		return;
	}
	j->depth--;
	puts_(j, bracket);
}

void json_obj_begin(struct json *j, const char *key)
{
	open_(j, key, "{");
}

void json_obj_end(struct json *j)
{
	close_(j, "}");
}

void json_arr_begin(struct json *j, const char *key)
{
	open_(j, key, "[");
}

void json_arr_end(struct json *j)
{
	close_(j, "]");
}

void json_str(struct json *j, const char *key, const char *val)
{
	member(j, key);
	if (val)
		put_string(j, val);
	else
		puts_(j, "null");
}

void json_uint(struct json *j, const char *key, uint64_t val)
{
	char num[24];

	member(j, key);
	snprintf(num, sizeof(num), "%" PRIu64, val);
	puts_(j, num);
}

void json_int(struct json *j, const char *key, int64_t val)
{
	char num[24];

	member(j, key);
	snprintf(num, sizeof(num), "%" PRId64, val);
	puts_(j, num);
}

void json_bool(struct json *j, const char *key, bool val)
{
	member(j, key);
	puts_(j, val ? "true" : "false");
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	puts_(j, "null");
}

int json_finish(const struct json *j)
{
	if (j->err)
		return j->err;
	if (j->depth || j->first[0])
		return -EINVAL;		/* an open container, or nothing written */
	return (int)j->len;
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at the opening quote: just past the closing one, or NULL. */
static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '"')
			return p + 1;
		if (*p == '\\' && ++p == end)
			return NULL;
		if ((unsigned char)*p < 0x20)
			return NULL;
	}
	return NULL;
}

static const char *skip_value(const char *p, const char *end, unsigned depth);

/* p at '{' or '[': just past the matching bracket, or NULL. */
static const char *skip_container(const char *p, const char *end, unsigned depth)
{
	char close = *p == '{' ? '}' : ']';
	bool obj = *p == '{';

	if (depth > JSON_DEPTH_MAX)
		return NULL;
	p = skip_ws(p + 1, end);
	if (p < end && *p == close)
		return p + 1;
	while (p && p < end) {
		if (obj) {
			if (*p != '"' || !(p = skip_string(p, end)))
				return NULL;
			p = skip_ws(p, end);
			if (p == end || *p != ':')
				return NULL;
			p = skip_ws(p + 1, end);
		}
		p = skip_value(p, end, depth + 1);
		if (!p)
			return NULL;
		p = skip_ws(p, end);
		if (p < end && *p == close)
			return p + 1;
		if (p == end || *p != ',')
			return NULL;
		p = skip_ws(p + 1, end);
	}
	return NULL;
}

static const char *skip_value(const char *p, const char *end, unsigned depth)
{
	const char *start = p;

	if (p == end)
		return NULL;
	if (*p == '{' || *p == '[')
		return skip_container(p, end, depth);
	if (*p == '"')
		return skip_string(p, end);
	/* Numbers and the literals: checked no further than their characters. */
	while (p < end && strchr("0123456789+-.eEtrufalsn", *p) && *p)
		p++;
	return p > start ? p : NULL;
}

/* Visits the members (obj) or elements of a container; stops when fn returns nonzero. */
static int walk(struct json_span c, bool obj, int (*fn)(void *arg, struct json_span key,
						       struct json_span val), void *arg)
{
	const char *end = c.p + c.len, *p = skip_ws(c.p, end), *q;
	struct json_span key = { 0 }, val;
	int ret;

	if (p == end || *p != (obj ? '{' : '[') || !skip_container(p, end, 1))
		return -EBADMSG;
	p = skip_ws(p + 1, end);
	while (*p != (obj ? '}' : ']')) {
		if (obj) {
			q = skip_string(p, end);
			key = (struct json_span){ p, (size_t)(q - p) };
			p = skip_ws(skip_ws(q, end) + 1, end);	/* past ':' */
		}
		q = skip_value(p, end, 2);
		val = (struct json_span){ p, (size_t)(q - p) };
		ret = fn(arg, key, val);
		if (ret)
			return ret;
		p = skip_ws(q, end);
		if (*p == ',')
			p = skip_ws(p + 1, end);
	}
	return -ENOENT;
}

struct find {
	const char *key;
	size_t idx;
	struct json_span *val;
};

static int match_key(void *arg, struct json_span key, struct json_span val)
{
	struct find *f = arg;
	char name[JSON_KEY_MAX];

	if (json_text(key, name, sizeof(name)) || strcmp(name, f->key))
		return 0;
	*f->val = val;
	return 1;
}

static int match_idx(void *arg, struct json_span key, struct json_span val)
{
	struct find *f = arg;

	(void)key;
	if (f->idx--)
		return 0;
	*f->val = val;
	return 1;
}

int json_member(struct json_span obj, const char *key, struct json_span *val)
{
	struct find f = { .key = key, .val = val };
	int ret = walk(obj, true, match_key, &f);

	return ret == 1 ? 0 : ret;
}

int json_elem(struct json_span arr, size_t idx, struct json_span *val)
{
	struct find f = { .idx = idx, .val = val };
	int ret = walk(arr, false, match_idx, &f);

	return ret == 1 ? 0 : ret;
}

static int hex4(const char *p, const char *end, unsigned *out)
{
	unsigned v = 0;

	if (end - p < 4)
		return -EBADMSG;
	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (unsigned)((c | 0x20) - 'a' + 10);
		else
			return -EBADMSG;
	}
	*out = v;
	return 0;
}

/* RFC 8259 7: \uXXXX, with a UTF-16 surrogate pair for what lies beyond the BMP. */
static int unicode_escape(const char **pp, const char *end, char *u8, size_t *n)
{
	unsigned cp, lo;
	const char *p = *pp;

	if (hex4(p, end, &cp))
		return -EBADMSG;
	p += 4;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, end, &lo) ||
		    lo < 0xdc00 || lo > 0xdfff)
			return -EBADMSG;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		p += 6;
	} else if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff)) {
		return -EBADMSG;
	}
	if (cp < 0x80) {
		u8[0] = (char)cp;
		*n = 1;
	} else if (cp < 0x800) {
		u8[0] = (char)(0xc0 | (cp >> 6));
		u8[1] = (char)(0x80 | (cp & 0x3f));
		*n = 2;
	} else if (cp < 0x10000) {
		u8[0] = (char)(0xe0 | (cp >> 12));
		u8[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u8[2] = (char)(0x80 | (cp & 0x3f));
		*n = 3;
	} else {
		u8[0] = (char)(0xf0 | (cp >> 18));
		u8[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u8[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u8[3] = (char)(0x80 | (cp & 0x3f));
		*n = 4;
	}
	*pp = p;
	return 0;
}

int json_text(struct json_span val, char *out, size_t cap)
{
	const char *p = val.p, *end = val.p + val.len;
	size_t len = 0, n;
	char u8[4];

	if (!cap)
		return -EMSGSIZE;
	if (val.len == 0 || *p != '"') {
		if (val.len >= cap)
			return -EMSGSIZE;
		memcpy(out, val.p, val.len);
		out[val.len] = '\0';
		return 0;
	}
	if (skip_string(p, end) != end)
		return -EBADMSG;
	for (p++; p < end - 1; ) {
		const char *src = p;

		n = 1;
		if (*p == '\\') {
			p++;
			switch (*p) {
			case 'b': u8[0] = '\b'; break;
			case 'f': u8[0] = '\f'; break;
			case 'n': u8[0] = '\n'; break;
			case 'r': u8[0] = '\r'; break;
			case 't': u8[0] = '\t'; break;
			case '"': case '\\': case '/': u8[0] = *p; break;
			case 'u':
				p++;
				if (unicode_escape(&p, end - 1, u8, &n))
					return -EBADMSG;
				p--;
				break;
			default:
				return -EBADMSG;
			}
			src = u8;
		}
		p++;
		if (n >= cap - len)
			return -EMSGSIZE;
		memcpy(out + len, src, n);
		len += n;
	}
	out[len] = '\0';
	return 0;
}
