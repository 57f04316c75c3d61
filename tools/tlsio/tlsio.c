// SPDX-License-Identifier: MIT
/* wolfSSL contexts, sessions, I/O callbacks, failure words and the key log for both roles. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tlsio.h"

/* RFC 8446 6: the alerts that mean "no common version" and "no common suite". */
#define ALERT_HANDSHAKE_FAILURE 40
#define ALERT_PROTOCOL_VERSION 70
#define ALERT_INSUFFICIENT_SECURITY 71

int tlsio_version_parse(const char *s, enum tlsio_version *v)
{
	if (!strcmp(s, "1.1"))
		*v = TLSIO_TLS11;
	else if (!strcmp(s, "1.2"))
		*v = TLSIO_TLS12;
	else if (!strcmp(s, "1.3"))
		*v = TLSIO_TLS13;
	else
		return -EINVAL;
	return 0;
}

const char *tlsio_version_name(enum tlsio_version v)
{
	switch (v) {
	case TLSIO_ANY:
		return "any";
	case TLSIO_TLS11:
		return "TLS 1.1";
	case TLSIO_TLS12:
		return "TLS 1.2";
	case TLSIO_TLS13:
		return "TLS 1.3";
	}
	return "?";
}

static int set_versions(WOLFSSL_CTX *ctx, const struct tlsio_policy *p, const char **why)
{
	int min = p->min ? (int)p->min : TLSIO_TLS12;

	if (p->max && (int)p->max < min)
		min = (int)p->max;	/* a server capped below 1.2 (a test knob) accepts its cap */
	if (wolfSSL_CTX_set_min_proto_version(ctx, min) != WOLFSSL_SUCCESS) {
		*why = "this wolfSSL does not have the minimum TLS version";
		return -EINVAL;
	}
	if (p->max && wolfSSL_CTX_set_max_proto_version(ctx, (int)p->max) != WOLFSSL_SUCCESS) {
		*why = "this wolfSSL does not have the maximum TLS version";
		return -EINVAL;
	}
	return 0;
}

static int set_suites(WOLFSSL_CTX *ctx, const struct tlsio_policy *p, const char **why)
{
	/* The suite list first: wolfSSL resets the signature algorithms when it sets suites. */
	if (p->ciphers && wolfSSL_CTX_set_cipher_list(ctx, p->ciphers) != WOLFSSL_SUCCESS) {
		*why = "not a cipher suite list this wolfSSL knows (names such as "
		       "TLS13-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256)";
		return -EINVAL;
	}
	if (p->sigalgs && wolfSSL_CTX_set1_sigalgs_list(ctx, p->sigalgs) != WOLFSSL_SUCCESS) {
		*why = "not a signature algorithm list this wolfSSL knows";
		return -EINVAL;
	}
	if (p->strong_groups) {
		/* RFC 8446 4.2.7 / RFC 8422 5.1.1; the first is the TLS 1.3 key share. */
		int groups[] = { WOLFSSL_ECC_SECP256R1, WOLFSSL_ECC_SECP384R1, WOLFSSL_ECC_SECP521R1,
				 WOLFSSL_FFDHE_2048 };

		if (wolfSSL_CTX_set_groups(ctx, groups, 4) != WOLFSSL_SUCCESS &&
		    wolfSSL_CTX_set_groups(ctx, groups, 3) != WOLFSSL_SUCCESS) {
			*why = "this wolfSSL has none of the groups P-256, P-384, P-521";
			return -EINVAL;
		}
	}
	return 0;
}

int tlsio_ctx_new(void **out, enum tlsio_role role, const struct tlsio_policy *p, const char **why)
{
	WOLFSSL_CTX *ctx;
	int ret;

	*out = NULL;
	*why = "the TLS library did not start";
	if (wolfSSL_Init() != WOLFSSL_SUCCESS)
		return -EINVAL;
	ctx = wolfSSL_CTX_new(role == TLSIO_CLIENT ? wolfSSLv23_client_method()
						   : wolfSSLv23_server_method());
	if (!ctx) {
		*why = "out of memory";
		return -ENOMEM;
	}
	ret = set_versions(ctx, p, why);
	if (!ret)
		ret = set_suites(ctx, p, why);
	if (ret) {
		wolfSSL_CTX_free(ctx);
		return ret;
	}
	*out = ctx;
	*why = NULL;
	return 0;
}

