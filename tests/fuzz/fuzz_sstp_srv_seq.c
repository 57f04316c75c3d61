// SPDX-License-Identifier: MIT
/*
 * libFuzzer operation-sequence target for sstp_srv. Each input byte picks an operation (low 4 bits)
 * with arguments from the bytes after it:
 *   0 input: next byte L; L < 0x80 picks a canned client packet, else the next L & 0x7f raw bytes
 *   1 tick after advancing the clock by the next byte * 100 ms     2 set_hlak (right or wrong)
 *   3 disconnect   4 pop_tx   5 pop_event   6 note_rx   7 advance to the next deadline and tick
 *   8 abort with the next byte as status   9 inject the fault (next byte)   10 set faults (next)
 *   11..15 input the canned packet 11..15 - 11 (the common path, short to reach)
 * Invariants: after a tick the deadline is never in the past; everything sent parses, except
 * injected faults; BOUND only with the right HLAK and only with the canned correct Call Connected;
 * at most one DOWN and one FINISHED, FINISHED last; nothing new is queued once FINISHED.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sstp/srv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NONCE32 "\x41\x2B\x48\x9A\xEB\xD7\xEC\xC7\xD0\x89\x66\xF2\x6B\xE7\xCD\x72" \
		"\xB2\x31\xA0\xE9\x21\x0D\x7C\x91\xB3\x08\x86\x2B\x03\x44\xC4\x35"
#define CERT32 "\x79\x93\xEF\x31\x4C\x49\x3D\xAC\xE9\xF0\x2D\x60\xE7\xE6\x1C\x84" \
	       "\xB6\x69\x0A\xAF\xE9\xD7\xAE\xEA\x92\xCB\xBE\x8A\xD5\x99\x42\x2D"
#define MAC32 "\x52\xA6\x8E\xFD\x8C\xFF\xBF\x52\x77\x0B\x8F\x0F\xE8\xEC\x73\x71" \
	      "\x65\x83\xAF\x6D\x61\x1E\xB6\xD1\x79\xB3\xB2\x08\x40\x98\x54\x49"
#define HLAK32 "\x2A\x1B\xB4\x0D\x55\xAB\x0F\x5E\xF3\x2F\x06\xF2\xB3\xCC\x73\xC4" \
	       "\x8F\xD3\xFA\xC4\x1D\x7A\x13\x15\xA1\x92\x28\xD9\x02\x4C\xA1\x64"
#define CC_HDR "\x10\x01\x00\x70\x00\x04\x00\x01\x00\x03\x00\x68\x00\x00\x00"

static const struct {
	const char *bytes;
	size_t len;
} canned[] = {
#define C(s) { s, sizeof(s) - 1 }
	C("\x10\x01\x00\x0e\x00\x01\x00\x01\x00\x01\x00\x06\x00\x01"),	/* Connect Request */
	C(CC_HDR "\x02" NONCE32 CERT32 MAC32),	/* MS-SSTP 4.6 SHA256 Call Connected */
	C("\x10\x01\x00\x08\x00\x08\x00\x00"),	/* Echo Request */
	C("\x10\x01\x00\x08\x00\x09\x00\x00"),	/* Echo Response */
	C("\x10\x01\x00\x08\x00\x06\x00\x00"),	/* Call Disconnect */
	C("\x10\x01\x00\x08\x00\x05\x00\x00"),	/* Call Abort */
	C("\x10\x01\x00\x08\x00\x07\x00\x00"),	/* Call Disconnect Ack */
	C(CC_HDR "\x01" NONCE32 CERT32 MAC32),	/* hash not offered (SHA1 claimed) */
	C(CC_HDR "\x02" CERT32 CERT32 MAC32),	/* wrong nonce */
	C("\x10\x01\x00\x0e\x00\x01\x00\x01\x00\x01\x00\x06\x00\x02"),	/* not PPP */
#undef C
};

struct run {
	struct sstp_srv srv;
	uint64_t now;
	unsigned popped, injected;
	unsigned produced_at_finish;
	bool good_hlak, good_cc, down_seen, finished_seen;
};

static unsigned produced(const struct run *r)
{
	return r->popped + r->srv.tx_n;
}

static void check_after_tick(struct run *r)
{
	uint64_t d = sstp_srv_next_deadline(&r->srv);

	if (d && d <= r->now)
		abort();
}

static void check_finished(struct run *r)
{
	if (sstp_srv_state(&r->srv) != SSTP_SRV_FINISHED)
		return;
	if (r->produced_at_finish == ~0u)
		r->produced_at_finish = produced(r) - r->injected;
	else if (produced(r) - r->injected != r->produced_at_finish)
		abort();
	if (sstp_srv_next_deadline(&r->srv))
		abort();
}

static void pop_tx(struct run *r)
{
	static uint8_t buf[SSTP_SRV_TX_MAX];
	struct sstp_msg m;
	size_t len;

	if (sstp_srv_pop_tx(&r->srv, buf, sizeof(buf), &len))
		return;
	r->popped++;
	/* Injected faults are the only packets allowed not to parse. */
	if (sstp_msg_parse(buf, len, &m, NULL) && !r->injected)
		abort();
}

