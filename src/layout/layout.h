/*
 * layout.h - the document model laid out as boxes on pages.
 *
 * Who may include this: src/render/, src/cli/ and tests. Layout never
 * calls the PDF library: it produces this display list, which the PDF
 * backend draws and which --dump-layout writes as JSON for tests. With a
 * sink (layout_options.sink), each page of a document without a contents
 * block goes to the caller as soon as it is made and is then freed.
 *
 * Coordinates are PDF points with the origin at the TOP-LEFT corner of the
 * page and y growing DOWNWARDS (the backend flips them). A text item's y is
 * its baseline.
 */
#ifndef CAREC_LAYOUT_LAYOUT_H
#define CAREC_LAYOUT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"
#include "text/text.h"
#include "util/diag.h"
#include "util/mem.h"

typedef enum layout_kind {
	LITEM_TEXT,  /* a run of glyphs in one font, size and colour */
	LITEM_RECT,  /* a filled and/or stroked rectangle */
	LITEM_LINE,  /* a straight stroked line */
	LITEM_LINK,  /* a clickable area: a URI or an internal destination */
	LITEM_IMAGE, /* a raster image, possibly cropped */
	LITEM_PATH   /* a vector path: SVG shapes, charts, QR codes */
} layout_kind;

/* What a box is, for the layout dump and tests ("heading", "paragraph",
 * "list-item", "footer"...). Borrowed static strings. */
typedef const char *layout_role;

typedef struct layout_text {
	text_font *font;
	double size;
	uint32_t color;     /* 0xRRGGBB */
	uint32_t glyph_block; /* where the glyphs live (the layout's own) */
	double x, y;        /* pen start and baseline */
	double width;       /* advance of the whole run */
	double ascent, descent; /* of the font at this size, points, positive */
	/* The glyphs: each one's code point (BMP) and pen position, x
	 * relative to the item's x. Two arrays, not one of text_glyph: the
	 * glyphs are most of a layout's memory, and this is 6 bytes a glyph
	 * instead of 8. */
	const uint16_t *cps;
	const float *xs;
	size_t nglyphs;
	double angle;       /* degrees, counter-clockwise about (x, y); 0 */
	double opacity;     /* 0..1; lsink_push sets 1 */
	/* The last glyph is a hyphen that hyphenation inserted: the word
	 * goes on in the next text item of the same structure node. */
	int hyphenated;
} layout_text;

typedef struct layout_rect {
	double x, y, w, h;
	int fill, stroke;   /* which of the two to paint */
	uint32_t fill_color, stroke_color;
	double stroke_width;
	double radius;      /* corner radius, 0 for square corners */
} layout_rect;

typedef struct layout_line {
	double x1, y1, x2, y2;
	uint32_t color;
	double width;
} layout_line;

typedef struct layout_link {
	double x, y, w, h;
	const char *uri;    /* external target, or NULL */
	int dest;           /* index into layout_doc.dests, or -1 */
} layout_link;

/* A decoded raster image, shared by every item that shows it, so that a
 * file used twice is embedded once. Owned by the layout (or by an image
 * cache that outlives it). */
typedef struct layout_image {
	int id;                 /* index in layout_doc.images */
	const char *path;       /* source file, for messages */
	int width, height;      /* pixels, after EXIF orientation */
	int components;         /* 1 grey, 3 RGB, 4 CMYK */
	/* 8 bits per component, rows top to bottom; NULL when jpeg is set. */
	const unsigned char *pixels;
	/* 8-bit alpha, width * height, or NULL when opaque. */
	const unsigned char *alpha;
	/* A validated JPEG passed through as DCT (no re-encoding), or NULL. */
	const unsigned char *jpeg;
	size_t jpeg_len;
	int jpeg_inverted;      /* Adobe CMYK JPEG: components inverted */
} layout_image;

