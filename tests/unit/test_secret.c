// SPDX-License-Identifier: MIT
/* struct secret: reading from files, descriptors, the environment and a pseudo-terminal. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cmocka.h>

#include "auth/auth.h"

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/sx_secret_XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(tmpdir);
}

/* Writes len bytes to a new file in tmpdir and returns its path (static buffer). */
static const char *make_file(const char *name, const char *data, size_t len)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static int from_file(struct secret *s, const char *data, size_t len)
{
	const char *path = make_file("pw", data, len);
	int ret = secret_from_file(s, path);

	unlink(path);
	return ret;
}

static void test_file_lines(void **state)
{
	struct secret s = { 0 };

	(void)state;
	assert_int_equal(from_file(&s, "hunter2\n", 8), 0);
	assert_string_equal(s.buf, "hunter2");
	assert_int_equal(s.len, 7);
	assert_int_equal(from_file(&s, "crlf pass\r\nsecond line\n", 23), 0);
	assert_string_equal(s.buf, "crlf pass");
	assert_int_equal(s.len, 9);
	assert_int_equal(from_file(&s, "no newline", 10), 0);
	assert_string_equal(s.buf, "no newline");
	/* Spaces are part of the value; a '\r' right before end of file is stripped too. */
	assert_int_equal(from_file(&s, " a b ", 5), 0);
	assert_string_equal(s.buf, " a b ");
	assert_int_equal(from_file(&s, "pw\r", 3), 0);
	assert_string_equal(s.buf, "pw");
	secret_free(&s);
}

static void test_file_refused(void **state)
{
	struct secret s = { 0 };
	char path[128];

	(void)state;
	assert_int_equal(from_file(&s, "", 0), -EINVAL);
	assert_int_equal(from_file(&s, "\n", 1), -EINVAL);
	assert_int_equal(from_file(&s, "\r\nsecond\n", 9), -EINVAL);
	assert_null(s.buf);
	snprintf(path, sizeof(path), "%s/missing", tmpdir);
	assert_int_equal(secret_from_file(&s, path), -ENOENT);
	assert_int_equal(secret_from_file(&s, tmpdir), -EISDIR);
	assert_int_equal(secret_from_file(&s, NULL), -EINVAL);
	assert_null(s.buf);
}

static void test_file_length_limit(void **state)
{
	char big[SECRET_MAX_LEN + 8];
	struct secret s = { 0 };

	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(from_file(&s, big, SECRET_MAX_LEN), 0);
	assert_int_equal(s.len, SECRET_MAX_LEN);
	big[SECRET_MAX_LEN] = '\r';
	big[SECRET_MAX_LEN + 1] = '\n';
	assert_int_equal(from_file(&s, big, SECRET_MAX_LEN + 2), 0);
	assert_int_equal(s.len, SECRET_MAX_LEN);
	secret_free(&s);
	memset(big, 'x', sizeof(big));
	assert_int_equal(from_file(&s, big, SECRET_MAX_LEN + 1), -EMSGSIZE);
	big[SECRET_MAX_LEN + 1] = '\r';
	assert_int_equal(from_file(&s, big, SECRET_MAX_LEN + 2), -EMSGSIZE);
	assert_int_equal(from_file(&s, big, sizeof(big)), -EMSGSIZE);
	assert_null(s.buf);
}

static void test_fd_pipe(void **state)
{
	struct secret s = { 0 };
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "first\nsecond\r\nlast", 18), 18);
	assert_int_equal(close(p[1]), 0);
	/* Read byte by byte: each call consumes exactly one line and no more. */
	assert_int_equal(secret_from_fd(&s, p[0]), 0);
	assert_string_equal(s.buf, "first");
	assert_int_equal(secret_from_fd(&s, p[0]), 0);
	assert_string_equal(s.buf, "second");
	assert_int_equal(secret_from_fd(&s, p[0]), 0);
	assert_string_equal(s.buf, "last");
	assert_int_equal(s.len, 4);
	/* At end of file nothing is left: refused, and the old value stays. */
	assert_int_equal(secret_from_fd(&s, p[0]), -EINVAL);
	assert_string_equal(s.buf, "last");
	assert_int_equal(close(p[0]), 0);
	assert_int_equal(secret_from_fd(&s, p[0]), -EBADF);
	assert_int_equal(secret_from_fd(&s, -1), -EINVAL);
	secret_free(&s);
}