void tlsio_ctx_free(void *ctx)
{
	if (ctx)
		wolfSSL_CTX_free(ctx);
}

#ifdef HAVE_SECRET_CALLBACK
static FILE *keylog;

static void keylog_cb(const WOLFSSL *ssl, const char *line)
{
	(void)ssl;
	if (keylog) {
		fprintf(keylog, "%s\n", line);
		fflush(keylog);
	}
}

/* No symlink, our own regular file, nobody else may read or write it. */
static int keylog_fd(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	struct stat st;
	int ret = 0;

	if (fd < 0)
		return errno == ELOOP ? -ELOOP : -errno;
	if (fstat(fd, &st))
		ret = -errno;
	else if (!S_ISREG(st.st_mode))
		ret = -EINVAL;
	else if (st.st_uid != geteuid() || (st.st_mode & (S_IRWXG | S_IRWXO)))
		ret = -EPERM;
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}
#endif

int tlsio_keylog_open(void *ctx, const char *path)
{
#ifdef HAVE_SECRET_CALLBACK
	int fd;

	tlsio_keylog_close();
	fd = keylog_fd(path);
	if (fd < 0)
		return fd;
	keylog = fdopen(fd, "a");
	if (!keylog) {
		close(fd);
		return -ENOMEM;
	}
	wolfSSL_CTX_set_keylog_callback(ctx, keylog_cb);
	return 0;
#else
	(void)ctx;
	(void)path;
	return -ENOTSUP;
#endif
}

void tlsio_keylog_close(void)
{
#ifdef HAVE_SECRET_CALLBACK
	if (keylog)
		fclose(keylog);
	keylog = NULL;
#endif
}

