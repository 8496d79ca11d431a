/* test_util_paths.c - path confinement (util/paths.h): the project folder
 * and its marker, symbolic links and ".." out of it, missing files outside
 * it (refused, not reported as missing), non-regular files, --allow-path,
 * real paths longer than PATH_MAX, links to system files, link loops; the
 * note told of every file read or missing (watch, serve). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "util/mem.h"
#include "util/paths.h"

/* A scratch tree:
 *   T/outside.yaml
 *   T/out-dir/
 *   T/proj/.carec-project
 *   T/proj/sub/report.yaml, T/proj/sub/a.yaml
 *   T/proj/sub/up -> ../../out-dir    (a folder link out)
 *   T/proj/sub/in -> ../sub           (a folder link that stays in)
 *   T/proj/sub/pipe                   (a FIFO)
 *   T/proj/sub/passwd -> /etc/passwd, T/proj/sub/environ -> /proc/self/environ
 *   T/proj/sub/gone-there -> ../../outside.yaml  (dangling links out: one
 *   T/proj/sub/gone-none -> ../../nope.yaml       to a file, one to none)
 *   T/proj/sub/abs-in -> T/proj/sub/a.yaml (an absolute link that stays in)
 *   T/proj/sub/loop1 -> loop2, T/proj/sub/loop2 -> loop1
 */
static char root[256];

static char *
at(const char *rel)
{
	return xasprintf("%s/%s", root, rel);
}

static void
touch(const char *rel)
{
	char *p = at(rel);
	FILE *f = fopen(p, "w");
	if (f)
		fclose(f);
	free(p);
}

static int
setup(void)
{
	snprintf(root, sizeof(root), "/tmp/carec-paths-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	const char *dirs[] = {"out-dir", "proj", "proj/sub"};
	for (size_t i = 0; i < 3; i++) {
		char *p = at(dirs[i]);
		mkdir(p, 0755);
		free(p);
	}
	touch("outside.yaml");
	touch("proj/.carec-project");
	touch("proj/sub/report.yaml");
	touch("proj/sub/a.yaml");
	char *l = at("proj/sub/up");
	char *l2 = at("proj/sub/in");
	char *f = at("proj/sub/pipe");
	int rc = symlink("../../out-dir", l) | symlink("../sub", l2) |
	         mkfifo(f, 0600);
	free(l);
	free(l2);
	free(f);
	char *a = at("proj/sub/a.yaml");
	const char *links[][2] = {
		{"proj/sub/passwd", "/etc/passwd"},
		{"proj/sub/environ", "/proc/self/environ"},
		{"proj/sub/gone-there", "../../outside.yaml"},
		{"proj/sub/gone-none", "../../nope.yaml"},
		{"proj/sub/abs-in", a},
		{"proj/sub/loop1", "loop2"},
		{"proj/sub/loop2", "loop1"},
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		char *p = at(links[i][0]);
		rc |= symlink(links[i][1], p);
		free(p);
	}
	free(a);
	return rc;
}

static void
teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", root);
	free(cmd);
}

/* path_check of `written`, relative to the report's folder. */
static path_verdict
verdict(const path_policy *p, const char *written)
{
	char *resolved = written[0] == '/'
	                         ? xstrdup(written)
	                         : xasprintf("%s/proj/sub/%s", root, written);
	path_verdict v = path_check(p, written, resolved);
	free(resolved);
	return v;
}

TEST(marker_sets_the_project_folder)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	char *want = at("proj");
	char *real = realpath(want, NULL);
	CHECK_STR(p.root, real);
	free(real);
	free(want);
	free(rep);
	path_policy_free(&p);
}

TEST(inside_and_outside)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	CHECK(verdict(&p, "a.yaml") == PATH_OK);
	CHECK(verdict(&p, "../sub/a.yaml") == PATH_OK);
	CHECK(verdict(&p, "in/a.yaml") == PATH_OK); /* link stays in */
	CHECK(verdict(&p, "abs-in") == PATH_OK);    /* so does this one */
	CHECK(verdict(&p, "../../outside.yaml") == PATH_OUTSIDE);
	/* ".." after a link goes up from the link's target, as the system
	 * does: out-dir/.. is T. The path left the project on its way and
	 * is refused, although T/proj/sub/a.yaml is inside. */
	CHECK(verdict(&p, "up/../proj/sub/a.yaml") == PATH_OUTSIDE);
	CHECK(verdict(&p, "/etc/passwd") == PATH_ABSOLUTE);
	/* Inside the project, but written as absolute. */
	char *abs = at("proj/sub/a.yaml");
	CHECK(verdict(&p, abs) == PATH_ABSOLUTE);
	free(abs);
	CHECK(verdict(&p, ".") == PATH_NOT_FILE);    /* a folder */
	CHECK(verdict(&p, "pipe") == PATH_NOT_FILE); /* a FIFO */
	free(rep);
	path_policy_free(&p);
}

/* A missing file is PATH_MISSING only inside the project: outside, it is
 * refused like an existing one, so that the diagnostics cannot be used to
 * learn which files exist elsewhere. */
