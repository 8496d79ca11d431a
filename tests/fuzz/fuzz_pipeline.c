/* fuzz_pipeline.c - the whole pipeline, YAML to PDF bytes in memory. */
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
release_page(void *ctx, size_t page)
{
	layout_release_page(ctx, page);
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
	diag_init(&d);
	arena_init(&a);
	load_options lo = {fuzz_policy()};
	model_options mo = {NULL, fuzz_policy()};
	if (load_buffer(&root, &a, fuzz_report_name(), (const char *)data, size,
	                &lo, &d) == 0 &&
	    model_build(&doc, root, &mo, &d) == 0 &&
	    layout_document(&ld, doc, fs, NULL, &d) == 0) {
		unsigned char *pdf = NULL;
		size_t len = 0;
		/* As the CLI does: the YAML texts trimmed and the model freed
		 * before rendering, each page's layout freed once drawn. */
		diag_source_trim(&d);
		model_free(doc);
		doc = NULL;
		render_options ro = {.source_date_epoch = -1,
		                     .page_done = release_page,
		                     .page_done_ctx = ld};
		if (render_pdf_memory(ld, &ro, &pdf, &len, &d) == 0) {
			/* A PDF was made: it must look like one. */
			if (len < 16 || memcmp(pdf, "%PDF-", 5) != 0)
				__builtin_trap();
		}
		free(pdf);
	}
	layout_free(ld);
	text_fonts_free(fs);
	model_free(doc);
	arena_free(&a);
	diag_free(&d);
	return 0;
}
