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
 * Adding a block type: one line in blocks.def, one parser file
 * src/model/block_NAME.c, one layout file src/layout/block_NAME.c.
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

typedef struct model_list {
	int numbered;       /* 0: bullets, 1: 1. 2. 3. */
	int start;          /* first number */
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

typedef struct model_callout {
	model_text title;   /* nruns == 0 when absent */
	model_text text;
} model_callout;

typedef struct model_spacer {
	double height;      /* points */
} model_spacer;

struct model_block {
	model_block_kind kind;
	src_pos pos;
	const char *id;     /* for links; NULL */
	int keep_together;
	int page_break_before;
	union {
		model_heading heading;
		model_paragraph paragraph;
		model_list list;
		model_quote quote;
		model_callout callout;
		model_spacer spacer;
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
	model_zone header, footer;
	src_pos pos;
} model_theme;

/* ---- document ---- */

typedef struct model_doc {
	arena mem;          /* owns everything in the model */
	const char *source; /* path of the report file */
	const char *title, *subtitle, *author, *subject, *keywords;
	const char *lang;   /* the language shown */
	model_theme theme;
	model_blocks blocks;
} model_doc;

typedef struct model_options {
	const char *lang;   /* --lang, or NULL for the document's language */
	/* Which files paths may name (util/paths.h); NULL: any that exists. */
	const struct path_policy *policy;
} model_options;

/* Validate the tree at root and build a model. All errors are collected
 * in one run (not only the first). On success store the model in *out and
 * return 0; if any error was added return -1 and *out is NULL. */
int model_build(model_doc **out, const node *root, const model_options *opt,
                diag_list *diags);

void model_free(model_doc *doc);

/* Built-in strings, translated into en, ru, kk, ky, tg, uz and tk. */
typedef enum model_string {
	MODEL_STR_PAGE_OF,   /* "Page {page} of {pages}" */
	MODEL_STR_CONTENTS,  /* "Contents" */
	MODEL_STR_FIGURE     /* "Figure" */
} model_string;

/* The string in lang, or in English for a language we lack. */
const char *model_builtin(const char *lang, model_string which);

/* The block type's YAML name ("paragraph"). */
const char *model_block_name(model_block_kind kind);

#endif