static void test_env(void **state)
{
	struct secret s = { 0 };
	char *orig;

	(void)state;
	assert_int_equal(setenv("SX_TEST_SECRET", "s3cret value", 1), 0);
	orig = getenv("SX_TEST_SECRET");
	assert_non_null(orig);
	assert_int_equal(secret_from_env(&s, "SX_TEST_SECRET"), 0);
	assert_string_equal(s.buf, "s3cret value");
	assert_int_equal(s.len, 12);
	assert_null(getenv("SX_TEST_SECRET"));
	/* glibc keeps setenv() strings after unsetenv(): the bytes there must be gone too. */
	assert_int_equal(orig[0], '\0');
	assert_int_equal(secret_from_env(&s, "SX_TEST_SECRET"), -ENOENT);
	assert_string_equal(s.buf, "s3cret value");
	assert_int_equal(setenv("SX_TEST_SECRET", "", 1), 0);
	assert_int_equal(secret_from_env(&s, "SX_TEST_SECRET"), -EINVAL);
	assert_null(getenv("SX_TEST_SECRET"));
	assert_int_equal(secret_from_env(&s, "A=B"), -EINVAL);
	assert_int_equal(secret_from_env(&s, ""), -EINVAL);
	secret_free(&s);
}

static void test_env_too_long(void **state)
{
	char big[SECRET_MAX_LEN + 2];
	struct secret s = { 0 };

	(void)state;
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(setenv("SX_TEST_SECRET", big, 1), 0);
	assert_int_equal(secret_from_env(&s, "SX_TEST_SECRET"), -EMSGSIZE);
	assert_null(getenv("SX_TEST_SECRET"));
	assert_null(s.buf);
}

static void test_set_free(void **state)
{
	char big[SECRET_MAX_LEN + 1];
	struct secret s = { 0 };

	(void)state;
	secret_free(&s);	/* unset: a no-op */
	secret_free(NULL);
	assert_int_equal(secret_set(&s, "abc", 3), 0);
	assert_string_equal(s.buf, "abc");
	assert_int_equal(secret_set(&s, "a\0b", 3), 0);
	assert_int_equal(s.len, 3);
	assert_memory_equal(s.buf, "a\0b", 4);
	assert_int_equal(secret_set(&s, "", 0), 0);
	assert_string_equal(s.buf, "");
	memset(big, 'z', sizeof(big));
	assert_int_equal(secret_set(&s, big, SECRET_MAX_LEN + 1), -EMSGSIZE);
	assert_string_equal(s.buf, "");
	assert_int_equal(secret_set(&s, big, SECRET_MAX_LEN), 0);
	assert_int_equal(s.len, SECRET_MAX_LEN);
	assert_int_equal(secret_set(&s, NULL, 1), -EINVAL);
	assert_int_equal(secret_set(NULL, "a", 1), -EINVAL);
	secret_free(&s);
	assert_null(s.buf);
	assert_int_equal(s.len, 0);
	secret_free(&s);
	assert_null(s.buf);
}

/* In a new session without a controlling terminal, /dev/tty does not open. */
static void test_tty_none(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct secret s = { 0 };

		if (setsid() < 0)
			_exit(2);
		_exit(secret_from_tty(&s, "Password: ") == -ENXIO && !s.buf ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Child: makes the pty its controlling terminal, reads the secret, checks echo is back on. */
static void tty_child(const char *slave_name)
{
	struct secret s = { 0 };
	struct termios t;
	int fd, ret;

	if (setsid() < 0)
		_exit(10);
	fd = open(slave_name, O_RDWR);	/* a session leader's first tty becomes its terminal */
	if (fd < 0)
		_exit(11);
	ret = secret_from_tty(&s, "Password: ");
	if (ret != 0)
		_exit(12);
	if (strcmp(s.buf, "tty pw") != 0 || s.len != 6)
		_exit(13);
	if (tcgetattr(fd, &t) < 0 || !(t.c_lflag & ECHO))
		_exit(14);
	secret_free(&s);
	_exit(0);
}

/*
 * Reads what the terminal shows into out until `until` appears or the child is done. The 30 s
 * poll only bounds a hang: a forked ASan child on loaded cores may take seconds to prompt.
 */
static size_t read_master(int master, char *out, size_t cap, const char *until)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	size_t len = 0;
	ssize_t n;

	while (len + 1 < cap && poll(&pfd, 1, 30000) > 0) {
		n = read(master, out + len, cap - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		out[len] = '\0';
		if (until && strstr(out, until))
			break;
	}
	out[len] = '\0';
	return len;
}

static void test_tty_echo_off(void **state)
{
	char shown[256];
	int master, status;
	pid_t pid;

	(void)state;
	master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		tty_child(ptsname(master));
	read_master(master, shown, sizeof(shown), "Password: ");
	assert_non_null(strstr(shown, "Password: "));
	assert_int_equal(write(master, "tty pw\n", 7), 7);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* With echo off the terminal shows only the newline printed afterwards, not the password. */
	read_master(master, shown, sizeof(shown), NULL);
	assert_null(strstr(shown, "tty pw"));
	assert_non_null(strchr(shown, '\n'));
	close(master);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_lines),
		cmocka_unit_test(test_file_refused),
		cmocka_unit_test(test_file_length_limit),
		cmocka_unit_test(test_fd_pipe),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_env_too_long),
		cmocka_unit_test(test_set_free),
		cmocka_unit_test(test_tty_none),
		cmocka_unit_test(test_tty_echo_off),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
