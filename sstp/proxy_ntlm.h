// SPDX-License-Identifier: MIT
/* The NTLM messages (MS-NLMP 2.2.1) carried in Proxy-Authorization. */
#ifndef SX_SSTP_PROXY_NTLM_H
#define SX_SSTP_PROXY_NTLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sstp/proxy_types.h"

#define NTLM_FLAG_UNICODE 0x00000001u
#define NTLM_FLAG_OEM 0x00000002u
#define NTLM_FLAG_REQUEST_TARGET 0x00000004u
#define NTLM_FLAG_NTLM 0x00000200u
#define NTLM_FLAG_ALWAYS_SIGN 0x00008000u
#define NTLM_FLAG_EXTENDED_SESSIONSECURITY 0x00080000u
#define NTLM_FLAG_TARGET_INFO 0x00800000u
#define NTLM_TARGET_INFO_MAX 1024

/* The NEGOTIATE message in base64 (with a NUL); its length or -EMSGSIZE. */
int proxy_ntlm_negotiate(char *out, size_t cap);

/* The parts of a CHALLENGE message an NTLMv2 client uses; target_info points into the message. */
struct ntlm_challenge {
	uint32_t flags;
	uint8_t server_challenge[8];
	const uint8_t *target_info;
	size_t target_info_len;
	bool has_time;
	uint64_t time;		/* MsvAvTimestamp */
};

/* Parses a CHALLENGE (borrowed); an out-of-bounds TargetInfo is treated as absent. 0 or -EBADMSG. */
int proxy_ntlm_parse_challenge(const uint8_t *msg, size_t len, struct ntlm_challenge *c);

/* The AUTHENTICATE for p's credentials and p->ntlm_token, in base64; its length or an error. */
int proxy_ntlm_authenticate(struct proxy_http *p, char *out, size_t cap);

#endif
