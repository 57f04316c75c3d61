// SPDX-License-Identifier: MIT
/* Where the password comes from: a file, the environment, stdin, a command, or a terminal prompt. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "password.h"
#include "session.h"

int password_read(struct session *s)
{
	const struct opts *o = s->o;
	int ret;

	if (o->password_file)
		ret = secret_from_file(&s->password, o->password_file);
	else if (o->password_env)
		ret = secret_from_env(&s->password, o->password_env);
	else if (o->password_stdin)
		ret = secret_from_fd(&s->password, STDIN_FILENO);
	else if (getenv("SSTPX_PASSWORD"))
		ret = secret_from_env(&s->password, "SSTPX_PASSWORD");
	else
		ret = secret_from_tty(&s->password, "Password: ");
	if (ret)
		log_fail("password", "%s%s%s", o->password_file ? o->password_file : "",
			 o->password_file ? ": " : "",
			 ret == -ENXIO ? "no terminal to prompt on; use --password-file, "
					 "--password-env or --password-stdin" : strerror(-ret));
	return ret;
}
