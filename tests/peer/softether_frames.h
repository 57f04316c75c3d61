// SPDX-License-Identifier: MIT
/*
 * PPP frames of a SoftEther-like negotiation as hex for the scripted-peer harness
 * (tests/peer/peer.h), as /work/shared/softether.md records that server: it waits for our LCP Configure-Request, asks
 * for EAP first, rejects Magic-Number, then MS-CHAPv2. The client side assumes peer_script_rand
 * (magic 0x1a2b3c4d, the RFC 2759 9.2 peer challenge) and user "User" / password "clientPass",
 * so Response and Success are the RFC 2759 9.2 vectors.
 */
#ifndef SX_TESTS_SOFTETHER_FRAMES_H
#define SX_TESTS_SOFTETHER_FRAMES_H

/* LCP as the client sends it: Configure-Request <mru 1400> <magic 0x1a2b3c4d>. */
#define SE_LCP_REQ1 "ff 03 c0 21 01 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"
/* After SoftEther rejects Magic-Number: <mru 1400> alone. */
#define SE_LCP_REQ2 "ff 03 c0 21 01 02 00 08 01 04 05 78"
#define SE_LCP_ACK2 "ff 03 c0 21 02 02 00 08 01 04 05 78"
/* The server's requests: EAP first, then MS-CHAPv2 (C2 23 81) after our Nak. */
#define SE_SRV_REQ_EAP "ff 03 c0 21 01 01 00 08 03 04 c2 27"
#define SE_NAK_EAP "ff 03 c0 21 03 01 00 09 03 05 c2 23 81"
#define SE_SRV_REQ_MSCHAPV2 "ff 03 c0 21 01 02 00 09 03 05 c2 23 81"
#define SE_ACK_MSCHAPV2 "ff 03 c0 21 02 02 00 09 03 05 c2 23 81"
#define SE_REJ_MAGIC "ff 03 c0 21 04 01 00 0a 05 06 1a 2b 3c 4d"
/* RFC 2759 9.2 Challenge (name "SE") and the Response the vectors give. */
#define SE_CHALLENGE \
	"ff 03 c2 23 01 01 00 17 10 5b 5d 7c 7d 7b 3f 2f 3e 3c 2c 60 21 32 26 26 28 53 45"
#define SE_RESPONSE                                                                          \
	"ff 03 c2 23 02 01 00 3a 31 21 40 23 24 25 5e 26 2a 28 29 5f 2b 3a 33 7c 7e"       \
	" 00 00 00 00 00 00 00 00 82 30 9e cd 8d 70 8b 5e a0 8f aa 39 81 cd 83 54 42 33"   \
	" 11 4a 3d 85 d6 df 00 55 73 65 72"
/* "S=407A5589115FD0D6209F510FE9C04566932CDA56", SoftEther style (no M=). */
#define SE_SUCCESS                                                                           \
	"ff 03 c2 23 03 01 00 2e 53 3d 34 30 37 41 35 35 38 39 31 31 35 46 44 30 44 36 32"  \
	" 30 39 46 35 31 30 46 45 39 43 30 34 35 36 36 39 33 32 43 44 41 35 36"
/* IPCP: <addr 0.0.0.0> <dns1 0.0.0.0> <dns2 0.0.0.0> */
#define SE_IPCP_REQ1 "ff 03 80 21 01 01 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"
#define SE_SRV_IPCP_REQ "ff 03 80 21 01 01 00 0a 03 06 c0 a8 1e 01"
#define SE_IPCP_ACK_SRV "ff 03 80 21 02 01 00 0a 03 06 c0 a8 1e 01"

/* The LCP part every SoftEther-like script shares, up to LCP Opened with MS-CHAPv2. */
#define SOFTETHER_LCP_ONLY                                                                 \
	EXPECT_TX(SE_LCP_REQ1),                                                               \
	/* SoftEther sends LCP Echo-Requests (magic 0) before LCP opens: discarded. */      \
	SEND_RX("ff 03 c0 21 09 00 00 08 00 00 00 00"),                                    \
	EXPECT_NO_TX(),                                                                    \
	SEND_RX(SE_SRV_REQ_EAP),                                                              \
	EXPECT_TX(SE_NAK_EAP),                                                                \
	SEND_RX(SE_REJ_MAGIC),                                                                \
	EXPECT_TX(SE_LCP_REQ2),                                                               \
	SEND_RX(SE_SRV_REQ_MSCHAPV2),                                                         \
	EXPECT_TX(SE_ACK_MSCHAPV2),                                                           \
	SEND_RX(SE_LCP_ACK2),                                                                 \
	EXPECT_NO_TX(),                                                                    \
	EXPECT_NO_EVENT()

/* ... then the Challenge and our Response (RFC 2759 9.2). */
#define SOFTETHER_LCP_AND_CHAP_FAIL                                                        \
	SOFTETHER_LCP_ONLY,                                                                \
	/* IPCP before the network phase is discarded (RFC 1661 3.4). */                  \
	SEND_RX(SE_SRV_IPCP_REQ),                                                             \
	EXPECT_NO_TX(),                                                                    \
	SEND_RX(SE_CHALLENGE),                                                                \
	EXPECT_TX(SE_RESPONSE)

#define SOFTETHER_LCP_AND_CHAP                                                             \
	SOFTETHER_LCP_AND_CHAP_FAIL,                                                       \
	SEND_RX(SE_SUCCESS),                                                                  \
	EXPECT_EVENT("auth-ok c223")

#endif
