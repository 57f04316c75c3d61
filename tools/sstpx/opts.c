// SPDX-License-Identifier: MIT
/*
 * The option table of sstpx (one entry per --option / config key), its setters and HOST[:PORT].
 * The command line goes through it in opts_parse.c, a config file in config.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tun/dhcp.h"

#include "log.h"
#include "opts.h"
#include "path.h"
#include "pin.h"

static const char *set_user(struct opts *o, const char *arg)
{
	if (!*arg)
		return "must not be empty";
	/* RFC 1334 2.2.1: PAP's Peer-ID-Length is one octet; ppp/chap.c keeps as much (CHAP_USER_MAX). */
	if (strlen(arg) > 255)
		return "longer than 255 bytes, the most PAP and MS-CHAPv2 carry";
	o->user = arg;
	return NULL;
}

static const char *set_password_file(struct opts *o, const char *arg)
{
	o->password_file = arg;
	return NULL;
}

static const char *set_password_env(struct opts *o, const char *arg)
{
	if (!*arg || strchr(arg, '='))
		return "not an environment variable name";
	o->password_env = arg;
	return NULL;
}

static const char *set_password_stdin(struct opts *o, const char *arg)
{
	(void)arg;
	o->password_stdin = true;
	return NULL;
}

static const char *set_cafile(struct opts *o, const char *arg)
{
	struct stat st;
	int fd = open(arg, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	/* Said now, not after the TCP connection (tls.c loads it then). */
	if (fd < 0)
		return strerror(errno);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return "not a file of PEM certificates";
	}
	close(fd);
	o->cafile = arg;
	return NULL;
}

static const char *set_pin(struct opts *o, const char *arg)
{
	struct pin *p = &o->pins[o->n_pins];

	if (o->n_pins == OPTS_MAX_PINS)
		return "too many pins (at most 8)";
	if (pin_parse(arg, p))
		return "not a pin: want sha256/BASE64 (public key) or 64 hex digits (certificate)";
	o->n_pins++;
	return NULL;
}

static const char *set_insecure(struct opts *o, const char *arg)
{
	(void)arg;
	o->insecure = true;
	return NULL;
}

static const char *set_tls_min(struct opts *o, const char *arg)
{
	if (strcmp(arg, "1.2") && strcmp(arg, "1.3"))
		return "want 1.2 or 1.3";
	o->tls_min = arg[2] == '3' ? 0x0304 : 0x0303;
	return NULL;
}

static const char *set_tls_ciphers(struct opts *o, const char *arg)
{
	if (!*arg)
		return "must not be empty";
	o->tls_ciphers = arg;	/* tls_validate checks it before connecting */
	return NULL;
}

static const char *set_sni(struct opts *o, const char *arg)
{
	if (!*arg || strlen(arg) > 253 || strpbrk(arg, " \t/"))
		return "not a host name";
	o->sni = arg;
	return NULL;
}

static const char *set_ifname(struct opts *o, const char *arg)
{
	if (!*arg || strlen(arg) >= 16 || strpbrk(arg, " /:"))
		return "not an interface name (1-15 characters, no '/', ':' or space)";
	o->ifname = arg;
	return NULL;
}

static const char *set_mtu(struct opts *o, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || *arg == '-' || v < OPTS_MTU_MIN || v > OPTS_MTU_MAX)
		return "not a number between 576 and 1500";
	o->mtu = (unsigned)v;
	return NULL;
}

static const char *set_no_default_route(struct opts *o, const char *arg)
{
	(void)arg;
	o->no_default_route = true;
	return NULL;
}

static char route_why[INET6_ADDRSTRLEN + 64];

/* Non-zero (and route_why says which prefix was meant) when bits past plen are set. */
static int host_bits_clear(const struct route_prefix *r, unsigned long plen)
{
	uint8_t net[16];
	char text[INET6_ADDRSTRLEN];

	memcpy(net, r->addr, sizeof(net));
	for (unsigned i = 0; i < 16; i++) {
		unsigned keep = plen >= 8 * (i + 1) ? 0xffu : plen <= 8 * i ? 0u :
				0xffu << (8 * (i + 1) - plen);

		net[i] = (uint8_t)(net[i] & keep);
	}
	if (!memcmp(net, r->addr, r->family == AF_INET ? 4 : 16))
		return 0;
	inet_ntop(r->family, net, text, sizeof(text));
	snprintf(route_why, sizeof(route_why), "host bits set; did you mean %s/%lu?", text, plen);
	return -EINVAL;
}

