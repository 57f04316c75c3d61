// SPDX-License-Identifier: MIT
/*
 * tools/tlsio's read-ahead: a real TLS 1.3 session between a tlsio server and a tlsio client, each
 * on its own socketpair, with the test relaying the bytes so it decides where they are cut. After
 * the handshake one recv(2) serves several records; records cut at every byte, a FIN or a reset in
 * the middle of a record, and data sent right behind the handshake all come out right.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include "tlsio/tlsio.h"

static char dir[64];
static char certfile[96], keyfile[96];

/*
 * cfd: the client's socket; crelay: the test's end of it. sfd/srelay: the same for the server.
 * wire: the server's bytes taken from srelay, not yet given to crelay.
 */
struct pair {
	void *cctx, *sctx;
	struct tlsio cli, srv;
	int cfd, crelay, sfd, srelay;
	uint8_t wire[1 << 18];
	size_t wire_len;
};

static int setup(void **state)
{
	char cmd[512];

	(void)state;
	strcpy(dir, "/tmp/test_tlsio_ra.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(certfile, sizeof(certfile), "%s/srv.pem", dir);
	snprintf(keyfile, sizeof(keyfile), "%s/srv.key", dir);
	snprintf(cmd, sizeof(cmd),
		 "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
		 "-subj /CN=ra.test -keyout '%s' -out '%s' 2>/dev/null", keyfile, certfile);
	return system(cmd) ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* Non-blocking, with room for a whole test stream in flight (AF_UNIX counts the sender's buffer). */
static void prepare(int fd)
{
	int sz = 1 << 20;

	assert_int_equal(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz)), 0);
}

/* Everything readable on from goes to to (both test ends), or into buf when to is -1. */
static size_t relay(int from, int to, uint8_t *buf, size_t cap)
{
	uint8_t tmp[8192];
	size_t moved = 0;
	ssize_t n;

	while ((n = read(from, tmp, sizeof(tmp))) > 0) {
		if (to >= 0) {
			assert_int_equal(write(to, tmp, (size_t)n), n);
		} else {
			assert_true(moved + (size_t)n <= cap);
			memcpy(buf + moved, tmp, (size_t)n);
		}
		moved += (size_t)n;
	}
	return moved;
}

/* Writes len bytes to the client through its relay end. */
static void feed(struct pair *p, const uint8_t *b, size_t len)
{
	assert_int_equal(write(p->crelay, b, len), (ssize_t)len);
}

static struct pair *pair_new(void)
{
	struct tlsio_policy pol = { .min = TLSIO_TLS13, .ciphers = "TLS13-AES128-GCM-SHA256" };
	struct pair *p = calloc(1, sizeof(*p));
	const char *why;
	int sv[2];

	assert_non_null(p);
	assert_int_equal(tlsio_ctx_new(&p->cctx, TLSIO_CLIENT, &pol, &why), 0);
	assert_int_equal(tlsio_ctx_new(&p->sctx, TLSIO_SERVER, &pol, &why), 0);
	wolfSSL_CTX_set_verify(p->cctx, WOLFSSL_VERIFY_NONE, NULL);
	assert_int_equal(wolfSSL_CTX_use_certificate_file(p->sctx, certfile, WOLFSSL_FILETYPE_PEM),
			 WOLFSSL_SUCCESS);
	assert_int_equal(wolfSSL_CTX_use_PrivateKey_file(p->sctx, keyfile, WOLFSSL_FILETYPE_PEM),
			 WOLFSSL_SUCCESS);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	p->cfd = sv[0];
	p->crelay = sv[1];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	p->sfd = sv[0];
	p->srelay = sv[1];
	prepare(p->cfd);
	prepare(p->crelay);
	prepare(p->sfd);
	prepare(p->srelay);
	assert_int_equal(tlsio_start(&p->cli, p->cctx, p->cfd), 0);
	assert_int_equal(tlsio_start(&p->srv, p->sctx, p->sfd), 0);
	return p;
}

/* Both handshakes, every byte relayed at once. The client's NewSessionTicket is read. */
static void handshake(struct pair *p)
{
	int c = -EAGAIN, s = -EAGAIN;

	for (int i = 0; i < 50 && (c || s); i++) {
		if (c == -EAGAIN)
			c = tlsio_handshake(&p->cli, TLSIO_CLIENT);
		if (s == -EAGAIN)
			s = tlsio_handshake(&p->srv, TLSIO_SERVER);
		relay(p->crelay, p->srelay, NULL, 0);
		relay(p->srelay, p->crelay, NULL, 0);
	}
	assert_int_equal(c, 0);
	assert_int_equal(s, 0);
}

static void pair_free(struct pair *p)
{
	tlsio_end(&p->cli, false);
	tlsio_end(&p->srv, false);
	tlsio_ctx_free(p->cctx);
	tlsio_ctx_free(p->sctx);
	close(p->cfd);
	if (p->crelay >= 0)
		close(p->crelay);
	close(p->sfd);
	close(p->srelay);
	free(p);
}

/* The server writes len bytes; its records are kept in p->wire for the test to deliver. */
static void server_writes(struct pair *p, const uint8_t *b, size_t len)
{
	assert_int_equal(tlsio_write(&p->srv, b, len), (int)len);
	p->wire_len += relay(p->srelay, -1, p->wire + p->wire_len, sizeof(p->wire) - p->wire_len);
}

/* The client reads until -EAGAIN (or an end) into out; returns the last result. */
static int client_reads(struct pair *p, uint8_t *out, size_t cap, size_t *got, size_t chunk)
{
	int ret;

	while ((ret = tlsio_read(&p->cli, out + *got, cap - *got < chunk ? cap - *got : chunk)) > 0)
		*got += (size_t)ret;
	return ret;
}

static void pattern(uint8_t *b, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 31 + seed);
}

