// SPDX-License-Identifier: MIT
/* The TLS server side of the test server over wolfSSL: TLS 1.2 and 1.3, certificate chain + key. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>

#include <errno.h>
#include <string.h>

#include "auth/auth.h"
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

int tlssrv_init(struct tlssrv *t, const char *cert, const char *key)
{
	WOLFSSL_CTX *ctx;

	memset(t, 0, sizeof(*t));
	if (wolfSSL_Init() != WOLFSSL_SUCCESS)
		return -EINVAL;
	ctx = wolfSSL_CTX_new(wolfSSLv23_server_method());
	if (!ctx)
		return -ENOMEM;
	t->ctx = ctx;
	if (wolfSSL_CTX_SetMinVersion(ctx, WOLFSSL_TLSV1_2) != WOLFSSL_SUCCESS)
		return -EINVAL;
	if (wolfSSL_CTX_use_certificate_chain_file(ctx, cert) != WOLFSSL_SUCCESS) {
		tlog(SX_LOG_ERR, "--cert \"%s\": cannot load a PEM certificate chain", cert);
		return -ENOENT;
	}
	if (wolfSSL_CTX_use_PrivateKey_file(ctx, key, WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_check_private_key(ctx) != WOLFSSL_SUCCESS) {
		tlog(SX_LOG_ERR, "--key \"%s\": cannot load a PEM key matching the certificate", key);
		return -ENOENT;
	}
	if (leaf_hashes(t, cert)) {
		tlog(SX_LOG_ERR, "--cert \"%s\": cannot hash the leaf certificate", cert);
		return -EINVAL;
	}
	return 0;
}

void tlssrv_free(struct tlssrv *t)
{
	if (t->ctx)
		wolfSSL_CTX_free(t->ctx);
	t->ctx = NULL;
	wolfSSL_Cleanup();
}

void *tlssrv_new(struct tlssrv *t, int fd)
{
	WOLFSSL *ssl = wolfSSL_new(t->ctx);

	if (ssl)
		wolfSSL_set_fd(ssl, fd);
	return ssl;
}

static int io_result(WOLFSSL *ssl, int ret, bool *want_write)
{
	int err = wolfSSL_get_error(ssl, ret);

	*want_write = err == WOLFSSL_ERROR_WANT_WRITE;
	if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE)
		return -EAGAIN;
	if (err == WOLFSSL_ERROR_ZERO_RETURN || err == SOCKET_PEER_CLOSED_E)
		return -EPIPE;
	return -ECONNRESET;
}

int tlssrv_accept(void *p, bool *want_write)
{
	WOLFSSL *ssl = p;
	int ret = wolfSSL_accept(ssl), err;
	char buf[128];

	if (ret == WOLFSSL_SUCCESS) {
		*want_write = false;
		return 0;
	}
	err = wolfSSL_get_error(ssl, ret);
	*want_write = err == WOLFSSL_ERROR_WANT_WRITE;
	if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE)
		return -EAGAIN;
	if (err == SOCKET_PEER_CLOSED_E || err == SOCKET_ERROR_E) {
		tlog(SX_LOG_INFO, "tls: the client closed the connection during the handshake");
		return -ECONNRESET;
	}
	wolfSSL_ERR_error_string_n((unsigned long)err, buf, sizeof(buf));
	tlog(SX_LOG_INFO, "tls: handshake failed: %s", buf);
	return -EPROTO;
}

int tlssrv_read(void *p, uint8_t *buf, size_t cap, bool *want_write)
{
	int ret = wolfSSL_read(p, buf, cap > 65536 ? 65536 : (int)cap);

	if (ret > 0) {
		*want_write = false;
		return ret;
	}
	return io_result(p, ret, want_write);
}

int tlssrv_write(void *p, const uint8_t *buf, size_t len, bool *want_write)
{
	int ret = wolfSSL_write(p, buf, (int)len);

	if (ret > 0) {
		*want_write = false;
		return ret;
	}
	return io_result(p, ret, want_write);
}

void tlssrv_describe(void *p, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s %s", wolfSSL_get_version(p), wolfSSL_get_cipher_name(p));
}

void tlssrv_notify(void *p)
{
	wolfSSL_shutdown(p);
}

void tlssrv_end(void *p, bool shutdown)
{
	if (!p)
		return;
	if (shutdown)
		wolfSSL_shutdown(p);
	wolfSSL_free(p);
}
