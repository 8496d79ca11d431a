/*
 * model.h - the typed document model, built from the node tree by
 * validation.
 *
 * Who may include this: src/layout/, src/cli/ and tests. Past this stage
 * no code looks at YAML keys: everything is typed, lengths are points,
 * colours are 0xRRGGBB, text is parsed inline markup in one language.
 *
 * The YAML schema (docs in README.md):
 *
 *   document:          title, subtitle, author, subject, keywords, language
 *   theme:             page, margins, fonts, sizes, colours, header, footer
 *   content:           a list of blocks
 *
 * Each block is a mapping whose first key names its type, e.g.
 *   - heading: Our mission
 *     level: 2
 *   - paragraph: Text with **bold**, *italic* and [links](https://...).
 * or a bare word for blocks without content (- page-break).
 *
 * Adding a block type (docs/adding-a-block.md has every step, in order):
 * a line in blocks.def; its settings here, in model_block's union (if it
 * has any); a parser src/model/block_NAME.c; a layout function
 * src/layout/block_NAME.c. Then a block of it in
 * tests/samples/every-block.yaml, its page docs/blocks/NAME.md, a row in
 * the block tables of docs/writing-reports.md and README.md (tests fail
 * until each is done), and a golden case tests/diag/NAME-bad.yaml for its
 * messages, with its rows in tests/BAD-INPUTS.md. No other list of block
 * types is kept by hand.
 *
 * Any text value may be a plain string or a map of language codes
 * ({en: ..., ru: ...}); model_build picks the requested language and
 * falls back to the document language with a warning.
 */
#ifndef CAREC_MODEL_MODEL_H
#define CAREC_MODEL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "load/load.h"
#include "util/diag.h"
#include "util/mem.h"

/* ---- inline text ---- */

enum {
	MODEL_BOLD = 1,
	MODEL_ITALIC = 2
};

/* A run of text in one style. A hard break has no text. */
typedef struct model_inline {
	const char *text; /* UTF-8, not NUL-terminated (use len) */
	size_t len;
	unsigned style;   /* MODEL_BOLD | MODEL_ITALIC */
	const char *href; /* "https://...", "mailto:..." or "#heading-id"; NULL */
	int hard_break;
	src_pos pos;      /* where the run starts, as near as known */
	/* How many leading bytes of text are written exactly so at pos (see
	 * text_span.verbatim), found while the YAML text is at hand; 0 for
	 * runs made later. */
	size_t verbatim;
	/* The language of the run's text when it is not the document's
	 * (model_doc.lang): a language span's tag ("[Қазақстан]{lang=kk}",
	 * a BCP 47 tag such as "kk", "uz-Latn" or "en-GB"), or else, for a
	 * text a language map had no translation of, the language of the
	 * text shown in its place ("en" in a Russian edition). NULL: the
	 * document's language. */
	const char *lang;
} model_inline;

/* Rich text: inline runs. pos is the value's position. */
typedef struct model_text {
	model_inline *runs;
	size_t nruns;
	src_pos pos;
} model_text;

/* ---- blocks ---- */

typedef enum model_block_kind {
#define BLOCK(kind, name, file) kind,
#include "model/blocks.def"
#undef BLOCK
	MODEL_BLOCK_COUNT
} model_block_kind;

typedef enum model_align {
	MODEL_ALIGN_LEFT,
	MODEL_ALIGN_JUSTIFY,
	MODEL_ALIGN_CENTER,
	MODEL_ALIGN_RIGHT
} model_align;

typedef struct model_block model_block;
typedef struct model_list_item model_list_item;

typedef struct model_blocks {
	model_block *items;
	size_t count;
} model_blocks;

typedef struct model_heading {
	int level;          /* 1..3 */
	model_text text;
	int numbered;       /* reserved: chapter numbers */
} model_heading;

typedef struct model_paragraph {
	model_text text;
	model_align align;
	int hyphenate;      /* 1 unless the block turns it off */
} model_paragraph;

/* How a numbered list counts. */
typedef enum model_numbering {
	MODEL_NUM_DECIMAL,      /* 1. 2. 3. */
	MODEL_NUM_LOWER_ALPHA,  /* a. b. c. */
	MODEL_NUM_UPPER_ALPHA,  /* A. B. C. */
	MODEL_NUM_LOWER_ROMAN,  /* i. ii. iii. */
	MODEL_NUM_UPPER_ROMAN   /* I. II. III. */
} model_numbering;