typedef struct layout_image_item {
	const layout_image *image;
	double x, y, w, h;      /* where the whole image is drawn */
	/* The visible part ("cover" crops); equal to the box otherwise. */
	double clip_x, clip_y, clip_w, clip_h;
	const char *alt;        /* alternative text, or NULL */
} layout_image_item;

/* Vector paths, in page coordinates (top-left origin, y down). */
typedef enum layout_seg_op {
	LSEG_MOVE,    /* x[0], y[0] */
	LSEG_LINE,    /* x[0], y[0] */
	LSEG_CURVE,   /* cubic Bezier: controls x[0..1], y[0..1]; end x[2], y[2] */
	LSEG_CLOSE
} layout_seg_op;

typedef struct layout_seg {
	layout_seg_op op;
	double x[3], y[3];
} layout_seg;

typedef struct layout_stop {
	double offset;          /* 0..1 */
	uint32_t color;
	double opacity;
} layout_stop;

/* A gradient in page coordinates. Linear: from (x1,y1) to (x2,y2).
 * Radial: from the focal circle (x1,y1, r=0) to the circle (x2,y2,r). */
typedef struct layout_gradient {
	int radial;
	double x1, y1, x2, y2, r;
	const layout_stop *stops;
	size_t nstops;
} layout_gradient;

typedef struct layout_paint {
	int kind;               /* 0 none, 1 solid colour, 2 gradient */
	uint32_t color;
	double opacity;         /* 0..1 */
	const layout_gradient *gradient;
} layout_paint;

typedef struct layout_path {
	const layout_seg *segs;
	size_t nsegs;
	layout_paint fill, stroke;
	int even_odd;           /* fill rule */
	double stroke_width;
	int cap, join;          /* 0 butt/miter, 1 round, 2 square/bevel */
	double miter_limit;
	const double *dash;     /* lengths, or NULL */
	size_t ndash;
	double dash_phase;
	double bx, by, bw, bh;  /* bounding box, for the dump and tests */
} layout_path;

typedef struct layout_item {
	layout_kind kind;
	layout_role role;
	src_pos pos;        /* the YAML that produced it (may be unknown) */
	/* Where it belongs in the document's logical structure (tagged
	 * PDF): an index into layout_doc.snodes, or 0 for an artifact
	 * (decoration, running heads, a table's repeated header); and when
	 * it was made, in one count with the nodes, which orders a node's
	 * own content among its children (layout_snode). */
	uint32_t snode;
	uint32_t seq;
	union {
		layout_text text;
		layout_rect rect;
		layout_line line;
		layout_link link;
		layout_image_item image;
		/* In the layout's arena, and shared by the copies of the item
		 * (slices, pages): moving one copies it (lpath_shift). A
		 * pointer keeps every item at the size of a text run. */
		layout_path *path;
	} u;
} layout_item;

/* Folds a page can mark (a roll fold of 8 panels has 7). */
#define LAYOUT_FOLDS_MAX 7

typedef struct layout_page {
	double width, height;
	/* Where the sheet is folded (panels): the x of each vertical fold,
	 * left to right; the PDF for the print shop marks them. */
	double folds[LAYOUT_FOLDS_MAX];
	size_t nfolds;
	layout_item *items;
	size_t nitems, capitems;
	/* A page of the flow (flow set) is drawn in two steps: its body,
	 * items [under, under + body), as soon as pagination is done with
	 * it (layout_sink); the items beneath (backgrounds, the watermark)
	 * and above it (running heads) once the document is laid out. Once
	 * drawn, the body keeps only its links (body counts those). A page
	 * made after pagination (a cover; flow 0) is drawn whole at the
	 * end. */
	size_t under, body;
	int flow;
	/* The h1 titles starting on the page, first and last, for
	 * {chapter}; NULL for none. */
	const char *chapter_first, *chapter_last;
} layout_page;

/* A place that links and bookmarks can point to. */
typedef struct layout_dest {
	const char *id;     /* heading id, may be NULL */
	int page;           /* 0-based */
	double y;           /* top of the target, page coordinates */
} layout_dest;