/* CIDR or a bare address (a host prefix) into r. NULL or a reason. */
static const char *parse_prefix(struct route_prefix *r, const char *arg)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(arg, '/');
	char *end;
	unsigned long plen;
	size_t alen = slash ? (size_t)(slash - arg) : strlen(arg);

	if (alen >= sizeof(addr))
		return "not an address/prefix-length";
	memcpy(addr, arg, alen);
	addr[alen] = '\0';
	r->family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(r->family, addr, r->addr) != 1)
		return "not an address/prefix-length";
	plen = r->family == AF_INET ? 32 : 128;
	if (slash) {
		errno = 0;
		plen = strtoul(slash + 1, &end, 10);
		if (errno || end == slash + 1 || *end || plen > (r->family == AF_INET ? 32u : 128u))
			return "not an address/prefix-length";
	}
	r->plen = (uint8_t)plen;
	/* The kernel refuses a route whose address has bits past the prefix length (EINVAL). */
	if (host_bits_clear(r, plen))
		return route_why;
	return NULL;
}

static const char *set_route(struct opts *o, const char *arg)
{
	const char *why;

	if (o->n_routes == OPTS_MAX_ROUTES)
		return "too many routes (at most 32)";
	why = parse_prefix(&o->routes[o->n_routes], arg);
	if (!why)
		o->n_routes++;
	return why;
}

static const char *set_lockdown(struct opts *o, const char *arg)
{
	(void)arg;
	o->lockdown = true;
	return NULL;
}

static const char *set_lockdown_allow(struct opts *o, const char *arg)
{
	const char *why;

	if (o->n_lockdown_allow == OPTS_MAX_ALLOW)
		return "too many exemptions (at most 16)";
	why = parse_prefix(&o->lockdown_allow[o->n_lockdown_allow], arg);
	if (!why)
		o->n_lockdown_allow++;
	return why;
}

static const char *set_no_block_ipv6(struct opts *o, const char *arg)
{
	(void)arg;
	o->no_block_ipv6 = true;
	return NULL;
}

static const char *set_no_dns(struct opts *o, const char *arg)
{
	(void)arg;
	o->no_dns = true;
	return NULL;
}

static const char *set_no_dhcp_inform(struct opts *o, const char *arg)
{
	(void)arg;
	o->no_dhcp_inform = true;
	return NULL;
}

static const char *set_dns_domain(struct opts *o, const char *arg)
{
	if (o->n_dns_domains == OPTS_MAX_DNS_DOMAINS)
		return "too many domains (at most 8)";
	if (dhcp_name_check(arg))
		return "not a domain name";
	o->dns_domains[o->n_dns_domains++] = arg;
	return NULL;
}

static const char *set_no_ipv6(struct opts *o, const char *arg)
{
	(void)arg;
	o->no_ipv6 = true;
	return NULL;
}

static const char *set_allow_pap(struct opts *o, const char *arg)
{
	(void)arg;
	o->allow_pap = true;
	return NULL;
}

/* --auth mschapv2,eap-mschapv2,peap,pap: which the server may ask for; the order picks EAP first. */
static const char *set_auth(struct opts *o, const char *arg)
{
	static const struct {
		const char *name;
		unsigned bit;
	} methods[] = {
		{ "mschapv2", OPTS_AUTH_MSCHAPV2 },
		{ "eap-mschapv2", OPTS_AUTH_EAP_MSCHAPV2 },
		{ "peap", OPTS_AUTH_PEAP },
		{ "pap", OPTS_AUTH_PAP },
		{ "eap-tls", OPTS_AUTH_EAP_TLS },
	};
	unsigned all = 0;

	for (const char *p = arg; *p;) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			if (strlen(methods[i].name) == n && !strncmp(p, methods[i].name, n))
				break;
		if (i == sizeof(methods) / sizeof(methods[0]))
			return "a comma-separated list of mschapv2, eap-mschapv2, peap, eap-tls and pap";
		if ((methods[i].bit & (OPTS_AUTH_EAP_MSCHAPV2 | OPTS_AUTH_PEAP | OPTS_AUTH_EAP_TLS)) &&
		    !(all & OPTS_AUTH_MSCHAPV2))
			o->auth_eap_first = true;
		all |= methods[i].bit;
		p += n + (p[n] == ',');
	}
	if (!all)
		return "a comma-separated list of mschapv2, eap-mschapv2, peap, eap-tls and pap";
	o->auth_methods = all;
	return NULL;
}

