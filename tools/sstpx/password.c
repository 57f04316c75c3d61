// SPDX-License-Identifier: MIT
/* Where the password comes from: a file, the environment, stdin, a command, or a terminal prompt. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "password.h"
#include "secret_src.h"
#include "session.h"

/*
 * SSTPX_PASSWORD never outlives the start: not in a --password-command or --script child, not in
 * /proc/PID/environ. Zeroed in place (getenv points into the "NAME=value" string), then unset.
 */
static void drop_env_password(void)
{
	char *value = getenv("SSTPX_PASSWORD");

	if (!value)
		return;
	explicit_bzero(value, strlen(value));
	unsetenv("SSTPX_PASSWORD");
}

/*
 * The limits the protocols put on a password, checked before the first packet: RFC 2759 8.1
 * (MS-CHAPv2, always offered) allows 0 to 256 Unicode characters, counted as UTF-16 units, and
 * needs valid UTF-8 to convert; RFC 1334 2.2.1 (PAP) a one-octet Passwd-Length, 255 bytes.
 */
static int password_check(const struct session *s)
{
	uint8_t nt_hash[16];
	int ret = mschapv2_nt_hash(s->password.buf, s->password.len, nt_hash);

	explicit_bzero(nt_hash, sizeof(nt_hash));
	if (ret == -EMSGSIZE)
		log_fail("password", "longer than MS-CHAPv2 allows (256 characters, RFC 2759)");
	else if (ret == -EBADMSG)
		log_fail("password", "not valid UTF-8 (MS-CHAPv2 sends the password as Unicode)");
	else if (ret)
		log_fail("password", "%s", strerror(-ret));
	else if (s->o->allow_pap && s->password.len > PAP_FIELD_MAX)
		log_warn("password: %zu bytes, longer than PAP allows (255): only MS-CHAPv2 can use it",
			 s->password.len);
	return ret;
}

/* What went wrong, in the user's words (secret.c's errno alone says "Invalid argument"). */
static const char *read_error(int ret, bool env)
{
	switch (ret) {
	case -ENOENT:
		return env ? "not set" : strerror(-ret);
	case -EINVAL:
		return env ? "empty" : "the first line is empty";
	case -EMSGSIZE:
		return "longer than MS-CHAPv2 allows (256 characters, RFC 2759)";
	case -ENXIO:
		return "no terminal to prompt on; use --password-file, --password-env, "
		       "--password-stdin or --password-command";
	default:
		return strerror(-ret);
	}
}

int password_read(struct session *s)
{
	const struct opts *o = s->o;
	const char *env = o->password_env;
	char where[300] = "";
	int ret;

	if (!o->password_command && !o->password_file && !env && !o->password_stdin &&
	    getenv("SSTPX_PASSWORD"))
		env = "SSTPX_PASSWORD";
	if (!env || strcmp(env, "SSTPX_PASSWORD"))
		drop_env_password();	/* secret_from_env drops the one it reads */
	if (o->password_command)
		return secret_src_command(&s->password, o->password_command,
					  "--password-command") || password_check(s) ? -EINVAL : 0;
	if (o->password_file) {
		snprintf(where, sizeof(where), "%s: ", o->password_file);
		ret = secret_src_file(&s->password, o->password_file);
	} else if (env) {
		snprintf(where, sizeof(where), "environment variable %s: ", env);
		ret = secret_from_env(&s->password, env);
	} else if (o->password_stdin) {
		snprintf(where, sizeof(where), "standard input: ");
		ret = secret_from_fd(&s->password, STDIN_FILENO);
	} else {
		ret = secret_from_tty(&s->password, "Password: ");
	}
	if (ret == -EPERM && o->password_file)
		return ret;	/* perm_check said which file and how to fix it */
	if (ret)
		log_fail("password", "%s%s", where, read_error(ret, env && !o->password_file));
	return ret ? ret : password_check(s);
}
