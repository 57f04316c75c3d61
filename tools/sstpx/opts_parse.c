// SPDX-License-Identifier: MIT
/*
 * The command line of `sstpx connect` through opts_table (opts.c): getopt_long, --config (read by
 * config.c where it appears), the HOST[:PORT] operand, the checks across options, and --help's
 * option list.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "opts.h"

static const char password_sources[] =
	"passwords are never taken from the command line; use --password-file, --password-env, "
	"--password-stdin, --password-command, or type it at the terminal's prompt";

/* An option's value is echoed in errors, except for the password-* options (it may be a secret). */
static int usage_error(const char *name, const char *arg, const char *why)
{
	if (arg && strncmp(name, "password", 8))
		fprintf(stderr, "sstpx: --%s: \"%s\": %s\n", name, arg, why);
	else
		fprintf(stderr, "sstpx: --%s: %s\n", name, why);
	return -EINVAL;
}

/* ARG is one of our options (--name, --name=..., -x): then it is no option's value. */
static bool is_option(const char *arg)
{
	size_t len = strcspn(arg, "=");

	if (arg[0] != '-')
		return false;
	for (size_t i = 0; i < opts_count; i++)
		if ((arg[1] == '-' && len == strlen(opts_table[i].name) + 2 &&
		     !strncmp(arg + 2, opts_table[i].name, len - 2)) ||
		    (arg[1] && arg[1] == opts_table[i].short_name && !arg[2]))
			return true;
	return false;
}

/* getopt's '?': the option is named without its `=value` (`--password=...` holds a secret). */
static int unknown_option(const char *arg, int short_opt)
{
	if (short_opt)
		fprintf(stderr, "sstpx: -%c: unknown option or missing value\n", short_opt);
	else
		fprintf(stderr, "sstpx: %.*s: unknown option or missing value\n",
			(int)strcspn(arg, "="), arg);
	if (!short_opt && !strncmp(arg, "--pass", 6))
		fprintf(stderr, "sstpx: %s\n", password_sources);
	return -EINVAL;
}

int opts_parse(struct opts *o, int argc, char **argv)
{
	struct option lo[OPTS_TABLE_MAX + 1];
	char shorts[3 * OPTS_TABLE_MAX + 1] = "";
	size_t ns = 0;
	int c, idx;

	memset(lo, 0, sizeof(lo));
	for (size_t i = 0; i < opts_count; i++) {
		lo[i] = (struct option){ opts_table[i].name, opts_table[i].has_arg, NULL, 0 };
		if (opts_table[i].short_name) {
			shorts[ns++] = opts_table[i].short_name;
			if (opts_table[i].has_arg)
				shorts[ns++] = ':';
		}
	}
	shorts[ns] = '\0';
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, lo, &idx)) != -1) {
		const char *why;

		if (c == '?' || c == ':')
			return unknown_option(argv[optind - 1], optopt);
		if (c != 0) {
			for (idx = 0; (size_t)idx < opts_count; idx++)
				if (opts_table[idx].short_name == c)
					break;
		}
		if (optarg && is_option(optarg))	/* `--user --password-file pw` */
			return usage_error(opts_table[idx].name, NULL, "missing value (the next "
					   "argument is an option)");
		if (!opts_table[idx].set) {	/* --config: config_read says where and why */
			if (config_read(o, optarg))
				return -EINVAL;
			continue;
		}
		why = opts_table[idx].set(o, optarg);
		if (why)
			return usage_error(opts_table[idx].name, optarg, why);
	}
	if (o->help)
		return 0;
	if (optind == argc && o->host[0])
		goto check;	/* the server came from the config file */
	if (optind != argc - 1) {
		fprintf(stderr, "sstpx: connect: %s\n",
			optind == argc ? "missing HOST[:PORT]" : "more than one HOST given");
		return -EINVAL;
	}
	if (opts_set_server(o, argv[optind])) {
		fprintf(stderr, "sstpx: HOST: \"%s\": %s\n", argv[optind],
			opts_set_server(o, argv[optind]));
		return -EINVAL;
	}
check:
	if (!o->user)
		return usage_error("user", NULL, "required (--user NAME)");
	if (!!o->password_file + !!o->password_env + o->password_stdin + !!o->password_command > 1)
		return usage_error("password-file", NULL,
				   "use only one of --password-file, --password-env, --password-stdin, "
				   "--password-command");
	if (o->insecure && o->n_pins)
		return usage_error("insecure", NULL, "cannot be combined with --pin");
	{
		const char *name, *why = opts_cert_check(&o->cert, o->auth_methods & OPTS_AUTH_EAP_TLS,
							 o->insecure, &name);

		if (why)
			return usage_error(name, NULL, why);
	}
	if (o->setuid_user && o->reconnect)
		return usage_error("setuid", NULL,
				   "cannot be combined with --reconnect (a new attempt needs root again)");
	return 0;
}

void opts_print_help(FILE *f)
{
	for (size_t i = 0; i < opts_count; i++) {
		const struct opt_def *d = &opts_table[i];
		char left[48];
		const char *h = d->help;

		snprintf(left, sizeof(left), "%s%c%s--%s%s%s", d->short_name ? "-" : "   ",
			 d->short_name ? d->short_name : ' ', d->short_name ? ", " : "", d->name,
			 d->has_arg ? " " : "", d->has_arg ? d->arg_name : "");
		fprintf(f, "  %-28s ", left);
		for (const char *nl; (nl = strchr(h, '\n')); h = nl + 1)
			fprintf(f, "%.*s\n  %-28s ", (int)(nl - h), h, "");
		fprintf(f, "%s\n", h);
	}
}
