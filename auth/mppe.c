// SPDX-License-Identifier: MIT
/* MPPE master keys from MS-CHAPv2 (RFC 3079 3.3-3.4), 128-bit, for either end of the link. */
#include "auth/auth.h"

#include <errno.h>
#include <string.h>

#include "auth/digest.h"

/* RFC 3079 3.4: the constants of GetMasterKey and GetAsymmetricStartKey (ASCII, no NUL). */
static const char mppe_magic1[] = "This is the MPPE Master Key";
static const char mppe_magic2[] =
	"On the client side, this is the send key; on the server side, it is the receive key.";
static const char mppe_magic3[] =
	"On the client side, this is the receive key; on the server side, it is the send key.";

#define MPPE_SHS_PAD_LEN 40

/* RFC 3079 3.4 GetMasterKey: SHA1(PasswordHashHash | NTResponse | Magic1), first 16 bytes. */
int mppe_master_key(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
		    uint8_t master_key[static 16])
{
	uint8_t hash_hash[16], digest[AUTH_SHA1_LEN];
	const struct auth_part parts[] = {
		{ hash_hash, sizeof(hash_hash) },
		{ nt_response, MSCHAPV2_NT_RESPONSE_LEN },
		{ mppe_magic1, sizeof(mppe_magic1) - 1 },
	};
	int ret;

	ret = auth_md4(nt_hash, 16, hash_hash);	/* RFC 2759 8.4 HashNtPasswordHash */
	if (ret < 0)
		goto out;
	ret = auth_sha1(parts, 3, digest);
	if (ret == 0)
		memcpy(master_key, digest, MPPE_KEY_LEN);
out:
	explicit_bzero(hash_hash, sizeof(hash_hash));
	explicit_bzero(digest, sizeof(digest));
	return ret;
}

/*
 * RFC 3079 3.4 GetAsymmetricStartKey for 128-bit keys:
 * SHA1(MasterKey | SHSpad1 | magic | SHSpad2), first 16 bytes. SHSpad1 is 40 x 0x00, SHSpad2
 * 40 x 0xF2. The caller picks the magic for its side.
 */
static int start_key(const uint8_t master_key[static 16], const char *magic, size_t magic_len,
		     uint8_t key[static 16])
{
	static const uint8_t pad1[MPPE_SHS_PAD_LEN];
	uint8_t pad2[MPPE_SHS_PAD_LEN], digest[AUTH_SHA1_LEN];
	const struct auth_part parts[] = {
		{ master_key, MPPE_KEY_LEN },
		{ pad1, sizeof(pad1) },
		{ magic, magic_len },
		{ pad2, sizeof(pad2) },
	};
	int ret;

	memset(pad2, 0xF2, sizeof(pad2));
	ret = auth_sha1(parts, 4, digest);
	if (ret == 0)
		memcpy(key, digest, MPPE_KEY_LEN);
	explicit_bzero(digest, sizeof(digest));
	return ret;
}

/* Derives both keys of one side; send_magic/recv_magic say which side (RFC 3079 3.4). */
static int side_keys(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
		     const char *send_magic, const char *recv_magic,
		     uint8_t send_key[static 16], uint8_t recv_key[static 16])
{
	uint8_t master[MPPE_KEY_LEN];
	int ret;

	ret = mppe_master_key(nt_hash, nt_response, master);
	if (ret < 0)
		goto out;
	ret = start_key(master, send_magic, strlen(send_magic), send_key);
	if (ret < 0)
		goto out;
	ret = start_key(master, recv_magic, strlen(recv_magic), recv_key);
out:
	if (ret < 0) {
		explicit_bzero(send_key, MPPE_KEY_LEN);
		explicit_bzero(recv_key, MPPE_KEY_LEN);
	}
	explicit_bzero(master, sizeof(master));
	return ret;
}

/* RFC 3079 3.4: on the client, IsSend=TRUE uses Magic2 and IsSend=FALSE uses Magic3. */
int mppe_client_keys(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
		     uint8_t send_key[static 16], uint8_t recv_key[static 16])
{
	return side_keys(nt_hash, nt_response, mppe_magic2, mppe_magic3, send_key, recv_key);
}

/* RFC 3079 3.4: on the server, IsSend=TRUE uses Magic3 and IsSend=FALSE uses Magic2. */
int mppe_server_keys(const uint8_t nt_hash[static 16], const uint8_t nt_response[static 24],
		     uint8_t send_key[static 16], uint8_t recv_key[static 16])
{
	return side_keys(nt_hash, nt_response, mppe_magic3, mppe_magic2, send_key, recv_key);
}
