// SPDX-License-Identifier: MIT
/* The strict SSTP test server: options, fault knobs, one connection's state, shared by its files. */
#ifndef TSRV_H
#define TSRV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "datapath/dp.h"
#include "ppp/pkt.h"
#include "ppp/server.h"
#include "ppp/sx.h"
#include "sstp/srv.h"
#include "tlsio/eaptls.h"
#include "tools/sstpx/loop.h"
#include "tun/tun.h"

struct eaptls;

#define TSRV_MAX_SANS 8
#define TSRV_HEADROOM 16	/* 4 SSTP + 4 PPP, rounded up (conventions.md 6) */
#define TSRV_PKT_CAP 4200	/* a whole control packet (the oversized fault is 4095) */
#define TSRV_POOL 256
#define TSRV_RX_CAP 65536

/* Exit codes of --once (testserver_cli.md) and of start-up failures. */
enum tsrv_exit {
	TSRV_EXIT_OK = 0,
	TSRV_EXIT_ERROR = 1,
	TSRV_EXIT_USAGE = 2,
	TSRV_EXIT_BINDING = 3,
};

/* The points a connection passes; close-after / reset-after name one of them. */
enum tsrv_phase {
	TSRV_PHASE_NONE,
	TSRV_PHASE_TCP,		/* accepted */
	TSRV_PHASE_TLS,		/* handshake done */
	TSRV_PHASE_HTTP,	/* 200 sent */
	TSRV_PHASE_CONNECT,	/* Connect Ack sent */
	TSRV_PHASE_AUTH,	/* PPP authentication succeeded (Success/Ack sent) */
	TSRV_PHASE_IP,		/* IPCP opened */
};

enum tsrv_cert_mode { TSRV_CERT_GOOD, TSRV_CERT_EXPIRED, TSRV_CERT_SELF_SIGNED };

/* Injected malformed SSTP packets: bit (1 << enum sstp_srv_fault). */
struct tsrv_faults {
	enum tsrv_phase cut_after;	/* close-after / reset-after */
	bool cut_reset;			/* reset-after: RST (SO_LINGER 0) instead of FIN */
	uint32_t silent_after_ms;	/* 0 = never */
	bool no_echo_reply;
	uint32_t abort_after_ms;
	uint32_t disconnect_after_ms;
	uint32_t lcp_terminate_after_ms;
	unsigned inject;
	bool http_bogus;
	bool http_endless;
	int http_status;		/* 0 = 200 */
	unsigned ppp;			/* PPP_SRV_F_* */
	enum chap_auth_fault chap;
	int chap_code;
	enum pap_auth_fault pap;
	enum eap_auth_fault eap;
	enum eap_peap_auth_fault peap;
	enum eap_tls_auth_fault eap_tls;
	const char *eap_tls_cert;	/* eap-tls-cert=FILE: the EAP server's certificate + key */
	uint32_t drip_ms;		/* 0 = off */
};

/* --ipv6-ra: router advertisements after IPv6CP (radv.c). */
struct tsrv_ra {
	bool on;
	uint8_t prefix[16];		/* a /64 */
	uint8_t dns[3][16];		/* RDNSS (RFC 8106) */
	size_t n_dns;
};

