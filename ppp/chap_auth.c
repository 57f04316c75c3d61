// SPDX-License-Identifier: MIT
/* MS-CHAPv2 authenticator role (RFC 2759, RFC 1994): Challenge, Response checked, Success/Failure. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "ppp/chap_auth.h"
#include "ppp/wire.h"

#define MSCHAPV2_RESPONSE_VALUE_LEN 49	/* RFC 2759 4: peer challenge 16, reserved 8, NT 24, flags 1 */

int chap_auth_init(struct chap_auth *a, struct ppp_ctx *ctx, const struct chap_auth_cfg *cfg)
{
	size_t n = cfg->name ? strlen(cfg->name) : 0;

	*a = (struct chap_auth){
		.ctx = ctx,
		.lookup = cfg->lookup,
		.lookup_ctx = cfg->lookup_ctx,
		.fault = cfg->fault,
		.fail_code = cfg->fail_code,
		.id = cfg->id,
		.restart_ms = cfg->restart_ms ? cfg->restart_ms : CHAP_AUTH_RESTART_MS,
		.max_challenges = cfg->max_challenges ? cfg->max_challenges
						      : CHAP_AUTH_MAX_CHALLENGES,
	};
	if (!cfg->lookup || n > CHAP_USER_MAX)
		return -EINVAL;
	if (cfg->fault == CHAP_AUTH_FAULT_FAIL && (cfg->fail_code < 1 || cfg->fail_code > 99999))
		return -EINVAL;
	if (n)
		memcpy(a->name, cfg->name, n + 1);
	memcpy(a->challenge, cfg->challenge, 16);
	return 0;
}

/* Copies untrusted text for logs: printable ASCII only, NUL-terminated. */
static void chap_auth_text(const uint8_t *src, size_t len, char *dst, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < cap; i++)
		dst[n++] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[n] = '\0';
}

static int chap_auth_send_challenge(struct chap_auth *a, uint64_t now)
{
	uint8_t buf[1 + 16 + CHAP_USER_MAX];
	struct wire_w w = wire_w_init(buf, sizeof(buf));
	int ret;

	/* RFC 2759 3: Value-Size 16, the challenge, then the authenticator's Name. */
	wire_put_u8(&w, 16);
	wire_put_bytes(&w, a->challenge, 16);
	wire_put_bytes(&w, a->name, strlen(a->name));
	/* RFC 1994 4.1: a retransmission keeps the Identifier and the value. */
	ret = ppp_send_cp(a->ctx, PPP_CHAP, CHAP_CHALLENGE, a->id, buf, w.off);
	a->sent++;
	a->deadline = now + a->restart_ms;
	if (!ret)
		sx_logf(&a->ctx->log, SX_LOG_DEBUG, "chap: sent Challenge id=%u name=\"%s\"", a->id,
			a->name);
	return ret;
}

int chap_auth_start(struct chap_auth *a, uint64_t now)
{
	a->sent = 0;
	return chap_auth_send_challenge(a, now);
}

static int chap_auth_send_answer(struct chap_auth *a)
{
	int ret;

	if (a->fault == CHAP_AUTH_FAULT_SILENT) {
		sx_logf(&a->ctx->log, SX_LOG_DEBUG, "chap: fault: not answering Response id=%u",
			a->id);
		return 0;
	}
	ret = ppp_send_cp(a->ctx, PPP_CHAP, a->answer_code, a->id, (const uint8_t *)a->answer,
			  strlen(a->answer));
	if (!ret)
		sx_logf(&a->ctx->log, SX_LOG_DEBUG, "chap: sent %s id=%u \"%s\"",
			a->answer_code == CHAP_SUCCESS ? "Success" : "Failure", a->id, a->answer);
	return ret;
}

