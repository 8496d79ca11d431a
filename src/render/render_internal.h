/*
 * render_internal.h - what the files of src/render/ share.
 *
 * Who may include this: src/render/ only. The calls go one way:
 *
 *   render.c      drives: the document, its pages in order, what needs
 *                 the whole document (destinations, bookmarks, labels,
 *                 metadata, fonts at the end), the save;
 *   pdf_page.c    a page: made, its items drawn, its content compressed
 *                 and completed; it calls the leaves:
 *   pdf_font.c    fonts: the glyphs pages draw, subset and embedded at
 *                 the end (called by pdf_page.c, and by render.c once);
 *   pdf_image.c   raster images;
 *   pdf_path.c    vector paths and gradients;
 *   pdf_colour.c  colours as inks for the print PDF (DeviceCMYK);
 *   pdf_intent.c  the output intents (sRGB; the print PDF's CMYK, and
 *                 its PDF/X-4 keys);
 *   pdf_meta.c    PDF/A: XMP metadata, /ID, transparency groups, the
 *                 link annotations' flags and descriptions;
 *   pdf_deflate.c bytes in, raw deflate parts out (zlib only);
 *   pdf_error.c   libharu's errors as diagnostics (used by all);
 *   pdf_haru.c    libharu's internal structures (used by all, uses none).
 *
 * Only pdf_haru.c touches a field of a libharu structure (pdf_haru.h).
 */
#ifndef CAREC_RENDER_INTERNAL_H
#define CAREC_RENDER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "layout/layout.h"
#include "render/pdf_haru.h"
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
	size_t index;        /* in the layout, from 0 (the slug's page) */
	int uses_fonts;      /* the page draws text: it names the fonts */
	/* The body, drawn and being deflated (render_page_body) until the
	 * page is completed (render_page_complete). */
	struct render_zjob *zbody;
	/* Tagged content (pdf_struct.c): the page's key in the ParentTree
	 * (-1 until its first content), and its next MCID. */
	long skey;
	int nmcid;
} render_page;

/* Where a marked-content sequence of a structure node went (mcid), or
 * the node's link annotation (annot): pdf_struct.c builds the structure
 * tree from these. */
typedef struct render_mcr {
	uint32_t node;       /* layout_doc.snodes */
	uint32_t seq;        /* its first item's (layout_item.seq) */
	uint32_t ord;        /* the order recorded, after seq */
	long key;            /* the page's or the annotation's ParentTree key */
	int mcid;            /* -1 for an annotation */
	HPDF_Page page;
	HPDF_Annotation annot;
} render_mcr;

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
	size_t nimages;
	struct worker *worker; /* render_options.worker: deflates bodies */
	size_t zfinished; /* body pages before this one: deflate finished */
	buf raw;          /* pdf_page.c: a part before deflating */
	/* The PDF for the print shop (render_options.print; pdf_marks.c):
	 * the document's print settings, the slug's file name and date,
	 * the registration colour space (made on first use), and where an
	 * item extended into the bleed is built. */
	int printing;
	layout_print print;
	char *slug;
	size_t npages_known; /* the layout's page count, for the slug */
	HPDF_Array registration;
	layout_item bleed_item;
	layout_path bleed_path;
	layout_seg *bleed_segs;
	size_t capbleed;
	/* Printing, also: fills and strokes in DeviceCMYK, from the theme's
	 * colours and their print values (render_colour_use). */
	uint32_t colour_rgb[MODEL_COLOUR_COUNT];
	model_cmyk colour_cmyk[MODEL_COLOUR_COUNT];
	/* Overprint off and on (pdf_page.c), made on first use. */
	HPDF_ExtGState overprint[2];
	/* The layout being drawn (its structure nodes), set by each call
	 * of render.c that draws. */
	const layout_doc *ld;
	/* Tagged PDF (pdf_struct.c): the marked content and annotations of
	 * the pages drawn, the ParentTree keys given, and whether the
	 * structure tree was made (the PDF is tagged). */
	render_mcr *mcrs;
	size_t nmcrs, capmcrs;
	long nkeys;
	/* The structure tree tags every content item (PDF/A-2 level A):
	 * the XMP then says pdfaid:conformance A, else B (pdf_meta.c). */
	int tagged;
	int warned_mcids; /* a page had too many tagged sequences */
	/* The structure tree's objects, written at the save as they are
	 * (haru_save_through): object raw_first + k is raw_text from
	 * raw_off[k] to raw_off[k + 1]; raw_n objects. */
	HPDF_UINT raw_first;
	buf raw_text;
	size_t *raw_off;
	size_t raw_n, raw_cap;
	/* Their object streams, packed and deflated by the run's worker
	 * while the rest is prepared (render_struct_pack): nzraw tasks. */
	struct render_zraw *zraw;
	size_t nzraw;
	/* Borrowed from the layout (render_link_titles), for the links'
	 * /Contents: the bookmarks naming the destinations, the
	 * destinations, the document language. */
	const layout_outline *outlines;
	size_t noutlines;
	const layout_dest *link_dests;
	size_t nlink_dests;
	const char *lang;
} render_ctx;

