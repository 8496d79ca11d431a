/* test_util_diag.c - diagnostics: the source texts they show, and how
 * their lines are printed. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "util/diag.h"
#include "util/mem.h"
#include "util/utf8.h"

static const char text[] =
	"document:\n"
	"  title: Trim\n"
	"content:\n"
	"  - paragrph: a typo here\n"
	"  - paragraph: fine\n";

/* What diag_print writes for d, in a string. (Not inlined: GCC then
 * takes the string for the local that held its address.) */
static char *__attribute__((noinline))
printed(const diag_list *l, const diag *d)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	diag_print(l, d, f, 0);
	fclose(f);
	return mem;
}

/* A file's path is registered while it is parsed and its text handed
 * over afterwards (as the loader does): a message added before shows
 * its line all the same, and a second text for the path is dropped. */
TEST(text_taken_after_the_path)
{
	diag_list l;
	diag_init(&l);
	const char *path = diag_source_add(&l, "r.yaml", NULL, 0);
	diag_error(&l, DIAG_YAML_SYNTAX, (src_pos){path, 4, 5}, "unknown block");
	size_t rest;
	CHECK(diag_source_line(&l, path, 4, &rest) == NULL);
	diag_source_take(&l, "r.yaml", xstrdup(text), strlen(text));
	diag_source_take(&l, "r.yaml", xstrdup("other\n"), 6);
	CHECK(l.nsources == 1 && l.sources[0].len == strlen(text));
	const char *p = diag_source_line(&l, path, 4, &rest);
	CHECK(p && strncmp(p, "  - paragrph: a typo here\n", 26) == 0);
	char *out = printed(&l, &l.items[0]);
	CHECK(strstr(out, "r.yaml:4:5: error: unknown block") != NULL);
	CHECK(strstr(out, "    4 |   - paragrph: a typo here") != NULL);
	free(out);
	diag_free(&l);
}

/* What diag_print_all writes, in a string. */
static char *
printed_all(const diag_list *l)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	diag_print_all(l, f, 0);
	fclose(f);
	return mem;
}

/* The display columns of s up to (not including) the first '^' of its
 * last line, counting a UTF-8 character as one. */
static int
caret_column(const char *s)
{
	const char *caret = strrchr(s, '^');
	const char *start = caret;
	while (start > s && start[-1] != '\n')
		start--;
	int col = 0;
	for (const char *p = start; p < caret; p++)
		col += ((unsigned char)*p & 0xC0) != 0x80;
	return col;
}

/* The column of byte at in the excerpt line (the one starting with the
 * line number). */
static int
excerpt_column(const char *s, const char *needle)
{
	const char *bar = strstr(s, " | ");
	const char *start = bar;
	while (start > s && start[-1] != '\n')
		start--;
	const char *at = strstr(bar, needle);
	int col = 0;
	for (const char *p = start; at && p < at; p++)
		col += ((unsigned char)*p & 0xC0) != 0x80;
	return col;
}

TEST(long_line_is_a_window_around_the_caret)
{
	/* 5000 columns of Cyrillic, a mark at column 2500: at most about 200
	 * columns shown, cut on both sides, the caret under the mark. */
	buf b;
	buf_init(&b);
	for (int i = 0; i < 5000; i++)
		buf_puts(&b, i == 2499 ? "X" : "\xD0\xB4");
	buf_puts(&b, "\n");
	diag_list l;
	diag_init(&l);
	const char *p = diag_source_add(&l, "w.yaml", b.data, b.len);
	diag_error(&l, DIAG_VALUE, (src_pos){p, 1, 2500}, "here");
	diag_error(&l, DIAG_VALUE, (src_pos){p, 1, 3}, "start");
	diag_error(&l, DIAG_VALUE, (src_pos){p, 1, 4999}, "end");
	for (size_t i = 0; i < 3; i++) {
		char *out = printed(&l, &l.items[i]);
		const char *ex = strstr(out, "    1 | ");
		CHECK(ex != NULL);
		const char *nl = ex ? strchr(ex, '\n') : NULL;
		CHECK(nl && utf8_count(ex, (size_t)(nl - ex)) <= 8 + 200 + 2);
		if (i == 0) {
			CHECK(strstr(out, "    1 | \xE2\x80\xA6") != NULL);
			CHECK(nl && !strncmp(nl - 3, "\xE2\x80\xA6", 3));
			CHECK(caret_column(out) == excerpt_column(out, "X"));
		} else if (i == 1) {
			CHECK(strstr(out, "    1 | \xD0\xB4\xD0\xB4") != NULL);
			CHECK(caret_column(out) == 8 + 2);
		} else {
			CHECK(nl && strncmp(nl - 3, "\xE2\x80\xA6", 3) != 0);
		}
		free(out);
	}
	buf_free(&b);
	diag_free(&l);
}

