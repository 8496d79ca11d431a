/*
 * model_internal.h - what the files of src/model/ share: the validation
 * context and the typed getters that turn nodes into values, each adding a
 * diagnostic at the node's position when the value is wrong. Only
 * src/model/ includes this.
 */
#ifndef CAREC_MODEL_INTERNAL_H
#define CAREC_MODEL_INTERNAL_H

#include "model/model.h"

typedef struct manchors manchors; /* anchors.c */

typedef struct model_ctx {
	arena *mem;          /* the model's arena */
	diag_list *diags;
	const char *lang;    /* language shown */
	const char *doc_lang;/* the document's own language (fallback) */
	int lang_bad;        /* 'language:' was wrong, and said so: a language
	                      * map gives its first text without a word */
	const struct path_policy *policy; /* may be NULL */
	int in_columns;      /* 1 inside columns, 2 inside panels */
	struct mdata *data;  /* the report's 'data:' (data.c); NULL: none */
	manchors *anchors;   /* links to headings, and the headings' ids */
} model_ctx;

/* A block type: its YAML name, the keys it takes besides its own name and
 * the common ones, and its parser. value is the node under the type key
 * (NULL for a bare word such as "- page-break"). Return 0, or -1 after
 * adding an error. */
typedef struct model_block_spec {
	const char *name;
	const char *const *keys;  /* NULL-terminated */
	int needs_value;          /* 0: "- page-break" alone is fine */
	int (*parse)(model_ctx *c, const node *block, const node *value,
	             model_block *out);
} model_block_spec;

#define BLOCK(kind, name, file) extern const model_block_spec file;
#include "model/blocks.def"
#undef BLOCK

/* ---- links to headings (anchors.c) ---- */

/* An empty set of links and ids (for model_ctx.anchors; never NULL). */
manchors *manchors_new(void);
/* A link to the heading with id (len bytes, without its '#'), at pos. */
void manchor_link(model_ctx *c, const char *id, size_t len, src_pos pos);
/* A heading with the id. */
void manchor_target(model_ctx *c, const char *id);
/* Add an error at each link to an id no heading has: 0, or -1 if any.
 * Called once the whole content has been read. */
int manchors_check(model_ctx *c);
/* Forget the links and ids (a report read again); free them all. */
void manchors_clear(manchors *a);
void manchors_free(manchors *a);

/* ---- checking nodes ---- */

/* Nonzero if n is a null scalar (empty, ~ or null, unquoted). */
int mnode_is_null(const node *n);

/* Require a mapping (a list, a scalar that is not null): return 0, or -1
 * after adding "expected WHAT, got a list". */
int mexpect_map(model_ctx *c, const node *n, const char *what);
int mexpect_seq(model_ctx *c, const node *n, const char *what);
int mexpect_scalar(model_ctx *c, const node *n, const char *what);

/* Report every key of map n not in keys (NULL-terminated) as unknown, with
 * "did you mean" when a known key is close. where names the mapping for
 * the message ("in the theme's page settings"). */
void mcheck_keys(model_ctx *c, const node *n, const char *const *keys,
                 const char *where);

/* The closest of the candidates to word, or NULL if none is close. */
const char *mclosest(const char *word, const char *const *candidates);

/* Add a note after an error about a language code: "did you mean 'ru'?"
 * when code is close to one of model_languages, else the list of them. */
void mlanguage_note(model_ctx *c, const char *code);

/* The first language the document settings declare (languages: [...]),
 * or NULL (languages.c). */
const char *mlanguages_first(const node *root);
/* Check the document's 'languages' list; shown is --lang (NULL: none),
 * which gets a warning when it is not in the list. */
void mlanguages_check(model_ctx *c, const node *root, const char *shown);

/* Add a missing-key error at map n, unless n holds a misspelling of key
 * (a key close to it that is not one of known, the keys n may hold): that
 * was reported with "did you mean" already. */
void mmissing(model_ctx *c, const node *n, const char *key,
              const char *const *known, const char *where,
              const char *example);

/* ---- typed values; each returns 0 and stores, or -1 after an error ---- */

/* A plain string in the shown language (language maps resolved). */
int mget_string(model_ctx *c, const node *n, const char **out);
/* The same, and in *lang the language of the text when a language map
 * had none in the shown language and its fallback was taken (else NULL;
 * see model_inline.lang). */
int mget_string_lang(model_ctx *c, const node *n, const char **out,
                     const char **lang);
/* The alternative text of a picture block, 'alt:' n (NULL when absent),
 * into *alt and *lang (alt.c). */
int mget_alt(model_ctx *c, const node *n, const char **alt, const char **lang);
/* A missing 'alt:' on a block of the picture kind what ("image"), at
 * the block's position pos: a warning that says what to write (alt.c). */
void malt_missing(model_ctx *c, src_pos pos, const char *what);
/* Rich text with inline markup, in the shown language. */
int mget_text(model_ctx *c, const node *n, model_text *out);
int mget_bool(model_ctx *c, const node *n, int *out);
int mget_int(model_ctx *c, const node *n, long min, long max, long *out);
int mget_number(model_ctx *c, const node *n, double min, double max,
                double *out);
/* A length with a unit (mm, cm, pt, in), in points. */
int mget_length(model_ctx *c, const node *n, double min, double max,
                double *out);
/* A colour "#RRGGBB" or "#RGB". */
int mget_colour(model_ctx *c, const node *n, uint32_t *out);
/* One of the names (NULL-terminated); stores its index. */
int mget_enum(model_ctx *c, const node *n, const char *const *names,
              int *out);
