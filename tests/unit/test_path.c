// SPDX-License-Identifier: MIT
/* tools/sstpx/path.c: relative --script and profile paths made absolute (issue 15 bug 4). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tools/sstpx/path.h"

static void file_against_dir(void **state)
{
	(void)state;
	assert_string_equal(path_abs("/etc/sstpx", "pw"), "/etc/sstpx/pw");
	assert_string_equal(path_abs("/etc/sstpx", "./certs/ca.pem"), "/etc/sstpx/certs/ca.pem");
	assert_string_equal(path_abs("/etc/sstpx", "../x"), "/etc/sstpx/../x");
	assert_string_equal(path_abs("/", "pw"), "/pw");
	assert_string_equal(path_abs("/etc/sstpx", "/abs/pw"), "/abs/pw");
}

static void file_against_cwd(void **state)
{
	char cwd[PATH_MAX], want[PATH_MAX + 8];

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(want, sizeof(want), "%s%shook", cwd, strcmp(cwd, "/") ? "/" : "");
	assert_string_equal(path_abs(NULL, "./hook"), want);
}

static void command_first_word(void **state)
{
	(void)state;
	/* The case of the bug: `cleanup` from another directory ran "./hook.sh" there. */
	assert_string_equal(path_command_abs("/etc/sstpx", "./hook.sh"), "/etc/sstpx/hook.sh");
	assert_string_equal(path_command_abs("/etc/sstpx", "./hook.sh a ./b"),
			    "/etc/sstpx/hook.sh a ./b");
	assert_string_equal(path_command_abs("/etc/sstpx", "bin/hook\targ"), "/etc/sstpx/bin/hook\targ");
	/* A folder sh would split or expand is quoted. */
	assert_string_equal(path_command_abs("/tmp/a b'c", "./h"), "'/tmp/a b'\\''c'/h");
	assert_string_equal(path_command_abs("/", "./h x"), "/h x");
}

static void command_left_alone(void **state)
{
	static const char *const same[] = {
		"/usr/share/vpnc-scripts/vpnc-script",	/* absolute */
		"vpnc-script",				/* a bare name: sh searches PATH */
		"sh ./hook.sh",				/* the path is not the first word */
		"'./my hook.sh'",			/* quoted: left to the shell */
		"$HOME/hook.sh",
		"~/hook.sh",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		assert_ptr_equal(path_command_abs("/etc/sstpx", same[i]), same[i]);
}

static void dir_of(void **state)
{
	char dir[PATH_MAX], cwd[PATH_MAX];

	(void)state;
	assert_int_equal(path_dir_of("/etc/passwd", dir), 0);
	assert_string_equal(dir, "/etc");
	assert_int_equal(path_dir_of("/x", dir), 0);
	assert_string_equal(dir, "/");
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(path_dir_of("some.conf", dir), 0);
	assert_string_equal(dir, cwd);
	assert_true(path_dir_of("/no/such/folder/x.conf", dir) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_against_dir),
		cmocka_unit_test(file_against_cwd),
		cmocka_unit_test(command_first_word),
		cmocka_unit_test(command_left_alone),
		cmocka_unit_test(dir_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
