/* fuzz_pipeline.c - the whole pipeline, YAML to PDF bytes in memory,
 * as the CLI does it. */
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
	load_options lo = {fuzz_policy()};
	model_options mo = {NULL, fuzz_policy(), NULL};
	if (load_buffer(&root, &a, fuzz_report_name(), (const char *)data, size,
	                &lo, &d) == 0 &&
	    model_build(&doc, root, &mo, &d) == 0 &&
	    layout_document(&ld, doc, fs, &lopt, &d) == 0) {
		unsigned char *pdf = NULL;
		size_t len = 0;
		/* As the CLI does: the model freed before the PDF is
		 * finished, a layout kept whole (contents) drawn now. */
		model_free(doc);
		doc = NULL;
		if (!st.rs)
			st.rs = render_stream_layout(
			        ld, &(render_options){.source_date_epoch = -1}, &d);
		if (render_stream_finish(st.rs, ld, &pdf, &len, &d) == 0) {
			/* A PDF was made: it must look like one. */
			if (len < 16 || memcmp(pdf, "%PDF-", 5) != 0)
				__builtin_trap();
		}
		free(pdf);
	}
	render_stream_free(st.rs);
	layout_free(ld);
	text_fonts_free(fs);
	model_free(doc);
	arena_free(&a);
	diag_free(&d);
	return 0;
}