TEST(missing_files_outside_are_refused)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	CHECK(verdict(&p, "nope.yaml") == PATH_MISSING);
	CHECK(verdict(&p, "no/such/folder/x.yaml") == PATH_MISSING);
	CHECK(verdict(&p, "no/such/../../x.yaml") == PATH_MISSING);
	CHECK(verdict(&p, "../../nope.yaml") == PATH_OUTSIDE);
	CHECK(verdict(&p, "no/../../../nope.yaml") == PATH_OUTSIDE);
	CHECK(verdict(&p, "up/nope.yaml") == PATH_OUTSIDE); /* via a link */
	CHECK(verdict(&p, "up/no/such/nope.yaml") == PATH_OUTSIDE);
	CHECK(verdict(&p, "/no/such/file.yaml") == PATH_ABSOLUTE);
	CHECK(verdict(&p, "../../../../../../../../../../etc/nope") ==
	      PATH_OUTSIDE);
	free(rep);
	path_policy_free(&p);
}

TEST(allow_path)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	char *dir = at("out-dir");
	CHECK(path_policy_allow(&p, dir) == 0);
	CHECK(verdict(&p, "up/nope.yaml") == PATH_MISSING);
	touch("out-dir/x.yaml");
	CHECK(verdict(&p, "up/x.yaml") == PATH_OK);
	char *abs = at("out-dir/x.yaml");
	CHECK(verdict(&p, abs) == PATH_OK); /* absolute, in an allowed folder */
	free(abs);
	CHECK(verdict(&p, "../../outside.yaml") == PATH_OUTSIDE);
	char *file = at("outside.yaml");
	CHECK(path_policy_allow(&p, file) == -1); /* not a folder */
	free(file);
	free(dir);
	free(rep);
	path_policy_free(&p);
}

/* Links to system files are refused, whatever they hold. */
TEST(links_to_system_files)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	CHECK(verdict(&p, "passwd") == PATH_OUTSIDE);
	CHECK(verdict(&p, "environ") == PATH_OUTSIDE);
	free(rep);
	path_policy_free(&p);
}

/* A dangling link out of the project gets the same verdict as a link to
 * an existing file there: the verdict does not tell which exists. */
TEST(dangling_links_out)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	CHECK(verdict(&p, "gone-there") == PATH_OUTSIDE);
	CHECK(verdict(&p, "gone-none") == PATH_OUTSIDE);
	CHECK(verdict(&p, "gone-none/x.yaml") == PATH_OUTSIDE);
	free(rep);
	path_policy_free(&p);
}

TEST(link_loop)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	CHECK(verdict(&p, "loop1") == PATH_LINKS);
	free(rep);
	path_policy_free(&p);
}

/* path_open gives the file's descriptor; a missing file inside the
 * project is PATH_MISSING with errno set. */
TEST(open_reads_the_file)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	char *a = at("proj/sub/a.yaml");
	FILE *f = fopen(a, "w");
	if (f) {
		fputs("inside", f);
		fclose(f);
	}
	path_verdict v;
	int fd = path_open(&p, "a.yaml", a, &v);
	CHECK(fd >= 0 && v == PATH_OK);
	char got[16] = "";
	if (fd >= 0) {
		CHECK(read(fd, got, sizeof(got) - 1) == 6);
		close(fd);
	}
	CHECK_STR(got, "inside");
	char *none = at("proj/sub/none.yaml");
	errno = 0;
	CHECK(path_open(&p, "none.yaml", none, &v) == -1);
	CHECK(v == PATH_MISSING && errno == ENOENT);
	free(none);
	free(a);
	free(rep);
	path_policy_free(&p);
}

/* The folders name/name/... n deep under the folder open as dir, made one
 * at a time (their path is too long for mkdir); the deepest, open. */
static int
deep(int dir, const char *name, int n)
{
	int d = dup(dir);
	for (int i = 0; i < n && d >= 0; i++) {
		mkdirat(d, name, 0755);
		int nd = openat(d, name, O_RDONLY | O_DIRECTORY);
		close(d);
		d = nd;
	}
	return d;
}

static void
put(int dir, const char *name, const char *text)
{
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			fprintf(stderr, "cannot write %s\n", name);
		close(fd);
	}
}

/* n copies of name joined by '/', malloc'd. */
static char *
repeat(const char *name, int n)
{
	buf b;
	buf_init(&b);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "/" : "", name);
	return buf_detach(&b);
}

/* Real paths longer than PATH_MAX, where realpath() fails: a link to
 * NAME x15/more, itself a link to the NAME x10 below it. One such link
 * into the project is followed; one out of it is refused (realpath()
 * failed on the link itself, and the path was judged by its text, as
 * inside). */
