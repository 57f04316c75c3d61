// SPDX-License-Identifier: MIT
/* wolfSSL client for sstpx: the offer, trust (CA store, name/IP, pins), failures in words. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/hash.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "tls.h"
#include "tlsio/trust.h"

#define SYSTEM_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define SYSTEM_CA_DIR "/etc/ssl/certs"

static int leaf_pin(const struct tls *t, enum pin_kind kind, uint8_t out[static 32])
{
	return tlsio_pin_hash(t->leaf, t->leaf_len, kind == PIN_CERT_SHA256 ? TLSIO_PIN_CERT_SHA256
					: TLSIO_PIN_SPKI_SHA256, out);
}

/* One line with both pins of the server, so the user can decide to pin it. */
static void print_pins(const struct tls *t, bool failure)
{
	uint8_t h[32];
	char spki[80] = "?", cert[80] = "?";

	if (!t->leaf_len)
		return;
	if (!leaf_pin(t, PIN_SPKI_SHA256, h))
		pin_format(PIN_SPKI_SHA256, h, spki, sizeof(spki));
	if (!leaf_pin(t, PIN_CERT_SHA256, h))
		pin_format(PIN_CERT_SHA256, h, cert, sizeof(cert));
	if (failure)
		log_fail("tls", "the server's pins are --pin %s (public key) and --pin %s "
			 "(certificate): check them out of band before using one", spki, cert);
	else
		log_debug("tls: server pins: --pin %s, --pin %s", spki, cert);
}

static bool pins_match(const struct tls *t)
{
	uint8_t h[32];

	for (size_t i = 0; i < t->cfg.n_pins; i++) {
		const struct pin *p = &t->cfg.pins[i];

		if (!leaf_pin(t, p->kind, h) && !memcmp(h, p->sha256, 32))
			return true;
	}
	return false;
}

/* --pin without --cafile: the pinned key is the trust anchor, the CA store is not consulted. */
static bool pin_only(const struct tls *t)
{
	return t->cfg.n_pins && !t->cfg.cafile;
}

/*
 * Called for every certificate (WOLFSSL_ALWAYS_VERIFY_CB). It keeps the leaf's DER so pins can be
 * computed and printed even when verification fails, and records the first error. With a pin
 * alone or --insecure the chain is accepted here and judged after the handshake.
 */
static int verify_cb(int preverify, WOLFSSL_X509_STORE_CTX *store)
{
	struct tls *t = store->userCtx;

	if (!t)
		return preverify;
	if (store->totalCerts > 0 && store->certs && !t->leaf_len &&
	    store->certs[0].length <= TLS_LEAF_MAX) {
		memcpy(t->leaf, store->certs[0].buffer, store->certs[0].length);
		t->leaf_len = store->certs[0].length;
	}
	if (!preverify && !t->verify_err) {
		t->verify_err = store->error;
		t->verify_depth = store->error_depth;
	}
	if (t->cfg.insecure || pin_only(t))
		return 1;
	return preverify;
}

/* SSLKEYLOGFILE: the one explicit opt-in to writing secrets (conventions.md 9); loud about it. */
static void keylog_setup(WOLFSSL_CTX *ctx)
{
	const char *path = getenv("SSLKEYLOGFILE");
	int ret;

	if (!path || !*path)
		return;
	ret = tlsio_keylog_open(ctx, path);
	if (ret == -ENOTSUP) {
		log_warn("SSLKEYLOGFILE is set but this wolfSSL was built without "
			 "HAVE_SECRET_CALLBACK: no keys are logged");
	} else if (ret) {
		log_warn("SSLKEYLOGFILE: \"%s\": %s: no keys are logged", path,
			 ret == -ELOOP ? "a symbolic link (refused)"
			 : ret == -EPERM ? "owned by another user, or others may read or write it "
					   "(refused: want the caller's own file, mode 0600)"
			 : strerror(-ret));
	} else {
		log_warn("SSLKEYLOGFILE: WRITING TLS SECRETS to \"%s\": anyone who reads it can "
			 "decrypt this session; unset SSLKEYLOGFILE unless you are debugging", path);
	}
}

