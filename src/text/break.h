/*
 * break.h - internals of the paragraph engine exposed for tests.
 *
 * Who may include this: src/text/ and tests only. Layout and render use
 * text.h. Nothing here pulls in HarfBuzz or ICU.
 */
#ifndef CAREC_TEXT_BREAK_H
#define CAREC_TEXT_BREAK_H

#include <stddef.h>

#include "text/text.h"

/* How text_break_demerits chooses the breaks. */
typedef enum text_breaker {
	TEXT_BREAK_TOTAL_FIT, /* Knuth-Plass optimum, as text_break_paragraph */
	TEXT_BREAK_GREEDY,    /* first fit: each line takes all it can hold */
	TEXT_BREAK_TOTAL_FIT_FULL /* the same optimum by the full search only,
	                           * without the fast first search or the
	                           * one-line shortcut (tests) */
} text_breaker;

/* Break spans as text_break_paragraph would, with the given breaker, and
 * store the total demerits of the chosen lines (same demerit function for
 * both breakers) in *demerits and their count in *nlines. Return 0, or -1
 * after adding an error to diags. */
int text_break_demerits(const text_span *spans, size_t nspans,
                        const text_para_opts *opts, text_breaker how,
                        double *demerits, size_t *nlines, diag_list *diags);

/* Write the text of spans to out with a mark at every place inside a
 * word where text_break_paragraph may end a line: '-' where it would
 * show a hyphen (hyphenation points, soft hyphens, which are not
 * written), '|' where not (after a hyphen or dash written in the text,
 * inside an overlong word). Return 0, or -1 after adding an error to
 * diags. */
int text_break_points(const text_span *spans, size_t nspans,
                      const text_para_opts *opts, buf *out, diag_list *diags);

/* How many words f's shaping cache answered from memory (*hits) and how
 * many it had to shape (*misses). */
void text_font_cache_stats(const text_font *f, size_t *hits, size_t *misses);

#endif
