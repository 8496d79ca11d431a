/*
 * render_internal.h - what the files of src/render/ share.
 *
 * Who may include this: src/render/ only. It is the one place that pulls
 * in <hpdf.h> and libharu's internal headers. Those describe libharu
 * 2.3.0's private structures (page streams, font definitions, the
 * document's catalog), which the backend needs for what the public API
 * lacks: raw TJ arrays, a valid ToUnicode CMap, glyph marking, /Lang,
 * DisplayDocTitle and the header version; and for speed: content written
 * straight into a page's memory stream, and page streams deflated
 * before libharu would. Another libharu version must be
 * checked against these uses before the guard below is widened.
 */
#ifndef CAREC_RENDER_INTERNAL_H
#define CAREC_RENDER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#if HPDF_VERSION_ID == 20300
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#include <hpdf_catalog.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
#else
#error "src/render/ relies on libharu 2.3.0 internals; check them for this version"
#endif

#include "layout/layout.h"
#include "render/render.h"
#include "util/diag.h"
#include "util/mem.h"

/* One font of the layout as embedded in the PDF. */
typedef struct render_font {
	text_font *tf;       /* borrowed from the layout */
	uint8_t *used;       /* bitmap of the BMP code points drawn, 8 KB */
	size_t nused;        /* how many bits are set */
	HPDF_Font font;      /* NULL until loaded */
	int16_t *widths;     /* 65536 entries: the /W width, 1/1000 em */
} render_font;

/* The state of one render. */
typedef struct render_ctx {
	HPDF_Doc pdf;
	diag_list *diags;
	/* The first libharu error since the last render_reset_error, as the
	 * error handler recorded it (0 if none). */
	HPDF_STATUS err, detail;
	render_font *fonts;
	size_t nfonts;
	HPDF_Page *pages;
	HPDF_Destination *dests; /* one per layout_dest */
	size_t ndests;
	int warned_astral; /* a non-BMP glyph was dropped (warned once) */
	int one_thread;    /* render_options.threads == 1 */
	/* Fill alpha for text, by opacity in hundredths, made on first use
	 * (an ExtGState is read-only once a page uses it). */
	HPDF_ExtGState text_alpha[101];
	/* Fill and stroke alpha for paths (pdf_path.c), one per 8-bit
	 * alpha value, made on first use for the same reason. */
	HPDF_ExtGState path_alpha[256];
	HPDF_Image *images; /* by layout_image id, NULL until embedded
	                     * (pdf_image.c; malloc'd) */
	struct render_deflate *deflate; /* pdf_deflate.c, made on first use */
	size_t nimages;
} render_ctx;

/* What is already set in the page's graphics state, so that each operator
 * is written only when its value changes. */
typedef struct page_state {
	HPDF_Page page;
	double height;
	int in_text;
	HPDF_Font font;
	double size;
	int have_fill, have_stroke, have_width;
	uint32_t fill, stroke;
	double width;
	buf tj; /* reused for every TJ array */
} page_state;

/* End a text object if one is open (before drawing anything else). */
int render_end_text(render_ctx *rc, page_state *ps);

/* Draw a LITEM_IMAGE (pdf_image.c) or LITEM_PATH (pdf_path.c). Each ends
 * any open text object and leaves the graphics state as it found it
 * (GSave/GRestore), so ps's cached colours stay true. Return 0, or -1
 * after adding a diagnostic. */
int render_draw_image(render_ctx *rc, page_state *ps, const layout_item *it);
int render_draw_path(render_ctx *rc, page_state *ps, const layout_item *it);

/* The libharu error handler: records the error in the render_ctx passed
 * as user data. Never aborts nor jumps. */
void render_on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user);

/* Add a DIAG_PDF error "cannot WHAT: reason" at pos for the last libharu
 * error (or `code` when nonzero), with a note saying what to do, then
 * clear libharu's sticky error. Always returns -1. */
int render_fail(render_ctx *rc, HPDF_STATUS code, src_pos pos,
                const char *what);

/* Forget the recorded error and libharu's sticky error, for a caller
 * that continues after a failure it has handled. */
void render_reset_error(render_ctx *rc);

/* Collect the code points drawn with each font of ld, subset every font,
 * load the subsets into rc->pdf as Identity-H CID fonts, fix their
 * ToUnicode CMaps and mark their glyphs as used. Return 0, or -1 after
 * adding a DIAG_FONT or DIAG_PDF error. */
int render_fonts_load(render_ctx *rc, const layout_doc *ld);

/* The render_font for tf, or NULL if tf draws nothing. */
render_font *render_font_find(render_ctx *rc, const text_font *tf);

/* Free what render_fonts_load allocated (libharu owns the HPDF_Fonts). */
void render_fonts_free(render_ctx *rc);

/* Draw the items of lp onto page. Return 0, or -1 after a diagnostic. */
int render_page_items(render_ctx *rc, const layout_page *lp,
                      HPDF_Page page);

/* Hand the content stream of a page that is finished to be deflated
 * (pdf_deflate.c, on a second thread); the compressed bytes replace the
 * stream in a later call or in render_seal_finish, and libharu writes
 * them as they are. Nothing may draw on the page afterwards. A page
 * libharu would not compress, or not in the usual way, is left alone.
 * Return 0, or -1 after a DIAG_PDF error (including a failure to
 * compress an earlier page). */
int render_seal_page(render_ctx *rc, HPDF_Page page);

/* Wait until every sealed page holds its compressed bytes; call before
 * saving. Return 0, or -1 after a DIAG_PDF error. */
int render_seal_finish(render_ctx *rc);

/* Stop the deflate thread and free what render_seal_page kept. Call
 * before HPDF_Free: the thread reads the pages' streams. */
void render_deflate_free(render_ctx *rc);

#endif
