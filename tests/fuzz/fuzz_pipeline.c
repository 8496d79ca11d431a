/* fuzz_pipeline.c - the whole pipeline, YAML to PDF bytes in memory:
 * from the YAML in memory read whole, and from a file read block by
 * block (model_reader), as the CLI does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_common.h"
#include "layout/layout.h"
#include "load/load.h"
#include "model/model.h"
#include "render/render.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

static void
item_done(void *ctx, size_t i)
{
	load_item_done(ctx, i);
}

/* As the CLI does: pages drawn as the layout makes them. */
typedef struct stream {
	render_stream *rs;
} stream;

static int
on_begin(void *ctx, diag_list *d)
{
	stream *s = ctx;
	render_stream_free(s->rs);
	s->rs = render_stream_new(&(render_options){.source_date_epoch = -1},
	                          d);
	return 0;
}

static int
on_page(void *ctx, const layout_doc *ld, size_t i, diag_list *d)
{
	return render_stream_page(((stream *)ctx)->rs, ld, i, d);
}

static int
on_done(void *ctx, const layout_doc *ld, size_t i, diag_list *d)
{
	return render_stream_complete(((stream *)ctx)->rs, ld, i, d);
}

/* The report written to its file and read block by block. */
static void
streamed(const uint8_t *data, size_t size)
{
	FILE *f = fopen(fuzz_report_name(), "wb");
	if (!f)
		return;
	size_t put = fwrite(data, 1, size, f);
	if (fclose(f) != 0 || put != size)
		return;
	diag_list d;
	diag_init(&d);
	text_fonts *fs = text_fonts_new();
	stream st = {NULL};
	layout_sink sink = {&st, on_begin, on_page, on_done};
	model_reader *r = NULL;
	layout_doc *ld = NULL;
	model_options mo = {NULL, fuzz_policy(), NULL, NULL};
	if (model_reader_open(&r, fuzz_report_name(), &mo, &d) == 0) {
		layout_source src = layout_reader_source(r);
		layout_options lopt = {.sink = &sink, .source = &src,
		                       .policy = fuzz_policy()};
		if (layout_document(&ld, model_reader_doc(r), fs, &lopt, &d) == 0 &&
		    model_reader_done(r)) {
			model_reader_close(r);
			r = NULL;
			unsigned char *pdf = NULL;
			size_t len = 0;
			if (render_stream_finish(st.rs, ld, &pdf, &len, &d) == 0 &&
			    (len < 16 || memcmp(pdf, "%PDF-", 5) != 0))
				__builtin_trap();
			free(pdf);
		}
	}
	model_reader_close(r);
	render_stream_free(st.rs);
	layout_free(ld);
	text_fonts_free(fs);
	diag_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	streamed(data, size);
	diag_list d;
	arena a;
	node *root = NULL;
	model_doc *doc = NULL;
	layout_doc *ld = NULL;
	text_fonts *fs = text_fonts_new();
	stream st = {NULL};
	layout_sink sink = {&st, on_begin, on_page, on_done};
	layout_options lopt = {.sink = &sink, .policy = fuzz_policy()};
	diag_init(&d);
	arena_init(&a);
	/* As the CLI does: each content item's nodes freed once its block
	 * is built. */
	load_items items;
	memset(&items, 0, sizeof(items));
	load_options lo = {fuzz_policy(), &items};
	model_options mo = {NULL, fuzz_policy(), item_done, &items};
	if (load_buffer(&root, &a, fuzz_report_name(), (const char *)data, size,
	                &lo, &d) == 0 &&
	    model_build(&doc, root, &mo, &d) == 0 &&
	    layout_document(&ld, doc, fs, &lopt, &d) == 0) {
		unsigned char *pdf = NULL;
		size_t len = 0;
		/* As the CLI does: the YAML texts trimmed and the model freed
		 * before the PDF is finished. */
		diag_source_trim(&d);
		model_free(doc);
		doc = NULL;
		if (render_stream_finish(st.rs, ld, &pdf, &len, &d) == 0) {
			/* A PDF was made: it must look like one. */
			if (len < 16 || memcmp(pdf, "%PDF-", 5) != 0)
				__builtin_trap();
		}
		free(pdf);
	}
	render_stream_free(st.rs);
	load_items_free(&items);
	layout_free(ld);
	text_fonts_free(fs);
	model_free(doc);
	arena_free(&a);
	diag_free(&d);
	return 0;
}
