// SPDX-License-Identifier: MIT
/* The established session: the event loop turn, the data path (tun_drain, tls_drain, flush_tx). */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "daemon.h"
#include "exit.h"
#include "keep.h"
#include "log.h"
#include "netup.h"
#include "netwatch.h"
#include "slaac.h"
#include "observers.h"
#include "pushed.h"
#include "session.h"

static void session_enter(struct session *s, enum sx_phase phase);

void session_fail(struct session *s, enum sx_reason reason)
{
	uint64_t now = loop_now_ms();

	if (!s->reason)
		s->reason = reason;
	if (s->closing)
		return;
	s->closing = true;
	s->teardown_deadline = now + SESS_TEARDOWN_MS;
	session_enter(s, SX_PHASE_DISCONNECTING);
	/* RFC 1661 3.7: close LCP first; its FINISHED event then ends the SSTP call. */
	if (s->ppp_opened && ppp_link_phase(&s->ppp) != PPP_PHASE_DEAD) {
		ppp_link_close(&s->ppp, now);
	} else if (!s->ctl_disconnecting) {
		s->ctl_disconnecting = true;
		sstp_ctl_disconnect(&s->ctl, now);
	}
}

void session_local_fail(struct session *s, int code)
{
	if (!s->local_exit)
		s->local_exit = code;
	session_fail(s, SX_REASON_USER);
}

/* The observers learn of `phase`; one that fails ends the session with its exit code. */
static void session_enter(struct session *s, enum sx_phase phase)
{
	int code = session_phase(s, phase);

	if (code)
		session_local_fail(s, code);
}

static void transport_gone(struct session *s, const char *why)
{
	if (!s->closing || !s->reason)
		log_fail("connection", "%s: %s", s->o->host, why);
	if (!s->reason)
		s->reason = SX_REASON_SERVER_DISCONNECT;
	s->finished = true;
	s->transport_dead = true;
}

static void on_sstp_event(struct session *s, const struct sstp_event *ev, uint64_t now)
{
	switch (ev->type) {
	case SSTP_EV_CONNECT_ACK:
		log_info("sstp: call accepted (crypto binding %s offered)", sstp_hash_str(ev->hash));
		session_enter(s, SX_PHASE_PPP);
		/* SoftEther sends nothing until our first LCP Configure-Request (softether.md). */
		ppp_link_open(&s->ppp, now);
		s->ppp_opened = true;
		return;
	case SSTP_EV_CONNECTED:
		log_info("sstp: call connected (crypto binding %s)", sstp_hash_str(ev->hash));
		return;
	case SSTP_EV_DOWN:
		if (ev->has_status)
			log_debug("sstp: call ending: %s (status %u)", sx_reason_str(ev->reason),
				 ev->status.status);
		else
			log_debug("sstp: call ending: %s", sx_reason_str(ev->reason));
		/* A cause PPP recorded first (LCP ended by the server) explains the disconnect. */
		if (!s->reason && s->ppp_opened && ppp_link_reason(&s->ppp) != SX_REASON_NONE)
			s->reason = ppp_link_reason(&s->ppp);
		if (!s->reason)
			s->reason = ev->reason;
		s->ctl_disconnecting = true;	/* the control machine is already closing */
		if (!s->closing) {
			s->closing = true;
			s->teardown_deadline = now + SESS_TEARDOWN_MS;
			session_enter(s, SX_PHASE_DISCONNECTING);
		}
		return;
	case SSTP_EV_FINISHED:
		s->finished = true;
		return;
	}
}

static const char *auth_name(uint16_t proto, uint8_t eap_type)
{
	return proto == PPP_CHAP ? "MS-CHAPv2" : proto == PPP_PAP ? "PAP"
	       : proto == PPP_EAP ? eap_type_name(eap_type) : "none requested";
}

static void on_auth_ok(struct session *s, struct ppp_event *ev, uint64_t now)
{
	int ret;

	log_info("ppp: authenticated as \"%s\" (%s)", s->o->user,
		 auth_name(ev->u.auth.proto, ev->u.auth.eap_type));
	session_enter(s, SX_PHASE_AUTHENTICATED);
	/* MS-SSTP 3.2.5.2: Call Connected binds the tunnel to the inner authentication. */
	ret = sstp_ctl_bind(&s->ctl, ev->u.auth.hlak, now);
	explicit_bzero(ev->u.auth.hlak, sizeof(ev->u.auth.hlak));
	if (ret) {
		log_fail("sstp", "cannot send Call Connected: %s", strerror(-ret));
		session_fail(s, SX_REASON_PROTOCOL);
	}
}

