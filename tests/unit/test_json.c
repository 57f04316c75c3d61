// SPDX-License-Identifier: MIT
/* tools/sstpx/json.h: the JSON writer's output, RFC 8259 section 7 escaping, UTF-8 checks and errors. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tools/sstpx/json.h"

/* The string `in` as a JSON value: its text, or NULL on error. */
static const char *str_value(char *buf, size_t cap, const char *in)
{
	struct json j;

	json_init(&j, buf, cap);
	json_str(&j, NULL, in);
	return json_finish(&j) < 0 ? NULL : buf;
}

static void test_object(void **state)
{
	char buf[256];
	struct json j;

	(void)state;
	json_init(&j, buf, sizeof(buf));
	json_obj_begin(&j, NULL);
	json_str(&j, "event", "phase");
	json_uint(&j, "max", UINT64_MAX);
	json_int(&j, "min", INT64_MIN);
	json_bool(&j, "t", true);
	json_bool(&j, "f", false);
	json_null(&j, "n");
	json_str(&j, "s", NULL);
	json_arr_begin(&j, "dns");
	json_str(&j, NULL, "192.168.30.1");
	json_uint(&j, NULL, 7);
	json_obj_begin(&j, NULL);
	json_obj_end(&j);
	json_arr_begin(&j, NULL);
	json_arr_end(&j);
	json_arr_end(&j);
	json_obj_begin(&j, "o");
	json_int(&j, "x", -1);
	json_obj_end(&j);
	json_obj_end(&j);
	assert_int_equal(json_finish(&j), (int)strlen(buf));
	assert_string_equal(buf, "{\"event\":\"phase\",\"max\":18446744073709551615,"
				 "\"min\":-9223372036854775808,\"t\":true,\"f\":false,\"n\":null,"
				 "\"s\":null,\"dns\":[\"192.168.30.1\",7,{},[]],\"o\":{\"x\":-1}}");
}