static void pop_event(struct run *r)
{
	struct sstp_srv_event ev;

	if (sstp_srv_pop_event(&r->srv, &ev))
		return;
	if (r->finished_seen)
		abort();
	switch (ev.type) {
	case SSTP_SRV_EV_CALL_CONNECT:
		if (r->down_seen)
			abort();
		break;
	case SSTP_SRV_EV_BOUND:
		if (r->down_seen || !r->good_hlak || !r->good_cc)
			abort();
		break;
	case SSTP_SRV_EV_DOWN:
		if (r->down_seen || ev.reason == SX_REASON_NONE || !ev.text)
			abort();
		r->down_seen = true;
		break;
	case SSTP_SRV_EV_FINISHED:
		r->finished_seen = true;
		break;
	}
}

static void input_canned(struct run *r, size_t n)
{
	n %= sizeof(canned) / sizeof(canned[0]);
	if (n == 1 && sstp_srv_state(&r->srv) == SSTP_SRV_CONNECTED_PENDING && !r->srv.cc_held)
		r->good_cc = true;
	sstp_srv_input(&r->srv, (const uint8_t *)canned[n].bytes, canned[n].len, r->now);
}

static size_t op_input(struct run *r, const uint8_t *data, size_t size)
{
	size_t n;

	if (size < 1)
		return 0;
	if (data[0] < 0x80) {
		input_canned(r, data[0]);
		return 1;
	}
	n = data[0] & 0x7f;
	if (n > size - 1)
		n = size - 1;
	if (n == canned[1].len && !memcmp(data + 1, canned[1].bytes, n) &&
	    sstp_srv_state(&r->srv) == SSTP_SRV_CONNECTED_PENDING && !r->srv.cc_held)
		r->good_cc = true;
	sstp_srv_input(&r->srv, data + 1, n, r->now);
	return 1 + n;
}

static void op_set_hlak(struct run *r, const uint8_t *data, size_t size, size_t *i)
{
	uint8_t hlak[CBIND_HLAK_LEN];
	bool good = *i >= size || !(data[*i] & 1);

	memcpy(hlak, HLAK32, sizeof(hlak));
	if (*i < size)
		(*i)++;
	if (!good)
		hlak[0] ^= 1;
	if (!sstp_srv_set_hlak(&r->srv, hlak, r->now))
		r->good_hlak = good;
}

static uint8_t next_byte(const uint8_t *data, size_t size, size_t *i)
{
	return *i < size ? data[(*i)++] : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run r;
	struct sstp_srv_cfg cfg = { .offer = SSTP_HASH_SHA256, .negotiation_ms = 5000,
				    .hello_idle_ms = 3000, .hello_wait_ms = 2000 };
	size_t i = 0;
	uint64_t d;

	memset(&r, 0, sizeof(r));
	r.now = 1;
	r.produced_at_finish = ~0u;
	memcpy(cfg.nonce, NONCE32, SSTP_NONCE_LEN);
	memcpy(cfg.cert_sha256, CERT32, CBIND_FIELD_LEN);
	if (size && data[0] & 0x80)
		cfg.abort_after_ms = 4000;
	if (sstp_srv_init(&r.srv, &cfg) || sstp_srv_start(&r.srv, r.now))
		abort();
	while (i < size) {
		uint8_t op = data[i++];

		switch (op & 15) {
		case 0:
			i += op_input(&r, data + i, size - i);
			break;
		case 1:
			r.now += (uint64_t)next_byte(data, size, &i) * 100;
			sstp_srv_tick(&r.srv, r.now);
			check_after_tick(&r);
			break;
		case 2:
			op_set_hlak(&r, data, size, &i);
			break;
		case 3:
			sstp_srv_disconnect(&r.srv, r.now);
			break;
		case 4:
			pop_tx(&r);
			break;
		case 5:
			pop_event(&r);
			break;
		case 6:
			sstp_srv_note_rx(&r.srv, r.now);
			break;
		case 7:
			d = sstp_srv_next_deadline(&r.srv);
			if (d > r.now)
				r.now = d;
			sstp_srv_tick(&r.srv, r.now);
			check_after_tick(&r);
			break;
		case 8:
			sstp_srv_abort(&r.srv, next_byte(data, size, &i), r.now);
			break;
		case 9:
			if (!sstp_srv_inject(&r.srv, (enum sstp_srv_fault)(next_byte(data, size, &i) % 4)))
				r.injected++;
			break;
		case 10:
			sstp_srv_set_faults(&r.srv, next_byte(data, size, &i) & 3);
			break;
		default:
			input_canned(&r, (size_t)(op & 15) - 11);
			break;
		}
		check_finished(&r);
	}
	while (r.srv.tx_n)
		pop_tx(&r);
	while (r.srv.ev_n)
		pop_event(&r);
	return 0;
}
