// SPDX-License-Identifier: MIT
/* NTLM over HTTP for a proxy (MS-NLMP 2.2.1, 3.1.5.1.2): NEGOTIATE, CHALLENGE parsing, NTLMv2 AUTHENTICATE. */
#include <errno.h>
#include <string.h>

#include "auth/auth.h"
#include "sstp/proxy_b64.h"
#include "sstp/proxy_ntlm.h"

static const uint8_t ntlm_sig[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };

/*
 * What we ask for: no signing or sealing (a proxy only authenticates the connection), so no
 * KEY_EXCH and no session key field. The same set curl sends, plus UNICODE.
 */
#define NTLM_OUR_FLAGS                                                                     \
	(NTLM_FLAG_UNICODE | NTLM_FLAG_OEM | NTLM_FLAG_REQUEST_TARGET | NTLM_FLAG_NTLM |      \
	 NTLM_FLAG_ALWAYS_SIGN | NTLM_FLAG_EXTENDED_SESSIONSECURITY)

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | get16(p + 2) << 16;
}

int proxy_ntlm_negotiate(char *out, size_t cap)
{
	uint8_t m[32] = { 0 };

	/* MS-NLMP 2.2.1.1: signature, type 1, flags, empty domain and workstation fields. */
	memcpy(m, ntlm_sig, 8);
	put32(m + 8, 1);
	put32(m + 12, NTLM_OUR_FLAGS);
	return proxy_b64_encode(m, sizeof(m), out, cap);
}

/* MS-NLMP 2.2.2.1: walks the AV pairs for MsvAvTimestamp (7); stops at MsvAvEOL or the end. */
static void find_timestamp(struct ntlm_challenge *c)
{
	size_t i = 0, n = c->target_info_len;

	while (i + 4 <= n) {
		uint32_t id = get16(c->target_info + i), len = get16(c->target_info + i + 2);

		if (id == 0 || i + 4 + len > n)
			return;
		if (id == 7 && len == 8) {
			c->time = (uint64_t)get32(c->target_info + i + 4) |
				  (uint64_t)get32(c->target_info + i + 8) << 32;
			c->has_time = true;
		}
		i += 4 + len;
	}
}

int proxy_ntlm_parse_challenge(const uint8_t *msg, size_t len, struct ntlm_challenge *c)
{
	memset(c, 0, sizeof(*c));
	/* MS-NLMP 2.2.1.2: 32 bytes up to Reserved; TargetInfoFields at 40 when there are 48. */
	if (len < 32 || memcmp(msg, ntlm_sig, 8) || get32(msg + 8) != 2)
		return -EBADMSG;
	c->flags = get32(msg + 20);
	memcpy(c->server_challenge, msg + 24, 8);
	if (len >= 48) {
		uint32_t tl = get16(msg + 40), off = get32(msg + 44);

		/*
		 * Bounds-check every security buffer: squid's ntlm_fake_auth sends a TargetName
		 * offset of 0xAAAAAAAE. A bad TargetInfo is treated as none.
		 */
		if (tl && off <= len && tl <= len - off && tl <= NTLM_TARGET_INFO_MAX) {
			c->target_info = msg + off;
			c->target_info_len = tl;
			find_timestamp(c);
		}
	}
	return 0;
}

/* "DOMAIN\user" or "DOMAIN/user" → the two parts; else an empty domain. */
static int split_user(const char *in, char *dom, size_t dcap, const char **user)
{
	const char *sep = strpbrk(in, "\\/");
	size_t dl = sep ? (size_t)(sep - in) : 0;

	if (dl >= dcap)
		return -EMSGSIZE;
	memcpy(dom, in, dl);
	dom[dl] = '\0';
	*user = sep ? sep + 1 : in;
	return 0;
}

/* A string field: UTF-16LE when the proxy set UNICODE, else the bytes as given (OEM). */
static int encode_str(const char *s, bool unicode, uint8_t out[static 512], size_t *len)
{
	size_t n = strlen(s);

	if (unicode)
		return ntlm_utf16le(s, out, len);
	if (n > 512)
		return -EMSGSIZE;
	memcpy(out, s, n);
	*len = n;
	return 0;
}

struct ntlm_fields {
	uint8_t lm[24], key[NTLM_KEY_LEN];
	uint8_t nt[16 + NTLM_BLOB_FIXED + NTLM_TARGET_INFO_MAX];
	size_t nt_len;
	uint8_t dom[512], user[512];
	size_t dom_len, user_len;
};