static const char *set_identity(struct opts *o, const char *arg)
{
	/* EAP Identity Responses carry it whole (ppp/eap.h EAP_IDENTITY_MAX). */
	if (!*arg || strlen(arg) > 253)
		return "1 to 253 bytes";
	o->identity = arg;
	return NULL;
}

/* The EAP-TLS options live in opts_cert.c. */
#define CERT_SETTER(fn, key)							\
	static const char *fn(struct opts *o, const char *arg)			\
	{									\
		return opts_cert_set(&o->cert, key, arg);			\
	}
CERT_SETTER(set_cert, OPTS_CERT_CERT)
CERT_SETTER(set_key, OPTS_CERT_KEY)
CERT_SETTER(set_pkcs12, OPTS_CERT_PKCS12)
CERT_SETTER(set_key_password_file, OPTS_CERT_KEY_PASSWORD_FILE)
CERT_SETTER(set_key_password_env, OPTS_CERT_KEY_PASSWORD_ENV)
CERT_SETTER(set_key_password_command, OPTS_CERT_KEY_PASSWORD_COMMAND)
CERT_SETTER(set_eap_cafile, OPTS_CERT_EAP_CAFILE)
CERT_SETTER(set_eap_pin, OPTS_CERT_EAP_PIN)
CERT_SETTER(set_eap_server_name, OPTS_CERT_EAP_SERVER_NAME)

static const char *set_allow_no_auth(struct opts *o, const char *arg)
{
	(void)arg;
	o->allow_no_auth = true;
	return NULL;
}

static const char *set_verbose(struct opts *o, const char *arg)
{
	(void)arg;
	o->verbose++;
	return NULL;
}

static const char *set_quiet(struct opts *o, const char *arg)
{
	(void)arg;
	o->quiet = true;
	return NULL;
}

static const char *set_reconnect(struct opts *o, const char *arg)
{
	(void)arg;
	o->reconnect = true;
	return NULL;
}

/* A whole number in [lo, hi]. */
static const char *parse_uint(const char *arg, unsigned long lo, unsigned long hi, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || *arg == '-' || v < lo || v > hi)
		return "out of range";
	*out = (unsigned)v;
	return NULL;
}

static const char *set_reconnect_max_delay(struct opts *o, const char *arg)
{
	return parse_uint(arg, 1, 3600, &o->reconnect_max_delay) ?
		"not a number of seconds between 1 and 3600" : NULL;
}

static const char *set_reconnect_attempts(struct opts *o, const char *arg)
{
	return parse_uint(arg, 0, 1000000, &o->reconnect_attempts) ?
		"not a number between 0 (unlimited) and 1000000" : NULL;
}

static const char *set_password_command(struct opts *o, const char *arg)
{
	if (!*arg)
		return "must not be empty";
	o->password_command = arg;
	return NULL;
}

static const char *set_script(struct opts *o, const char *arg)
{
	if (!*arg)
		return "must not be empty";
	/* Absolute when recorded: the journaled disconnect run may come from `sstpx cleanup` in
	 * another directory (a profile's relative script was made absolute by config.c already). */
	o->script = path_command_abs(NULL, arg);
	return o->script ? NULL : "cannot find the working directory";
}

static const char *set_events(struct opts *o, const char *arg)
{
	if (strcmp(arg, "json"))
		return "the only format is json";
	o->events_json = true;
	return NULL;
}

