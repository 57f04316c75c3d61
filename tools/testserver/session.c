// SPDX-License-Identifier: MIT
/*
 * The SSTP stage of a test-server connection: the server-role cores (sstp_srv, ppp_srv) pumped
 * to and from TLS, their events acted on (binding verdict, TUN up), the fault timers, and IP
 * between the TUN device and the tunnel.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "tlsio/eaptls.h"
#include "tsrv.h"

#define TEARDOWN_MS 3000	/* a graceful close after a signal, at most */
#define TUN_STATE_DIR "/run/sstpx-testserver"

/* getrandom(2) never returns short for requests up to 256 bytes; ours are 4 to 32. */
static int rand_bytes(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	return len <= 256 && getrandom(buf, len, 0) == (ssize_t)len ? 0 : -EIO;
}

static const struct sx_rand sys_rand = { .fn = rand_bytes, .ctx = NULL };

static const char *ip4(uint32_t host_order, char buf[static INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/*
 * --auth peap: the TLS inside PEAP, server role, on the SSTP certificate and key (SoftEther does
 * the same for EAP-TLS; NPS certificates are often others). No client certificate is asked for.
 */
static int init_peap_tls(struct conn *c)
{
	const struct tsrv_opts *o = c->o;
	struct eaptls_cfg cfg = { .role = TLSIO_SERVER, .min = (enum tlsio_version)o->tls_min,
				  .max = (enum tlsio_version)o->tls_max, .insecure = true,
				  .cert_file = o->cert, .key_file = o->key };
	char why[200];
	int ret = eaptls_new(&c->peap_tls, &cfg, why, sizeof(why));

	if (ret)
		tlog(SX_LOG_ERR, "peap: cannot set up its TLS: %s", why);
	return ret;
}

/* --auth eap-tls: a server-role TLS engine for this session (eap-tls-cert= swaps its certificate). */
static int init_eaptls(struct conn *c, struct ppp_srv_cfg *cfg)
{
	const struct tsrv_opts *o = c->o;
	struct eaptls_cfg ec = {
		.role = TLSIO_SERVER, .max = (enum tlsio_version)o->eap_tls_max, .cafile = o->eap_ca,
		.cert_file = o->f.eap_tls_cert ? o->f.eap_tls_cert : o->cert,
		.key_file = o->f.eap_tls_cert ? NULL : o->key,
	};
	char why[300];
	int ret;

	if (!o->eap_tls)
		return 0;
	ret = eaptls_new(&c->eaptls, &ec, why, sizeof(why));
	if (ret) {
		tlog(SX_LOG_ERR, "eap-tls: %s", why);
		return ret;
	}
	cfg->eap_tls = eaptls_engine(c->eaptls);
	cfg->eap_tls_fault = o->f.eap_tls;
	/* The fragment-order fault needs a flight of several fragments. */
	cfg->eap_tls_room = o->f.eap_tls == EAP_TLS_AUTH_FAULT_FRAG_ORDER ? 300 : 0;
	return 0;
}

static int init_ppp(struct conn *c)
{
	const struct tsrv_opts *o = c->o;
	const struct tsrv_faults *f = &o->f;
	struct ppp_srv_cfg cfg = {
		.name = "sstpx-testserver", .pap = o->pap, .eap = o->eap, .eap_fault = f->eap,
		.peap = o->peap, .peap_fault = f->peap,
		.no_auth = o->no_auth,
		.chap_lookup = users_chap_lookup, .pap_lookup = users_pap_lookup,
		.lookup_ctx = c->srv->users,
		.chap_fault = f->chap, .chap_fail_code = f->chap_code, .pap_fault = f->pap,
		.local_addr = o->local, .peer_addr = o->pool, .dns1 = o->dns[0], .dns2 = o->dns[1],
		.ipv6 = o->ipv6, .echo_interval_ms = o->lcp_echo_ms, .mru = (uint16_t)o->mru,
		.terminate_after_ms = f->lcp_terminate_after_ms, .faults = f->ppp,
		.pool = &c->srv->pool, .headroom = TSRV_HEADROOM,
		.log = tlog_sink(), .rand = sys_rand,
	};
	int ret = o->peap ? init_peap_tls(c) : 0;

	if (!ret && o->peap)
		cfg.peap_tls = eaptls_engine(c->peap_tls);
	if (!ret)
		ret = init_eaptls(c, &cfg);
	if (!ret)
		ret = ppp_srv_init(&c->ppp, &cfg);
	c->ppp_ready = !ret;
	return ret;
}

int session_start(struct conn *c, uint64_t now)
{
	const struct tsrv_opts *o = c->o;
	struct sstp_srv_cfg cfg = {
		.log = tlog_sink(), .offer = o->hash, .hello_idle_ms = o->hello_ms,
		.abort_after_ms = o->f.abort_after_ms,
		.disconnect_after_ms = o->f.disconnect_after_ms,
		.faults = o->f.no_echo_reply ? SSTP_SRV_F_NO_ECHO_REPLY : 0,
	};
	int ret;

	memcpy(cfg.cert_sha1, c->srv->tls.cert_sha1, CBIND_FIELD_LEN);
	memcpy(cfg.cert_sha256, c->srv->tls.cert_sha256, CBIND_FIELD_LEN);
	ret = sx_random(&sys_rand, cfg.nonce, sizeof(cfg.nonce));
	if (!ret)
		ret = sstp_srv_init(&c->sstp, &cfg);
	if (!ret)
		ret = sstp_srv_start(&c->sstp, now);
	if (!ret)
		ret = init_ppp(c);
	if (ret) {
		tlog(SX_LOG_ERR, "cannot start the protocol engines: %s", strerror(-ret));
		end_fail(c, "internal: engines");
		c->stage = CONN_DONE;
		return ret;
	}
	c->stage = CONN_SSTP;
	return 0;
}

static void trace_frame(const char *dir, const uint8_t *frame, size_t len)
{
	char line[256];

	if (!tlog_on(SX_LOG_TRACE))
		return;
	ppp_trace(frame, len, line, sizeof(line));
	tlog(SX_LOG_TRACE, "ppp: %s %s", dir, line);
}

/* A DHCPINFORM from the client is answered here, through the tunnel (dhcp.c); true if it was. */
static bool dhcp_reply(void *ctx, const uint8_t *ip, size_t len)
{
	struct conn *c = ctx;
	struct pkt *p;
	size_t n;

	if (len < 28 || ip[9] != 17 || !(p = pkt_pool_get(&c->srv->pool, TSRV_HEADROOM)))
		return false;
	if (tsrv_dhcp_answer(c->o, ip, len, pkt_data(p), pkt_tailroom(p), &n) ||
	    (pkt_put(p, (uint16_t)n), ppp_frame_push(p, PPP_IP)) || sstp_data_push(p)) {
		pkt_pool_ret(&c->srv->pool, p);
		return false;
	}
	dp_queue(&c->dp, p);
	return true;
}

static bool rx_more(void *ctx)
{
	const struct conn *c = ctx;

	return c->stage == CONN_SSTP;
}

static void rx_data(void *ctx)
{
	struct conn *c = ctx;

	sstp_srv_note_rx(&c->sstp, loop_now_ms());
}

/* A PPP frame that is not IP for an open network protocol: the PPP core's. */
static void rx_frame(void *ctx, const uint8_t *frame, size_t len)
{
	struct conn *c = ctx;

	trace_frame("rcvd", frame, len);
	if (c->ppp_opened)
		ppp_srv_input(&c->ppp, frame, len, loop_now_ms());
	session_pump(c, loop_now_ms());
}

static void rx_control(void *ctx, const uint8_t *pk, size_t len)
{
	struct conn *c = ctx;

	sstp_srv_input(&c->sstp, pk, len, loop_now_ms());
	session_pump(c, loop_now_ms());
}

/* --ipv6-ra: a Router Solicitation is answered here (radv.c). */
static bool rx_ip6(void *ctx, const uint8_t *ip, size_t len)
{
	return radv_input(ctx, ip, len);
}

static const struct dp_rx_ops rx_ops = {
	.control = rx_control, .frame = rx_frame, .data = rx_data, .more = rx_more,
	.ip4 = dhcp_reply, .ip6 = rx_ip6,
};

/* Whole SSTP packets are parsed in place (tools/datapath); a partial one stays for later. */
void session_rx(struct conn *c, uint64_t now)
{
	(void)now;
	if (dp_rx(&c->dp, c->rx, &c->rx_len, &rx_ops, c) == -EBADMSG && c->stage == CONN_SSTP) {
		/* MS-SSTP 3.1.5.1: an unparsable header ends the connection without a message. */
		tlog(SX_LOG_WARN, "sstp: the client sent a packet no SSTP packet can be");
		end_fail(c, "sstp: malformed packet header");
		c->stage = CONN_DONE;
	}
}

static int dp_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct conn *c = ctx;

	return tlssrv_write(c->ssl, buf, len, &c->want_write);
}

static bool dp_ip_open(void *ctx, uint16_t proto)
{
	struct conn *c = ctx;

	if (!c->ppp_ready)
		return false;
	return proto == PPP_IP ? ppp_srv_ip_open(&c->ppp) : ppp_srv_ipv6_open(&c->ppp);
}

int session_dp_init(struct conn *c)
{
	struct dp_cfg cfg = { .write = dp_write, .ip_open = dp_ip_open, .ctx = c,
			      .pool = &c->srv->pool, .log = tlog_sink() };

	return dp_init(&c->dp, &cfg);
}

/* Once the call is connected and IP is up, so the client has a whole tunnel to take down. */
static void inject_faults(struct conn *c)
{
	static const char *const names[] = {
		[SSTP_SRV_FAULT_TRUNCATED] = "truncated", [SSTP_SRV_FAULT_WRONG_VERSION] = "wrong-version",
		[SSTP_SRV_FAULT_WRONG_LENGTH] = "wrong-length", [SSTP_SRV_FAULT_OVERSIZED] = "oversized",
	};

	if (!c->bound || !c->ip_up || c->injected)
		return;
	c->injected = true;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(c->o->f.inject & (1u << i)))
			continue;
		tlog(SX_LOG_INFO, "fault: sending a %s SSTP packet", names[i]);
		end_note(c, "fault: malformed packet sent", true);
		sstp_srv_inject(&c->sstp, (enum sstp_srv_fault)i);
	}
}

