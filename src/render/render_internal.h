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

/* One font of the layout as embedded in the PDF. Pages are written
 * before the font is subset and loaded (render_fonts_load, at the end):
 * they name it /F1, /F2... by its place in the page's own list, and
 * position glyphs by the widths the embedded font will have
 * (text_font_pdf_width), which the /W array then states. */
typedef struct render_font {
	text_font *tf;       /* borrowed from the layout */
	size_t index;        /* in render_ctx.fonts: the order first drawn */
	uint8_t *used;       /* bitmap of the BMP code points drawn, 8 KB */
	size_t nused;        /* how many bits are set */
	HPDF_Font font;      /* NULL until loaded */
	int16_t *widths;     /* 65536 entries, known for the used code points:
	                      * the /W width, 1/1000 em */
} render_font;

/* A page of the PDF and the fonts its content streams name, in the order
 * of their names (/F1 is fonts[0]). */
typedef struct render_page {
	HPDF_Page page;
	int uses_fonts;      /* the page draws text: it names the fonts */
	/* The body's content before compression: its Adler-32 and length
	 * (render_seal_page), for the zlib stream's checksum at the end. */
	uint32_t adler, rawlen;
} render_page;

/* The state of one render. */
typedef struct render_ctx {
	HPDF_Doc pdf;
	diag_list *diags;
	/* The first libharu error since the last render_reset_error, as the
	 * error handler recorded it (0 if none). */
	HPDF_STATUS err, detail;
	render_font **fonts; /* each one's address stays */
	size_t nfonts, capfonts;
	/* The flow's pages, in the order drawn (render_stream_page). */
	render_page *body;
	size_t nbody, capbody;
	/* Every page in document order, once the covers are added
	 * (render_stream_finish); body pages point into body. */
	render_page **pages;
	size_t npages;
	HPDF_Destination *dests; /* one per layout_dest */
	size_t ndests;
	int warned_astral; /* a non-BMP glyph was dropped (warned once) */
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
	/* pdf_spill.c: the temporary file the pages' compressed content
	 * waits in (state 0: not made yet; -1: none can be), and its end. */
	int spill_fd, spill_state;
	uint64_t spill_end;
} render_ctx;

/* What is already set in the page's graphics state, so that each operator
 * is written only when its value changes. */
typedef struct page_state {
	HPDF_Page page;
	render_page *rp;  /* where the fonts named go */
	double height;
	int in_text;
	render_font *font;
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

/* The render_font for tf, made on first use. */
render_font *render_font_get(render_ctx *rc, text_font *tf);

/* cp is drawn with rf: remember it for the subset and return its width
 * in 1/1000 em (cp below 0x10000). */
int render_font_use(render_font *rf, uint32_t cp);

/* The name of rf in the fonts every page shares ("F1" for the first font
 * drawn, "F2"...), written into name; the page then names the fonts. */
#define RENDER_FONT_NAME_MAX 8
void render_page_font_name(render_page *rp, const render_font *rf,
                           char *name);

/* Subset every font drawn, load the subsets into rc->pdf as Identity-H
 * CID fonts with a valid ToUnicode CMap and a /W array of the widths the
 * pages used, and put each into the resources of every page that names
 * it, under that name. Call once every page is drawn. Return 0, or -1
 * after adding a DIAG_FONT or DIAG_PDF error. */
int render_fonts_load(render_ctx *rc);

/* Free what render_fonts_load allocated (libharu owns the HPDF_Fonts). */
void render_fonts_free(render_ctx *rc);

/* Draw items [from, to) of lp into the current content stream of rp's
 * page (links as annotations, unless skip_links). Return 0, or -1 after
 * a diagnostic. */
int render_page_items(render_ctx *rc, const layout_page *lp, size_t from,
                      size_t to, render_page *rp, int skip_links);

/* Only the links of items [from, to) of lp, as annotations on rp's page. */
int render_page_links(render_ctx *rc, const layout_page *lp, size_t from,
                      size_t to, render_page *rp);

/* Deflate the content stream of rp's page, its body drawn, as the
 * middle part of its zlib stream (pdf_deflate.c); the compressed bytes
 * replace the stream. Nothing may draw on the page afterwards but
 * render_complete_page. Return 0, or -1 after a DIAG_PDF error. */
int render_seal_page(render_ctx *rc, render_page *rp);

/* Once its body is compressed: draw the first `under` items of lp
 * beneath the body and the last `over` above it, each deflated on its
 * own, and make the page's content one zlib stream of the three. Return
 * 0, or -1 after a diagnostic. */
int render_complete_page(render_ctx *rc, const layout_page *lp,
                         size_t under, size_t over, render_page *rp);

/* Free the zlib state. */
void render_deflate_free(render_ctx *rc);

/* Make len bytes of data (a finished, compressed content) the whole of
 * the stream of the dictionary contents, which the page of attr (or
 * NULL) draws into: kept in a temporary file until the PDF is written
 * (pdf_spill.c), or in memory when there is no file to keep it in.
 * Return 0, or -1 after a DIAG_PDF error. */
int render_spill_put(render_ctx *rc, HPDF_Dict contents, HPDF_PageAttr attr,
                     const unsigned char *data, size_t len);

/* What render_spill_put kept for contents, in *len bytes: in b when read
 * back from the file. NULL after a DIAG_PDF error, or when contents holds
 * something else (a stream written in more than one block). */
const unsigned char *render_spill_get(render_ctx *rc, HPDF_Dict contents,
                                      size_t *len, buf *b);

/* Close the temporary file; after HPDF_Free. */
void render_spill_close(render_ctx *rc);

#endif
