// SPDX-License-Identifier: MIT
/* The client (sstp_ctl) and server (sstp_srv) control machines back to back in memory on one virtual clock, the way ELL tests its TLS pair. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sstp/srv.h"

#define MAX_EV 16

struct pair {
	struct sstp_ctl cli;
	struct sstp_srv srv;
	uint64_t now;
	uint8_t cli_hlak[CBIND_HLAK_LEN], srv_hlak[CBIND_HLAK_LEN];
	struct sstp_event cev[MAX_EV];
	struct sstp_srv_event sev[MAX_EV];
	unsigned n_cev, n_sev;
	uint64_t cli_down_at, srv_down_at;
	unsigned echo_req[2], echo_resp[2];	/* [0] sent by the client, [1] by the server */
};

static const uint8_t cert1[CBIND_FIELD_LEN] = { 0x11, 0x22, 0x33 };
static const uint8_t cert256[CBIND_FIELD_LEN] = { 0x44, 0x55, 0x66, [31] = 0x77 };

static void count(struct pair *p, const uint8_t *pkt, size_t len, int from_srv)
{
	struct sstp_msg m;

	assert_int_equal(sstp_msg_parse(pkt, len, &m, NULL), 0);
	if (m.type == SSTP_MSG_ECHO_REQUEST)
		p->echo_req[from_srv]++;
	if (m.type == SSTP_MSG_ECHO_RESPONSE)
		p->echo_resp[from_srv]++;
}

/* Drains events, reacting like the glue would: bind after Connect Ack, HLAK after CALL_CONNECT. */
static bool drain_events(struct pair *p)
{
	struct sstp_srv_event sev;
	struct sstp_event cev;
	bool any = false;

	while (!sstp_ctl_pop_event(&p->cli, &cev)) {
		assert_true(p->n_cev < MAX_EV);
		p->cev[p->n_cev++] = cev;
		any = true;
		if (cev.type == SSTP_EV_CONNECT_ACK)
			assert_int_equal(sstp_ctl_bind(&p->cli, p->cli_hlak, p->now), 0);
		if (cev.type == SSTP_EV_DOWN)
			p->cli_down_at = p->now;
	}
	while (!sstp_srv_pop_event(&p->srv, &sev)) {
		assert_true(p->n_sev < MAX_EV);
		p->sev[p->n_sev++] = sev;
		any = true;
		if (sev.type == SSTP_SRV_EV_CALL_CONNECT)
			assert_int_equal(sstp_srv_set_hlak(&p->srv, p->srv_hlak, p->now), 0);
		if (sev.type == SSTP_SRV_EV_DOWN)
			p->srv_down_at = p->now;
	}
	return any;
}

/* Moves packets both ways until nothing moves. */
static void pump(struct pair *p)
{
	uint8_t buf[SSTP_SRV_TX_MAX];
	bool moved = true;
	size_t len;

	while (moved) {
		moved = drain_events(p);
		while (!sstp_ctl_pop_tx(&p->cli, buf, sizeof(buf), &len)) {
			count(p, buf, len, 0);
			assert_int_equal(sstp_srv_input(&p->srv, buf, len, p->now), 0);
			moved = true;
		}
		while (!sstp_srv_pop_tx(&p->srv, buf, sizeof(buf), &len)) {
			count(p, buf, len, 1);
			assert_int_equal(sstp_ctl_input(&p->cli, buf, len, p->now), 0);
			moved = true;
		}
	}
}

static uint64_t earliest(const struct pair *p)
{
	uint64_t a = sstp_ctl_next_deadline(&p->cli), b = sstp_srv_next_deadline(&p->srv);

	if (!a)
		return b;
	return b && b < a ? b : a;
}

/* Runs the clock to `until`, stopping at every deadline on the way. */
static void run_until(struct pair *p, uint64_t until)
{
	uint64_t d;

	pump(p);
	while ((d = earliest(p)) && d <= until) {
		assert_true(d >= p->now);
		p->now = d;
		sstp_ctl_tick(&p->cli, p->now);
		sstp_srv_tick(&p->srv, p->now);
		pump(p);
	}
	if (until > p->now)
		p->now = until;
}