/* RFC 2759 6: "E=eeeeeeeeee R=r C=cccc... V=vvvvvvvvvv M=<msg>"; R=0: no retry is offered. */
static int chap_auth_failure(struct chap_auth *a, int code, const char *why)
{
	uint8_t next[16];
	char hex[33];
	int ret;

	/* The C= challenge is the one a retry would use; it is fresh randomness from the ctx. */
	ret = sx_random(&a->ctx->rand, next, sizeof(next));
	if (ret)
		return ret;
	auth_hex(hex, next, sizeof(next), true);
	hex[2 * sizeof(next)] = '\0';
	snprintf(a->answer, sizeof(a->answer), "E=%d R=0 C=%s V=3 M=Authentication failure", code,
		 hex);
	a->answer_code = CHAP_FAILURE;
	a->answered = true;
	a->result = CHAP_RESULT_FAILURE;
	a->reason = SX_REASON_AUTH_FAILED;
	a->error = code;
	snprintf(a->message, sizeof(a->message), "%s (sent E=%d)", why, code);
	sx_logf(&a->ctx->log, SX_LOG_DEBUG, "chap: Response id=%u rejected: %s", a->id, why);
	return chap_auth_send_answer(a);
}

static int chap_auth_success(struct chap_auth *a, const uint8_t nt_response[static 24],
			     const uint8_t peer_challenge[static 16], const char *base)
{
	char s[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
	int ret;

	ret = mschapv2_auth_response(a->nt_hash, nt_response, peer_challenge, a->challenge, base,
				     s);
	if (ret)
		return ret;
	s[MSCHAPV2_AUTH_RESPONSE_LEN] = '\0';
	/* Fault: a valid-looking but wrong S= (the last digit changed), which the peer must catch. */
	if (a->fault == CHAP_AUTH_FAULT_WRONG_S)
		s[MSCHAPV2_AUTH_RESPONSE_LEN - 1] = s[MSCHAPV2_AUTH_RESPONSE_LEN - 1] == '0' ? '1' : '0';
	ret = mppe_client_keys(a->nt_hash, nt_response, a->send_key, a->recv_key);
	if (ret)
		return ret;
	/* RFC 2759 5: "S=<auth_string> M=<message>". */
	snprintf(a->answer, sizeof(a->answer), "%s M=Access granted", s);
	explicit_bzero(s, sizeof(s));
	a->answer_code = CHAP_SUCCESS;
	a->answered = true;
	a->result = CHAP_RESULT_SUCCESS;
	return chap_auth_send_answer(a);
}

/* The name as sent first, then its part after the last '\' (RFC 2759 4: only that is hashed). */
static bool chap_auth_find(struct chap_auth *a, const char *base)
{
	if (a->lookup(a->lookup_ctx, a->user, a->nt_hash))
		return true;
	return base != a->user && a->lookup(a->lookup_ctx, base, a->nt_hash);
}

static int chap_auth_check(struct chap_auth *a, const uint8_t *v, const uint8_t *name,
			   size_t name_len)
{
	uint8_t expect[24];
	const char *base;
	bool found = false, flags_ok;
	int ret, match;

	/* RFC 2759 4: the 8 reserved octets and the Flags octet MUST be zero; strict: refuse. */
	flags_ok = !memcmp(v + 16, (const uint8_t[8]){ 0 }, 8) && v[48] == 0;
	if (name_len <= CHAP_USER_MAX && !memchr(name, '\0', name_len)) {
		memcpy(a->user, name, name_len);
		a->user[name_len] = '\0';
		found = chap_auth_find(a, mschapv2_user_base(a->user));
	}
	if (!found)
		memset(a->nt_hash, 0, sizeof(a->nt_hash));
	base = mschapv2_user_base(a->user);
	/* Computed for unknown users too, so both failures take the same time. */
	ret = mschapv2_nt_response(a->challenge, v, base, a->nt_hash, expect);
	if (ret)
		goto out;
	match = auth_memcmp_ct(expect, v + 24, 24);
	if (a->fault == CHAP_AUTH_FAULT_FAIL)
		ret = chap_auth_failure(a, a->fail_code, "fault knob: failing on purpose");
	else if (!found)
		ret = chap_auth_failure(a, 691, "unknown user");
	else if (!flags_ok)
		ret = chap_auth_failure(a, 691, "reserved octets or flags not zero");
	else if (match)
		ret = chap_auth_failure(a, 691, "wrong NT-Response (bad password)");
	else
		ret = chap_auth_success(a, v + 24, v, base);
out:
	explicit_bzero(expect, sizeof(expect));
	return ret;
}

static int chap_auth_response(struct chap_auth *a, uint8_t id, const uint8_t *d, size_t dlen)
{
	char name[64];

	/* RFC 2759 4: Value-Size 49; a Response of any other shape is malformed. */
	if (dlen < 1 + MSCHAPV2_RESPONSE_VALUE_LEN || d[0] != MSCHAPV2_RESPONSE_VALUE_LEN)
		return -EBADMSG;
	chap_auth_text(d + 50, dlen - 50, name, sizeof(name));
	sx_logf(&a->ctx->log, SX_LOG_DEBUG, "chap: rcvd Response id=%u name=\"%s\"", id, name);
	if (id != a->id || !a->sent)
		return -EPROTO;
	/* RFC 1994 4.1/4.2: a repeated Response (our answer was lost) gets the same answer. */
	if (a->answered)
		return chap_auth_send_answer(a);
	if (a->result != CHAP_RESULT_PENDING)
		return -EPROTO;
	a->deadline = 0;
	if (a->fault == CHAP_AUTH_FAULT_SILENT) {
		a->answered = true;
		return chap_auth_send_answer(a);
	}
	return chap_auth_check(a, d + 1, d + 50, dlen - 50);
}

int chap_auth_input(struct chap_auth *a, const uint8_t *info, size_t len, uint64_t now)
{
	uint16_t plen;

	(void)now;
	if (len < CP_HDRLEN)
		return -EBADMSG;
	/* RFC 1994 4: octets past the Length field are padding. */
	plen = wire_be16(info + 2);
	if (plen < CP_HDRLEN || plen > len)
		return -EBADMSG;
	if (info[0] != CHAP_RESPONSE)
		return info[0] >= CHAP_CHALLENGE && info[0] <= CHAP_FAILURE ? -EPROTO : -EBADMSG;
	return chap_auth_response(a, info[1], info + CP_HDRLEN, plen - CP_HDRLEN);
}

void chap_auth_tick(struct chap_auth *a, uint64_t now)
{
	if (!a->deadline || now < a->deadline || a->result != CHAP_RESULT_PENDING)
		return;
	if (a->sent >= a->max_challenges) {
		sx_logf(&a->ctx->log, SX_LOG_DEBUG, "chap: no Response to %u Challenges", a->sent);
		a->deadline = 0;
		a->result = CHAP_RESULT_FAILURE;
		a->reason = SX_REASON_PEER_SILENT;
		snprintf(a->message, sizeof(a->message), "no Response to %u Challenges", a->sent);
		return;
	}
	/* A full pool only delays the retransmission to the next deadline. */
	chap_auth_send_challenge(a, now);
}

uint64_t chap_auth_next_deadline(const struct chap_auth *a)
{
	return a->deadline;
}

enum chap_result chap_auth_result(const struct chap_auth *a)
{
	return a->result;
}

const char *chap_auth_user(const struct chap_auth *a)
{
	return a->user;
}

int chap_auth_keys(const struct chap_auth *a, uint8_t send_key[static 16],
		   uint8_t recv_key[static 16])
{
	if (a->result != CHAP_RESULT_SUCCESS)
		return -EPROTO;
	/* RFC 3079 3.3: the server sends with the client's receive key and vice versa. */
	memcpy(send_key, a->recv_key, 16);
	memcpy(recv_key, a->send_key, 16);
	return 0;
}

int chap_auth_hlak(const struct chap_auth *a, uint8_t hlak[static 32])
{
	if (a->result != CHAP_RESULT_SUCCESS)
		return -EPROTO;
	cbind_hlak_mschapv2(a->send_key, a->recv_key, hlak);
	return 0;
}

enum sx_reason chap_auth_reason(const struct chap_auth *a)
{
	return a->result == CHAP_RESULT_FAILURE ? a->reason : SX_REASON_NONE;
}

int chap_auth_error(const struct chap_auth *a)
{
	return a->error;
}

const char *chap_auth_message(const struct chap_auth *a)
{
	return a->message;
}

void chap_auth_destroy(struct chap_auth *a)
{
	explicit_bzero(a, sizeof(*a));
}