static const char *set_netns(struct opts *o, const char *arg)
{
	if (!*arg || strlen(arg) > 200 || strpbrk(arg, "/ \t\r\n") || !strcmp(arg, ".") ||
	    !strcmp(arg, ".."))
		return "not a network namespace name (as `ip netns` names them)";
	o->netns = arg;
	return NULL;
}

static const char *set_setuid(struct opts *o, const char *arg)
{
	const struct passwd *pw = *arg ? getpwnam(arg) : NULL;

	if (!pw)
		return "no such user";
	if (!pw->pw_uid)
		return "is root: nothing to drop";
	o->setuid_user = arg;
	return NULL;
}

static const char *set_background(struct opts *o, const char *arg)
{
	(void)arg;
	o->background = true;
	return NULL;
}

static const char *set_pid_file(struct opts *o, const char *arg)
{
	if (!*arg)
		return "must not be empty";
	o->pid_file = arg;
	return NULL;
}

/* Checked by proxy_conn.c, whose errors never repeat the URL (it may hold a password). */
static const char *set_proxy(struct opts *o, const char *arg)
{
	o->proxy = arg;
	return *arg ? NULL : "must not be empty";
}

static const char *set_no_proxy(struct opts *o, const char *arg)
{
	(void)arg;
	o->no_proxy = true;
	return NULL;
}

static const char *set_proxy_allow_basic(struct opts *o, const char *arg)
{
	(void)arg;
	o->proxy_allow_basic = true;
	return NULL;
}

static const char *set_proxy_password_file(struct opts *o, const char *arg)
{
	o->proxy_password_file = arg;
	return *arg ? NULL : "must not be empty";
}

static const char *set_no_offload(struct opts *o, const char *arg)
{
	(void)arg;
	o->no_offload = true;
	return NULL;
}

static const char *set_proxy_password_env(struct opts *o, const char *arg)
{
	o->proxy_password_env = arg;
	return *arg ? NULL : "must not be empty";
}

static const char *set_proxy_password_command(struct opts *o, const char *arg)
{
	o->proxy_password_command = arg;
	return *arg ? NULL : "must not be empty";
}

static const char *set_help(struct opts *o, const char *arg)
{
	(void)arg;
	o->help = true;
	return NULL;
}

