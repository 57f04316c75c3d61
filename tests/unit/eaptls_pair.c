// SPDX-License-Identifier: MIT
/* The in-memory TLS-in-EAP test rig: certificates, a TLS engine pair, an EAP pair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/eaptls_pair.h"

static char certs_dir[64];

const char *certs_path(const char *name)
{
	static char buf[8][160];
	static int n;
	char *p = buf[n++ % 8];

	snprintf(p, sizeof(buf[0]), "%s/%s", certs_dir, name);
	return p;
}

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

int certs_setup(void **state)
{
	char cmd[256];
	FILE *f;

	(void)state;
	strcpy(certs_dir, "/tmp/test_eaptls.XXXXXX");
	if (!mkdtemp(certs_dir))
		return -1;
	f = fopen(certs_path("gen.sh"), "w");
	if (!f)
		return -1;
	fputs(gen_script, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "sh '%s/gen.sh' '%s'", certs_dir, certs_dir);
	return system(cmd) ? -1 : 0;
}

int certs_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", certs_dir);
	return system(cmd) ? -1 : 0;
}

void eaptls_pair_new(struct eaptls_pair *t, const struct eaptls_cfg *cc,
		     const struct eaptls_cfg *sc)
{
	char why[256] = "";

	assert_int_equal(eaptls_new(&t->c, cc, why, sizeof(why)), 0);
	assert_int_equal(eaptls_new(&t->s, sc, why, sizeof(why)), 0);
	t->ce = eaptls_engine(t->c);
	t->se = eaptls_engine(t->s);
}

void eaptls_pair_free(struct eaptls_pair *t)
{
	eaptls_free(t->c);
	eaptls_free(t->s);
}

static void side_init(struct eap_pair_side *s, sx_rand_fn *rand)
{
	assert_int_equal(pkt_pool_init(&s->pool, 8, 2048), 0);
	s->ctx = (struct ppp_ctx){ .pool = &s->pool, .headroom = 4, .rand = { .fn = rand } };
}

static void side_free(struct eap_pair_side *s)
{
	pkt_q_drain(&s->ctx.txq, &s->pool);
	pkt_pool_destroy(&s->pool);
}

void eap_pair_new(struct eap_pair *r, const struct eaptls_cfg *cc, const struct eaptls_cfg *sc,
		  sx_rand_fn *rand)
{
	memset(r, 0, sizeof(*r));
	side_init(&r->p, rand);
	side_init(&r->a, rand);
	eaptls_pair_new(&r->tls, cc, sc);
}

void eap_pair_free(struct eap_pair *r)
{
	eap_destroy(&r->eap);
	eap_auth_destroy(&r->auth);
	eaptls_pair_free(&r->tls);
	side_free(&r->p);
	side_free(&r->a);
}

/* Moves one frame from one side to the other object; false when none was queued. */
static bool move(struct eap_pair *r, bool to_peer)
{
	struct eap_pair_side *from = to_peer ? &r->a : &r->p;
	struct pkt *p = pkt_q_pop(&from->ctx.txq);
	uint8_t buf[2048];
	size_t n;

	if (!p)
		return false;
	n = p->len - 4;
	assert_true(n <= sizeof(buf));
	memcpy(buf, pkt_data(p) + 4, n);	/* FF 03 C2 27 */
	pkt_pool_ret(&from->pool, p);
	/* SoftEther 5.01: an EAP-TLS ACK Request is 5 octets, with no Flags octet. */
	if (to_peer && r->flagless_acks && n == 6 && buf[0] == EAP_REQUEST &&
	    buf[4] == EAP_TYPE_TLS && buf[5] == 0) {
		n = 5;
		buf[3] = 5;
	}
	if (to_peer)
		eap_input(&r->eap, buf, n, 0);
	else
		eap_auth_input(&r->auth, buf, n, 0);
	return true;
}

void eap_pair_pump(struct eap_pair *r)
{
	for (int i = 0; i < 2000; i++) {
		bool moved = move(r, true);

		moved |= move(r, false);
		if (!moved)
			return;
	}
	fail_msg("the exchange does not settle");
}
