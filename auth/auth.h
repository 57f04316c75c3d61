// SPDX-License-Identifier: MIT
/*
 * Authentication math for sstpx: MS-CHAPv2 (RFC 2759), MPPE master keys (RFC 3079) and the SSTP
 * crypto binding (MS-SSTP 3.2.5.2), all through wolfCrypt; plus struct secret for credentials.
 * Pure functions over byte arrays: no logging, no I/O (except secret_from_*), nothing kept.
 * Every function returns 0 or a negative errno (-EINVAL, -EBADMSG, -EPROTO, -ENOMEM, ...).
 */
#ifndef SX_AUTH_H
#define SX_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSCHAPV2_CHALLENGE_LEN 16
#define MSCHAPV2_NT_RESPONSE_LEN 24
#define MSCHAPV2_AUTH_RESPONSE_LEN 42	/* "S=" and 40 upper-case hex digits, no NUL */
#define MPPE_KEY_LEN 16
#define CBIND_HLAK_LEN 32
#define CBIND_FIELD_LEN 32		/* nonce, certificate hash and MAC fields are 32 bytes */

/* The user name as hashed by MS-CHAPv2: everything after the last '\' (RFC 2759 4). Borrowed. */
const char *mschapv2_user_base(const char *user);

/*
 * NT password hash: MD4 over the UTF-16LE form of a UTF-8 password (code points above U+FFFF as
 * surrogate pairs). -EBADMSG on invalid UTF-8 (overlong, surrogate, truncated, above U+10FFFF),
 * -EMSGSIZE beyond RFC 2759's 256 characters, counted in UTF-16 code units.
 */
int mschapv2_nt_hash(const char *password, size_t len, uint8_t nt_hash[static 16]);

/* ChallengeHash (RFC 2759 8.2); `user` is hashed as given (pass mschapv2_user_base()). */
int mschapv2_challenge_hash(const uint8_t peer_challenge[static 16],
			    const uint8_t auth_challenge[static 16], const char *user,
			    uint8_t challenge_hash[static 8]);

/* GenerateNTResponse (RFC 2759 8.1). */
int mschapv2_nt_response(const uint8_t auth_challenge[static 16],
			 const uint8_t peer_challenge[static 16], const char *user,
			 const uint8_t nt_hash[static 16], uint8_t nt_response[static 24]);

/* GenerateAuthenticatorResponse (RFC 2759 8.7): writes "S=" + 40 hex digits (no NUL). */
int mschapv2_auth_response(const uint8_t nt_hash[static 16],
			   const uint8_t nt_response[static 24],
			   const uint8_t peer_challenge[static 16],
			   const uint8_t auth_challenge[static 16], const char *user,
			   char out[static MSCHAPV2_AUTH_RESPONSE_LEN]);

/*
 * CheckAuthenticatorResponse (RFC 2759 8.8), constant time. `received` is the text of the
 * Success message starting at "S=" (it may continue with " M=..."): "S=" + exactly 40 hex digits
 * of either case, then the end of `len`, a space or a NUL. Returns 0 when it proves the server
 * knows the password, -EBADMSG when malformed, -EPROTO when it differs, -EINVAL for a NULL user.
 */
int mschapv2_auth_check(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
			const uint8_t peer_challenge[static 16],
			const uint8_t auth_challenge[static 16], const char *user,
			const char *received, size_t len);

/* MasterKey (RFC 3079 3.4): first 16 bytes of SHA1(PasswordHashHash | NTResponse | Magic1). */
int mppe_master_key(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
		    uint8_t master_key[static 16]);

/*
 * The client's MasterSendKey (Magic2) and MasterReceiveKey (Magic3), 128-bit (RFC 3079 3.3-3.4,
 * client side). Both outputs are zeroed on failure.
 */
int mppe_client_keys(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
		     uint8_t send_key[static 16], uint8_t recv_key[static 16]);

/* The server's keys: its send key is the client's receive key (for the test server). */
int mppe_server_keys(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
		     uint8_t send_key[static 16], uint8_t recv_key[static 16]);

/* MS-SSTP 2.2.7 hash-protocol values. */
enum cbind_hash {
	CBIND_SHA1 = 1,
	CBIND_SHA256 = 2,
};

