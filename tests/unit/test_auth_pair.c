// SPDX-License-Identifier: MIT
/*
 * The peer-role CHAP, PAP and EAP objects (ppp/chap.c, ppp/pap.c, ppp/eap.c) wired back to back in
 * memory with the authenticator objects (ppp/chap_auth.c, ppp/pap_auth.c, ppp/eap_auth.c): two
 * ppp_ctx, frames popped from one queue, parsed with ppp_frame_parse and fed to the other, on a
 * virtual clock.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "auth/auth.h"
#include "ppp/chap.h"
#include "ppp/chap_auth.h"
#include "ppp/eap.h"
#include "ppp/eap_auth.h"
#include "ppp/pap.h"
#include "ppp/pap_auth.h"

/* "pässwörd€": two 2-byte and one 3-byte UTF-8 sequence. */
#define UTF8_PASSWORD "p\xc3\xa4sswo\xcc\x88rd\xe2\x82\xac"

struct user {
	const char *name;
	const char *password;
};

static const struct user users[] = {
	{ "alice", "correct horse" },
	{ "bob", UTF8_PASSWORD },
};

static const struct user *find_user(const char *name)
{
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (!strcmp(users[i].name, name))
			return &users[i];
	return NULL;
}

static bool chap_lookup(void *ctx, const char *name, uint8_t nt_hash[static 16])
{
	const struct user *u = find_user(name);

	(void)ctx;
	if (!u)
		return false;
	assert_int_equal(mschapv2_nt_hash(u->password, strlen(u->password), nt_hash), 0);
	return true;
}

static bool pap_lookup(void *ctx, const char *name, uint8_t password[static PAP_FIELD_MAX],
		       size_t *password_len)
{
	const struct user *u = find_user(name);

	(void)ctx;
	if (!u)
		return false;
	*password_len = strlen(u->password);
	memcpy(password, u->password, *password_len);
	return true;
}

static int counter_rand(void *ctx, uint8_t *buf, size_t len)
{
	uint8_t *n = ctx;

	for (size_t i = 0; i < len; i++)
		buf[i] = (*n)++;
	return 0;
}

struct pair {
	struct pkt_pool pool;
	uint8_t seed[2];
	struct ppp_ctx peer_ctx, auth_ctx;
	struct chap chap;
	struct chap_auth chap_auth;
	struct pap pap;
	struct pap_auth pap_auth;
	struct eap eap;
	struct eap_auth eap_auth;
	uint16_t proto;		/* PPP_CHAP, PPP_PAP or PPP_EAP */
	unsigned frames[2];	/* frames delivered to the peer, to the authenticator */
	unsigned drop_to_peer;	/* drop this many frames on their way to the peer */
	unsigned drop_to_auth;
};

static struct pair *pair_new(uint16_t proto)
{
	static struct pair pr;

	memset(&pr, 0, sizeof(pr));
	assert_int_equal(pkt_pool_init(&pr.pool, 8, 512), 0);
	pr.seed[0] = 0x10;
	pr.seed[1] = 0x80;
	pr.peer_ctx = (struct ppp_ctx){ .pool = &pr.pool, .headroom = 4,
					.rand = { counter_rand, &pr.seed[0] } };
	pr.auth_ctx = (struct ppp_ctx){ .pool = &pr.pool, .headroom = 4,
					.rand = { counter_rand, &pr.seed[1] } };
	pr.proto = proto;
	return &pr;
}

static struct pair *chap_pair(const char *user, const char *password, enum chap_auth_fault fault,
			      int code)
{
	struct pair *pr = pair_new(PPP_CHAP);
	struct chap_auth_cfg cfg = { .name = "strict", .lookup = chap_lookup, .id = 1,
				     .restart_ms = 1000, .max_challenges = 3, .fault = fault,
				     .fail_code = code };
	uint8_t nt_hash[16];

	memset(cfg.challenge, 0x5a, 16);
	assert_int_equal(mschapv2_nt_hash(password, strlen(password), nt_hash), 0);
	assert_int_equal(chap_init(&pr->chap, &pr->peer_ctx, user, nt_hash), 0);
	assert_int_equal(chap_auth_init(&pr->chap_auth, &pr->auth_ctx, &cfg), 0);
	return pr;
}