/*
 * The stream delivered in chunks of 1, 2, 3, ... bytes (sizes cycling past two records), so a
 * cut falls at every offset of a record's header and body, and the client reads after each one.
 */
static void split_at_every_byte(void **state)
{
	static uint8_t sent[4096], got[4096];
	struct pair *p = pair_new();
	size_t n = 0, off = 0, have = 0, rec;

	(void)state;
	handshake(p);
	/* 48 records of 1..48 bytes: each is 22 bytes of overhead plus its size (TLS 1.3). */
	for (size_t i = 1; i <= 48; i++) {
		pattern(sent + n, i, (unsigned)i);
		server_writes(p, sent + n, i);
		n += i;
	}
	rec = p->wire_len;
	for (size_t k = 1; off < rec; k = k % 150 + 1) {
		size_t c = rec - off < k ? rec - off : k;

		feed(p, p->wire + off, c);
		off += c;
		assert_int_equal(client_reads(p, got, sizeof(got), &have, sizeof(got)), -EAGAIN);
		assert_false(tlsio_pending(&p->cli));
	}
	assert_int_equal(have, n);
	assert_memory_equal(got, sent, n);
	pair_free(p);
}

/* One record cut at each byte in turn: nothing comes out until the last byte is there. */
static void one_record_cut_everywhere(void **state)
{
	uint8_t msg[40], got[64];
	struct pair *p = pair_new();

	(void)state;
	handshake(p);
	pattern(msg, sizeof(msg), 7);
	for (size_t cut = 0; cut <= sizeof(msg) + 22; cut++) {
		size_t have = 0;

		p->wire_len = 0;
		server_writes(p, msg, sizeof(msg));
		assert_int_equal(p->wire_len, sizeof(msg) + 22);
		feed(p, p->wire, cut);
		if (cut < p->wire_len) {
			assert_int_equal(client_reads(p, got, sizeof(got), &have, sizeof(got)), -EAGAIN);
			assert_int_equal(have, 0);
			feed(p, p->wire + cut, p->wire_len - cut);
		}
		assert_int_equal(client_reads(p, got, sizeof(got), &have, sizeof(got)), -EAGAIN);
		assert_int_equal(have, sizeof(msg));
		assert_memory_equal(got, msg, sizeof(msg));
	}
	pair_free(p);
}

/*
 * Full-size records (16 KiB) delivered whole, then in odd-sized chunks, read with a small buffer:
 * the bytes come out intact, and whole records in the socket take about one recv(2) for every
 * 32 KiB (two recv(2) per record without the read-ahead).
 */
static void big_records(void **state)
{
	static uint8_t sent[8 * 16384], got[8 * 16384];
	struct pair *p = pair_new();
	size_t have = 0, off = 0;
	uint64_t calls;

	(void)state;
	handshake(p);
	pattern(sent, sizeof(sent), 3);
	server_writes(p, sent, sizeof(sent));
	feed(p, p->wire, p->wire_len);
	calls = p->cli.rx_calls;
	assert_int_equal(client_reads(p, got, sizeof(got), &have, 1000), -EAGAIN);
	assert_int_equal(have, sizeof(sent));
	assert_memory_equal(got, sent, sizeof(sent));
	/* 8 records of 16406 bytes: 5 reads of 32 KiB, and the one that says EAGAIN. */
	assert_true(p->cli.rx_calls - calls <= 6);

	p->wire_len = 0;
	have = 0;
	pattern(sent, sizeof(sent), 4);
	server_writes(p, sent, sizeof(sent));
	while (off < p->wire_len) {
		size_t c = p->wire_len - off < 4099 ? p->wire_len - off : 4099;

		feed(p, p->wire + off, c);
		off += c;
		assert_int_equal(client_reads(p, got, sizeof(got), &have, 777), -EAGAIN);
	}
	assert_int_equal(have, sizeof(sent));
	assert_memory_equal(got, sent, sizeof(sent));
	pair_free(p);
}

