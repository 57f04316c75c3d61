// SPDX-License-Identifier: MIT
/*
 * The TLS server side of the test server over the shared layer (tools/tlsio): the certificate
 * chain + key, the hashes the SSTP binding needs, and the --tls-min/--tls-max/--tls-ciphers knobs
 * that make it a server sstpx must refuse (wolfSSL's own suite list unless --tls-ciphers).
 */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "tlsio/tlsio.h"
#include "tsrv.h"

/* MS-SSTP 3.2.5.2: the binding hashes the leaf certificate's DER as the server sends it in TLS. */
static int leaf_hashes(struct tlssrv *t, const char *cert)
{
	WOLFSSL_X509 *x = wolfSSL_X509_load_certificate_file(cert, WOLFSSL_FILETYPE_PEM);
	const unsigned char *der;
	int der_len = 0, ret = -EINVAL;

	if (!x)
		return -EINVAL;
	der = wolfSSL_X509_get_der(x, &der_len);
	if (der && der_len > 0) {
		ret = cbind_cert_hash(CBIND_SHA1, der, (size_t)der_len, t->cert_sha1);
		if (!ret)
			ret = cbind_cert_hash(CBIND_SHA256, der, (size_t)der_len, t->cert_sha256);
	}
	wolfSSL_X509_free(x);
	return ret;
}

int tlssrv_init(struct tlssrv *t, const struct tsrv_opts *o)
{
	struct tlsio_policy p = {
		.min = (enum tlsio_version)o->tls_min, .max = (enum tlsio_version)o->tls_max,
		.ciphers = o->tls_ciphers,
	};
	const char *why;
	WOLFSSL_CTX *ctx;
	void *c;

	memset(t, 0, sizeof(*t));
	if (tlsio_ctx_new(&c, TLSIO_SERVER, &p, &why)) {
		tlog(SX_LOG_ERR, "tls: %s", why);
		return -EINVAL;
	}
	t->ctx = ctx = c;
	if (wolfSSL_CTX_use_certificate_chain_file(ctx, o->cert) != WOLFSSL_SUCCESS) {
		tlog(SX_LOG_ERR, "--cert \"%s\": cannot load a PEM certificate chain", o->cert);
		return -ENOENT;
	}
	if (wolfSSL_CTX_use_PrivateKey_file(ctx, o->key, WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_check_private_key(ctx) != WOLFSSL_SUCCESS) {
		tlog(SX_LOG_ERR, "--key \"%s\": cannot load a PEM key matching the certificate", o->key);
		return -ENOENT;
	}
	if (leaf_hashes(t, o->cert)) {
		tlog(SX_LOG_ERR, "--cert \"%s\": cannot hash the leaf certificate", o->cert);
		return -EINVAL;
	}
	return 0;
}

void tlssrv_free(struct tlssrv *t)
{
	tlsio_ctx_free(t->ctx);
	t->ctx = NULL;
	wolfSSL_Cleanup();
}

void *tlssrv_new(struct tlssrv *t, int fd)
{
	struct tlsio *io = malloc(sizeof(*io));

	if (io && tlsio_start(io, t->ctx, fd)) {
		free(io);
		io = NULL;
	}
	return io;
}

int tlssrv_accept(void *p, bool *want_write)
{
	struct tlsio *io = p;
	int ret = tlsio_handshake(io, TLSIO_SERVER);
	char buf[192];

	*want_write = io->want_write;
	if (!ret || ret == -EAGAIN)
		return ret;
	if (ret != -EPROTO) {
		tlog(SX_LOG_INFO, "tls: the client %s the connection during the handshake",
		     ret == -ECONNRESET ? "reset" : "closed");
		return -ECONNRESET;
	}
	tlsio_failure(io, buf, sizeof(buf));
	tlog(SX_LOG_INFO, "tls: handshake failed: %s", buf);
	return -EPROTO;
}

/* tlsio's -EPROTO (a TLS failure after the handshake) is a broken connection here. */
int tlssrv_read(void *p, uint8_t *buf, size_t cap, bool *want_write)
{
	struct tlsio *io = p;
	int ret = tlsio_read(io, buf, cap);

	*want_write = io->want_write;
	return ret == -EPROTO ? -ECONNRESET : ret;
}

int tlssrv_write(void *p, const uint8_t *buf, size_t len, bool *want_write)
{
	struct tlsio *io = p;
	int ret = tlsio_write(io, buf, len);

	*want_write = io->want_write;
	return ret == -EPROTO ? -ECONNRESET : ret;
}

void tlssrv_describe(void *p, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s %s", tlsio_version(p), tlsio_cipher(p));
}

void tlssrv_notify(void *p)
{
	wolfSSL_shutdown(((struct tlsio *)p)->ssl);
}

void tlssrv_end(void *p, bool shutdown)
{
	if (!p)
		return;
	tlsio_end(p, shutdown);
	free(p);
}
