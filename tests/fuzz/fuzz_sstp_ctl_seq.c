// SPDX-License-Identifier: MIT
/*
 * libFuzzer operation-sequence target for sstp_ctl. Each input byte picks an operation (low 3 bits)
 * with arguments from the bytes after it (the driver and common operations are in fzlib.c):
 *   0 input: next byte L; L < 0x80 picks a canned server packet, else the next L & 0x7f raw bytes
 *   1 tick after advancing the clock by the next byte * 100 ms     2 bind
 *   3 disconnect   4 pop_tx   5 pop_event   6 note_rx   7 advance to the next deadline and tick
 * Invariants: after a tick the deadline is never in the past; everything sent parses; no Echo
 * Request before Call Connected; at most one DOWN and one FINISHED, FINISHED last; nothing new
 * is queued once FINISHED.
 */
#include <stdlib.h>

#include "fzlib.h"
#include "sstp/sstp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct fz_bytes canned[] = {
	FZ_BYTES("\x10\x01\x00\x30\x00\x02\x00\x01\x00\x04\x00\x28\x00\x00\x00\x02" FZ_NONCE32),
	FZ_BYTES("\x10\x01\x00\x30\x00\x02\x00\x01\x00\x04\x00\x28\x00\x00\x00\x01" FZ_NONCE32),
	FZ_BYTES("\x10\x01\x00\x30\x00\x02\x00\x01\x00\x04\x00\x28\x00\x00\x00\x00" FZ_NONCE32),
	FZ_BYTES("\x10\x01\x00\x08\x00\x08\x00\x00"),	/* Echo Request */
	FZ_BYTES("\x10\x01\x00\x08\x00\x09\x00\x00"),	/* Echo Response */
	FZ_BYTES("\x10\x01\x00\x08\x00\x05\x00\x00"),	/* Call Abort */
	FZ_BYTES("\x10\x01\x00\x08\x00\x06\x00\x00"),	/* Call Disconnect */
	FZ_BYTES("\x10\x01\x00\x08\x00\x07\x00\x00"),	/* Call Disconnect Ack */
	FZ_BYTES("\x10\x01\x00\x14\x00\x03\x00\x01\x00\x02\x00\x0c\x00\x00\x00\x01\x00\x00\x00\x04"),
	FZ_BYTES("\x10\x01\x00\x0e\x00\x01\x00\x01\x00\x01\x00\x06\x00\x01"),
};

struct run {
	struct fz_seq seq;	/* first: the driver's callbacks cast back to struct run */
	struct sstp_ctl ctl;
	bool connected_sent;
};

FZ_SEQ_CORE(sstp_ctl, SSTP_CTL_FINISHED)

static void pop_tx(struct fz_seq *s)
{
	struct run *r = (struct run *)s;
	uint8_t buf[SSTP_CTL_TX_MAX];
	struct sstp_msg m;
	size_t len;

	if (sstp_ctl_pop_tx(&r->ctl, buf, sizeof(buf), &len))
		return;
	fz_seq_sent(s, buf, len, &m);
	if (m.type == SSTP_MSG_CALL_CONNECTED)
		r->connected_sent = true;
	if (m.type == SSTP_MSG_ECHO_REQUEST && !r->connected_sent)
		abort();
}

static void pop_event(struct fz_seq *s)
{
	struct run *r = (struct run *)s;
	struct sstp_event ev;

	if (sstp_ctl_pop_event(&r->ctl, &ev))
		return;
	/* Connect Ack and Connected are both "up" for the ordering invariants. */
	fz_seq_event(s, ev.type == SSTP_EV_DOWN ? FZ_EV_DOWN :
			ev.type == SSTP_EV_FINISHED ? FZ_EV_FINISHED : FZ_EV_UP,
		     ev.reason != SX_REASON_NONE);
}

/* Operation 2: bind with a fixed HLAK. */
static void other(struct fz_seq *s, uint8_t op)
{
	static const uint8_t hlak[CBIND_HLAK_LEN] = { 1, 2, 3 };
	struct run *r = (struct run *)s;

	(void)op;
	sstp_ctl_bind(&r->ctl, hlak, s->now);
}

static const struct fz_seq_ops ops = {
	.verbs = FZ_SEQ_VERBS(sstp_ctl), .canned = canned, .n_canned = FZ_COUNT(canned),
	.op_mask = 7, .pop_tx = pop_tx, .pop_event = pop_event, .other = other,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t cert[CBIND_FIELD_LEN] = { 4, 5, 6 };
	struct sstp_ctl_cfg cfg = { .negotiation_ms = 5000, .hello_idle_ms = 3000 };
	struct run r = { .connected_sent = false };

	fz_seq_init(&r.seq, &ops, &r.ctl);
	sstp_ctl_init(&r.ctl, &cfg);
	sstp_ctl_set_cert_hash(&r.ctl, CBIND_SHA1, cert);
	sstp_ctl_set_cert_hash(&r.ctl, CBIND_SHA256, cert);
	if (sstp_ctl_start(&r.ctl, r.seq.now))
		abort();
	fz_seq_run(&r.seq, data, size);
	return 0;
}
