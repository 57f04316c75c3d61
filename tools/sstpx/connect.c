// SPDX-License-Identifier: MIT
/* The connect command: the process's set-up, then each attempt's resolve, TCP, TLS, HTTP and cores. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <linux/capability.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "daemon.h"
#include "eapcert.h"
#include "exit.h"
#include "keep.h"
#include "netup.h"
#include "log.h"
#include "net.h"
#include "observers.h"
#include "session.h"
#include "sstpx.h"
#include "password.h"
#include "proxy_conn.h"
#include "reconnect.h"

#define TCP_TIMEOUT_MS 10000	/* per address */
#define TLS_TIMEOUT_MS 30000	/* TLS handshake and HTTP response together */

static int rand_bytes(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	while (len) {
		ssize_t n = getrandom(buf, len, 0);

		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		}
	}
	return 0;
}

static const struct sx_rand sys_rand = { .fn = rand_bytes, .ctx = NULL };

/* --netns names a namespace `ip netns` made: say so before any credential is sent. */
static int check_netns(const struct opts *o)
{
	int ret = o->netns ? tun_ns_exists(o->netns) : 0;

	if (ret)
		log_fail("--netns", "\"%s\": no such network namespace (/run/netns/%s: %s)", o->netns,
			 o->netns, strerror(-ret));
	return ret;
}

/* An --ifname that is taken fails now, not after authentication; "sstp%d" takes the next free. */
static int check_ifname(const struct opts *o)
{
	struct tun_cfg cfg = { .log = log_sink(), .ifname = o->ifname, .netns = o->netns };
	int ret = tun_ifname_check(&cfg);
	const char *why = ret == -EEXIST ? "an interface of that name exists already" :
			  ret == -EBUSY ? "a running sstpx uses that name" :
			  ret == -EXDEV ? "a killed sstpx of another network namespace left its journal "
					  "(run 'sstpx cleanup' there)" : strerror(-ret);

	if (ret)
		log_fail("--ifname", "\"%s\": %s", o->ifname ? o->ifname : "sstp%d", why);
	return ret;
}

/*
 * The interface is configured only after authentication; check the privilege it needs first, so
 * an unprivileged run fails before any credential is sent.
 */
static int check_privileges(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (syscall(SYS_capget, &hdr, data))
		return 0;	/* cannot tell: let the TUN step report it */
	if (data[CAP_NET_ADMIN / 32].effective & (1u << (CAP_NET_ADMIN % 32)))
		return 0;
	log_fail("connect", "configuring the tunnel needs root or CAP_NET_ADMIN");
	return -EPERM;
}

/*
 * A signal during setup: SIGUSR1 logs the status and setup goes on; SIGHUP with --reconnect
 * abandons this attempt for an immediate new one; any other ends the process. True when setup
 * must stop.
 */
static bool setup_signal(struct session *s)
{
	int sig;

	while ((sig = loop_signal(&s->loop)) > 0) {
		if (sig == SIGUSR1) {
			status_log(s);
			continue;
		}
		if (sig == SIGHUP && s->o->reconnect) {
			log_info("SIGHUP: starting this attempt again");
			s->hup = true;
		} else {
			log_info("interrupted during setup (%s)", strsignal(sig));
			s->stop_requested = true;
		}
		s->interrupted = true;
	}
	return s->interrupted;
}

/*
 * Waits during setup for the socket (EPOLLIN/EPOLLOUT) until deadline. 0 when ready,
 * -ETIMEDOUT, or -EINTR when a signal ended setup (setup_signal).
 */
static int wait_sock(struct session *s, uint32_t events, uint64_t deadline)
{
	struct loop_ready r;
	int ret;

	ret = loop_watch_sock(&s->loop, s->sock, events);
	if (!ret)
		ret = loop_arm(&s->loop, deadline);
	while (!ret) {
		ret = loop_wait(&s->loop, &r);
		if (ret)
			break;
		if (r.signal && setup_signal(s))
			return -EINTR;
		hooks_ready(&s->hooks, s, &r);
		if (r.tun)
			keep_drop(s);	/* a kept device: no tunnel yet */
		if (r.sock)
			return 0;
		if (loop_now_ms() >= deadline)
			return -ETIMEDOUT;
		ret = loop_arm(&s->loop, deadline);
	}
	return ret;
}

