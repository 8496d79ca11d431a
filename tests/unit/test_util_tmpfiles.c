/* test_util_tmpfiles.c - a signal while the files are held waits for
 * tmpfiles_release (merge puts one PDF in place after another). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "util/tmpfiles.h"

static char path[64];

TEST(release_lets_a_signal_remove_files_again_or_says_it_came)
{
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	int slot = tmpfiles_add(AT_FDCWD, path);
	CHECK(slot >= 0);
	/* Held and released with no signal between: running again. */
	CHECK(tmpfiles_hold() == 0);
	CHECK(tmpfiles_release() == 0);
	CHECK(tmpfiles_release() == 0); /* not held: nothing to do */
	/* A signal while held removes nothing; the release says it came. */
	CHECK(tmpfiles_hold() == 0);
	CHECK(tmpfiles_abandon() == 0);
	CHECK(access(path, F_OK) == 0);
	CHECK(tmpfiles_abandon() == 0);
	CHECK(tmpfiles_hold() == 0);
	CHECK(tmpfiles_release() == -1);
	tmpfiles_forget(slot);
	unlink(path);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof(path), "%s/carec-tmpf-XXXXXX",
	         tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	RUN(release_lets_a_signal_remove_files_again_or_says_it_came);
	return harness_done();
}
