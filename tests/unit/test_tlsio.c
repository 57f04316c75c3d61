// SPDX-License-Identifier: MIT
/* tools/tlsio: the key log is opened safely, versions parse, and a context takes our lists only. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tlsio/tlsio.h"

static char dir[64];
static char path[128];

static void *new_ctx(void)
{
	struct tlsio_policy p = { .ciphers = TLSIO_CIPHERS_DEFAULT, .sigalgs = TLSIO_SIGALGS_DEFAULT };
	const char *why;
	void *ctx;

	assert_int_equal(tlsio_ctx_new(&ctx, TLSIO_CLIENT, &p, &why), 0);
	return ctx;
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_tlsio.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	tlsio_keylog_close();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* Security 4: a new key log is created 0600 whatever the umask. */
static void keylog_created_0600(void **state)
{
	void *ctx = new_ctx();
	mode_t old = umask(0);
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/keys", dir);
	assert_int_equal(tlsio_keylog_open(ctx, path), 0);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	tlsio_keylog_close();
	tlsio_ctx_free(ctx);
}

/* A symlink (even to our own 0600 file) is refused and the target stays untouched. */
static void keylog_symlink_refused(void **state)
{
	void *ctx = new_ctx();
	char target[128];
	struct stat st;
	FILE *f;

	(void)state;
	snprintf(target, sizeof(target), "%s/target", dir);
	snprintf(path, sizeof(path), "%s/link", dir);
	f = fopen(target, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(target, 0600), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(tlsio_keylog_open(ctx, path), -ELOOP);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_size, 0);
	tlsio_ctx_free(ctx);
}

/* An existing file others may read or write is refused; our own 0600 file is appended to. */
static void keylog_mode_checked(void **state)
{
	void *ctx = new_ctx();
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/shared", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("kept\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(tlsio_keylog_open(ctx, path), -EPERM);
	assert_int_equal(chmod(path, 0620), 0);
	assert_int_equal(tlsio_keylog_open(ctx, path), -EPERM);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(tlsio_keylog_open(ctx, path), 0);
	tlsio_keylog_close();
	tlsio_ctx_free(ctx);
}

/* A file another user owns is refused (needs root to chown; skipped otherwise). */
static void keylog_other_owner_refused(void **state)
{
	void *ctx;
	FILE *f;

	(void)state;
	if (geteuid()) {
		skip();
		return;
	}
	ctx = new_ctx();
	snprintf(path, sizeof(path), "%s/theirs", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(chown(path, 65534, 65534), 0);
	assert_int_equal(tlsio_keylog_open(ctx, path), -EPERM);
	tlsio_ctx_free(ctx);
}

static void versions(void **state)
{
	enum tlsio_version v;

	(void)state;
	assert_int_equal(tlsio_version_parse("1.2", &v), 0);
	assert_int_equal(v, TLSIO_TLS12);
	assert_int_equal(tlsio_version_parse("1.3", &v), 0);
	assert_int_equal(v, TLSIO_TLS13);
	assert_int_equal(tlsio_version_parse("1.1", &v), 0);
	assert_int_equal(v, TLSIO_TLS11);
	assert_int_equal(tlsio_version_parse("1.0", &v), -EINVAL);
	assert_int_equal(tlsio_version_parse("", &v), -EINVAL);
	assert_string_equal(tlsio_version_name(TLSIO_TLS13), "TLS 1.3");
}

/* The default lists are accepted by this wolfSSL; an unknown suite name is refused with words. */
static void cipher_lists(void **state)
{
	struct tlsio_policy p = { .ciphers = "NOT-A-SUITE" };
	const char *why = NULL;
	void *ctx = NULL;

	(void)state;
	tlsio_ctx_free(new_ctx());
	assert_int_equal(tlsio_ctx_new(&ctx, TLSIO_CLIENT, &p, &why), -EINVAL);
	assert_null(ctx);
	assert_non_null(strstr(why, "cipher suite"));
	p.ciphers = NULL;
	p.sigalgs = "RSA+MD5";
	assert_int_equal(tlsio_ctx_new(&ctx, TLSIO_CLIENT, &p, &why), -EINVAL);
	assert_non_null(strstr(why, "signature"));
	p = (struct tlsio_policy){ .min = TLSIO_TLS13 };
	assert_int_equal(tlsio_ctx_new(&ctx, TLSIO_CLIENT, &p, &why), 0);
	tlsio_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(keylog_created_0600, setup, teardown),
		cmocka_unit_test_setup_teardown(keylog_symlink_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(keylog_mode_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(keylog_other_owner_refused, setup, teardown),
		cmocka_unit_test(versions),
		cmocka_unit_test(cipher_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