static void on_down(struct conn *c, const struct sstp_srv_event *ev)
{
	char why[160];

	if (!strncmp(ev->text, "binding: ", 9)) {
		tlog(SX_LOG_INFO, "binding FAILED: %s", ev->text + 9);
		c->binding_failed = true;
	}
	snprintf(why, sizeof(why), "sstp: %s", ev->text);
	/* The client's Call Disconnect, or our own close (a signal or a fault knob), end well. */
	end_note(c, why, ev->reason == SX_REASON_SERVER_DISCONNECT ||
			       ev->reason == SX_REASON_USER);
}

static void on_sstp_event(struct conn *c, const struct sstp_srv_event *ev, uint64_t now)
{
	switch (ev->type) {
	case SSTP_SRV_EV_CALL_CONNECT:
		tlog(SX_LOG_INFO, "sstp: call accepted, crypto binding %s offered",
		     sstp_hash_str(ev->hash));
		if (!ppp_srv_open(&c->ppp, now))
			c->ppp_opened = true;
		end_reach(c, TSRV_PHASE_CONNECT);
		return;
	case SSTP_SRV_EV_BOUND:
		tlog(SX_LOG_INFO, "binding verified (%s)", sstp_hash_str(ev->hash));
		c->bound = true;
		if (c->o->f.silent_after_ms)
			c->silent_at = now + c->o->f.silent_after_ms;
		inject_faults(c);
		return;
	case SSTP_SRV_EV_DOWN:
		on_down(c, ev);
		return;
	case SSTP_SRV_EV_FINISHED:
		end_fail(c, "sstp: call finished");
		end_finish(c, now);
		return;
	}
}