/* The interface is up (netup.c); what a reconnection changed, and --background's detach. */
static void on_connected(struct session *s)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	struct in_addr was = { .s_addr = htonl(s->last_local) };
	struct in_addr now = { .s_addr = htonl(s->ip.local) };

	if (s->last_local && s->last_local != s->ip.local)
		log_info("reconnect: address changed from %s to %s",
			 inet_ntop(AF_INET, &was, a, sizeof(a)), inet_ntop(AF_INET, &now, b, sizeof(b)));
	else if (s->last_local)
		log_info("reconnect: same address %s as before", inet_ntop(AF_INET, &now, b, sizeof(b)));
	s->last_local = s->ip.local;
	s->connections++;
	daemon_connected(s);
}

static void on_ppp_event(struct session *s, struct ppp_event *ev, uint64_t now)
{
	bool connected;
	int code;

	switch (ev->type) {
	case PPP_EV_AUTH_OK:
		on_auth_ok(s, ev, now);
		return;
	case PPP_EV_IP_UP:
		connected = s->t_connected != 0;
		code = netup_ipv4(s, ev);
		if (code)
			session_local_fail(s, code);
		if (!connected && s->t_connected)
			on_connected(s);
		return;
	case PPP_EV_IPV6_UP:
		code = netup_ipv6(s, ev);
		if (code)
			session_local_fail(s, code);
		return;
	case PPP_EV_DOWN:
		log_debug("ppp: link ending: %s%s%s", sx_reason_str(ev->u.down.reason),
			 ev->u.down.msg[0] ? ": " : "", ev->u.down.msg);
		if (!s->reason) {
			s->reason = ev->u.down.reason;
			snprintf(s->reason_msg, sizeof(s->reason_msg), "%s", ev->u.down.msg);
		}
		if (!s->closing) {
			s->closing = true;
			s->teardown_deadline = now + SESS_TEARDOWN_MS;
			session_enter(s, SX_PHASE_DISCONNECTING);
		}
		return;
	case PPP_EV_FINISHED:
		if (!s->ctl_disconnecting) {
			s->ctl_disconnecting = true;
			sstp_ctl_disconnect(&s->ctl, now);
		}
		return;
	}
}

static void trace_frame(const char *dir, const uint8_t *frame, size_t len)
{
	char line[256];

	if (log_level() < SX_LOG_TRACE)
		return;
	ppp_trace(frame, len, line, sizeof(line));
	log_trace("ppp: %s %s", dir, line);
}

/*
 * The DHCPINFORM on a split tunnel, answered or given up on (netup.c): what it pushed is applied,
 * and CONNECTED comes then if it waited (pushed_before_connected). Nothing once the session is
 * closing: routes added then would outlive nothing but the teardown.
 */
static void on_dhcp(struct session *s, uint64_t now, bool *busy)
{
	bool was_connected = s->t_connected != 0;
	int code;

	if (s->closing) {
		s->dhcp_wait = false;
		return;
	}
	code = netup_dhcp_pump(s, now, busy);

	if (code)
		session_local_fail(s, code);
	if (!was_connected && s->t_connected)
		on_connected(s);
}

/* Moves the cores' output to the TLS queue and acts on their events until both are quiet. */
static void pump(struct session *s)
{
	uint64_t now = loop_now_ms();
	struct sstp_event sev;
	struct ppp_event pev;
	struct pkt *p;
	bool busy = true;

	while (busy) {
		busy = false;
		while (!sstp_ctl_pop_event(&s->ctl, &sev)) {
			on_sstp_event(s, &sev, now);
			busy = true;
		}
		while (ppp_link_pop_event(&s->ppp, &pev)) {
			on_ppp_event(s, &pev, now);
			explicit_bzero(&pev, sizeof(pev));
			busy = true;
		}
		while ((p = pkt_pool_get(&s->pool, 0))) {
			size_t len;

			if (sstp_ctl_pop_tx(&s->ctl, pkt_data(p), pkt_tailroom(p), &len)) {
				pkt_pool_ret(&s->pool, p);
				break;
			}
			pkt_put(p, (uint16_t)len);
			dp_queue(&s->dp, p);
			busy = true;
		}
		if (s->dhcp_wait)
			on_dhcp(s, now, &busy);
		while ((p = ppp_link_pop_tx(&s->ppp))) {
			trace_frame("sent", pkt_data(p), p->len);
			if (sstp_data_push(p))
				pkt_pool_ret(&s->pool, p);
			else
				dp_queue(&s->dp, p);
			busy = true;
		}
	}
}

static bool rx_more(void *ctx)
{
	(void)ctx;
	return true;
}

static void rx_data(void *ctx)
{
	struct session *s = ctx;

	sstp_ctl_note_rx(&s->ctl, loop_now_ms());
}

/* A PPP frame that is not IP for an open network protocol: the PPP core's. */
static void rx_frame(void *ctx, const uint8_t *frame, size_t len)
{
	struct session *s = ctx;

	trace_frame("rcvd", frame, len);
	ppp_link_input(&s->ppp, frame, len, loop_now_ms());
}

