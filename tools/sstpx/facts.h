// SPDX-License-Identifier: MIT
/*
 * The facts about a session that the observers report: --events json's "connected" event and the
 * status socket (JSON), SIGUSR1's status line (text). One place, so the three always agree.
 */
#ifndef SSTPX_FACTS_H
#define SSTPX_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

struct session;

/* Milliseconds since the first call (the START phase): the clock every event carries. */
uint64_t facts_elapsed_ms(void);
/* Wall-clock now, ISO 8601 UTC with milliseconds ("2026-11-23T12:40:01.123Z"). Returns buf. */
const char *facts_utc(char *buf, size_t cap);
/*
 * The connection's members into the open object j: server, port, server_address, tls_version,
 * tls_cipher, interface, local, peer, dns, mtu, routes, dns_domains (null or [] where not known
 * yet), dhcp (the DHCPINFORM's state, pushed_state: null when none was asked).
 */
void facts_connection(struct json *j, const struct session *s);
/* The traffic counters: rx_bytes, rx_packets, tx_bytes, tx_packets, uptime_ms. */
void facts_traffic(struct json *j, const struct session *s);
/* The same facts as one line of text for the log. */
void facts_line(const struct session *s, char *buf, size_t cap);

#endif
