// SPDX-License-Identifier: MIT
/* The EAP-TLS options: our certificate and key, the key's passphrase source, the EAP server's trust. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opts_cert.h"

/* A readable regular file, said at once rather than after the TCP connection. */
static const char *readable_file(const char *arg)
{
	struct stat st;
	int fd = open(arg, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return strerror(errno);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return "not a regular file";
	}
	close(fd);
	return NULL;
}

static const char *set_pin(struct opts_cert *c, const char *arg)
{
	if (c->n_eap_pins == OPTS_CERT_MAX_PINS)
		return "too many pins (at most 8)";
	if (pin_parse(arg, &c->eap_pins[c->n_eap_pins]))
		return "not a pin: want sha256/BASE64 (public key) or 64 hex digits (certificate)";
	c->n_eap_pins++;
	return NULL;
}

const char *opts_cert_set(struct opts_cert *c, enum opts_cert_key key, const char *arg)
{
	switch (key) {
	case OPTS_CERT_CERT:
		c->cert_file = arg;
		return readable_file(arg);
	case OPTS_CERT_KEY:
		c->key_file = arg;
		return readable_file(arg);
	case OPTS_CERT_PKCS12:
		c->pkcs12_file = arg;
		return readable_file(arg);
	case OPTS_CERT_KEY_PASSWORD_FILE:
		c->key_password_file = arg;
		return *arg ? NULL : "must not be empty";
	case OPTS_CERT_KEY_PASSWORD_ENV:
		c->key_password_env = arg;
		return *arg ? NULL : "must not be empty";
	case OPTS_CERT_KEY_PASSWORD_COMMAND:
		c->key_password_command = arg;
		return *arg ? NULL : "must not be empty";
	case OPTS_CERT_EAP_CAFILE:
		c->eap_cafile = arg;
		return readable_file(arg);
	case OPTS_CERT_EAP_PIN:
		return set_pin(c, arg);
	case OPTS_CERT_EAP_SERVER_NAME:
		c->eap_server_name = arg;
		return *arg && strlen(arg) < 254 ? NULL : "1 to 253 characters";
	}
	return "unknown option";
}

const char *opts_cert_check(const struct opts_cert *o, bool want_eap_tls, bool insecure,
			    const char **name)
{
	*name = "cert";
	if (o->cert_file && o->pkcs12_file)
		return "use --cert (with --key) or --pkcs12, not both";
	*name = "key";
	if (o->key_file && !o->cert_file)
		return "needs --cert";
	*name = "key-password-file";
	if (!!o->key_password_file + !!o->key_password_env + !!o->key_password_command > 1)
		return "use only one of --key-password-file, --key-password-env, "
		       "--key-password-command";
	if ((o->key_password_file || o->key_password_env || o->key_password_command) &&
	    !opts_cert_have(o))
		return "needs --cert and --key, or --pkcs12";
	*name = "auth";
	if (want_eap_tls && !opts_cert_have(o))
		return "eap-tls needs a certificate: --cert FILE (and --key FILE) or --pkcs12 FILE";
	*name = "eap-pin";
	if (insecure && o->n_eap_pins)
		return "cannot be combined with --insecure";
	return NULL;
}
