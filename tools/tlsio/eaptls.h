// SPDX-License-Identifier: MIT
/*
 * The TLS engine for EAP methods (ppp/eap_tls_engine.h) on wolfSSL over memory buffers, in the
 * client role (sstpx: EAP-TLS, PEAP) and the server role (sstpx-testserver). The peer certificate
 * is trusted the way sstpx trusts its SSTP server (tools/sstpx/tls.h, and tlsio/trust.h shared
 * with it): a CA file or the system store plus the expected name, pins (a pin without a CA file
 * is the trust anchor), or nothing with insecure. Our own certificate comes from PEM files (an
 * encrypted key with its passphrase) or a PKCS#12 file. Never logs. Strings in the config are
 * borrowed for the engine's lifetime; the passphrase only during eaptls_new.
 */
#ifndef SX_TLSIO_EAPTLS_H
#define SX_TLSIO_EAPTLS_H

#include <stdbool.h>
#include <stddef.h>

#include "ppp/eap_tls_engine.h"
#include "tlsio/tlsio.h"
#include "tlsio/trust.h"

struct eaptls_cfg {
	enum tlsio_role role;
	enum tlsio_version min, max;	/* TLSIO_ANY: TLS 1.2 .. the newest */
	const char *ciphers;		/* NULL: TLSIO_CIPHERS_DEFAULT */
	/* Trust in the peer's certificate. */
	const char *cafile;		/* NULL: the system store (client role) */
	const char *name;		/* client: the name (or IP) the server's certificate must carry */
	const struct tlsio_pin *pins;
	size_t n_pins;
	bool insecure;			/* accept any peer certificate (none required) */
	/* Our certificate: PEM cert_file (leaf first, then intermediates) + key_file, or pkcs12. */
	const char *cert_file;
	const char *key_file;		/* NULL: the key is in cert_file */
	const char *pkcs12_file;
	const char *passphrase;		/* for an encrypted key or the PKCS#12 file; NULL: none */
};

struct eaptls;

/*
 * A new engine. 0, or after writing why (a sentence naming the file) into why:
 * -ENOENT (a file cannot be read), -EBADMSG (not a certificate / key / PKCS#12 file, or no CA
 * certificate in cafile), -ENOKEY (the key is encrypted and no passphrase was given),
 * -EKEYREJECTED (wrong passphrase), -EINVAL (key and certificate do not match, or a TLS setting the
 * library refused), -ENOMEM.
 */
int eaptls_new(struct eaptls **out, const struct eaptls_cfg *cfg, char *why, size_t cap);
void eaptls_free(struct eaptls *e);
/* The engine as ppp/ sees it (priv = e). */
struct eap_tls_engine eaptls_engine(struct eaptls *e);
/* The peer certificate's subject, one line ("" when none was seen). */
void eaptls_peer_subject(struct eaptls *e, char *buf, size_t cap);
/* "TLSv1.3 TLS_AES_128_GCM_SHA256" of the session, "" without one. */
void eaptls_describe(struct eaptls *e, char *buf, size_t cap);

#endif