static struct pair *pap_pair(const char *user, const char *password)
{
	struct pair *pr = pair_new(PPP_PAP);
	struct pap_auth_cfg cfg = { .lookup = pap_lookup, .wait_ms = 30000 };

	assert_int_equal(pap_init(&pr->pap, &pr->peer_ctx, user, password, strlen(password), 1000,
				  3), 0);
	assert_int_equal(pap_auth_init(&pr->pap_auth, &pr->auth_ctx, &cfg), 0);
	return pr;
}

static void pair_free(struct pair *pr)
{
	chap_destroy(&pr->chap);
	chap_auth_destroy(&pr->chap_auth);
	pap_destroy(&pr->pap);
	pap_auth_destroy(&pr->pap_auth);
	eap_destroy(&pr->eap);
	eap_auth_destroy(&pr->eap_auth);
	pkt_q_drain(&pr->peer_ctx.txq, &pr->pool);
	pkt_q_drain(&pr->auth_ctx.txq, &pr->pool);
	assert_int_equal(pr->pool.nfree, pr->pool.count);
	pkt_pool_destroy(&pr->pool);
}

static int pair_input(struct pair *pr, bool to_peer, const uint8_t *info, size_t len, uint64_t now)
{
	switch (pr->proto) {
	case PPP_PAP:
		return to_peer ? pap_input(&pr->pap, info, len, now)
			       : pap_auth_input(&pr->pap_auth, info, len, now);
	case PPP_EAP:
		return to_peer ? eap_input(&pr->eap, info, len, now)
			       : eap_auth_input(&pr->eap_auth, info, len, now);
	}
	return to_peer ? chap_input(&pr->chap, info, len, now)
		       : chap_auth_input(&pr->chap_auth, info, len, now);
}

/* Moves one frame from `from`'s queue to the other side; false when the queue was empty. */
static bool pair_move(struct pair *pr, bool to_peer, uint64_t now)
{
	struct pkt *p = pkt_q_pop(to_peer ? &pr->auth_ctx.txq : &pr->peer_ctx.txq);
	unsigned *drop = to_peer ? &pr->drop_to_peer : &pr->drop_to_auth;
	const uint8_t *info;
	size_t info_len;
	uint16_t proto;

	if (!p)
		return false;
	assert_int_equal(ppp_frame_parse(pkt_data(p), p->len, &proto, &info, &info_len), 0);
	assert_int_equal(proto, pr->proto);
	if (*drop) {
		(*drop)--;
	} else {
		pr->frames[!to_peer]++;
		assert_int_equal(pair_input(pr, to_peer, info, info_len, now), 0);
	}
	pkt_pool_ret(&pr->pool, p);
	return true;
}

/* Delivers frames both ways until both queues are empty, then ticks both sides at `now`. */
static void pair_run(struct pair *pr, uint64_t now)
{
	while (pair_move(pr, true, now) || pair_move(pr, false, now))
		;
	if (pr->proto == PPP_PAP) {
		pap_tick(&pr->pap, now);
		pap_auth_tick(&pr->pap_auth, now);
	} else if (pr->proto == PPP_EAP) {
		eap_auth_tick(&pr->eap_auth, now);
	} else {
		chap_auth_tick(&pr->chap_auth, now);
	}
	while (pair_move(pr, true, now) || pair_move(pr, false, now))
		;
}