typedef struct model_list {
	int numbered;       /* 0: bullets, 1: 1. 2. 3. */
	int start;          /* first number */
	int depth;          /* 1 for the block's own list */
	model_numbering numbers;
	const char *bullet; /* UTF-8 mark; NULL: the default for the depth */
	model_list_item *items;
	size_t count;
} model_list;

struct model_list_item {
	model_text text;
	model_list *sub;    /* nested list, or NULL */
	src_pos pos;
};

typedef struct model_quote {
	model_text text;
	model_text by;      /* attribution; nruns == 0 when absent */
} model_quote;

typedef enum model_tone {
	MODEL_TONE_NONE,    /* the theme's tint and primary colour */
	MODEL_TONE_INFO,
	MODEL_TONE_SUCCESS,
	MODEL_TONE_WARNING
} model_tone;

typedef struct model_callout {
	model_text title;   /* nruns == 0 when absent */
	model_text text;
	model_tone tone;
	int bar;            /* 1: an accent bar on the left */
} model_callout;

/* A key figure: a short value ("2001", "15 years") over a label. */
typedef struct model_figure {
	const char *value;
	model_text label;
	src_pos pos, value_pos;
} model_figure;

typedef struct model_figures {
	model_figure *items;
	size_t count;
	int per_row;        /* 2..4; 0: as many as fit */
	const char *alt, *alt_lang; /* as model_svg's; NULL: the tiles */
} model_figures;

/* A timeline event: a year or a free date, a title and a text. */
typedef struct model_event {
	const char *when;   /* "1998", "May 2001" */
	int year, has_year; /* has_year: 'year' was given */
	model_text title;   /* nruns == 0 when absent */
	model_text text;    /* nruns == 0 when absent */
	src_pos pos, when_pos;
} model_event;

typedef struct model_timeline {
	model_event *items;
	size_t count;
	int horizontal;     /* 0: down the page, 1: across */
	int proportional;   /* scale: proportional (across, by year) */
} model_timeline;

typedef struct model_spacer {
	double height;      /* points */
} model_spacer;

/* A table (block_table.c): rows of cells on a grid of columns. */
typedef enum model_colwidth {
	MODEL_COL_AUTO,     /* from the cells' content */
	MODEL_COL_FIXED,    /* a length, points */
	MODEL_COL_SHARE     /* "2fr": a share of the width left over */
} model_colwidth;

typedef struct model_table_col {
	model_colwidth kind;
	double value;       /* points (fixed) or the share (fr) */
	model_align align;  /* LEFT, CENTER or RIGHT */
} model_table_col;

typedef struct model_table_cell {
	model_text text;    /* nruns == 0 for an empty cell */
	int row, col;       /* grid slot of its top-left corner, 0-based */
	int rowspan, colspan; /* >= 1, within the grid */
	int align;          /* a model_align, or -1 for the column's */
	src_pos pos;
} model_table_cell;

typedef struct model_table_row {
	model_table_cell *cells; /* left to right */
	size_t count;
	src_pos pos;
} model_table_row;

typedef struct model_table {
	model_table_row *rows;
	size_t nrows;
	model_table_col *cols;
	size_t ncols;
	int header_rows;    /* the first rows, repeated on every page */
	int zebra;          /* tint every other body row */
	int small;          /* 1: the theme's small size */
	model_text caption; /* nruns == 0 when absent */
	src_pos columns_pos;/* where 'columns' is written, or the block's */
} model_table;

/* How pages are numbered (page labels, {page} in headers and footers). */
typedef enum model_pagenum {
	MODEL_PAGENUM_DECIMAL,      /* 1, 2, 3 */
	MODEL_PAGENUM_ROMAN,        /* i, ii, iii */
	MODEL_PAGENUM_UPPER_ROMAN,  /* I, II, III */
	MODEL_PAGENUM_NONE          /* no number shown */
} model_pagenum;

