// SPDX-License-Identifier: MIT
/*
 * Scaffolding shared by the fuzz targets: the operation-sequence driver for the SSTP control cores
 * (client sstp_ctl, server sstp_srv), the MS-CHAPv2/PAP fixtures and record feeder for the CHAP
 * and EAP peer and authenticator targets, and the end-of-run checks of the EAP targets. Built into
 * every fuzz target and replayer (tests/CMakeLists.txt).
 */
#ifndef SX_TESTS_FUZZ_FZLIB_H
#define SX_TESTS_FUZZ_FZLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/eap_auth.h"
#include "ppp/pap.h"
#include "ppp/proto.h"
#include "sstp/sstp.h"

/* MS-SSTP 4.6: the nonce of the published Call Connect Ack and Call Connected examples. */
#define FZ_NONCE32 "\x41\x2B\x48\x9A\xEB\xD7\xEC\xC7\xD0\x89\x66\xF2\x6B\xE7\xCD\x72" \
		   "\xB2\x31\xA0\xE9\x21\x0D\x7C\x91\xB3\x08\x86\x2B\x03\x44\xC4\x35"

/* A canned packet written as a string literal. */
struct fz_bytes {
	const char *bytes;
	size_t len;
};
#define FZ_BYTES(s) { s, sizeof(s) - 1 }
#define FZ_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Operation sequences. One input byte picks an operation (op & ops->op_mask); the common ones are
 *   0 input: next byte L; L < 0x80 picks canned[L % n_canned], else the next L & 0x7f raw bytes
 *   1 tick after advancing the clock by the next byte * 100 ms
 *   3 disconnect   4 pop_tx   5 pop_event   6 note_rx   7 advance to the next deadline and tick
 * and every other value (2, and 8.. when op_mask is wider) goes to ops->other.
 * Invariants checked here: after a tick the deadline is never in the past; at most one DOWN, with
 * a reason, and no UP after it; FINISHED is the last event; once FINISHED, no deadline and nothing
 * new is queued (packets counted in exempt, e.g. injected faults, aside).
 */
struct fz_seq;

/* The verbs every core shares (convention 1), filled in by FZ_SEQ_CORE. */
struct fz_seq_verbs {
	void (*input)(void *core, const uint8_t *bytes, size_t len, uint64_t now);
	void (*tick)(void *core, uint64_t now);
	uint64_t (*next_deadline)(const void *core);
	void (*disconnect)(void *core, uint64_t now);
	void (*note_rx)(void *core, uint64_t now);
	bool (*finished)(const void *core);
	unsigned (*queued_tx)(const void *core);
	unsigned (*queued_ev)(const void *core);
};

struct fz_seq_ops {
	struct fz_seq_verbs verbs;
	const struct fz_bytes *canned;
	size_t n_canned;
	uint8_t op_mask;
	/* Pops one packet (then calls fz_seq_sent) / one event (then calls fz_seq_event). */
	void (*pop_tx)(struct fz_seq *s);
	void (*pop_event)(struct fz_seq *s);
	void (*other)(struct fz_seq *s, uint8_t op);
	/* Optional: sees every input (canned or raw) just before the core does. */
	void (*before_input)(struct fz_seq *s, const uint8_t *bytes, size_t len);
};

/* Embedded as the first member of a target's own run state. */
struct fz_seq {
	const struct fz_seq_ops *ops;
	void *core;
	const uint8_t *data;
	size_t size, pos;
	uint64_t now;
	unsigned popped, exempt, produced_at_finish;
	bool down_seen, finished_seen;
};

enum fz_ev { FZ_EV_UP, FZ_EV_DOWN, FZ_EV_FINISHED };

/* Resets s (clock at 1 ms) for core; start the core at s->now, then call fz_seq_run. */
void fz_seq_init(struct fz_seq *s, const struct fz_seq_ops *ops, void *core);
/* Runs the operations in data (borrowed), then drains every packet and event. */
void fz_seq_run(struct fz_seq *s, const uint8_t *data, size_t size);
/* Feeds bytes (borrowed) to the core through ops->before_input, as operation 0 does. */
void fz_seq_input(struct fz_seq *s, const uint8_t *bytes, size_t len);
/* The next argument byte, or 0 past the end. */
uint8_t fz_seq_byte(struct fz_seq *s);
/* Counts a popped packet; aborts when it does not parse and nothing was exempted. */
void fz_seq_sent(struct fz_seq *s, const uint8_t *buf, size_t len, struct sstp_msg *m);
/* Checks one popped event against the invariants above. */
void fz_seq_event(struct fz_seq *s, enum fz_ev ev, bool has_reason);

/*
 * Defines the fz_seq_verbs adapters for a core named PREFIX (struct PREFIX, PREFIX_input, _tick,
 * _next_deadline, _disconnect, _note_rx, _state, tx_n and ev_n); FZ_SEQ_VERBS(PREFIX) names them.
 */