static void pair_init(struct pair *p, const struct sstp_ctl_cfg *ccfg, struct sstp_srv_cfg *scfg)
{
	memset(p, 0, sizeof(*p));
	p->now = 1000;
	for (unsigned i = 0; i < CBIND_HLAK_LEN; i++) {
		p->cli_hlak[i] = (uint8_t)(0xa0 + i);
		p->srv_hlak[i] = (uint8_t)(0xa0 + i);
	}
	for (unsigned i = 0; i < SSTP_NONCE_LEN; i++)
		scfg->nonce[i] = (uint8_t)(i * 7 + 1);
	memcpy(scfg->cert_sha1, cert1, CBIND_FIELD_LEN);
	memcpy(scfg->cert_sha256, cert256, CBIND_FIELD_LEN);
	assert_int_equal(sstp_ctl_init(&p->cli, ccfg), 0);
	assert_int_equal(sstp_ctl_set_cert_hash(&p->cli, CBIND_SHA1, cert1), 0);
	assert_int_equal(sstp_ctl_set_cert_hash(&p->cli, CBIND_SHA256, cert256), 0);
	assert_int_equal(sstp_srv_init(&p->srv, scfg), 0);
	assert_int_equal(sstp_srv_start(&p->srv, p->now), 0);
	assert_int_equal(sstp_ctl_start(&p->cli, p->now), 0);
}

static const struct sstp_event *cli_ev(const struct pair *p, enum sstp_event_type t)
{
	for (unsigned i = 0; i < p->n_cev; i++)
		if (p->cev[i].type == t)
			return &p->cev[i];
	return NULL;
}

static const struct sstp_srv_event *srv_ev(const struct pair *p, enum sstp_srv_event_type t)
{
	for (unsigned i = 0; i < p->n_sev; i++)
		if (p->sev[i].type == t)
			return &p->sev[i];
	return NULL;
}

static void full_call(uint8_t offer, uint8_t want)
{
	struct sstp_srv_cfg scfg = { .offer = offer };
	struct sstp_ctl_cfg ccfg = { 0 };
	struct pair p;

	pair_init(&p, &ccfg, &scfg);
	run_until(&p, 2000);
	assert_non_null(cli_ev(&p, SSTP_EV_CONNECTED));
	assert_int_equal(cli_ev(&p, SSTP_EV_CONNECTED)->hash, want);
	assert_non_null(srv_ev(&p, SSTP_SRV_EV_BOUND));
	assert_int_equal(srv_ev(&p, SSTP_SRV_EV_BOUND)->hash, want);
	assert_null(cli_ev(&p, SSTP_EV_DOWN));
	assert_null(srv_ev(&p, SSTP_SRV_EV_DOWN));
	assert_int_equal(sstp_ctl_state(&p.cli), SSTP_CTL_CONNECTED);
	assert_int_equal(sstp_srv_state(&p.srv), SSTP_SRV_CONNECTED);
}

static void call_sha256(void **state)
{
	(void)state;
	full_call(SSTP_HASH_SHA1 | SSTP_HASH_SHA256, SSTP_HASH_SHA256);
	full_call(SSTP_HASH_SHA256, SSTP_HASH_SHA256);
}

static void call_sha1_only(void **state)
{
	(void)state;
	full_call(SSTP_HASH_SHA1, SSTP_HASH_SHA1);
}

static void wrong_hlak_aborts(void **state)
{
	struct sstp_srv_cfg scfg = { 0 };
	struct sstp_ctl_cfg ccfg = { 0 };
	const struct sstp_event *down;
	struct pair p;

	(void)state;
	pair_init(&p, &ccfg, &scfg);
	p.cli_hlak[5] ^= 0x80;
	run_until(&p, 30000);
	assert_null(srv_ev(&p, SSTP_SRV_EV_BOUND));
	assert_string_equal(srv_ev(&p, SSTP_SRV_EV_DOWN)->text, "binding: MAC mismatch");
	down = cli_ev(&p, SSTP_EV_DOWN);
	assert_non_null(down);
	assert_int_equal(down->reason, SX_REASON_SERVER_ABORT);
	assert_true(down->has_status);
	assert_int_equal(down->status.status, SSTP_STATUS_INVALID_FRAME_RECEIVED);
	assert_int_equal(down->status.attr_id, SSTP_ATTR_CRYPTO_BINDING);
	assert_int_equal(sstp_ctl_state(&p.cli), SSTP_CTL_FINISHED);
	assert_int_equal(sstp_srv_state(&p.srv), SSTP_SRV_FINISHED);
}

