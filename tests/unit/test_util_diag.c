/* test_util_diag.c - diagnostics: trimming the source texts they show,
 * and releasing those read from files (lines read again to be shown). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "util/diag.h"

static const char text[] =
	"document:\n"
	"  title: Trim\n"
	"content:\n"
	"  - paragrph: a typo here\n"
	"  - paragraph: fine\n";

/* What diag_print writes for d, in a string. */
static char *
printed(const diag_list *l, const diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_print(l, d, f, 0);
	fclose(f);
	return buf;
}

TEST(trim_keeps_the_lines_diagnostics_show)
{
	diag_list l;
	diag_init(&l);
	const char *path = diag_source_add(&l, "r.yaml", text, strlen(text));
	diag_error(&l, DIAG_YAML_SYNTAX, (src_pos){path, 4, 5}, "unknown block");
	size_t rest;
	CHECK(diag_source_line(&l, path, 2, &rest) != NULL);
	diag_source_trim(&l);

	/* Line 4 is kept, as it was; the others are gone, numbers kept. */
	const char *p = diag_source_line(&l, path, 4, &rest);
	CHECK(p && strncmp(p, "  - paragrph: a typo here\n", 26) == 0);
	CHECK(diag_source_line(&l, path, 2, &rest) == NULL);
	CHECK(diag_source_line(&l, path, 5, &rest) == NULL);
	CHECK(l.sources[0].len < strlen(text) / 2);

	char *out = printed(&l, &l.items[0]);
	CHECK(strstr(out, "r.yaml:4:5: error: unknown block") != NULL);
	CHECK(strstr(out, "    4 |   - paragrph: a typo here") != NULL);
	free(out);

	/* A message added later, on a line that was dropped: no excerpt,
	 * but its position and text. */
	diag_warning(&l, DIAG_YAML_SYNTAX, (src_pos){path, 2, 3}, "late");
	out = printed(&l, &l.items[1]);
	CHECK(strstr(out, "r.yaml:2:3: warning: late") != NULL);
	CHECK(strstr(out, "title") == NULL);
	free(out);
	diag_free(&l);
}

/* A text read from a file is freed once released; a message still shows
 * its line, read from the file (after a byte order mark), and none once
 * the file has changed. */
TEST(released_text_is_read_from_the_file)
{
	char path[] = "/tmp/carec-diag-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "w");
	fputs("\xEF\xBB\xBF", f); /* a BOM the loader skips */
	fputs(text, f);
	fclose(f);

	diag_list l;
	diag_init(&l);
	const char *p = diag_source_add(&l, path, text, strlen(text));
	diag_file_id id;
	FILE *g = fopen(path, "rb");
	CHECK(g && diag_file_identify(fileno(g), &id) == 0);
	if (g)
		fclose(g);
	diag_source_on_disk(&l, p, 3, &id);
	diag_source_release(&l);
	size_t rest, len;
	CHECK(diag_source_line(&l, p, 4, &rest) == NULL);
	CHECK(diag_source_text(&l, p, &len) == NULL);
	diag_error(&l, DIAG_UNKNOWN_KEY, (src_pos){p, 4, 5}, "unknown block");
	diag_warning(&l, DIAG_LAYOUT, (src_pos){p, 5, 5}, "last line");
	char *a = printed(&l, &l.items[0]);
	char *b = printed(&l, &l.items[1]);
	CHECK(a && strstr(a, "    4 |   - paragrph: a typo here\n") != NULL);
	CHECK(a && strstr(a, "      |     ^\n") != NULL);
	CHECK(b && strstr(b, "    5 |   - paragraph: fine\n") != NULL);
	free(a);
	free(b);

	/* Changed since, even to the same size: no line rather than a
	 * wrong one. */
	f = fopen(path, "r+");
	fputs("\xEF\xBB\xBF" "document:\n  title: Trim\ncontent:\n  - parag", f);
	fclose(f);
	struct timespec later[2] = {{0, UTIME_OMIT}, {id.mtime_sec + 5, 0}};
	CHECK(utimensat(AT_FDCWD, path, later, 0) == 0);
	a = printed(&l, &l.items[0]);
	CHECK(a && strstr(a, "unknown block") != NULL && !strstr(a, " | "));
	free(a);
	remove(path);

	/* Not a regular file: never opened again (a pipe would block). */
	CHECK(mkfifo(path, 0600) == 0);
	a = printed(&l, &l.items[1]);
	CHECK(a && strstr(a, "last line") != NULL && !strstr(a, " | "));
	free(a);
	remove(path);
	diag_free(&l);
}

int
main(void)
{
	RUN(trim_keeps_the_lines_diagnostics_show);
	RUN(released_text_is_read_from_the_file);
	return harness_done();
}
