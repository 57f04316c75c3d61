// SPDX-License-Identifier: MIT
/*
 * One connection of the test server from accept to close: TLS handshake, the SSTP_DUPLEX_POST
 * request and its answer (or an HTTP fault), then the SSTP stage of session.c; the write path
 * (with the slow drip) and the close-after/reset-after cut that end.c starts.
 */
#include <errno.h>
#include <linux/sockios.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tsrv.h"

#define SETUP_MS 30000		/* TLS handshake + HTTP request */
#define HTTP_FAULT_MS 30000	/* http-bogus: how long the client may take to go away */
#define ENDLESS_MS 600000	/* http-endless: a bound, so a forgotten server still ends */
#define CUT_POLL_MS 10

static bool tx_pending(const struct conn *c)
{
	return dp_tx_pending(&c->dp);
}

/* Writes what is queued; with drip=MS one byte per TLS record every MS milliseconds. */
static void flush(struct conn *c, uint64_t now)
{
	uint32_t drip = c->o->f.drip_ms;
	int ret;

	if (c->silent) {
		dp_tx_discard(&c->dp);
		return;
	}
	if (c->peer_gone || !tx_pending(c))
		return;
	if (drip && !dp_tx_retrying(&c->dp) && now < c->drip_at)
		return;
	ret = dp_flush(&c->dp, drip ? 1 : 0);
	if (ret < 0 && ret != -EAGAIN) {
		c->peer_gone = true;
		end_fail(c, "tcp: the connection broke while sending");
		return;
	}
	if (drip && !dp_tx_retrying(&c->dp))
		c->drip_at = now + drip;
}

static void answer_http(struct conn *c, int status, const char *reason)
{
	char buf[256];
	int n = sstp_http_build_response(buf, sizeof(buf), status, reason);

	if (n > 0)
		dp_queue_bytes(&c->dp, buf, (size_t)n);
	tlog(SX_LOG_INFO, "http: answered %d %s", status, reason);
}

static const char *status_reason(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Fault Injected";
}

/* The answer to a good request: a fault, or 200 and the SSTP stage. */
static void http_answer(struct conn *c, uint64_t now)
{
	const struct tsrv_faults *f = &c->o->f;
	static const char bogus[] = "SSTP?? \x01\x02 this is not HTTP \xff\xfe\r\n\r\n";
	char why[64];

	if (f->http_bogus || f->http_endless) {
		dp_queue_bytes(&c->dp, f->http_bogus ? bogus : "HTTP/1.1 200 OK\r\n",
				 f->http_bogus ? sizeof(bogus) - 1 : 17);
		end_note(c, f->http_bogus ? "fault: http-bogus" : "fault: http-endless", true);
		tlog(SX_LOG_INFO, "%s: answering with %s", c->why,
		     f->http_bogus ? "garbage" : "a head that never ends");
		c->stage = CONN_HTTP_FAULT;
		c->deadline = now + (f->http_bogus ? HTTP_FAULT_MS : 1000);
		c->endless_until = now + ENDLESS_MS;
		return;
	}
	if (f->http_status && f->http_status != 200) {
		answer_http(c, f->http_status, status_reason(f->http_status));
		snprintf(why, sizeof(why), "fault: http-status=%d", f->http_status);
		end_note(c, why, true);
		end_cut(c, false, true, now);
		return;
	}
	answer_http(c, 200, "OK");
	end_reach(c, TSRV_PHASE_HTTP);
	if (c->stage == CONN_HTTP && !session_start(c, now) && c->rx_len)
		session_rx(c, now);
}

static void http_input(struct conn *c, uint64_t now)
{
	struct sstp_http_req req;
	const char *why = NULL;
	size_t used = 0;
	int ret = sstp_http_req_parse(c->rx, c->rx_len, &req, &used, &why);

	if (ret == -EAGAIN)
		return;
	if (ret) {
		tlog(SX_LOG_WARN, "http: bad request: %s", why ? why : strerror(-ret));
		answer_http(c, 400, "Bad Request");
		end_fail(c, "http: bad request");
		end_cut(c, false, true, now);
		return;
	}
	tlog(SX_LOG_INFO, "http: SSTP_DUPLEX_POST host=%s correlation=%s", req.host,
	     req.correlation_id[0] ? req.correlation_id : "(none)");
	memmove(c->rx, c->rx + used, c->rx_len - used);
	c->rx_len -= used;
	http_answer(c, now);
}

