// SPDX-License-Identifier: MIT
/* The command line of sstpx-testserver (specs/testserver_cli.md), fault knobs included. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tlsio/tlsio.h"
#include "tsrv.h"

static const char usage[] =
	"usage: sstpx-testserver [options]\n"
	"  --listen ADDR:PORT       default 0.0.0.0:443\n"
	"  --cert FILE --key FILE   PEM certificate (chain) and key\n"
	"  --gen-cert DIR           write ca.pem server.pem server.key into DIR and exit\n"
	"  --cert-cn NAME           default sstp.test\n"
	"  --cert-san NAME|IP       repeatable; default: the CN\n"
	"  --cert-mode good|expired|self-signed\n"
	"  --tls-min V --tls-max V  TLS versions accepted (1.1, 1.2, 1.3; default 1.2 to 1.3)\n"
	"  --tls-ciphers LIST       offer only these suites (wolfSSL names, ':'-separated)\n"
	"  --users FILE             lines name:password, '#' comments\n"
	"  --auth mschapv2|eap-mschapv2|peap|eap-tls|pap|none  default mschapv2; none asks for no\n"
	"                           authentication; peap: PEAPv0 with EAP-MSCHAPv2 inside, its TLS\n"
	"                           on --cert/--key, the client's Crypto Binding TLV checked\n"
	"  --eap-ca FILE            with eap-tls: client certificates must chain to these CAs\n"
	"                           (the EAP server's certificate is --cert's)\n"
	"  --eap-tls-max V          highest TLS version inside EAP (1.2, 1.3; default 1.3)\n"
	"  --hash sha1|sha256|both  crypto binding hashes offered; default both\n"
	"  --local IP --pool IP     PPP addresses (192.168.77.1, 192.168.77.10)\n"
	"  --dns IP[,IP]            DNS handed out (default: DNS options rejected)\n"
	"  --dhcp FILE              answer DHCPINFORM with FILE's lines, read per request: domain D,\n"
	"                           search D, route CIDR [GW], dns IP, routes-option 121|249|both\n"
	"  --no-dhcp                do not answer DHCPINFORM (default: an ACK, empty without --dhcp)\n"
	"  --ipv6 | --no-ipv6       run IPv6CP (default on)\n"
	"  --no-offload             TUN packets one by one (no virtio-net header, no offloads)\n"
	"  --ipv6-ra PREFIX/64[,DNS6...]  after IPv6CP, send router advertisements of PREFIX (SLAAC)\n"
	"                           with up to 3 RDNSS servers, and route PREFIX to the TUN\n"
	"  --tun NAME               TUN device: address --local peer --pool\n"
	"  --hello MS               SSTP Echo Request after MS idle (0 = never)\n"
	"  --lcp-echo MS            LCP Echo-Request interval (0 = never)\n"
	"  --mru N                  the MRU the server asks for in LCP (64-1500; default 1400)\n"
	"  --once                   one session, then exit: 0 when the binding was verified, IPCP\n"
	"                           opened and the session ended by the client's Call Disconnect or\n"
	"                           LCP Terminate (or by a --fault knob, or a signal); 3 when the\n"
	"                           binding check failed; 1 otherwise\n"
	"  --ready-file PATH        written with the pid once listening\n"
	"  --log FILE               log lines also go there\n"
	"  --fault KNOB[=ARG]       repeatable: close-after=PHASE reset-after=PHASE (tcp|tls|http|\n"
	"                           connect|auth|ip) silent-after=MS no-echo-reply abort-after=MS\n"
	"                           disconnect-after=MS lcp-terminate-after=MS truncated wrong-version\n"
	"                           wrong-length oversized http-bogus http-endless http-status=N\n"
	"                           ipcp-nak-loop lcp-reject-loop lcp-nak-loop ipv6cp-protrej chap-fail=E\n"
	"                           chap-wrong-s chap-silent pap-nak eap-early-success eap-failure\n"
	"                           eap-insist-tls peap-bad-binding peap-result-failure peap-soh\n"
	"                           peap-bad-record eap-tls-bad-record eap-tls-frag-order\n"
	"                           eap-tls-failure eap-tls-cert=PEM (cert + key the client\n"
	"                           must refuse) drip=MS (after the TLS handshake\n"
	"                           one plaintext byte per TLS record every MS ms)\n"
	"  -v                       debug log (PPP frames traced)\n";

enum {
	OPT_LISTEN = 256, OPT_CERT, OPT_KEY, OPT_GEN_CERT, OPT_CERT_CN, OPT_CERT_SAN, OPT_CERT_MODE,
	OPT_USERS, OPT_AUTH, OPT_HASH, OPT_LOCAL, OPT_POOL, OPT_DNS, OPT_IPV6, OPT_NO_IPV6, OPT_NO_OFFLOAD, OPT_TUN,
	OPT_HELLO, OPT_LCP_ECHO, OPT_MRU, OPT_ONCE, OPT_READY, OPT_LOG, OPT_FAULT, OPT_HELP,
	OPT_TLS_MIN, OPT_TLS_MAX, OPT_TLS_CIPHERS, OPT_DHCP, OPT_NO_DHCP, OPT_EAP_CA, OPT_EAP_TLS_MAX,
	OPT_IPV6_RA,
};

static const struct option longopts[] = {
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "gen-cert", required_argument, NULL, OPT_GEN_CERT },
	{ "cert-cn", required_argument, NULL, OPT_CERT_CN },
	{ "cert-san", required_argument, NULL, OPT_CERT_SAN },
	{ "cert-mode", required_argument, NULL, OPT_CERT_MODE },
	{ "tls-min", required_argument, NULL, OPT_TLS_MIN },
	{ "tls-max", required_argument, NULL, OPT_TLS_MAX },
	{ "tls-ciphers", required_argument, NULL, OPT_TLS_CIPHERS },
	{ "users", required_argument, NULL, OPT_USERS },
	{ "auth", required_argument, NULL, OPT_AUTH },
	{ "hash", required_argument, NULL, OPT_HASH },
	{ "local", required_argument, NULL, OPT_LOCAL },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "dns", required_argument, NULL, OPT_DNS },
	{ "dhcp", required_argument, NULL, OPT_DHCP },
	{ "no-dhcp", no_argument, NULL, OPT_NO_DHCP },
	{ "eap-ca", required_argument, NULL, OPT_EAP_CA },
	{ "eap-tls-max", required_argument, NULL, OPT_EAP_TLS_MAX },
	{ "ipv6", no_argument, NULL, OPT_IPV6 },
	{ "no-ipv6", no_argument, NULL, OPT_NO_IPV6 },
	{ "no-offload", no_argument, NULL, OPT_NO_OFFLOAD },
	{ "ipv6-ra", required_argument, NULL, OPT_IPV6_RA },
	{ "tun", required_argument, NULL, OPT_TUN },
	{ "hello", required_argument, NULL, OPT_HELLO },
	{ "lcp-echo", required_argument, NULL, OPT_LCP_ECHO },
	{ "mru", required_argument, NULL, OPT_MRU },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "ready-file", required_argument, NULL, OPT_READY },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static int bad(const char *opt, const char *val, const char *why)
{
	fprintf(stderr, "sstpx-testserver: %s: \"%s\": %s\n", opt, val, why);
	return TSRV_EXIT_USAGE;
}

static int parse_ms(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v > 86400000ul)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int parse_ip(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*out = ntohl(a.s_addr);
	return 0;
}

static int parse_dns(const char *s, uint32_t dns[static 2])
{
	char buf[64], *comma;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	comma = strchr(buf, ',');
	if (comma)
		*comma++ = '\0';
	if (parse_ip(buf, &dns[0]) || (comma && parse_ip(comma, &dns[1])))
		return -EINVAL;
	return 0;
}

static const char *const phase_names[] = {
	[TSRV_PHASE_NONE] = "none", [TSRV_PHASE_TCP] = "tcp", [TSRV_PHASE_TLS] = "tls",
	[TSRV_PHASE_HTTP] = "http", [TSRV_PHASE_CONNECT] = "connect", [TSRV_PHASE_AUTH] = "auth",
	[TSRV_PHASE_IP] = "ip",
};

const char *tsrv_phase_str(enum tsrv_phase phase)
{
	return phase_names[phase];
}

static int parse_phase(const char *s, enum tsrv_phase *out)
{
	for (unsigned i = TSRV_PHASE_TCP; i <= TSRV_PHASE_IP; i++) {
		if (!strcmp(s, phase_names[i])) {
			*out = (enum tsrv_phase)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* Knobs without an argument and the flag each one sets. */