/* ---- pdf_page.c: a page ---- */

/* A new page of lp's size (page i of the layout, for messages) in rp,
 * before `before` (NULL: at the end). Return 0, or -1 after a
 * diagnostic. */
int render_page_new(render_ctx *rc, const layout_page *lp, size_t i,
                    HPDF_Page before, render_page *rp);

/* Draw items [from, to) of lp on rp's page, their links too when links
 * (a body page's links wait for the end: they may point to later
 * pages), and deflate them as the body of its content (rp->zbody, on
 * the run's worker), to be completed later. Return 0, or -1 after a diagnostic. */
int render_page_body(render_ctx *rc, const layout_page *lp, size_t from,
                     size_t to, int links, render_page *rp);

/* Take back and free rp's body (drawn, deflated or being deflated), if
 * any: the page will not be completed. */
void render_page_free_body(render_ctx *rc, render_page *rp);

/* Complete rp's page, its body [from, to) deflated: the body's links
 * when body_links, then the items before the body beneath it and those
 * after it above it (with their links), each deflated on its own; its
 * content becomes one zlib stream of the three. Return 0, or -1 after a
 * diagnostic. */
int render_page_complete(render_ctx *rc, const layout_page *lp, size_t from,
                         size_t to, int body_links, render_page *rp);

/* ---- pdf_marks.c: the PDF for the print shop ---- */

/* Start the print additions of rc (opts->print set): the slug's name
 * and date from opts. Nothing to fail. */
void render_print_start(render_ctx *rc, const render_options *opts);

/* Take the document's print settings from ld (the first time). */
void render_print_settings(render_ctx *rc, const layout_doc *ld);

/* Give rp's new page its MediaBox, BleedBox and TrimBox (the trim is
 * the layout's page, 0 0 to its width and height). Return 0, or -1
 * after a diagnostic. */
int render_print_boxes(render_ctx *rc, const layout_page *lp, render_page *rp);

/* it as the print PDF draws it: a fill, image or line that reaches the
 * trim extended to the bleed (built in rc, valid until the next call),
 * or it itself. */
const layout_item *render_bleed_item(render_ctx *rc, const layout_page *lp,
                                     const layout_item *it);

/* Begin rp's page content, for print, with the clip to its BleedBox
 * (in a saved graphics state that render_marks_draw restores). Return
 * 0, or -1 after a diagnostic. */
int render_bleed_clip(render_ctx *rc, const layout_page *lp, render_page *rp);

/* End the clip to the bleed, then draw the crop and fold marks and the
 * slug of rp's page, above all else, in the registration colour.
 * Return 0, or -1 after a diagnostic. */
int render_marks_draw(render_ctx *rc, const layout_page *lp, render_page *rp);

/* Warn when a booklet (print: booklet) has a page count that is not a
 * multiple of 4. */
void render_booklet_check(render_ctx *rc, const layout_doc *ld);

/* Free what the print additions hold. */
void render_print_free(render_ctx *rc);

/* ---- pdf_struct.c: tagged PDF ---- */

/* The structure node the drawing of item it belongs to (rc->ld's), or 0
 * when it is an artifact: decoration, running heads, a decorative
 * figure, or any fill, rule or picture outside a figure. */
uint32_t render_struct_node(const render_ctx *rc, const layout_item *it);

/* The standard role name of a layout_tag ("P", "H1", "Figure"...). */
const char *render_struct_role(uint8_t tag);

/* Begin a marked-content sequence on rp's page for node (0: an
 * artifact), whose first item was made at seq, outside any text
 * object; render_struct_end ends it. Return 0, or -1 after a
 * diagnostic. */
int render_struct_begin(render_ctx *rc, render_page *rp, uint32_t node,
                        uint32_t seq);
int render_struct_end(render_ctx *rc, render_page *rp);

/* Link annotation a, on rp's page, made for item it: its place in the
 * structure (/StructParent, and an object reference in its node).
 * Return 0, or -1 after a diagnostic. */
int render_struct_annot(render_ctx *rc, render_page *rp, HPDF_Annotation a,
                        const layout_item *it);

/* Once every page is drawn: the structure tree of ld from what the
 * pages recorded (StructTreeRoot, its elements, the ParentTree, the
 * RoleMap) and /MarkInfo; sets rc->tagged. Return 0, or -1 after a
 * diagnostic. */
int render_struct_finish(render_ctx *rc, const layout_doc *ld);

/* Post the packing and deflating of the structure's object streams to
 * the run's worker (call after render_struct_finish): it works on them
 * while the main thread prepares the rest (the fonts), and the save
 * collects them through render_raw's chunk. */
void render_struct_pack(render_ctx *rc);

/* The raw objects for haru_save_through: the structure tree's, and its
 * object streams made ahead when render_struct_pack posted them. */
haru_raw render_raw(render_ctx *rc);

void render_struct_free(render_ctx *rc);