static int load_trust(struct tls *t, WOLFSSL_CTX *ctx)
{
	int ret;

	if (t->cfg.cafile) {
		ret = wolfSSL_CTX_load_verify_locations(ctx, t->cfg.cafile, NULL);
		if (ret != WOLFSSL_SUCCESS) {
			log_fail("--cafile", "\"%s\": no PEM CA certificates in it", t->cfg.cafile);
			return -ENOENT;
		}
		return 0;
	}
	if (pin_only(t))
		return 0;
	if (!access(SYSTEM_CA_FILE, R_OK))
		ret = wolfSSL_CTX_load_verify_locations(ctx, SYSTEM_CA_FILE, NULL);
	else
		ret = wolfSSL_CTX_load_verify_locations(ctx, NULL, SYSTEM_CA_DIR);
	if (ret != WOLFSSL_SUCCESS) {
		log_fail("tls", "no system CA certificates in %s or %s; use --cafile or --pin",
			 SYSTEM_CA_FILE, SYSTEM_CA_DIR);
		return -ENOENT;
	}
	return 0;
}

void tls_cfg_from_opts(struct tls_cfg *cfg, const struct opts *o)
{
	*cfg = (struct tls_cfg){
		.host = o->host, .sni = o->sni, .cafile = o->cafile,
		.pins = o->pins, .n_pins = o->n_pins, .insecure = o->insecure,
		.min_version = (enum tlsio_version)o->tls_min, .ciphers = o->tls_ciphers,
	};
}

static int new_ctx(const struct tls_cfg *cfg, WOLFSSL_CTX **ctx)
{
	struct tlsio_policy p = {
		.min = cfg->min_version ? cfg->min_version : TLSIO_TLS12,
		.ciphers = cfg->ciphers ? cfg->ciphers : TLSIO_CIPHERS_DEFAULT,
		.sigalgs = TLSIO_SIGALGS_DEFAULT,
		.strong_groups = true,
	};
	const char *why;
	void *c;
	int ret;

	/* MS-SSTP 3.2.4.1 allows any TLS; TLS 1.0/1.1 are broken and SoftEther refuses them too. */
	ret = tlsio_ctx_new(&c, TLSIO_CLIENT, &p, &why);
	if (ret) {
		if (cfg->ciphers && ret == -EINVAL)
			log_fail("--tls-ciphers", "\"%s\": %s", cfg->ciphers, why);
		else
			log_fail("tls", "%s", why);
		return ret;
	}
	*ctx = c;
	return 0;
}

int tls_validate(const struct tls_cfg *cfg)
{
	WOLFSSL_CTX *ctx;

	/* opts.c already refused a --cafile that cannot be opened. */
	if (new_ctx(cfg, &ctx))
		return -EINVAL;
	tlsio_ctx_free(ctx);
	return 0;
}

void tls_clear(struct tls *t)
{
	memset(t, 0, offsetof(struct tls, leaf));
}

int tls_init(struct tls *t, const struct tls_cfg *cfg)
{
	struct in6_addr a;
	WOLFSSL_CTX *ctx;
	int ret;

	tls_clear(t);
	t->cfg = *cfg;
	t->name = cfg->sni ? cfg->sni : cfg->host;
	t->name_is_ip = inet_pton(AF_INET, t->name, &a) == 1 || inet_pton(AF_INET6, t->name, &a) == 1;
	ret = new_ctx(cfg, &ctx);
	if (ret)
		return ret;
	t->ctx = ctx;
	ret = cfg->insecure ? 0 : load_trust(t, ctx);
	if (ret)
		return ret;
	wolfSSL_CTX_set_verify(ctx, WOLFSSL_VERIFY_PEER, verify_cb);
	keylog_setup(ctx);
	return 0;
}

int tls_start(struct tls *t, int fd)
{
	WOLFSSL *ssl;

	if (tlsio_start(&t->io, t->ctx, fd)) {
		/* Its random generator failing to seed is the usual cause (an empty chroot). */
		log_fail("tls", "cannot create a TLS session (out of memory, or no random source)");
		return -ENOMEM;
	}
	ssl = t->io.ssl;
	wolfSSL_SetCertCbCtx(ssl, t);
	if (t->cfg.insecure) {
		log_warn("--insecure: the server's identity is NOT verified; anyone on the path can "
			 "read and change this connection and learn enough to attack the password");
	}
	/* RFC 6066 3: SNI carries host names only, never address literals. */
	if (!t->name_is_ip)
		wolfSSL_UseSNI(ssl, WOLFSSL_SNI_HOST_NAME, t->name, (unsigned short)strlen(t->name));
	if (!t->name_is_ip && !t->cfg.insecure && !pin_only(t))
		wolfSSL_check_domain_name(ssl, t->name);
	return 0;
}

