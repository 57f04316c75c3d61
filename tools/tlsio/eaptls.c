// SPDX-License-Identifier: MIT
/* The TLS-inside-EAP engine on wolfSSL over memory buffers: both roles, trust, our certificate. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/pkcs12.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eaptls.h"

#define SYSTEM_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define SYSTEM_CA_DIR "/etc/ssl/certs"
#define EAPTLS_BUF_MAX (1u << 20)	/* no TLS flight in EAP comes near this */
#define EAPTLS_FILE_MAX (1u << 20)
#define EAPTLS_ERR_PIN (-1)		/* verify_err: the certificate is not one of the pins */
#define EAPTLS_ERR_NAME (-2)		/* verify_err: it does not name the server */
#define EAPTLS_ERR_NONE (-3)		/* verify_err: the peer sent no certificate */

struct buf {
	uint8_t *p;
	size_t len, off, cap;
};

struct eaptls {
	WOLFSSL_CTX *ctx;
	WOLFSSL *ssl;
	struct eaptls_cfg cfg;
	const char *passphrase;		/* during eaptls_new only */
	bool pin_only;
	struct buf in, out;
	enum eap_tls_status st;
	enum eap_tls_fail fail;
	char why[200];
	int verify_err;
	bool peer_ok;
	char subject[160];
};

static int buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->off == b->len)
		b->off = b->len = 0;
	if (len > EAPTLS_BUF_MAX - b->len)
		return -ENOMEM;
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *p;

		while (cap < b->len + len)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	return 0;
}

static void buf_free(struct buf *b)
{
	if (b->p)
		explicit_bzero(b->p, b->cap);
	free(b->p);
	*b = (struct buf){ 0 };
}

static int io_recv(WOLFSSL *ssl, char *dst, int sz, void *ctx)
{
	struct eaptls *e = ctx;
	size_t n = e->in.len - e->in.off;

	(void)ssl;
	if (!n)
		return WOLFSSL_CBIO_ERR_WANT_READ;
	if (n > (size_t)sz)
		n = (size_t)sz;
	memcpy(dst, e->in.p + e->in.off, n);
	e->in.off += n;
	return (int)n;
}

static int io_send(WOLFSSL *ssl, char *src, int sz, void *ctx)
{
	struct eaptls *e = ctx;

	(void)ssl;
	return buf_add(&e->out, src, (size_t)sz) ? WOLFSSL_CBIO_ERR_GENERAL : sz;
}

static bool names_server(const struct eaptls *e, WOLFSSL_X509 *x)
{
	const char *n = e->cfg.name;
	struct in6_addr a;

	if (inet_pton(AF_INET, n, &a) == 1 || inet_pton(AF_INET6, n, &a) == 1)
		return wolfSSL_X509_check_ip_asc(x, n, 0) == WOLFSSL_SUCCESS;
	return wolfSSL_X509_check_host(x, n, strlen(n), 0, NULL) == WOLFSSL_SUCCESS;
}

/* The leaf (depth 0, called last): the name and the pins, as tools/sstpx/tls.c judges them. */
static bool judge_leaf(struct eaptls *e, int preverify, const uint8_t *der, size_t len)
{
	WOLFSSL_X509 *x = wolfSSL_X509_d2i(NULL, der, (int)len);
	bool ok = preverify || e->pin_only;

	if (x) {
		wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_subject_name(x), e->subject,
					  (int)sizeof(e->subject));
	}
	if (ok && e->cfg.name && !e->pin_only && (!x || !names_server(e, x))) {
		ok = false;
		e->verify_err = EAPTLS_ERR_NAME;
	}
	if (ok && e->cfg.n_pins && !tlsio_pins_match(der, len, e->cfg.pins, e->cfg.n_pins)) {
		ok = false;
		e->verify_err = EAPTLS_ERR_PIN;
	}
	wolfSSL_X509_free(x);
	return ok;
}

