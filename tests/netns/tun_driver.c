// SPDX-License-Identifier: MIT
/* Drives tun/ for the netns tests: set up, hold until a signal, undo; or clean up a journal. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tun/tun.h"

#define MAX_ITEMS 8

struct args {
	struct tun_cfg cfg;
	struct in_addr local, peer, dns[MAX_ITEMS];
	bool has_local, has_peer, hold, default4, default6;
	size_t n_dns, n_routes;
	struct tun_prefix routes[MAX_ITEMS];
	struct sockaddr_storage servers[MAX_ITEMS];
	size_t n_servers;
	struct dns_domain domains[MAX_ITEMS];
	size_t n_domains;
	uint64_t ifid;
	unsigned mtu;
	const char *cmd;
};

static void sink(void *ctx, enum sx_level level, const char *line)
{
	static const char *const names[] = { "err", "warn", "info", "debug", "trace" };

	(void)ctx;
	fprintf(stderr, "tun_driver: %s: %s\n", names[level], line);
}

static _Noreturn void usage(void)
{
	fprintf(stderr,
		"usage: tun_driver setup|cleanup [--ifname N] [--state-dir D] [--resolv PATH]\n"
		"  [--mtu N] [--addr A] [--peer P] [--ifid HEX] [--server IP]... [--default]\n"
		"  [--default6] [--route CIDR]... [--dns IP]... [--domain D]... [--route-domain D]...\n"
		"  [--hold]\n"
		"  [--dns-backend auto|resolved|resolvconf|file (default file)] [--cmd-timeout MS]\n"
		"  [--netns NAME (device, routes, DNS there; --resolv default /etc/netns/NAME/...)]\n"
		"setup prints \"READY <ifname>\" on stdout once configured; with --hold it then waits\n"
		"for SIGTERM/SIGINT before undoing, without it it undoes at once.\n");
	exit(2);
}

static void parse_addr(const char *text, struct in_addr *out)
{
	if (inet_pton(AF_INET, text, out) != 1) {
		fprintf(stderr, "tun_driver: bad address \"%s\"\n", text);
		exit(2);
	}
}

static void parse_server(const char *text, struct sockaddr_storage *ss)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
	} else if (inet_pton(AF_INET6, text, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
	} else {
		fprintf(stderr, "tun_driver: bad server \"%s\"\n", text);
		exit(2);
	}
}

static enum dns_backend backend(const char *name)
{
	static const char *const names[] = { "auto", "resolved", "resolvconf", "file" };
	static const enum dns_backend values[] = { DNS_AUTO, DNS_RESOLVED, DNS_RESOLVCONF, DNS_FILE };

	for (size_t i = 0; i < 4; i++)
		if (!strcmp(name, names[i]))
			return values[i];
	usage();
}

static void parse(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "ifname", 1, NULL, 'i' }, { "state-dir", 1, NULL, 's' },
		{ "resolv", 1, NULL, 'r' }, { "mtu", 1, NULL, 'm' }, { "addr", 1, NULL, 'a' },
		{ "peer", 1, NULL, 'p' }, { "ifid", 1, NULL, 'I' }, { "server", 1, NULL, 'S' },
		{ "default", 0, NULL, 'd' }, { "default6", 0, NULL, '6' },
		{ "route", 1, NULL, 'R' }, { "dns", 1, NULL, 'D' }, { "hold", 0, NULL, 'h' },
		{ "dns-backend", 1, NULL, 'B' }, { "cmd-timeout", 1, NULL, 'T' },
		{ "netns", 1, NULL, 'N' }, { "domain", 1, NULL, 'o' },
		{ "route-domain", 1, NULL, 'O' },
		{ 0 },
	};
	int c;

	a->cfg = (struct tun_cfg){ .log = { .fn = sink, .max = SX_LOG_DEBUG }, .dns = DNS_FILE };
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'i': a->cfg.ifname = optarg; break;
		case 's': a->cfg.state_dir = optarg; break;
		case 'r': a->cfg.resolv_conf = optarg; break;
		case 'm': a->mtu = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'a': parse_addr(optarg, &a->local); a->has_local = true; break;
		case 'p': parse_addr(optarg, &a->peer); a->has_peer = true; break;
		case 'I': a->ifid = strtoull(optarg, NULL, 16); break;
		case 'S':
			if (a->n_servers == MAX_ITEMS)
				usage();
			parse_server(optarg, &a->servers[a->n_servers++]);
			break;
		case 'd': a->default4 = true; break;
		case '6': a->default6 = true; break;
		case 'R':
			if (a->n_routes == MAX_ITEMS || route_parse_cidr(optarg, &a->routes[a->n_routes]))
				usage();
			a->n_routes++;
			break;
		case 'D':
			if (a->n_dns == MAX_ITEMS)
				usage();
			parse_addr(optarg, &a->dns[a->n_dns++]);
			break;
		case 'h': a->hold = true; break;
		case 'B': a->cfg.dns = backend(optarg); break;
		case 'T': a->cfg.cmd_timeout_ms = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'N': a->cfg.netns = optarg; break;
		case 'o':
		case 'O':
			if (a->n_domains == MAX_ITEMS)
				usage();
			a->domains[a->n_domains++] = (struct dns_domain){ optarg, c == 'O' };
			break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	a->cmd = argv[optind];
}

/* The order sstpx uses: device, MTU, address, up, server route, tunnel routes, DNS. */
static int configure(struct tun *t, const struct args *a)
{
	int ret = 0;

	if (a->mtu)
		ret = tun_set_mtu(t, a->mtu);
	if (!ret && a->has_local)
		ret = tun_addr4_add(t, &a->local, a->has_peer ? &a->peer : NULL);
	if (!ret)
		ret = tun_set_up(t, true);
	if (!ret && a->ifid)
		ret = tun_addr6_add_ll(t, a->ifid);
	for (size_t i = 0; !ret && i < a->n_servers; i++)
		ret = route_server_add(t, (const struct sockaddr *)&a->servers[i]);
	if (!ret && a->default4)
		ret = route_default_add(t, AF_INET);
	if (!ret && a->default6)
		ret = route_default_add(t, AF_INET6);
	for (size_t i = 0; !ret && i < a->n_routes; i++)
		ret = route_prefix_add(t, &a->routes[i]);
	if (!ret && a->n_dns)
		ret = dns_apply_req(t, &(struct dns_req){ .servers = a->dns, .n = a->n_dns,
							  .full_tunnel = a->default4,
							  .domains = a->domains,
							  .n_domains = a->n_domains });
	return ret;
}