static const char *auth_name(const struct conn *c, uint16_t proto)
{
	return proto == PPP_CHAP ? "MS-CHAPv2" : proto == PPP_PAP ? "PAP"
	       : proto == PPP_EAP ? (c->o->peap ? "PEAP" : c->o->eap_tls ? "EAP-TLS" : "EAP-MSCHAPv2")
		 : "none";
}

/* RFC 5072 5: the TUN gets fe80::<our interface identifier> once both IPv6CP and the TUN are up. */
static void add_ll(struct conn *c)
{
	if (!c->tun || !c->ipv6_up)
		return;
	if (tun_addr6_add_ll(c->tun, c->ipv6_id))
		tlog(SX_LOG_WARN, "tun: cannot add the IPv6 link-local address");
	else
		radv_start(c);
}

static void net_up(struct conn *c, const struct ppp_event *ev)
{
	struct in_addr local = { .s_addr = htonl(ev->u.ip.local) };
	struct in_addr peer = { .s_addr = htonl(ev->u.ip.peer) };
	unsigned mtu = ev->u.ip.peer_mru, offloads;
	int ret;

	if (ev->u.ip.mru && ev->u.ip.mru < mtu)
		mtu = ev->u.ip.mru;
	c->tun_cfg = (struct tun_cfg){ .log = tlog_sink(), .ifname = c->o->tun,
				       .state_dir = TUN_STATE_DIR };
	c->tun_cfg.vnet_hdr = !c->o->no_offload;
	ret = tun_open(&c->tun, &c->tun_cfg);
	if (!ret && mtu)
		ret = tun_set_mtu(c->tun, mtu);
	if (!ret)
		ret = tun_addr4_add(c->tun, &local, &peer);
	if (!ret)
		ret = tun_set_up(c->tun, true);
	if (!ret)
		ret = loop_watch_tun(&c->srv->loop, tun_fd(c->tun));
	if (ret) {
		tlog(SX_LOG_ERR, "tun: %s: %s", c->o->tun, strerror(-ret));
		end_fail(c, "tun: set-up failed");
		session_close(c, loop_now_ms());
		return;
	}
	c->tun_fd = tun_fd(c->tun);
	offloads = c->tun_cfg.vnet_hdr ? dp_tun_offload(c->tun_fd) : 0;
	dp_set_tun(&c->dp, c->tun_fd, c->tun_cfg.vnet_hdr, offloads, mtu ? mtu : 1500);
	tlog(SX_LOG_INFO, "tun: %s up, mtu %u, offloads %s", tun_name(c->tun), mtu,
	     offloads ? "on" : "off");
	add_ll(c);
}

