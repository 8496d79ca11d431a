/*
 * lbox.h - helpers for blocks that draw boxes of text side by side (key
 * figures, timelines, list markers): text laid out into a box's items
 * rather than as slices of the flow, measuring, and colour mixing.
 * Only src/layout/ includes this.
 */
#ifndef CAREC_LAYOUT_LBOX_H
#define CAREC_LAYOUT_LBOX_H

#include "layout/layout_internal.h"

/* Break text into lines in the band x..x+w as lpara would, but add the
 * lines' items to k (a slice's items) with the first line's top at y,
 * instead of adding slices to the flow. k must not point into f->slices,
 * which lpara may move: fill a local lslice and hand its items to a new
 * slice at the end. Store the number of lines in *nlines (may be NULL)
 * and return the height of the lines. */
double lbox_text(lflow *f, lsink k, const model_text *t,
                 const lpara_style *ps, double x, double w, double y,
                 size_t *nlines);

/* Move an item down by dy. */
void lbox_shift(lflow *f, layout_item *it, double dy);

/* The advance of the plain string s in the primary font of role and
 * style at size; 0 if the role has no font. */
double lbox_measure(lflow *f, const char *s, int role, unsigned style,
                    double size);

/* The font metrics of the primary font of role and style (zeros if the
 * role has no font). */
void lbox_metrics(lflow *f, int role, unsigned style, text_metrics *m);

/* c mixed with white: amount 0 is white, 1 is c. */
uint32_t lbox_tint(uint32_t c, double amount);

/* A filled circle of diameter d centred at (cx, cy), with a ring of
 * ring_w in ring_color (0 for none), added to k. */
void lbox_dot(lflow *f, lsink k, double cx, double cy, double d,
              uint32_t color, double ring_w, uint32_t ring_color,
              layout_role role, src_pos pos);


#endif