struct tsrv_opts {
	const char *listen;		/* "ADDR:PORT" as given */
	const char *cert, *key;
	const char *gen_cert_dir;
	const char *cert_cn;
	const char *sans[TSRV_MAX_SANS];
	unsigned n_sans;
	enum tsrv_cert_mode cert_mode;
	uint16_t tls_min, tls_max;	/* --tls-min/--tls-max as on the wire (0x0302..0x0304); 0 */
	const char *tls_ciphers;	/* --tls-ciphers: offer only these (wolfSSL names) */
	const char *users;
	bool pap;
	bool eap;			/* --auth eap-mschapv2, peap or eap-tls */
	bool peap;			/* --auth peap: PEAPv0 with EAP-MSCHAPv2 inside */
	bool eap_tls;			/* --auth eap-tls */
	const char *eap_ca;		/* --eap-ca: client certificates must chain to it */
	uint16_t eap_tls_max;		/* --eap-tls-max: 0x0303 or 0x0304; 0: the newest */
	bool no_auth;			/* --auth none */
	uint8_t hash;			/* SSTP_HASH_* offered */
	uint32_t local, pool;		/* host byte order */
	uint32_t dns[2];
	const char *dhcp_file;		/* --dhcp: what a DHCPINFORM is answered with */
	bool no_dhcp;			/* --no-dhcp: DHCPINFORM goes to the TUN like any packet */
	bool ipv6;
	bool no_offload;		/* --no-offload: TUN without IFF_VNET_HDR */
	struct tsrv_ra ra;
	const char *tun;
	uint32_t hello_ms;
	uint32_t lcp_echo_ms;
	uint32_t mru;			/* --mru; 0 = the PPP default */
	bool once;
	const char *ready_file;
	const char *log_file;
	bool verbose;
	struct tsrv_faults f;
};

/* opts.c: 0, or TSRV_EXIT_USAGE after printing why (or after --help: -1, exit 0). */
int opts_parse(struct tsrv_opts *o, int argc, char **argv);

/*
 * dhcp.c: a DHCPACK for a DHCPINFORM the client sent through the tunnel (an IPv4 packet) into out:
 * 0, or -ENOENT when ip is no INFORM to answer (it then goes on as usual).
 */
int tsrv_dhcp_answer(const struct tsrv_opts *o, const uint8_t *ip, size_t len, uint8_t *out,
		     size_t cap, size_t *out_len);