static int try_address(struct session *s, const struct addrinfo *ai, const char *addr)
{
	int ret;

	log_debug("tcp: connecting to %s", addr);
	session_phase(s, SX_PHASE_TCP);
	ret = keep_prepare_addr(s, ai->ai_addr);
	if (!ret)
		ret = net_connect_start(ai, &s->sock);
	if (ret)
		return ret;
	ret = wait_sock(s, EPOLLOUT, loop_now_ms() + TCP_TIMEOUT_MS);
	if (!ret)
		ret = net_connect_result(s->sock);
	if (ret) {
		loop_watch_sock(&s->loop, -1, 0);
		close(s->sock);
		s->sock = -1;
	}
	return ret;
}

static int open_tcp(struct session *s)
{
	const struct opts *o = s->o;
	struct addrinfo *res, *ai;
	char addr[NET_ADDRSTRLEN];
	bool again = false;
	int ret = -ENOENT;

	session_phase(s, SX_PHASE_RESOLVING);
	log_info("resolving %s", o->host);
	if (net_resolve(o->host, o->port, &res))
		return SX_EXIT_RESOLVE;
retry:
	for (ai = res; ai; ai = ai->ai_next) {
		net_addr_str(ai->ai_addr, addr);
		ret = try_address(s, ai, addr);
		if (!ret) {
			log_info("tcp: connected to %s", addr);
			break;
		}
		if (ret == -EINTR)
			break;
		log_fail("tcp", "%s (%s): %s", o->host, addr, strerror(-ret));
	}
	/* The addresses kept from before did not answer: the name may have moved. */
	if (ret && ret != -EINTR && !again && !o->host_is_ip && net_resolve_cached(res)) {
		again = true;
		log_info("resolving %s again", o->host);
		if (!net_resolve_fresh(o->host, o->port, &res))
			goto retry;
		return SX_EXIT_TCP;
	}
	net_resolve_free(res);
	if (ret == -EINTR)
		return SX_EXIT_OK;
	return ret ? SX_EXIT_TCP : 0;
}

static int proxy_wait(void *ctx, int fd, uint32_t events, uint64_t deadline)
{
	struct session *s = ctx;

	if (fd < 0)
		return loop_watch_sock(&s->loop, -1, 0);
	s->sock = fd;
	return wait_sock(s, events, deadline);
}

/* --proxy (or the environment): the TCP stream to the server goes through it (proxy_conn.c). */
static int open_via_proxy(struct session *s)
{
	session_phase(s, SX_PHASE_TCP);
	return proxy_conn_open(&s->proxy, s->o, proxy_wait, s, &s->sock, &s->no_retry);
}

static int open_tls(struct session *s)
{
	const struct opts *o = s->o;
	struct tls_cfg cfg;
	uint64_t deadline = loop_now_ms() + TLS_TIMEOUT_MS;
	char desc[640];
	int ret;

	session_phase(s, SX_PHASE_TLS);
	tls_cfg_from_opts(&cfg, o);
	if (tls_init(&s->tls, &cfg) || tls_start(&s->tls, s->sock)) {
		s->no_retry = true;	/* the CA file or the TLS library: no server can fix it */
		return SX_EXIT_TLS;
	}
	while ((ret = tls_handshake(&s->tls)) == -EAGAIN) {
		ret = wait_sock(s, tls_want_write(&s->tls) ? EPOLLOUT : EPOLLIN, deadline);
		if (ret == -EINTR)
			return SX_EXIT_OK;
		if (ret) {
			log_fail("tls", "%s: handshake: %s", o->host, strerror(-ret));
			return SX_EXIT_TLS;
		}
	}
	if (ret == -EPROTO)
		s->no_retry = true;	/* the certificate (or the server's TLS) was not accepted */
	if (ret)
		return SX_EXIT_TLS;
	tls_describe(&s->tls, desc, sizeof(desc));
	log_info("tls: %s", desc);
	return 0;
}

/* Writes all of buf during setup. 0 or an exit code. */
static int setup_write(struct session *s, const uint8_t *buf, size_t len, uint64_t deadline)
{
	int ret;

	while ((ret = tls_write(&s->tls, buf, len)) == -EAGAIN) {
		ret = wait_sock(s, tls_want_write(&s->tls) ? EPOLLOUT : EPOLLIN, deadline);
		if (ret)
			break;
	}
	if (ret == -EINTR)
		return SX_EXIT_OK;
	if (ret < 0) {
		log_fail("http", "%s: sending the request: %s", s->o->host, strerror(-ret));
		return SX_EXIT_SERVER;
	}
	return 0;
}

