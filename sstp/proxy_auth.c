// SPDX-License-Identifier: MIT
/* Proxy authentication for CONNECT: Proxy-Authenticate parsing, the scheme choice, Basic and Digest. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "sstp/proxy_auth.h"
#include "sstp/proxy_b64.h"
#include "sstp/proxy_ntlm.h"

/* Strongest first: the order the scheme is chosen in (NTLM > Digest SHA-256 > MD5 > Basic). */
static const struct {
	unsigned bit;
	const char *name;
} schemes[] = {
	{ PROXY_AUTH_NTLM, "NTLM" },
	{ PROXY_AUTH_DIGEST_SHA256, "Digest SHA-256" },
	{ PROXY_AUTH_DIGEST_MD5, "Digest MD5" },
	{ PROXY_AUTH_BASIC, "Basic" },
	{ PROXY_AUTH_OTHER, "other (Negotiate or unknown)" },
};

const char *proxy_auth_names(unsigned mask, char *out, size_t cap)
{
	size_t o = 0;

	if (!cap)
		return out;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		int n;

		if (!(mask & schemes[i].bit))
			continue;
		n = snprintf(out + o, cap - o, "%s%s", o ? ", " : "", schemes[i].name);
		if (n < 0 || (size_t)n >= cap - o)
			break;
		o += (size_t)n;
	}
	if (!o)
		snprintf(out, cap, "none");
	return out;
}

/* RFC 9112 3.2.3: authority-form "host:port", an IPv6 literal in brackets. */
int proxy_authority(const struct proxy_http *p, char *out, size_t cap)
{
	bool v6 = strchr(p->cfg.host, ':') != NULL;
	int n = snprintf(out, cap, "%s%s%s:%u", v6 ? "[" : "", p->cfg.host, v6 ? "]" : "",
			 p->cfg.port);

	return n < 0 || (size_t)n >= cap ? -EMSGSIZE : n;
}

/* Does the comma-separated list v contain tok (case-insensitive, blanks around items ignored)? */
bool proxy_list_has(const char *v, size_t n, const char *tok)
{
	size_t tl = strlen(tok), i = 0;

	while (i < n) {
		size_t s, e;

		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		s = i;
		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (e - s == tl && !strncasecmp(v + s, tok, tl))
			return true;
	}
	return false;
}

/* ---- RFC 9110 11.6.1: challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ] ---- */

struct cursor {
	const char *v;
	size_t n, i;
};

static bool tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static void skip_ows(struct cursor *c)
{
	while (c->i < c->n && (c->v[c->i] == ' ' || c->v[c->i] == '\t'))
		c->i++;
}

static size_t token(struct cursor *c)
{
	size_t s = c->i;

	while (c->i < c->n && tchar(c->v[c->i]))
		c->i++;
	return c->i - s;
}

/* A token or quoted-string value into out (unescaped); false if it does not fit or is malformed. */
static bool param_value(struct cursor *c, char *out, size_t cap)
{
	size_t o = 0;
	bool ok = true;

	if (c->i < c->n && c->v[c->i] == '"') {
		for (c->i++; c->i < c->n && c->v[c->i] != '"'; c->i++) {
			if (c->v[c->i] == '\\' && c->i + 1 < c->n)
				c->i++;
			if (o + 1 < cap)
				out[o++] = c->v[c->i];
			else
				ok = false;
		}
		if (c->i >= c->n)
			ok = false;
		else
			c->i++;
	} else {
		size_t s = c->i, l = token(c);

		if (l + 1 > cap)
			ok = false;
		else
			memcpy(out, c->v + s, l);
		o = ok ? l : 0;
	}
	if (cap)
		out[o < cap ? o : cap - 1] = '\0';
	return ok;
}

/* RFC 7616 3.3: the parameters a client needs. Returns the scheme bit or 0 when unusable. */
static void digest_param(struct proxy_digest *d, const char *name, const char *val, bool fits,
			 unsigned *bad)
{
	if (!strcasecmp(name, "realm")) {
		*bad |= !fits || snprintf(d->realm, sizeof(d->realm), "%s", val) < 0;
	} else if (!strcasecmp(name, "nonce")) {
		*bad |= !fits || !*val || snprintf(d->nonce, sizeof(d->nonce), "%s", val) < 0;
	} else if (!strcasecmp(name, "opaque")) {
		*bad |= !fits || snprintf(d->opaque, sizeof(d->opaque), "%s", val) < 0;
	} else if (!strcasecmp(name, "stale")) {
		d->stale = !strcasecmp(val, "true");
	} else if (!strcasecmp(name, "qop")) {
		d->qop_auth = proxy_list_has(val, strlen(val), "auth");
		*bad |= !d->qop_auth;	/* only auth-int offered: we do not do it */
	} else if (!strcasecmp(name, "algorithm")) {
		d->sha256 = !strncasecmp(val, "SHA-256", 7);
		d->sess = strlen(val) > 5 && !strcasecmp(val + strlen(val) - 5, "-sess");
		*bad |= strcasecmp(val, "MD5") && strcasecmp(val, "MD5-sess") &&
			strcasecmp(val, "SHA-256") && strcasecmp(val, "SHA-256-sess");
	}
}

