// SPDX-License-Identifier: MIT
/*
 * libFuzzer operation-sequence target for sstp_srv. Each input byte picks an operation (low 4 bits)
 * with arguments from the bytes after it (the driver and common operations are in fzlib.c):
 *   0 input: next byte L; L < 0x80 picks a canned client packet, else the next L & 0x7f raw bytes
 *   1 tick after advancing the clock by the next byte * 100 ms     2 set_hlak (right or wrong)
 *   3 disconnect   4 pop_tx   5 pop_event   6 note_rx   7 advance to the next deadline and tick
 *   8 abort with the next byte as status   9 inject the fault (next byte)   10 set faults (next)
 *   11..15 input the canned packet 11..15 - 11 (the common path, short to reach)
 * Invariants: after a tick the deadline is never in the past; everything sent parses, except
 * injected faults; BOUND only with the right HLAK and only with the canned correct Call Connected;
 * at most one DOWN and one FINISHED, FINISHED last; nothing new is queued once FINISHED.
 */
#include <stdlib.h>
#include <string.h>

#include "fzlib.h"
#include "sstp/srv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CERT32 "\x79\x93\xEF\x31\x4C\x49\x3D\xAC\xE9\xF0\x2D\x60\xE7\xE6\x1C\x84" \
	       "\xB6\x69\x0A\xAF\xE9\xD7\xAE\xEA\x92\xCB\xBE\x8A\xD5\x99\x42\x2D"
#define MAC32 "\x52\xA6\x8E\xFD\x8C\xFF\xBF\x52\x77\x0B\x8F\x0F\xE8\xEC\x73\x71" \
	      "\x65\x83\xAF\x6D\x61\x1E\xB6\xD1\x79\xB3\xB2\x08\x40\x98\x54\x49"
#define HLAK32 "\x2A\x1B\xB4\x0D\x55\xAB\x0F\x5E\xF3\x2F\x06\xF2\xB3\xCC\x73\xC4" \
	       "\x8F\xD3\xFA\xC4\x1D\x7A\x13\x15\xA1\x92\x28\xD9\x02\x4C\xA1\x64"
#define CC_HDR "\x10\x01\x00\x70\x00\x04\x00\x01\x00\x03\x00\x68\x00\x00\x00"

static const struct fz_bytes canned[] = {
	FZ_BYTES("\x10\x01\x00\x0e\x00\x01\x00\x01\x00\x01\x00\x06\x00\x01"),	/* Connect Request */
	FZ_BYTES(CC_HDR "\x02" FZ_NONCE32 CERT32 MAC32),	/* MS-SSTP 4.6 SHA256 Call Connected */
	FZ_BYTES("\x10\x01\x00\x08\x00\x08\x00\x00"),	/* Echo Request */
	FZ_BYTES("\x10\x01\x00\x08\x00\x09\x00\x00"),	/* Echo Response */
	FZ_BYTES("\x10\x01\x00\x08\x00\x06\x00\x00"),	/* Call Disconnect */
	FZ_BYTES("\x10\x01\x00\x08\x00\x05\x00\x00"),	/* Call Abort */
	FZ_BYTES("\x10\x01\x00\x08\x00\x07\x00\x00"),	/* Call Disconnect Ack */
	FZ_BYTES(CC_HDR "\x01" FZ_NONCE32 CERT32 MAC32),	/* hash not offered (SHA1 claimed) */
	FZ_BYTES(CC_HDR "\x02" CERT32 CERT32 MAC32),	/* wrong nonce */
	FZ_BYTES("\x10\x01\x00\x0e\x00\x01\x00\x01\x00\x01\x00\x06\x00\x02"),	/* not PPP */
};

struct run {
	struct fz_seq seq;	/* first: the driver's callbacks cast back to struct run */
	struct sstp_srv srv;
	bool good_hlak, good_cc;
};