static void rx_control(void *ctx, const uint8_t *pk, size_t len)
{
	struct session *s = ctx;

	/*
	 * Act on what came before it first (an LCP Terminate-Request ahead of Call Disconnect is
	 * the cause), and on it before the next packet: the LCP Configure-Request a server sends
	 * right behind Connect Ack needs the link opened by that event.
	 */
	pump(s);
	sstp_ctl_input(&s->ctl, pk, len, loop_now_ms());
	pump(s);
}

/* On a split tunnel, while waiting: the DHCPACK answering our DHCPINFORM (pushed.c). */
static bool rx_ip4(void *ctx, const uint8_t *ip, size_t len)
{
	struct session *s = ctx;

	return s->dhcp_wait && pushed_input(s, ip, len, loop_now_ms());
}

/* Router advertisements from the server are ours, not the kernel's (slaac.h). */
static bool rx_ip6(void *ctx, const uint8_t *ip, size_t len)
{
	struct session *s = ctx;
	bool consumed = false;
	int code = slaac_input(s, ip, len, &consumed);

	if (!code && s->v6.dns_stale)
		code = netup_dns_refresh(s);
	if (code)
		session_local_fail(s, code);
	return consumed;
}

static const struct dp_rx_ops rx_ops = {
	.control = rx_control, .frame = rx_frame, .data = rx_data, .more = rx_more, .ip4 = rx_ip4,
	.ip6 = rx_ip6,
};

/* Parses whole SSTP packets in place (tools/datapath) and keeps a partial one for later. */
static void process_rx(struct session *s)
{
	if (dp_rx(&s->dp, s->rx, &s->rx_len, &rx_ops, s) == -EBADMSG) {
		/* MS-SSTP 3.1.5.1: an unparsable header ends the connection without a message. */
		log_fail("sstp", "%s: the server sent a packet no SSTP packet can be", s->o->host);
		if (!s->reason)
			s->reason = SX_REASON_PROTOCOL;
		s->finished = true;
		s->transport_dead = true;
	}
}

static void tls_drain(struct session *s)
{
	int ret;

	for (;;) {
		ret = tls_read(&s->tls, s->rx + s->rx_len, sizeof(s->rx) - s->rx_len);
		if (ret == -EAGAIN)
			break;
		if (ret < 0) {
			transport_gone(s, ret == -EPIPE ? "the server closed the connection"
					  : ret == -ECONNRESET ? "the server reset the connection"
							       : "the connection broke");
			return;
		}
		s->rx_len += (size_t)ret;
		process_rx(s);
		pump(s);
		if (s->finished)
			break;
	}
	/* One coalesced TUN write per receive drain. */
	dp_rx_flush(&s->dp);
}

static int dp_write(void *ctx, const uint8_t *buf, size_t len)
{
	struct session *s = ctx;

	return tls_write(&s->tls, buf, len);
}

static bool dp_ip_open(void *ctx, uint16_t proto)
{
	struct session *s = ctx;

	bool open = proto == PPP_IP ? ppp_link_ip_open(&s->ppp) : ppp_link_ipv6_open(&s->ppp);

	if (!open)
		s->dropped++;	/* a kept device before IPCP/IPv6CP opened again (keep.c) */
	return open;
}

int session_dp_init(struct session *s)
{
	struct dp_cfg cfg = { .write = dp_write, .ip_open = dp_ip_open, .ctx = s, .pool = &s->pool,
			      .log = log_sink() };

	return dp_init(&s->dp, &cfg);
}

/* Everything queued goes to TLS in as few writes as the buffer allows (tools/datapath). */
static void flush_tx(struct session *s)
{
	int ret;

	if (s->transport_dead)
		return;
	ret = dp_flush(&s->dp, 0);
	/*
	 * A reset that arrives after the server's last data and before our answer to it is met by
	 * send(2), not recv(2): the same cause, in the same words as tls_drain's.
	 */
	if (ret < 0 && ret != -EAGAIN)
		transport_gone(s, s->tls.io.sock_err == ECONNRESET ? "the server reset the connection"
								    : "the connection broke while sending");
}

/*
 * The path to the server changed (netwatch.c): reconnect at once. The goodbye still goes out, but
 * the old path may be dead, so the server's answer is awaited only briefly.
 */
static void on_path_changed(struct session *s, uint64_t now)
{
	s->hup = true;
	session_fail(s, SX_REASON_NETWORK_CHANGED);
	if (s->teardown_deadline > now + SESS_PATH_GONE_MS)
		s->teardown_deadline = now + SESS_PATH_GONE_MS;
}

/* SIGHUP with --reconnect: close this connection cleanly and start a new one at once. */
static void on_hup(struct session *s)
{
	log_info("SIGHUP: disconnecting to reconnect at once");
	s->hup = true;
	session_fail(s, SX_REASON_USER);
}

