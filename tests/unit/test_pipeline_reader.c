/* test_pipeline_reader.c - a report read block by block from its file
 * (model_reader as a layout_source, as the CLI does). The PDF must be the
 * one the whole model gives; the blocks the layout holds at once, and the
 * heap that reading, building and laying out take, must not grow with the
 * document; a report that cannot be read so must say so at once. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "project_dir.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/model.h"
#include "render/render.h"

static project_dir pd;
static char part[160]; /* an included file beside the report */

/* Section s's blocks, each line after ind (the indent of the list they
 * are items of). */
static void
write_section(FILE *f, int s, const char *ind)
{
	fprintf(f, "%s- heading: Section %d\n%s  id: s%d\n"
	           "%s- paragraph: >\n%s    Back to [the first](#s1). ",
	        ind, s, ind, s, ind, ind);
	for (int w = 0; w < 200; w++)
		fprintf(f, "%s ", w % 3 ? "regional cooperation" : "environment");
	fprintf(f, "\n%s- list:\n%s    - water\n%s    - climate\n", ind, ind,
	        ind);
	if (s % 4 == 0)
		fprintf(f, "%s- include: part.yaml\n"
		           "%s- columns:\n%s    - paragraph: Beside, in columns, "
		           "about water and energy.\n", ind, ind, ind);
	fprintf(f, "%s- table:\n%s    - [Item, Value]\n", ind, ind);
	for (int r = 0; r < 30; r++)
		fprintf(f, "%s    - [Row %d, \"%d\"]\n", ind, r, r * 7);
}

/* Sections written to files of their own (sN.yaml) and included, as
 * chapters may be; how many such files there are. */
static int in_files, nfiles, written;

static void
section_path(char *path, size_t n, int s)
{
	snprintf(path, n, "%s/s%d.yaml", pd.folder, s);
}

/* A report of `sections` sections: a cover, contents laid out in more
 * than one pass, links back and forth, data, lists, tables whose header
 * repeats, columns, and an included list of blocks; with in_files, each
 * section in a file of its own, included. */
static void
write_report(int sections)
{
	FILE *f = fopen(pd.report, "w");
	if (!f)
		return;
	written = sections;
	fprintf(f, "data:\n  founded: 2001\n"
	           "document:\n  title: Reader test\n  language: en\n"
	           "  cover:\n    edition: Test\n"
	           "content:\n"
	           "  - paragraph: Founded in {{ founded }}; see "
	           "[the last section](#s%d).\n"
	           "  - contents\n"
	           "  - page-numbering: decimal\n", sections);
	for (int s = 1; s <= sections; s++) {
		if (!in_files) {
			write_section(f, s, "  ");
			continue;
		}
		char path[200];
		section_path(path, sizeof(path), s);
		FILE *g = fopen(path, "w");
		if (g) {
			write_section(g, s, "");
			fclose(g);
		}
		if (s > nfiles)
			nfiles = s;
		fprintf(f, "  - include: s%d.yaml\n", s);
	}
	fclose(f);
}

/* What reading and laying out a report took. */
typedef struct run {
	render_stream *rs;   /* NULL: pages are only checked, not drawn */
	int draw;
	model_reader *r;
	size_t pulled, released, max_alive;
	size_t heap0, max_heap; /* in use at the start; the most after */
	size_t last_heap;    /* when the last page is completed */
	size_t npages;
} run;

static size_t
heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

static void
sample(run *x)
{
	size_t h = heap_in_use();
	if (h > x->max_heap)
		x->max_heap = h;
}

static const model_block *
src_next(void *ctx)
{
	run *x = ctx;
	const model_block *b = model_reader_next(x->r);
	if (b) {
		x->pulled++;
		if (x->pulled - x->released > x->max_alive)
			x->max_alive = x->pulled - x->released;
	}
	sample(x);
	return b;
}

static void
src_release(void *ctx, size_t upto)
{
	run *x = ctx;
	if (upto > x->released)
		x->released = upto;
	model_reader_release(x->r, upto);
}

static int
src_restart(void *ctx)
{
	run *x = ctx;
	x->pulled = x->released = 0;
	return model_reader_restart(x->r);
}

static int
on_begin(void *ctx, diag_list *d)
{
	run *x = ctx;
	render_stream_free(x->rs);
	x->rs = x->draw ? render_stream_new(&(render_options){
	                      .source_date_epoch = -1}, d)
	                : NULL;
	return 0;
}