/* One recv(2), EINTR retried: its count, 0 at the peer's FIN, or -errno. */
static ssize_t sock_recv(struct tlsio *io, void *buf, size_t len)
{
	ssize_t n;

	do
		n = recv(io->fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	io->rx_calls++;
	if (n > 0)
		io->rx_bytes += (uint64_t)n;
	return n < 0 ? -errno : n;
}

/*
 * A failed recv or send (errno err) in wolfSSL's words: want when it would block. The first error
 * is the cause, remembered: an alert wolfSSL tries to send after a reset gets EPIPE.
 */
static int sock_fail(struct tlsio *io, int err, int want)
{
	if (err == EAGAIN || err == EWOULDBLOCK)
		return want;
	if (!io->sock_err)
		io->sock_err = err;
	if (err == EPIPE)
		return WOLFSSL_CBIO_ERR_CONN_CLOSE;
	return err == ECONNRESET ? WOLFSSL_CBIO_ERR_CONN_RST : WOLFSSL_CBIO_ERR_GENERAL;
}

/* A recv that gave no bytes, in wolfSSL's words; a FIN and a reset are remembered. */
static int recv_fail(struct tlsio *io, ssize_t n)
{
	if (n == 0) {
		io->peer_closed = true;
		return WOLFSSL_CBIO_ERR_CONN_CLOSE;
	}
	return sock_fail(io, (int)-n, WOLFSSL_CBIO_ERR_WANT_READ);
}

/*
 * Our I/O callbacks: wolfSSL's own, plus a remembered FIN or reset, plus the read-ahead. Buffered
 * bytes are served first, so a FIN or an error is reported only once they are all taken.
 */
static int io_recv(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
	struct tlsio *io = ctx;
	size_t want = (size_t)sz;

	(void)ssl;
	if (io->ra_off == io->ra_len) {
		/*
		 * In the handshake, exactly what wolfSSL asks for: what the peer sends right behind
		 * its last flight (a client's request behind its Finished) stays in the socket, where
		 * the caller's poll sees it.
		 */
		bool ahead = io->ra && io->hs_done && want < TLSIO_RA_CAP;
		ssize_t n = sock_recv(io, ahead ? io->ra : (uint8_t *)buf, ahead ? TLSIO_RA_CAP : want);

		if (n <= 0)
			return recv_fail(io, n);
		if (!ahead)
			return (int)n;
		io->ra_off = 0;
		io->ra_len = (size_t)n;
	}
	if (want > io->ra_len - io->ra_off)
		want = io->ra_len - io->ra_off;
	memcpy(buf, io->ra + io->ra_off, want);
	io->ra_off += want;
	return (int)want;
}

static int io_send(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
	struct tlsio *io = ctx;
	ssize_t n;

	(void)ssl;
	do
		n = send(io->fd, buf, (size_t)sz, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n >= 0 ? (int)n : sock_fail(io, errno, WOLFSSL_CBIO_ERR_WANT_WRITE);
}

int tlsio_start(struct tlsio *io, void *ctx, int fd)
{
	WOLFSSL *ssl;

	memset(io, 0, sizeof(*io));
	io->fd = fd;
	ssl = wolfSSL_new(ctx);
	if (!ssl)
		return -ENOMEM;	/* its random generator failing to seed is the usual cause */
	io->ssl = ssl;
	wolfSSL_SSLSetIORecv(ssl, io_recv);
	wolfSSL_SSLSetIOSend(ssl, io_send);
	wolfSSL_SetIOReadCtx(ssl, io);
	wolfSSL_SetIOWriteCtx(ssl, io);
#ifdef HAVE_SECRET_CALLBACK
	if (keylog)
		wolfSSL_KeepArrays(ssl);	/* the client random, for keylog_tls12_gap() */
#endif
	return 0;
}

/* A failed call: wait, the connection's end (closed or reset), or tls_err for the rest. */
static int step_result(struct tlsio *io, int ret, int tls_err)
{
	int err = wolfSSL_get_error(io->ssl, ret);

	io->want_write = err == WOLFSSL_ERROR_WANT_WRITE;
	if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE)
		return -EAGAIN;
	io->last_err = err;
	if (err == WOLFSSL_ERROR_ZERO_RETURN || err == SOCKET_PEER_CLOSED_E || err == SOCKET_ERROR_E)
		return io->sock_err && io->sock_err != EPIPE ? -ECONNRESET : -EPIPE;
	return tls_err;
}

/* wolfSSL 5.5.4 skips the TLS 1.2 CLIENT_RANDOM line when the master secret's first byte is zero
 * (its "has a value" check reads byte 0 only), so one session in 256 could not be decrypted from the
 * key log. Write the line ourselves in exactly that case (tlsio_start kept the handshake arrays for
 * it while a key log is open). */
static void keylog_tls12_gap(WOLFSSL *ssl)
{
#ifdef HAVE_SECRET_CALLBACK
	unsigned char cr[32], ms[48];
	char line[14 + 2 * sizeof(cr) + 1 + 2 * sizeof(ms) + 1], *p = line;

	if (!keylog)
		return;
	if (wolfSSL_version(ssl) == TLS1_2_VERSION &&
	    wolfSSL_SESSION_get_master_key(wolfSSL_get_session(ssl), ms, sizeof(ms)) == (int)sizeof(ms) &&
	    ms[0] == 0 && wolfSSL_get_client_random(ssl, cr, sizeof(cr)) == sizeof(cr)) {
		p += sprintf(p, "CLIENT_RANDOM ");
		for (size_t i = 0; i < sizeof(cr); i++)
			p += sprintf(p, "%02x", cr[i]);
		*p++ = ' ';
		for (size_t i = 0; i < sizeof(ms); i++)
			p += sprintf(p, "%02x", ms[i]);
		keylog_cb(ssl, line);
	}
	explicit_bzero(ms, sizeof(ms));
	explicit_bzero(line, sizeof(line));
	wolfSSL_FreeArrays(ssl);
#else
	(void)ssl;
#endif
}

int tlsio_handshake(struct tlsio *io, enum tlsio_role role)
{
	int ret = role == TLSIO_CLIENT ? wolfSSL_connect(io->ssl) : wolfSSL_accept(io->ssl);

	if (ret == WOLFSSL_SUCCESS) {
		io->want_write = false;
		io->hs_done = true;
		if (!io->ra)
			io->ra = malloc(TLSIO_RA_CAP);	/* none: exact reads, two per record */
		keylog_tls12_gap(io->ssl);
		return 0;
	}
	return step_result(io, ret, -EPROTO);
}

int tlsio_read(struct tlsio *io, uint8_t *buf, size_t cap)
{
	int ret = wolfSSL_read(io->ssl, buf, cap > 65536 ? 65536 : (int)cap);

	if (ret > 0) {
		io->want_write = false;
		return ret;
	}
	return step_result(io, ret, -ECONNRESET);
}

bool tlsio_pending(const struct tlsio *io)
{
	return io->ra_off < io->ra_len || (io->ssl && wolfSSL_pending((WOLFSSL *)io->ssl) > 0);
}

int tlsio_write(struct tlsio *io, const uint8_t *buf, size_t len)
{
	int ret = wolfSSL_write(io->ssl, buf, (int)len);

	if (ret > 0) {
		io->want_write = false;
		return ret;
	}
	return step_result(io, ret, -ECONNRESET);
}

static const char *alert_name(int code)
{
	const char *s = wolfSSL_alert_desc_string_long(code);

	return s && *s ? s : "?";
}

enum tlsio_fail tlsio_failure(const struct tlsio *io, char *buf, size_t cap)
{
	WOLFSSL_ALERT_HISTORY h = { 0 };
	int err = io->last_err;
	char words[96] = "";

	if (io->ssl)
		wolfSSL_get_alert_history(io->ssl, &h);
	wolfSSL_ERR_error_string_n((unsigned long)err, words, sizeof(words));
	if (h.last_rx.code > 0)
		snprintf(buf, cap, "%s; the peer sent the alert \"%s\"", words, alert_name(h.last_rx.code));
	else if (h.last_tx.code > 0)
		snprintf(buf, cap, "%s; we sent the alert \"%s\"", words, alert_name(h.last_tx.code));
	else
		snprintf(buf, cap, "%s", words);
	if (io->sock_err == ECONNRESET)
		return TLSIO_FAIL_RESET;
	if (err == WOLFSSL_ERROR_ZERO_RETURN || err == SOCKET_PEER_CLOSED_E || err == SOCKET_ERROR_E)
		return TLSIO_FAIL_CLOSED;
	if (err == VERSION_ERROR || h.last_rx.code == ALERT_PROTOCOL_VERSION ||
	    h.last_tx.code == ALERT_PROTOCOL_VERSION)
		return TLSIO_FAIL_VERSION;
	if (err == MATCH_SUITE_ERROR || err == UNSUPPORTED_SUITE ||
	    h.last_rx.code == ALERT_HANDSHAKE_FAILURE || h.last_rx.code == ALERT_INSUFFICIENT_SECURITY)
		return TLSIO_FAIL_CIPHERS;
	if (err == ASN_NO_SIGNER_E || err == ASN_AFTER_DATE_E || err == ASN_BEFORE_DATE_E ||
	    err == DOMAIN_NAME_MISMATCH || err == IPADDR_MISMATCH || err == ASN_SIG_CONFIRM_E ||
	    err == ASN_SELF_SIGNED_E || err == VERIFY_CERT_ERROR)
		return TLSIO_FAIL_CERT;
	return TLSIO_FAIL_OTHER;
}

const char *tlsio_version(const struct tlsio *io)
{
	return io->ssl ? wolfSSL_get_version((WOLFSSL *)io->ssl) : NULL;
}

const char *tlsio_cipher(const struct tlsio *io)
{
	return io->ssl ? wolfSSL_get_cipher_name((WOLFSSL *)io->ssl) : NULL;
}

void tlsio_end(struct tlsio *io, bool shutdown)
{
	free(io->ra);
	io->ra = NULL;
	io->ra_off = io->ra_len = 0;
	if (!io->ssl)
		return;
	if (shutdown)
		wolfSSL_shutdown(io->ssl);
	wolfSSL_free(io->ssl);
	io->ssl = NULL;
}