static void on_ppp_event(struct conn *c, struct ppp_event *ev, uint64_t now)
{
	char a[INET_ADDRSTRLEN], why[160];

	switch (ev->type) {
	case PPP_EV_AUTH_OK:
		tlog(SX_LOG_INFO, "client %s authenticated (%s)", ppp_srv_user(&c->ppp),
		     auth_name(c, ev->u.auth.proto));
		/* MS-SSTP 3.3.5.2.3: the HLAK is what the Call Connected's binding is checked with. */
		if (sstp_srv_set_hlak(&c->sstp, ev->u.auth.hlak, now))
			tlog(SX_LOG_WARN, "sstp: the HLAK came in state %s",
			     sstp_srv_state_str(sstp_srv_state(&c->sstp)));
		explicit_bzero(ev->u.auth.hlak, sizeof(ev->u.auth.hlak));
		end_reach(c, TSRV_PHASE_AUTH);
		return;
	case PPP_EV_IP_UP:
		tlog(SX_LOG_INFO, "ip up: client %s", ip4(ev->u.ip.peer, a));
		c->ip_up = true;
		if (c->o->tun && !c->tun)
			net_up(c, ev);
		inject_faults(c);
		end_reach(c, TSRV_PHASE_IP);
		return;
	case PPP_EV_IPV6_UP:
		tlog(SX_LOG_INFO, "ipv6 up: client fe80::%llx",
		     (unsigned long long)ev->u.ipv6.peer_id);
		c->ipv6_up = true;
		c->ipv6_id = ev->u.ipv6.local_id;
		add_ll(c);
		return;
	case PPP_EV_DOWN:
		snprintf(why, sizeof(why), "ppp: %s", sx_reason_str(ev->u.down.reason));
		if (ev->u.down.msg[0] && strcmp(ev->u.down.msg, sx_reason_str(ev->u.down.reason)))
			snprintf(why, sizeof(why), "ppp: %s: %s", sx_reason_str(ev->u.down.reason),
				 ev->u.down.msg);
		tlog(SX_LOG_INFO, "%s", why);
		end_note(c, why, ev->u.down.reason == SX_REASON_PEER_TERMINATE ||
				      ev->u.down.reason == SX_REASON_USER);
		return;
	case PPP_EV_FINISHED:
		/* RFC 1661 3.7: the link is dead; MS-SSTP 3.3.1.1.1: the call goes with it. */
		sstp_srv_disconnect(&c->sstp, now);
		return;
	}
}

