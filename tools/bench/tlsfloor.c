// SPDX-License-Identifier: MIT
/*
 * sstpx-tlsfloor: the benchmark's floor, one TLS 1.3 stream and nothing else. The same wolfSSL
 * build as sstpx, 16 KiB records, blocking sockets; the client uploads or downloads for a fixed
 * time and prints what moved. Not a tool for users: tools/bench runs it in its namespaces.
 *
 *   sstpx-tlsfloor server ADDR PORT CERT KEY
 *   sstpx-tlsfloor client ADDR PORT CAFILE up|down SECONDS
 * The client prints "bytes=N seconds=S cpu=S hwm_kb=N" on success (its own CPU and peak memory).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#define RECORD 16384
#define SUITE "TLS13-AES128-GCM-SHA256"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int die(const char *what)
{
	fprintf(stderr, "sstpx-tlsfloor: %s\n", what);
	return 1;
}

static int sockaddr_of(const char *addr, const char *port, struct sockaddr_in *sa)
{
	*sa = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port)) };
	return inet_pton(AF_INET, addr, &sa->sin_addr) == 1 ? 0 : -1;
}

/* One connection: the first plaintext byte says which way the bytes go. */
static int serve(WOLFSSL_CTX *ctx, int fd)
{
	static unsigned char buf[RECORD];
	WOLFSSL *ssl = wolfSSL_new(ctx);
	char dir = 0;
	int n;

	if (!ssl)
		return die("wolfSSL_new failed");
	wolfSSL_set_fd(ssl, fd);
	if (wolfSSL_accept(ssl) != WOLFSSL_SUCCESS || wolfSSL_read(ssl, &dir, 1) != 1) {
		wolfSSL_free(ssl);
		return die("handshake failed");
	}
	if (dir == 'U')
		while ((n = wolfSSL_read(ssl, buf, sizeof(buf))) > 0)
			;
	else
		while (wolfSSL_write(ssl, buf, sizeof(buf)) == sizeof(buf))
			;
	wolfSSL_free(ssl);
	return 0;
}

static int server(const char *addr, const char *port, const char *cert, const char *key)
{
	WOLFSSL_CTX *ctx = wolfSSL_CTX_new(wolfTLSv1_3_server_method());
	struct sockaddr_in sa;
	int one = 1, lfd, fd;

	if (!ctx || wolfSSL_CTX_use_certificate_chain_file(ctx, cert) != WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_use_PrivateKey_file(ctx, key, WOLFSSL_FILETYPE_PEM) != WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_set_cipher_list(ctx, SUITE) != WOLFSSL_SUCCESS)
		return die("server context");
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || sockaddr_of(addr, port, &sa) ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 4))
		return die(strerror(errno));
	printf("listening\n");
	fflush(stdout);
	while ((fd = accept(lfd, NULL, NULL)) >= 0) {
		serve(ctx, fd);
		close(fd);
	}
	return die(strerror(errno));
}

static int client(const char *addr, const char *port, const char *ca, const char *dir,
		  double seconds)
{
	static unsigned char buf[RECORD];
	WOLFSSL_CTX *ctx = wolfSSL_CTX_new(wolfTLSv1_3_client_method());
	unsigned long long bytes = 0;
	struct sockaddr_in sa;
	char d = dir[0] == 'u' ? 'U' : 'D';
	struct rusage ru;
	double t0, t;
	WOLFSSL *ssl;
	int fd, n;

	if (!ctx || wolfSSL_CTX_load_verify_locations(ctx, ca, NULL) != WOLFSSL_SUCCESS ||
	    wolfSSL_CTX_set_cipher_list(ctx, SUITE) != WOLFSSL_SUCCESS)
		return die("client context");
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || sockaddr_of(addr, port, &sa) || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return die(strerror(errno));
	ssl = wolfSSL_new(ctx);
	if (!ssl)
		return die("wolfSSL_new failed");
	wolfSSL_set_fd(ssl, fd);
	if (wolfSSL_connect(ssl) != WOLFSSL_SUCCESS || wolfSSL_write(ssl, &d, 1) != 1)
		return die("handshake failed");
	t0 = now_s();
	do {
		n = d == 'U' ? wolfSSL_write(ssl, buf, sizeof(buf)) : wolfSSL_read(ssl, buf, sizeof(buf));
		if (n <= 0)
			return die("the stream broke");
		bytes += (unsigned long long)n;
		t = now_s() - t0;
	} while (t < seconds);
	getrusage(RUSAGE_SELF, &ru);
	printf("bytes=%llu seconds=%.3f cpu=%.3f hwm_kb=%ld\n", bytes, t,
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
	       ru.ru_maxrss);
	wolfSSL_shutdown(ssl);
	wolfSSL_free(ssl);
	close(fd);
	wolfSSL_CTX_free(ctx);
	return 0;
}

int main(int argc, char **argv)
{
	int ret;

	if (wolfSSL_Init() != WOLFSSL_SUCCESS)
		return die("wolfSSL_Init failed");
	if (argc == 6 && !strcmp(argv[1], "server"))
		ret = server(argv[2], argv[3], argv[4], argv[5]);
	else if (argc == 7 && !strcmp(argv[1], "client"))
		ret = client(argv[2], argv[3], argv[4], argv[5], atof(argv[6]));
	else
		ret = die("usage: server ADDR PORT CERT KEY | client ADDR PORT CAFILE up|down SECONDS");
	wolfSSL_Cleanup();
	return ret;
}
