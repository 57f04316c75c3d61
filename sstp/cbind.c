// SPDX-License-Identifier: MIT
/* The crypto binding of MS-SSTP 3.2.5.2 on the wire: Call Connected built with its Compound MAC (client) and checked (server). */
#include <errno.h>
#include <string.h>

#include "sstp/sstp.h"

/*
 * Call Connected with the MAC field zeroed, then CMK from the HLAK and the Compound MAC over
 * exactly those 112 bytes, written into the MAC field. The CMK is wiped before returning.
 */
int sstp_cbind_build(enum cbind_hash hash, const uint8_t nonce[static SSTP_NONCE_LEN],
		     const uint8_t cert_hash[static CBIND_FIELD_LEN],
		     const uint8_t hlak[static CBIND_HLAK_LEN],
		     uint8_t out[static SSTP_CALL_CONNECTED_LEN])
{
	struct sstp_msg m = { .type = SSTP_MSG_CALL_CONNECTED, .hash = (uint8_t)hash };
	struct wire_w w = wire_w_init(out, SSTP_CALL_CONNECTED_LEN);
	uint8_t cmk[CBIND_FIELD_LEN];
	int ret = -EINVAL;

	if (hash != CBIND_SHA1 && hash != CBIND_SHA256)
		return ret;
	memcpy(m.nonce, nonce, SSTP_NONCE_LEN);
	memcpy(m.cert_hash, cert_hash, CBIND_FIELD_LEN);
	ret = sstp_msg_build(&m, &w);
	if (ret)
		goto out;
	ret = cbind_cmk(hash, hlak, cmk);
	if (ret)
		goto out;
	ret = cbind_compound_mac(hash, cmk, out, SSTP_CALL_CONNECTED_LEN,
				 out + SSTP_CALL_CONNECTED_MAC_OFF);
out:
	explicit_bzero(cmk, sizeof(cmk));
	return ret;
}

static int fail(const char **why, const char *reason, int ret)
{
	*why = reason;
	return ret;
}

int sstp_cbind_verify(const uint8_t *pkt, size_t len, uint8_t offered,
		      const uint8_t nonce[static SSTP_NONCE_LEN],
		      const uint8_t cert_sha1[static CBIND_FIELD_LEN],
		      const uint8_t cert_sha256[static CBIND_FIELD_LEN],
		      const uint8_t hlak[static CBIND_HLAK_LEN], const char **why)
{
	uint8_t want[SSTP_CALL_CONNECTED_LEN];
	const char *dummy;
	struct sstp_msg m;
	enum cbind_hash hash;
	int ret;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (sstp_msg_parse(pkt, len, &m, why))
		return -EBADMSG;
	if (m.type != SSTP_MSG_CALL_CONNECTED)
		return fail(why, "not a Call Connected", -EBADMSG);
	/* MS-SSTP 2.2.7: exactly one hash protocol, and one the server offered. */
	if ((m.hash != SSTP_HASH_SHA1 && m.hash != SSTP_HASH_SHA256) || !(m.hash & offered))
		return fail(why, "hash protocol not offered", -EPROTO);
	hash = m.hash == SSTP_HASH_SHA256 ? CBIND_SHA256 : CBIND_SHA1;
	if (auth_memcmp_ct(m.nonce, nonce, SSTP_NONCE_LEN))
		return fail(why, "nonce differs from the Connect Ack", -EPROTO);
	if (auth_memcmp_ct(m.cert_hash, hash == CBIND_SHA256 ? cert_sha256 : cert_sha1,
			   CBIND_FIELD_LEN))
		return fail(why, "certificate hash differs", -EPROTO);
	ret = sstp_cbind_build(hash, nonce, m.cert_hash, hlak, want);
	if (ret)
		return fail(why, "cannot compute the Compound MAC", ret);
	if (auth_memcmp_ct(want + SSTP_CALL_CONNECTED_MAC_OFF, pkt + SSTP_CALL_CONNECTED_MAC_OFF,
			   CBIND_FIELD_LEN))
		return fail(why, "Compound MAC differs", -EPROTO);
	return 0;
}