/* The HTTP response head; whatever follows it stays in s->rx for the SSTP framer. */
static int read_http_response(struct session *s, uint64_t deadline)
{
	struct sstp_http_resp resp;
	size_t used = 0;
	int ret;

	sstp_http_resp_init(&resp);
	for (;;) {
		ret = tls_read(&s->tls, s->rx, sizeof(s->rx));
		if (ret == -EAGAIN) {
			ret = wait_sock(s, tls_want_write(&s->tls) ? EPOLLOUT : EPOLLIN, deadline);
			if (ret == -EINTR)
				return SX_EXIT_OK;
			if (ret) {
				log_fail("http", "%s: no response: %s", s->o->host, strerror(-ret));
				return SX_EXIT_NEGOTIATION;
			}
			continue;
		}
		if (ret < 0) {
			log_fail("http", "%s: the server closed the connection before answering",
				 s->o->host);
			return SX_EXIT_SERVER;
		}
		s->rx_len = (size_t)ret;
		ret = sstp_http_resp_input(&resp, s->rx, s->rx_len, &used);
		if (ret != -EAGAIN)
			break;
	}
	if (ret) {
		log_fail("http", "%s: not an HTTP response (%s)", s->o->host, strerror(-ret));
		return SX_EXIT_NEGOTIATION;
	}
	if (resp.status != 200) {
		log_fail("http", "%s: server answered %d %s (is this an SSTP server?)", s->o->host,
			 resp.status, resp.reason);
		return SX_EXIT_NEGOTIATION;
	}
	memmove(s->rx, s->rx + used, s->rx_len - used);
	s->rx_len -= used;
	return 0;
}

static int do_http(struct session *s)
{
	uint64_t deadline = loop_now_ms() + TLS_TIMEOUT_MS;
	char req[1024], host[300];
	uint8_t guid[16];
	int len, ret;

	/* RFC 7230 5.4: an IPv6 literal in Host is bracketed; the port is left out for 443. */
	snprintf(host, sizeof(host), "%s%s%s%s%s", strchr(s->o->host, ':') ? "[" : "",
		 s->o->host, strchr(s->o->host, ':') ? "]" : "",
		 strcmp(s->o->port, "443") ? ":" : "", strcmp(s->o->port, "443") ? s->o->port : "");
	if (sx_random(&sys_rand, guid, sizeof(guid)))
		return SX_EXIT_INTERNAL;
	len = sstp_http_build_request(req, sizeof(req), host, guid);
	if (len < 0) {
		log_fail("http", "\"%s\": cannot build the request: %s", host, strerror(-len));
		return SX_EXIT_INTERNAL;
	}
	log_debug("http: SSTP_DUPLEX_POST for %s", host);
	session_phase(s, SX_PHASE_HTTP);
	ret = setup_write(s, (const uint8_t *)req, (size_t)len, deadline);
	if (!ret)
		ret = read_http_response(s, deadline);
	if (!ret && !s->interrupted)
		log_info("http: server accepted SSTP_DUPLEX_POST");
	return ret;
}

/*
 * PEAP's own TLS (MS-PEAP 3.1.5.2), client role: the server's certificate inside it is checked as
 * the outer one is (--cafile or the system store, the server's name, --pin; or not at all with
 * --insecure), unless --eap-cafile, --eap-pin or --eap-server-name say otherwise (eapcert.c).
 * Only when PEAP may run (--auth peap, or no --auth) and no EAP-TLS certificate's engine (which
 * serves PEAP too) is there. 0 or -EINVAL after a line.
 */
static int init_peap_tls(struct session *s)
{
	const struct opts *o = s->o;
	struct tlsio_pin pins[OPTS_MAX_PINS + OPTS_CERT_MAX_PINS];
	struct eaptls_cfg cfg = { .role = TLSIO_CLIENT, .min = (enum tlsio_version)o->tls_min,
				  .ciphers = o->tls_ciphers };
	char why[200];
	int ret;

	if ((o->auth_methods && !(o->auth_methods & OPTS_AUTH_PEAP)) || s->eaptls)
		return 0;
	eapcert_trust(o, &cfg, pins);
	ret = eaptls_new(&s->eap_tls, &cfg, why, sizeof(why));
	if (ret)
		log_fail("peap", "%s", why);
	return ret;
}

