/* test_util_paths.c - path confinement (util/paths.h): the project folder
 * and its marker, symbolic links and ".." out of it, missing files outside
 * it (refused, not reported as missing), non-regular files, --allow-path. */
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
	CHECK(verdict(&p, "../../outside.yaml") == PATH_OUTSIDE);
	/* ".." after a link goes up from the link's target, as the
	 * system does: out-dir/.. is T, and T/proj/sub/a.yaml is inside. */
	CHECK(verdict(&p, "up/../proj/sub/a.yaml") == PATH_OK);
	CHECK(verdict(&p, "/etc/passwd") == PATH_ABSOLUTE);
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
	CHECK(verdict(&p, "../../outside.yaml") == PATH_OUTSIDE);
	char *file = at("outside.yaml");
	CHECK(path_policy_allow(&p, file) == -1); /* not a folder */
	free(file);
	free(dir);
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
	teardown();
	return harness_done();
}
