// SPDX-License-Identifier: MIT
/* struct secret: credentials read from a file, a descriptor, the environment or the terminal, zeroed on free. */
#include "auth/auth.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/*
 * Lines are read into a fixed stack buffer, one byte at a time (so a descriptor is never read
 * past the newline), then copied once into an exactly sized heap buffer: nothing is ever
 * reallocated, and the stack copy is zeroed on every path.
 */
struct secret_line {
	char buf[SECRET_MAX_LEN + 2];
	size_t len;
};

void secret_free(struct secret *s)
{
	if (!s)
		return;
	if (s->buf) {
		explicit_bzero(s->buf, s->len + 1);
		free(s->buf);
	}
	s->buf = NULL;
	s->len = 0;
}

int secret_set(struct secret *s, const char *value, size_t len)
{
	char *buf;

	if (!s || (!value && len))
		return -EINVAL;
	if (len > SECRET_MAX_LEN)
		return -EMSGSIZE;
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	if (len)
		memcpy(buf, value, len);
	buf[len] = '\0';
	secret_free(s);
	s->buf = buf;
	s->len = len;
	return 0;
}

/* Reads up to '\n' or end of file; strips "\n" or "\r\n". -EMSGSIZE past SECRET_MAX_LEN. */
static int read_line(int fd, struct secret_line *line)
{
	ssize_t n;
	char c;

	line->len = 0;
	for (;;) {
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0 || c == '\n')
			break;
		if (line->len > SECRET_MAX_LEN) {
			c = 0;
			return -EMSGSIZE;
		}
		line->buf[line->len++] = c;
	}
	c = 0;
	if (line->len && line->buf[line->len - 1] == '\r')
		line->len--;
	if (line->len > SECRET_MAX_LEN)
		return -EMSGSIZE;
	return 0;
}

/* read_line, then refuse an empty line and store the result in s. */
static int secret_read_fd(struct secret *s, int fd)
{
	struct secret_line line;
	int ret;

	ret = read_line(fd, &line);
	if (ret < 0)
		goto out;
	if (line.len == 0) {
		ret = -EINVAL;
		goto out;
	}
	ret = secret_set(s, line.buf, line.len);
out:
	explicit_bzero(&line, sizeof(line));
	return ret;
}

int secret_from_fd(struct secret *s, int fd)
{
	if (!s || fd < 0)
		return -EINVAL;
	return secret_read_fd(s, fd);
}

int secret_from_file(struct secret *s, const char *path)
{
	int fd, ret;

	if (!s || !path)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	ret = secret_read_fd(s, fd);
	close(fd);
	return ret;
}

int secret_from_env(struct secret *s, const char *name)
{
	char *value;
	size_t len;
	int ret;

	if (!s || !name || !*name || strchr(name, '='))
		return -EINVAL;
	value = getenv(name);
	if (!value)
		return -ENOENT;
	len = strlen(value);
	if (len == 0)
		ret = -EINVAL;
	else
		ret = secret_set(s, value, len);
	/*
	 * Whatever the outcome, the value leaves the environment. getenv() points into the
	 * "NAME=value" string itself (the initial environment or a setenv() copy, both writable),
	 * so it is zeroed in place first: unsetenv() alone would leave the bytes in memory.
	 */
	explicit_bzero(value, len);
	if (unsetenv(name) < 0 && ret == 0) {
		ret = -errno;
		secret_free(s);
	}
	return ret;
}

static int tty_open(void)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);

	if (fd >= 0)
		return fd;
	/* No controlling terminal (a service, a pipe-only session): one documented error. */
	if (errno == ENXIO || errno == ENOENT || errno == ENODEV || errno == ENOTTY)
		return -ENXIO;
	return -errno;
}

static int write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Echo off for the read; the saved settings are restored on every path, then a newline. */
static int tty_read_noecho(int fd, struct secret *s, const char *prompt)
{
	struct termios saved, quiet;
	int ret, restore;

	if (tcgetattr(fd, &saved) < 0)
		return errno == ENOTTY ? -ENXIO : -errno;
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) < 0)
		return -errno;
	ret = prompt ? write_all(fd, prompt, strlen(prompt)) : 0;
	if (ret == 0)
		ret = secret_read_fd(s, fd);
	restore = tcsetattr(fd, TCSAFLUSH, &saved) < 0 ? -errno : 0;
	(void)write_all(fd, "\n", 1);
	if (ret == 0 && restore < 0) {
		secret_free(s);
		ret = restore;
	}
	return ret;
}

int secret_from_tty(struct secret *s, const char *prompt)
{
	int fd, ret;

	if (!s)
		return -EINVAL;
	fd = tty_open();
	if (fd < 0)
		return fd;
	ret = tty_read_noecho(fd, s, prompt);
	close(fd);
	return ret;
}