#define FZ_SEQ_CORE(prefix, finished_state)                                                       \
	static void fz_##prefix##_input(void *c, const uint8_t *b, size_t n, uint64_t now)        \
	{                                                                                         \
		prefix##_input(c, b, n, now);                                                     \
	}                                                                                         \
	static void fz_##prefix##_tick(void *c, uint64_t now) { prefix##_tick(c, now); }          \
	static uint64_t fz_##prefix##_deadline(const void *c) { return prefix##_next_deadline(c); } \
	static void fz_##prefix##_disconnect(void *c, uint64_t now) { prefix##_disconnect(c, now); } \
	static void fz_##prefix##_note_rx(void *c, uint64_t now) { prefix##_note_rx(c, now); }   \
	static bool fz_##prefix##_finished(const void *c)                                         \
	{                                                                                         \
		return prefix##_state(c) == (finished_state);                                     \
	}                                                                                         \
	static unsigned fz_##prefix##_queued_tx(const void *c)                                    \
	{                                                                                         \
		return ((const struct prefix *)c)->call.tx_n;                                     \
	}                                                                                         \
	static unsigned fz_##prefix##_queued_ev(const void *c)                                    \
	{                                                                                         \
		return ((const struct prefix *)c)->call.ev_n;                                     \
	}
#define FZ_SEQ_VERBS(prefix)                                                                      \
	{ fz_##prefix##_input, fz_##prefix##_tick, fz_##prefix##_deadline,                        \
	  fz_##prefix##_disconnect, fz_##prefix##_note_rx, fz_##prefix##_finished,                \
	  fz_##prefix##_queued_tx, fz_##prefix##_queued_ev }

/* The largest frame fz_ppp_frame builds: FF 03, a 2-byte protocol and 255 information bytes. */
#define FZ_PPP_FRAME_MAX (4 + 255)

/*
 * Builds one PPP frame from an operation's argument bytes d[0..n) (borrowed): d[0] picks
 * protos[d[0] % n_protos] (0: no FF 03 + protocol header, the bytes go raw), d[1] is the
 * information length, capped by what is left, then those bytes. Sets *used to the argument bytes
 * consumed; returns false (all of d used, no frame) when n < 2.
 */
bool fz_ppp_frame(const uint8_t *d, size_t n, const uint16_t *protos, size_t n_protos,
		  uint8_t frame[static FZ_PPP_FRAME_MAX], size_t *len, size_t *used);

/*
 * CHAP and PAP, peer and authenticator. Both targets read byte 0 as: bit 0 PAP (1) or CHAP (0),
 * the bits above a knob; the rest is records of [length byte][packet bytes], one packet each.
 */
/* RFC 2759 9.2: NtPasswordHash("clientPass") and the AuthenticatorChallenge. */
extern const uint8_t fz_nt_hash_client_pass[16];
extern const uint8_t fz_auth_challenge[16];

/* Authenticator lookups that know one user, "User" with password "clientPass" (RFC 2759 9.2). */
bool fz_chap_lookup(void *ctx, const char *user, uint8_t nt_hash[static 16]);
bool fz_pap_lookup(void *ctx, const char *user, uint8_t password[static PAP_FIELD_MAX],
		   size_t *password_len);

typedef void (*fz_packet_fn)(void *obj, const uint8_t *pkt, size_t len, uint64_t now);
typedef void (*fz_auth_feed_fn)(struct ppp_ctx *ctx, unsigned knob, const uint8_t *data,
				size_t size);

/* Returns every queued frame of ctx to its pool. */
void fz_ppp_drain(struct ppp_ctx *ctx);
/*
 * Feeds each record of data to fn(obj, ..., now), draining ctx after each; the virtual clock starts
 * at 0 and advances by step_ms between records.
 */
void fz_records(struct ppp_ctx *ctx, const uint8_t *data, size_t size, uint64_t step_ms,
		fz_packet_fn fn, void *obj);
/*
 * The whole LLVMFuzzerTestOneInput of a CHAP/PAP target: a ppp_ctx over a static pool with counter
 * randomness, byte 0 dispatched to chap or pap with knob = byte 0 >> 1; aborts unless the pool is
 * whole afterwards.
 */
int fz_auth_one_input(const uint8_t *data, size_t size, fz_auth_feed_fn chap, fz_auth_feed_fn pap);

/*
 * What every EAP target checks when a run ends, aborting otherwise: a success has an MSK and, when
 * method is not 0, that method; a failure has a reason; the message fits.
 */
void fz_check_eap(const struct eap *e, uint8_t method);
/*
 * The same for the authenticator: a success has an HLAK (only when want_hlak: a fault's success
 * proves nothing and has none); a failure has a reason; the message fits.
 */
void fz_check_eap_auth(const struct eap_auth *a, bool want_hlak);

#endif