/* Records already read ahead are all given out before the peer's FIN or reset is reported. */
static void end_in_the_middle(bool reset)
{
	uint8_t a[100], b[100], got[256];
	struct pair *p = pair_new();
	size_t have = 0, whole;
	int ret;

	handshake(p);
	pattern(a, sizeof(a), 1);
	pattern(b, sizeof(b), 2);
	server_writes(p, a, sizeof(a));
	whole = p->wire_len;
	server_writes(p, b, sizeof(b));
	/* The first record and half the second in one recv, then the end. */
	feed(p, p->wire, whole + 30);
	if (reset) {
		/* AF_UNIX: closing with unread bytes in our own queue resets the peer (ECONNRESET). */
		uint8_t junk = 0;

		assert_int_equal(write(p->cfd, &junk, 1), 1);
	}
	close(p->crelay);
	p->crelay = -1;
	ret = client_reads(p, got, sizeof(got), &have, sizeof(got));
	assert_int_equal(have, sizeof(a));
	assert_memory_equal(got, a, sizeof(a));
	assert_int_equal(ret, reset ? -ECONNRESET : -EPIPE);
	if (reset)
		assert_int_equal(p->cli.sock_err, ECONNRESET);
	else
		assert_true(p->cli.peer_closed);
	pair_free(p);
}

static void fin_in_the_middle(void **state)
{
	(void)state;
	end_in_the_middle(false);
}

static void reset_in_the_middle(void **state)
{
	(void)state;
	end_in_the_middle(true);
}

/*
 * The client's request right behind its handshake stays in the server's socket (poll sees it):
 * the handshake reads exactly what it needs, never ahead.
 */
static void handshake_reads_exactly(void **state)
{
	struct pair *p = pair_new();
	int c = -EAGAIN, s = -EAGAIN;
	uint8_t got[16];
	size_t have = 0;

	(void)state;
	while (c == -EAGAIN) {
		c = tlsio_handshake(&p->cli, TLSIO_CLIENT);
		if (s == -EAGAIN)
			s = tlsio_handshake(&p->srv, TLSIO_SERVER);
		relay(p->crelay, p->srelay, NULL, 0);
		relay(p->srelay, p->crelay, NULL, 0);
	}
	assert_int_equal(c, 0);
	assert_int_equal(tlsio_write(&p->cli, (const uint8_t *)"GET", 3), 3);
	relay(p->crelay, p->srelay, NULL, 0);
	assert_int_equal(s, -EAGAIN);	/* the client's Finished and the request both wait */
	assert_int_equal(tlsio_handshake(&p->srv, TLSIO_SERVER), 0);
	assert_false(tlsio_pending(&p->srv));
	assert_int_equal(poll(&(struct pollfd){ .fd = p->sfd, .events = POLLIN }, 1, 0), 1);
	while (have < 3) {
		int ret = tlsio_read(&p->srv, got + have, sizeof(got) - have);

		assert_true(ret > 0);
		have += (size_t)ret;
	}
	assert_memory_equal(got, "GET", 3);
	pair_free(p);
}

/* A record read ahead but not yet asked for is pending; reading it clears that. */
static void pending_says_so(void **state)
{
	uint8_t a[10], got[64];
	struct pair *p = pair_new();
	size_t have = 0;

	(void)state;
	handshake(p);
	pattern(a, sizeof(a), 9);
	server_writes(p, a, sizeof(a));
	server_writes(p, a, sizeof(a));
	feed(p, p->wire, p->wire_len);
	assert_int_equal(tlsio_read(&p->cli, got, sizeof(got)), (int)sizeof(a));
	assert_true(tlsio_pending(&p->cli));
	assert_int_equal(poll(&(struct pollfd){ .fd = p->cfd, .events = POLLIN }, 1, 0), 0);
	assert_int_equal(client_reads(p, got, sizeof(got), &have, sizeof(got)), -EAGAIN);
	assert_int_equal(have, sizeof(a));
	assert_false(tlsio_pending(&p->cli));
	pair_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_at_every_byte),
		cmocka_unit_test(one_record_cut_everywhere),
		cmocka_unit_test(big_records),
		cmocka_unit_test(fin_in_the_middle),
		cmocka_unit_test(reset_in_the_middle),
		cmocka_unit_test(handshake_reads_exactly),
		cmocka_unit_test(pending_says_so),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