static int parse_flag_knob(struct tsrv_faults *f, const char *k)
{
	static const struct { const char *name; enum sstp_srv_fault fault; } inject[] = {
		{ "truncated", SSTP_SRV_FAULT_TRUNCATED },
		{ "wrong-version", SSTP_SRV_FAULT_WRONG_VERSION },
		{ "wrong-length", SSTP_SRV_FAULT_WRONG_LENGTH },
		{ "oversized", SSTP_SRV_FAULT_OVERSIZED },
	};

	for (size_t i = 0; i < sizeof(inject) / sizeof(inject[0]); i++) {
		if (!strcmp(k, inject[i].name)) {
			f->inject |= 1u << inject[i].fault;
			return 0;
		}
	}
	if (!strcmp(k, "no-echo-reply"))
		f->no_echo_reply = true;
	else if (!strcmp(k, "http-bogus"))
		f->http_bogus = true;
	else if (!strcmp(k, "http-endless"))
		f->http_endless = true;
	else if (!strcmp(k, "ipcp-nak-loop"))
		f->ppp |= PPP_SRV_F_IPCP_NAK_LOOP;
	else if (!strcmp(k, "lcp-reject-loop"))
		f->ppp |= PPP_SRV_F_LCP_REJECT_LOOP;
	else if (!strcmp(k, "lcp-nak-loop"))
		f->ppp |= PPP_SRV_F_LCP_NAK_LOOP;
	else if (!strcmp(k, "ipv6cp-protrej"))
		f->ppp |= PPP_SRV_F_IPV6CP_PROTREJ;
	else if (!strcmp(k, "chap-wrong-s"))
		f->chap = CHAP_AUTH_FAULT_WRONG_S;
	else if (!strcmp(k, "chap-silent"))
		f->chap = CHAP_AUTH_FAULT_SILENT;
	else if (!strcmp(k, "pap-nak"))
		f->pap = PAP_AUTH_FAULT_NAK;
	else if (!strcmp(k, "eap-early-success"))
		f->eap = EAP_AUTH_FAULT_EARLY_SUCCESS;
	else if (!strcmp(k, "eap-failure"))
		f->eap = EAP_AUTH_FAULT_FAILURE;
	else if (!strcmp(k, "eap-insist-tls"))
		f->eap = EAP_AUTH_FAULT_INSIST_TLS;
	else if (!strcmp(k, "peap-bad-binding"))
		f->peap = EAP_PEAP_AUTH_FAULT_BAD_BINDING;
	else if (!strcmp(k, "peap-result-failure"))
		f->peap = EAP_PEAP_AUTH_FAULT_RESULT_FAILURE;
	else if (!strcmp(k, "peap-soh"))
		f->peap = EAP_PEAP_AUTH_FAULT_SOH;
	else if (!strcmp(k, "peap-bad-record"))
		f->peap = EAP_PEAP_AUTH_FAULT_BAD_RECORD;
	else if (!strcmp(k, "eap-tls-bad-record"))
		f->eap_tls = EAP_TLS_AUTH_FAULT_BAD_RECORD;
	else if (!strcmp(k, "eap-tls-frag-order"))
		f->eap_tls = EAP_TLS_AUTH_FAULT_FRAG_ORDER;
	else if (!strcmp(k, "eap-tls-failure"))
		f->eap_tls = EAP_TLS_AUTH_FAULT_FAILURE;
	else
		return -EINVAL;
	return 0;
}

