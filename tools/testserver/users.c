// SPDX-License-Identifier: MIT
/* The --users file (lines "name:password", '#' comments) and the lookups the authenticators call. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "tsrv.h"

#define USERS_MAX 64

struct user {
	char *name;
	struct secret password;
};

struct users {
	size_t n;
	struct user u[USERS_MAX];
};

void users_free(struct users *us)
{
	if (!us)
		return;
	for (size_t i = 0; i < us->n; i++) {
		free(us->u[i].name);
		secret_free(&us->u[i].password);
	}
	free(us);
}

/* One line without its end; blank lines and comments are skipped. 0 or -EBADMSG. */
static int add_line(struct users *us, char *line)
{
	char *colon;
	struct user *u;

	line[strcspn(line, "\r\n")] = '\0';
	if (!line[0] || line[0] == '#')
		return 0;
	colon = strchr(line, ':');	/* the name ends at the first ':'; the password may hold more */
	if (!colon || colon == line || !colon[1] || us->n == USERS_MAX)
		return -EBADMSG;
	*colon = '\0';
	u = &us->u[us->n];
	u->name = strdup(line);
	if (!u->name || secret_set(&u->password, colon + 1, strlen(colon + 1))) {
		free(u->name);
		return -ENOMEM;
	}
	us->n++;
	return 0;
}

int users_load(const char *path, struct users **out)
{
	struct users *us = calloc(1, sizeof(*us));
	char line[1200];
	unsigned lineno = 0;
	FILE *f;
	int ret = 0;

	if (!us)
		return -ENOMEM;
	f = fopen(path, "re");
	if (!f) {
		ret = -errno;
		tlog(SX_LOG_ERR, "--users \"%s\": %s", path, strerror(errno));
		goto out;
	}
	while (!ret && fgets(line, sizeof(line), f)) {
		lineno++;
		ret = add_line(us, line);
		if (ret)
			tlog(SX_LOG_ERR, "--users \"%s\" line %u: expected name:password", path, lineno);
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	if (!ret && !us->n) {
		tlog(SX_LOG_ERR, "--users \"%s\": no users", path);
		ret = -EBADMSG;
	}
out:
	if (ret) {
		users_free(us);
		us = NULL;
	}
	*out = us;
	return ret;
}

static const struct user *find(const struct users *us, const char *name)
{
	for (size_t i = 0; i < us->n; i++)
		if (!strcmp(us->u[i].name, name))
			return &us->u[i];
	return NULL;
}

bool users_chap_lookup(void *ctx, const char *user, uint8_t nt_hash[static 16])
{
	const struct user *u = find(ctx, user);

	return u && !mschapv2_nt_hash(u->password.buf, u->password.len, nt_hash);
}

bool users_pap_lookup(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
		      size_t *password_len)
{
	const struct user *u = find(ctx, user);

	if (!u || u->password.len > PAP_FIELD_MAX)
		return false;
	memcpy(password, u->password.buf, u->password.len);
	*password_len = u->password.len;
	return true;
}
