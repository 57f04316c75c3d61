// SPDX-License-Identifier: MIT
/* One sstpx connection: the state connect.c (setup) and run.c (event loop, data path) share. */
#ifndef SSTPX_SESSION_H
#define SSTPX_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "datapath/dp.h"
#include "hooks.h"
#include "loop.h"
#include "opts.h"
#include "proxy_conn.h"
#include "ppp/pkt.h"
#include "ppp/ppp.h"
#include "sstp/sstp.h"
#include "tls.h"
#include "tlsio/eaptls.h"
#include "tun/pathwatch.h"
#include "tun/dhcp.h"
#include "tun/ra.h"
#include "tun/tun.h"

struct eaptls;

#define SX_HEADROOM 16		/* 4 SSTP + 4 PPP, rounded up (conventions.md 6) */
#define SESS_PKT_CAP 2048	/* one SSTP packet (at most 4095) never needs more than MRU + 8 */
#define SESS_POOL 64		/* control packets only: data goes through tools/datapath */
#define SESS_RX_CAP 65536
#define SESS_TEARDOWN_MS 8000	/* bound on a clean close after SIGINT/SIGTERM */
#define SESS_PATH_GONE_MS 300	/* the same when the path to the server changed */
#define SESS_DNS_LINES 8		/* dns_apply's journal entries kept for a new connection */
#define SESS_EXEMPT_MAX 32	/* --lockdown: addresses exempted */
/* DNS servers and domains as text: DHCP's 4 and RA's 3 servers, 16 domains of 253 bytes */
#define SESS_DNS_KEY_MAX (4 * 9 + 3 * 33 + DNS_DOMAINS_MAX * (DNS_NAME_MAX + 3) + 16)

/*
 * One process runs one or more attempts (--reconnect). The fields from `tls` to `t_connected`,
 * and rx_len/tx_len, are reset by session_attempt_reset before each attempt; the rest live as
 * long as the process.
 */