/* "- contents": a table of contents of the headings. */
typedef struct model_contents {
	const char *title;  /* NULL: the built-in "Contents" */
	int depth;          /* 1..3: deepest heading level listed */
} model_contents;

/* "- page-numbering: decimal": a new page, numbered from start on. */
typedef struct model_page_numbering {
	model_pagenum style;
	int start;
} model_page_numbering;

/* "- svg: logo.svg": a vector drawing (src/svg/), kept vector. */
typedef struct model_svg {
	const char *path;      /* resolved relative to the YAML file */
	src_pos path_pos;      /* where the path is written */
	double width, height;  /* points; 0: from the other, or the band */
	model_align align;     /* LEFT, CENTER or RIGHT */
	model_text caption;    /* nruns == 0 when absent */
	/* 'alt:' (also the logo's): NULL when absent, "" for decoration;
	 * alt_lang: its language when a fallback (see model_text.lang). Read
	 * them with model_block_alt. */
	const char *alt, *alt_lang;
	/* Reversed for a dark ground (the theme's logo on a cover): paints
	 * too close to reverse_bg become reverse_fg, and reverse_fg paints
	 * become reverse_bg. */
	int reverse;
	uint32_t reverse_bg, reverse_fg;
} model_svg;

/* "- chart:": a chart drawn from data in the YAML (block_chart.c). */
typedef enum model_chart_type {
	MODEL_CHART_BAR,
	MODEL_CHART_LINE,
	MODEL_CHART_DONUT,
	MODEL_CHART_PIE
} model_chart_type;

typedef struct model_series {
	const char *name;      /* NULL when absent (one series) */
	const double *values;  /* one per category */
	size_t count;
	src_pos pos;
} model_series;

typedef struct model_chart {
	model_chart_type type;
	const char *title;     /* NULL when absent */
	const char *const *categories;
	size_t ncategories;
	const model_series *series;
	size_t nseries;
	int horizontal;        /* bars: 1 for horizontal bars */
	int stacked;           /* bars: stack the series */
	int value_labels;      /* write each value on its mark */
	int illustrative;      /* the caption says "Illustrative data" */
	double width, height;  /* points; 0: the band's width, a default */
	const char *x_label, *y_label; /* axis titles, NULL when absent */
	model_text caption;    /* nruns == 0 when absent */
	const char *alt, *alt_lang; /* as model_svg's; NULL: from the data */
} model_chart;

/* "- qr: https://...": a QR code (src/qr/), drawn as vector squares. */
typedef struct model_qr {
	const char *data;      /* UTF-8, encoded byte for byte */
	size_t len;
	src_pos data_pos;
	double size;           /* points, quiet zone included */
	int level;             /* 0..3: L, M, Q, H */
	model_text caption;    /* nruns == 0 when absent */
	const char *alt, *alt_lang; /* as model_svg's; NULL: the text */
} model_qr;

/* "- image: assets/photo.jpg": a PNG or JPEG (src/image/), decoded and
 * checked in layout. Sizes are 0 when not given. */
typedef enum model_fit {
	MODEL_FIT_CONTAIN,     /* as large as fits in width x height */
	MODEL_FIT_COVER,       /* fills width x height, cropped */
	MODEL_FIT_STRETCH      /* fills width x height, distorted */
} model_fit;

typedef struct model_image {
	const char *path;      /* relative to the YAML file that names it */
	src_pos path_pos;
	double width;          /* points */
	double width_pct;      /* fraction of the column, 0..1 */
	double height;         /* points */
	model_fit fit;
	model_align align;     /* LEFT, CENTER (default) or RIGHT */
	model_text caption;    /* nruns == 0 when absent */
	const char *alt;       /* alternative text, or NULL; "": decoration */
	const char *alt_lang;  /* as model_svg's */
} model_image;

/* "- columns: [blocks]" and "- panels: [panels]" (block_columns.c,
 * block_panels.c, docs/blocks/columns.md): content set in 2 or 3
 * columns, or whole-page panels (a folded brochure), one per column. */
typedef enum model_valign {
	MODEL_VALIGN_TOP,
	MODEL_VALIGN_MIDDLE,
	MODEL_VALIGN_BOTTOM
} model_valign;