static void test_chap_success_hlak(void **state)
{
	struct pair *pr = chap_pair("alice", "correct horse", CHAP_AUTH_FAULT_NONE, 0);
	uint8_t psend[16], precv[16], ssend[16], srecv[16], nt_hash[16];
	uint8_t csend[16], crecv[16], phlak[32], shlak[32], want[32];

	(void)state;
	assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(pr->frames[0], 2);	/* Challenge, Success */
	assert_int_equal(pr->frames[1], 1);	/* Response */
	assert_int_equal(chap_result(&pr->chap), CHAP_RESULT_SUCCESS);
	assert_int_equal(chap_auth_result(&pr->chap_auth), CHAP_RESULT_SUCCESS);
	assert_string_equal(chap_auth_user(&pr->chap_auth), "alice");
	/* MS-SSTP 3.2.5.2: both ends take the client's MasterSendKey | MasterReceiveKey. */
	assert_int_equal(chap_keys(&pr->chap, psend, precv), 0);
	cbind_hlak_mschapv2(psend, precv, phlak);
	assert_int_equal(chap_auth_hlak(&pr->chap_auth, shlak), 0);
	assert_memory_equal(phlak, shlak, 32);
	assert_int_equal(mschapv2_nt_hash("correct horse", 13, nt_hash), 0);
	assert_int_equal(mppe_client_keys(nt_hash, pr->chap.nt_response, csend, crecv), 0);
	cbind_hlak_mschapv2(csend, crecv, want);
	assert_memory_equal(shlak, want, 32);
	/* RFC 3079 3.3: each side's send key is the other's receive key. */
	assert_int_equal(chap_auth_keys(&pr->chap_auth, ssend, srecv), 0);
	assert_memory_equal(ssend, precv, 16);
	assert_memory_equal(srecv, psend, 16);
	pair_free(pr);
}

static void test_chap_wrong_password(void **state)
{
	struct pair *pr = chap_pair("alice", "wrong horse", CHAP_AUTH_FAULT_NONE, 0);

	(void)state;
	assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(chap_result(&pr->chap), CHAP_RESULT_FAILURE);
	assert_int_equal(chap_reason(&pr->chap), SX_REASON_AUTH_FAILED);
	assert_int_equal(chap_error(&pr->chap), 691);
	assert_false(pr->chap.retry);	/* R=0 */
	assert_non_null(strstr(chap_message(&pr->chap), "E=691"));
	assert_non_null(strstr(chap_message(&pr->chap), "Authentication failure"));
	assert_int_equal(chap_auth_result(&pr->chap_auth), CHAP_RESULT_FAILURE);
	assert_int_equal(chap_auth_error(&pr->chap_auth), 691);
	pair_free(pr);

	pr = chap_pair("mallory", "correct horse", CHAP_AUTH_FAULT_NONE, 0);
	assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(chap_error(&pr->chap), 691);
	pair_free(pr);
}

/* The authenticator's wrong-S= knob: RFC 2759 8.8 says the peer must not trust that server. */
static void test_chap_wrong_s(void **state)
{
	struct pair *pr = chap_pair("alice", "correct horse", CHAP_AUTH_FAULT_WRONG_S, 0);

	(void)state;
	assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(chap_auth_result(&pr->chap_auth), CHAP_RESULT_SUCCESS);
	assert_int_equal(chap_result(&pr->chap), CHAP_RESULT_FAILURE);
	assert_int_equal(chap_reason(&pr->chap), SX_REASON_AUTH_UNVERIFIED);
	pair_free(pr);
}

static void test_chap_error_codes(void **state)
{
	static const int codes[] = { 691, 646, 647, 648, 649, 709, 4242 };

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct pair *pr = chap_pair("alice", "correct horse", CHAP_AUTH_FAULT_FAIL,
					    codes[i]);
		const char *what = chap_error_str(codes[i]);

		assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
		pair_run(pr, 0);
		assert_int_equal(chap_result(&pr->chap), CHAP_RESULT_FAILURE);
		assert_int_equal(chap_reason(&pr->chap), SX_REASON_AUTH_FAILED);
		assert_int_equal(chap_error(&pr->chap), codes[i]);
		if (what)
			assert_non_null(strstr(chap_message(&pr->chap), what));
		pair_free(pr);
	}
}