/* Knobs with "=ARG". */
static int parse_arg_knob(struct tsrv_faults *f, const char *k, const char *arg)
{
	uint32_t v;

	if (!strcmp(k, "close-after") || !strcmp(k, "reset-after")) {
		f->cut_reset = k[0] == 'r';
		return parse_phase(arg, &f->cut_after);
	}
	if (!strcmp(k, "eap-tls-cert") && *arg) {
		f->eap_tls_cert = arg;
		return 0;
	}
	if (parse_ms(arg, &v))
		return -EINVAL;
	if (!strcmp(k, "silent-after"))
		f->silent_after_ms = v ? v : 1;
	else if (!strcmp(k, "abort-after"))
		f->abort_after_ms = v ? v : 1;
	else if (!strcmp(k, "disconnect-after"))
		f->disconnect_after_ms = v ? v : 1;
	else if (!strcmp(k, "lcp-terminate-after"))
		f->lcp_terminate_after_ms = v ? v : 1;
	else if (!strcmp(k, "drip") && v)
		f->drip_ms = v;
	else if (!strcmp(k, "http-status") && v >= 100 && v <= 999)
		f->http_status = (int)v;
	else if (!strcmp(k, "chap-fail") && v >= 1 && v <= 99999) {
		f->chap = CHAP_AUTH_FAULT_FAIL;
		f->chap_code = (int)v;
	} else
		return -EINVAL;
	return 0;
}

