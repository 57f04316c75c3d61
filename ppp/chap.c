// SPDX-License-Identifier: MIT
/* MS-CHAPv2 peer role (RFC 2759, RFC 1994): Challenge -> Response, Success checked, Failure decoded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "ppp/chap.h"
#include "ppp/wire.h"

#define MSCHAPV2_RESPONSE_VALUE_LEN 49	/* RFC 2759 4: peer challenge 16, reserved 8, NT 24, flags 1 */

int chap_init(struct chap *c, struct ppp_ctx *ctx, const char *user,
	      const uint8_t nt_hash[static 16])
{
	size_t n = user ? strlen(user) : 0;

	*c = (struct chap){ .ctx = ctx };
	if (!n || n > CHAP_USER_MAX)
		return -EINVAL;
	memcpy(c->user, user, n + 1);
	memcpy(c->nt_hash, nt_hash, 16);
	return 0;
}

/* RFC 1994 4: code, identifier, length; octets past the length are padding. */
static int chap_split(const uint8_t *info, size_t len, uint8_t *code, uint8_t *id,
		      const uint8_t **data, size_t *dlen)
{
	uint16_t plen;

	if (len < CP_HDRLEN)
		return -EBADMSG;
	plen = wire_be16(info + 2);
	if (plen < CP_HDRLEN || plen > len)
		return -EBADMSG;
	*code = info[0];
	*id = info[1];
	*data = info + CP_HDRLEN;
	*dlen = plen - CP_HDRLEN;
	return 0;
}

/* Copies untrusted text for logs and messages: printable ASCII only, NUL-terminated. */
static void chap_text(const uint8_t *src, size_t len, char *dst, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < cap; i++)
		dst[n++] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[n] = '\0';
}

static int chap_send_response(struct chap *c)
{
	uint8_t buf[1 + MSCHAPV2_RESPONSE_VALUE_LEN + CHAP_USER_MAX];
	struct wire_w w = wire_w_init(buf, sizeof(buf));
	int ret;

	wire_put_u8(&w, MSCHAPV2_RESPONSE_VALUE_LEN);
	wire_put_bytes(&w, c->peer_challenge, 16);
	wire_put_bytes(&w, (const uint8_t[8]){ 0 }, 8);
	wire_put_bytes(&w, c->nt_response, 24);
	wire_put_u8(&w, 0);	/* flags: reserved, zero */
	/* RFC 2759 4: the Name field carries the full name; only the hash strips DOMAIN\. */
	wire_put_bytes(&w, c->user, strlen(c->user));
	ret = ppp_send_cp(c->ctx, PPP_CHAP, CHAP_RESPONSE, c->id, buf, w.off);
	explicit_bzero(buf, sizeof(buf));
	if (!ret)
		sx_logf(&c->ctx->log, SX_LOG_DEBUG, "chap: sent Response id=%u name=\"%s\"", c->id,
			c->user);
	return ret;
}

static int chap_challenge(struct chap *c, uint8_t id, const uint8_t *d, size_t dlen)
{
	char name[64];
	int ret;

	/* RFC 2759 3: the Challenge value is 16 octets. */
	if (dlen < 1 || d[0] != 16 || dlen < 17)
		return -EBADMSG;
	chap_text(d + 17, dlen - 17, name, sizeof(name));
	sx_logf(&c->ctx->log, SX_LOG_DEBUG, "chap: rcvd Challenge id=%u name=\"%s\"", id, name);
	if (c->result != CHAP_RESULT_PENDING)
		return -EPROTO;
	/* RFC 1994 4.1: a retransmitted Challenge gets the same Response again. */
	if (c->responded && id == c->id && !memcmp(d + 1, c->auth_challenge, 16))
		return chap_send_response(c);
	memcpy(c->auth_challenge, d + 1, 16);
	c->id = id;
	c->responded = false;
	ret = sx_random(&c->ctx->rand, c->peer_challenge, 16);
	if (ret)
		return ret;
	ret = mschapv2_nt_response(c->auth_challenge, c->peer_challenge,
				   mschapv2_user_base(c->user), c->nt_hash, c->nt_response);
	if (ret)
		return ret;
	c->responded = true;
	return chap_send_response(c);
}

static void chap_fail(struct chap *c, enum sx_reason reason, int error, const char *msg)
{
	c->result = CHAP_RESULT_FAILURE;
	c->reason = reason;
	c->error = error;
	snprintf(c->message, sizeof(c->message), "%s", msg);
}

