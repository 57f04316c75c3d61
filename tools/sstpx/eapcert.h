// SPDX-License-Identifier: MIT
/*
 * EAP-TLS for the connect command (eapcert.c): the client certificate and key loaded once per
 * process (the passphrase read like the password, then dropped), the TLS engine for the EAP
 * methods, and which methods the PPP link may use when a certificate is configured.
 */
#ifndef SSTPX_EAPCERT_H
#define SSTPX_EAPCERT_H

#include <stdbool.h>

#include "opts.h"
#include "ppp/ppp.h"
#include "tlsio/eaptls.h"

struct session;

/* A password is needed: some method that uses it may be asked for. */
bool eapcert_needs_password(const struct opts *o);
/*
 * Loads the certificate and key into s->eaptls (nothing without --cert/--pkcs12). 0, or the exit
 * code after printing why: 2 for a file that cannot be used (or no passphrase and no terminal),
 * 6 for a wrong passphrase.
 */
int eapcert_setup(struct session *s);
/* The EAP-TLS engine and methods in the link's configuration. */
void eapcert_ppp_cfg(struct session *s, struct ppp_link_cfg *pcfg);
void eapcert_free(struct session *s);
/*
 * The inner TLS's trust (EAP-TLS and PEAP): what the outer TLS trusts (--cafile or the system
 * store, --pin, --sni or HOST, --insecure) unless --eap-cafile, --eap-pin (both replace --cafile
 * and --pin) or --eap-server-name say otherwise. pins: room for OPTS_MAX_PINS +
 * OPTS_CERT_MAX_PINS entries, which c->pins then points to.
 */
void eapcert_trust(const struct opts *o, struct eaptls_cfg *c, struct tlsio_pin *pins);

#endif