static bool leaf_names_server(struct tls *t, WOLFSSL_X509 *x)
{
	if (t->name_is_ip)
		return wolfSSL_X509_check_ip_asc(x, t->name, 0) == WOLFSSL_SUCCESS;
	return wolfSSL_X509_check_host(x, t->name, strlen(t->name), 0, NULL) == WOLFSSL_SUCCESS;
}

/* A pin alone vouches for the key: what a CA would have refused is only a warning then. */
static void pin_warnings(struct tls *t, WOLFSSL_X509 *x)
{
	if (wolfSSL_X509_cmp_current_time(wolfSSL_X509_get_notAfter(x)) < 0)
		log_warn("tls: %s: the pinned certificate has expired; accepted because --pin names its "
			 "key", t->cfg.host);
	if (wolfSSL_X509_cmp_current_time(wolfSSL_X509_get_notBefore(x)) > 0)
		log_warn("tls: %s: the pinned certificate is not yet valid; accepted because --pin "
			 "names its key", t->cfg.host);
	if (!leaf_names_server(t, x))
		log_warn("tls: %s: the pinned certificate does not name \"%s\"; accepted because "
			 "--pin names its key", t->cfg.host, t->name);
}

/* After the handshake: IP literals against IP subjectAltNames, then pins (RFC 7469 2.4). */
static int check_identity(struct tls *t)
{
	WOLFSSL_X509 *x;
	int ret = 0;

	if (t->cfg.insecure)
		return 0;
	x = wolfSSL_X509_d2i(NULL, t->leaf, (int)t->leaf_len);
	if (!x) {
		log_fail("tls", "%s: cannot read the server's certificate", t->cfg.host);
		return -EPROTO;
	}
	if (pin_only(t)) {
		if (pins_match(t))
			pin_warnings(t, x);
		else
			ret = -EPROTO;
	} else if (t->name_is_ip && !leaf_names_server(t, x)) {
		log_fail("tls", "%s: certificate does not name this server (no IP address "
			 "subjectAltName %s)", t->cfg.host, t->name);
		print_pins(t, true);
		ret = -EPROTO;
	} else if (t->cfg.n_pins && !pins_match(t)) {
		ret = -EPROTO;
	}
	wolfSSL_X509_free(x);
	if (ret && t->cfg.n_pins) {
		log_fail("tls", "%s: pin mismatch: the server's key is not one of the --pin values",
			 t->cfg.host);
		print_pins(t, true);
	}
	return ret;
}

/* The verify callback normally keeps the leaf; this is the fallback from the session's chain. */
static void keep_leaf_from_chain(struct tls *t)
{
	WOLFSSL_X509_CHAIN *chain = wolfSSL_get_peer_chain(t->io.ssl);
	int len;

	if (!chain || wolfSSL_get_chain_count(chain) < 1)
		return;
	len = wolfSSL_get_chain_length(chain, 0);
	if (len > 0 && len <= TLS_LEAF_MAX) {
		memcpy(t->leaf, wolfSSL_get_chain_cert(chain, 0), (size_t)len);
		t->leaf_len = (size_t)len;
	}
}

/* What sstpx offered, in the words of a failure message. */
static void offer_words(const struct tls *t, char *buf, size_t cap)
{
	if (t->cfg.ciphers)
		snprintf(buf, cap, "sstpx offers %s or newer with the --tls-ciphers list",
			 tlsio_version_name(t->cfg.min_version ? t->cfg.min_version : TLSIO_TLS12));
	else if (t->cfg.min_version == TLSIO_TLS13)
		snprintf(buf, cap, "sstpx offers TLS 1.3 only (--tls-min 1.3)");
	else
		snprintf(buf, cap, "sstpx offers %s", TLSIO_OFFER_WORDS);
}

/* The connection ended in the handshake: a server that refuses our offer may just close. */
static void handshake_ended(struct tls *t, bool reset)
{
	char offer[128];

	offer_words(t, offer, sizeof(offer));
	log_fail("tls", "%s: the server %s the connection during the handshake%s%s%s", t->name,
		 reset ? "reset" : "closed",
		 t->io.rx_bytes ? "" : " without answering (a server that accepts none of what ",
		 t->io.rx_bytes ? "" : offer,
		 t->io.rx_bytes ? "" : " may do that; see --tls-min, --tls-ciphers)");
}

