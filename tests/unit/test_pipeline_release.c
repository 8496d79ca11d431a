/* test_pipeline_release.c - freeing each page's layout as soon as it is
 * drawn (render_options.page_done, layout_release_page), as the CLI does:
 * the PDF must not change, and the glyphs' memory must go down as the
 * pages are drawn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/model.h"
#include "render/render.h"
#include "util/paths.h"

static char folder[64], report[96];
static path_policy policy;

/* A report of about 30 pages: paragraphs, a long table whose header
 * repeats on every page it crosses, and the running head and foot. */
static char *
report_yaml(void)
{
	size_t cap = 1 << 20, n = 0;
	char *y = malloc(cap);
	n += (size_t)snprintf(y + n, cap - n,
	                      "document:\n  title: Release test\n"
	                      "  language: en\ncontent:\n");
	for (int s = 0; s < 30; s++) {
		n += (size_t)snprintf(y + n, cap - n,
		                      "  - heading: Section %d\n"
		                      "  - paragraph: >\n      ", s + 1);
		for (int w = 0; w < 160; w++)
			n += (size_t)snprintf(y + n, cap - n, "%s ",
			                      w % 3 ? "regional cooperation"
			                            : "environment");
		n += (size_t)snprintf(y + n, cap - n, "\n");
	}
	n += (size_t)snprintf(y + n, cap - n,
	                      "  - table:\n      - [Item, Value]\n");
	for (int r = 0; r < 120; r++)
		n += (size_t)snprintf(y + n, cap - n,
		                      "      - [Row %d, \"%d\"]\n", r, r * 7);
	return y;
}

typedef struct seen {
	layout_doc *ld;
	size_t pages, calls;
	size_t bytes[256]; /* glyph bytes before each release */
} seen;

static void
note_and_release(void *ctx, size_t page)
{
	seen *s = ctx;
	if (s->calls < 256)
		s->bytes[s->calls] = layout_glyph_bytes(s->ld);
	CHECK(page == s->calls);
	s->calls++;
	layout_release_page(s->ld, page);
}

static layout_doc *
lay_out(const char *yaml, model_doc **doc, text_fonts *fs, arena *a,
        diag_list *d)
{
	node *root = NULL;
	load_options lo = {&policy};
	model_options mo = {NULL, &policy};
	layout_doc *ld = NULL;
	if (load_buffer(&root, a, report, yaml, strlen(yaml), &lo, d) != 0 ||
	    model_build(doc, root, &mo, d) != 0 ||
	    layout_document(&ld, *doc, fs, NULL, d) != 0) {
		diag_print_all(d, stderr, 0);
		CHECK(!"the report lays out");
		return NULL;
	}
	return ld;
}

TEST(release_keeps_the_pdf_and_frees_as_it_goes)
{
	char *yaml = report_yaml();
	diag_list d;
	diag_init(&d);
	arena a1, a2;
	arena_init(&a1);
	arena_init(&a2);
	text_fonts *fs = text_fonts_new();
	model_doc *m1 = NULL, *m2 = NULL;
	layout_doc *kept = lay_out(yaml, &m1, fs, &a1, &d);
	layout_doc *freed = lay_out(yaml, &m2, fs, &a2, &d);
	CHECK(kept && freed);
	if (!kept || !freed)
		goto done;
	size_t npages = freed->npages;
	printf("  %zu pages, %zu bytes of glyphs\n", npages,
	       layout_glyph_bytes(freed));
	CHECK(npages >= 25);

	unsigned char *pa = NULL, *pb = NULL;
	size_t la = 0, lb = 0;
	render_options plain = {.source_date_epoch = -1};
	CHECK(render_pdf_memory(kept, &plain, &pa, &la, &d) == 0);
	seen s = {freed, npages, 0, {0}};
	render_options rel = {.source_date_epoch = -1,
	                      .page_done = note_and_release,
	                      .page_done_ctx = &s};
	CHECK(render_pdf_memory(freed, &rel, &pb, &lb, &d) == 0);
	CHECK(la > 0 && la == lb && memcmp(pa, pb, la) == 0);
	CHECK(s.calls == npages);

	/* Never more, all gone at the end, and going as the pages go (in
	 * blocks of 64 KB: about a page and a half each). */
	for (size_t i = 1; i < s.calls && i < 256; i++)
		CHECK(s.bytes[i] <= s.bytes[i - 1]);
	CHECK(s.bytes[0] > 0);
	CHECK(s.bytes[npages / 2] < s.bytes[0] * 3 / 5);
	CHECK(s.bytes[npages * 3 / 4] < s.bytes[0] / 3);
	CHECK(layout_glyph_bytes(freed) == 0);
	printf("  glyph bytes: %zu before page 1, %zu before page %zu, "
	       "%zu at the end\n", s.bytes[0], s.bytes[npages / 2],
	       npages / 2 + 1, layout_glyph_bytes(freed));
	for (size_t i = 0; i < npages; i++)
		CHECK(freed->pages[i].nitems == 0 && !freed->pages[i].items);
	free(pa);
	free(pb);
done:
	CHECK(d.errors == 0);
	layout_free(kept);
	layout_free(freed);
	model_free(m1);
	model_free(m2);
	arena_free(&a1);
	arena_free(&a2);
	text_fonts_free(fs);
	diag_free(&d);
	free(yaml);
}

/* Releasing out of order frees the page's items only: glyphs that an
 * earlier, undrawn page shows must stay. */
TEST(release_out_of_order_keeps_glyphs)
{
	char *yaml = report_yaml();
	diag_list d;
	diag_init(&d);
	arena a;
	arena_init(&a);
	text_fonts *fs = text_fonts_new();
	model_doc *m = NULL;
	layout_doc *ld = lay_out(yaml, &m, fs, &a, &d);
	CHECK(ld != NULL);
	if (ld) {
		size_t before = layout_glyph_bytes(ld);
		layout_release_page(ld, ld->npages - 1);
		CHECK(layout_glyph_bytes(ld) == before);
		CHECK(ld->pages[ld->npages - 1].nitems == 0);
		CHECK(ld->pages[0].nitems > 0);
	}
	layout_free(ld);
	model_free(m);
	arena_free(&a);
	text_fonts_free(fs);
	diag_free(&d);
	free(yaml);
}

static void
cleanup(void)
{
	path_policy_free(&policy);
	char marker[128];
	snprintf(marker, sizeof(marker), "%s/.carec-project", folder);
	remove(marker);
	rmdir(folder);
}

int
main(void)
{
	snprintf(folder, sizeof(folder), "%s", "/tmp/carec-release-XXXXXX");
	if (!mkdtemp(folder))
		return 1;
	char marker[128];
	snprintf(marker, sizeof(marker), "%s/.carec-project", folder);
	FILE *f = fopen(marker, "w");
	if (f)
		fclose(f);
	snprintf(report, sizeof(report), "%s/release.yaml", folder);
	if (path_policy_init(&policy, report) != 0)
		return 1;
	RUN(release_keeps_the_pdf_and_frees_as_it_goes);
	RUN(release_out_of_order_keeps_glyphs);
	cleanup();
	return harness_done();
}
