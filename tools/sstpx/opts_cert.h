// SPDX-License-Identifier: MIT
/*
 * The EAP-TLS options (opts_cert.c): our certificate and key, where the key's passphrase comes
 * from, and trust in the EAP server's certificate. Part of struct opts; strings are borrowed as
 * opts.h says.
 */
#ifndef SSTPX_OPTS_CERT_H
#define SSTPX_OPTS_CERT_H

#include <stdbool.h>
#include <stddef.h>

#include "pin.h"

#define OPTS_CERT_MAX_PINS 8

struct opts_cert {
	const char *cert_file;		/* --cert: PEM, leaf first, then intermediates */
	const char *key_file;		/* --key: PEM; NULL: in --cert's file */
	const char *pkcs12_file;	/* --pkcs12 */
	const char *key_password_file;
	const char *key_password_env;
	const char *key_password_command;
	const char *eap_cafile;		/* --eap-cafile; NULL: --cafile (or the system store) */
	struct pin eap_pins[OPTS_CERT_MAX_PINS];	/* --eap-pin; none: --pin's */
	size_t n_eap_pins;
	const char *eap_server_name;	/* --eap-server-name; NULL: --sni, else HOST */
};

enum opts_cert_key {
	OPTS_CERT_CERT,
	OPTS_CERT_KEY,
	OPTS_CERT_PKCS12,
	OPTS_CERT_KEY_PASSWORD_FILE,
	OPTS_CERT_KEY_PASSWORD_ENV,
	OPTS_CERT_KEY_PASSWORD_COMMAND,
	OPTS_CERT_EAP_CAFILE,
	OPTS_CERT_EAP_PIN,
	OPTS_CERT_EAP_SERVER_NAME,
};

/* Sets one option from its value. NULL, or the reason it is refused. */
const char *opts_cert_set(struct opts_cert *c, enum opts_cert_key key, const char *arg);
/*
 * The options agree with each other, with --auth naming eap-tls (want_eap_tls) and --insecure.
 * NULL, or the reason with *name the option to blame.
 */
const char *opts_cert_check(const struct opts_cert *c, bool want_eap_tls, bool insecure,
			    const char **name);

/* A certificate is configured (--cert or --pkcs12). */
static inline bool opts_cert_have(const struct opts_cert *c)
{
	return c->cert_file || c->pkcs12_file;
}

#endif
