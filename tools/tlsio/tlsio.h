// SPDX-License-Identifier: MIT
/*
 * The wolfSSL plumbing both executables share (sstpx's client, sstpx-testserver's server): a context
 * with a version range, a cipher-suite list and signature algorithms; sessions over a non-blocking
 * socket through our own I/O callbacks, which remember whether the peer closed or reset; the
 * handshake step; failures named in words; SSLKEYLOGFILE opened safely. It never logs: it returns
 * reasons, and each role prints them its own way. Strings passed in are borrowed.
 */
#ifndef SX_TLSIO_H
#define SX_TLSIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What sstpx offers unless --tls-ciphers says otherwise: TLS 1.3's AEAD suites, and for TLS 1.2
 * ECDHE (forward secrecy) with AES-GCM or the final (RFC 7905) ChaCha20-Poly1305 only. No CBC, no
 * SHA-1 MACs, no 3DES, no static RSA key exchange, no pre-RFC ChaCha drafts.
 */
#define TLSIO_CIPHERS_DEFAULT \
	"TLS13-AES128-GCM-SHA256:TLS13-AES256-GCM-SHA384:TLS13-CHACHA20-POLY1305-SHA256:" \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:" \
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
/* RFC 8446 4.2.3 / RFC 5246 7.4.1.4.1: signature algorithms offered, SHA-2 only (no SHA-1). */
#define TLSIO_SIGALGS_DEFAULT \
	"ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:" \
	"RSA+SHA256:RSA+SHA384:RSA+SHA512"
/* How the default offer is described in messages. */
#define TLSIO_OFFER_WORDS "TLS 1.3, TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305"

/* Protocol versions as on the wire (RFC 8446 4.1.2 legacy_version / supported_versions). */
enum tlsio_version {
	TLSIO_ANY = 0,
	TLSIO_TLS11 = 0x0302,
	TLSIO_TLS12 = 0x0303,
	TLSIO_TLS13 = 0x0304,
};

enum tlsio_role {
	TLSIO_CLIENT,
	TLSIO_SERVER,
};

struct tlsio_policy {
	enum tlsio_version min;		/* TLSIO_ANY: TLS 1.2 */
	enum tlsio_version max;		/* TLSIO_ANY: the newest the library has */
	const char *ciphers;		/* NULL: the library's own list */
	const char *sigalgs;		/* NULL: the library's own list */
	bool strong_groups;		/* key exchange on P-256/384/521 or ffdhe2048 only (no P-224) */
};

/* Why a handshake did not complete (tlsio_failure). */
enum tlsio_fail {
	TLSIO_FAIL_CLOSED,		/* the peer closed the TCP connection (FIN) */
	TLSIO_FAIL_RESET,		/* the peer reset it (RST) */
	TLSIO_FAIL_VERSION,		/* no protocol version both sides accept */
	TLSIO_FAIL_CIPHERS,		/* no cipher suite both sides accept */
	TLSIO_FAIL_CERT,		/* a certificate was not accepted (the role names why) */
	TLSIO_FAIL_OTHER,
};

/*
 * After the handshake, one recv(2) of up to this much serves several of wolfSSL's reads (it asks
 * for each record's 5-byte header, then for its body: two system calls per record otherwise).
 */
#define TLSIO_RA_CAP (32 * 1024)

/* One session on a connected non-blocking socket. */
struct tlsio {
	void *ssl;			/* WOLFSSL */
	int fd;
	int sock_err;			/* errno of the first failed recv/send; 0 none */
	bool peer_closed;		/* recv returned 0 */
	bool want_write;		/* the last -EAGAIN waits for POLLOUT, not POLLIN */
	bool hs_done;			/* the handshake completed: reads may go ahead */
	uint64_t rx_bytes;		/* bytes received on the socket so far */
	uint64_t rx_calls;		/* recv(2) calls made so far */
	int last_err;			/* wolfSSL's error for the last failed call */
	uint8_t *ra;			/* TLSIO_RA_CAP bytes (NULL: exact reads only) */
	size_t ra_off, ra_len;		/* ra[ra_off..ra_len): received, not yet given to wolfSSL */
};

/* "1.2" → TLSIO_TLS12 ("1.1", "1.3" too). 0, or -EINVAL. */
int tlsio_version_parse(const char *s, enum tlsio_version *v);
const char *tlsio_version_name(enum tlsio_version v);

/*
 * A context for role with the policy. 0 with *ctx (a WOLFSSL_CTX), or -EINVAL / -ENOMEM with *why
 * naming what the library refused (e.g. "no cipher suite in the list is known to this wolfSSL").
 */
int tlsio_ctx_new(void **ctx, enum tlsio_role role, const struct tlsio_policy *p, const char **why);
void tlsio_ctx_free(void *ctx);

/*
 * Opens path for the NSS key log of every session of ctx: created 0600, appended, never through a
 * symbolic link, refused when another user owns it or others may read or write it. 0, or -ELOOP
 * (a symlink), -EPERM (owner or mode), -ENOTSUP (wolfSSL without HAVE_SECRET_CALLBACK), or errno.
 */
int tlsio_keylog_open(void *ctx, const char *path);
void tlsio_keylog_close(void);

/* A session on fd with our I/O callbacks. 0 or -ENOMEM (no memory, or no random source). */
int tlsio_start(struct tlsio *io, void *ctx, int fd);
/*
 * One handshake step (connect or accept by role): 0 done, -EAGAIN (see io->want_write),
 * -EPIPE / -ECONNRESET when the peer closed / reset the connection, -EPROTO for a TLS failure
 * (tlsio_failure says which).
 */
int tlsio_handshake(struct tlsio *io, enum tlsio_role role);
/*
 * Bytes (> 0), -EAGAIN, -EPIPE (closed: close_notify or FIN) or -ECONNRESET (reset or broken).
 * After the handshake, bytes may wait in our read-ahead or in wolfSSL where poll cannot see them:
 * read until -EAGAIN, or call again while tlsio_pending says so. The handshake reads exactly what
 * it needs, so whatever follows it stays in the socket.
 */
int tlsio_read(struct tlsio *io, uint8_t *buf, size_t cap);
/* Whether received bytes (ciphertext read ahead, or plaintext) wait for tlsio_read. */
bool tlsio_pending(const struct tlsio *io);
/* Bytes written (all of len), -EAGAIN (call again with the same buffer), -EPIPE or -ECONNRESET. */
int tlsio_write(struct tlsio *io, const uint8_t *buf, size_t len);
/* Classifies the last failure and writes the library's words for it (with any alert) into buf. */
enum tlsio_fail tlsio_failure(const struct tlsio *io, char *buf, size_t cap);
/* The negotiated version ("TLSv1.3") and suite, or NULL without a session. */
const char *tlsio_version(const struct tlsio *io);
const char *tlsio_cipher(const struct tlsio *io);
/* Sends close_notify when shutdown is set (best effort) and frees the session and its buffer. */
void tlsio_end(struct tlsio *io, bool shutdown);

#endif