static void test_escapes(void **state)
{
	char buf[128];

	(void)state;
	assert_string_equal(str_value(buf, sizeof(buf), "a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
	assert_string_equal(str_value(buf, sizeof(buf), "\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
	assert_string_equal(str_value(buf, sizeof(buf), "\x01\x1f\x7f"), "\"\\u0001\\u001f\x7f\"");
	assert_string_equal(str_value(buf, sizeof(buf), ""), "\"\"");
	/* Member names are escaped the same way. */
	{
		struct json j;

		json_init(&j, buf, sizeof(buf));
		json_obj_begin(&j, NULL);
		json_uint(&j, "k\"\n", 1);
		json_obj_end(&j);
		assert_true(json_finish(&j) > 0);
		assert_string_equal(buf, "{\"k\\\"\\n\":1}");
	}
}

static void test_utf8(void **state)
{
	char buf[128];

	(void)state;
	/* Valid sequences of 2, 3 and 4 bytes, the edges included, pass through unchanged. */
	assert_string_equal(str_value(buf, sizeof(buf), "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
			    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	assert_string_equal(str_value(buf, sizeof(buf), "\xc2\x80\xef\xbf\xbf\xf4\x8f\xbf\xbf"),
			    "\"\xc2\x80\xef\xbf\xbf\xf4\x8f\xbf\xbf\"");
	/* Each byte of an invalid sequence becomes U+FFFD (RFC 3629 section 3 and 10). */
	assert_string_equal(str_value(buf, sizeof(buf), "a\xff" "b"), "\"a\\ufffdb\"");
	assert_string_equal(str_value(buf, sizeof(buf), "\xc0\x80"), "\"\\ufffd\\ufffd\"");
	assert_string_equal(str_value(buf, sizeof(buf), "\xe0\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(str_value(buf, sizeof(buf), "\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(str_value(buf, sizeof(buf), "\xf4\x90\x80\x80"),
			    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* A sequence cut by the end of the string. */
	assert_string_equal(str_value(buf, sizeof(buf), "x\xe2\x82"), "\"x\\ufffd\\ufffd\"");
	assert_string_equal(str_value(buf, sizeof(buf), "\xf0\x9f\x98"), "\"\\ufffd\\ufffd\\ufffd\"");
}

static void test_overflow(void **state)
{
	char buf[16];
	struct json j;

	(void)state;
	/* "\"0123456789ab\"" is 14 characters: it fits in 15 (plus NUL), not in 14. */
	assert_non_null(str_value(buf, 15, "0123456789ab"));
	assert_string_equal(buf, "\"0123456789ab\"");
	assert_null(str_value(buf, 14, "0123456789ab"));
	assert_true(strlen(buf) < 14);
	json_init(&j, buf, 14);
	json_str(&j, NULL, "0123456789ab");
	assert_int_equal(json_finish(&j), -EMSGSIZE);
	/* The error sticks: nothing written later makes it fit. */
	json_init(&j, buf, 4);
	json_arr_begin(&j, NULL);
	json_str(&j, NULL, "long");
	json_arr_end(&j);
	assert_int_equal(json_finish(&j), -EMSGSIZE);
	json_init(&j, buf, 0);
	assert_int_equal(json_finish(&j), -EMSGSIZE);
}

static void test_misuse(void **state)
{
	char buf[64];
	struct json j;

	(void)state;
	json_init(&j, buf, sizeof(buf));
	assert_int_equal(json_finish(&j), -EINVAL);	/* nothing written */

	json_init(&j, buf, sizeof(buf));
	json_obj_begin(&j, NULL);
	json_uint(&j, NULL, 1);				/* no name inside an object */
	assert_int_equal(json_finish(&j), -EINVAL);

	json_init(&j, buf, sizeof(buf));
	json_arr_begin(&j, NULL);
	json_uint(&j, "k", 1);				/* a name inside an array */
	assert_int_equal(json_finish(&j), -EINVAL);

	json_init(&j, buf, sizeof(buf));
	json_obj_begin(&j, NULL);
	assert_int_equal(json_finish(&j), -EINVAL);	/* left open */
	json_arr_end(&j);				/* the wrong bracket */
	assert_int_equal(json_finish(&j), -EINVAL);

	json_init(&j, buf, sizeof(buf));
	json_obj_end(&j);				/* nothing open */
	assert_int_equal(json_finish(&j), -EINVAL);

	json_init(&j, buf, sizeof(buf));
	json_uint(&j, NULL, 1);
	json_uint(&j, NULL, 2);				/* a second top-level value */
	assert_int_equal(json_finish(&j), -EINVAL);

	json_init(&j, buf, sizeof(buf));
	for (int i = 0; i <= JSON_DEPTH_MAX; i++)
		json_arr_begin(&j, NULL);
	assert_int_equal(json_finish(&j), -EINVAL);	/* deeper than JSON_DEPTH_MAX */
}

static struct json_span span(const char *s)
{
	return (struct json_span){ s, strlen(s) };
}

static void test_read(void **state)
{
	const char *doc = " {\"a\" : 1, \"s\":\"x\\\"y\\u00e9\\ud83d\\ude00\\n\", \"arr\":[\"p\", [1,2], {\"k\":null}],"
			  " \"o\":{\"k\":\"v\",\"n\":-2.5e3}, \"t\":true, \"e\\u0041\":{}} ";
	struct json_span v, w;
	char out[64];

	(void)state;
	assert_int_equal(json_member(span(doc), "a", &v), 0);
	assert_int_equal(json_text(v, out, sizeof(out)), 0);
	assert_string_equal(out, "1");
	assert_int_equal(json_member(span(doc), "s", &v), 0);
	assert_int_equal(json_text(v, out, sizeof(out)), 0);
	assert_string_equal(out, "x\"y\xc3\xa9\xf0\x9f\x98\x80\n");
	assert_int_equal(json_text(v, out, 8), -EMSGSIZE);
	assert_int_equal(json_member(span(doc), "arr", &v), 0);
	assert_int_equal(json_elem(v, 0, &w), 0);
	assert_int_equal(json_text(w, out, sizeof(out)), 0);
	assert_string_equal(out, "p");
	assert_int_equal(json_elem(v, 1, &w), 0);
	assert_int_equal((int)w.len, 5);
	assert_int_equal(json_elem(v, 2, &w), 0);
	assert_int_equal(json_member(w, "k", &w), 0);
	assert_int_equal(json_text(w, out, sizeof(out)), 0);
	assert_string_equal(out, "null");
	assert_int_equal(json_elem(v, 3, &w), -ENOENT);
	assert_int_equal(json_member(span(doc), "o", &v), 0);
	assert_int_equal(json_member(v, "n", &w), 0);
	assert_int_equal(json_text(w, out, sizeof(out)), 0);
	assert_string_equal(out, "-2.5e3");
	assert_int_equal(json_member(v, "a", &w), -ENOENT);	/* only the object's own members */
	assert_int_equal(json_member(span(doc), "eA", &v), 0);	/* names are compared decoded */
	assert_int_equal(json_member(span(doc), "missing", &v), -ENOENT);
	assert_int_equal(json_elem(span(doc), 0, &v), -EBADMSG);	/* an object is no array */
	assert_int_equal(json_elem(span("[]"), 0, &v), -ENOENT);
}

static void test_read_bad(void **state)
{
	static const char *const bad[] = {
		"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{a:1}",
		"{\"a\":\"x}", "{\"a\":[1,2}", "{\"a\":\"\x01\"}", "[[[[[[[[[[[[]]]]]]]]]]]]",
	};
	struct json_span v;
	char out[16];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = strchr(bad[i], '[') == bad[i] ? json_elem(span(bad[i]), 0, &v)
						       : json_member(span(bad[i]), "a", &v);

		if (r != -EBADMSG)
			fail_msg("case %zu \"%s\": %d, expected -EBADMSG", i, bad[i], r);
	}
	/* String decoding refuses what cannot be a C string or is not a pair. */
	assert_int_equal(json_text(span("\"a\\u0000\""), out, sizeof(out)), -EBADMSG);
	assert_int_equal(json_text(span("\"\\ud83d\""), out, sizeof(out)), -EBADMSG);
	assert_int_equal(json_text(span("\"\\ude00\""), out, sizeof(out)), -EBADMSG);
	assert_int_equal(json_text(span("\"\\u12\""), out, sizeof(out)), -EBADMSG);
	assert_int_equal(json_text(span("\"\\q\""), out, sizeof(out)), -EBADMSG);
	assert_int_equal(json_text(span("\"abc"), out, sizeof(out)), -EBADMSG);
}

/* What the writer writes, the reader reads back byte for byte (valid UTF-8 input). */
static void test_round_trip(void **state)
{
	const char *in = "q\"b\\s/\b\f\n\r\t\x01\x1f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 end";
	char buf[256], out[128];
	struct json j;
	struct json_span v;
	int len;

	(void)state;
	json_init(&j, buf, sizeof(buf));
	json_obj_begin(&j, NULL);
	json_str(&j, "k", in);
	json_obj_end(&j);
	len = json_finish(&j);
	assert_true(len > 0);
	assert_int_equal(json_member((struct json_span){ buf, (size_t)len }, "k", &v), 0);
	assert_int_equal(json_text(v, out, sizeof(out)), 0);
	assert_string_equal(out, in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_object),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_read_bad),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