TEST(real_paths_longer_than_path_max)
{
	char name[201];
	memset(name, 'n', 200);
	name[200] = '\0';
	char *proj = at("proj"), *top = at("");
	int pd = open(proj, O_RDONLY | O_DIRECTORY);
	int td = open(top, O_RDONLY | O_DIRECTORY);
	mkdirat(pd, "deep", 0755);
	int dd = openat(pd, "deep", O_RDONLY | O_DIRECTORY);
	mkdirat(td, "out-long", 0755);
	int od = openat(td, "out-long", O_RDONLY | O_DIRECTORY);
	int in_end = deep(dd, name, 25), out_end = deep(od, name, 25);
	CHECK(in_end >= 0 && out_end >= 0);
	put(in_end, "in.yaml", "inside");
	put(out_end, "secret.yaml", "secret");
	char *fifteen = repeat(name, 15), *ten = repeat(name, 10);
	char *more = xasprintf("%s/more", fifteen);
	CHECK(symlinkat(ten, dd, more) == 0 && symlinkat(ten, od, more) == 0);
	char *to_in = xasprintf("../deep/%s", more);
	char *to_out = xasprintf("../../out-long/%s", more);
	char *l_in = at("proj/sub/long-in"), *l_out = at("proj/sub/long-out");
	CHECK(symlink(to_in, l_in) == 0 && symlink(to_out, l_out) == 0);

	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	const char *w_in = "long-in/in.yaml", *w_out = "long-out/secret.yaml";
	char *r_in = xasprintf("%s/proj/sub/%s", root, w_in);
	char *r_out = xasprintf("%s/proj/sub/%s", root, w_out);
	/* The case is real: realpath() cannot resolve either. */
	errno = 0;
	CHECK(realpath(r_out, NULL) == NULL && errno == ENAMETOOLONG);
	path_verdict v;
	int fd = path_open(&p, w_in, r_in, &v);
	CHECK(fd >= 0 && v == PATH_OK);
	char got[16] = "";
	if (fd >= 0) {
		CHECK(read(fd, got, sizeof(got) - 1) == 6);
		close(fd);
	}
	CHECK_STR(got, "inside");
	CHECK(path_open(&p, w_out, r_out, &v) == -1 && v == PATH_OUTSIDE);
	/* A missing file there is refused the same way. */
	const char *w_none = "long-out/none.yaml";
	char *r_none = xasprintf("%s/proj/sub/%s", root, w_none);
	CHECK(path_check(&p, w_none, r_none) == PATH_OUTSIDE);

	free(r_none);
	free(more);
	free(r_in);
	free(r_out);
	free(rep);
	path_policy_free(&p);
	free(l_in);
	free(l_out);
	free(to_in);
	free(to_out);
	free(fifteen);
	free(ten);
	close(in_end);
	close(out_end);
	close(dd);
	close(od);
	close(pd);
	close(td);
	free(proj);
	free(top);
}

/* What the policy's note was told (watch and serve rebuild from it). */
typedef struct told {
	char paths[8][PATH_MAX];
	int n;
} told;

static void
note(void *ctx, const char *path)
{
	told *t = ctx;
	if (t->n < 8)
		snprintf(t->paths[t->n], PATH_MAX, "%s", path);
	t->n++;
	errno = EIO; /* path_open keeps its own errno for its caller */
}

TEST(the_note_is_told_of_every_file_read_or_missing)
{
	path_policy p;
	char *rep = at("proj/sub/report.yaml");
	CHECK(path_policy_init(&p, rep) == 0);
	told t;
	memset(&t, 0, sizeof(t));
	p.note = note;
	p.note_ctx = &t;
	/* Read, looked for, and missing (it may come): told. */
	char *a = at("proj/sub/a.yaml");
	path_verdict v;
	int fd = path_open(&p, "a.yaml", a, &v);
	CHECK(fd >= 0 && v == PATH_OK);
	if (fd >= 0)
		close(fd);
	CHECK(verdict(&p, "a.yaml") == PATH_OK);
	char *none = at("proj/sub/none.yaml");
	CHECK(path_open(&p, "none.yaml", none, &v) < 0 && v == PATH_MISSING);
	CHECK(errno == ENOENT);
	CHECK(t.n == 3);
	CHECK_STR(t.paths[0], a);
	CHECK_STR(t.paths[1], a);
	CHECK_STR(t.paths[2], none);
	/* Refused (outside, a FIFO): not told; nor without a note. */
	CHECK(verdict(&p, "../../outside.yaml") == PATH_OUTSIDE);
	CHECK(verdict(&p, "pipe") == PATH_NOT_FILE);
	CHECK(t.n == 3);
	p.note = NULL;
	CHECK(verdict(&p, "a.yaml") == PATH_OK);
	CHECK(t.n == 3);
	free(none);
	free(a);
	free(rep);
	path_policy_free(&p);
}

int
main(void)
{
	if (setup() != 0) {
		fprintf(stderr, "cannot make the scratch tree in /tmp\n");
		return 1;
	}
	RUN(marker_sets_the_project_folder);
	RUN(inside_and_outside);
	RUN(missing_files_outside_are_refused);
	RUN(allow_path);
	RUN(links_to_system_files);
	RUN(dangling_links_out);
	RUN(link_loop);
	RUN(open_reads_the_file);
	RUN(real_paths_longer_than_path_max);
	RUN(the_note_is_told_of_every_file_read_or_missing);
	teardown();
	return harness_done();
}