static int
on_page(void *ctx, const layout_doc *ld, size_t i, diag_list *d)
{
	run *x = ctx;
	sample(x);
	return x->rs ? render_stream_page(x->rs, ld, i, d) : 0;
}

static int
on_done(void *ctx, const layout_doc *ld, size_t i, diag_list *d)
{
	run *x = ctx;
	sample(x);
	if (i + 1 == ld->npages)
		x->last_heap = heap_in_use();
	return x->rs ? render_stream_complete(x->rs, ld, i, d) : 0;
}

/* Read the report block by block and lay it out; with draw, make its PDF
 * in *pdf. 0, or -1. */
static int
read_blocks(run *x, int draw, text_fonts *fs, unsigned char **pdf,
            size_t *len)
{
	memset(x, 0, sizeof(*x));
	x->draw = draw;
	diag_list d;
	diag_init(&d);
	x->heap0 = heap_in_use();
	model_options mo = {NULL, &pd.policy, NULL, NULL};
	layout_sink sink = {x, on_begin, on_page, on_done};
	layout_source src = {x, src_next, src_release, src_restart};
	layout_options o = {.sink = &sink, .source = &src};
	layout_doc *ld = NULL;
	int rc = -1;
	if (model_reader_open(&x->r, pd.report, &mo, &d) == 0 &&
	    layout_document(&ld, model_reader_doc(x->r), fs, &o, &d) == 0 &&
	    model_reader_done(x->r)) {
		x->npages = ld->npages;
		model_reader_close(x->r);
		x->r = NULL;
		rc = draw ? render_stream_finish(x->rs, ld, pdf, len, &d) : 0;
	}
	if (rc != 0)
		diag_print_all(&d, stderr, 0);
	model_reader_close(x->r);
	render_stream_free(x->rs);
	layout_free(ld);
	CHECK(d.errors == 0);
	diag_free(&d);
	return rc;
}

/* The whole model's PDF, as --dump-layout makes it. */
static int
read_whole(text_fonts *fs, unsigned char **pdf, size_t *len)
{
	diag_list d;
	diag_init(&d);
	arena a;
	arena_init(&a);
	node *root = NULL;
	model_doc *doc = NULL;
	layout_doc *ld = NULL;
	load_options lo = {&pd.policy, NULL};
	model_options mo = {NULL, &pd.policy, NULL, NULL};
	render_options ro = {.source_date_epoch = -1};
	int rc = load_file(&root, &a, pd.report, &lo, &d) == 0 &&
	         model_build(&doc, root, &mo, &d) == 0 &&
	         layout_document(&ld, doc, fs, NULL, &d) == 0 &&
	         render_pdf_memory(ld, &ro, pdf, len, &d) == 0 ? 0 : -1;
	if (rc != 0)
		diag_print_all(&d, stderr, 0);
	layout_free(ld);
	model_free(doc);
	arena_free(&a);
	diag_free(&d);
	return rc;
}

TEST(read_block_by_block_is_the_whole_models_pdf)
{
	write_report(12);
	text_fonts *fs = text_fonts_new();
	unsigned char *whole = NULL, *pdf = NULL;
	size_t wlen = 0, len = 0;
	run x = {0};
	CHECK(read_whole(fs, &whole, &wlen) == 0);
	CHECK(read_blocks(&x, 1, fs, &pdf, &len) == 0);
	printf("  %zu pages, %zu and %zu bytes\n", x.npages, wlen, len);
	CHECK(x.npages >= 20);
	CHECK(wlen > 0 && wlen == len && memcmp(whole, pdf, len) == 0);
	free(whole);
	free(pdf);
	text_fonts_free(fs);
}