static void tls_step(struct conn *c, uint64_t now)
{
	char desc[128];
	int ret = tlssrv_accept(c->ssl, &c->want_write);

	if (ret == -EAGAIN)
		return;
	if (ret) {
		c->peer_gone = true;
		end_fail(c, "tls: handshake failed");
		c->stage = CONN_DONE;
		return;
	}
	tlssrv_describe(c->ssl, desc, sizeof(desc));
	tlog(SX_LOG_INFO, "tls: %s", desc);
	c->stage = CONN_HTTP;
	c->deadline = now + SETUP_MS;
	end_reach(c, TSRV_PHASE_TLS);
}

/* Reads all TLS plaintext there is and hands it to the stage. */
static void drain(struct conn *c)
{
	int ret;

	while (c->stage == CONN_HTTP || c->stage == CONN_HTTP_FAULT || c->stage == CONN_SSTP) {
		if (c->rx_len == sizeof(c->rx)) {
			end_fail(c, "http: request head too long");
			c->stage = CONN_DONE;
			return;
		}
		ret = tlssrv_read(c->ssl, c->rx + c->rx_len, sizeof(c->rx) - c->rx_len,
				  &c->want_write);
		if (ret == -EAGAIN)
			return;
		if (ret < 0) {
			tlog(SX_LOG_INFO, "tcp: the client %s", ret == -EPIPE ?
			     "closed the connection" : "connection broke");
			c->peer_gone = true;
			end_fail(c, ret == -EPIPE ? "tcp: closed by the client" :
					 "tcp: connection broke");
			c->stage = CONN_DONE;
			return;
		}
		c->rx_len += (size_t)ret;
		if (c->stage == CONN_HTTP)
			http_input(c, loop_now_ms());
		else if (c->stage == CONN_SSTP)
			session_rx(c, loop_now_ms());
		else
			c->rx_len = 0;
		session_pump(c, loop_now_ms());
	}
}

/* Timers of the stages other than SSTP (whose cores have their own). */
static void stage_timer(struct conn *c, uint64_t now)
{
	char line[64];

	if (c->stage == CONN_SSTP) {
		session_tick(c, now);
		return;
	}
	if (!c->deadline || now < c->deadline)
		return;
	switch (c->stage) {
	case CONN_TLS:
	case CONN_HTTP:
		end_fail(c, c->stage == CONN_TLS ? "tls: handshake timeout" : "http: no request");
		c->stage = CONN_DONE;
		return;
	case CONN_HTTP_FAULT:
		if (!c->o->f.http_endless || now >= c->endless_until) {
			c->stage = CONN_DONE;
			return;
		}
		/* http-endless: one more header line each second, never the blank line. */
		snprintf(line, sizeof(line), "X-Endless-%u: still going\r\n", ++c->endless_n);
		dp_queue_bytes(&c->dp, line, strlen(line));
		c->deadline = now + 1000;
		return;
	case CONN_CUT:
		c->stage = CONN_DONE;	/* the peer did not read it all in time: close anyway */
		return;
	case CONN_SSTP:
	case CONN_DONE:
		return;
	}
}

/*
 * Once all is written: FIN by shutdown(SHUT_WR), then what the client still sends is read and
 * dropped until it closes too (closing with unread data would make the kernel send RST). For a
 * reset, the kernel must have sent everything (SIOCOUTQ 0) before SO_LINGER 0 and close.
 */
static void cut_step(struct conn *c, uint64_t now)
{
	int outq = 0;

	if (c->stage != CONN_CUT || (tx_pending(c) && !c->peer_gone && !c->silent))
		return;
	if (c->peer_gone) {
		c->stage = CONN_DONE;
		return;
	}
	if (!c->cut_rst) {
		if (!c->wr_shut) {
			if (c->cut_notify && !c->silent)
				tlssrv_notify(c->ssl);
			shutdown(c->sock, SHUT_WR);
			c->wr_shut = true;
		}
		return;
	}
	if (ioctl(c->sock, SIOCOUTQ, &outq) == 0 && outq > 0 && now < c->deadline)
		return;
	c->stage = CONN_DONE;
}

/* After our FIN: the client's last bytes are dropped; its FIN (or an error) ends the wait. */
static void cut_drain(struct conn *c)
{
	uint8_t buf[4096];
	ssize_t n;

	while ((n = read(c->sock, buf, sizeof(buf))) > 0)
		;
	if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
		c->peer_gone = true;
		c->stage = CONN_DONE;
	}
}

static uint64_t min_nz(uint64_t a, uint64_t b)
{
	return !a || (b && b < a) ? b : a;
}