static int parse_fault(struct tsrv_faults *f, const char *spec)
{
	char knob[64];
	const char *eq = strchr(spec, '=');
	size_t n = eq ? (size_t)(eq - spec) : strlen(spec);

	if (n >= sizeof(knob))
		return -EINVAL;
	memcpy(knob, spec, n);
	knob[n] = '\0';
	return eq ? parse_arg_knob(f, knob, eq + 1) : parse_flag_knob(f, knob);
}

static int parse_choice(struct tsrv_opts *o, int opt, const char *v)
{
	switch (opt) {
	case OPT_CERT_MODE:
		if (!strcmp(v, "good"))
			o->cert_mode = TSRV_CERT_GOOD;
		else if (!strcmp(v, "expired"))
			o->cert_mode = TSRV_CERT_EXPIRED;
		else if (!strcmp(v, "self-signed"))
			o->cert_mode = TSRV_CERT_SELF_SIGNED;
		else
			return bad("--cert-mode", v, "expected good, expired or self-signed");
		return 0;
	case OPT_AUTH:
		if (strcmp(v, "mschapv2") && strcmp(v, "eap-mschapv2") && strcmp(v, "peap") &&
		    strcmp(v, "pap") && strcmp(v, "none") && strcmp(v, "eap-tls"))
			return bad("--auth", v, "expected mschapv2, eap-mschapv2, peap, eap-tls, pap or none");
		o->pap = !strcmp(v, "pap");
		o->peap = !strcmp(v, "peap");
		o->eap_tls = !strcmp(v, "eap-tls");
		o->eap = !strcmp(v, "eap-mschapv2") || o->peap || o->eap_tls;
		o->no_auth = !strcmp(v, "none");
		return 0;
	case OPT_HASH:
		if (!strcmp(v, "sha1"))
			o->hash = SSTP_HASH_SHA1;
		else if (!strcmp(v, "sha256"))
			o->hash = SSTP_HASH_SHA256;
		else if (!strcmp(v, "both"))
			o->hash = SSTP_HASH_SHA1 | SSTP_HASH_SHA256;
		else
			return bad("--hash", v, "expected sha1, sha256 or both");
		return 0;
	}
	return TSRV_EXIT_USAGE;
}

static int parse_tls_version(struct tsrv_opts *o, int opt, const char *v)
{
	enum tlsio_version ver;

	if (tlsio_version_parse(v, &ver))
		return bad(opt == OPT_TLS_MIN ? "--tls-min" : "--tls-max", v, "expected 1.1, 1.2 or 1.3");
	if (opt == OPT_TLS_MIN)
		o->tls_min = (uint16_t)ver;
	else
		o->tls_max = (uint16_t)ver;
	return 0;
}

