// SPDX-License-Identifier: MIT
/*
 * An I/O-free DHCPINFORM client (RFC 2131 4.4.3) for what IPCP cannot carry: the DNS domain
 * (option 15), search list (119, RFC 3397), classless static routes (121, RFC 3442, and
 * Microsoft's 249 in the same format) and DNS servers (6). The Windows SSTP client sends one
 * through the tunnel once IPCP is up; RRAS relays it to its DHCP server and hands back the ACK,
 * and SoftEther's SecureNAT answers it itself. Packets are whole IPv4/UDP datagrams, as they
 * travel in PPP frames. Inputs are borrowed; nothing keeps a pointer into them.
 */
#ifndef SX_TUN_DHCP_H
#define SX_TUN_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_NAME_MAX 253		/* a DNS name as text, without the root's dot */
#define DHCP_SEARCH_MAX 8
#define DHCP_ROUTES_MAX 32
#define DHCP_DNS_MAX 4
#define DHCP_PKT_MAX 576		/* RFC 2131 2: what every client must accept */
#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68

/* Addresses are host order. */
struct dhcp_route {
	uint32_t dst;
	uint8_t plen;
	uint32_t gateway;		/* 0: on the link (RFC 3442) */
};

struct dhcp_info {
	uint32_t server_id;		/* option 54, 0 if absent */
	char domain[DHCP_NAME_MAX + 1];	/* option 15, "" if absent */
	char search[DHCP_SEARCH_MAX][DHCP_NAME_MAX + 1];
	size_t n_search;		/* option 119 */
	struct dhcp_route routes[DHCP_ROUTES_MAX];
	size_t n_routes;
	uint8_t routes_opt;		/* 121, 249 (only without 121), or 0 */
	uint32_t dns[DHCP_DNS_MAX];
	size_t n_dns;			/* option 6 */
	uint8_t ignored[4];		/* options present but malformed (or too many entries) */
	size_t n_ignored;
};

/* DHCPINFORM from ciaddr:68 to 255.255.255.255:67 (the fields a server reads). */
struct dhcp_inform {
	uint32_t ciaddr;
	uint32_t xid;
	uint8_t hwaddr[6];		/* chaddr, and the client identifier (type 1) */
	uint16_t secs;
};

/* The IPv4/UDP/BOOTP datagram; -EMSGSIZE when cap is too small. */
int dhcp_build_inform(const struct dhcp_inform *in, uint8_t *buf, size_t cap, size_t *len);
/* Whether an IPv4 packet is UDP from port 67 to port 68: a DHCP reply to look at. */
bool dhcp_is_reply(const uint8_t *ip, size_t len);
/*
 * A DHCPACK for xid, in an IPv4/UDP datagram: 0 and *out filled; -ENOENT when it is a well-formed
 * DHCP reply that is not an ACK for xid (a NAK, another client's); -EBADMSG when malformed
 * (lengths, checksums, cookie, option framing). A malformed option 15, 119, 121 or 249 does not
 * spoil the rest: it is listed in out->ignored. Options are also read from the sname and file
 * fields when option 52 overloads them (RFC 2132 9.3), in RFC 3396 5's order.
 */
int dhcp_parse_ack(const uint8_t *ip, size_t len, uint32_t xid, struct dhcp_info *out);

/* A domain name as text: labels of [A-Za-z0-9_-], 1..63 each, DHCP_NAME_MAX in all: 0 or -EINVAL. */
int dhcp_name_check(const char *name);

/* The server side, for sstpx-testserver and the tests. */
struct dhcp_request {
	uint8_t type;			/* option 53 */
	uint32_t xid;
	uint32_t ciaddr;
	uint32_t src;			/* the IPv4 source address */
	uint8_t chaddr[16];
	bool has_vendor_class;
	char vendor_class[64];		/* option 60, NUL-terminated, cut to fit */
	uint8_t prl[32];		/* option 55 */
	size_t n_prl;
};

#define DHCP_INFORM 8
#define DHCP_ACK 5
#define DHCP_NAK 6

/* A client's request in an IPv4/UDP datagram to port 67: 0, -ENOENT (not DHCP), -EBADMSG. */
int dhcp_parse_request(const uint8_t *ip, size_t len, struct dhcp_request *out);
/*
 * A DHCPACK answering req from server (host order) to req->ciaddr:68 carrying what info holds:
 * option 15, 119 (uncompressed), 121 and/or 249 (routes_opt 121, 249, or 0 for both), 6.
 */
int dhcp_build_ack(const struct dhcp_request *req, uint32_t server, const struct dhcp_info *info,
		   uint8_t *buf, size_t cap, size_t *len);

/*
 * The client: sends the INFORM at once, again after first_ms, doubling, until deadline_ms after
 * the start; then one event, ACK (info) or TIMEOUT. No answer is not an error: RRAS without a
 * DHCP server, or a server that ignores INFORM, just has nothing more to say.
 */
struct dhcp_client_cfg {
	uint32_t ciaddr;
	uint32_t xid;			/* random, from the caller (conventions.md 3) */
	uint8_t hwaddr[6];		/* random, locally administered */
	uint32_t first_ms;		/* 0: 500 */
	uint32_t deadline_ms;		/* 0: 3000 */
};

enum dhcp_ev_type {
	DHCP_EV_NONE,
	DHCP_EV_ACK,
	DHCP_EV_TIMEOUT,
};

struct dhcp_client {
	struct dhcp_client_cfg cfg;
	uint64_t start, next_tx, deadline;	/* 0: none */
	uint32_t interval;
	unsigned sent;
	bool tx_due;
	bool done;
	enum dhcp_ev_type ev;
	struct dhcp_info info;
};

void dhcp_client_start(struct dhcp_client *c, const struct dhcp_client_cfg *cfg, uint64_t now);
/* 0: our ACK (the event follows); -ENOENT: not for us (deliver it as usual); -EBADMSG. */
int dhcp_client_input(struct dhcp_client *c, const uint8_t *ip, size_t len, uint64_t now);
void dhcp_client_tick(struct dhcp_client *c, uint64_t now);
uint64_t dhcp_client_next_deadline(const struct dhcp_client *c);
/* The next INFORM to send: 0, or -EAGAIN when none is due, -EMSGSIZE. */
int dhcp_client_pop_tx(struct dhcp_client *c, uint64_t now, uint8_t *buf, size_t cap, size_t *len);
/* true with the event (ACK: c->info holds what came); then DHCP_EV_NONE until started again. */
bool dhcp_client_pop_event(struct dhcp_client *c, enum dhcp_ev_type *ev);

#endif
