/*
 * test_load_limits.c - limits too big to reach cheaply in a unit test,
 * tested by compiling the loader's sources here with smaller values.
 * The real values are tested in test_load.c where that is cheap.
 */
/* Linked against carec_load_small: the loader built with
 * LIMIT_TOTAL_NODES=1000, LIMIT_FILE_BYTES=2000, LIMIT_ALIAS_BYTES=1000,
 * LIMIT_INCLUDE_BYTES=5000 and LIMIT_TEXT_BYTES=20000
 * (tests/CMakeLists.txt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/load.h"
#include "util/limits.h"

#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static char dir[64];

static const char *
path_in(const char *name)
{
	static char p[2][256];
	static int k;
	k = !k;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static void
put_file(const char *name, const char *text)
{
	FILE *f = fopen(path_in(name), "wb");
	if (!f)
		exit(2);
	fputs(text, f);
	fclose(f);
}

TEST(total_nodes)
{
	diag_list d;
	arena a;
	node *r;
	buf b;

	diag_init(&d);
	arena_init(&a);
	buf_init(&b);
	/* The list is node 1; item k is node k + 1. */
	for (int i = 0; i < 998; i++)
		buf_puts(&b, "- x\n");
	buf_puts(&b, "- [y]\n");
	CHECK(load_buffer(&r, &a, "n.yaml", b.data, b.len, NULL, &d) == -1);
	CHECK(d.count == 1);
	CHECK(d.count && d.items[0].code == DIAG_LIMIT);
	CHECK(d.count && d.items[0].pos.line == 999 && d.items[0].pos.col == 4);
	CHECK(d.count && strstr(d.items[0].message, "LIMIT_TOTAL_NODES is 1000"));
	CHECK(r == NULL);
	diag_free(&d);
	arena_free(&a);
	buf_free(&b);

	/* Copies of a file included twice count too: 2 x 601 > 1000. */
	diag_init(&d);
	arena_init(&a);
	buf_init(&b);
	buf_puts(&b, "[");
	for (int i = 0; i < 600; i++)
		buf_puts(&b, i ? ",x" : "x");
	buf_puts(&b, "]\n");
	FILE *f = fopen(path_in("six.yaml"), "wb");
	fwrite(b.data, 1, b.len, f);
	fclose(f);
	put_file("twice.yaml", "a:\n  include: six.yaml\nb:\n  include: six.yaml\n");
	CHECK(load_file(&r, &a, path_in("twice.yaml"), NULL, &d) == -1);
	CHECK(d.count == 1);
	CHECK(d.count && d.items[0].code == DIAG_LIMIT);
	CHECK(d.count && d.items[0].pos.line == 4 && d.items[0].pos.col == 12);
	diag_free(&d);
	arena_free(&a);
	buf_free(&b);
}

TEST(file_bytes)
{
	diag_list d;
	arena a;
	node *r;
	char big[3000];

	memset(big, 'x', sizeof(big));
	memcpy(big, "a: ", 3);
	big[sizeof(big) - 1] = '\0';
	put_file("big.yaml", big);
	put_file("inc-big.yaml", "k:\n  include: big.yaml\n");

	diag_init(&d);
	arena_init(&a);
	CHECK(load_file(&r, &a, path_in("big.yaml"), NULL, &d) == -1);
	CHECK(d.count == 1);
	CHECK(d.count && d.items[0].code == DIAG_LIMIT);
	CHECK(d.count && strstr(d.items[0].message, "LIMIT_FILE_BYTES is 2000"));
	CHECK(d.count && strcmp(d.items[0].pos.file, path_in("big.yaml")) == 0);
	diag_free(&d);
	arena_free(&a);

	diag_init(&d);
	arena_init(&a);
	CHECK(load_file(&r, &a, path_in("inc-big.yaml"), NULL, &d) == -1);
	CHECK(d.count == 1);
	CHECK(d.count && d.items[0].code == DIAG_LIMIT);
	CHECK(d.count && d.items[0].pos.line == 2 && d.items[0].pos.col == 12);
	diag_free(&d);
	arena_free(&a);
}