TEST(control_characters_are_escaped)
{
	static const char t[] = "a: \"\x1b[31m\x07\" \xC2\xA0x\n";
	diag_list l;
	diag_init(&l);
	const char *p = diag_source_add(&l, "c.yaml", t, strlen(t));
	/* The x after the no-break space: column 14. */
	diag_error(&l, DIAG_VALUE, (src_pos){p, 1, 14}, "bad '%s'",
	           "\x1b]0;x\x07");
	char *out = printed(&l, &l.items[0]);
	CHECK(strchr(out, 0x1b) == NULL && strchr(out, 0x07) == NULL);
	CHECK(strstr(out, "bad '\\x1b]0;x\\x07'") != NULL);
	CHECK(strstr(out, "    1 | a: \"\\x1b[31m\\x07\" <U+00A0>x\n") != NULL);
	CHECK(caret_column(out) == excerpt_column(out, "x\n"));
	CHECK(strstr(out, "no-break space (U+00A0)") != NULL);
	free(out);
	diag_free(&l);
}

TEST(at_most_a_hundred_printed_errors_first)
{
	diag_list l;
	diag_init(&l);
	static const char t[] = "a\nb\n";
	const char *p = diag_source_add(&l, "m.yaml", t, strlen(t));
	for (int i = 0; i < 50; i++)
		diag_warning(&l, DIAG_VALUE, (src_pos){p, 1, 1}, "warning %d",
		             i);
	for (int i = 0; i < 130; i++)
		diag_error(&l, DIAG_VALUE, (src_pos){p, 2, 1}, "error %d", i);
	diag_sort(&l);
	char *out = printed_all(&l);
	CHECK(strstr(out, "error 99\n") != NULL);
	CHECK(strstr(out, "error 100\n") == NULL);
	CHECK(strstr(out, "warning 0\n") == NULL);
	CHECK(strstr(out, "carec-report: 30 more errors and 50 more warnings "
	                  "not shown") != NULL);
	free(out);
	/* Sorted by line, the order added kept on one line. */
	CHECK(!strcmp(l.items[0].message, "warning 0"));
	CHECK(!strcmp(l.items[49].message, "warning 49"));
	CHECK(!strcmp(l.items[50].message, "error 0"));
	diag_truncate(&l, 100);
	out = printed_all(&l);
	CHECK(strstr(out, "not shown") == NULL);
	CHECK(strstr(out, "warning 0\n") != NULL);
	free(out);
	diag_free(&l);
}

