/*
 * knuth_plass.h - choosing where a paragraph's lines end: Knuth and
 * Plass's total fit over boxes, glue and penalties (knuth_plass.c).
 *
 * Who may include this: src/text/break.c only, which turns spans into
 * the items below and places the glyphs of the lines chosen. Nothing
 * here knows of fonts, code points or diagnostics.
 */
#ifndef CAREC_TEXT_KNUTH_PLASS_H
#define CAREC_TEXT_KNUTH_PLASS_H

#include <stddef.h>
#include <stdint.h>

#include "text/break.h"
#include "text/text.h"

/* Rounding allowed when checking that a line fits, points. */
#define FIT_EPS 0.005

typedef enum kp_item_type {
	KP_BOX,
	KP_GLUE,
	KP_PENALTY
} kp_item_type;

/* One item, as Knuth and Plass: a box (a piece of a word), glue (a
 * space) or a penalty (a place to break, maybe with a hyphen). c0, c1,
 * hfont and hspan are the caller's, for placing glyphs; the breaker only
 * carries them. */
typedef struct kp_item {
	kp_item_type type;
	int breakable; /* glue: a legal break */
	int flagged;   /* penalty: hyphen-like, for the hyphen demerits */
	int forced;    /* penalty: a hard break or the paragraph's end */
	double w, stretch, shrink, penalty;
	size_t c0, c1;   /* code points covered */
	text_font *hfont; /* penalty: the hyphen's font, NULL if none shown */
	uint32_t hspan;   /* penalty: the span whose style the hyphen takes */
} kp_item;

/* One chosen line: content items [first, b), broken at item b, and its
 * adjustment ratio (how much its glue stretches, < 0 shrinks). */
typedef struct kp_line {
	size_t first, b;
	double ratio;
} kp_line;

/* A paragraph's items, ready to be broken. */
typedef struct kp_para {
	const kp_item *items; /* borrowed */
	size_t nitems;
	double measure;        /* line width, points */
	int justify;           /* glue stretches and shrinks */
	double ragged_stretch; /* a ragged line's virtual stretch, points */
	/* The loosest adjustment ratio a justified line other than one
	 * ending in a forced break may have (INFINITY: no bound). A
	 * paragraph that cannot keep to it is set ragged-right. */
	double max_ratio;
	double *sw, *sst, *ssh; /* prefix sums over items: [0, i) */
} kp_para;

/* At most this many lines in a row end in a flagged penalty (a hyphen):
 * the total fit never chooses one more. */
#define KP_HYPHEN_RUN_MAX 2

/* Make p ready to break items[0..nitems), which it borrows (they must
 * outlive p): the prefix sums of widths, stretch and shrink. max_ratio
 * starts unbounded. Aborts only when out of memory. Free with
 * text_kp_free. */
void text_kp_init(kp_para *p, const kp_item *items, size_t nitems,
                  double measure, int justify, double ragged_stretch);

/* Free what text_kp_init allocated (a zeroed p is fine). */
void text_kp_free(kp_para *p);

/* Choose the lines with how, store them in *lines (malloc'd, the caller
 * frees; NULL when there are no items) and their count in *n, and return
 * their total demerits. A total fit keeps to the rules: no more than
 * KP_HYPHEN_RUN_MAX hyphenated lines in a row, no line after a flagged
 * break ending in a forced one (a paragraph's last line never starts
 * with the tail of a word), no justified line looser than max_ratio.
 * When no justified path keeps to them, the paragraph is set
 * ragged-right (*ragged set: place its lines at natural width); when no
 * path does at all, first fit (ragged too when max_ratio bounds the
 * lines). *ragged is 0 otherwise. Never fails. */
double text_kp_choose(const kp_para *p, text_breaker how, kp_line **lines,
                      size_t *n, int *ragged);

#endif
