// SPDX-License-Identifier: MIT
/*
 * A tiny JSON writer into a caller's fixed buffer (RFC 8259): objects, arrays, strings, integers,
 * booleans and null, with a sticky overflow error. Strings are escaped per RFC 8259 section 7 and
 * bytes that are not valid UTF-8 become U+FFFD, so the output is always valid JSON text. No I/O,
 * no allocation: events.c and status.c write what it builds.
 */
#ifndef SSTPX_JSON_H
#define SSTPX_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_DEPTH_MAX 8
#define JSON_KEY_MAX 64	/* the longest member name json_member compares */

struct json {
	char *buf;		/* borrowed; always NUL-terminated while cap > 0 */
	size_t cap;
	size_t len;
	int err;		/* first error: -EMSGSIZE (full) or -EINVAL (misuse); sticky */
	unsigned depth;
	bool first[JSON_DEPTH_MAX + 1];	/* no member written yet at this depth */
	bool in_obj[JSON_DEPTH_MAX + 1];	/* the container at this depth is an object */
};

void json_init(struct json *j, char *buf, size_t cap);
/*
 * Each value takes a member name `key` inside an object and NULL inside an array or at the top.
 * A NULL string value writes null.
 */
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_uint(struct json *j, const char *key, uint64_t val);
void json_int(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
/* The length written (every container closed), or the sticky error (-EMSGSIZE / -EINVAL). */
int json_finish(const struct json *j);

/*
 * Reading a document back (sstpx status): spans of raw value text, borrowed from the document.
 * Each returns 0, -ENOENT (no such member or element) or -EBADMSG (not JSON).
 */
struct json_span {
	const char *p;
	size_t len;
};

/* The value of member `key` of the object `obj`. */
int json_member(struct json_span obj, const char *key, struct json_span *val);
/* Element `idx` (from 0) of the array `arr`. */
int json_elem(struct json_span arr, size_t idx, struct json_span *val);
/*
 * A value as text into out: a string decoded (escapes, surrogate pairs; \u0000 is refused),
 * anything else as written ("null", "42"). 0, -EBADMSG or -EMSGSIZE.
 */
int json_text(struct json_span val, char *out, size_t cap);

#endif
