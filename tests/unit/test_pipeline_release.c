/* test_pipeline_release.c - freeing each page's layout as soon as it is
 * drawn. A finished layout drawn with render_options.page_done and
 * layout_release_page (as the CLI does with --dump-layout): the PDF must
 * not change, and the glyphs' memory must go down as the pages are
 * drawn. Pages drawn as the layout makes them (layout_options.sink and
 * render_stream, as the CLI does otherwise): the PDF must be the one a
 * finished layout gives, every page must reach the sink in order, and
 * what the layout holds must not grow with the document. */
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

static model_doc *
model_of(const char *yaml, arena *a, diag_list *d)
{
	node *root = NULL;
	load_options lo = {&pd.policy};
	model_options mo = {NULL, &pd.policy, NULL};
	model_doc *doc = NULL;
	if (load_buffer(&root, a, pd.report, yaml, strlen(yaml), &lo, d) != 0 ||
	    model_build(&doc, root, &mo, d) != 0) {
		diag_print_all(d, stderr, 0);
		CHECK(!"the report loads");
		return NULL;
	}
	return doc;
}

static layout_doc *
lay_out(const char *yaml, model_doc **doc, text_fonts *fs, arena *a,
        diag_list *d)
{
	layout_doc *ld = NULL;
	*doc = model_of(yaml, a, d);
	if (*doc && layout_document(&ld, *doc, fs, NULL, d) != 0) {
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

/* A report of about 3 * sections pages with what needs the whole
 * document: covers, a table of contents (if asked: laid out twice, in
 * memory, and so not through the sink), roman front
 * matter, links to later headings, tables whose header repeats on each
 * page, columns, a watermark and "Page X of Y". */
static char *
stream_yaml(int sections, int contents)
{
	size_t cap = 4 << 20, n = 0;
	char *y = malloc(cap);
	n += (size_t)snprintf(y + n, cap - n,
	                      "document:\n  title: Stream test\n"
	                      "  language: en\n"
	                      "  cover:\n    edition: Test\n"
	                      "  back-cover:\n    text: The end\n"
	                      "theme:\n  watermark:\n    text: DRAFT\n"
	                      "content:\n"
	                      "  - paragraph: Front matter first; see "
	                      "[the last section](#s%d).\n"
	                      "%s"
	                      "  - page-numbering: decimal\n",
	                      sections, contents ? "  - contents:\n" : "");
	for (int s = 1; s <= sections; s++) {
		n += (size_t)snprintf(y + n, cap - n,
		                      "  - heading: Section %d\n    id: s%d\n"
		                      "  - paragraph: >\n      Back to "
		                      "[the first](#s1). ", s, s);
		for (int w = 0; w < 220; w++)
			n += (size_t)snprintf(y + n, cap - n, "%s ",
			                      w % 3 ? "regional cooperation"
			                            : "environment");
		n += (size_t)snprintf(y + n, cap - n, "\n");
		if (s % 4 == 0) {
			n += (size_t)snprintf(y + n, cap - n,
			                      "  - columns:\n"
			                      "      - paragraph: >\n"
			                      "          ");
			for (int w = 0; w < 120; w++)
				n += (size_t)snprintf(y + n, cap - n, "water ");
			n += (size_t)snprintf(y + n, cap - n, "\n");
		}
		n += (size_t)snprintf(y + n, cap - n,
		                      "  - table:\n      - [Item, Value]\n");
		for (int r = 0; r < 40; r++)
			n += (size_t)snprintf(y + n, cap - n,
			                      "      - [Row %d, \"%d\"]\n", r, r * 7);
	}
	return y;
}

/* What the sink saw. */
typedef struct streamed_seen {
	render_stream *rs;
	int passes;
	size_t pages;        /* body pages of this pass */
	size_t done;         /* pages completed */
	int in_order;        /* every call for the next page */
	int earlier_freed;   /* pages before the one handed over hold no text */
	size_t max_glyphs;   /* the most glyph bytes the layout held */
	size_t max_items;    /* the most items all pages held at once, links
	                      * aside (kept to the end, as in the PDF) */
} streamed_seen;

static size_t
items_held(const layout_doc *ld, size_t *text_before, size_t upto)
{
	size_t n = 0;
	*text_before = 0;
	for (size_t p = 0; p < ld->npages; p++)
		for (size_t i = 0; i < ld->pages[p].nitems; i++) {
			layout_kind k = ld->pages[p].items[i].kind;
			n += k != LITEM_LINK;
			*text_before += p < upto && k == LITEM_TEXT;
		}
	return n;
}

static void
observe(streamed_seen *s, const layout_doc *ld, size_t i)
{
	size_t text_before = 0;
	size_t held = items_held(ld, &text_before, i);
	if (held > s->max_items)
		s->max_items = held;
	if (text_before)
		s->earlier_freed = 0;
	size_t g = layout_glyph_bytes(ld);
	if (g > s->max_glyphs)
		s->max_glyphs = g;
}

static int
on_begin(void *ctx, diag_list *d)
{
	streamed_seen *s = ctx;
	render_stream_free(s->rs);
	s->rs = render_stream_new(&(render_options){.source_date_epoch = -1},
	                          d);
	s->passes++;
	s->pages = s->done = 0;
	return 0;
}

static int
on_page(void *ctx, const layout_doc *ld, size_t i, diag_list *d)
{
	streamed_seen *s = ctx;
	if (i != s->pages || !ld->pages[i].flow)
		s->in_order = 0;
	s->pages++;
	observe(s, ld, i);
	return render_stream_page(s->rs, ld, i, d);
}

static int
on_done(void *ctx, const layout_doc *ld, size_t i, diag_list *d)
{
	streamed_seen *s = ctx;
	if (i != s->done)
		s->in_order = 0;
	s->done++;
	observe(s, ld, i);
	return render_stream_complete(s->rs, ld, i, d);
}

/* Lay out yaml streaming into a PDF; store its bytes and what was seen. */
static int
streamed(const char *yaml, text_fonts *fs, unsigned char **pdf, size_t *len,
         streamed_seen *s, size_t *npages)
{
	diag_list d;
	diag_init(&d);
	arena a;
	arena_init(&a);
	memset(s, 0, sizeof(*s));
	s->in_order = s->earlier_freed = 1;
	layout_sink sink = {s, on_begin, on_page, on_done};
	layout_options o = {.sink = &sink};
	layout_doc *ld = NULL;
	model_doc *doc = model_of(yaml, &a, &d);
	int rc = -1;
	if (doc && layout_document(&ld, doc, fs, &o, &d) == 0) {
		*npages = ld->npages;
		/* As the CLI does: the model goes before the end. */
		model_free(doc);
		doc = NULL;
		/* As the CLI does: a layout kept whole (contents) is drawn
		 * now. */
		if (!s->rs)
			s->rs = render_stream_layout(
			        ld, &(render_options){.source_date_epoch = -1}, &d);
		rc = render_stream_finish(s->rs, ld, pdf, len, &d);
	}
	if (rc != 0)
		diag_print_all(&d, stderr, 0);
	render_stream_free(s->rs);
	s->rs = NULL;
	layout_free(ld);
	model_free(doc);
	arena_free(&a);
	CHECK(d.errors == 0);
	diag_free(&d);
	return rc;
}

/* The PDF of yaml laid out whole, in *whole; the layout in *out. */
static void
finished(const char *yaml, text_fonts *fs, unsigned char **whole,
         size_t *wlen, size_t *npages)
{
	diag_list d;
	diag_init(&d);
	arena a;
	arena_init(&a);
	model_doc *doc = model_of(yaml, &a, &d);
	layout_doc *ld = NULL;
	CHECK(doc && layout_document(&ld, doc, fs, NULL, &d) == 0);
	if (ld) {
		render_options ro = {.source_date_epoch = -1};
		CHECK(render_pdf_memory(ld, &ro, whole, wlen, &d) == 0);
		*npages = ld->npages;
	}
	layout_free(ld);
	model_free(doc);
	arena_free(&a);
	diag_free(&d);
}

/* With a contents block the layout is made in memory until its page
 * numbers settle, and only then drawn: the sink sees nothing, and the
 * PDF is the finished layout's. */
TEST(contents_are_laid_out_whole_then_drawn)
{
	char *yaml = stream_yaml(12, 1);
	text_fonts *fs = text_fonts_new();
	unsigned char *whole = NULL, *pdf = NULL;
	size_t wlen = 0, len = 0, n1 = 0, n2 = 0;
	finished(yaml, fs, &whole, &wlen, &n1);
	streamed_seen s;
	CHECK(streamed(yaml, fs, &pdf, &len, &s, &n2) == 0);
	CHECK(n1 >= 25 && n1 == n2);
	CHECK(s.passes == 0 && s.pages == 0 && s.done == 0);
	CHECK(wlen > 0 && wlen == len && memcmp(whole, pdf, len) == 0);
	free(whole);
	free(pdf);
	free(yaml);
	text_fonts_free(fs);
}

TEST(streamed_pdf_is_the_finished_layouts)
{
	char *yaml = stream_yaml(12, 0);
	text_fonts *fs = text_fonts_new();
	diag_list d;
	diag_init(&d);
	arena a;
	arena_init(&a);

	/* The whole layout, then the PDF. */
	unsigned char *whole = NULL, *pdf = NULL;
	size_t wlen = 0, len = 0, npages = 0;
	model_doc *doc = model_of(yaml, &a, &d);
	layout_doc *ld = NULL;
	CHECK(doc && layout_document(&ld, doc, fs, NULL, &d) == 0);
	if (ld) {
		render_options ro = {.source_date_epoch = -1};
		CHECK(render_pdf_memory(ld, &ro, &whole, &wlen, &d) == 0);
		CHECK(ld->npages >= 25);
		/* Covers and body pages: the body pages are the flow's. */
		CHECK(!ld->pages[0].flow && !ld->pages[ld->npages - 1].flow);
		CHECK(ld->pages[1].flow && ld->pages[1].body > 0);
	}

	streamed_seen s;
	CHECK(streamed(yaml, fs, &pdf, &len, &s, &npages) == 0);
	printf("  %zu pages, %d pass drawn, %zu and %zu bytes\n", npages,
	       s.passes, wlen, len);
	CHECK(ld && npages == ld->npages);
	CHECK(wlen > 0 && wlen == len && memcmp(whole, pdf, len) == 0);
	/* Without a contents block, one pass: its pages all went through
	 * the sink, in order, body pages first and then every page
	 * completed. */
	CHECK(s.passes == 1);
	CHECK(s.in_order);
	CHECK(s.pages == npages - 2 && s.done == npages);
	CHECK(s.earlier_freed);

	free(whole);
	free(pdf);
	layout_free(ld);
	model_free(doc);
	arena_free(&a);
	diag_free(&d);
	text_fonts_free(fs);
	free(yaml);
}

/* Four times the pages, and the layout holds no more: a page's items and
 * a few 64 KB glyph blocks, not the document's. */
TEST(streaming_memory_does_not_grow_with_pages)
{
	text_fonts *fs = text_fonts_new();
	char *small = stream_yaml(8, 0), *big = stream_yaml(32, 0);
	unsigned char *p1 = NULL, *p2 = NULL;
	size_t l1 = 0, l2 = 0, n1 = 0, n2 = 0;
	streamed_seen s1, s2;
	CHECK(streamed(small, fs, &p1, &l1, &s1, &n1) == 0);
	CHECK(streamed(big, fs, &p2, &l2, &s2, &n2) == 0);
	printf("  %zu pages: at most %zu glyph bytes, %zu items; "
	       "%zu pages: %zu, %zu\n", n1, s1.max_glyphs, s1.max_items, n2,
	       s2.max_glyphs, s2.max_items);
	CHECK(n2 >= 3 * n1);
	CHECK(s1.earlier_freed && s2.earlier_freed);
	CHECK(s2.max_glyphs <= s1.max_glyphs + 2 * 64 * 1024);
	CHECK(s2.max_items <= s1.max_items + s1.max_items / 4);
	/* A page's worth, or two (a cover made before the last page). */
	CHECK(s2.max_items < 300);
	free(p1);
	free(p2);
	free(small);
	free(big);
	text_fonts_free(fs);
}

int
main(void)
{
	if (project_dir_open(&pd, "release", "release.yaml") != 0)
		return 1;
	RUN(release_keeps_the_pdf_and_frees_as_it_goes);
	RUN(release_out_of_order_keeps_glyphs);
	RUN(contents_are_laid_out_whole_then_drawn);
	RUN(streamed_pdf_is_the_finished_layouts);
	RUN(streaming_memory_does_not_grow_with_pages);
	project_dir_close(&pd);
	return harness_done();
}