struct session {
	const struct opts *o;
	struct loop loop;		/* the process's: signals and observers' descriptors stay */
	struct tls tls;			/* per attempt, as is everything down to t_connected */
	int sock;
	bool ipv6_up;
	uint64_t ipv6_id;
	struct pkt_pool pool;		/* control packets from the cores */
	struct dp dp;			/* the data path (tools/datapath): TUN <-> TLS */
	struct sstp_ctl ctl;
	struct ppp_link ppp;
	bool ppp_ready;			/* ppp_link_init done */
	struct eaptls *eap_tls;		/* the TLS inside PEAP (tlsio/eaptls.h); NULL: none */
	bool ppp_opened;
	bool ctl_disconnecting;
	bool finished;			/* SSTP FINISHED or the transport is gone */
	bool transport_dead;		/* TLS failed or the server closed: nothing more is sent */
	bool closing;			/* teardown started (signal or failure) */
	bool interrupted;		/* a signal during setup */
	uint64_t t_start;
	uint64_t teardown_deadline;	/* 0 = none */
	enum sx_reason reason;		/* first cause wins */
	char reason_msg[PPP_MSG_MAX];	/* the PPP core's detail of that cause, or empty */
	int local_exit;			/* nonzero: a local failure decides the exit code */
	bool no_retry;			/* this attempt failed in a way retrying cannot fix */
	/* Per attempt too: counters, IPCP's and DHCP's results and t_connected describe the current
	 * connection. */
	uint64_t rx_packets;
	uint64_t tx_packets;
	uint64_t rx_bytes;		/* IP bytes from the server to the TUN device */
	uint64_t tx_bytes;
	struct ppp_ip_info ip;		/* IPCP's result (valid from CONNECTED) */
	unsigned mtu;			/* the TUN device's MTU */
	uint64_t t_connected;		/* loop_now_ms() at CONNECTED, 0 before */
	struct dhcp_client dhcp;	/* DHCPINFORM after IPCP (netup.c), while dhcp_wait */
	bool dhcp_wait;			/* CONNECTED waits for its answer or its deadline */
	bool have_pushed;		/* the server answered: pushed holds what was applied */
	struct dhcp_info pushed;	/* routes refused are not in it */
	/* The path watch (netwatch.c), from session_run's start to its end; NULL: not watching. */
	struct pw_nl *pwnl;
	int pw_slot;			/* its loop.aux slot */
	struct pathwatch pw;
	/* IPv6 from the server's router advertisements (slaac.c), per attempt. */
	struct {
		struct ra_info ra;	/* the last one */
		bool seen;
		bool link;		/* the interface has its link-local address */
		bool solicited;
		bool default_route;	/* ::/1 + 8000::/1 via the tunnel */
		bool dns_applied;	/* DNS was applied (netup.c), with the RDNSS servers known */
		bool dns_stale;		/* an advertisement changed the RDNSS servers since */
		uint8_t addrs[RA_PREFIX_MAX][16];
		size_t n_addrs;
	} v6;
	/* What the observers (hooks.h) read across attempts. */
	struct hooks hooks;		/* the observers registered with this session */
	enum sx_phase phase;
	unsigned attempt;		/* 0: the first connection; n: the n-th reconnection */
	uint32_t backoff_ms;		/* RECONNECTING: the wait before the next attempt */
	int exit_code;			/* DISCONNECTED / EXIT: the attempt's (process's) exit code */
	unsigned connections;		/* attempts that reached CONNECTED so far */
	bool stop_requested;		/* SIGINT/SIGTERM (or SIGHUP without --reconnect): no retry */
	bool hup;			/* SIGHUP with --reconnect: reconnect now, without backoff */
	uint32_t last_local;		/* the address of the previous connection, 0 = none */
	/*
	 * The device (netup.c, keep.c): made at the first IP_UP (at start with --lockdown), kept
	 * across attempts with --reconnect, removed when the process ends.
	 */
	int tun;			/* its descriptor, -1 = none */
	struct tun *tunobj;		/* NULL = none */
	struct tun_cfg tun_cfg;
	bool dev_up;			/* configured: address, routes, DNS */
	struct ppp_ip_info dev_ip;	/* what it was configured with */
	unsigned dev_mtu;
	uint64_t dev_ipv6_id;		/* fe80::<id> on it; 0 = none */
	char dev_dns[SESS_DNS_LINES][UNDO_LINE_MAX];	/* dns_apply's journal entries */
	size_t n_dev_dns;
	char dev_dns_key[SESS_DNS_KEY_MAX];	/* what they were made from (netup.c); "" = none */
	uint64_t dropped;		/* packets it handed over with no tunnel to carry them */
	uint64_t dropped_at_down;	/* that count when the tunnel went */
	uint64_t t_down;		/* when the tunnel under the kept device went; 0 = up */
	struct tun_prefix exempt[SESS_EXEMPT_MAX];	/* --lockdown: the addresses exempted */
	size_t n_exempt;
	struct dhcp_route dev_pushed[DHCP_ROUTES_MAX];	/* pushed routes on it (pushed.c) */
	size_t n_dev_pushed;
	size_t dev_mark;		/* --lockdown: journal entries of the lock alone */
	struct secret password;		/* kept across attempts only with --reconnect */
	struct eaptls *eaptls;		/* EAP-TLS: our certificate, loaded once (eapcert.c) */
	struct proxy_conn proxy;	/* --proxy or the environment's; inactive: direct */
	int status_fd;			/* the status socket (status.c); -1 = none */
	int notify_fd;			/* NOTIFY_SOCKET (notify.c); -1 = none */
	int daemon_fd;			/* --background: the pipe to the waiting parent (daemon.c) */
	uint64_t t_process;		/* loop_now_ms() when connect started */
	size_t rx_len;
	uint8_t rx[SESS_RX_CAP];
};

/* connect.c: back to the state before an attempt (per-attempt fields above). */
void session_attempt_reset(struct session *s);
/* run.c: the data path of an attempt (dp_free in attempt_free). 0 or -ENOMEM. */
int session_dp_init(struct session *s);
/* run.c: the established session until it ends; returns the exit code. */
int session_run(struct session *s);
/* Records why the session ends (the first cause wins) and starts an orderly close. */
void session_fail(struct session *s, enum sx_reason reason);
/* A local failure (exit code `code`) decides the exit; the session closes. */
void session_local_fail(struct session *s, int code);
/*
 * The observers learn of `phase`: 0, or the exit code of the one that failed, for the caller to
 * end the session with (only CONNECTED can fail, hooks.h: the setup and the end ignore it).
 */
static inline int session_phase(struct session *s, enum sx_phase phase)
{
	s->phase = phase;
	return hooks_phase(&s->hooks, s, phase);
}

#endif
