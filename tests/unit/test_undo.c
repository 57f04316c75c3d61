// SPDX-License-Identifier: MIT
/* tun/undo.c: reverse order, continuing past failures, idempotence, state-file round trips. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "tun/tun.h"

/* A fake executor: records each line it runs and fails the ones listed with their errno. */
struct fake {
	char ran[UNDO_MAX][UNDO_LINE_MAX];
	size_t n;
	const char *fail_line[4];
	int fail_err[4];
};

static int fake_exec(void *ctx, const char *line)
{
	struct fake *f = ctx;

	snprintf(f->ran[f->n++], UNDO_LINE_MAX, "%s", line);
	for (size_t i = 0; i < 4; i++)
		if (f->fail_line[i] && !strcmp(f->fail_line[i], line))
			return f->fail_err[i];
	return 0;
}

struct fixture {
	char dir[64];
	char path[128];
	struct fake fake;
	struct undo u;
	char log[16][160];
	size_t n_log;
};

static void capture(void *ctx, enum sx_level level, const char *line)
{
	struct fixture *fx = ctx;

	(void)level;
	if (fx->n_log < 16)
		snprintf(fx->log[fx->n_log++], sizeof(fx->log[0]), "%s", line);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct sx_log log;

	assert_non_null(fx);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_undo.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/sstp9.undo", fx->dir);
	log = (struct sx_log){ .fn = capture, .ctx = fx, .max = SX_LOG_DEBUG };
	undo_init(&fx->u, &log, fake_exec, &fx->fake, fx->path);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char tmp[160];

	unlink(fx->path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", fx->path);
	unlink(tmp);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void push3(struct undo *u)
{
	assert_int_equal(undo_push(u, "link del %s ifindex %d", "sstp9", 7), 0);
	assert_int_equal(undo_push(u, "route4 del 203.0.113.5/32 via 10.0.0.1 dev eth0"), 0);
	assert_int_equal(undo_push(u, "route4 del 0.0.0.0/1 dev sstp9"), 0);
}

static void replay_runs_newest_first(void **state)
{
	struct fixture *fx = *state;

	push3(&fx->u);
	assert_int_equal(undo_replay(&fx->u), 0);
	assert_int_equal(fx->fake.n, 3);
	assert_string_equal(fx->fake.ran[0], "route4 del 0.0.0.0/1 dev sstp9");
	assert_string_equal(fx->fake.ran[1], "route4 del 203.0.113.5/32 via 10.0.0.1 dev eth0");
	assert_string_equal(fx->fake.ran[2], "link del sstp9 ifindex 7");
	assert_int_equal(fx->u.n, 0);
}

static void replay_continues_and_returns_first_error(void **state)
{
	struct fixture *fx = *state;

	push3(&fx->u);
	fx->fake.fail_line[0] = "route4 del 0.0.0.0/1 dev sstp9";
	fx->fake.fail_err[0] = -EPERM;
	fx->fake.fail_line[1] = "link del sstp9 ifindex 7";
	fx->fake.fail_err[1] = -EBUSY;
	assert_int_equal(undo_replay(&fx->u), -EPERM);
	assert_int_equal(fx->fake.n, 3);	/* the middle one ran despite the first failure */
	assert_string_equal(fx->fake.ran[2], "link del sstp9 ifindex 7");
	/* Each failure is logged with its line. */
	bool seen_perm = false, seen_busy = false;
	for (size_t i = 0; i < fx->n_log; i++) {
		seen_perm |= strstr(fx->log[i], "\"route4 del 0.0.0.0/1 dev sstp9\" failed") != NULL;
		seen_busy |= strstr(fx->log[i], "\"link del sstp9 ifindex 7\" failed") != NULL;
	}
	assert_true(seen_perm);
	assert_true(seen_busy);
	assert_null(slurp(fx->path));		/* the file goes even when an inverse failed */
}

static void replay_is_idempotent(void **state)
{
	struct fixture *fx = *state;

	push3(&fx->u);
	assert_int_equal(undo_replay(&fx->u), 0);
	assert_int_equal(undo_replay(&fx->u), 0);
	assert_int_equal(fx->fake.n, 3);
	/* Replaying an empty journal is fine, too. */
	assert_int_equal(undo_replay(&fx->u), 0);
	assert_int_equal(fx->fake.n, 3);
}

static void state_file_follows_every_change(void **state)
{
	struct fixture *fx = *state;
	char *text;

	assert_null(slurp(fx->path));
	assert_int_equal(undo_push(&fx->u, "dns resolvconf sstp9.sstpx"), 0);
	text = slurp(fx->path);
	assert_non_null(text);
	assert_non_null(strstr(text, "\ndns resolvconf sstp9.sstpx\n"));
	assert_int_equal(undo_push(&fx->u, "route4 del 10.0.0.0/8 dev sstp9"), 0);
	assert_non_null(strstr(slurp(fx->path), "\nroute4 del 10.0.0.0/8 dev sstp9\n"));
	assert_int_equal(undo_pop(&fx->u), 0);
	text = slurp(fx->path);
	assert_null(strstr(text, "route4"));
	assert_non_null(strstr(text, "dns resolvconf"));
	assert_int_equal(undo_pop(&fx->u), 0);
	assert_null(slurp(fx->path));		/* empty journal, no file */
}

static void state_file_round_trip(void **state)
{
	struct fixture *fx = *state;
	struct fake other = { 0 };
	unsigned long long start = 0;
	struct undo loaded;
	struct stat st;
	char tmp[160];

	push3(&fx->u);
	assert_int_equal(stat(fx->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Each save after the first replaces the journal by exchange; the old copy goes. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", fx->path);
	assert_int_equal(stat(tmp, &st), -1);
	assert_int_equal(errno, ENOENT);
	/* A second process (a later run, or `sstpx cleanup`) loads what the first one left. */
	undo_init(&loaded, NULL, fake_exec, &other, NULL);
	assert_int_equal(undo_load(&loaded, fx->path), 0);
	assert_int_equal(loaded.n, 3);
	assert_int_equal(loaded.pid, (long)getpid());	/* who wrote it, for the liveness check */
	assert_int_equal(proc_start_time(loaded.pid, &start), 0);
	assert_true(start != 0 && loaded.start == start);	/* and when it started */
	assert_false(proc_alive(loaded.pid, start));		/* ourselves: never "another owner" */
	assert_string_equal(loaded.path, fx->path);
	assert_int_equal(undo_replay(&loaded), 0);
	assert_int_equal(other.n, 3);
	assert_string_equal(other.ran[0], "route4 del 0.0.0.0/1 dev sstp9");
	assert_string_equal(other.ran[2], "link del sstp9 ifindex 7");
	assert_null(slurp(fx->path));
	assert_int_equal(undo_load(&loaded, fx->path), -ENOENT);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void load_rejects_what_is_not_a_journal(void **state)
{
	struct fixture *fx = *state;
	struct undo u;

	undo_init(&u, NULL, fake_exec, &fx->fake, NULL);
	write_file(fx->path, "nameserver 1.1.1.1\n");
	assert_int_equal(undo_load(&u, fx->path), -EBADMSG);
	write_file(fx->path, "# sstpx undo journal v1 pid 1\nlink del sstp9 ifindex 7");
	assert_int_equal(undo_load(&u, fx->path), -EBADMSG);	/* cut short: no newline */
	assert_int_equal(u.n, 0);
	write_file(fx->path, "# sstpx undo journal v1 pid 1\n\n");
	assert_int_equal(undo_load(&u, fx->path), -EBADMSG);	/* empty entry */
	assert_int_equal(u.n, 0);
}

/* The liveness check behind "left alone" (journals) and "running already" (pid files). */
static void proc_alive_tells_processes_apart(void **state)
{
	unsigned long long start = 0;
	struct fixture *fx = *state;
	struct undo u;
	pid_t child;
	int status;

	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	assert_int_equal(proc_start_time(child, &start), 0);
	assert_true(proc_alive(child, 0));		/* this very program */
	assert_true(proc_alive(child, start));
	assert_false(proc_alive(child, start + 1));	/* a recycled pid starts later */
	kill(child, SIGKILL);
	/* Up to 10 s, a bound on a hang only: a loaded machine may be slow to end the child. */
	for (int i = 0; i < 2000 && proc_alive(child, start); i++)
		usleep(5000);
	assert_false(proc_alive(child, start));		/* a zombie runs nothing */
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_false(proc_alive(child, 0));
	assert_int_equal(proc_start_time(child, &start), -ESRCH);
	/* A journal written before start times were recorded still loads: start 0, check by program. */
	undo_init(&u, NULL, fake_exec, &fx->fake, NULL);
	write_file(fx->path, "# sstpx undo journal v1 pid 77\nlink del sstp9 ifindex 7\n");
	assert_int_equal(undo_load(&u, fx->path), 0);
	assert_int_equal(u.pid, 77);
	assert_int_equal(u.start, 0);
}

static void push_checks_its_input(void **state)
{
	struct fixture *fx = *state;
	char long_word[UNDO_LINE_MAX + 1];

	assert_int_equal(undo_push(&fx->u, "route4 del 1.2.3.4/32\ndev x"), -EINVAL);
	assert_int_equal(undo_push(&fx->u, "%s", ""), -EINVAL);
	memset(long_word, 'a', UNDO_LINE_MAX);
	long_word[UNDO_LINE_MAX] = '\0';
	assert_int_equal(undo_push(&fx->u, "%s", long_word), -EMSGSIZE);
	assert_int_equal(fx->u.n, 0);
	for (int i = 0; i < UNDO_MAX; i++)
		assert_int_equal(undo_push(&fx->u, "route4 del 10.%d.0.0/16 dev sstp9", i), 0);
	assert_int_equal(undo_push(&fx->u, "one too many"), -ENOBUFS);
	assert_int_equal(undo_replay(&fx->u), 0);
	assert_int_equal(fx->fake.n, UNDO_MAX);
	assert_string_equal(fx->fake.ran[0], "route4 del 10.63.0.0/16 dev sstp9");
}

static void memory_only_journal_writes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct undo u;

	undo_init(&u, NULL, fake_exec, &fx->fake, NULL);
	assert_int_equal(undo_push(&u, "link del sstp9 ifindex 7"), 0);
	assert_null(slurp(fx->path));
	assert_int_equal(undo_replay(&u), 0);
	assert_int_equal(fx->fake.n, 1);
}

/* A change replaced before the end (an old address): its inverse runs now, from the middle. */
static void revert_runs_one_entry_and_drops_it(void **state)
{
	struct fixture *fx = *state;
	char *text;

	push3(&fx->u);
	assert_int_equal(undo_revert(&fx->u, "route4 del 203.0.113.5/32 via 10.0.0.1 dev eth0"), 0);
	assert_int_equal(fx->fake.n, 1);
	assert_string_equal(fx->fake.ran[0], "route4 del 203.0.113.5/32 via 10.0.0.1 dev eth0");
	assert_int_equal(fx->u.n, 2);
	text = slurp(fx->path);
	assert_null(strstr(text, "203.0.113.5"));
	assert_non_null(strstr(text, "\nlink del sstp9 ifindex 7\nroute4 del 0.0.0.0/1 dev sstp9\n"));
	assert_int_equal(undo_revert(&fx->u, "route4 del 198.51.100.1/32 dev sstp9"), -ENOENT);
	/* A failing inverse is dropped too, and its error returned. */
	fx->fake.fail_line[0] = "route4 del 0.0.0.0/1 dev sstp9";
	fx->fake.fail_err[0] = -EPERM;
	assert_int_equal(undo_revert(&fx->u, "route4 del 0.0.0.0/1 dev sstp9"), -EPERM);
	assert_int_equal(fx->u.n, 1);
	assert_int_equal(undo_replay(&fx->u), 0);
	assert_string_equal(fx->fake.ran[fx->fake.n - 1], "link del sstp9 ifindex 7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(replay_runs_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(replay_continues_and_returns_first_error, setup,
						teardown),
		cmocka_unit_test_setup_teardown(replay_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(state_file_follows_every_change, setup, teardown),
		cmocka_unit_test_setup_teardown(state_file_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(load_rejects_what_is_not_a_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(push_checks_its_input, setup, teardown),
		cmocka_unit_test_setup_teardown(proc_alive_tells_processes_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(memory_only_journal_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(revert_runs_one_entry_and_drops_it, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
