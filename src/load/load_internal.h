/*
 * load_internal.h - shared between the files of src/load/ only.
 *
 * srcmap.c checks a source text before libyaml sees it and turns libyaml's
 * marks into positions; syntax.c explains libyaml's parse errors in plain
 * language; load.c drives files, includes and the node tree.
 */
#ifndef CAREC_LOAD_INTERNAL_H
#define CAREC_LOAD_INTERNAL_H

#include <stddef.h>

#include <yaml.h>

#include "load/load.h"
#include "util/diag.h"

/*
 * Positions come from mark.index (which counts characters) through our own
 * table of '\n' line starts, not from mark.line/mark.column: libyaml also
 * breaks lines at a lone CR, U+0085, U+2028 and U+2029, the diagnostic
 * printer does not, and both must agree on what "line 12" is. A line
 * ends at a '\n', a "\r\n" or a lone '\r' (a classic Mac OS file), as in
 * diag.c.
 *
 * A character index becomes a byte offset through a checkpoint every
 * SRCMAP_MARK_EVERY characters (none for an ASCII text, where the two are
 * the same), so that no position costs a walk from its line's start: a
 * report written on one line (minified JSON) has thousands of nodes on
 * it.
 */
#define SRCMAP_MARK_EVERY 128

typedef struct srcmap {
	const char *path;   /* registered path, used in every src_pos */
	const char *text;   /* the text libyaml parses (BOM skipped); borrowed */
	size_t len;
	size_t *line_char;  /* character index where each line starts */
	size_t *line_byte;  /* byte offset where each line starts */
	size_t nlines;
	size_t nchars;     /* characters in text */
	size_t *mark_byte; /* byte offset of character k * SRCMAP_MARK_EVERY;
	                    * NULL when the text is ASCII */
	size_t nmarks;
	int invisible; /* the text holds a character utf8_invisible_name
	                * names */
} srcmap;

/* Check text (valid UTF-8, no NUL, no control character YAML forbids) and
 * build the line table. On a problem add one error and return -1; m then
 * needs no srcmap_free. path must be the registered path. */
int srcmap_init(srcmap *m, const char *path, const char *text, size_t len,
                diag_list *diags);

/* Free the line table. */
void srcmap_free(srcmap *m);

/* The position of a character index (libyaml's mark.index). */
src_pos srcmap_pos(const srcmap *m, size_t char_index);

/* The position of a byte offset into m->text. */
src_pos srcmap_pos_byte(const srcmap *m, size_t byte);

/* The byte offset of a character index, and the other way round (both
 * clamped to the text): a lookup and a walk of at most SRCMAP_MARK_EVERY
 * characters. */
size_t srcmap_char_byte(const srcmap *m, size_t char_index);
size_t srcmap_byte_char(const srcmap *m, size_t byte);

/* The byte offset of a position (clamped to the text). */
size_t srcmap_offset(const srcmap *m, src_pos pos);

/* The bytes of 1-based line (without its line break) in *start and *len;
 * return 0 when there is no such line. */
int srcmap_line(const srcmap *m, int line, const char **start, size_t *len);

/* Map the scalar n written over several lines from byte b (its content,
 * or its | or > indicator) to byte e of m->text: fill n->lines (in a)
 * when every source line's text is found in n->str in order, as folding
 * leaves it; otherwise leave it NULL. Linear in the scalar's length. */
void load_scalar_lines(arena *a, const srcmap *m, node *n, size_t b, size_t e);

/* What the tree builder remembers about the last quoted scalar, because a
 * quote that is never closed often shows up only lines later. */
typedef struct quote_hint {
	int valid;
	src_pos start;  /* the opening quote */
	int end_line;   /* line of the closing quote */
} quote_hint;

/* Add one DIAG_YAML_SYNTAX error for the failed parser p, explained for
 * non-programmers, with libyaml's own words kept in the note. */
void load_syntax_error(const srcmap *m, const yaml_parser_t *p,
                       const quote_hint *q, diag_list *diags);

#endif
