/*
 * text.h - fonts, measuring, shaping, line breaking and font subsetting.
 *
 * Who may include this: src/layout/, src/render/, src/cli/ and tests.
 * Only src/text/ includes HarfBuzz and ICU headers.
 *
 * Units: sizes and positions are PDF points (1/72 in). Font-relative
 * metrics are in em (a fraction of the font size).
 *
 * Glyph model: the PDF backend writes Identity-H text whose CIDs are the
 * Unicode code points (BMP only), so shaping here is one glyph per code
 * point, with no ligatures or reordering: HarfBuzz supplies advances and
 * kerning (GPOS / kern) and we keep its positions.
 */
#ifndef CAREC_TEXT_TEXT_H
#define CAREC_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/mem.h"

/* ---- fonts ---- */

/* One font file (one face), opened with HarfBuzz. */
typedef struct text_font text_font;

/* A set of open fonts, keyed by path, so that a face used by several roles
 * is opened once. Owns its fonts. */
typedef struct text_fonts text_fonts;

text_fonts *text_fonts_new(void);

/* One more thread may shape and break text (text_break_paragraph) while
 * the one that opened the fonts does: it calls text_thread_begin first
 * and text_thread_end before it exits, and gets its own shaping buffers
 * and caches. Fonts may not be opened or freed meanwhile. */
void text_thread_begin(void);
void text_thread_end(void);

/* Read the hyphenation patterns now, rather than when the first
 * paragraph needs them (any thread; the run's worker does, while the
 * report is read). What is missing is still said by the layout. */
void text_hyphen_prepare(void);

void text_fonts_free(text_fonts *fs);

/* Open font files written in a report (text_fonts_open's `at` has a
 * line) only as p allows (util/paths.h; borrowed, it must outlive fs).
 * Without it, any regular file is opened. */
struct path_policy;
void text_fonts_set_policy(text_fonts *fs, const struct path_policy *p);

/* Open (or find already open) the TrueType/OpenType font at path. On
 * failure add a DIAG_FONT error at `at` that says what is wrong with the
 * file (missing, not a font, no Unicode cmap...) and return NULL. */
text_font *text_fonts_open(text_fonts *fs, const char *path, src_pos at,
                           diag_list *diags);

/* The path the font was opened from (borrowed). */
const char *text_font_path(const text_font *f);

/* The font's PostScript or family name, for messages (borrowed). */
const char *text_font_name(const text_font *f);

/* Nonzero if the font maps cp to a real glyph. */
int text_font_has(const text_font *f, uint32_t cp);

typedef struct text_metrics {
	double ascender;   /* positive, em */
	double descender;  /* positive (distance below the baseline), em */
	double line_gap;   /* em */
	double cap_height; /* em */
	double x_height;   /* em */
} text_metrics;

void text_font_metrics(const text_font *f, text_metrics *out);

/* The width a PDF gives cp when f is embedded as a CID font: the advance
 * of the glyph f's cmap maps cp to (.notdef if none), in thousandths of
 * an em, rounded down, as libharu computes its /W entries. Known before
 * the font is subset, so that a page can be written before the last
 * page is laid out. */
int text_font_pdf_width(const text_font *f, uint32_t cp);

/* A font stack for one role and style: the first font is primary, the
 * rest are fallbacks, tried in order for characters the primary lacks. */
#define TEXT_STACK_MAX 4
typedef struct text_stack {
	text_font *fonts[TEXT_STACK_MAX];
	int count;
} text_stack;

/* ---- shaping ---- */

typedef struct text_glyph {
	uint32_t cp; /* Unicode code point shown (BMP) */
	float x;     /* pen position of the glyph's origin, points, relative
	              * to the start of its line */
} text_glyph;

/* Shape utf8[0..len) (valid UTF-8) in font f at size points. Writes one
 * glyph per code point to out (room for utf8_count(utf8, len) glyphs),
 * with x positions starting at x0 and kerning applied, and returns the
 * x where the pen ends. Characters the font lacks are still written (the
 * caller checks coverage first). */
double text_shape(text_font *f, double size, const char *utf8, size_t len,
                  double x0, text_glyph *out);

/* The advance of utf8[0..len) in f at size, kerning included. */
double text_measure(text_font *f, double size, const char *utf8, size_t len);

/* ---- paragraphs ---- */

typedef enum text_align {
	TEXT_ALIGN_LEFT,
	TEXT_ALIGN_RIGHT,
	TEXT_ALIGN_CENTER,
	TEXT_ALIGN_JUSTIFY
} text_align;

/* How a span of text looks. link is the caller's link index, -1 if none. */
typedef struct text_style {
	const text_stack *stack;
	double size;
	uint32_t color; /* 0xRRGGBB */
	int link;
	/* The language of the text when not the paragraph's (a BCP 47
	 * tag), or NULL: a run of its own, which tagged PDF marks. */
	const char *lang;
} text_style;