/* ---- pdf_font.c: fonts ---- */

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

/* ---- pdf_image.c, pdf_path.c: images and paths ---- */

/* Whether the LITEM_IMAGE or LITEM_PATH item paints anything. */
int render_image_shows(const layout_item *it);
int render_path_shows(const layout_item *it);

/* Draw a LITEM_IMAGE or LITEM_PATH that shows, outside any text object,
 * on page (height: its height, for the y axis). Each leaves the graphics
 * state as it found it (GSave/GRestore). Return 0, or -1 after adding a
 * diagnostic. */
int render_draw_image(render_ctx *rc, HPDF_Page page, double height,
                      const layout_item *it);
int render_draw_path(render_ctx *rc, HPDF_Page page, double height,
                     const layout_item *it);

/* ---- pdf_colour.c: colours for print ---- */

/* Take the theme's colours and print values from ld (every call that
 * draws pages of ld makes this first). */
void render_colour_use(render_ctx *rc, const layout_doc *ld);

/* The inks rgb prints with: a theme colour's own, a tint or shade of
 * one as its inks screened or darkened, any other colour by the theme's
 * rule for RGB (model_cmyk_of_rgb). */
model_cmyk render_colour_cmyk(const render_ctx *rc, uint32_t rgb);

/* Set page's fill or stroke colour to rgb's inks ("c m y k k" / "K"). */
HPDF_STATUS render_colour_fill(const render_ctx *rc, HPDF_Page page,
                               uint32_t rgb);
HPDF_STATUS render_colour_stroke(const render_ctx *rc, HPDF_Page page,
                                 uint32_t rgb);

/* ---- pdf_intent.c: output intents, PDF/X-4 ---- */

#define RENDER_PDFX_VERSION "PDF/X-4"

/* The catalog's /OutputIntents: for the screen PDF, /GTS_PDFA1 with the
 * sRGB profile of the data folder embedded; for the print PDF
 * (rc->printing), /GTS_PDFX and /GTS_PDFA1 sharing the CMYK profile,
 * with PDF 1.6 and GTS_PDFXVersion and /Trapped in Info. Call after
 * Info is set. Return 0, or -1 after adding a DIAG_PDF error. */
int render_intents(render_ctx *rc);

/* ---- pdf_meta.c: PDF/A ---- */

/* Remember what the links' /Contents name, from ld (before any link is
 * drawn; the layout outlives the render). */
void render_link_titles(render_ctx *rc, const layout_doc *ld);

/* Make the link annotation a on page (for l; uri: its encoded URI, or
 * NULL for an internal link) printable, give it its /Contents (the URI,
 * or "Go to" the heading, in the document's language), and the page
 * /Tabs /S. Return HPDF_OK or a libharu error. */
HPDF_STATUS render_link_annotate(render_ctx *rc, HPDF_Page page,
                                 HPDF_Annotation a, const layout_link *l,
                                 const char *uri);

/* Append the document's XMP packet to b: m's metadata, the dates of
 * epoch (none if negative), the PDF/A, PDF/UA identification (level A
 * when tagged), the PDF/X keys when print, id as xmpMM:DocumentID. */
void render_xmp_packet(buf *b, const layout_meta *m, long long epoch, int print,
                       int tagged, const unsigned char id[16]);

/* Make the document a PDF/A-2 file: the output intents
 * (render_intents), the trailer /ID from the document, the XMP metadata,
 * the transparency groups of the pages that need one. Call once every
 * page is complete and Info is set. Return 0, or -1 after adding a
 * DIAG_PDF error. */
int render_archive(render_ctx *rc, const layout_doc *ld,
                   const render_options *opts);

/* ---- pdf_deflate.c: compression ---- */

/* Deflate len bytes at data as one raw part of a zlib stream, appended
 * to out: ending in a sync flush when more parts follow, in the final
 * block when last. The part's Adler-32 is combined into *adler (start
 * from 1) and its length added to *rawlen. Any thread may call it (each
 * has its own zlib state); it adds no diagnostic. Return 0, or -1 with
 * *why saying what failed (for render_deflate_failed). */
int render_deflate_part(const unsigned char *data, size_t len, int last,
                        buf *out, uint32_t *adler, uint32_t *rawlen,
                        const char **why);

/* Add the DIAG_PDF error for a failed render_deflate_part. Returns -1. */
int render_deflate_failed(render_ctx *rc, const char *why);

/* The zlib header of such a stream, and its trailer (the Adler-32 of
 * everything its parts encode). */
void render_zlib_header(buf *out);
void render_zlib_trailer(buf *out, uint32_t adler);

/* Deflate len bytes at data as one whole zlib stream, appended to out
 * (the object streams of the save, pdf_haru.c). Return 0, or -1. */
int render_deflate_whole(buf *out, const void *data, size_t len);

/* Combine the Adler-32 b of len bytes after those of a. */
uint32_t render_adler_combine(uint32_t a, uint32_t b, size_t len);


/* ---- pdf_error.c: errors ---- */

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

#endif