/* A panel's fill: none, a colour, or one of the theme's. */
typedef enum model_fill {
	MODEL_FILL_NONE,
	MODEL_FILL_COLOR,
	MODEL_FILL_PRIMARY,
	MODEL_FILL_ACCENT,
	MODEL_FILL_TINT
} model_fill;

typedef struct model_panel {
	model_blocks blocks;   /* may be empty */
	model_fill fill;
	uint32_t background;   /* MODEL_FILL_COLOR */
	int has_color;
	uint32_t color;        /* the text colour on this panel */
	model_valign valign;
	src_pos pos;
} model_panel;

/* How a sheet of panels folds: a roll fold (a tri-fold: each panel that
 * folds in is narrower, so that it tucks in), or panels of one width (a
 * bi-fold or a z-fold, whose panels do not nest). */
typedef enum model_fold {
	MODEL_FOLD_AUTO, /* roll for three panels a side, else equal */
	MODEL_FOLD_ROLL,
	MODEL_FOLD_EQUAL
} model_fold;

typedef struct model_columns {
	model_blocks blocks;   /* columns: the content */
	model_panel *panels;   /* panels: one per column; NULL for columns */
	size_t npanels;
	int count;             /* columns per page */
	double gap;            /* points; < 0: the default */
	int rule;              /* a line between columns */
	int balance;           /* columns: even the last part's columns */
	model_fold fold;       /* panels: how the sheet folds */
} model_columns;

struct model_block {
	model_block_kind kind;
	src_pos pos;
	const char *id;     /* for links; NULL */
	int keep_together;
	int page_break_before;
	int span_all;       /* "span: all" inside columns: full width */
	double side;        /* "side: 42mm": set in a side column of this
	                     * width, in the left margin; 0: in the text */
	union {
		model_heading heading;
		model_paragraph paragraph;
		model_list list;
		model_quote quote;
		model_callout callout;
		model_spacer spacer;
		model_table table;
		model_contents contents;
		model_page_numbering page_numbering;
		model_figures figures;
		model_timeline timeline;
		model_svg svg;
		model_svg logo;    /* "- logo": the theme's logo (path NULL) */
		model_chart chart;
		model_qr qr;
		model_image image;
		model_columns columns; /* columns and panels */
	} u;
};

/* ---- theme ---- */

/* One family: a font file per style. Paths are resolved relative to the
 * file that names them. */
typedef struct model_family {
	const char *regular, *bold, *italic, *bold_italic;
	src_pos pos;
	src_pos at[4];   /* where each path is written: regular, bold,
	                  * italic, bold-italic (a missing style borrows) */
} model_family;

#define MODEL_STACK_MAX 4
/* A font role (body or heading): a stack of families, primary first. */
typedef struct model_font_role {
	model_family families[MODEL_STACK_MAX];
	int count;
	src_pos pos;
} model_font_role;

/* A header or footer: three templates, each may use {title}, {chapter},
 * {page} and {pages}. NULL when empty. */
typedef struct model_zone {
	const char *left, *center, *right;
	src_pos pos;
} model_zone;

/* ---- page templates and covers (docs/templates.md) ---- */

/* A colour the theme did not set: layout uses the theme's default for it
 * (the primary colour for a cover's background, and so on). */
#define MODEL_COLOR_AUTO 0xFFFFFFFFu

/* A page background: a colour over the whole page and/or a band along
 * its top edge. */
typedef struct model_background {
	int has_color;
	uint32_t color;
	double band;            /* height of the top band, points; 0: none */
	uint32_t band_color;
} model_background;

/* The front matter's header, footer and background; an unset zone
 * (has_* 0) borrows the body pages' one. */
typedef struct model_template {
	model_zone header, footer;
	int has_header, has_footer;
	model_background background;
	int has_background;
} model_template;

/* How a front or back cover looks. */
typedef struct model_cover_style {
	uint32_t background, title_color, subtitle_color, text_color, accent,
		band_color;
	int band;               /* front: a darker band across the foot */
	int pattern;            /* contour rings in a corner */
	const char *logo;       /* SVG or PNG path; NULL: the author's name */
	src_pos logo_pos;
	int logo_reverse;       /* the theme's logo: reversed on the colour */
} model_cover_style;

