// SPDX-License-Identifier: MIT
/*
 * Test certificates for the TLS-in-EAP tests, made with the openssl command in a temporary
 * directory: a CA (EC) and another CA, a server (EC; eap.test and 10.9.8.7), a client (RSA) with a
 * plain, an encrypted (passphrase s3cret) and a PKCS#12 key, and a client from the other CA.
 */
#ifndef SX_TESTS_EAPTLS_CERTS_H
#define SX_TESTS_EAPTLS_CERTS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char certs_dir[64];

static inline const char *path(const char *name)
{
	static char buf[8][160];
	static int n;
	char *p = buf[n++ % 8];

	snprintf(p, sizeof(buf[0]), "%s/%s", certs_dir, name);
	return p;
}

/* CA (EC), server (EC, eap.test and 10.9.8.7), client (RSA) with a plain, an encrypted and a
 * PKCS#12 key, and a client from another CA. */
static const char gen_script[] =
	"set -e; cd \"$1\"; exec >gen.log 2>&1\n"
	"ossl() { openssl \"$@\"; }\n"
	"ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem"
	" -days 30 -subj /CN=eap-test-ca\n"
	"ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca2.key"
	" -out ca2.pem -days 30 -subj /CN=other-ca\n"
	"printf 'subjectAltName=DNS:eap.test,IP:10.9.8.7\\n' > srv.ext\n"
	"printf 'extendedKeyUsage=clientAuth\\n' > cli.ext\n"
	"ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key -out srv.csr"
	" -subj /CN=eap.test\n"
	"ossl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 30"
	" -extfile srv.ext\n"
	"ossl req -newkey rsa:2048 -nodes -keyout cli.key -out cli.csr -subj /CN=alice\n"
	"ossl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cli.pem -days 30"
	" -extfile cli.ext\n"
	"ossl pkey -in cli.key -aes256 -passout pass:s3cret -out cli-enc.key\n"
	"ossl pkcs12 -export -inkey cli.key -in cli.pem -certfile ca.pem -passout pass:s3cret"
	" -out cli.p12\n"
	"ossl req -newkey rsa:2048 -nodes -keyout bad.key -out bad.csr -subj /CN=mallory\n"
	"ossl x509 -req -in bad.csr -CA ca2.pem -CAkey ca2.key -CAcreateserial -out bad.pem"
	" -days 30\n";

/* Makes the certificates; 0 or -1. */
static inline int certs_make(void)
{
	char cmd[256];
	FILE *f;

	strcpy(certs_dir, "/tmp/test_eaptls.XXXXXX");
	if (!mkdtemp(certs_dir))
		return -1;
	f = fopen(path("gen.sh"), "w");
	if (!f)
		return -1;
	fputs(gen_script, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sh '%s/gen.sh' '%s'", certs_dir, certs_dir);
	return system(cmd) ? -1 : 0;
}

static inline int certs_remove(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", certs_dir);
	return system(cmd) ? -1 : 0;
}

#endif
