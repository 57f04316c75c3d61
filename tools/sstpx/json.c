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
