// SPDX-License-Identifier: MIT
/* EAP-TLS in sstpx: our certificate and key, the passphrase, the inner TLS trust, the methods. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eapcert.h"
#include "exit.h"
#include "log.h"
#include "secret_src.h"
#include "session.h"
#include "tlsio/eaptls.h"

static bool password_source(const struct opts *o)
{
	return o->password_file || o->password_env || o->password_stdin || o->password_command ||
	       getenv("SSTPX_PASSWORD");
}

bool eapcert_needs_password(const struct opts *o)
{
	if (!opts_cert_have(&o->cert))
		return true;
	if (o->auth_methods)
		return o->auth_methods & (OPTS_AUTH_MSCHAPV2 | OPTS_AUTH_EAP_MSCHAPV2 | OPTS_AUTH_PAP);
	/* With a certificate the password methods join the default only with a password source. */
	return password_source(o);
}

/* The passphrase from the one source named, as the password is read (password.c). */
static int read_passphrase(const struct opts *o, struct secret *pw, bool prompt)
{
	const char *where = o->cert.key_password_file ? o->cert.key_password_file
			    : o->cert.key_password_env ? o->cert.key_password_env : "terminal";
	int ret;

	if (o->cert.key_password_command)
		return secret_src_command(pw, o->cert.key_password_command, "--key-password-command");
	if (o->cert.key_password_file)
		ret = secret_src_file(pw, o->cert.key_password_file);
	else if (o->cert.key_password_env)
		ret = secret_from_env(pw, o->cert.key_password_env);
	else if (prompt)
		ret = secret_from_tty(pw, "Key passphrase: ");
	else
		return 0;
	if (ret == -EPERM && o->cert.key_password_file)
		return ret;	/* perm_check said which file and how to fix it */
	if (ret)
		log_fail("key passphrase", "%s: %s", where,
			 ret == -ENXIO ? "the key is encrypted and there is no terminal to prompt on; "
					 "use --key-password-file, --key-password-env or "
					 "--key-password-command"
			 : ret == -ENOENT && o->cert.key_password_env ? "not set"
			 : ret == -EINVAL ? "empty" : strerror(-ret));
	return ret;
}

void eapcert_trust(const struct opts *o, struct eaptls_cfg *c, struct tlsio_pin *pins)
{
	const struct pin *src = o->cert.n_eap_pins ? o->cert.eap_pins : o->pins;
	bool own = o->cert.eap_cafile || o->cert.n_eap_pins;

	c->n_pins = own ? o->cert.n_eap_pins : o->n_pins;
	for (size_t i = 0; i < c->n_pins; i++) {
		pins[i].kind = src[i].kind == PIN_CERT_SHA256 ? TLSIO_PIN_CERT_SHA256
							      : TLSIO_PIN_SPKI_SHA256;
		memcpy(pins[i].sha256, src[i].sha256, 32);
	}
	c->pins = pins;
	c->cafile = own ? o->cert.eap_cafile : o->cafile;
	c->name = o->cert.eap_server_name ? o->cert.eap_server_name : o->sni ? o->sni : o->host;
	c->insecure = o->insecure;
}

static int load(struct session *s, const struct secret *pw, char *why, size_t cap)
{
	const struct opts *o = s->o;
	struct tlsio_pin pins[OPTS_MAX_PINS + OPTS_CERT_MAX_PINS];
	struct eaptls_cfg c = {
		.role = TLSIO_CLIENT, .min = (enum tlsio_version)o->tls_min,
		.ciphers = o->tls_ciphers, .cert_file = o->cert.cert_file, .key_file = o->cert.key_file,
		.pkcs12_file = o->cert.pkcs12_file, .passphrase = pw->buf,
	};

	eapcert_trust(o, &c, pins);
	return eaptls_new(&s->eaptls, &c, why, cap);
}

int eapcert_setup(struct session *s)
{
	const struct opts *o = s->o;
	bool source = o->cert.key_password_file || o->cert.key_password_env || o->cert.key_password_command;
	struct secret pw = { 0 };
	char why[300];
	int ret;

	if (!opts_cert_have(&o->cert))
		return 0;
	ret = read_passphrase(o, &pw, false);
	if (ret)
		goto out;
	ret = load(s, &pw, why, sizeof(why));
	if (ret == -ENOKEY && !source) {
		/* An encrypted key and no source named: ask, as for the password. */
		ret = read_passphrase(o, &pw, true);
		if (ret)
			goto out;
		ret = load(s, &pw, why, sizeof(why));
	}
	if (ret)
		log_fail(o->cert.pkcs12_file ? "--pkcs12" : "--cert", "%s", why);
out:
	secret_free(&pw);
	if (!ret)
		log_debug("eap-tls: client certificate loaded from \"%s\"",
			  o->cert.pkcs12_file ? o->cert.pkcs12_file : o->cert.cert_file);
	return !ret ? 0 : ret == -EKEYREJECTED ? SX_EXIT_AUTH : SX_EXIT_USAGE;
}

void eapcert_ppp_cfg(struct session *s, struct ppp_link_cfg *pcfg)
{
	const struct opts *o = s->o;
	bool pw = eapcert_needs_password(o);

	if (!s->eaptls)
		return;
	pcfg->tls = eaptls_engine(s->eaptls);
	if (o->auth_methods) {
		if (o->auth_methods & OPTS_AUTH_EAP_TLS)
			pcfg->eap_methods |= EAP_ALLOW_TLS;
		return;
	}
	/* The default with a certificate: EAP-TLS first (LCP takes EAP at once), and MS-CHAPv2,
	 * EAP-MSCHAPv2 and PEAP (over this same engine) besides only when a password was given. */
	pcfg->eap_methods = EAP_ALLOW_TLS | (pw ? EAP_ALLOW_MSCHAPV2 | EAP_ALLOW_PEAP : 0);
	pcfg->no_mschapv2 = !pw;
	pcfg->prefer_eap = true;
}

void eapcert_free(struct session *s)
{
	eaptls_free(s->eaptls);
	s->eaptls = NULL;
}
