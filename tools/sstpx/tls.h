// SPDX-License-Identifier: MIT
/*
 * The TLS client of sstpx over the shared wolfSSL layer (tools/tlsio): TLS 1.3 and 1.2 with
 * ECDHE-AEAD suites only (--tls-min, --tls-ciphers), the system CA store or --cafile, the server's
 * name (or IP address) checked and sent as SNI, optional pins, SSLKEYLOGFILE. The socket is
 * non-blocking: every call returns -EAGAIN when it must wait, and tls_want_write() says for what.
 *
 * Trust: without --pin, the chain must lead to --cafile (or the system store) and name the server.
 * With --pin alone the pinned key is the trust anchor: the CA store is not consulted, and an
 * expired certificate or one for another name is accepted with a warning. With --pin and --cafile
 * both must pass: the CA checks as without a pin, and then the pin.
 */
#ifndef SSTPX_TLS_H
#define SSTPX_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "opts.h"
#include "tlsio/tlsio.h"

#define TLS_LEAF_MAX 16384

struct tls_cfg {
	const char *host;		/* what the user typed (name or address literal) */
	const char *sni;		/* --sni, or NULL */
	const char *cafile;		/* NULL: the system store */
	const struct pin *pins;
	size_t n_pins;
	bool insecure;
	enum tlsio_version min_version;	/* --tls-min; TLSIO_ANY: TLS 1.2 */
	const char *ciphers;		/* --tls-ciphers; NULL: TLSIO_CIPHERS_DEFAULT */
};

struct tls {
	void *ctx;			/* WOLFSSL_CTX */
	struct tlsio io;
	struct tls_cfg cfg;
	const char *name;		/* the name or address the certificate must carry */
	bool name_is_ip;
	int verify_err;			/* first verification error seen by the callback */
	int verify_depth;
	size_t leaf_len;
	uint8_t leaf[TLS_LEAF_MAX];	/* the server certificate's DER, as sent; last (tls_clear) */
};

/* Zeroes t but for leaf[], which is read only up to leaf_len: its 16 kB stay untouched. */
void tls_clear(struct tls *t);

/* The settings of o as a tls_cfg (borrowing o's strings). */
void tls_cfg_from_opts(struct tls_cfg *cfg, const struct opts *o);
/*
 * Before the first packet: wolfSSL accepts the --tls-min and --tls-ciphers settings. 0, or
 * -EINVAL after printing why (a usage error, exit 2).
 */
int tls_validate(const struct tls_cfg *cfg);
/* Creates the context and loads trust anchors. 0, or -EINVAL/-ENOENT after printing why. */
int tls_init(struct tls *t, const struct tls_cfg *cfg);
/* A session on a connected non-blocking socket. 0 or -ENOMEM. */
int tls_start(struct tls *t, int fd);
/*
 * Advances the handshake: 0 when done and the server verified, -EAGAIN to wait (see
 * tls_want_write), -EPROTO after printing why the server was not accepted, -ECONNRESET when the
 * connection broke.
 */
int tls_handshake(struct tls *t);
/*
 * Bytes read (> 0), -EAGAIN, -EPIPE when the server closed, -ECONNRESET when it reset the
 * connection, -EPROTO for a TLS failure (0 never).
 */
int tls_read(struct tls *t, uint8_t *buf, size_t cap);
/* Bytes written (all of len), -EAGAIN (call again with the same buffer), or as tls_read. */
int tls_write(struct tls *t, const uint8_t *buf, size_t len);
bool tls_want_write(const struct tls *t);
/* Whether received bytes wait inside TLS (read ahead) where poll cannot see them. */
bool tls_pending(const struct tls *t);
/* One line about the session: version, cipher, subject, issuer. */
void tls_describe(struct tls *t, char *buf, size_t cap);
/* The negotiated protocol version ("TLSv1.3") and cipher suite, or NULL without a session. */
const char *tls_version(const struct tls *t);
const char *tls_cipher(const struct tls *t);
/* The server certificate's DER (for the SSTP crypto binding). Borrowed from t. */
const uint8_t *tls_peer_der(const struct tls *t, size_t *len);
/* Sends close_notify (best effort) and frees everything. */
void tls_free(struct tls *t);

#endif