/* A lost Challenge is retransmitted with the same id; a lost Response is covered the same way. */
static void test_chap_lost_frames(void **state)
{
	struct pair *pr = chap_pair("alice", "correct horse", CHAP_AUTH_FAULT_NONE, 0);

	(void)state;
	assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
	pr->drop_to_peer = 1;
	pair_run(pr, 0);
	assert_int_equal(chap_result(&pr->chap), CHAP_RESULT_PENDING);
	assert_int_equal(chap_auth_next_deadline(&pr->chap_auth), 1000);
	pr->drop_to_auth = 1;
	pair_run(pr, 1000);
	assert_int_equal(chap_result(&pr->chap), CHAP_RESULT_PENDING);
	pair_run(pr, 2000);
	assert_int_equal(chap_result(&pr->chap), CHAP_RESULT_SUCCESS);
	assert_int_equal(chap_auth_result(&pr->chap_auth), CHAP_RESULT_SUCCESS);
	pair_free(pr);

	/* A peer that never answers: three Challenges, then PEER_SILENT. */
	pr = chap_pair("alice", "correct horse", CHAP_AUTH_FAULT_NONE, 0);
	assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
	pr->drop_to_peer = 100;
	for (uint64_t t = 0; t <= 3000; t += 500)
		pair_run(pr, t);
	assert_int_equal(chap_auth_result(&pr->chap_auth), CHAP_RESULT_FAILURE);
	assert_int_equal(chap_auth_reason(&pr->chap_auth), SX_REASON_PEER_SILENT);
	assert_int_equal(pr->drop_to_peer, 97);
	pair_free(pr);
}