/* An alias of a long text copies it: the node limit does not see that,
 * LIMIT_ALIAS_BYTES does, at the alias that passes it (300 bytes, the
 * fourth use is 1200 > 1000). */
TEST(alias_bytes)
{
	diag_list d;
	arena a;
	node *r;
	buf b;

	diag_init(&d);
	arena_init(&a);
	buf_init(&b);
	buf_puts(&b, "a: &t ");
	for (int i = 0; i < 300; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\nb: [*t, *t, *t, *t, *t]\n");
	CHECK(load_buffer(&r, &a, "al.yaml", b.data, b.len, NULL, &d) == -1);
	CHECK(d.count == 1);
	CHECK(d.count && d.items[0].code == DIAG_LIMIT);
	CHECK(d.count && d.items[0].pos.line == 2 && d.items[0].pos.col == 17);
	CHECK(d.count && strstr(d.items[0].message, "aliases copy too much text "
	                        "(LIMIT_ALIAS_BYTES is 1000)"));
	CHECK(d.count && d.items[0].note &&
	      strstr(d.items[0].note, "fewer times"));
	CHECK(r == NULL);
	diag_free(&d);
	arena_free(&a);
	buf_free(&b);
}

/* A file included again counts again, copied or not: 1500 bytes four
 * times is 6000 > 5000, at the fourth include. */
TEST(include_bytes)
{
	diag_list d;
	arena a;
	node *r;
	char text[1501];

	memset(text, 'x', sizeof(text));
	memcpy(text, "- ", 2);
	text[sizeof(text) - 1] = '\0';
	put_file("part.yaml", text);
	put_file("four.yaml", "- include: part.yaml\n- include: part.yaml\n"
	                      "- include: part.yaml\n- include: part.yaml\n");
	diag_init(&d);
	arena_init(&a);
	CHECK(load_file(&r, &a, path_in("four.yaml"), NULL, &d) == -1);
	CHECK(d.count == 1);
	CHECK(d.count && d.items[0].code == DIAG_LIMIT);
	CHECK(d.count && d.items[0].pos.line == 4 && d.items[0].pos.col == 12);
	CHECK(d.count && strstr(d.items[0].message, "the included files are too "
	                        "large in total (LIMIT_INCLUDE_BYTES is 5000)"));
	CHECK(r == NULL);
	diag_free(&d);
	arena_free(&a);
}

/* All the text of a load, at the value that passes LIMIT_TEXT_BYTES:
 * 21 values of 1000 bytes, the 21st passes 20000 (keys count too). */
TEST(text_bytes)
{
	diag_list d;
	arena a;
	node *r;
	buf b;

	diag_init(&d);
	arena_init(&a);
	buf_init(&b);
	for (int i = 0; i < 25; i++) {
		buf_puts(&b, "- ");
		for (int k = 0; k < 1000; k++)
			buf_putc(&b, 'x');
		buf_putc(&b, '\n');
	}
	CHECK(load_buffer(&r, &a, "tx.yaml", b.data, b.len, NULL, &d) == -1);
	CHECK(d.count == 1);
	CHECK(d.count && d.items[0].code == DIAG_LIMIT);
	CHECK(d.count && d.items[0].pos.line == 21 && d.items[0].pos.col == 3);
	CHECK(d.count && strstr(d.items[0].message, "the report has too much "
	                        "text in total (LIMIT_TEXT_BYTES is 20000)"));
	CHECK(r == NULL);
	diag_free(&d);
	arena_free(&a);
	buf_free(&b);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/carec-loadlim-XXXXXX");
	if (!mkdtemp(dir))
		return 2;
	RUN(total_nodes);
	RUN(file_bytes);
	RUN(alias_bytes);
	RUN(include_bytes);
	RUN(text_bytes);
	remove(path_in("part.yaml"));
	remove(path_in("four.yaml"));
	remove(path_in("six.yaml"));
	remove(path_in("twice.yaml"));
	remove(path_in("big.yaml"));
	remove(path_in("inc-big.yaml"));
	rmdir(dir);
	return harness_done();
}
