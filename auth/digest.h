// SPDX-License-Identifier: MIT
/* Private to auth/: thin wolfCrypt wrappers (MD4, multi-part SHA1) that zero their contexts. */
#ifndef SX_AUTH_DIGEST_H
#define SX_AUTH_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define AUTH_SHA1_LEN 20
#define AUTH_SHA256_LEN 32

/* One borrowed piece of a message hashed in parts. */
struct auth_part {
	const void *data;
	size_t len;
};

/* MD4 (RFC 1320) of one buffer. -EMSGSIZE beyond 4 GiB. */
int auth_md4(const uint8_t *in, size_t len, uint8_t out[static 16]);

/* SHA1 over the concatenation of n parts. */
int auth_sha1(const struct auth_part *parts, size_t n, uint8_t out[static AUTH_SHA1_LEN]);

/* MD5 (16 bytes) or SHA-256 (32 bytes) over n parts; returns the digest length. */
int auth_md5(const struct auth_part *parts, size_t n, uint8_t out[static 16]);
int auth_sha256(const struct auth_part *parts, size_t n, uint8_t out[static AUTH_SHA256_LEN]);

/* HMAC-MD5 over the concatenation of n parts. */
int auth_hmac_md5(const uint8_t *key, size_t key_len, const struct auth_part *parts, size_t n,
		  uint8_t out[static 16]);

/* UTF-8 to UTF-16LE (mschapv2.c): at most 256 UTF-16 units, else -EMSGSIZE; -EBADMSG on bad UTF-8. */
int auth_utf16le(const char *in, size_t len, uint8_t out[static 512], size_t *out_len);

#endif