static void test_chap_utf8_password(void **state)
{
	struct pair *pr = chap_pair("bob", UTF8_PASSWORD, CHAP_AUTH_FAULT_NONE, 0);
	uint8_t a[32], b[32], s[16], r[16];

	(void)state;
	assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(chap_result(&pr->chap), CHAP_RESULT_SUCCESS);
	assert_int_equal(chap_keys(&pr->chap, s, r), 0);
	cbind_hlak_mschapv2(s, r, a);
	assert_int_equal(chap_auth_hlak(&pr->chap_auth, b), 0);
	assert_memory_equal(a, b, 32);
	pair_free(pr);

	/* The same letters composed differently (U+00F6 instead of o + U+0308) are another password. */
	pr = chap_pair("bob", "p\xc3\xa4ssw\xc3\xb6rd\xe2\x82\xac", CHAP_AUTH_FAULT_NONE, 0);
	assert_int_equal(chap_auth_start(&pr->chap_auth, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(chap_error(&pr->chap), 691);
	pair_free(pr);
}

static void test_pap_success_and_nak(void **state)
{
	struct pair *pr = pap_pair("alice", "correct horse");
	uint8_t hlak[32], zero[32] = { 0 };

	(void)state;
	assert_int_equal(pap_auth_start(&pr->pap_auth, 0), 0);
	assert_int_equal(pap_start(&pr->pap, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(pap_result(&pr->pap), PAP_RESULT_SUCCESS);
	assert_string_equal(pap_message(&pr->pap), "Access granted");
	assert_int_equal(pap_auth_result(&pr->pap_auth), PAP_RESULT_SUCCESS);
	assert_int_equal(pap_auth_hlak(&pr->pap_auth, hlak), 0);
	assert_memory_equal(hlak, zero, 32);
	pair_free(pr);

	pr = pap_pair("alice", "wrong horse");
	assert_int_equal(pap_auth_start(&pr->pap_auth, 0), 0);
	assert_int_equal(pap_start(&pr->pap, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(pap_result(&pr->pap), PAP_RESULT_FAILURE);
	assert_int_equal(pap_reason(&pr->pap), SX_REASON_AUTH_FAILED);
	assert_string_equal(pap_message(&pr->pap), "Authentication failure");
	assert_int_equal(pap_auth_result(&pr->pap_auth), PAP_RESULT_FAILURE);
	pair_free(pr);
}

/* A lost Ack: the peer retransmits with a new id and gets the same answer. */
static void test_pap_lost_ack_and_utf8(void **state)
{
	struct pair *pr = pap_pair("bob", UTF8_PASSWORD);

	(void)state;
	assert_int_equal(pap_auth_start(&pr->pap_auth, 0), 0);
	assert_int_equal(pap_start(&pr->pap, 0), 0);
	pr->drop_to_peer = 1;
	pair_run(pr, 0);
	assert_int_equal(pap_result(&pr->pap), PAP_RESULT_PENDING);
	assert_int_equal(pap_auth_result(&pr->pap_auth), PAP_RESULT_SUCCESS);
	pair_run(pr, 1000);
	assert_int_equal(pap_result(&pr->pap), PAP_RESULT_SUCCESS);
	assert_int_equal(pr->frames[1], 2);
	assert_string_equal(pap_auth_user(&pr->pap_auth), "bob");
	pair_free(pr);

	/* One byte of the UTF-8 password different. */
	pr = pap_pair("bob", "p\xc3\xa4sswo\xcc\x88rd\xe2\x82\xad");
	assert_int_equal(pap_auth_start(&pr->pap_auth, 0), 0);
	assert_int_equal(pap_start(&pr->pap, 0), 0);
	pair_run(pr, 0);
	assert_int_equal(pap_result(&pr->pap), PAP_RESULT_FAILURE);
	pair_free(pr);
}

static struct pair *eap_pair(const char *user, const char *password, unsigned allow,
			     enum eap_auth_fault fault, enum chap_auth_fault chap_fault)
{
	struct pair *pr = pair_new(PPP_EAP);
	struct eap_auth_cfg cfg = {
		.chap = { .name = "strict", .lookup = chap_lookup, .id = 1, .fault = chap_fault,
			  .fail_code = 691 },
		.id = 7, .restart_ms = 1000, .max_requests = 3, .fault = fault,
	};
	uint8_t nt_hash[16];

	memset(cfg.chap.challenge, 0x5a, 16);
	assert_int_equal(mschapv2_nt_hash(password, strlen(password), nt_hash), 0);
	assert_int_equal(eap_init(&pr->eap, &pr->peer_ctx, "anonymous", user, nt_hash, allow), 0);
	assert_int_equal(eap_auth_init(&pr->eap_auth, &pr->auth_ctx, &cfg), 0);
	assert_int_equal(eap_auth_start(&pr->eap_auth, 0), 0);
	return pr;
}

/* EAP-MSCHAPv2 end to end: both ends derive the same SSTP HLAK, the MS-CHAPv2 one. */
static void test_eap_mschapv2_success(void **state)
{
	struct pair *pr = eap_pair("alice", "correct horse", EAP_ALLOW_MSCHAPV2, EAP_AUTH_FAULT_NONE,
				   CHAP_AUTH_FAULT_NONE);
	uint8_t msk[EAP_MSK_LEN], phlak[32], shlak[32];

	(void)state;
	pair_run(pr, 0);
	assert_int_equal(pr->frames[0], 4);	/* Identity, Challenge, Success-Request, Success */
	assert_int_equal(pr->frames[1], 3);	/* Identity, Response, Success-Response */
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_auth_result(&pr->eap_auth), EAP_RESULT_SUCCESS);
	assert_string_equal(eap_auth_identity(&pr->eap_auth), "anonymous");
	assert_string_equal(eap_auth_user(&pr->eap_auth), "alice");
	assert_int_equal(eap_msk(&pr->eap, msk), 0);
	cbind_hlak_msk(msk, sizeof(msk), phlak);
	assert_int_equal(eap_auth_hlak(&pr->eap_auth, shlak), 0);
	assert_memory_equal(phlak, shlak, 32);
	pair_free(pr);
}

static void test_eap_wrong_password_and_s(void **state)
{
	struct pair *pr = eap_pair("alice", "wrong horse", EAP_ALLOW_MSCHAPV2, EAP_AUTH_FAULT_NONE,
				   CHAP_AUTH_FAULT_NONE);
	uint8_t hlak[32];

	(void)state;
	pair_run(pr, 0);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_FAILURE);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_FAILED);
	assert_non_null(strstr(eap_message(&pr->eap), "E=691"));
	assert_int_equal(eap_auth_result(&pr->eap_auth), EAP_RESULT_FAILURE);
	assert_int_equal(eap_auth_hlak(&pr->eap_auth, hlak), -EPROTO);
	pair_free(pr);

	/* A server that cannot prove the password: the peer stops; the server gives up later. */
	pr = eap_pair("alice", "correct horse", EAP_ALLOW_MSCHAPV2, EAP_AUTH_FAULT_NONE,
		      CHAP_AUTH_FAULT_WRONG_S);
	pair_run(pr, 0);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_UNVERIFIED);
	pr->drop_to_peer = 100;	/* its link is going down: the resent Requests go nowhere */
	for (uint64_t t = 1000; t <= 4000; t += 1000)
		pair_run(pr, t);
	assert_int_equal(eap_auth_reason(&pr->eap_auth), SX_REASON_PEER_SILENT);
	pair_free(pr);
}

static void test_eap_server_faults(void **state)
{
	struct pair *pr = eap_pair("alice", "correct horse", EAP_ALLOW_MSCHAPV2,
				   EAP_AUTH_FAULT_EARLY_SUCCESS, CHAP_AUTH_FAULT_NONE);

	(void)state;
	pair_run(pr, 0);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_UNVERIFIED);
	pair_free(pr);

	pr = eap_pair("alice", "correct horse", EAP_ALLOW_MSCHAPV2, EAP_AUTH_FAULT_FAILURE,
		      CHAP_AUTH_FAULT_NONE);
	pair_run(pr, 0);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_FAILED);
	pair_free(pr);

	/* The server insists on EAP-TLS, which the peer does not allow: both name the cause. */
	pr = eap_pair("alice", "correct horse", EAP_ALLOW_MSCHAPV2, EAP_AUTH_FAULT_INSIST_TLS,
		      CHAP_AUTH_FAULT_NONE);
	pair_run(pr, 0);
	assert_int_equal(eap_auth_reason(&pr->eap_auth), SX_REASON_AUTH_UNSUPPORTED);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_UNSUPPORTED);
	assert_non_null(strstr(eap_message(&pr->eap), "EAP-TLS"));
	pair_free(pr);

	/* The peer allows no EAP method: it Naks with "none" and the server fails it. */
	pr = eap_pair("alice", "correct horse", 0, EAP_AUTH_FAULT_NONE, CHAP_AUTH_FAULT_NONE);
	pair_run(pr, 0);
	assert_int_equal(eap_auth_reason(&pr->eap_auth), SX_REASON_AUTH_UNSUPPORTED);
	assert_int_equal(eap_reason(&pr->eap), SX_REASON_AUTH_UNSUPPORTED);
	pair_free(pr);
}

