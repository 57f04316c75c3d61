// SPDX-License-Identifier: MIT
/*
 * The config file: `key = value` lines whose keys are the long options of opts_table (a flag is
 * `key` or `key = yes|no`), `server = HOST[:PORT]` for the operand, `#` comments. A relative
 * FILE or PATH value is relative to the config file's folder, not the working directory. Read
 * where --config appears, so later options override it and repeatable ones add to it. A file
 * that others can write is refused before it is read (perm.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "opts.h"
#include "path.h"
#include "perm.h"

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static const struct opt_def *find_key(const char *key)
{
	for (size_t i = 0; i < opts_count; i++)
		if (!strcmp(opts_table[i].name, key))
			return &opts_table[i];
	return NULL;
}

/* A flag's value: absent or yes/true/1 sets it; no/false/0 leaves it unset. */
static int flag_value(const char *v)
{
	if (!v || !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		return 1;
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		return 0;
	return -1;
}

/*
 * Values are kept for the life of the process, like argv (opts borrows them), on a list that
 * stays reachable, so a leak checker at exit sees them as what they are.
 */
struct kept_value {
	struct kept_value *next;
	char s[];
};

static struct kept_value *kept;

static char *keep(const char *value)
{
	size_t len = strlen(value) + 1;
	struct kept_value *k = malloc(sizeof(*k) + len);

	if (!k)
		return NULL;
	memcpy(k->s, value, len);
	k->next = kept;
	kept = k;
	return k->s;
}

/* A FILE or PATH value of a profile is relative to the profile's folder `dir`. */
static const char *resolve(const struct opt_def *d, const char *dir, const char *value)
{
	if (!d->arg_name)
		return value;
	if (!strcmp(d->arg_name, "PATH"))
		return path_command_abs(dir, value);
	if (!strcmp(d->arg_name, "FILE"))
		return path_abs(dir, value);
	return value;
}

static const char *apply(struct opts *o, const char *dir, const char *key, const char *value)
{
	const struct opt_def *d;
	char *copy;
	int f;

	if (!strcmp(key, "server"))	/* opts_set_server copies what it keeps */
		return value ? opts_set_server(o, value) : "needs a value";
	if (!strcmp(key, "config") || !strcmp(key, "help"))
		return "not allowed in a config file";
	if (!strcmp(key, "password"))
		return "passwords never go in the config file: use password-file";
	d = find_key(key);
	if (!d)
		return "unknown key";
	if (!d->has_arg) {
		f = flag_value(value);
		if (f < 0)
			return "want yes or no";
		return f ? d->set(o, NULL) : NULL;
	}
	if (!value || !*value)
		return "needs a value";
	value = resolve(d, dir, value);
	if (!value)
		return "out of memory";
	copy = keep(value);
	return copy ? d->set(o, copy) : "out of memory";
}

int config_read(struct opts *o, const char *path)
{
	char line[1024], dir[PATH_MAX];
	unsigned n = 0;
	FILE *f = fopen(path, "re");
	int ret = 0;

	if (!f) {
		ret = -errno;
		fprintf(stderr, "sstpx: --config: \"%s\": %s\n", path, strerror(-ret));
		return ret;
	}
	/* Checked on the open file, so the file checked is the file read. */
	ret = perm_check(fileno(f), path, PERM_CONFIG);
	if (!ret && (ret = path_dir_of(path, dir)))
		fprintf(stderr, "sstpx: --config: \"%s\": %s\n", path, strerror(-ret));
	while (!ret && fgets(line, sizeof(line), f)) {
		char *key = line, *value = NULL, *eq, *hash = strchr(line, '#');
		const char *why;

		n++;
		if (hash)
			*hash = '\0';
		eq = strchr(line, '=');
		if (eq) {
			*eq = '\0';
			value = trim(eq + 1);
		}
		key = trim(key);
		if (!*key)
			continue;
		why = apply(o, dir, key, value);
		/*
		 * Nothing read from the file is echoed: --config may point at a file that is not
		 * ours (a symlink to /etc/shadow, a password file). A key we know is named.
		 */
		if (why && (find_key(key) || !strcmp(key, "server") || !strcmp(key, "password")))
			fprintf(stderr, "sstpx: %s:%u: %s: %s\n", path, n, key, why);
		else if (why)
			fprintf(stderr, "sstpx: %s:%u: %s (the line is not shown; the keys are the "
				"long option names, see sstpx.conf(5))\n", path, n, why);
		if (why)
			ret = -EINVAL;
	}
	fclose(f);
	return ret;
}