/* tlog.c: the single writer of the test server's log lines (stderr, and --log FILE). */
void tlog_open(const char *path, bool verbose);
void tlog_close(void);
void tlog(enum sx_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool tlog_on(enum sx_level level);
struct sx_log tlog_sink(void);

/* gencert.c: writes ca.pem, server.pem, server.key into o->gen_cert_dir with `openssl`. */
int gencert_run(const struct tsrv_opts *o);

/* users.c: the --users file; lookups for chap_auth and pap_auth (ctx = struct users *). */
struct users;
int users_load(const char *path, struct users **out);
void users_free(struct users *u);
bool users_chap_lookup(void *ctx, const char *user, uint8_t nt_hash[static 16]);
bool users_pap_lookup(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
		      size_t *password_len);

/* tlssrv.c: the wolfSSL server context, its certificate's hashes and per-connection sessions. */
struct tlssrv {
	void *ctx;			/* WOLFSSL_CTX */
	uint8_t cert_sha1[CBIND_FIELD_LEN];
	uint8_t cert_sha256[CBIND_FIELD_LEN];
};
int tlssrv_init(struct tlssrv *t, const struct tsrv_opts *o);
void tlssrv_free(struct tlssrv *t);
/* A session (a struct tlsio) on an accepted socket (NULL on failure). */
void *tlssrv_new(struct tlssrv *t, int fd);
/* 0 done, -EAGAIN (*want_write set), or -EPROTO / -ECONNRESET after logging why. */
int tlssrv_accept(void *ssl, bool *want_write);
/* Bytes (> 0), -EAGAIN (*want_write set), -EPIPE (peer closed) or -ECONNRESET. */
int tlssrv_read(void *ssl, uint8_t *buf, size_t cap, bool *want_write);
int tlssrv_write(void *ssl, const uint8_t *buf, size_t len, bool *want_write);
void tlssrv_describe(void *ssl, char *buf, size_t cap);
/* Sends close_notify (best effort). */
void tlssrv_notify(void *ssl);
void tlssrv_end(void *ssl, bool shutdown);

/* One connection from accept to close. */
enum conn_stage {
	CONN_TLS,		/* handshake */
	CONN_HTTP,		/* reading the request head */
	CONN_HTTP_FAULT,	/* answered with a fault: draining until the peer goes */
	CONN_SSTP,		/* the SSTP and PPP cores run */
	CONN_CUT,		/* close-after/reset-after: flushing, then the socket goes */
	CONN_DONE,
};

struct server {
	const struct tsrv_opts *o;
	struct loop loop;
	struct tlssrv tls;
	struct users *users;
	struct pkt_pool pool;
	int lsock;
	bool stop;			/* SIGTERM/SIGINT */
};

struct conn {
	struct server *srv;
	const struct tsrv_opts *o;
	int sock;
	void *ssl;
	bool want_write;
	enum conn_stage stage;
	char peer[64];
	struct sstp_srv sstp;
	struct ppp_srv ppp;
	struct eaptls *eaptls;		/* --auth eap-tls: this session's TLS inside EAP */
	bool ppp_ready, ppp_opened;
	struct eaptls *peap_tls;	/* --auth peap: the TLS inside PEAP (tlsio/eaptls.h) */
	struct tun *tun;
	struct tun_cfg tun_cfg;
	int tun_fd;
	bool bound;			/* binding verified */
	bool binding_failed;
	bool ip_up;
	bool injected;			/* the malformed-packet faults went out */
	bool ipv6_up;
	uint64_t ipv6_id;		/* our IPv6CP interface identifier */
	bool silent;			/* silent-after fired: nothing more is written */
	bool clean_end;			/* ended the way a good session ends */
	bool peer_gone;			/* TLS closed or broke */
	bool closing;			/* local close started */
	char why[128];			/* the first reason the session ends */
	uint64_t deadline;		/* stage timer (TLS/HTTP bound, drip, endless, cut poll) */
	uint64_t silent_at;		/* 0 = none */
	uint64_t drip_at;		/* next drip byte; 0 = none pending */
	unsigned endless_n;
	uint64_t endless_until;
	bool cut_rst;			/* the cut is a reset */
	bool cut_notify;		/* a TLS close_notify goes before the FIN */
	bool wr_shut;			/* our FIN is out: waiting for the client's */
	uint64_t teardown;		/* bound on a graceful close after a signal; 0 = none */
	struct dp dp;			/* the data path (tools/datapath), shared with sstpx */
	size_t rx_len;
	uint8_t rx[TSRV_RX_CAP];
};

/* session.c: the data path's set-up for a connection (0 or -ENOMEM). */
int session_dp_init(struct conn *c);
/* conn.c: serves one accepted socket until the session ends; returns the --once exit code. */
int conn_serve(struct server *srv, int sock, const char *peer);

/* end.c: how a connection ends (state only; conn.c acts on it). */
/* Records the first reason, saying whether it is how a good session ends. */
void end_note(struct conn *c, const char *why, bool clean);
/* The first reason, as a failure. */
void end_fail(struct conn *c, const char *why);
/* Flush what is queued, then close: FIN (after a TLS close_notify when notify), or RST. */
void end_cut(struct conn *c, bool rst, bool notify, uint64_t now);
/* The session is over: flush, then close with FIN. */
void end_finish(struct conn *c, uint64_t now);
/* The connection reached `phase`: close-after/reset-after cuts it there. */
void end_reach(struct conn *c, enum tsrv_phase phase);

/* session.c: the SSTP stage (cores, data path). */
int session_start(struct conn *c, uint64_t now);
void session_rx(struct conn *c, uint64_t now);
void session_pump(struct conn *c, uint64_t now);
void session_tick(struct conn *c, uint64_t now);
uint64_t session_deadline(const struct conn *c);
void session_close(struct conn *c, uint64_t now);
void session_free(struct conn *c);

/* radv.c: IPv6 router advertisements (tun/ra.h) with --ipv6-ra. */
int radv_opt(struct tsrv_ra *ra, const char *v);	/* "PREFIX/64[,DNS6...]": 0 or -EINVAL */
/* The TUN has our link-local address: route the prefix to it, advertise the prefix. */
void radv_start(struct conn *c);
/* An IPv6 packet from the client: true when it was a Router Solicitation (answered). */
bool radv_input(struct conn *c, const uint8_t *pkt, size_t len);

const char *tsrv_phase_str(enum tsrv_phase phase);

#endif