/* HLAK for MS-CHAPv2: the client's MasterSendKey | MasterReceiveKey. (PAP: 32 zero bytes.) */
void cbind_hlak_mschapv2(const uint8_t send_key[static 16], const uint8_t recv_key[static 16],
			 uint8_t hlak[static CBIND_HLAK_LEN]);

/* HLAK for EAP methods (MS-SSTP 3.2.5.2.4): the first 32 octets of the MSK, zero-padded. */
void cbind_hlak_msk(const uint8_t *msk, size_t len, uint8_t hlak[static CBIND_HLAK_LEN]);

/* PEAPv0 crypto binding (MS-PEAP 3.1.5.5, 3.1.5.7), HMAC-SHA1 based. */
#define PEAP_SHA1_LEN 20
#define PEAP_TK_LEN 40			/* TempKey: the first 40 octets of the TLS key material */
#define PEAP_ISK_LEN 32			/* inner method's send | receive keys, zero-padded */
#define PEAP_IPMK_LEN 40
#define PEAP_CMK_LEN 20
#define PEAP_CSK_LEN 64			/* the PEAP MSK: peer send key | peer receive key */
#define PEAP_BINDING_TLV_LEN 60		/* Crypto-Binding TLV, header included */

/* PRF+ of PEAPv0: T(n) = HMAC-SHA1(key, T(n-1) | seed | n | 0 | 0), concatenated, truncated. */
int peap_prf_plus(const uint8_t *key, size_t key_len, const uint8_t *seed, size_t seed_len,
		  uint8_t *out, size_t out_len);
/* IPMK | CMK = PRF+(TempKey, "Inner Methods Compound Keys" | ISK, 60). */
int peap_compound_keys(const uint8_t tk[static PEAP_TK_LEN], const uint8_t isk[static PEAP_ISK_LEN],
		       uint8_t ipmk[static PEAP_IPMK_LEN], uint8_t cmk[static PEAP_CMK_LEN]);
/* Compound_MAC = HMAC-SHA1(CMK, TLV with the MAC field zeroed | 0x19); tlv is not modified. */
int peap_binding_mac(const uint8_t cmk[static PEAP_CMK_LEN],
		     const uint8_t tlv[static PEAP_BINDING_TLV_LEN], uint8_t mac[static PEAP_SHA1_LEN]);
/* CSK = PRF+(IPMK, "Session Key Generating Function" NUL, 64). */
int peap_csk(const uint8_t ipmk[static PEAP_IPMK_LEN], uint8_t csk[static PEAP_CSK_LEN]);

/* SHA1 (zero-padded to 32 bytes) or SHA256 of the server certificate's DER encoding. */
int cbind_cert_hash(enum cbind_hash hash, const uint8_t *der, size_t der_len,
		    uint8_t out[static CBIND_FIELD_LEN]);

/* Compound MAC Key: HMAC-H(HLAK, "SSTP inner method derived CMK" | LE16(out len) | 0x01). */
int cbind_cmk(enum cbind_hash hash, const uint8_t hlak[static CBIND_HLAK_LEN],
	      uint8_t cmk[static CBIND_FIELD_LEN]);

/*
 * Compound MAC: HMAC-H(CMK, msg) over the whole Call Connected message with its MAC field zeroed
 * (the caller zeroes it). SHA1's 20 bytes are zero-padded to 32.
 */
int cbind_compound_mac(enum cbind_hash hash, const uint8_t cmk[static CBIND_FIELD_LEN],
		       const uint8_t *msg, size_t len, uint8_t mac[static CBIND_FIELD_LEN]);

/* Constant-time comparison; 0 when equal. */
int auth_memcmp_ct(const void *a, const void *b, size_t len);

/* Writes 2 * n hexadecimal digits (no NUL), upper or lower case. */
void auth_hex(char *out, const uint8_t *in, size_t n, bool upper);

/* Credentials that are zeroed when freed, never read from argv. At most SECRET_MAX_LEN bytes. */
#define SECRET_MAX_LEN 1024
struct secret {
	char *buf;	/* NUL-terminated; NULL when unset */
	size_t len;
};

/*
 * The readers below fill an unset or set secret (the old value is freed on success), refuse an
 * empty value with -EINVAL and a longer one than SECRET_MAX_LEN with -EMSGSIZE.
 */