/*
 * The auth-params after a scheme, up to the next challenge (a token not followed by '=').
 * d is NULL for schemes whose parameters we do not need. *bad: a Digest challenge we cannot use.
 */
static void params(struct cursor *c, struct proxy_digest *d, unsigned *bad)
{
	char name[32], val[300];

	for (;;) {
		size_t start, nl;

		skip_ows(c);
		while (c->i < c->n && (c->v[c->i] == ',' || c->v[c->i] == ' ' || c->v[c->i] == '\t'))
			c->i++;
		start = c->i;
		nl = token(c);
		if (!nl)
			return;
		skip_ows(c);
		if (c->i >= c->n || c->v[c->i] != '=') {
			c->i = start;	/* the next challenge's scheme */
			return;
		}
		c->i++;
		skip_ows(c);
		bool fits = param_value(c, val, sizeof(val));
		if (d) {
			snprintf(name, sizeof(name), "%.*s", (int)(nl < 31 ? nl : 31), c->v + start);
			digest_param(d, name, val, fits, bad);
		}
	}
}

/* NTLM's token68: the CHALLENGE in base64, or nothing when NTLM is merely offered. */
static void ntlm_token68(struct proxy_http *p, struct cursor *c)
{
	size_t s = c->i;

	while (c->i < c->n && c->v[c->i] != ',' && c->v[c->i] != ' ' && c->v[c->i] != '\t')
		c->i++;
	if (c->i - s && c->i - s < sizeof(p->ntlm_token)) {
		memcpy(p->ntlm_token, c->v + s, c->i - s);
		p->ntlm_token[c->i - s] = '\0';
	}
}

static void digest_challenge(struct proxy_http *p, struct cursor *c)
{
	struct proxy_digest d = { 0 };
	unsigned bad = 0, bit;

	params(c, &d, &bad);
	if (bad || !d.nonce[0]) {
		p->offered |= PROXY_AUTH_OTHER;
		return;
	}
	bit = d.sha256 ? PROXY_AUTH_DIGEST_SHA256 : PROXY_AUTH_DIGEST_MD5;
	/* Several Digest challenges (RFC 7616 3.7): keep SHA-256 over MD5, else the first. */
	if (!(p->offered & (PROXY_AUTH_DIGEST_SHA256 | PROXY_AUTH_DIGEST_MD5)) ||
	    (d.sha256 && !p->digest_new.sha256))
		p->digest_new = d;
	p->offered |= bit;
}

static bool token68_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("-._~+/", c));
}

/* Negotiate and unknown schemes: a token68 (RFC 9110 11.2) or auth-params, skipped. */
static void other_challenge(struct cursor *c, unsigned *bad)
{
	size_t s = c->i;

	while (c->i < c->n && token68_char(c->v[c->i]))
		c->i++;
	while (c->i < c->n && c->v[c->i] == '=')
		c->i++;
	skip_ows(c);
	if (c->i > s && (c->i >= c->n || c->v[c->i] == ','))
		return;
	c->i = s;
	params(c, NULL, bad);
}

void proxy_auth_challenge(struct proxy_http *p, const char *v, size_t n)
{
	struct cursor c = { v, n, 0 };
	unsigned bad = 0;

	while (c.i < c.n) {
		size_t s, l;

		while (c.i < c.n && (c.v[c.i] == ',' || c.v[c.i] == ' ' || c.v[c.i] == '\t'))
			c.i++;
		s = c.i;
		l = token(&c);
		if (!l)
			return;	/* garbage: keep what was understood */
		skip_ows(&c);
		if (l == 4 && !strncasecmp(v + s, "NTLM", 4)) {
			p->offered |= PROXY_AUTH_NTLM;
			ntlm_token68(p, &c);
		} else if (l == 6 && !strncasecmp(v + s, "Digest", 6)) {
			digest_challenge(p, &c);
		} else if (l == 5 && !strncasecmp(v + s, "Basic", 5)) {
			p->offered |= PROXY_AUTH_BASIC;
			params(&c, NULL, &bad);
		} else {
			p->offered |= PROXY_AUTH_OTHER;
			other_challenge(&c, &bad);
		}
	}
}

