/* test_util_perf.c - the line index of diagnostic sources and arrays that
 * grow in place in the arena (both added for speed and memory). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util/diag.h"
#include "util/mem.h"

/* The line as diag_source_line gives it, up to its newline, in a static
 * buffer ("(none)" when there is no such line). */
static const char *
line_of(const diag_list *d, const char *path, int line)
{
	static char out[256];
	size_t rest = 99;
	const char *p = diag_source_line(d, path, line, &rest);
	if (!p)
		return "(none)";
	size_t n = 0;
	while (n < rest && p[n] != '\n' && n + 1 < sizeof(out)) {
		out[n] = p[n];
		n++;
	}
	out[n] = '\0';
	return out;
}

TEST(source_lines_by_number)
{
	diag_list d;
	diag_init(&d);
	const char *text = "first\nsecond\r\n\nfourth";
	const char *path = diag_source_add(&d, "a.yaml", text, strlen(text));
	diag_source_add(&d, "b.yaml", NULL, 0);
	CHECK_STR(line_of(&d, path, 1), "first");
	CHECK_STR(line_of(&d, path, 2), "second\r"); /* bytes as they are */
	CHECK_STR(line_of(&d, path, 3), "");
	CHECK_STR(line_of(&d, path, 4), "fourth");
	CHECK_STR(line_of(&d, path, 5), "(none)");
	CHECK_STR(line_of(&d, path, 0), "(none)");
	/* Found by content as well as by the list's own copy of the path. */
	CHECK_STR(line_of(&d, "a.yaml", 2), "second\r");
	CHECK_STR(line_of(&d, "b.yaml", 1), "(none)"); /* no text */
	CHECK_STR(line_of(&d, "c.yaml", 1), "(none)");
	size_t rest = 0;
	const char *p = diag_source_line(&d, path, 4, &rest);
	CHECK(p && rest == 6 && memcmp(p, "fourth", 6) == 0);
	/* A text that ends with a newline has an empty last line. */
	const char *t2 = "x\n";
	const char *p2 = diag_source_add(&d, "t2.yaml", t2, 2);
	CHECK_STR(line_of(&d, p2, 2), "");
	CHECK_STR(line_of(&d, p2, 3), "(none)");
	diag_free(&d);
}

TEST(many_lines_stay_exact)
{
	/* 20000 numbered lines: every line is found by number. */
	buf b;
	buf_init(&b);
	for (int i = 1; i <= 20000; i++)
		buf_printf(&b, "line %d\n", i);
	diag_list d;
	diag_init(&d);
	const char *path = diag_source_add(&d, "big.yaml", b.data, b.len);
	int bad = 0;
	for (int i = 1; i <= 20000; i += 7) {
		char want[32];
		snprintf(want, sizeof(want), "line %d", i);
		if (strcmp(line_of(&d, path, i), want) != 0)
			bad++;
	}
	CHECK(bad == 0);
	CHECK_STR(line_of(&d, path, 20000), "line 20000");
	diag_free(&d);
	buf_free(&b);
}

TEST(arena_grows_the_last_array_in_place)
{
	arena a;
	arena_init(&a);
	(void)arena_alloc(&a, 40); /* something before it */
	int *v = arena_alloc(&a, 4 * sizeof(int));
	for (int i = 0; i < 4; i++)
		v[i] = i + 1;
	int *w = arena_grow(&a, v, 4, 64, sizeof(int));
#ifndef CAREC_ARENA_DEBUG
	CHECK(w == v); /* the latest allocation, and its chunk has room */
#endif
	int kept = 1, zero = 1;
	for (int i = 0; i < 4; i++)
		kept &= w[i] == i + 1;
	for (int i = 4; i < 64; i++)
		zero &= w[i] == 0;
	CHECK(kept && zero);
	/* Whatever is allocated next does not overlap the grown array. */
	int *x = arena_alloc(&a, 16 * sizeof(int));
	CHECK((uintptr_t)x >= (uintptr_t)(w + 64) ||
	      (uintptr_t)(x + 16) <= (uintptr_t)w);
	for (int i = 0; i < 16; i++)
		x[i] = -1;
	int intact = 1;
	for (int i = 0; i < 4; i++)
		intact &= w[i] == i + 1;
	CHECK(intact);
	/* w is no longer the latest allocation: growing it copies. */
	int *y = arena_grow(&a, w, 64, 128, sizeof(int));
	CHECK(y != w);
	int copied = 1;
	for (int i = 0; i < 4; i++)
		copied &= y[i] == i + 1;
	for (int i = 4; i < 128; i++)
		copied &= y[i] == 0;
	CHECK(copied);
	/* Growing past the chunk's room copies into a new chunk. */
	char *big = arena_grow(&a, y, 128, 1 << 20, 1);
	CHECK(big != NULL && ((int *)big)[3] == 4);
	arena_free(&a);
}

int
main(void)
{
	RUN(source_lines_by_number);
	RUN(many_lines_stay_exact);
	RUN(arena_grows_the_last_array_in_place);
	return harness_done();
}