/* Moves the cores' output to the TLS queue and acts on their events until both are quiet. */
void session_pump(struct conn *c, uint64_t now)
{
	struct sstp_srv_event sev;
	struct ppp_event pev;
	struct pkt *p;
	bool busy = true;

	while (busy && c->ppp_ready) {
		busy = false;
		while (!sstp_srv_pop_event(&c->sstp, &sev)) {
			on_sstp_event(c, &sev, now);
			busy = true;
		}
		while (ppp_srv_pop_event(&c->ppp, &pev)) {
			on_ppp_event(c, &pev, now);
			explicit_bzero(&pev, sizeof(pev));
			busy = true;
		}
		while ((p = pkt_pool_get(&c->srv->pool, 0))) {
			size_t len;

			if (sstp_srv_pop_tx(&c->sstp, pkt_data(p), pkt_tailroom(p), &len)) {
				pkt_pool_ret(&c->srv->pool, p);
				break;
			}
			pkt_put(p, (uint16_t)len);
			dp_queue(&c->dp, p);
			busy = true;
		}
		while ((p = ppp_srv_pop_tx(&c->ppp))) {
			trace_frame("sent", pkt_data(p), p->len);
			if (c->silent || sstp_data_push(p))
				pkt_pool_ret(&c->srv->pool, p);
			else
				dp_queue(&c->dp, p);
			busy = true;
		}
	}
}

void session_tick(struct conn *c, uint64_t now)
{
	if (c->silent_at && now >= c->silent_at) {
		tlog(SX_LOG_INFO, "fault: silent-after=%u: sending nothing from now on",
		     (unsigned)c->o->f.silent_after_ms);
		end_note(c, "fault: silent", true);
		c->silent = true;
		c->silent_at = 0;
		sstp_srv_set_faults(&c->sstp, SSTP_SRV_F_SILENT | SSTP_SRV_F_NO_ECHO_REPLY);
	}
	sstp_srv_tick(&c->sstp, now);
	ppp_srv_tick(&c->ppp, now);
	if (c->teardown && now >= c->teardown) {
		tlog(SX_LOG_INFO, "the client did not confirm the disconnect in time");
		end_finish(c, now);
	}
}

static uint64_t min_nz(uint64_t a, uint64_t b)
{
	return !a || (b && b < a) ? b : a;
}

uint64_t session_deadline(const struct conn *c)
{
	uint64_t d = min_nz(sstp_srv_next_deadline(&c->sstp), ppp_srv_next_deadline(&c->ppp));

	return min_nz(min_nz(d, c->silent_at), c->teardown);
}

/* A local close (signal): LCP Terminate-Request first, its end then closes the call. */
void session_close(struct conn *c, uint64_t now)
{
	if (c->teardown)
		return;
	c->teardown = now + TEARDOWN_MS;
	if (c->ppp_opened && ppp_srv_phase(&c->ppp) != PPP_PHASE_DEAD)
		ppp_srv_close(&c->ppp, now);
	else
		sstp_srv_disconnect(&c->sstp, now);
}

void session_free(struct conn *c)
{
	if (c->ppp_ready)
		ppp_srv_destroy(&c->ppp);
	c->ppp_ready = false;
	if (c->peap_tls)
		eaptls_free(c->peap_tls);
	c->peap_tls = NULL;
	eaptls_free(c->eaptls);
	c->eaptls = NULL;
	if (c->tun) {
		loop_watch_tun(&c->srv->loop, -1);
		tun_close(c->tun);
		tlog(SX_LOG_INFO, "tun: %s removed", c->o->tun);
	}
	c->tun = NULL;
	c->tun_fd = -1;
	dp_set_tun(&c->dp, -1, false, 0, 0);
}
