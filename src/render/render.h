/*
 * render.h - the PDF backend: a layout_doc written as a PDF with libharu.
 *
 * Who may include this: src/cli/ and tests. Only src/render/ includes
 * <hpdf.h>; libharu's internal headers are used only here, behind a
 * HPDF_VERSION_ID == 20300 check.
 *
 * What the backend guarantees:
 *  - fonts are subset (text_font_subset) before libharu sees them, and
 *    embedded as Identity-H CID fonts with a valid ToUnicode CMap, so text
 *    extracts and copies;
 *  - text is written as TJ arrays that place every glyph where the layout
 *    put it (kerning and justification), never with Tw;
 *  - compression on; Info from the metadata; /Lang in the catalog;
 *    bookmarks from layout outlines; URI and internal links;
 *  - no wall-clock dates: CreationDate/ModDate only from
 *    opts->source_date_epoch, so the same input gives the same bytes;
 *  - every libharu error becomes a diagnostic a user can act on.
 */
#ifndef CAREC_RENDER_RENDER_H
#define CAREC_RENDER_RENDER_H

#include <stddef.h>

#include "layout/layout.h"
#include "util/diag.h"

typedef struct render_options {
	/* Seconds since 1970 for the document dates, or -1 for no dates.
	 * The CLI passes SOURCE_DATE_EPOCH here when it is set. */
	long long source_date_epoch;
	/* Called, if set, with each page's index once the page is drawn,
	 * in page order: from then on the render reads nothing more of
	 * that page of the layout but its size, so the caller may free the
	 * rest (layout_release_page). */
	void (*page_done)(void *ctx, size_t page);
	void *page_done_ctx;
	/* 1: everything on the calling thread; 0 (the default) or 2: pages
	 * are also compressed on a second thread. The bytes are the same. */
	int threads;
} render_options;

/* Render ld to a PDF in memory. On success store malloc'd bytes in *out and
 * *outlen and return 0. On failure add a DIAG_PDF (or DIAG_FONT) error and
 * return -1. */
int render_pdf_memory(const layout_doc *ld, const render_options *opts,
                      unsigned char **out, size_t *outlen, diag_list *diags);

/* Render ld and write it to path atomically: the bytes go to a temporary
 * file in the same folder, which is renamed over path only when complete,
 * so a failure never leaves a partial file nor touches an existing one.
 * path "-" writes to standard output. Return 0, or -1 after adding a
 * diagnostic (DIAG_IO for write failures, with the reason: disk full,
 * read-only folder, permission). */
int render_pdf_file(const layout_doc *ld, const render_options *opts,
                    const char *path, diag_list *diags);

#endif
