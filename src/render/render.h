/*
 * render.h - the PDF backend: a layout_doc written as a PDF with libharu.
 *
 * Who may include this: src/cli/ and tests. Only src/render/ includes
 * <hpdf.h>, and only src/render/pdf_haru.c uses libharu's internal
 * structures (libharu 2.3 and 2.4).
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
 *  - every libharu error becomes a diagnostic a user can act on;
 *  - pages can be drawn as the layout makes them (render_stream below),
 *    and the PDF is written to its file as it is made: memory holds what
 *    libharu keeps of the pages written, not the whole layout nor the
 *    whole file.
 */
#ifndef CAREC_RENDER_RENDER_H
#define CAREC_RENDER_RENDER_H

#include <stddef.h>

#include "layout/layout.h"
#include "util/diag.h"
#include "util/outfile.h"

typedef struct render_options {
	/* Seconds since 1970 for the document dates, or -1 for no dates.
	 * The CLI passes SOURCE_DATE_EPOCH here when it is set. */
	long long source_date_epoch;
	/* Called, if set, with each page's index once the page is wholly
	 * drawn (at the end, in page order): from then on the render reads
	 * nothing more of that page of the layout but its size, so the
	 * caller may free the rest (layout_release_page). */
	void (*page_done)(void *ctx, size_t page);
	void *page_done_ctx;
	/* The run's second thread (util/worker.h), or NULL: the pages are
	 * deflated on it. The bytes are the same. */
	struct worker *worker;
	/* Nonzero: the PDF for the print shop (--print), beside the screen
	 * PDF that is the default. */
	int print;
	/* With print: the PDF's file name for the slug (a path: its last
	 * part is shown), or NULL. */
	const char *name;
} render_options;

/* A thread that rendered (deflated pages) frees its own state with this
 * before it ends; the main thread's goes with render_stream_free. */
void render_thread_end(void);

/*
 * Pages as the layout finishes them (layout_options.sink): each body page
 * is drawn and compressed as soon as pagination is done with it, so that
 * the layout can free it; what needs the whole document is added at the
 * end: the covers, the chrome around each body page (the items before
 * and after its body, in content streams of their own), links,
 * destinations, bookmarks, page labels, and the fonts, subset to what
 * the pages drew. Rendering a finished layout with render_pdf_memory
 * gives the same bytes.
 */
typedef struct render_stream render_stream;

/* Start a PDF. Never NULL; a failure to start is reported here and makes
 * the calls below fail. */
render_stream *render_stream_new(const render_options *opts,
                                 diag_list *diags);

/* Draw the body of page i of ld (items [under, under + body); its links
 * wait for the end) as the next page. The render reads nothing of the
 * page's items afterwards but its links. Return 0, or -1 after adding a
 * diagnostic to diags (and every later call fails). */
int render_stream_page(render_stream *rs, const layout_doc *ld, size_t i,
                       diag_list *diags);

/* Page i of ld is final (ld has every page, covers included, and every
 * destination): draw what is left of it, the chrome around its body and
 * its links, or the whole page if it is not a body page. Pages are
 * completed in order from the first. The render reads nothing of the
 * page's items afterwards. Return 0, or -1 after adding a diagnostic. */
int render_stream_complete(render_stream *rs, const layout_doc *ld,
                           size_t i, diag_list *diags);

/* ld is final (its flow pages are the ones drawn, in order): complete
 * the pages not completed yet and finish the PDF into malloc'd *out and
 * *outlen. Return 0, or -1 after adding a diagnostic. */
int render_stream_finish(render_stream *rs, const layout_doc *ld,
                         unsigned char **out, size_t *outlen,
                         diag_list *diags);

/* The same, written to of (planned with outfile_plan, not begun), without
 * holding the whole PDF in memory when of is a file: the bytes go to its
 * temporary file as they are made, and of is finished but not committed
 * (the caller renames it into place with outfile_commit, after any other
 * output). Standard output, a pipe or a device gets the whole PDF or
 * nothing. Everything but the writing is done before of is begun, so a
 * report that fails touches no file. rs is freed. Return 0, or -1 after
 * adding a diagnostic. */
int render_stream_finish_to(render_stream *rs, const layout_doc *ld,
                            outfile *of, diag_list *diags);

/* The steps of render_stream_finish_to: everything but writing (return
 * 0, or -1 after adding a diagnostic), then the bytes through
 * write(ctx, data, len), which returns 0, or -1 on failure
 * (render_stream_write then returns -1 without a diagnostic of its own,
 * the writer knowing why; any other failure adds one). Each at most
 * once. */
int render_stream_prepare(render_stream *rs, const layout_doc *ld,
                          diag_list *diags);
int render_stream_write(render_stream *rs,
                        int (*write)(void *ctx, const void *data, size_t len),
                        void *ctx, diag_list *diags);

void render_stream_free(render_stream *rs);

/* A stream with the body pages of the finished layout ld drawn, as a
 * streaming layout would have handed them over (render_pdf_memory and
 * render_pdf_file finish it). */
render_stream *render_stream_layout(const layout_doc *ld,
                                    const render_options *opts,
                                    diag_list *diags);

/* Render ld to a PDF in memory. On success store malloc'd bytes in *out and
 * *outlen and return 0. On failure add a DIAG_PDF (or DIAG_FONT) error and
 * return -1. */
int render_pdf_memory(const layout_doc *ld, const render_options *opts,
                      unsigned char **out, size_t *outlen, diag_list *diags);

/* Render ld and write it to path as util/outfile.h says (a regular file
 * atomically: the bytes go to a temporary file in the same folder, which
 * is renamed over path only when complete, so a failure never leaves a
 * partial file nor touches an existing one; "-" is standard output).
 * Return 0, or -1 after adding a diagnostic (DIAG_IO for write failures,
 * with the reason: disk full, read-only folder, permission). */
int render_pdf_file(const layout_doc *ld, const render_options *opts,
                    const char *path, diag_list *diags);

#endif
