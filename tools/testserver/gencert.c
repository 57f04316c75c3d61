// SPDX-License-Identifier: MIT
/*
 * --gen-cert DIR: a test CA and a server certificate + key, made with the `openssl` command (the
 * wolfSSL build from source has no certificate generation). `openssl ca` sets any validity
 * window, so an expired certificate needs no faked clock.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tsrv.h"

extern char **environ;

#define PATH_LEN 1024

struct gen {
	const struct tsrv_opts *o;
	char work[PATH_LEN];		/* DIR/.gencert: CA key, database, CSR; removed at the end */
	char cnf[PATH_LEN], log[PATH_LEN];
	char ca_pem[PATH_LEN], ca_key[PATH_LEN], csr[PATH_LEN];
	char srv_pem[PATH_LEN], srv_key[PATH_LEN];
};

static bool is_ip(const char *s)
{
	uint8_t a[16];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

static int write_cnf(const struct gen *g)
{
	const struct tsrv_opts *o = g->o;
	FILE *f = fopen(g->cnf, "we");

	if (!f)
		return -errno;
	fprintf(f, "[ ca ]\ndefault_ca = sx_ca\n\n[ sx_ca ]\n"
		"database = %s/index.txt\nnew_certs_dir = %s\nserial = %s/serial\n"
		"default_md = sha256\npolicy = sx_policy\nunique_subject = no\n"
		"copy_extensions = none\n\n[ sx_policy ]\ncommonName = supplied\n\n"
		"[ req ]\ndistinguished_name = sx_dn\n\n[ sx_dn ]\n\n"
		"[ v3_ca ]\nbasicConstraints = critical,CA:true\n"
		"keyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n\n"
		"[ v3_srv ]\nbasicConstraints = CA:false\n"
		"keyUsage = critical,digitalSignature,keyEncipherment\n"
		"extendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\nsubjectAltName = ",
		g->work, g->work, g->work);
	if (!o->n_sans)
		fprintf(f, "DNS:%s", o->cert_cn);
	for (unsigned i = 0; i < o->n_sans; i++)
		fprintf(f, "%s%s:%s", i ? "," : "", is_ip(o->sans[i]) ? "IP" : "DNS", o->sans[i]);
	fprintf(f, "\n");
	return fclose(f) ? -errno : 0;
}

/* Runs openssl with argv (NULL-terminated), its output appended to the work log. */
static int run(const struct gen *g, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, ret;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, g->log, O_WRONLY | O_CREAT | O_APPEND,
					 0600);
	posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	ret = posix_spawnp(&pid, "openssl", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret)
		return -ret;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -EPROTO;
}

static int make_ca(const struct gen *g)
{
	char *argv[] = { "openssl", "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt",
			 "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", (char *)g->ca_key,
			 "-out", (char *)g->ca_pem, "-days", "3650", "-subj",
			 "/CN=sstpx-testserver test CA", "-config", (char *)g->cnf, "-extensions",
			 "v3_ca", NULL };

	return run(g, argv);
}

static int make_csr(const struct gen *g)
{
	char subj[300];
	char *argv[] = { "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
			 "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", (char *)g->srv_key,
			 "-out", (char *)g->csr, "-subj", subj, "-config", (char *)g->cnf, NULL };

	snprintf(subj, sizeof(subj), "/CN=%s", g->o->cert_cn);
	return run(g, argv);
}

/* good: signed by the CA; expired: the same, valid only in 2020; self-signed: its own key. */
static int sign(const struct gen *g)
{
	char *argv[32] = { "openssl", "ca", "-batch", "-notext", "-config", (char *)g->cnf,
			   "-extensions", "v3_srv", "-in", (char *)g->csr, "-out",
			   (char *)g->srv_pem };
	size_t n = 12;

	switch (g->o->cert_mode) {
	case TSRV_CERT_GOOD:
	case TSRV_CERT_EXPIRED:
		argv[n++] = "-cert";
		argv[n++] = (char *)g->ca_pem;
		argv[n++] = "-keyfile";
		argv[n++] = (char *)g->ca_key;
		break;
	case TSRV_CERT_SELF_SIGNED:
		argv[n++] = "-selfsign";
		argv[n++] = "-keyfile";
		argv[n++] = (char *)g->srv_key;
		break;
	}
	if (g->o->cert_mode == TSRV_CERT_EXPIRED) {
		argv[n++] = "-startdate";
		argv[n++] = "20200101000000Z";
		argv[n++] = "-enddate";
		argv[n++] = "20201231000000Z";
	} else {
		argv[n++] = "-days";
		argv[n++] = "825";
	}
	argv[n] = NULL;
	return run(g, argv);
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
	char path[PATH_LEN];

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -errno : 0;
}

static int setup(struct gen *g)
{
	const char *dir = g->o->gen_cert_dir;
	int n = 0;

	if (make_dirs(dir))
		return -errno;
	n |= snprintf(g->work, PATH_LEN, "%s/.gencert", dir) >= PATH_LEN;
	n |= snprintf(g->cnf, PATH_LEN, "%s/openssl.cnf", g->work) >= PATH_LEN;
	n |= snprintf(g->log, PATH_LEN, "%s/openssl.log", g->work) >= PATH_LEN;
	n |= snprintf(g->ca_key, PATH_LEN, "%s/ca.key", g->work) >= PATH_LEN;
	n |= snprintf(g->csr, PATH_LEN, "%s/server.csr", g->work) >= PATH_LEN;
	n |= snprintf(g->ca_pem, PATH_LEN, "%s/ca.pem", dir) >= PATH_LEN;
	n |= snprintf(g->srv_pem, PATH_LEN, "%s/server.pem", dir) >= PATH_LEN;
	n |= snprintf(g->srv_key, PATH_LEN, "%s/server.key", dir) >= PATH_LEN;
	if (n)
		return -ENAMETOOLONG;
	if (mkdir(g->work, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int gencert_run(const struct tsrv_opts *o)
{
	struct gen g = { .o = o };
	char db[PATH_LEN + 16];
	FILE *f;
	int ret;

	ret = setup(&g);
	if (ret) {
		tlog(SX_LOG_ERR, "--gen-cert \"%s\": %s", o->gen_cert_dir, strerror(-ret));
		return TSRV_EXIT_ERROR;
	}
	snprintf(db, sizeof(db), "%s/index.txt", g.work);
	f = fopen(db, "we");
	if (f)
		fclose(f);
	ret = f ? write_cnf(&g) : -errno;
	if (!ret)
		ret = make_ca(&g);
	if (!ret)
		ret = make_csr(&g);
	if (!ret) {
		snprintf(db, sizeof(db), "%s/serial", g.work);
		f = fopen(db, "we");
		ret = f && fprintf(f, "1000\n") > 0 && !fclose(f) ? 0 : -EIO;
	}
	if (!ret)
		ret = sign(&g);
	if (ret) {
		tlog(SX_LOG_ERR, "--gen-cert \"%s\": openssl failed (%s); its output is in %s",
		     o->gen_cert_dir, strerror(-ret), g.log);
		return TSRV_EXIT_ERROR;
	}
	nftw(g.work, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	tlog(SX_LOG_INFO, "gen-cert: wrote %s, %s, %s (%s)", g.ca_pem, g.srv_pem, g.srv_key,
	     o->cert_mode == TSRV_CERT_GOOD ? "good" :
	     o->cert_mode == TSRV_CERT_EXPIRED ? "expired" : "self-signed");
	return TSRV_EXIT_OK;
}
