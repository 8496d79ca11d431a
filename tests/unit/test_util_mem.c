/* test_util_mem.c - the growable arrays (xgrow, arena_xgrow) and the one
 * way out on out of memory (mem_oom): a size that overflows is refused
 * in a child process, which must print the one message and exit with
 * MEM_OOM_EXIT. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "util/mem.h"
#include "util/tmpfiles.h"

TEST(xgrow_keeps_contents_and_doubles)
{
	int *v = NULL;
	size_t n = 0, cap = 0;
	size_t grown = 0;
	for (int i = 0; i < 10000; i++) {
		if (n == cap) {
			size_t was = cap;
			v = xgrow(v, &cap, n + 1, sizeof(*v));
			CHECK(cap >= n + 1);
			CHECK(was == 0 ? cap == 8 : cap == 2 * was);
			grown++;
		}
		v[n++] = i * 7;
	}
	int same = 1;
	for (size_t i = 0; i < n; i++)
		same &= v[i] == (int)i * 7;
	CHECK(same);
	/* 8, 16, ..., 16384: 12 steps for 10000 items. */
	CHECK(grown == 12);
	free(v);
}

TEST(xgrow_leaves_enough_alone_and_jumps_to_need)
{
	size_t cap = 0;
	char *p = xgrow(NULL, &cap, 1000, 1);
	CHECK(cap == 1000); /* more than double: exactly what is needed */
	memset(p, 'x', cap);
	char *q = xgrow(p, &cap, 1000, 1);
	CHECK(q == p && cap == 1000);
	q = xgrow(q, &cap, 3, 1);
	CHECK(q == p && cap == 1000);
	q = xgrow(q, &cap, 1001, 1);
	CHECK(cap == 2000);
	CHECK(q[0] == 'x' && q[999] == 'x');
	free(q);
}

TEST(arena_xgrow_keeps_contents)
{
	arena a;
	arena_init(&a);
	long *v = NULL;
	size_t n = 0, cap = 0;
	for (long i = 0; i < 5000; i++) {
		if (n == cap)
			v = arena_xgrow(&a, v, n, &cap, n + 1, sizeof(*v));
		v[n++] = i * i;
	}
	CHECK(cap == 8192);
	int same = 1;
	for (size_t i = 0; i < n; i++)
		same &= v[i] == (long)(i * i);
	CHECK(same);
	/* Another array between: the first is copied, not grown in place. */
	char *other = arena_alloc(&a, 10);
	other[0] = 1;
	v = arena_xgrow(&a, v, n, &cap, cap + 1, sizeof(*v));
	CHECK(cap == 16384);
	same = 1;
	for (size_t i = 0; i < n; i++)
		same &= v[i] == (long)(i * i);
	CHECK(same);
	CHECK(other[0] == 1);
	arena_free(&a);
}

TEST(buffers_still_grow)
{
	buf b;
	buf_init(&b);
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	CHECK(b.len == 3890);
	CHECK(b.cap > b.len && b.data[b.len] == '\0');
	CHECK(strncmp(b.data, "0,1,2,", 6) == 0);
	CHECK(strcmp(b.data + b.len - 4, "999,") == 0);
	buf_free(&b);
}

/* Run f in a child process with its standard error in a pipe. Return
 * its exit code (-1 if it did not exit, -2 if it could not be started)
 * and what it printed in err. */
static int
in_child(void (*f)(void), char *err, size_t errsize)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -2;
	pid_t pid = fork();
	if (pid < 0)
		return -2;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		f();
		_exit(0); /* f came back: not the OOM path */
	}
	close(fds[1]);
	size_t got = 0;
	ssize_t r;
	while (got + 1 < errsize &&
	       (r = read(fds[0], err + got, errsize - 1 - got)) > 0)
		got += (size_t)r;
	err[got] = '\0';
	close(fds[0]);
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
huge_need(void)
{
	size_t cap = 0;
	(void)xgrow(NULL, &cap, SIZE_MAX / 4 + 1, 4); /* bytes overflow */
}

static void
huge_elem(void)
{
	size_t cap = 0;
	(void)xgrow(NULL, &cap, 2, SIZE_MAX / 2 + 1);
}

static void
above_ptrdiff(void)
{
	/* Fits in size_t, but no malloc may give it: refused before. */
	size_t cap = 0;
	(void)xgrow(NULL, &cap, (size_t)PTRDIFF_MAX / 8 + 1, 8);
}

static void
huge_arena_need(void)
{
	arena a;
	arena_init(&a);
	size_t cap = 0;
	(void)arena_xgrow(&a, NULL, 0, &cap, SIZE_MAX / 16, 32);
}

static void
huge_buffer(void)
{
	buf b;
	buf_init(&b);
	buf_putc(&b, 'x');
	buf_reserve(&b, SIZE_MAX - 1); /* len + extra + 1 overflows */
}

static void
grows_fine(void)
{
	size_t cap = 0;
	free(xgrow(NULL, &cap, 100, 8));
}

static void
oom_itself(void)
{
	mem_oom();
}

/* The temporary file oom_leaves_no_file registers (as outfile.c does). */
static char tmp_path[64];

static void
oom_with_a_temporary_file(void)
{
	if (tmpfiles_add(AT_FDCWD, tmp_path) < 0)
		return; /* exits 0: the test fails */
	size_t cap = 0;
	(void)xgrow(NULL, &cap, SIZE_MAX, 2);
}

TEST(oom_leaves_no_temporary_file)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir || strlen(dir) > sizeof(tmp_path) - 24)
		dir = "/tmp";
	snprintf(tmp_path, sizeof(tmp_path), "%s/carec-oom-XXXXXX", dir);
	int fd = mkstemp(tmp_path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	char err[256];
	CHECK(in_child(oom_with_a_temporary_file, err, sizeof(err)) ==
	      MEM_OOM_EXIT);
	CHECK_STR(err, "carec-report: out of memory\n");
	/* Removed, as a stop signal removes it: no partial output left. */
	CHECK(access(tmp_path, F_OK) != 0);
	unlink(tmp_path);
}

TEST(overflow_exits_through_the_oom_path)
{
	static void (*const bad[])(void) = {huge_need, huge_elem, above_ptrdiff,
	                                    huge_arena_need, huge_buffer,
	                                    oom_itself};
	char err[256];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = in_child(bad[i], err, sizeof(err));
		if (rc != MEM_OOM_EXIT || strcmp(err, "carec-report: out of "
		                                      "memory\n") != 0) {
			fprintf(stderr, "case %zu: exit %d, said '%s'\n", i, rc,
			        err);
			CHECK(!"the OOM path");
		}
	}
	/* The harness itself: a child that grows normally exits 0. */
	CHECK(in_child(grows_fine, err, sizeof(err)) == 0);
	CHECK(err[0] == '\0');
	CHECK(MEM_OOM_EXIT == 3);
}

int
main(void)
{
	RUN(xgrow_keeps_contents_and_doubles);
	RUN(xgrow_leaves_enough_alone_and_jumps_to_need);
	RUN(arena_xgrow_keeps_contents);
	RUN(buffers_still_grow);
	RUN(overflow_exits_through_the_oom_path);
	RUN(oom_leaves_no_temporary_file);
	return harness_done();
}