static int setup(const struct args *a)
{
	struct tun *t;
	sigset_t set;
	int ret, sig, undo;

	/* Signals are taken synchronously, as sstpx's loop takes them from a signalfd. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ret = tun_open(&t, &a->cfg);
	if (ret) {
		fprintf(stderr, "tun_driver: open: %s\n", strerror(-ret));
		return 1;
	}
	ret = configure(t, a);
	if (ret) {
		fprintf(stderr, "tun_driver: configure: %s\n", strerror(-ret));
	} else {
		printf("READY %s\n", tun_name(t));
		fflush(stdout);
		if (a->hold)
			sigwait(&set, &sig);
	}
	undo = tun_close(t);
	if (undo)
		fprintf(stderr, "tun_driver: undo: %s\n", strerror(-undo));
	return ret || undo ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct args a;
	int ret;

	memset(&a, 0, sizeof(a));
	parse(argc, argv, &a);
	if (!strcmp(a.cmd, "setup"))
		return setup(&a);
	if (!strcmp(a.cmd, "cleanup")) {
		if (!a.cfg.ifname)
			usage();
		ret = tun_cleanup(&a.cfg, a.cfg.ifname);
		if (ret)
			fprintf(stderr, "tun_driver: cleanup: %s\n", strerror(-ret));
		return ret ? 1 : 0;
	}
	usage();
}