/* Text across every page, beneath the content ("DRAFT"). */
typedef struct model_watermark {
	const char *text;       /* NULL: none */
	uint32_t color;
	double opacity;         /* 0..1 */
	double size;            /* points; 0: sized to the page */
	src_pos pos;
} model_watermark;

typedef struct model_templates {
	model_background background;  /* body pages */
	model_template front;         /* front matter */
	model_cover_style cover, back;
	model_watermark watermark;
} model_templates;

/* The document's covers and the numbering of its first pages. */
typedef struct model_pages {
	int cover, back_cover;  /* 1: add the page */
	model_text edition, date; /* front cover; nruns == 0 when absent */
	model_text back_text;   /* back cover: contact text */
	model_pagenum style;    /* pages before any page-numbering block */
	int start;
	int has_style;          /* the document set the style */
	src_pos pos;
} model_pages;

/* The look of tables (theme 'table:'). */
typedef struct model_table_style {
	uint32_t header_fill, header_text, zebra_fill, border;
	double border_width;   /* rules between rows, points */
	double pad_x, pad_y;   /* cell padding, points */
	int grid;              /* 1: rules between columns as well */
} model_table_style;

/* The theme's 'hyphenation:' and 'word-spacing:' (theme_typeset.c): the
 * fewest letters an inserted hyphen leaves before and after it, per
 * language tag (a language code, maybe with its script: "uz-Cyrl"), and
 * the widest word gap of a justified line. The arrays are the paragraph
 * engine's (text_para_opts.hyph_lang...), so they are fixed in size: a
 * theme is copied whole. */
#define MODEL_HYPH_MAX 24
typedef struct model_typeset {
	const char *hyph_lang[MODEL_HYPH_MAX];
	int hyph_before[MODEL_HYPH_MAX], hyph_after[MODEL_HYPH_MAX];
	size_t nhyph;
	double max_space; /* in normal spaces: 2 is twice the space */
} model_typeset;

/* The PDF for the print shop (theme 'print:', used under --print;
 * theme_print.c). Lengths in points. */
typedef struct model_print {
	double bleed; /* past the trim on every side; 3 mm */
	int marks;    /* 1: crop marks, and fold marks on panels */
	int slug;     /* 1: file name, page and date outside */
	int booklet;  /* 1: saddle-stitched, pages in fours */
	src_pos pos, booklet_pos;
} model_print;

/* The theme's named colours ('colours:'), in the order it lists them. */
typedef enum model_colour {
	MODEL_COLOUR_TEXT,
	MODEL_COLOUR_PRIMARY,
	MODEL_COLOUR_ACCENT,
	MODEL_COLOUR_MUTED,
	MODEL_COLOUR_TINT,
	MODEL_COLOUR_INFO,
	MODEL_COLOUR_SUCCESS,
	MODEL_COLOUR_WARNING,
	MODEL_COLOUR_COUNT
} model_colour;

/* A colour for print: cyan, magenta, yellow and black, each 0..1. */
typedef struct model_cmyk {
	float c, m, y, k;
} model_cmyk;

typedef struct model_theme {
	double page_width, page_height;   /* after orientation */
	double margin_top, margin_bottom, margin_left, margin_right;
	model_font_role body, heading;
	double size_body, size_small;
	double size_heading[3];           /* h1, h2, h3 */
	double line_height;               /* factor of the font size */
	double paragraph_space;           /* space after a paragraph, points */
	uint32_t color_text, color_primary, color_accent, color_muted,
		color_tint;                   /* callout background */
	/* Callout tones: the bar and title colour; the box is a pale tint
	 * of it. */
	uint32_t color_info, color_success, color_warning;
	/* The named colours' print values, in model_colour order: as the
	 * theme gives them ('cmyk:'), or made from the RGB by
	 * model_cmyk_of_rgb (theme_colours.c). */
	model_cmyk cmyk[MODEL_COLOUR_COUNT];
	model_table_style table;          /* block_table.c */
	/* 'paragraphs:' (theme_paragraphs.c): the fewest lines of a
	 * paragraph at the foot of a page or column (orphans) and at the
	 * head of the next (widows). */
	int orphans, widows;
	model_typeset typeset;            /* theme_typeset.c */
	model_zone header, footer;
	model_templates templates;        /* covers, backgrounds, watermark */
	model_print print;                /* --print: bleed, marks, slug */
	const char *logo;                 /* theme 'logo:' (SVG or PNG); NULL */
	src_pos logo_pos;
	/* 'masthead: {logo: true}': the title block of the first page
	 * opens with the theme's logo (a fact sheet's masthead). */
	int masthead_logo;
	src_pos masthead_pos;
	/* 'no-break:' (theme_nobreak.c): the rules turned off, as
	 * MODEL_NOBREAK_* bits, and the short words of the shown language
	 * that bind to the next word, separated by spaces (NULL: the
	 * built-in list). */
	unsigned nobreak_off;
	const char *nobreak_words;
	src_pos pos;
} model_theme;