static int init_cores(struct session *s)
{
	const struct opts *o = s->o;
	struct sstp_ctl_cfg ccfg = { .log = log_sink() };
	struct ppp_link_cfg pcfg = {
		.user = o->user, .password = s->password.buf, .password_len = s->password.len,
		.allow_pap = o->allow_pap || (o->auth_methods & OPTS_AUTH_PAP),
		.allow_no_auth = o->allow_no_auth, .want_ipv6 = !o->no_ipv6, .want_dns = !o->no_dns,
		/* Without --auth: MS-CHAPv2 first, EAP-MSCHAPv2 when the server insists on EAP. */
		.no_mschapv2 = o->auth_methods && !(o->auth_methods & OPTS_AUTH_MSCHAPV2),
		.eap_methods = (!o->auth_methods || (o->auth_methods & OPTS_AUTH_EAP_MSCHAPV2)
					? EAP_ALLOW_MSCHAPV2 : 0) |
			       (!o->auth_methods || (o->auth_methods & OPTS_AUTH_PEAP)
					? EAP_ALLOW_PEAP : 0),
		.prefer_eap = o->auth_eap_first, .identity = o->identity,
		.mru = (uint16_t)o->mtu, .pool = &s->pool, .headroom = SX_HEADROOM,
		.log = log_sink(), .rand = sys_rand,
	};
	uint8_t h[CBIND_FIELD_LEN];
	const uint8_t *der;
	size_t der_len;
	int ret;

	eapcert_ppp_cfg(s, &pcfg);
	ret = sstp_ctl_init(&s->ctl, &ccfg);
	der = tls_peer_der(&s->tls, &der_len);
	/* MS-SSTP 3.2.5.2: the binding hashes the server certificate exactly as TLS carried it. */
	if (!ret && !(ret = cbind_cert_hash(CBIND_SHA256, der, der_len, h)))
		ret = sstp_ctl_set_cert_hash(&s->ctl, CBIND_SHA256, h);
	if (!ret && !(ret = cbind_cert_hash(CBIND_SHA1, der, der_len, h)))
		ret = sstp_ctl_set_cert_hash(&s->ctl, CBIND_SHA1, h);
	if (!ret)
		ret = init_peap_tls(s);
	if (!ret && s->eap_tls)
		pcfg.tls = eaptls_engine(s->eap_tls);
	if (!ret)
		ret = ppp_link_init(&s->ppp, &pcfg);
	s->ppp_ready = !ret;
	/* The link keeps only what it needs (the NT hash); --reconnect needs the password again. */
	if (!o->reconnect)
		secret_free(&s->password);
	if (ret) {
		log_fail("connect", "cannot set up the protocol engines: %s", strerror(-ret));
		return ret == -EBADMSG ? SX_EXIT_USAGE : SX_EXIT_INTERNAL;
	}
	return 0;
}

void session_attempt_reset(struct session *s)
{
	tls_clear(&s->tls);
	s->sock = -1;
	s->ipv6_up = false;
	s->ipv6_id = 0;
	memset(&s->pool, 0, sizeof(s->pool));
	memset(&s->dp, 0, sizeof(s->dp));
	memset(&s->ctl, 0, sizeof(s->ctl));
	memset(&s->ppp, 0, sizeof(s->ppp));
	s->ppp_ready = s->ppp_opened = s->ctl_disconnecting = false;
	s->finished = s->transport_dead = s->closing = s->interrupted = s->no_retry = false;
	s->t_start = loop_now_ms();
	s->teardown_deadline = 0;
	s->reason = SX_REASON_NONE;
	s->reason_msg[0] = '\0';
	s->local_exit = 0;
	s->rx_packets = s->tx_packets = s->rx_bytes = s->tx_bytes = 0;
	memset(&s->ip, 0, sizeof(s->ip));
	s->mtu = 0;
	s->t_connected = 0;
	s->dhcp_wait = s->have_pushed = false;
	memset(&s->pushed, 0, sizeof(s->pushed));
	s->rx_len = 0;
}

/* Releases what one attempt held; the interface went already or is kept (keep_attempt_end). */
static void attempt_free(struct session *s)
{
	if (s->ppp_ready)
		ppp_link_destroy(&s->ppp);
	s->ppp_ready = false;
	if (s->eap_tls)
		eaptls_free(s->eap_tls);
	s->eap_tls = NULL;
	dp_free(&s->dp);
	tls_free(&s->tls);
	if (s->sock >= 0) {
		loop_watch_sock(&s->loop, -1, 0);
		close(s->sock);
		s->sock = -1;
	}
	pkt_pool_destroy(&s->pool);
}