/* First line of a file, without its line ending ("\n" or "\r\n"). -ENOENT when missing. */
int secret_from_file(struct secret *s, const char *path);
/* First line read from an open descriptor (e.g. standard input), read byte by byte up to '\n'. */
int secret_from_fd(struct secret *s, int fd);
/*
 * The value of an environment variable, which is then zeroed in place and removed from the
 * environment (even when refused). -ENOENT if unset. Do not putenv() a read-only string.
 */
int secret_from_env(struct secret *s, const char *name);
/* Prompts on /dev/tty with echo off. -ENXIO when there is no terminal. */
int secret_from_tty(struct secret *s, const char *prompt);
/* Copies len bytes (for tests and the test server); -EMSGSIZE beyond SECRET_MAX_LEN. */
int secret_set(struct secret *s, const char *value, size_t len);
/* Zeroes (explicit_bzero) and frees. Safe on an unset secret. */
void secret_free(struct secret *s);

/* ---- proxy authentication (httpdigest.c, ntlm.c) ---- */

/* HTTP Digest (RFC 7616 3.4.1-3.4.3): the algorithms sstpx answers. */
enum digest_alg {
	DIGEST_MD5,
	DIGEST_SHA256,
};
#define DIGEST_HEX_MAX 65	/* SHA-256 in lower-case hex and a NUL */

/* The strings a Digest response is computed over, all borrowed and NUL-terminated. */
struct digest_input {
	enum digest_alg alg;
	bool sess;		/* the "-sess" variant: HA1 = H(H(user:realm:password):nonce:cnonce) */
	const char *user, *realm, *password;
	const char *method, *uri;	/* CONNECT and host:port for a proxy */
	const char *nonce, *nc, *cnonce;
	const char *qop;	/* "auth", or NULL for the RFC 2069 form H(HA1:nonce:HA2) */
};

/* Writes the lower-case hex response and a NUL; returns its length (32 or 64). */
int digest_response(const struct digest_input *in, char out[static DIGEST_HEX_MAX]);

/* NTLMv2 (MS-NLMP 3.3.2). Strings are UTF-8; at most 256 UTF-16 units each. */
#define NTLM_CHALLENGE_LEN 8
#define NTLM_KEY_LEN 16
#define NTLM_BLOB_FIXED 32	/* the temp blob without TargetInfo: 28 bytes before it, 4 after */

/*
 * NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPERCASE(user) | domain)). The user is
 * upper-cased in ASCII only (letters outside ASCII are kept as typed); the domain is as given.
 */
int ntlm_ntowfv2(const char *password, size_t len, const char *user, const char *domain,
		 uint8_t key[static NTLM_KEY_LEN]);

/*
 * The NTLMv2 client blob ("temp"): 01 01 00 00 00 00 00 00 | time (FILETIME, LE) | client challenge
 * | 00 00 00 00 | target info | 00 00 00 00. Returns its length, -EMSGSIZE when cap is too small.
 */
int ntlm_v2_blob(uint8_t *out, size_t cap, uint64_t filetime,
		 const uint8_t client_challenge[static NTLM_CHALLENGE_LEN],
		 const uint8_t *target_info, size_t target_info_len);

/* NTProofStr = HMAC-MD5(key, server challenge | blob); the NT response is NTProofStr | blob. */
int ntlm_v2_proof(const uint8_t key[static NTLM_KEY_LEN],
		  const uint8_t server_challenge[static NTLM_CHALLENGE_LEN], const uint8_t *blob,
		  size_t blob_len, uint8_t proof[static 16]);

/* LMv2 = HMAC-MD5(key, server challenge | client challenge) | client challenge. */
int ntlm_lmv2_response(const uint8_t key[static NTLM_KEY_LEN],
		       const uint8_t server_challenge[static NTLM_CHALLENGE_LEN],
		       const uint8_t client_challenge[static NTLM_CHALLENGE_LEN],
		       uint8_t out[static 24]);

/* A UTF-8 string as the UTF-16LE of NTLM messages; -EBADMSG, -EMSGSIZE past 256 units. */
int ntlm_utf16le(const char *s, uint8_t out[static 512], size_t *out_len);

/* SessionBaseKey = HMAC-MD5(key, NTProofStr). */
int ntlm_session_base_key(const uint8_t key[static NTLM_KEY_LEN], const uint8_t proof[static 16],
			  uint8_t out[static 16]);

#endif