const struct opt_def opts_table[] = {
	{ "user", 'u', true, "NAME", set_user, "user name (DOMAIN\\user and user@hub work too)" },
	{ "password-file", 0, true, "FILE", set_password_file, "read the password from FILE's first line" },
	{ "password-env", 0, true, "VAR", set_password_env,
	  "read the password from environment variable VAR\n(default: SSTPX_PASSWORD when it is set)" },
	{ "password-stdin", 0, false, NULL, set_password_stdin, "read the password from standard input" },
	{ "cafile", 0, true, "FILE", set_cafile, "trust these CA certificates instead of the system store" },
	{ "pin", 0, true, "PIN", set_pin,
	  "accept the server by pin instead of a CA (with --cafile: as well as\n"
	  "the CA): sha256/BASE64 of its public key, or 64 hex digits of its\n"
	  "certificate's SHA-256; repeatable" },
	{ "insecure", 0, false, NULL, set_insecure, "do not verify the server at all (dangerous)" },
	{ "tls-min", 0, true, "1.2|1.3", set_tls_min, "lowest TLS version accepted (default 1.2)" },
	{ "tls-ciphers", 0, true, "LIST", set_tls_ciphers,
	  "cipher suites offered, ':'-separated wolfSSL names\n"
	  "(default: TLS 1.3 and TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305)" },
	{ "sni", 0, true, "NAME", set_sni, "TLS server name to send and verify (default: HOST)" },
	{ "servername", 0, true, "NAME", set_sni, "same as --sni" },
	{ "ifname", 0, true, "NAME", set_ifname, "name of the TUN interface (default: sstpN)" },
	{ "mtu", 0, true, "N", set_mtu, "cap the interface MTU (576-1500; default: negotiated MRU)" },
	{ "no-default-route", 0, false, NULL, set_no_default_route, "do not route all traffic through the tunnel" },
	{ "route", 0, true, "CIDR", set_route, "route this prefix through the tunnel (repeatable)" },
	{ "no-dns", 0, false, NULL, set_no_dns, "leave the system's DNS settings alone" },
	{ "no-dhcp-inform", 0, false, NULL, set_no_dhcp_inform,
	  "with --no-default-route, do not ask the server for routes and DNS\ndomains (DHCPINFORM)" },
	{ "dns-domain", 0, true, "DOMAIN", set_dns_domain,
	  "send names in DOMAIN to the tunnel's DNS servers (repeatable; with\n"
	  "systemd-resolved and --no-default-route, only these and the server's)" },
	{ "no-ipv6", 0, false, NULL, set_no_ipv6, "do not negotiate IPv6 (IPv6CP)" },
	{ "no-offload", 0, false, NULL, set_no_offload,
	  "move packets one by one: no TUN offloads (segmentation, coalescing)" },
	{ "lockdown", 0, false, NULL, set_lockdown,
	  "from start to exit, let nothing out but through the tunnel (the server,\n"
	  "the proxy, loopback and --lockdown-allow excepted)" },
	{ "lockdown-allow", 0, true, "CIDR", set_lockdown_allow,
	  "with --lockdown, let this prefix out as the routes say (repeatable)" },
	{ "no-block-ipv6", 0, false, NULL, set_no_block_ipv6,
	  "with a full tunnel carrying no IPv6, do not block IPv6 outside it" },
	{ "allow-pap", 0, false, NULL, set_allow_pap, "allow PAP (the password travels in clear text inside TLS)" },
	{ "auth", 0, true, "METHODS", set_auth,
	  "authentication the server may ask for, comma-separated: mschapv2,\n"
	  "eap-mschapv2, peap, eap-tls, pap (default: MS-CHAPv2, and\n"
	  "EAP-MSCHAPv2 or PEAP when the server insists on EAP; with --cert\n"
	  "or --pkcs12 EAP-TLS first, and the password methods only with a\n"
	  "password source)" },
	{ "identity", 0, true, "NAME", set_identity, "EAP identity to send (default: the user name)" },
	{ "cert", 0, true, "FILE", set_cert,
	  "EAP-TLS client certificate (PEM; intermediates after it)" },
	{ "key", 0, true, "FILE", set_key, "EAP-TLS private key (PEM; default: in --cert's file)" },
	{ "pkcs12", 0, true, "FILE", set_pkcs12,
	  "EAP-TLS certificate and key from a PKCS#12 (.p12/.pfx) file" },
	{ "key-password-file", 0, true, "FILE", set_key_password_file,
	  "read the key's (or PKCS#12 file's) passphrase from FILE's first line" },
	{ "key-password-env", 0, true, "VAR", set_key_password_env,
	  "read the key's passphrase from environment variable VAR" },
	{ "key-password-command", 0, true, "CMD", set_key_password_command,
	  "run CMD and use the first line it prints as the key's passphrase\n"
	  "(none of the three: prompt on the terminal when the key is encrypted)" },
	{ "eap-cafile", 0, true, "FILE", set_eap_cafile,
	  "trust these CAs for the EAP server's certificate (default: --cafile)" },
	{ "eap-pin", 0, true, "PIN", set_eap_pin,
	  "pin the EAP server's certificate as --pin does (default: --pin's)" },
	{ "eap-server-name", 0, true, "NAME", set_eap_server_name,
	  "name the EAP server's certificate must carry (default: --sni or HOST)" },
	{ "allow-no-auth", 0, false, NULL, set_allow_no_auth,
	  "accept a server that asks for no authentication (nothing then\nproves the server knows the password; dangerous)" },
	{ "password-command", 0, true, "CMD", set_password_command,
	  "run CMD (with /bin/sh -c) and use the first line it prints as the password" },
	{ "reconnect", 0, false, NULL, set_reconnect,
	  "when the connection is lost, connect again (exponential backoff with jitter)" },
	{ "reconnect-max-delay", 0, true, "SECONDS", set_reconnect_max_delay,
	  "longest wait between reconnection attempts (default 60)" },
	{ "reconnect-attempts", 0, true, "N", set_reconnect_attempts,
	  "give up after N failed attempts in a row (default 0: never)" },
	{ "script", 's', true, "PATH", set_script,
	  "run a vpnc-script compatible PATH on each change; it then sets routes and DNS" },
	{ "events", 0, true, "json", set_events, "print one JSON object per line on stdout for each event" },
	{ "netns", 0, true, "NAME", set_netns,
	  "put the TUN device, its routes and DNS in network namespace NAME" },
	{ "setuid", 0, true, "USER", set_setuid,
	  "once connected, run as USER keeping only CAP_NET_ADMIN" },
	{ "background", 'b', false, NULL, set_background, "detach once connected" },
	{ "pid-file", 0, true, "FILE", set_pid_file, "write the process id to FILE" },
	{ "proxy", 0, true, "URL", set_proxy,
	  "reach the server through http://[USER@]HOST[:PORT] (CONNECT),\n"
	  "socks5:// or socks5h:// (default port 1080)" },
	{ "no-proxy", 0, false, NULL, set_no_proxy, "ignore https_proxy, all_proxy and the like" },
	{ "proxy-allow-basic", 0, false, NULL, set_proxy_allow_basic,
	  "allow Basic proxy authentication (readable by the proxy's admins)" },
	{ "proxy-password-file", 0, true, "FILE", set_proxy_password_file,
	  "read the proxy password from FILE's first line" },
	{ "proxy-password-env", 0, true, "VAR", set_proxy_password_env,
	  "read the proxy password from environment variable VAR" },
	{ "proxy-password-command", 0, true, "CMD", set_proxy_password_command,
	  "run CMD and use the first line it prints as the proxy password" },
	{ "config", 'c', true, "FILE", NULL,	/* opts_parse.c: config.c reads through this table */
	  "read options from FILE (`key = value`; `server = HOST[:PORT]`)" },
	{ "verbose", 'v', false, NULL, set_verbose, "protocol trace; twice for more" },
	{ "quiet", 'q', false, NULL, set_quiet, "errors and warnings only" },
	{ "help", 'h', false, NULL, set_help, "show this help" },
};
const size_t opts_count = sizeof(opts_table) / sizeof(opts_table[0]);
_Static_assert(sizeof(opts_table) / sizeof(opts_table[0]) <= OPTS_TABLE_MAX, "OPTS_TABLE_MAX");

