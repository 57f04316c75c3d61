// SPDX-License-Identifier: MIT
/*
 * The settings of one sstpx connection and the option table behind them. Every long option is
 * also a config-file key (`key = value`): getopt_long and a config reader share opts_table.
 * Strings are borrowed from argv (or from the config reader, which must keep them alive).
 */
#ifndef SSTPX_OPTS_H
#define SSTPX_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "opts_cert.h"
#include "pin.h"

#define OPTS_MAX_PINS 8
#define OPTS_MAX_ROUTES 32
#define OPTS_MAX_DNS_DOMAINS 8
#define OPTS_MAX_ALLOW 16
#define OPTS_MTU_MIN 576
#define OPTS_MTU_MAX 1500

struct route_prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t plen;
};

/* --auth METHOD[,METHOD...] */
enum opts_auth {
	OPTS_AUTH_MSCHAPV2 = 1u << 0,
	OPTS_AUTH_EAP_MSCHAPV2 = 1u << 1,
	OPTS_AUTH_PAP = 1u << 2,
	OPTS_AUTH_PEAP = 1u << 3,
	OPTS_AUTH_EAP_TLS = 1u << 4,
};

struct opts {
	char host[256];		/* name or address literal, without brackets */
	char port[8];		/* "443" unless HOST:PORT says otherwise */
	bool host_is_ip;
	const char *user;
	const char *password_file;
	const char *password_env;
	bool password_stdin;
	const char *cafile;
	struct pin pins[OPTS_MAX_PINS];
	size_t n_pins;
	bool insecure;
	uint16_t tls_min;	/* --tls-min: 0x0303 (1.2) or 0x0304 (1.3); 0: 1.2 */
	const char *tls_ciphers;	/* --tls-ciphers LIST (wolfSSL names); NULL: the default */
	const char *sni;
	const char *ifname;
	unsigned mtu;		/* 0: the negotiated MRU */
	bool no_default_route;
	struct route_prefix routes[OPTS_MAX_ROUTES];
	size_t n_routes;
	bool no_dns;
	bool no_offload;		/* TUN without IFF_VNET_HDR: packets one by one */
	bool no_dhcp_inform;		/* a split tunnel asks for routes and domains unless set */
	const char *dns_domains[OPTS_MAX_DNS_DOMAINS];	/* --dns-domain: checked host names */
	size_t n_dns_domains;
	bool no_ipv6;
	bool lockdown;			/* policy rules from start to exit (tun/policy.c) */
	struct route_prefix lockdown_allow[OPTS_MAX_ALLOW];
	size_t n_lockdown_allow;
	bool no_block_ipv6;		/* a full tunnel without IPv6 leaves IPv6 alone */
	bool allow_pap;
	bool allow_no_auth;
	unsigned auth_methods;		/* --auth: OPTS_AUTH_* bits; 0 = the default choice */
	bool auth_eap_first;		/* --auth names eap-mschapv2 before mschapv2 */
	const char *identity;		/* --identity: EAP's outer identity; NULL = the user name */
	struct opts_cert cert;		/* EAP-TLS: --cert, --key, --pkcs12, ... (opts_cert.h) */
	/* Reconnection (issue 5): exponential backoff with jitter between attempts. */
	bool reconnect;
	unsigned reconnect_max_delay;	/* seconds; the backoff's cap (default 60) */
	unsigned reconnect_attempts;	/* 0: unlimited */
	/* Everyday use (issue 6). */
	const char *password_command;	/* run by /bin/sh -c; its stdout's first line */
	const char *script;		/* vpnc-script compatible hook; it owns routes and DNS */
	bool events_json;		/* --events json: one JSON object per line on stdout */
	const char *netns;		/* the TUN device lives in this named network namespace */
	const char *setuid_user;	/* after setup: this user, keeping CAP_NET_ADMIN only */
	bool background;
	const char *pid_file;
	const char *profile;		/* set by `sstpx up NAME`: the profile's name */
	/* Proxy (issue 12; proxy_conn.c): --proxy URL, else https_proxy/all_proxy unless --no-proxy. */
	const char *proxy;
	bool no_proxy;
	bool proxy_allow_basic;		/* Basic sends the password readable by the proxy's admins */
	const char *proxy_password_file;
	const char *proxy_password_env;
	const char *proxy_password_command;
	int verbose;
	bool quiet;
	bool help;
};

/*
 * One option: `name` is both --name and the config-file key. The setter returns NULL on success
 * or a short reason; the caller prints `sstpx: --NAME: "VALUE": REASON` and exits 2. --config
 * has none: opts_parse.c hands it to config.c, which sets options through this table.
 */
struct opt_def {
	const char *name;
	char short_name;	/* 0: none */
	bool has_arg;
	const char *arg_name;	/* for --help */
	const char *(*set)(struct opts *o, const char *arg);
	const char *help;
};

#define OPTS_TABLE_MAX 64	/* entries of opts_table at most (opts_parse.c's getopt arrays) */

extern const struct opt_def opts_table[];
extern const size_t opts_count;

/* Defaults: port 443, reconnect cap 60 s, everything else off. */
void opts_init(struct opts *o);
/* Splits HOST[:PORT] / [V6]:PORT into o->host and o->port. NULL or a reason. */
const char *opts_set_server(struct opts *o, const char *arg);

/*
 * opts_parse.c: parses argv (after the subcommand name): options and the one HOST[:PORT]
 * operand. Prints the one-line error itself. Returns 0, or -EINVAL for a usage error.
 */
int opts_parse(struct opts *o, int argc, char **argv);
/* opts_parse.c: the option list for --help. */
void opts_print_help(FILE *f);

#endif
