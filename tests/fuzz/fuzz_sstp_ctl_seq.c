// SPDX-License-Identifier: MIT
/*
 * libFuzzer operation-sequence target for sstp_ctl. Each input byte picks an operation (low 3 bits)
 * with arguments from the bytes after it:
 *   0 input: next byte L; L < 0x80 picks a canned server packet, else the next L & 0x7f raw bytes
 *   1 tick after advancing the clock by the next byte * 100 ms     2 bind
 *   3 disconnect   4 pop_tx   5 pop_event   6 note_rx   7 advance to the next deadline and tick
 * Invariants: after a tick the deadline is never in the past; everything sent parses; no Echo
 * Request before Call Connected; at most one DOWN and one FINISHED, FINISHED last; nothing new
 * is queued once FINISHED.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sstp/sstp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NONCE32 "\x41\x2B\x48\x9A\xEB\xD7\xEC\xC7\xD0\x89\x66\xF2\x6B\xE7\xCD\x72" \
		"\xB2\x31\xA0\xE9\x21\x0D\x7C\x91\xB3\x08\x86\x2B\x03\x44\xC4\x35"

static const struct {
	const char *bytes;
	size_t len;
} canned[] = {
#define C(s) { s, sizeof(s) - 1 }
	C("\x10\x01\x00\x30\x00\x02\x00\x01\x00\x04\x00\x28\x00\x00\x00\x02" NONCE32),
	C("\x10\x01\x00\x30\x00\x02\x00\x01\x00\x04\x00\x28\x00\x00\x00\x01" NONCE32),
	C("\x10\x01\x00\x30\x00\x02\x00\x01\x00\x04\x00\x28\x00\x00\x00\x00" NONCE32),
	C("\x10\x01\x00\x08\x00\x08\x00\x00"),	/* Echo Request */
	C("\x10\x01\x00\x08\x00\x09\x00\x00"),	/* Echo Response */
	C("\x10\x01\x00\x08\x00\x05\x00\x00"),	/* Call Abort */
	C("\x10\x01\x00\x08\x00\x06\x00\x00"),	/* Call Disconnect */
	C("\x10\x01\x00\x08\x00\x07\x00\x00"),	/* Call Disconnect Ack */
	C("\x10\x01\x00\x14\x00\x03\x00\x01\x00\x02\x00\x0c\x00\x00\x00\x01\x00\x00\x00\x04"),
	C("\x10\x01\x00\x0e\x00\x01\x00\x01\x00\x01\x00\x06\x00\x01"),
#undef C
};

struct run {
	struct sstp_ctl ctl;
	uint64_t now;
	unsigned popped;		/* messages popped so far */
	unsigned produced_at_finish;	/* popped + queued when FINISHED was reached, or ~0 */
	bool connected_sent, down_seen, finished_seen;
};

static unsigned produced(const struct run *r)
{
	return r->popped + r->ctl.tx_n;
}

static void check_after_tick(struct run *r)
{
	uint64_t d = sstp_ctl_next_deadline(&r->ctl);

	if (d && d <= r->now)
		abort();
}

static void check_finished(struct run *r)
{
	if (sstp_ctl_state(&r->ctl) != SSTP_CTL_FINISHED)
		return;
	if (r->produced_at_finish == ~0u)
		r->produced_at_finish = produced(r);
	else if (produced(r) != r->produced_at_finish)
		abort();
	if (sstp_ctl_next_deadline(&r->ctl))
		abort();
}

static void pop_tx(struct run *r)
{
	uint8_t buf[SSTP_CTL_TX_MAX];
	struct sstp_msg m;
	size_t len;

	if (sstp_ctl_pop_tx(&r->ctl, buf, sizeof(buf), &len))
		return;
	r->popped++;
	if (sstp_msg_parse(buf, len, &m, NULL))
		abort();
	if (m.type == SSTP_MSG_CALL_CONNECTED)
		r->connected_sent = true;
	if (m.type == SSTP_MSG_ECHO_REQUEST && !r->connected_sent)
		abort();
}

static void pop_event(struct run *r)
{
	struct sstp_event ev;

	if (sstp_ctl_pop_event(&r->ctl, &ev))
		return;
	if (r->finished_seen)
		abort();
	switch (ev.type) {
	case SSTP_EV_CONNECT_ACK:
	case SSTP_EV_CONNECTED:
		if (r->down_seen)
			abort();
		break;
	case SSTP_EV_DOWN:
		if (r->down_seen || ev.reason == SX_REASON_NONE)
			abort();
		r->down_seen = true;
		break;
	case SSTP_EV_FINISHED:
		r->finished_seen = true;
		break;
	}
}

static size_t op_input(struct run *r, const uint8_t *data, size_t size)
{
	size_t n;

	if (size < 1)
		return 0;
	if (data[0] < 0x80) {
		n = data[0] % (sizeof(canned) / sizeof(canned[0]));
		sstp_ctl_input(&r->ctl, (const uint8_t *)canned[n].bytes, canned[n].len, r->now);
		return 1;
	}
	n = data[0] & 0x7f;
	if (n > size - 1)
		n = size - 1;
	sstp_ctl_input(&r->ctl, data + 1, n, r->now);
	return 1 + n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t hlak[CBIND_HLAK_LEN] = { 1, 2, 3 }, cert[CBIND_FIELD_LEN] = { 4, 5, 6 };
	struct sstp_ctl_cfg cfg = { .negotiation_ms = 5000, .hello_idle_ms = 3000 };
	struct run r = { .now = 1, .produced_at_finish = ~0u };
	size_t i = 0;
	uint64_t d;

	sstp_ctl_init(&r.ctl, &cfg);
	sstp_ctl_set_cert_hash(&r.ctl, CBIND_SHA1, cert);
	sstp_ctl_set_cert_hash(&r.ctl, CBIND_SHA256, cert);
	if (sstp_ctl_start(&r.ctl, r.now))
		abort();
	while (i < size) {
		uint8_t op = data[i++];

		switch (op & 7) {
		case 0:
			i += op_input(&r, data + i, size - i);
			break;
		case 1:
			if (i < size)
				r.now += (uint64_t)data[i++] * 100;
			sstp_ctl_tick(&r.ctl, r.now);
			check_after_tick(&r);
			break;
		case 2:
			sstp_ctl_bind(&r.ctl, hlak, r.now);
			break;
		case 3:
			sstp_ctl_disconnect(&r.ctl, r.now);
			break;
		case 4:
			pop_tx(&r);
			break;
		case 5:
			pop_event(&r);
			break;
		case 6:
			sstp_ctl_note_rx(&r.ctl, r.now);
			break;
		case 7:
			d = sstp_ctl_next_deadline(&r.ctl);
			if (d > r.now)
				r.now = d;
			sstp_ctl_tick(&r.ctl, r.now);
			check_after_tick(&r);
			break;
		}
		check_finished(&r);
	}
	while (r.ctl.tx_n)
		pop_tx(&r);
	while (r.ctl.ev_n)
		pop_event(&r);
	return 0;
}