static int parse_one(struct tsrv_opts *o, int opt, const char *v)
{
	switch (opt) {
	case OPT_LISTEN: o->listen = v; return 0;
	case OPT_CERT: o->cert = v; return 0;
	case OPT_KEY: o->key = v; return 0;
	case OPT_GEN_CERT: o->gen_cert_dir = v; return 0;
	case OPT_CERT_CN: o->cert_cn = v; return 0;
	case OPT_CERT_SAN:
		if (o->n_sans == TSRV_MAX_SANS)
			return bad("--cert-san", v, "too many");
		o->sans[o->n_sans++] = v;
		return 0;
	case OPT_USERS: o->users = v; return 0;
	case OPT_TLS_MIN:
	case OPT_TLS_MAX:
		return parse_tls_version(o, opt, v);
	case OPT_TLS_CIPHERS: o->tls_ciphers = v; return 0;
	case OPT_LOCAL: return parse_ip(v, &o->local) ? bad("--local", v, "not an IPv4 address") : 0;
	case OPT_POOL: return parse_ip(v, &o->pool) ? bad("--pool", v, "not an IPv4 address") : 0;
	case OPT_DNS: return parse_dns(v, o->dns) ? bad("--dns", v, "expected IP[,IP]") : 0;
	case OPT_DHCP: o->dhcp_file = v; return 0;
	case OPT_NO_DHCP: o->no_dhcp = true; return 0;
	case OPT_EAP_CA: o->eap_ca = v; return 0;
	case OPT_EAP_TLS_MAX: {
		enum tlsio_version ver;

		if (tlsio_version_parse(v, &ver) || ver < TLSIO_TLS12)
			return bad("--eap-tls-max", v, "expected 1.2 or 1.3");
		o->eap_tls_max = (uint16_t)ver;
		return 0;
	}
	case OPT_IPV6: o->ipv6 = true; return 0;
	case OPT_NO_IPV6: o->ipv6 = false; return 0;
	case OPT_NO_OFFLOAD: o->no_offload = true; return 0;
	case OPT_IPV6_RA:
		return radv_opt(&o->ra, v) ? bad("--ipv6-ra", v, "expected PREFIX/64[,DNS6...]") : 0;
	case OPT_TUN: o->tun = v; return 0;
	case OPT_HELLO: return parse_ms(v, &o->hello_ms) ? bad("--hello", v, "expected ms") : 0;
	case OPT_LCP_ECHO:
		return parse_ms(v, &o->lcp_echo_ms) ? bad("--lcp-echo", v, "expected ms") : 0;
	case OPT_MRU:
		if (parse_ms(v, &o->mru) || o->mru < 64 || o->mru > 1500)
			return bad("--mru", v, "expected 64-1500");
		return 0;
	case OPT_ONCE: o->once = true; return 0;
	case OPT_READY: o->ready_file = v; return 0;
	case OPT_LOG: o->log_file = v; return 0;
	case OPT_FAULT: return parse_fault(&o->f, v) ? bad("--fault", v, "unknown knob or bad value") : 0;
	case 'v': o->verbose = true; return 0;
	case OPT_CERT_MODE:
	case OPT_AUTH:
	case OPT_HASH:
		return parse_choice(o, opt, v);
	case OPT_HELP:
		fputs(usage, stdout);
		return -1;
	}
	fputs(usage, stderr);
	return TSRV_EXIT_USAGE;
}

int opts_parse(struct tsrv_opts *o, int argc, char **argv)
{
	int opt, ret;

	memset(o, 0, sizeof(*o));
	o->listen = "0.0.0.0:443";
	o->cert_cn = "sstp.test";
	o->hash = SSTP_HASH_SHA1 | SSTP_HASH_SHA256;
	o->local = 0xc0a84d01u;		/* 192.168.77.1 */
	o->pool = 0xc0a84d0au;		/* 192.168.77.10 */
	o->ipv6 = true;
	while ((opt = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		ret = parse_one(o, opt, optarg);
		if (ret)
			return ret;
	}
	if (optind < argc)
		return bad("argument", argv[optind], "unexpected");
	if (o->gen_cert_dir)
		return 0;
	if (!o->cert || !o->key) {
		fprintf(stderr, "sstpx-testserver: --cert and --key are required (or --gen-cert DIR)\n");
		return TSRV_EXIT_USAGE;
	}
	if (o->eap_tls && !o->eap_ca) {
		fprintf(stderr, "sstpx-testserver: --auth eap-tls needs --eap-ca FILE\n");
		return TSRV_EXIT_USAGE;
	}
	if (!o->users) {
		fprintf(stderr, "sstpx-testserver: --users FILE is required\n");
		return TSRV_EXIT_USAGE;
	}
	return 0;
}