/* The no-break rules a theme can turn off: the bits of text.h's
 * TEXT_NOBREAK_* (the layout hands them on as they are). */
enum model_nobreak_rule {
	MODEL_NOBREAK_ONE_LETTER = 1,
	MODEL_NOBREAK_SHORT_WORDS = 2,
	MODEL_NOBREAK_NUMBERS = 4,
	MODEL_NOBREAK_ROMAN = 8,
	MODEL_NOBREAK_DASH = 16,
	MODEL_NOBREAK_ABBREV = 32
};

/* Their names in a theme ("text", "primary", ...), then NULL. */
extern const char *const model_colour_names[];

/* Colour k of theme t (theme.c: the one place that knows where each
 * named colour lives). */
uint32_t model_theme_colour(const model_theme *t, model_colour k);

/* The print value of rgb when a theme gives none (theme_colours.c, the
 * rule docs/templates.md states): a grey, or any colour when text is
 * nonzero, in black only, and near-black as 100 % black; any other
 * colour as C, M, Y from its RGB with K the common part, in whole
 * percent. */
model_cmyk model_cmyk_of_rgb(uint32_t rgb, int text);

/* WCAG 2's contrast ratio of two sRGB colours, 1 to 21
 * (theme_contrast.c). */
double model_contrast(uint32_t a, uint32_t b);

/* ---- document ---- */

typedef struct model_doc {
	arena mem;          /* owns everything in the model */
	const char *source; /* path of the report file */
	const char *title, *subtitle, *author, *subject, *keywords;
	/* Where the title and subtitle are written, and how many of their
	 * leading bytes are written so there (see text_span.verbatim), so
	 * that a character of them no font has is reported at its own line,
	 * wherever the title is shown (cover, first page, running heads). */
	src_pos title_pos, subtitle_pos;
	size_t title_verbatim, subtitle_verbatim;
	const char *lang;   /* the language shown */
	model_theme theme;
	model_blocks blocks;
	model_pages pages;  /* covers and front-matter numbering */
	struct manchors *anchors;    /* links to headings (anchors.c) */
} model_doc;

typedef struct model_options {
	const char *lang;   /* --lang, or NULL for the document's language */
	/* Which files paths may name (util/paths.h); NULL: any that exists. */
	const struct path_policy *policy;
	/* merge: the data row whose fields are in 'data:', for messages
	 * ("row 5 of donors.csv (line 6)"); NULL otherwise. */
	const char *row;
} model_options;

/* Whether name can be a data name ({{ name }}): a letter, then letters,
 * digits, '_' and single '-' between them. */
int model_data_name_valid(const char *name);

/* Validate the tree at root and build a model. All errors are collected
 * in one run (not only the first). On success store the model in *out and
 * return 0; if any error was added return -1 and *out is NULL. */
int model_build(model_doc **out, const node *root, const model_options *opt,
                diag_list *diags);

void model_free(model_doc *doc);

/* Built-in strings, translated into en, ru, kk, ky, tg, uz and tk. */
typedef enum model_string {
	MODEL_STR_PAGE_OF,      /* "Page {page} of {pages}" */
	MODEL_STR_CONTENTS,     /* "Contents" */
	MODEL_STR_FIGURE,       /* "Figure" */
	MODEL_STR_ILLUSTRATIVE, /* "Illustrative data" (charts) */
	MODEL_STR_COVER,        /* "Cover": the front cover's page label */
	MODEL_STR_BACK_COVER    /* "Back cover" */
} model_string;