static long
file_bytes(const char *path)
{
	long n = 0;
	FILE *f = fopen(path, "r");
	if (f && fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	if (f)
		fclose(f);
	return n;
}

/* The YAML of the report last written, its sections' files too. */
static long
report_bytes(void)
{
	long n = file_bytes(pd.report);
	for (int s = 1; in_files && s <= written; s++) {
		char path[200];
		section_path(path, sizeof(path), s);
		n += file_bytes(path);
	}
	return n;
}

/* Four times the sections, and no more blocks held at once, and about
 * the same heap: the report's text, tree and model are never whole. (A
 * report of a few pages is smaller than what the layout reads ahead.) */
static void
does_not_grow(void)
{
	text_fonts *fs = text_fonts_new();
	run warm = {0}, med = {0}, big = {0};
	write_report(4);
	/* Once before measuring: fonts, caches and patterns are loaded. */
	CHECK(read_blocks(&warm, 0, fs, NULL, NULL) == 0);
	write_report(30);
	long ymed = report_bytes();
	CHECK(read_blocks(&med, 0, fs, NULL, NULL) == 0);
	write_report(120);
	long ybig = report_bytes();
	CHECK(read_blocks(&big, 0, fs, NULL, NULL) == 0);
	size_t gmed = med.max_heap - med.heap0;
	size_t gbig = big.max_heap - big.heap0;
	printf("  %zu pages (%ld bytes of YAML): %zu blocks at most, "
	       "%zu KB of heap; %zu pages (%ld bytes): %zu, %zu KB\n",
	       med.npages, ymed, med.max_alive, gmed / 1024, big.npages, ybig,
	       big.max_alive, gbig / 1024);
	CHECK(big.npages >= 3 * med.npages);
	CHECK(big.max_alive <= med.max_alive + 4);
	CHECK(big.max_alive < 100);
	if (med.heap0 == 0) {
		printf("  (no heap figures from this allocator)\n");
	} else {
		/* The YAML grew by 390 KB; the heap may grow by what the PDF
		 * needs of each page (its links, destinations, outline and
		 * label: about 1 KB), not by the text (the tree and the model
		 * are about twice the text each: four times the text, when
		 * the blocks are not let go of). */
		size_t more = big.npages - med.npages;
		CHECK(ybig - ymed > 350 * 1024);
		CHECK(gbig < gmed + (size_t)(ybig - ymed));
		CHECK(gbig < gmed + 2048 * more);
	}
	text_fonts_free(fs);
}

TEST(reading_does_not_grow_with_the_report)
{
	does_not_grow();
}

/* The same with each section in a file of its own: an included list is
 * read item by item too. */
TEST(reading_included_chapters_does_not_grow)
{
	in_files = 1;
	does_not_grow();
	in_files = 0;
}

TEST(a_report_of_another_shape_is_refused_at_once)
{
	model_options mo = {NULL, &pd.policy, NULL, NULL};
	static const char *const shapes[] = {
		/* the settings after the content come too late */
		"content:\n  - paragraph: a\ndocument:\n  title: t\n",
		("document:\n  title: t\ncontent:\n  - paragraph: a\n"
		 "theme: {}\n"),
		"document:\n  title: t\ncontent: &c\n  - paragraph: a\n",
		"document:\n  title: t\ncontent: {include: part.yaml}\n",
		"include: other.yaml\n",
		"- paragraph: a\n",
		"",
		"document:\n  title: t\ncontent:\n  - paragraph: a\n",
	};
	static const int opens[] = {0, 1, 0, 0, 0, 0, 0, 1};
	static const int done[] = {0, 0, 0, 0, 0, 0, 0, 1};
	for (size_t i = 0; i < sizeof(shapes) / sizeof(*shapes); i++) {
		/* Each a run of its own, as the CLI makes: a list of messages
		 * knows the file as it was read. */
		diag_list d;
		diag_init(&d);
		FILE *f = fopen(pd.report, "w");
		if (f) {
			fputs(shapes[i], f);
			fclose(f);
		}
		model_reader *r = NULL;
		int ok = model_reader_open(&r, pd.report, &mo, &d) == 0;
		if (ok != opens[i])
			printf("  shape %zu: opened %d\n", i, ok);
		CHECK(ok == opens[i]);
		if (ok) {
			/* Its blocks come; a key after them stops the reading
			 * short of done. */
			size_t n = 0;
			while (model_reader_next(r))
				n++;
			CHECK(n == 1);
			CHECK(model_reader_done(r) == done[i]);
		}
		model_reader_close(r);
		diag_free(&d);
	}
}

int
main(void)
{
	if (project_dir_open(&pd, "reader", "reader.yaml") != 0)
		return 1;
	snprintf(part, sizeof(part), "%s/part.yaml", pd.folder);
	FILE *f = fopen(part, "w");
	if (f) {
		fputs("- heading: Included\n  level: 2\n"
		      "- paragraph: An included paragraph.\n", f);
		fclose(f);
	}
	RUN(read_block_by_block_is_the_whole_models_pdf);
	RUN(reading_does_not_grow_with_the_report);
	RUN(reading_included_chapters_does_not_grow);
	RUN(a_report_of_another_shape_is_refused_at_once);
	remove(part);
	remove(pd.report);
	for (int i = 1; i <= nfiles; i++) {
		char path[200];
		section_path(path, sizeof(path), i);
		remove(path);
	}
	project_dir_close(&pd);
	return harness_done();
}