void opts_init(struct opts *o)
{
	memset(o, 0, sizeof(*o));
	strcpy(o->port, "443");
	o->reconnect_max_delay = 60;
}

static const char *set_port(struct opts *o, const char *p)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno || end == p || *end || *p == '-' || v < 1 || v > 65535)
		return "not a port number between 1 and 65535";
	snprintf(o->port, sizeof(o->port), "%lu", v);
	return NULL;
}

const char *opts_set_server(struct opts *o, const char *arg)
{
	const char *port = NULL;
	size_t len;
	struct in6_addr a6;
	struct in_addr a4;

	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');

		if (!close || (close[1] && close[1] != ':'))
			return "want HOST, HOST:PORT or [IPV6]:PORT";
		len = (size_t)(close - arg - 1);
		port = close[1] ? close + 2 : NULL;
		arg++;
	} else if (strchr(arg, ':') && strchr(arg, ':') == strrchr(arg, ':')) {
		len = (size_t)(strchr(arg, ':') - arg);
		port = strchr(arg, ':') + 1;
	} else {
		len = strlen(arg);	/* a name, or a bare IPv6 literal without a port */
	}
	if (!len || len >= sizeof(o->host))
		return "want HOST, HOST:PORT or [IPV6]:PORT";
	memcpy(o->host, arg, len);
	o->host[len] = '\0';
	if (strpbrk(o->host, " \t/\\@"))
		return "not a host name or address";
	if (port && set_port(o, port))
		return set_port(o, port);
	if (!port)
		strcpy(o->port, "443");
	o->host_is_ip = inet_pton(AF_INET, o->host, &a4) == 1 || inet_pton(AF_INET6, o->host, &a6) == 1;
	if (strchr(o->host, ':') && !o->host_is_ip)
		return "not an IPv6 address";
	return NULL;
}
