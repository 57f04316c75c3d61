// SPDX-License-Identifier: MIT
/* HTTP Digest access authentication (RFC 7616): the response for qop=auth or the RFC 2069 form. */
#include "auth/auth.h"

#include <errno.h>
#include <string.h>

#include "auth/digest.h"

/* H() of RFC 7616 3.4 over parts, written as lower-case hex; returns the hex length. */
static int hash_hex(enum digest_alg alg, const struct auth_part *parts, size_t n,
		    char out[static DIGEST_HEX_MAX])
{
	uint8_t d[AUTH_SHA256_LEN];
	size_t dlen = 0;
	int ret = -EINVAL;

	switch (alg) {
	case DIGEST_MD5:
		ret = auth_md5(parts, n, d);
		dlen = 16;
		break;
	case DIGEST_SHA256:
		ret = auth_sha256(parts, n, d);
		dlen = AUTH_SHA256_LEN;
		break;
	}
	if (ret == 0) {
		auth_hex(out, d, dlen, false);
		out[2 * dlen] = '\0';
		ret = (int)(2 * dlen);
	}
	explicit_bzero(d, sizeof(d));
	return ret;
}

#define P(s) { (s), strlen(s) }
#define COLON { ":", 1 }

int digest_response(const struct digest_input *in, char out[static DIGEST_HEX_MAX])
{
	char ha1[DIGEST_HEX_MAX], ha2[DIGEST_HEX_MAX];
	int ret = -EINVAL;

	if (!in || !in->user || !in->realm || !in->password || !in->method || !in->uri ||
	    !in->nonce || (in->qop && (!in->nc || !in->cnonce)) || (in->sess && !in->cnonce))
		goto out;
	/* RFC 7616 3.4.2: A1 = username:realm:passwd, and for -sess H(that):nonce:cnonce. */
	const struct auth_part a1[] = { P(in->user), COLON, P(in->realm), COLON, P(in->password) };
	ret = hash_hex(in->alg, a1, 5, ha1);
	if (ret < 0)
		goto out;
	if (in->sess) {
		const struct auth_part s1[] = { P(ha1), COLON, P(in->nonce), COLON, P(in->cnonce) };
		ret = hash_hex(in->alg, s1, 5, ha1);
		if (ret < 0)
			goto out;
	}
	/* RFC 7616 3.4.3: A2 = Method:request-uri for qop=auth (and without qop). */
	const struct auth_part a2[] = { P(in->method), COLON, P(in->uri) };
	ret = hash_hex(in->alg, a2, 3, ha2);
	if (ret < 0)
		goto out;
	if (in->qop) {
		/* RFC 7616 3.4.1: KD(H(A1), nonce:nc:cnonce:qop:H(A2)). */
		const struct auth_part r[] = { P(ha1), COLON, P(in->nonce), COLON, P(in->nc), COLON,
					       P(in->cnonce), COLON, P(in->qop), COLON, P(ha2) };
		ret = hash_hex(in->alg, r, 11, out);
	} else {
		/* RFC 2069 2.1.1: KD(H(A1), nonce:H(A2)). */
		const struct auth_part r[] = { P(ha1), COLON, P(in->nonce), COLON, P(ha2) };
		ret = hash_hex(in->alg, r, 5, out);
	}
out:
	explicit_bzero(ha1, sizeof(ha1));
	explicit_bzero(ha2, sizeof(ha2));
	return ret;
}