/* Called for every certificate of the peer's chain (WOLFSSL_ALWAYS_VERIFY_CB), the leaf last. */
static int verify_cb(int preverify, WOLFSSL_X509_STORE_CTX *store)
{
	struct eaptls *e = store->userCtx;
	bool ok;

	if (!e)
		return preverify;
	if (!preverify && !e->verify_err)
		e->verify_err = store->error;
	if (store->error_depth != 0 || store->totalCerts < 1 || !store->certs)
		return e->cfg.insecure || e->pin_only ? 1 : preverify;
	ok = judge_leaf(e, preverify, store->certs[0].buffer, store->certs[0].length);
	e->peer_ok = ok && !e->cfg.insecure;
	return e->cfg.insecure || ok;
}

static bool is_protocol_error(int err)
{
	switch (err) {
	case PARSE_ERROR: case BUFFER_ERROR: case UNKNOWN_RECORD_TYPE: case VERIFY_MAC_ERROR:
	case DECRYPT_ERROR: case LENGTH_ERROR: case SANITY_MSG_E: case OUT_OF_ORDER_E:
	case INCOMPLETE_DATA: case UNKNOWN_HANDSHAKE_TYPE: case RECV_OVERFLOW_E:
	case BAD_HELLO: case DUPLICATE_MSG_E: case EXT_MISSING: case INVALID_PARAMETER:
	case VERSION_ERROR:
		return true;
	}
	return false;
}

static void set_failed(struct eaptls *e, int err)
{
	WOLFSSL_ALERT_HISTORY h = { 0 };
	const char *who = e->cfg.role == TLSIO_CLIENT ? "the server's" : "the client's";
	const char *words = tlsio_verify_words(e->verify_err);
	char lib[96] = "";

	e->st = EAP_TLS_FAILED;
	wolfSSL_get_alert_history(e->ssl, &h);
	wolfSSL_ERR_error_string_n((unsigned long)err, lib, sizeof(lib));
	if (e->verify_err == EAPTLS_ERR_PIN)
		words = "certificate is not one of the pinned ones";
	else if (e->verify_err == EAPTLS_ERR_NAME)
		words = "certificate does not name the expected server";
	else if (err == NO_PEER_CERT || e->verify_err == EAPTLS_ERR_NONE)
		words = "certificate is missing";
	if (e->verify_err || err == NO_PEER_CERT) {
		size_t n;

		e->fail = EAP_TLS_FAIL_PEER_CERT;
		n = (size_t)snprintf(e->why, sizeof(e->why), "%s %s%s", who,
				     words ? words : "certificate was refused: ", words ? "" : lib);
		if (*e->subject && n < sizeof(e->why))
			snprintf(e->why + n, sizeof(e->why) - n, " (%s)", e->subject);
	} else if (h.last_rx.code > 0) {
		e->fail = EAP_TLS_FAIL_REFUSED;
		snprintf(e->why, sizeof(e->why), "TLS alert \"%s\" from the peer",
			 wolfSSL_alert_desc_string_long(h.last_rx.code));
	} else if (is_protocol_error(err)) {
		e->fail = EAP_TLS_FAIL_PROTOCOL;
		snprintf(e->why, sizeof(e->why), "bad TLS data from the peer (%s)", lib);
	} else {
		e->fail = EAP_TLS_FAIL_OTHER;
		snprintf(e->why, sizeof(e->why), "%s", lib);
	}
}

static void handshake_step(struct eaptls *e)
{
	int ret, err;

	if (e->st != EAP_TLS_HANDSHAKE)
		return;
	ret = e->cfg.role == TLSIO_CLIENT ? wolfSSL_connect(e->ssl) : wolfSSL_accept(e->ssl);
	if (ret == WOLFSSL_SUCCESS) {
		e->st = EAP_TLS_ESTABLISHED;
		return;
	}
	err = wolfSSL_get_error(e->ssl, ret);
	if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE)
		return;
	set_failed(e, err);
}

static void eng_stop(void *priv)
{
	struct eaptls *e = priv;

	if (e->ssl) {
		wolfSSL_FreeArrays(e->ssl);
		wolfSSL_free(e->ssl);
	}
	e->ssl = NULL;
	buf_free(&e->in);
	buf_free(&e->out);
	e->st = EAP_TLS_IDLE;
	e->fail = EAP_TLS_FAIL_NONE;
	e->verify_err = 0;
	e->peer_ok = false;
	*e->why = *e->subject = '\0';
}