/* Lost frames both ways: the authenticator resends with the same Identifier, the peer answers
 * a duplicate again without recomputing, and both still agree. */
static void test_eap_lost_frames(void **state)
{
	struct pair *pr = eap_pair("bob", UTF8_PASSWORD, EAP_ALLOW_MSCHAPV2, EAP_AUTH_FAULT_NONE,
				   CHAP_AUTH_FAULT_NONE);

	(void)state;
	pr->drop_to_auth = 2;	/* the Identity Response and the first MS-CHAPv2 Response */
	for (uint64_t t = 0; t <= 3000 && eap_result(&pr->eap) == EAP_RESULT_PENDING; t += 1000)
		pair_run(pr, t);
	assert_int_equal(eap_result(&pr->eap), EAP_RESULT_SUCCESS);
	assert_int_equal(eap_auth_result(&pr->eap_auth), EAP_RESULT_SUCCESS);
	pair_free(pr);

	/* A peer that never answers: the authenticator gives up after max_requests. */
	pr = eap_pair("bob", UTF8_PASSWORD, EAP_ALLOW_MSCHAPV2, EAP_AUTH_FAULT_NONE,
		      CHAP_AUTH_FAULT_NONE);
	pr->drop_to_auth = 100;
	for (uint64_t t = 0; t <= 5000; t += 1000)
		pair_run(pr, t);
	assert_int_equal(eap_auth_reason(&pr->eap_auth), SX_REASON_PEER_SILENT);
	assert_int_equal(eap_auth_next_deadline(&pr->eap_auth), 0);
	pair_free(pr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chap_success_hlak),
		cmocka_unit_test(test_chap_wrong_password),
		cmocka_unit_test(test_chap_wrong_s),
		cmocka_unit_test(test_chap_error_codes),
		cmocka_unit_test(test_chap_lost_frames),
		cmocka_unit_test(test_chap_utf8_password),
		cmocka_unit_test(test_pap_success_and_nak),
		cmocka_unit_test(test_pap_lost_ack_and_utf8),
		cmocka_unit_test(test_eap_mschapv2_success),
		cmocka_unit_test(test_eap_wrong_password_and_s),
		cmocka_unit_test(test_eap_server_faults),
		cmocka_unit_test(test_eap_lost_frames),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
