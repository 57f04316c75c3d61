// SPDX-License-Identifier: MIT
/* sstpx's entry point: the subcommand table, the connect command's setup, and --help. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "exit.h"
#include "log.h"
#include "opts.h"
#include "sstpx.h"
#include "tun/tun.h"

#ifndef SX_VERSION
#define SX_VERSION "unknown"
#endif

static const char *const prog = "sstpx";

static int cmd_connect(int argc, char **argv);
static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);
static int cmd_cleanup(int argc, char **argv);

/* `details`: what `sstpx CMD --help` prints (connect, up and status print their own help). */
static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *description;
	const char *details;
} subcommands[] = {
	{ "connect", cmd_connect, "connect to a server and run the tunnel in the foreground", NULL },
	{ "up", cmd_up, "connect with the profile /etc/sstpx/NAME.conf: up NAME [OPTIONS]", NULL },
	{ "down", cmd_down, "disconnect the tunnel of profile NAME: down NAME",
	  "Usage: sstpx down NAME\n\n"
	  "Sends SIGTERM to the sstpx that `sstpx up NAME` started (its pid file\n"
	  "/run/sstpx/NAME.pid) and returns once it has disconnected and undone its changes.\n" },
	{ "status", cmd_status, "show a running tunnel's state: status [NAME] [--json]", NULL },
	{ "cleanup", cmd_cleanup, "undo what a killed sstpx left behind: cleanup IFNAME",
	  "Usage: sstpx cleanup IFNAME\n\n"
	  "Replays the undo journal /run/sstpx/IFNAME.undo that an sstpx killed with SIGKILL\n"
	  "(or a crash) left: the host route, the DNS settings and the interface are restored.\n"
	  "A journal whose sstpx still runs is left alone.\n" },
	{ "help", cmd_help, "show this help", NULL },
	{ "version", cmd_version, "show the version", NULL },
};

static void print_usage(FILE *f)
{
	fprintf(f, "Usage: %s connect HOST[:PORT] --user NAME [OPTIONS]\n"
		   "       %s cleanup IFNAME | help | version\n\n"
		   "Connects to an SSTP VPN server (MS-SSTP over HTTPS) and routes traffic through a\n"
		   "TUN interface until interrupted. HOST may be a name, an IPv4 address or [IPV6];\n"
		   "PORT defaults to 443.\n\n"
		   "Commands:\n",
		prog, prog);
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].description);
	fprintf(f, "\nOptions of connect (each is also a config-file key, `key = value`):\n");
	opts_print_help(f);
	fprintf(f, "\nThe password is never taken from the command line (there is no --password):\n"
		   "it comes from --password-file, --password-env, --password-stdin,\n"
		   "--password-command, the SSTPX_PASSWORD environment variable, or a prompt on\n"
		   "the terminal. SSTPX_PASSWORD is removed from the environment at start.\n"
		   "SSLKEYLOGFILE=FILE writes TLS secrets for Wireshark (when wolfSSL supports it).\n"
		   "SIGINT, SIGTERM and SIGHUP disconnect cleanly (a second one leaves at once);\n"
		   "with --reconnect, SIGHUP reconnects at once instead of exiting.\n"
		   "SIGUSR1 logs the status line (what `sstpx status` shows).\n\n");
	exit_print_table(f);
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	print_usage(stdout);
	return SX_EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("sstpx %s\n", SX_VERSION);
	return SX_EXIT_OK;
}

static int cmd_cleanup(int argc, char **argv)
{
	struct tun_cfg cfg = { .log = log_sink() };
	int ret;

	if (argc != 2) {
		fprintf(stderr, "sstpx: cleanup: want exactly one interface name\n");
		return SX_EXIT_USAGE;
	}
	ret = tun_cleanup(&cfg, argv[1]);
	if (ret == -ENOENT) {
		log_info("cleanup: nothing left to undo for \"%s\"", argv[1]);
		return SX_EXIT_OK;
	}
	if (ret == -EXDEV) {
		log_fail("cleanup", "\"%s\": the journal belongs to a network namespace out of reach: "
			 "kept", argv[1]);
		return SX_EXIT_SYSTEM;
	}
	if (ret) {
		log_fail("cleanup", "\"%s\": %s", argv[1], strerror(-ret));
		return SX_EXIT_SYSTEM;
	}
	log_info("cleanup: \"%s\" undone", argv[1]);
	return SX_EXIT_OK;
}

static int cmd_connect(int argc, char **argv)
{
	struct opts o;

	opts_init(&o);
	if (opts_parse(&o, argc, argv)) {
		fprintf(stderr, "Try '%s help' for more information.\n", prog);
		return SX_EXIT_USAGE;
	}
	if (o.help)
		return cmd_help(0, NULL);
	if (o.quiet)
		log_set_level(SX_LOG_WARN);
	else if (o.verbose >= 2)
		log_set_level(SX_LOG_TRACE);
	else if (o.verbose == 1)
		log_set_level(SX_LOG_DEBUG);
	else
		log_set_level(SX_LOG_INFO);
	return connect_run(&o);
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

/*
 * The process will hold the password (or its NT hash, as good as the password for MS-CHAPv2) and
 * the session keys: no core file, and no ptrace or /proc/PID/mem by other processes of the same
 * user (a non-dumpable process's /proc files belong to root). Both are inherited by fork, so the
 * --setuid root helper and the daemon child are covered; prctl(2) PR_SET_DUMPABLE, getrlimit(2).
 */
static void no_core_dumps(void)
{
	const struct rlimit none = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &none) || prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L))
		fprintf(stderr, "sstpx: warning: cannot disable core dumps: %s\n", strerror(errno));
}

int main(int argc, char **argv)
{
	no_core_dumps();
	log_set_level(SX_LOG_INFO);
	if (argc < 2) {
		print_usage(stderr);
		return SX_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--version"))
		return cmd_version(argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
		if (strcmp(argv[1], subcommands[i].name))
			continue;
		if (subcommands[i].details && wants_help(argc - 1, argv + 1)) {
			fputs(subcommands[i].details, stdout);
			return SX_EXIT_OK;
		}
		return subcommands[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "sstpx: \"%s\": unknown command (commands:", argv[1]);
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(stderr, " %s", subcommands[i].name);
	fprintf(stderr, ")\n");
	return SX_EXIT_USAGE;
}