static int eng_start(void *priv)
{
	struct eaptls *e = priv;

	eng_stop(e);
	e->ssl = wolfSSL_new(e->ctx);
	if (!e->ssl)
		return -ENOMEM;
	wolfSSL_SSLSetIORecv(e->ssl, io_recv);
	wolfSSL_SSLSetIOSend(e->ssl, io_send);
	wolfSSL_SetIOReadCtx(e->ssl, e);
	wolfSSL_SetIOWriteCtx(e->ssl, e);
	wolfSSL_SetCertCbCtx(e->ssl, e);
	/* eap-facts 5: without it the randoms and master secret are gone before the key export. */
	wolfSSL_KeepArrays(e->ssl);
	if (e->cfg.role == TLSIO_CLIENT && e->cfg.name && !e->cfg.insecure) {
		struct in6_addr a;

		/* RFC 6066 3: SNI carries host names only. */
		if (inet_pton(AF_INET, e->cfg.name, &a) != 1 && inet_pton(AF_INET6, e->cfg.name, &a) != 1)
			wolfSSL_UseSNI(e->ssl, WOLFSSL_SNI_HOST_NAME, e->cfg.name,
				       (unsigned short)strlen(e->cfg.name));
	}
	e->st = EAP_TLS_HANDSHAKE;
	handshake_step(e);
	return e->st == EAP_TLS_FAILED && e->fail == EAP_TLS_FAIL_OTHER && !e->out.len ? -ENOMEM
											 : 0;
}

static int eng_input(void *priv, const uint8_t *in, size_t len)
{
	struct eaptls *e = priv;

	if (e->st == EAP_TLS_IDLE)
		return -EPROTO;
	if (e->st == EAP_TLS_FAILED)
		return 0;
	if (buf_add(&e->in, in, len))
		return -ENOMEM;
	handshake_step(e);
	return 0;
}

static size_t eng_out_len(void *priv)
{
	struct eaptls *e = priv;

	return e->out.len - e->out.off;
}

static size_t eng_out_take(void *priv, uint8_t *out, size_t cap)
{
	struct eaptls *e = priv;
	size_t n = e->out.len - e->out.off;

	if (n > cap)
		n = cap;
	memcpy(out, e->out.p + e->out.off, n);
	e->out.off += n;
	return n;
}

static enum eap_tls_status eng_status(void *priv)
{
	return ((struct eaptls *)priv)->st;
}

static enum eap_tls_fail eng_failure(void *priv, char *why, size_t cap)
{
	struct eaptls *e = priv;

	if (cap)
		snprintf(why, cap, "%s", e->why);
	return e->fail;
}