static void echo_liveness_minutes(void **state)
{
	struct sstp_srv_cfg scfg = { .hello_idle_ms = 15000, .hello_wait_ms = 10000 };
	struct sstp_ctl_cfg ccfg = { 0 };
	struct pair p;

	(void)state;
	pair_init(&p, &ccfg, &scfg);
	run_until(&p, 10 * 60 * 1000);
	assert_null(cli_ev(&p, SSTP_EV_DOWN));
	assert_null(srv_ev(&p, SSTP_SRV_EV_DOWN));
	/* The client's 10 s idle timer fires first every time: ~one exchange per 10 s. */
	assert_true(p.echo_req[0] >= 55);
	assert_int_equal(p.echo_resp[1], p.echo_req[0]);
	assert_int_equal(sstp_ctl_state(&p.cli), SSTP_CTL_CONNECTED);
	assert_int_equal(sstp_srv_state(&p.srv), SSTP_SRV_CONNECTED);

	/* A client that does not probe (long idle): the server's echoes keep the call. */
	ccfg.hello_idle_ms = 3600000;
	ccfg.hello_wait_ms = 3600000;
	pair_init(&p, &ccfg, &scfg);
	run_until(&p, 5 * 60 * 1000);
	assert_null(cli_ev(&p, SSTP_EV_DOWN));
	assert_null(srv_ev(&p, SSTP_SRV_EV_DOWN));
	assert_true(p.echo_req[1] >= 15);
	assert_int_equal(p.echo_resp[0], p.echo_req[1]);
}

static void server_silent(void **state)
{
	struct sstp_srv_cfg scfg = { 0 };
	struct sstp_ctl_cfg ccfg = { .hello_idle_ms = 10000, .hello_wait_ms = 10000 };
	const struct sstp_event *down;
	uint64_t silent_at;
	struct pair p;

	(void)state;
	pair_init(&p, &ccfg, &scfg);
	run_until(&p, 60000);
	assert_non_null(srv_ev(&p, SSTP_SRV_EV_BOUND));
	silent_at = p.now;
	sstp_srv_set_faults(&p.srv, SSTP_SRV_F_SILENT);
	run_until(&p, silent_at + 120000);
	down = cli_ev(&p, SSTP_EV_DOWN);
	assert_non_null(down);
	assert_int_equal(down->reason, SX_REASON_PEER_SILENT);
	/* Within the client's bound: idle + wait after the last packet from the server. */
	assert_true(p.cli_down_at <= silent_at + 20000);
	assert_int_equal(sstp_ctl_state(&p.cli), SSTP_CTL_FINISHED);
}

static void client_disconnect(void **state)
{
	struct sstp_srv_cfg scfg = { 0 };
	struct sstp_ctl_cfg ccfg = { 0 };
	struct pair p;

	(void)state;
	pair_init(&p, &ccfg, &scfg);
	run_until(&p, 5000);
	assert_int_equal(sstp_ctl_disconnect(&p.cli, p.now), 0);
	run_until(&p, 20000);
	assert_int_equal(cli_ev(&p, SSTP_EV_DOWN)->reason, SX_REASON_USER);
	assert_non_null(cli_ev(&p, SSTP_EV_FINISHED));
	assert_int_equal(srv_ev(&p, SSTP_SRV_EV_DOWN)->reason, SX_REASON_SERVER_DISCONNECT);
	assert_string_equal(srv_ev(&p, SSTP_SRV_EV_DOWN)->text, "peer: Call Disconnect");
	assert_non_null(srv_ev(&p, SSTP_SRV_EV_FINISHED));
	assert_int_equal(sstp_ctl_next_deadline(&p.cli), 0);
	assert_int_equal(sstp_srv_next_deadline(&p.srv), 0);
}

/* The server's fault timer: Call Abort after N ms connected reaches the client as server-abort. */
static void server_abort_after(void **state)
{
	struct sstp_srv_cfg scfg = { .abort_after_ms = 30000 };
	struct sstp_ctl_cfg ccfg = { 0 };
	struct pair p;

	(void)state;
	pair_init(&p, &ccfg, &scfg);
	run_until(&p, 120000);
	assert_int_equal(cli_ev(&p, SSTP_EV_DOWN)->reason, SX_REASON_SERVER_ABORT);
	assert_int_equal(p.cli_down_at, 31000);
	assert_non_null(cli_ev(&p, SSTP_EV_FINISHED));
	assert_non_null(srv_ev(&p, SSTP_SRV_EV_FINISHED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(call_sha256),
		cmocka_unit_test(call_sha1_only),
		cmocka_unit_test(wrong_hlak_aborts),
		cmocka_unit_test(echo_liveness_minutes),
		cmocka_unit_test(server_silent),
		cmocka_unit_test(client_disconnect),
		cmocka_unit_test(server_abort_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