/* A bookmark (outline entry), in document order. */
typedef struct layout_outline {
	const char *title;  /* UTF-8 */
	int level;          /* 1 = top */
	int dest;           /* index into dests */
} layout_outline;

/* How a range of pages is numbered in the PDF's page labels. */
typedef enum layout_label_style {
	LAYOUT_LABEL_DECIMAL,      /* 1, 2, 3 */
	LAYOUT_LABEL_ROMAN,        /* i, ii, iii */
	LAYOUT_LABEL_UPPER_ROMAN,  /* I, II, III */
	LAYOUT_LABEL_NONE          /* the prefix alone ("Cover") */
} layout_label_style;

/* Pages from `page` (0-based) up to the next range's first page are
 * labelled prefix + their number (from start) in style. */
typedef struct layout_label {
	int page;
	layout_label_style style;
	int start;
	const char *prefix;  /* ASCII, or NULL */
} layout_label;

typedef struct layout_meta {
	const char *title, *subtitle, *author, *subject, *keywords;
	const char *lang;     /* BCP 47, e.g. "en" */
	const char *creator;  /* "carec-report 0.1.0" */
} layout_meta;

/* What the PDF for the print shop (render_options.print) needs of the
 * document: the theme's print settings (model_print), and the font the
 * slug is set in. */
typedef struct layout_print {
	double bleed; /* points past the trim on every side */
	int marks, slug, booklet;
	src_pos booklet_pos; /* the theme's 'booklet:', for the warning */
	text_font *font;     /* the body's regular font, or NULL */
} layout_print;

/* The roles of the logical structure (ISO 32000-1, 14.8.4), and the
 * document's own (LTAG_CALLOUT), which the PDF maps to standard ones. */
typedef enum layout_tag {
	LTAG_DOCUMENT, LTAG_SECT, LTAG_DIV, LTAG_H1, LTAG_H2, LTAG_H3, LTAG_P,
	LTAG_L, LTAG_LI, LTAG_LBL, LTAG_LBODY, LTAG_TABLE, LTAG_THEAD,
	LTAG_TBODY, LTAG_TR, LTAG_TH, LTAG_TD, LTAG_TOC, LTAG_TOCI,
	LTAG_BLOCKQUOTE, LTAG_CAPTION, LTAG_FIGURE, LTAG_LINK, LTAG_SPAN,
	LTAG_CALLOUT, LTAG_COUNT
} layout_tag;

/* A table header cell's scope (TH /Scope). */
enum { LSCOPE_NONE, LSCOPE_COLUMN, LSCOPE_ROW };

/* An element of the logical structure. Node 0 is the Document, made
 * first; every other node has a parent made before it. A node's
 * children and its own content (the items of its index) are read in
 * the order they were made (seq): the order of the text, which is not
 * always the order of the pages (a tri-fold's cover comes first). */
typedef struct layout_snode {
	uint32_t parent;
	uint32_t seq;
	uint8_t tag;        /* layout_tag */
	uint8_t scope;      /* TH: LSCOPE_* */
	uint16_t rowspan, colspan; /* TD, TH: 1 unless spanning */
	/* Figure: the alternative text (NULL: none); a node whose items are
	 * decoration has alt "" and its items are artifacts. */
	const char *alt;
	const char *lang;   /* BCP 47 when not the document's, or NULL */
} layout_snode;

typedef struct lglyph_store lglyph_store;