static int eng_read(void *priv, uint8_t *buf, size_t cap)
{
	struct eaptls *e = priv;
	int ret, err;

	if (e->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	ret = wolfSSL_read(e->ssl, buf, cap > 65536 ? 65536 : (int)cap);
	if (ret > 0)
		return ret;
	err = wolfSSL_get_error(e->ssl, ret);
	if (err == WOLFSSL_ERROR_WANT_READ || err == WOLFSSL_ERROR_WANT_WRITE)
		return -EAGAIN;
	set_failed(e, err);
	return -EPROTO;
}

static int eng_write(void *priv, const uint8_t *buf, size_t len)
{
	struct eaptls *e = priv;
	int ret;

	if (e->st != EAP_TLS_ESTABLISHED || !len || len > 65536)
		return -EPROTO;
	ret = wolfSSL_write(e->ssl, buf, (int)len);
	if (ret == (int)len)
		return ret;
	set_failed(e, wolfSSL_get_error(e->ssl, ret));
	return -EPROTO;
}

static uint16_t eng_version(void *priv)
{
	struct eaptls *e = priv;

	if (e->st != EAP_TLS_ESTABLISHED)
		return 0;
	return (uint16_t)wolfSSL_version(e->ssl);
}

static int eng_export(void *priv, const char *label, const uint8_t *context, size_t context_len,
		      uint8_t *out, size_t len)
{
	struct eaptls *e = priv;

	if (e->st != EAP_TLS_ESTABLISHED)
		return -EPROTO;
	if (wolfSSL_export_keying_material(e->ssl, out, len, label, strlen(label), context,
					   context ? context_len : 0, context != NULL) != WOLFSSL_SUCCESS) {
		memset(out, 0, len);
		return -EPROTO;
	}
	return 0;
}

static bool eng_peer_verified(void *priv)
{
	struct eaptls *e = priv;

	return e->st == EAP_TLS_ESTABLISHED && e->peer_ok;
}

static const struct eap_tls_ops eaptls_ops = {
	.start = eng_start, .input = eng_input, .out_len = eng_out_len, .out_take = eng_out_take,
	.status = eng_status, .failure = eng_failure, .read = eng_read, .write = eng_write,
	.version = eng_version, .export_key = eng_export, .peer_verified = eng_peer_verified,
	.stop = eng_stop,
};

struct eap_tls_engine eaptls_engine(struct eaptls *e)
{
	return (struct eap_tls_engine){ .ops = &eaptls_ops, .priv = e };
}

void eaptls_peer_subject(struct eaptls *e, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s", e->subject);
}

void eaptls_describe(struct eaptls *e, char *buf, size_t cap)
{
	if (!e->ssl || e->st != EAP_TLS_ESTABLISHED)
		snprintf(buf, cap, "%s", "");
	else
		snprintf(buf, cap, "%s %s", wolfSSL_get_version(e->ssl),
			 wolfSSL_get_cipher_name(e->ssl));
}

/* Reads a whole small file into *out (NUL-terminated, zeroed and freed by the caller). */
static int read_file(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	struct stat st;
	uint8_t *p = NULL;
	int ret = 0;

	if (!f)
		return -errno;
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) || st.st_size > EAPTLS_FILE_MAX) {
		ret = -EBADMSG;
		goto out;
	}
	p = calloc(1, (size_t)st.st_size + 1);
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	*len = fread(p, 1, (size_t)st.st_size, f);
	*out = p;
	p = NULL;
out:
	free(p);
	fclose(f);
	return ret;
}

static void free_file(uint8_t *p, size_t len)
{
	if (p)
		explicit_bzero(p, len);
	free(p);
}

static int passwd_cb(char *buf, int size, int rw, void *userdata)
{
	struct eaptls *e = userdata;
	size_t n = e->passphrase ? strlen(e->passphrase) : 0;

	(void)rw;
	if (!e->passphrase || n >= (size_t)size)
		return -1;
	memcpy(buf, e->passphrase, n);
	return (int)n;
}

static int fail_file(int ret, const char *what, const char *path, char *why, size_t cap)
{
	snprintf(why, cap, "%s \"%s\": %s", what, path,
		 ret == -ENOENT ? "no such file" : ret == -EACCES ? "permission denied"
		 : ret == -EBADMSG ? "not a regular file of a sensible size" : strerror(-ret));
	return ret == -EBADMSG ? -EBADMSG : ret == -ENOMEM ? -ENOMEM : -ENOENT;
}

static bool pem_encrypted(const uint8_t *p)
{
	return strstr((const char *)p, "ENCRYPTED") != NULL;
}