/* A piece of a paragraph in one style. A span with hard_break set is a
 * forced line break (its text is ignored). pos is where the text starts in
 * the YAML, for diagnostics. The first `verbatim` bytes of utf8 are
 * written exactly so at pos, on one line, so a character among them is at
 * column pos.col plus the characters before it; diagnostics about other
 * characters point at pos (0: none are known to be verbatim). */
typedef struct text_span {
	const char *utf8;
	size_t len;
	text_style style;
	int hard_break;
	src_pos pos;
	size_t verbatim;
} text_span;

/* Glyphs of one font and style on one line. */
typedef struct text_run {
	text_font *font;    /* the font actually used (may be a fallback) */
	text_style style;
	double x0, x1;      /* extent on the line, points from line start */
	text_glyph *glyphs; /* x relative to line start */
	size_t nglyphs;
} text_run;

typedef struct text_line {
	text_run *runs;
	size_t nruns;
	double width;    /* from line start to the end of the last glyph */
	double ascent;   /* largest ascender over runs, points, positive */
	double descent;  /* largest descender over runs, points, positive */
	int hyphenated;  /* the line ends with an inserted hyphen */
} text_line;

typedef struct text_para {
	text_line *lines;
	size_t nlines;
	int broken_words; /* a word wider than the measure was broken */
	int ragged;       /* justified, but set ragged-right: see max_space */
} text_para;

typedef struct text_para_opts {
	double measure;   /* line width, points */
	text_align align;
	const char *lang; /* BCP 47 code of the text ("en", "ru", "kk"...) */
	int hyphenate;    /* nonzero: hyphenate where it helps */
	/* A character no font of the stack has is a warning, and is left
	 * out, instead of an error. */
	int allow_missing;
	/* Add a DIAG_NOTE for each character set in a fallback font. */
	int verbose;
	/* A word wider than the measure is broken without a warning (the
	 * caller says it once for many texts: a table's column); the
	 * result's broken_words tells. */
	int quiet_words;
	/* The fewest letters an inserted hyphen leaves before and after it,
	 * by language tag ("ru", "uz-Cyrl": see text_hyphen_min):
	 * hyph_lang[i] takes hyph_before[i] and hyph_after[i]. A language
	 * not listed (or nhyph 0) takes 3 and 3 in Cyrillic, 2 and 3 in
	 * another script. */
	const char *const *hyph_lang;
	const int *hyph_before, *hyph_after;
	size_t nhyph;
	/* The widest word gap of a justified line, in normal spaces (2:
	 * twice the space); 0 for no bound. A justified paragraph that
	 * cannot keep to it is set ragged-right. */
	double max_space;
	/* No-break rules (nobreak.c) left out: TEXT_NOBREAK_* bits; 0, as a
	 * zeroed struct has it, applies them all. */
	unsigned nobreak_off;
	/* The short words that bind to the word after them, separated by
	 * spaces ("на по за"), or NULL for the built-in list of lang. */
	const char *short_words;
} text_para_opts;

/* The rules that keep two words on one line (nobreak.c); a writer's
 * no-break space (U+00A0, `\ ` in the markup) holds whatever they are. */
enum text_nobreak_rule {
	TEXT_NOBREAK_ONE_LETTER = 1,  /* after a one-letter Cyrillic word
	                               * ("в", "и") or initial ("А.") */
	TEXT_NOBREAK_SHORT_WORDS = 2, /* after a short preposition or
	                               * conjunction of the language */
	TEXT_NOBREAK_NUMBERS = 4,     /* number and unit, year word or month
	                               * ("15 лет", "10 km", "June 5") */
	TEXT_NOBREAK_ROMAN = 8,       /* a roman numeral and its noun */
	TEXT_NOBREAK_DASH = 16,       /* a dash never starts a line */
	TEXT_NOBREAK_ABBREV = 32      /* after "No.", "№", "§" */
};

/* Break spans into lines no wider than opts->measure and place every
 * glyph (alignment and justification applied to x). Break opportunities
 * follow UAX #14. A word wider than the measure is broken and gets a
 * DIAG_LAYOUT warning at its span's pos. A character missing from the
 * whole stack is a DIAG_GLYPH error at its position (a warning, and the
 * character left out, with opts->allow_missing); with opts->verbose a
 * character set in a fallback font gets a DIAG_NOTE. Each is said once
 * per paragraph (and once per position: a running head broken on every
 * page says it once). The result lives in a. Return 0, or -1 after
 * adding an error. */
int text_break_paragraph(text_para *out, arena *a, const text_span *spans,
                         size_t nspans, const text_para_opts *opts,
                         diag_list *diags);

/* ---- subsetting ---- */

/* Make a subset of f that keeps exactly the glyphs of the given code points
 * (plus .notdef), with the tables a PDF embedding needs (no layout tables).
 * On success store malloc'd bytes in *out / *outlen and return 0; on
 * failure add a DIAG_FONT error and return -1. */
int text_font_subset(const text_font *f, const uint32_t *cps, size_t ncps,
                     unsigned char **out, size_t *outlen, diag_list *diags);

#endif