/* ---- the choice (RFC 9110 15.5.8; proxy-facts: a 407 after our credentials means wrong ones) ---- */

static void fail(struct proxy_http *p, enum proxy_outcome o, const char *why)
{
	p->outcome = o;
	p->why = why;
}

void proxy_auth_decide(struct proxy_http *p)
{
	unsigned usable = p->offered & p->cfg.allowed;

	/* MS-NLMP over HTTP: the CHALLENGE answers our NEGOTIATE on the same connection. */
	if (p->ntlm_step == 1 && p->ntlm_token[0] && (p->offered & PROXY_AUTH_NTLM)) {
		if (p->close)
			return fail(p, PROXY_OUT_AUTH_FAILED,
				    "the proxy closed the connection in the middle of NTLM");
		p->next = PROXY_AUTH_NTLM;
		p->ntlm_step = 2;
		p->outcome = PROXY_OUT_RETRY;
		return;
	}
	if (p->sent)
		p->tried |= p->sent;
	if (p->ntlm_step == 1)
		p->tried |= PROXY_AUTH_NTLM;	/* NEGOTIATE answered without a CHALLENGE */
	/* RFC 7616 3.3: stale=true is a new nonce for the same credentials, once. */
	if ((p->sent & (PROXY_AUTH_DIGEST_MD5 | PROXY_AUTH_DIGEST_SHA256)) && p->digest_new.stale &&
	    !p->stale_retried && (usable & p->sent)) {
		p->stale_retried = true;
		p->tried &= ~p->sent;
	}
	if (p->rounds >= PROXY_ROUNDS_MAX)
		return fail(p, PROXY_OUT_AUTH_FAILED, "the proxy keeps asking for authentication");
	if (!p->cfg.user)
		return fail(p, PROXY_OUT_AUTH_FAILED, "the proxy requires authentication and no proxy user is set");
	if (!p->cfg.password)
		return fail(p, PROXY_OUT_AUTH_FAILED, "the proxy requires authentication and no proxy password is set");
	if (!usable)
		return fail(p, PROXY_OUT_AUTH_UNSUPPORTED, NULL);
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		if (!(usable & schemes[i].bit) || (p->tried & schemes[i].bit))
			continue;
		if (schemes[i].bit == PROXY_AUTH_BASIC && strchr(p->cfg.user, ':'))
			continue;	/* RFC 7617 2: the user-id cannot contain ':' */
		p->next = schemes[i].bit;
		p->outcome = PROXY_OUT_RETRY;
		p->ntlm_step = 0;
		if (p->next & (PROXY_AUTH_DIGEST_MD5 | PROXY_AUTH_DIGEST_SHA256)) {
			p->digest_new.nc = 0;
			p->digest = p->digest_new;
		}
		return;
	}
	fail(p, PROXY_OUT_AUTH_FAILED, "the proxy refused the credentials");
}

/* ---- Proxy-Authorization ---- */

static int basic(struct proxy_http *p, char *out, size_t cap)
{
	char plain[2 * SECRET_MAX_LEN + 2], enc[((2 * SECRET_MAX_LEN + 2) / 3 + 1) * 4 + 1];
	int n, ret;

	/* RFC 7617 2: base64(user-id ":" password), UTF-8 as configured. */
	n = snprintf(plain, sizeof(plain), "%s:%s", p->cfg.user, p->cfg.password);
	ret = -EMSGSIZE;
	if (n < 0 || (size_t)n >= sizeof(plain))
		goto out;
	ret = proxy_b64_encode((const uint8_t *)plain, (size_t)n, enc, sizeof(enc));
	if (ret < 0)
		goto out;
	n = snprintf(out, cap, "Proxy-Authorization: Basic %s\r\n", enc);
	ret = n < 0 || (size_t)n >= cap ? -EMSGSIZE : n;
out:
	explicit_bzero(plain, sizeof(plain));
	explicit_bzero(enc, sizeof(enc));
	return ret;
}