/* The string in lang, or in English for a language we lack. */
const char *model_builtin(const char *lang, model_string which);

/* The codes of the languages a report may be written in, the ones with
 * built-in strings: "en", "ru", ..., then NULL. */
extern const char *const model_languages[];

/* Whether code is one of model_languages. */
int model_language_known(const char *code);

/* The languages the report at root declares (document: languages: [en,
 * ru]), in their order, without duplicates or unknown codes: store up to
 * max of them in out (model_languages' own strings, which outlive the
 * tree) and return how many; 0 when
 * it declares none. Adds no diagnostic: model_build says what is wrong
 * with the list. */
size_t model_declared_languages(const node *root, const char **out, size_t max);

/* The language the report at root is shown in without --lang, as
 * model_build chooses it: its 'language', else the first it declares,
 * else "en", one of model_languages' own strings; no diagnostic. */
const char *model_document_language(const node *root);

/* ---- alternative text (alt.c) ---- */

/* What a picture says to a reader who cannot see it: the /Alt of its
 * Figure in a tagged PDF. */
typedef struct model_alt {
	const char *text; /* UTF-8, NUL-terminated; "" when decorative */
	/* The language text is in when it is not model_doc.lang (an 'alt:'
	 * language map's fallback, or English words for a language we have
	 * no phrasing in); NULL: the document's language. */
	const char *lang;
	int decorative; /* alt: "": an artifact, no Figure */
	int generated;  /* 1: made here, not written in the report */
} model_alt;

/* The alternative text of block b of doc, a block of a kind that shows a
 * picture: image, svg, logo, chart, figures or qr. Its 'alt:' as written
 * when it has one; otherwise one made from the block, in doc->lang
 * (English or Russian words; English, with lang "en", for the other
 * languages): a chart's type, title, series and values ("Bar chart:
 * Members. 2001: 6, 2011: 10." and "Illustrative data." when marked so),
 * the figures' values and labels, "QR code: " and the code's text, the
 * logo as the document's author's ("CAREC logo"), and an image's or
 * drawing's caption, else the word "Figure" (its missing 'alt:' was a
 * warning). Text made here is allocated in mem. Return 0, or -1 with
 * *out zeroed for a block of any other kind. */
int model_block_alt(const model_doc *doc, const model_block *b, arena *mem,
                    model_alt *out);

/* Whether tag has the shape of a BCP 47 language tag as spans take it:
 * a language of 2 or 3 letters, then optionally a script of 4 letters,
 * then optionally a region of 2 letters or 3 digits, joined by '-'. */
int model_lang_tag_valid(const char *tag, size_t len);

/* The block type's YAML name ("paragraph"). */
const char *model_block_name(model_block_kind kind);

/* ---- the format's tables, for `carec-report schema` ---- */

/* The key lists that validation checks maps against, each
 * NULL-terminated. A key with "colour" in it may also be written with
 * "color". */
typedef enum model_keys_of {
	MODEL_KEYS_TOP,          /* the report's top level */
	MODEL_KEYS_DOCUMENT,     /* document: */
	MODEL_KEYS_BLOCK,        /* the keys every block takes */
	MODEL_KEYS_THEME,        /* theme: */
	MODEL_KEYS_THEME_PAGE,   /* theme: page: */
	MODEL_KEYS_THEME_MARGINS,/* theme: page: margins: (or one length) */
	MODEL_KEYS_THEME_FONTS,  /* theme: fonts: */
	MODEL_KEYS_THEME_FAMILY, /* theme: fonts: body: (or one file) */
	MODEL_KEYS_THEME_SIZES,  /* theme: sizes: */
	MODEL_KEYS_THEME_ZONE,   /* theme: header: and footer: */
	MODEL_KEYS_COUNT
} model_keys_of;

const char *const *model_keys(model_keys_of which);

/* The keys a block of kind takes besides its type's name and
 * MODEL_KEYS_BLOCK; *bare is set to 1 when it may be a bare word
 * ("- page-break"). */
const char *const *model_block_keys(model_block_kind kind, int *bare);

/* What mget_length and mget_colour accept, as regular expressions
 * (ECMA-262, for JSON Schema). */
extern const char model_length_pattern[];
extern const char model_colour_pattern[];

#endif