static void handshake_failed(struct tls *t)
{
	char lib[192], offer[128];
	enum tlsio_fail f = tlsio_failure(&t->io, lib, sizeof(lib));
	const char *words = tlsio_verify_words(t->verify_err);

	if (!words)
		words = tlsio_verify_words(t->io.last_err);
	offer_words(t, offer, sizeof(offer));
	switch (f) {
	case TLSIO_FAIL_CLOSED:
	case TLSIO_FAIL_RESET:
		handshake_ended(t, f == TLSIO_FAIL_RESET);
		return;
	case TLSIO_FAIL_VERSION:
		log_fail("tls", "%s: TLS handshake failed: the server does not speak the TLS versions "
			 "sstpx accepts (TLS %s or newer; see --tls-min): %s", t->name,
			 t->cfg.min_version == TLSIO_TLS13 ? "1.3" : "1.2", lib);
		return;
	case TLSIO_FAIL_CIPHERS:
		/* A TLS 1.0/1.1-only server ends here too: it has no suite for our TLS 1.2 offer. */
		log_fail("tls", "%s: TLS handshake failed: the server offered no acceptable cipher "
			 "suite (%s; see --tls-ciphers) or no TLS version >= %s: %s", t->name, offer,
			 t->cfg.min_version == TLSIO_TLS13 ? "1.3" : "1.2", lib);
		return;
	case TLSIO_FAIL_CERT:
	case TLSIO_FAIL_OTHER:
		break;
	}
	if (words)
		log_fail("tls", "%s: %s", t->name, words);
	else
		log_fail("tls", "%s: handshake failed: %s", t->name, lib);
	if (t->verify_err || words)
		print_pins(t, true);
}

int tls_handshake(struct tls *t)
{
	int ret = tlsio_handshake(&t->io, TLSIO_CLIENT);

	if (!ret) {
		if (!t->leaf_len)
			keep_leaf_from_chain(t);
		print_pins(t, false);
		return check_identity(t);
	}
	if (ret == -EAGAIN)
		return ret;
	handshake_failed(t);
	return ret == -EPROTO ? -EPROTO : -ECONNRESET;
}

int tls_read(struct tls *t, uint8_t *buf, size_t cap)
{
	return tlsio_read(&t->io, buf, cap);
}

int tls_write(struct tls *t, const uint8_t *buf, size_t len)
{
	return tlsio_write(&t->io, buf, len);
}

bool tls_want_write(const struct tls *t)
{
	return t->io.want_write;
}

bool tls_pending(const struct tls *t)
{
	return tlsio_pending(&t->io);
}

void tls_describe(struct tls *t, char *buf, size_t cap)
{
	WOLFSSL_X509 *x = wolfSSL_X509_d2i(NULL, t->leaf, (int)t->leaf_len);
	char subj[256] = "?", iss[256] = "?";

	if (x) {
		wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_subject_name(x), subj, sizeof(subj));
		wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_issuer_name(x), iss, sizeof(iss));
		wolfSSL_X509_free(x);
	}
	snprintf(buf, cap, "%s %s, subject %s, issuer %s", tlsio_version(&t->io),
		 tlsio_cipher(&t->io), subj, iss);
}

const char *tls_version(const struct tls *t)
{
	return tlsio_version(&t->io);
}

const char *tls_cipher(const struct tls *t)
{
	return tlsio_cipher(&t->io);
}

const uint8_t *tls_peer_der(const struct tls *t, size_t *len)
{
	*len = t->leaf_len;
	return t->leaf;
}

void tls_free(struct tls *t)
{
	tlsio_end(&t->io, true);
	tlsio_ctx_free(t->ctx);
	t->ctx = NULL;
#if defined(HAVE_ECC) && defined(FP_ECC)
	/*
	 * wolfCrypt's fixed-point ECC cache keeps tables for each peer point it met (about 800 kB a
	 * handshake, up to FP_ENTRIES of them); with --reconnect every attempt would add to it.
	 */
	wc_ecc_fp_free();
#endif
	tlsio_keylog_close();
}
