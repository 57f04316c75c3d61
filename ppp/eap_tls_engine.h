// SPDX-License-Identifier: MIT
/*
 * The TLS engine that EAP methods carrying TLS (EAP-TLS type 13, PEAP type 25) drive: an ops table
 * and an opaque pointer, injected by the caller, so ppp/ stays free of I/O and of any TLS library.
 * The one implementation is tools/tlsio/eaptls.c (wolfSSL over memory buffers, client and server
 * role); tests may pass their own.
 *
 * The engine never touches the network: TLS records go in through input() and come out through
 * out_take(). The EAP method cuts and reassembles them (ppp/eap_frag.h) and carries them in EAP
 * Requests/Responses. Its role (client for sstpx, server for sstpx-testserver) and its trust and
 * certificate settings are fixed when the engine is created (eaptls_new in tools/tlsio/eaptls.h).
 *
 * Ownership: buffers passed in are borrowed for the call; the engine copies what it keeps.
 * Errors follow conventions.md 8: a TLS failure is not an error return but status() FAILED with
 * failure() naming the cause; calls return -ENOMEM or -EPROTO (called in the wrong status) only.
 *
 * ## How a method drives it (EAP-TLS, RFC 5216 2.1; PEAP phase 1, MS-PEAP 3.1.5.2)
 *   start()                       on the server's Start (S flag). A client queues its ClientHello;
 *                                 a server waits for one. A second start() begins a new session.
 *   out_len() / out_take()        after every call: what is queued is the next EAP message (one
 *                                 TLS flight), fragmented by eap_frag_tx. Take it all at once.
 *   input(reassembled message)    each whole TLS message from the peer; the engine answers by
 *                                 queueing bytes. Always drain out_* afterwards, even once the
 *                                 status is ESTABLISHED (TLS 1.3: the client's last flight is
 *                                 queued when the handshake already counts as done) or FAILED (the
 *                                 alert to send).
 *   status()                      HANDSHAKE, ESTABLISHED (keys exportable, application data
 *                                 flows) or FAILED (failure() says why; the session is dead).
 *
 * ## Peer verification
 *   Client role: the server's certificate is checked during the handshake, as the outer TLS of
 *   sstpx checks its server (tools/sstpx/tls.h): chain to the CA file or the system store, the
 *   expected name (DNS name or IP address), pins (a pin alone is the trust anchor), or nothing
 *   with insecure. A refusal ends the handshake with FAILED / EAP_TLS_FAIL_PEER_CERT and queues the
 *   alert for the server. Server role: the client's certificate must chain to the configured CA.
 *   peer_verified() tells afterwards whether the peer presented a certificate that passed.
 *
 * ## How PEAP uses it (MS-PEAP 3.1.5.6, 3.1.5.5.2.1)
 *   Phase 1 is the handshake above. In phase 2, once status() is ESTABLISHED:
 *   - input(message) with each reassembled PEAP message from the server, then read() in a loop
 *     until -EAGAIN: each call returns the plaintext of application data (one compressed inner
 *     EAP packet, or a full-header TLV packet); TLS 1.3 post-handshake messages are consumed.
 *   - write(plaintext) encrypts one inner packet into the out queue; then out_take() and send it
 *     as the PEAP Response (fragmented if it must be).
 *   - export_key("client EAP encryption", NULL, 0, tk, 60 or 128): TK / Key_Material for TLS 1.2
 *     and earlier (the RFC 5705 exporter without context = TLS-PRF(master, label, client.random ||
 *     server.random), which is what MS-PEAP and RFC 5216 2.3 define).
 * ## How EAP-TLS uses the keys
 *   TLS <= 1.2 (RFC 5216 2.3): export_key("client EAP encryption", NULL, 0, km, 128); MSK =
 *   km[0..63], EMSK = km[64..127]. TLS 1.3 (RFC 9190 2.3): export_key(
 *   "EXPORTER_EAP_TLS_Key_Material", (uint8_t[]){ 0x0d }, 1, km, 128). version() chooses.
 *   A NULL context means "no context" (RFC 5705 4); a non-NULL one of length 0 is an empty context,
 *   which is different.
 */
#ifndef SX_PPP_EAP_TLS_ENGINE_H
#define SX_PPP_EAP_TLS_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum eap_tls_status {
	EAP_TLS_IDLE,		/* no session: before start() or after stop() */
	EAP_TLS_HANDSHAKE,
	EAP_TLS_ESTABLISHED,
	EAP_TLS_FAILED,
};

/* Why a session failed (failure()). */
enum eap_tls_fail {
	EAP_TLS_FAIL_NONE,
	EAP_TLS_FAIL_PEER_CERT,	/* we refused the peer's certificate (or it sent none and must) */
	EAP_TLS_FAIL_REFUSED,	/* the peer sent a fatal alert: it refused us (our certificate, ...) */
	EAP_TLS_FAIL_PROTOCOL,	/* malformed or unexpected TLS records from the peer */
	EAP_TLS_FAIL_OTHER,	/* no common version or suite, out of memory, ... */
};

#define EAP_TLS_V12 0x0303
#define EAP_TLS_V13 0x0304

struct eap_tls_ops {
	/* Begins a new session (dropping any previous one). 0 or -ENOMEM. */
	int (*start)(void *priv);
	/* TLS bytes from the peer (borrowed), processed at once. 0, -EPROTO when IDLE, -ENOMEM. */
	int (*input)(void *priv, const uint8_t *in, size_t len);
	/* Octets queued for the peer. */
	size_t (*out_len)(void *priv);
	/* Moves up to cap queued octets into out; returns how many. */
	size_t (*out_take)(void *priv, uint8_t *out, size_t cap);
	enum eap_tls_status (*status)(void *priv);
	/* After FAILED: the cause, and words for it (NUL-terminated, at most cap) in why. */
	enum eap_tls_fail (*failure)(void *priv, char *why, size_t cap);
	/* ESTABLISHED: plaintext received, > 0 octets; -EAGAIN when none is buffered; -EPROTO. */
	int (*read)(void *priv, uint8_t *buf, size_t cap);
	/* ESTABLISHED: encrypts len octets into the out queue. len, or -EPROTO / -ENOMEM. */
	int (*write)(void *priv, const uint8_t *buf, size_t len);
	/* The negotiated version (EAP_TLS_V12, EAP_TLS_V13), 0 before ESTABLISHED. */
	uint16_t (*version)(void *priv);
	/*
	 * ESTABLISHED: RFC 5705 / RFC 8446 7.5 exporter. context NULL = no context. 0, or -EPROTO
	 * (not established, or the library refused the label).
	 */
	int (*export_key)(void *priv, const char *label, const uint8_t *context, size_t context_len,
			  uint8_t *out, size_t len);
	/* ESTABLISHED: the peer presented a certificate and it passed verification. */
	bool (*peer_verified)(void *priv);
	/* Ends the session (no close_notify: EAP has its own end) and forgets it; back to IDLE. */
	void (*stop)(void *priv);
};

struct eap_tls_engine {
	const struct eap_tls_ops *ops;
	void *priv;
};

#endif