static int load_pem(struct eaptls *e, char *why, size_t cap)
{
	const char *kf = e->cfg.key_file ? e->cfg.key_file : e->cfg.cert_file;
	uint8_t *key = NULL;
	size_t klen = 0;
	int ret;

	if (wolfSSL_CTX_use_certificate_chain_file(e->ctx, e->cfg.cert_file) != WOLFSSL_SUCCESS) {
		ret = read_file(e->cfg.cert_file, &key, &klen);
		free_file(key, klen);
		if (ret)
			return fail_file(ret, "certificate file", e->cfg.cert_file, why, cap);
		snprintf(why, cap, "certificate file \"%s\": no PEM certificate in it",
			 e->cfg.cert_file);
		return -EBADMSG;
	}
	ret = read_file(kf, &key, &klen);
	if (ret)
		return fail_file(ret, "key file", kf, why, cap);
	if (pem_encrypted(key) && !e->passphrase) {
		snprintf(why, cap, "key file \"%s\": the key is encrypted and no passphrase was given",
			 kf);
		ret = -ENOKEY;
	} else if (wolfSSL_CTX_use_PrivateKey_buffer(e->ctx, key, (long)klen,
						     WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS) {
		bool enc = pem_encrypted(key);

		snprintf(why, cap, "key file \"%s\": %s", kf, enc ? "wrong passphrase"
			 : "no PEM private key in it");
		ret = enc ? -EKEYREJECTED : -EBADMSG;
	}
	free_file(key, klen);
	return ret;
}

static int use_p12_chain(struct eaptls *e, WC_DerCertList *ca)
{
	for (; ca; ca = ca->next) {
		WOLFSSL_X509 *x = wolfSSL_X509_d2i(NULL, ca->buffer, (int)ca->bufferSz);

		if (!x)
			return -EBADMSG;
		/* The context owns x from here (OpenSSL semantics of add_extra_chain_cert). */
		if (wolfSSL_CTX_add_extra_chain_cert(e->ctx, x) != WOLFSSL_SUCCESS) {
			wolfSSL_X509_free(x);
			return -EBADMSG;
		}
	}
	return 0;
}

static int load_p12(struct eaptls *e, char *why, size_t cap)
{
	const char *f = e->cfg.pkcs12_file;
	uint8_t *der = NULL, *key = NULL, *cert = NULL;
	word32 klen = 0, clen = 0;
	WC_DerCertList *ca = NULL;
	WC_PKCS12 *p12 = NULL;
	size_t len = 0;
	int ret = read_file(f, &der, &len);

	if (ret)
		return fail_file(ret, "PKCS#12 file", f, why, cap);
	p12 = wc_PKCS12_new();
	if (!p12 || wc_d2i_PKCS12(der, (word32)len, p12)) {
		snprintf(why, cap, "PKCS#12 file \"%s\": not a PKCS#12 (.p12/.pfx) file", f);
		ret = p12 ? -EBADMSG : -ENOMEM;
		goto out;
	}
	ret = wc_PKCS12_parse(p12, e->passphrase ? e->passphrase : "", &key, &klen, &cert, &clen,
			      &ca);
	if (ret == MAC_CMP_FAILED_E) {
		snprintf(why, cap, "PKCS#12 file \"%s\": %s", f, e->passphrase ? "wrong passphrase"
			 : "it is protected by a passphrase and none was given");
		ret = e->passphrase ? -EKEYREJECTED : -ENOKEY;
		goto out;
	}
	if (ret || !key || !cert) {
		snprintf(why, cap, "PKCS#12 file \"%s\": cannot read its key and certificate (an "
			 "unsupported encryption such as RC2 from 'openssl pkcs12 -legacy'?)", f);
		ret = -EBADMSG;
		goto out;
	}
	if (wolfSSL_CTX_use_certificate_buffer(e->ctx, cert, clen, WOLFSSL_FILETYPE_ASN1) !=
	    WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_use_PrivateKey_buffer(e->ctx, key, klen, WOLFSSL_FILETYPE_ASN1) !=
	    WOLFSSL_SUCCESS || use_p12_chain(e, ca)) {
		snprintf(why, cap, "PKCS#12 file \"%s\": its key or certificates are not usable", f);
		ret = -EBADMSG;
	}
out:
	if (key)
		explicit_bzero(key, klen);
	XFREE(key, NULL, DYNAMIC_TYPE_PUBLIC_KEY);
	XFREE(cert, NULL, DYNAMIC_TYPE_PKCS);
	wc_FreeCertList(ca, NULL);
	wc_PKCS12_free(p12);
	free_file(der, len);
	return ret;
}

static int load_own(struct eaptls *e, char *why, size_t cap)
{
	int ret;

	if (!e->cfg.cert_file && !e->cfg.pkcs12_file) {
		if (e->cfg.role == TLSIO_SERVER) {
			snprintf(why, cap, "the EAP server needs a certificate and key");
			return -EINVAL;
		}
		return 0;
	}
	ret = e->cfg.pkcs12_file ? load_p12(e, why, cap) : load_pem(e, why, cap);
	if (!ret && wolfSSL_CTX_check_private_key(e->ctx) != WOLFSSL_SUCCESS) {
		snprintf(why, cap, "\"%s\": the private key does not belong to the certificate",
			 e->cfg.pkcs12_file ? e->cfg.pkcs12_file : e->cfg.key_file ? e->cfg.key_file
										 : e->cfg.cert_file);
		ret = -EINVAL;
	}
	return ret;
}

static int load_trust(struct eaptls *e, char *why, size_t cap)
{
	int ret;

	if (e->cfg.insecure || (e->pin_only && e->cfg.role == TLSIO_CLIENT))
		return 0;
	if (e->cfg.cafile) {
		if (wolfSSL_CTX_load_verify_locations(e->ctx, e->cfg.cafile, NULL) ==
		    WOLFSSL_SUCCESS)
			return 0;
		snprintf(why, cap, "CA file \"%s\": no PEM CA certificates in it", e->cfg.cafile);
		return -EBADMSG;
	}
	if (e->cfg.role == TLSIO_SERVER) {
		snprintf(why, cap, "the EAP server needs a CA file to verify client certificates");
		return -EINVAL;
	}
	if (!access(SYSTEM_CA_FILE, R_OK))
		ret = wolfSSL_CTX_load_verify_locations(e->ctx, SYSTEM_CA_FILE, NULL);
	else
		ret = wolfSSL_CTX_load_verify_locations(e->ctx, NULL, SYSTEM_CA_DIR);
	if (ret == WOLFSSL_SUCCESS)
		return 0;
	snprintf(why, cap, "no system CA certificates in %s or %s", SYSTEM_CA_FILE, SYSTEM_CA_DIR);
	return -ENOENT;
}

int eaptls_new(struct eaptls **out, const struct eaptls_cfg *cfg, char *why, size_t cap)
{
	struct tlsio_policy p = {
		.min = cfg->min ? cfg->min : TLSIO_TLS12, .max = cfg->max,
		.ciphers = cfg->ciphers ? cfg->ciphers : TLSIO_CIPHERS_DEFAULT,
		.sigalgs = TLSIO_SIGALGS_DEFAULT, .strong_groups = true,
	};
	struct eaptls *e = calloc(1, sizeof(*e));
	const char *lib_why;
	void *ctx;
	int ret;

	*out = NULL;
	if (!e)
		return -ENOMEM;
	e->cfg = *cfg;
	e->pin_only = cfg->n_pins && !cfg->cafile;
	e->passphrase = cfg->passphrase;
	e->cfg.passphrase = NULL;
	ret = tlsio_ctx_new(&ctx, cfg->role, &p, &lib_why);
	if (ret) {
		snprintf(why, cap, "%s", lib_why);
		goto out;
	}
	e->ctx = ctx;
	wolfSSL_CTX_set_default_passwd_cb(e->ctx, passwd_cb);
	wolfSSL_CTX_set_default_passwd_cb_userdata(e->ctx, e);
	ret = load_own(e, why, cap);
	if (!ret)
		ret = load_trust(e, why, cap);
	if (ret)
		goto out;
	wolfSSL_CTX_set_verify(e->ctx, cfg->role == TLSIO_SERVER && !cfg->insecure
			       ? WOLFSSL_VERIFY_PEER | WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT
			       : WOLFSSL_VERIFY_PEER, verify_cb);
	*out = e;
	e = NULL;
out:
	if (e) {
		eaptls_free(e);
	} else {
		wolfSSL_CTX_set_default_passwd_cb_userdata((*out)->ctx, NULL);
		(*out)->passphrase = NULL;
	}
	return ret;
}

void eaptls_free(struct eaptls *e)
{
	if (!e)
		return;
	eng_stop(e);
	tlsio_ctx_free(e->ctx);
	explicit_bzero(e, sizeof(*e));
	free(e);
}