typedef struct layout_doc {
	arena mem;            /* owns everything below */
	/* The text items' glyph arrays (glyphs.c), freed page by page by
	 * layout_release_page. */
	lglyph_store *glyph_store;
	layout_image **images;  /* every image drawn, by id */
	/* What their pixels live in when decoded once for every pass
	 * (media.c): the layout's own. */
	struct lmedia *media;
	size_t nimages, capimages;
	layout_meta meta;
	layout_print print;
	/* The text area of body pages (inside the margins), for tests. */
	double area_x, area_y, area_w, area_h;
	layout_page *pages;
	size_t npages, cappages;
	layout_dest *dests;
	size_t ndests, capdests;
	layout_outline *outlines;
	size_t noutlines, capoutlines;
	layout_label *labels;  /* page label ranges, by first page; may be 0 */
	size_t nlabels;
	/* The logical structure (layout_snode): malloc'd, freed with the
	 * layout (its strings are in the arena). */
	layout_snode *snodes;
	size_t nsnodes, capsnodes;
	/* The theme's named colours (model_colour order) and their print
	 * values: the print PDF writes colour_rgb[k] as colour_cmyk[k], and
	 * a tint of it with white as the same inks scaled. */
	uint32_t colour_rgb[MODEL_COLOUR_COUNT];
	model_cmyk colour_cmyk[MODEL_COLOUR_COUNT];
} layout_doc;

typedef struct layout_options {
	/* A character no font has is a warning (shown as a blank), not an
	 * error. */
	int allow_missing_glyphs;
	/* Report, as notes, which characters were set in a fallback font. */
	int verbose;
	/* Text across every page (--watermark); NULL: the theme's, if any. */
	const char *watermark;
	/* The run's second thread (util/worker.h), or NULL: body
	 * paragraphs are broken ahead on it. The layout is the same. */
	struct worker *worker;
	/* If set, and the document has no contents block, each body page
	 * is handed to sink->page as soon as pagination is done with it,
	 * and then freed but for its links (see layout_page): the memory a
	 * layout holds no longer grows with the document. */
	const struct layout_sink *sink;
	/* Which files fonts, images and SVGs may be read from
	 * (util/paths.h), given to the font set too; NULL: any regular
	 * file. */
	const struct path_policy *policy;
} layout_options;

/* Where a layout sends its pages as it finishes them. Only a document
 * without a contents block uses it (laid out once, that pass is the
 * document); one with contents blocks is laid out whole, in memory, as
 * often as its page numbers need, and the caller draws the result. */
typedef struct layout_sink {
	void *ctx;
	/* A pass begins: forget the pages of the one before. Diagnostics of
	 * the pass's pages go to diags. Return 0, or -1 after adding one. */
	int (*begin)(void *ctx, diag_list *diags);
	/* Page i of ld has its body (items [under, under + body)): draw it.
	 * Return 0, or -1 after adding a diagnostic to diags. */
	int (*page)(void *ctx, const layout_doc *ld, size_t i,
	            diag_list *diags);
	/* Once every page is made (covers too): page i is final, with what
	 * goes beneath and above its body (or, for a cover, all of it).
	 * Called for each page in order; the layout then frees the page's
	 * items. NULL: the pages keep them. */
	int (*done)(void *ctx, const layout_doc *ld, size_t i,
	            diag_list *diags);
} layout_sink;

/* Lay out doc with the fonts in fs (opened here as the theme names them).
 * opts may be NULL for the defaults. On success store a new layout in
 * *out and return 0; on failure add diagnostics and return -1 (*out
 * NULL). Warnings do not fail. The layout needs nothing of doc
 * afterwards: it may be freed first. */
int layout_document(layout_doc **out, const model_doc *doc, text_fonts *fs,
                    const layout_options *opts, diag_list *diags);

void layout_free(layout_doc *ld);

/* Free what page i holds once it is drawn: its items, and the glyphs of
 * text that no later page shows. Page i keeps its size but has no items
 * afterwards. For a caller that draws the pages in order and then only
 * frees the layout; glyphs are freed only while pages are released in
 * order from the first. */
void layout_release_page(layout_doc *ld, size_t i);

/* Bytes the glyph arrays of ld hold now (what layout_release_page has not
 * freed yet), for tests and the benchmark. */
size_t layout_glyph_bytes(const layout_doc *ld);

/* Write every page and positioned box as JSON (stable key order, numbers
 * rounded to 0.01 pt) so that tests can assert on positions. Return 0, or
 * -1 if writing failed. */
int layout_dump_json(const layout_doc *ld, FILE *out);

#endif