FZ_SEQ_CORE(sstp_srv, SSTP_SRV_FINISHED)

static void pop_tx(struct fz_seq *s)
{
	static uint8_t buf[SSTP_SRV_TX_MAX];
	struct run *r = (struct run *)s;
	struct sstp_msg m;
	size_t len;

	if (!sstp_srv_pop_tx(&r->srv, buf, sizeof(buf), &len))
		fz_seq_sent(s, buf, len, &m);
}

static void pop_event(struct fz_seq *s)
{
	struct run *r = (struct run *)s;
	struct sstp_srv_event ev;

	if (sstp_srv_pop_event(&r->srv, &ev))
		return;
	/* BOUND only after the right HLAK and the correct Call Connected. */
	if (ev.type == SSTP_SRV_EV_BOUND && (!r->good_hlak || !r->good_cc))
		abort();
	fz_seq_event(s, ev.type == SSTP_SRV_EV_DOWN ? FZ_EV_DOWN :
			ev.type == SSTP_SRV_EV_FINISHED ? FZ_EV_FINISHED : FZ_EV_UP,
		     ev.reason != SX_REASON_NONE && ev.text);
}

/* The correct Call Connected (canned[1]), canned or raw, while the server waits for it. */
static void before_input(struct fz_seq *s, const uint8_t *bytes, size_t len)
{
	struct run *r = (struct run *)s;

	if (len == canned[1].len && !memcmp(bytes, canned[1].bytes, len) &&
	    sstp_srv_state(&r->srv) == SSTP_SRV_CONNECTED_PENDING && !r->srv.cc_held)
		r->good_cc = true;
}

static void op_set_hlak(struct run *r)
{
	uint8_t hlak[CBIND_HLAK_LEN];
	bool good = !(fz_seq_byte(&r->seq) & 1);

	memcpy(hlak, HLAK32, sizeof(hlak));
	if (!good)
		hlak[0] ^= 1;
	if (!sstp_srv_set_hlak(&r->srv, hlak, r->seq.now))
		r->good_hlak = good;
}

/* Operations 2 and 8..15. */
static void other(struct fz_seq *s, uint8_t op)
{
	struct run *r = (struct run *)s;

	op &= 15;
	if (op == 2) {
		op_set_hlak(r);
	} else if (op == 8) {
		sstp_srv_abort(&r->srv, fz_seq_byte(s), s->now);
	} else if (op == 9) {
		if (!sstp_srv_inject(&r->srv, (enum sstp_srv_fault)(fz_seq_byte(s) % 4)))
			s->exempt++;
	} else if (op == 10) {
		sstp_srv_set_faults(&r->srv, fz_seq_byte(s) & 3);
	} else {
		fz_seq_input(s, (const uint8_t *)canned[op - 11].bytes, canned[op - 11].len);
	}
}

static const struct fz_seq_ops ops = {
	.verbs = FZ_SEQ_VERBS(sstp_srv), .canned = canned, .n_canned = FZ_COUNT(canned),
	.op_mask = 15, .pop_tx = pop_tx, .pop_event = pop_event, .other = other,
	.before_input = before_input,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	struct sstp_srv_cfg cfg = { .offer = SSTP_HASH_SHA256, .negotiation_ms = 5000,
				    .hello_idle_ms = 3000, .hello_wait_ms = 2000 };

	memset(&r, 0, sizeof(r));
	fz_seq_init(&r.seq, &ops, &r.srv);
	memcpy(cfg.nonce, FZ_NONCE32, SSTP_NONCE_LEN);
	memcpy(cfg.cert_sha256, CERT32, CBIND_FIELD_LEN);
	if (size && data[0] & 0x80)
		cfg.abort_after_ms = 4000;
	if (sstp_srv_init(&r.srv, &cfg) || sstp_srv_start(&r.srv, r.seq.now))
		abort();
	fz_seq_run(&r.seq, data, size);
	return 0;
}
