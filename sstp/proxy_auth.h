// SPDX-License-Identifier: MIT
/* Proxy authentication for CONNECT (proxy_auth.c): challenges, the scheme choice, Proxy-Authorization. */
#ifndef SX_SSTP_PROXY_AUTH_H
#define SX_SSTP_PROXY_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "sstp/proxy_types.h"

/* "NTLM, Digest SHA-256, Basic": the schemes in a mask, strongest first. Returns out. */
const char *proxy_auth_names(unsigned mask, char *out, size_t cap);
/* "host:port" as the CONNECT target, IPv6 in brackets. Its length or -EMSGSIZE. */
int proxy_authority(const struct proxy_http *p, char *out, size_t cap);
/* Is tok an item of the comma-separated list v[0..n)? Case-insensitive. */
bool proxy_list_has(const char *v, size_t n, const char *tok);
/* One Proxy-Authenticate value (one or several challenges): updates offered, digest_new, ntlm_token. */
void proxy_auth_challenge(struct proxy_http *p, const char *v, size_t n);
/* After a complete 407: sets outcome (RETRY with `next`, or a failure with `why`). */
void proxy_auth_decide(struct proxy_http *p);
/* "Proxy-Authorization: ...\r\n" for p->next, or "" when next is 0. Its length or an error. */
int proxy_auth_header(struct proxy_http *p, char *out, size_t cap);

#endif