static void on_signal(struct session *s)
{
	int sig;

	while ((sig = loop_signal(&s->loop)) > 0) {
		if (sig == SIGUSR1) {
			status_log(s);
			continue;
		}
		if (s->closing && s->reason == SX_REASON_USER) {
			log_info("second signal: leaving without waiting for the server");
			if (sig != SIGHUP || !s->o->reconnect)
				s->stop_requested = true;
			s->finished = true;
			return;
		}
		if (sig == SIGHUP && s->o->reconnect) {
			on_hup(s);
			continue;
		}
		log_info("disconnecting (%s)", strsignal(sig));
		s->stop_requested = true;
		session_fail(s, SX_REASON_USER);
	}
}

static uint64_t next_deadline(const struct session *s)
{
	uint64_t d[] = { sstp_ctl_next_deadline(&s->ctl), ppp_link_next_deadline(&s->ppp),
			 s->teardown_deadline, netwatch_deadline(s),
			 s->dhcp_wait ? dhcp_client_next_deadline(&s->dhcp) : 0 };
	uint64_t min = 0;

	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (d[i] && (!min || d[i] < min))
			min = d[i];
	return min;
}

static void tick(struct session *s)
{
	uint64_t now = loop_now_ms();

	sstp_ctl_tick(&s->ctl, now);
	ppp_link_tick(&s->ppp, now);
	if (s->dhcp_wait)
		dhcp_client_tick(&s->dhcp, now);
	if (netwatch_tick(s, now))
		on_path_changed(s, now);
	if (s->teardown_deadline && now >= s->teardown_deadline) {
		log_info("the server did not confirm the disconnect in time");
		s->finished = true;
	}
}

static int watch(struct session *s)
{
	bool out = dp_tx_pending(&s->dp) || tls_want_write(&s->tls);
	int ret = loop_watch_sock(&s->loop, s->sock, EPOLLIN | (out ? EPOLLOUT : 0));

	/* Backpressure: the TUN is polled only while the send buffer has room for a whole read. */
	if (!ret && s->tun >= 0)
		ret = loop_tun_enable(&s->loop, dp_tun_wanted(&s->dp));
	if (!ret)
		ret = loop_arm(&s->loop, next_deadline(s));
	return ret;
}

/* The data path's counters as the status and events report them. */
static void count(struct session *s)
{
	s->rx_packets = s->dp.st.rx_packets;
	s->rx_bytes = s->dp.st.rx_bytes;
	s->tx_packets = s->dp.st.tx_packets;
	s->tx_bytes = s->dp.st.tx_bytes;
}

static int exit_code(struct session *s)
{
	if (s->local_exit)
		return s->local_exit;
	/* The PPP core's detail ("IPCP did not open"), unless it only repeats the reason. */
	bool detail = s->reason_msg[0] && strcmp(s->reason_msg, sx_reason_str(s->reason));

	if (s->reason != SX_REASON_NONE && s->reason != SX_REASON_USER)
		log_fail("disconnected", "%s%s%s", sx_reason_str(s->reason), detail ? ": " : "",
			 detail ? s->reason_msg : "");
	return (int)exit_from_reason(s->reason);
}

int session_run(struct session *s)
{
	struct loop_ready r;
	int ret;

	ret = sstp_ctl_start(&s->ctl, loop_now_ms());
	if (!ret && s->rx_len)
		process_rx(s);
	/* Records read ahead behind the HTTP response: poll would not see them. */
	if (!ret && tls_pending(&s->tls))
		tls_drain(s);
	log_info("sstp: negotiating the call");
	session_enter(s, SX_PHASE_SSTP);
	netwatch_start(s);
	slaac_reset(s);
	while (!ret && !s->finished) {
		pump(s);
		flush_tx(s);
		if (s->finished || (ret = watch(s)) || (ret = loop_wait(&s->loop, &r)))
			break;
		if (r.signal)
			on_signal(s);
		if (r.sock & (EPOLLIN | EPOLLERR | EPOLLHUP))
			tls_drain(s);
		if (r.tun && !s->finished)
			dp_tun_drain(&s->dp);
		hooks_ready(&s->hooks, s, &r);
		netwatch_ready(s, &r);
		if (r.timer || (next_deadline(s) && next_deadline(s) <= loop_now_ms()))
			tick(s);
		count(s);
	}
	/* Best effort: what the last step queued (a Disconnect Ack, say) still goes out. */
	if (!ret && !s->transport_dead)
		flush_tx(s);
	netwatch_stop(s);
	if (!keep_attempt_end(s))	/* kept for the next attempt, or removed */
		netup_down(s);
	if (ret) {
		log_fail("loop", "%s", strerror(-ret));
		return SX_EXIT_INTERNAL;
	}
	return exit_code(s);
}