/* MS-NLMP 3.3.2 and 3.1.5.1.2: the LMv2 and NTLMv2 responses. */
static int responses(struct proxy_http *p, const struct ntlm_challenge *c, const char *user,
		     const char *dom, struct ntlm_fields *f)
{
	uint8_t cc[8];
	int ret, blob;

	ret = sx_random(&p->cfg.rand, cc, sizeof(cc));
	if (ret < 0)
		return ret;
	ret = ntlm_ntowfv2(p->cfg.password, strlen(p->cfg.password), user, dom, f->key);
	if (ret < 0)
		return ret;
	blob = ntlm_v2_blob(f->nt + 16, sizeof(f->nt) - 16, c->has_time ? c->time : p->cfg.filetime,
			    cc, c->target_info, c->target_info_len);
	if (blob < 0)
		return blob;
	f->nt_len = 16 + (size_t)blob;
	ret = ntlm_v2_proof(f->key, c->server_challenge, f->nt + 16, (size_t)blob, f->nt);
	if (ret < 0)
		return ret;
	/* MS-NLMP 3.1.5.1.2: with MsvAvTimestamp the LmChallengeResponse is Z(24). */
	if (c->has_time)
		memset(f->lm, 0, sizeof(f->lm));
	else
		ret = ntlm_lmv2_response(f->key, c->server_challenge, cc, f->lm);
	return ret;
}

/* Security buffer at hdr: Len, MaxLen, Offset; the payload is appended at *off. */
static void field(uint8_t *m, size_t hdr, size_t *off, const uint8_t *data, size_t len)
{
	put16(m + hdr, (uint32_t)len);
	put16(m + hdr + 2, (uint32_t)len);
	put32(m + hdr + 4, (uint32_t)*off);
	if (len)
		memcpy(m + *off, data, len);
	*off += len;
}

int proxy_ntlm_authenticate(struct proxy_http *p, char *out, size_t cap)
{
	uint8_t msg[2 * 1024 + 64 + 24 + sizeof(((struct ntlm_fields *)0)->nt)];
	uint8_t raw[(PROXY_NTLM_TOKEN_MAX / 4) * 3];
	struct ntlm_fields f;
	struct ntlm_challenge c;
	char dom[256];
	const char *user;
	size_t off = 64;
	uint32_t flags;
	bool unicode;
	int ret;

	ret = proxy_b64_decode(p->ntlm_token, strlen(p->ntlm_token), raw, sizeof(raw));
	if (ret < 0)
		goto out;
	ret = proxy_ntlm_parse_challenge(raw, (size_t)ret, &c);
	if (ret < 0)
		goto out;
	ret = split_user(p->cfg.user, dom, sizeof(dom), &user);
	if (ret < 0)
		goto out;
	unicode = c.flags & NTLM_FLAG_UNICODE;
	ret = encode_str(dom, unicode, f.dom, &f.dom_len);
	if (ret == 0)
		ret = encode_str(user, unicode, f.user, &f.user_len);
	if (ret == 0)
		ret = responses(p, &c, user, dom, &f);
	if (ret < 0)
		goto out;
	/* MS-NLMP 2.2.1.3: a 64-byte header (no Version, no MIC), then the payload. */
	memset(msg, 0, 64);
	memcpy(msg, ntlm_sig, 8);
	put32(msg + 8, 3);
	field(msg, 12, &off, f.lm, sizeof(f.lm));
	field(msg, 20, &off, f.nt, f.nt_len);
	field(msg, 28, &off, f.dom, f.dom_len);
	field(msg, 36, &off, f.user, f.user_len);
	field(msg, 44, &off, NULL, 0);	/* workstation: none */
	field(msg, 52, &off, NULL, 0);	/* EncryptedRandomSessionKey: no KEY_EXCH */
	flags = (c.flags & (NTLM_OUR_FLAGS | NTLM_FLAG_TARGET_INFO)) | NTLM_FLAG_NTLM;
	flags &= unicode ? ~NTLM_FLAG_OEM : ~NTLM_FLAG_UNICODE;
	put32(msg + 60, flags);
	ret = proxy_b64_encode(msg, off, out, cap);
out:
	explicit_bzero(&f, sizeof(f));
	explicit_bzero(msg, sizeof(msg));
	return ret;
}