/* One attempt: a fresh TCP, TLS, HTTP, SSTP and PPP; returns its exit code. */
static int attempt(struct session *s)
{
	int ret;

	session_attempt_reset(s);
	ret = pkt_pool_init(&s->pool, SESS_POOL, SESS_PKT_CAP);
	if (!ret)
		ret = session_dp_init(s);
	if (ret) {
		log_fail("connect", "start-up: %s", strerror(-ret));
		return SX_EXIT_SYSTEM;
	}
	ret = s->proxy.active ? open_via_proxy(s) : open_tcp(s);
	if (!ret && !s->interrupted)
		ret = open_tls(s);
	if (!ret && !s->interrupted)
		ret = do_http(s);
	if (!ret && !s->interrupted)
		ret = init_cores(s);
	if (!ret && !s->interrupted)
		ret = session_run(s);
	attempt_free(s);
	return ret;
}

/* What every attempt shares: privileges, the password, the pid file, the loop, the observers. */
static int setup_process(struct session *s)
{
	int ret;

	ret = loop_init(&s->loop);
	if (ret) {
		log_fail("connect", "start-up: %s", strerror(-ret));
		return SX_EXIT_SYSTEM;
	}
	ret = daemon_pidfile_write(s);
	return ret ? ret : hooks_init(&s->hooks, s);
}

/* The observers, in the order observers.h gives. */
static int add_observers(struct session *s)
{
	static const struct sx_observer *const all[] = {
		&script_observer, &privdrop_observer, &status_observer, &notify_observer,
		&events_observer,
	};
	int ret = 0;

	for (size_t i = 0; !ret && i < sizeof(all) / sizeof(all[0]); i++)
		if (!all[i]->wanted || all[i]->wanted(s->o))
			ret = hooks_add(&s->hooks, all[i]);
	return ret;
}

static void session_free(struct session *s)
{
	hooks_free(&s->hooks, s);
	loop_free(&s->loop);
	secret_free(&s->password);
	eapcert_free(s);
	proxy_conn_free(&s->proxy);
	free(s);
}

/* Everything that can be refused before the first packet; an exit code or 0. */
static int check_start(struct session *s, const struct tls_cfg *cfg)
{
	const struct opts *o = s->o;
	int ret;

	if (tls_validate(cfg))
		return SX_EXIT_USAGE;	/* --tls-min, --tls-ciphers */
	/* A running sstpx on this pid file is the clearest reason, before its interface's name. */
	if (o->pid_file && (ret = daemon_pidfile_check(o->pid_file)) != 0)
		return ret;
	if (check_privileges() || check_netns(o))
		return SX_EXIT_SYSTEM;
	if (o->lockdown && o->script) {
		/* The script's routes go to the main table, which lockdown does not consult. */
		log_fail("--lockdown", "cannot be combined with --script");
		return SX_EXIT_USAGE;
	}
	if (caps_check_options(o) || check_ifname(o) ||
	    (eapcert_needs_password(o) && password_read(s)))
		return SX_EXIT_USAGE;
	if ((ret = eapcert_setup(s)) != 0)
		return ret;
	return proxy_conn_setup(&s->proxy, o);
}

int connect_run(const struct opts *o)
{
	struct session *s = calloc(1, sizeof(*s));
	struct tls_cfg cfg;
	int ret;

	if (!s) {
		log_fail("connect", "out of memory");
		return SX_EXIT_INTERNAL;
	}
	s->o = o;
	s->sock = s->tun = s->status_fd = s->notify_fd = s->daemon_fd = -1;
	s->loop.epfd = s->loop.sigfd = s->loop.timerfd = -1;
	for (int i = 0; i < LOOP_AUX_MAX; i++)
		s->loop.aux[i] = -1;
	s->t_process = loop_now_ms();
	if (add_observers(s)) {
		log_fail("connect", "out of memory");
		hooks_free(&s->hooks, s);
		free(s);
		return SX_EXIT_INTERNAL;
	}
	session_phase(s, SX_PHASE_START);
	tls_cfg_from_opts(&cfg, o);
	ret = check_start(s, &cfg);
	if (!ret && daemon_fork(s, &ret)) {
		secret_free(&s->password);
		eapcert_free(s);
		proxy_conn_free(&s->proxy);
		hooks_free(&s->hooks, s);
		free(s);
		return ret;	/* the parent: the child is connected, or failed with ret */
	}
	if (!ret)
		ret = setup_process(s);
	if (!ret)
		ret = keep_lockdown_start(s);
	if (!ret) {
		ret = reconnect_run(s, attempt);	/* DISCONNECTED after each attempt */
	} else {
		s->exit_code = ret;
		session_phase(s, SX_PHASE_DISCONNECTED);
	}
	netup_down(s);		/* a device kept across attempts, the lockdown */
	net_resolve_forget_all();
	s->exit_code = ret;
	session_phase(s, SX_PHASE_EXIT);
	daemon_exit(s, ret);
	session_free(s);
	return ret;
}