static int chap_success(struct chap *c, const uint8_t *d, size_t dlen)
{
	int ret;

	/* RFC 2759 5 / 8.8: the peer must check S= and end the link if it does not match. */
	ret = mschapv2_auth_check(c->nt_hash, c->nt_response, c->peer_challenge, c->auth_challenge,
				  mschapv2_user_base(c->user), (const char *)d, dlen);
	if (ret) {
		sx_logf(&c->ctx->log, SX_LOG_WARN, "chap: rcvd Success id=%u with a wrong S=", c->id);
		chap_fail(c, SX_REASON_AUTH_UNVERIFIED, 0,
			  ret == -EBADMSG ? "Success without a valid S= authenticator response"
					  : "server's authenticator response does not match");
		return 0;
	}
	ret = mppe_client_keys(c->nt_hash, c->nt_response, c->send_key, c->recv_key);
	if (ret)
		return ret;
	c->result = CHAP_RESULT_SUCCESS;
	sx_logf(&c->ctx->log, SX_LOG_DEBUG, "chap: rcvd Success id=%u (authenticator verified)", c->id);
	return 0;
}

/* Finds "KEY" at the start of the text or after a space (RFC 2759 6: "E=... R=... M=..."). */
static const char *chap_field(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = text; (p = strstr(p, key)); p++)
		if (p == text || p[-1] == ' ')
			return p + klen;
	return NULL;
}

const char *chap_error_str(int code)
{
	/* RFC 2759 6. */
	switch (code) {
	case 646: return "restricted logon hours";
	case 647: return "account disabled";
	case 648: return "password expired";
	case 649: return "no dial-in permission";
	case 691: return "bad user name or password";
	case 709: return "error changing password";
	}
	return NULL;
}

static void chap_failure(struct chap *c, const uint8_t *d, size_t dlen)
{
	char text[256], msg[CHAP_MSG_MAX], srv[64] = "";
	const char *v, *what;
	int code = 0;

	chap_text(d, dlen, text, sizeof(text));
	/* M= comes last and may contain anything, "E=" included: read the other fields before it. */
	v = chap_field(text, "M=");
	if (v) {
		snprintf(srv, sizeof(srv), "%s", v);
		text[v - 2 - text] = '\0';
	}
	v = chap_field(text, "E=");
	if (v && *v >= '0' && *v <= '9') {
		long e = strtol(v, NULL, 10);

		code = e > 99999 ? 99999 : (int)e;
	}
	v = chap_field(text, "R=");
	c->retry = v && *v == '1';
	what = chap_error_str(code);
	if (!code)
		snprintf(msg, sizeof(msg), "Failure without an E= code%s%s", *srv ? ": " : "", srv);
	else if (what)
		snprintf(msg, sizeof(msg), "%s (E=%d)%s%s", what, code, *srv ? ": " : "", srv);
	else
		snprintf(msg, sizeof(msg), "error %d%s%s", code, *srv ? ": " : "", srv);
	sx_logf(&c->ctx->log, SX_LOG_DEBUG, "chap: rcvd Failure id=%u \"%s\" M=\"%s\"", c->id, text,
		srv);
	/* RFC 2759 6: R=1 would allow a retry with a new password; we have none, failure is final. */
	chap_fail(c, SX_REASON_AUTH_FAILED, code, msg);
}

int chap_input(struct chap *c, const uint8_t *info, size_t len, uint64_t now)
{
	const uint8_t *d;
	size_t dlen;
	uint8_t code, id;
	int ret;

	(void)now;
	ret = chap_split(info, len, &code, &id, &d, &dlen);
	if (ret)
		return ret;
	if (code == CHAP_CHALLENGE)
		return chap_challenge(c, id, d, dlen);
	if (code != CHAP_SUCCESS && code != CHAP_FAILURE)
		return -EBADMSG;
	/* RFC 1994 4.2: Success and Failure carry the identifier of the Response they answer. */
	if (!c->responded || id != c->id || c->result != CHAP_RESULT_PENDING)
		return -EPROTO;
	if (code == CHAP_SUCCESS)
		return chap_success(c, d, dlen);
	chap_failure(c, d, dlen);
	return 0;
}

enum chap_result chap_result(const struct chap *c)
{
	return c->result;
}

int chap_keys(const struct chap *c, uint8_t send_key[static 16], uint8_t recv_key[static 16])
{
	if (c->result != CHAP_RESULT_SUCCESS)
		return -EPROTO;
	memcpy(send_key, c->send_key, 16);
	memcpy(recv_key, c->recv_key, 16);
	return 0;
}

enum sx_reason chap_reason(const struct chap *c)
{
	return c->result == CHAP_RESULT_FAILURE ? c->reason : SX_REASON_NONE;
}

int chap_error(const struct chap *c)
{
	return c->error;
}

const char *chap_message(const struct chap *c)
{
	return c->message;
}

void chap_destroy(struct chap *c)
{
	explicit_bzero(c, sizeof(*c));
}