TEST(source_char_walks_on_from_the_last)
{
	static const char t[] = "x\r\xD0\xB4\xD0\xB4"
	                        "abc\r\ny\n";
	diag_list l;
	diag_init(&l);
	const char *p = diag_source_add(&l, "s.yaml", t, strlen(t));
	size_t rest;
	const char *c = diag_source_char(&l, p, 2, 3, &rest);
	CHECK(c && *c == 'a' && rest == 3);
	c = diag_source_char(&l, p, 2, 5, &rest);
	CHECK(c && *c == 'c' && rest == 1);
	c = diag_source_char(&l, p, 2, 2, &rest); /* back: from the start */
	CHECK(c &&
	      !strncmp(c,
	               "\xD0\xB4"
	               "abc",
	               5) &&
	      rest == 5);
	c = diag_source_char(&l, p, 2, 40, &rest); /* past the end */
	CHECK(c && rest == 0);
	c = diag_source_char(&l, p, 3, 1, &rest);
	CHECK(c && *c == 'y' && rest == 1);
	CHECK(diag_source_char(&l, p, 5, 1, &rest) == NULL);
	diag_free(&l);
}

/* What diag_print_json writes, in a string. */
static char *
printed_json(const diag_list *l)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	diag_print_json(l, f);
	fclose(f);
	return mem;
}

/* The JSON form: a message without a place has nulls; a "did you mean"
 * note gives its word as the suggestion, unless the word holds a quote;
 * a byte that is not UTF-8 is U+FFFD and a control character \u00XX;
 * the span ends past a quoted value, at a key's ':' and before a
 * comment. */
TEST(json_fields_and_escapes)
{
	diag_list l;
	diag_init(&l);
	static const char src[] = "a: 'x y' # c\nkey: v\n\"q\": 1\n";
	const char *path = diag_source_add(&l, "r.yaml", src, strlen(src));
	diag_error(&l, DIAG_IO, (src_pos){0}, "bad \xff byte\x01");
	diag_warning(&l, DIAG_ENUM, (src_pos){path, 1, 4}, "m");
	diag_note(&l, "did you mean 'it''s'?");
	diag_error(&l, DIAG_UNKNOWN_KEY, (src_pos){path, 2, 1}, "k");
	diag_note(&l, "did you mean 'kay'? or not");
	diag_error(&l, DIAG_UNKNOWN_KEY, (src_pos){path, 3, 1}, "q");
	diag_error(&l, DIAG_VALUE, (src_pos){path, 9, 1}, "past the end");
	char *out = printed_json(&l);
	CHECK(strstr(out, "{\"version\": 1, \"errors\": 4, \"warnings\": 1, "
	                  "\"diagnostics\": [\n") == out);
	CHECK(strstr(out, "{\"file\": null, \"line\": null, \"column\": null, "
	                  "\"end_column\": null, \"severity\": \"error\", "
	                  "\"code\": \"io\", \"message\": \"bad \\ufffd "
	                  "byte\\u0001\", \"notes\": [], \"suggestion\": "
	                  "null}") != NULL);
	CHECK(strstr(out, "\"line\": 1, \"column\": 4, \"end_column\": 9, "
	                  "\"severity\": \"warning\"") != NULL);
	CHECK(strstr(out, "\"notes\": [\"did you mean 'it''s'?\"], "
	                  "\"suggestion\": null}") != NULL);
	CHECK(strstr(out, "\"line\": 2, \"column\": 1, \"end_column\": 4,") !=
	      NULL);
	CHECK(strstr(out, "\"suggestion\": \"kay\"}") != NULL);
	CHECK(strstr(out, "\"line\": 3, \"column\": 1, \"end_column\": 4,") !=
	      NULL);
	CHECK(strstr(out, "\"line\": 9, \"column\": 1, \"end_column\": null,") !=
	      NULL);
	CHECK(strstr(out, "\n], \"not_shown\": {\"errors\": 0, \"warnings\": 0, "
	                  "\"notes\": 0}}\n") != NULL);
	free(out);
	diag_free(&l);
}

int
main(void)
{
	RUN(text_taken_after_the_path);
	RUN(long_line_is_a_window_around_the_caret);
	RUN(control_characters_are_escaped);
	RUN(at_most_a_hundred_printed_errors_first);
	RUN(source_char_walks_on_from_the_last);
	RUN(json_fields_and_escapes);
	return harness_done();
}