/* "left", "center" or "right" (images, drawings, logos, table columns). */
int mget_align(model_ctx *c, const node *n, model_align *out);
/* A file path, resolved relative to the folder of the file n is in and
 * checked against the path policy (a file that does not exist passes:
 * the stage that opens it reports it). what names the kind of file for
 * messages ("font", "image"). */
int mget_path(model_ctx *c, const node *n, const char *what,
              const char **out);
/* The same, or a map of languages of paths (a drawing with words in it,
 * one file per edition): the path of the language shown, the document's
 * language's with a warning when it has none. *pos is where the chosen
 * path is written. */
int mget_path_lang(model_ctx *c, const node *n, const char *what,
                   const char **out, src_pos *pos);

/* ---- data references (data.c) ---- */

/* Read the report's 'data:' (a map of names to whole numbers or texts,
 * or a list of such maps) into c->data. n may be NULL (no data). Return
 * 0, or -1 after adding errors. */
int mdata_parse(model_ctx *c, const node *n);

/* Replace every {{ expression }} in s[0..len) (the text of scalar n) by
 * its value; a backslash before {{ writes {{ itself. Store the result
 * (s itself when there is nothing to replace, else a copy in the arena)
 * in *out and *out_len. Return 0, or -1 after adding an error at the
 * expression's position. */
int mdata_expand(model_ctx *c, const node *n, const char *s, size_t len,
                 const char **out, size_t *out_len);

/* Parse inline markup in s[0..len) (from node n) into runs. lang is the
 * language of the text when it is not the one shown (a language map's
 * fallback; see model_inline.lang), else NULL. */
int minline_parse(model_ctx *c, const node *n, const char *s, size_t len,
                  const char *lang, model_text *out);

/* ---- sections ---- */

int mtheme_parse(model_ctx *c, const node *n, model_theme *out);
/* The report's 'theme:' n: an installed theme's name, a map that starts
 * from one ('base: carec'), or a map of settings (theme_named.c). 0, or
 * -1 after errors. */
int mtheme_read(model_ctx *c, const node *n, model_theme *out);
/* A header or footer: left, center and right texts (nothing turns it
 * off). */
void mtheme_zone(model_ctx *c, const node *n, model_zone *z);
void mtheme_defaults(model_theme *t);
/* The theme's key lists (model_keys for the MODEL_KEYS_THEME ones). */
const char *const *mtheme_keys(model_keys_of which);
/* The theme's colour k, to set (theme.c). */
uint32_t *mtheme_colour_ref(model_theme *t, model_colour k);
/* The named colours ('colours:', theme_colours.c): defaults sets the
 * print value of each default colour; parse reads n (NULL when the theme
 * has none), each colour "#rrggbb" or {rgb:, cmyk:}. */
void mtheme_colours_defaults(model_theme *t);
void mtheme_colours_parse(model_ctx *c, const node *n, model_theme *t);
/* The theme's table section (block_table.c). Defaults set the fixed
 * values; parse derives the fills from the theme's colours, then reads n
 * (NULL when the theme has no 'table:'). */
void mtheme_table_defaults(model_theme *t);
void mtheme_table_parse(model_ctx *c, const node *n, model_theme *t);
/* The theme's 'paragraphs:' section (theme_paragraphs.c): defaults set
 * the widow and orphan lines every report gets; parse reads n (NULL when
 * the theme has none) and says what is wrong with a bad value. */
void mtheme_paragraphs_defaults(model_theme *t);
void mtheme_paragraphs_parse(model_ctx *c, const node *n, model_theme *t);

/* The theme's 'hyphenation:' and 'word-spacing:' (theme_typeset.c): their
 * defaults, then the theme's settings read over them (hyph and spacing
 * may be NULL: not given). Errors are added to c. */
void mtheme_typeset_defaults(model_theme *t);
void mtheme_typeset_parse(model_ctx *c, const node *hyph, const node *spacing,
                          model_theme *t);

/* The theme's 'no-break:' section (theme_nobreak.c); n may be NULL (all
 * rules on). Return 0, or -1 after an error. */
int mtheme_nobreak_parse(model_ctx *c, const node *n, model_theme *t);
/* The theme's print section (theme_print.c): the defaults every report
 * prints with, then n (NULL when the theme has no 'print:'). */
void mtheme_print_defaults(model_print *p);
void mtheme_print_parse(model_ctx *c, const node *n, model_print *p);
/* The theme's text-on-background colour pairs against WCAG 2's contrast
 * (theme_contrast.c): a warning for each pair under 4.5:1 (3:1 for large
 * text) that the theme n sets a colour of, once t is read. */
void mtheme_contrast_check(model_ctx *c, const node *n, const model_theme *t);
int mblocks_parse(model_ctx *c, const node *n, model_blocks *out);
/* A block's "span: all" (block_columns.c): only inside columns. Return
 * 0, or -1 after an error. */
int mspan_parse(model_ctx *c, const node *n, model_block *out);

/* Page templates and covers (pages.c): defaults, the theme's background,
 * front-matter, cover, back-cover and watermark keys, and the document's
 * cover, back-cover and page-numbering keys. */
void mtemplates_defaults(model_templates *t);
void mtemplates_parse(model_ctx *c, const node *theme, model_templates *t);
void mpages_parse(model_ctx *c, const node *doc, model_pages *p);
/* A page-numbering style name and start number (either node may be NULL,
 * leaving its value). Return 0, or -1 after an error. */
int mpage_numbering(model_ctx *c, const node *style, const node *start,
                    model_pagenum *out_style, int *out_start);

#endif