/* A quoted-string (RFC 9110 5.6.4) with '"' and '\' escaped; false when it does not fit. */
static bool quote(char *out, size_t cap, const char *s)
{
	size_t o = 0;

	if (cap < 3)
		return false;
	out[o++] = '"';
	for (; *s; s++) {
		if (o + 4 > cap)
			return false;
		if (*s == '"' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o++] = '"';
	out[o] = '\0';
	return true;
}

static bool __attribute__((format(printf, 4, 5)))
append(char *out, size_t cap, int *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(out + *n, cap - (size_t)*n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= cap - (size_t)*n)
		return false;
	*n += k;
	return true;
}

static int digest(struct proxy_http *p, char *out, size_t cap)
{
	struct proxy_digest *d = &p->digest;
	char uri[300], nc[9], cnonce[33], resp[DIGEST_HEX_MAX], user[520], realm[520], opaque[520];
	uint8_t rnd[16];
	int n, ret;

	ret = proxy_authority(p, uri, sizeof(uri));
	if (ret < 0)
		goto out;
	ret = sx_random(&p->cfg.rand, rnd, sizeof(rnd));
	if (ret < 0)
		goto out;
	auth_hex(cnonce, rnd, sizeof(rnd), false);
	cnonce[2 * sizeof(rnd)] = '\0';
	snprintf(nc, sizeof(nc), "%08x", ++d->nc);
	struct digest_input in = {
		.alg = d->sha256 ? DIGEST_SHA256 : DIGEST_MD5,
		.sess = d->sess,
		.user = p->cfg.user,
		.realm = d->realm,
		.password = p->cfg.password,
		.method = "CONNECT",
		.uri = uri,
		.nonce = d->nonce,
		.nc = nc,
		.cnonce = cnonce,
		.qop = d->qop_auth ? "auth" : NULL,
	};
	ret = digest_response(&in, resp);
	if (ret < 0)
		goto out;
	ret = -EMSGSIZE;
	if (!quote(user, sizeof(user), p->cfg.user) || !quote(realm, sizeof(realm), d->realm) ||
	    !quote(opaque, sizeof(opaque), d->opaque))
		goto out;
	/* RFC 7616 3.4: nc, qop and algorithm are tokens, the rest quoted-strings; opaque echoed. */
	n = 0;
	if (!append(out, cap, &n, "Proxy-Authorization: Digest username=%s, realm=%s, nonce=\"%s\", "
		    "uri=\"%s\", response=\"%s\"", user, realm, d->nonce, uri, resp))
		goto out;
	if ((d->sha256 || d->sess) &&
	    !append(out, cap, &n, ", algorithm=%s%s", d->sha256 ? "SHA-256" : "MD5",
		    d->sess ? "-sess" : ""))
		goto out;
	if ((d->qop_auth || d->sess) && !append(out, cap, &n, ", cnonce=\"%s\"", cnonce))
		goto out;
	if (d->qop_auth && !append(out, cap, &n, ", qop=auth, nc=%s", nc))
		goto out;
	if (d->opaque[0] && !append(out, cap, &n, ", opaque=%s", opaque))
		goto out;
	if (!append(out, cap, &n, "\r\n"))
		goto out;
	ret = n;
out:
	explicit_bzero(resp, sizeof(resp));
	return ret;
}

int proxy_auth_header(struct proxy_http *p, char *out, size_t cap)
{
	char tok[PROXY_REQ_MAX - 1024];
	unsigned next = p->next;
	int ret, n;

	p->next = 0;
	p->sent = next;
	if (!cap)
		return -EMSGSIZE;
	out[0] = '\0';
	switch (next) {
	case 0:
		return 0;
	case PROXY_AUTH_BASIC:
		return basic(p, out, cap);
	case PROXY_AUTH_DIGEST_MD5:
	case PROXY_AUTH_DIGEST_SHA256:
		return digest(p, out, cap);
	case PROXY_AUTH_NTLM:
		if (p->ntlm_step == 2) {
			ret = proxy_ntlm_authenticate(p, tok, sizeof(tok));
		} else {
			p->ntlm_step = 1;
			p->sent = 0;	/* the NEGOTIATE proves nothing yet */
			ret = proxy_ntlm_negotiate(tok, sizeof(tok));
		}
		if (ret < 0)
			return ret;
		n = snprintf(out, cap, "Proxy-Authorization: NTLM %s\r\n", tok);
		explicit_bzero(tok, sizeof(tok));
		return n < 0 || (size_t)n >= cap ? -EMSGSIZE : n;
	}
	return -EINVAL;
}