static int watch(struct conn *c)
{
	uint64_t d = c->stage == CONN_SSTP ? session_deadline(c) : c->deadline;
	bool out = c->want_write || (tx_pending(c) && !c->silent &&
				     !(c->o->f.drip_ms && !dp_tx_retrying(&c->dp)));
	uint32_t ev = c->stage != CONN_CUT || c->wr_shut ? EPOLLIN : 0;
	int ret;

	if (c->o->f.drip_ms && tx_pending(c) && !dp_tx_retrying(&c->dp))
		d = min_nz(d, c->drip_at ? c->drip_at : loop_now_ms());
	if (c->stage == CONN_CUT && c->cut_rst)
		d = min_nz(d, loop_now_ms() + CUT_POLL_MS);
	ret = loop_watch_sock(&c->srv->loop, c->sock, ev | (out ? EPOLLOUT : 0));
	/* Backpressure: the TUN is polled only while the send buffer has room for a whole read. */
	if (!ret && c->tun_fd >= 0)
		ret = loop_tun_enable(&c->srv->loop, dp_tun_wanted(&c->dp) && !c->silent);
	if (!ret)
		ret = loop_arm(&c->srv->loop, d);
	return ret;
}

static void on_signals(struct conn *c, uint64_t now)
{
	int sig;

	while ((sig = loop_signal(&c->srv->loop)) > 0) {
		if (sig != SIGINT && sig != SIGTERM)
			continue;
		tlog(SX_LOG_INFO, "stopping (%s)", strsignal(sig));
		end_note(c, "server stopped by a signal", true);
		if (c->srv->stop || c->stage != CONN_SSTP)
			c->stage = CONN_DONE;
		else
			session_close(c, now);
		c->srv->stop = true;
	}
}

static void step(struct conn *c, const struct loop_ready *r)
{
	uint64_t now = loop_now_ms();

	if (r->signal)
		on_signals(c, now);
	if (c->stage == CONN_TLS && r->sock)
		tls_step(c, now);
	if (c->stage == CONN_CUT && c->wr_shut && r->sock)
		cut_drain(c);
	else if (r->sock & (EPOLLIN | EPOLLERR | EPOLLHUP))
		drain(c);
	/* One coalesced TUN write per receive drain (tools/datapath). */
	dp_rx_flush(&c->dp);
	if (r->tun && c->stage == CONN_SSTP)
		dp_tun_drain(&c->dp);
	stage_timer(c, loop_now_ms());
	session_pump(c, loop_now_ms());
}

static int exit_code(const struct conn *c)
{
	if (c->binding_failed)
		return TSRV_EXIT_BINDING;
	/* Clean: bound, IP up, and ended by the client's orderly close or by our own fault knob. */
	return c->bound && c->ip_up && c->clean_end ? TSRV_EXIT_OK : TSRV_EXIT_ERROR;
}

static void close_socket(struct conn *c)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	tlssrv_end(c->ssl, !c->peer_gone && !c->wr_shut && !c->cut_rst && !c->silent);
	c->ssl = NULL;
	if (c->cut_rst)
		setsockopt(c->sock, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	loop_watch_sock(&c->srv->loop, -1, 0);
	close(c->sock);
}

static int run(struct conn *c)
{
	struct loop_ready r = { .sock = EPOLLIN };
	int ret = 0;

	c->ssl = session_dp_init(c) ? NULL : tlssrv_new(&c->srv->tls, c->sock);
	if (!c->ssl) {
		end_fail(c, "tls: out of memory");
		return -ENOMEM;
	}
	c->deadline = loop_now_ms() + SETUP_MS;
	/*
	 * A cut right after accept goes through cut_step like any other: closing at once with the
	 * client's ClientHello unread would make the kernel send RST instead of the FIN asked for.
	 */
	end_reach(c, TSRV_PHASE_TCP);
	while (c->stage != CONN_DONE) {
		step(c, &r);
		flush(c, loop_now_ms());
		cut_step(c, loop_now_ms());
		if (c->stage == CONN_DONE || (ret = watch(c)) || (ret = loop_wait(&c->srv->loop, &r)))
			break;
	}
	return ret;
}

int conn_serve(struct server *srv, int sock, const char *peer)
{
	struct conn *c = calloc(1, sizeof(*c));
	int ret;

	if (!c) {
		close(sock);
		return TSRV_EXIT_ERROR;
	}
	c->srv = srv;
	c->o = srv->o;
	c->sock = sock;
	c->tun_fd = -1;
	c->stage = CONN_TLS;
	snprintf(c->peer, sizeof(c->peer), "%s", peer);
	tlog(SX_LOG_INFO, "tcp: connection from %s", peer);
	ret = run(c);
	if (ret)
		tlog(SX_LOG_ERR, "loop: %s", strerror(-ret));
	session_free(c);
	close_socket(c);
	dp_free(&c->dp);
	tlog(SX_LOG_INFO, "session ended: %s", c->why[0] ? c->why : "unknown");
	ret = ret ? TSRV_EXIT_ERROR : exit_code(c);
	free(c);
	return ret;
}
