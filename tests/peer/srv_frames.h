// SPDX-License-Identifier: MIT
/*
 * PPP frames of a negotiation with the test server's authenticator (ppp/server.h) as hex for the
 * scripted-peer harness, with peer_srv_rand and peer_srv_cfg_default (tests/peer/srv_peer.h):
 * server magic 0x5a5a5a5a, the RFC 2759 9.2 challenge under the name "SE", addresses 10.9.0.x.
 * The client frames are the SoftEther-script ones (softether_frames.h: magic 0x1a2b3c4d, "User" /
 * "clientPass"), so Response and Success are the RFC 2759 9.2 vectors.
 */
#ifndef SX_TESTS_SRV_FRAMES_H
#define SX_TESTS_SRV_FRAMES_H

#include "tests/peer/softether_frames.h"

/* Our LCP Configure-Request <mru 1400> <auth chap-ms-v2> <magic 0x5a5a5a5a>, the client's Ack. */
#define S_LCP_REQ "ff 03 c0 21 01 01 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"
#define C_LCP_ACK "ff 03 c0 21 02 01 00 13 01 04 05 78 03 05 c2 23 81 05 06 5a 5a 5a 5a"
/* Our Ack of the client's request (SE_LCP_REQ1: <mru 1400> <magic 0x1a2b3c4d>). */
#define S_LCP_ACK "ff 03 c0 21 02 01 00 0e 01 04 05 78 05 06 1a 2b 3c 4d"
/* "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Access granted" (RFC 2759 9.2). */
#define S_SUCCESS                                                                            \
	"ff 03 c2 23 03 01 00 3f 53 3d 34 30 37 41 35 35 38 39 31 31 35 46 44 30 44 36 32"  \
	" 30 39 46 35 31 30 46 45 39 43 30 34 35 36 36 39 33 32 43 44 41 35 36 20 4d 3d 41" \
	" 63 63 65 73 73 20 67 72 61 6e 74 65 64"
/* IPCP: ours <addr 10.9.0.1>; the client's 0.0.0.0s Nak'd with 10.9.0.2 and DNS .53/.54. */
#define S_IPCP_REQ "ff 03 80 21 01 01 00 0a 03 06 0a 09 00 01"
#define C_IPCP_ACK "ff 03 80 21 02 01 00 0a 03 06 0a 09 00 01"
#define S_IPCP_NAK                                                                           \
	"ff 03 80 21 03 01 00 16 03 06 0a 09 00 02 81 06 0a 09 00 35 83 06 0a 09 00 36"
#define C_IPCP_REQ2                                                                          \
	"ff 03 80 21 01 02 00 16 03 06 0a 09 00 02 81 06 0a 09 00 35 83 06 0a 09 00 36"
#define S_IPCP_ACK2                                                                          \
	"ff 03 80 21 02 02 00 16 03 06 0a 09 00 02 81 06 0a 09 00 35 83 06 0a 09 00 36"
/* The client's Terminate-Ack of our first Terminate-Request (LCP id 2). */
#define C_LCP_TERMACK2 "ff 03 c0 21 06 02 00 04"

/* From open to LCP Opened and the first Challenge. */
#define SRV_LCP_OPEN_CHAP                                                                    \
	EXPECT_TX(S_LCP_REQ), SEND_RX(SE_LCP_REQ1), EXPECT_TX(S_LCP_ACK), SEND_RX(C_LCP_ACK),  \
	EXPECT_TX(SE_CHALLENGE)

/* From open to IP up with MS-CHAPv2 and DNS. */
#define SRV_UP_TO_IP                                                                         \
	SRV_LCP_OPEN_CHAP, SEND_RX(SE_RESPONSE), EXPECT_TX(S_SUCCESS), EXPECT_TX(S_IPCP_REQ),  \
	EXPECT_EVENT("auth-ok c223"), SEND_RX(SE_IPCP_REQ1), EXPECT_TX(S_IPCP_NAK),             \
	SEND_RX(C_IPCP_ACK), EXPECT_NO_EVENT(), SEND_RX(C_IPCP_REQ2), EXPECT_TX(S_IPCP_ACK2),   \
	EXPECT_EVENT("ip-up 10.9.0.1 peer 10.9.0.2 dns 10.9.0.53 10.9.0.54 mru 1400 mtu 1400")

#endif
